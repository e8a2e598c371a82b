"""Scenario exercises: the scoring rubric, the check against the engine, and the trainee results store.

Rubric (documented in the README, "Trainer scenarios"). Each step is worth ``STEP_POINTS`` = 2:

- verdict: 1 point when the trainee's verdict is the expected one;
- actions: up to 1 point, (expected actions ticked − other actions ticked) ÷ expected actions,
  never below 0; actions the step lists under ``also_accept`` neither add nor subtract. When no
  action is expected, the point is earned by ticking none. "Actions right" means all expected
  actions and nothing else.
- ``dangerous``: the trainee said ``permitted`` where the key says ``prohibited`` or ``review``
  (DESIGN §2); flagged for the trainer, not penalised further.

A scenario's score is its points ÷ (2 × steps). Results live in the shared SQLite store
(records.py) in this module's own tables, ``training_exercises`` and ``training_answers``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain import VERDICTS, CitationRef
from assistant.records import open_db, transaction
from assistant.scenarios import ACTIONS, Scenario, Step

if TYPE_CHECKING:  # the store and the rubric must not pull in the model
    from assistant.pipeline import Assistant

STEP_POINTS = 2
MAX_NAME = 80
MAX_EXPLANATION = 500


@dataclass(frozen=True)
class StepScore:
    """One answer scored against its step. ``missing``/``extra`` are action keys, for the feedback."""

    verdict_ok: bool
    actions_ok: bool
    actions_score: float
    points: float
    dangerous: bool
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


def score_step(step: Step, verdict: str, actions: list[str]) -> StepScore:
    """Score one answer with the rubric above. Raises ValueError for an unknown verdict or action."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    unknown = [a for a in actions if a not in ACTIONS]
    if unknown:
        raise ValueError(f"unknown action {', '.join(unknown)}; use one of: {', '.join(ACTIONS)}")
    expected, ticked = set(step.expect.actions), set(actions)
    missing = tuple(a for a in step.expect.actions if a not in ticked)
    extra = tuple(a for a in ACTIONS if a in ticked - expected - set(step.expect.also_accept))
    hits = len(expected & ticked)
    credit = (1.0 if not extra else 0.0) if not expected else max(0.0, (hits - len(extra)) / len(expected))
    verdict_ok = verdict == step.expect.verdict
    dangerous = verdict == "permitted" and step.expect.verdict in ("prohibited", "review")
    return StepScore(verdict_ok=verdict_ok, actions_ok=not missing and not extra, actions_score=round(credit, 3),
                     points=round(int(verdict_ok) + credit, 3), dangerous=dangerous, missing=missing, extra=extra)


# ---- the check against the engine -------------------------------------------------------------

@dataclass
class StepCheck:
    """One step run through the Assistant: expected verdict, the engine's, and anything wrong."""

    step_no: int
    step: Step
    got: str
    rule: str
    engine_actions: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ScenarioCheck:
    scenario: Scenario
    steps: list[StepCheck]
    problems: list[str]  # scenario-level, e.g. a ``based_on`` citation that does not resolve

    @property
    def ok(self) -> bool:
        return not self.problems and all(s.ok for s in self.steps)


def check_scenario(scenario: Scenario, assistant: Assistant, has: Callable[[str, str], bool]) -> ScenarioCheck:
    """Ask each step's question with the earlier steps' questions as chat history (as ``batch`` turns do).

    A step fails when the engine's verdict differs from the expected one or a model-answer citation
    does not resolve (``has(doc_id, pinpoint)``, e.g. ``Corpus.has``).
    """
    action_keys = {text: key for key, (text, _) in assistant.rules.actions.items()}
    problems = [f"based_on: citation {ref} does not resolve" for ref in scenario.based_on
                if not has(*_split(ref))]
    steps: list[StepCheck] = []
    history: list[str] = []
    for n, step in enumerate(scenario.steps, start=1):
        answer = assistant.ask(step.question, history=list(history))
        rule = str((answer.trace or {}).get("rule", ""))
        check = StepCheck(n, step, answer.verdict, rule, tuple(action_keys.get(a, a) for a in answer.actions))
        if answer.verdict != step.expect.verdict:
            check.problems.append(f"expected {step.expect.verdict}, the engine said {answer.verdict} (rule {rule})")
        for statement in step.model_answer.rule:
            check.problems += [f"citation {ref} does not resolve" for ref in statement.cite if not has(*_split(ref))]
        steps.append(check)
        history.append(step.question)
    return ScenarioCheck(scenario, steps, problems)


def _split(ref: str) -> tuple[str, str]:
    parsed = CitationRef.parse(ref)
    return parsed.doc_id, parsed.pinpoint


# ---- the results store ------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS training_exercises (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_id TEXT NOT NULL,
  scenario_version TEXT NOT NULL,   -- sha256 of the scenario file the class saw
  class_name TEXT NOT NULL,
  started_at TEXT NOT NULL
);
-- Scores are stored as given, not recomputed: a trainer may edit the key later, and the class's
-- results must stay what the trainees were told.
CREATE TABLE IF NOT EXISTS training_answers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  exercise_id INTEGER NOT NULL REFERENCES training_exercises(id),
  trainee TEXT NOT NULL,
  step INTEGER NOT NULL,            -- 1-based step number
  step_id TEXT NOT NULL,
  verdict TEXT NOT NULL,
  actions TEXT NOT NULL,            -- JSON list of action keys
  explanation TEXT NOT NULL DEFAULT '',
  verdict_ok INTEGER NOT NULL,
  actions_ok INTEGER NOT NULL,
  actions_score REAL NOT NULL,
  points REAL NOT NULL,
  dangerous INTEGER NOT NULL,
  answered_at TEXT NOT NULL,
  UNIQUE (exercise_id, trainee, step)
);
CREATE INDEX IF NOT EXISTS training_answers_exercise ON training_answers(exercise_id);
"""
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


class TrainingStore:
    """Exercises and trainee answers in ``path`` (the shared ``sharecheck.db``). Safe to share across threads."""

    def __init__(self, path: Path):
        self.conn = open_db(path, SCHEMA)

    def start(self, scenario: Scenario, class_name: str) -> int:
        """Record a new exercise of ``scenario`` for a class; returns its id. Raises ValueError for no class name."""
        with transaction(self.conn) as c:
            cur = c.execute("INSERT INTO training_exercises (scenario_id, scenario_version, class_name, started_at) "
                            "VALUES (?, ?, ?, ?)", (scenario.id, scenario.version, clean_name(class_name, "class name"),
                                                    _now()))
        return int(cur.lastrowid or 0)

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
        sql = ("SELECT a.*, e.class_name, e.scenario_id FROM training_answers a "
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
            out.append({"step": n, "step_id": step.id, "expected": step.expect.verdict, "answers": len(mine),
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
                "points": 0.0, "dangerous": 0})
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
