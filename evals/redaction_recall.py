"""Redaction recall and over-redaction on a labelled set (evals/labelled/redaction-set2.yaml by default).

    .venv/bin/python -m evals.redaction_recall [evals/labelled/redaction-set2.yaml] [--misses]

The set is a YAML list of ``{id, text, details: [{kind, text}], note}``. Definitions:

- **caught** (a detail): every alphanumeric character of the detail's text, at its place in the
  example (its first occurrence, case-sensitive, else case-insensitive), lies inside a span that
  ``redaction.find`` replaces. Adjacent spans may share the work ("[NAME] [NAME]" catches "Ana Ruiz");
  punctuation and spaces do not count. One surviving letter or digit is a miss: no partial credit.
- **recall**: caught / labelled details, overall and per kind.
- **negatives unchanged**: share of examples with no details whose ``redact(text) == text``.
- **tokens removed**: alphanumeric tokens (runs of letters and digits) outside every labelled detail
  that lie inside a replaced span, counted on the negatives and on all examples.
- **legal words lost**: statute citations (``§ 9-131(b)``, ``8 U.S.C. § 1373``), form numbers
  (``I-247A``, ``DD-5``), precinct and command numbers (``75th Precinct``, ``the 75``, ``PSA 2``) and agency
  acronyms found outside the labelled details whose text does not survive ``redact`` unchanged.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from assistant.settings import REPO_ROOT
from assistant.stores.redaction import find, redact

DEFAULT_SET = REPO_ROOT / "evals" / "labelled" / "redaction-set2.yaml"
KINDS = ("name", "dob", "phone", "address", "email", "plate", "nysid", "a_number", "ssn", "case_number", "other")
LEGAL_WORDS = re.compile(
    r"§§?\s*\d+(?:-\d+)*(?:\([0-9a-z]+\))*(?:\s*(?:and|or|,|/)\s*\d+(?:-\d+)*(?:\([0-9a-z]+\))*)*"
    r"|\b\d+\s+U\.S\.C\.(?:\s*§+\s*\d+[a-z]?(?:\([0-9a-z]+\))*)?"
    r"|\b(?:I|DD|UF|G|N)-\d{1,4}[A-Z]?\b"
    r"|\b\d{1,3}(?:st|nd|rd|th)?\s+(?:Precinct|Pct|Squad|Detective Squad)\b|\b(?:PSA|Transit District|TD)\s+\d{1,2}\b"
    r"|\b(?:ICE|ERO|HSI|DHS|CBP|FBI|DEA|ATF|JTTF|NYPD|DOC|DOI|NCIC|DCJS|USMS|IAB|CCRB|ACS|HRA|NYCHA|DA)\b"
    r"|\b(?:Executive Order|Local Law|EO|LL)\s+\d+\b")


def load(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list of examples")
    return data


def _locate(text: str, detail: str, start: int = 0) -> tuple[int, int] | None:
    for haystack, needle in ((text, detail), (text.lower(), detail.lower())):
        i = haystack.find(needle, start)
        if i < 0:
            i = haystack.find(needle)
        if i >= 0:
            return i, i + len(detail)
    return None


def _covered(spans, start: int, end: int, text: str) -> bool:
    return all(any(s.start <= i < s.end for s in spans) for i in range(start, end) if text[i].isalnum())


def measure(examples: list[dict]) -> dict:
    """Figures for ``examples``: see the module docstring for the definitions."""
    per_kind: dict[str, list[int]] = {}
    misses, removed_neg, removed_all, lost, unlocated = [], [], [], [], []
    negatives = unchanged = 0
    for ex in examples:
        text = str(ex.get("text") or "")
        spans = find(text)
        detail_spans, pos = [], 0
        for d in ex.get("details") or []:
            where = _locate(text, str(d["text"]), pos)
            if where is None:
                unlocated.append(f"{ex.get('id')}: {d['text']!r} not in text")
                continue
            detail_spans.append(where)
            pos = where[1]
            ok = _covered(spans, *where, text)
            tally = per_kind.setdefault(str(d["kind"]), [0, 0])
            tally[0] += ok
            tally[1] += 1
            if not ok:
                misses.append(f"{ex.get('id')}: missed {d['kind']} {d['text']!r} -> {redact(text)!r}")
        if not ex.get("details"):
            negatives += 1
            unchanged += redact(text) == text
        for tok in re.finditer(r"[^\W_]+", text):
            inside_detail = any(a <= tok.start() < b for a, b in detail_spans)
            if not inside_detail and any(s.start <= tok.start() < s.end for s in spans):
                removed_all.append(f"{ex.get('id')}: {tok.group()!r}")
                if not ex.get("details"):
                    removed_neg.append(f"{ex.get('id')}: {tok.group()!r}")
        for m in LEGAL_WORDS.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in detail_spans):
                continue
            if any(s.start < m.end() and m.start() < s.end for s in spans):
                lost.append(f"{ex.get('id')}: {m.group()!r}")
    caught = sum(c for c, _ in per_kind.values())
    total = sum(n for _, n in per_kind.values())
    return {"examples": len(examples), "details": total, "caught": caught,
            "recall": caught / total if total else None,
            "per_kind": {k: {"caught": c, "details": n, "recall": c / n} for k, (c, n) in sorted(per_kind.items())},
            "negatives": negatives, "negatives_unchanged": unchanged,
            "negatives_unchanged_share": unchanged / negatives if negatives else None,
            "tokens_removed_negatives": removed_neg, "tokens_removed_outside_details": removed_all,
            "legal_words_lost": lost, "misses": misses, "unlocated": unlocated}


def report(figures: dict, show_misses: bool = True) -> str:
    f = figures
    lines = [f"{f['examples']} examples, {f['details']} labelled details, {f['negatives']} with none",
             f"detail recall: {f['caught']}/{f['details']} = {f['recall']:.3f}" if f["details"] else "no details"]
    for kind, k in f["per_kind"].items():
        lines.append(f"  {kind:12s} {k['caught']:3d}/{k['details']:<3d} {k['recall']:.3f}")
    if f["negatives"]:
        lines.append(f"negatives unchanged: {f['negatives_unchanged']}/{f['negatives']} = "
                     f"{f['negatives_unchanged_share']:.3f}")
    lines.append(f"non-personal tokens removed: {len(f['tokens_removed_negatives'])} on the negatives, "
                 f"{len(f['tokens_removed_outside_details'])} outside labelled details on all examples")
    lines.append(f"legal words lost: {len(f['legal_words_lost'])}")
    if show_misses:
        for title, key in (("misses", "misses"), ("tokens removed outside details", "tokens_removed_outside_details"),
                           ("legal words lost", "legal_words_lost"), ("labels not found", "unlocated")):
            if f[key]:
                lines.append(f"{title}:")
                lines.extend(f"  {m}" for m in f[key])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--misses" in args
    paths = [a for a in args if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_SET
    print(f"redaction on {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    print(report(measure(load(path)), show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
