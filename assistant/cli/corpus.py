"""``sharecheck index`` and ``sharecheck ingest``: validate the corpus and build the index (DESIGN §4).

``ingest`` itself lives in assistant/cli/ingest.py (``official_paths`` and ``cmd_ingest`` are
re-exported here for the callers that know them by this module).
"""

from __future__ import annotations

import argparse

from assistant.cli import ingest
from assistant.cli.common import load_checked_corpus, settings_from_env
from assistant.cli.ingest import cmd_ingest, official_paths

__all__ = ["cmd_index", "cmd_ingest", "official_paths", "register"]


def cmd_index(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from assistant.pipeline import build_index, index_is_current

    settings = settings_from_env()
    corpus = load_checked_corpus(settings)
    if index_is_current(corpus, settings) and not args.force:
        print(f"index is current ({len(corpus.documents)} documents, corpus {corpus.version[:12]}); "
              "nothing to do. Use --force to rebuild anyway.")
        return 0
    with Progress(transient=True) as progress:
        task = progress.add_task("embedding chunks", total=None)
        manifest = build_index(corpus, settings,
                               progress=lambda done, total: progress.update(task, completed=done, total=total))
    print(f"indexed {manifest['documents']} documents, {manifest['sections']} sections, "
          f"{manifest['chunks']} chunks in {manifest['build_seconds']} s → {settings.index_dir}")
    report = ((manifest.get("parts") or {}).get("classifier") or {}).get("report") or {}
    if report:
        accuracy = ", ".join(f"{slot} {value:.2f}" for slot, value in report["dev_accuracy"].items())
        print(f"fact classifier: {report['train']} training examples; dev accuracy ({report['dev']}): {accuracy}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``index`` and ``ingest`` to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("index", help="validate the corpus and build or refresh the search index")
    p.add_argument("--force", action="store_true", help="rebuild even when the corpus is unchanged")
    p.set_defaults(func=cmd_index)
    ingest.register(sub)
