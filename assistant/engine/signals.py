"""The immigration-signal detector: patterns (``corpus/signals.yaml``) plus a classifier over sentence
embeddings (trained on ``paraphrases/signals/sentences.yaml`` by ``sharecheck index``).

It answers one question about a conversation: where does anything in it show, or hint, that a
request serves immigration enforcement? The patterns give spans with a kind (actor, purpose,
document, status, history, custody, place); the classifier catches what they miss (euphemisms,
indirect purposes) at the level of a turn, as kind ``implied``. Its recall on a held-apart part of
the labelled sentences is reported in the index manifest and by ``bench/signals.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from assistant import yamldata
from assistant.engine.text import TextView
from assistant.errors import CorpusError, TrainingDataError

SIGNALS_FILE = "signals.yaml"
SENTENCES = Path("signals") / "sentences.yaml"
HELD_APART = 0.25  # the fraction of labelled sentences never trained on, for the recall figure
RECALL_TARGET = 0.99  # the classifier's threshold is set for this recall on its own training split


@dataclass(frozen=True)
class Signal:
    """One sign of immigration enforcement: its ``kind``, the words, and where they are in the turn.

    ``turn`` is 0 for the question, n for the n-th earlier turn counted back; ``denied`` when the
    words sit inside the asker's denial ("no immigration angle").
    """

    kind: str
    words: str
    start: int
    end: int
    turn: int = 0
    denied: bool = False


@dataclass(frozen=True)
class SignalPatterns:
    """The compiled ``corpus/signals.yaml``: patterns by kind and the denial spans."""

    kinds: dict[str, str]
    patterns: dict[str, tuple[re.Pattern, ...]]
    negations: tuple[re.Pattern, ...]

    def find(self, view: TextView, turn: int = 0) -> list[Signal]:
        """Every signal in ``view`` (surface words and lemmas), in text order.

        Where two hits overlap, the longer is kept ("a prior deportation" is history, not a purpose;
        "civil immigration detainer" is a document; "deportation officer" an actor), then the kind
        ``kinds`` lists first. A hit that starts inside a denial ("no immigration charge") is denied.
        """
        denials = [(h.start, h.end) for p in self.negations for h in view.finditer(p)]
        rank = {kind: i for i, kind in enumerate(self.kinds)}
        hits = []
        for kind, patterns in self.patterns.items():
            for pattern in patterns:
                for hit in view.finditer(pattern):
                    denied = any(s <= hit.start < e for s, e in denials)
                    hits.append(Signal(kind, hit.words, hit.start, hit.end, turn, denied))
        hits.sort(key=lambda s: (-(s.end - s.start), rank.get(s.kind, 99), s.start))
        kept: list[Signal] = []
        for s in hits:
            if not any(s.start < k.end and k.start < s.end for k in kept):
                kept.append(s)
        return sorted(kept, key=lambda s: (s.start, s.kind))


def load_signal_patterns(corpus_dir: Path) -> SignalPatterns:
    """The signal patterns of ``corpus_dir`` (cached per folder). Raises CorpusError for a bad file."""
    return _load(corpus_dir.resolve())


@lru_cache(maxsize=8)
def _load(corpus_dir: Path) -> SignalPatterns:
    path = corpus_dir / SIGNALS_FILE
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
        kinds = {str(k): str(v) for k, v in raw["kinds"].items()}
        unknown = set(raw["patterns"]) - set(kinds)
        if unknown:
            raise CorpusError([f"{path}: patterns of undeclared kinds {sorted(unknown)}"])
        patterns = {str(k): tuple(re.compile(p) for p in v) for k, v in raw["patterns"].items()}
        negations = tuple(re.compile(p) for p in raw.get("negations") or [])
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise CorpusError([f"{path}: cannot read the signal patterns ({exc})"]) from exc
    return SignalPatterns(kinds, patterns, negations)


# ---- the classifier half -----------------------------------------------------------------------

@dataclass(frozen=True)
class LabelledSentence:
    text: str
    signal: bool
    kind: str


def load_sentences(path: Path, kinds: set[str]) -> list[LabelledSentence]:
    """The labelled sentences at ``path``. Raises TrainingDataError naming the item and field."""
    try:
        items = yamldata.load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise TrainingDataError(f"{path}: cannot be read ({exc})") from exc
    out = []
    for number, item in enumerate(items, start=1):
        where = f"{path.name} item {number}"
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise TrainingDataError(f"{where}: needs a non-empty 'text'")
        if not isinstance(item.get("signal"), bool):
            raise TrainingDataError(f"{where}: 'signal' must be true or false")
        kind = str(item.get("kind", "none"))
        if kind != "none" and kind not in kinds:
            raise TrainingDataError(f"{where}: kind {kind!r} is not one of {sorted(kinds)} or none")
        out.append(LabelledSentence(str(item["text"]).strip(), bool(item["signal"]), kind))
    return out


def held_apart(sentences: list[LabelledSentence]) -> tuple[list[LabelledSentence], list[LabelledSentence]]:
    """(train, held apart): a deterministic split by a hash of the text, about a quarter held apart."""
    def bucket(s: LabelledSentence) -> float:
        return int(hashlib.sha256(s.text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    return [s for s in sentences if bucket(s) >= HELD_APART], [s for s in sentences if bucket(s) < HELD_APART]


class SignalClassifier:
    """A binary logistic regression (scikit-learn, class-balanced) over 384-d normalised embeddings.

    ``probability(vector)`` is P(signal); a turn is flagged when it reaches ``threshold``, chosen on
    the training split for RECALL_TARGET.
    """

    def __init__(self, weights: np.ndarray, bias: float, threshold: float):
        self.weights, self.bias, self.threshold = weights, bias, threshold

    @classmethod
    def train(cls, sentences: list[LabelledSentence], vectors: np.ndarray) -> SignalClassifier:
        from sklearn.linear_model import LogisticRegression

        y = np.array([s.signal for s in sentences])
        model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(vectors, y)
        weights, bias = model.coef_[0], float(model.intercept_[0])
        scores = 1 / (1 + np.exp(-(vectors @ weights + bias)))
        positives = np.sort(scores[y])
        cut = positives[int(np.floor((1 - RECALL_TARGET) * len(positives)))] if len(positives) else 0.5
        return cls(weights, bias, float(min(0.5, cut)))

    def probability(self, vector) -> float:
        return float(1 / (1 + np.exp(-(np.asarray(vector) @ self.weights + self.bias))))

    def flags(self, vector) -> bool:
        return self.probability(vector) >= self.threshold

    def save(self, folder: Path) -> None:
        np.save(folder / "signals_classifier.npy", np.append(self.weights, self.bias))
        (folder / "signals_classifier.json").write_text(json.dumps({"threshold": self.threshold}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> SignalClassifier | None:
        """The classifier saved in ``folder``, or None when the index was built without the sentences."""
        if not (folder / "signals_classifier.json").is_file():
            return None
        array = np.load(folder / "signals_classifier.npy")
        threshold = json.loads((folder / "signals_classifier.json").read_text(encoding="utf-8"))["threshold"]
        return cls(array[:-1], float(array[-1]), float(threshold))


def detector_recall(patterns: SignalPatterns, classifier: SignalClassifier | None, sentences, vectors,
                    prepare) -> dict[str, float]:
    """Recall and precision on ``sentences`` of patterns alone, classifier alone, and both (either fires).

    ``prepare(text)`` is the reader's normalisation (lower case, typo repair). Denied pattern hits do
    not count as detections.
    """
    hits: dict[str, list[bool]] = {"patterns": [], "classifier": [], "detector": []}
    for s, v in zip(sentences, vectors, strict=True):
        by_pattern = any(not x.denied for x in patterns.find(TextView(prepare(s.text))))
        by_model = bool(classifier and classifier.flags(v))
        hits["patterns"].append(by_pattern)
        hits["classifier"].append(by_model)
        hits["detector"].append(by_pattern or by_model)
    out: dict[str, float] = {"n": len(sentences), "positives": sum(s.signal for s in sentences)}
    for name, flagged in hits.items():
        tp = sum(f and s.signal for f, s in zip(flagged, sentences, strict=True))
        fp = sum(f and not s.signal for f, s in zip(flagged, sentences, strict=True))
        positives = out["positives"] or 1
        out[f"{name}_recall"] = round(tp / positives, 3)
        out[f"{name}_precision"] = round(tp / (tp + fp), 3) if tp + fp else 1.0
    return out


class SignalPart:
    """The signal classifier as a part of the index (knowledge/index.py ``IndexPart``); its report
    holds the detector's recall on the held-apart quarter of the labelled sentences."""

    name = "signals"

    def version(self, settings) -> str:
        from assistant.knowledge.embeddings import embedder_name

        path = settings.paraphrases_dir / SENTENCES
        digest = hashlib.sha256(path.read_bytes() if path.is_file() else b"")
        digest.update((settings.corpus_dir / SIGNALS_FILE).read_bytes())
        return digest.hexdigest() + ":" + embedder_name(settings.embedder)

    def build(self, settings, staging: Path) -> dict:
        from assistant.engine.lexicon import normalize
        from assistant.engine.spelling import speller
        from assistant.knowledge.embeddings import embedder_for
        from assistant.knowledge.index import reuse_part

        path = settings.paraphrases_dir / SENTENCES
        if not path.is_file():
            return {}
        reused = reuse_part(settings, staging, self.name, self.version(settings),
                            ["signals_classifier.npy", "signals_classifier.json"])
        if reused:
            return reused
        patterns = load_signal_patterns(settings.corpus_dir)
        sentences = load_sentences(path, set(patterns.kinds))
        train, apart = held_apart(sentences)
        embed = embedder_for(settings)
        model = SignalClassifier.train(train, np.asarray(embed.embed_documents([s.text for s in train])))
        model.save(staging)
        spell = speller(settings.corpus_dir)
        apart_vectors = np.asarray(embed.embed_documents([s.text for s in apart]))
        return {"train": len(train), "held_apart": detector_recall(patterns, model, apart, apart_vectors,
                                                                  lambda t: spell.repair(normalize(t))),
                "threshold": round(model.threshold, 3)}
