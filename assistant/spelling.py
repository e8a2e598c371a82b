"""Typo repair against the field's vocabulary ("relase" → "release", "warrnt" → "warrant").

Officers type fast on phones. A word the corpus does not know is replaced by its closest corpus or
lexicon word when the two are nearly identical (difflib ratio ≥ 0.85, Ratcliff/Obershelp), so the
lexicon can match it. Known words are never touched.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from assistant.settings import REPO_ROOT

MIN_LENGTH = 5
CUTOFF = 0.85
WORD = re.compile(r"[a-z][a-z'-]+")
# Everyday words that are close to a field term but mean something else; never "repair" them.
KEEP = {"related", "relate", "relates", "detained", "retained", "retainer", "warranty", "states", "stature",
        "victor", "convicts", "recorded", "addressed", "sealer", "witnessed", "federation"}


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Words known to be spelt right: the corpus's words, the field words, and every whole word of
    the embedding model's WordPiece vocabulary (~20k common English words: "bought" stays "bought")."""
    words: set[str] = set(field_words())
    try:
        from pathlib import Path

        from assistant.embeddings import model_path

        vocab = Path(model_path(), "vocab.txt").read_text(encoding="utf-8").split()
        words.update(w for w in vocab if w.isalpha())
    except (OSError, RuntimeError):
        pass  # without the model's word list, corpus and field words still protect most text
    for path in (REPO_ROOT / "corpus" / "documents").glob("*.md"):
        words.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
    return frozenset(words)


@lru_cache(maxsize=1)
def field_words() -> tuple[str, ...]:
    """The repair targets: literal words of the lexicon's patterns plus its ``typo_vocabulary_extra``.

    Only field terms are targets, so an everyday word ("bought") is never turned into another
    ("brought"); the list is short, which keeps a repair under a millisecond per unknown word.
    """
    import yaml

    lexicon = yaml.safe_load((REPO_ROOT / "assistant" / "lexicon.yaml").read_text(encoding="utf-8"))
    words = set(lexicon.get("typo_vocabulary_extra", []))
    for values in lexicon["slots"].values():
        for patterns in values.values():
            for pattern in patterns:
                # Drop escapes first, or "\\bthrew" would yield the non-word "bthrew".
                words.update(re.findall(rf"[a-z]{{{MIN_LENGTH},}}", re.sub(r"\\[a-zA-Z]", " ", pattern)))
    return tuple(sorted(words))


@lru_cache(maxsize=4096)
def _closest(word: str) -> str:
    if len(word) < MIN_LENGTH or word in KEEP or word in vocabulary():
        return word
    match = difflib.get_close_matches(word, field_words(), n=1, cutoff=CUTOFF)
    return match[0] if match else word


def repair(text: str) -> str:
    """``text`` (lower-cased) with unknown words replaced by near-identical field words."""
    return WORD.sub(lambda m: _closest(m.group(0)), text)
