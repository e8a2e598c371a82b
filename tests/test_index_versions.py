"""Index versions: published by one link switch, built by the document, followed by a serving process.

All over the hash embedder (real Chroma, bm25s and link mechanics, no model), so they run in the fast tier.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.index import SearchIndex, read_manifest
from assistant.knowledge.versions import KEEP_VERSIONS, remove_abandoned_builds, versions_dir
from assistant.pipeline import Assistant, build_index
from assistant.settings import Settings

QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture
def settings(tmp_path, corpus_copy) -> Settings:
    # No paraphrases: no classifier to train, so a build takes about a second.
    return Settings.from_env(corpus_dir=corpus_copy, data_dir=tmp_path, index_dir=tmp_path / "index",
                             embedder="hash", paraphrases_dir=tmp_path / "none")


def edit(corpus_dir: Path, name: str = "glossary.md", words: str = "An added sentence about detainers.") -> None:
    doc = corpus_dir / "documents" / name
    doc.write_text(doc.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def test_the_index_is_a_link_to_a_complete_version(settings):
    manifest = build_index(load_corpus(settings.corpus_dir), settings)
    assert settings.index_dir.is_symlink()
    assert settings.index_dir.resolve().name == manifest["version"]
    target = settings.index_dir.resolve()
    assert target.parent == versions_dir(settings.index_dir)
    assert {p.name for p in target.iterdir()} >= {"manifest.json", "chunks.json", "vectors.npy", "vector_keys.json",
                                                   "chroma", "bm25", "documents.json"}


def test_an_unchanged_rebuild_embeds_nothing_and_a_one_document_change_only_that_document(settings):
    first = build_index(load_corpus(settings.corpus_dir), settings)
    assert first["embedded"] == first["chunks"]
    again = build_index(load_corpus(settings.corpus_dir), settings)
    assert again["embedded"] == 0 and again["chunks"] == first["chunks"]
    edit(settings.corpus_dir)
    changed = build_index(load_corpus(settings.corpus_dir), settings)
    glossary = [c for c in SearchIndex(settings).chunks if c.doc_id == "glossary"]
    # Only the glossary's last section grew a sentence: that chunk (or the chunks it now splits into).
    assert 1 <= changed["embedded"] <= 3 < len(glossary)


def test_reused_vectors_are_the_vectors_a_fresh_build_makes(settings, tmp_path):
    import numpy as np

    build_index(load_corpus(settings.corpus_dir), settings)
    edit(settings.corpus_dir)
    build_index(load_corpus(settings.corpus_dir), settings)
    fresh = Settings.from_env(corpus_dir=settings.corpus_dir, data_dir=tmp_path / "fresh",
                              index_dir=tmp_path / "fresh" / "index", embedder="hash",
                              paraphrases_dir=settings.paraphrases_dir)
    build_index(load_corpus(settings.corpus_dir), fresh)
    incremental = np.load(settings.index_dir / "vectors.npy")
    scratch = np.load(fresh.index_dir / "vectors.npy")
    assert incremental.shape == scratch.shape
    assert np.allclose(incremental, scratch, atol=1e-6)


def test_old_versions_beyond_the_kept_number_are_removed(settings):
    names = [build_index(load_corpus(settings.corpus_dir), settings)["version"] for _ in range(KEEP_VERSIONS + 2)]
    kept = sorted(p.name for p in versions_dir(settings.index_dir).iterdir())
    assert kept == sorted(names[-KEEP_VERSIONS:])
    assert settings.index_dir.resolve().name == names[-1]


def test_an_index_opened_before_a_rebuild_keeps_answering_from_its_version(settings):
    build_index(load_corpus(settings.corpus_dir), settings)
    opened = SearchIndex(settings)
    before = opened.version
    edit(settings.corpus_dir)
    build_index(load_corpus(settings.corpus_dir), settings)
    # The failure this replaces: "Collection [...] does not exist" on every dense search after a rebuild.
    hits = opened.dense("release date detainer", k=5)
    assert len(hits) == 5 and opened.version == before != settings.index_dir.resolve().name
    assert opened.lookup("ac-14-154", "b(1)")


def test_a_killed_build_leaves_a_folder_the_next_build_removes(settings):
    build_index(load_corpus(settings.corpus_dir), settings)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = settings.index_dir.parent / f".index.building-{dead.stdout.strip()}-1"
    (abandoned / "chroma").mkdir(parents=True)
    running = settings.index_dir.parent / f".index.building-{os.getpid()}-2"  # a build still in progress
    running.mkdir()
    assert remove_abandoned_builds(settings.index_dir) == [abandoned]
    assert not abandoned.exists() and running.exists()


def test_an_index_from_before_versions_is_moved_into_the_versions_on_the_next_build(settings):
    first = build_index(load_corpus(settings.corpus_dir), settings)
    # Recreate the old layout: a plain folder where the link is.
    old = settings.index_dir.resolve()
    settings.index_dir.unlink()
    old.rename(settings.index_dir)
    assert read_manifest(settings.index_dir)["version"] == first["version"]
    second = build_index(load_corpus(settings.corpus_dir), settings)
    assert settings.index_dir.is_symlink() and settings.index_dir.resolve().name == second["version"]
    assert any("unversioned" in p.name for p in versions_dir(settings.index_dir).iterdir())


def test_a_live_assistant_switches_to_the_new_version_between_requests(settings):
    from assistant.live import LiveAssistant

    build_index(load_corpus(settings.corpus_dir), settings)
    live = LiveAssistant(settings, check_seconds=0)
    first = live.version
    assert live.ask(QUESTION).verdict == "prohibited"
    edit(settings.corpus_dir)
    build_index(load_corpus(settings.corpus_dir), settings)
    assert live.refresh(wait=True) is True
    assert live.version == settings.index_dir.resolve().name != first
    assert live.swaps == 1 and live.last_error == ""
    assert live.refresh(wait=True) is False  # nothing newer: no second load


def test_a_broken_new_version_leaves_the_old_one_serving_and_says_why(settings):
    from assistant.live import LiveAssistant

    build_index(load_corpus(settings.corpus_dir), settings)
    live = LiveAssistant(settings, check_seconds=0, warm_up=False)
    first = live.version
    build_index(load_corpus(settings.corpus_dir), settings)
    (settings.index_dir / "chunks.json").write_text("{not json", encoding="utf-8")
    live.refresh(wait=True)
    assert live.version == first and live.swaps == 0
    assert "IndexMissingError" in live.last_error and "damaged" in live.last_error
    assert live.ask(QUESTION).verdict == "prohibited"
    assert live.refresh(wait=True) is False  # the broken version is not retried on every request


def test_rebuilding_under_load_fails_no_answer(settings):
    """Four threads ask without pause while the index is rebuilt three times: every answer arrives."""
    from assistant.live import LiveAssistant

    build_index(load_corpus(settings.corpus_dir), settings)
    live = LiveAssistant(settings, check_seconds=0, warm_up=False)
    stop = threading.Event()
    questions = [QUESTION, "The FBI wants the complaint report for a bank robbery. Can I send it?",
                 "What does section 9-131 say about detainers?"]

    def keep_asking(n: int) -> tuple[int, list[str]]:
        answered, failures = 0, []
        while not stop.is_set():
            try:
                live.ask(questions[(answered + n) % len(questions)])
                answered += 1
            except Exception as exc:  # the figure under test: any failure at all
                failures.append(f"{type(exc).__name__}: {exc}")
        return answered, failures

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(keep_asking, n) for n in range(4)]
        for words in ("First added sentence.", "Second added sentence.", "Third added sentence."):
            edit(settings.corpus_dir, words=words)
            build_index(load_corpus(settings.corpus_dir), settings)
            live.refresh(wait=True)
        stop.set()
        results = [f.result() for f in futures]
    assert [f for _, fs in results for f in fs] == []
    assert sum(n for n, _ in results) > 20
    assert live.swaps == 3


def test_assistant_loads_its_classifiers_from_the_version_its_index_opened(built_settings):
    assistant = Assistant(built_settings)
    assert assistant.index.path == built_settings.index_dir.resolve()
    assert assistant.classifier is not None


def test_an_index_dir_given_as_the_link_stays_the_link(settings, monkeypatch):
    build_index(load_corpus(settings.corpus_dir), settings)
    monkeypatch.setenv("SHARECHECK_INDEX_DIR", str(settings.index_dir))
    configured = Settings.from_env(corpus_dir=settings.corpus_dir, embedder="hash",
                                   paraphrases_dir=settings.paraphrases_dir)
    assert configured.index_dir == settings.index_dir and configured.index_dir.is_symlink()
    for _ in range(2):
        build_index(load_corpus(settings.corpus_dir), configured)
    # Flat: every version beside the others, none nested inside one (the bug a resolved path caused).
    versions = versions_dir(settings.index_dir)
    assert all(not (p / "index.versions").exists() and not any(p.glob("*.versions")) for p in versions.iterdir())
    assert len(list(versions.iterdir())) == 3
