"""Settings are honoured everywhere (the corpus folder for typo repair and redaction, the official texts folder),
and a value that cannot work is refused naming the variable, the allowed range and a good value."""

from __future__ import annotations

import argparse

import pytest

from assistant.cli.main import main
from assistant.engine.spelling import repair
from assistant.errors import SettingsError
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


@pytest.mark.parametrize("variable,raw,message", [
    ("SHARECHECK_TOP_K", "0", "SHARECHECK_TOP_K=0 is out of range; give a whole number of at least 1, "
                              "e.g. SHARECHECK_TOP_K=4"),
    ("SHARECHECK_TOP_K", "-3", "SHARECHECK_TOP_K=-3 is out of range; give a whole number of at least 1, "
                               "e.g. SHARECHECK_TOP_K=4"),
    ("SHARECHECK_MAX_QUESTION_CHARS", "0", "SHARECHECK_MAX_QUESTION_CHARS=0 is out of range; give a whole number "
                                           "of at least 1, e.g. SHARECHECK_MAX_QUESTION_CHARS=4000"),
    ("SHARECHECK_PORT", "0", "SHARECHECK_PORT=0 is out of range; give a whole number from 1 to 65535, "
                             "e.g. SHARECHECK_PORT=7860"),
    ("SHARECHECK_PORT", "65536", "SHARECHECK_PORT=65536 is out of range; give a whole number from 1 to 65535, "
                                 "e.g. SHARECHECK_PORT=7860"),
    ("SHARECHECK_PORT", "http", "SHARECHECK_PORT='http' is not a whole number; give one from 1 to 65535, "
                                "e.g. SHARECHECK_PORT=7860"),
    ("SHARECHECK_TOP_K", "4.5", "SHARECHECK_TOP_K='4.5' is not a whole number; give one of at least 1, "
                                "e.g. SHARECHECK_TOP_K=4"),
    ("SHARECHECK_AUDIT_LOG", "sometimes", "SHARECHECK_AUDIT_LOG='sometimes' is neither on nor off; give 1 or 0 "
                                          "(or true/false, yes/no, on/off), e.g. SHARECHECK_AUDIT_LOG=0"),
    ("SHARECHECK_INDEX_DIR", "", f"SHARECHECK_INDEX_DIR is set but empty; give a folder, e.g. SHARECHECK_INDEX_DIR="
                                 f"{REPO_ROOT / 'var' / 'index'}, or unset it to use that default"),
])
def test_a_bad_setting_exits_2_naming_the_variable_and_a_good_value(monkeypatch, capsys, variable, raw, message):
    monkeypatch.setenv(variable, raw)
    with pytest.raises(SettingsError) as caught:
        Settings.from_env()
    assert str(caught.value) == message
    assert main(["ask", "ICE wants an address"]) == 2  # before any model or index is loaded
    assert capsys.readouterr().err == f"sharecheck: {message}\n"


def test_overrides_are_checked_like_variables():
    with pytest.raises(SettingsError, match="^SHARECHECK_TOP_K=0 is out of range"):
        Settings.from_env(top_k=0)
    with pytest.raises(SettingsError, match="^SHARECHECK_PORT='80' is not a whole number"):
        Settings.from_env(port="80")
    assert Settings.from_env(top_k=1, port=65535).port == 65535


@pytest.mark.parametrize("port,message", [("0", "0 is out of range"), ("99999", "99999 is out of range"),
                                          ("web", "'web' is not a whole number")])
def test_serve_port_option_is_checked_before_anything_starts(capsys, port, message):
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--port", port])
    assert caught.value.code == 2
    assert capsys.readouterr().err.endswith(f"argument --port: {message}; give a port from 1 to 65535, "
                                            "e.g. --port 7861\n")
