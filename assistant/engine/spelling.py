"""Typo repair against the field's vocabulary ("relase" → "release", "warrnt" → "warrant").

Officers type fast on phones. A word the corpus does not know is replaced by its closest corpus or
lexicon word when the two are nearly identical (difflib ratio ≥ 0.85, Ratcliff/Obershelp), so the
lexicon can match it. Known words are never touched: the corpus's and the model's words, and every
English word spaCy's lemma tables know, with its inflections ("parolee", "unsealed", "texting" are
words, not typos of "paroled", "sealed", "exiting"); a possessive is judged by its base ("suspect's").
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

from assistant.engine.lexicon import load_lexicon
from assistant.engine.text import is_english
from assistant.settings import Settings

MIN_LENGTH = 5
CUTOFF = 0.85
WORD = re.compile(r"[a-z][a-z'-]+")
# Everyday words that are close to a field term but mean something else; never "repair" them.
KEEP = {"related", "relate", "relates", "detained", "retained", "retainer", "warranty", "states", "stature",
        "victor", "convicts", "recorded", "addressed", "sealer", "witnessed", "federation"}


class Speller:
    """Repairs typos against one corpus folder's field words (its lexicon) and known words.

    Known words: the corpus documents' words, the field words, and every whole word of the embedding
    model's WordPiece vocabulary (~20k common English words: "bought" stays "bought").
    """

    def __init__(self, corpus_dir: Path):
        self.corpus_dir = corpus_dir
        lexicon = load_lexicon(corpus_dir)
        words = set(lexicon.typo_words)
        patterns = [str(p) for values in lexicon.raw_slots.values() for pats in values.values() for p in pats]
        for pattern in patterns + list(lexicon.raw_fragments.values()):
            # Drop escapes first, or "\\bthrew" would yield the non-word "bthrew".
            words.update(re.findall(rf"[a-z]{{{MIN_LENGTH},}}", re.sub(r"\\[a-zA-Z]", " ", pattern)))
        # Only field terms are targets, so an everyday word ("bought") is never turned into another
        # ("brought"); the list is short, which keeps a repair under a millisecond per unknown word.
        self.field_words: tuple[str, ...] = tuple(sorted(words))
        known: set[str] = set(words)
        try:
            from assistant.knowledge.embeddings import model_path

            vocab = Path(model_path(), "vocab.txt").read_text(encoding="utf-8").split()
            known.update(w for w in vocab if w.isalpha())
        except (OSError, RuntimeError):
            pass  # without the model's word list, corpus and field words still protect most text
        for path in (corpus_dir / "documents").glob("*.md"):
            known.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
        self.vocabulary = frozenset(known)
        self._closest = lru_cache(maxsize=4096)(self._closest_uncached)

    def _closest_uncached(self, word: str) -> str:
        if len(word) < MIN_LENGTH or word in KEEP or word in self.vocabulary:
            return word
        base = word[:-2] if word.endswith("'s") else word.rstrip("'-")
        if base != word:
            return word if base in self.vocabulary or is_english(base) else self._closest(base) + word[len(base):]
        if is_english(word):
            return word
        match = difflib.get_close_matches(word, self.field_words, n=1, cutoff=CUTOFF)
        return match[0] if match else word

    def repair(self, text: str) -> str:
        """``text`` (lower-cased) with unknown words replaced by near-identical field words."""
        return WORD.sub(lambda m: self._closest(m.group(0)), text)


@lru_cache(maxsize=8)
def speller(corpus_dir: Path) -> Speller:
    """The Speller of ``corpus_dir``, built once per folder (~0.3 s: it reads the corpus and model vocabulary)."""
    return Speller(corpus_dir.resolve())


def repair(text: str, corpus_dir: Path | None = None) -> str:
    """``text`` repaired against ``corpus_dir``'s vocabulary (default: the settings' corpus)."""
    return speller(corpus_dir or Settings.from_env().corpus_dir).repair(text)
