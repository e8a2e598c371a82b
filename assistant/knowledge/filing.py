"""Texts added by ``sharecheck ingest``, filed beside the corpus and never in its place.

A parsed section claims a provision by its number (``§ 14-154`` + ``b``). Filing gives it the
ingested file's own document id (``ing-…``), so nothing is ever filed under a restatement's id; its
pinpoint is the provision as numbered (``14-154(b)``), ``claims`` names the corpus provision it
stands beside (``ac-14-154#b``) and ``overlap`` says how far its wording departs from that
restatement. It stays ``unverified`` until a reviewer marks it (``sharecheck ingest --verify``).

The wording measure (``word_overlap``) is the share of the ingested text's content words that also
occur in the restatement's provision text (its "For an officer:" commentary left out): words are
lower-cased letters, with a short list of function words dropped and a plain suffix trim (``-s``,
``-es``, ``-ed``, ``-ing`` on words over four letters); negations ("not", "no", "never", "unless" …)
count as content. Below ``DEPARTS_BELOW`` the section is flagged. It is a tripwire, not a proof: a
restatement is in plain words, so even the official text shares only ~20–80 % of its words with it,
and a flipped "not" moves the measure by one word — which is why an ingested text never decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, replace

from assistant.domain import Document, Section
from assistant.knowledge.ingest import code_pinpoint
from assistant.knowledge.ingested import IngestedFile

DEPARTS_BELOW = 0.4
STOPWORDS = frozenset((
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by", "for", "with", "as", "is", "are", "be",
    "been", "being", "this", "that", "these", "those", "it", "its", "any", "each", "such", "which", "who", "whom",
    "whose", "from", "into", "under", "upon", "than", "then", "there", "their", "them", "they", "he", "she", "his",
    "her", "him", "section", "subdivision", "paragraph", "clause"))
NEGATIONS = frozenset(("not", "no", "never", "nor", "neither", "unless", "except", "without"))
COMMENTARY = "For an officer:"


def _words(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z]+", text.split(COMMENTARY)[0].lower()):
        if word in NEGATIONS or (len(word) > 1 and word not in STOPWORDS):
            out.add(re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word)
    return out


def word_overlap(ingested: str, restatement: str) -> float:
    """Share (0–1) of ``ingested``'s content words found in ``restatement`` (module docstring); 0 when
    the ingested text has no content words."""
    words = _words(ingested)
    return round(len(words & _words(restatement)) / len(words), 2) if words else 0.0


def departs(overlap: float | None) -> bool:
    """True when the wording departs from the restatement it stands beside (overlap below DEPARTS_BELOW)."""
    return overlap is not None and overlap < DEPARTS_BELOW


def restatement_for(corpus_sections: Iterable[Section], doc_id: str, pinpoint: str) -> Section | None:
    """The restatement of ``doc_id`` + ``pinpoint``, or of its nearest enclosing provision
    (``b(1)`` → ``b``) when the corpus restates only that; None when the document restates neither."""
    by_pin = {s.pinpoint: s for s in corpus_sections if s.doc_id == doc_id and s.origin == "restatement"}
    pin = pinpoint
    while pin:
        if pin in by_pin:
            return by_pin[pin]
        pin = re.sub(r"\([^()]*\)$", "", pin) if pin.endswith(")") else ""
    return None


def unknown_numbers(sections: Iterable[Section], documents: dict[str, Document]) -> list[str]:
    """The claimed provisions (code pinpoints, ``99-999(a)``) whose document the corpus does not have."""
    return [code_pinpoint(s.doc_id, s.pinpoint) for s in sections if s.doc_id not in documents]


def file_sections(record: IngestedFile, corpus_sections: tuple[Section, ...]) -> list[Section]:
    """``record``'s sections filed under its own id: pinpoint = code pinpoint, ``claims`` and
    ``overlap`` against the restatement they stand beside, provenance ``verified`` only where a
    reviewer marked it."""
    out = []
    for s in record.sections:
        pin = code_pinpoint(s.doc_id, s.pinpoint)
        beside = restatement_for(corpus_sections, s.doc_id, s.pinpoint)
        out.append(Section(doc_id=record.id, pinpoint=pin, heading=s.heading, text=s.text,
                           provenance="verified" if pin in record.verified else "unverified", origin="ingested",
                           claims=f"{beside.doc_id}#{beside.pinpoint}" if beside else "",
                           overlap=word_overlap(s.text, beside.text) if beside else None))
    return out


def ingested_document(record: IngestedFile) -> Document:
    """The stand-in Document of an ingested file: named for the file, no link, and a status that is
    not "in force" (an added text is not the law until reviewed, and then only what it restates)."""
    title = f"Added from {record.source} on {record.date}"
    doc = Document(id=record.id, title=title, citation=record.source, kind="ingested", jurisdiction="NYC",
                   status="unreviewed", as_of=record.date, source_url="", authority=5, pinpoint_style="section",
                   section_prefix="§ ", ingested=record.origin())
    if "links" in {f.name for f in fields(Document)}:
        # Where the document model names its link (Document.link, knowledge/sources.py), the link an
        # added text shows is none, in words that say what it is: never "Official text".
        doc = replace(doc, source_kind="added", links={"": {"url": "", "kind": "added", "label": title}})
    return doc


def reviewer(doc: Document, pinpoint: str) -> str:
    """Who marked ``pinpoint`` of the ingested ``doc`` verified ("" when nobody has)."""
    reviews = (doc.ingested or {}).get("verified") or {}
    return str(reviews.get(pinpoint, "")) if isinstance(reviews, dict) else ""


def added_label(doc: Document, pinpoint: str, overlap: float | None) -> str:
    """A citation label that says what the text is: ``§ 14-154(b), added from fake.txt on 2026-12-01``
    plus ", reviewed by NAME" and "; wording departs from the restatement (12% of its words shared)"."""
    origin = doc.ingested or {}
    label = f"§ {pinpoint}, added from {origin.get('file', doc.citation)} on {str(origin.get('ingested_at', ''))[:10]}"
    verified_by = reviewer(doc, pinpoint)
    if verified_by:
        label += f", reviewed by {verified_by}"
    if departs(overlap):
        label += f"; wording departs from the restatement ({round(100 * (overlap or 0))}% of its words shared)"
    return label
