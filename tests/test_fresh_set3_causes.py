"""General causes found by the set-3 first run (evals/cases/fresh/set3), checked in other wording.

Each test states the cause, not the case's sentence: the reading and the rules are checked over the
real lexicon and rule table with a fake index (no model, no classifier). The set itself runs through
``sharecheck eval``.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from tests.fakes import verdict_of

# ---- the one dangerous yes (s3-mt-025) ------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "ICE agents on scene want us to move the people back so they can get their van out. OK?",
    "ERO asked the sector car to keep the block clear while they leave with the guy. Can we?",
])
def test_crowd_work_an_immigration_agency_asks_for_is_support_for_its_operation(engine, question):
    assert extract(question).action == "perimeter"
    assert verdict_of(engine, question) == ("prohibited", "operations-support-for-immigration")


def test_a_crowd_at_a_911_job_turned_immigration_arrest_gets_no_help(engine):
    history = ["Radio run: people yelling, a man being pushed into an unmarked car on Dyckman"]
    verdict, rule = verdict_of(engine, "Turns out it's ICE. They want us to hold the crowd back till they drive off",
                             history)
    assert verdict == "prohibited"


def test_still_as_an_adverb_is_not_a_request_for_photographs():
    facts = extract("if a man in ICE custody collapses, I can still call EMS, right?")
    assert facts.action != "share_photos"


# ---- routine criminal work read as routine ------------------------------------------------------

@pytest.mark.parametrize("question, action", [
    ("ATF wants the serial numbers off the two pistols from our gun collar. Send them?", "share_records"),
    ("State police lab asked for our latent lifts from the Queens burglary. OK to send?", "share_records"),
    ("The Brooklyn DA wants my BWC from the assault arrest for trial.", "share_photos"),
])
def test_evidence_named_the_way_officers_name_it_is_a_records_request(question, action):
    assert extract(question).action == action


@pytest.mark.parametrize("question", [
    "Yonkers PD wants to borrow our Emergency Service Unit truck for their homicide case. OK?",
    "The FBI art theft people want to look at the statue we recovered on the burglary collar.",
])
def test_a_partner_on_a_named_crime_asking_for_help_without_a_known_word_is_not_yet_a_yes(engine, question):
    # Set 3 tempted a yes on who asks and why alone; set 4's first run showed the cost (s4-traps-028:
    # "hand the kid over" unread, so a turnover after a declined case got a yes). The act must be read.
    facts = extract(question)
    assert facts.purpose == "criminal" and facts.action is None
    assert verdict_of(engine, question)[0] == "review"


@pytest.mark.parametrize("question", [
    "DA declined on the gun arrest and the FBI wants us to hand the kid over; AUSAs are weighing charges.",
    "Can we turn our guy over to the FBI tonight? The DA dropped it.",
])
def test_handing_a_person_over_is_read_as_a_transfer(engine, question):
    assert extract(question).action == "transfer_custody"
    assert verdict_of(engine, question)[0] == "review"


@pytest.mark.parametrize("text, requester", [
    ("The Attorney General's office wants our radio runs on the shooting.", "prosecutor"),
    ("DA squad detectives asked for our help on their warrant.", "prosecutor"),
    ("An Army CID agent asked about a soldier we arrested.", "federal_other"),
])
def test_more_criminal_justice_agencies_are_recognised(text, requester):
    assert extract(text).requester == requester


@pytest.mark.parametrize("text", [
    "Newark PD homicide detective wants to talk to our witness.",
    "The robbery squad from Yonkers wants our canvass.",
    "US Pretrial Services wants to know if their guy got locked up.",
])
def test_a_squad_named_by_its_crime_or_a_supervising_agency_states_a_criminal_purpose(text):
    assert extract(text).purpose == "criminal"


def test_a_bench_warrant_from_a_new_york_court_is_held_on_with_no_agency_asking(engine):
    question = "Our prisoner also has a bench warrant out of Nassau County Court on a robbery. Do we hold him for them?"
    assert verdict_of(engine, question) == ("permitted", "hold-on-a-criminal-warrant")


def test_a_jttf_request_for_a_terrorism_case_stays_at_review(engine):
    question = "JTTF wants our camera footage from outside the mosque for their terrorism investigation."
    # The audit's check of the JTTF scenario keeps records for a terrorism case at review (ICE sits on the
    # task force); the FBI asking for the same case is partner work.
    assert extract(question).requester == "jttf"
    assert verdict_of(engine, question)[0] == "review"
    assert verdict_of(engine, question.replace("JTTF", "The FBI"))[0] == "permitted"


@pytest.mark.parametrize("text", [
    "Amber alert out of Jersey, they want our plate reads.",
    "Missing persons report on a 15 year old who was lured online; FBI wants it.",
])
def test_a_child_in_danger_is_an_emergency(text):
    assert extract(text).purpose == "public_safety"


# ---- labels that hide a civil purpose --------------------------------------------------------------

def test_criminal_alien_is_a_removal_label_not_a_crime(engine):
    question = "ICE says he's a criminal alien over an old DUI, so can we hand him to them?"
    assert extract(question).purpose == "civil_immigration"
    assert verdict_of(engine, question)[0] == "prohibited"


def test_threats_to_bomb_are_a_terrorism_purpose():
    assert extract("he posted threats to bomb the subway").purpose == "terrorism"
