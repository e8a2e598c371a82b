"""``sharecheck ask`` (one answer) and ``sharecheck batch`` (a JSONL file of questions in one process)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from assistant.cli.common import load_assistant, settings_from_env
from assistant.errors import UsageError

# The words validate_question uses for binary input, so `ask -` refuses it exactly as an argument is refused.
NOT_TEXT = "the question does not look like text (it holds control or binary characters); type it in words"


def _argv_text(text: str) -> str:
    """``text`` from the command line, or UsageError when it held bytes that are not UTF-8.

    Python decodes such bytes to lone surrogates (U+DC80–U+DCFF, "surrogateescape"); no typed text has them.
    """
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raise UsageError(NOT_TEXT)
    return text


def _stdin_text() -> str:
    """Standard input as text, or UsageError when it holds NUL bytes or bytes that are not UTF-8.

    Read as bytes: the text layer would quietly turn bad bytes into characters the question check tolerates,
    while the same bytes on the command line are refused.
    """
    if sys.stdin is None:
        raise UsageError("standard input is closed; give the question as an argument instead of -")
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(NOT_TEXT) from None
    if "\x00" in text:
        raise UsageError(NOT_TEXT)
    return text.removeprefix("\ufeff")  # a byte-order mark from a Windows editor is not part of the question


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.pipeline import QuestionError, validate_question

    question = _stdin_text() if args.question == "-" else _argv_text(args.question)
    history = [_argv_text(turn) for turn in args.turn or []]
    try:
        validate_question(question, settings_from_env().max_question_chars)  # fail fast, before the model loads
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc
    assistant = load_assistant()
    try:
        answer = assistant.ask(question, history=history)
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


def _kind(value: object) -> str:
    """What a JSON value is, in words for an error message: ``_kind(42)`` → ``"a number"``."""
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    return "a list" if isinstance(value, list) else "an object"


def _read_batch(path: Path) -> list[dict]:
    """The items of the JSONL file ``path``, in order, each with a string ``id``.

    A line that cannot be asked becomes ``{"id": ..., "error": "line N: ..."}`` and the rest still run.
    Raises UsageError when ``path`` is not a readable file.
    """
    if path.is_dir():
        raise UsageError(f"--in {path} is a directory; give a JSONL file with one question per line, "
                         f"e.g. {path / 'questions.jsonl'}")
    if not path.is_file():
        raise UsageError(f"--in {path}: no such file; give a JSONL file with one question per line")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read --in {path} ({exc.strerror}); check the file's permissions") from exc
    items: list[dict] = []
    first_line: dict[str, int] = {}  # id → the line that used it first
    # Split on \n only: str.splitlines() also splits at \r, \x0c, \u2028 …, so its numbers would not be an editor's.
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as exc:
            items.append({"id": f"line-{number}", "error": f"line {number} is not UTF-8 text (byte {exc.start + 1}); "
                                                          "save the file as UTF-8"})
            continue
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
        items.append(_checked_item(item, number, first_line))
    return items


def _checked_item(item: dict, number: int, first_line: dict[str, int]) -> dict:
    """The item with its ``id`` as a string (``line-N`` when it has none), or an error record saying
    what the line must look like. ``first_line`` maps each id seen so far to its line and is updated:
    answers are matched to questions by id, so a repeated id is an error."""
    where, own = f"line {number}", f"line-{number}"
    raw_id = item.get("id")
    if raw_id is None:
        item_id = own
    elif isinstance(raw_id, str) and raw_id.strip():
        item_id = raw_id
    elif isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
        item_id = str(raw_id)  # 7 and "7" name the same line in the output
    else:
        return {"id": own, "error": f"{where}: \"id\" must be a non-empty string or a number, not {_kind(raw_id)}; "
                                    f"e.g. \"id\": \"q{number}\" (or leave it out to get \"{own}\")"}
    if item_id in first_line:
        return {"id": own, "error": f"{where}: id {item_id!r} is already used on line {first_line[item_id]}; "
                                    "give each line its own id"}
    first_line[item_id] = number
    if "question" in item and "turns" in item:
        return {"id": item_id, "error": f"{where}: give either \"question\" or \"turns\", not both "
                                        "(with \"turns\", the question is the last turn)"}
    if "turns" in item:
        turns = item["turns"]
        if not isinstance(turns, list) or not turns:
            return {"id": item_id, "error": f"{where}: 'turns' must be a non-empty list of strings, oldest first"}
        bad = next((n for n, turn in enumerate(turns, start=1) if not isinstance(turn, str)), None)
        if bad:
            return {"id": item_id, "error": f"{where}: 'turns' must be a non-empty list of strings, oldest first; "
                                            f"turn {bad} is {_kind(turns[bad - 1])}"}
    elif "question" in item:
        if not isinstance(item["question"], str):
            return {"id": item_id, "error": f"{where}: \"question\" must be text (a string in quotes), not "
                                            f"{_kind(item['question'])}; e.g. \"question\": \"ICE wants an address. "
                                            "Can I give it?\""}
    else:
        others = sorted(str(key) for key in item if key != "id")
        found = f" (it has {', '.join(others)})" if others else ""
        return {"id": item_id, "error": f"{where}: needs \"question\": \"…\" or \"turns\": [\"…\", …]{found}"}
    return {**item, "id": item_id}


def _same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file, however spelled (relative, ``..``, a symlink, a hard link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def _checked_out(out_path: Path, in_path: Path) -> Path:
    """The temporary file the answers go to before they replace ``out_path``.

    Raises UsageError, before anything is written, when ``out_path`` is a directory, its folder does not
    exist (nothing is created: a typo in the path should not leave new folders behind), it is the input
    file, or the folder cannot be written.
    """
    if out_path.is_dir():
        raise UsageError(f"--out {out_path} is a directory; give a file name such as {out_path / 'answers.jsonl'}")
    folder = out_path.parent
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {out_path}: {folder} is a file, not a folder; choose a file inside a folder")
    if not folder.is_dir():
        raise UsageError(f"--out {out_path}: the folder {folder} does not exist; create it first "
                         f"(mkdir -p {folder}) or choose another place")
    tmp = out_path.with_name(out_path.name + ".partial")
    if _same_file(out_path, in_path) or _same_file(tmp, in_path):
        raise UsageError(f"--out {out_path} is the --in file; the answers would overwrite the questions. "
                         f"Choose another file, e.g. {in_path.with_name(in_path.stem + '-answers.jsonl')}")
    try:  # before the model loads: a read-only folder should fail in a second, not after the whole file
        tmp.open("w").close()
        tmp.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write {out_path} ({exc.strerror}); choose a writable place") from exc
    return tmp


def cmd_batch(args: argparse.Namespace) -> int:
    from rich.progress import track

    from assistant.pipeline import QuestionError
    from assistant.stores.audit import log_answer

    in_path, out_path = Path(args.inp), Path(args.out)
    items = _read_batch(in_path)
    tmp = _checked_out(out_path, in_path)
    assistant = load_assistant()
    errors = 0
    try:
        with tmp.open("w", encoding="utf-8") as out:
            for item in track(items, description="answering", transient=True, disable=not sys.stderr.isatty()):
                record: dict
                if "error" in item:
                    record = item
                else:
                    turns = item.get("turns")
                    question = turns[-1] if turns else item["question"]
                    history = turns[:-1] if turns else []
                    try:
                        answer = assistant.ask(question, history=history, id=item["id"])
                        log_answer(assistant.settings, answer, "batch")
                        record = answer.model_dump()
                    except QuestionError as exc:
                        record = {"id": item["id"], "error": str(exc)}
                    except Exception as exc:  # noqa: BLE001 — one bad answer must not lose the rest of the file
                        record = {"id": item["id"], "error": f"could not answer ({type(exc).__name__}: {exc})"}
                errors += "error" in record
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        tmp.replace(out_path)
    except BaseException:  # interrupted or failed: no half-written file is left to be mistaken for answers
        tmp.unlink(missing_ok=True)
        raise
    print(f"{len(items) - errors} answered, {errors} errors → {out_path}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``ask`` and ``batch`` to the ``sharecheck`` subparsers ``sub``."""
    from assistant.knowledge.badges import legend

    badges = "\n".join(f"  {words}: {means}" for _, words, means in legend())
    p = sub.add_parser("ask", help="answer one question", formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=f"What the badges on each source mean:\n{badges}")
    p.add_argument("question", help="the question, or - to read it from standard input")
    p.add_argument("--json", action="store_true", help="print the JSON answer (DESIGN §4)")
    p.add_argument("--turn", action="append", metavar="TEXT",
                   help="an earlier turn of the same chat (repeat, oldest first)")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("batch", help="answer a JSONL file of questions in one process")
    p.add_argument("--in", dest="inp", required=True, metavar="FILE.jsonl")
    p.add_argument("--out", required=True, metavar="FILE.jsonl",
                   help="where the answers go (its folder must exist; never the --in file)")
    p.set_defaults(func=cmd_batch)
