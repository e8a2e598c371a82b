"""General causes found by the set-5 first run (evals/cases/fresh/set5), checked in other wording.

Over the real lexicon and rule table with a fake index (no model, no classifier); the set itself
runs through ``sharecheck eval``. Each cause has a case that must stay as it was, so a fix that
reads too much is caught too.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from tests.fakes import verdict_of


@pytest.mark.parametrize("question", [
    "two guys are beating an HSI agent on Jamaica Ave, he's on the ground getting kicked. can we step in?",
    "a mob attacked the ICE officers outside the deli, one is down. should we jump in?",
])
def test_someone_hurt_in_front_of_us_is_an_emergency_whoever_they_are(engine, question):
    assert verdict_of(engine, question)[0] == "permitted"


def test_going_in_with_ice_on_its_arrest_is_still_help_with_the_arrest(engine):
    question = "ICE wants us to go in the building with them to grab a guy. can we go in with them?"
    assert verdict_of(engine, question)[0] != "permitted"


@pytest.mark.parametrize("question", [
    "an old man in ICE custody passed out in their car, an agent flagged down our RMP. can we give CPR?",
    "a lady flagged us down, her son collapsed and ICE is standing right there. we help him right?",
])
def test_flagged_down_is_a_call_for_help_not_a_database_flag(engine, question):
    assert extract(question).action == "medical_aid"
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_flag_in_the_system_is_still_an_alert():
    assert extract("HSI asked us to flag her in the system so they hear when she pops up").action == "database_alert"


@pytest.mark.parametrize("question", [
    "I got offered a spot as a deputy US marshal on the fugitive task force, sworn in next month. any problem?",
    "the FBI safe streets squad wants me as a TFO. is that allowed for NYPD?",
    "would being deputized under title 21 for a DEA group be ok?",
])
def test_a_members_seat_on_a_criminal_federal_task_force(engine, question):
    assert extract(question).action == "task_force_join"
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_seat_under_immigration_authority_is_still_refused(engine):
    assert verdict_of(engine, "HSI wants me cross-designated with title 8 authority on their task force")[0] \
        == "prohibited"


def test_calling_something_basically_287g_is_a_comparison_not_an_agreement():
    assert extract("my partner says the marshals deputation is basically 287g, is he right?").action != \
        "agreement_287g"
    assert extract("ICE offered the city a 287(g) agreement. can we sign?").action == "agreement_287g"


@pytest.mark.parametrize(("text", "is_status"), [
    ("my partner says it's illegal for nypd to do that", False),
    ("is it illegal to send the fbi our report?", False),
    ("the fbi wants our report, the victim is illegal", True),
])
def test_illegal_means_against_the_law_unless_it_describes_a_person(text, is_status):
    from assistant.engine.signals import load_signal_patterns
    from assistant.engine.text import TextView
    from assistant.settings import REPO_ROOT

    signals = load_signal_patterns(REPO_ROOT / "corpus").find(TextView(text), 0)
    assert any(s.kind == "status" for s in signals) is is_status


def test_another_departments_warrant_for_a_named_crime_is_held_like_any_warrant(engine):
    question = "prisoner for a DAT-able charge and Suffolk PD has a robbery warrant on him. can we hold him for them?"
    assert extract(question).document == "state_warrant"
    assert verdict_of(engine, question)[0] == "permitted"


def test_an_ice_warrant_to_hold_is_still_refused(engine):
    assert verdict_of(engine, "ICE has a warrant on our prisoner and wants us to hold him")[0] == "prohibited"


@pytest.mark.parametrize(("question", "verdict"), [
    ("the Bronx ADA wants the complainant's cell for trial prep, I won't be telling anyone her status. ok?",
     "permitted"),
    ("the ADA wants the witness's address. ICE asked about her status too", "prohibited"),
])
def test_a_denial_said_as_not_telling_anyone_covers_what_follows(engine, question, verdict):
    assert verdict_of(engine, question)[0] == verdict


@pytest.mark.parametrize(("question", "verdict"), [
    ("sgt here - what did the court decide in Wells v. DeMarco?", "info"),
    ("academy question: what does § 10-178(c) say about on-duty time?", "info"),
    ("desk here, ICE wants our prisoner's release date. can I give it?", "prohibited"),
])
def test_a_lead_in_does_not_hide_the_questions_form(engine, question, verdict):
    assert verdict_of(engine, question)[0] == verdict


def test_what_a_court_held_is_not_a_hold():
    assert extract("what did the appellate court hold about local cops and detainers?").action != "hold"


@pytest.mark.parametrize("question", [
    "Cook County has 287(g) now. what are Cook County corrections officers allowed to do?",
    "in Houston can the sheriff's deputies hold people for ICE?",
])
def test_another_places_rules_are_out_of_scope(engine, question):
    assert verdict_of(engine, question)[0] == "out_of_scope"


@pytest.mark.parametrize("question", [
    "she only has an IDNYC card, can I write her a desk appearance ticket?",
    "the State Department's diplomatic security people want a motorcade escort next week",
])
def test_processing_words_and_federal_agencies_are_in_scope(engine, question):
    assert verdict_of(engine, question)[0] != "out_of_scope"


def test_taking_our_own_wanted_from_ero_is_criminal_process(engine):
    question = ("ERO grabbed a guy on their own case and he has an open NYPD warrant for a burglary. "
                "they want to hand him to us")
    assert verdict_of(engine, question)[0] == "permitted"


def test_handing_him_back_to_ero_is_never_a_plain_yes(engine):
    assert verdict_of(engine, "ICE wants us to take custody of him and then turn him over to them after court")[0] \
        != "permitted"


def test_aggregate_counts_after_a_question_about_one_person_are_about_nobody(engine):
    history = ["ICE asked if a certain guy is locked up with us"]
    assert engine.ask("what if they just want the yearly total of detainers, no names?", history=history).verdict \
        == "permitted"
    assert engine.ask("and the number of detainers on him?", history=history).verdict != "permitted"


@pytest.mark.parametrize("question", [
    "DEA wants our ESU team at the door for their warrant on a heroin mill, signed by a federal magistrate",
    "we're hitting a spot on a Kings County supreme court search warrant and ATF agents come through the door with us",
])
def test_a_squad_asked_into_a_partners_criminal_warrant_is_joint_work(engine, question):
    assert extract(question).action == "joint_arrest"
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_squad_asked_into_an_ice_operation_is_still_refused(engine):
    assert verdict_of(engine, "ICE wants our team in on their sweep tomorrow")[0] == "prohibited"


def test_fine_to_hand_over_after_naming_records_hands_over_the_records():
    assert extract("the FBI wants the surveillance video and our DD5s on the heist. ok to hand over?").action \
        != "transfer_custody"
    assert extract("the FBI wants us to hand over our prisoner").action == "transfer_custody"
