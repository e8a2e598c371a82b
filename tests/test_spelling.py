"""Typo repair against the field's vocabulary."""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from assistant.engine.spelling import repair


@pytest.mark.parametrize("typed,fixed", [
    ("relase date", "release date"),
    ("a judcial warrnt", "a judicial warrant"),
    ("the detainor", "the detainer"),
    ("imigration called", "immigration called"),
    ("fed magistrte", "fed magistrate"),
])
def test_field_words_are_repaired(typed, fixed):
    assert repair(typed) == fixed


@pytest.mark.parametrize("text", ["he bought groceries early", "my girlfriend was related to him",
                                  "he was detained yesterday", "the states retained counsel",
                                  # English words near a field word (tester: parolee → paroled, unsealed → sealed)
                                  "their parolee was arrested", "the unsealed indictment", "he was texting",
                                  "a federal supervisee", "the counterfeiter's carjacking", "he overstayed"])
def test_everyday_words_are_left_alone(text):
    assert repair(text) == text


def test_typos_reach_the_facts():
    facts = extract("can i giv ice the relase date for a perp in my cells")
    assert (facts.requester, facts.action, facts.subject) == ("ice", "share_release_date", "arrestee")


@pytest.mark.parametrize("typed,fixed", [("the suspect's relase", "the suspect's release"),
                                         ("the prisner's address", "the prisoner's address")])
def test_a_possessive_is_judged_by_its_base(typed, fixed):
    assert repair(typed) == fixed
