"""Settings are honoured everywhere: the corpus folder for typo repair and redaction, the official texts folder."""

from __future__ import annotations

import argparse

from assistant.engine.spelling import repair
from assistant.settings import REPO_ROOT, Settings
from assistant.stores.redaction import known_words, redact


def test_typo_repair_uses_the_configured_corpus(corpus_copy):
    lexicon = corpus_copy / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("typo_vocabulary_extra:\n",
                                                                   "typo_vocabulary_extra:\n- quokkaform\n"),
                       encoding="utf-8")
    assert repair("the quokkaforn was faxed", corpus_copy) == "the quokkaform was faxed"
    assert repair("the quokkaforn was faxed", REPO_ROOT / "corpus") == "the quokkaforn was faxed"


def test_redaction_knows_the_configured_corpus_words(corpus_copy, monkeypatch):
    doc = corpus_copy / "documents" / "glossary.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nZorblatt Quuxley is a term of art.\n", encoding="utf-8")
    text = "ask about the Zorblatt Quuxley tonight"
    assert "zorblatt" in known_words(corpus_copy) and "zorblatt" not in known_words(REPO_ROOT / "corpus")
    assert redact(text, corpus_copy) == text
    assert redact(text, REPO_ROOT / "corpus") == "ask about the [NAME] tonight"
    monkeypatch.setenv("SHARECHECK_CORPUS_DIR", str(corpus_copy))
    assert redact(text) == text  # no folder given: the settings' corpus


def test_ingest_official_reads_the_configured_folder(tmp_path, monkeypatch, official_dir):
    from assistant.cli.corpus import official_paths

    monkeypatch.setenv("SHARECHECK_OFFICIAL_DIR", str(official_dir))
    names = [p.name for p in official_paths(Settings.from_env(), argparse.Namespace(paths=[], official=True))]
    assert names == sorted(p.name for p in official_dir.iterdir() if p.suffix in {".rst", ".txt", ".html", ".pdf"})
