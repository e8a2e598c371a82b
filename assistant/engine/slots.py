"""The slot table (``corpus/slots.yaml``): every fact slot, its values, and which values change a verdict.

Declared once and read by the lexicon (its values must be declared), the classifier (it learns
these values), ``Facts.as_dict`` (slot order) and rule validation (``check_when``: a rule naming an
unknown slot or value is rejected by ``sharecheck index`` instead of silently never matching).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.errors import CorpusError

SLOTS_FILE = "slots.yaml"
# Values every rule may use beside the declared ones (DESIGN §1: a fact may be unknown).
META_VALUES = {"unknown", "known"}
COMPARISON = re.compile(r"^(<=|>=|<|>|==)\s*(\$?[a-z_0-9]+)$")


@dataclass(frozen=True)
class Slot:
    """One slot: ``values`` maps each value to its meaning; ``decisive`` the values that can change a verdict.

    ``kind`` is ``value`` (one of ``values``), ``flag`` (true/false) or ``number`` (a whole number).
    """

    name: str
    about: str
    values: dict[str, str]
    decisive: frozenset[str]
    kind: str = "value"
    broader: dict[str, tuple[str, ...]] = field(default_factory=dict)  # value → the narrower values it covers


@dataclass(frozen=True)
class SlotTable:
    """The loaded table, slots in declared order."""

    slots: dict[str, Slot]
    path: Path

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.slots)

    def allowed_values(self) -> dict[str, set[str]]:
        """{slot: its declared values}, for the classifier's labels and the lexicon check."""
        return {name: set(slot.values) for name, slot in self.slots.items()}

    def check_value(self, slot: str, value: object, where: str, constants: dict[str, int] | None = None) -> list[str]:
        """Problems with ``value`` as written in a rule's ``when`` for ``slot`` (``[]`` when fine).

        Accepts a declared value, ``unknown``/``known``, a ``!``-negated one, a ``@group`` (checked
        by the caller), ``true``/``false`` for flags and a comparison (``"> $look_back_years"``) for numbers.
        """
        if slot not in self.slots:
            return [f"{where}: unknown fact slot {slot!r}"]
        spec = self.slots[slot]
        raw = str(value).lower() if isinstance(value, bool) else str(value)
        name = raw[1:] if raw.startswith("!") else raw
        if name.startswith("@") or name in META_VALUES:
            return []
        if spec.kind == "flag" and name in ("true", "false"):
            return []
        if spec.kind == "number":
            m = COMPARISON.match(name)
            if not m:
                return [f"{where}: {slot} takes a comparison such as '> $look_back_years', not {raw!r}"]
            operand = m.group(2)
            if operand.startswith("$") and operand[1:] not in (constants or {}):
                return [f"{where}: {slot}: unknown constant {operand!r}; define it under constants in derived.yaml"]
            if not operand.startswith("$") and not operand.isdigit():
                return [f"{where}: {slot}: {operand!r} is not a number or a $constant"]
            return []
        if name not in spec.values:
            return [f"{where}: {slot} has no value {name!r}; use one of: {', '.join(spec.values)}"]
        return []


def load_slots(corpus_dir: Path) -> SlotTable:
    """The slot table of ``corpus_dir`` (cached per folder). Raises CorpusError naming file and slot."""
    return _load((corpus_dir / SLOTS_FILE).resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> SlotTable:
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError([f"{path}: cannot read the slot table ({exc})"]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("slots"), dict):
        raise CorpusError([f"{path}:1: expected a mapping with a 'slots' mapping"])
    slots: dict[str, Slot] = {}
    problems: list[str] = []
    for name, spec in raw["slots"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
            problems.append(f"{path}: slot {name!r} needs 'about' and a 'values' mapping")
            continue
        values = {str(v).lower() if isinstance(v, bool) else str(v): str(meaning or "")
                  for v, meaning in spec["values"].items()}
        quiet = {str(v) for v in spec.get("not_decisive", [])}
        unknown = quiet - set(values)
        if unknown:
            problems.append(f"{path}: slot {name!r}: not_decisive names undeclared values {sorted(unknown)}")
        kind = str(spec.get("kind", "value"))
        if kind not in ("value", "flag", "number"):
            problems.append(f"{path}: slot {name!r}: kind must be value, flag or number")
        broader = {str(k): tuple(map(str, v)) for k, v in (spec.get("broader") or {}).items()}
        stray = {v for k, vs in broader.items() for v in (k, *vs)} - set(values)
        if stray:
            problems.append(f"{path}: slot {name!r}: broader names undeclared values {sorted(stray)}")
        slots[str(name)] = Slot(str(name), str(spec.get("about", "")), values, frozenset(set(values) - quiet), kind,
                                broader)
    if problems:
        raise CorpusError(problems)
    return SlotTable(slots, path)
