"""§ 10-178(d) request records: the store, the prefilled draft, the quarterly CSV and `sharecheck records`."""

from __future__ import annotations

import csv
import io
import threading

import pytest

from assistant.cli.main import main
from assistant.domain import Answer
from assistant.stores.quarterly import QUARTERLY_HEADER, counted, load_scope, quarterly_csv
from assistant.stores.records import (
    AGENCIES,
    DETAIL_HEADER,
    RecordError,
    RequestRecord,
    RequestRecords,
    detail_csv,
    draft_from_answer,
    quarter_of,
)


@pytest.fixture
def store(tmp_path) -> RequestRecords:
    return RequestRecords(tmp_path)


def _record(**kw) -> RequestRecord:
    base = {"requested_at": "2026-04-02 14:05", "agency": "ice_ero", "response": "declined"}
    return RequestRecord(**{**base, **kw})


def test_a_saved_record_comes_back_with_id_and_redacted_text(store):
    saved = store.add(_record(unit="ERO NYC", requested="release date", supervisor_notified=True,
                              notes="Agent asked about Mr. Jose Garcia, DOB 04/12/1987, cell 917-555-0199.",
                              question="ICE wants the release date of a prisoner named Jose Garcia"))
    assert saved.id == 1 and saved.created_at
    [back] = store.select()
    assert back == saved
    assert back.notes == "Agent asked about Mr. [NAME], DOB [DOB], cell [PHONE]."
    assert "Garcia" not in back.question and back.question.endswith("named [NAME]")
    assert back.supervisor_notified is True and back.legal_bureau_contacted is False


def test_nothing_personal_reaches_the_database_file(store):
    store.add(_record(notes="witness Maria Lopez lives at 1432 Grand Concourse, NYSID 12345678K"))
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("sharecheck.db*"))  # the WAL file too, if any
    for secret in (b"Lopez", b"1432 Grand", b"12345678K"):
        assert secret not in raw


@pytest.mark.parametrize("when,stored", [("2026-04-02 14:05", "2026-04-02 14:05"),
                                         ("2026-04-02T14:05", "2026-04-02 14:05"),
                                         ("2026-04-02", "2026-04-02 00:00"),
                                         (" 2026-04-02 14:05:59 ", "2026-04-02 14:05")])
def test_dates_are_normalised(store, when, stored):
    assert store.add(_record(requested_at=when)).requested_at == stored


@pytest.mark.parametrize("field,value,message", [("requested_at", "yesterday", "2026-04-02 14:05"),
                                                 ("agency", "nypd", "requesting agency"),
                                                 ("response", "maybe", "response")])
def test_bad_fields_are_refused_with_a_message(store, field, value, message):
    with pytest.raises(RecordError, match=message):
        store.add(_record(**{field: value}))
    assert store.select() == []


def test_filters_by_inclusive_date_range_and_agency(store):
    for when, agency in [("2026-03-31 23:59", "ice"), ("2026-04-01 00:00", "ice_ero"), ("2026-06-30 23:59", "fbi"),
                         ("2026-07-01 00:00", "ice_ero")]:
        store.add(_record(requested_at=when, agency=agency))
    q2 = store.select("2026-04-01", "2026-06-30")
    assert [r.requested_at for r in q2] == ["2026-04-01 00:00", "2026-06-30 23:59"]
    assert [r.agency for r in store.select(agency="ice_ero")] == ["ice_ero", "ice_ero"]
    assert [r.agency for r in store.select("2026-04-01", None, "fbi")] == ["fbi"]
    with pytest.raises(RecordError, match="after the to date"):
        store.select("2026-07-01", "2026-04-01")
    with pytest.raises(RecordError, match="from date"):
        store.select("April", None)


def test_two_writers_at_once_lose_no_record(store):
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                store.add(_record(unit=f"writer {n} #{i}"))
        except Exception as exc:  # noqa: BLE001 - any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(store.select()) == 30


def test_quarterly_csv_counts_only_immigration_requests_by_quarter_agency_response_and_basis(store):
    scope = load_scope()
    for when, agency, response, immigration in [("2026-04-02 10:00", "ice_ero", "declined", False),
                                                ("2026-05-02 10:00", "ice_ero", "declined", False),
                                                ("2026-05-03 10:00", "ice_ero", "referred", False),
                                                ("2026-05-04 10:00", "fbi", "provided", False),  # a criminal case
                                                ("2026-05-05 10:00", "fbi", "declined", True),   # for ICE
                                                ("2026-05-06 10:00", "ice_hsi", "provided", False),
                                                ("2026-07-04 10:00", "ice_ero", "declined", False)]:
        store.add(_record(requested_at=when, agency=agency, response=response, immigration=immigration))
    rows = list(csv.reader(io.StringIO(quarterly_csv(store.select(), scope))))
    assert rows[0] == QUARTERLY_HEADER and rows[0][-1] == "counted_under"
    authority = "N.Y.C. Admin. Code § 10-178(d): immigration authority"
    purpose = "N.Y.C. Admin. Code § 10-178(d): immigration purpose"
    assert rows[1:] == [["2026-Q2", "NYPD", "FBI", "Declined", "1", purpose],
                        ["2026-Q2", "NYPD", "ICE ERO", "Declined", "2", authority],
                        ["2026-Q2", "NYPD", "ICE ERO", "Referred to supervisor / Legal Bureau", "1", authority],
                        ["2026-Q2", "NYPD", "ICE HSI", "Provided", "1", authority],
                        ["2026-Q3", "NYPD", "ICE ERO", "Declined", "1", authority]]
    assert len(counted(store.select(), scope)) == 6  # the FBI's criminal-case request is recorded, not counted
    assert quarterly_csv([], scope) == ",".join(QUARTERLY_HEADER) + "\n"


def test_detail_csv_has_one_row_per_record(store):
    store.add(_record(unit="HSI, New York", notes='said "urgent"', legal_bureau_contacted=True))
    rows = list(csv.reader(io.StringIO(detail_csv(store.select()))))
    assert rows[0] == DETAIL_HEADER
    assert rows[1][:4] == ["1", "2026-04-02 14:05", "2026-Q2", "NYPD"] and rows[1][5] == "HSI, New York"
    assert rows[1][8:] == ["no", "yes", 'said "urgent"', "no"]


@pytest.mark.parametrize("when,quarter", [("2026-01-01 00:00", "2026-Q1"), ("2026-03-31 23:59", "2026-Q1"),
                                          ("2026-04-01 00:00", "2026-Q2"), ("2026-12-31 12:00", "2026-Q4")])
def test_quarter_of(when, quarter):
    assert quarter_of(when) == quarter


def _answer(verdict="prohibited", **facts) -> Answer:
    return Answer(question="ICE called about Mr. Chen's release date, cell 917-555-0199", verdict=verdict,
                  summary="No.", answer="**Not permitted.** No [1].", facts=facts)


def test_the_draft_is_prefilled_from_the_facts_without_a_name():
    from datetime import datetime

    draft = draft_from_answer(_answer(requester="ice_ero", action="share_release_date", document="detainer"),
                              now=datetime(2026, 4, 2, 14, 5))
    assert draft.requested_at == "2026-04-02 14:05" and draft.agency == "ice_ero"
    assert draft.requested == "Release date or time of a person in custody; document shown: detainer (I-247A)"
    assert draft.response == "declined" and draft.verdict == "prohibited"
    assert "Chen" not in draft.question and "917" not in draft.question


@pytest.mark.parametrize("verdict,response", [("prohibited", "declined"), ("permitted", "provided"),
                                              ("review", "referred"), ("info", "pending")])
def test_the_draft_response_follows_the_verdict(verdict, response):
    assert draft_from_answer(_answer(verdict, requester="fbi")).response == response


def test_the_draft_says_whether_the_request_furthers_immigration_enforcement():
    assert draft_from_answer(_answer(requester="fbi", purpose="civil_immigration")).immigration is True
    assert draft_from_answer(_answer(requester="fbi", purpose="criminal")).immigration is False
    both = _answer(requester="fbi", purpose="criminal")
    both.requests = [{"facts": {"requester": "fbi", "purpose": "criminal"}},
                     {"facts": {"requester": "fbi", "purpose": "reentry"}}]
    assert draft_from_answer(both).immigration is True  # one request of the two is for re-entry enforcement


def test_a_record_outside_10_178d_is_kept_and_listed_but_not_counted(store):
    saved = store.add(_record(agency="fbi", response="provided", requested="bank-robbery report"))
    assert store.select() == [saved] and saved.immigration is False
    assert load_scope().basis(saved) == "" and counted(store.select(), load_scope()) == []


def test_an_unknown_requester_becomes_other_non_local():
    assert draft_from_answer(_answer(requester="state_police")).agency == "other_nonlocal"
    assert set(AGENCIES) >= {"ice", "ice_ero", "ice_hsi", "dhs", "cbp", "fbi", "federal_other", "jttf"}


@pytest.fixture
def records_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SHARECHECK_DATA_DIR", str(tmp_path))
    store = RequestRecords(tmp_path)
    store.add(_record(requested_at="2026-04-02 14:05", agency="ice_ero", unit="ERO NYC"))
    store.add(_record(requested_at="2026-05-10 09:00", agency="fbi", response="referred", notes="named Jose Garcia"))
    store.add(_record(requested_at="2026-08-01 09:00", agency="ice_ero"))
    return tmp_path


def test_cli_records_list(records_env, capsys):
    assert main(["records", "list", "--from", "2026-04-01", "--to", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "#1  2026-04-02 14:05  ICE ERO / ERO NYC" in out and "#2" in out and "#3" not in out
    assert "notes: named [NAME]" in out
    assert main(["records", "list", "--agency", "fbi", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and '"quarter": "2026-Q2"' in lines[0]


def test_cli_records_export_writes_the_quarterly_csv(records_env, capsys, tmp_path):
    assert main(["records", "export", "--from", "2026-04-01", "--to", "2026-06-30"]) == 0
    assert capsys.readouterr().out.splitlines() == [",".join(QUARTERLY_HEADER),
                                                    "2026-Q2,NYPD,ICE ERO,Declined,1,"
                                                    "N.Y.C. Admin. Code § 10-178(d): immigration authority"]
    out = tmp_path / "out" / "q2.csv"
    assert main(["records", "export", "--detail", "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == ",".join(DETAIL_HEADER) and len(out.read_text().splitlines()) == 4


def test_cli_records_bad_date_exits_2(records_env, capsys):
    assert main(["records", "export", "--from", "first of April"]) == 2
    assert "must be a date like 2026-04-01" in capsys.readouterr().err


def test_the_report_scope_names_only_agency_codes_the_records_know():
    scope = load_scope()
    assert scope.authorities and scope.authorities <= set(AGENCIES)
    assert scope.authorities == {"ice", "ice_ero", "ice_hsi", "cbp"} and "fbi" not in scope.authorities


def test_a_request_from_an_immigration_authority_is_always_one_to_further_immigration_enforcement():
    # The form's checkbox says so; the draft ticks it (tester: an ICE request was saved unticked).
    assert draft_from_answer(_answer(requester="ice")).immigration is True
    assert draft_from_answer(_answer(requester="cbp", purpose="criminal")).immigration is True
    assert draft_from_answer(_answer(requester="fbi")).immigration is False
