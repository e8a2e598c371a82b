"""General causes found by the set-6 first run (evals/cases/fresh/set6), checked in other wording.

Over the real lexicon and rule table with a fake index (no model, no classifier); the set itself
runs through ``sharecheck eval``. Each cause has a case that must stay as it was.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from tests.fakes import verdict_of


@pytest.mark.parametrize("question", [
    "CBP called about one of our collars and I said nothing. should I log the call?",
    "ERO asked me about a prisoner on the phone, I declined. do I have to document it?",
])
def test_writing_down_a_request_we_got_is_permitted(engine, question):
    assert extract(question).action == "record_request"
    assert verdict_of(engine, question) == ("permitted", "record-a-federal-request")


def test_recording_for_ice_is_not_recording_a_request():
    assert extract("ICE wants us to document his release date and send it to them").action != "record_request"


def test_a_log_with_nothing_federal_in_it_is_outside_scope(engine):
    assert verdict_of(engine, "do I write my lunch break in my activity log?")[0] == "out_of_scope"


@pytest.mark.parametrize("question", [
    "Suffolk County PD detective here: can we honor ICE detainers in our county jail?",
    "Boston police question - can we give ICE a prisoner's release date?",
    "what's Newark PD's policy on ICE requests?",
    "Nassau County sheriff's jail, can they hold for ICE?",
])
def test_another_departments_own_question_is_another_jurisdiction(engine, question):
    assert verdict_of(engine, question)[0] == "out_of_scope"


def test_a_request_from_another_department_to_us_is_still_answered(engine):
    assert verdict_of(engine, "Suffolk County PD detective asked us for our DD5 on a burglary. can I send it?")[0] \
        == "permitted"


@pytest.mark.parametrize(("question", "why"), [
    ("Coast Guard investigators want the 61 on the guy we arrested for assault at the pier", "we arrested for assault"),
    ("transit pd wants our reports on the chain snatches at Jay St", "chain snatches"),
    ("DEA is up on a wire and wants our guys on a car stop", "up on a wire"),
])
def test_a_crime_told_by_what_happened_is_a_criminal_purpose(question, why):
    facts = extract(question)
    assert facts.purpose == "criminal" and why in facts.evidence["purpose"]


def test_a_partners_records_request_with_a_status_question_is_not_a_plain_yes(engine):
    question = "postal inspectors want our package theft reports and also the immigration status of the suspect"
    assert extract(question).action == "share_status"
    assert verdict_of(engine, question)[0] != "permitted"


def test_asking_whether_someone_has_a_green_card_is_a_status_request():
    assert extract("the FBI asked whether our perp has a green card").action == "share_status"
