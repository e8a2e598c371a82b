"""The nouns ShareCheck passes along its one straight line.

question → Facts → Decision → Passages → Answer (DESIGN §1). Verdict words and the Answer's
JSON shape are fixed contracts (DESIGN §2 and §4); change them only with DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["permitted", "prohibited", "review", "info", "out_of_scope"]
VERDICTS: tuple[str, ...] = ("permitted", "prohibited", "review", "info", "out_of_scope")
VERDICT_LABELS: dict[str, str] = {
    "permitted": "Permitted",
    "prohibited": "Not permitted",
    "review": "Needs review",
    "info": "Information",
    "out_of_scope": "Outside scope",
}
Provenance = Literal["verified", "secondary", "unverified"]
PROVENANCES: tuple[str, ...] = ("verified", "secondary", "unverified")


@dataclass(frozen=True)
class Document:
    """One corpus document's front matter (DESIGN §3). ``path`` is the file it came from."""

    id: str
    title: str
    citation: str
    kind: str
    jurisdiction: str
    status: str
    as_of: str
    source_url: str
    authority: int
    pinpoint_style: str = "subdivision"
    section_prefix: str = ""
    path: str = ""


@dataclass(frozen=True)
class Section:
    """One citable unit: a provision, incident or defined term.

    ``line`` is the 1-based line of its heading in ``Document.path``; ``origin`` is
    ``restatement`` for corpus text and ``official`` for texts added by ``sharecheck ingest``.
    """

    doc_id: str
    pinpoint: str
    heading: str
    text: str
    provenance: str
    line: int = 0
    origin: str = "restatement"


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk of one section. ``score`` is the fused retrieval score (higher is better)."""

    chunk_id: str
    doc_id: str
    pinpoint: str
    text: str
    heading_path: str
    provenance: str
    origin: str = "restatement"
    score: float = 0.0


@dataclass(frozen=True)
class CitationRef:
    """A pointer to a corpus section: ``doc_id`` plus ``pinpoint`` (e.g. ``ac-14-154`` + ``b(1)``)."""

    doc_id: str
    pinpoint: str

    @classmethod
    def parse(cls, ref: str) -> CitationRef:
        """Parse ``"doc_id#pinpoint"``. Raises ValueError when the ``#`` or either part is missing."""
        doc_id, sep, pinpoint = ref.partition("#")
        if not sep or not doc_id.strip() or not pinpoint.strip():
            raise ValueError(f"citation {ref!r} must look like 'doc_id#pinpoint', e.g. 'ac-14-154#b(1)'")
        return cls(doc_id.strip(), pinpoint.strip())

    def __str__(self) -> str:
        return f"{self.doc_id}#{self.pinpoint}"


@dataclass
class Facts:
    """What the question (and earlier turns) establish. ``None`` means unknown.

    Slot values are the lexicon's canonical words (see facts.py). ``evidence`` maps a slot to the
    words of the question that set it, so an answer can show where each fact came from.
    ``intent`` is ``permission`` (may I …?), ``info`` (what is …?) or ``out_of_scope``.
    ``confidence`` (0–1) per slot says how sure extraction is; ``carried`` names slots kept from
    earlier turns.
    """

    intent: str = "permission"
    requester: str | None = None
    purpose: str | None = None
    document: str | None = None
    action: str | None = None
    subject: str | None = None
    criminal_history: str | None = None
    watch_list: bool | None = None
    location: str | None = None
    topic: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    carried: set[str] = field(default_factory=set)  # slots that came from earlier turns of the chat
    refers_back: bool = False  # the wording builds on an earlier turn ("what if…", "it's an I-205")
    new_topic: bool = False  # the wording says a new question starts ("different topic", "forget that")

    def trace(self) -> list[dict[str, object]]:
        """Each known slot with its value, the words it came from, its confidence and its turn."""
        return [{"slot": name, "value": value, "from": self.evidence.get(name, ""),
                 "confidence": round(self.confidence.get(name, 1.0), 2),
                 "turn": "earlier" if name in self.carried else "this question"}
                for name, value in self.as_dict().items() if name != "intent"]

    def as_dict(self) -> dict[str, object]:
        """The known slots only, in a stable order, for the JSON answer's ``facts``."""
        out: dict[str, object] = {}
        for name in ("intent", "requester", "purpose", "document", "action", "subject",
                     "criminal_history", "watch_list", "location", "topic"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class Reason:
    """One reason sentence with the citations that ground it."""

    text: str
    cites: tuple[CitationRef, ...]


@dataclass(frozen=True)
class Decision:
    """What the rule table decided, before any passage is fetched."""

    verdict: str
    rule_id: str
    summary: str
    reasons: tuple[Reason, ...]
    actions: tuple[str, ...]
    followups: tuple[str, ...]
    conditions: tuple[Reason, ...] = ()
    considered: tuple[tuple[str, str], ...] = ()  # (rule id, why it did not apply), in table order


class Citation(BaseModel):
    """A numbered citation in an answer (DESIGN §4)."""

    n: int
    doc_id: str
    pinpoint: str
    label: str
    quote: str
    provenance: str
    source_url: str


class ReasonOut(BaseModel):
    text: str
    citations: list[int]


class Answer(BaseModel):
    """The JSON answer, field for field as DESIGN §4 fixes it, plus ``trace`` (how the verdict was reached)."""

    id: str | None = None
    question: str
    verdict: Verdict
    summary: str
    answer: str
    reasons: list[ReasonOut] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    followups: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    facts: dict[str, object] = Field(default_factory=dict)
    corpus_version: str = ""
    latency_ms: float = 0.0
    trace: dict[str, object] | None = None

    @property
    def label(self) -> str:
        """The UI label for the verdict, e.g. ``Not permitted``."""
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat: the user's text and, when known, the facts it produced."""

    question: str
    facts: Facts | None = None
