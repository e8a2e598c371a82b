"""A cited passage as the Sources panel shows it: its Markdown rendered, and the sentence that supports
the claim it is cited for highlighted (issue 12).

    claim_for(answer, 2)                       # "Release dates need a judicial warrant."
    passage_html(citation.quote, claim)        # "<p>… <mark class='sc-support'>…</mark> …</p>"

The supporting sentence is the passage sentence sharing the most content words with the claim
(words of four letters or more, with a plain English suffix cut off); with fewer than two shared
words nothing is highlighted, rather than a guess.
"""

from __future__ import annotations

import html
import re

from assistant.domain import Answer

SENTENCE_END = re.compile(r"(?<=[.!?;:])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9(])")
WORD = re.compile(r"[a-z][a-z'-]{3,}")
SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
STOP = {"that", "this", "with", "from", "have", "when", "they", "their", "which", "will", "would", "there", "been",
        "into", "only", "does", "also", "such", "than", "other", "under", "made", "must", "shall", "what"}
MIN_SHARED = 2


def claim_for(answer: Answer, n: int) -> str:
    """The sentence citation ``n`` is cited for: the first reason citing it, else the first sentence of
    the answer text carrying ``[n]``; '' when neither does."""
    for reason in answer.reasons:
        if n in reason.citations:
            return reason.text
    marker = f"[{n}]"
    for sentence in re.split(r"(?<=[.!?])\s+", answer.answer.replace("\n", " ")):
        if marker in sentence:
            return re.sub(r"\s*(\[\d+\])+", "", sentence).replace("**", "").strip().lstrip("- ").strip()
    return ""


def _words(text: str) -> set[str]:
    return {SUFFIX.sub("", w) for w in WORD.findall(text.lower()) if w not in STOP}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in order."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def supporting_sentence(passage: str, claim: str) -> tuple[int, int] | None:
    """(start, end) of the passage sentence that shares the most content words with ``claim`` (at least
    MIN_SHARED), or None."""
    wanted = _words(claim)
    best, best_shared = None, MIN_SHARED - 1
    for start, end in sentences(passage):
        shared = len(wanted & _words(passage[start:end]))
        if shared > best_shared:
            best, best_shared = (start, end), shared
    return best


def _inline(text: str) -> str:
    """Escaped ``text`` with Markdown **bold** and *italic* rendered (a marker left unpaired is dropped)."""
    if text.count("**") % 2:
        text = text.replace("**", "")
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out, flags=re.S)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out, flags=re.S)


def passage_html(passage: str, claim: str = "") -> str:
    """``passage`` as HTML paragraphs with its Markdown rendered and, when ``claim`` is given, the
    sentence that supports it marked ``<mark class='sc-support'>``."""
    span = supporting_sentence(passage, claim) if claim else None
    paragraphs = []
    offset = 0
    for block in re.split(r"(\n\s*\n)", passage):
        start, end = offset, offset + len(block)
        offset = end
        if not block.strip():
            continue
        if span and span[0] >= start and span[1] <= end:
            a, b = span[0] - start, span[1] - start
            body = (_inline(block[:a]) + "<mark class='sc-support' title='the sentence that supports the claim'>"
                    + _inline(block[a:b]) + "</mark>" + _inline(block[b:]))
        else:
            body = _inline(block)
        paragraphs.append(f"<p>{body.strip()}</p>")
    return "".join(paragraphs)
