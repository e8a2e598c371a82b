"""Remove personal details from free text before ShareCheck stores it (audit log, request records, scores).

``redact("ICE asked for the release date of Mr. Jose Garcia, DOB 04/12/1987")``
→ ``"ICE asked for the release date of Mr. [NAME], DOB [DOB]"``.

What is removed (issues 6 and 14; § 23-1201 "identifying information" is the wider legal notion):

- names after titles ("Mr.", "Agent", "doña"), cue words ("named", "goes by", "se llama", "came back to")
  and role words ("victim", "perp", "his wife", "my CI", "la víctima"), capitalised or not ("the victim
  maria lopez"), "SURNAME, FIRST" records, and runs of two or more capitalised words the corpus never uses;
- dates of birth (after "DOB", "born", "b.", "fecha de nacimiento", and bare numeric dates before 2010);
- phone numbers (bare 10- and 11-digit runs, extensions, spelled-out digits); street addresses (house
  number + street, unit, borough, ZIP; cross streets someone lives on; a housing development's flat);
  e-mail addresses (also "name at gmail dot com"); licence plates (after "plate", "tag", "reg", in
  every state's shapes, and bare NY and TLC shapes); NYSID numbers, A-numbers, Social Security
  numbers, and ID numbers after their cue (docket, arrest #, passport, licence, CIN, B&C) as ``[ID]``.

It is pattern based and errs towards removing too much: a stored question needs its legal words
(agency, document, request, statute, form, precinct), never the person's identity. The words and
patterns live in redaction_patterns.py. Measured recall and precision are printed by
tests/test_redaction.py and ``python -m evals.redaction_recall``. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings
from assistant.stores.redaction_patterns import (
    ABBREVIATIONS,
    ACCENTED,
    ACRONYMS,
    CAP_NAME,
    CLAUSE_END,
    COMMON_WORDS,
    CONTRACTION,
    LOWER_TITLES,
    LOWER_TOKEN,
    NAME_CUE,
    NAMEABLE,
    NOT_A_PERSON_AFTER,
    PATTERNS,
    PLACE_WORDS,
    PLACEHOLDERS,
    PLATE_CUE,
    PLATE_LIST,
    PLATE_TOKEN,
    PUBLIC_ADDRESSES,
    ROLE_WORDS,
    STOPWORDS,
    TITLE_CUE,
    TITLE_RUN,
    TITLE_WORDS,
    WORD_ENDING,
)

__all__ = ["PLACEHOLDERS", "Span", "find", "known_words", "redact"]
PARTICLES = {"de", "del", "la", "da", "dos", "van", "von", "der", "le", "al", "el", "bin", "ibn"}
_CAP_NAME = re.compile(CAP_NAME)
_SURNAME_PART = re.compile(r"\s+((?:o['’]|mc|mac|d['’])[a-z]+|[a-z]+-[a-z]+)(?=[\s,.;!?)]|$)")


def known_words(corpus_dir: Path | None = None) -> frozenset[str]:
    """Every word of the corpus (lower-cased) plus PLACE_WORDS: capitalised words that are not names.

    ``corpus_dir`` defaults to the settings' corpus (SHARECHECK_CORPUS_DIR). Each folder's
    ``documents/*.md`` is read once; without a corpus only PLACE_WORDS are known (more is redacted).
    """
    return _known_words((corpus_dir or Settings.from_env().corpus_dir).resolve())


@lru_cache(maxsize=4)
def _known_words(corpus_dir: Path) -> frozenset[str]:
    words = set(PLACE_WORDS)
    for path in (corpus_dir / "documents").glob("*.md"):
        words.update(re.findall(r"[a-z\u00C0-\u017F]+", path.read_text(encoding="utf-8").lower()))
    return frozenset(words)


def _bare_names(text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Runs of two or more capitalised words that the corpus never uses ("if Maria Lopez still …").

    Legal and place names ("Legal Bureau", "Rikers Island"), titles and role words are known, so they
    stay; a run just before a street type or "LLC" names a street or a business ("Frederick Douglass Blvd").
    """
    out = []
    for m in TITLE_RUN.finditer(text):
        run: list[re.Match[str]] = []
        for w in [*re.finditer(r"\S+", m.group()), None]:
            word = re.sub(r"['’]s$", "", w.group()).lower() if w else ""
            if w and word not in TITLE_WORDS | ROLE_WORDS and any(
                    part not in known for part in re.split(r"['’-]", word) if part):
                run.append(w)
                continue
            end = m.start() + run[-1].end() if run else 0
            if len(run) >= 2 and not NOT_A_PERSON_AFTER.match(text, end):
                out.append((m.start() + run[0].start(), end))
            run = []
    return out


@dataclass(frozen=True)
class Span:
    """One personal detail found in a text: ``kind`` (a PLACEHOLDERS key) and ``text[start:end]``."""

    kind: str
    start: int
    end: int


def _name_span(text: str, start: int, end: int, known: frozenset[str] = frozenset(),
               drop_known: bool = False) -> tuple[int, int] | None:
    """Trim a candidate name: drop stopwords, acronyms (and corpus words if ``drop_known``) and a possessive.
    A capitalised "Will" or "May" before another name word is a first name and stays."""
    def not_a_name(word: str, first: bool = False) -> bool:
        bare = re.sub(r"['’]s$", "", word.strip(".,;:?!"))
        if first and len(keep) > 1 and bare.lower() in NAMEABLE and bare[:1].isupper():
            return False
        return (bare.lower() in STOPWORDS or bare in ACRONYMS
                or (drop_known and re.sub(r"['’]s$", "", bare.lower()) in known))

    keep = list(re.finditer(r"\S+", text[start:end]))
    while keep and not_a_name(keep[0].group(), first=True):
        keep.pop(0)
    while keep and not_a_name(keep[-1].group()):
        keep.pop()
    if not keep:
        return None
    s, e = start + keep[0].start(), start + keep[-1].end()
    while e > s and text[e - 1] in ".,;:":
        e -= 1
    if text[s:e].endswith(("'s", "’s")):
        e -= 2
    return (s, e) if e > s else None


def _stems(word: str) -> set[str]:
    """``word`` without a plain inflection: "parks" → "park", "getting" → "get", "federally" → "federal"."""
    out = set()
    for suffix, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
                        ("ly", ""), ("ies", "y"), ("ied", "y")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + add
            out |= {stem, stem[:-1]} if len(stem) > 3 and stem[-1] == stem[-2] and not add else {stem}
    return out


def _plain_word(word: str, known: frozenset[str], strict: bool) -> bool:
    """An ordinary word, not a name: a stopword, a common verb, a contraction; read strictly, also a word
    with an ordinary ending or an inflection of a known word."""
    if word in STOPWORDS - PARTICLES or word in COMMON_WORDS or CONTRACTION.search(word):
        return True
    return strict and bool(WORD_ENDING.search(word) or _stems(word) & (known | COMMON_WORDS))


def _lower_run(text: str, pos: int, known: frozenset[str], strict: bool = False, clause: bool = False,
               pair: bool = False) -> tuple[int, int] | None:
    """Up to three lower-case words at ``pos`` that read as a name ("maria lopez", "de la cruz, miguel"):
    no ordinary word (``_plain_word``), at least one word the corpus never uses; known words at the end
    drop. ``clause``: the name must end the clause ("the perp is tony, …", not "the mom is frantic");
    ``pair``: two words at least ("came back to a carlos mejia", not "registered to a grad student")."""
    words: list[re.Match[str]] = []
    while len(words) < 4:
        m = LOWER_TOKEN.match(text, pos)
        if not m or _plain_word(m.group(), known, strict):
            break
        words.append(m)
        if not text.startswith(" ", m.end()):
            break
        pos = m.end() + 1
    while words and (words[-1].group() in PARTICLES or words[-1].group() in known):
        words.pop()
    if not words or len(words) > 3 or len(words) < 1 + pair or not any(w.group() not in known | PARTICLES
                                                                      for w in words):
        return None
    start, end = words[0].start(), words[-1].end()
    more = re.compile(r",\s*([a-z\u00C0-\u017F]+)(?=\s+-|[\s.;!?]*$)").match(text, end)  # "cruz, miguel - docket"
    if more and not _plain_word(more.group(1), known, True) and more.group(1) not in known:
        end = more.end()
    elif words[0].group() in PARTICLES:  # "de la migra" is Spanish; "de la cruz, miguel" is a name
        return None
    if clause and not CLAUSE_END.match(text, end):
        return None
    return start, end


def _name_after(text: str, pos: int, known: frozenset[str], lower: str = "") -> tuple[int, int] | None:
    """The name that starts at ``pos`` after a cue: capitalised ("Will Bishop", "VASQUEZ, ANGEL",
    "DeShawn o'neil") or lower-case, read as ``lower`` says: "" not at all, "loose", "strict",
    "clause" (strict, and it must end the clause) or "pair" (strict, two words at least)."""
    cap = _CAP_NAME.match(text, pos)
    span = _name_span(text, pos, cap.end()) if cap else None
    if span:
        first = text[span[0]:span[1]]
        if first.isupper() and len(first) > 1:  # a record's "SURNAME, FIRST"
            rest = re.compile(rf",\s*({CAP_NAME})").match(text, span[1])
            if rest and (tail := _name_span(text, rest.start(1), rest.end(1))) and text[tail[0]:tail[1]].isupper():
                span = (span[0], tail[1])
        part = _SURNAME_PART.match(text, span[1])
        return (span[0], part.end()) if part and part.group(1) not in known else span
    if not lower:
        return None
    return _lower_run(text, pos, known, strict=lower != "loose", clause=lower == "clause", pair=lower == "pair")


def _cue_names(text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Names after a title ("Agent Smith", "mr o'brien"), a name cue or a role word ("the victim maria lopez")."""
    out = []
    for m in TITLE_CUE.finditer(text):
        if span := _name_after(text, m.end(), known, "loose" if LOWER_TITLES.search(m.group()) else ""):
            out.append(span)
    for m in NAME_CUE.finditer(text):
        lower = ("" if m.group("sep").strip() else "loose" if m.group("strong") or m.group("fill") == "named"
                 else "pair" if m.group("pair") else "clause" if m.group("cop") else "strict")
        if span := _name_after(text, m.end(), known, lower):
            out.append(span)
    for m in ACCENTED.finditer(text):  # a lone accented surname: "the Hernández warrant"
        if len(m.group()) >= 4 and m.group().lower() not in known | STOPWORDS:
            out.append(m.span())
    return out


def _plate_ok(token: str) -> bool:
    bare = re.sub(r"[- ]", "", token)
    if not 2 <= len(bare) <= 8 or bare.upper() in ACRONYMS:
        return False
    if any(c.isdigit() for c in bare):
        return any(c.isalpha() for c in bare) or len(bare) >= 4 and "-" not in token and " " not in token
    return bare.isupper() and bare.isalpha() and len(bare) >= 5  # a vanity plate: "BXQUEEN"


def _plates(text: str) -> list[tuple[int, int]]:
    """Plates after "plate", "tag", "reg" (and a state): "NY plate HBK-4471", "plates run: KXJ-4471, HBK 9902"."""
    out = []
    for m in PLATE_CUE.finditer(text):
        pos = m.end()
        while token := PLATE_TOKEN.match(text, pos):
            value = token.group()
            if not _plate_ok(value) and (" " in value or "-" in value):
                value = re.split(r"[- ]", value)[0]
            if not _plate_ok(value):
                break
            out.append((pos, pos + len(value)))
            more = PLATE_LIST.match(text, pos + len(value))
            if not more:
                break
            pos = more.end()
    return out


def _public(address: str) -> bool:
    words = re.sub(r"[.,]", " ", address.lower()).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words) in PUBLIC_ADDRESSES


def find(text: str, corpus_dir: Path | None = None) -> list[Span]:
    """Every personal detail in ``text``, as non-overlapping spans in text order (overlaps are merged).

    ``corpus_dir``: whose words count as known, not names (default: the settings' corpus).
    """
    known = known_words(corpus_dir)
    found: list[Span] = []
    for kind, pattern, group in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if start < 0 or end <= start:
                continue
            if kind == "name":
                trimmed = _name_span(text, start, end, known)
                if trimmed is None:
                    continue
                start, end = trimmed
            elif kind == "address":
                end = start + len(text[start:end].rstrip(" ,"))
                if _public(text[start:end]):
                    continue
            found.append(Span(kind, start, end))
    for start, end in _bare_names(text, known):
        if trimmed := _name_span(text, start, end, known):
            found.append(Span("name", *trimmed))
    found += [Span("name", s, e) for s, e in _cue_names(text, known)]
    found += [Span("plate", s, e) for s, e in _plates(text)]
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.kind, last.start, span.end)
            continue
        merged.append(span)
    return merged


def redact(text: str, corpus_dir: Path | None = None) -> str:
    """``text`` with each personal detail replaced by its placeholder, e.g. ``[NAME]`` or ``[PLATE]``."""
    out, pos = [], 0
    for span in find(text or "", corpus_dir):
        out.append(text[pos:span.start])
        out.append(PLACEHOLDERS[span.kind])
        pos = span.end
    out.append((text or "")[pos:])
    return "".join(out)
