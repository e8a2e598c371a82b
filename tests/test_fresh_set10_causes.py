"""Causes behind the set-10 first run (evals/cases/fresh/set10), each checked in other wording over
the real lexicon, signal patterns and rule table with a fake index (no model)."""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from assistant.engine.signals import load_signal_patterns
from assistant.engine.text import TextView
from assistant.settings import REPO_ROOT
from tests.fakes import verdict_of


def test_ice_agents_is_an_actor_signal_not_an_ice_age():
    patterns = load_signal_patterns(REPO_ROOT / "corpus")
    assert [s.kind for s in patterns.find(TextView("two ice agents are at the front desk."))] == ["actor"]
    assert patterns.find(TextView("the ice age exhibit at the museum")) == []


@pytest.mark.parametrize("question", [
    "got a hit on a Bronx Supreme bench warrant for a missed court date on a robbery, do I take her in?",
    "our search warrant from Manhattan Supreme Court for the gun apartment came through, any sanctuary problem "
    "hitting the door?",
    "tengo un bench warrant de Queens para un tipo, ¿lo puedo arrestar?",
])
def test_acting_on_a_new_york_warrant_is_permitted(engine, question):
    assert verdict_of(engine, question) == ("permitted", "execute-criminal-warrant")


def test_a_new_york_warrant_with_immigration_asking_is_not_a_yes(engine):
    assert verdict_of(engine, "ERO says there's a bench warrant on him too, can we take him in for them?")[0] != \
        "permitted"


@pytest.mark.parametrize("question", [
    "the Marshals could use a hand picking up a fugitive on a federal gun warrant, can we go?",
    "ATF wants backup on a federal firearms warrant in our sector tomorrow, ok?",
])
def test_a_hand_with_a_non_immigration_federal_arrest_is_read_and_permitted(engine, question):
    assert extract(question).action == "joint_arrest"
    assert verdict_of(engine, question)[0] == "permitted"


@pytest.mark.parametrize("question", [
    "I saw the stickup at the Chase while off duty and the FBI wants my eyewitness statement, can I give it?",
    "the FBI case agent wants to sit down with me about the carjacking I was the victim of. allowed?",
])
def test_the_members_own_statement_in_a_federal_criminal_case_is_permitted(engine, question):
    assert extract(question).action == "assist_criminal"
    assert verdict_of(engine, question)[0] == "permitted"


@pytest.mark.parametrize("question", [
    "a CBP officer walked in to report that his car got broken into on Steinway. take it like anyone's?",
    "an ICE deportation officer's wallet got lifted on the A train and he wants a complaint number for his bosses",
])
def test_a_federal_officer_reporting_a_crime_against_them_is_a_crime_report(engine, question):
    assert verdict_of(engine, question) == ("permitted", "crime-report-from-anyone")


def test_a_deportation_officer_asking_for_an_address_is_still_immigration(engine):
    assert verdict_of(engine, "an ICE deportation officer wants the home address of the guy we arrested")[0] == \
        "prohibited"


@pytest.mark.parametrize(("question", "value"), [
    ("Yonkers PD wants our LPR hits on the car from the drive-by", "criminal"),
    ("Nassau detectives want the DD5 on a home invasion that started in our precinct", "criminal"),
    ("el FBI quiere el video del asalto en la bodega", "criminal"),
    ("postal inspectors want the report on the guy who robbed a mail carrier", "criminal"),
])
def test_crimes_named_in_new_words_are_read(question, value):
    assert extract(question).purpose == value


def test_an_assault_in_progress_on_an_agent_stays_an_emergency(engine):
    assert verdict_of(engine, "a man is punching a DEA agent on the sidewalk, can I step in and stop it?")[0] == \
        "permitted"


@pytest.mark.parametrize("question", [
    "my collar keeps begging me not to call immigration on him. can I process the burglary arrest the normal way?",
    "el del FBI quiere la grabación del robo, no tiene nada que ver con inmigración. ¿se la doy?",
])
def test_a_plea_or_a_spanish_denial_leaves_no_immigration_request(engine, question):
    assert extract(question).requester in (None, "fbi")
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_plea_not_to_call_immigration_is_not_a_denial_of_an_ice_request(engine):
    question = "he begged me not to call immigration but ICE is on the phone asking when he gets out"
    assert verdict_of(engine, question)[0] == "prohibited"
