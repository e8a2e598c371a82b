"""Causes behind the December 2026 audit's findings (corpus/AUDIT.md), checked in other wording.

The audit's own situations run through ``sharecheck eval`` (evals/cases/audit-2026-12.yaml); these
tests pin the reading and rule behind each fix over the real lexicon and rules with a fake index.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract


@pytest.mark.parametrize("question", [
    "Can I get personally sued or charged if I refuse to assist ICE?",
    "Would it be obstruction if we decline to help the ICE agents?",
])
def test_an_officers_own_exposure_is_a_question_about_the_law(question):
    assert extract(question).intent == "info"


def test_an_exposure_question_with_a_live_request_is_still_a_request():
    facts = extract("ICE is asking us to hold him now; can I get in trouble if I refuse?")
    assert facts.intent == "permission"


@pytest.mark.parametrize("question, requester", [
    ("DHS wants a hand with crowd safety at the TSA checkpoint at JFK", "dhs_nonimmigration"),
    ("DHS wants help, ICE is running the operation", "ice"),
])
def test_dhs_naming_a_component_asks_as_that_component(question, requester):
    assert extract(question).requester == requester


def test_another_agencys_287g_agreement_is_not_nypd_joining_one(engine):
    facts = extract("Suffolk County, which has a 287(g) agreement, asks whether we arrested their guy")
    assert facts.action != "agreement_287g"
    assert engine.ask("Can NYPD sign a 287(g) agreement with ICE?").verdict in ("prohibited", "info")


def test_a_prosecutors_own_witness_subpoena_is_not_process_served_on_nypd():
    facts = extract("The ADA needs the witness's phone number to serve her a trial subpoena")
    assert facts.document != "subpoena"
    assert extract("We were served a subpoena for the DD5s").document == "subpoena"


def test_a_witness_to_a_named_crime_states_a_criminal_purpose():
    assert extract("HSI wants to talk to our prisoner because he witnessed a shooting").purpose == "criminal"


def test_saying_who_they_are_is_not_a_request_for_names(engine):
    question = "Agents without badges won't say who they are. Can we check with ICE whether they're agents?"
    facts = extract(question)
    assert facts.action == "deconflict"
    assert engine.ask(question).verdict == "permitted"


def test_ice_dropping_off_our_wanted_man_is_taking_custody(engine):
    question = "ICE wants to drop him off with us since he has our bench warrant. OK?"
    assert extract(question).action == "take_custody"
