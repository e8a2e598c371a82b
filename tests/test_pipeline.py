"""Question validation and the Assistant over a fake index (fast, no model)."""

from __future__ import annotations

import pytest

from assistant.pipeline import Assistant, QuestionError, validate_question
from assistant.settings import Settings
from tests.fakes import FakeIndex


@pytest.mark.parametrize("bad,message", [
    ("", "empty"),
    ("   \n\t  ", "empty"),
    ("x" * 20_000, "20,000 characters"),
    ("\x00\x01\x02\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "does not look like text"),
    ("%$#@!%^&*()_+=-0987654321", "does not look like text"),
    (None, "must be text"),
])
def test_bad_questions_get_a_clear_error(bad, message):
    with pytest.raises(QuestionError, match=message):
        validate_question(bad, 4000)


def test_control_characters_are_dropped():
    assert validate_question("Can I\x07 tell ICE?\x00", 4000) == "Can I tell ICE?"


@pytest.fixture(scope="module")
def fake_assistant():
    return Assistant(Settings.from_env(), index=FakeIndex(sparse=["doi-nypd-2025#incident-1"],
                                                          dense=["glossary#judicial-warrant"]))


def test_assistant_answers_with_facts_and_version(fake_assistant):
    answer = fake_assistant.ask("ICE called asking when our prisoner gets released. Can I tell them?", id="q-1")
    assert answer.id == "q-1"
    assert answer.verdict == "prohibited"
    assert answer.facts["requester"] == "ice" and answer.facts["action"] == "share_release_date"
    assert answer.corpus_version == fake_assistant.index.corpus_version
    assert answer.latency_ms > 0


def test_history_feeds_the_follow_up(fake_assistant):
    first = "ICE has a warrant signed by a federal magistrate judge for our prisoner. Can we hold him?"
    assert fake_assistant.ask(first).verdict == "review"  # criminal record unknown: it depends
    follow = fake_assistant.ask("Sorry, it's an I-205, not a judge's warrant.", history=[first])
    assert follow.verdict == "prohibited"
    assert follow.facts["document"] == "admin_warrant" and follow.facts["action"] == "hold"


def test_unrelated_follow_up_starts_fresh(fake_assistant):
    answer = fake_assistant.ask("Can I get overtime for a double shift?",
                                history=["ICE wants our prisoner's release date."])
    assert answer.verdict == "out_of_scope"
