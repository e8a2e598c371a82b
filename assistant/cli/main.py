"""``sharecheck``: the console script. Each command group lives in its own module under ``assistant/cli/``.

Commands from outside the package (``sharecheck eval`` from ``evals/``) register themselves through
the ``sharecheck.commands`` entry-point group, so the product never imports its evaluation suite.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points

from assistant.cli import ask, corpus, records, scenarios, serve
from assistant.cli.common import EXIT_BAD_INPUT
from assistant.errors import UsageError

PLUGIN_GROUP = "sharecheck.commands"


def build_parser() -> argparse.ArgumentParser:
    """The ``sharecheck`` parser with every command group, built-in and plugged in."""
    parser = argparse.ArgumentParser(prog="sharecheck", description="Can I share this? NYC sanctuary-law guidance "
                                     "for NYPD members, offline, with pinpoint citations.")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in (corpus, ask, serve, records, scenarios):
        group.register(sub)
    for plugin in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        plugin.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sharecheck`` console script. Returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"sharecheck: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
