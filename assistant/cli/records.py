"""``sharecheck records list | export | audit``: § 10-178(d) request records and the audit log.

    sharecheck records list [--from 2026-04-01] [--to 2026-06-30] [--agency ice_ero] [--json]
    sharecheck records export --from 2026-04-01 --to 2026-06-30 [--detail] [--out report.csv]
    sharecheck records audit [--limit 20] [--json]

``export`` writes the quarterly-report CSV (counts by quarter, requesting agency and response) to
standard output or ``--out``; ``--detail`` writes one row per record instead. A bad date or agency
exits 2 with a message (cli.UsageError).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from assistant.cli.common import settings_from_env
from assistant.errors import UsageError
from assistant.stores.audit import AuditLog
from assistant.stores.quarterly import counted, load_scope, quarterly_csv
from assistant.stores.records import (
    AGENCIES,
    RESPONSES,
    RecordError,
    RequestRecord,
    RequestRecords,
    detail_csv,
)


def _select(args: argparse.Namespace) -> list[RequestRecord]:
    try:
        return RequestRecords(settings_from_env().data_dir).select(args.date_from, args.date_to, args.agency)
    except RecordError as exc:
        raise UsageError(str(exc)) from exc


def cmd_list(args: argparse.Namespace) -> int:
    records = _select(args)
    if args.json:
        for r in records:
            print(json.dumps({**asdict(r), "quarter": r.quarter}, ensure_ascii=False))
        return 0
    if not records:
        print("no records in that range", file=sys.stderr)
    for r in records:
        flags = ", ".join(f for f, on in (("supervisor notified", r.supervisor_notified),
                                          ("Legal Bureau contacted", r.legal_bureau_contacted)) if on)
        print(f"#{r.id}  {r.requested_at}  {AGENCIES[r.agency]}{' / ' + r.unit if r.unit else ''}\n"
              f"     requested: {r.requested or '-'}\n     response: {RESPONSES[r.response]}"
              f"{' (' + flags + ')' if flags else ''}{chr(10) + '     notes: ' + r.notes if r.notes else ''}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    records = _select(args)
    scope = load_scope(settings_from_env().corpus_dir)
    text = detail_csv(records) if args.detail else quarterly_csv(records, scope)
    note = ("" if args.detail else f" ({len(counted(records, scope))} of them counted under {scope.provision}: "
            "from an immigration authority or to further immigration enforcement)")
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"{len(records)} records{note} → {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    rows = AuditLog(settings_from_env().data_dir).recent(args.limit)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['at']}  {row['channel']:<5}  {row['verdict']:<12}  {row['latency_ms']:>7.1f} ms  "
                  f"{row['question']}")
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day, inclusive")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day, inclusive")
    p.add_argument("--agency", choices=sorted(AGENCIES), help="only requests from this agency")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``records`` with its ``list``, ``export`` and ``audit`` subcommands to the ``sharecheck`` parser."""
    records = sub.add_parser("records", help="§ 10-178(d) request records and the audit log")
    inner = records.add_subparsers(dest="records_command", required=True)
    p = inner.add_parser("list", help="list recorded requests")
    _filters(p)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_list)
    p = inner.add_parser("export", help="CSV for the quarterly report (counts by agency and response)")
    _filters(p)
    p.add_argument("--detail", action="store_true", help="one row per record instead of counts")
    p.add_argument("--out", metavar="FILE.csv", help="write here instead of standard output")
    p.set_defaults(func=cmd_export)
    p = inner.add_parser("audit", help="the newest audit-log entries (questions redacted)")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_audit)
