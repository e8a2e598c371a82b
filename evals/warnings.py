"""How many answers carry the "Confirm with Legal Bureau" warning (issue 12), and why each does.

    .venv/bin/python -m evals.warnings evals/cases/question-bank.yaml [--list]

Prints ``N/M answers carry the Legal Bureau warning``; ``--list`` adds each warned case with the
deciding citations that raised it (provenance secondary or unverified, ui/card.py weak_citations).
Needs the index (``sharecheck index``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.exercises.cases import load_cases
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.ui.card import weak_citations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.warnings", description=__doc__.split("\n")[0])
    parser.add_argument("cases", type=Path, help="a case file, e.g. evals/cases/question-bank.yaml")
    parser.add_argument("--list", action="store_true", help="name each warned case and its deciding sources")
    args = parser.parse_args(argv)
    assistant = Assistant(Settings.from_env())
    cases = load_cases(args.cases)
    warned = 0
    for case in cases:
        answer = assistant.ask(case.question, history=case.history)
        weak = weak_citations(answer)
        warned += bool(weak)
        if weak and args.list:
            named = "; ".join(f"[{c.n}] {c.label} ({c.provenance})" for c in answer.citations if c.n in weak)
            print(f"{case.id}: {answer.verdict}: {named}")
    print(f"{warned}/{len(cases)} answers carry the Legal Bureau warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
