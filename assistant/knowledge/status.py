"""The corpus status a Legal Bureau reviewer works from (``sharecheck corpus status``).

``corpus_status(corpus, findings, edition)`` → ``CorpusStatus``: one ``DocumentStatus`` per document (in
id order) with its status, as-of date, official link, its sections (pinpoint, heading, provenance,
status, origin) and the audit findings that name it, plus the findings against the rule table,
scenarios, lexicon or corpus as a whole (``others``, only the targets some finding names).
``.select(doc, open_only)`` narrows it; an unknown ``doc`` raises UsageError listing what is known.
``.as_dict()`` is the ``--json`` shape::

    {"law_as_of": "2026-12-01", "corpus_version": "…", "audit": "corpus/AUDIT.md" | null,
     "summary": {"dangerous": {"fixed": 5, "answered": 0, "open": 0}, …, "total": {…}},
     "documents": [{"id", "title", "citation", "status", "status_label", "as_of", "source_url",
                    "provenance": {"verified": 3, …}, "sections": [{"pinpoint", "heading", "provenance",
                    "status", "origin"}], "findings": [Finding.as_dict()], "open_findings": ["D1", …]}],
     "others": [{"id": "rules", "findings": […], "open_findings": […]}]}
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from assistant.domain import PROVENANCES, Document, Section
from assistant.errors import UsageError
from assistant.knowledge.audit import AUDIT_FILE, TARGETS, Finding, load_audit, tally
from assistant.knowledge.badges import NO_STATUS_KINDS
from assistant.knowledge.corpus import STATUS_LABELS, Corpus
from assistant.knowledge.edition import Edition, load_edition


@dataclass(frozen=True)
class DocumentStatus:
    """One document (or, with ``document`` None, one of TARGETS) and the findings that name it."""

    id: str
    document: Document | None
    sections: tuple[Section, ...]
    findings: tuple[Finding, ...]

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status == "open")

    def provenance(self) -> dict[str, int]:
        """Sections per provenance tag, every tag present: ``{"verified": 9, "secondary": 1, "unverified": 0}``."""
        return {tag: sum(s.provenance == tag for s in self.sections) for tag in PROVENANCES}

    def section_status(self, section: Section) -> str:
        """A section's own status when it has one (ingested texts may), else its document's."""
        own = getattr(section, "status", "")
        return str(own or (self.document.status if self.document else ""))

    def as_dict(self) -> dict[str, object]:
        findings = {"findings": [f.as_dict() for f in self.findings],
                    "open_findings": [f.id for f in self.open_findings]}
        doc = self.document
        if doc is None:
            return {"id": self.id, **findings}
        return {"id": doc.id, "title": doc.title, "citation": doc.citation, "status": doc.status,
                "status_label": status_label(doc), "as_of": doc.as_of,
                "source_url": doc.source_url, "provenance": self.provenance(),
                "sections": [{"pinpoint": s.pinpoint, "heading": s.heading, "provenance": s.provenance,
                              "status": self.section_status(s), "origin": s.origin} for s in self.sections],
                **findings}


@dataclass(frozen=True)
class CorpusStatus:
    """Every document's status and findings, the other targets' findings, and the whole audit."""

    edition: Edition
    corpus_version: str
    audit_path: str | None
    findings: tuple[Finding, ...]
    documents: tuple[DocumentStatus, ...]
    others: tuple[DocumentStatus, ...]

    def select(self, doc: str | None = None, open_only: bool = False) -> CorpusStatus:
        """Only ``doc`` (a document id or one of TARGETS) and/or only entries with open findings.

        The summary (``findings``) stays that of the whole audit. Raises UsageError for an unknown ``doc``.
        """
        documents, others = self.documents, self.others
        if doc is not None:
            known = [d.id for d in documents] + list(TARGETS)
            if doc not in known:
                raise UsageError(f"--doc {doc!r} is not a corpus document; give one of: {', '.join(known)}")
            documents = tuple(d for d in documents if d.id == doc)
            others = tuple(o for o in others if o.id == doc)
        if open_only:
            documents = tuple(d for d in documents if d.open_findings)
            others = tuple(o for o in others if o.open_findings)
        return replace(self, documents=documents, others=others)

    def as_dict(self) -> dict[str, object]:
        return {"law_as_of": self.edition.law_as_of.isoformat(), "corpus_version": self.corpus_version,
                "audit": self.audit_path, "summary": tally(self.findings),
                "documents": [d.as_dict() for d in self.documents], "others": [o.as_dict() for o in self.others]}


def status_label(doc: Document) -> str:
    """What a reviewer reads as a document's status: its kind for reports and the glossary (audit I13)."""
    return doc.kind if doc.kind in NO_STATUS_KINDS else STATUS_LABELS.get(doc.status, doc.status)


def corpus_status(corpus: Corpus, findings: tuple[Finding, ...], edition: Edition,
                  audit_path: Path | None = None) -> CorpusStatus:
    """Join documents, their sections (restatements and ingested texts, in corpus order) and findings."""
    def naming(name: str) -> tuple[Finding, ...]:
        return tuple(f for f in findings if name in f.documents)

    documents = tuple(DocumentStatus(id=doc_id, document=corpus.documents[doc_id],
                                     sections=tuple(s for s in corpus.sections if s.doc_id == doc_id),
                                     findings=naming(doc_id))
                      for doc_id in sorted(corpus.documents))
    others = tuple(DocumentStatus(id=t, document=None, sections=(), findings=naming(t)) for t in TARGETS
                   if naming(t))
    return CorpusStatus(edition=edition, corpus_version=corpus.version,
                        audit_path=str(audit_path) if audit_path is not None else None, findings=findings,
                        documents=documents, others=others)


def load_status(settings) -> CorpusStatus:
    """The whole CorpusStatus of ``settings.corpus_dir`` (plus ingested texts under ``data_dir/official``).

    Raises CorpusError for an invalid corpus or edition, AuditError for a malformed AUDIT.md row.
    """
    from assistant.knowledge.index import load_full_corpus  # the index module's heavy imports: only when asked

    corpus = load_full_corpus(settings)
    path = settings.corpus_dir / AUDIT_FILE
    findings = load_audit(path, corpus.documents)
    return corpus_status(corpus, findings, load_edition(settings.corpus_dir), path if path.exists() else None)
