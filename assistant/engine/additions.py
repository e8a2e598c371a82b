"""Texts added by ``sharecheck ingest`` inside an answer: labelled for what they are, never deciding.

An ingested section (knowledge/filing.py) may be shown — in an information answer, or as "See also"
once a reviewer has verified it — but only under a label that says where it came from ("§ 99-999(a),
added from FILE on DATE"), with its origin on the Citation (``Citation.origin``), beside the
restatement it claims to be, and never as an answer's summary or a reason for a verdict
(``problems`` is what ``check_answer`` enforces).
"""

from __future__ import annotations

from assistant.domain import Answer, Citation, Document
from assistant.knowledge.filing import added_label, departs, reviewer

# The verdicts a rule decides: their reasons must rest on restatements only.
DECIDED = ("permitted", "prohibited", "review")


def is_added(doc: Document) -> bool:
    """True for the stand-in document of an ingested file."""
    return doc.ingested is not None


def label(doc: Document, pinpoint: str, chunk: object) -> str:
    """The citation label of an ingested chunk (knowledge/filing.py ``added_label``)."""
    return added_label(doc, pinpoint, getattr(chunk, "overlap", None))


def origin(doc: Document, pinpoint: str, chunk: object) -> dict[str, object]:
    """``Citation.origin`` of an ingested chunk: the file's origin, its reviewer and what it stands beside.

    Shape: {"id": section id, "file", "sha256", "ingested_at", "by", "verified_by" ("" when none),
    "beside": "doc_id#pinpoint" or "", "overlap": 0–1 or None, "departs": bool}.
    """
    meta = doc.ingested or {}
    overlap = getattr(chunk, "overlap", None)
    return {"id": f"{doc.id}#{pinpoint}", "file": meta.get("file", ""), "sha256": meta.get("sha256", ""),
            "ingested_at": meta.get("ingested_at", ""), "by": meta.get("by", ""),
            "verified_by": reviewer(doc, pinpoint), "beside": getattr(chunk, "claims", ""), "overlap": overlap,
            "departs": departs(overlap)}


def caveat(citations: list[Citation]) -> list[str]:
    """The line that says an answer's added texts are not reviewed (none when there are none)."""
    unreviewed = [c for c in citations if c.origin is not None and c.provenance != "verified"]
    if not unreviewed:
        return []
    marks = "".join(f"[{c.n}]" for c in unreviewed)
    one = len(unreviewed) == 1
    return ["", f"_{'This text was' if one else 'These texts were'} added with `sharecheck ingest` and no reviewer "
                f"has checked {'it' if one else 'them'} against the law; do not act on {'it' if one else 'them'} "
                f"{marks}._"]


def problems(answer: Answer) -> list[str]:
    """Ways ``answer`` leans on an ingested text: a reason of a decided verdict citing one, or a summary
    taken from one. Empty when it does not."""
    added = {c.n for c in answer.citations if c.origin is not None}
    if not added:
        return []
    out = []
    if answer.verdict in DECIDED:
        out += [f"reason {r.text[:60]!r} rests on added text [{n}]" for r in answer.reasons
                for n in r.citations if n in added]
    out += [f"the summary is added text [{n}]" for r in answer.reasons for n in r.citations
            if n in added and r.text.strip() == answer.summary.strip()]
    return out
