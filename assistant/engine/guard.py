"""A yes must be earned (issue 10, item 2): the last check before a request is answered "permitted".

A permitted rule's verdict stands only when

(a) every fact the rule relies on was read with confidence by two independent readings that agree —
    the lexicon reader, and the fact classifier over the request's own words (under its reading the
    rule must still match); and
(b) no immigration signal anywhere in the conversation (engine/signals.py) is left unexplained. A
    signal is explained when the asker denies it ("no immigration angle"), when its words are the
    evidence of a fact the rule allows (the rule matched knowing the requester is HSI), when it sits in
    another request of the same question (decided on its own), or when it is of a kind the rule's own
    facts account for (the rule's ``explains``: the U-visa rule explains "visa").

Otherwise the verdict becomes "Needs review", saying what to confirm. This closes the path by which a
hook word ("emergency", "criminal", "statistics") alone produces a yes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.domain import Decision, Facts, Reason
from assistant.engine.rules import RuleTable
from assistant.engine.signals import Signal, SignalClassifier, SignalPatterns
from assistant.engine.text import TextView


@dataclass(frozen=True)
class Doubt:
    """Why a yes was not earned: the unexplained ``signals`` and the ``disagreements`` (slot, lexicon
    value, classifier value)."""

    signals: tuple[Signal, ...] = ()
    disagreements: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.signals or self.disagreements)


# The second reading contradicts the first only when it is this sure of another value (engine notes
# in the README, "A yes must be earned": the classifier is too weak on fresh wording to require more).
CONTRADICTS = 0.7


class YesGuard:
    """Checks permitted decisions. ``patterns`` find signals; ``signal_model`` (optional) flags a turn
    the patterns found nothing in; ``fact_model`` (optional) is the second reading of the facts."""

    def __init__(self, rules: RuleTable, patterns: SignalPatterns, signal_model: SignalClassifier | None = None,
                 fact_model=None, require_agreement: bool = True):
        self.rules, self.patterns = rules, patterns
        self.signal_model, self.fact_model = signal_model, fact_model
        self.require_agreement = require_agreement

    def signals(self, views: list[TextView], vectors: list | None = None) -> list[Signal]:
        """Every signal of the conversation: ``views[0]`` is the question, then earlier turns, newest first.

        A turn with no pattern signal that the classifier flags gets one ``implied`` signal covering it.
        """
        found: list[Signal] = []
        for turn, view in enumerate(views):
            mine = self.patterns.find(view, turn)
            found += mine
            vector = vectors[turn] if vectors and turn < len(vectors) else None
            if not mine and vector is not None and self.signal_model is not None and self.signal_model.flags(vector):
                found.append(Signal("implied", view.text, 0, len(view.text), turn))
        return found

    def doubt(self, decision: Decision, facts: Facts, signals: list[Signal], span: tuple[int, int],
              others: list[tuple[int, int]], vector=None, not_asking: list[tuple[int, int]] | None = None) -> Doubt:
        """What keeps ``decision`` (permitted, for the request at ``span`` of the question) from standing.

        ``not_asking``: spans of the question naming an agency in another role (the victim, the
        tipster, the prints' destination; the lexicon's requester masks), which explain actor signals.
        """
        evidence = [w for slot in decision.relies_on for w in [facts.evidence.get(slot, "")] if w]
        open_signals = tuple(
            s for s in signals
            if not s.denied and s.kind not in decision.explains
            and not (s.turn == 0 and any(a <= s.start and s.end <= b for a, b in others))
            and not any(s.words in w or w in s.words for w in evidence if len(w) > 2)
            and not (s.kind == "actor" and s.turn == 0 and any(a <= s.start < b for a, b in not_asking or [])))
        return Doubt(open_signals, self._disagreements(decision, facts, vector))

    def _disagreements(self, decision: Decision, facts: Facts, vector) -> tuple[tuple[str, str, str], ...]:
        if not self.require_agreement or self.fact_model is None or vector is None:
            return ()
        rule = next((r for r in self.rules.rules if r.id == decision.rule_id.split(":")[0]), None)
        if rule is None:
            return ()
        out = []
        distribution = self.fact_model.distribution(vector)
        for slot in decision.relies_on:
            if slot in facts.carried:
                continue  # read in an earlier turn, from words this question's vector does not hold
            probs = distribution.get(slot)
            if not probs:
                continue  # the classifier has no reading of this slot (e.g. a derived number)
            # The second reading is the classifier's most likely stated value (not "none"): the rule
            # must still match under it, or the two readings disagree.
            stated = {v: p for v, p in probs.items() if v != "none"}
            if not stated:
                continue
            best = max(stated, key=stated.get)  # type: ignore[arg-type]
            if stated[best] < CONTRADICTS:
                continue  # no confident second reading of this slot: nothing to disagree with
            trial = facts.copy(**{slot: True if best == "true" else best})
            # The readings disagree when the classifier's value changes the outcome: the rule no longer
            # matches and the table under that value gives no yes either ("print him" read as
            # processing by one and fingerprinting by the other is one answer).
            if not rule.matches(trial, self.rules.groups) and self.rules.decide(trial).verdict != "permitted":
                out.append((slot, str(getattr(facts, slot)), best))
        return tuple(out)

    def check(self, decision: Decision, doubt: Doubt) -> Decision:
        """``decision`` as is when ``doubt`` is empty, else a "Needs review" that says what to confirm."""
        if decision.verdict != "permitted" or not doubt:
            return decision
        cites = decision.reasons[0].cites if decision.reasons else ()
        confirm = []
        if doubt.signals:
            words = ", ".join(f"“{s.words}”" for s in doubt.signals[:3] if s.kind != "implied")
            confirm.append(f"that no immigration authority is involved and nothing will reach one (the conversation "
                           f"mentions {words})" if words else
                           "that no immigration authority is involved and nothing will reach one (the wording "
                           "reads like immigration enforcement)")
        if doubt.disagreements:
            read = ", ".join(f"{slot.replace('_', ' ')}: {value.replace('_', ' ')}" for slot, value, _ in
                             doubt.disagreements)
            confirm.append(f"the facts ShareCheck read ({read})")
        what = " and ".join(confirm)
        condition = Reason(f"If you can confirm {what}, the answer is: {decision.summary}", cites)
        followup = ("Is any of this for ICE or another immigration authority?" if doubt.signals
                    else f"Just to be sure: is this about {what.split('(')[-1].rstrip(')')}?")
        return replace(decision, verdict="review", rule_id=f"{decision.rule_id}:unearned",
                       summary="Probably permitted, but first confirm " + what + ".",
                       actions=("supervisor",) + tuple(a for a in decision.actions if a != "supervisor"),
                       followups=(followup,) + decision.followups[:1],
                       conditions=(condition,) + decision.conditions)
