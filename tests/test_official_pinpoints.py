"""The statute texts in ../shared/legal/official split into exactly the code's pinpoints, and the
corpus restatements and the rule table cite only pinpoints that exist there (corpus/README.md).

The official files are read in place through the ``official_dir`` fixture; nothing is copied.
"""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.engine.rules import load_rules
from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.ingest import ingest_file
from assistant.settings import REPO_ROOT

AC_14_154 = ["a", "a(1)", "a(2)", "a(3)", "a(4)", "a(5)", "a(6)", "b", "b(1)", "b(2)", "b(3)", "c", "d", "e",
             "f", "f(1)", "f(2)", "f(3)", "f(4)", "f(5)", "g"]


@pytest.fixture(scope="module")
def official(official_dir):
    """{doc_id: {pinpoint: Section}} over every official file, plus the raw per-file pinpoint lists."""
    by_doc: dict[str, dict] = {}
    per_file: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(official_dir.glob("*.rst")):
        sections = ingest_file(path)
        per_file[path.stem] = [(s.doc_id, s.pinpoint) for s in sections]
        for s in sections:
            by_doc.setdefault(s.doc_id, {})[s.pinpoint] = s
    return by_doc, per_file


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO_ROOT / "corpus")


def _pins(official, doc_id):
    return official[0][doc_id]


def exists_in_official(pinpoint: str, official_pins) -> bool:
    """A corpus pinpoint exists when the official text has it exactly, or has children of it.

    The official § 23-1204 and § 23-1205 begin straight with subdivision a., so the splitter yields
    ``23-1204(a)``… but no bare ``23-1204``; the restatement's ``23-1204`` section covers the whole
    section and counts as existing because ``23-1204(...)`` children exist. A child is matched on
    ``pinpoint + "("`` so ``23-120`` never matches ``23-1204``, and ``b`` never matches ``b(1)``
    unless it is followed by ``(``.
    """
    return pinpoint in official_pins or any(p.startswith(pinpoint + "(") for p in official_pins)


# ---- exact splits ------------------------------------------------------------------------------

def test_14_154_splits_into_exactly_the_code_pinpoints(official):
    pins = [pin for doc, pin in official[1]["ac-14-154"] if doc == "ac-14-154"]
    assert pins == AC_14_154


def test_14_154_file_also_carries_14_101_under_its_own_id(official):
    assert [(d, p) for d, p in official[1]["ac-14-154"] if d != "ac-14-154"] == [("ac-14-101", "14-101")]


def test_10_178_splits_into_a_to_e(official):
    assert official[1]["ac-10-178"] == [("ac-10-178", p) for p in "abcde"]


@pytest.mark.parametrize("stem", ["ac-10-178", "ac-14-154", "ac-23-ch12", "ac-4-210", "ac-9-131", "ac-9-205"])
def test_each_pinpoint_appears_once(official, stem):
    counts = Counter(official[1][stem])
    assert [k for k, n in counts.items() if n > 1] == []


def test_23_ch12_uses_section_number_pinpoints(official):
    pins = _pins(official, "ac-23-ch12")
    for pin in ("23-1201", "23-1202(a)", "23-1202(c)(1)", "23-1202(c)(3)", "23-1202(i)", "23-1203(9)",
                "23-1204(a)(2)", "23-1205(c)"):
        assert pin in pins
    assert "23-1202(j)" not in pins


def test_every_official_section_is_verified_official_text(official):
    sections = [s for doc in official[0].values() for s in doc.values()]
    assert {s.origin for s in sections} == {"official"}
    # Split text says what it is; it is "verified" only once a reviewer marks it (`sharecheck ingest --verify`).
    assert {s.provenance for s in sections} == {"unverified"}


# ---- never merged or split ---------------------------------------------------------------------

def test_14_154_b1_is_the_judicial_warrant_test_alone(official):
    b1 = _pins(official, "ac-14-154")["b(1)"].text
    assert b1.startswith("1. The department may only honor")
    assert "judicial warrant" in b1
    assert "forty-eight hours" not in b1 and "48 hours" not in b1
    assert "Notwithstanding paragraph one" not in b1


def test_14_154_b2_is_the_48_hour_hold(official):
    b2 = _pins(official, "ac-14-154")["b(2)"].text
    assert b2.startswith("2. Notwithstanding paragraph one")
    assert "forty-eight hours" in b2  # the official text spells out "48 hours"
    assert "obligation of the department to maintain the confidentiality" not in b2  # that is b(3)


def test_14_154_a2_keeps_its_clauses_inside(official):
    pins = _pins(official, "ac-14-154")
    a2 = pins["a(2)"].text
    assert "youthful offender" in a2
    assert "i. was adjudicated as a youthful offender" in a2
    assert "ii. has not had a judgment" in a2
    assert "Federal immigration authorities" not in a2  # a(3) starts after it
    assert not any(p.startswith("a(2)(") for p in pins)


def test_14_154_a6_keeps_clauses_i_to_v_inside(official):
    a6 = _pins(official, "ac-14-154")["a(6)"].text
    assert "i. a felony defined" in a6 and "v. any crime codified" in a6
    assert "b. Prohibition" not in a6


def test_14_154_subdivision_b_heading_is_separate_from_its_paragraphs(official):
    b = _pins(official, "ac-14-154")["b"].text
    assert b.startswith("b. Prohibition on honoring a civil immigration detainer")
    assert "The department may only honor" not in b


def test_14_154_g_is_the_successor_provision(official):
    assert "successor provision" in _pins(official, "ac-14-154")["g"].text


def test_10_178_e_keeps_cooperative_arrangements(official):
    e = _pins(official, "ac-10-178")["e"].text
    assert e.startswith("e. Nothing in this section")
    assert "cooperative arrangements" in e


def test_10_178_a_keeps_both_definitions(official):
    a = _pins(official, "ac-10-178")["a"].text
    assert "City property" in a and "Immigration enforcement" in a
    assert "secretary of homeland security" not in a  # that is (b)


# ---- corpus ↔ official cross-check -------------------------------------------------------------

def test_exists_in_official_prefix_rule():
    pins = {"23-1203", "23-1203(1)", "23-1204(a)", "b(1)"}
    assert exists_in_official("23-1203", pins)
    assert exists_in_official("23-1204", pins)       # only children exist
    assert exists_in_official("b", pins)              # parent of b(1)
    assert not exists_in_official("23-120", pins)     # a bare string prefix is not a parent
    assert not exists_in_official("23-1205", pins)
    assert not exists_in_official("b(2)", pins)


def _ac_sections(corpus):
    return [s for s in corpus.sections if s.doc_id.startswith("ac-")]


def test_corpus_has_administrative_code_sections(corpus):
    assert {s.doc_id for s in _ac_sections(corpus)} == {
        "ac-14-154", "ac-9-131", "ac-9-205", "ac-10-178", "ac-4-210", "ac-23-ch12"}


def test_every_corpus_ac_pinpoint_exists_in_official_text(corpus, official):
    missing = [f"{s.doc_id}#{s.pinpoint} (line {s.line})" for s in _ac_sections(corpus)
               if not exists_in_official(s.pinpoint, official[0].get(s.doc_id, {}))]
    assert missing == []


def test_corpus_23_ch12_pinpoints_match_official_exactly_where_official_has_them(corpus, official):
    pins = _pins(official, "ac-23-ch12")
    exact = {s.pinpoint for s in corpus.sections if s.doc_id == "ac-23-ch12"} & set(pins)
    assert {"23-1201", "23-1202(c)(1)", "23-1202(c)(3)", "23-1203"} <= exact


def test_cross_check_catches_an_invented_pinpoint(official):
    assert not exists_in_official("b(4)", _pins(official, "ac-14-154"))
    assert not exists_in_official("f", _pins(official, "ac-10-178"))


def test_every_rule_citation_to_the_code_exists_in_official_text(official):
    table = load_rules(REPO_ROOT / "corpus" / "rules.yaml")
    refs = {ref for _, ref in table.citations() if ref.doc_id.startswith("ac-")}
    assert refs  # the table does cite the code
    missing = [str(r) for r in sorted(refs, key=str)
               if not exists_in_official(r.pinpoint, official[0].get(r.doc_id, {}))]
    assert missing == []
