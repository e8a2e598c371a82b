"""The report is built from a summary and written whole or not at all (no model needed)."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from assistant.exercises.cases import Case
from evals import plots, report
from evals.grading import CrossReferences, grade
from evals.runner import assemble
from tests.fakes import FakeIndex

PNGS = ["confusion.png", "accuracy_by_category.png", "latency.png", "retrieval_ablation.png"]


@pytest.fixture(scope="module")
def summary():
    index = FakeIndex()
    xrefs = CrossReferences(index)
    cases = [Case(id="p1", category="custody", turns=("ICE wants the release date. OK?",), verdict="prohibited",
                  must_cite=("ac-14-154",)),
             Case(id="p2", category="custody", turns=("It's an I-205 | pipe",), verdict="review"),
             Case(id="i1", category="info", turns=("What did DOI find?",), verdict="info",
                  gold=("doi-nypd-2025#incident-1",))]
    cite = [{"n": 1, "doc_id": "ac-14-154", "pinpoint": "b(1)", "label": "§ 14-154(b)(1)"}]
    graded = [grade(cases[0], {"verdict": "prohibited", "answer": "No [1].", "citations": cite}, index, xrefs, 30.0),
              grade(cases[1], {"verdict": "permitted", "answer": "Yes [1].", "citations": cite}, index, xrefs, 50.0),
              grade(cases[2], None, index, xrefs, 70.0, error="AnswerCheckError: uncited sentence")]
    modes = {m: {"recall@5": r, "recall@10": r, "mrr": r / 2, "ndcg@10": r / 3}
             for m, r in (("bm25", 0.5), ("dense", 0.75), ("hybrid", 1.0))}
    retrieval = {"n": 1, "k": 5, "modes": modes,
                 "per_case": [{"id": "i1", "gold": ["doi-nypd-2025#incident-1"],
                               "hybrid": {"ranked": ["doi-nypd-2025#incident-1", "ac-10-178#d"], "mrr": 1.0}}]}
    split = {"n": 10, "tp": 5, "fp": 1, "fn": 1, "tn": 3, "precision": 5 / 6, "recall": 5 / 6, "accuracy": 0.8,
             "misjudged": []}
    faithfulness = {"sentences": 3, "cited": 3, "cited_rate": 1.0, "claims": 2, "supported": 1, "support_rate": 0.5,
                    "uncited": [], "unsupported": [{"sentence": "Yes.", "cites": ["ac-14-154#b(1)"], "overlap": 0.0,
                                                    "cosine": 0.1, "cases": ["p2"]}],
                    "method": {"thresholds": {"overlap_min": 1.0, "cosine_min": 1.0, "overlap_with_cosine": 0.6,
                                              "cosine_with_overlap": 0.45},
                               "validation": {"test": split, "calibrate": split}}}
    return assemble(graded, retrieval, faithfulness, "abc123" * 8, "fixture.yaml", min_accuracy=0.9, max_dangerous=0)


def test_thresholds_fail_with_reasons(summary):
    assert not summary["passed"]
    assert summary["failures"] == ["verdict accuracy 0.333 is below --min-accuracy 0.9",
                                   "1 dangerous error(s), more than --max-dangerous 0"]


@pytest.mark.parametrize("backend", ["matplotlib", "pillow"])
def test_report_files_are_complete(summary, tmp_path, monkeypatch, backend):
    if backend == "matplotlib":
        pytest.importorskip("matplotlib")
    monkeypatch.setattr(plots, "BACKEND", backend)
    out = report.write_report(summary, tmp_path / "rep")
    assert sorted(p.name for p in out.iterdir()) == sorted(["report.md", "report.html", "summary.json", *PNGS])
    assert json.loads((out / "summary.json").read_text())["verdict"]["correct"] == 1
    for png in PNGS:
        with Image.open(out / png) as image:
            assert image.format == "PNG" and image.size[0] >= 600
    md = (out / "report.md").read_text()
    assert "| verdict accuracy | 0.333 (1/3) |" in md
    assert "p2: expected review, answered permitted" in md  # the dangerous error is listed
    assert "It's an I-205 \\| pipe" in md  # table cells are escaped
    assert "![confusion matrix](confusion.png)" in md
    assert "✓ doi-nypd-2025#incident-1" in md
    page = (out / "report.html").read_text()
    assert page.count("src='data:image/png;base64,") == 4
    assert not re.search(r"(src|href)=['\"]https?:", page)  # nothing to fetch: opens offline
    assert "<span class='fail'>FAILED</span>" in page and "AnswerCheckError" in page


def test_a_new_report_replaces_the_old_one_whole(summary, tmp_path):
    out = tmp_path / "rep"
    report.write_report(summary, out)
    (out / "latency.png").write_bytes(b"old")
    report.write_report(summary, out)
    assert (out / "latency.png").read_bytes()[:4] == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["rep"]  # no staging or retired directories left


def test_a_failure_half_way_leaves_nothing(summary, tmp_path, monkeypatch):
    def broken(blocks, folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "to_html", broken)
    with pytest.raises(report.ReportError, match="No space left on device.*nothing was written"):
        report.write_report(summary, tmp_path / "rep")
    assert list(tmp_path.iterdir()) == []


def test_unusable_report_directories_are_refused_up_front(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(report.ReportError, match="cannot write the report under"):
        report.check_report_dir(blocker / "rep")
    with pytest.raises(report.ReportError, match="is a file"):
        report.check_report_dir(blocker)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(report.ReportError, match="holds other files \\(notes.txt\\)"):
        report.check_report_dir(tmp_path / "mine")
