"""Faithfulness: content-word overlap by hand, sentence extraction, and the method on its labelled set."""

from __future__ import annotations

import pytest

from evals import faithfulness as F


def test_content_words_drop_markers_emphasis_and_stop_words():
    assert F.content_words("NYPD **may not** hold a person [1].") == {"nypd", "not", "hold", "person"}


def test_overlap_by_hand():
    # sentence {nypd, not, hold, person}; passage {nypd, hold, no, person} → 3 of 4
    assert F.overlap("NYPD may not hold a person [1].", ["The NYPD will hold no person."]) == 0.75
    assert F.overlap("NYPD may not hold a person.", []) == 0.0
    assert F.overlap("It is.", ["anything"]) == 1.0  # no content words: nothing to support


def test_decision_rule_uses_the_calibrated_thresholds():
    assert F.is_supported(1.0, 0.0)
    assert F.is_supported(0.6, 0.45) and not F.is_supported(0.59, 0.9) and not F.is_supported(0.9, 0.44)
    assert F.is_supported(0.5, 0.5, thresholds=(0.5, 1.0, 0.4, 0.4))


ANSWER = {
    "verdict": "prohibited",
    "answer": ("**Not permitted.** No — a warrant is needed [1].\n\nA judicial warrant is signed by a judge [1]. "
               "Unsupported words appear here [2].\n\n**What to do:**\n- Decline the request [2].\n\n"
               "See also: Glossary, Judicial warrant [3].\n\n_Parts of this answer rest on secondary sources; "
               "confirm with Legal Bureau before relying on them [3]._\n_The verdict rests on sources not checked "
               "against the official text: D (a) [1] (secondary); confirm with Legal Bureau before relying on "
               "them._\nAn uncited claim."),
    "citations": [{"n": 1, "doc_id": "d", "pinpoint": "a", "label": "D (a)"},
                  {"n": 2, "doc_id": "d", "pinpoint": "b", "label": "D (b)"},
                  {"n": 3, "doc_id": "g", "pinpoint": "w", "label": "Glossary, Judicial warrant"}],
}
PASSAGES = {"a": "A judicial warrant is signed by a judge. No warrant is needed otherwise.",
            "b": "Decline politely.", "w": "Judicial warrant: signed by a judge."}


def fake_embed(texts):
    """Unit vectors by topic: texts about a warrant, about declining, and anything else are orthogonal."""
    return [[1.0, 0.0, 0.0] if "warrant" in t.lower() else [0.0, 1.0, 0.0] if "decline" in t.lower()
            else [0.0, 0.0, 1.0] for t in texts]


def test_answer_sentences_skip_label_and_headings_and_keep_markers():
    got = F.answer_sentences(ANSWER)
    assert got[0] == ("No — a warrant is needed [1].", (1,))
    assert ("Decline the request [2].", (2,)) in got
    assert got[-1] == ("An uncited claim.", ())
    assert all(not s.startswith("**Not permitted") and s != "**What to do:**" for s, _ in got)


def test_info_answers_lose_their_source_label_prefix():
    info = {"verdict": "info", "answer": "- D (a): A judicial warrant is signed [1].",
            "citations": ANSWER["citations"]}
    assert F.answer_sentences(info) == [("A judicial warrant is signed [1].", (1,))]


def test_check_answer_scores_claims_and_flags_uncited_ones():
    checks = F.check_answer(ANSWER, lambda c: PASSAGES[c["pinpoint"]], F.SupportScorer(fake_embed))
    by_text = {F.clean_sentence(c.sentence): c for c in checks}
    assert by_text["A judicial warrant is signed by a judge."].supported
    assert by_text["A judicial warrant is signed by a judge."].overlap == 1.0
    assert not by_text["Unsupported words appear here."].supported
    assert by_text["See also: Glossary, Judicial warrant."].kind == "meta"
    assert by_text["Parts of this answer rest on secondary sources; confirm with Legal Bureau before relying on "
                   "them."].kind == "meta"
    assert by_text["The verdict rests on sources not checked against the official text: D (a)  (secondary); "
                   "confirm with Legal Bureau before relying on them."].kind == "meta"
    uncited = by_text["An uncited claim."]
    assert uncited.cites == () and not uncited.supported
    assert F.check_answer({"verdict": "out_of_scope", "answer": "Outside scope."}, lambda c: "", None) == []


def test_labelled_set_is_well_formed_and_balanced():
    pairs = F.load_labelled()
    assert len(pairs) >= 60 and len({p["id"] for p in pairs}) == len(pairs)
    for split in ("calibrate", "test"):
        labels = [p["label"] for p in pairs if p["split"] == split]
        assert labels.count("supported") >= 10 and labels.count("unsupported") >= 10


@pytest.fixture(scope="module")
def features(real_embedder):
    from assistant.knowledge.corpus import load_corpus
    from assistant.settings import Settings

    settings = Settings.from_env()
    corpus = load_corpus(settings.corpus_dir)
    scorer = F.SupportScorer(real_embedder.embed_documents)
    return F.pair_features(F.load_labelled(), lambda ref: corpus.section(*ref.split("#", 1)).text, scorer)


@pytest.mark.model
def test_calibration_reproduces_the_thresholds_in_the_code(features):
    calibrate = [f for f in features if f["split"] == "calibrate"]
    assert F.calibrate(calibrate) == (F.OVERLAP_MIN, F.COSINE_MIN, F.OVERLAP_WITH_COSINE, F.COSINE_WITH_OVERLAP)


@pytest.mark.model
def test_method_precision_and_recall_on_the_held_out_pairs(features):
    test = [f for f in features if f["split"] == "test"]
    result = F.validate(test)
    print(f"\nfaithfulness on held-out pairs: precision {result['precision']:.3f} recall {result['recall']:.3f} "
          f"(n={result['n']}); misjudged {[m['id'] for m in result['misjudged']]}")
    assert result["precision"] >= 0.8 and result["recall"] >= 0.9
    # Every accepted unsupported pair is a contradiction: the documented blind spot, nothing else.
    kinds = {f["id"]: f["kind"] for f in test}
    assert {kinds[m["id"]] for m in result["misjudged"] if m["label"] == "unsupported"} <= {"contradiction"}
    without = F.validate([f for f in test if f["kind"] != "contradiction"])
    assert without["precision"] == 1.0
