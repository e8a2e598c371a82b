"""`sharecheck eval` end to end: the real Assistant over the session index, the report, the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.exercises.cases import load_cases
from assistant.settings import REPO_ROOT

FIXTURE = """
- id: fx-info-alerts
  category: doi
  turns: ["What did DOI find about the task-force alerts?"]
  expect: {verdict: info, must_cite: [doi-nypd-2025], gold: ["doi-nypd-2025#incident-1"]}
- id: fx-info-judicial-warrant
  category: definitions
  turns: ["What is a judicial warrant under § 14-154?"]
  expect: {verdict: info, gold: ["ac-14-154#a(4)", "glossary#judicial-warrant"]}
- id: fx-info-recording
  category: recording
  turns: ["What does § 10-178(d) require?"]
  expect: {verdict: info, gold: ["ac-10-178#d"]}
- id: fx-release-date
  category: custody
  turns: ["ICE called asking when our prisoner gets released. Can I tell them?"]
  expect: {verdict: prohibited, must_cite: [ac-14-154], must_mention: [judicial warrant]}
- id: fx-overtime
  category: out-of-scope
  turns: ["How is overtime calculated on a holiday?"]
  expect: {verdict: out_of_scope}
"""
WRONG = """
- id: fx-wrong-expectation
  category: custody
  turns: ["ICE called asking when our prisoner gets released. Can I tell them?"]
  expect: {verdict: info}
"""


MAIN = "import sys; from assistant.cli.main import main; sys.exit(main(sys.argv[1:]))"


def eval_cli(args, env=None, timeout=600):
    # What the `sharecheck` console script runs (assistant.cli.main:main), started from the project root so
    # it also works before `pip install -e .` has mapped the new evals package into an older venv.
    return subprocess.run([sys.executable, "-c", MAIN, "eval", "--no-progress", *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def fixture_cases(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


@pytest.mark.model
def test_evaluate_on_fixture_cases(model_assistant, fixture_cases):
    assistant = model_assistant
    from evals.runner import evaluate

    summary = evaluate(assistant, load_cases(fixture_cases), fixture_cases, show_progress=False,
                       min_accuracy=0.9, max_dangerous=0)
    assert summary["passed"], summary["failures"]
    assert summary["verdict"]["accuracy"] == 1.0 and summary["dangerous"]["count"] == 0
    assert summary["abstention"] == {"n": 1, "accuracy": 1.0, "over_abstained": []}
    assert summary["must_mention"]["hit_rate"] == 1.0 and summary["citations"]["recall"] == 1.0
    retrieval = summary["retrieval"]
    assert retrieval["n"] == 3 and set(retrieval["modes"]) == {"bm25", "dense", "hybrid"}
    alerts = next(r for r in retrieval["per_case"] if r["id"] == "fx-info-alerts")
    assert alerts["hybrid"]["recall@5"] == 1.0 and alerts["hybrid"]["ranked"][0] == "doi-nypd-2025#incident-1"
    for scores in retrieval["modes"].values():
        assert all(0 <= v <= 1 for v in scores.values())
    faith = summary["faithfulness"]
    assert faith["cited_rate"] == 1.0 and faith["claims"] > 0 and 0 < faith["support_rate"] <= 1
    assert faith["method"]["validation"]["test"]["n"] >= 30
    assert summary["latency_ms"]["p95"] >= summary["latency_ms"]["p50"] > 0


@pytest.mark.model
def test_cli_writes_the_report_and_exits_by_threshold(model_cli_env, fixture_cases, tmp_path):
    cli_env = model_cli_env
    out = eval_cli(["--cases", str(fixture_cases), "--report", str(tmp_path / "rep"), "--min-accuracy", "0.9",
                    "--max-dangerous", "0"], cli_env)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "verdict accuracy" in out.stdout and "1.000 (5/5)" in out.stdout and "retrieval ablation" in out.stdout
    summary = json.loads((tmp_path / "rep" / "summary.json").read_text())
    assert summary["passed"] and summary["n_cases"] == 5
    assert {"report.md", "report.html", "confusion.png"} <= {p.name for p in (tmp_path / "rep").iterdir()}

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(WRONG, encoding="utf-8")
    out = eval_cli(["--cases", str(wrong), "--min-accuracy", "0.9"], cli_env)
    assert out.returncode == 1
    assert "FAILED: verdict accuracy 0.000 is below --min-accuracy 0.9" in out.stderr


@pytest.mark.parametrize("setup,args,message", [
    (None, ["--cases", "{tmp}/missing"], "missing: no such file or directory"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: sure}\n", ["--cases", "{tmp}/c.yaml"],
     "c.yaml: case 1 \\(id a\\): expect.verdict is 'sure'"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: info}\n",
     ["--cases", "{tmp}/c.yaml", "--report", "{tmp}/c.yaml/rep"], "cannot write the report under"),
    ("- id: a\n  turns: [q]\n  expect: {verdict: info}\n", ["--cases", "{tmp}/c.yaml", "--min-accuracy", "90"],
     "must be between 0 and 1"),
])
def test_bad_input_exits_2_before_loading_the_model(tmp_path, setup, args, message):
    import re

    if setup:
        (tmp_path / "c.yaml").write_text(setup, encoding="utf-8")
    out = eval_cli([a.format(tmp=tmp_path) for a in args], timeout=120)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("sharecheck: ") and re.search(message, out.stderr), out.stderr
    assert not (tmp_path / "rep").exists()
