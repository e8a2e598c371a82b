"""Every store on both engines: the SQLite file (the default) and PostgreSQL (SHARECHECK_DATABASE_URL).

The PostgreSQL cases run against a real throwaway cluster on 127.0.0.1 (``postgres_admin``,
tests/conftest.py; skipped without the binaries, failed under CI), each test in a database of its own.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import uuid

import pytest

from assistant.domain import Answer, Citation
from assistant.errors import StoreError
from assistant.exercises.scenarios import load_scenarios
from assistant.settings import REPO_ROOT, Settings
from assistant.stores import stores_for
from assistant.stores.audit import AuditLog
from assistant.stores.db import db_path, locate, open_db, schema_version
from assistant.stores.exercises import ExerciseResults
from assistant.stores.migrations import MIGRATIONS, Migration
from assistant.stores.postgres import StoreOperationalError, translate
from assistant.stores.quarterly import load_scope, quarterly_csv
from assistant.stores.records import RecordError, RequestRecord, RequestRecords, detail_csv
from assistant.stores.scores import Score, ScoreError, ScoreStore

LIBRARY = load_scenarios(REPO_ROOT / "corpus" / "scenarios")
DETAINER = LIBRARY["detainer-with-i200"]
ANSWER = {"verdict": "prohibited", "corpus_version": "v1", "answer": "No [1][2].",
          "citations": [{"n": 1, "doc_id": "ac-14-154", "pinpoint": "b(1)"},
                        {"n": 2, "doc_id": "ac-10-178", "pinpoint": "c"}]}


def new_database(admin_url: str) -> str:
    from deploy.services import create_database

    return create_database(admin_url, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    """(data_dir, database_url) of an empty store: "" is the SQLite file in data_dir."""
    if request.param == "sqlite":
        return tmp_path, ""
    return tmp_path, new_database(request.getfixturevalue("postgres_admin"))


@pytest.fixture
def pg_url(postgres_admin):
    return new_database(postgres_admin)


def _record(**kw) -> RequestRecord:
    return RequestRecord(**{"requested_at": "2026-04-02 14:05", "agency": "ice_ero", "response": "declined", **kw})


def _answer(question: str = "ICE wants the release date of a prisoner named Jose Garcia, DOB 04/12/1987") -> Answer:
    return Answer(question=question, verdict="prohibited", summary="No.", answer="**Not permitted.** No [1].",
                  citations=[Citation(n=1, doc_id="ac-14-154", pinpoint="b(1)", label="§ 14-154(b)(1)", quote="q",
                                      provenance="verified", source_url="https://example.invalid")],
                  corpus_version="abc123", latency_ms=41.5, trace={"rule": "custody-info-to-immigration"},
                  requests=[{"verdict": "prohibited", "rule": "custody-info-to-immigration"}])


def _score(evaluator="Alice", correct="yes", **kw) -> Score:
    return Score(evaluator=evaluator, case_id="qb-01", question="Can I tell ICE the release date?", answer=ANSWER,
                 verdict_correct=correct, clarity=kw.pop("clarity", 4), expected_verdict="prohibited",
                 case_set="question-bank", **kw)


def test_records_add_list_filter_and_export(where):
    data_dir, url = where
    store = RequestRecords(data_dir, database_url=url)
    saved = store.add(_record(unit="ERO NYC", requested="release date", supervisor_notified=True,
                              notes="Agent asked about Mr. Jose Garcia, DOB 04/12/1987, cell 917-555-0199."))
    assert saved.id == 1 and saved.created_at
    assert store.select() == [saved]
    assert saved.notes == "Agent asked about Mr. [NAME], DOB [DOB], cell [PHONE]."
    assert saved.supervisor_notified is True and saved.legal_bureau_contacted is False
    for when, agency, response in [("2026-03-31 23:59", "ice", "declined"),
                                   ("2026-04-01 00:00", "fbi", "referred"), ("2026-06-30 23:59", "fbi", "referred"),
                                   ("2026-07-01 00:00", "ice_ero", "declined")]:
        store.add(_record(requested_at=when, agency=agency, response=response))
    q2 = store.select("2026-04-01", "2026-06-30")
    assert [(r.id, r.requested_at) for r in q2] == [(3, "2026-04-01 00:00"), (1, "2026-04-02 14:05"),
                                                    (4, "2026-06-30 23:59")]
    assert [r.id for r in store.select(agency="fbi")] == [3, 4]
    assert [r.id for r in store.select("2026-07-01", None, "ice_ero")] == [5]
    assert quarterly_csv(q2, load_scope()).splitlines() == [
        "quarter,receiving_agency,requesting_agency,response,requests,counted_under",
        # the FBI's two are not immigration requests: recorded, not counted
        "2026-Q2,NYPD,ICE ERO,Declined,1,N.Y.C. Admin. Code § 10-178(d): immigration authority"]
    rows = list(csv.reader(io.StringIO(detail_csv(store.select("2026-04-02", "2026-04-02")))))
    assert rows[1] == ["1", "2026-04-02 14:05", "2026-Q2", "NYPD", "ICE ERO", "ERO NYC", "release date", "Declined",
                       "yes", "no", "Agent asked about Mr. [NAME], DOB [DOB], cell [PHONE].", "no"]
    with pytest.raises(RecordError, match="requesting agency"):
        store.add(_record(agency="nypd"))
    assert len(store.select()) == 5


def test_audit_log_rows_newest_first(where):
    data_dir, url = where
    log = AuditLog(data_dir, database_url=url)
    assert log.log(_answer(), "chat") == 1
    assert log.log(_answer("question 2 about ICE"), "rest") == 2
    newest, first = log.recent()
    assert newest["question"] == "question 2 about ICE" and newest["channel"] == "rest" and newest["id"] == 2
    assert first["question"] == "ICE wants the release date of a prisoner named [NAME], DOB [DOB]"
    assert first["citations"] == ["ac-14-154#b(1)"] and first["latency_ms"] == 41.5 and first["redactions"] == 2
    assert first["requests"] == [{"verdict": "prohibited", "rule": "custody-info-to-immigration"}]
    assert [r["id"] for r in log.recent(1)] == [2]
    log.enabled = False
    assert log.log(_answer(), "chat") is None and len(log.recent()) == 2


def test_scores_add_rows_export_and_dashboard(where):
    data_dir, url = where
    store = ScoreStore.for_data_dir(data_dir, database_url=url)
    first = store.add(_score(citations={1: "yes", 2: "no"}, comment="  clear, short  "))
    second = store.add(_score(evaluator="Bob", correct="no", clarity=2))
    assert (first, second) == (1, 2)
    rows = store.rows()
    assert [(r["id"], r["evaluator"], r["verdict_correct"], r["clarity"], r["citations"]) for r in rows] == [
        (1, "Alice", "yes", 4, "1:yes;2:no"), (2, "Bob", "no", 2, "")]
    assert rows[0]["comment"] == "clear, short" and rows[0]["corpus_version"] == "v1"
    exported = list(csv.DictReader(io.StringIO(store.export_csv())))
    assert [(e["evaluator"], e["comment"], e["citations"]) for e in exported] == [
        ("Alice", "clear, short", "1:yes;2:no"), ("Bob", "", "")]
    board = store.dashboard()
    assert board["scores"] == 2 and board["evaluators"]["Bob"] == {"scores": 1, "correct_yes": 0, "mean_clarity": 2}
    assert board["inter_rater"]["raters"] == ["Alice", "Bob"] and board["inter_rater"]["items"] == 1
    with pytest.raises(ScoreError, match="clarity from 1"):
        store.add(_score(clarity=6))
    assert len(store.rows()) == 2


def test_exercises_record_score_and_refuse_a_second_answer(where):
    data_dir, url = where
    store = ExerciseResults(db_path(data_dir), database_url=url)
    ex = store.start(DETAINER, "Academy 26-03")
    store.record(ex, DETAINER, 1, "Ana", "prohibited", ["release", "decline", "supervisor", "record"], "I-200")
    store.record(ex, DETAINER, 1, "Ben", "permitted", [])
    with pytest.raises(ValueError, match="Ana has already answered step 1"):
        store.record(ex, DETAINER, 1, " Ana ", "review", [])
    assert store.classes() == ["Academy 26-03"]
    answers = store.answers(DETAINER.id)
    assert [(a["trainee"], a["verdict_ok"], a["dangerous"], a["points"]) for a in answers] == [
        ("Ana", 1, 0, 2.0), ("Ben", 0, 1, 0.0)]
    people = {t["trainee"]: t for t in store.trainee_report(DETAINER)}
    assert people["Ana"]["points"] == 2.0 and people["Ben"]["dangerous"] == 1
    row = next(csv.DictReader(io.StringIO(store.export_csv(LIBRARY))))
    assert row["trainee"] == "Ana" and row["verdict_ok"] == "1"
    assert row["actions"] == "decline record release supervisor"


WRITER = """
import sys
from pathlib import Path
from assistant.stores.records import RequestRecord, RequestRecords
store = RequestRecords(Path(sys.argv[1]), database_url=sys.argv[2])
for i in range(int(sys.argv[3])):
    store.add(RequestRecord(requested_at="2026-04-02 14:05", agency="fbi", unit=f"{sys.argv[4]} {i}"))
"""


def test_two_processes_writing_at_once_lose_no_row_and_migrate_once(where):
    data_dir, url = where
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), url, "25", name], cwd=REPO_ROOT,
                                stderr=subprocess.PIPE, text=True) for name in ("A", "B")]
    for w in writers:
        assert w.wait(120) == 0, w.stderr.read() if w.stderr else ""
    records = RequestRecords(data_dir, database_url=url).select()
    assert len(records) == 50 and len({r.id for r in records}) == 50
    assert sorted(r.unit for r in records) == sorted(f"{n} {i}" for n in "AB" for i in range(25))
    conn = open_db(locate(db_path(data_dir), url))
    assert [r["version"] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [
        m.version for m in MIGRATIONS]
    conn.close()


def test_postgres_schema_refuses_a_newer_database_and_keeps_the_last_good_version(pg_url):
    newer = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "from the future", "CREATE TABLE later (x INTEGER);"),)
    open_db(pg_url, newer).close()
    with pytest.raises(StoreError, match="newer than this ShareCheck knows"):
        open_db(pg_url)
    url2 = pg_url + "_b"
    from deploy.services import create_database

    create_database(pg_url.rsplit("/", 1)[0] + "/postgres", url2.rsplit("/", 1)[1])
    broken = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "broken", "ALTER TABLE nowhere ADD COLUMN x TEXT;"),)
    with pytest.raises(StoreOperationalError, match="nowhere"):
        open_db(url2, broken)
    assert schema_version(open_db(url2)) == len(MIGRATIONS)


def test_postgres_columns_match_sqlite_types(pg_url):
    conn = open_db(pg_url)
    types = {(r["column_name"], r["data_type"], r["collation_name"]) for r in conn.execute(
        "SELECT column_name, data_type, collation_name FROM information_schema.columns WHERE table_name = ?",
        ("training_answers",))}
    assert ("points", "double precision", None) in types and ("id", "integer", None) in types
    assert ("trainee", "text", "C") in types  # text compares byte by byte, as in SQLite


def test_the_settings_choose_the_engine(tmp_path, pg_url, monkeypatch):
    monkeypatch.delenv("SHARECHECK_DATABASE_URL", raising=False)
    assert locate(db_path(tmp_path)) == db_path(tmp_path)
    monkeypatch.setenv("SHARECHECK_DATABASE_URL", pg_url)
    settings = Settings.from_env(data_dir=tmp_path)
    assert settings.database_url == pg_url and locate(db_path(tmp_path)) == pg_url
    stores = stores_for(settings)
    stores.records.add(_record())
    assert [r.agency for r in RequestRecords(tmp_path).select()] == ["ice_ero"]  # through the variable
    assert not db_path(tmp_path).exists()
    assert locate(db_path(tmp_path), "") == db_path(tmp_path)  # "" asks for the SQLite file explicitly


def test_a_bad_url_or_a_server_that_is_down_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="is not a PostgreSQL URL"):
        RequestRecords(tmp_path, database_url="mysql://u:secret@127.0.0.1/x").select()
    from deploy.services import free_port

    with pytest.raises(StoreOperationalError, match="PostgreSQL at") as caught:
        RequestRecords(tmp_path, database_url=f"postgresql://u:hunter2@127.0.0.1:{free_port()}/x").select()
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("sqlite,postgres", [
    ("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x REAL, y TEXT NOT NULL DEFAULT '')",
     "CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x DOUBLE PRECISION, "
     "y TEXT COLLATE \"C\" NOT NULL DEFAULT '')"),
    ("ALTER TABLE t ADD COLUMN z INTEGER NOT NULL DEFAULT 0",
     "ALTER TABLE t ADD COLUMN IF NOT EXISTS z INTEGER NOT NULL DEFAULT 0"),
    ("SELECT * FROM t WHERE a = ? AND b = '?:x' AND c::text = ?", "SELECT * FROM t WHERE a = :p0 AND b = '?\\:x' AND "
     "c::text = :p1"),
    ("INSERT OR IGNORE INTO t (a) VALUES (?)", "INSERT INTO t (a) VALUES (:p0) ON CONFLICT DO NOTHING"),
])
def test_sqlite_sql_is_translated_in_one_place(sqlite, postgres):
    assert translate(sqlite)[0] == postgres


def test_users_and_sessions(where):
    from assistant.stores.users import UserStore

    data_dir, url = where
    users = UserStore(data_dir, database_url=url)
    users.add("po.chen", ["officer"], command="PCT-075", password="correct horse battery")
    token = users.sign_in("po.chen", "correct horse battery", minutes=10)
    assert token and users.session_user(token).command == "PCT-075"
    assert users.sign_in("po.chen", "not the password", minutes=10) is None
    users.sign_out(token)
    assert users.session_user(token) is None


def test_a_server_whose_database_is_down_refuses_to_start(tmp_path):
    from deploy.services import free_port

    settings = Settings.from_env(data_dir=tmp_path, database_url=f"postgresql://u:pw@127.0.0.1:{free_port()}/x")
    with pytest.raises(StoreError, match="SHARECHECK_DATABASE_URL cannot be used"):
        stores_for(settings)


def test_record_corrections_search_and_review(where):
    from assistant.stores.corrections import RecordCorrections

    data_dir, url = where
    store = RequestRecords(data_dir, database_url=url)
    record = store.add(_record(agency="fbi", response="provided", requested="Bank-robbery report", command="PCT-075"))
    store.add(_record(notes="50% of the file"))
    assert [r.id for r in store.select(text="bank-ROBBERY")] == [record.id]
    assert len(store.select(text="50%")) == 1 and store.select(text="_") == []
    fixed = RecordCorrections(data_dir, database_url=url).correct(record.id, {"immigration": True}, by="sgt",
                                                                  why="it was for ICE", command="PCT-075")
    assert fixed.immigration is True
    assert [(h["field"], h["old_value"], h["new_value"]) for h in
            RecordCorrections(data_dir, database_url=url).history(record.id)] == [("immigration", "no", "yes")]
    assert store.mark_reviewed(record.id, "sgt", command="PCT-075").reviewed_by == "sgt"
