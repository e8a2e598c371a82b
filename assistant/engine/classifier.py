"""Fact slots from sentence embeddings: one logistic-regression classifier per slot over MiniLM vectors.

Trained on the labelled paraphrases in ``paraphrases/*.yaml`` (never on ``evals/``). Each example's
unstated slots are labelled ``none``, so every classifier can also say "the question does not say".
The lexicon stays first (facts.py); the classifier fills slots the lexicon missed — paraphrases,
typos, slang — and only when its probability clears the slot's threshold, so a low-confidence guess
stays unknown. Weights are stored as plain arrays (no pickle) beside the index.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from assistant import yamldata
from assistant.errors import TrainingDataError

SLOTS = ("intent", "requester", "purpose", "document", "action", "subject", "criminal_history", "watch_list",
         "location")
NONE = "none"
DEFAULT_THRESHOLD = 0.6
# The lexicon reads who/where/what-record well; a classifier guess there mostly misroutes (a judge's
# warrant is not a courthouse), so those slots need near-certainty. Paraphrased requests are where
# the classifier earns its keep, so action is the most permissive.
THRESHOLDS = {"action": 0.6, "document": 0.8, "requester": 0.75, "purpose": 0.75, "intent": 0.6,
              "subject": 0.9, "location": 0.92, "criminal_history": 0.9, "watch_list": 0.95}


@dataclass(frozen=True)
class Example:
    text: str
    labels: dict[str, str]
    source: str


def load_examples(folder: Path, allowed: dict[str, set[str]]) -> list[Example]:
    """All examples in ``folder/*.yaml``; label values must be in ``allowed[slot]`` (plus ``none``).

    Raises TrainingDataError naming file, example number and the bad field.
    """
    examples = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            items = yamldata.load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise TrainingDataError(f"{path}: not valid YAML ({exc})") from exc
        for number, item in enumerate(items, start=1):
            where = f"{path.name} example {number}"
            if not isinstance(item, dict) or not str(item.get("text", "")).strip():
                raise TrainingDataError(f"{where}: needs a non-empty 'text'")
            labels = {str(k): str(v).lower() if isinstance(v, bool) else str(v)
                      for k, v in (item.get("labels") or {}).items()}
            for slot, value in labels.items():
                if slot not in allowed:
                    raise TrainingDataError(f"{where}: unknown slot {slot!r}")
                if value not in allowed[slot] | {NONE}:
                    raise TrainingDataError(f"{where}: {slot} value {value!r} is not one of {sorted(allowed[slot])}")
            examples.append(Example(str(item["text"]).strip(), labels, path.name))
    return examples


def dev_split(examples: list[Example], fraction: float = 0.2) -> tuple[list[Example], list[Example]]:
    """Deterministic split by a hash of the text: the same example is always on the same side."""
    def bucket(e: Example) -> float:
        return int(hashlib.sha256(e.text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    train = [e for e in examples if bucket(e) >= fraction]
    dev = [e for e in examples if bucket(e) < fraction]
    return train, dev


def training_version(folder: Path, slot_table: Path | None = None) -> str:
    """sha256 of the paraphrase files (and the slot table their labels are checked against), recorded in
    the index manifest so a change retrains."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    if slot_table is not None and slot_table.is_file():
        digest.update(slot_table.read_bytes())
    return digest.hexdigest()


class FactClassifier:
    """Per-slot softmax classifiers over 384-d normalised embeddings.

    ``weights[slot]`` is (n_classes, 384), ``bias[slot]`` (n_classes,), ``classes[slot]`` the labels.
    """

    def __init__(self, classes: dict[str, list[str]], weights: dict[str, np.ndarray], bias: dict[str, np.ndarray]):
        self.classes, self.weights, self.bias = classes, weights, bias

    @classmethod
    def train(cls, examples: list[Example], vectors: np.ndarray, c: float = 8.0) -> FactClassifier:
        """Fit one multinomial logistic regression per slot (scikit-learn, class-balanced, L2, C=``c``)."""
        from sklearn.linear_model import LogisticRegression

        classes, weights, bias = {}, {}, {}
        for slot in SLOTS:
            y = [e.labels.get(slot, NONE) for e in examples]
            labels = sorted(set(y))
            if len(labels) < 2:
                continue
            model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
            model.fit(vectors, y)
            coef, intercept = model.coef_, model.intercept_
            if coef.shape[0] == 1:  # binary: scikit-learn keeps one row for the positive class
                coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
            classes[slot], weights[slot], bias[slot] = list(model.classes_), coef, intercept
        return cls(classes, weights, bias)

    def predict(self, vector: np.ndarray) -> dict[str, tuple[str, float]]:
        """{slot: (most likely value, its probability)} for one embedding."""
        out = {}
        for slot, w in self.weights.items():
            logits = w @ vector + self.bias[slot]
            probs = np.exp(logits - logits.max())
            probs /= probs.sum()
            best = int(probs.argmax())
            out[slot] = (self.classes[slot][best], float(probs[best]))
        return out

    def distribution(self, vector: np.ndarray) -> dict[str, dict[str, float]]:
        """{slot: {value: probability}} for one embedding (values include ``none``)."""
        out = {}
        for slot, w in self.weights.items():
            logits = w @ vector + self.bias[slot]
            probs = np.exp(logits - logits.max())
            probs /= probs.sum()
            out[slot] = {value: float(p) for value, p in zip(self.classes[slot], probs, strict=True)}
        return out

    def confident(self, vector: np.ndarray) -> dict[str, tuple[str, float]]:
        """Only the predictions that are not ``none`` and clear their slot's threshold."""
        return {slot: (value, p) for slot, (value, p) in self.predict(vector).items()
                if value != NONE and p >= THRESHOLDS.get(slot, DEFAULT_THRESHOLD)}

    def save(self, folder: Path) -> None:
        """Write ``facts_classifier.npz`` and ``.json`` into ``folder``."""
        arrays = {f"{s}__w": w for s, w in self.weights.items()} | {f"{s}__b": b for s, b in self.bias.items()}
        np.savez(folder / "facts_classifier.npz", **arrays)  # type: ignore[arg-type]
        (folder / "facts_classifier.json").write_text(json.dumps(self.classes), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> FactClassifier | None:
        """The classifier saved in ``folder``, or None when the index was built without training data."""
        if not (folder / "facts_classifier.json").is_file():
            return None
        classes = json.loads((folder / "facts_classifier.json").read_text(encoding="utf-8"))
        with np.load(folder / "facts_classifier.npz") as data:
            weights = {s: data[f"{s}__w"] for s in classes}
            bias = {s: data[f"{s}__b"] for s in classes}
        return cls(classes, weights, bias)


def slot_accuracy(model: FactClassifier, examples: list[Example], vectors: np.ndarray) -> dict[str, float]:
    """Per-slot accuracy of the raw argmax (``none`` included) on ``examples``; the dev-split report."""
    hits: dict[str, int] = {s: 0 for s in model.classes}
    for example, vector in zip(examples, vectors, strict=True):
        for slot, (value, _) in model.predict(vector).items():
            hits[slot] += value == example.labels.get(slot, NONE)
    return {slot: hits[slot] / len(examples) for slot in hits} if examples else {}


class ClassifierPart:
    """The fact classifier as a part of the index (knowledge/index.py ``IndexPart``): trained by
    ``sharecheck index`` on the train split of ``settings.paraphrases_dir`` and saved beside the chunks.

    Its version hashes the paraphrases, the slot table and the embedder, so a corpus edit that changes
    none of them reuses the live index's classifier instead of retraining (seconds, not tens of them).
    """

    name = "classifier"

    def version(self, settings) -> str:
        from assistant.knowledge.embeddings import embedder_name

        return training_version(settings.paraphrases_dir, settings.corpus_dir / "slots.yaml") + ":" + \
            embedder_name(settings.embedder)

    def build(self, settings, staging: Path) -> dict:
        """Reuse or train the classifier into ``staging``; returns its report ({} with no paraphrases).

        The report: {"examples", "train", "dev", "dev_accuracy": {slot: accuracy}}. Raises
        TrainingDataError for a bad paraphrase file.
        """
        return self._reuse(settings, staging) or self._train(settings, staging)

    def _reuse(self, settings, staging: Path) -> dict:
        from assistant.knowledge.index import reuse_part

        return reuse_part(settings, staging, self.name, self.version(settings),
                          ["facts_classifier.json", "facts_classifier.npz"])

    def _train(self, settings, staging: Path) -> dict:
        from assistant.engine.slots import load_slots
        from assistant.knowledge.embeddings import DIMENSION, embedder_for

        examples = load_examples(settings.paraphrases_dir, load_slots(settings.corpus_dir).allowed_values()) \
            if settings.paraphrases_dir.is_dir() else []
        if not examples:
            return {}
        train, dev = dev_split(examples)
        embed = embedder_for(settings)
        model = FactClassifier.train(train, np.asarray(embed.embed_documents([e.text for e in train])))
        model.save(staging)
        dev_vectors = np.asarray(embed.embed_documents([e.text for e in dev])) if dev else np.zeros((0, DIMENSION))
        accuracy = slot_accuracy(model, dev, dev_vectors)
        return {"examples": len(examples), "train": len(train), "dev": len(dev),
                "dev_accuracy": {k: round(v, 3) for k, v in accuracy.items()}}
