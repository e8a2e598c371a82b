"""Causes behind the set-9 first run (evals/cases/fresh/set9), each checked in other wording over the
real lexicon and rule table with a fake index (no model): its two dangerous yeses, and routine work
read as something it was not."""

from __future__ import annotations

import pytest

from assistant.engine.reading import classify_intent, extract
from tests.fakes import verdict_of


@pytest.mark.parametrize("question", [
    "the Park Police sergeant wants us to help ICE walk the detainees onto their bus, the crowd is getting big",
    "FPS asked if our guys can assist ERO with moving the people they picked up into the vans",
])
def test_help_given_to_ice_at_another_agencys_request_is_icess_request(engine, question):
    facts = extract(question)
    assert facts.requester in ("ice", "ice_ero")
    assert verdict_of(engine, question)[0] == "prohibited"


@pytest.mark.parametrize("question", [
    "our prisoner got taken to Jacobi by EMS with a seizure. ERO is calling asking what floor and which room he's on",
    "collar went to Bellevue for stitches, an ICE officer wants to know which hospital he ended up at",
])
def test_where_a_prisoner_is_being_treated_is_custody_information(engine, question):
    assert extract(question).action == "share_custody_status"
    assert verdict_of(engine, question)[0] == "prohibited"


def test_medical_aid_for_a_prisoner_alone_is_still_permitted(engine):
    assert verdict_of(engine, "our prisoner is having chest pains in the cells, do we call a bus?")[0] == "permitted"


@pytest.mark.parametrize("question", [
    "a Border Patrol agent's truck got broken into in Maspeth and she wants to file a complaint with us. ok?",
    "an ICE officer came in to make a report, somebody is harassing his son online. we take it?",
])
def test_a_federal_officer_filing_a_complaint_is_a_crime_report(engine, question):
    assert extract(question).action == "take_report"
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_crime_committed_with_pictures_is_not_a_request_for_them():
    facts = extract("some guy is blackmailing my sister with photos and she wants to make a report. can she?")
    assert facts.action == "take_report"


def test_pictures_asked_for_are_still_a_request_for_them(engine):
    assert extract("HSI wants the photos the victim got from the blackmailer, can I send them?").action == "share_photos"
    assert verdict_of(engine, "HSI wants the photos the victim got from the blackmailer, can I send them?")[0] != \
        "permitted"


@pytest.mark.parametrize("question", [
    "a Secret Service agent got jumped on 2nd Ave and the guy is right here, we're collaring him right?",
    "DEA agent's wife got assaulted at the bodega, the perp is still on scene. can we lock him up?",
])
def test_the_members_own_arrest_for_a_crime_against_an_agent_is_routine(engine, question):
    assert extract(question).action == "process_arrest"
    assert verdict_of(engine, question)[0] == "permitted"


def test_immigration_asking_to_talk_to_a_prisoner_is_an_interview_not_a_status_question(engine):
    question = "ICE wants to speak with one of our prisoners about a shooting he saw"
    assert extract(question).action == "facilitate_interview"
    assert verdict_of(engine, question)[0] == "review"


@pytest.mark.parametrize("question", [
    "whatever happened to the DOJ lawsuit over the Protect Our Courts Act?",
    "is the executive order about ICE on Rikers still in effect?",
])
def test_what_became_of_an_order_or_a_suit_is_a_question_about_the_law(question):
    assert classify_intent(question.lower(), __import__("assistant.engine.reading", fromlist=["x"])
                           .default_reader().lexicon) == "info"
