"""Schema migrations: a database created by the code before migrations keeps every row through the upgrade."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.errors import StoreError
from assistant.exercises.scenarios import load_scenarios
from assistant.settings import REPO_ROOT
from assistant.stores.audit import AuditLog
from assistant.stores.db import db_path, migrate, open_db, schema_version
from assistant.stores.exercises import ExerciseResults
from assistant.stores.migrations import MIGRATIONS, Migration
from assistant.stores.records import RequestRecords
from assistant.stores.scores import ScoreStore

# The schema exactly as the stores created it before migrations existed (each store ran its own
# CREATE TABLE IF NOT EXISTS script when it opened the file; there was no schema_version table).
OLD_SCHEMA = MIGRATIONS[0].sql
OLD_ROWS = [
    "INSERT INTO audit_log (at, channel, question, verdict, rule, citations, corpus_version, latency_ms, redactions) "
    "VALUES ('2026-11-20T10:00:00', 'chat', 'ICE asked for [NAME]''s release date', 'prohibited', "
    "'tip-off-immigration', '[\"ac-14-154#b(1)\"]', 'abc', 21.5, 1)",
    "INSERT INTO request_records (created_at, requested_at, agency, requested, response, question, verdict) "
    "VALUES ('2026-11-20T10:01:00', '2026-11-20 09:55', 'ice_ero', 'Release date or time', 'declined', 'q', "
    "'prohibited')",
    "INSERT INTO training_exercises (scenario_id, scenario_version, class_name, started_at) "
    "VALUES ('detainer-with-i200', 'v1', 'Academy 26-03', '2026-11-20T09:00:00')",
    "INSERT INTO training_answers (exercise_id, trainee, step, step_id, verdict, actions, verdict_ok, actions_ok, "
    "actions_score, points, dangerous, answered_at) VALUES (1, 'P.O. Diaz', 1, 'hold-on-i247a', 'prohibited', "
    "'[\"decline\"]', 1, 0, 0.5, 1.5, 0, '2026-11-20T09:10:00')",
    "INSERT INTO eval_scores (evaluator, created_at, case_id, question, expected_verdict, answer_verdict, answer_json, "
    "corpus_version, verdict_correct, clarity) VALUES ('Sgt. Ruiz', '2026-11-20T11:00:00', 'qb-01', 'q', "
    "'prohibited', 'prohibited', '{\"verdict\": \"prohibited\"}', 'abc', 'yes', 4)",
]


@pytest.fixture
def old_database(tmp_path):
    path = db_path(tmp_path)
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    for row in OLD_ROWS:
        conn.execute(row)
    conn.commit()
    conn.close()
    return tmp_path


def test_an_old_database_is_upgraded_and_keeps_every_row(old_database):
    conn = open_db(db_path(old_database))
    assert schema_version(conn) == MIGRATIONS[-1].version
    applied = [r["version"] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert applied == [m.version for m in MIGRATIONS]
    conn.close()
    audit = AuditLog(old_database).recent(10)
    assert [(r["question"], r["verdict"], r["requests"]) for r in audit] == [
        ("ICE asked for [NAME]'s release date", "prohibited", [])]
    records = RequestRecords(old_database).select()
    assert [(r.agency, r.response, r.requested_at) for r in records] == [("ice_ero", "declined", "2026-11-20 09:55")]
    scenario = load_scenarios(REPO_ROOT / "corpus" / "scenarios")["detainer-with-i200"]
    answers = ExerciseResults(db_path(old_database)).answers(scenario.id)
    assert [(a["trainee"], a["points"]) for a in answers] == [("P.O. Diaz", 1.5)]
    scores = ScoreStore.for_data_dir(old_database).rows()
    assert [(s["evaluator"], s["clarity"]) for s in scores] == [("Sgt. Ruiz", 4)]


def test_migrations_run_once(tmp_path):
    conn = open_db(db_path(tmp_path))
    assert migrate(conn) == []  # already current: nothing applied again
    assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    conn.close()


def test_versions_are_ordered_and_unique():
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_a_database_from_a_newer_sharecheck_is_refused(tmp_path):
    newer = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "from the future", "CREATE TABLE later (x INTEGER);"),)
    open_db(db_path(tmp_path), newer).close()
    with pytest.raises(StoreError, match="newer than this ShareCheck knows"):
        open_db(db_path(tmp_path))


def test_a_failing_migration_leaves_the_database_at_the_last_good_version(tmp_path):
    broken = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "broken", "ALTER TABLE nowhere ADD COLUMN x TEXT;"),)
    with pytest.raises(sqlite3.DatabaseError):
        open_db(db_path(tmp_path), broken)
    conn = open_db(db_path(tmp_path))
    assert schema_version(conn) == len(MIGRATIONS)
    conn.close()
