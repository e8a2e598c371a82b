"""``sharecheck serve``: the web app on 127.0.0.1, building the index first when there is none."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.common import load_checked_corpus, settings_from_env
from assistant.settings import INT_RANGES


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the Gradio app; with no complete index, build it (as ``sharecheck index`` would) first."""
    from assistant.knowledge.index import read_manifest
    from assistant.pipeline import build_index

    # No --port (None), or 0 from a caller that builds the Namespace itself: SHARECHECK_PORT or the default.
    settings = settings_from_env(**({"port": args.port} if args.port else {}))
    if read_manifest(settings.index_dir) is None:
        print(f"sharecheck: no index at {settings.index_dir} yet; building it now (about 20 s on 2 cores) …",
              file=sys.stderr)
        manifest = build_index(load_checked_corpus(settings), settings)
        print(f"sharecheck: indexed {manifest['sections']} sections in {manifest['build_seconds']} s", file=sys.stderr)
    from assistant.ui.app import launch

    launch(settings)
    return 0


def port_number(text: str) -> int:
    """``--port`` as an int in 1–65535 (argparse type); a bad one exits 2 naming the option and the range."""
    low, high = INT_RANGES["port"][0], INT_RANGES["port"][1] or 65535  # the port range has an upper bound
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give a port from {low} to {high}, "
                                         "e.g. --port 7861") from None
    if not low <= port <= high:
        raise argparse.ArgumentTypeError(f"{port} is out of range; give a port from {low} to {high}, "
                                         "e.g. --port 7861")
    return port


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("serve", help="run the web app on 127.0.0.1 (builds the index first if there is none)")
    p.add_argument("--port", type=port_number, help="port, 1–65535 (default SHARECHECK_PORT or 7860)")
    p.set_defaults(func=cmd_serve)
