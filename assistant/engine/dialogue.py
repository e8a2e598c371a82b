"""Chat history: facts carried from earlier turns of the same chat into the current question.

"It's an I-205", "what if it's the FBI instead?" or "he has a 2022 robbery conviction" change only
what they say. A new requester drops the old requester's claimed purpose and paper; a turn that
names a different request, or says "different question" / "forget that", starts fresh.
"""

from __future__ import annotations

from assistant.domain import Facts, Turn, declared_slots
from assistant.engine.reading import LEXICON_CONFIDENCE, LexiconReader, default_reader

# The slots a turn can state (every declared slot but the question's intent).
SLOTS = tuple(s for s in declared_slots() if s != "intent")



def merge(previous: Facts, current: Facts, broader: dict[str, tuple[str, ...]] | None = None) -> Facts:
    """Carry earlier facts into a follow-up: slots the follow-up states replace the old ones.

    A turn marked as a new topic, or one with no fact and no field term that does not refer back,
    starts fresh. A turn asking for a different action starts fresh too, unless its wording builds
    on the earlier turn ("what if they want his address instead?") and names no new requester.
    ``broader`` (the slot table's requester.broader) lets "they're part of DHS" keep "Secret Service".
    """
    if current.new_topic or current.elsewhere:
        return current
    if previous.intent == "out_of_scope" and not _has_any(previous):
        return current  # "hi" or "I'm at the desk tonight" first: the real question starts now
    if not _has_any(current):
        if current.intent == "out_of_scope" and not current.refers_back:
            return current
        return previous.copy(intent="info" if current.intent == "info" and not current.refers_back
                             else previous.intent, carried={s for s in SLOTS if getattr(previous, s) is not None})
    # An action the earlier turns only implied (a warrant for our prisoner implies a hold) is not a
    # request the new one replaces: "Can we tell ICE when he is released?" completes it (tester t-018).
    if (current.action is not None and previous.action is not None and current.action != previous.action
            and "action" not in previous.derived
            and (current.requester is not None or not current.refers_back)):
        return current
    merged = previous.copy(carried={s for s in SLOTS if getattr(previous, s) is not None})
    if current.requester is not None and previous.requester is not None and \
            previous.requester in (broader or {}).get(str(current.requester), ()):
        # "They're part of DHS though": the broader name of the same agency changes nothing.
        current = current.copy(requester=previous.requester)
        current.evidence["requester"] = previous.evidence.get("requester", "")
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
            merged.derived.discard(slot)
            if slot in current.derived:
                merged.derived.add(slot)
    if merged.action == "statistics" and "subject" in merged.carried:
        # Aggregate counts are about nobody: the person an earlier turn asked about does not carry
        # into "what if they only ask for the total number of detainers?" (set 5).
        merged.subject = None
        merged.carried.discard("subject")
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
                         vector=None, reader: LexiconReader | None = None, today=None) -> Facts:
    """Facts for ``question`` given earlier turns of the same chat (oldest first).

    ``embed(text) -> vector`` embeds earlier turns that carry no facts yet; ``vector`` is the
    current question's embedding; ``reader`` defaults to the settings' corpus.
    """
    reader = reader or default_reader()
    facts: Facts | None = None
    for turn in history or []:
        turn_vector = embed(turn.question) if embed is not None and classifier is not None and not turn.facts else None
        turn_facts = turn.facts or reader.read(turn.question, turn_vector, classifier, today)
        facts = turn_facts if facts is None else merge(facts, turn_facts, reader.broader)
    current = reader.read(question, vector, classifier, today)
    return current if facts is None else merge(facts, current, reader.broader)


class ChatReader:
    """The real ``FactReader`` (assistant/protocols.py): the lexicon reader over every turn of a chat,
    with the fact classifier filling slots the lexicon missed, merged turn by turn.

    ``embed(text) -> vector`` embeds turns for the classifier; without a classifier nothing is embedded.
    """

    def __init__(self, reader: LexiconReader, classifier=None, embed=None):
        self.lexicon_reader = reader
        self.classifier = classifier
        self.embed = embed

    def read(self, question: str, history=(), vector=None, today=None) -> Facts:
        """Facts for ``question`` with ``history`` (Turns, oldest first) as the chat so far; ``today``
        pins the date for this call (else the reader's)."""
        if vector is None and self.classifier is not None and self.embed is not None:
            vector = self.embed(question)
        return extract_with_history(question, list(history), embed=self.embed, classifier=self.classifier,
                                    vector=vector, reader=self.lexicon_reader, today=today)

    def topic_citations(self, question: str) -> list[str]:
        """Sections an information question names outright (LexiconReader.topic_citations)."""
        return self.lexicon_reader.topic_citations(question)
