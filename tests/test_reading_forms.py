"""Jurisdiction, the question's form, chat history and the earned yes (issue 10 items 2, 4-7)."""

from __future__ import annotations

import pytest

from assistant.engine.signals import load_signal_patterns
from assistant.engine.text import TextView
from assistant.pipeline import Assistant
from assistant.settings import REPO_ROOT, Settings
from tests.fakes import FakeIndex


@pytest.fixture(scope="module")
def engine():
    return Assistant(Settings.from_env(), index=FakeIndex())


@pytest.mark.parametrize("question", [
    "In New Jersey can local cops hold someone on an ICE detainer?",
    "What does Chicago's Welcoming City ordinance say about police sharing info with ICE?",
    "Under California's SB 54 can LAPD give ICE release dates?",
])
def test_another_jurisdictions_rules_are_outside_scope_and_say_where_to_ask(engine, question):
    answer = engine.ask(question)
    assert answer.verdict == "out_of_scope"
    assert "another jurisdiction" in answer.answer and "New York City" in answer.answer


@pytest.mark.parametrize("question", [
    "DAT collar comes back with an active New Jersey warrant, Essex County, for armed robbery. Can we hold him "
    "as a fugitive from justice on the NJ warrant?",
    "Miami-Dade PD called: their homicide suspect is staying in East New York on a Florida arrest warrant for "
    "murder. They want us to pick him up. Can we?",
])
def test_an_nypd_question_with_facts_from_elsewhere_is_answered(engine, question):
    assert engine.ask(question).verdict == "permitted"


@pytest.mark.parametrize("question,verdict", [
    ("Does the Protect Our Courts Act cover people going to federal immigration court?", "info"),
    ("Trainer question: in the Kordia matter, what did the HSI agent say the records were for?", "info"),
    ("does it cover the immigration court at 26 Federal Plaza? ICE is asking our guys to help grab a man coming "
     "out of his hearing there.", "prohibited"),
])
def test_information_is_told_from_a_request_by_the_questions_form(engine, question, verdict):
    assert engine.ask(question).verdict == verdict


def test_a_first_turn_without_a_field_word_does_not_lock_the_chat(engine):
    answer = engine.ask("ATF wants to trace a gun we recovered from a shooting in the 7-5, can the squad send it "
                        "over?", history=["hi"])
    assert answer.verdict == "permitted"


def test_a_broader_name_for_the_same_agency_changes_nothing(engine):
    answer = engine.ask("they're part of DHS though, does that matter?",
                        history=["Secret Service wants two RMPs for a motorcade on Tuesday"])
    assert answer.facts["requester"] == "dhs_nonimmigration" and answer.verdict == "permitted"


def test_signals_are_found_by_kind_denied_and_the_longest_kept():
    patterns = load_signal_patterns(REPO_ROOT / "corpus")
    found = patterns.find(TextView("he was deported in 2017 and ice wants his sheet; this is not an immigration case"))
    assert [(s.kind, s.words, s.denied) for s in found] == [
        ("history", "was deported", False), ("actor", "ice", False), ("purpose", "immigration case", True)]


@pytest.mark.parametrize("question", [
    "Sergeant wants us to ask every driver at the DWI checkpoint if they have papeles, says it's for the "
    "checkpoint statistics. Do we have to?",
    "ICE asks if two of our cops can escort one of their detainees to his medical appointment and stand guard. "
    "It's a medical thing, not enforcement.",
    "DEA wants his address for their heroin case; ERO asked them for it. Can I send it to DEA?",
])
def test_a_hook_word_alone_never_gives_a_yes(engine, question):
    assert engine.ask(question).verdict in ("prohibited", "review")


def test_an_unexplained_signal_turns_a_yes_into_review_saying_what_to_confirm(engine):
    answer = engine.ask("FBI wants the arrest report on our bank robbery collar; they cc'd HSI on the email. "
                        "Can I send it?")
    assert answer.verdict == "review" and "unearned" in answer.trace["rule"]
    assert "hsi" in answer.summary and "confirm" in answer.summary


def test_signals_the_rule_explains_or_the_asker_denies_keep_the_yes(engine):
    assert engine.ask("My DV victim asks about a U visa. Can I help her?").verdict == "permitted"
    assert engine.ask("FBI wants our arrest report for their bank robbery case (18 USC 2113), nothing to do with "
                      "immigration. Can I send it?").verdict == "permitted"
