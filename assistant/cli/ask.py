"""``sharecheck ask`` (one answer) and ``sharecheck batch`` (a JSONL file of questions in one process)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import load_assistant, settings_from_env
from assistant.errors import UsageError


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.pipeline import QuestionError, validate_question

    question = args.question if args.question != "-" else sys.stdin.read()
    try:
        validate_question(question, settings_from_env().max_question_chars)  # fail fast, before the model loads
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc
    assistant = load_assistant()
    try:
        answer = assistant.ask(question, history=args.turn or [])
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc
    from assistant.stores.audit import log_answer

    log_answer(assistant.settings, answer, "cli")  # local and redacted; SHARECHECK_AUDIT_LOG=0 turns it off
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        from assistant.cli.render import print_answer

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

    from assistant.pipeline import QuestionError
    from assistant.stores.audit import log_answer

    items = _read_batch(Path(args.inp))
    out_path = Path(args.out)
    if out_path.is_dir():
        raise UsageError(f"--out {out_path} is a directory; give a file name such as {out_path / 'answers.jsonl'}")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.with_name(out_path.name + ".partial").touch()
    except OSError as exc:
        raise UsageError(f"cannot write {out_path} ({exc.strerror}); choose a writable place") from exc
    assistant = load_assistant()
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


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``ask`` and ``batch`` to the ``sharecheck`` subparsers ``sub``."""
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
