"""Question (+ chat) → requests: "ICE wants to know if he's here and the FBI wants his sheet" is two.

A question can hold several requests, each from its own asker, for its own act, with its own paper
and purpose. The reader splits the question at clause boundaries (sentence ends, "and", "but",
"also", "plus"), reads each clause with the lexicon, and starts a new request where a clause names a
different asker, or a new act introduced as another ask ("…and also asked us to…"). Clauses with no
asker and no act are context for the request beside them. Facts about the person (custody, record,
where) are shared by every request; a paper or purpose belongs to the asker who gave it.

With one request the reading is exactly the whole-question reading, so splitting never changes an
answer to a single-request question. Each request is decided on its own (rules.py); the answer leads
with the most restrictive (DESIGN §6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.domain import Facts, Turn
from assistant.engine.dialogue import ChatReader, merge
from assistant.engine.reading import LexiconReader, requester_value, slot_value
from assistant.engine.text import TextView

# Where a clause may end: a sentence end, a coordinator between two statements, or a comma
# before a clause with its own ask ("ICE wants his release time, the FBI wants his sheet").
ASK_AHEAD = (r"(?=(and |but |while |then )?(the |a |an |our |their |his |her |some )?([\w'.-]+ ){0,3}"
             r"(wants?|asks?|asked|asking|needs?|needed|wanted|requests?|requested|would like|called|calls|"
             r"is asking|are asking|emailed|faxed|phoned)\b)")
BOUNDARY = re.compile(r"[.?!;]+\s+|\s+[-–—]\s+|,?\s+\b(?=(and|but|also|plus|while|then|as well as)\b)|,\s+"
                      + ASK_AHEAD)
# The member's own second question ("…, and can I give the ADA her cell number?"): a request of its own
# when it names another act (set 11, s11-multi-010).
MEMBER_ASK = re.compile(r"^(,?\s*)?(and |but |plus |then |also )(can|may|should|could|do) (i|we)\b")
# A clause that opens another ask of the same asker ("and also asked us to …", "and wants …").
NEW_ASK = re.compile(r"^(,?\s*)?(and |but |plus |then )?(also |then |separately |additionally |later )?"
                     r"(they |he |she |the agent |their agent |the same agent )?"
                     r"(also |separately |too |then )?(asked|asks|asking|wants?|wanted|needs?|requested|would like|"
                     r"phoned|called|emailed)\b")
# Facts about the person or the place, which every request shares. Whom a request is about and where
# it happens are shared only when stated outside the other requests ("…and also asked me whether our
# eyewitness is legal": the eyewitness is the second request's, not the first's).
SHARED = ("subject", "criminal_history", "watch_list", "location", "time_served", "conviction_age", "off_duty")
OWN_WHEN_INSIDE = ("subject", "location")
SAME = re.compile(r"\b(the same (thing|question|info|information|request|stuff)|same (question|request|thing))\b")
# "Say ICE shows up…" is a scenario; "they say it is a criminal case" is not (tester).
HYPOTHETICAL = re.compile(r"\b(what if|suppose|supposing|hypothetical(ly)?|imagine|in a scenario|just curious|"
                          r"what (would|will) happen if|what happens if|let'?s say|trainer (here|question)|"
                          r"for (a|the) (class|scenario|training))\b|^(say|ok say|okay say) ")


@dataclass
class Request:
    """One request read from the question: its facts, the words it was read from and where they are.

    ``start``/``end`` index the prepared question (``words`` = its text there); ``hypothetical`` is
    True for a "what if" or a trainer's scenario.
    """

    facts: Facts
    words: str
    start: int
    end: int
    hypothetical: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"words": self.words, "hypothetical": self.hypothetical, "facts": self.facts.as_dict()}


@dataclass
class Reading:
    """Everything read from a question and its chat: the requests (in the order asked), the merged
    facts of the whole question (what earlier turns carry forward) and the prepared text."""

    requests: list[Request]
    facts: Facts
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, in order, covering it without gaps. A clause of one
    word ("they"), or two that end no sentence ("and then"), joins the clause after it."""
    cuts = [0]
    for m in BOUNDARY.finditer(text):
        if m.end() > cuts[-1]:
            cuts.append(m.end() if text[m.start():m.end()].strip(" ,") in ("", ".", "?", "!", ";") or
                        text[m.start()] in ".?!;-–—" else m.start())
    cuts.append(len(text))
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in zip(cuts, cuts[1:], strict=False):
        if not text[s:e].strip():
            continue
        start = s if pending is None else pending
        piece = text[s:e].strip()
        if e < len(text) and (len(piece.split()) == 1 or (len(piece.split()) == 2 and piece[-1] not in ".?!;")):
            pending = start
            continue
        out.append((start, e))
        pending = None
    if pending is not None:
        out.append((pending, len(text)))
    return out


def _stated_in_another(text: str, words: str, mine: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """True when ``words`` (a fact's evidence) sit inside another request's span and not in ``mine``."""
    if not words:
        return False
    at = text.find(words)
    if at < 0 or mine[0] <= at < mine[1]:
        return False
    return any(s <= at < e for s, e in spans if (s, e) != mine)


def _family(value: object) -> str:
    return {"ice_ero": "ice", "ice_hsi": "ice", "ice": "ice"}.get(str(value), str(value))


class RequestReader(ChatReader):
    """The ``FactReader`` that also returns every request of the question (``read_requests``)."""

    def read_requests(self, question: str, history=(), vector=None, today: date | None = None) -> Reading:
        """The requests of ``question`` (with ``history``: Turns, oldest first, as the chat so far).

        Each request's facts are merged with what the chat carries, as a single-request follow-up
        would be. ``vector`` is the question's embedding (for the classifier); ``today`` pins the date.
        """
        whole = self.read(question, history, vector, today)
        reader: LexiconReader = self.lexicon_reader
        view = reader.view(question)
        groups = self._group(view)
        hypothetical = bool(HYPOTHETICAL.search(view.text))
        if len(groups) <= 1:
            return Reading([Request(whole, view.text, 0, len(view.text), hypothetical)], whole, view.text,
                           [(0, len(view.text))])
        carried = self._carried(history, today)
        requests = []
        askers = {_family(r) for _, _, r, _ in groups if r}
        spans = [(s, e) for s, e, _, _ in groups]
        for start, end, asker, act in groups:
            part = reader.read_view(TextView(view.text[start:end]), None, None, today)
            if part.action is None and act is not None:
                part.action, part.evidence["action"] = act, "the same request as before"
                part.confidence["action"] = 0.9
            for slot in SHARED:
                if slot in OWN_WHEN_INSIDE and _stated_in_another(view.text, whole.evidence.get(slot, ""),
                                                                  (start, end), spans):
                    continue
                if getattr(part, slot) is None and getattr(whole, slot) is not None:
                    setattr(part, slot, getattr(whole, slot))
                    part.evidence[slot] = whole.evidence.get(slot, "")
                    part.confidence[slot] = whole.confidence.get(slot, 1.0)
            if len(askers) <= 1 and asker is not None:
                # One asker with several acts: who asks and why covers all of them; a paper belongs to
                # the act it came with ("a subpoena for the report, and a call about his court date").
                # An act nobody asked for ("Can we call EMS?") stays the member's own.
                for slot in ("requester", "purpose"):
                    if getattr(part, slot) is None and getattr(whole, slot) is not None:
                        setattr(part, slot, getattr(whole, slot))
                        part.evidence[slot] = whole.evidence.get(slot, "")
                        part.confidence[slot] = whole.confidence.get(slot, 1.0)
            if not part.elsewhere:
                part.intent = whole.intent  # a clause is asked the way the whole question asks
            if carried is not None:
                part = merge(carried, part, reader.broader)
            requests.append(Request(part, view.text[start:end].strip(" ,;"), start, end,
                                    hypothetical or bool(HYPOTHETICAL.search(view.text[start:end]))))
        return Reading(requests, whole, view.text, [(s, e) for s, e, _, _ in groups])

    def _carried(self, history, today) -> Facts | None:
        """The facts the earlier turns carry (None for a first question)."""
        if not history:
            return None
        *earlier, last = list(history)
        return self.read(last.question, earlier, None, today) if last.facts is None else last.facts

    def _group(self, view: TextView) -> list[tuple[int, int, str | None, str | None]]:
        """Clauses grouped into requests: [(start, end, asker or None, act or None)], in order."""
        lex = self.lexicon_reader.lexicon
        groups: list[list] = []  # [start, end, asker, action, asker's words]
        for start, end in clauses(view.text):
            clause = TextView(view.text[start:end])
            asker = requester_value(lex, clause)
            asker_value = asker[0] if asker else None
            act = slot_value(lex, "action", clause)
            act_value = act[0] if act else None
            words = asker[1] if asker else None
            if not groups:
                groups.append([start, end, asker_value, act_value, words])
                continue
            current = groups[-1]
            # A new asker starts a request when it asks something of its own, or is the subject of an
            # ask verb ("and an ICE officer called"): a mention ("they cc'd HSI") is context.
            asks = asker is not None and any(p.search(clause.text) for p in lex.cue("ask_verb_anywhere"))
            # Two agencies of one kind (ATF and the Marshals, HSI and ERO) are two askers when each asks for
            # an act of its own; a first clause with an act and nobody asking ("Can we call EMS?") is a
            # request of its own when an agency then asks for something else (set 1, s1-mr-004, s1-mr-019).
            own_ask = asker is not None and act_value is not None and asks
            # A same-kind asker completing a request that has no act yet ("Brooklyn DA trial prep on my
            # shooting, the ADA wants the photo array") is the same request (set 8, s8-perm-23).
            other = asker_value is not None and current[2] is not None and (
                _family(asker_value) != _family(current[2]) or
                (own_ask and current[3] is not None and (asker_value != current[2] or words != current[4])))
            # ... but only when the member asks it ("Can we call EMS?"); "Active shooter at the mall, the
            # FBI wants our CCTV" is the FBI's request in its setting.
            asked_alone = "?" in view.text[current[0]:current[1]] or any(
                p.search(view.text[current[0]:current[1]]) for p in lex.cue("permission_cues"))
            first_act_alone = current[2] is None and current[3] is not None and own_ask and act_value != current[3] \
                and asked_alone
            new_asker = (other and (act_value is not None or asks)) or first_act_alone
            clause_text = view.text[start:end].lower()
            new_act = act_value is not None and current[3] is not None and act_value != current[3] and \
                bool(NEW_ASK.match(clause_text) or MEMBER_ASK.match(clause_text)) and \
                (asker_value is None or _family(asker_value) == _family(current[2] or asker_value))
            if new_asker or new_act:
                groups.append([start, end, asker_value or (current[2] if new_act else None), act_value,
                               words or (current[4] if new_act else None)])
            else:
                current[1] = end
                current[2] = current[2] or asker_value
                current[3] = current[3] or act_value
                current[4] = current[4] or words
        # A request needs an act or an asker; a leading clause of pure context joins the next.
        merged: list[list] = []
        for g in groups:
            if merged and merged[-1][2] is None and merged[-1][3] is None:
                merged[-1][1], merged[-1][2], merged[-1][3] = g[1], g[2], g[3]
            else:
                merged.append(g)
        # "…and an ICE officer called asking the same thing": the act is the one asked before.
        for before, g in zip(merged, merged[1:], strict=False):
            if g[3] is None and SAME.search(view.text[g[0]:g[1]]):
                g[3] = before[3]
        real = [g for g in merged if g[3] is not None or g[2] is not None]
        return [(g[0], g[1], g[2], g[3]) for g in real] if len(real) > 1 else [(0, len(view.text), None, None)]


def most_restrictive(verdicts: list[str]) -> str:
    """The verdict that leads an answer with several requests: prohibited > review > permitted > info > out_of_scope."""
    order = ["prohibited", "review", "permitted", "info", "out_of_scope"]
    return min(verdicts, key=order.index)


__all__ = ["Reading", "Request", "RequestReader", "Turn", "clauses", "most_restrictive"]
