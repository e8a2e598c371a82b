"""Grading one answer: must_cite recall, precision with cross-references, mentions (tests/fakes.py index)."""

from __future__ import annotations

import pytest

from assistant.exercises.cases import Case
from evals.grading import CrossReferences, grade
from evals.runner import summarise
from tests.fakes import FakeIndex


@pytest.fixture(scope="module")
def index():
    return FakeIndex()


@pytest.fixture(scope="module")
def xrefs(index):
    return CrossReferences(index)


def answer(verdict, refs, text=""):
    return {"verdict": verdict, "answer": text, "summary": "", "actions": ["Record the request"],
            "citations": [{"n": i, "doc_id": r.split("#")[0], "pinpoint": r.split("#")[1], "label": r}
                          for i, r in enumerate(refs, start=1)]}


def test_cross_references_resolve_to_sections_and_documents(xrefs):
    # The DOI findings cite "§ 10-178(d)"; § 10-178(d) cites "§§ 9-131 …" (a whole section).
    assert "ac-10-178#d" in xrefs.cited_by("doi-nypd-2025#findings")
    assert "ac-9-131" in xrefs.cited_by("ac-10-178#d")
    assert "ac-23-ch12#23-1201" in xrefs.cited_by("eo-41-2003")


def test_grade_counts_recall_precision_and_mentions(index, xrefs):
    case = Case(id="c1", category="x", turns=("q",), verdict="prohibited",
                must_cite=("ac-14-154", "doi-nypd-2025#findings"), must_not_cite=("wells-v-demarco",),
                must_mention=("judicial warrant", "QUARTERLY"))
    cited = ["ac-14-154#b(1)", "ac-10-178#d", "ac-10-178#c", "wells-v-demarco#holding", "ghost#x"]
    g = grade(case, answer("permitted", cited, "Only with a Judicial Warrant."), index, xrefs, 12.5)
    assert g.cite_hits == {"ac-14-154": True, "doi-nypd-2025#findings": False}
    assert g.forbidden_cited == ["wells-v-demarco"]
    assert g.mention_hits == {"judicial warrant": True, "QUARTERLY": False}
    # ghost#x does not resolve; of the 4 that do, ac-14-154#b(1) (expected document) and ac-10-178#d
    # (cited by the expected DOI findings) are relevant; (c) and Wells are not.
    assert (g.resolved, g.relevant) == (4, 2)
    assert g.irrelevant == ["ac-10-178#c", "wells-v-demarco#holding", "ghost#x"]
    assert not g.correct and g.dangerous


def test_precision_does_not_apply_without_expected_documents(index, xrefs):
    case = Case(id="oos", category="x", turns=("q",), verdict="out_of_scope")
    g = grade(case, answer("out_of_scope", []), index, xrefs)
    assert g.relevant is None and g.correct


def test_summarise_by_hand(index, xrefs):
    cases = [Case(id=f"c{i}", category=cat, turns=("q",), verdict=v, must_cite=mc)
             for i, (cat, v, mc) in enumerate([("a", "prohibited", ("ac-14-154",)), ("a", "review", ("ac-10-178",)),
                                               ("b", "out_of_scope", ()), ("b", "permitted", ("ac-10-178",))])]
    graded = [grade(cases[0], answer("prohibited", ["ac-14-154#b(1)", "glossary#judicial-warrant"]), index, xrefs, 10),
              grade(cases[1], answer("permitted", ["ac-10-178#c"]), index, xrefs, 20),
              grade(cases[2], answer("out_of_scope", []), index, xrefs, 30),
              grade(cases[3], None, index, xrefs, 40, error="AnswerCheckError: boom")]
    s = summarise(graded)
    assert s["verdict"]["accuracy"] == 0.5 and s["verdict"]["correct"] == 2
    assert s["verdict"]["confusion"]["labels"] == ["permitted", "prohibited", "review", "out_of_scope", "error"]
    assert s["verdict"]["by_category"]["a"]["accuracy"] == 0.5
    assert s["dangerous"]["count"] == 1 and s["dangerous"]["cases"][0]["id"] == "c1"
    assert s["errors"] == [{"id": "c3", "error": "AnswerCheckError: boom"}]
    assert (s["citations"]["must_cite_met"], s["citations"]["must_cite_total"]) == (2, 3)
    assert (s["citations"]["relevant"], s["citations"]["judged"]) == (2, 3)  # glossary is not expected
    assert s["abstention"] == {"n": 1, "accuracy": 1.0, "over_abstained": []}
    assert s["latency_ms"]["p50"] == 25 and s["latency_ms"]["max"] == 40
