"""``Assistant.ask(question, history) → Answer``: the one straight line every interface uses.

question → facts (facts.py) → decision (rules.py) → evidence (index lookup + hybrid retrieval)
→ answer (answer.py) → checks. The UI, the CLI, ``batch`` and the evaluations all call this.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from datetime import date

from assistant.domain import Answer, CitationRef, Facts, Turn
from assistant.engine.answer import check_answer, compose, compose_info, compose_out_of_scope
from assistant.engine.guard import YesGuard
from assistant.engine.lexicon import normalize
from assistant.engine.reading import LexiconReader
from assistant.engine.requests import Reading, Request, RequestReader
from assistant.engine.rules import RuleTable, check_citations, load_rules
from assistant.engine.signals import SignalClassifier, load_signal_patterns
from assistant.engine.text import TextView
from assistant.errors import QuestionError, RuleTableError
from assistant.protocols import FactReader
from assistant.settings import Settings

# The answer to a question with several requests leads with the most restrictive (DESIGN §6).
VERDICT_ORDER = ("prohibited", "review", "permitted", "info", "out_of_scope")

def validate_question(question: object, limit: int, short_ok: bool = False) -> str:
    """Return the question stripped of control characters, or raise QuestionError.

    Rejects non-text, empty or whitespace-only input, text with no letters (e.g. binary garbage),
    and questions longer than ``limit`` characters. Emoji count as letters. A short reply of up to
    12 characters with a letter or an emoji ("ok", "no", "k", "🙂") is accepted in any turn: it is a
    natural follow-up in a chat. ``short_ok`` also accepts a longer turn with one or two letters, as
    an earlier turn of a chat may be.
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
    # The zero-width joiner inside emoji such as 👨‍👩‍👧 is dropped like any format character, but is no sign of binary.
    dropped = len(question.strip()) - len(cleaned) - question.count("\u200d")
    if cleaned and dropped > max(2, 0.05 * len(question)):
        raise QuestionError("the question does not look like text (it holds control or binary characters); "
                            "type it in words")
    if not cleaned:
        raise QuestionError("the question is empty: type what you were asked, e.g. "
                            "'ICE called asking when our prisoner gets released. Can I tell them?'")
    if len(cleaned) > limit:
        raise QuestionError(f"the question is {len(cleaned):,} characters; the limit is {limit:,}. "
                            "Ask about one request at a time, in a few sentences.")
    # Emoji (Unicode "other symbol") are what a person types, like letters; keyboard mash and binary
    # garbage ("%$#@!…0987") are mostly neither. Marks that only modify the character before them
    # (accents, the emoji variation selector in ❤️, skin tones) are not counted either way.
    counted = [ch for ch in cleaned if not ch.isspace() and not unicodedata.category(ch).startswith("M")
               and not "\U0001f3fb" <= ch <= "\U0001f3ff"]
    letters = sum(ch.isalpha() or unicodedata.category(ch) == "So" for ch in counted)
    short_reply = letters > 0 and (short_ok or len(cleaned) <= 12)
    if (letters < 3 and not short_reply) or letters < 0.3 * len(counted):
        raise QuestionError("the question does not look like text (too few letters); type it in words")
    return cleaned


@dataclass
class Exchange:
    """An answered turn, kept so the next question in the same chat can build on its facts."""

    question: str
    facts: Facts
    answer: Answer

    def as_turn(self) -> Turn:
        return Turn(question=self.question, facts=self.facts)


def index_parts() -> tuple:
    """What ``sharecheck index`` builds beside the chunks: the fact classifier and the signal classifier."""
    from assistant.engine.classifier import ClassifierPart
    from assistant.engine.signals import SignalPart

    return (ClassifierPart(), SignalPart())


def build_index(corpus, settings: Settings, progress=None) -> dict:
    """Build the search index and the fact classifier for ``corpus`` (knowledge/index.py ``build_index``).

    Returns the manifest. The previous index keeps serving until the new one is complete.
    """
    from assistant.knowledge.index import build_index as build

    return build(corpus, settings, progress, parts=index_parts())


def index_is_current(corpus, settings: Settings) -> bool:
    """True when ``settings.index_dir`` holds an index of this corpus, paraphrases and embedder."""
    from assistant.knowledge.index import is_current

    return is_current(corpus, settings, index_parts())


def check_history(history: list, max_turns: int, max_chars: int) -> None:
    """Raise QuestionError when ``history`` (earlier turns, strings or Turns) is longer than one caller may
    send: more than ``max_turns`` turns or ``max_chars`` characters in all. One very long history would
    otherwise hold a worker for seconds and stall every other chat (SHARECHECK_MAX_HISTORY_TURNS/_CHARS).
    """
    if len(history) > max_turns:
        raise QuestionError(f"the chat history holds {len(history)} earlier turns; ShareCheck reads at most "
                            f"{max_turns}. Send only the last {max_turns} turns, or start a new chat")
    total = sum(len(t.question if isinstance(t, Turn) else str(t)) for t in history)
    if total > max_chars:
        raise QuestionError(f"the chat history is {total:,} characters long; ShareCheck reads at most "
                            f"{max_chars:,} in all. Send fewer or shorter earlier turns, or start a new chat")


class Assistant:
    """Answers questions from the index at ``settings.index_dir`` with the rule table in the corpus.

    Raises IndexMissingError when no index has been built, RuleTableError when the rule table cites
    a passage the index lacks, CorpusError when corpus/edition.yaml (the law-as-of date) is invalid.
    One instance is meant to stay loaded for many questions.
    """

    def __init__(self, settings: Settings | None = None, index=None, rules: RuleTable | None = None,
                 reader: FactReader | None = None):
        from assistant.knowledge.retrieval import HybridRetriever

        self.settings = settings or Settings.from_env()
        if index is None:
            from assistant.engine.classifier import FactClassifier
            from assistant.knowledge.index import SearchIndex

            index = SearchIndex(self.settings)
            # From the very version the index opened, even if a newer one is published meanwhile.
            classifier = FactClassifier.load(index.path)
            signal_model = SignalClassifier.load(index.path)
        else:
            classifier = getattr(index, "classifier", None)  # a test's index may carry its own
            signal_model = getattr(index, "signal_classifier", None)
        self.index = index
        self.classifier = classifier
        self.rules = rules or load_rules(self.settings.corpus_dir / "rules.yaml", corpus_dir=self.settings.corpus_dir)
        self.reader: FactReader = reader or RequestReader(
            LexiconReader(self.settings.corpus_dir, today=self.settings.today_date()),
            classifier=classifier, embed=getattr(index, "embed", None))
        self.guard = YesGuard(self.rules, load_signal_patterns(self.settings.corpus_dir), signal_model, classifier)
        problems = check_citations(self.rules, lambda d, p: bool(index.lookup(d, p)))
        if problems:
            raise RuleTableError(problems + ["rebuild the index with `sharecheck index`"])
        self.retriever = HybridRetriever(index=index, k=self.settings.top_k)
        from assistant.knowledge.edition import load_edition

        self.edition = load_edition(self.settings.corpus_dir)  # "Law as of <date>"; CorpusError when invalid
        from assistant.engine.rephrasing import build_chat_model

        self.chat_model = build_chat_model(self.settings)

    def _named_passages(self, question: str) -> list:
        """Passages of the sections the question names outright, in the order it names them."""
        out = []
        for ref in getattr(self.reader, "topic_citations", lambda q: [])(question):
            citation = CitationRef.parse(ref)
            chunks = self.index.lookup(citation.doc_id, citation.pinpoint)
            if chunks:
                out.append(chunks[0].passage(1.0))
        return out

    def documents(self) -> dict:
        """Front matter of every indexed document, by id (for the UI's source badges)."""
        return dict(self.index.documents)

    def has_section(self, doc_id: str, pinpoint: str) -> bool:
        """True when the index holds the section ``doc_id`` + ``pinpoint``."""
        return bool(self.index.lookup(doc_id, pinpoint))

    def lookup(self, doc_id: str, pinpoint: str) -> list:
        """The chunks of one section, restatements first (so the UI never reaches into the index)."""
        return self.index.lookup(doc_id, pinpoint)

    def document(self, doc_id: str):
        """Front matter of ``doc_id`` (a Document)."""
        return self.index.document(doc_id)

    @property
    def corpus_version(self) -> str:
        return str(self.index.corpus_version)

    def ask(self, question: str, history: list[Turn] | list[str] | None = None, id: str | None = None,
            today: date | None = None) -> Answer:
        """Answer ``question`` given earlier turns (strings or Turns, oldest first).

        Raises QuestionError for unusable input. ``latency_ms`` covers the whole call. ``today`` pins
        the date the engine reasons from for this question (default: settings, SHARECHECK_TODAY).
        """
        return self.exchange(question, history, id, today).answer

    def exchange(self, question: str, history: list[Turn] | list[str] | None = None,
                 id: str | None = None, today: date | None = None) -> Exchange:
        """Like ``ask`` but also returns the facts, for chats that carry them to the next turn."""
        started = time.perf_counter()
        cleaned = validate_question(question, self.settings.max_question_chars)
        check_history(history or [], self.settings.max_history_turns, self.settings.max_history_chars)
        turns = []
        for number, turn in enumerate(history or [], start=1):
            if isinstance(turn, Turn):
                turns.append(turn)
                continue
            try:
                turns.append(Turn(question=validate_question(turn, self.settings.max_question_chars, short_ok=True)))
            except QuestionError as exc:
                raise QuestionError(f"earlier turn {number}: {exc}") from exc
        embed = getattr(self.index, "embed", None)
        vector = embed(cleaned) if embed is not None else None
        reading = self._read(cleaned, turns, vector, today)
        decisions = self._earned([self.rules.decide(r.facts) for r in reading.requests], reading, turns, vector)
        lead = min(range(len(decisions)), key=lambda i: VERDICT_ORDER.index(decisions[i].verdict))
        decision, facts = decisions[lead], reading.requests[lead].facts
        several = len(decisions) > 1 and decision.verdict in ("prohibited", "review", "permitted")
        if decision.verdict == "out_of_scope":
            where = getattr(getattr(self.reader, "lexicon_reader", None), "jurisdictions", None)
            answer = compose_out_of_scope(cleaned, decision.followups, facts.elsewhere,
                                          where.where_to_ask if where else "")
        elif decision.verdict == "info":
            passages = self._named_passages(cleaned)[:2]
            seen = {(p.doc_id, p.pinpoint) for p in passages}
            passages += [p for p in self.retriever.search(normalize(cleaned), k=4, vector=vector)
                         if (p.doc_id, p.pinpoint) not in seen][:3 - len(passages) + 1]
            answer = compose_info(cleaned, passages, self.index)
        else:
            related = self.retriever.search(cleaned, k=2, vector=vector)
            answer = compose(cleaned, decision, related, self.index, self.rules.actions,
                             [(r.words, d) for r, d in zip(reading.requests, decisions, strict=True)]
                             if several else None)
        check_answer(answer)
        if self.chat_model is not None:
            from assistant.engine.rephrasing import rephrase

            answer = rephrase(answer, self.chat_model)
        answer.id = id
        answer.facts = facts.as_dict()
        answer.requests = [{"n": n, "words": r.words, "verdict": d.verdict, "summary": d.summary, "rule": d.rule_id,
                            "hypothetical": r.hypothetical, "facts": r.facts.as_dict()}
                           for n, (r, d) in enumerate(zip(reading.requests, decisions, strict=True), start=1)]
        answer.trace = {"facts": facts.trace(), "rule": decision.rule_id,
                        "considered": [{"rule": rid, "why_not": why} for rid, why in decision.considered],
                        "requests": [{"n": n, "rule": d.rule_id, "facts": r.facts.trace()}
                                     for n, (r, d) in enumerate(zip(reading.requests, decisions, strict=True), 1)]}
        answer.corpus_version = self.corpus_version
        answer.law_as_of = self.edition.law_as_of.isoformat()
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return Exchange(question=cleaned, facts=reading.facts, answer=answer)

    def _earned(self, decisions: list, reading: Reading, turns: list[Turn], vector) -> list:
        """Each permitted decision checked by the YesGuard (engine/guard.py); the others as they are."""
        if not any(d.verdict == "permitted" for d in decisions):
            return decisions
        embed = getattr(self.index, "embed", None)
        lex_reader = getattr(self.reader, "lexicon_reader", None)
        view_of = getattr(lex_reader, "view", None)
        # Earlier turns count when the question builds on them (it carries facts from them).
        earlier = [t for t in reversed(turns)] if reading.facts.carried else []
        views = [TextView(reading.text)] + [view_of(t.question) if view_of else TextView(t.question)
                                            for t in earlier]
        vectors = [vector] + ([embed(t.question) for t in earlier] if embed else [])
        signals = self.guard.signals(views, vectors)
        if earlier and lex_reader is not None and "requester" not in reading.facts.carried \
                and views[0].first(lex_reader.lexicon.cue("correction")):
            # "Actually it's the DEA": the earlier turns' agency was corrected, not added to.
            signals = [s for s in signals if not (s.kind == "actor" and s.turn > 0)]
        spans = [(r.start, r.end) for r in reading.requests]
        lex = getattr(lex_reader, "lexicon", None)
        not_asking = [span for p in (lex.masks.get("requester", []) if lex else []) for span in views[0].spans(p)]
        out = []
        for i, (request, decision) in enumerate(zip(reading.requests, decisions, strict=True)):
            if decision.verdict != "permitted":
                out.append(decision)
                continue
            own = vector if len(reading.requests) == 1 else (embed(request.words) if embed else None)
            doubt = self.guard.doubt(decision, request.facts, signals, spans[i], spans[:i] + spans[i + 1:], own,
                                     not_asking)
            out.append(self.guard.check(decision, doubt))
        return out

    def _read(self, question: str, turns: list[Turn], vector, today) -> Reading:
        """The requests of the question: the reader's own when it splits them, else one request."""
        if isinstance(self.reader, RequestReader):
            return self.reader.read_requests(question, turns, vector=vector, today=today)
        facts = self.reader.read(question, turns, vector=vector, today=today)
        return Reading([Request(facts, question, 0, len(question))], facts, question)
