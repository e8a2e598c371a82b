"""Sections → chunks: the units BM25 and the embedding model index (a chunk never crosses a section)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import Passage
from assistant.knowledge.corpus import Corpus

CHUNK_CHARS = 1000


@dataclass(frozen=True)
class Chunk:
    """One indexed chunk: part of exactly one section (a chunk never crosses a section).

    ``claims`` and ``overlap`` are its section's (domain.Section): set only for an ingested text.
    """

    chunk_id: str
    doc_id: str
    pinpoint: str
    text: str
    heading: str
    heading_path: str
    provenance: str
    origin: str
    claims: str = ""
    overlap: float | None = None

    def passage(self, score: float = 0.0) -> Passage:
        return Passage(chunk_id=self.chunk_id, doc_id=self.doc_id, pinpoint=self.pinpoint, text=self.text,
                       heading_path=self.heading_path, provenance=self.provenance, origin=self.origin,
                       score=score)

    @property
    def search_text(self) -> str:
        """Heading path plus text: what BM25 and the embedding model see."""
        return f"{self.heading_path}\n{self.text}"


def chunk_sections(corpus: Corpus) -> list[Chunk]:
    """Split every section into chunks under ~1,000 characters at paragraph, then sentence, boundaries.

    MiniLM truncates at 256 tokens (~1,000 characters), so longer chunks would be embedded only in part.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=0,
                                              separators=["\n\n", "\n", "; ", ". ", " "], keep_separator="end")
    chunks: list[Chunk] = []
    for section in corpus.sections:
        doc = corpus.documents.get(section.doc_id)
        title = doc.title if doc else section.doc_id
        heading_path = f"{title} > {section.heading}" if section.heading else title
        for i, piece in enumerate(splitter.split_text(section.text)):
            chunks.append(Chunk(chunk_id=f"{section.origin}:{section.doc_id}#{section.pinpoint}#{i}",
                                doc_id=section.doc_id, pinpoint=section.pinpoint, text=piece.strip(),
                                heading=section.heading, heading_path=heading_path, provenance=section.provenance,
                                origin=section.origin, claims=section.claims, overlap=section.overlap))
    return chunks
