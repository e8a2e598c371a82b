"""Where an index version's vectors live in Chroma: the only module that imports chromadb.

By default each version keeps a chromadb persistent folder of its own (``<version>/chroma``, one
collection ``sharecheck``). With ``SHARECHECK_CHROMA_URL`` (e.g. ``http://127.0.0.1:8765``, a server
started with ``chroma run``) ``sharecheck index`` writes the collection ``sharecheck-<version>`` on that
server instead, and every replica's SearchIndex queries it over HTTP; BM25, the chunk table and the
classifiers still load from the published version folder. Pruning a version (knowledge/versions.py,
KEEP_VERSIONS) drops its collection. Telemetry is off and Chroma's default embedding function is
never used: the vectors are ours.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from assistant.errors import IndexMissingError
from assistant.knowledge.chunking import Chunk
from assistant.settings import Settings

COLLECTION = "sharecheck"
# Chroma refuses larger adds (client.get_max_batch_size() is 5,461 here).
ADD_BATCH = 5000


def chroma_client(path: Path | None = None, url: str = ""):
    """The local client of the folder ``path``, or with ``url`` an HTTP client of that Chroma server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parts = urlsplit(url if "://" in url else "http://" + url)
        if not parts.hostname:
            raise IndexMissingError(f"SHARECHECK_CHROMA_URL={url!r} names no host; give one like http://127.0.0.1:8765")
        https = parts.scheme == "https"
        return chromadb.HttpClient(host=parts.hostname, port=parts.port or (443 if https else 80), ssl=https,
                                   settings=chroma_settings)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def collection_name(version: str) -> str:
    """The Chroma server collection that holds index version ``version``'s vectors."""
    return f"{COLLECTION}-{version}"


def write_chroma(path: Path, chunks: list[Chunk], vectors, url: str = "", version: str = "") -> None:
    """Store ``vectors`` (one per chunk, ids only) in a new collection: in the folder ``path``, or on the
    server at ``url`` as ``collection_name(version)``."""
    client = chroma_client(path, url)
    collection = client.create_collection(collection_name(version) if url else COLLECTION,
                                          metadata={"hnsw:space": "cosine"}, embedding_function=None)
    for start in range(0, len(chunks), ADD_BATCH):
        collection.add(ids=[c.chunk_id for c in chunks[start:start + ADD_BATCH]],
                       embeddings=vectors[start:start + ADD_BATCH])


def drop_collections(url: str, versions: Sequence[str]) -> None:
    """Drop the server collections of ``versions`` (pruned, or a build that failed); quiet when one is gone."""
    if not url or not versions:
        return
    try:
        client = chroma_client(url=url)
    except Exception as exc:  # noqa: BLE001 — the build is published; only the clean-up waits for the next one
        print(f"sharecheck: warning: could not reach the Chroma server at {url} to drop old collections ({exc})",
              file=sys.stderr)
        return
    for version in versions:
        try:
            client.delete_collection(collection_name(version))
        except Exception:  # noqa: BLE001, S112 — not there (that version was built into a local folder)
            continue


def open_collection(settings: Settings, version_dir: Path, remote: str, built_at: object = None):
    """The collection a SearchIndex queries: ``remote`` (its name on the server of ``settings.chroma_url``)
    when the version was built on a server, else the one in ``version_dir/chroma``. Raises
    IndexMissingError saying what to do when the server is not configured, down, or lacks the collection."""
    if not remote:
        return chroma_client(version_dir / "chroma").get_collection(COLLECTION, embedding_function=None)
    url = settings.chroma_url
    if not url:
        raise IndexMissingError(f"the index at {settings.index_dir} keeps its vectors on the Chroma server "
                                f"{built_at} (collection {remote}); set SHARECHECK_CHROMA_URL to that server, "
                                "or rebuild without it: `sharecheck index --force`")
    try:
        return chroma_client(url=url).get_collection(remote, embedding_function=None)
    except Exception as exc:  # noqa: BLE001 — chromadb raises its own errors and httpx's
        raise IndexMissingError(f"the Chroma server at {url} could not give collection {remote} "
                                f"({type(exc).__name__}: {exc}); start it (`chroma run`), or rebuild the index "
                                "with `sharecheck index --force`") from exc
