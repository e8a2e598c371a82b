"""Each evaluation metric against values worked out by hand (evals/metrics.py)."""

from __future__ import annotations

import math

import pytest

from evals import metrics as m

EXPECTED = ["prohibited", "prohibited", "review", "permitted", "info"]
PREDICTED = ["prohibited", "permitted", "review", "permitted", "review"]


def test_accuracy_and_by_category():
    assert m.accuracy(EXPECTED, PREDICTED) == pytest.approx(3 / 5)
    by = m.accuracy_by(["a", "a", "b", "b", "b"], EXPECTED, PREDICTED)
    assert by == {"a": {"n": 2, "correct": 1, "accuracy": 0.5}, "b": {"n": 3, "correct": 2, "accuracy": 2 / 3}}
    with pytest.raises(ValueError, match="differ in length"):
        m.accuracy(["a"], [])
    with pytest.raises(ValueError, match="no items"):
        m.accuracy([], [])


def test_confusion_matrix_rows_are_expected_columns_predicted():
    labels = ["permitted", "prohibited", "review", "info"]
    assert m.confusion_matrix(EXPECTED, PREDICTED, labels) == [
        [1, 0, 0, 0],
        [1, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 1, 0],
    ]
    with pytest.raises(ValueError, match="not one of"):
        m.confusion_matrix(["x"], ["permitted"], labels)


def test_per_class_and_macro_f1():
    scores = m.per_class(EXPECTED, PREDICTED)
    # permitted: 1 of 2 predictions right, 1 of 1 found → P .5, R 1, F1 2/3; info never predicted → 0.
    assert scores["permitted"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    assert scores["prohibited"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert scores["review"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    assert scores["info"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert m.macro_f1(EXPECTED, PREDICTED) == pytest.approx((3 * 2 / 3 + 0) / 4)


def test_dangerous_is_permitted_where_prohibited_or_review():
    assert [m.is_dangerous(e, p) for e, p in zip(EXPECTED, PREDICTED, strict=True)] == [
        False, True, False, False, False]
    assert m.is_dangerous("review", "permitted")
    assert not m.is_dangerous("info", "permitted") and not m.is_dangerous("permitted", "prohibited")


def test_percentile_interpolates_linearly():
    values = [40, 10, 30, 20]
    assert m.percentile(values, 50) == 25
    assert m.percentile(values, 95) == pytest.approx(30 + 0.85 * 10)  # position 3 × .95 = 2.85
    assert m.percentile([7], 95) == 7
    with pytest.raises(ValueError):
        m.percentile([], 50)


RANKED = ["a#1", "b#2", "c#3", "a#2", "d#1"]
GOLD = ["a#2", "d#1"]


def test_recall_at_k():
    assert m.recall_at_k(RANKED, GOLD, 3) == 0
    assert m.recall_at_k(RANKED, GOLD, 4) == 0.5
    assert m.recall_at_k(RANKED, GOLD, 5) == 1.0
    with pytest.raises(ValueError):
        m.recall_at_k(RANKED, [], 5)


def test_reciprocal_rank():
    assert m.reciprocal_rank(RANKED, GOLD) == 0.25  # first gold at rank 4
    assert m.reciprocal_rank(RANKED, ["z#9"]) == 0.0
    assert m.reciprocal_rank(RANKED, GOLD, k=3) == 0.0


def test_ndcg_binary_gains():
    dcg = 1 / math.log2(5) + 1 / math.log2(6)  # gold at ranks 4 and 5
    ideal = 1 + 1 / math.log2(3)  # two gold passages at ranks 1 and 2
    assert m.ndcg_at_k(RANKED, GOLD, 10) == pytest.approx(dcg / ideal)
    assert m.ndcg_at_k(RANKED, GOLD, 10) == pytest.approx(0.50127, abs=1e-5)
    assert m.ndcg_at_k(["a#2", "d#1"], GOLD, 10) == pytest.approx(1.0)


def test_sub_provisions_match_their_gold_section_once():
    assert m.ref_matches("ac-14-154#b(1)", "ac-14-154#b")
    assert not m.ref_matches("ac-14-154#b", "ac-14-154#b(1)")
    assert not m.ref_matches("ac-14-154#bb", "ac-14-154#b")
    assert m.ref_matches("ac-14-154#f(5)", "ac-14-154")  # a bare doc id matches any of its sections
    # Two sub-provisions of one gold section: the second is not a second hit.
    ranked = ["ac-14-154#b(1)", "ac-14-154#b(2)", "x#1"]
    assert m.recall_at_k(ranked, ["ac-14-154#b"], 3) == 1.0
    assert m.ndcg_at_k(ranked, ["ac-14-154#b"], 10) == 1.0
    assert m.dedupe_sections(["a#1", "b#1", "a#1"]) == ["a#1", "b#1"]


def test_cohen_kappa_textbook_example():
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 → p_o .7, p_e .5, κ .4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert m.cohen_kappa(a, b) == pytest.approx(0.4)
    assert m.cohen_kappa(["yes", "no"], ["yes", "no"]) == pytest.approx(1.0)
    assert m.cohen_kappa(["yes", "yes"], ["yes", "yes"]) is None  # p_e = 1: undefined
    assert m.cohen_kappa([], []) is None


def test_fleiss_kappa_matches_fleiss_1971_worked_example():
    # The 10 subjects × 14 raters × 5 categories table used to illustrate Fleiss' kappa (κ ≈ 0.210).
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    items = [[f"c{j}" for j, count in enumerate(row) for _ in range(count)] for row in table]
    assert m.fleiss_kappa(items) == pytest.approx(0.2099, abs=1e-4)


def test_fleiss_kappa_small_case_by_hand_and_edge_cases():
    # item 1: yes,yes,yes (P=1); item 2: yes,no,no (P=1/3); P̄=2/3; p(yes)=4/6 → P_e=5/9; κ=(2/3-5/9)/(4/9)=.25
    assert m.fleiss_kappa([["yes", "yes", "yes"], ["yes", "no", "no"]]) == pytest.approx(0.25)
    assert m.fleiss_kappa([["yes"]]) is None
    assert m.fleiss_kappa([["yes", "yes"], ["yes", "yes"]]) is None


def test_request_hits_match_each_expected_request_once_by_family_and_verdict():
    answered = [{"verdict": "prohibited", "facts": {"requester": "ice"}},
                {"verdict": "permitted", "facts": {"requester": "fbi"}}]
    expected = [{"requester": "ice_ero", "verdict": "prohibited"}, {"requester": "fbi", "verdict": "permitted"}]
    assert m.request_hits(expected, answered, "prohibited", "prohibited") == (2, 2)
    assert m.request_hits([{"requester": "fbi", "verdict": "review"}], answered, "review", "prohibited") == (1, 0)
    twice = [{"requester": "ice", "verdict": "prohibited"}, {"requester": "ice", "verdict": "prohibited"}]
    assert m.request_hits(twice, answered, "prohibited", "prohibited") == (2, 1)  # one answer used once
    assert m.request_hits([], [], "info", "info") == (1, 1) and m.request_hits([], [], "info", "review") == (1, 0)
    assert m.requester_family("dhs_nonimmigration") == m.requester_family("federal_other") == "federal_other"
