"""``sharecheck ingest``: add, replace, review, remove and list texts kept beside the restatements.

    sharecheck ingest FILE... [--by NAME] [--allow-new] [--doc-id ID] [--official]
    sharecheck ingest --verify ID [--by NAME]     ID: a file id (ing-…) or a section id (ing-…#14-154(b))
    sharecheck ingest --remove ID                 ID: a file id or the file's name
    sharecheck ingest --list

Every change is made on a staging copy of the store (knowledge/ingested.py) and the index is rebuilt
from it; the store is swapped in only once the new index is in place, so a refused or failed change
leaves both the store and the index as they were. Every refusal is a UsageError (exit 2, one message,
no traceback): an unreadable file, a section number no corpus document has (without ``--allow-new``),
an unknown id, the same text under a second name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli.common import load_checked_corpus, settings_from_env
from assistant.errors import ShareCheckError, UsageError

OFFICIAL_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".rst"}
NOTHING = "Nothing was ingested; the previous index still serves."


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
        raise UsageError("give the files to ingest (PDF, HTML, TXT), or --official for SHARECHECK_OFFICIAL_DIR; "
                         "--verify ID, --remove ID or --list for texts already ingested")
    return paths


def _rebuild(settings, store: Path, staging: Path) -> None:
    """Build the index from the staged store, then commit the store; on any error drop the staging
    copy and raise UsageError (the previous index and store still serve)."""
    from rich.progress import Progress

    from assistant.knowledge.index import load_full_corpus
    from assistant.knowledge.ingested import commit, discard
    from assistant.pipeline import build_index

    try:
        corpus = load_full_corpus(settings, store=staging)
        with Progress(transient=True) as progress:
            task = progress.add_task("embedding chunks", total=None)
            manifest = build_index(corpus, settings,
                                   progress=lambda done, total: progress.update(task, completed=done, total=total))
    except ShareCheckError as exc:
        discard(staging)
        raise UsageError(f"{exc}\n{NOTHING}") from exc
    except BaseException:
        discard(staging)
        raise
    commit(staging, store)
    print(f"indexed {manifest['documents']} documents, {manifest['sections']} sections, "
          f"{manifest['chunks']} chunks in {manifest['build_seconds']} s → {settings.index_dir}")


def _describe(record, corpus_sections) -> list[str]:
    """One line per section: its id, and what it stands beside or that it is new."""
    from assistant.knowledge.filing import departs, file_sections

    lines = []
    for original, filed in zip(record.sections, file_sections(record, corpus_sections), strict=True):
        if not filed.claims:
            what = "new section (no restatement to stand beside)"
        else:
            share = f"{round(100 * (filed.overlap or 0))}% of its words shared"
            what = f"beside {filed.claims}; " + (f"WORDING DEPARTS from the restatement ({share})"
                                                  if departs(filed.overlap) else share)
        lines.append(f"  {record.section_id(original)}  {what}")
    return lines


def _add(settings, args: argparse.Namespace, store: Path) -> int:
    from assistant.errors import IngestError
    from assistant.knowledge.filing import unknown_numbers
    from assistant.knowledge.ingest import ingest_file
    from assistant.knowledge.ingested import load_store, new_record, stage, write

    parsed = []
    for path in official_paths(settings, args):
        try:
            parsed.append((path, ingest_file(path, args.doc_id or "")))
        except IngestError as exc:
            raise UsageError(f"{exc}\n{NOTHING}") from exc
    corpus = load_checked_corpus(settings)  # refuse to mix new texts into a corpus that is itself broken
    restated = {k: d for k, d in corpus.documents.items() if d.ingested is None}
    for path, sections in parsed:
        unknown = unknown_numbers(sections, restated)
        if unknown and not args.allow_new:
            shown = ", ".join(f"§ {u}" for u in unknown[:6]) + (f" … (+{len(unknown) - 6})" if len(unknown) > 6 else "")
            these = "this section" if len(unknown) == 1 else "these sections"
            raise UsageError(f"{path}: {shown}: no corpus document has {these}, so there is no restatement to "
                             f"set {'it' if len(unknown) == 1 else 'them'} beside. If it is a new provision, run again "
                             f"with --allow-new (it stays unverified until `sharecheck ingest --verify`).\n{NOTHING}")
    existing = {r.source: r for r in load_store(store)}
    records = [new_record(path, sections, args.by or "") for path, sections in parsed]
    changed = [r for r in records if not (r.source in existing and existing[r.source].sha256 == r.sha256)]
    for r in records:
        if r not in changed:
            old = existing[r.source]
            print(f"{r.source}: unchanged since {old.date} ({old.id}); nothing to do")
    if not changed:
        return 0
    staging = stage(store)
    try:
        for r in changed:
            write(staging, r)
    except ShareCheckError as exc:
        from assistant.knowledge.ingested import discard

        discard(staging)
        raise UsageError(f"{exc}\n{NOTHING}") from exc
    _rebuild(settings, store, staging)
    for r in changed:
        earlier = existing.get(r.source)
        replaced = f"; replaces the version of {earlier.date} ({earlier.id})" if earlier else ""
        print(f"{r.source}: {len(r.sections)} sections, file id {r.id} (sha256 {r.sha256[:12]}…, by {r.by}, "
              f"{r.date}){replaced}. Unverified until `sharecheck ingest --verify {r.id}`.")
        print("\n".join(_describe(r, corpus.sections)))
    return 0


def _change(settings, args: argparse.Namespace, store: Path) -> int:
    """``--verify`` or ``--remove``: change the staged store, rebuild, commit."""
    from assistant.knowledge.ingested import discard, remove, stage, verify

    load_checked_corpus(settings)
    staging = stage(store)
    try:
        if args.remove:
            record = remove(staging, args.remove)
            message = f"removed {record.source} ({record.id}, {len(record.sections)} sections, ingested {record.date})"
        else:
            record, ids = verify(staging, args.verify, args.by or "")
            review = record.verified[ids[0].partition("#")[2]]
            message = f"verified {', '.join(ids)} (by {review['by']}, {review['at'][:10]})"
    except ShareCheckError as exc:
        discard(staging)
        raise UsageError(f"{exc}\nNothing was changed; the previous index still serves.") from exc
    _rebuild(settings, store, staging)
    print(message)
    return 0


def _list(store: Path) -> int:
    from assistant.knowledge.ingested import load_store

    records = load_store(store)
    if not records:
        print(f"nothing ingested (store {store})")
    for r in records:
        print(f"{r.id}  {r.source}  sha256 {r.sha256[:12] or 'unknown'}  {r.date} by {r.by}  "
              f"{len(r.sections)} sections, {len(r.verified)} verified")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_from_env()
    store = settings.data_dir / "official"
    chosen = [name for name in ("verify", "remove", "list") if getattr(args, name, None)]
    if len(chosen) > 1 or (chosen and (args.paths or args.official)):
        raise UsageError("give files to ingest, or one of --verify ID, --remove ID, --list — not several")
    if getattr(args, "list", False):
        return _list(store)
    if chosen:
        return _change(settings, args, store)
    return _add(settings, args, store)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``ingest`` to the ``sharecheck`` subparsers ``sub``."""
    p = sub.add_parser("ingest", help="add texts (PDF, HTML, TXT) beside the restatements; review or remove them")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--official", action="store_true",
                   help="also every official text in SHARECHECK_OFFICIAL_DIR (default ../shared/legal/official)")
    p.add_argument("--doc-id", help="file text without § markers under this document id")
    p.add_argument("--by", metavar="NAME", help="who is ingesting or reviewing (default: the OS user)")
    p.add_argument("--allow-new", action="store_true",
                   help="accept section numbers no corpus document has (they stay unverified)")
    p.add_argument("--verify", metavar="ID", help="mark an ingested file (ing-…) or section (ing-…#14-154(b)) "
                                                   "reviewed against the law")
    p.add_argument("--remove", metavar="ID", help="remove an ingested file (its id or its file name)")
    p.add_argument("--list", action="store_true", help="list ingested files with their ids and origin")
    p.set_defaults(func=cmd_ingest)
