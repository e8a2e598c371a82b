"""Build, open and publish the search index: Chroma (dense) + bm25s (sparse) + chunk table.

Chroma is reached through knowledge/vector_store.py, the only module that imports chromadb.
``index_dir`` is a symbolic link to the live version::

    index            -> index.versions/<version>     (swapped by one atomic rename of a new link)
    index.versions/<version>/
        manifest.json   corpus_version, model, chunk count, build time, version
        chunks.json     every chunk with its metadata (doc_id, pinpoint, heading path, provenance)
        vectors.npy     the chunks' embeddings, in chunks.json order (float32, 384-d, L2-normalised)
        vector_keys.json  one content hash per row: what the next build reuses instead of re-embedding
        chroma/         a chromadb persistent collection of those vectors (ids only; never Chroma's
                        default embedding function) — or, with SHARECHECK_CHROMA_URL, the collection
                        ``sharecheck-<version>`` on that Chroma server (``chroma run``), which every
                        replica queries; pruning a version drops its collection
        bm25/           bm25s index over the same chunks, in the same order

A build writes a staging folder beside the versions, embeds only chunks whose content hash the live
version lacks, and publishes by renaming the folder into ``index.versions/`` and then replacing the
link with ``os.replace`` (knowledge/versions.py) — so a reader always finds a complete index, and a
serving process that has one version open keeps answering from it until it switches (live.LiveAssistant).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from assistant.domain import Document
from assistant.errors import CorpusError, IndexMissingError
from assistant.knowledge.chunking import Chunk, chunk_sections
from assistant.knowledge.corpus import Corpus
from assistant.knowledge.embeddings import embedder_for, embedder_name
from assistant.knowledge.vector_store import collection_name, drop_collections, open_collection, write_chroma
from assistant.knowledge.vectors import embed_chunks
from assistant.knowledge.versions import MANIFEST, live_path, publish, read_manifest, remove_abandoned_builds
from assistant.settings import Settings, apply_offline_env

# How ingested texts are filed (knowledge/filing.py). An index built before they were filed apart
# holds them under the restatements' ids as "verified", so it is stale whatever its corpus hash.
INGESTED_FORMAT = 2
# Embeddings of query texts kept per opened index: earlier turns of a chat are not re-embedded.
EMBED_CACHE = 4096


def _tokenize(texts: list[str]):
    import bm25s
    import Stemmer

    return bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False)


class IndexPart(Protocol):
    """Something built into the index folder beside the chunks (the fact classifier, engine/classifier.py).

    ``name`` keys its report in the manifest; ``version(settings)`` changes whenever its inputs do (a
    different version makes the index stale); ``build(settings, staging)`` writes its files into the
    staging folder and returns its report.
    """

    name: str

    def version(self, settings: Settings) -> str: ...

    def build(self, settings: Settings, staging: Path) -> dict: ...


def reuse_part(settings: Settings, staging: Path, name: str, version: str, files: Sequence[str]) -> dict:
    """Copy the part ``name``'s ``files`` from the live version into ``staging`` when it was built at
    ``version``; return its report then, else {} (the caller builds it afresh). Saves retraining a
    classifier whose inputs did not change."""
    live = live_path(settings.index_dir)
    part = ((read_manifest(live) or {}).get("parts") or {}).get(name) or {}
    if part.get("version") != version or not part.get("report") or not all((live / f).is_file() for f in files):
        return {}
    for f in files:
        shutil.copy2(live / f, staging / f)
    return dict(part["report"])


def is_current(corpus: Corpus, settings: Settings, parts: Sequence[IndexPart] = ()) -> bool:
    """True when the index at ``settings.index_dir`` was built from this corpus, embedder and ``parts``."""
    manifest = read_manifest(settings.index_dir)
    return bool(manifest and manifest.get("corpus_version") == corpus.version
                and manifest.get("ingested_format") == INGESTED_FORMAT
                and manifest.get("model") == embedder_name(settings.embedder)
                and (manifest.get("chroma_url") or "") == settings.chroma_url
                and all((manifest.get("parts") or {}).get(p.name, {}).get("version") == p.version(settings)
                        for p in parts))


def build_index(corpus: Corpus, settings: Settings, progress=None, parts: Sequence[IndexPart] = ()) -> dict:
    """Build the index for ``corpus`` (and each of ``parts``) as a new version and publish it.

    Only chunks whose content changed since the live version are embedded (content_key); the rest
    reuse its vectors. ``progress(done, total)`` is called as new chunks are embedded. Returns the
    manifest written. The live version keeps serving throughout; on any exception the staging folder
    is removed and nothing is published. Raises CorpusError for a corpus that would index a section twice.
    """
    apply_offline_env()
    import bm25s
    import numpy as np

    target = settings.index_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(target)
    staging = target.parent / f".{target.name}.building-{os.getpid()}-{int(time.time() * 1000)}"
    started = time.perf_counter()
    version = ""
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
        vectors, keys, embedded = embed_chunks(chunks, settings, live_path(target), progress)
        np.save(staging / "vectors.npy", vectors, allow_pickle=False)
        (staging / "vector_keys.json").write_text(json.dumps(keys), encoding="utf-8")
        version = f"{time.strftime('%Y%m%dT%H%M%S')}-{int(time.time() * 1000) % 1000:03d}-{corpus.version[:8]}"
        write_chroma(staging / "chroma", chunks, vectors, settings.chroma_url, version)
        retriever = bm25s.BM25()
        retriever.index(_tokenize([c.search_text for c in chunks]), show_progress=False)
        retriever.save(str(staging / "bm25"), show_progress=False)
        (staging / "chunks.json").write_text(json.dumps([asdict(c) for c in chunks]), encoding="utf-8")
        (staging / "documents.json").write_text(
            json.dumps({d.id: asdict(d) for d in corpus.documents.values()}), encoding="utf-8")
        built = {p.name: {"version": p.version(settings), "report": p.build(settings, staging)} for p in parts}
        manifest = {"corpus_version": corpus.version, "ingested_format": INGESTED_FORMAT,
                    "model": embedder_name(settings.embedder), "chunks": len(chunks), "embedded": embedded,
                    "documents": len(corpus.documents), "sections": len(corpus.sections), "parts": built,
                    "chroma_url": settings.chroma_url,
                    "chroma_collection": collection_name(version) if settings.chroma_url else "",
                    "version": version, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "build_seconds": round(time.perf_counter() - started, 2)}
        # The manifest is written last: its presence marks the directory as complete.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        pruned = publish(staging, target, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if version and settings.chroma_url:
            drop_collections(settings.chroma_url, [version])
        raise
    drop_collections(settings.chroma_url, pruned)
    return manifest


class SearchIndex:
    """An opened version of the index: dense search, BM25 search and lookup by citation.

    Resolves ``settings.index_dir`` once, so it answers from that version even after a newer one is
    published (``path`` and ``version`` say which). Raises IndexMissingError when ``index_dir`` holds
    no complete index.
    """

    def __init__(self, settings: Settings):
        import bm25s

        self.settings = settings
        self.path = live_path(settings.index_dir)
        self.manifest = read_manifest(self.path)
        if self.manifest is None:
            raise IndexMissingError(f"no index at {settings.index_dir}: run `sharecheck index` first")
        self.version = str(self.manifest.get("version") or "unversioned")
        remote = str(self.manifest.get("chroma_collection") or "")
        try:
            raw = json.loads((self.path / "chunks.json").read_text(encoding="utf-8"))
            if (not remote and not (self.path / "chroma").is_dir()) or not (self.path / "bm25").is_dir():
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
        docs = json.loads((self.path / "documents.json").read_text(encoding="utf-8"))
        self.documents = {k: Document(**v) for k, v in docs.items()}
        self._by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        # Lookups by citation in constant time, restatements first (they were a scan of every chunk).
        self._by_section: dict[tuple[str, str], list[Chunk]] = {}
        self._by_doc: dict[str, list[Chunk]] = {}
        for c in sorted(self.chunks, key=lambda c: c.origin != "restatement"):
            self._by_section.setdefault((c.doc_id, c.pinpoint), []).append(c)
            self._by_doc.setdefault(c.doc_id, []).append(c)
        self._bm25 = bm25s.BM25.load(str(self.path / "bm25"), load_corpus=False)
        self._collection = open_collection(settings, self.path, remote, self.manifest.get("chroma_url"))
        self._embeddings = embedder_for(settings)
        self.embed = lru_cache(maxsize=EMBED_CACHE)(self._embed)

    def _embed(self, text: str):
        """The 384-d normalised MiniLM vector of ``text`` (read-only numpy array), ~4 ms on 2 cores (ONNX)."""
        import numpy as np

        vector = np.asarray(self._embeddings.embed_query(text), dtype=np.float32)
        vector.flags.writeable = False  # shared by the cache: no caller may change it
        return vector

    @property
    def corpus_version(self) -> str:
        return str(self.manifest["corpus_version"]) if self.manifest else ""

    def dense(self, query: str, k: int, vector=None) -> list[tuple[Chunk, float]]:
        """Top-k chunks by cosine similarity of MiniLM embeddings; score in [-1, 1].

        ``vector`` is the query's embedding when the caller already has it (saves one encode). Only ids
        and distances are fetched: the chunk table holds the rest.
        """
        if vector is None:
            vector = self.embed(query)
        hits = self._collection.query(query_embeddings=[list(map(float, vector))], n_results=min(k, len(self.chunks)),
                                      include=["distances"])
        out = []
        for chunk_id, distance in zip(hits["ids"][0], hits["distances"][0], strict=True):
            index = self._by_id.get(str(chunk_id))
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
        exact = self._by_section.get((doc_id, pinpoint))
        if exact:
            return list(exact)
        return [c for c in self._by_doc.get(doc_id, ()) if c.pinpoint.startswith(pinpoint + "(")]


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
