"""Question → Facts: the lexicon reader (``corpus/lexicon.yaml``), helped by the fact classifier.

Each slot takes the first lexicon value whose pattern matches, values being listed safest or most
specific first; a mention that the question itself denies ("this is NOT ICE") is skipped. Denials
("no judicial warrant") and informal requests ("ICE called") set ``document`` to ``none`` unless
another document is named. Typos are repaired first (spelling.py). With a classifier and the
question's embedding, slots the lexicon leaves unknown are filled from confident predictions.
Facts the question leaves open stay ``None`` (unknown) so the rules can ask for them. Facts that
follow from others (an ERO request implies a civil purpose; a conviction's age) come from the
derived-fact table (``corpus/derived.yaml``, derived.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from assistant.domain import Facts
from assistant.engine.derived import DerivedFacts, load_derived
from assistant.engine.jurisdiction import Jurisdictions, load_jurisdictions
from assistant.engine.lexicon import Lexicon, first, load_lexicon, normalize
from assistant.engine.slots import load_slots
from assistant.engine.spelling import speller
from assistant.engine.text import Hit, TextView, latin_share
from assistant.settings import Settings

# Every slot the lexicon has words for (corpus/slots.yaml declares them; the lexicon gives their words).
CORE_SLOTS = ("requester", "purpose", "document", "action")
LEXICON_CONFIDENCE = 0.95  # a field term matched verbatim
CLASSIFIER_INTENT = 0.75
READABLE_LATIN_SHARE = 0.5  # below this share of Latin letters the question is in a script we cannot read


class LexiconReader:
    """The lexicon-first fact reader of one corpus folder (the ``FactReader`` seam, assistant/protocols.py).

    ``read(question, vector, classifier)`` → Facts for one question; ``today`` (a date) anchors
    derived facts such as a conviction's age.
    """

    def __init__(self, corpus_dir: Path, today=None):
        self.corpus_dir = corpus_dir
        self.lexicon: Lexicon = load_lexicon(corpus_dir)
        self.derived: DerivedFacts = load_derived(corpus_dir)
        self.jurisdictions: Jurisdictions = load_jurisdictions(corpus_dir)
        self.broader = load_slots(corpus_dir).slots["requester"].broader
        self.speller = speller(corpus_dir)
        self.today = today

    def prepare(self, question: str) -> str:
        """The question as the lexicon reads it: normalised, typos repaired."""
        return self.speller.repair(normalize(question))

    def read(self, question: str, vector=None, classifier=None, today: date | None = None) -> Facts:
        """Facts stated by one question, with ``evidence`` naming the words that set each slot.

        ``today`` overrides the reader's date for this question (a case or scenario step pinned to a day).
        """
        return self.read_view(self.view(question), vector, classifier, today)

    def view(self, question: str) -> TextView:
        """The prepared question with its lemmas (what every pattern is matched against)."""
        return TextView(self.prepare(question))

    def read_view(self, view: TextView, vector=None, classifier=None, today: date | None = None) -> Facts:
        """Facts of one prepared text (a whole question, or one clause of it)."""
        text = view.text
        lex = self.lexicon
        facts = Facts(intent=classify_intent(view, lex),
                      refers_back=bool(first(lex.cue("follow_up"), text)) or len(text.split()) <= 6,
                      new_topic=bool(first(lex.cue("new_topic"), text)))
        for slot in lex.slots:
            found = requester_value(lex, view) if slot == "requester" else slot_value(lex, slot, view)
            if found:
                setattr(facts, slot, True if found[0] == "true" else found[0])
                facts.evidence[slot] = found[1]
                facts.confidence[slot] = LEXICON_CONFIDENCE
        _read_documents(facts, view, lex)
        _read_recipient(facts, view, lex)
        _read_request_object(facts, view, lex)
        if classifier is not None and vector is not None:
            # A slot whose words the question names in another role (the agency is the victim, the
            # prints reach ICE on their own) is not left for the classifier to guess.
            fill_from_classifier(facts, {s: p for s, p in classifier.confident(vector).items()
                                         if not masked_mention(lex, s, view)})
        if facts.intent == "out_of_scope" and latin_share(text) < READABLE_LATIN_SHARE:
            # "移民局想知道…" may well be an ICE request: "outside scope" would read as "no rule against it".
            facts.intent, facts.evidence["intent"] = "unreadable", "written in a script ShareCheck cannot read"
        if facts.intent == "out_of_scope" and _field_facts(facts):
            # No field term, but the question still names a document, purpose or request we know.
            facts.intent = "info" if view.first(lex.cue("info_cues")) and not view.first(lex.cue("permission_cues")) \
                else "permission"
        where = self.jurisdictions.elsewhere(view)
        if where:
            facts.intent, facts.elsewhere = "out_of_scope", where
            facts.evidence["intent"] = f"about another jurisdiction's rules ({where})"
        elif (off := view.first(lex.cue("off_topic"))) and \
                (facts.action is None or facts.action in lex.yielding.get("*", ())):
            facts.intent = "out_of_scope"  # "what's the overtime rate for a Secret Service detail?"
            facts.evidence["intent"] = off.words
        self.derived.apply(facts, text, today or self.today_date())
        return facts

    def today_date(self):
        """The reader's ``today``, or the settings' date (SHARECHECK_TODAY) when none was given."""
        return self.today or Settings.from_env().today_date()

    def topic_citations(self, question: str) -> list[str]:
        """``doc_id#pinpoint`` references an information question names ("§ 10-178(d)", "EO 13", "I-247A").

        Retrieval by meaning can miss a section the question names outright; these go first.
        """
        text = self.prepare(question)
        refs: list[str] = []
        for pattern, cites in self.lexicon.info_topics:
            if pattern.search(text):
                refs += [c for c in cites if c not in refs]
        return refs


def _view(text) -> TextView:
    return text if isinstance(text, TextView) else TextView(text)


def in_field(view: TextView, lex: Lexicon) -> bool:
    """True when a field term is mentioned and not dropped ("forget ICE, how do I put in for overtime?")."""
    return any(not lex.denied(view.text, m.start) for pattern in lex.cue("domain") for m in view.finditer(pattern))


def classify_intent(text, lex: Lexicon) -> str:
    """``out_of_scope`` without a field term, ``info`` for fact-seeking questions, else ``permission``.

    ``text`` is a TextView (or a prepared string).
    """
    view = _view(text)
    if not in_field(view, lex):
        return "out_of_scope"
    # The form is the question's own: a lead-in ("trainer here -") does not hide a "what did …".
    lead = view.first(lex.cue("preamble"))
    if lead is not None and lead.end < len(view.text):
        view = view.slice(lead.end, len(view.text))
    live = view.first(lex.cue("live_request"))
    if view.first(lex.cue("exposure_cues")) and not live:
        return "info"
    if view.first(lex.cue("strong_info_cues")) and not live and not re.search(r"\b(can|may|should|do) (i|we)\b",
                                                                           view.text):
        return "info"
    if view.first(lex.cue("info_cues")) and not view.first(lex.cue("permission_cues")) \
            and not _asks_for_something(view, lex):
        return "info"
    return "permission"


def _asks_for_something(view: TextView, lex: Lexicon) -> bool:
    """A request by an agency is in the text ("When is he getting out? ICE is asking.")."""
    action = slot_value(lex, "action", view)
    return slot_value(lex, "requester", view) is not None and action is not None \
        and action[0] not in lex.yielding.get("*", ())


def slot_value(lex: Lexicon, slot: str, text) -> tuple[str, str] | None:
    """(value, matched words) of the first lexicon value for ``slot`` that matches ``text`` (a TextView
    or a prepared string; surface words and lemmas both count).

    A match the question denies just before it ("not ICE", "forget ICE") does not count.
    """
    view = _view(text)
    masked = [span for p in lex.masks.get(slot, []) for span in view.spans(p)]
    found: list[tuple[str, str]] = []
    for value, patterns in lex.slots.get(slot, []):
        match = next((m for pattern in patterns for m in view.finditer(pattern)
                      if not lex.denied(view.text, m.start)
                      and not any(s <= m.start and m.end <= e for s, e in masked)), None)
        if match:
            found.append((value, match.group(0)))
    if slot == "action" and found:
        # A harmless act yields to a sensitive request named beside it ("ICE wants the counts, with
        # names"): a wrong yes is the dangerous error (lexicon ``yielding``).
        first_value = found[0][0]
        stronger = [f for f in found[1:] if f[0] not in lex.yielding.get("*", ())
                    and (first_value in lex.yielding.get("*", ()) or f[0] in lex.yielding.get(first_value, ()))]
        return stronger[0] if stronger else found[0]
    return found[0] if found else None


def masked_mention(lex: Lexicon, slot: str, view: TextView) -> bool:
    """True when the text names the slot's words only inside a mask (e.g. "an ICE agent's car was stolen")."""
    return any(view.finditer(p) for p in lex.masks.get(slot, []))


def requester_value(lex: Lexicon, view: TextView) -> tuple[str, str] | None:
    """Who asks: the agency the asker says they really are ("they're from ICE"); else, among the agencies
    named (outside masks and denials), the one that is the subject of an ask verb ("the AUSA ... needs",
    "ICE wants"); with none, the first value in lexicon order.

    "The AUSA prosecuting the ring we took down with the FBI needs …" is the AUSA's request.
    """
    masked = [span for p in lex.masks.get("requester", []) for span in view.spans(p)]
    candidates: list[tuple[int, str, Hit]] = []
    for rank, (value, patterns) in enumerate(lex.slots.get("requester", [])):
        for pattern in patterns:
            for m in view.finditer(pattern):
                if not lex.denied(view.text, m.start) and not any(s <= m.start and m.end <= e for s, e in masked):
                    candidates.append((rank, value, m))
    if not candidates:
        return None
    said = next((h for p in lex.cue("identifies_as") for h in view.finditer(p) if not lex.denied(view.text, h.start)),
                None)
    if said is not None:
        named = [c for c in candidates if said.start <= c[2].start < said.end]
        if named:
            rank, value, hit = min(named, key=lambda c: c[0])
            # "The Coast Guard … they're DHS": the department's name keeps the component already named.
            component = _component(lex, candidates, value)
            return (component[1], component[2].words) if component else (value, said.words)
    ask = lex.cue("ask_verb")
    askers = [c for c in candidates
              if any(p.match(view.text, c[2].end) for p in ask)]
    pool = askers if askers and len({v for _, v, _ in candidates}) > 1 else candidates
    rank, value, hit = min(pool, key=lambda c: (c[0], c[2].start))
    # "DHS wants help at a FEMA site": the department asks through the component it names (audit R11).
    component = _component(lex, candidates, value)
    return (component[1], component[2].words) if component else (value, hit.words)


def _component(lex: Lexicon, candidates: list[tuple[int, str, Hit]], value: str) -> tuple[int, str, Hit] | None:
    """The first-ranked candidate naming a more specific agency that ``value`` covers (slots.yaml
    requester.broader: dhs → Secret Service …), or None."""
    specific = [c for c in candidates if c[1] in (lex.broader or {}).get(value, ())]
    return min(specific, key=lambda c: (c[0], c[2].start)) if specific else None


def _read_recipient(facts: Facts, view: TextView, lex: Lexicon) -> None:
    """When the information or help would end up with an immigration agency ("to pass to ICE", "so ERO
    can", "ICE gave them the list"), the request is that agency's, whoever carries it (issue 10)."""
    if facts.requester in lex.immigration_requesters:
        return
    hit = view.first(lex.cue("recipient_immigration"))
    if hit is None:
        return
    agency = requester_value(lex, TextView(hit.words))
    if agency is None or agency[0] not in lex.immigration_requesters:
        return
    via = facts.requester
    facts.requester = agency[0]
    facts.evidence["requester"] = f"{hit.words}" + (f" (asked through {facts.evidence.get('requester', via)})"
                                                    if via else "")
    facts.confidence["requester"] = LEXICON_CONFIDENCE


SUBJECT_WORDS = {"suspect": "suspect", "target": "suspect", "victim": "victim", "victims": "victim",
                 "complainant": "victim", "witness": "witness", "witnesses": "witness", "eyewitness": "witness",
                 "arrestee": "arrestee", "prisoner": "arrestee", "perp": "arrestee"}


def _read_request_object(facts: Facts, view: TextView, lex: Lexicon) -> None:
    """The person the request is about, when the question says it ("the address of a suspect")."""
    for pattern in lex.cue("request_object"):
        m = pattern.search(view.text)
        if m and m.groupdict().get("who") in SUBJECT_WORDS:
            facts.subject, facts.evidence["subject"] = SUBJECT_WORDS[m.group("who")], m.group(0)
            facts.confidence["subject"] = LEXICON_CONFIDENCE
            return


def _read_documents(facts: Facts, view: TextView, lex: Lexicon) -> None:
    text = view.text
    negation = view.first(lex.cue("negations"))
    if negation and facts.document in (None, "judicial_warrant", "judicial_order"):
        # "They do not have a judicial warrant, only a detainer": the judicial paper is denied, so
        # read the document slot again without the denied words.
        rest = text[:negation.start] + " " + text[negation.end:]
        other = slot_value(lex, "document", rest)
        if other is None or other[0] in ("judicial_warrant", "judicial_order"):
            facts.document, facts.evidence["document"] = "none", negation.words
        else:
            facts.document, facts.evidence["document"] = other
    informal = view.first(lex.cue("informal_request"))
    if informal and facts.document is None:
        facts.document, facts.evidence["document"] = "none", informal.words


def _field_facts(facts: Facts) -> bool:
    """A request, paper or requester we know, or an immigration purpose: the question is in the field
    even without a field term. A criminal purpose alone is any police question ("a robbery pattern")."""
    return any(getattr(facts, s) is not None for s in ("requester", "document", "action")) or \
        facts.purpose in ("civil_immigration", "reentry")


def fill_from_classifier(facts: Facts, predictions: dict[str, tuple[str, float]]) -> None:
    """Fill unknown slots from confident classifier predictions; the lexicon's readings are kept."""
    for slot, (value, probability) in predictions.items():
        if slot == "intent" or getattr(facts, slot, None) is not None:
            continue
        setattr(facts, slot, True if value == "true" else value)
        facts.evidence[slot] = "similar wording (classifier)"
        facts.confidence[slot] = probability
    intent = predictions.get("intent")
    # A misspelt term ("imigration") hides the field from the lexicon, not from the embedding; a
    # fact-seeking question with no request in it is information.
    if intent and intent[1] >= CLASSIFIER_INTENT and facts.intent != intent[0] and (
            (facts.intent == "out_of_scope" and _field_facts(facts)) or (intent[0] == "info" and facts.action is None)):
        facts.intent = intent[0]
        facts.evidence["intent"] = "similar wording (classifier)"


def default_reader(corpus_dir: Path | None = None) -> LexiconReader:
    """A LexiconReader over ``corpus_dir`` (default: the settings' corpus), dated by the settings."""
    settings = Settings.from_env()
    return LexiconReader(corpus_dir or settings.corpus_dir)


def extract(question: str, vector=None, classifier=None, reader: LexiconReader | None = None) -> Facts:
    """Facts stated by one question (``reader`` defaults to the settings' corpus)."""
    return (reader or default_reader()).read(question, vector, classifier)
