"""Other jurisdictions (``corpus/jurisdictions.yaml``): a question about another place's rules is outside scope.

ShareCheck answers for New York City. "In New Jersey can local cops hold on a detainer?" asks about
New Jersey's rules; "Can we hold him on the New Jersey warrant?" is an NYPD question with a fact from
elsewhere. The test is the question's form: it asks what the rules or practice *there* are, and the
member or NYPD is not the one acting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.engine.text import TextView
from assistant.errors import CorpusError

JURISDICTIONS_FILE = "jurisdictions.yaml"


@dataclass(frozen=True)
class Jurisdictions:
    """Compiled patterns: ``about_rules`` and ``foreign_laws`` (asking about elsewhere), ``ours`` (NYPD acts),
    ``speaker`` (the asker works for another agency)."""

    about_rules: tuple[re.Pattern, ...]
    foreign_laws: tuple[re.Pattern, ...]
    ours: tuple[re.Pattern, ...]
    where_to_ask: str
    speaker: tuple[re.Pattern, ...] = ()

    def elsewhere(self, view: TextView) -> str | None:
        """The words that show the question is about another jurisdiction's rules, or None."""
        for pattern in self.speaker:
            hit = pattern.search(view.text)
            if hit:
                return hit.group(0)  # "we" is the asker's own agency, so `ours` does not apply
        for pattern in self.about_rules + self.foreign_laws:
            hit = pattern.search(view.text)
            if hit:
                if any(p.search(view.text) for p in self.ours):
                    return None
                return hit.group(0)
        return None


def load_jurisdictions(corpus_dir: Path) -> Jurisdictions:
    """The jurisdiction patterns of ``corpus_dir`` (cached per folder). Raises CorpusError for a bad pattern."""
    return _load(corpus_dir.resolve())


@lru_cache(maxsize=8)
def _load(corpus_dir: Path) -> Jurisdictions:
    path = corpus_dir / JURISDICTIONS_FILE
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
        place = "(?:" + "|".join(f"(?:{p})" for p in raw["places"]) + ")"

        def compile_all(key: str) -> tuple[re.Pattern, ...]:
            return tuple(re.compile(str(p).replace("<<place>>", place)) for p in raw.get(key) or [])

        return Jurisdictions(compile_all("about_rules"), compile_all("foreign_laws"), compile_all("ours"),
                             str(raw["where_to_ask"]).strip(), compile_all("speaker"))
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise CorpusError([f"{path}: cannot read the jurisdiction patterns ({exc})"]) from exc
