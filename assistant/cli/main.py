"""``sharecheck``: the console script. Each command group lives in its own module under ``assistant/cli/``.

Commands from outside the package (``sharecheck eval`` from ``evals/``) register themselves through
the ``sharecheck.commands`` entry-point group, so the product never imports its evaluation suite.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib.metadata import entry_points

from assistant.cli import ask, corpus, records, scenarios, serve, status, users
from assistant.cli.common import EXIT_BAD_INPUT
from assistant.errors import ShareCheckError

PLUGIN_GROUP = "sharecheck.commands"


def build_parser() -> argparse.ArgumentParser:
    """The ``sharecheck`` parser with every command group, built-in and plugged in."""
    parser = argparse.ArgumentParser(prog="sharecheck", description="Can I share this? NYC sanctuary-law guidance "
                                     "for NYPD members, offline, with pinpoint citations.")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in (corpus, status, ask, serve, records, scenarios, users):
        group.register(sub)
    for plugin in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        plugin.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sharecheck`` console script. Returns the exit code (assistant/cli/common.py).

    Any ShareCheckError — a UsageError, a bad SHARECHECK_* value, a missing model or index, from any
    command including plugged-in ones — prints ``sharecheck: <message>`` on stderr, with no traceback, and
    returns 2: each says what was wrong and what to do. A reader that closes our output early
    (``sharecheck ask … | head -1``) ends the command quietly with 0.
    """
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # output still in the buffer meets a closed pipe here, inside the try
        return code
    except ShareCheckError as exc:
        print(f"sharecheck: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The standard handling (Python docs, "Note on SIGPIPE"): point stdout at devnull so the
        # interpreter's last flush at exit does not fail on the closed pipe a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
