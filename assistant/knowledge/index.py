"""Build, open and swap the search index: Chroma (dense) + bm25s (sparse) + chunk table.

The only module that imports chromadb. Layout of ``index_dir``::

    manifest.json   corpus_version, model, chunk count, build time
    chunks.json     every chunk with its metadata (doc_id, pinpoint, heading path, provenance)
    chroma/         langchain_chroma persistent store, vectors from our MiniLM (never Chroma's default)
    bm25/           bm25s index over the same chunks, in the same order

A rebuild writes a sibling directory and renames it into place only once complete, so a failed
build never leaves a half-built index where the app looks.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Protocol

from assistant.domain import Document
from assistant.errors import CorpusError, IndexMissingError
from assistant.knowledge.chunking import Chunk, chunk_sections
from assistant.knowledge.corpus import Corpus
from assistant.knowledge.embeddings import embedder_for, embedder_name
from assistant.settings import Settings, apply_offline_env

MANIFEST = "manifest.json"
COLLECTION = "sharecheck"
# How ingested texts are filed (knowledge/filing.py). An index built before they were filed apart
# holds them under the restatements' ids as "verified", so it is stale whatever its corpus hash.
INGESTED_FORMAT = 2


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _vector_store(path: Path, settings: Settings):
    from langchain_chroma import Chroma

    return Chroma(collection_name=COLLECTION, embedding_function=embedder_for(settings.embedder, settings.model_path),
                  persist_directory=str(path), client_settings=_chroma_settings(),
                  collection_metadata={"hnsw:space": "cosine"})


def _tokenize(texts: list[str]):
    import bm25s
    import Stemmer

    return bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False)


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest of a complete index at ``index_dir``, or None when there is none."""
    try:
        return json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class IndexPart(Protocol):
    """Something built into the index folder beside the chunks (the fact classifier, engine/classifier.py).

    ``name`` keys its report in the manifest; ``version(settings)`` changes whenever its inputs do (a
    different version makes the index stale); ``build(settings, staging)`` writes its files into the
    staging folder and returns its report.
    """

    name: str

    def version(self, settings: Settings) -> str: ...

    def build(self, settings: Settings, staging: Path) -> dict: ...


def is_current(corpus: Corpus, settings: Settings, parts: Sequence[IndexPart] = ()) -> bool:
    """True when the index at ``settings.index_dir`` was built from this corpus, embedder and ``parts``."""
    manifest = read_manifest(settings.index_dir)
    return bool(manifest and manifest.get("corpus_version") == corpus.version
                and manifest.get("ingested_format") == INGESTED_FORMAT
                and manifest.get("model") == embedder_name(settings.embedder)
                and all((manifest.get("parts") or {}).get(p.name, {}).get("version") == p.version(settings)
                        for p in parts))


def build_index(corpus: Corpus, settings: Settings, progress=None, parts: Sequence[IndexPart] = ()) -> dict:
    """Build the index for ``corpus`` (and each of ``parts``) into a new directory, then swap it in
    place of ``index_dir``.

    ``progress(done, total)`` is called as chunks are embedded. Returns the manifest written.
    The old index keeps serving until the rename; on any exception the new directory is removed.
    """
    apply_offline_env()
    import bm25s

    target = settings.index_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.building-{int(time.time() * 1000)}"
    started = time.perf_counter()
    try:
        chunks = chunk_sections(corpus)
        if not chunks:
            raise ValueError("the corpus has no sections to index")
        repeated = sorted(cid for cid, n in Counter(c.chunk_id for c in chunks).items() if n > 1)
        if repeated:
            # Chroma would stop at the first with a bare DuplicateIDError; name them all instead.
            raise CorpusError([f"section {cid.partition(':')[2].rsplit('#', 1)[0]} would be indexed twice "
                               f"(chunk {cid})" for cid in repeated])
        staging.mkdir()
        store = _vector_store(staging / "chroma", settings)
        batch = 64
        for start in range(0, len(chunks), batch):
            part = chunks[start:start + batch]
            store.add_texts([c.search_text for c in part], ids=[c.chunk_id for c in part],
                            metadatas=[{"doc_id": c.doc_id, "pinpoint": c.pinpoint, "provenance": c.provenance,
                                        "origin": c.origin, "heading_path": c.heading_path} for c in part])
            if progress:
                progress(min(start + batch, len(chunks)), len(chunks))
        del store
        retriever = bm25s.BM25()
        retriever.index(_tokenize([c.search_text for c in chunks]), show_progress=False)
        retriever.save(str(staging / "bm25"), show_progress=False)
        (staging / "chunks.json").write_text(json.dumps([asdict(c) for c in chunks]), encoding="utf-8")
        (staging / "documents.json").write_text(
            json.dumps({d.id: asdict(d) for d in corpus.documents.values()}), encoding="utf-8")
        built = {p.name: {"version": p.version(settings), "report": p.build(settings, staging)} for p in parts}
        manifest = {"corpus_version": corpus.version, "ingested_format": INGESTED_FORMAT,
                    "model": embedder_name(settings.embedder), "chunks": len(chunks),
                    "documents": len(corpus.documents), "sections": len(corpus.sections), "parts": built,
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "build_seconds": round(time.perf_counter() - started, 2)}
        # The manifest is written last: its presence marks the directory as complete.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        replace_directory(staging, target)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def replace_directory(staging: Path, target: Path) -> None:
    """Put the complete directory ``staging`` where ``target`` is, retiring the old one.

    Two renames, so a reader sees either the whole old directory or the whole new one.
    """
    retired = target.parent / f".{target.name}.retired-{int(time.time() * 1000)}"
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


class SearchIndex:
    """An opened index: dense search, BM25 search and lookup by citation.

    Raises IndexMissingError when ``index_dir`` holds no complete index.
    """

    def __init__(self, settings: Settings):
        import bm25s

        self.settings = settings
        self.manifest = read_manifest(settings.index_dir)
        if self.manifest is None:
            raise IndexMissingError(f"no index at {settings.index_dir}: run `sharecheck index` first")
        try:
            raw = json.loads((settings.index_dir / "chunks.json").read_text(encoding="utf-8"))
            if not (settings.index_dir / "chroma").is_dir() or not (settings.index_dir / "bm25").is_dir():
                raise OSError("chroma/ or bm25/ is missing")
        except (OSError, ValueError) as exc:
            raise IndexMissingError(f"the index at {settings.index_dir} is damaged ({exc}); "
                                    "rebuild it with `sharecheck index --force`") from exc
        built_with, wanted = self.manifest.get("model"), embedder_name(settings.embedder)
        if built_with != wanted:
            raise IndexMissingError(f"the index at {settings.index_dir} was built with {built_with}, but the "
                                    f"settings ask for {wanted} (SHARECHECK_EMBEDDER); rebuild it with "
                                    "`sharecheck index --force`")
        self.chunks = [Chunk(**c) for c in raw]
        docs = json.loads((settings.index_dir / "documents.json").read_text(encoding="utf-8"))
        self.documents = {k: Document(**v) for k, v in docs.items()}
        self._by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._bm25 = bm25s.BM25.load(str(settings.index_dir / "bm25"), load_corpus=False)
        self._store = _vector_store(settings.index_dir / "chroma", settings)
        self._embeddings = embedder_for(settings.embedder, settings.model_path)

    def embed(self, text: str):
        """The 384-d normalised MiniLM vector of ``text`` (numpy array), ~10–13 ms on 2 cores."""
        import numpy as np

        return np.asarray(self._embeddings.embed_query(text))

    @property
    def corpus_version(self) -> str:
        return str(self.manifest["corpus_version"]) if self.manifest else ""

    def dense(self, query: str, k: int, vector=None) -> list[tuple[Chunk, float]]:
        """Top-k chunks by cosine similarity of MiniLM embeddings; score in [-1, 1].

        ``vector`` is the query's embedding when the caller already has it (saves one encode).
        """
        if vector is None:
            vector = self.embed(query)
        hits = self._store.similarity_search_by_vector_with_relevance_scores(list(map(float, vector)), k=k)
        out = []
        for doc, distance in hits:
            index = self._by_id.get(str(doc.id))
            if index is not None:
                out.append((self.chunks[index], 1.0 - float(distance)))
        return out

    def sparse(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        """Top-k chunks by BM25 (bm25s, English stopwords, Snowball stemming); score ≥ 0."""
        tokens = _tokenize([query])
        if not any(tokens.ids):
            return []
        k = min(k, len(self.chunks))
        ids, scores = self._bm25.retrieve(tokens, k=k, show_progress=False)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]

    def document(self, doc_id: str) -> Document:
        """Front matter of ``doc_id`` (an ingested file is a document of its own, knowledge/filing.py).

        Raises IndexMissingError when the index holds chunks of a document it has no front matter for.
        """
        try:
            return self.documents[doc_id]
        except KeyError:
            raise IndexMissingError(f"the index at {self.settings.index_dir} has no document {doc_id!r}; "
                                    "rebuild it with `sharecheck index --force`") from None

    def lookup(self, doc_id: str, pinpoint: str) -> list[Chunk]:
        """Chunks of the section ``doc_id`` + ``pinpoint``; restatements first, then official text.

        A pinpoint without its own text (e.g. ``b`` when only ``b(1)``… exist) returns its sub-provisions.
        """
        exact = [c for c in self.chunks if c.doc_id == doc_id and c.pinpoint == pinpoint]
        if not exact:
            exact = [c for c in self.chunks if c.doc_id == doc_id and c.pinpoint.startswith(pinpoint + "(")]
        return sorted(exact, key=lambda c: c.origin != "restatement")


def load_full_corpus(settings: Settings, store: Path | None = None) -> Corpus:
    """The corpus plus texts added by ``sharecheck ingest`` (kept under ``data_dir/official``, or
    ``store``: a staged copy being checked before it is committed).

    Each ingested file is its own document (knowledge/filing.py): its sections stand beside the
    restatements, never under their ids. Raises CorpusError (file and line) for an invalid corpus and
    IngestError for a stored file that cannot be read.
    """
    from dataclasses import replace

    from assistant.knowledge.corpus import load_corpus
    from assistant.knowledge.filing import file_sections, ingested_document
    from assistant.knowledge.ingested import load_store

    records = load_store(store or settings.data_dir / "official")
    corpus = load_corpus(settings.corpus_dir, extra_files=[Path(r.path) for r in records])
    filed = [s for r in records for s in file_sections(r, corpus.sections)]
    for r in records:
        corpus.documents[r.id] = ingested_document(r)
    return replace(corpus, sections=corpus.sections + tuple(filed))
