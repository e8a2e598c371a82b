"""Correcting a request record keeps what it said before, with who, when and why (issue 12, Records);
searching the records' free text."""

from __future__ import annotations

import pytest

from assistant.errors import RecordError
from assistant.stores.corrections import RecordCorrections
from assistant.stores.records import RequestRecord, RequestRecords


@pytest.fixture
def saved(tmp_path):
    store = RequestRecords(tmp_path)
    record = store.add(RequestRecord(requested_at="2026-04-02 14:05", agency="fbi", response="provided",
                                     requested="bank-robbery complaint report", recorded_by="po.chen",
                                     command="PCT-075"))
    return tmp_path, store, record


def test_a_correction_changes_the_record_and_keeps_the_old_values(saved):
    data, store, record = saved
    fixed = RecordCorrections(data).correct(record.id, {"response": "declined", "immigration": True},
                                            by="po.chen", why="I picked the wrong response; it was for ICE")
    assert fixed.response == "declined" and fixed.immigration is True
    assert store.select_one(record.id) == fixed
    history = RecordCorrections(data).history(record.id)
    assert [(h["field"], h["old_value"], h["new_value"], h["corrected_by"]) for h in history] == [
        ("response", "provided", "declined", "po.chen"), ("immigration", "no", "yes", "po.chen")]
    assert history[0]["why"] == "I picked the wrong response; it was for ICE" and history[0]["corrected_at"]
    assert RecordCorrections(data).counts([record.id, 999]) == {record.id: 2}


def test_a_correction_is_redacted_like_a_record(saved):
    data, _, record = saved
    fixed = RecordCorrections(data).correct(record.id, {"notes": "asked about Mr. Jose Garcia, 917-555-0199"},
                                            by="po.chen", why="forgot the notes on Mr. Jose Garcia")
    assert fixed.notes == "asked about Mr. [NAME], [PHONE]"
    history = RecordCorrections(data).history(record.id)
    assert "Garcia" not in str(history) and "917" not in str(history)


@pytest.mark.parametrize(("changes", "why", "scope", "message"), [
    ({"response": "declined"}, "  ", {}, "say why the record is corrected"),
    ({"recorded_by": "someone"}, "x", {}, "recorded_by cannot be corrected"),
    ({"response": "shrugged"}, "x", {}, "response 'shrugged' is not one of"),
    ({"requested_at": "last Tuesday"}, "x", {}, "must look like 2026-04-02 14:05"),
    ({"response": "provided"}, "x", {}, "already says that; nothing was changed"),
    ({"response": "declined"}, "x", {"recorded_by": "po.other"}, "no record .* among the records you may correct"),
    ({"response": "declined"}, "x", {"command": "PCT-044"}, "no record .* among the records you may correct"),
])
def test_a_bad_correction_is_refused_and_changes_nothing(saved, changes, why, scope, message):
    data, store, record = saved
    with pytest.raises(RecordError, match=message):
        RecordCorrections(data).correct(record.id, changes, by="po.chen", why=why, **scope)
    assert store.select_one(record.id) == record and RecordCorrections(data).history(record.id) == []


def test_records_are_searched_in_their_free_text_in_any_case(saved):
    _, store, record = saved
    other = store.add(RequestRecord(requested_at="2026-04-03 09:00", agency="ice_ero", response="declined",
                                    unit="ERO New York", notes="100% sure it was a detainer"))
    assert store.select(text="BANK-robbery") == [record]
    assert store.select(text="ero new") == [other]
    assert store.select(text="100%") == [other] and store.select(text="%") == [other]  # % is a character
    assert store.select(text="_") == []  # so is _
    assert store.select(text="  ") == [record, other]
