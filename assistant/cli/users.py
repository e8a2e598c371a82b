"""``sharecheck users add | set | remove | list | events``: local accounts for ``SHARECHECK_AUTH=local``.

    sharecheck users add jdoe --role officer --command PCT-075        # asks for the password twice
    printf '%s\\n' "$PASSWORD" | sharecheck users add ci-admin --role admin --password-stdin
    sharecheck users set jdoe --role officer --role supervisor         # roles replaced; --password to change it
    sharecheck users remove jdoe
    sharecheck users list [--json]
    sharecheck users events                                             # admin actions (audit-log switch …)

Roles: officer, supervisor, trainer, evaluator, admin (ui/access.py says what each may do). A bad
name, role or password exits 2 saying what to give instead. Adding a user for the single-sign-on
header mode needs no password (``--sso``): the proxy vouches for them, the account gives roles.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from assistant.cli.common import settings_from_env
from assistant.errors import UsageError
from assistant.stores.users import ROLES, UserStore


def _password(args: argparse.Namespace) -> str:
    if getattr(args, "sso", False):
        if args.password_stdin:
            raise UsageError("--sso makes an account that signs in through the proxy only: give no password "
                             "(drop --password-stdin), or drop --sso")
        return ""
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise UsageError("--password-stdin read an empty line; pipe the password in, e.g. "
                             "printf '%s\\n' \"$PASSWORD\" | sharecheck users add NAME --role officer --password-stdin")
        return line
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password: pipe it with --password-stdin, or give --sso for an "
                         "account that signs in through the proxy only")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ; run the command again")
    return first


def _actor() -> str:
    """Who ran the command, for ``users events``: the operating-system account."""
    return f"cli:{getpass.getuser()}"


def _store() -> UserStore:
    return UserStore(settings_from_env().data_dir)


def cmd_add(args: argparse.Namespace) -> int:
    user = _store().add(args.name, args.role, command=args.command or "", password=_password(args))
    _store().log_admin(_actor(), "user_added", f"{user.name} ({', '.join(user.roles)})")
    print(f"added {user.name}: {', '.join(user.roles)}" + (f", command {user.command}" if user.command else ""))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    password = _password(args) if args.password or args.password_stdin else None
    user = _store().update(args.name, roles=args.role, command=args.command, password=password)
    _store().log_admin(_actor(), "user_changed", f"{user.name} ({', '.join(user.roles)})"
                       + ("; password changed, sessions ended" if password is not None else ""))
    print(f"{user.name}: {', '.join(user.roles)}" + (f", command {user.command}" if user.command else ""))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    _store().remove(args.name)
    _store().log_admin(_actor(), "user_removed", args.name)
    print(f"removed {args.name}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    users = _store().all()
    if args.json:
        for u in users:
            print(json.dumps({"name": u.name, "roles": list(u.roles), "command": u.command}))
        return 0
    if not users:
        print("no accounts yet: sharecheck users add NAME --role admin", file=sys.stderr)
    for u in users:
        print(f"{u.name:<24} {','.join(u.roles):<40} {u.command}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    for e in _store().admin_events(args.limit):
        print(f"{e['at']}  {e['actor']:<16} {e['action']:<16} {e['detail']}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sharecheck users …`` to the top-level parser."""
    users = sub.add_parser("users", help="local accounts and roles (SHARECHECK_AUTH=local)")
    verbs = users.add_subparsers(dest="verb", required=True)
    roles_help = f"one of {', '.join(ROLES)}; repeat for several"
    add = verbs.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, choices=ROLES, help=roles_help)
    add.add_argument("--command", default="", help="precinct or unit whose records a supervisor reviews "
                                                   "('*' for every command)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--sso", action="store_true", help="no password: signs in through the trusted proxy only")
    add.set_defaults(func=cmd_add)
    change = verbs.add_parser("set", help="change roles, command or password")
    change.add_argument("name")
    change.add_argument("--role", action="append", choices=ROLES, help=roles_help + " (replaces the roles)")
    change.add_argument("--command", default=None)
    change.add_argument("--password", action="store_true", help="ask for a new password (ends their sessions)")
    change.add_argument("--password-stdin", action="store_true")
    change.set_defaults(func=cmd_set)
    remove = verbs.add_parser("remove", help="delete an account and its sessions")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_remove)
    listing = verbs.add_parser("list", help="every account")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)
    events = verbs.add_parser("events", help="admin actions, newest first")
    events.add_argument("--limit", type=int, default=50)
    events.set_defaults(func=cmd_events)
