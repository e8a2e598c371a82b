"""Derived facts (``corpus/derived.yaml``): facts that follow from other facts, and the legal constants.

An ERO request implies a civil-immigration purpose; a violent conviction older than the
§ 14-154(a)(2)(ii) look-back is ``violent_old``. The entries are data, evaluated in order by the rule
matcher (rules.py ``matches``); a derived fact never overrides a stated one (its ``when`` asks for the
slot to be ``unknown`` or for the value it replaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant import yamldata
from assistant.domain import Facts
from assistant.engine.rules import matches, parse_when
from assistant.engine.slots import load_slots
from assistant.errors import CorpusError

DERIVED_FILE = "derived.yaml"
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class Derivation:
    """One entry: when ``when`` matches, set ``values`` with ``confidence`` and the ``evidence`` template."""

    id: str
    when: tuple[dict[str, tuple[Any, ...]], ...]
    values: dict[str, object]
    confidence: float
    evidence: str


@dataclass(frozen=True)
class DerivedFacts:
    """The loaded table: ``constants`` (e.g. ``look_back_years``) and the ordered derivations."""

    constants: dict[str, int]
    derivations: tuple[Derivation, ...]

    def apply(self, facts: Facts, text: str, today: date) -> None:
        """Add the derived facts to ``facts`` in place; ``text`` is the normalised question, ``today`` the date.

        ``conviction_age`` (years from the most recent year named to ``today``) is measured first,
        when the question states a criminal history, so entries can compare it with a constant.
        """
        years = [int(y) for y in YEAR.findall(text)]
        if years and facts.criminal_history is not None and facts.conviction_age is None:
            facts.conviction_age = today.year - max(years)
            facts.evidence["conviction_age"] = f"{max(years)}, the most recent year named"
        for d in self.derivations:
            if not matches(d.when, facts, {}, self.constants):
                continue
            words = {slot: facts.evidence.get(slot, str(getattr(facts, slot))) for slot in facts.known()}
            words.update({slot: str(getattr(facts, slot)) for slot in ("conviction_age",)
                          if facts.conviction_age is not None})
            words.update({k: str(v) for k, v in self.constants.items()})
            for slot, value in d.values.items():
                setattr(facts, slot, value)
                facts.evidence[slot] = d.evidence.format_map(_Missing(words))
                facts.confidence[slot] = d.confidence
                facts.derived.add(slot)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return key.replace("_", " ")


def load_derived(corpus_dir: Path) -> DerivedFacts:
    """The derived-fact table of ``corpus_dir`` (cached per folder). Raises CorpusError listing problems."""
    return _load(corpus_dir.resolve())


@lru_cache(maxsize=8)
def _load(corpus_dir: Path) -> DerivedFacts:
    path = corpus_dir / DERIVED_FILE
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError([f"{path}: cannot read the derived facts ({exc})"]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("derived"), list):
        raise CorpusError([f"{path}:1: expected a mapping with 'constants' and a 'derived' list"])
    problems: list[str] = []
    constants: dict[str, int] = {}
    for name, value in (raw.get("constants") or {}).items():
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: constant {name!r} must be a whole number, not {value!r}")
        else:
            constants[str(name)] = value
    slots = load_slots(corpus_dir)
    derivations = []
    for number, item in enumerate(raw["derived"], start=1):
        where = f"{path}: derived #{number} ({item.get('id', 'no id') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict) or not item.get("id") or not isinstance(item.get("set"), dict):
            problems.append(f"{where}: needs id, when and set")
            continue
        when = parse_when(item.get("when", {}), where, {}, slots, problems, constants)
        for slot, value in item["set"].items():
            problems += slots.check_value(slot, value, f"{where}: set", constants)
        confidence = item.get("confidence", 0.7)
        if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
            problems.append(f"{where}: confidence must be a number in (0, 1]")
            confidence = 0.7
        derivations.append(Derivation(str(item["id"]), when, dict(item["set"]), float(confidence),
                                      str(item.get("evidence", "derived"))))
    if problems:
        raise CorpusError(problems)
    return DerivedFacts(constants, tuple(derivations))
