"""``sharecheck corpus status``: per document and section, status, provenance, as-of date, official link
and the open audit findings (corpus/AUDIT.md) — the page a Legal Bureau reviewer works from.

Rows are built by assistant/knowledge/status.py; this module only reads the options and prints. A rich
table by default, ``--json`` for machines (shape in knowledge/status.py), ``--doc ID`` for one document
(or ``rules``, ``scenarios``, ``lexicon``, ``corpus``), ``--open-only`` for what still has open findings.
An unknown ``--doc``, an invalid corpus or a malformed AUDIT.md row is exit 2 with the reason (no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys

from assistant.cli.common import settings_from_env
from assistant.knowledge.status import CorpusStatus, DocumentStatus, load_status, status_label

PROVENANCE_MARKS = {"verified": "✓ verified", "secondary": "secondary", "unverified": "? unverified"}
SEVERITY_STYLES = {"dangerous": "bold red", "wrong": "red", "imprecise": "yellow", "currency": "cyan"}


def _findings_cell(entry: DocumentStatus) -> str:
    return ", ".join(f"[{SEVERITY_STYLES[f.severity]}]{f.id}[/] {f.severity}" for f in entry.open_findings) or "—"


def _provenance_cell(entry: DocumentStatus) -> str:
    return " · ".join(f"{n} {PROVENANCE_MARKS[tag]}" for tag, n in entry.provenance().items() if n)


def print_status(status: CorpusStatus, console=None) -> None:
    """The table (one bold row per document, one row per section beneath it: 〃 = the document's status),
    the open findings with their resolution notes, then the audit summary line and the law-as-of line."""
    from rich.table import Table

    from assistant.cli.render import PipeSafeConsole
    from assistant.knowledge.audit import summary_line
    from assistant.knowledge.corpus import STATUS_LABELS

    console = console or PipeSafeConsole(width=None if sys.stdout.isatty() else 160)
    table = Table(title="Corpus status", show_lines=False, expand=True)
    table.add_column("document / section", ratio=3)
    table.add_column("status", ratio=2)
    table.add_column("provenance", ratio=2)
    table.add_column("as of", no_wrap=True)
    table.add_column("official link", ratio=4, overflow="fold")  # a terminal keeps it one link (OSC 8)
    table.add_column("open findings", ratio=2)
    for entry in status.documents:
        doc = entry.document
        assert doc is not None
        table.add_row(f"[bold]{doc.id}[/bold] {doc.title}", f"[bold]{status_label(doc)}[/]",
                      _provenance_cell(entry), doc.as_of, f"[link={doc.source_url}]{doc.source_url}[/link]",
                      _findings_cell(entry), end_section=False)
        for s in entry.sections:
            origin = "" if s.origin == "restatement" else f" [dim]({s.origin})[/dim]"
            own = entry.section_status(s)
            table.add_row(f"  #{s.pinpoint} [dim]{s.heading}[/dim]{origin}",
                          "[dim]〃[/dim]" if own == doc.status else STATUS_LABELS.get(own, own),
                          PROVENANCE_MARKS.get(s.provenance, s.provenance), "", "", "",
                          end_section=s is entry.sections[-1])
    for entry in status.others:
        table.add_row(f"[bold]{entry.id}[/bold]", "", "", "", "", _findings_cell(entry), end_section=True)
    if status.documents or status.others:
        console.print(table)
    else:
        console.print("No document matches (with --open-only, none has an open finding).")
    shown = [f for entry in (*status.documents, *status.others) for f in entry.open_findings]
    if shown:
        console.print("\n[bold]Open findings[/bold]")
        for f in dict.fromkeys(shown):  # a finding naming two documents is listed once
            console.print(f"  [{SEVERITY_STYLES[f.severity]}]{f.id}[/] {f.severity} · {', '.join(f.documents)} — "
                          f"{f.resolution}", highlight=False, soft_wrap=True)
    if status.audit_path is None:
        console.print("\nNo audit record yet: corpus/AUDIT.md does not exist.")
    else:
        console.print(f"\n{status.audit_path}: {summary_line(status.findings)}", highlight=False, soft_wrap=True)
    console.print(f"{status.edition.label} (corpus/edition.yaml) · corpus {status.corpus_version[:12]}",
                  highlight=False, soft_wrap=True)


def cmd_status(args: argparse.Namespace) -> int:
    status = load_status(settings_from_env()).select(args.doc, args.open_only)
    if args.json:
        print(json.dumps(status.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_status(status)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``corpus status`` to the ``sharecheck`` subparsers ``sub``."""
    group = sub.add_parser("corpus", help="what the corpus holds and where the legal audit stands")
    commands = group.add_subparsers(dest="corpus_command", required=True)
    p = commands.add_parser("status", help="per document and section: status, provenance, as-of date, official "
                                           "link and open audit findings (corpus/AUDIT.md)")
    p.add_argument("--json", action="store_true", help="print the status as one JSON object")
    p.add_argument("--doc", metavar="ID", help="only this document id (or rules, scenarios, lexicon, corpus)")
    p.add_argument("--open-only", action="store_true", help="only documents with open audit findings")
    p.set_defaults(func=cmd_status)
