"""The stores' database: the SQLite file ``data_dir/sharecheck.db`` (WAL mode), or PostgreSQL, schema by migration.

Every store (audit log, request records, exercise results, evaluator scores) opens the file with
``open_db``, which brings the schema up to date first (``migrations.py``: ordered, each applied once,
recorded in ``schema_version``). WAL mode plus a busy timeout lets two people write at once without
losing a row; every write runs in its own transaction.

With ``SHARECHECK_DATABASE_URL=postgresql://…`` (Settings.database_url) every store lives in
PostgreSQL instead: ``locate`` picks the target, ``open_db`` hands a URL to ``postgres.py`` (the one
module that imports SQLAlchemy), which runs the same migrations and translates the SQL. Nothing the
SQLite file gets changes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import StoreError
from assistant.stores.migrations import MIGRATIONS, Migration

BUSY_TIMEOUT_MS = 10_000
VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)"""


def db_path(data_dir: Path) -> Path:
    return data_dir / "sharecheck.db"


def locate(path: Path | str, database_url: str | None = None) -> Path | str:
    """Where a store lives: ``database_url`` when set (None: ``SHARECHECK_DATABASE_URL``), else ``path``."""
    url = os.environ.get("SHARECHECK_DATABASE_URL", "") if database_url is None else database_url
    return url.strip() or path


def describe(target: Path | str) -> str:
    """``target`` for a message: a path, or a URL without its password."""
    if isinstance(target, str) and "://" in target:
        from assistant.stores.postgres import describe as describe_url

        return describe_url(target)
    return str(target)


def check_database(url: str) -> None:
    """Open the database at ``url`` once (bringing its schema up to date), so a server refuses to start on
    a database it cannot use instead of failing its first request. Raises StoreError saying why."""
    try:
        open_db(url).close()
    except sqlite3.Error as exc:
        raise StoreError(f"the database of SHARECHECK_DATABASE_URL cannot be used ({exc}); start PostgreSQL or "
                         "correct the URL (postgresql://user:password@host:5432/db)") from exc


def open_db(path: Path | str, migrations: tuple[Migration, ...] = MIGRATIONS):
    """Open (creating if needed) the store at ``path`` in WAL mode, with every migration applied.

    ``path`` may be a ``postgresql://`` URL: then a ``postgres.PgConnection`` with the same methods.
    Raises sqlite3.DatabaseError naming the path when the file is not a SQLite database, and
    StoreError when it was written by a newer ShareCheck (a schema version this code does not know)
    or the URL is not one ShareCheck can use.
    """
    if isinstance(path, str) and "://" in path:
        from assistant.stores.postgres import is_postgres, open_postgres

        if not is_postgres(path):
            raise StoreError(f"SHARECHECK_DATABASE_URL={describe(path)} is not a PostgreSQL URL; give one like "
                             "postgresql://sharecheck:PASSWORD@127.0.0.1:5432/sharecheck, or unset it to use "
                             "the SQLite file in the data folder")
        return open_postgres(path, migrations, migrate)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _owner_only(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        _set_up(conn, migrations)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise sqlite3.DatabaseError(f"{path} is not a usable ShareCheck database ({exc}); move it aside") from exc
    except StoreError:
        conn.close()
        raise
    return conn


def _owner_only(path: Path) -> None:
    """Create the store file readable by its owner only (0600), or tighten one that is wider: it holds
    password and session hashes and the records. SQLite gives its -wal and -shm files the same mode."""
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        elif path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except PermissionError:
        pass  # a file another user owns: theirs to tighten; SQLite reports it if it cannot be read


def _set_up(conn: sqlite3.Connection, migrations: tuple[Migration, ...]) -> None:
    """WAL mode, the busy timeout and the migrations, retried while another writer holds the file.

    Switching a new file to WAL needs the file to itself, and SQLite reports "database is locked" at
    once instead of waiting, so two writers opening a new store together would lose one's record.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            migrate(conn, migrations)
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def schema_version(conn) -> int:
    """The highest migration applied to ``conn``'s database (0 for a new or pre-migration file)."""
    conn.execute(VERSION_TABLE)
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def migrate(conn, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations ``conn`` has not had yet, each in its own transaction; returns their versions.

    Two processes opening one file at once are safe: the version is re-read under the write lock,
    so a migration another process just applied is skipped. Raises StoreError for a database that
    is ahead of this code.
    """
    applied: list[int] = []
    known = max((m.version for m in migrations), default=0)
    current = schema_version(conn)
    if current > known:
        raise StoreError(f"this database has schema version {current}, newer than this ShareCheck "
                         f"knows ({known}); upgrade ShareCheck instead of opening it with an older one")
    if current == known:
        return applied  # the common case: one read, no write lock
    for migration in migrations:
        with transaction(conn):
            if conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (migration.version,)).fetchone():
                continue
            for statement in migration.statements():
                try:
                    conn.execute(statement)
                except sqlite3.OperationalError as exc:
                    # A column a pre-migration database already has (added by hand or a dev build)
                    # is the state the migration wants; anything else is a real failure.
                    if "duplicate column name" not in str(exc):
                        raise
            conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.name, time.strftime("%Y-%m-%dT%H:%M:%S%z")))
            applied.append(migration.version)
    return applied


@contextmanager
def transaction(conn) -> Iterator:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception, so a write is all or nothing.

    On PostgreSQL the connection's own ``transaction()`` (the same guarantee, postgres.py)."""
    if not isinstance(conn, sqlite3.Connection):
        with conn.transaction():
            yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
