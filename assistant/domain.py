"""The nouns ShareCheck passes along its one straight line.

question → Facts → Decision → Passages → Answer (DESIGN §1). Verdict words and the Answer's
JSON shape are fixed contracts (DESIGN §2 and §4); change them only with DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from assistant import yamldata
from assistant.settings import REPO_ROOT

SLOTS_PATH = REPO_ROOT / "corpus" / "slots.yaml"

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
    # Where "Official text ↗" points (corpus/official-sources.yaml): ``source_kind`` is ``official`` or
    # ``reported`` (news or other non-official pages, named by ``reported_by``). ``links`` maps a pinpoint
    # key ("" for the whole document, "23-1201" for § 23-1201 and its subdivisions) to
    # ``{"url", "kind", "label"}``; it is filled by the corpus loader. Empty for stand-in documents.
    source_kind: str = "official"
    reported_by: str = ""
    links: dict[str, dict[str, str]] = field(default_factory=dict)

    def link(self, pinpoint: str) -> dict[str, str]:
        """``{"url", "kind", "label"}`` for a section: the most specific ``links`` key that is the pinpoint
        or a parent of it (``23-1202`` for ``23-1202(c)(1)``), else the document's own link."""
        keys = [k for k in self.links if k and (pinpoint == k or pinpoint.startswith(k + "("))]
        if keys:
            return self.links[max(keys, key=len)]
        if "" in self.links:
            return self.links[""]
        label = "Official text" if self.source_kind == "official" else f"Reported by {self.reported_by}"
        return {"url": self.source_url, "kind": self.source_kind, "label": label}
    # Set only for a text added by ``sharecheck ingest`` (knowledge/ingested.py ``IngestedFile.origin``):
    # {"id", "file", "sha256", "ingested_at", "by", "verified": {code pinpoint: reviewer}}; such a
    # document is never a restatement.
    ingested: dict[str, object] | None = None


@dataclass(frozen=True)
class Section:
    """One citable unit: a provision, incident or defined term.

    ``line`` is the 1-based line of its heading in ``Document.path``; ``origin`` is
    ``restatement`` for corpus text, ``official`` for text just split from a file, and ``ingested``
    once it is filed beside the corpus (knowledge/filing.py). An ingested section's ``claims`` is the
    corpus provision (``doc_id#pinpoint``) it says it is ("" for a new section) and ``overlap`` its
    wording's word overlap with that restatement (0–1; None when there is nothing to compare).
    """

    doc_id: str
    pinpoint: str
    heading: str
    text: str
    provenance: str
    line: int = 0
    origin: str = "restatement"
    claims: str = ""
    overlap: float | None = None


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


@lru_cache(maxsize=1)
def declared_slots() -> tuple[str, ...]:
    """The fact slot names of ``corpus/slots.yaml``, in declared order (the one place they are declared)."""
    raw = yamldata.load(SLOTS_PATH.read_text(encoding="utf-8"))
    return tuple(str(name) for name in raw["slots"])


class Facts:
    """What the question (and earlier turns) establish: one value per declared slot, ``None`` = unknown.

    Slots are those of ``corpus/slots.yaml`` (read them as attributes: ``facts.requester``); values are
    the lexicon's canonical words. ``evidence`` maps a slot to the words of the question that set it,
    ``confidence`` (0–1) says how sure reading is, ``carried`` names slots kept from earlier turns and
    ``derived`` the slots that follow from others (corpus/derived.yaml) rather than from words.
    ``intent`` is ``permission`` (may I …?), ``info`` (what is …?) or ``out_of_scope``.
    Raises AttributeError for a name that is neither a slot nor a bookkeeping field.
    """

    values: dict[str, object]

    def __init__(self, intent: str = "permission", evidence: dict[str, str] | None = None,
                 confidence: dict[str, float] | None = None, carried: set[str] | None = None,
                 refers_back: bool = False, new_topic: bool = False, elsewhere: str = "",
                 derived: set[str] | None = None, **slots: object):
        object.__setattr__(self, "values", {})
        self.intent = intent
        self.evidence: dict[str, str] = dict(evidence or {})
        self.confidence: dict[str, float] = dict(confidence or {})
        self.carried: set[str] = set(carried or ())  # slots that came from earlier turns of the chat
        self.derived: set[str] = set(derived or ())  # slots set by a derived fact, not by the words
        self.refers_back = refers_back  # the wording builds on an earlier turn ("what if…", "it's an I-205")
        self.new_topic = new_topic  # the wording says a new question starts ("different topic", "forget that")
        self.elsewhere = elsewhere  # words showing the question asks about another jurisdiction's rules
        unknown = sorted(set(slots) - set(declared_slots()))
        if unknown:
            raise AttributeError(f"Facts has no slot {unknown[0]!r}; declared slots: {', '.join(declared_slots())}")
        for name, value in slots.items():
            setattr(self, name, value)

    def __getattr__(self, name: str) -> object:
        if name in declared_slots():
            return self.__dict__["values"].get(name)
        raise AttributeError(f"Facts has no slot {name!r}; declared slots: {', '.join(declared_slots())}")

    def __setattr__(self, name: str, value: object) -> None:
        if name in declared_slots() and name != "intent":
            if value is None:
                self.values.pop(name, None)
            else:
                self.values[name] = value
            return
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Facts) and self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return f"Facts({self.as_dict()})"

    def copy(self, **changes: object) -> Facts:
        """A copy with its own evidence, confidence and carried sets, and ``changes`` applied."""
        out = Facts(intent=self.intent, evidence=self.evidence, confidence=self.confidence, carried=self.carried,
                    refers_back=self.refers_back, new_topic=self.new_topic, elsewhere=self.elsewhere,
                    derived=self.derived, **self.values)
        for name, value in changes.items():
            setattr(out, name, value)
        return out

    def known(self) -> list[str]:
        """The slots that hold a value, in declared order (``intent`` not included)."""
        return [s for s in declared_slots() if s != "intent" and self.values.get(s) is not None]

    def trace(self) -> list[dict[str, object]]:
        """Each known slot with its value, the words it came from, its confidence and its turn."""
        return [{"slot": name, "value": value, "from": self.evidence.get(name, ""),
                 "confidence": round(self.confidence.get(name, 1.0), 2),
                 "turn": "earlier" if name in self.carried else "this question"}
                for name, value in self.as_dict().items() if name != "intent"]

    def as_dict(self) -> dict[str, object]:
        """The known slots only, in the slot table's order, for the JSON answer's ``facts``."""
        out: dict[str, object] = {"intent": self.intent}
        out.update({name: self.values[name] for name in self.known()})
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
    relies_on: tuple[str, ...] = ()  # the stated slots the rule's verdict rests on
    explains: tuple[str, ...] = ()  # immigration-signal kinds the rule's own facts account for


class Citation(BaseModel):
    """A numbered citation in an answer (DESIGN §4)."""

    n: int
    doc_id: str
    pinpoint: str
    label: str
    quote: str
    provenance: str
    source_url: str
    # None for a corpus passage; for a text added by ``sharecheck ingest``: where it came from
    # ({"id", "file", "sha256", "ingested_at", "by", "verified_by", "beside", "overlap", "departs"}).
    origin: dict[str, object] | None = None
    # Issue 11 (added, never renaming the fields above): what the link is (``official`` or ``reported``)
    # and its words ("Official text", "Official record", "Reported by Fox 5 New York"); the section's
    # "For an officer" commentary, kept out of ``quote`` (ShareCheck guidance, not the law); whether
    # ``quote`` restates a provision or is ShareCheck's own explanation (the glossary); and the status
    # shown with the section ("in force: unconfirmed" when its provenance is unverified; "" for
    # reports and the glossary).
    source_kind: str = "official"
    source_label: str = "Official text"
    guidance: str = ""
    quote_kind: Literal["restatement", "explanation"] = "restatement"
    status: str = ""
    # Issue 12: whether the citation carries the verdict ("deciding": cited by the lead reason of the
    # answer or of one of its requests — the provision the verdict rests on — or by an Information
    # answer's own text) or only supports it (later reasons, conditions, steps, "See also", notes).
    # Only a deciding citation that is secondary or unverified makes an answer say "confirm with Legal Bureau".
    role: Literal["deciding", "supporting"] = "supporting"

    def origin_text(self) -> str:
        """Where an added text came from, for the line under its quote ("" for a corpus passage):
        ``added from F on D by B · sha256 0123456789ab… · not reviewed`` (or ``reviewed by R``)."""
        o = self.origin
        if not o:
            return ""
        review = f"reviewed by {o['verified_by']}" if o.get("verified_by") else "not reviewed"
        text = (f"added from {o.get('file')} on {str(o.get('ingested_at', ''))[:10]} by {o.get('by')} · "
                f"sha256 {str(o.get('sha256') or 'unknown')[:12]}… · {review}")
        return text + (" · its wording departs from the restatement" if o.get("departs") else "")


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
    # The date the law restated in the corpus is current to (corpus/edition.yaml), YYYY-MM-DD.
    law_as_of: str = ""
    trace: dict[str, object] | None = None
    # One entry per request read from the question (DESIGN §6): its verdict, facts and rule. The
    # top-level verdict is the most restrictive of them.
    requests: list[dict[str, object]] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """The UI label for the verdict, e.g. ``Not permitted``."""
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat: the user's text and, when known, the facts it produced."""

    question: str
    facts: Facts | None = None
