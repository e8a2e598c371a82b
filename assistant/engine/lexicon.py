"""The field's vocabulary (``corpus/lexicon.yaml``): patterns that turn words into fact-slot values.

For each slot the values are tried in the order written and the first whose pattern matches wins,
so the lexicon lists the safer or more specific reading first. Patterns are Python regexes over
``normalize``-d text (lower case, straight quotes, single spaces). Every value must be declared in
the slot table (``corpus/slots.yaml``); ``load_lexicon`` refuses one that is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.engine.slots import load_slots
from assistant.errors import CorpusError

LEXICON_FILE = "lexicon.yaml"
# Cue lists that are plain pattern lists; the rest of the file has its own shape.
SPECIAL_KEYS = {"slots", "denied_mention", "typo_vocabulary_extra", "info_topics", "fragments", "masks", "yielding",
                "immigration_requesters"}
# ``<<name>>`` in a pattern stands for the fragment ``name`` (a shared alternation, e.g. the crimes of
# the § 14-154(a)(6) list), so a long list is written once and read the same everywhere.
FRAGMENT = re.compile(r"<<([a-z_]+)>>")


def normalize(text: str) -> str:
    """Lower-case, straight quotes, unicode dashes to '-', control characters dropped, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\bi\.c\.e\.?(?=\W|$)", "ice", text, flags=re.IGNORECASE)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.lower().split())


def first(patterns: list[re.Pattern], text: str) -> re.Match | None:
    """The first match of the first pattern that matches ``text``, or None."""
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon of one corpus folder.

    ``cues[name]`` are the pattern lists (``domain``, ``info_cues``, ``negations`` …); ``slots[slot]``
    is ``[(value, [patterns])]`` in priority order; ``info_topics`` is ``[(pattern, [doc#pinpoint])]``.
    """

    cues: dict[str, list[re.Pattern]]
    slots: dict[str, list[tuple[str, list[re.Pattern]]]]
    denied_mention: re.Pattern
    info_topics: list[tuple[re.Pattern, list[str]]]
    typo_words: tuple[str, ...]
    raw_slots: dict[str, dict[str, list[str]]]
    masks: dict[str, list[re.Pattern]]
    raw_fragments: dict[str, str]
    yielding: dict[str, tuple[str, ...]]  # action → the actions it yields to; "*" → yields to any other
    immigration_requesters: frozenset[str] = frozenset()  # requester values that are immigration agencies
    # A requester value and the more specific ones it covers (slots.yaml requester.broader: dhs → Secret Service …)
    broader: dict[str, tuple[str, ...]] | None = None

    def cue(self, name: str) -> list[re.Pattern]:
        return self.cues.get(name, [])

    def denied(self, text: str, start: int) -> bool:
        """True when the words just before ``start`` deny the mention ("not ICE", "forget ICE")."""
        return bool(self.denied_mention.search(text[max(0, start - 40):start]))


def load_lexicon(corpus_dir: Path) -> Lexicon:
    """The lexicon of ``corpus_dir`` (cached per folder). Raises CorpusError for a bad pattern or value."""
    return _load(corpus_dir.resolve())


@lru_cache(maxsize=8)
def _load(corpus_dir: Path) -> Lexicon:
    path = corpus_dir / LEXICON_FILE
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError([f"{path}: cannot read the lexicon ({exc})"]) from exc
    slot_table = load_slots(corpus_dir)
    declared = slot_table.allowed_values()
    problems: list[str] = []
    own_fragments = {str(k): str(v) for k, v in (raw.get("fragments") or {}).items()}
    # <<place>>: another city, state, county or country, from the one list jurisdictions.yaml keeps
    # (not a repair target for the speller, so it is not among the lexicon's own fragments).
    fragments = {**own_fragments, "place": _places(corpus_dir)}

    def expand(pattern: str, where: str) -> str:
        def one(m: re.Match) -> str:
            if m.group(1) not in fragments:
                problems.append(f"{path}: {where}: unknown fragment <<{m.group(1)}>>")
                return ""
            return f"(?:{expand(fragments[m.group(1)], where)})"
        return FRAGMENT.sub(one, pattern)

    def compile_all(patterns: list[str], where: str) -> list[re.Pattern]:
        out = []
        for p in patterns:
            try:
                out.append(re.compile(expand(str(p), where)))
            except re.error as exc:
                problems.append(f"{path}: {where}: pattern {p!r} is not a valid regex ({exc})")
        return out

    cues = {k: compile_all(v, k) for k, v in raw.items() if isinstance(v, list) and k not in SPECIAL_KEYS}
    slots: dict[str, list[tuple[str, list[re.Pattern]]]] = {}
    for slot, values in raw["slots"].items():
        if slot not in declared:
            problems.append(f"{path}: slot {slot!r} is not declared in slots.yaml")
            continue
        for value in values:
            if str(value) not in declared[slot]:
                problems.append(f"{path}: {slot} value {value!r} is not declared in slots.yaml")
        slots[slot] = [(str(value), compile_all(pats, f"{slot}.{value}")) for value, pats in values.items()]
    topics = [(re.compile(t["pattern"]), list(t["cite"])) for t in raw.get("info_topics", [])]
    masks = {str(slot): compile_all(pats, f"masks.{slot}") for slot, pats in (raw.get("masks") or {}).items()}
    for key, values in (raw.get("yielding") or {}).items():
        for value in ([key] if key != "*" else []) + list(values):
            if str(value) not in declared.get("action", set()):
                problems.append(f"{path}: yielding: {value!r} is not a declared action")
    problems += [f"{path}: masks: slot {slot!r} is not declared in slots.yaml"
                 for slot in masks if slot not in declared]
    if problems:
        raise CorpusError(problems)
    return Lexicon(cues=cues, slots=slots, denied_mention=re.compile(raw["denied_mention"]), info_topics=topics,
                   typo_words=tuple(raw.get("typo_vocabulary_extra", [])), raw_slots=raw["slots"], masks=masks,
                   raw_fragments=own_fragments,
                   yielding={str(k): tuple(map(str, v)) for k, v in (raw.get("yielding") or {}).items()},
                   immigration_requesters=frozenset(map(str, raw.get("immigration_requesters") or [])),
                   broader=dict(slot_table.slots["requester"].broader) if "requester" in slot_table.slots else {})


def _places(corpus_dir: Path) -> str:
    """The alternation of jurisdictions.yaml's ``places`` (empty-matching nothing when the file lacks them)."""
    try:
        raw = yamldata.load((corpus_dir / "jurisdictions.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return "(?!x)x"
    return "|".join(f"(?:{p})" for p in raw.get("places") or []) or "(?!x)x"
