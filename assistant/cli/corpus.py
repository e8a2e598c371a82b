"""``sharecheck index`` and ``sharecheck ingest``: validate the corpus and build the index (DESIGN §4)."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli.common import load_checked_corpus, settings_from_env
from assistant.errors import UsageError


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


OFFICIAL_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".rst"}


def official_paths(settings, args: argparse.Namespace) -> list[Path]:
    """The files to ingest: ``args.paths``, plus every official text in ``settings.official_dir``
    (SHARECHECK_OFFICIAL_DIR) with ``--official``. Raises UsageError when there is nothing to read."""
    paths = [Path(p) for p in args.paths]
    if getattr(args, "official", False):
        folder = settings.official_dir
        if not folder.is_dir():
            raise UsageError(f"--official: {folder} is not a folder; set SHARECHECK_OFFICIAL_DIR to where the "
                             "official texts are")
        paths += sorted(p for p in folder.iterdir() if p.suffix.lower() in OFFICIAL_SUFFIXES)
    if not paths:
        raise UsageError("give the files to ingest (PDF, HTML, TXT), or --official for SHARECHECK_OFFICIAL_DIR")
    return paths


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.knowledge.ingest import IngestError, ingest_file, save_ingested

    settings = settings_from_env()
    parsed = []
    for path in official_paths(settings, args):
        try:
            parsed.append((path, ingest_file(path, args.doc_id or "")))
        except IngestError as exc:
            raise UsageError(f"{exc}\nNothing was ingested.") from exc
    load_checked_corpus(settings)  # refuse to mix new texts into a corpus that is itself broken
    for path, sections in parsed:
        target = save_ingested(sections, path, settings.data_dir / "official")
        pins = ", ".join(f"{s.doc_id}#{s.pinpoint}" for s in sections[:6])
        more = f" … (+{len(sections) - 6})" if len(sections) > 6 else ""
        print(f"{path}: {len(sections)} sections ({pins}{more}) → {target.name}")
    return cmd_index(argparse.Namespace(force=False))


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``index`` and ``ingest`` to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("index", help="validate the corpus and build or refresh the search index")
    p.add_argument("--force", action="store_true", help="rebuild even when the corpus is unchanged")
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("ingest", help="add official texts (PDF, HTML, TXT) beside the restatements")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--official", action="store_true",
                   help="also every official text in SHARECHECK_OFFICIAL_DIR (default ../shared/legal/official)")
    p.add_argument("--doc-id", help="file text without § markers under this document id")
    p.set_defaults(func=cmd_ingest)
