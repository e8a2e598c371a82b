"""SHARECHECK_CHROMA_URL: the index's vectors on one Chroma server (``chroma run``), queried by every replica.

A real server from the installed chromadb on 127.0.0.1, over the hash embedder (no model), so these run
in the fast tier.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.errors import IndexMissingError
from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.index import SearchIndex, is_current
from assistant.knowledge.vector_store import chroma_client, collection_name
from assistant.knowledge.versions import KEEP_VERSIONS, versions_dir
from assistant.pipeline import Assistant, build_index
from assistant.settings import Settings

QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    from deploy.services import chroma_server

    with chroma_server(tmp_path_factory.mktemp("chroma") / "data") as url:
        yield url


@pytest.fixture
def settings(tmp_path, chroma_url) -> Settings:
    # No paraphrases: no classifier to train, so a build takes about a second.
    return Settings.from_env(data_dir=tmp_path, index_dir=tmp_path / "index", embedder="hash",
                             paraphrases_dir=tmp_path / "none", chroma_url=chroma_url)


def server_collections(url: str) -> set[str]:
    return {getattr(c, "name", c) for c in chroma_client(url=url).list_collections()}


def test_a_build_writes_its_vectors_to_the_server_and_answers_like_a_local_one(settings, tmp_path):
    corpus = load_corpus(settings.corpus_dir)
    manifest = build_index(corpus, settings)
    version_dir = settings.index_dir.resolve()
    assert manifest["chroma_collection"] == collection_name(manifest["version"])
    assert not (version_dir / "chroma").exists() and (version_dir / "bm25").is_dir()
    assert collection_name(manifest["version"]) in server_collections(settings.chroma_url)
    remote = SearchIndex(settings)
    local_settings = replace(settings, chroma_url="", index_dir=tmp_path / "local-index")
    build_index(corpus, local_settings)
    local = SearchIndex(local_settings)
    query = "detainer hold past release"
    assert [(c.chunk_id, round(s, 4)) for c, s in remote.dense(query, 6)] == \
        [(c.chunk_id, round(s, 4)) for c, s in local.dense(query, 6)]
    assert Assistant(settings).ask(QUESTION).verdict == "prohibited"
    assert is_current(corpus, settings) and not is_current(corpus, replace(settings, chroma_url=""))


def test_pruned_versions_drop_their_collections(settings):
    corpus = load_corpus(settings.corpus_dir)
    built = [build_index(corpus, settings)["version"] for _ in range(KEEP_VERSIONS + 2)]
    kept = {p.name for p in versions_dir(settings.index_dir).iterdir()}
    assert kept == set(built[-KEEP_VERSIONS:])
    mine = {name for name in server_collections(settings.chroma_url) if name in {collection_name(v) for v in built}}
    assert mine == {collection_name(v) for v in built[-KEEP_VERSIONS:]}


def test_a_replica_without_the_server_setting_or_with_the_server_down_is_told_what_to_do(settings):
    build_index(load_corpus(settings.corpus_dir), settings)
    with pytest.raises(IndexMissingError, match="set SHARECHECK_CHROMA_URL"):
        SearchIndex(replace(settings, chroma_url=""))
    from deploy.services import free_port

    with pytest.raises(IndexMissingError, match="could not give collection"):
        SearchIndex(replace(settings, chroma_url=f"http://127.0.0.1:{free_port()}"))
