"""``sharecheck serve`` on a fresh machine: no index yet → it builds one, then serves (never a traceback)."""

from __future__ import annotations

import argparse

import pytest


def test_serve_builds_the_missing_index_then_launches(tmp_path, monkeypatch, capsys):
    import assistant.ui.app as app_module
    from assistant.cli.serve import cmd_serve
    from assistant.knowledge.index import read_manifest

    launched = []
    monkeypatch.setattr(app_module, "launch", lambda settings: launched.append(settings))
    monkeypatch.setenv("SHARECHECK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SHARECHECK_EMBEDDER", "hash")
    monkeypatch.setenv("SHARECHECK_PARAPHRASES_DIR", str(tmp_path / "no-paraphrases"))  # no classifier: a quick build
    monkeypatch.delenv("SHARECHECK_INDEX_DIR", raising=False)
    assert cmd_serve(argparse.Namespace(port=0)) == 0
    assert read_manifest(tmp_path / "index")["sections"] > 100
    assert [s.index_dir for s in launched] == [tmp_path / "index"]
    assert "no index at" in capsys.readouterr().err


def test_serve_with_a_broken_corpus_says_what_is_wrong(tmp_path, monkeypatch, corpus_copy):
    from assistant.cli.main import main

    (corpus_copy / "documents" / "stray.txt").write_text("not a document", encoding="utf-8")
    monkeypatch.setenv("SHARECHECK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SHARECHECK_CORPUS_DIR", str(corpus_copy))
    monkeypatch.setenv("SHARECHECK_EMBEDDER", "hash")
    monkeypatch.delenv("SHARECHECK_INDEX_DIR", raising=False)
    assert main(["serve"]) == 2
    assert not (tmp_path / "index").exists()


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01"])
def test_a_bad_setting_is_exit_2_not_a_traceback(monkeypatch, capsys, value):
    from assistant.cli.main import main

    monkeypatch.setenv("SHARECHECK_TODAY", value)
    assert main(["serve"]) == 2
    assert "SHARECHECK_TODAY" in capsys.readouterr().err
