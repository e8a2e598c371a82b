"""The ``sharecheck`` console script end to end (subprocesses over the session's real index)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

SHARECHECK = str(Path(sys.executable).with_name("sharecheck"))
CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


def run(args, env, timeout=300, **kw):
    return subprocess.run([SHARECHECK, *args], env=env, capture_output=True, text=True, timeout=timeout, **kw)


def test_ask_json_prints_the_design_answer(cli_env):
    out = run(["ask", "--json", CANONICAL], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    answer = json.loads(out.stdout)
    assert set(answer) == {"id", "question", "verdict", "summary", "answer", "reasons", "actions", "followups",
                           "citations", "facts", "corpus_version", "latency_ms", "trace", "requests"}
    assert answer["verdict"] == "prohibited"
    assert answer["citations"][0]["label"] == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert set(answer["citations"][0]) == {"n", "doc_id", "pinpoint", "label", "quote", "provenance", "source_url"}
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
    out = run(["batch", "--in", str(src), "--out", str(dst)], cli_env)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["q1", "q2", "line-3", "q4", "q5"]
    assert [r.get("verdict") for r in rows] == ["prohibited", "prohibited", None, None, "out_of_scope"]
    assert "not JSON" in rows[2]["error"] and "empty" in rows[3]["error"]
    assert "3 answered, 2 errors" in out.stderr
    assert not list(dst.parent.glob("*.partial"))


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
    out = run(["ingest", str(official_dir / "ac-14-154.rst"), str(official_dir / "ac-10-178.rst")], env)
    assert out.returncode == 0, out.stderr[-2000:]
    from assistant.knowledge.ingest import ingest_file

    for name in ("ac-14-154.rst", "ac-10-178.rst"):
        expected = len(ingest_file(official_dir / name))  # 22 and 5 on the c. 2019 text
        assert f"{official_dir / name}: {expected} sections (" in out.stdout, out.stdout
    chunks = json.loads((data / "index" / "chunks.json").read_text(encoding="utf-8"))
    official = {(c["doc_id"], c["pinpoint"]) for c in chunks if c["origin"] == "official"}
    assert {("ac-14-154", "b(1)"), ("ac-14-154", "b(2)"), ("ac-10-178", "e")} <= official


def test_ingest_unreadable_file_is_a_clear_error(cli_env, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"\x00\xff garbage, not a pdf")
    out = run(["ingest", str(bad)], dict(cli_env, SHARECHECK_DATA_DIR=str(tmp_path / "d")))
    assert out.returncode == 2 and "scan.pdf" in out.stderr and "Nothing was ingested" in out.stderr
    assert not (tmp_path / "d" / "official").exists()
