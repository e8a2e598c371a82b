"""The evaluator score store: validation, dashboard agreement, CSV, and concurrent writers losing nothing."""

from __future__ import annotations

import csv
import io
import multiprocessing
import sqlite3
import threading

import pytest

from assistant.stores.scores import Score, ScoreError, ScoreStore, live_case_id

ANSWER = {"verdict": "prohibited", "corpus_version": "v1", "answer": "No [1][2].",
          "citations": [{"n": 1, "doc_id": "ac-14-154", "pinpoint": "b(1)"},
                        {"n": 2, "doc_id": "ac-10-178", "pinpoint": "c"}]}


def score(evaluator="Alice", case_id="qb-01", correct="yes", expected="prohibited", answer=None, **kw):
    return Score(evaluator=evaluator, case_id=case_id, question="Can I tell ICE the release date?",
                 answer=answer or ANSWER, verdict_correct=correct, clarity=kw.pop("clarity", 4),
                 expected_verdict=expected, case_set="question-bank", **kw)


@pytest.fixture
def store(tmp_path):
    return ScoreStore.for_data_dir(tmp_path)


def test_a_score_and_its_citation_judgements_are_stored(store, tmp_path):
    score_id = store.add(score(citations={1: "yes", 2: "no"}, comment="  clear  "))
    (row,) = store.rows()
    assert row["id"] == score_id and row["evaluator"] == "Alice" and row["comment"] == "clear"
    assert row["citations"] == "1:yes;2:no" and row["corpus_version"] == "v1" and row["answer_verdict"] == "prohibited"
    conn = sqlite3.connect(tmp_path / "sharecheck.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT doc_id, pinpoint, supports FROM eval_citation_judgements ORDER BY n").fetchall() == [
        ("ac-14-154", "b(1)", "yes"), ("ac-10-178", "c", "no")]


@pytest.mark.parametrize("bad,message", [
    (dict(evaluator="  "), "enter your name"),
    (dict(correct=""), "verdict is correct"),
    (dict(clarity=0), "clarity from 1"),
    (dict(clarity=6), "clarity from 1"),
    (dict(citations={3: "yes"}), "citation \\[3\\]"),
    (dict(citations={1: "maybe"}), "citation \\[1\\]"),
    (dict(answer={"citations": []}), "get an answer"),
])
def test_invalid_scores_are_refused_and_nothing_is_written(store, bad, message):
    with pytest.raises(ScoreError, match=message):
        store.add(score(**bad))
    assert store.rows() == []


def test_csv_export(store):
    store.add(score(citations={1: "yes"}, comment="has, a comma"))
    rows = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert len(rows) == 1 and rows[0]["comment"] == "has, a comma" and rows[0]["citations"] == "1:yes"
    assert rows[0]["case_id"] == "qb-01" and rows[0]["verdict_correct"] == "yes"


def test_dashboard_agreement_with_expected_and_per_evaluator(store):
    store.add(score(correct="yes"))  # verdict matches expected and Alice says correct: agree
    store.add(score(evaluator="Bob", correct="no"))  # Bob says wrong although it matches: disagree
    store.add(score(evaluator="Bob", case_id="qb-02", correct="unsure"))  # unsure: not compared
    store.add(score(case_id=live_case_id("A live one?"), expected=None))  # live: no expected verdict
    d = store.dashboard()
    assert d["scores"] == 4
    assert d["agreement_with_expected"] == {"n": 2, "agree": 1, "rate": 0.5, "unsure": 1}  # counted, not hidden
    assert d["evaluators"]["Bob"] == {"scores": 2, "correct_yes": 0, "mean_clarity": 4.0}


def test_cohen_kappa_for_two_raters_uses_latest_scores(store):
    # Alice yes,yes,no,no; Bob yes,no,no,no → p_o 3/4, p_e .5, κ .5 (Bob's first qb-1 score is replaced).
    store.add(score(evaluator="Bob", case_id="qb-1", correct="no"))
    for i, (a, b) in enumerate([("yes", "yes"), ("yes", "no"), ("no", "no"), ("no", "no")], start=1):
        store.add(score(evaluator="Alice", case_id=f"qb-{i}", correct=a))
        store.add(score(evaluator="Bob", case_id=f"qb-{i}", correct=b))
    store.add(score(evaluator="Alice", case_id="qb-9", correct="yes"))  # scored by one rater only
    rater = store.dashboard()["inter_rater"]
    assert rater["method"] == "Cohen's kappa" and rater["items"] == 4 and rater["raters"] == ["Alice", "Bob"]
    assert rater["kappa"] == pytest.approx(0.5)
    assert rater["enough"] is False  # four shared answers: too few to read much into κ
    low, high = rater["interval"]
    assert low <= 0.5 <= high and low < high  # four items: a wide interval, reported as such


def test_the_dashboard_gives_n_an_interval_and_says_when_ratings_are_too_few(store):
    from assistant.ui.evaluate import dashboard_views

    for i, (a, b) in enumerate([("yes", "yes"), ("yes", "no"), ("no", "no")], start=1):
        store.add(score(evaluator="Alice", case_id=f"qb-{i}", correct=a))
        store.add(score(evaluator="Bob", case_id=f"qb-{i}", correct=b))
    store.add(score(evaluator="Bob", case_id="qb-4", correct="unsure"))
    text, _ = dashboard_views(store)
    assert "n = 3 shared answers" in text and "too few ratings to read much into it" in text
    assert "at least 10 wanted" in text and "1 'unsure' left out" in text and "third answer" in text
    for i in range(5, 17):  # twelve more shared answers, mostly agreed
        store.add(score(evaluator="Alice", case_id=f"qb-{i}", correct="yes" if i % 3 else "no"))
        store.add(score(evaluator="Bob", case_id=f"qb-{i}", correct="yes" if i % 3 else "no"))
    text, _ = dashboard_views(store)
    assert "n = 15 shared answers" in text and "too few" not in text and "95% CI" in text


def test_the_bootstrap_interval_is_repeatable_and_none_when_undefined():
    from assistant.stores.agreement import bootstrap_interval, cohen_kappa

    pairs = [("yes", "yes"), ("no", "no"), ("yes", "no"), ("no", "no"), ("yes", "yes")] * 3

    def cohen(sample):
        return cohen_kappa([a for a, _ in sample], [b for _, b in sample])

    assert bootstrap_interval(pairs, cohen) == bootstrap_interval(pairs, cohen)
    assert bootstrap_interval(pairs[:1], cohen) is None
    assert bootstrap_interval([("yes", "yes")] * 5, cohen) is None  # κ undefined in every draw


def test_fleiss_kappa_for_three_raters(store):
    for who, item1, item2 in [("A", "yes", "yes"), ("B", "yes", "no"), ("C", "yes", "no")]:
        store.add(score(evaluator=who, case_id="qb-1", correct=item1))
        store.add(score(evaluator=who, case_id="qb-2", correct=item2))
    rater = store.dashboard()["inter_rater"]
    assert rater["method"] == "Fleiss' kappa" and rater["items"] == 2
    assert rater["kappa"] == pytest.approx(0.25)  # worked by hand in test_eval_metrics


def test_the_same_case_on_another_corpus_version_is_another_item(store):
    store.add(score(evaluator="A", correct="yes"))
    store.add(score(evaluator="B", correct="no", answer={**ANSWER, "corpus_version": "v2"}))
    assert store.dashboard()["inter_rater"]["items"] == 0


def _write_many(path, who, n):
    store = ScoreStore(path)
    for i in range(n):
        store.add(score(evaluator=who, case_id=f"qb-{i}", citations={1: "yes", 2: "no"}))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "sharecheck.db"
    ScoreStore(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(path, f"proc{i}", 25)) for i in range(2)]
    threads = [threading.Thread(target=_write_many, args=(path, f"thread{i}", 25)) for i in range(2)]
    for worker in [*procs, *threads]:
        worker.start()
    for worker in [*procs, *threads]:
        worker.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    rows = ScoreStore(path).rows()
    assert len(rows) == 100 and len({r["id"] for r in rows}) == 100
    assert {r["evaluator"] for r in rows} == {"proc0", "proc1", "thread0", "thread1"}
    assert all(r["citations"] == "1:yes;2:no" for r in rows)


def test_each_citation_judgement_shows_the_claim_beside_the_passage():
    from assistant.domain import Answer, Citation, ReasonOut
    from assistant.ui.evaluate import judgement_info
    from assistant.ui.passages import claim_for

    cite = Citation(n=2, doc_id="ac-14-154", pinpoint="b(1)", label="§ 14-154(b)(1)", quote="A judicial warrant. " * 30,
                    provenance="verified", source_url="https://example.invalid/")
    answer = Answer(question="q", verdict="prohibited", summary="No.",
                    answer="**Not permitted.** No [1].\n\nThe law bars it [2]. Tell your supervisor [3].",
                    reasons=[ReasonOut(text="Release dates need a judicial warrant.", citations=[2])])
    assert claim_for(answer, 2) == "Release dates need a judicial warrant."
    assert claim_for(answer, 3) == "Tell your supervisor."  # no reason cites it: its sentence in the text
    info = judgement_info(answer, cite)
    assert info.startswith("Claim: Release dates need a judicial warrant.  ·  Passage: “A judicial warrant.")
    assert info.endswith("…”") and len(info) < 400


def test_a_long_passage_is_cut_at_a_word_and_the_claim_loses_its_emphasis_marks():
    from assistant.domain import Answer, Citation
    from assistant.ui.evaluate import judgement_info

    cite = Citation(n=1, doc_id="ac-10-178", pinpoint="c", label="§ 10-178(c)", quote="immigration " * 40,
                    provenance="verified", source_url="https://example.invalid/")
    answer = Answer(question="q", verdict="info", summary="s",
                    answer="_Note: N.Y.C. Admin. Code § 10-178 is in force [1]._")
    info = judgement_info(answer, cite)
    assert "_" not in info.split("·")[0]
    passage = info.split("Passage: “")[1]
    assert passage.endswith("immigration …”")  # whole words, then the ellipsis
