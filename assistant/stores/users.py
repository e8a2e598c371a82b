"""Local accounts and their sign-in sessions (tables ``users`` and ``sessions``, migration 3).

    users = UserStore(data_dir)
    users.add("jdoe", ["officer"], command="PCT-075", password="correct horse battery staple")
    token = users.sign_in("jdoe", "correct horse battery staple", minutes=480)   # None when wrong
    users.session_user(token)   # → User("jdoe", ("officer",), "PCT-075"), until the session expires

Passwords are hashed with Argon2id (argon2-cffi's PasswordHasher defaults, RFC 9106's second
recommended parameter set); only a SHA-256 of each session token is stored, so a copy of the
database can neither reveal a password nor sign anyone in. The argon2 import lives here only.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import StoreError
from assistant.stores.db import db_path, locate, open_db, transaction

# What each role may do is in ui/access.py; these are the names a user row may carry.
ROLES = ("officer", "supervisor", "trainer", "evaluator", "admin")
ALL_COMMANDS = "*"  # a supervisor over every command (a borough or citywide desk); '' is no command
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 12  # NIST SP 800-63B asks for at least 8; a shared precinct machine deserves more
_HASHER = PasswordHasher()
# Verifying against this when the user does not exist takes as long as a real check, so the
# response time does not tell a caller which names exist.
_DUMMY_HASH = _HASHER.hash("not a password anyone has")


class UserError(StoreError):
    """A user name, role or password that cannot be used; the message says what to give instead."""


@dataclass(frozen=True)
class User:
    """A signed-in person: ``name``, ``roles`` (a tuple of ROLES) and ``command`` (a precinct or unit;
    ALL_COMMANDS for every command; '' for none)."""

    name: str
    roles: tuple[str, ...]
    command: str = ""

    def has(self, *roles: str) -> bool:
        """True when the user holds at least one of ``roles``."""
        return any(r in self.roles for r in roles)


def check_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``roles`` de-duplicated in ROLES order; raises UserError for none or an unknown one."""
    wanted = [r.strip().lower() for r in roles if r.strip()]
    unknown = [r for r in wanted if r not in ROLES]
    if unknown or not wanted:
        raise UserError(f"role {', '.join(unknown) or '(none)'} is not one of {', '.join(ROLES)}; "
                        "give one or more, e.g. --role officer")
    return tuple(r for r in ROLES if r in wanted)


def check_name(name: str) -> str:
    """``name`` stripped and in lower case (``PO.Chen`` and ``po.chen`` are one account); raises
    UserError unless it is 1–64 letters, digits, '.', '_', '@' or '-'."""
    name = (name or "").strip().lower()
    if not NAME.match(name):
        raise UserError(f"user name {name!r} must be 1–64 letters, digits, '.', '_', '@' or '-', starting "
                        "with a letter or digit, e.g. jdoe or j.doe@nypd.org")
    return name


def check_password(password: str) -> str:
    """``password`` unchanged; raises UserError when it has fewer than MIN_PASSWORD characters that
    are not spaces."""
    if len((password or "").strip()) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters (a phrase of a few words "
                        "is easiest to remember)")
    return password


def _key(name: str) -> str:
    """How a name is looked up: stripped, lower case (as check_name stores it)."""
    return (name or "").strip().lower()


def _now() -> datetime:
    return datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserStore:
    """The accounts in the shared store of ``data_dir``; each call opens its own connection."""

    def __init__(self, data_dir: Path, database_url: str | None = None):
        self.path = locate(db_path(data_dir), database_url)  # the SQLite file, or SHARECHECK_DATABASE_URL

    def add(self, name: str, roles: list[str] | tuple[str, ...], command: str = "", password: str = "") -> User:
        """Create user ``name``; ``password`` '' makes an account that signs in only through the trusted
        single-sign-on header. Raises UserError for a bad name, role or password, or a name taken."""
        name, roles = check_name(name), check_roles(roles)
        hashed = _HASHER.hash(check_password(password)) if password else ""
        conn = open_db(self.path)
        try:
            with transaction(conn):
                if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                    raise UserError(f"user {name!r} already exists; change it with `sharecheck users set {name} …` "
                                    "or pick another name")
                conn.execute("INSERT INTO users (name, password_hash, roles, command, created_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             (name, hashed, ",".join(roles), command.strip(), _now().isoformat(timespec="seconds")))
        finally:
            conn.close()
        return User(name, roles, command.strip())

    def update(self, name: str, roles: list[str] | None = None, command: str | None = None,
               password: str | None = None) -> User:
        """Change what is given (None: keep) for ``name``; a new password ends every session of the user.
        Raises UserError for an unknown user or a bad value."""
        current = self.get(name)
        if current is None:
            raise UserError(f"there is no user {name!r}; `sharecheck users list` shows who there is")
        new_roles = check_roles(roles) if roles is not None else current.roles
        new_command = command.strip() if command is not None else current.command
        conn = open_db(self.path)
        try:
            with transaction(conn):
                conn.execute("UPDATE users SET roles = ?, command = ? WHERE name = ?",
                             (",".join(new_roles), new_command, current.name))
                if password is not None:
                    conn.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                                 (_HASHER.hash(check_password(password)), current.name))
                    conn.execute("DELETE FROM sessions WHERE user_name = ?", (current.name,))
        finally:
            conn.close()
        return User(current.name, new_roles, new_command)

    def remove(self, name: str) -> None:
        """Delete ``name`` and their sessions; raises UserError when there is no such user."""
        name = _key(name)
        conn = open_db(self.path)
        try:
            with transaction(conn):
                conn.execute("DELETE FROM sessions WHERE user_name = ?", (name,))
                if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                    raise UserError(f"there is no user {name!r}; `sharecheck users list` shows who there is")
        finally:
            conn.close()

    def get(self, name: str) -> User | None:
        """The enabled user ``name`` (in any case), or None."""
        name = _key(name)
        rows = self._rows("SELECT name, roles, command FROM users WHERE name = ? AND disabled = 0", (name,))
        return rows[0] if rows else None

    def all(self) -> list[User]:
        """Every user, by name."""
        return self._rows("SELECT name, roles, command FROM users ORDER BY name", ())

    def _rows(self, sql: str, args: tuple) -> list[User]:
        conn = open_db(self.path)
        try:
            rows = conn.execute(sql, args).fetchall()
        finally:
            conn.close()
        return [User(r["name"], tuple(x for x in r["roles"].split(",") if x), r["command"]) for r in rows]

    def sign_in(self, name: str, password: str, minutes: int) -> str | None:
        """A new session token valid for ``minutes`` when ``password`` is ``name``'s, else None.

        Takes an Argon2 verification's time either way. Expired sessions are removed here."""
        conn = open_db(self.path)
        try:
            name = _key(name)
            row = conn.execute("SELECT password_hash FROM users WHERE name = ? AND disabled = 0",
                               (name,)).fetchone()
            stored = row["password_hash"] if row and row["password_hash"] else ""
            try:
                _HASHER.verify(stored or _DUMMY_HASH, password or "")
            except (VerificationError, InvalidHashError):
                return None
            if not stored:
                return None
            token = secrets.token_urlsafe(32)
            now = _now()
            with transaction(conn):
                conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now.isoformat(),))
                conn.execute("INSERT INTO sessions (token_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                             (_token_hash(token), name, now.isoformat(),
                              (now + timedelta(minutes=minutes)).isoformat()))
        finally:
            conn.close()
        return token

    def session_user(self, token: str) -> User | None:
        """The user whose unexpired session ``token`` is, or None."""
        if not token:
            return None
        conn = open_db(self.path)
        try:
            row = conn.execute("SELECT u.name, u.roles, u.command FROM sessions s JOIN users u ON u.name = s.user_name "
                               "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
                               (_token_hash(token), _now().isoformat())).fetchone()
        finally:
            conn.close()
        return User(row["name"], tuple(x for x in row["roles"].split(",") if x), row["command"]) if row else None

    def sign_out(self, token: str) -> None:
        """End the session ``token`` (nothing happens for an unknown one)."""
        conn = open_db(self.path)
        try:
            with transaction(conn):
                conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token or ""),))
        finally:
            conn.close()

    def log_admin(self, actor: str, action: str, detail: str = "") -> None:
        """Append an admin action (who switched the audit log, added a user …) to ``admin_events``."""
        conn = open_db(self.path)
        try:
            with transaction(conn):
                conn.execute("INSERT INTO admin_events (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                             (_now().isoformat(timespec="seconds"), actor, action, detail))
        finally:
            conn.close()

    def admin_events(self, limit: int = 50) -> list[dict]:
        """The newest ``limit`` admin actions, newest first."""
        conn = open_db(self.path)
        try:
            rows = conn.execute("SELECT at, actor, action, detail FROM admin_events ORDER BY id DESC LIMIT ?",
                                (int(limit),)).fetchall()
        finally:
            conn.close()
        return [dict(r) for r in rows]
