"""Answer → what the officer sees: the verdict card (Markdown for the chat) and the sources (HTML).

The verdict is shown as an icon, a word and a colour, never colour alone.
"""

from __future__ import annotations

import html

from assistant.domain import VERDICT_LABELS, Answer

# Plain symbols that ship with common fonts (emoji fonts are often missing on police workstations).
ICONS = {"permitted": "✔", "prohibited": "✖", "review": "⚠", "info": "ℹ", "out_of_scope": "↪"}
PROVENANCE_TEXT = {"verified": "verified", "secondary": "secondary source", "unverified": "unverified"}


def card_markdown(answer: Answer) -> str:
    """The chat message: badge line, then the assembled answer (which opens with the label)."""
    badge = f"{ICONS[answer.verdict]} **{VERDICT_LABELS[answer.verdict].upper()}**"
    body = answer.answer
    label_prefix = f"**{VERDICT_LABELS[answer.verdict]}.** "
    if body.startswith(label_prefix):
        body = body[len(label_prefix):]
    return f"{badge}\n\n{body}"


def verdict_html(answer: Answer) -> str:
    """The banner an officer reads first: icon + word + colour, the one-line summary, what to do."""
    todo = "".join(f"<li>{html.escape(a)}</li>" for a in answer.actions)
    todo_html = f"<div class='sc-todo'><strong>What to do</strong><ul>{todo}</ul></div>" if todo else ""
    return (f"<div class='sc-verdict sc-verdict-{answer.verdict}' role='status'>"
            f"<div class='sc-badge'><span aria-hidden='true'>{ICONS[answer.verdict]}</span> "
            f"{html.escape(VERDICT_LABELS[answer.verdict])}</div>"
            f"<p class='sc-summary'>{html.escape(answer.summary)}</p>{todo_html}</div>")


def sources_html(answer: Answer, statuses: dict[str, str] | None = None) -> str:
    """One expandable block per citation: label, provenance badge, status, the passage, official link."""
    if not answer.citations:
        return "<p class='sc-empty'>No sources: this answer makes no legal claim.</p>"
    statuses = statuses or {}
    parts = ["<div class='sc-sources'><h3>Sources</h3>"]
    for c in answer.citations:
        status = statuses.get(c.doc_id, "").replace("-", " ")
        parts.append(
            f"<details class='sc-source' id='source-{c.n}'><summary><span class='sc-n'>[{c.n}]</span> "
            f"{html.escape(c.label)} <span class='sc-prov sc-prov-{c.provenance}'>"
            f"{PROVENANCE_TEXT.get(c.provenance, c.provenance)}</span>"
            f"<span class='sc-status'>{html.escape(status)}</span></summary>"
            f"<blockquote>{html.escape(c.quote)}</blockquote>"
            f"<a href='{html.escape(c.source_url)}' target='_blank' rel='noopener'>Official text</a></details>")
    parts.append("</div>")
    return "".join(parts)


CSS = """
.sc-verdict { border-radius: 8px; padding: 10px 14px; margin-bottom: 8px; border: 2px solid #222; }
.sc-verdict * { color: inherit !important; }
.sc-badge { font-size: 1.35em; font-weight: 800; letter-spacing: 0.02em; }
.sc-summary { margin: 4px 0 0; font-size: 1.05em; }
.sc-todo ul { margin: 4px 0 0 1.1em; padding: 0; }
.sc-verdict-prohibited { background: #b00020; color: #fff; }
.sc-verdict-permitted { background: #0b6e2e; color: #fff; }
.sc-verdict-review { background: #ffd24d; color: #111; }
.sc-verdict-info { background: #1f4e99; color: #fff; }
.sc-verdict-out_of_scope { background: #4a4a4a; color: #fff; }
.sc-sources h3 { margin: 0.2em 0 0.4em; }
.sc-source { border: 1px solid #c8c8c8; border-radius: 6px; padding: 6px 10px; margin-bottom: 6px; }
.sc-source summary { cursor: pointer; font-weight: 600; }
.sc-source blockquote { margin: 8px 0; padding-left: 10px; border-left: 3px solid #888; font-weight: 400;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.sc-n { color: #1f3b73; }
.sc-prov { font-size: 0.8em; margin-left: 6px; padding: 1px 6px; border-radius: 10px; font-weight: 600; }
.sc-prov-verified { background: #d9f2e1; color: #0b4d24; }
.sc-prov-secondary { background: #fff0c2; color: #5c4200; }
.sc-prov-unverified { background: #fbd9d9; color: #7a0b0b; }
.sc-status { font-size: 0.8em; margin-left: 6px; color: #333; font-weight: 400; }
"""
