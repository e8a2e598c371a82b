"""Trainee results of scenario exercises, in the shared SQLite store (tables ``training_exercises``,
``training_answers``; the names predate the word "exercise" and are kept so stored results stay readable).

Each answer is scored with the rubric of ``assistant/exercises/scoring.py`` when it is recorded, and
the score is stored as given: a trainer may edit the key later, and the class's results must stay
what the trainees were told.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections import Counter
from pathlib import Path

from assistant.exercises.scenarios import Scenario
from assistant.exercises.scoring import STEP_POINTS, StepScore, score_step
from assistant.stores.db import locate, open_db, transaction

MAX_NAME = 80
MAX_EXPLANATION = 500

CSV_FIELDS = ["exercise", "class", "scenario", "trainee", "step", "step_id", "expected_verdict", "verdict",
              "verdict_ok", "expected_actions", "actions", "actions_ok", "actions_score", "points", "dangerous",
              "explanation", "answered_at"]


def clean_name(name: str, what: str = "name") -> str:
    """Collapse whitespace; raise ValueError when empty or longer than MAX_NAME."""
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise ValueError(f"enter a {what}")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"the {what} is longer than {MAX_NAME} characters")
    return cleaned


class ExerciseResults:
    """Exercises and trainee answers in ``path`` (the shared ``sharecheck.db``). Safe to share across threads."""

    def __init__(self, path: Path | str, database_url: str | None = None):
        self.conn = open_db(locate(path, database_url))  # the SQLite file, or SHARECHECK_DATABASE_URL

    def start(self, scenario: Scenario, class_name: str, trainer: str = "", practice: bool = False) -> int:
        """Record a new run (exercise) of ``scenario`` for a class by ``trainer``; returns its id, the run
        number. ``practice`` runs can be deleted later. Raises ValueError for no class name."""
        with transaction(self.conn) as c:
            cur = c.execute("INSERT INTO training_exercises (scenario_id, scenario_version, class_name, started_at, "
                            "trainer, practice) VALUES (?, ?, ?, ?, ?, ?)",
                            (scenario.id, scenario.version, clean_name(class_name, "class name"), _now(),
                             " ".join(str(trainer or "").split())[:MAX_NAME], int(bool(practice))))
        return int(cur.lastrowid or 0)

    def runs(self, scenario_id: str | None = None, class_name: str | None = None) -> list[dict]:
        """Every run, newest first: ``run`` (its id), ``class``, ``scenario``, ``started_at``, ``trainer``,
        ``practice`` and how many ``trainees`` answered in it."""
        sql = ("SELECT e.id, e.class_name, e.scenario_id, e.started_at, e.trainer, e.practice, "
               "count(DISTINCT a.trainee) AS trainees FROM training_exercises e "
               "LEFT JOIN training_answers a ON a.exercise_id = e.id WHERE 1=1")
        args: list[object] = []
        for column, value in (("e.scenario_id", scenario_id), ("e.class_name", class_name)):
            if value:
                sql += f" AND {column} = ?"
                args.append(value)
        rows = self.conn.execute(sql + " GROUP BY e.id, e.class_name, e.scenario_id, e.started_at, e.trainer, "
                                       "e.practice ORDER BY e.id DESC", args).fetchall()
        return [{"run": r["id"], "class": r["class_name"], "scenario": r["scenario_id"], "started_at": r["started_at"],
                 "trainer": r["trainer"], "practice": bool(r["practice"]), "trainees": int(r["trainees"])}
                for r in rows]

    def delete_practice(self, run_id: int) -> int:
        """Delete practice run ``run_id`` and its answers; returns how many answers went. Raises
        ValueError for no such run or a run that was not marked practice (graded results stay)."""
        row = self.conn.execute("SELECT practice FROM training_exercises WHERE id = ?", (int(run_id),)).fetchone()
        if row is None:
            raise ValueError(f"there is no run {run_id}; the run numbers are in the trainer view's list")
        if not row["practice"]:
            raise ValueError(f"run {run_id} was not started as a practice run; its results are kept")
        with transaction(self.conn) as c:
            gone = c.execute("DELETE FROM training_answers WHERE exercise_id = ?", (int(run_id),)).rowcount
            c.execute("DELETE FROM training_exercises WHERE id = ?", (int(run_id),))
        return int(gone)

    def record(self, exercise_id: int, scenario: Scenario, step_no: int, trainee: str, verdict: str,
               actions: list[str], explanation: str = "") -> StepScore:
        """Score and save one answer. Raises ValueError for bad input or a second answer to the same step."""
        row = self.conn.execute("SELECT scenario_id FROM training_exercises WHERE id = ?", (exercise_id,)).fetchone()
        if row is None or row["scenario_id"] != scenario.id:
            raise ValueError(f"exercise {exercise_id} is not an exercise of {scenario.id}")
        if not 1 <= step_no <= len(scenario.steps):
            raise ValueError(f"{scenario.id} has no step {step_no}")
        trainee = clean_name(trainee, "trainee name")
        explanation = " ".join(str(explanation or "").split())[:MAX_EXPLANATION]
        step = scenario.steps[step_no - 1]
        score = score_step(step, verdict, list(actions))
        try:
            with transaction(self.conn) as c:
                c.execute("INSERT INTO training_answers (exercise_id, trainee, step, step_id, verdict, actions, "
                          "explanation, verdict_ok, actions_ok, actions_score, points, dangerous, answered_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (exercise_id, trainee, step_no, step.id, verdict, json.dumps(sorted(actions)), explanation,
                           score.verdict_ok, score.actions_ok, score.actions_score, score.points, score.dangerous,
                           _now()))
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"{trainee} has already answered step {step_no}") from exc
        return score

    def answers(self, scenario_id: str | None = None, class_name: str | None = None,
                exercise_id: int | None = None) -> list[sqlite3.Row]:
        """Answer rows joined with their exercise, oldest first, filtered by whatever is given."""
        sql = ("SELECT a.*, e.class_name, e.scenario_id, e.started_at, e.trainer, e.practice FROM training_answers a "
               "JOIN training_exercises e ON e.id = a.exercise_id WHERE 1=1")
        args: list[object] = []
        for column, value in (("e.scenario_id", scenario_id), ("e.class_name", class_name), ("e.id", exercise_id)):
            if value:
                sql += f" AND {column} = ?"
                args.append(value)
        return self.conn.execute(sql + " ORDER BY a.exercise_id, a.step, a.id", args).fetchall()

    def classes(self, scenario_id: str | None = None) -> list[str]:
        """Class names that have run ``scenario_id`` (or any scenario), alphabetically."""
        sql, args = "SELECT DISTINCT class_name FROM training_exercises", []
        if scenario_id:
            sql, args = sql + " WHERE scenario_id = ?", [scenario_id]
        return [r[0] for r in self.conn.execute(sql + " ORDER BY class_name", args)]

    def step_report(self, scenario: Scenario, class_name: str | None = None) -> list[dict]:
        """Per step: answers, how many got the verdict and the actions right, dangerous answers, the commonest
        wrong verdict — so a trainer sees which rule the class missed."""
        rows = self.answers(scenario.id, class_name)
        out = []
        for n, step in enumerate(scenario.steps, start=1):
            mine = [r for r in rows if r["step"] == n]
            wrong = Counter(r["verdict"] for r in mine if not r["verdict_ok"]).most_common(1)
            # "trainees": one per trainee per run (a trainee answers a step once a run: UNIQUE in the table).
            out.append({"step": n, "step_id": step.id, "expected": step.expect.verdict, "answers": len(mine),
                        "trainees": len({(r["exercise_id"], r["trainee"]) for r in mine}),
                        "verdict_right": sum(r["verdict_ok"] for r in mine),
                        "actions_right": sum(r["actions_ok"] for r in mine),
                        "dangerous": sum(r["dangerous"] for r in mine),
                        "common_wrong": wrong[0][0] if wrong else "",
                        "rule": step.model_answer.rule[0].cite[0]})
        return out

    def trainee_report(self, scenario: Scenario, class_name: str | None = None,
                       exercise_id: int | None = None) -> list[dict]:
        """Per trainee and exercise: steps answered, points out of the scenario's maximum, and the percentage."""
        totals: dict[tuple[int, str], dict] = {}
        for r in self.answers(scenario.id, class_name, exercise_id):
            t = totals.setdefault((r["exercise_id"], r["trainee"]), {
                "exercise": r["exercise_id"], "class": r["class_name"], "trainee": r["trainee"], "answered": 0,
                "points": 0.0, "dangerous": 0, "started_at": r["started_at"], "trainer": r["trainer"],
                "practice": bool(r["practice"])})
            t["answered"] += 1
            t["points"] += r["points"]
            t["dangerous"] += r["dangerous"]
        top = STEP_POINTS * len(scenario.steps)
        for t in totals.values():
            t["points"], t["max"], t["percent"] = round(t["points"], 2), top, round(100 * t["points"] / top)
        return list(totals.values())

    def export_csv(self, scenarios: dict[str, Scenario], scenario_id: str | None = None,
                   class_name: str | None = None) -> str:
        """Every matching answer as CSV (``CSV_FIELDS``), with the expected verdict and actions beside it."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for r in self.answers(scenario_id, class_name):
            scenario = scenarios.get(r["scenario_id"])
            step = scenario.steps[r["step"] - 1] if scenario and r["step"] <= len(scenario.steps) else None
            writer.writerow({
                "exercise": r["exercise_id"], "class": _cell(r["class_name"]), "scenario": r["scenario_id"],
                "trainee": _cell(r["trainee"]), "step": r["step"], "step_id": r["step_id"],
                "expected_verdict": step.expect.verdict if step else "", "verdict": r["verdict"],
                "verdict_ok": r["verdict_ok"], "expected_actions": " ".join(step.expect.actions) if step else "",
                "actions": " ".join(json.loads(r["actions"])), "actions_ok": r["actions_ok"],
                "actions_score": r["actions_score"], "points": r["points"], "dangerous": r["dangerous"],
                "explanation": _cell(r["explanation"]), "answered_at": r["answered_at"]})
        return buffer.getvalue()


def _cell(text: str) -> str:
    """Text typed by people, made safe for spreadsheets: a leading = + - @ would be read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
