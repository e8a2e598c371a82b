"""Remove personal details from free text before ShareCheck stores it (audit log, request records).

``redact("ICE asked for the release date of Mr. Jose Garcia, DOB 04/12/1987")``
→ ``"ICE asked for the release date of Mr. [NAME], DOB [DOB]"``.

What is removed (issue 6; § 23-1201 "identifying information" is the wider legal notion):

- names after cue words: "named", "name is", "Mr."/"Ms."/"Mrs."/"Miss"/"Dr.", "a.k.a.", "identified
  as", and capitalised names right after a role word ("witness Maria Lopez");
- dates of birth (after "DOB", "born", "date of birth", and bare numeric dates before 2010);
- phone numbers; street addresses (house number + street, apartment, ZIP); e-mail addresses;
- NYSID numbers, A-numbers (alien registration numbers) and Social Security numbers.

It is pattern based and errs towards removing too much: a stored question needs its legal words
(agency, document, request), never the person's identity. Measured recall and precision on the
hand-labelled examples are printed by tests/test_redaction.py. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.settings import Settings

PLACEHOLDERS = {"name": "[NAME]", "dob": "[DOB]", "phone": "[PHONE]", "address": "[ADDRESS]", "nysid": "[NYSID]",
                "a_number": "[A-NUMBER]", "ssn": "[SSN]", "email": "[EMAIL]"}

# Words that follow a cue but are not names ("named in the warrant", "Mr. Smith's lawyer" is fine).
STOPWORDS = {
    "a", "an", "the", "in", "on", "at", "as", "of", "to", "for", "by", "and", "or", "but", "is", "was", "who", "that",
    "this", "he", "she", "they", "him", "her", "his", "their", "it", "we", "i", "you", "me", "us", "our", "asked",
    "asking", "ask", "wants", "want", "said", "says", "called", "call", "calls", "came", "come", "left", "got", "gets",
    "has", "had", "have", "be", "been", "being", "will", "would", "can", "could", "may", "might", "should", "from",
    "with", "about", "after", "before", "when", "where", "what", "which", "whose", "then", "there", "here", "if",
    "not", "no", "yes", "so", "also", "just", "still", "today", "yesterday", "tomorrow", "now", "later", "later.",
    "person", "man", "woman", "guy", "lady", "someone", "somebody", "agent", "agents", "officer", "officers",
    "prisoner", "inmate", "detainee", "suspect", "witness", "victim", "defendant", "arrestee", "subject",
    "are", "were", "does", "do", "did", "tell", "give", "share", "release", "hold", "address", "status",
    "mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "target", "targets", "individual", "party", "people",
}
# Upper-case words that are agencies, forms or laws, never a person (after "witness", "named", …).
ACRONYMS = {"ICE", "ERO", "HSI", "DHS", "CBP", "FBI", "DEA", "ATF", "JTTF", "NYPD", "DOC", "DOI", "NYSID", "NCIC",
            "DCJS", "US", "USA", "NY", "NYC", "NYS", "EO", "LL", "DA", "ADA", "PD", "FPS", "USMS", "OK", "I", "DOB",
            "SSN", "ID", "ICO", "IAB", "TARU", "ESU", "CO", "XO", "PAA", "UC", "Legal", "Bureau", "Court", "Rikers"}
MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
        rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS},?\s+\d{{4}}|{MONTHS},?\s+\d{{4}}|\d{{4}})")
NAME_TOKEN = r"(?:[A-Z][a-zA-Z'\u00C0-\u017F-]*[a-zA-Z\u00C0-\u017F]|[A-Z]\.?)"
PARTICLE = r"(?:de|del|de la|da|dos|van|von|der|le|la|al|el|bin|ibn|mc|o')"
CAP_NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,3}}"
STREET_TYPES = (r"(?:street|st|avenue|ave|av|boulevard|blvd|road|rd|place|pl|drive|dr|lane|ln|court|ct|parkway|"
                r"pkwy|terrace|ter|way|plaza|square|sq|highway|hwy|broadway|concourse|expressway|expy|turnpike|"
                r"tpke|walk|loop|crescent|row|alley)")
UNIT = r"(?:,?\s*(?i:apt|apartment|unit|suite|ste|fl|floor|room|rm|#)\.?\s*#?\s*[0-9A-Za-z-]{1,5}\b)"
# ", Jamaica, NY 11432" / " Brooklyn 11229": the optional town and state only count when a ZIP follows.
ZIP = r"(?:,?(?:\s+[A-Z][a-z]+){0,2},?(?:\s+(?:NY|NJ|N\.Y\.|New York))?,?\s+\d{5}(?:-\d{4})?\b)"

# (kind, pattern, group whose span is replaced). Order matters only for readability: spans are merged.
PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), 0),
    ("ssn", re.compile(r"(?i)\b(?:ssn|social security(?: number| no\.?| #)?|soc\.? sec\.?)[\s:#]*(?:is\s+)?"
                       r"(\d{3}[- ]?\d{2}[- ]?\d{4})\b"), 1),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), 0),
    ("a_number", re.compile(r"(?i)\b(?:a[- ]?number|a-?no\.?|alien (?:registration )?(?:number|no\.?|#)|a#|"
                            r"registration number)[\s:#]*(?:is\s+)?((?:A[-\s]?)?\d{3}[-\s]?\d{3}[-\s]?\d{2,3})\b"), 1),
    ("a_number", re.compile(r"\b[Aa](?:-|#|#\s)?\d{3}[-\s]?\d{3}[-\s]?\d{3}\b|\b[Aa]-?\d{8}\b"
                            r"|\bA\s\d{3}\s\d{3}\s\d{3}\b"), 0),
    ("nysid", re.compile(r"(?i)\bnysid(?:\s+(?:number|no\.?|#))?[\s:#]*(?:is\s+)?(\d{6,9}[a-z]?)\b"), 1),
    ("nysid", re.compile(r"\b\d{7,8}[A-Z]\b"), 0),
    ("dob", re.compile(rf"(?i)\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born(?:\s+(?:on|in))?)"
                       rf"[\s:,(-]*(?:is\s+|was\s+)?({DATE})"), 1),
    # A full numeric date before 2010 in a question about a request is almost always someone's birth date.
    ("dob", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19\d\d|200\d)\b"), 0),
    ("phone", re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"), 0),
    ("phone", re.compile(r"(?i)\b(?:phone|cell|tel|telephone|mobile|number|call(?:ed)?(?: him| her| them)? at)"
                         r"(?:\s+(?:number|no\.?|#|is))*[\s:#]*(\d{10}|\d{3}[\s.-]\d{4})\b"), 1),
    ("address", re.compile(
        rf"\b\d{{1,5}}(?:-\d{{1,4}})?[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?"
        rf"(?:(?:[A-Z][\w'.-]*|\d{{1,3}}(?:st|nd|rd|th)?)\s+){{0,3}}(?i:{STREET_TYPES})\b\.?{UNIT}?{ZIP}?"), 0),
    ("address", re.compile(rf"(?i)\b\d{{1,5}}\s+(?:[a-z]+\s+){{1,2}}(?:street|avenue|road|boulevard|place|drive|"
                           rf"lane|parkway|terrace|concourse|broadway)\b{UNIT}?{ZIP}?"), 0),
    ("address", re.compile(rf"\b\d{{1,5}}\s+(?:Avenue|Ave\.?)\s+(?:[A-D]|of the Americas)\b{UNIT}?{ZIP}?"), 0),
    ("name", re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Mister|Señor|Sr|Sra|Agent|Officer|P\.?O|Detective|Det|Sgt|"
                        rf"Sergeant|Lt|Lieutenant|Capt|Captain|Inspector|Deputy)\.?\s+({CAP_NAME})"), 1),
    ("name", re.compile(rf"(?i:\b(?:named|name is|name's|names are|known as|a\.?k\.?a\.?|alias|surname|"
                        rf"last name|first name|called|identified as|by the name(?: of)?))\s+({CAP_NAME})"), 1),
    # Lower-case names ("named kevin o'brien"): words the corpus uses ("named target") are dropped.
    ("name_lc", re.compile(r"(?i)\b(?:named|name is|name's|mr\.?|ms\.?|mrs\.?|surname|last name|first name)\s+"
                        r"([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)"), 1),
    ("name", re.compile(rf"(?i:\b(?:prisoner|inmate|detainee|suspect|witness|victim|defendant|arrestee|"
                        rf"complainant|perp|subject|client|neighbor|neighbour|tenant|mother|father|son|daughter|"
                        rf"wife|husband|brother|sister|cousin|uncle|aunt|boyfriend|girlfriend)),?\s+({CAP_NAME})"), 1),
]


TITLE_RUN = re.compile(r"\b[A-Z][a-z\u00C0-\u017F]+(?:['’-][A-Za-z\u00C0-\u017F]+)*"
                       r"(?:\s+[A-Z][a-z\u00C0-\u017F]+(?:['’-][A-Za-z\u00C0-\u017F]+)*)+")
# Places and words a question may capitalise that the corpus happens not to use.
PLACE_WORDS = {"new", "york", "city", "manhattan", "brooklyn", "bronx", "queens", "staten", "island", "precinct",
               "street", "avenue", "plaza", "square", "park", "station", "airport", "court", "hall", "building",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "please", "hello", "hi",
               "thanks", "yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "night",
               "sergeant", "lieutenant", "captain", "detective", "inspector", "chief", "deputy", "commissioner",
               "special", "agent", "agents", "officer", "officers", "desk", "squad", "unit", "team", "task", "force",
               "st", "ave", "av", "rd", "blvd", "pkwy", "expy", "hwy", "ln", "pl", "dr", "ct", "ter", "sq", "road",
               "boulevard", "parkway", "expressway", "highway", "lane", "place", "drive", "terrace", "broadway"}
# Public buildings an officer names in a question; an address here identifies no one.
PUBLIC_ADDRESSES = {"26 federal plaza", "26 fed plaza", "1 police plaza", "one police plaza", "100 centre street",
                    "1 centre street", "201 varick street", "201 varick st", "290 broadway", "1 federal plaza"}


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

    Legal and place names ("Legal Bureau", "Rikers Island") are corpus words, so they stay.
    """
    out = []
    for m in TITLE_RUN.finditer(text):
        run: list[re.Match[str]] = []
        for w in re.finditer(r"\S+", m.group()):
            word = re.sub(r"['’]s$", "", w.group()).lower()
            if any(part not in known for part in re.split(r"['’-]", word) if part):
                run.append(w)
                continue
            if len(run) >= 2:
                out.append((m.start() + run[0].start(), m.start() + run[-1].end()))
            run = []
        if len(run) >= 2:
            out.append((m.start() + run[0].start(), m.start() + run[-1].end()))
    return out


@dataclass(frozen=True)
class Span:
    """One personal detail found in a text: ``kind`` (a PLACEHOLDERS key) and ``text[start:end]``."""

    kind: str
    start: int
    end: int


def _name_span(text: str, start: int, end: int, known: frozenset[str] = frozenset(),
               drop_known: bool = False) -> tuple[int, int] | None:
    """Trim a candidate name: drop stopwords, acronyms (and corpus words if ``drop_known``) and a possessive."""
    def not_a_name(word: str) -> bool:
        bare = word.strip(".,;:?!")
        return (bare.lower() in STOPWORDS or bare in ACRONYMS
                or (drop_known and re.sub(r"['’]s$", "", bare.lower()) in known))

    keep = list(re.finditer(r"\S+", text[start:end]))
    while keep and not_a_name(keep[0].group()):
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
            if kind in ("name", "name_lc"):
                trimmed = _name_span(text, start, end, known, drop_known=kind == "name_lc")
                if trimmed is None:
                    continue
                kind, (start, end) = "name", trimmed
            elif kind == "address":
                end = start + len(text[start:end].rstrip(" ,"))
                if " ".join(text[start:end].lower().rstrip(".").split()) in PUBLIC_ADDRESSES:
                    continue
            found.append(Span(kind, start, end))
    for start, end in _bare_names(text, known):
        trimmed = _name_span(text, start, end, known)
        if trimmed:
            found.append(Span("name", *trimmed))
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
    """``text`` with each personal detail replaced by its placeholder, e.g. ``[NAME]`` or ``[PHONE]``."""
    out, pos = [], 0
    for span in find(text or "", corpus_dir):
        out.append(text[pos:span.start])
        out.append(PLACEHOLDERS[span.kind])
        pos = span.end
    out.append((text or "")[pos:])
    return "".join(out)
