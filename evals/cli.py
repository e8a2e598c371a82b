"""``sharecheck eval``: run the evaluation cases through the real Assistant and write the report.

Exit codes follow assistant/cli/main.py: 0 when every threshold is met, 1 when one is not (the message
names it), 2 for bad input (missing or malformed cases, unusable report directory, bad threshold).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.settings import REPO_ROOT

DEFAULT_CASES = REPO_ROOT / "evals" / "cases"
EXIT_BELOW_THRESHOLD = 1


def register(sub) -> None:
    """Add the ``eval`` subcommand to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("eval", help="run the evaluation suite (DESIGN §5) and write a report")
    p.add_argument("--cases", default=str(DEFAULT_CASES), metavar="PATH",
                   help="a case file or a folder of *.yaml cases (default: evals/cases)")
    p.add_argument("--report", metavar="DIR", help="write report.md, report.html, summary.json and plots here")
    p.add_argument("--min-accuracy", type=float, metavar="X", help="fail (exit 1) when verdict accuracy is below X")
    p.add_argument("--max-dangerous", type=int, metavar="N", help="fail (exit 1) with more than N dangerous errors")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    """Validate everything cheap first (cases, report directory, thresholds), then load the model and run."""
    from assistant.cli.common import load_assistant
    from assistant.errors import UsageError
    from assistant.exercises.cases import CaseError, load_cases
    from evals.report import ReportError, check_report_dir, write_report
    from evals.runner import evaluate, iter_rows

    if args.min_accuracy is not None and not 0 <= args.min_accuracy <= 1:
        raise UsageError(f"--min-accuracy {args.min_accuracy} must be between 0 and 1")
    if args.max_dangerous is not None and args.max_dangerous < 0:
        raise UsageError(f"--max-dangerous {args.max_dangerous} must be 0 or more")
    cases_path = Path(args.cases)
    report_dir = Path(args.report).resolve() if args.report else None
    try:
        cases = load_cases(cases_path)
        if report_dir:
            check_report_dir(report_dir)
    except (CaseError, ReportError) as exc:
        raise UsageError(str(exc)) from exc
    assistant = load_assistant()
    try:
        summary = evaluate(assistant, cases, cases_path, show_progress=False if args.no_progress else None,
                           min_accuracy=args.min_accuracy, max_dangerous=args.max_dangerous)
    except CaseError as exc:
        raise UsageError(str(exc)) from exc
    _print_table(list(iter_rows(summary)), summary)
    if report_dir:
        try:
            write_report(summary, report_dir)
        except ReportError as exc:
            raise UsageError(str(exc)) from exc
        print(f"report: {report_dir / 'report.html'} (also report.md, summary.json)")
    for failure in summary["failures"]:
        print(f"sharecheck eval: FAILED: {failure}", file=sys.stderr)
    return 0 if summary["passed"] else EXIT_BELOW_THRESHOLD


def _print_table(rows: list[tuple[str, str]], summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sharecheck eval — {summary['n_cases']} cases", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for metric, value in rows:
        table.add_row(metric, value)
    console = Console(width=max(100, Console().width))
    console.print(table)
    retrieval = summary["retrieval"]
    if retrieval["n"]:
        k = retrieval["k"]
        ablation = Table(title="retrieval ablation (info cases)", title_justify="left")
        for name in ("mode", f"recall@{k}", "MRR@10", "nDCG@10"):
            ablation.add_column(name, justify="left" if name == "mode" else "right")
        for mode, x in retrieval["modes"].items():
            ablation.add_row(mode, f"{x[f'recall@{k}']:.3f}", f"{x['mrr']:.3f}", f"{x['ndcg@10']:.3f}")
        console.print(ablation)
    for d in summary["dangerous"]["cases"]:
        console.print(f"[bold red]dangerous[/]: {d['id']} expected {d['expected']}, answered {d['predicted']}")
