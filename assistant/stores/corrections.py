"""Corrections of request records (table ``record_corrections``, migration 5): a record can be put
right, and what it said before stays, with who changed it, when and why.

    corrections = RecordCorrections(data_dir)
    corrections.correct(7, {"response": "declined"}, by="po.chen", why="I picked the wrong response")
    corrections.history(7)   # [{"field": "response", "old_value": "provided", "new_value": "declined", …}]

A correction is validated and redacted like a new record (records.clean); the reason is redacted
too. Only the member who made the record, or a supervisor of its command, may correct it (the
caller passes the scope it may touch, as ``RequestRecords.select`` takes it).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.errors import RecordError
from assistant.stores.db import open_db, transaction
from assistant.stores.records import BOOLEANS, RequestRecord, RequestRecords, clean
from assistant.stores.redaction import redact

# What a member may correct; who made the record, its review and its question stay as they were.
CORRECTABLE = ("requested_at", "agency", "unit", "requested", "response", "supervisor_notified",
               "legal_bureau_contacted", "notes", "immigration")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class RecordCorrections:
    """Corrections of the request records in the store of ``data_dir`` (or SHARECHECK_DATABASE_URL)."""

    def __init__(self, data_dir: Path, corpus_dir: Path | None = None, database_url: str | None = None):
        self.records = RequestRecords(data_dir, corpus_dir=corpus_dir, database_url=database_url)
        self.corpus_dir = corpus_dir

    def correct(self, record_id: int, changes: dict[str, object], by: str, why: str,
                recorded_by: str | None = None, command: str | None = None) -> RequestRecord:
        """Apply ``changes`` (field → new value) to record ``record_id`` and return it as stored now.

        ``recorded_by``/``command`` (None: any) are the records the corrector may touch. Raises
        RecordError for no reason given, a field that cannot be corrected, a bad value, a record
        outside the corrector's scope, or changes that change nothing.
        """
        why = redact((why or "").strip(), self.corpus_dir)
        if not why:
            raise RecordError("say why the record is corrected (e.g. 'the response was declined, not provided'); "
                              "the reason is kept with the correction")
        unknown = [f for f in changes if f not in CORRECTABLE]
        if unknown:
            raise RecordError(f"{', '.join(unknown)} cannot be corrected; these can: {', '.join(CORRECTABLE)}")
        try:
            old = self.records.select_one(record_id)
        except RecordError:
            old = None
        if old is None or (recorded_by is not None and old.recorded_by != recorded_by) or \
                (command is not None and old.command != command):
            raise RecordError(f"there is no record {record_id} among the records you may correct; list them "
                              "first and use a number from the list")
        values: dict[str, Any] = {f: (bool(v) if f in BOOLEANS else v) for f, v in changes.items()}
        new = clean(replace(old, **values), self.corpus_dir)
        before, after = asdict(old), asdict(new)
        changed = [f for f in CORRECTABLE if before[f] != after[f]]
        if not changed:
            raise RecordError(f"record {record_id} already says that; nothing was changed")
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        conn = open_db(self.records.path)
        try:
            with transaction(conn):
                for f in changed:
                    conn.execute("INSERT INTO record_corrections (record_id, field, old_value, new_value, "
                                 "corrected_by, corrected_at, why) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (old.id, f, _text(before[f]), _text(after[f]), by, at, why))
                conn.execute(f"UPDATE request_records SET {', '.join(f'{f} = ?' for f in changed)} WHERE id = ?",
                             [int(after[f]) if f in BOOLEANS else after[f] for f in changed] + [old.id])
        finally:
            conn.close()
        return self.records.select_one(record_id)

    def history(self, record_id: int) -> list[dict[str, object]]:
        """Every correction of ``record_id``, oldest first: field, old_value, new_value, corrected_by,
        corrected_at, why."""
        conn = open_db(self.records.path)
        try:
            rows = conn.execute("SELECT field, old_value, new_value, corrected_by, corrected_at, why "
                                "FROM record_corrections WHERE record_id = ? ORDER BY id", (int(record_id),)).fetchall()
        finally:
            conn.close()
        return [dict(r) for r in rows]

    def counts(self, record_ids: list[int]) -> dict[int, int]:
        """How many fields were corrected, per record id that has any."""
        if not record_ids:
            return {}
        conn = open_db(self.records.path)
        try:
            rows = conn.execute("SELECT record_id, count(*) AS n FROM record_corrections WHERE record_id IN "
                                f"({', '.join('?' for _ in record_ids)}) GROUP BY record_id",
                                [int(i) for i in record_ids]).fetchall()
        finally:
            conn.close()
        return {int(r["record_id"]): int(r["n"]) for r in rows}
