"""Scoring rubric, results store and the checker's logic (assistant/exercises/scoring.py): fast, no model."""

from __future__ import annotations

import csv
import io
import threading
from types import SimpleNamespace

import pytest

from assistant.domain import Answer
from assistant.exercises.scenarios import load_scenarios
from assistant.exercises.scoring import STEP_POINTS, check_scenario, score_step
from assistant.knowledge.corpus import load_corpus
from assistant.settings import REPO_ROOT
from assistant.stores.db import db_path
from assistant.stores.exercises import ExerciseResults

LIBRARY = load_scenarios(REPO_ROOT / "corpus" / "scenarios")
DETAINER = LIBRARY["detainer-with-i200"]  # step 1 expects prohibited + release, decline, supervisor, record
STEP = DETAINER.steps[0]                  # … and also accepts legal


# ---- rubric ---------------------------------------------------------------------------------

def test_all_right_earns_both_points():
    s = score_step(STEP, "prohibited", ["release", "decline", "supervisor", "record"])
    assert (s.verdict_ok, s.actions_ok, s.points, s.dangerous) == (True, True, STEP_POINTS, False)


def test_also_accepted_action_is_neutral():
    s = score_step(STEP, "prohibited", ["release", "decline", "supervisor", "record", "legal"])
    assert s.actions_ok and s.points == 2 and s.extra == ()


def test_missing_and_extra_actions_cost_a_quarter_each_here():
    s = score_step(STEP, "prohibited", ["release", "decline", "supervisor"])          # one of four missing
    assert (s.actions_ok, s.actions_score, s.points, s.missing) == (False, 0.75, 1.75, ("record",))
    s = score_step(STEP, "prohibited", ["release", "decline", "supervisor", "record", "respond"])  # one extra
    assert (s.actions_score, s.extra) == (0.75, ("respond",))
    s = score_step(STEP, "prohibited", ["respond", "approval"])                        # never below zero
    assert s.actions_score == 0 and s.points == 1


def test_wrong_verdict_and_the_dangerous_flag():
    s = score_step(STEP, "review", ["release", "decline", "supervisor", "record"])
    assert (s.verdict_ok, s.points, s.dangerous) == (False, 1, False)
    s = score_step(STEP, "permitted", [])
    assert (s.verdict_ok, s.points, s.dangerous) == (False, 0, True)
    review = LIBRARY["judicial-warrant-conviction"].steps[0]
    assert score_step(review, "permitted", []).dangerous
    permitted = LIBRARY["victim-witness-status"].steps[3]
    assert not score_step(permitted, "prohibited", []).dangerous


def test_no_expected_actions_needs_none_ticked():
    step = STEP.model_copy(update={"expect": STEP.expect.model_copy(update={"actions": [], "also_accept": []})})
    assert score_step(step, "prohibited", []).points == 2
    assert score_step(step, "prohibited", ["decline"]).actions_score == 0


def test_bad_verdict_or_action_is_refused():
    with pytest.raises(ValueError, match="verdict 'maybe'"):
        score_step(STEP, "maybe", [])
    with pytest.raises(ValueError, match="unknown action arrest"):
        score_step(STEP, "prohibited", ["arrest"])


# ---- store ----------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    return ExerciseResults(db_path(tmp_path))


def test_store_saves_scores_and_reports_per_step_and_trainee(store):
    ex = store.start(DETAINER, "  Academy   26-03 ")
    store.record(ex, DETAINER, 1, "Ana", "prohibited", ["release", "decline", "supervisor", "record"], "I-200")
    store.record(ex, DETAINER, 1, "Ben", "permitted", [], "")
    store.record(ex, DETAINER, 2, "Ana", "prohibited", ["decline"], "")
    other = store.start(DETAINER, "Academy 26-04")
    store.record(other, DETAINER, 1, "Cy", "review", [], "")
    assert store.classes(DETAINER.id) == ["Academy 26-03", "Academy 26-04"]
    steps = store.step_report(DETAINER, "Academy 26-03")
    assert steps[0] == {"step": 1, "step_id": "hold-on-i247a", "expected": "prohibited", "answers": 2,
                        "trainees": 2, "verdict_right": 1, "actions_right": 1, "dangerous": 1,
                        "common_wrong": "permitted", "rule": "ac-14-154#b(1)"}
    assert steps[1]["answers"] == 1 and steps[3]["answers"] == 0
    assert store.step_report(DETAINER)[0]["answers"] == 3  # all classes
    people = {t["trainee"]: t for t in store.trainee_report(DETAINER, "Academy 26-03")}
    assert people["Ana"]["points"] == 3.33 and people["Ana"]["max"] == 8  # 2 + 1 + 1/3, to 2 places
    ben = people["Ben"]
    assert {k: ben[k] for k in ("exercise", "class", "trainee", "answered", "points", "dangerous", "max", "percent",
                                "trainer", "practice")} == {
        "exercise": ex, "class": "Academy 26-03", "trainee": "Ben", "answered": 1, "points": 0, "dangerous": 1,
        "max": 8, "percent": 0, "trainer": "", "practice": False}
    assert ben["started_at"][:2] == "20"  # the run's start, for its date


def test_store_refuses_bad_answers(store):
    ex = store.start(DETAINER, "A")
    store.record(ex, DETAINER, 1, "Ana", "prohibited", [])
    with pytest.raises(ValueError, match="Ana has already answered step 1"):
        store.record(ex, DETAINER, 1, " Ana ", "review", [])
    with pytest.raises(ValueError, match="has no step 9"):
        store.record(ex, DETAINER, 9, "Ana", "review", [])
    with pytest.raises(ValueError, match="not an exercise of task-force-alerts"):
        store.record(ex, LIBRARY["task-force-alerts"], 1, "Ana", "review", [])
    with pytest.raises(ValueError, match="enter a trainee name"):
        store.record(ex, DETAINER, 2, "   ", "review", [])
    with pytest.raises(ValueError, match="enter a class name"):
        store.start(DETAINER, "")
    with pytest.raises(ValueError, match="unknown action"):
        store.record(ex, DETAINER, 2, "Ana", "review", ["arrest"])
    assert len(store.answers()) == 1  # nothing half-written


def test_export_csv_has_key_beside_answer_and_defuses_formulas(store):
    ex = store.start(DETAINER, "=cmd")
    store.record(ex, DETAINER, 1, "@Ana", "prohibited", ["record", "decline"], "-because, \"quoted\"")
    rows = list(csv.DictReader(io.StringIO(store.export_csv(LIBRARY))))
    assert len(rows) == 1
    row = rows[0]
    assert row["class"] == "'=cmd" and row["trainee"] == "'@Ana" and row["explanation"] == "'-because, \"quoted\""
    assert row["expected_verdict"] == "prohibited" and row["expected_actions"] == "release decline supervisor record"
    assert row["actions"] == "decline record" and row["verdict_ok"] == "1" and row["actions_ok"] == "0"
    assert store.export_csv(LIBRARY, class_name="nobody").count("\n") == 1  # header only


def test_store_survives_concurrent_writers(tmp_path):
    path = db_path(tmp_path)
    first = ExerciseResults(path)
    ex = first.start(DETAINER, "A")
    errors = []

    def answer(name):
        try:
            ExerciseResults(path).record(ex, DETAINER, 1, name, "prohibited", ["decline"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(f"T{i}",)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(first.answers(exercise_id=ex)) == 12


# ---- the checker's logic with a stand-in engine ---------------------------------------------

class ScriptedAssistant:
    """Answers with scripted verdicts and records the history it was given."""

    def __init__(self, verdicts):
        self.verdicts = list(verdicts)
        self.calls = []
        self.rules = SimpleNamespace(actions={"decline": ("Decline the request.", ())})

    def ask(self, question, history=None, today=None):
        self.calls.append((question, list(history or [])))
        return Answer(question=question, verdict=self.verdicts.pop(0), summary="s", answer="a",
                      actions=["Decline the request."], trace={"rule": "scripted"})


def test_check_runs_steps_with_history_and_reports_disagreements():
    corpus = load_corpus(REPO_ROOT / "corpus")
    engine = ScriptedAssistant(["prohibited", "review", "prohibited", "prohibited"])
    result = check_scenario(DETAINER, engine, corpus.has)
    assert [len(h) for _, h in engine.calls] == [0, 1, 2, 3]
    assert engine.calls[2][1] == [DETAINER.steps[0].question, DETAINER.steps[1].question]
    assert not result.ok and [s.ok for s in result.steps] == [True, False, True, True]
    assert result.steps[1].problems == ["expected prohibited, the engine said review (rule scripted)"]
    assert result.steps[0].engine_actions == ("decline",)


def test_check_reports_citations_that_do_not_resolve():
    engine = ScriptedAssistant(["prohibited"] * 4)
    result = check_scenario(DETAINER, engine, lambda doc, pin: pin != "b(1)")
    assert any("citation ac-14-154#b(1) does not resolve" in p for p in result.steps[0].problems)
    assert result.problems == ["based_on: citation ac-14-154#b(1) does not resolve"]



def test_runs_are_told_apart_and_only_a_practice_run_can_be_deleted(store):
    graded = store.start(DETAINER, "Academy 26-03", trainer="sgt.kim")
    practice = store.start(DETAINER, "Academy 26-03", trainer="sgt.kim", practice=True)
    store.record(graded, DETAINER, 1, "Ana", "prohibited", [])
    store.record(practice, DETAINER, 1, "Ana", "permitted", [])  # the same trainee, the same step, another run
    runs = store.runs(DETAINER.id, "Academy 26-03")
    assert [(r["run"], r["trainer"], r["practice"], r["trainees"]) for r in runs] == [
        (practice, "sgt.kim", True, 1), (graded, "sgt.kim", False, 1)]
    assert [t["exercise"] for t in store.trainee_report(DETAINER, "Academy 26-03")] == [graded, practice]
    with pytest.raises(ValueError, match="was not started as a practice run; its results are kept"):
        store.delete_practice(graded)
    assert store.delete_practice(practice) == 1
    assert [r["run"] for r in store.runs(DETAINER.id)] == [graded]
    with pytest.raises(ValueError, match="there is no run"):
        store.delete_practice(practice)


def test_the_printable_debrief_is_a_page_with_a_print_stylesheet():
    from assistant.ui.trainer import print_html

    page = print_html("# Title\n\nIntro *now*.\n\n## Step 1\n\n> The question?\n\n- one\n- two\n\n"
                      "| Step | Key |\n|---|---|\n| 1 | Not permitted |\n", "Title")
    assert page.startswith("<!doctype html>") and "@media print" in page and "<title>Title</title>" in page
    assert "<h1>Title</h1>" in page and "<p>Intro <em>now</em>.</p>" in page and "<h2>Step 1</h2>" in page
    assert "<blockquote>The question?</blockquote>" in page and "<ul><li>one</li><li>two</li></ul>" in page
    assert "<td>Not permitted</td>" in page and "scn-scroll" not in page
