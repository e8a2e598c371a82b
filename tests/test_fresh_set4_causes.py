"""General causes found by the set-4 first run (evals/cases/fresh/set4), checked in other wording.

Over the real lexicon and rule table with a fake index (no model, no classifier); the set itself
runs through ``sharecheck eval``.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract


def test_another_states_felony_warrant_from_an_ncic_hit_is_criminal_process(engine):
    question = "Traffic stop, NCIC shows a felony warrant out of New Jersey, they'll extradite. Can I hold him?"
    facts = extract(question)
    assert facts.document == "state_warrant" and facts.purpose == "criminal"
    assert engine.ask(question).verdict == "permitted"


def test_an_ncic_immigration_entry_is_still_an_immigration_hit():
    assert extract("NCIC came back with an ICE immigration violator entry. Can I hold him?").document == "ncic_hit"


@pytest.mark.parametrize("text", [
    "HSI wants her full history; one arrest was a trespass case that got dismissed. Send it all?",
    "the dismissed disorderly conduct summons is on the rap sheet too",
])
def test_a_dismissed_case_is_a_sealed_record(text):
    assert extract(text).action == "share_sealed"


@pytest.mark.parametrize("text", [
    "The Marshals want a sector car for the hit at 0600 on their federal warrant.",
    "DEA wants 3 of our narcs for a buy and bust tomorrow.",
])
def test_officers_asked_for_a_named_job_is_joint_work(text):
    assert extract(text).action == "joint_arrest"


def test_an_agency_handing_us_a_person_is_taking_custody():
    assert extract("ERO wants to hand us a guy who has our robbery warrant").action == "take_custody"


def test_a_fight_at_a_courthouse_is_a_call_to_answer_even_with_ice_nearby(engine):
    question = "Brawl in the lobby at Queens criminal court, court officers called us in. ICE is there too. Do we go?"
    assert extract(question).action == "respond_911"
    assert engine.ask(question).verdict == "permitted"
