"""Answer → what the officer sees: the verdict card, the sources, "Why this answer", the copy text.

The card reads top to bottom in the order an officer needs it on a phone (issue 6): the verdict as
a coloured badge with icon and word (never colour alone; every colour pair ≥ 4.5:1, see
``contrast_ratio``), the one-line summary, a caution when the answer rests on secondary/unverified
sections, "What to do" as a checklist, the reasons with ``[n]`` links that open the source. All
functions return escaped HTML/text built only from the Answer; none raises on a well-formed Answer.
"""

from __future__ import annotations

import html
import re

from assistant.domain import VERDICT_LABELS, Answer, Citation
from assistant.knowledge.badges import NO_STATUS_KINDS, badge, legend
from assistant.knowledge.corpus import STATUS_LABELS
from assistant.ui.passages import claim_for, passage_html

# Plain symbols that ship with common fonts (emoji fonts are often missing on police workstations).
ICONS = {"permitted": "✔", "prohibited": "✖", "review": "⚠", "info": "ℹ", "out_of_scope": "↪"}
# (background, text) of each verdict badge; tests/test_card.py checks every pair is ≥ 4.5:1 (WCAG AA).
VERDICT_COLOURS = {"prohibited": ("#b00020", "#ffffff"), "permitted": ("#0b6e2e", "#ffffff"),
                   "review": ("#ffd24d", "#111111"), "info": ("#1f4e99", "#ffffff"),
                   "out_of_scope": ("#4a4a4a", "#ffffff")}
# Badge words come from corpus/badges.yaml (one place, shared with the legend and the CLI).
PROVENANCE = {"verified": (badge("verified"), "#d9f2e1", "#0b4d24"),
              "secondary": (badge("secondary"), "#fff0c2", "#5c4200"),
              "unverified": (badge("unverified"), "#fbd9d9", "#7a0b0b"),
              "explanation": (badge("explanation"), "#e3e8f4", "#1f3b73")}
CAUTION_COLOURS = ("#fff4cc", "#3d2e00")
MARKER = re.compile(r"\[(\d+)\]")
EMPTY_SOURCES = "<p class='sc-empty'>Sources appear here with each answer.</p>"


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 … 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, bl = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _inline(text: str) -> str:
    """Escape ``text``, keep **bold**, and turn ``[n]`` into a link that opens source n."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return _link_markers(out)


def _link_markers(text: str, anchor: str = "source") -> str:
    """Each ``[n]`` in ``text`` as a link to the element ``{anchor}-{n}`` (ui/scripts.py opens it)."""
    return MARKER.sub(lambda m: f"<a class='sc-ref' href='#{anchor}-{m.group(1)}' aria-label='source {m.group(1)}'>"
                                f"[{m.group(1)}]</a>", text)


def _block(answer: Answer, heading: str) -> list[str]:
    """The bullet lines under ``**heading:**`` in the assembled answer (they carry the [n] markers)."""
    lines = answer.answer.splitlines()
    try:
        start = lines.index(f"**{heading}:**") + 1
    except ValueError:
        return []
    out = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        out.append(line[2:].strip())
    return out


def _reason_lines(answer: Answer) -> list[str]:
    labels = {c.n: c.label for c in answer.citations}
    out = []
    for r in answer.reasons:
        marks = "".join(f"[{n}]" for n in r.citations)
        lead = f"{labels[r.citations[0]]}: " if answer.verdict == "info" and r.citations else ""
        out.append(f"{lead}{r.text} {marks}".strip())
    return out


def weak_citations(answer: Answer) -> list[int]:
    """Numbers of the deciding citations (Citation.role) whose provenance is secondary or unverified:
    the ones that make an answer say "confirm with Legal Bureau". A supporting source never does."""
    return [c.n for c in answer.citations if c.role == "deciding" and c.provenance != "verified" and c.origin is None]


def verdict_html(answer: Answer, turn: int = 0, meta: dict[str, tuple[str, str]] | None = None) -> str:
    """The verdict card. ``turn`` numbers the answer in its chat (``data-turn``, so a test can wait for
    a new card); ``meta`` maps doc_id → (kind, status) for the "not in force" notes."""
    label = VERDICT_LABELS[answer.verdict]
    parts = [f"<section class='sc-card sc-card-{answer.verdict}' data-turn='{turn}' data-verdict='{answer.verdict}' "
             f"aria-label='Answer: {html.escape(label)}'>",
             f"<div class='sc-head'><p class='sc-badge' role='status'><span class='sc-icon' aria-hidden='true'>"
             f"{ICONS[answer.verdict]}</span> {html.escape(label)}</p>"
             f"<p class='sc-summary'>{_inline(answer.summary)}</p></div><div class='sc-body'>"]
    weak = weak_citations(answer)
    if weak:
        named = "; ".join(f"{html.escape(c.label)} {_inline(f'[{c.n}]')} ({c.provenance})"
                          for c in answer.citations if c.n in weak)
        parts.append(f"<p class='sc-caution' role='note'><span aria-hidden='true'>⚠</span> "
                     f"<strong>Confirm with Legal Bureau.</strong> The verdict rests on a source not checked "
                     f"against the official text: {named}.</p>")
    if len(answer.requests) > 1:
        # Several requests in one question: each one's verdict, before anything is done about any.
        items = "".join(
            f"<li><span class='sc-mini sc-mini-{html.escape(str(r['verdict']))}'>{ICONS.get(str(r['verdict']), '')} "
            f"{html.escape(VERDICT_LABELS.get(str(r['verdict']), str(r['verdict'])))}</span> "
            f"<span class='sc-req-words'>“{html.escape(str(r['words']).rstrip('.?!,;'))}”</span> — "
            f"{_inline(str(r['summary']))}</li>" for r in answer.requests)
        parts.append(f"<h3 class='sc-h'>Each request ({len(answer.requests)})</h3><ul class='sc-requests'>{items}</ul>")
    todo = _block(answer, "What to do") or list(answer.actions)
    if todo:
        items = "".join(f"<li><label><input type='checkbox'> <span>{_inline(t)}</span></label></li>" for t in todo)
        parts.append(f"<h3 class='sc-h'>What to do</h3><ul class='sc-checklist'>{items}</ul>")
    reasons = _reason_lines(answer)
    if reasons:
        heading = "From the sources" if answer.verdict == "info" else "Why"
        parts.append(f"<h3 class='sc-h'>{heading}</h3><ol class='sc-reasons'>"
                     + "".join(f"<li>{_inline(r)}</li>" for r in reasons) + "</ol>")
    depends = _block(answer, "It depends")
    if depends:
        parts.append("<h3 class='sc-h'>It depends</h3><ul class='sc-depends'>"
                     + "".join(f"<li>{_inline(d)}</li>" for d in depends) + "</ul>")
    if answer.verdict == "out_of_scope":
        parts.append(f"<p>{_inline(answer.answer.removeprefix('**Outside scope.** '))}</p>")
    for c in answer.citations:
        kind, status = (meta or {}).get(c.doc_id, ("", "in-force"))
        if status not in ("in-force", "in-force-challenged") and kind not in NO_STATUS_KINDS:
            parts.append(f"<p class='sc-note'>Note: {html.escape(c.label)} is "
                         f"<strong>{STATUS_LABELS.get(status, status)}</strong>, not binding law {_inline(f'[{c.n}]')}."
                         "</p>")
    parts.append(f"<pre class='sc-copy-text' hidden>{html.escape(plain_text(answer))}</pre></div></section>")
    return "".join(parts)


def failure_html(error: str, turn: int = 0) -> str:
    """The card shown when no checked answer could be made (e.g. a citation failed its check): the
    "Needs review" colours, and a plain instruction not to act on ShareCheck for this question."""
    return (f"<section class='sc-card sc-card-review' data-turn='{turn}' data-verdict='error' aria-label='No answer'>"
            f"<div class='sc-head'><p class='sc-badge' role='status'><span class='sc-icon' aria-hidden='true'>"
            f"{ICONS['review']}</span> No checked answer</p><p class='sc-summary'>Do not act on ShareCheck for this "
            f"question: ask your supervisor or the Legal Bureau.</p></div><div class='sc-body'><p class='sc-dim'>"
            f"ShareCheck could not assemble an answer whose every sentence resolves to a source "
            f"({html.escape(error)}). Rephrasing the question may help.</p></div></section>")


def plain_text(answer: Answer) -> str:
    """The answer as plain text for "Copy answer": verdict, summary, what to do, why, sources with links."""
    lines = [f"ShareCheck: {VERDICT_LABELS[answer.verdict]}", re.sub(r"\*\*", "", answer.summary)]
    if len(answer.requests) > 1:
        lines += ["", "Each request:"] + [f"- {VERDICT_LABELS.get(str(r['verdict']), r['verdict'])}: "
                                          f"“{str(r['words']).rstrip('.?!,;')}” — {r['summary']}"
                                          for r in answer.requests]
    todo = _block(answer, "What to do") or list(answer.actions)
    if todo:
        lines += ["", "What to do:"] + [f"- {t}" for t in todo]
    reasons = _reason_lines(answer)
    if reasons:
        lines += ["", "Why:"] + [f"- {re.sub(r'[*]{2}', '', r)}" for r in reasons]
    depends = _block(answer, "It depends")
    if depends:
        lines += ["", "It depends:"] + [f"- {d}" for d in depends]
    if answer.citations:
        lines += ["", "Sources:"] + [f"[{c.n}] {c.label} ({_kind_words(c)}) {c.source_url} ({c.source_label})"
                                     + (f"\n    {badge('guidance')}: {c.guidance}" if c.guidance else "")
                                     for c in answer.citations]
    weak = weak_citations(answer)
    if weak:
        named = "; ".join(f"{c.label} [{c.n}] ({c.provenance})" for c in answer.citations if c.n in weak)
        lines += ["", f"The verdict rests on sources not checked against the official text ({named}): "
                      "confirm with Legal Bureau."]
    lines += ["", "Guidance, not legal advice; the official text governs."]
    return "\n".join(lines)


def _kind_words(c: Citation) -> str:
    """``verified`` for a restatement; ``ShareCheck explanation`` (plus a weak provenance) for the glossary."""
    if c.quote_kind != "explanation":
        return c.provenance
    return badge("explanation").split(" ", 1)[-1] + ("" if c.provenance == "verified" else f"; {c.provenance}")


def literal_markdown(text: str) -> str:
    """``text`` as Markdown that renders as typed: HTML tags shown as text, and Markdown's marks
    (``#``, ``*``, ``[…](…)``, ``>`` …) escaped, so the asker's question is never markup or a link."""
    escaped = html.escape(text, quote=False)
    # ":" too, so a bare URL is not turned into a link.
    return re.sub(r"([\\`*_{}\[\]#+\-!|~>:])", r"\\\1", escaped)


def verdict_line(answer: Answer) -> str:
    """One Markdown line for the transcript: icon, verdict word, summary."""
    return f"{ICONS[answer.verdict]} **{VERDICT_LABELS[answer.verdict]}**  \n{answer.summary}"


def card_markdown(answer: Answer, turn: int = 0, meta: dict[str, tuple[str, str]] | None = None) -> str:
    """The chat transcript message: badge line, then the assembled answer (which opens with the label).

    With ``turn`` (the answer's number in its chat) the message carries its own sources, with ids
    ``t{turn}-source-{n}``, and its ``[n]`` markers link to them: an earlier answer keeps pointing at
    what it cited, not at the newest answer's sources (issue 12)."""
    head = f"{ICONS[answer.verdict]} **{VERDICT_LABELS[answer.verdict].upper()}**"
    body = answer.answer.removeprefix(f"**{VERDICT_LABELS[answer.verdict]}.** ")
    if not turn:
        return f"{head}\n\n{body}"
    anchor = f"t{turn}-source"
    body = _link_markers(body, anchor)
    sources = "".join(source_html(answer, c, meta, anchor=anchor) for c in answer.citations)
    return f"{head}\n\n{body}" + (f"\n\n**Sources of this answer**\n\n<div class='sc-sources'>{sources}</div>"
                                   if sources else "")


def sources_html(answer: Answer, meta: dict[str, tuple[str, str]] | None = None) -> str:
    """One expandable block per citation: [n] label, provenance badge, kind/status, passage, official link."""
    if not answer.citations:
        return "<p class='sc-empty'>No sources: this answer makes no legal claim.</p>"
    lead, more = split_sources(answer)
    parts = ["<div class='sc-sources'><h3 class='sc-h'>Sources</h3>"]
    parts += [source_html(answer, c, meta) for c in lead]
    if more:
        # What only supports the answer (later reasons, steps, notes, See also) waits behind one fold;
        # an [n] marker that points into it opens the fold too (OPEN_SOURCE_JS).
        parts.append(f"<details class='sc-more'><summary>More sources ({len(more)})</summary>"
                     + "".join(source_html(answer, c, meta) for c in more) + "</details>")
    parts.append(legend_html() + "</div>")
    return "".join(parts)


def split_sources(answer: Answer) -> tuple[list[Citation], list[Citation]]:
    """(the citations the verdict rests on, the rest), each in citation order. An answer with no
    deciding citation (Citation.role) shows all of them up front rather than fold everything."""
    lead = [c for c in answer.citations if c.role == "deciding"]
    if not lead:
        return list(answer.citations), []
    return lead, [c for c in answer.citations if c.role != "deciding"]


def source_html(answer: Answer, c: Citation, meta: dict[str, tuple[str, str]] | None = None,
                anchor: str = "source") -> str:
    """One citation as an expandable block with id ``{anchor}-{n}``: [n] label, provenance badge,
    kind/status, the passage with the supporting sentence marked, guidance, the official link."""
    kind, status = (meta or {}).get(c.doc_id, ("", ""))
    what = kind.replace("-", " ") if kind in NO_STATUS_KINDS else STATUS_LABELS.get(status, status)
    what = c.status or what  # the section's own status: "in force: unconfirmed" when it is unverified
    state = f"<span class='sc-status sc-status-{status}'>{html.escape(what)}</span>" if what else ""
    return (f"<details class='sc-source' id='{anchor}-{c.n}'><summary><span class='sc-n'>[{c.n}]</span> "
            f"<span class='sc-label'>{html.escape(c.label)}</span> {_badges(c)}{state}</summary>"
            f"<blockquote>{passage_html(c.quote, claim_for(answer, c.n))}</blockquote>"
            + (f"<div class='sc-guidance' role='note'><p class='sc-guidance-h'>{badge('guidance')} — not the "
               f"law's text</p><p>{html.escape(c.guidance)}</p></div>" if c.guidance else "")
            + (f"<p class='sc-added'>{html.escape(c.origin_text())}</p>" if c.origin else  # an added text: no link
               f"<a class='sc-{'official' if c.source_kind == 'official' else 'reported'}' "
               f"href='{html.escape(c.source_url)}' target='_blank' rel='noopener'>{html.escape(c.source_label)} ↗</a>")
            + "</details>")


def _badges(c: Citation) -> str:
    """A glossary entry is ShareCheck's explanation, never "verified" law; weak provenance still shows."""
    prov = f"<span class='sc-prov sc-prov-{c.provenance}'>{PROVENANCE.get(c.provenance, (c.provenance,))[0]}</span>"
    if c.quote_kind != "explanation":
        return prov
    return f"<span class='sc-prov sc-prov-explanation'>{badge('explanation')}</span>" + \
        (f" {prov}" if c.provenance != "verified" else "")


def legend_html() -> str:
    """What each badge means, in plain words (corpus/badges.yaml), folded under the sources."""
    items = "".join(f"<dt>{html.escape(b)}</dt><dd>{html.escape(m)}</dd>" for _, b, m in legend())
    return f"<details class='sc-legend'><summary>What the badges mean</summary><dl>{items}</dl></details>"


def trace_html(answer: Answer) -> str:
    """"Why this answer" for trainers: facts with the words they came from, the rule, rules passed over."""
    trace = answer.trace or {}
    facts: list = list(trace.get("facts") or [])  # type: ignore[call-overload]
    considered: list = list(trace.get("considered") or [])  # type: ignore[call-overload]
    items = "".join(
        f"<li><code>{html.escape(str(f.get('slot')))}</code> = <code>{html.escape(str(f.get('value')))}</code>"
        + (f" from “{html.escape(str(f.get('from')))}”" if f.get("from") else "")
        + f" <span class='sc-dim'>(confidence {f.get('confidence')}, {html.escape(str(f.get('turn')))})</span></li>"
        for f in facts if isinstance(f, dict))
    rule = html.escape(str(trace.get("rule") or "none (informational or outside scope)"))
    out = [f"<div class='sc-trace'><p>Rule applied: <code>{rule}</code> → <strong>"
           f"{html.escape(VERDICT_LABELS[answer.verdict])}</strong></p>",
           f"<p>Facts found</p><ul>{items or '<li>none</li>'}</ul>"]
    if considered:
        out.append(f"<details><summary>Rules checked first and why they did not apply ({len(considered)})</summary><ul>"
                   + "".join(f"<li><code>{html.escape(str(c.get('rule')))}</code>: "
                             f"{html.escape(str(c.get('why_not')))}</li>" for c in considered if isinstance(c, dict))
                   + "</ul></details>")
    out.append(f"<p class='sc-dim'>Corpus {html.escape(answer.corpus_version[:12])} · {answer.latency_ms} ms</p></div>")
    return "".join(out)


def _verdict_css() -> str:
    return "\n".join(f".sc-card-{v} .sc-head {{ background: {bg}; color: {fg}; }}\n"
                     f".sc-card-{v} {{ border-color: {bg}; }}" for v, (bg, fg) in VERDICT_COLOURS.items())


def _mini_css() -> str:
    return "\n".join(f".sc-mini-{v} {{ background: {bg}; color: {fg}; }}" for v, (bg, fg) in VERDICT_COLOURS.items())


def _provenance_css() -> str:
    return "\n".join(f".sc-prov-{p} {{ background: {bg}; color: {fg}; }}" for p, (_, bg, fg) in PROVENANCE.items())


# The theme's bundled web font is a subset that renders some bold capitals from the wrong face
# ("ᴀcademy", "Legal ʙureau"): every tab uses system fonts that have a real bold on Windows, Android,
# iOS and Debian alike (ui/app.py hands these to the theme; nothing is fetched for them).
FONTS = ["Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans", "sans-serif"]
FONTS_MONO = ["Consolas", "DejaVu Sans Mono", "Liberation Mono", "monospace"]

CSS = """
/* Line the card, sources and records up with the buttons below them (Gradio pads HTML blocks). */
#sc-verdict .html-container, #sc-sources .html-container, #sc-records-table .html-container,
#sc-records-counts .html-container { padding-left: 0; padding-right: 0; }
.sc-card { border: 3px solid #222; border-radius: 10px; overflow: hidden; margin: 0 0 6px; }
.sc-head { padding: 10px 14px; }
.sc-head * { color: inherit !important; }
.sc-badge { font-size: 1.5em; font-weight: 700; margin: 0; line-height: 1.2; }
.sc-icon { display: inline-block; min-width: 1.1em; }
.sc-summary { margin: 4px 0 0; font-size: 1.08em; font-weight: 600; }
.sc-body { padding: 6px 14px 10px; overflow-wrap: anywhere; }
.sc-h { font-size: 1em !important; margin: 10px 0 4px !important; text-transform: uppercase; letter-spacing: .04em; }
.sc-caution { margin: 6px 0; padding: 6px 10px; border-radius: 6px; border-left: 5px solid #b38600; }
.sc-checklist { list-style: none; margin: 0; padding: 0; }
.sc-checklist li { margin: 2px 0; }
.sc-checklist label { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; padding: 4px 0; }
.sc-checklist input { width: 20px; height: 20px; flex: 0 0 auto; margin-top: 2px; }
.sc-reasons, .sc-depends { margin: 0 0 0 1.2em; padding: 0; }
.sc-reasons li, .sc-depends li { margin: 3px 0; }
.sc-note { font-style: italic; margin: 6px 0 0; }
.sc-ref { font-weight: 700; text-decoration: none; color: #1f3b73; padding: 0 1px; }
.dark .sc-ref { color: #a8c8ff; }
.sc-ref:hover { text-decoration: underline; }
.sc-sources .sc-h { margin-top: 0 !important; }
.sc-source { border: 1px solid #b8b8b8; border-radius: 6px; padding: 6px 10px; margin-bottom: 6px; }
.sc-source summary { cursor: pointer; font-weight: 600; line-height: 1.5; }
.sc-source[open] { border-color: #1f3b73; }
.sc-source blockquote { margin: 8px 0; padding-left: 10px; border-left: 3px solid #888; font-weight: 400;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.sc-source blockquote p { margin: 0 0 6px; }
.sc-support { background: #fff1a8; color: #111; padding: 0 2px; border-radius: 2px; }
.dark .sc-support { background: #5c4d00; color: #fff; }
.sc-n { color: #1f3b73; }
.dark .sc-n { color: #a8c8ff; }
.sc-prov { font-size: 0.8em; margin-left: 4px; padding: 1px 7px; border-radius: 10px; font-weight: 700;
  white-space: nowrap; }
.sc-guidance { margin: 4px 0 8px; padding: 4px 10px; border-left: 3px dashed #1f3b73; background: #eef2fa;
  color: #1a1a1a; font-weight: 400; }
.sc-guidance p { margin: 2px 0; }
.sc-guidance-h { font-size: .85em; font-weight: 700 !important; text-transform: uppercase; letter-spacing: .03em; }
.sc-legend { margin-top: 6px; font-size: .9em; }
.sc-legend dt { font-weight: 700; margin-top: 4px; }
.sc-legend dd { margin: 0 0 0 1em; }
.sc-status { font-size: 0.8em; margin-left: 6px; font-weight: 400; white-space: nowrap; }
.sc-status-struck-down, .sc-status-revoked, .sc-status-not-enacted, .sc-status-historical, .sc-status-proposed,
.sc-status-pending { font-weight: 700; }
.sc-status-struck-down::before, .sc-status-revoked::before { content: "✖ "; }
.sc-trace ul { margin: 2px 0 6px 1.2em; }
.sc-trace code { overflow-wrap: anywhere; }
.sc-dim { opacity: .8; font-size: .9em; }
.sc-empty { opacity: .8; }
.sc-hint { font-size: .9em; opacity: .85; margin: 0; }
.sc-warn { padding: 6px 10px; border-radius: 6px; border-left: 5px solid #b00020; margin: 4px 0; }
#sc-verdict a:focus-visible, #sc-sources summary:focus-visible, #sc-sources a:focus-visible,
.sc-checklist input:focus-visible, #sc-trace summary:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
#sc-actions button, #sc-followups button { min-height: 44px; }
#sc-followups button { white-space: normal; text-align: left; }
.sc-rec-list { margin: 0; padding: 0; list-style: none; }
.sc-rec-item { border: 1px solid #b8b8b8; border-radius: 6px; padding: 6px 10px; margin-bottom: 6px;
  overflow-wrap: anywhere; }
.sc-rec-item > div { margin: 2px 0; }
.sc-counts { border-collapse: collapse; width: 100%; margin-top: 6px; padding: 0 !important; }
.sc-counts caption { text-align: left; font-weight: 700; padding: 4px 0; }
.sc-counts th, .sc-counts td { border: 1px solid #b8b8b8; padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
.sc-counts td:last-child, .sc-counts th:last-child { text-align: right; }
.sc-audit-list { margin: 0; padding-left: 1.1em; overflow-wrap: anywhere; }
.sc-audit-list li { margin: 4px 0; }
.sc-requests { list-style: none; margin: 0; padding: 0; }
.sc-requests li { margin: 4px 0; line-height: 1.5; }
.sc-mini { display: inline-block; font-weight: 700; font-size: .85em; padding: 1px 8px; border-radius: 10px;
  white-space: nowrap; }
/* The claim and passage beside each citation judgement are read, not decoration: dark text at a
   readable size (the theme's info text is #bbbbc2, 1.9:1 on white; tester). */
.ev-cite .info-text { color: #3d3d45 !important; font-size: 14px !important; line-height: 1.45; }
.dark .ev-cite .info-text { color: #d6d6dc !important; }
/* The Conversation's "Full answer" text at full contrast (tester: it showed at 64 % opacity). */
#sc-chat .message-content, #sc-chat .thought-group .message-content { opacity: 1 !important; }
/* Before the first answer (and after "New chat") there is nothing to explain or transcribe: no empty boxes. */
.gradio-container:has(#sc-verdict .sc-intro) #sc-trace,
.gradio-container:has(#sc-verdict .sc-intro) #sc-chat,
.gradio-container:has(#sc-verdict .sc-intro) #sc-clear { display: none !important; }
.sc-more { margin: 2px 0 6px; }
.sc-more > summary { cursor: pointer; font-weight: 600; padding: 6px 0; min-height: 32px; }
.sc-back { display: inline-block; margin: 6px 0 2px 14px; font-weight: 600; padding: 6px 0; }
.sc-inline { margin: 6px 0 8px; }
.sc-inline .sc-source { margin-bottom: 4px; background: inherit; }
.sc-inline-close { min-height: 44px; padding: 6px 12px; border: 1px solid #1f3b73; border-radius: 6px;
  background: #eef2fa; color: #1f3b73; font-weight: 600; cursor: pointer; }
@media (max-width: 640px) {
  /* All four tabs fit a 360 px phone instead of folding the last one under "More tabs". */
  .tab-container button { padding: 0 9px !important; }
  .sc-badge { font-size: 1.35em; }
  .sc-body { padding: 4px 10px 8px; }
  #sc-actions { flex-wrap: wrap; }
  #sc-actions > * { min-width: 45% !important; }
}
""" + f".sc-caution {{ background: {CAUTION_COLOURS[0]}; color: {CAUTION_COLOURS[1]}; }}\n" + \
    _verdict_css() + "\n" + _mini_css() + "\n" + _provenance_css() + "\n"
