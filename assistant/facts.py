"""Question (+ earlier turns) → Facts, from the field's lexicon (``assistant/lexicon.yaml``) and,
when the index has one, a classifier over sentence embeddings (``assistant/classifier.py``).

Each slot takes the first lexicon value whose pattern matches, values being listed safest or most
specific first; a mention that the question itself denies ("this is NOT ICE") is skipped. Denials
("no judicial warrant") and informal requests ("ICE called") set ``document`` to ``none`` unless
another document is named. Typos are repaired first (spelling.py). Facts the question leaves open
stay ``None`` (unknown) so the rules can ask for them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.domain import Facts, Turn
from assistant.spelling import repair

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
SLOTS = ("requester", "purpose", "document", "action", "subject", "criminal_history", "watch_list",
         "location", "topic")
CORE_SLOTS = ("requester", "purpose", "document", "action")
LEXICON_CONFIDENCE = 0.95  # a field term matched verbatim
INFERRED_CONFIDENCE = 0.85  # read off two stated facts, e.g. an FBI agent with a federal warrant
IMPLIED_CONFIDENCE = 0.7   # inferred from one fact, e.g. ERO → civil immigration purpose
# A requester's arm implies a purpose when the question states none (fact base §1: ERO does civil
# arrests, detention and removal). HSI, FBI and others can ask for either, so they imply nothing.
IMPLIED_PURPOSE = {"ice_ero": "civil_immigration", "jttf": "terrorism"}
LOOK_BACK_YEARS = 5  # § 14-154(a)(2)(ii)
# When a question names both a harmless act and a sensitive request ("ICE wants the counts, with
# names"), the sensitive request decides: a wrong yes is the dangerous error.
BENIGN_ACTIONS = {"u_visa", "fingerprinting", "task_force_join", "medical_aid", "respond_911",
                  "intervene", "youthful_offender_question"}
CLASSIFIER_INTENT = 0.75


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The compiled lexicon: pattern lists by name, ``denied_mention`` and {slot: [(value, [re])]}."""
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    compiled: dict = {k: [re.compile(p) for p in v] for k, v in raw.items()
                      if isinstance(v, list) and k not in ("typo_vocabulary_extra", "info_topics")}
    compiled["info_topics"] = [(re.compile(t["pattern"]), list(t["cite"])) for t in raw.get("info_topics", [])]
    compiled["denied_mention"] = re.compile(raw["denied_mention"])
    compiled["slots"] = {slot: [(value, [re.compile(p) for p in pats]) for value, pats in values.items()]
                         for slot, values in raw["slots"].items()}
    return compiled


def allowed_values() -> dict[str, set[str]]:
    """Every slot's canonical values (the lexicon's, plus intents and ``none`` for documents)."""
    values = {slot: set(map(str, vals)) for slot, vals in
              yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["slots"].items()}
    values["intent"] = {"permission", "info", "out_of_scope"}
    values["document"] = values["document"] | {"none"}
    return values


def normalize(text: str) -> str:
    """Lower-case, straight quotes, unicode dashes to '-', control characters dropped, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\bi\.c\.e\.?(?=\W|$)", "ice", text, flags=re.IGNORECASE)
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
    """``out_of_scope`` without a field term, ``info`` for fact-seeking questions, else ``permission``."""
    lex = lexicon()
    if not any(not lex["denied_mention"].search(text[max(0, m.start() - 40):m.start()])
               for pattern in lex["domain"] for m in pattern.finditer(text)):
        return "out_of_scope"  # "forget ICE, how do I put in for overtime?" names ICE only to drop it
    if _first(lex["strong_info_cues"], text) and not re.search(r"\b(can|may|should|do) (i|we)\b", text):
        return "info"
    if _first(lex["info_cues"], text) and not _first(lex["permission_cues"], text) and not _asks_for_something(text):
        return "info"
    return "permission"


def topic_citations(question: str) -> list[str]:
    """``doc_id#pinpoint`` references an information question names ("§ 10-178(d)", "EO 13", "I-247A").

    Retrieval by meaning can miss a section the question names outright; these go first.
    """
    text = repair(normalize(question))
    refs: list[str] = []
    for pattern, cites in lexicon()["info_topics"]:
        if pattern.search(text):
            refs += [c for c in cites if c not in refs]
    return refs


def _asks_for_something(text: str) -> bool:
    """A request by an agency is in the text ("When is he getting out? ICE is asking.")."""
    lex = lexicon()
    action = _slot_value(lex, "action", text)
    return _slot_value(lex, "requester", text) is not None and action is not None and action[0] not in BENIGN_ACTIONS


def _slot_value(lex: dict, slot: str, text: str) -> tuple[str, str] | None:
    """(value, matched words) of the first lexicon value for ``slot`` that matches ``text``.

    A match the question denies just before it ("not ICE", "forget ICE") does not count.
    """
    found: list[tuple[str, str]] = []
    for value, patterns in lex["slots"].get(slot, []):
        match = next((m for pattern in patterns for m in pattern.finditer(text)
                      if not lex["denied_mention"].search(text[max(0, m.start() - 40):m.start()])), None)
        if match:
            found.append((value, match.group(0)))
            if slot != "action" or value not in BENIGN_ACTIONS:
                break
    if slot == "action" and found and found[0][0] in BENIGN_ACTIONS:
        return next((f for f in found if f[0] not in BENIGN_ACTIONS), found[0])
    return found[0] if found else None


def extract(question: str, vector=None, classifier=None) -> Facts:
    """Facts stated by one question, with ``evidence`` naming the words that set each slot.

    With a ``classifier`` (classifier.FactClassifier) and the question's embedding ``vector``, slots
    the lexicon leaves unknown are filled from confident predictions (paraphrases, typos, slang).
    """
    text = repair(normalize(question))
    lex = lexicon()
    facts = Facts(intent=classify_intent(text),
                  refers_back=bool(_first(lex["follow_up"], text)) or len(text.split()) <= 6,
                  new_topic=bool(_first(lex["new_topic"], text)))
    for slot in SLOTS:
        found = _slot_value(lex, slot, text)
        if found:
            setattr(facts, slot, True if found[0] == "true" else found[0])
            facts.evidence[slot] = found[1]
            facts.confidence[slot] = LEXICON_CONFIDENCE
    _read_documents(facts, text, lex)
    if classifier is not None and vector is not None:
        _fill_from_classifier(facts, classifier.confident(vector))
    if facts.intent == "out_of_scope" and any(getattr(facts, s) is not None for s in CORE_SLOTS):
        # No field term, but the question still names a document, purpose or request we know.
        facts.intent = "info" if _first(lex["info_cues"], text) and not _first(lex["permission_cues"], text) \
            else "permission"
    _infer(facts, text)
    return facts


def _read_documents(facts: Facts, text: str, lex: dict) -> None:
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


def _infer(facts: Facts, text: str) -> None:
    """Facts that follow from other facts: the requester's mission, the conviction's age."""
    if facts.purpose is None and facts.requester in IMPLIED_PURPOSE:
        facts.purpose = IMPLIED_PURPOSE[facts.requester]
        facts.evidence["purpose"] = f"implied by {facts.evidence['requester']}"
        facts.confidence["purpose"] = IMPLIED_CONFIDENCE
    if facts.purpose is None and facts.requester in ("fbi", "federal_other") and facts.document == "judicial_warrant":
        # A federal judge's warrant carried by a non-immigration agency is a criminal warrant.
        facts.purpose = "criminal"
        facts.evidence["purpose"] = "a federal warrant carried by a non-immigration agency"
        facts.confidence["purpose"] = INFERRED_CONFIDENCE
    if facts.action is None and facts.subject == "arrestee" and facts.document in (
            "judicial_warrant", "admin_warrant", "detainer", "ij_order"):
        # A warrant or detainer for someone in our cells is a request to hold or hand them over.
        facts.action = "hold"
        facts.evidence["action"] = f"implied by {facts.evidence.get('document', 'the document')}"
        facts.confidence["action"] = IMPLIED_CONFIDENCE
    if facts.criminal_history == "violent_serious":
        years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20[0-4]\d)\b", text)]
        if years and datetime.date.today().year - max(years) > LOOK_BACK_YEARS:
            facts.criminal_history = "violent_old"
            facts.evidence["criminal_history"] += f" ({max(years)}: outside the five-year look-back)"


def _fill_from_classifier(facts: Facts, predictions: dict[str, tuple[str, float]]) -> None:
    """Fill unknown slots from confident classifier predictions; the lexicon's readings are kept."""
    for slot, (value, probability) in predictions.items():
        if slot == "intent" or getattr(facts, slot, None) is not None:
            continue
        setattr(facts, slot, True if value == "true" else value)
        facts.evidence[slot] = "similar wording (classifier)"
        facts.confidence[slot] = probability
    intent = predictions.get("intent")
    if intent and intent[1] >= CLASSIFIER_INTENT and facts.intent != intent[0]:
        in_field = any(getattr(facts, s) is not None for s in CORE_SLOTS)
        if (facts.intent == "out_of_scope" and in_field) or (intent[0] == "info" and facts.action is None):
            # A misspelt term ("imigration") hides the field from the lexicon, not from the embedding;
            # a fact-seeking question with no request in it is information.
            facts.intent = intent[0]
            facts.evidence["intent"] = "similar wording (classifier)"


def merge(previous: Facts, current: Facts) -> Facts:
    """Carry earlier facts into a follow-up: slots the follow-up states replace the old ones.

    A turn marked as a new topic, or one with no fact and no field term that does not refer back,
    starts fresh. A turn asking for a different action starts fresh too, unless its wording builds
    on the earlier turn ("what if they want his address instead?") and names no new requester.
    """
    if current.new_topic:
        return current
    if not _has_any(current):
        if current.intent == "out_of_scope" and not current.refers_back:
            return current
        return replace(previous, intent="info" if current.intent == "info" and not current.refers_back
                       else previous.intent, carried={s for s in SLOTS if getattr(previous, s) is not None})
    if (current.action is not None and previous.action is not None and current.action != previous.action
            and (current.requester is not None or not current.refers_back)):
        return current
    merged = replace(previous, evidence=dict(previous.evidence), confidence=dict(previous.confidence),
                     carried={s for s in SLOTS if getattr(previous, s) is not None})
    if current.requester is not None and current.requester != previous.requester:
        # A purpose or a document is the requester's own claim; "what if it's ICE instead?" does
        # not inherit the FBI's representation of a criminal case.
        for slot in ("purpose", "document"):
            setattr(merged, slot, None)
            merged.carried.discard(slot)
    for slot in SLOTS:
        value = getattr(current, slot)
        guessed = current.evidence.get(slot, "").startswith("similar wording")
        if value is not None and guessed and getattr(merged, slot) is not None:
            continue  # a classifier guess on a clarifying turn does not override what was stated
        if value is not None:
            setattr(merged, slot, value)
            merged.evidence[slot] = current.evidence.get(slot, "")
            merged.confidence[slot] = current.confidence.get(slot, LEXICON_CONFIDENCE)
            merged.carried.discard(slot)
    # "What if it's the FBI instead?" reads like an info question but refines the earlier one.
    if current.action is None:
        merged.intent = previous.intent
        if current.intent == "info" and not current.refers_back:
            merged.intent = "info"  # "what exactly counts as a judicial warrant?" asks for facts
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
