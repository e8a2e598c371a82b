"""The question as the reader sees it: surface words and their lemmas, matched together.

Officers write "asking", "asked", "asks"; the lexicon should not have to list every form. A
``TextView`` holds the normalised text and the same text with every word replaced by its lemma,
looked up in spaCy's English lemma table (``spacy-lookups-data``, the table spaCy's lookup
lemmatizer uses; read directly, so neither spaCy nor a model is loaded). A pattern matches if it
matches either text; a match on the lemma text is reported at the surface words it covers, so
evidence always quotes what the officer typed.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache

# Lemmas that would only blur the text: "is"/"was" → "be", "has" → "have".
KEEP_SURFACE = {"be", "have", "do"}
SURFACE_ONLY = "(?#surface)"
WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup table, word → lemma (~41k entries, ~50 ms to read once)."""
    import spacy_lookups_data

    with gzip.open(spacy_lookups_data.get_file("en_lemma_lookup.json.gz"), "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every English word spaCy's lemma tables know (~100k: the lookup table's forms and lemmas and the
    noun, verb, adjective and adverb indexes), for telling a typo from a real word ("parolee")."""
    import spacy_lookups_data

    with gzip.open(spacy_lookups_data.get_file("en_lemma_index.json.gz"), "rt", encoding="utf-8") as f:
        index = json.load(f)
    table = lemma_table()
    return frozenset(w for words in index.values() for w in words) | frozenset(table) | frozenset(table.values())


@lru_cache(maxsize=1)
def suffix_rules() -> tuple[tuple[str, str], ...]:
    """spaCy's English lemma suffix rules (("ees", "ee"), ("ing", ""), …), longest suffix first."""
    import spacy_lookups_data

    with gzip.open(spacy_lookups_data.get_file("en_lemma_rules.json.gz"), "rt", encoding="utf-8") as f:
        rules = json.load(f)
    pairs = {(old, new) for pos in ("noun", "verb", "adj") for old, new in rules.get(pos, [])}
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def is_english(word: str) -> bool:
    """True when ``word`` (lower case) or a base form by spaCy's suffix rules is an English word."""
    words = english_words()
    if word in words:
        return True
    return any(word.endswith(old) and word[:len(word) - len(old)] + new in words
               for old, new in suffix_rules() if old)


def latin_share(text: str) -> float:
    """The share (0–1) of ``text``'s letters that are Latin script (1.0 for text with no letters).

    ShareCheck's lexicon is English with some Spanish; a question in Chinese, Arabic or Cyrillic
    script is one it cannot read, which is not the same as one outside its field.
    """
    import unicodedata

    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters) / len(letters)


@dataclass(frozen=True)
class Hit:
    """A match in surface coordinates: ``text[start:end]`` is what the officer typed."""

    start: int
    end: int
    words: str

    def group(self, _: int = 0) -> str:
        return self.words


class TextView:
    """``text`` (already normalised, lower case) with its lemma text and an offset map between them."""

    def __init__(self, text: str):
        self.text = text
        table = lemma_table()
        parts: list[str] = []
        self._lemma_starts: list[int] = []   # start of each word in the lemma text
        self._spans: list[tuple[int, int]] = []  # (start, end) of each word in the surface text
        pos = last = 0
        for m in WORD.finditer(text):
            gap = text[last:m.start()]
            parts.append(gap)
            pos += len(gap)
            word = m.group(0)
            lemma = table.get(word, word)
            if lemma in KEEP_SURFACE or m.end() < len(text) and text[m.end()] == "'":
                lemma = word  # auxiliaries, and words before a clitic ("he's", "don't"), stay as typed
            self._lemma_starts.append(pos)
            self._spans.append((m.start(), m.end()))
            parts.append(lemma)
            pos += len(lemma)
            last = m.end()
        parts.append(text[last:])
        self.lemmas = "".join(parts)
        self._lemmas_differ = self.lemmas != text

    def _surface(self, start: int, end: int) -> tuple[int, int]:
        if not self._spans:
            return start, end
        first = max(0, bisect.bisect_right(self._lemma_starts, start) - 1)
        last = max(0, bisect.bisect_right(self._lemma_starts, max(start, end - 1)) - 1)
        return self._spans[first][0], self._spans[last][1]

    def finditer(self, pattern: re.Pattern, text_only: bool = False):
        """Every match of ``pattern`` on the surface text, then on the lemma text where it adds a new
        span, in surface coordinates (``Hit``), ordered by start."""
        on_lemmas = (not text_only and self._lemmas_differ and not pattern.pattern.startswith(SURFACE_ONLY))
        # Most of the lexicon's thousands of patterns match nothing in a question: one search per text
        # says so, and nothing is built or sorted for them.
        first = pattern.search(self.text)
        first_lemma = pattern.search(self.lemmas) if on_lemmas else None
        if first is None and first_lemma is None:
            return []
        hits: dict[tuple[int, int], Hit] = {}
        # Each scan starts where its first match was found, so a matching text is not searched twice.
        for m in pattern.finditer(self.text, first.start()) if first else ():
            hits.setdefault(m.span(), Hit(m.start(), m.end(), m.group(0)))
        # A pattern that starts with (?#surface) names a form on purpose ("hold him", not "holding area").
        if first_lemma is not None:
            covered = [(h.start, h.end) for h in hits.values()]
            for m in pattern.finditer(self.lemmas, first_lemma.start()):
                start, end = self._surface(m.start(), m.end())
                if any(s <= start and end <= e for s, e in covered):
                    continue
                hits.setdefault((start, end), Hit(start, end, self.text[start:end]))
        return sorted(hits.values(), key=lambda h: (h.start, -h.end))

    def spans(self, pattern: re.Pattern) -> list[tuple[int, int]]:
        """Surface (start, end) of every match, or of its ``(?P<masked>…)`` group when the pattern names
        one (the rest of the match is context: "the memo book entries … (?P<masked>hand them over)")."""
        if "masked" not in pattern.groupindex:
            return [(h.start, h.end) for h in self.finditer(pattern)]
        out = [m.span("masked") for m in pattern.finditer(self.text) if m.start("masked") >= 0]
        if self.lemmas != self.text and not pattern.pattern.startswith(SURFACE_ONLY):
            out += [self._surface(*m.span("masked")) for m in pattern.finditer(self.lemmas) if m.start("masked") >= 0]
        return sorted(set(out))

    def search(self, pattern: re.Pattern) -> Hit | None:
        """The first (leftmost) match of ``pattern`` on either text, or None."""
        found = self.finditer(pattern)
        return found[0] if found else None

    def first(self, patterns: list[re.Pattern]) -> Hit | None:
        """The first match of the first pattern that matches (patterns are tried in order)."""
        for p in patterns:
            hit = self.search(p)
            if hit:
                return hit
        return None

    def slice(self, start: int, end: int) -> TextView:
        """A view of ``text[start:end]`` (a clause), lemmatised on its own."""
        return TextView(self.text[start:end])
