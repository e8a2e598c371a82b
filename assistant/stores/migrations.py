"""The store's schema as an ordered list of migrations, applied once each when the database is opened.

``schema_version`` records every migration applied (version, name, when). A database made before
migrations existed (it has the tables but no ``schema_version``) takes migration 1 as a no-op —
every statement in it is ``IF NOT EXISTS`` — and then the later ones, so an upgrade keeps every
record, score and result already stored. Never edit a migration that has shipped: add a new one.
Pattern after simonw/llm ``llm/migrations.py`` (ordered migrations tracked in a table).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """``version`` (1, 2, …, in order), a ``name`` saying why, and the SQL statements it runs."""

    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The SQL split into statements (comments dropped), for one transaction."""
        lines = [line.split("--", 1)[0] for line in self.sql.splitlines()]
        return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the stores as of the first release: audit log, request records, exercises, evaluator scores", """
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  channel TEXT NOT NULL,
  question TEXT NOT NULL,
  verdict TEXT NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  citations TEXT NOT NULL DEFAULT '[]',
  corpus_version TEXT NOT NULL DEFAULT '',
  latency_ms REAL NOT NULL DEFAULT 0,
  redactions INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS request_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  agency TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  requested TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL,
  supervisor_notified INTEGER NOT NULL DEFAULT 0,
  legal_bureau_contacted INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS request_records_when ON request_records (requested_at);
CREATE TABLE IF NOT EXISTS training_exercises (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_id TEXT NOT NULL,
  scenario_version TEXT NOT NULL,   -- sha256 of the scenario file the class saw
  class_name TEXT NOT NULL,
  started_at TEXT NOT NULL
);
-- Scores are stored as given, not recomputed: a trainer may edit the key later, and the class's
-- results must stay what the trainees were told.
CREATE TABLE IF NOT EXISTS training_answers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  exercise_id INTEGER NOT NULL REFERENCES training_exercises(id),
  trainee TEXT NOT NULL,
  step INTEGER NOT NULL,            -- 1-based step number
  step_id TEXT NOT NULL,
  verdict TEXT NOT NULL,
  actions TEXT NOT NULL,            -- JSON list of action keys
  explanation TEXT NOT NULL DEFAULT '',
  verdict_ok INTEGER NOT NULL,
  actions_ok INTEGER NOT NULL,
  actions_score REAL NOT NULL,
  points REAL NOT NULL,
  dangerous INTEGER NOT NULL,
  answered_at TEXT NOT NULL,
  UNIQUE (exercise_id, trainee, step)
);
CREATE INDEX IF NOT EXISTS training_answers_exercise ON training_answers(exercise_id);
CREATE TABLE IF NOT EXISTS eval_scores (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluator TEXT NOT NULL CHECK (length(trim(evaluator)) > 0),
  created_at TEXT NOT NULL,
  case_id TEXT NOT NULL,
  case_set TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL,
  expected_verdict TEXT,
  answer_verdict TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  corpus_version TEXT NOT NULL,
  verdict_correct TEXT NOT NULL CHECK (verdict_correct IN ('yes', 'no', 'unsure')),
  clarity INTEGER NOT NULL CHECK (clarity BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS eval_scores_case ON eval_scores (case_id, corpus_version);
CREATE TABLE IF NOT EXISTS eval_citation_judgements (
  score_id INTEGER NOT NULL REFERENCES eval_scores(id),
  n INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  pinpoint TEXT NOT NULL,
  supports TEXT NOT NULL CHECK (supports IN ('yes', 'no', 'unsure')),
  PRIMARY KEY (score_id, n)
);
"""),
    Migration(2, "audit log keeps each request's verdict when a question holds several", """
ALTER TABLE audit_log ADD COLUMN requests TEXT NOT NULL DEFAULT '[]';
"""),
    Migration(3, "sign-in and roles: local accounts, their sessions, who recorded and who reviewed a record, "
                 "and the admin actions (the audit-log switch) audited", """
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL DEFAULT '',   -- Argon2id; '' for a single-sign-on user with no password here
  roles TEXT NOT NULL,                       -- comma-separated: officer, supervisor, trainer, evaluator, admin
  command TEXT NOT NULL DEFAULT '',          -- the precinct or unit a supervisor reviews ('*' = every command)
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
-- Only a hash of the session token is stored: a copy of the database cannot be used to sign in.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);
ALTER TABLE request_records ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE request_records ADD COLUMN command TEXT NOT NULL DEFAULT '';
ALTER TABLE request_records ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE request_records ADD COLUMN reviewed_at TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS admin_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
"""),
    Migration(4, "§ 10-178(d) counts only requests to further immigration enforcement: the member says which; "
                 "records kept before are counted as before when an immigration authority asked", """
ALTER TABLE request_records ADD COLUMN immigration INTEGER NOT NULL DEFAULT 0;
"""),
    Migration(5, "a corrected record keeps what it said before: one row per field changed, with who, when and why", """
CREATE TABLE IF NOT EXISTS record_corrections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id INTEGER NOT NULL REFERENCES request_records(id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  corrected_by TEXT NOT NULL,
  corrected_at TEXT NOT NULL,
  why TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS record_corrections_record ON record_corrections (record_id);
"""),
    Migration(6, "trainer runs are told apart (who ran them) and a practice run can be deleted", """
ALTER TABLE training_exercises ADD COLUMN trainer TEXT NOT NULL DEFAULT '';
ALTER TABLE training_exercises ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
"""),
)
