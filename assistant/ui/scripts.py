"""The few scripts the browser runs without a server round trip: opening a cited source, bringing
the verdict into view on a phone, the question's character counter and "Copy answer".

Each is a JavaScript string handed to Gradio (``js_on_load`` of an HTML component or ``js=`` of
an event). None sends anything anywhere; the server still checks everything it is sent.
"""

from __future__ import annotations

# A click on an [n] marker, anywhere on the page, opens that source. The source is looked up in the
# marker's own tab, so the Chat and Evaluate tabs' "source-1" do not collide, and a transcript
# answer's markers reach its own "t<turn>-source-n". On a phone (< 700 px) a marker in the verdict
# card opens a copy of the source in place, under the line that cites it, with a button that
# closes it; elsewhere the page scrolls to the source, opening any "More sources" fold around it,
# and the source gets a "Back to the answer" link to the marker. Installed once per page.
OPEN_SOURCE_JS = """
if (!window.__scSources) {
  window.__scSources = true;
  const inPlace = (link, source) => {
    const host = link.closest('li, p') || link.parentElement;
    const id = source.id;
    const open = host.querySelector(`.sc-inline[data-source="${id}"]`);
    host.querySelectorAll('.sc-inline').forEach((p) => p.remove());
    if (open) { link.focus(); return; }
    const panel = document.createElement('div');
    panel.className = 'sc-inline';
    panel.dataset.source = id;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'source ' + link.textContent);
    const copy = source.cloneNode(true);
    copy.removeAttribute('id');
    copy.open = true;
    copy.querySelectorAll('.sc-back').forEach((b) => b.remove());
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'sc-inline-close';
    close.textContent = '✕ Close source ' + link.textContent;
    close.addEventListener('click', () => { panel.remove(); link.focus(); });
    panel.append(copy, close);
    host.append(panel);
    panel.scrollIntoView({block: 'nearest'});
    close.focus({preventScroll: true});
  };
  const jump = (link, source) => {
    for (let fold = source.parentElement.closest('details'); fold; fold = fold.parentElement.closest('details')) {
      fold.open = true;
    }
    source.open = true;
    let back = source.querySelector(':scope > .sc-back');
    if (!back) {
      back = document.createElement('a');
      back.className = 'sc-back';
      back.href = '#';
      back.textContent = '↩ Back to the answer';
      source.append(back);
    }
    back.onclick = (e) => { e.preventDefault(); link.scrollIntoView({block: 'center'}); link.focus(); };
    source.scrollIntoView({block: 'center'});
    const summary = source.querySelector('summary');
    if (summary) summary.focus({preventScroll: true});
  };
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.sc-ref');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const id = link.getAttribute('href').slice(1);
    const tab = link.closest('.tabitem, [role="tabpanel"]');
    const source = (tab && tab.querySelector(`[id="${id}"]`)) || document.getElementById(id);
    if (!source) return;
    if (window.innerWidth < 700 && link.closest('.sc-card')) inPlace(link, source);
    else jump(link, source);
  }, true);
}
"""
# On a phone the page header pushes the card down: bring the verdict to the top of the screen.
SHOW_VERDICT_JS = """() => { const card = document.getElementById('sc-verdict');
  if (card && window.innerWidth < 700) card.scrollIntoView({block: 'start'}); }"""
# Counts in the browser as the officer types (no server round trip); the server still refuses past the limit.
COUNT_JS = """(text) => { const out = document.getElementById('sc-count-text'); if (!out) return;
  const n = (text || '').length, limit = LIMIT;
  out.textContent = `${n.toLocaleString('en-US')} / ${limit.toLocaleString('en-US')} characters`
    + (n >= limit ? ' — at the limit: shorten the question' : ''); }"""
COPY_JS = """() => {
  const source = document.querySelector('#sc-verdict .sc-copy-text');
  const button = document.getElementById('sc-copy');
  if (!source) return;
  const text = source.textContent;
  const done = (ok) => { if (!button) return; const old = 'Copy answer';
    button.textContent = ok ? '✓ Copied' : 'Copy failed: select the text';
    setTimeout(() => { button.textContent = old; }, 2000); };
  const fallback = () => { const area = document.createElement('textarea'); area.value = text;
    area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select(); let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove(); done(ok); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => done(true), fallback);
  } else { fallback(); }
}"""
