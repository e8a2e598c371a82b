"""The local SQLite store (``data_dir/sharecheck.db``): one file, WAL mode, one schema per table owner.

Evaluator scores, trainee results and request records each own their tables and register their
schema with ``open_db(..., schema=...)``. WAL mode plus a busy timeout lets two people write at once
without losing a row; every write runs in its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def db_path(data_dir: Path) -> Path:
    return data_dir / "sharecheck.db"


def open_db(path: Path, schema: str = "") -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path`` in WAL mode and apply ``schema`` (idempotent DDL).

    Raises sqlite3.DatabaseError with the path when the file is not a SQLite database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        if schema:
            conn.executescript(schema)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise sqlite3.DatabaseError(f"{path} is not a usable ShareCheck database ({exc}); move it aside") from exc
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception, so a write is all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
