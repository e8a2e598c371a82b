"""The fact classifier: training-data validation, the dev split, training, thresholds, persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.engine.classifier import (
    FactClassifier,
    TrainingDataError,
    dev_split,
    load_examples,
    slot_accuracy,
    training_version,
)
from assistant.engine.lexicon import normalize
from assistant.engine.reading import extract
from assistant.engine.slots import load_slots
from assistant.settings import REPO_ROOT

TRAINING = REPO_ROOT / "paraphrases"


def allowed_values():
    return load_slots(REPO_ROOT / "corpus").allowed_values()


def write(folder: Path, items) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "t.yaml"
    path.write_text(yaml.safe_dump(items), encoding="utf-8")
    return folder


def test_real_training_data_is_valid_and_large_enough():
    examples = load_examples(TRAINING, allowed_values())
    assert len(examples) >= 600
    labelled = {slot for e in examples for slot in e.labels}
    assert {"intent", "requester", "purpose", "document", "action", "subject", "location"} <= labelled


def test_training_and_evaluation_texts_never_overlap():
    examples = {normalize(e.text) for e in load_examples(TRAINING, allowed_values())}
    turns = {normalize(t) for p in (REPO_ROOT / "evals" / "cases").glob("*.yaml")
             for case in yaml.safe_load(p.read_text(encoding="utf-8")) for t in case["turns"]}
    assert examples & turns == set()


@pytest.mark.parametrize("item,message", [
    ({"labels": {"intent": "info"}}, "non-empty 'text'"),
    ({"text": "x", "labels": {"mood": "angry"}}, "unknown slot 'mood'"),
    ({"text": "x", "labels": {"action": "teleport"}}, "action value 'teleport'"),
])
def test_bad_training_examples_name_file_example_and_field(tmp_path, item, message):
    folder = write(tmp_path / "facts", [{"text": "fine", "labels": {"intent": "info"}}, item])
    with pytest.raises(TrainingDataError, match=f"t.yaml example 2: .*{message}"):
        load_examples(folder, allowed_values())


def test_dev_split_is_deterministic_disjoint_and_about_a_fifth():
    examples = load_examples(TRAINING, allowed_values())
    train, dev = dev_split(examples)
    again_train, again_dev = dev_split(list(reversed(examples)))
    assert {e.text for e in dev} == {e.text for e in again_dev}
    assert not {e.text for e in train} & {e.text for e in dev}
    assert 0.12 < len(dev) / len(examples) < 0.28


def synthetic(n_per_class: int = 30, seed: int = 0):
    """Three well-separated clusters in 384-d, labelled as three actions."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, 384))
    labels = ["hold", "share_release_date", "none"]
    vectors, examples = [], []
    from assistant.engine.classifier import Example

    for k, label in enumerate(labels):
        for i in range(n_per_class):
            v = centres[k] + 0.05 * rng.normal(size=384)
            vectors.append(v / np.linalg.norm(v))
            lab = {"intent": "permission"} | ({} if label == "none" else {"action": label})
            examples.append(Example(f"{label}-{i}", lab, "synthetic"))
    return examples, np.asarray(vectors), centres


def test_train_predict_and_threshold():
    examples, vectors, centres = synthetic()
    model = FactClassifier.train(examples, vectors)
    probe = centres[0] / np.linalg.norm(centres[0])
    value, probability = model.predict(probe)["action"]
    assert value == "hold" and probability > 0.9
    assert model.confident(probe)["action"][0] == "hold"
    none_probe = centres[2] / np.linalg.norm(centres[2])
    assert "action" not in model.confident(none_probe)  # "none" is never reported as a fact
    assert slot_accuracy(model, examples, vectors)["action"] == 1.0


def test_save_and_load_give_identical_predictions(tmp_path):
    examples, vectors, _ = synthetic()
    model = FactClassifier.train(examples, vectors)
    model.save(tmp_path)
    loaded = FactClassifier.load(tmp_path)
    assert loaded is not None
    for v in vectors[::7]:
        for slot, (value, probability) in model.predict(v).items():
            assert loaded.predict(v)[slot][0] == value
            assert loaded.predict(v)[slot][1] == pytest.approx(probability)
    assert FactClassifier.load(tmp_path / "nothing-here") is None


def test_training_version_changes_with_the_data(tmp_path):
    folder = write(tmp_path / "facts", [{"text": "a", "labels": {"intent": "info"}}])
    before = training_version(folder)
    write(folder, [{"text": "b", "labels": {"intent": "info"}}])
    assert training_version(folder) != before


class FixedClassifier:
    """Stands in for a trained model: always predicts the given slots."""

    def __init__(self, predictions):
        self.predictions = predictions

    def confident(self, vector):
        return self.predictions


def test_classifier_fills_only_what_the_lexicon_left_open():
    facts = extract("ICE wants to know the thing about the guy", vector=np.zeros(384),
                    classifier=FixedClassifier({"action": ("share_custody_status", 0.7),
                                                "requester": ("fbi", 0.9)}))
    assert facts.requester == "ice"  # the lexicon's reading stands
    assert facts.action == "share_custody_status"
    assert facts.confidence["action"] == 0.7
    assert facts.evidence["action"] == "similar wording (classifier)"
