"""Decision + passages → Answer, and the checks every answer must pass (DESIGN §1 step 5, §4).

The text is assembled, never generated: each sentence comes from the rule table or from a corpus
passage and carries ``[n]`` markers that resolve to numbered citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.domain import VERDICT_LABELS, Answer, Citation, CitationRef, Decision, Passage, ReasonOut
from assistant.engine import additions
from assistant.errors import AnswerCheckError
from assistant.knowledge.badges import section_status, split_guidance
from assistant.knowledge.corpus import CHALLENGE_SECTION, STATUS_LABELS, label_for

QUOTE_CHARS = 900
MARKER_RE = re.compile(r"\[(\d+)\]")
# A marker right after a stop belongs to that sentence, so "[" never starts a new one.
BOUNDARY = re.compile(r"[.!?][*_)\]\"']*\s+(?=[A-Z§*_(\"'])")
# Legal citations are full of abbreviations that end in a period but do not end a sentence.
ABBREVIATIONS = {"v", "rel", "u.s", "dep't", "sup", "ct", "admin", "proc", "crim", "exec", "civ",
                 "stat", "e.g", "i.e", "inc", "st", "mr", "ms", "mrs", "dr", "jan", "feb", "mar", "apr", "jun",
                 "jul", "aug", "sept", "sep", "oct", "nov", "dec", "c.f.r", "u.s.c", "app", "div", "l", "ch",
                 "art", "para", "subd", "seq", "cir", "n.y", "n.y.c", "a.d", "a.d.3d", "f.3d", "s.ct", "gov",
                 "al", "etc", "vs", "co", "corp", "jr", "sr", "supp", "reg", "tit", "sec", "ex", "int", "res", "ord"}


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, not breaking after abbreviations such as "v." or "U.S."."""
    out, start = [], 0
    for m in BOUNDARY.finditer(text):
        word = text[start:m.start()].split()[-1:] or [""]
        token = word[0].lower().strip("(*_\"'").rstrip(".")
        if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass
class CitationBook:
    """Numbers citations in order of first use and resolves each to its corpus passage.

    ``index`` needs ``lookup(doc_id, pinpoint) -> [Chunk]`` and ``document(doc_id) -> Document``.
    Raises AnswerCheckError when a citation resolves to nothing (a rule citing a missing pinpoint).
    """

    index: object
    numbers: dict[CitationRef, int] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    deciding: set[int] = field(default_factory=set)  # the numbers a verdict rests on (Citation.role)

    def cite(self, ref: CitationRef) -> int:
        if ref in self.numbers:
            return self.numbers[ref]
        chunks = self.index.lookup(ref.doc_id, ref.pinpoint)  # type: ignore[attr-defined]
        if not chunks:
            raise AnswerCheckError(f"citation {ref} does not resolve to any corpus passage")
        doc = self.index.document(ref.doc_id)  # type: ignore[attr-defined]
        first = chunks[0]
        if additions.is_added(doc) and first.claims:
            # An added text stands beside the restatement it claims to be: that one is numbered first.
            claimed = CitationRef.parse(first.claims)
            if self.index.lookup(claimed.doc_id, claimed.pinpoint):  # type: ignore[attr-defined]
                self.cite(claimed)
        same_origin = [c for c in chunks if c.origin == first.origin and c.pinpoint == first.pinpoint]
        quote, guidance = _quote_and_guidance(same_origin)
        n = len(self.citations) + 1
        self.numbers[ref] = n
        weakest = "verified"
        for c in chunks:
            if c.pinpoint == first.pinpoint and _rank(c.provenance) > _rank(weakest):
                weakest = c.provenance
        added = additions.is_added(doc)
        self.citations.append(Citation(n=n, doc_id=ref.doc_id, pinpoint=ref.pinpoint,
                                       label=additions.label(doc, ref.pinpoint, first) if added
                                       else label_for(doc, ref.pinpoint, first.heading), quote=quote,
                                       provenance=weakest, **_source_fields(doc, ref.pinpoint, weakest, guidance),
                                       origin=additions.origin(doc, ref.pinpoint, first) if added else None))
        return n

    def markers(self, refs: tuple[CitationRef, ...] | list[CitationRef],
                deciding: bool = False) -> tuple[str, list[int]]:
        """(``"[1][3]"``, ``[1, 3]``) for ``refs``, citing each; ``deciding`` marks them as what a verdict rests on."""
        numbers = [self.cite(r) for r in refs]
        unique = list(dict.fromkeys(numbers))
        if deciding:
            self.deciding.update(unique)
        return "".join(f"[{n}]" for n in unique), unique

    def final(self) -> list[Citation]:
        """The citations with their ``role`` set: deciding or supporting."""
        return [c.model_copy(update={"role": "deciding" if c.n in self.deciding else "supporting"})
                for c in self.citations]


def _flowing(text: str) -> str:
    """Corpus files wrap prose at ~100 columns; a quote reads better as flowing paragraphs, cut near 900."""
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    if len(text) > QUOTE_CHARS:
        cut = text.rfind(". ", 0, QUOTE_CHARS)
        text = text[: cut + 1 if cut > 200 else QUOTE_CHARS].rstrip() + " …"
    return text


def _quote_and_guidance(chunks: list) -> tuple[str, str]:
    """(quote, guidance) of a section's chunks: a restatement's "For an officer" commentary is kept
    out of the quote (knowledge/badges.py), so a "verified" badge stands over the provision only."""
    text = "\n\n".join(c.text for c in chunks)
    if chunks[0].origin != "restatement":
        return _flowing(text), ""
    law, guidance = split_guidance(text)
    return _flowing(law), _flowing(guidance) if guidance else ""


def _source_fields(doc: object, pinpoint: str, provenance: str, guidance: str) -> dict[str, Any]:
    """The citation's link (section-level where the document has one), guidance, quote kind and status."""
    link = doc.link(pinpoint)  # type: ignore[attr-defined]
    return {"source_url": link["url"], "source_kind": link["kind"], "source_label": link["label"],
            "guidance": guidance, "quote_kind": "explanation" if doc.kind == "glossary" else "restatement",  # type: ignore[attr-defined]
            "status": section_status(doc.kind, doc.status, provenance)}  # type: ignore[attr-defined]


def _rank(provenance: str) -> int:
    return {"verified": 0, "secondary": 1, "unverified": 2}.get(provenance, 2)


def _sentence(text: str, marks: str) -> str:
    """``text`` with ``marks`` before the final stop of each of its sentences."""
    out = []
    for part in split_sentences(text.strip()):
        part = part.strip()
        if not part:
            continue
        if part[-1] in ".!?":
            out.append(f"{part[:-1]} {marks}{part[-1]}")
        elif re.search(r"[.!?][)\"']+$", part):  # "(… wrong.)" keeps its closing bracket
            out.append(f"{part} {marks}")
        else:
            out.append(f"{part} {marks}.")
    return " ".join(out)


def compose(question: str, decision: Decision, related: list[Passage], index: object,
            actions: dict[str, tuple[str, tuple[CitationRef, ...]]],
            requests: list[tuple[str, Decision]] | None = None) -> Answer:
    """Assemble the Answer for a permission question (verdict from ``decision``, the most restrictive).

    ``related`` passages from hybrid retrieval are added as "See also" when not already cited.
    ``requests`` — for a question holding several requests, each one's words and decision, in the
    order asked — adds an "Each request" list (verdict, summary, conditions) and the other requests'
    actions after the lead's.
    """
    book = CitationBook(index)
    reasons_out: list[ReasonOut] = []
    reason_lines = []
    for i, reason in enumerate(decision.reasons):
        # The lead reason (the one the summary carries) is the provision the verdict rests on; later
        # reasons explain and corroborate it (guidance, reports) and only support.
        marks, numbers = book.markers(reason.cites, deciding=i == 0)
        reasons_out.append(ReasonOut(text=reason.text, citations=numbers))
        reason_lines.append(_sentence(reason.text, marks))
    label = VERDICT_LABELS[decision.verdict]
    lines = []
    if decision.reasons:
        lead_marks, _ = book.markers(decision.reasons[0].cites)
        lines.append(f"**{label}.** " + _sentence(decision.summary, lead_marks))
        lines.append("")
        lines.append(" ".join(reason_lines))
    if decision.conditions:
        lines += ["", "**It depends:**"]
        for cond in decision.conditions:
            marks, _ = book.markers(cond.cites)
            lines.append("- " + _sentence(cond.text, marks))
    action_texts = []
    keys = list(dict.fromkeys([*decision.actions, *(k for _, d in requests or [] for k in d.actions)]))
    if keys:
        lines += ["", "**What to do:**"]
        for key in keys:
            text, refs = actions[key]
            marks, _ = book.markers(refs)
            lines.append("- " + _sentence(text, marks))
            action_texts.append(text)
    if requests and len(requests) > 1:
        lines += ["", "**Each request:**"]
        for n, (words, d) in enumerate(requests, start=1):
            marks, numbers = book.markers(d.reasons[0].cites, deciding=True) if d.reasons else ("", [])
            quoted = words.strip().rstrip(".?!,;")
            lines.append(f"- **Request {n} (“{quoted}”): {VERDICT_LABELS[d.verdict]}.** "
                         + (_sentence(d.summary, marks) if marks else ""))
            for cond in d.conditions if d.verdict != "prohibited" else ():
                cmarks, _ = book.markers(cond.cites)
                lines.append("  - " + _sentence(cond.text, cmarks))
            if d is not decision:
                for reason in d.reasons:
                    rmarks, rnumbers = book.markers(reason.cites)
                    if all(r.text != reason.text for r in reasons_out):
                        reasons_out.append(ReasonOut(text=reason.text, citations=rnumbers))
    for passage in related:
        if passage.origin == "ingested":
            continue  # an added text, reviewed or not, may contradict the verdict: never its "See also"
        ref = CitationRef(passage.doc_id, passage.pinpoint)
        if ref not in book.numbers and decision.reasons:
            n = book.cite(ref)
            heading = book.citations[n - 1].label
            lines += ["", f"See also: {heading} [{n}]."]
            break
    lines += _caveats(book)
    # A clarifying answer asks at most two questions, the most decisive first (the rule lists them so).
    followups = list(decision.followups)[:2] if decision.verdict == "review" else list(decision.followups)
    return Answer(question=question, verdict=decision.verdict, summary=decision.summary,  # type: ignore[arg-type]
                  answer="\n".join(lines).strip(), reasons=reasons_out, actions=action_texts,
                  followups=followups, citations=book.final())


def _caveats(book: CitationBook, challenge: bool = True) -> list[str]:
    """Sentences flagging weak provenance ("confirm with Legal Bureau"), documents not in force and, when
    `challenge`, laws in force but challenged by the United States (audit C1, cited to CHALLENGE_SECTION)."""
    out: list[str] = []
    # Only what the verdict rests on: a weak source that merely supports (a step, a "See also") would put
    # the warning on nearly every answer, and a warning on everything is a warning on nothing (issue 12).
    # Added texts get their own line (engine/additions.py): the answer does not rest on them.
    weak = [c for c in book.citations if c.n in book.deciding and c.provenance != "verified" and c.origin is None]
    if weak:
        named = "; ".join(f"{c.label} [{c.n}] ({c.provenance})" for c in weak)
        out += ["", f"_The verdict rests on sources not checked against the official text: {named}; "
                    "confirm with Legal Bureau before relying on them._"]
    noted: set[str] = set()
    challenged = [c for c in book.citations
                  if book.index.document(c.doc_id).status == "in-force-challenged"]  # type: ignore[attr-defined]
    if challenged and challenge:
        ref = CitationRef.parse(CHALLENGE_SECTION)
        if book.index.lookup(ref.doc_id, ref.pinpoint):  # type: ignore[attr-defined]
            n = book.cite(ref)
            names = ", ".join(dict.fromkeys(book.index.document(c.doc_id).citation  # type: ignore[attr-defined]
                                            for c in challenged))
            out.append(f"_Note: {names} {'is' if ', ' not in names else 'are'} in force; the United States has "
                       f"challenged {'it' if ', ' not in names else 'them'} in federal court, and the Legal "
                       f"Bureau tracks the case [{n}]._")
    for c in book.citations:
        doc = book.index.document(c.doc_id)  # type: ignore[attr-defined]
        if additions.is_added(doc):
            continue  # its status is "unreviewed", said by additions.caveat
        if doc.status not in ("in-force", "in-force-challenged") and doc.id not in noted:
            # The document's own citation: a section heading ("Appeal and the Safer Sanctuary Act")
            # would read as if that later law were the one struck down.
            noted.add(doc.id)
            out.append(f"_Note: {doc.citation} is {STATUS_LABELS[doc.status]}, not binding law [{c.n}]._")
    return out + additions.caveat(book.citations)


def compose_info(question: str, passages: list[Passage], index: object) -> Answer:
    """An extractive answer: the first sentences of the best passages, each cited.

    Restatements come first; an added text (``sharecheck ingest``) follows them, beside the
    restatement it claims to be, and is never the summary.
    """
    book = CitationBook(index)
    lines = ["**Information.** From the corpus:", ""]
    reasons: list[ReasonOut] = []
    # An added text no reviewer has checked is not read out to an officer (tester: an unreviewed file
    # saying "share release dates with ICE" came back as an answer bullet); `ingest --list` shows it.
    passages = [p for p in passages if p.origin != "ingested" or p.provenance == "verified"]
    for p in sorted(passages, key=lambda p: p.origin == "ingested"):
        n = book.cite(CitationRef(p.doc_id, p.pinpoint))
        if p.origin != "ingested":
            book.deciding.add(n)  # an Information answer's text is these passages; an added text only stands beside
        # The provision's restatement answers; the "For an officer" commentary is guidance, not the law.
        said = (split_guidance(p.text)[0] or p.text) if p.origin == "restatement" else p.text
        sentences = [s for s in split_sentences(said.replace("\n", " ")) if s.strip()][:2]
        text = " ".join(sentences).strip()
        if not text:
            continue
        if text[-1] not in ".!?":
            text += "."
        citation = book.citations[n - 1]
        beside = book.numbers.get(CitationRef.parse(str(citation.origin["beside"]))) \
            if citation.origin and citation.origin["beside"] else None
        lead = f"{citation.label} (beside [{beside}])" if beside else citation.label
        lines.append(f"- {lead}: " + " ".join(_sentence(s, f"[{n}]") for s in sentences))
        reasons.append(ReasonOut(text=text, citations=[n]))
    own = [r for r in reasons if book.citations[r.citations[0] - 1].origin is None]
    summary = own[0].text if own else ("ShareCheck's restatements have nothing on that." if not reasons else
                                       "ShareCheck's restatements have nothing on that; only an added text that "
                                       "no reviewer has checked matched.")
    # A definition or a summary is not a verdict to act on; the litigation note would only add noise.
    lines += _caveats(book, challenge=False)
    return Answer(question=question, verdict="info", summary=summary, answer="\n".join(lines).strip(),
                  reasons=reasons, citations=book.final(),
                  followups=["Can I share this with a federal agent?"] if reasons else [])


def compose_out_of_scope(question: str, followups: tuple[str, ...], elsewhere: str = "",
                         where_to_ask: str = "") -> Answer:
    """The abstention: no legal claim is made, so nothing needs a citation.

    ``elsewhere`` (the words naming another jurisdiction's rules) gives the answer that says ShareCheck
    covers New York City and ``where_to_ask`` instead.
    """
    if elsewhere:
        text = (f"**Outside scope.** This asks about another jurisdiction's rules (\"{elsewhere}\"). "
                f"{where_to_ask}")
        return Answer(question=question, verdict="out_of_scope",
                      summary="ShareCheck covers New York City; this asks about another jurisdiction's rules.",
                      answer=text, followups=["Can I tell ICE when my prisoner is being released?"])
    text = ("**Outside scope.** ShareCheck answers one kind of question: whether an NYPD member may share "
            "information with, or assist, federal agents under New York City's sanctuary laws. "
            "For anything else, ask your supervisor, your command's integrity control officer, or the "
            "Legal Bureau.")
    return Answer(question=question, verdict="out_of_scope", summary="This is outside what ShareCheck covers.",
                  answer=text, followups=list(followups))


def uncited_sentences(answer: Answer) -> list[str]:
    """Sentences of ``answer.answer`` without an ``[n]`` marker (headings ending in ':' are not sentences)."""
    if answer.verdict == "out_of_scope":
        return []
    text = answer.answer
    # Citation labels ("N.Y.C. Council Int. No. 1412-A …") are full of periods that end no sentence.
    for c in sorted(answer.citations, key=lambda c: -len(c.label)):
        text = text.replace(c.label, f"citation-label-{c.n}")
    bad = []
    for line in text.splitlines():
        line = line.strip().lstrip("- ").strip()
        if not line or line.endswith(":") or line.endswith(":**"):
            continue
        for sentence in split_sentences(line):
            if re.fullmatch(r"\*\*[^*]+\.\*\*", sentence.strip()):
                continue  # the verdict label, e.g. "**Not permitted.**"
            if sentence.strip().strip("_*") and not MARKER_RE.search(sentence):
                bad.append(sentence.strip())
    return bad


def check_answer(answer: Answer) -> None:
    """Raise AnswerCheckError unless every sentence is cited and every marker resolves to a citation."""
    numbers = {c.n for c in answer.citations}
    problems = [f"uncited sentence: {s!r}" for s in uncited_sentences(answer)]
    problems += [f"marker [{m}] has no citation" for m in MARKER_RE.findall(answer.answer) if int(m) not in numbers]
    problems += [f"citation {c.n} ({c.doc_id}#{c.pinpoint}) has an empty passage" for c in answer.citations
                 if not c.quote.strip()]
    problems += additions.problems(answer)
    if problems:
        raise AnswerCheckError("; ".join(problems))
