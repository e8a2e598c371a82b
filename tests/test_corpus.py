"""corpus/ loads, carries the fixed document ids (DESIGN §3), and bad files are named by file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.knowledge.corpus import CorpusError, corpus_version, label_for, load_corpus
from assistant.settings import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "corpus"
DESIGN_IDS = [
    "ac-14-154", "ac-9-131", "ac-9-205", "ac-10-178", "ac-4-210", "ac-23-ch12", "eo-34-2003",
    "eo-41-2003", "eo-50-2025", "eo-13-2026", "nys-eo-170", "nys-crl-28", "nys-cpl-160-50",
    "wells-v-demarco", "federal-baseline", "nypd-ops-order-2025", "nypd-guidance", "city-guidance-2025",
    "doi-nypd-2025", "doi-doc-2025", "int-1412-2025", "int-214-2024", "nys-proposals-2026", "glossary",
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS_DIR)


# ---- the real corpus ---------------------------------------------------------------------------

def test_every_design_document_id_exists(corpus):
    assert sorted(corpus.documents) == sorted(DESIGN_IDS)


@pytest.mark.parametrize("doc_id", DESIGN_IDS)
def test_every_document_has_sections(corpus, doc_id):
    assert [s for s in corpus.sections if s.doc_id == doc_id]


@pytest.mark.parametrize("doc_id, status", [
    ("eo-50-2025", "revoked"),
    ("ac-14-154", "in-force-challenged"),
    ("int-1412-2025", "in-force"),
    ("nys-proposals-2026", "proposed"),
])
def test_document_status(corpus, doc_id, status):
    assert corpus.documents[doc_id].status == status


def test_int_214_is_historical_not_in_force(corpus):
    assert corpus.documents["int-214-2024"].status == "historical"


@pytest.mark.parametrize("doc_id", DESIGN_IDS)
def test_body_says_official_text_governs_and_links_source(corpus, doc_id):
    doc = corpus.documents[doc_id]
    text = Path(doc.path).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]  # after the front matter
    assert "official text governs" in body.lower()
    assert doc.source_url in body


def test_every_section_has_a_known_provenance(corpus):
    bad = [(s.doc_id, s.pinpoint, s.provenance) for s in corpus.sections
           if s.provenance not in {"verified", "secondary", "unverified"}]
    assert bad == []


def test_every_section_has_text(corpus):
    assert all(s.text.strip() for s in corpus.sections)


@pytest.mark.parametrize("doc_id, pinpoint, provenance", [
    ("ac-14-154", "b(2)", "unverified"),      # 48-hour hold: status after 2019 unverified
    ("doi-nypd-2025", "kordia-referral", "unverified"),
    ("ac-14-154", "b(1)", "verified"),
    ("doi-nypd-2025", "incident-1", "secondary"),
])
def test_provenance_of_known_sections(corpus, doc_id, pinpoint, provenance):
    assert corpus.section(doc_id, pinpoint).provenance == provenance


def test_section_resting_on_unverified_item_is_not_verified(corpus):
    assert corpus.section("ac-14-154", "b(2)").provenance != "verified"


def test_section_lookup_is_exact(corpus):
    assert corpus.has("ac-14-154", "b(1)")
    assert not corpus.has("ac-14-154", "b(9)")
    assert not corpus.has("ac-14-155", "b")
    assert corpus.section("ac-14-154", "b").pinpoint == "b"


def test_sections_record_their_heading_line(corpus):
    s = corpus.section("ac-14-154", "b(1)")
    lines = Path(corpus.documents["ac-14-154"].path).read_text(encoding="utf-8").splitlines()
    assert "{#b(1) provenance=" in lines[s.line - 1]


# ---- labels ------------------------------------------------------------------------------------

def test_label_subdivision_style(corpus):
    assert label_for(corpus.documents["ac-14-154"], "b(1)") == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert label_for(corpus.documents["ac-14-154"], "b") == "N.Y.C. Admin. Code § 14-154(b)"


def test_label_section_style(corpus):
    assert label_for(corpus.documents["ac-23-ch12"], "23-1202(c)(1)") == "N.Y.C. Admin. Code § 23-1202(c)(1)"


def test_label_named_style_uses_heading(corpus):
    doc = corpus.documents["doi-nypd-2025"]
    assert doc.pinpoint_style == "named"
    label = label_for(doc, "incident-1", "Incident 1: task-force alerts (Nov. 2024)")
    assert label == f"{doc.citation}, Incident 1: task-force alerts (Nov. 2024)"


def test_label_named_style_without_heading_falls_back_to_pinpoint(corpus):
    doc = corpus.documents["glossary"]
    assert label_for(doc, "judicial-warrant") == f"{doc.citation}, judicial-warrant"


# ---- bad input: every problem names file and line ----------------------------------------------

def _doc(corpus_copy: Path, name: str) -> Path:
    return corpus_copy / "documents" / name


def _problems(corpus_copy: Path) -> list[str]:
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    return info.value.problems


def _names(problems: list[str], path: Path, line: int) -> bool:
    return any(p.startswith(f"{path}:{line}: ") for p in problems)


def _line_of(path: Path, prefix: str) -> int:
    """1-based line of the first line of ``path`` starting with ``prefix``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


ONE_SECTION = "## (a) Sole {#a provenance=verified}\n\nSome text.\n"


def _minimal(doc_id: str, body: str = ONE_SECTION, **fields) -> str:
    meta = {"id": doc_id, "title": "T", "citation": "C", "kind": "law", "jurisdiction": "NYC",
            "status": "in-force", "as_of": "2020-01-01", "source_url": "https://www.nyc.gov/x",
            "authority": 1}
    meta.update(fields)
    head = "\n".join(f"{k}: {v}" for k, v in meta.items() if v is not None)
    return f"---\n{head}\n---\n\n# Title\n\n> Official text governs: https://www.nyc.gov/x\n\n{body}"


def test_copy_of_real_corpus_loads(corpus_copy):
    assert "ac-14-154" in load_corpus(corpus_copy).documents


def test_broken_yaml_front_matter_names_file_and_line(corpus_copy):
    path = _doc(corpus_copy, "ac-10-178.md")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("title: ")
    lines[2] = 'title: "Immigration enforcement'  # unclosed quote on line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(corpus_copy)
    assert len(problems) == 1
    m = re.match(rf"^{re.escape(str(path))}:(\d+): front matter is not valid YAML", problems[0])
    assert m, problems
    assert 2 <= int(m.group(1)) <= 12  # inside the front matter


def test_unclosed_front_matter_is_reported(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text("---\nid: extra\ntitle: T\n\n## (a) x {#a provenance=verified}\n\ntext\n",
                    encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "not closed" in problems[0]


def test_missing_front_matter_is_reported(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text("# just a title\n\n## (a) x {#a provenance=verified}\n\ntext\n", encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "front matter" in problems[0]


def test_missing_required_field_names_file_line_and_field(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text(_minimal("extra", source_url=None), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "source_url" in problems[0] and "missing" in problems[0]


def test_empty_front_matter_is_reported_not_skipped(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text("---\n---\n\n## (a) x {#a provenance=verified}\n\ntext\n", encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "missing" in problems[0]


@pytest.mark.parametrize("field, value, message", [
    ("kind", "statute", "kind 'statute' is not one of"),
    ("status", "repealed", "status 'repealed' is not one of"),
    ("jurisdiction", "NJ", "jurisdiction 'NJ' is not one of"),
    ("pinpoint_style", "fancy", "pinpoint_style 'fancy' is not one of"),
    ("authority", 9, "authority must be a whole number from 1 to 5"),
    ("pinpoint_style", "section", "needs a section_prefix"),
])
def test_bad_field_value_names_file_line_and_field(corpus_copy, field, value, message):
    path = _doc(corpus_copy, "extra.md")
    path.write_text(_minimal("extra", **{field: value}), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert len(problems) == 1
    assert _names(problems, path, _line_of(path, f"{field}:"))
    assert message in problems[0]


def _statute_kind(corpus_copy: Path) -> Path:
    path = _doc(corpus_copy, "ac-10-178.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: law", "kind: statute", 1), encoding="utf-8")
    return path


def test_unknown_kind_in_real_document(corpus_copy):
    path = _statute_kind(corpus_copy)
    problems = _problems(corpus_copy)
    assert _names(problems, path, _line_of(path, "kind:"))
    assert "kind 'statute'" in problems[0]


def test_unknown_kind_points_at_its_own_line(corpus_copy):
    path = _statute_kind(corpus_copy)
    assert _names(_problems(corpus_copy), path, 5)


def test_id_must_equal_file_name(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text(_minimal("something-else"), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, _line_of(path, "id:"))
    assert "'something-else'" in problems[0] and "'extra'" in problems[0]


def test_duplicate_document_id_is_rejected(corpus_copy):
    # Two files carrying id ac-14-154. Because the id must equal the file name, the second file
    # is caught by that check; the corpus never ends up with two documents of one id.
    original = _doc(corpus_copy, "ac-14-154.md")
    copy = _doc(corpus_copy, "ac-14-154-copy.md")
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert len(problems) == 1
    assert _names(problems, copy, _line_of(copy, "id:"))
    assert "'ac-14-154'" in problems[0]


def test_heading_without_anchor_names_file_and_line(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    body = "## (a) Fine {#a provenance=verified}\n\nText.\n\n## (b) No anchor here\n\nMore text.\n"
    path.write_text(_minimal("extra", body=body), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("## (b) No anchor here") + 1
    problems = _problems(corpus_copy)
    assert _names(problems, path, line)
    assert "{#pinpoint provenance=" in problems[0]


def test_heading_with_pinpoint_but_no_provenance_is_rejected(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    body = "## (a) Fine {#a provenance=verified}\n\nText.\n\n## (b) Half {#b}\n\nMore.\n"
    path.write_text(_minimal("extra", body=body), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("## (b) Half {#b}") + 1
    assert _names(_problems(corpus_copy), path, line)


def test_bad_provenance_word_names_file_and_line(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    body = "## (a) Sole {#a provenance=confirmed}\n\nText.\n"
    path.write_text(_minimal("extra", body=body), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("## (a) Sole {#a provenance=confirmed}") + 1
    problems = _problems(corpus_copy)
    assert _names(problems, path, line)
    assert "'confirmed'" in problems[0]


def test_bad_pinpoint_characters_are_rejected(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    body = "## (a) Sole {#A_1 provenance=verified}\n\nText.\n"
    path.write_text(_minimal("extra", body=body), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert any("'A_1'" in p for p in problems)


def test_duplicate_pinpoint_names_both_lines(corpus_copy):
    path = _doc(corpus_copy, "ac-10-178.md")
    text = path.read_text(encoding="utf-8")
    first = text.splitlines().index(next(x for x in text.splitlines() if "{#c provenance=" in x)) + 1
    text += "\n## (c) Again {#c provenance=verified}\n\nDuplicate.\n"
    path.write_text(text, encoding="utf-8")
    dup_line = len(text.splitlines()) - 2
    problems = _problems(corpus_copy)
    assert _names(problems, path, dup_line)
    assert f"#c already used on line {first}" in problems[0]


def test_empty_section_names_file_and_line(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    body = "## (a) Empty {#a provenance=verified}\n\n\n## (b) Full {#b provenance=verified}\n\nText.\n"
    path.write_text(_minimal("extra", body=body), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("## (a) Empty {#a provenance=verified}") + 1
    problems = _problems(corpus_copy)
    assert problems == [f"{path}:{line}: section #a has no text"]


def test_document_without_sections_is_rejected(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_text(_minimal("extra", body="Just prose, no citable unit.\n"), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "no citable sections" in problems[0]


def test_every_problem_is_reported_at_once(corpus_copy):
    a = _doc(corpus_copy, "extra-a.md")
    b = _doc(corpus_copy, "extra-b.md")
    a.write_text(_minimal("extra-a", kind="statute"), encoding="utf-8")
    b.write_text(_minimal("extra-b", body="## (a) x {#a provenance=maybe}\n\nText.\n"), encoding="utf-8")
    problems = _problems(corpus_copy)
    assert any(p.startswith(f"{a}:") for p in problems)
    assert any(p.startswith(f"{b}:") for p in problems)


def test_missing_documents_folder(tmp_path):
    with pytest.raises(CorpusError, match="no documents folder"):
        load_corpus(tmp_path)


def test_non_utf8_document_is_reported(corpus_copy):
    path = _doc(corpus_copy, "extra.md")
    path.write_bytes(b"---\nid: extra\ntitle: caf\xe9\n---\n")
    problems = _problems(corpus_copy)
    assert _names(problems, path, 1)
    assert "UTF-8" in problems[0]


# ---- corpus version ----------------------------------------------------------------------------

def test_corpus_version_is_stable(corpus_copy):
    assert corpus_version(corpus_copy) == corpus_version(corpus_copy)
    assert load_corpus(corpus_copy).version == load_corpus(corpus_copy).version


def test_corpus_version_does_not_depend_on_location(corpus, corpus_copy):
    assert load_corpus(corpus_copy).version == corpus.version


def test_corpus_version_changes_when_a_document_changes(corpus_copy):
    before = corpus_version(corpus_copy)
    path = _doc(corpus_copy, "ac-10-178.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    after = corpus_version(corpus_copy)
    assert after != before
    assert load_corpus(corpus_copy).version == after


def test_corpus_version_changes_when_rules_change(corpus_copy):
    before = corpus_version(corpus_copy)
    rules = corpus_copy / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# comment\n", encoding="utf-8")
    assert corpus_version(corpus_copy) != before


def test_corpus_version_includes_extra_files(corpus_copy, tmp_path):
    extra = tmp_path / "ingested.json"
    extra.write_text("{}", encoding="utf-8")
    assert corpus_version(corpus_copy, [extra]) != corpus_version(corpus_copy)
