"""Question (+ earlier turns) → Facts, from the field's lexicon (``assistant/lexicon.yaml``).

Each slot takes the first lexicon value whose pattern matches, values being listed safest or most
specific first. Denials ("no judicial warrant") and informal requests ("ICE called") set ``document``
to ``none`` unless another document is named. Facts
the question leaves open stay ``None`` (unknown) so the rules can ask for them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.domain import Facts, Turn

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
SLOTS = ("requester", "purpose", "document", "action", "subject", "criminal_history", "watch_list",
         "location", "topic")
CORE_SLOTS = ("requester", "purpose", "document", "action")
# Words that mark a turn as building on the last one rather than asking something new.
FOLLOW_UP = re.compile(r"^(what if|and|but|what about|how about|same|also|ok|okay|so|then|instead|it'?s|it is|"
                       r"he|she|they|his|her|their|that|this|suppose|assume|now)\b|\binstead\b|\bsame\b")
LEXICON_CONFIDENCE = 0.95  # a field term matched verbatim
IMPLIED_CONFIDENCE = 0.7   # inferred from another fact, e.g. ERO → civil immigration purpose
# A requester's arm implies a purpose when the question states none (fact base §1: ERO does civil
# arrests, detention and removal). HSI, FBI and others can ask for either, so they imply nothing.
IMPLIED_PURPOSE = {"ice_ero": "civil_immigration", "jttf": "terrorism"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The compiled lexicon: {"domain": [re], "info_cues": [re], …, "slots": {slot: [(value, [re])]}}."""
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    compiled: dict = {k: [re.compile(p) for p in v] for k, v in raw.items() if k != "slots"}
    compiled["slots"] = {slot: [(value, [re.compile(p) for p in pats]) for value, pats in values.items()]
                         for slot, values in raw["slots"].items()}
    return compiled


def normalize(text: str) -> str:
    """Lower-case, straight quotes, unicode dashes to '-', control characters dropped, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.lower().split())


def _first(patterns: list[re.Pattern], text: str) -> re.Match | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def classify_intent(text: str) -> str:
    """``out_of_scope`` when no domain term appears, ``info`` for fact-seeking questions, else ``permission``."""
    lex = lexicon()
    if not _first(lex["domain"], text):
        return "out_of_scope"
    if _first(lex["info_cues"], text) and not _first(lex["permission_cues"], text):
        return "info"
    return "permission"


def allowed_values() -> dict[str, set[str]]:
    """Every slot's canonical values (the lexicon's, plus intents and ``none`` for documents)."""
    values = {slot: set(map(str, vals)) for slot, vals in
              yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["slots"].items()}
    values["intent"] = {"permission", "info", "out_of_scope"}
    values["document"] = values["document"] | {"none"}
    return values


def extract(question: str, vector=None, classifier=None) -> Facts:
    """Facts stated by one question, with ``evidence`` naming the words that set each slot.

    With a ``classifier`` (classifier.FactClassifier) and the question's embedding ``vector``, slots
    the lexicon leaves unknown are filled from confident predictions (paraphrases, typos, slang).
    """
    text = normalize(question)
    lex = lexicon()
    facts = Facts(intent=classify_intent(text), refers_back=bool(FOLLOW_UP.search(text)) or len(text.split()) <= 6)
    for slot in SLOTS:
        found = _slot_value(lex, slot, text)
        if found:
            setattr(facts, slot, True if found[0] == "true" else found[0])
            facts.evidence[slot] = found[1]
            facts.confidence[slot] = LEXICON_CONFIDENCE
    negation = _first(lex["negations"], text)
    if negation and facts.document in (None, "judicial_warrant", "judicial_order"):
        # "They do not have a judicial warrant, only a detainer": the judicial paper is denied, so
        # read the document slot again without the denied words.
        rest = text[:negation.start()] + " " + text[negation.end():]
        other = _slot_value(lex, "document", rest)
        if other is None or other[0] in ("judicial_warrant", "judicial_order"):
            facts.document, facts.evidence["document"] = "none", negation.group(0)
        else:
            facts.document, facts.evidence["document"] = other
    informal = _first(lex["informal_request"], text)
    if informal and facts.document is None:
        facts.document, facts.evidence["document"] = "none", informal.group(0)
    if classifier is not None and vector is not None:
        _fill_from_classifier(facts, classifier.confident(vector))
    if facts.intent == "out_of_scope" and any(getattr(facts, s) is not None for s in CORE_SLOTS):
        # No field term, but the question still names a document, purpose or request we know.
        facts.intent = "info" if _first(lex["info_cues"], text) and not _first(lex["permission_cues"], text) \
            else "permission"
    if facts.purpose is None and facts.requester in IMPLIED_PURPOSE:
        facts.purpose = IMPLIED_PURPOSE[facts.requester]
        facts.evidence["purpose"] = f"implied by {facts.evidence['requester']}"
        facts.confidence["purpose"] = IMPLIED_CONFIDENCE
    return facts


def _fill_from_classifier(facts: Facts, predictions: dict[str, tuple[str, float]]) -> None:
    """Fill unknown slots from confident classifier predictions; the lexicon's readings are kept."""
    for slot, (value, probability) in predictions.items():
        if slot == "intent" or getattr(facts, slot, None) is not None:
            continue
        setattr(facts, slot, True if value == "true" else value)
        facts.evidence[slot] = "similar wording (classifier)"
        facts.confidence[slot] = probability
    intent = predictions.get("intent")
    if intent and facts.intent == "out_of_scope" and intent[0] != "out_of_scope":
        # A misspelt field term ("imigration") hides the domain from the lexicon, not from the embedding.
        facts.intent = intent[0]
        facts.evidence["intent"] = "similar wording (classifier)"


def _slot_value(lex: dict, slot: str, text: str) -> tuple[str, str] | None:
    """(value, matched words) of the first lexicon value for ``slot`` that matches ``text``."""
    for value, patterns in lex["slots"].get(slot, []):
        m = _first(patterns, text)
        if m:
            return value, m.group(0)
    return None


def merge(previous: Facts, current: Facts) -> Facts:
    """Carry earlier facts into a follow-up: slots the follow-up states replace the old ones.

    A turn that states no fact and no domain term is a new, unrelated question (returned as is). A
    turn that asks for a different action is a new question and starts fresh, unless its wording
    builds on the earlier turn ("what if they want his address instead?") and names no new requester.
    """
    if not _has_any(current):
        return current if current.intent == "out_of_scope" else replace(previous, intent=current.intent
                                                                          if current.intent == "info"
                                                                          else previous.intent)
    if (current.action is not None and previous.action is not None and current.action != previous.action
            and (current.requester is not None or not current.refers_back)):
        return current
    merged = replace(previous, evidence=dict(previous.evidence), confidence=dict(previous.confidence),
                     carried={s for s in SLOTS if getattr(previous, s) is not None})
    for slot in SLOTS:
        value = getattr(current, slot)
        if value is not None:
            setattr(merged, slot, value)
            merged.evidence[slot] = current.evidence.get(slot, "")
            merged.confidence[slot] = current.confidence.get(slot, LEXICON_CONFIDENCE)
            merged.carried.discard(slot)
    # "What if it's the FBI instead?" reads like an info question but refines the earlier one.
    if current.action is None:
        merged.intent = previous.intent
    else:
        merged.intent = "permission" if current.intent == "out_of_scope" else current.intent
    return merged


def _has_any(facts: Facts) -> bool:
    return any(getattr(facts, slot) is not None for slot in SLOTS)


def extract_with_history(question: str, history: list[Turn] | None = None, embed=None, classifier=None,
                         vector=None) -> Facts:
    """Facts for ``question`` given earlier turns of the same chat (oldest first).

    ``embed(text) -> vector`` embeds earlier turns that carry no facts yet; ``vector`` is the
    current question's embedding.
    """
    facts: Facts | None = None
    for turn in history or []:
        turn_vector = embed(turn.question) if embed is not None and classifier is not None and not turn.facts else None
        turn_facts = turn.facts or extract(turn.question, turn_vector, classifier)
        facts = turn_facts if facts is None else merge(facts, turn_facts)
    current = extract(question, vector, classifier)
    return current if facts is None else merge(facts, current)
