"""``sharecheck batch``: every line gets a string id, bad lines say what to fix, and the files are checked
before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from tests.console import sharecheck

QUESTION = "ICE wants an address for someone we arrested. Can I give it?"
FIRST = "ICE wants us to hold our prisoner past release. Can we?"


def _jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_each_line_gets_a_string_id_or_an_error_saying_what_to_fix(cli_env, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [
        {"id": {"x": 1}, "question": QUESTION},                    # 1: an object is no id
        {"question": QUESTION},                                    # 2: no id → line-2
        {"id": 7, "question": QUESTION},                           # 3: a number becomes "7"
        {"id": "7", "question": QUESTION},                         # 4: the same id again
        {"id": "both", "question": QUESTION, "turns": [QUESTION]},  # 5: question and turns
        {"id": "n", "question": 42},                               # 6: a number is no question
        {"id": True, "question": QUESTION},                        # 7: true is no id
        {"id": "t", "turns": [FIRST, 3]},                          # 8: a turn that is not text
        {"id": "typo", "questoin": QUESTION},                      # 9: no question at all
    ])
    dst = tmp_path / "out.jsonl"
    out = sharecheck(["batch", "--in", str(src), "--out", str(dst)], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stderr == f"2 answered, 7 errors → {dst}\n"  # and no pydantic warning about a dict id
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["line-1", "line-2", "7", "line-4", "both", "n", "line-7", "t", "typo"]
    assert [r.get("verdict") for r in rows] == [None, "prohibited", "prohibited"] + [None] * 6
    errors = {r["id"]: r.get("error") for r in rows}
    assert errors["line-1"] == ('line 1: "id" must be a non-empty string or a number, not an object; '
                                'e.g. "id": "q1" (or leave it out to get "line-1")')
    assert errors["line-4"] == "line 4: id '7' is already used on line 3; give each line its own id"
    assert errors["both"] == ('line 5: give either "question" or "turns", not both '
                              '(with "turns", the question is the last turn)')
    assert errors["n"].startswith('line 6: "question" must be text (a string in quotes), not a number; e.g. ')
    assert errors["line-7"].startswith('line 7: "id" must be a non-empty string or a number, not true/false')
    assert errors["t"] == "line 8: 'turns' must be a non-empty list of strings, oldest first; turn 2 is a number"
    assert errors["typo"] == 'line 9: needs "question": "…" or "turns": ["…", …] (it has questoin)'


def test_a_short_reply_in_turns_is_answered(cli_env, tmp_path):
    replies = ["ok", "yes", "no", "thanks", "🙂"]
    src = _jsonl(tmp_path / "in.jsonl", [{"id": r, "turns": [FIRST, r]} for r in replies])
    dst = tmp_path / "out.jsonl"
    out = sharecheck(["batch", "--in", str(src), "--out", str(dst)], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r.get("error"), r["question"]) for r in rows] == [(r, None, r) for r in replies]
    assert {r["verdict"] for r in rows} == {"prohibited"}


def test_a_line_that_is_not_utf8_is_a_line_error(tmp_path):
    from assistant.cli.ask import _read_batch

    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "question": "ok"}\r\n\xff\xfe{"id": "b"}\n\n{"id": "c", "question": "x"}\n')
    assert _read_batch(src) == [
        {"id": "a", "question": "ok"},
        {"id": "line-2", "error": "line 2 is not UTF-8 text (byte 1); save the file as UTF-8"},
        {"id": "c", "question": "x"},  # the blank line 3 is skipped but still counted
    ]


def _unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before and not list(path.parent.glob("*.partial"))


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_out_may_not_be_the_input_file(tmp_path, capsys, monkeypatch, spelling):
    monkeypatch.chdir(tmp_path)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "q1", "question": QUESTION}])
    before = src.read_bytes()
    out = {"same": src, "dotted": Path("sub/../in.jsonl"), "symlink": tmp_path / "link.jsonl",
           "hardlink": tmp_path / "hard.jsonl"}[spelling]
    (tmp_path / "sub").mkdir()
    if spelling == "symlink":
        out.symlink_to(src)
    if spelling == "hardlink":
        out.hardlink_to(src)
    assert main(["batch", "--in", str(src), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"sharecheck: --out {out} is the --in file; the answers would overwrite the "
                                       f"questions. Choose another file, e.g. {tmp_path / 'in-answers.jsonl'}\n")
    assert _unchanged(src, before)


def test_out_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "q1", "question": QUESTION}])
    out = tmp_path / "no" / "such" / "x.jsonl"
    assert main(["batch", "--in", str(src), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (f"sharecheck: --out {out}: the folder {out.parent} does not exist; create it "
                                       f"first (mkdir -p {out.parent}) or choose another place\n")
    assert not (tmp_path / "no").exists()


def test_out_inside_a_file_is_refused(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "q1", "question": QUESTION}])
    assert main(["batch", "--in", str(src), "--out", str(src / "x.jsonl")]) == 2
    assert capsys.readouterr().err == (f"sharecheck: --out {src / 'x.jsonl'}: {src} is a file, not a folder; "
                                       "choose a file inside a folder\n")


def test_in_a_directory_says_a_jsonl_file_is_needed(tmp_path, capsys):
    assert main(["batch", "--in", str(tmp_path), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert capsys.readouterr().err == (f"sharecheck: --in {tmp_path} is a directory; give a JSONL file with one "
                                       f"question per line, e.g. {tmp_path / 'questions.jsonl'}\n")
    assert not (tmp_path / "o.jsonl").exists()
