"""Facts → Decision through the rule table in ``corpus/rules.yaml`` (DESIGN §1, step 2).

The table is data: an ordered list of rules, first match wins. This module only loads it,
checks it against the corpus, and matches facts to it; the legal content lives in the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant import yamldata
from assistant.domain import VERDICTS, CitationRef, Decision, Facts, Reason
from assistant.engine.slots import COMPARISON, SlotTable, load_slots
from assistant.errors import CorpusError, RuleTableError
from assistant.settings import Settings

# A "permitted" resting on a fact the extractor is unsure of becomes "review": a wrong yes is the
# one error that can put a person in removal proceedings (DESIGN §2, dangerous error).
PERMIT_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Rule:
    """One row of the table. ``when`` is a tuple of alternatives, each a slot → allowed-values map."""

    id: str
    when: tuple[dict[str, tuple[Any, ...]], ...]
    verdict: str
    summary: str
    reasons: tuple[Reason, ...]
    conditions: tuple[Reason, ...]
    actions: tuple[str, ...]
    followups: tuple[str, ...]
    line: int
    explains: tuple[str, ...] = ()  # immigration-signal kinds a permitted rule's own facts account for

    def matches(self, facts: Facts, groups: dict[str, list[str]]) -> bool:
        return matches(self.when, facts, groups)

    def matched_slots(self, facts: Facts, groups: dict[str, list[str]]) -> list[str]:
        """The known slots the first matching alternative depends on.

        A slot the alternative would match without (its values admit ``unknown``, or only exclude
        others: "not ICE") is not something the decision rests on.
        """
        for alt in self.when:
            if _alternative_matches(alt, facts, groups):
                return [slot for slot in alt
                        if getattr(facts, slot) is not None
                        and not _alternative_matches(alt, facts.copy(**{slot: None}), groups)]
        return []

    def why_not(self, facts: Facts, groups: dict[str, list[str]]) -> str:
        """The first unmet condition of each alternative, joined with "; or "."""
        return "; or ".join(m for alt in self.when if (m := _first_mismatch(alt, facts, groups)))


def _expand(values: tuple[Any, ...], groups: dict[str, list[str]]) -> tuple[set[Any], set[Any]]:
    allowed: set[Any] = set()
    denied: set[Any] = set()
    for v in values:
        target = denied if isinstance(v, str) and v.startswith("!") else allowed
        name = v[1:] if isinstance(v, str) and v.startswith("!") else v
        if isinstance(name, str) and name.startswith("@"):
            target.update(groups[name[1:]])
        else:
            target.add(name)
    return allowed, denied


def _alternative_matches(alt: dict[str, tuple[Any, ...]], facts: Facts, groups: dict[str, list[str]]) -> bool:
    return _first_mismatch(alt, facts, groups) is None


def _first_mismatch(alt: dict[str, tuple[Any, ...]], facts: Facts, groups: dict[str, list[str]],
                    constants: dict[str, int] | None = None) -> str | None:
    """Why ``alt`` does not match, e.g. "action is hold, not one of share_release_date"; None if it does.

    A value such as ``"> $look_back_years"`` compares a number slot with a constant (derived facts).
    """
    for slot, values in alt.items():
        value = getattr(facts, slot)
        comparisons = [v for v in values if isinstance(v, str) and COMPARISON.match(v)]
        if comparisons:
            for spec in comparisons:
                if value is None or not _compare(value, spec, constants or {}):
                    return f"{slot} is {'unknown' if value is None else value}, not {spec}"
            continue
        allowed, denied = _expand(values, groups)
        token = "unknown" if value is None else value
        if value in denied or (value is None and "unknown" in denied):
            return f"{slot} is {token}, which this rule excludes"
        if allowed and token not in allowed and not (value is not None and "known" in allowed):
            wanted = ", ".join(sorted(str(v) for v in allowed))
            return f"{slot} is {token}, not {wanted}"
    return None


def _compare(value: object, spec: str, constants: dict[str, int]) -> bool:
    op, operand = COMPARISON.match(spec).groups()  # type: ignore[union-attr]
    limit = constants[operand[1:]] if operand.startswith("$") else int(operand)
    number = int(value)  # type: ignore[call-overload]
    return {"<": number < limit, "<=": number <= limit, ">": number > limit, ">=": number >= limit,
            "==": number == limit}[op]


def matches(when: tuple[dict[str, tuple[Any, ...]], ...], facts: Facts, groups: dict[str, list[str]],
            constants: dict[str, int] | None = None) -> bool:
    """True when any alternative of ``when`` matches ``facts`` (the matcher rules and derived facts share)."""
    return any(_first_mismatch(alt, facts, groups, constants) is None for alt in when)


@dataclass(frozen=True)
class RuleTable:
    """The loaded table: groups, the action vocabulary and the ordered rules."""

    groups: dict[str, list[str]]
    actions: dict[str, tuple[str, tuple[CitationRef, ...]]]
    rules: tuple[Rule, ...]

    def decide(self, facts: Facts) -> Decision:
        """The first matching rule's decision. The table ends with a rule that matches anything."""
        considered: list[tuple[str, str]] = []
        for rule in self.rules:
            if rule.matches(facts, self.groups):
                decision = Decision(verdict=rule.verdict, rule_id=rule.id, summary=rule.summary,
                                    reasons=rule.reasons, actions=rule.actions, followups=rule.followups,
                                    conditions=rule.conditions, considered=tuple(considered),
                                    relies_on=tuple(rule.matched_slots(facts, self.groups)),
                                    explains=rule.explains)
                unsure = [slot for slot in rule.matched_slots(facts, self.groups)
                          if facts.confidence.get(slot, 1.0) < PERMIT_CONFIDENCE]
                return _unsure(decision, facts, unsure) if rule.verdict == "permitted" and unsure else decision
            considered.append((rule.id, rule.why_not(facts, self.groups)))
        raise RuleTableError(["no rule matched; the table must end with a catch-all rule (when: {})"])

    def citations(self) -> list[tuple[str, CitationRef]]:
        """Every (where, citation) the table uses, for validation against the corpus."""
        out = [(f"action {key}", ref) for key, (_, refs) in self.actions.items() for ref in refs]
        for rule in self.rules:
            for part in rule.reasons + rule.conditions:
                out.extend((f"rule {rule.id} (line {rule.line})", ref) for ref in part.cites)
        return out


def _unsure(decision: Decision, facts: Facts, slots: list[str]) -> Decision:
    """Downgrade a "permitted" that rests on low-confidence facts to "review", asking to confirm them."""
    read = ", ".join(f"{slot.replace('_', ' ')}: {str(getattr(facts, slot)).replace('_', ' ')}" for slot in slots)
    cites = decision.reasons[0].cites if decision.reasons else ()
    condition = Reason(f"If ShareCheck read the question right ({read}), the answer is: {decision.summary}", cites)
    return Decision(verdict="review", rule_id=f"{decision.rule_id}:unsure",
                    summary="Probably permitted, but ShareCheck is not sure it read the question right; "
                            "confirm the facts first.",
                    reasons=decision.reasons, actions=("supervisor",) + tuple(a for a in decision.actions
                                                                             if a != "supervisor"),
                    followups=(f"Just to be sure: is this about {read}?",) + decision.followups[:1],
                    conditions=(condition,) + decision.conditions, considered=decision.considered)


def _reasons(raw: Any, where: str, problems: list[str]) -> tuple[Reason, ...]:
    out = []
    for item in raw or []:
        if not isinstance(item, dict) or not item.get("text") or not item.get("cite"):
            problems.append(f"{where}: every reason needs text and at least one cite")
            continue
        refs = []
        for ref in item["cite"] if isinstance(item["cite"], list) else [item["cite"]]:
            try:
                refs.append(CitationRef.parse(str(ref)))
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
        out.append(Reason(text=str(item["text"]).strip(), cites=tuple(refs)))
    return tuple(out)


def parse_when(when: Any, where: str, groups: dict[str, list[str]], slots: SlotTable, problems: list[str],
               constants: dict[str, int] | None = None) -> tuple[dict[str, tuple[Any, ...]], ...]:
    """A ``when`` (mapping or list of mappings) as a tuple of alternatives, each slot and value checked
    against the slot table; problems are appended (``where`` prefixes each)."""
    alternatives = when if isinstance(when, list) else [when]
    parsed = []
    for alt in alternatives:
        if not isinstance(alt, dict):
            problems.append(f"{where}: 'when' must be a mapping or a list of mappings")
            continue
        for slot, values in alt.items():
            for v in values if isinstance(values, list) else [values]:
                name = str(v).lstrip("!")
                if name.startswith("@"):
                    if name[1:] not in groups:
                        problems.append(f"{where}: unknown group {name!r}")
                    else:
                        for member in groups[name[1:]]:
                            problems += slots.check_value(slot, member, f"{where}: group {name}", constants)
                    continue
                problems += slots.check_value(slot, v, where, constants)
        parsed.append({s: tuple(v if isinstance(v, list) else [v]) for s, v in alt.items()})
    return tuple(parsed)


def load_rules(path: Path, corpus_dir: Path | None = None) -> RuleTable:
    """Parse and check ``rules.yaml`` against the slot table of ``corpus_dir`` (default: the file's folder).

    Raises RuleTableError with file:line problems: a bad verdict, an unknown slot, value, group or
    action, a reason without a citation.
    """
    if corpus_dir is None:
        # A table kept beside its corpus uses that corpus's slots; a stray table, the settings' corpus.
        corpus_dir = path.parent if (path.parent / "slots.yaml").is_file() else Settings.from_env().corpus_dir
    try:
        slots = load_slots(corpus_dir)
    except CorpusError as exc:
        raise RuleTableError(exc.problems) from exc
    try:
        text = path.read_text(encoding="utf-8")
        raw = yamldata.load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleTableError([f"{path}: cannot read the rule table ({exc})"]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise RuleTableError([f"{path}:1: expected a mapping with a 'rules' list"])
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("- id:"):
            lines[line.split(":", 1)[1].strip()] = number
    problems: list[str] = []
    groups = {k: list(v) if isinstance(v, list) else [v] for k, v in (raw.get("groups") or {}).items()}
    actions = {}
    for key, spec in (raw.get("actions") or {}).items():
        reasons = _reasons([spec], f"{path}: action {key}", problems)
        if reasons:
            actions[key] = (reasons[0].text, reasons[0].cites)
    rules = []
    seen: set[str] = set()
    for number, item in enumerate(raw["rules"], start=1):
        if not isinstance(item, dict):
            problems.append(f"{path}: rule #{number} must be a mapping with id, when, verdict, …")
            continue
        rid = str(item.get("id", ""))
        where = f"{path}:{lines.get(rid, 1)}: rule {rid or '(no id)'}"
        if not rid or rid in seen:
            problems.append(f"{where}: rule ids must be present and unique")
        seen.add(rid)
        if item.get("verdict") not in VERDICTS:
            problems.append(f"{where}: verdict {item.get('verdict')!r} is not one of {list(VERDICTS)}")
        parsed = parse_when(item.get("when", {}), where, groups, slots, problems)
        for key in item.get("actions") or []:
            if key not in actions:
                problems.append(f"{where}: unknown action {key!r}")
        reasons = _reasons(item.get("reasons"), where, problems)
        if item.get("verdict") in ("permitted", "prohibited", "review") and not reasons:
            problems.append(f"{where}: a {item.get('verdict')} rule needs at least one cited reason")
        rules.append(Rule(id=rid, when=tuple(parsed), verdict=str(item.get("verdict")),
                          summary=str(item.get("summary", "")).strip(), reasons=reasons,
                          conditions=_reasons(item.get("conditions"), where, problems),
                          actions=tuple(item.get("actions") or ()),
                          followups=tuple(item.get("followups") or ()), line=lines.get(rid, 1),
                          explains=tuple(str(x) for x in item.get("explains") or ())))
        if item.get("explains") and item.get("verdict") != "permitted":
            problems.append(f"{where}: only a permitted rule explains signals")
    if problems:
        raise RuleTableError(problems)
    return RuleTable(groups=groups, actions=actions, rules=tuple(rules))


def check_citations(table: RuleTable, has_section) -> list[str]:
    """Problems for every cited ``doc#pinpoint`` that ``has_section(doc_id, pinpoint)`` rejects."""
    return [f"{where}: cites {ref}, which is not in the corpus" for where, ref in table.citations()
            if not has_section(ref.doc_id, ref.pinpoint)]
