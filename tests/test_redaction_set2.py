"""Redaction measured on the second hand-labelled set, evals/labelled/redaction-set2.yaml (issue 14).

Definitions are those of evals/redaction_recall.py: a detail is caught when every letter and digit of
it lies inside a replaced span. The set's first run, before the redactor was changed for it, is kept
in evals/redaction-set2-first-run.txt (recall 0.610); the redactor was then improved with the set in
view, so the figures here are no longer held out. The figures are printed and written to
test-artifacts/redaction-set2.txt.
"""

from __future__ import annotations

import pytest

from assistant.settings import REPO_ROOT
from assistant.stores.redaction import redact
from evals.redaction_recall import DEFAULT_SET, LEGAL_WORDS, load, measure, report

EXAMPLES = load(DEFAULT_SET)
NEGATIVES = [e for e in EXAMPLES if not e.get("details")]
# Legal words that must come through every negative unchanged (statutes, forms, commands, agencies).
LEGAL = ["§ 14-154", "§ 9-131(b)", "§ 10-178(d)", "I-247A", "I-200", "I-205", "DD-5", "UF-250", "UF-61", "PSA 2",
         "PSA 7", "44 pct", "52 pct", "33 pct", "75 precinct", "28 precinct", "the 120", "PL 120.05", "PL 155.30",
         "Executive Order 41", "Local Law 228 of 2017", "Int 1412-A", "Int 214-2024", "EO 13 of 2026",
         "26 Federal Plaza", "1 Police Plaza", "Brooklyn Central Booking", "NYPD Legal Bureau", "HSI", "ERO",
         "JTTF", "CBP", "USCIS", "12/01/2026", "03/04/2026", "RMP 2231", "11208", "2025-CV-01187"]


def test_the_set_is_big_enough_and_covers_every_kind():
    assert len(EXAMPLES) >= 100 and len(NEGATIVES) >= 30
    kinds = {d["kind"] for e in EXAMPLES for d in e.get("details") or []}
    assert {"name", "dob", "phone", "address", "plate", "nysid", "a_number", "ssn", "email"} <= kinds


def test_recall_on_set2():
    figures = measure(EXAMPLES)
    text = report(figures)
    print("\n" + text)
    (REPO_ROOT / "test-artifacts").mkdir(exist_ok=True)
    (REPO_ROOT / "test-artifacts" / "redaction-set2.txt").write_text(text + "\n", encoding="utf-8")
    assert figures["unlocated"] == [], figures["unlocated"]
    assert figures["details"] == sum(len(e.get("details") or []) for e in EXAMPLES)
    assert figures["recall"] >= 0.95, text
    for kind in ("plate", "phone", "name", "address", "dob"):
        assert figures["per_kind"][kind]["recall"] >= 0.9, (kind, text)
    assert figures["legal_words_lost"] == [], text
    assert figures["negatives_unchanged_share"] >= 0.9, text


@pytest.mark.parametrize("example", NEGATIVES, ids=[e["id"] for e in NEGATIVES])
def test_every_legal_word_of_a_negative_survives(example):
    text, redacted = example["text"], redact(example["text"])
    words = [w for w in LEGAL if w in text] + [m.group() for m in LEGAL_WORDS.finditer(text)]
    missing = [w for w in words if w not in redacted]
    assert missing == [], (text, redacted)


def test_the_legal_word_list_is_really_in_the_negatives():
    """Every listed legal word occurs in some negative, so the check above tests what it names."""
    negatives = " ".join(e["text"] for e in NEGATIVES)
    assert [w for w in LEGAL if w not in negatives] == []
