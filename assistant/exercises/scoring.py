"""Scenario exercises: the scoring rubric and the check of every step against the engine.

Rubric (documented in the README, "Trainer scenarios"). Each step is worth ``STEP_POINTS`` = 2:

- verdict: 1 point when the trainee's verdict is the expected one;
- actions: up to 1 point, (expected actions ticked − other actions ticked) ÷ expected actions,
  never below 0; actions the step lists under ``also_accept`` neither add nor subtract. When no
  action is expected, the point is earned by ticking none. "Actions right" means all expected
  actions and nothing else.
- ``dangerous``: the trainee said ``permitted`` where the key says ``prohibited`` or ``review``
  (DESIGN §2); flagged for the trainer, not penalised further.

A scenario's score is its points ÷ (2 × steps). Results are kept by ``assistant/stores/exercises.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.domain import VERDICTS, CitationRef
from assistant.exercises.scenarios import ACTIONS, Scenario, Step

STEP_POINTS = 2


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


def check_scenario(scenario: Scenario, assistant: Any, has: Callable[[str, str], bool]) -> ScenarioCheck:
    """Ask each step's question with the earlier steps' questions as chat history (as ``batch`` turns do).

    ``assistant`` is the pipeline's Assistant (anything with ``ask`` and ``rules.actions``); it is
    passed in, not imported, so exercises stay below the pipeline.

    A step fails when the engine's verdict differs from the expected one or a model-answer citation
    does not resolve (``has(doc_id, pinpoint)``, e.g. ``Corpus.has``).
    """
    action_keys = {text: key for key, (text, _) in assistant.rules.actions.items()}
    problems = [f"based_on: citation {ref} does not resolve" for ref in scenario.based_on
                if not has(*_split(ref))]
    steps: list[StepCheck] = []
    history: list[str] = []
    for n, step in enumerate(scenario.steps, start=1):
        answer = assistant.ask(step.question, history=list(history), today=step.today)
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
