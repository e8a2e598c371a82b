"""``sharecheck scenarios list | show ID | check | run ID`` — the trainer's terminal commands.

``check`` runs every step through the Assistant and exits 1 listing the steps where the engine's
verdict differs from the key or a model-answer citation does not resolve; ``run`` is an
interactive exercise that reads answers from standard input (piped input works) and saves them to
the local store. Bad input (unknown id, invalid scenario file) exits 2 like the other commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.domain import VERDICT_LABELS

# Short answers a trainee can type at the verdict prompt, besides the full words.
VERDICT_KEYS = {"p": "permitted", "n": "prohibited", "r": "review", "i": "info", "o": "out_of_scope",
                "not permitted": "prohibited", "needs review": "review", "information": "info",
                "outside scope": "out_of_scope", "out of scope": "out_of_scope"}


def _library(args: argparse.Namespace):
    """(settings, scenarios by id) from ``--dir`` or ``corpus/scenarios``. Raises UsageError when invalid."""
    from assistant.cli.common import settings_from_env
    from assistant.errors import UsageError
    from assistant.exercises.scenarios import ScenarioError, load_scenarios

    settings = settings_from_env()
    folder = Path(args.dir) if args.dir else settings.corpus_dir / "scenarios"
    try:
        return settings, load_scenarios(folder)
    except ScenarioError as exc:
        raise UsageError(str(exc)) from exc


def _one(args: argparse.Namespace):
    from assistant.errors import UsageError

    settings, library = _library(args)
    if args.id not in library:
        raise UsageError(f"no scenario {args.id!r}; `sharecheck scenarios list` shows the ids")
    return settings, library, library[args.id]


def _resolver(settings):
    from assistant.exercises.scenarios import corpus_resolver
    from assistant.knowledge.corpus import load_corpus

    return corpus_resolver(load_corpus(settings.corpus_dir))


def cmd_list(args: argparse.Namespace) -> int:
    _, library = _library(args)
    width = max((len(i) for i in library), default=2)
    for scenario in library.values():
        print(f"{scenario.id:<{width}}  {scenario.difficulty:<12}  {len(scenario.steps)} steps  {scenario.title}")
    print(f"{len(library)} scenarios, {sum(len(s.steps) for s in library.values())} steps")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from assistant.exercises.scenarios import debrief_markdown

    settings, _, scenario = _one(args)
    print(debrief_markdown(scenario, _resolver(settings)), end="")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from assistant.cli.common import load_assistant
    from assistant.errors import UsageError
    from assistant.exercises.scoring import check_scenario
    from assistant.knowledge.corpus import load_corpus

    settings, library = _library(args)
    unknown = [i for i in args.ids if i not in library]
    if unknown:
        raise UsageError(f"no scenario {', '.join(unknown)}; `sharecheck scenarios list` shows the ids")
    corpus, assistant = load_corpus(settings.corpus_dir), load_assistant()
    failed = steps = broken = 0
    for scenario in (library[i] for i in args.ids) if args.ids else library.values():
        result = check_scenario(scenario, assistant, corpus.has)
        print(f"{'ok  ' if result.ok else 'FAIL'} {scenario.id} ({len(scenario.steps)} steps)")
        for problem in result.problems:
            print(f"     {problem}")
        for s in result.steps:
            steps += 1
            failed += not s.ok
            if not s.ok or args.verbose:
                mark = "✔" if s.ok else "✖"
                print(f"  {mark} step {s.step_no} ({s.step.id}): expected {s.step.expect.verdict}, "
                      f"engine {s.got} [{s.rule}]")
                for problem in s.problems:
                    print(f"      - {problem}")
                if args.verbose:  # a scenario writer's hint, never a failure: actions are the trainer's call
                    print(f"      engine actions: {', '.join(s.engine_actions) or 'none'}; "
                          f"key: {', '.join(s.step.expect.actions) or 'none'}")
                if not s.ok:
                    print(f"      question: {s.step.question}")
        broken += bool(result.problems)
    print(f"{steps} steps checked: {steps - failed} pass, {failed} fail (the engine's verdict differs or a "
          "citation does not resolve)" + (f"; {broken} scenarios cite unknown sections" if broken else ""))
    return 1 if failed or broken else 0


def _ask(prompt: str, parse):
    """Prompt until ``parse`` accepts the line (it raises ValueError with what to type). EOFError ends the run."""
    while True:
        print(prompt, end="", flush=True)
        line = sys.stdin.readline()  # not input(): piped answers must work the same as typed ones
        if not line:
            raise EOFError
        try:
            return parse(line.strip())
        except ValueError as exc:
            print(f"  {exc}")


def _parse_verdict(text: str) -> str:
    value = VERDICT_KEYS.get(text.lower(), text.lower().replace(" ", "_"))
    if value not in VERDICT_LABELS:
        raise ValueError("type p (permitted), n (not permitted), r (needs review), i (information) "
                         "or o (outside scope)")
    return value


def _parse_actions(text: str) -> list[str]:
    from assistant.exercises.scenarios import ACTIONS

    keys = list(ACTIONS)
    out = []
    for part in text.replace(",", " ").split():
        if part.isdigit() and 1 <= int(part) <= len(keys):
            out.append(keys[int(part) - 1])
        elif part in ACTIONS:
            out.append(part)
        else:
            raise ValueError(f"{part!r} is not an action: type numbers 1-{len(keys)} separated by commas, or nothing")
    return sorted(set(out), key=keys.index)


def cmd_run(args: argparse.Namespace) -> int:
    from assistant.errors import UsageError
    from assistant.exercises.scenarios import ACTIONS, step_markdown
    from assistant.exercises.scoring import STEP_POINTS, score_step
    from assistant.stores.db import db_path
    from assistant.stores.exercises import ExerciseResults, clean_name

    settings, _, scenario = _one(args)
    resolve = _resolver(settings)
    print(f"# {scenario.title}\n\n{scenario.summary}\n\nObjectives:")
    for objective in scenario.objectives:
        print(f"  - {objective}")
    try:
        name = clean_name(args.name) if args.name else _ask("\nYour name: ", clean_name)
        store = None if args.no_save else ExerciseResults(db_path(settings.data_dir))
        exercise = store.start(scenario, args.class_name) if store else 0
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except EOFError:
        print("\ninput ended before the exercise started")
        return 0
    print("\nActions: " + "  ".join(f"{n}. {label}" for n, label in enumerate(ACTIONS.values(), start=1)))
    total = 0.0
    for n, step in enumerate(scenario.steps, start=1):
        print(f"\n## Step {n} of {len(scenario.steps)}\n\n{step.situation}\n\n> {step.question}\n")
        try:
            verdict = _ask("Verdict [p/n/r/i/o]: ", _parse_verdict)
            actions = _ask("Actions (numbers, comma-separated; blank for none): ", _parse_actions)
            explanation = _ask("Why, in one sentence (optional): ", str)
        except EOFError:
            print(f"\ninput ended after {n - 1} of {len(scenario.steps)} steps; score so far {total:g}")
            return 0
        score = store.record(exercise, scenario, n, name, verdict, actions, explanation) if store else \
            score_step(step, verdict, actions)
        total += score.points
        print(f"\n{'Right' if score.verdict_ok else 'Not right'}: you said {VERDICT_LABELS[verdict]}, "
              f"the key says {VERDICT_LABELS[step.expect.verdict]}."
              + (" Careful: that answer permits something the law does not." if score.dangerous else ""))
        if score.missing:
            print("Missed actions: " + "; ".join(ACTIONS[a] for a in score.missing))
        if score.extra:
            print("Not needed here: " + "; ".join(ACTIONS[a] for a in score.extra))
        print(f"Points: {score.points:g} of {STEP_POINTS}\n\n{step_markdown(step, resolve)}")
    top = STEP_POINTS * len(scenario.steps)
    print(f"\nScore: {total:g} of {top} ({round(100 * total / top)}%)"
          + (f"; saved for class {args.class_name!r}" if store else ""))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``scenarios`` command group to the ``sharecheck`` parser."""
    group = sub.add_parser("scenarios", help="trainer scenarios: list, show, check against the engine, run")
    inner = group.add_subparsers(dest="scenarios_command", required=True)

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = inner.add_parser(name, help=help)
        p.add_argument("--dir", help="scenario folder (default: corpus/scenarios)")
        p.set_defaults(func=func)
        return p

    add("list", cmd_list, "list the scenarios with their step counts")
    add("show", cmd_show, "print a scenario with its key and debrief as Markdown").add_argument("id")
    p = add("check", cmd_check, "run every step through the Assistant; exit 1 on any disagreement")
    p.add_argument("ids", nargs="*", metavar="ID", help="only these scenarios")
    p.add_argument("-v", "--verbose", action="store_true", help="list every step, not only failures")
    p = add("run", cmd_run, "an interactive exercise in the terminal")
    p.add_argument("id")
    p.add_argument("--name", help="trainee name (asked for when missing)")
    p.add_argument("--class", dest="class_name", default="terminal", help="class name for the saved results")
    p.add_argument("--no-save", action="store_true", help="do not save the results")
