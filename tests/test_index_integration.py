"""The real index built from corpus/: build, reuse, reopen, swap, refuse.

Tests about retrieval and persistence use MiniLM; the build mechanics run over the hash embedder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.knowledge.corpus import CorpusError, load_corpus
from assistant.knowledge.index import SearchIndex, chunk_sections, read_manifest
from assistant.knowledge.retrieval import HybridRetriever
from assistant.pipeline import build_index
from assistant.pipeline import index_is_current as is_current
from assistant.settings import Settings


def test_manifest_records_corpus_hash_and_model(model_settings):
    built_settings = model_settings
    manifest = read_manifest(built_settings.index_dir)
    corpus = load_corpus(built_settings.corpus_dir)
    assert manifest["corpus_version"] == corpus.version
    assert manifest["model"] == "all-MiniLM-L6-v2"
    assert manifest["chunks"] >= manifest["sections"] == len(corpus.sections)
    assert is_current(corpus, built_settings)


def test_chunks_never_cross_a_section_and_stay_under_the_model_window():
    corpus = load_corpus(Settings.from_env().corpus_dir)
    chunks = chunk_sections(corpus)
    by_section = {(s.doc_id, s.pinpoint): s.text for s in corpus.sections}
    for c in chunks:
        assert c.text in by_section[(c.doc_id, c.pinpoint)]
        assert len(c.text) <= 1000
        assert c.heading_path.startswith(corpus.documents[c.doc_id].title)


def test_hybrid_search_finds_the_doi_alert_incident(model_settings):
    retriever = HybridRetriever(index=SearchIndex(model_settings), k=5)
    hits = retriever.search("officer on HSI gang task force set alerts in NYPD systems for people ERO wanted")
    assert ("doi-nypd-2025", "incident-1") in [(p.doc_id, p.pinpoint) for p in hits]


def test_lookup_by_citation(built_settings):
    index = SearchIndex(built_settings)
    chunks = index.lookup("ac-14-154", "b(1)")
    assert chunks and all(c.pinpoint == "b(1)" for c in chunks)
    assert index.lookup("ac-14-154", "zz") == []


def test_an_index_built_in_one_process_answers_in_the_next(model_settings):
    built_settings = model_settings
    code = ("from assistant.pipeline import Assistant; from assistant.settings import Settings; "
            "from pathlib import Path; "
            f"a = Assistant(Settings.from_env(index_dir=Path({str(built_settings.index_dir)!r})));"
            "import json; ans = a.ask('Can ICE stage vans in our precinct lot before a raid?');"
            "print(json.dumps({'v': ans.verdict, 'n': len(a.index.dense('precinct lot staging', 3))}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"v": "prohibited", "n": 3}


def test_changed_corpus_is_rebuilt_into_a_new_directory_and_swapped(tmp_path, corpus_copy):
    settings = Settings.from_env(corpus_dir=corpus_copy, data_dir=tmp_path, index_dir=tmp_path / "index",
                                 embedder="hash", paraphrases_dir=tmp_path / "none")  # no classifier: quick
    first = build_index(load_corpus(corpus_copy), settings)
    marker = (settings.index_dir / "chroma").stat().st_ino
    doc = corpus_copy / "documents" / "glossary.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nAn added sentence about detainers.\n", encoding="utf-8")
    changed = load_corpus(corpus_copy)
    assert not is_current(changed, settings)
    second = build_index(changed, settings)
    assert second["corpus_version"] != first["corpus_version"]
    assert (settings.index_dir / "chroma").stat().st_ino != marker
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index")] == []  # no leftovers


def test_broken_corpus_leaves_previous_index_serving(tmp_path, corpus_copy):
    settings = Settings.from_env(corpus_dir=corpus_copy, data_dir=tmp_path, index_dir=tmp_path / "index",
                                 embedder="hash", paraphrases_dir=tmp_path / "none")  # no classifier: quick
    build_index(load_corpus(corpus_copy), settings)
    before = read_manifest(settings.index_dir)
    bad = corpus_copy / "documents" / "wells-v-demarco.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: court-decision", "kind: [broken"),
                   encoding="utf-8")
    with pytest.raises(CorpusError, match="wells-v-demarco.md:\\d+"):
        load_corpus(corpus_copy)
    assert read_manifest(settings.index_dir) == before
    assert SearchIndex(settings).lookup("wells-v-demarco", "holding")


def test_failed_build_removes_its_staging_directory(tmp_path, monkeypatch):
    settings = Settings.from_env(data_dir=tmp_path, index_dir=tmp_path / "index", embedder="hash")
    import assistant.knowledge.index as index_module

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index_module, "_tokenize", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        build_index(load_corpus(settings.corpus_dir), settings)
    assert list(Path(tmp_path).iterdir()) == []
