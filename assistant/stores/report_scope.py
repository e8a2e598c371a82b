"""Which request records the N.Y.C. Admin. Code § 10-178(d) quarterly report counts, read from
``corpus/report-scope.yaml``: requests from a federal immigration authority, or for an immigration
purpose (§ 10-178(d): "intended to further immigration enforcement"). The counts are quarterly.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from assistant.settings import Settings

SCOPE_FILE = "report-scope.yaml"


class RecordLike(Protocol):
    """What the scope reads of a request record (stores/records.py RequestRecord)."""

    @property
    def agency(self) -> str: ...

    @property
    def immigration(self) -> bool: ...


@dataclass(frozen=True)
class ReportScope:
    """What the quarterly report counts: ``authorities`` (agency codes) and ``purposes`` (purpose values)."""

    provision: str
    authorities: frozenset[str]
    purposes: frozenset[str]

    def basis(self, record: RecordLike) -> str:
        """Why ``record`` is counted — "immigration authority" or "immigration purpose" — or "" when not."""
        if record.agency in self.authorities:
            return "immigration authority"
        return "immigration purpose" if record.immigration else ""

    def label(self, basis: str) -> str:
        """``"N.Y.C. Admin. Code § 10-178(d): immigration authority"`` (the export's ``counted_under``)."""
        return f"{self.provision}: {basis}"

    def immigration_purpose(self, purposes: list[str]) -> bool:
        """True when any of a request's ``purposes`` (slot values) is immigration enforcement."""
        return any(p in self.purposes for p in purposes)


def load_scope(corpus_dir: Path | None = None) -> ReportScope:
    """The ReportScope of ``corpus_dir/report-scope.yaml`` (default: the settings' corpus).

    Its agency codes are those of stores/records.py AGENCIES (tests/test_records.py holds them to it).
    """
    return _load((corpus_dir or Settings.from_env().corpus_dir).resolve())


@lru_cache(maxsize=4)
def _load(corpus_dir: Path) -> ReportScope:
    path = corpus_dir / SCOPE_FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    authorities = frozenset(str(a) for a in raw["immigration_authorities"])
    return ReportScope(str(raw["provision"]), authorities, frozenset(str(p) for p in raw["immigration_purposes"]))


