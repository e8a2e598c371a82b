"""``corpus/AUDIT.md``: how each legal-audit finding was resolved, read from its Markdown table(s).

The file is prose for a Legal Bureau reviewer; only tables whose header row is exactly
``| id | severity | status | documents | resolution |`` are read (every other line is left alone)::

    | id | severity | status | documents | resolution |
    |---|---|---|---|---|
    | D1 | dangerous | fixed | ac-10-178, rules | task-force-membership: Title 8 … |

``severity`` ∈ SEVERITIES, ``status`` ∈ STATUSES, ``documents`` = comma-separated corpus document ids
or the targets in TARGETS (``rules``, ``scenarios``, ``lexicon``, ``corpus``). ``load_audit(path,
doc_ids)`` → ``tuple[Finding, ...]`` in file order; a malformed row is an AuditError naming the file and
line (unknown severity, status or document, a missing id or resolution, an id used twice). A missing
file is no findings (the audit may not be written yet).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AuditError

AUDIT_FILE = "AUDIT.md"
SEVERITIES = ("dangerous", "wrong", "imprecise", "currency")
STATUSES = ("fixed", "answered", "open")
TARGETS = ("rules", "scenarios", "lexicon", "corpus")  # what a finding may name besides a document id
COLUMNS = ("id", "severity", "status", "documents", "resolution")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_RULE_ROW = re.compile(r"^[\s|:]*-[\s|:\-]*$")  # the |---|:---:|---| line under a header


@dataclass(frozen=True)
class Finding:
    """One audit finding as AUDIT.md records it; ``line`` is its 1-based line in ``path``."""

    id: str
    severity: str
    status: str
    documents: tuple[str, ...]
    resolution: str
    path: str = ""
    line: int = 0

    def as_dict(self) -> dict[str, object]:
        """``{"id", "severity", "status", "documents": [...], "resolution", "line"}`` (for JSON)."""
        return {"id": self.id, "severity": self.severity, "status": self.status, "documents": list(self.documents),
                "resolution": self.resolution, "line": self.line}


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, stripped: ``"| a | b \\| c |"`` → ``["a", "b \\| c"]``."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in _CELL_SPLIT.split(body)]


def _is_header(line: str) -> bool:
    return line.lstrip().startswith("|") and tuple(c.lower() for c in _cells(line)) == COLUMNS


def _near_header(line: str) -> bool:
    """A table header that starts like the findings header ("| id | severity | …") but differs."""
    cells = tuple(c.lower() for c in _cells(line)) if line.lstrip().startswith("|") else ()
    return len(cells) >= 2 and cells[:2] == COLUMNS[:2] and cells != COLUMNS


_FINDING_ID = re.compile(r"^[A-Z]\d+\s*\|")


def _finding(cells: list[str], where: str, known: Collection[str], problems: list[str]) -> Finding | None:
    """The Finding of one row's cells, or None after appending what is wrong to ``problems``."""
    if len(cells) < len(COLUMNS):
        problems.append(f"{where}: a finding row needs {len(COLUMNS)} cells ({' | '.join(COLUMNS)}); "
                        f"this one has {len(cells)}")
        return None
    fid, severity, status, documents = (c.strip("`* ") for c in cells[:4])
    resolution = " | ".join(cells[4:]).strip()  # a stray unescaped | inside the resolution is kept as text
    bad = []
    if not fid:
        bad.append("the id is empty")
    if severity.lower() not in SEVERITIES:
        bad.append(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    if status.lower() not in STATUSES:
        bad.append(f"status {status!r} is not one of {', '.join(STATUSES)}")
    names = tuple(n.strip().strip("`") for n in documents.split(",") if n.strip().strip("`"))
    if not names:
        bad.append(f"documents is empty; name the corpus document ids or one of {', '.join(TARGETS)}")
    unknown = [n for n in names if n not in known and n not in TARGETS]
    if unknown:
        bad.append(f"unknown document {', '.join(repr(n) for n in unknown)}; use a corpus document id "
                   f"(corpus/documents/<id>.md) or one of {', '.join(TARGETS)}")
    if not resolution:
        bad.append("resolution is empty; say what changed, or why it stays")
    if bad:
        problems.append(f"{where}: finding {fid or '?'}: " + "; ".join(bad))
        return None
    return Finding(id=fid, severity=severity.lower(), status=status.lower(), documents=names, resolution=resolution)


def parse_audit(text: str, path: Path, doc_ids: Collection[str]) -> tuple[Finding, ...]:
    """The findings of AUDIT.md ``text``; raises AuditError listing every malformed row as ``path:line``."""
    problems: list[str] = []
    findings: list[Finding] = []
    first: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _is_header(line):
            in_table = True
            continue
        if not in_table:
            if _near_header(line):
                # "| id | severity | status | document | …": a misspelt header would hide its rows.
                problems.append(f"{path}:{number}: this looks like a findings table header but is not "
                                f"exactly | {' | '.join(COLUMNS)} |; its rows would be ignored")
            continue
        if not line.lstrip().startswith("|"):
            if _FINDING_ID.match(line.strip()):
                # A row that lost its leading "|" would end the table and drop every row after it.
                problems.append(f"{path}:{number}: a finding row must start with '|'")
                continue
            in_table = False  # a blank or prose line ends the table
            continue
        if _RULE_ROW.match(line):
            continue
        found = _finding(_cells(line), f"{path}:{number}", doc_ids, problems)
        if found is None:
            continue
        if found.id in first:
            problems.append(f"{path}:{number}: finding {found.id} is already recorded on line {first[found.id]}; "
                            "keep one row per finding")
            continue
        first[found.id] = number
        findings.append(Finding(**{**found.__dict__, "path": str(path), "line": number}))
    if problems:
        raise AuditError(problems)
    return tuple(findings)


def load_audit(path: Path, doc_ids: Collection[str]) -> tuple[Finding, ...]:
    """The findings recorded in ``path`` (corpus/AUDIT.md), checked against the corpus's ``doc_ids``.

    Returns ``()`` when the file does not exist. Raises AuditError (``file:line: …``) for a malformed
    row or a file that cannot be read as UTF-8.
    """
    if not path.exists():
        return ()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditError([f"{path}:1: cannot read the audit record as UTF-8 text ({exc})"]) from exc
    return parse_audit(text, path, doc_ids)


def tally(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Counts by severity then status, every pair present, plus ``total``:
    ``{"dangerous": {"fixed": 5, "answered": 0, "open": 0}, …, "total": {"fixed": …, …}}``."""
    counts = {sev: dict.fromkeys(STATUSES, 0) for sev in (*SEVERITIES, "total")}
    for f in findings:
        counts[f.severity][f.status] += 1
        counts["total"][f.status] += 1
    return counts


def summary_line(findings: Iterable[Finding]) -> str:
    """One line, counts per severity as fixed/answered/open:
    ``"findings by severity, fixed/answered/open: dangerous 5/0/0 · wrong 9/1/1 · … · total 40/10/7"``."""
    counts = tally(findings)
    parts = [f"{sev} {'/'.join(str(counts[sev][s]) for s in STATUSES)}" for sev in (*SEVERITIES, "total")]
    return "findings by severity, " + "/".join(STATUSES) + ": " + " · ".join(parts)
