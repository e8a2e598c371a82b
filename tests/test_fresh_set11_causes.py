"""The three dangerous yeses of the set-11 first run (evals/cases/fresh/set11), checked in other
wording over the real lexicon and rule table with a fake index (no model): an ask whose own words
were not held, beside one that was."""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from tests.fakes import verdict_of


def test_the_members_second_question_is_a_request_of_its_own(engine):
    answer = engine.ask("On my assault case: should I ask the witness if he's documented, and can I send the ADA "
                        "his phone number for trial prep?")
    assert len(answer.trace["requests"]) == 2
    assert answer.trace["requests"][0]["rule"] == "victim-witness-inquiry"
    assert answer.verdict == "prohibited"


@pytest.mark.parametrize("question", [
    "can I ask the complainant whether she is documented before I take the report?",
    "is it ok to ask the victim if he's documented?",
])
def test_asking_whether_someone_is_documented_is_a_status_inquiry(engine, question):
    assert extract(question).action == "inquire_status"
    assert verdict_of(engine, question)[0] == "prohibited"


@pytest.mark.parametrize("question", [
    "DEA on a heroin case needs the target's immigration status, we have it from an old booking. can I give it?",
    "the Marshals want his citizenship status for their file, it's in our system. ok to tell them?",
])
def test_a_status_asked_for_by_name_is_sharing_status_never_a_yes(engine, question):
    assert extract(question).action == "share_status"
    assert verdict_of(engine, question)[0] != "permitted"


@pytest.mark.parametrize("question", [
    "ICE wants a list of all the arrests this week of people from Guatemala, dates and precincts only. It's stats?",
    "HSI asked for a printout of every booking of Ecuadorian nationals last month, no names, for their numbers",
])
def test_a_row_for_each_person_is_a_list_of_people_not_statistics(engine, question):
    assert extract(question).action == "named_list"
    assert verdict_of(engine, question)[0] != "permitted"


def test_counts_alone_are_still_statistics(engine):
    assert verdict_of(engine, "ICE wants the total number of detainers we got last year, just the count")[0] == \
        "permitted"


@pytest.mark.parametrize(("question", "slot", "value"), [
    ("a Newark homicide detective wants our booking photo of a guy we collared", "requester", "state_local"),
    ("the Bureau of Prisons says an inmate walked away from a federal halfway house", "requester", "federal_other"),
    ("I got picked to be a TFO on the DEA heroin task force, ok?", "action", "task_force_join"),
    ("ATF wants our plate-reader hits on the gun runner's van", "action", "plate_lookup"),
    ("Yonkers wants to come question him before arraignment", "action", "facilitate_interview"),
    ("making the arrest for the order of protection violation, any issue?", "action", "process_arrest"),
    ("can we confirm they're real agents through Operations before we leave?", "action", "deconflict"),
    ("ICE says they'll drop him at the squad, he's got our robbery warrant", "action", "take_custody"),
    ("postal inspectors want the arrest info on the mailbox thieves", "action", "share_records"),
    ("narcotics is doing the entry at 0600 on our state search warrant", "action", "joint_arrest"),
    ("a man is waving a knife at the guards in the federal building lobby", "purpose", "public_safety"),
    ("the homicide suspect from our case, the FBI wants the video", "purpose", "criminal"),
])
def test_routine_work_named_in_set_11_words_is_read(question, slot, value):
    assert getattr(extract(question), slot) == value


@pytest.mark.parametrize("question", [
    "a Newark homicide detective wants our booking photo of a guy we collared for robbery. ok?",
    "I got picked to be a TFO on the DEA heroin task force, dept approved. any sanctuary issue?",
    "narcotics is doing the entry at 0600 on our Queens Supreme Court search warrant, any sanctuary problem?",
    "an ICE deportation officer walked into the precinct, his own car got broken into. do I take the complaint?",
    "HSI has a magistrate's warrant on a federal sealed complaint for a gun trafficker and wants one car as backup",
])
def test_routine_work_in_set_11_words_gets_a_yes(engine, question):
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_bomb_threat_already_made_is_a_crime_not_an_emergency():
    assert extract("the guy we locked up for calling in bomb threats, JTTF wants the photos").purpose != "public_safety"


def test_a_sealed_record_asked_for_is_still_a_sealed_record(engine):
    assert extract("the FBI wants his sealed arrest record from 2019").action == "share_sealed"
