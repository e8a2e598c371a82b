"""Per-slot fact accuracy on the held-apart dev split of paraphrases: lexicon, classifier, combined.

Run after ``sharecheck index`` (which trains the classifier on the train split):
``.venv/bin/python bench/facts_accuracy.py``. Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.engine.classifier import NONE, SLOTS, FactClassifier, dev_split, load_examples  # noqa: E402
from assistant.engine.reading import extract  # noqa: E402
from assistant.engine.slots import load_slots  # noqa: E402
from assistant.knowledge.index import SearchIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def value_of(facts, slot: str) -> str:
    value = getattr(facts, slot)
    if value is None:
        return NONE
    return "true" if value is True else str(value)


def main() -> None:
    settings = Settings.from_env()
    index = SearchIndex(settings)
    classifier = FactClassifier.load(settings.index_dir)
    if classifier is None:
        sys.exit("the index has no fact classifier: add paraphrases/*.yaml and run `sharecheck index`")
    _, dev = dev_split(load_examples(settings.paraphrases_dir, load_slots(settings.corpus_dir).allowed_values()))
    vectors = np.asarray(index._embeddings.embed_documents([e.text for e in dev]))
    rows = []
    for slot in SLOTS:
        lexicon = classifier = combined = 0
        for example, vector in zip(dev, vectors, strict=True):
            gold = example.labels.get(slot, NONE)
            lexicon += value_of(extract(example.text), slot) == gold
            combined += value_of(extract(example.text, vector, classifier), slot) == gold
            predicted = classifier.predict(vector).get(slot, (NONE, 1.0))[0]
            classifier += predicted == gold
        rows.append((slot, lexicon / len(dev), classifier / len(dev), combined / len(dev)))
    print(f"dev split: {len(dev)} examples (train split used for fitting; dev never seen)")
    print(f"{'slot':<18}{'lexicon':>9}{'classifier':>12}{'combined':>10}")
    for slot, a, b, c in rows:
        print(f"{slot:<18}{a:>9.3f}{b:>12.3f}{c:>10.3f}")


if __name__ == "__main__":
    main()
