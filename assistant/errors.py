"""ShareCheck's error family: every error a user or caller can meet, under one base class.

Each class also keeps the built-in base it always had (ValueError, RuntimeError, OSError), so code
that caught those still works. An error that gathers several problems (a corpus, a rule table, a
scenario library) carries them in ``problems`` and renders them with ``format_problems``::

    corpus is invalid:
      corpus/documents/ac-14-154.md:3: front matter field 'status' ...
      corpus/rules.yaml:97: rule agreement-287g: unknown fact slot 'requestor'
"""

from __future__ import annotations

from collections.abc import Iterable


def format_problems(title: str, problems: Iterable[str]) -> str:
    """``title`` + ":" and one indented line per problem, in the order given.

    ``format_problems("rule table is invalid", ["a", "b"])`` → ``"rule table is invalid:\\n  a\\n  b"``.
    """
    return title + ":\n  " + "\n  ".join(str(p) for p in problems)


class ShareCheckError(Exception):
    """Base of every ShareCheck error. The message says what was wrong and what to do."""


class ProblemsError(ShareCheckError, ValueError):
    """Several problems found at once; ``problems`` lists each (``file:line: what is wrong``)."""

    title = "input is invalid"

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(format_problems(self.title, self.problems))


class CorpusError(ProblemsError):
    """The corpus (documents, lexicon, slot table, derived facts) is invalid."""

    title = "corpus is invalid"


class AuditError(ProblemsError):
    """``corpus/AUDIT.md`` has a finding row ShareCheck cannot read (unknown severity, status or document)."""

    title = "audit record is invalid"


class RuleTableError(ProblemsError):
    """The rule table is malformed or cites something the corpus lacks."""

    title = "rule table is invalid"


class ScenarioError(ProblemsError):
    """A scenario file is malformed; each problem names file, step and field."""

    title = "scenarios are invalid"


class QuestionError(ShareCheckError, ValueError):
    """The question cannot be answered as given; the message says what to change."""


class IndexMissingError(ShareCheckError, RuntimeError):
    """No complete index at the expected place; the message says to run ``sharecheck index``."""


class ModelMissingError(ShareCheckError, RuntimeError):
    """The embedding model is not installed; the message says which package to install."""


class AnswerCheckError(ShareCheckError, ValueError):
    """An answer broke a citation rule; the message lists each broken sentence or citation."""


class LLMConfigError(ShareCheckError, RuntimeError):
    """The optional rephrasing model is configured in a way that cannot work."""


class IngestError(ShareCheckError, ValueError):
    """An official text cannot be read or split; the message names the file."""


class TrainingDataError(ShareCheckError, ValueError):
    """A paraphrase file is malformed; the message names the file, the example and the field."""


class CaseError(ShareCheckError, ValueError):
    """An evaluation case file is missing or malformed; the message names the file and the case."""


class RecordError(ShareCheckError, ValueError):
    """A request record or filter the member must correct; the message says which field and how."""


class ScoreError(ShareCheckError, ValueError):
    """An evaluator's score cannot be recorded as given; the message says what is missing."""


class StoreError(ShareCheckError, RuntimeError):
    """The local database cannot be opened or upgraded; the message names the file and what to do."""


class SettingsError(ShareCheckError, ValueError):
    """A SHARECHECK_* variable (or a Settings override) holds a value ShareCheck cannot use.

    The message names the variable, the value given and an example of a good one.
    """


class UsageError(ShareCheckError):
    """A command-line problem the user can fix; printed without a traceback, exit code 2."""


__all__ = [
    "AnswerCheckError", "AuditError", "CaseError", "CorpusError", "IndexMissingError", "IngestError",
    "LLMConfigError", "ModelMissingError", "ProblemsError", "QuestionError", "RecordError", "RuleTableError",
    "ScenarioError", "ScoreError", "SettingsError", "ShareCheckError", "StoreError", "TrainingDataError",
    "UsageError",
    "format_problems",
]
