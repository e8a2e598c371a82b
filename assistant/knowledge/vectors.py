"""The chunks' embeddings kept with each index version, keyed by content, so a build embeds only what changed."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

from assistant.knowledge.chunking import Chunk
from assistant.knowledge.embeddings import DIMENSION, embedder_for, embedder_name
from assistant.knowledge.versions import read_manifest
from assistant.settings import Settings


def content_key(chunk: Chunk, model: str) -> str:
    """The hash that decides whether ``chunk`` must be embedded again: model name + the text it sees."""
    return hashlib.sha256(f"{model}\n{chunk.search_text}".encode()).hexdigest()[:32]


def reusable_vectors(index_dir: Path, model: str) -> dict[str, object]:
    """{content key: vector} from the live version at ``index_dir`` when it was built with ``model``; else {}."""
    import numpy as np

    manifest = read_manifest(index_dir)
    if not manifest or manifest.get("model") != model:
        return {}
    try:
        keys = json.loads((index_dir / "vector_keys.json").read_text(encoding="utf-8"))
        vectors = np.load(index_dir / "vectors.npy", allow_pickle=False)
    except (OSError, ValueError):
        return {}  # an index from before vectors were kept: embed everything once
    if len(keys) != len(vectors):
        return {}
    return dict(zip(keys, vectors, strict=True))


def embed_chunks(chunks: list[Chunk], settings: Settings, index_dir: Path, progress=None):
    """The (n, 384) float32 vectors of ``chunks``, reusing the live version's vector of every unchanged
    chunk and embedding the rest in batches. Returns (vectors, keys, number embedded now).

    ``progress(done, total)`` is called as chunks are embedded (total counts only the new ones).
    """
    import numpy as np

    model = embedder_name(settings.embedder)
    keys = [content_key(c, model) for c in chunks]
    known = reusable_vectors(index_dir, model)
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        texts = {k: c.search_text for k, c in zip(keys, chunks, strict=True)}
        # A build has the machine to itself: every core per batch (answers use one each, settings).
        embedder = embedder_for(replace(settings, embedding_threads=max(1, min(64, os.cpu_count() or 1))))
        batch = 256
        for start in range(0, len(missing), batch):
            part = missing[start:start + batch]
            for key, vector in zip(part, embedder.embed_documents([texts[k] for k in part]), strict=True):
                known[key] = np.asarray(vector, dtype=np.float32)
            if progress:
                progress(min(start + batch, len(missing)), len(missing))
    vectors = np.stack([np.asarray(known[k], dtype=np.float32) for k in keys]) if keys else \
        np.zeros((0, DIMENSION), np.float32)
    return vectors, keys, len(missing)
