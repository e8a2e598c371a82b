"""``sharecheck serve``: the web app on 127.0.0.1, building the index first when there is none."""

from __future__ import annotations

import argparse
import sys

from assistant.cli.common import load_checked_corpus, settings_from_env
from assistant.settings import Settings


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the Gradio app; with no complete index, build it (as ``sharecheck index`` would) first."""
    from assistant.knowledge.index import read_manifest
    from assistant.pipeline import build_index

    settings = settings_from_env()
    if args.port:
        settings = Settings.from_env(port=args.port)
    if read_manifest(settings.index_dir) is None:
        print(f"sharecheck: no index at {settings.index_dir} yet; building it now (about 20 s on 2 cores) …",
              file=sys.stderr)
        manifest = build_index(load_checked_corpus(settings), settings)
        print(f"sharecheck: indexed {manifest['sections']} sections in {manifest['build_seconds']} s", file=sys.stderr)
    from assistant.ui.app import launch

    launch(settings)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("serve", help="run the web app on 127.0.0.1 (builds the index first if there is none)")
    p.add_argument("--port", type=int, default=0, help="port (default 7860 or SHARECHECK_PORT)")
    p.set_defaults(func=cmd_serve)
