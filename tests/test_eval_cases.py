"""The 48 question-bank cases through the real Assistant over the real corpus (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import CASES_DIR

DANGEROUS = {"prohibited", "review"}


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(Path(CASES_DIR).glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return cases


def test_cases_follow_the_schema():
    cases = load_cases()
    assert len(cases) >= 48
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert c["turns"] and all(isinstance(t, str) and t.strip() for t in c["turns"])
        assert c["expect"]["verdict"] in {"permitted", "prohibited", "review", "info", "out_of_scope"}


@pytest.fixture(scope="module")
def results(model_assistant):
    assistant = model_assistant
    return [(c, assistant.ask(c["turns"][-1], history=c["turns"][:-1], id=c["id"])) for c in load_cases()]


def test_verdict_accuracy_and_no_dangerous_errors(results):
    correct = sum(a.verdict == c["expect"]["verdict"] for c, a in results)
    dangerous = [c["id"] for c, a in results if a.verdict == "permitted" and c["expect"]["verdict"] in DANGEROUS]
    wrong = [(c["id"], c["expect"]["verdict"], a.verdict) for c, a in results if a.verdict != c["expect"]["verdict"]]
    assert dangerous == []
    assert correct / len(results) >= 0.95, wrong


def test_must_cite_and_must_mention(results):
    missing = []
    for case, answer in results:
        cited = {c.doc_id for c in answer.citations} | {f"{c.doc_id}#{c.pinpoint}" for c in answer.citations}
        text = " ".join([answer.answer, answer.summary, *answer.actions]).lower()
        missing += [(case["id"], ref) for ref in case["expect"].get("must_cite", []) if ref not in cited]
        missing += [(case["id"], m) for m in case["expect"].get("must_mention", []) if m.lower() not in text]
        missing += [(case["id"], ref) for ref in case["expect"].get("must_not_cite", []) if ref in cited]
    assert missing == []


def test_every_citation_resolves_to_a_corpus_passage(results, model_assistant):
    assistant = model_assistant
    for _, answer in results:
        for c in answer.citations:
            assert assistant.index.lookup(c.doc_id, c.pinpoint), (answer.id, c.doc_id, c.pinpoint)
            assert c.quote.strip() and c.label
