"""``sharecheck`` — index, ingest, ask, batch, serve (DESIGN §4).

Every command exits 0 on success, 2 on bad input (with a message saying what to do) and 1 when
something failed that the user cannot fix from the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import Settings

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _load_checked(settings: Settings):
    """The full corpus and rule table, validated against each other. Raises UsageError listing problems."""
    from assistant.corpus import CorpusError
    from assistant.index import load_full_corpus
    from assistant.rules import RuleTableError, check_citations, load_rules

    try:
        corpus = load_full_corpus(settings)
        table = load_rules(settings.corpus_dir / "rules.yaml")
    except (CorpusError, RuleTableError) as exc:
        raise UsageError(f"{exc}\nNothing was rebuilt; the previous index still serves.") from exc
    problems = check_citations(table, corpus.has)
    if problems:
        raise UsageError("rule table is invalid:\n  " + "\n  ".join(problems)
                         + "\nNothing was rebuilt; the previous index still serves.")
    return corpus


def cmd_index(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from assistant.index import build_index, is_current

    settings = _settings()
    corpus = _load_checked(settings)
    if is_current(corpus, settings) and not args.force:
        print(f"index is current ({len(corpus.documents)} documents, corpus {corpus.version[:12]}); "
              "nothing to do. Use --force to rebuild anyway.")
        return 0
    with Progress(transient=True) as progress:
        task = progress.add_task("embedding chunks", total=None)
        manifest = build_index(corpus, settings,
                               progress=lambda done, total: progress.update(task, completed=done, total=total))
    print(f"indexed {manifest['documents']} documents, {manifest['sections']} sections, "
          f"{manifest['chunks']} chunks in {manifest['build_seconds']} s → {settings.index_dir}")
    report = manifest.get("classifier") or {}
    if report:
        accuracy = ", ".join(f"{slot} {value:.2f}" for slot, value in report["dev_accuracy"].items())
        print(f"fact classifier: {report['train']} training examples; dev accuracy ({report['dev']}): {accuracy}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.ingest import IngestError, ingest_file, save_ingested

    settings = _settings()
    parsed = []
    for raw in args.paths:
        path = Path(raw)
        try:
            parsed.append((path, ingest_file(path, args.doc_id or "")))
        except IngestError as exc:
            raise UsageError(f"{exc}\nNothing was ingested.") from exc
    _load_checked(settings)  # refuse to mix new texts into a corpus that is itself broken
    for path, sections in parsed:
        target = save_ingested(sections, path, settings.data_dir / "official")
        pins = ", ".join(f"{s.doc_id}#{s.pinpoint}" for s in sections[:6])
        more = f" … (+{len(sections) - 6})" if len(sections) > 6 else ""
        print(f"{path}: {len(sections)} sections ({pins}{more}) → {target.name}")
    return cmd_index(argparse.Namespace(force=False))


def _assistant():
    from assistant.index import IndexMissingError
    from assistant.pipeline import Assistant
    from assistant.rules import RuleTableError

    try:
        return Assistant(_settings())
    except (IndexMissingError, RuleTableError) as exc:
        raise UsageError(str(exc)) from exc


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.pipeline import QuestionError, validate_question

    question = args.question if args.question != "-" else sys.stdin.read()
    try:
        validate_question(question, _settings().max_question_chars)  # fail fast, before the model loads
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc
    assistant = _assistant()
    try:
        answer = assistant.ask(question, history=args.turn or [])
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc
    from assistant.audit import log_answer

    log_answer(assistant.settings, answer, "cli")  # local and redacted; SHARECHECK_AUDIT_LOG=0 turns it off
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        from assistant.render import print_answer

        print_answer(answer)
    return 0


def _read_batch(path: Path) -> list[dict]:
    if not path.is_file():
        raise UsageError(f"{path}: no such file; give a JSONL file with one question per line")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append({"id": f"line-{number}", "error": f"line {number} is not JSON ({exc.msg})"})
            continue
        if not isinstance(item, dict):
            items.append({"id": f"line-{number}", "error": f"line {number} must be a JSON object"})
            continue
        items.append(_checked_item(item, number))
    return items


def _checked_item(item: dict, number: int) -> dict:
    """The item, or an error record saying what the line must look like."""
    where = f"line {number}"
    turns = item.get("turns")
    if "turns" in item:
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
            return {"id": item.get("id", f"line-{number}"),
                    "error": f"{where}: 'turns' must be a non-empty list of strings, oldest first"}
    elif not isinstance(item.get("question"), str):
        return {"id": item.get("id", f"line-{number}"),
                "error": f"{where}: needs \"question\": \"…\" or \"turns\": [\"…\", …]"}
    return item


def cmd_batch(args: argparse.Namespace) -> int:
    from rich.progress import track

    from assistant.audit import log_answer
    from assistant.pipeline import QuestionError

    items = _read_batch(Path(args.inp))
    out_path = Path(args.out)
    if out_path.is_dir():
        raise UsageError(f"--out {out_path} is a directory; give a file name such as {out_path / 'answers.jsonl'}")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.with_name(out_path.name + ".partial").touch()
    except OSError as exc:
        raise UsageError(f"cannot write {out_path} ({exc.strerror}); choose a writable place") from exc
    assistant = _assistant()
    tmp = out_path.with_name(out_path.name + ".partial")
    errors = 0
    with tmp.open("w", encoding="utf-8") as out:
        for item in track(items, description="answering", transient=True, disable=not sys.stderr.isatty()):
            record: dict
            if "error" in item:
                record = item
            else:
                turns = item.get("turns")
                question = turns[-1] if isinstance(turns, list) and turns else item.get("question")
                history = turns[:-1] if isinstance(turns, list) else []
                try:
                    answer = assistant.ask(question, history=history, id=item.get("id"))
                    log_answer(assistant.settings, answer, "batch")
                    record = answer.model_dump()
                except QuestionError as exc:
                    record = {"id": item.get("id"), "error": str(exc)}
                except Exception as exc:  # noqa: BLE001 — one bad answer must not lose the rest of the file
                    record = {"id": item.get("id"), "error": f"could not answer ({type(exc).__name__}: {exc})"}
            errors += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out_path)
    print(f"{len(items) - errors} answered, {errors} errors → {out_path}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.ui.app import launch

    settings = _settings()
    if args.port:
        settings = Settings.from_env(port=args.port)
    launch(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sharecheck", description="Can I share this? NYC sanctuary-law guidance "
                                     "for NYPD members, offline, with pinpoint citations.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", help="validate the corpus and build or refresh the search index")
    p.add_argument("--force", action="store_true", help="rebuild even when the corpus is unchanged")
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("ingest", help="add official texts (PDF, HTML, TXT) beside the restatements")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--doc-id", help="file text without § markers under this document id")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question", help="the question, or - to read it from standard input")
    p.add_argument("--json", action="store_true", help="print the JSON answer (DESIGN §4)")
    p.add_argument("--turn", action="append", metavar="TEXT",
                   help="an earlier turn of the same chat (repeat, oldest first)")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("batch", help="answer a JSONL file of questions in one process")
    p.add_argument("--in", dest="inp", required=True, metavar="FILE.jsonl")
    p.add_argument("--out", required=True, metavar="FILE.jsonl")
    p.set_defaults(func=cmd_batch)
    p = sub.add_parser("serve", help="run the web app on 127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="port (default 7860 or SHARECHECK_PORT)")
    p.set_defaults(func=cmd_serve)
    # Feature commands register their subparsers below, one line each: register(sub).
    __import__("assistant.records_cli", fromlist=["register"]).register(sub)
    __import__("evals.cli").cli.register(sub)
    __import__("assistant.scenario_cli", fromlist=["register"]).register(sub)
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
