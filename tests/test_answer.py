"""Answer assembly and its citation checks, over the real corpus with a fake index (no model)."""

from __future__ import annotations

import pytest

from assistant.domain import Answer, CitationRef, Decision, Facts, Reason
from assistant.engine.answer import (
    AnswerCheckError,
    check_answer,
    compose,
    compose_info,
    compose_out_of_scope,
    split_sentences,
    uncited_sentences,
)
from assistant.engine.rules import load_rules
from assistant.settings import REPO_ROOT
from tests.fakes import FakeIndex

TABLE = load_rules(REPO_ROOT / "corpus" / "rules.yaml")


@pytest.fixture(scope="module")
def index():
    return FakeIndex()


def decide(**slots):
    return TABLE.decide(Facts(**slots))


def test_release_date_answer_cites_every_sentence(index):
    decision = decide(requester="ice", action="share_release_date", subject="arrestee")
    answer = compose("ICE wants the release date", decision, [], index, TABLE.actions)
    check_answer(answer)
    assert answer.verdict == "prohibited"
    assert answer.answer.startswith("**Not permitted.**")
    labels = [c.label for c in answer.citations]
    assert labels[0] == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert "N.Y.C. Admin. Code § 10-178(d)" in labels  # the record-the-request action is grounded
    assert any("Record the request" in a for a in answer.actions)
    assert uncited_sentences(answer) == []


def test_citation_numbers_follow_first_use_and_quote_the_passage(index):
    decision = decide(action="hold", document="admin_warrant")
    answer = compose("q", decision, [], index, TABLE.actions)
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    first = answer.citations[0]
    assert (first.doc_id, first.pinpoint) == ("ac-14-154", "b(1)")
    assert "judicial warrant" in first.quote
    assert first.provenance == "verified"
    assert all(r.citations for r in answer.reasons)


def test_a_verdict_resting_on_a_secondary_source_says_confirm_with_legal_bureau_naming_it(index):
    decision = Decision(verdict="prohibited", rule_id="t", summary="Do not.", actions=(), followups=(),
                        reasons=(Reason("The DOI found it broke city law.",
                                        (CitationRef("doi-nypd-2025", "incident-1"),)),
                                 Reason("The law bars it.", (CitationRef("ac-10-178", "c"),))))
    answer = compose("q", decision, [], index, TABLE.actions)
    assert [(c.doc_id, c.role) for c in answer.citations][:2] == [("doi-nypd-2025", "deciding"),
                                                                   ("ac-10-178", "supporting")]
    assert "sources not checked against the official text: " in answer.answer
    assert f"{answer.citations[0].label} [1] (secondary); confirm with Legal Bureau" in answer.answer


def test_a_secondary_source_that_only_supports_a_verified_verdict_raises_no_warning(index):
    decision = decide(action="database_alert", purpose="civil_immigration")  # § 10-178(c), then the DOI report
    answer = compose("q", decision, [], index, TABLE.actions)
    roles = {(c.doc_id, c.pinpoint): (c.provenance, c.role) for c in answer.citations}
    assert roles[("ac-10-178", "c")] == ("verified", "deciding")
    assert roles[("doi-nypd-2025", "incident-1")] == ("secondary", "supporting")
    assert "Legal Bureau before relying" not in answer.answer


def test_document_not_in_force_is_flagged(index):
    decision = Decision(verdict="review", rule_id="t", summary="Check the order.", actions=(), followups=(),
                        reasons=(Reason("EO 50 allowed federal offices on Rikers.",
                                        (CitationRef("eo-50-2025", "order"),)),))
    answer = compose("q", decision, [], index, TABLE.actions)
    assert "revoked, not binding law" in answer.answer


def test_challenged_law_is_in_force_and_says_so(index):
    decision = Decision(verdict="prohibited", rule_id="t", summary="Do not share.", actions=(), followups=(),
                        reasons=(Reason("The law bars it.", (CitationRef("ac-14-154", "b"),)),))
    answer = compose("q", decision, [], index, TABLE.actions)
    assert "not binding law" not in answer.answer
    assert "challenged them in federal court" not in answer.answer
    assert "the United States has challenged it in federal court" in answer.answer
    assert [c.doc_id for c in answer.citations] == ["ac-14-154", "federal-baseline"]
    assert answer.citations[1].pinpoint == "us-v-city-of-new-york"


def test_related_passage_is_added_once_as_see_also(index):
    decision = decide(action="database_alert", purpose="civil_immigration")
    related = [index.chunk("doi-nypd-2025#incident-1").passage(), index.chunk("glossary#hsi-vs-ero").passage()]
    answer = compose("q", decision, related, index, TABLE.actions)
    # incident-1 is already cited by the rule, so the first new passage is the glossary entry
    assert "See also: ShareCheck glossary" in answer.answer
    assert answer.answer.count("See also") == 1


def test_unresolvable_citation_is_an_error(index):
    decision = Decision(verdict="prohibited", rule_id="t", summary="No.", actions=(), followups=(),
                        reasons=(Reason("Made up.", (CitationRef("ac-14-154", "z(9)"),)),))
    with pytest.raises(AnswerCheckError, match="z\\(9\\)"):
        compose("q", decision, [], index, TABLE.actions)


def test_check_answer_rejects_uncited_sentence_and_dangling_marker():
    answer = Answer(question="q", verdict="prohibited", summary="No.",
                    answer="**Not permitted.** Cited one [1]. This one is not. Dangling [7].", citations=[])
    with pytest.raises(AnswerCheckError) as err:
        check_answer(answer)
    assert "This one is not." in str(err.value)
    assert "marker [7] has no citation" in str(err.value)


def test_out_of_scope_makes_no_claim_and_needs_no_citation():
    answer = compose_out_of_scope("poem?", ("Can I tell ICE?",))
    check_answer(answer)
    assert answer.verdict == "out_of_scope" and answer.citations == []
    assert "Legal Bureau" in answer.answer


def test_info_answer_is_extractive(index):
    passages = [index.chunk("glossary#judicial-warrant").passage(), index.chunk("ac-14-154#a(4)").passage()]
    answer = compose_info("What is a judicial warrant?", passages, index)
    check_answer(answer)
    assert answer.verdict == "info"
    assert [c.doc_id for c in answer.citations] == ["glossary", "ac-14-154"]
    first_sentence = split_sentences(passages[0].text.replace("\n", " "))[0]
    assert first_sentence[:40] in answer.answer.replace("\n", " ")


@pytest.mark.parametrize("text,expected", [
    ("People ex rel. Wells v. DeMarco held this [1]. Next [2].",
     ["People ex rel. Wells v. DeMarco held this [1].", "Next [2]."]),
    ("Under 8 U.S.C. § 1373 it is so [1]. EO No. 41 says [2].", ["Under 8 U.S.C. § 1373 it is so [1].",
                                                              "EO No. 41 says [2]."]),
    ("**Not permitted.** No [1].", ["**Not permitted.**", "No [1]."]),
])
def test_split_sentences_respects_legal_abbreviations(text, expected):
    assert split_sentences(text) == expected
