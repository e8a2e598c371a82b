"""Causes behind the set-9 first run (evals/cases/fresh/set9), each checked in other wording over the
real lexicon and rule table with a fake index (no model): its two dangerous yeses, and routine work
read as something it was not."""

from __future__ import annotations

import pytest

from assistant.engine.reading import classify_intent, default_reader, extract
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
    question = "HSI wants the photos the victim got from the blackmailer, can I send them?"
    assert extract(question).action == "share_photos"
    assert verdict_of(engine, question)[0] != "permitted"


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
    assert classify_intent(question.lower(), default_reader().lexicon) == "info"


@pytest.mark.parametrize("question", [
    "HSI guy from the gang group wants me to give him a heads up when Rikers lets our perp out",
    "an HSI agent asked if I could text him when the jail releases my collar",
])
def test_a_release_heads_up_to_hsi_with_no_criminal_case_is_prohibited(engine, question):
    assert extract(question).action == "share_release_date"
    assert verdict_of(engine, question)[0] == "prohibited"


def test_hsi_asking_release_time_for_a_named_criminal_case_stays_a_review(engine):
    assert verdict_of(engine, "HSI wants to know when our prisoner gets out, it's for their heroin case")[0] == "review"


def test_dhs_unnamed_asking_release_time_stays_a_question_of_which_part(engine):
    assert verdict_of(engine, "someone from DHS, wouldn't say which part, wants to know when he's getting out")[0] \
        == "review"


@pytest.mark.parametrize(("question", "slot", "value"), [
    ("bomb squad and the FBI want two sectors on a suspicious bag at the Oculus, do we go?", "purpose",
     "public_safety"),
    ("ATF thinks the store fire was arson and wants our scene photos", "purpose", "criminal"),
    ("someone stole my identity and the postal inspectors want my statement. ok?", "action", "assist_criminal"),
    ("the Marshals say an escapee from a halfway house is in our sector, keep an eye out for him?", "action",
     "assist_criminal"),
    ("the ERO officer said he's charged by the feds", "requester", "ice_ero"),
])
def test_routine_emergencies_crimes_and_statements_in_new_words_are_read(question, slot, value):
    assert getattr(extract(question), slot) == value


def test_a_non_immigration_agency_that_charged_someone_is_not_the_asker():
    assert extract("he was charged by the feds last year. can I take his statement?").requester is None


@pytest.mark.parametrize("question", [
    "bomb squad and the FBI want two sectors on a suspicious bag at the Oculus, do we go?",
    "someone stole my identity and the postal inspectors want my statement. ok?",
    "the Marshals say an escapee from a halfway house is in our sector, keep an eye out for him?",
    "my burglary collar is from Peru, do I do prints, photos and the arrest paperwork same as anyone?",
])
def test_routine_work_in_new_words_is_permitted(engine, question):
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_judge_at_26_federal_plaza_signs_a_removal_order_not_a_warrant():
    assert extract("the paper was signed by a judge at 26 Federal Plaza, is that a judicial warrant?").document == \
        "ij_order"


def test_a_warrant_they_do_not_have_yet_is_not_the_paper(engine):
    question = "ICE says hold him two more days until they get a judge's warrant, allowed?"
    assert extract(question).document != "judicial_warrant"
    assert verdict_of(engine, question)[0] == "prohibited"


def test_puerto_rico_is_another_jurisdiction_not_a_rico_case(engine):
    assert extract("what are the Puerto Rico police rules on ICE at the airport?").purpose != "criminal"
    assert verdict_of(engine, "what are the Puerto Rico police rules on ICE at the airport?")[0] == "out_of_scope"
