"""The immigration-signal detector: its labelled sentences, the classifier half, and its recall."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.engine.signals import (
    SENTENCES,
    LabelledSentence,
    SignalClassifier,
    detector_recall,
    held_apart,
    load_sentences,
    load_signal_patterns,
)
from assistant.errors import TrainingDataError
from assistant.knowledge.embeddings import HashEmbeddings
from assistant.settings import REPO_ROOT

CORPUS = REPO_ROOT / "corpus"


def test_the_labelled_sentences_are_valid_varied_and_split_the_same_way_every_time():
    patterns = load_signal_patterns(CORPUS)
    sentences = load_sentences(REPO_ROOT / "paraphrases" / SENTENCES, set(patterns.kinds))
    assert len(sentences) >= 800 and 0.3 < sum(s.signal for s in sentences) / len(sentences) < 0.5
    train, apart = held_apart(sentences)
    assert held_apart(sentences) == (train, apart) and not {s.text for s in train} & {s.text for s in apart}
    assert 0.2 < len(apart) / len(sentences) < 0.3


def test_a_bad_sentence_file_names_the_item(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("- {text: ok, signal: yes-ish, kind: actor}\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="item 1: 'signal' must be true or false"):
        load_sentences(bad, {"actor"})


def test_the_classifier_threshold_keeps_its_training_recall_and_survives_a_round_trip(tmp_path):
    embed = HashEmbeddings()
    sentences = [LabelledSentence(t, s, "purpose" if s else "none") for t, s in [
        ("they want to send him back to his country", True), ("ero wants him deported", True),
        ("lo van a deportar", True), ("he has no papers", True), ("dea wants the heroin case file", False),
        ("fbi asks for the bank robbery report", False), ("atf gun trace on a shooting", False),
        ("state police want our arrest report", False)]]
    vectors = np.asarray(embed.embed_documents([s.text for s in sentences]))
    model = SignalClassifier.train(sentences, vectors)
    assert all(model.flags(v) for s, v in zip(sentences, vectors, strict=True) if s.signal)
    model.save(tmp_path)
    again = SignalClassifier.load(tmp_path)
    assert again is not None and again.threshold == pytest.approx(model.threshold)
    assert again.probability(vectors[0]) == pytest.approx(model.probability(vectors[0]))
    figures = detector_recall(load_signal_patterns(CORPUS), again, sentences, vectors, str.lower)
    assert figures["detector_recall"] == 1.0 and figures["positives"] == 4


def test_detector_recall_on_the_held_apart_sentences_meets_the_target(model_settings):
    from assistant.knowledge.index import read_manifest

    held = read_manifest(model_settings.index_dir)["parts"]["signals"]["report"]["held_apart"]
    assert held["n"] >= 150 and held["detector_recall"] >= 0.98
