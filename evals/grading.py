"""Grade one answer against its case: verdict, dangerous error, citations, mentions.

Citation precision needs to know which citations are *relevant*. A citation is relevant when it
resolves to a corpus passage and belongs to an expected document (``must_cite`` or ``gold``) or to a
section that an expected passage itself cites (e.g. the DOI report cites § 10-178(d), so a citation
of § 10-178(d) is relevant to a case that expects the DOI report). Cross-references are read from
the indexed text with ``SECTION_RE`` and mapped to documents by their front-matter citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.exercises.cases import Case
from evals.metrics import is_dangerous, ref_matches, request_hits

SECTION_RE = re.compile(r"§§?\s*(\d+(?:[-.]\d+)*)((?:\([a-z0-9]+\))*)", re.IGNORECASE)
CITABLE_STYLES = ("subdivision", "section")


class CrossReferences:
    """Which sections each corpus passage cites, resolved against ``index``.

    ``index`` needs ``chunks`` (with doc_id, pinpoint, text), ``documents`` (id → Document) and
    ``lookup(doc_id, pinpoint)``. Built once per run; ``cited_by(ref)`` returns ``doc#pin`` or bare
    ``doc`` strings (a bare id when the text cites a whole section, e.g. "§ 14-154").
    """

    def __init__(self, index):
        self.index = index
        self.numbers: dict[str, str] = {}
        for doc in index.documents.values():
            if getattr(doc, "pinpoint_style", "") in CITABLE_STYLES:
                for m in SECTION_RE.finditer(doc.citation):
                    self.numbers.setdefault(m.group(1), doc.id)
        for chunk in index.chunks:
            doc = index.documents.get(chunk.doc_id)
            if doc is not None and doc.pinpoint_style == "section":
                self.numbers.setdefault(re.split(r"\(", chunk.pinpoint)[0], chunk.doc_id)
        self._cache: dict[str, set[str]] = {}

    def _resolve(self, number: str, subdivisions: str) -> str | None:
        doc_id = self.numbers.get(number)
        if doc_id is None:
            return None
        for pin in (number + subdivisions, re.sub(r"^\(([a-z0-9]+)\)", r"\1", subdivisions)):
            if pin and self.index.lookup(doc_id, pin):
                return f"{doc_id}#{pin}"
        return doc_id

    def cited_by(self, ref: str) -> set[str]:
        """Sections cited in the text of ``ref`` (``doc_id`` or ``doc_id#pinpoint``)."""
        if ref not in self._cache:
            text = " ".join(c.text for c in self.index.chunks if ref_matches(f"{c.doc_id}#{c.pinpoint}", ref))
            found = {self._resolve(m.group(1), m.group(2).lower()) for m in SECTION_RE.finditer(text)}
            self._cache[ref] = {f for f in found if f}
        return self._cache[ref]


def cited_refs(answer: dict) -> list[str]:
    """``doc#pin`` of each citation of a JSON answer, in citation order."""
    return [f"{c['doc_id']}#{c['pinpoint']}" for c in answer.get("citations", [])]


def answer_text(answer: dict) -> str:
    """The text ``must_mention`` phrases are looked for in: answer, summary and actions."""
    return " ".join([answer.get("answer", ""), answer.get("summary", ""), *answer.get("actions", [])])


@dataclass
class Graded:
    """One case's grades. ``predicted`` is ``error`` when the Assistant raised; ``relevant`` is
    None when the case names no expected documents (precision does not apply)."""

    case: Case
    predicted: str
    latency_ms: float
    answer: dict = field(default_factory=dict)
    error: str = ""
    cite_hits: dict[str, bool] = field(default_factory=dict)
    forbidden_cited: list[str] = field(default_factory=list)
    mention_hits: dict[str, bool] = field(default_factory=dict)
    resolved: int = 0
    relevant: int | None = None
    irrelevant: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.predicted == self.case.verdict

    @property
    def dangerous(self) -> bool:
        return is_dangerous(self.case.verdict, self.predicted)

    @property
    def requests(self) -> tuple[int, int]:
        """(expected requests, answered right): metrics.request_hits."""
        return request_hits(self.case.requests, self.answer.get("requests") or [], self.case.verdict,
                            self.predicted)

    @property
    def n_citations(self) -> int:
        return len(self.answer.get("citations", []))

    def row(self) -> dict:
        """The case's line in summary.json."""
        return {"id": self.case.id, "category": self.case.category, "file": self.case.file,
                "question": self.case.question, "turns": list(self.case.turns), "expected": self.case.verdict,
                "predicted": self.predicted,
                "correct": self.correct, "dangerous": self.dangerous, "latency_ms": self.latency_ms,
                "error": self.error, "must_cite": self.cite_hits, "must_not_cite_violations": self.forbidden_cited,
                "must_mention": self.mention_hits, "citations": cited_refs(self.answer),
                "requests_expected": self.requests[0], "requests_right": self.requests[1],
                "citations_resolved": self.resolved, "citations_relevant": self.relevant,
                "citations_irrelevant": self.irrelevant}


def grade(case: Case, answer: dict | None, index, xrefs: CrossReferences, latency_ms: float = 0.0,
          error: str = "") -> Graded:
    """Grade ``answer`` (the JSON answer, DESIGN §4) for ``case``; ``answer`` None means the Assistant
    raised ``error``. ``must_cite``/``must_not_cite`` refs match a cited section or its sub-provisions."""
    if answer is None:
        return Graded(case=case, predicted="error", latency_ms=latency_ms, error=error,
                      cite_hits={r: False for r in case.must_cite},
                      mention_hits={m: False for m in case.must_mention})
    cited = cited_refs(answer)
    text = answer_text(answer).lower()
    graded = Graded(case=case, predicted=str(answer.get("verdict")), latency_ms=latency_ms, answer=answer,
                    cite_hits={r: any(ref_matches(c, r) for c in cited) for r in case.must_cite},
                    forbidden_cited=[r for r in case.must_not_cite if any(ref_matches(c, r) for c in cited)],
                    mention_hits={m: m.lower() in text for m in case.must_mention})
    resolving = [c for c in cited if index.lookup(*c.split("#", 1))]
    graded.resolved = len(resolving)
    expected = list(dict.fromkeys([*case.must_cite, *case.gold]))
    if expected:
        allowed = set(expected)
        for ref in expected:
            allowed |= xrefs.cited_by(ref)
        relevant = [c for c in resolving if any(ref_matches(c, a) for a in allowed)]
        graded.relevant = len(relevant)
        graded.irrelevant = [c for c in cited if c not in relevant]
    return graded
