"""``corpus/edition.yaml``: the date the law restated in the corpus is current to ("Law as of <date>").

Shape of the file (one key; anything else is refused, so a typo cannot hide the date)::

    law_as_of: 2026-12-01    # YYYY-MM-DD, the date the restatements were last brought up to date

``load_edition(corpus_dir)`` → ``Edition(law_as_of=date(2026, 12, 1))``; every problem is a CorpusError
naming the file and line. The app, the CLI answer and the JSON answer (``law_as_of``) show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from assistant.errors import CorpusError

EDITION_FILE = "edition.yaml"
EXAMPLE = "law_as_of: 2026-12-01"
STRING_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml's C parser when built with it


@dataclass(frozen=True)
class Edition:
    """What the corpus says about its own currency."""

    law_as_of: date

    @property
    def label(self) -> str:
        """The date as the app and CLI write it: ``date(2026, 12, 1)`` → ``"Law as of 1 December 2026"``."""
        return law_as_of_label(self.law_as_of.isoformat())


def law_as_of_label(iso: str) -> str:
    """``"2026-12-01"`` (an Answer's ``law_as_of``) → ``"Law as of 1 December 2026"``; ``""`` for ``""``
    or a value that is not a date (an answer built without an edition shows no line)."""
    try:
        when = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    return f"Law as of {when.day} {when:%B %Y}"


def _line_of(lines: list[str], key: str) -> int:
    """1-based line where ``key:`` starts, or 1."""
    for number, line in enumerate(lines, start=1):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return 1


def load_edition(corpus_dir: Path) -> Edition:
    """The Edition of ``corpus_dir/edition.yaml``. Raises CorpusError (``file:line: what is wrong``) when
    the file is missing, is not YAML, has a key other than ``law_as_of``, or its date is not YYYY-MM-DD."""
    path = corpus_dir / EDITION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError([f"{path}:1: cannot read the corpus edition ({exc}); write one line: {EXAMPLE}"]) from exc
    lines = text.splitlines()
    try:  # every scalar as written (no implicit dates), so 2026-13-01 is reported, not a crash
        data = yaml.load(text, Loader=STRING_LOADER)  # noqa: S506 - BaseLoader builds only str, list, dict
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise CorpusError([f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)}); e.g. {EXAMPLE}"]) from exc
    if not isinstance(data, dict) or "law_as_of" not in data:
        raise CorpusError([f"{path}:1: needs the date the law is current to, e.g. {EXAMPLE}"])
    problems = [f"{path}:{_line_of(lines, str(key))}: unknown key {key!r}; the only key is law_as_of"
                for key in data if key != "law_as_of"]
    value = data["law_as_of"]
    when = None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            when = date.fromisoformat(value)
        except ValueError:
            when = None
    if when is None:
        problems.append(f"{path}:{_line_of(lines, 'law_as_of')}: law_as_of {value!r} is not a date written "
                        f"YYYY-MM-DD; e.g. {EXAMPLE}")
    if problems or when is None:
        raise CorpusError(problems)
    return Edition(law_as_of=when)
