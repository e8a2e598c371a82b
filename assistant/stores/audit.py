"""The local audit log: one row per question answered, with personal details removed.

Each row holds when, through what (``chat``, ``cli``, ``batch``, ``api``), the question after
``redaction.redact``, the verdict, the rule that decided it, the citations (``doc_id#pinpoint``),
the corpus version and the latency. Nothing leaves the machine (DESIGN §8). Logging is on by default;
``SHARECHECK_AUDIT_LOG=0`` (Settings.audit_log) turns it off, and the Records tab can switch it off
for the running app.

    log = AuditLog(data_dir)
    log.log(answer, channel="chat")   # → row id, or None when logging is off
    log.recent(20)                     # newest first, as dicts
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from assistant.domain import Answer
from assistant.settings import Settings
from assistant.stores.db import db_path, describe, locate, open_db, transaction
from assistant.stores.redaction import find, redact

COLUMNS = ("id", "at", "channel", "question", "verdict", "rule", "citations", "corpus_version", "latency_ms",
           "redactions", "requests")


class AuditLog:
    """Audit rows in ``data_dir/sharecheck.db``. ``enabled`` may be flipped at run time (the UI switch).

    ``log`` raises sqlite3.Error when the store cannot be written; callers that must not fail an
    answer because of the log use ``log_quietly``.
    """

    def __init__(self, data_dir: Path, enabled: bool = True, corpus_dir: Path | None = None,
                 database_url: str | None = None):
        self.path = locate(db_path(data_dir), database_url)  # the SQLite file, or SHARECHECK_DATABASE_URL
        self.enabled = enabled
        self.corpus_dir = corpus_dir  # whose words redaction knows are not names (None: the settings' corpus)

    def log(self, answer: Answer, channel: str = "chat") -> int | None:
        """Store one redacted row for ``answer``; None (and nothing stored) when logging is off."""
        if not self.enabled:
            return None
        trace = answer.trace or {}
        row = {"at": datetime.now().astimezone().isoformat(timespec="milliseconds"), "channel": channel,
               "question": redact(answer.question, self.corpus_dir), "verdict": answer.verdict,
               "rule": str(trace.get("rule") or ""),
               "citations": json.dumps([f"{c.doc_id}#{c.pinpoint}" for c in answer.citations]),
               "corpus_version": answer.corpus_version, "latency_ms": float(answer.latency_ms),
               "redactions": len(find(answer.question, self.corpus_dir)),
               "requests": json.dumps([{"verdict": r.get("verdict"), "rule": r.get("rule")}
                                       for r in answer.requests])}
        conn = open_db(self.path)
        try:
            with transaction(conn):
                cur = conn.execute(f"INSERT INTO audit_log ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                                   list(row.values()))
        finally:
            conn.close()
        return cur.lastrowid

    def log_quietly(self, answer: Answer, channel: str) -> int | None:
        """``log`` that prints a warning instead of raising: the officer still gets the answer."""
        try:
            return self.log(answer, channel)
        except (sqlite3.Error, OSError) as exc:
            print(f"sharecheck: warning: the audit log at {describe(self.path)} could not be written ({exc})",
                  file=sys.stderr)
            return None

    def recent(self, limit: int = 50) -> list[dict[str, object]]:
        """The newest ``limit`` rows, newest first; ``citations`` decoded to a list."""
        conn = open_db(self.path)
        try:
            rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY id DESC LIMIT ?",
                                (int(limit),)).fetchall()
        finally:
            conn.close()
        return [{**dict(r), "citations": json.loads(r["citations"]), "requests": json.loads(r["requests"])}
                for r in rows]


def log_answer(settings: Settings, answer: Answer, channel: str) -> int | None:
    """One-line hook for the CLI: log ``answer`` when ``settings.audit_log`` is on, never raising."""
    return AuditLog(settings.data_dir, enabled=settings.audit_log, corpus_dir=settings.corpus_dir,
                    database_url=settings.database_url).log_quietly(answer, channel)
