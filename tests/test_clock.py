"""A clock you can set: the engine takes "today" from settings (SHARECHECK_TODAY), never the wall clock."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.engine.reading import LexiconReader
from assistant.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"
QUESTION = "ICE has a federal judicial warrant for our prisoner; he has a 2021 robbery 1 conviction. Do we hold him?"


def test_a_pinned_day_is_used(monkeypatch):
    monkeypatch.setenv("SHARECHECK_TODAY", "2027-03-04")
    assert Settings.from_env().today_date() == date(2027, 3, 4)


def test_without_a_pin_the_real_date_is_used(monkeypatch):
    monkeypatch.delenv("SHARECHECK_TODAY", raising=False)
    assert Settings.from_env().today_date() == date.today()


def test_a_bad_date_names_the_variable(monkeypatch):
    monkeypatch.setenv("SHARECHECK_TODAY", "1 Dec 2026")
    with pytest.raises(ValueError, match="SHARECHECK_TODAY='1 Dec 2026' is not a date like 2026-12-01"):
        Settings.from_env()


def test_the_look_back_window_moves_with_the_pinned_day():
    inside = LexiconReader(CORPUS, today=date(2026, 12, 1)).read(QUESTION)
    outside = LexiconReader(CORPUS, today=date(2027, 1, 1)).read(QUESTION)
    assert (inside.criminal_history, inside.conviction_age) == ("violent_serious", 5)
    assert (outside.criminal_history, outside.conviction_age) == ("violent_old", 6)
    assert "outside the 5-year look-back" in outside.evidence["criminal_history"]
