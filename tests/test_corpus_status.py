"""The legal-audit record (corpus/AUDIT.md), the corpus edition (corpus/edition.yaml, "Law as of <date>")
and ``sharecheck corpus status``, the page a Legal Bureau reviewer works from."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.errors import AuditError, CorpusError
from assistant.knowledge.audit import load_audit, parse_audit, summary_line, tally
from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.edition import law_as_of_label, load_edition
from assistant.settings import REPO_ROOT
from tests.console import sharecheck

DOCS = {"ac-10-178", "ac-14-154", "eo-50-2025"}
AUDIT = """# Audit record

Prose a reviewer reads, even | with a pipe.

| severity | count |
|---|---|
| dangerous | 5 |

| id | severity | status | documents | resolution |
|---|---|---|---|---|
| D1 | dangerous | fixed | ac-10-178, rules | task-force-membership: Title 8 cross-designation is prohibited |
| W3 | wrong | open | ac-14-154 | tip-off-immigration still treats a qualifying notice as prohibited |
| C2 | currency | answered | eo-50-2025 | revoked on 1 January 2026; status: revoked |
| I4 | imprecise | open | scenarios | model answer of step 2 still says "may be authorized" |

More prose after the table.

| id | severity | status | documents | resolution |
|:---|:---:|---|---|---|
| C1 | currency | fixed | ac-14-154, ac-10-178 | in force, challenged in court: one sentence in each |
"""


def write_audit(folder, text=AUDIT):
    path = folder / "AUDIT.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_audit_rows_are_read_from_every_finding_table_and_nothing_else(tmp_path):
    findings = parse_audit(AUDIT, tmp_path / "AUDIT.md", DOCS)
    assert [f.id for f in findings] == ["D1", "W3", "C2", "I4", "C1"]
    d1 = findings[0]
    assert (d1.severity, d1.status, d1.documents, d1.line) == ("dangerous", "fixed", ("ac-10-178", "rules"), 11)
    assert d1.resolution == "task-force-membership: Title 8 cross-designation is prohibited"
    assert findings[-1].documents == ("ac-14-154", "ac-10-178") and findings[-1].line == 20
    assert tally(findings)["currency"] == {"fixed": 1, "answered": 1, "open": 0}
    assert tally(findings)["total"] == {"fixed": 2, "answered": 1, "open": 2}
    assert summary_line(findings) == ("findings by severity, fixed/answered/open: dangerous 1/0/0 · wrong 0/0/1 · "
                                      "imprecise 0/0/1 · currency 1/1/0 · total 2/1/2")


@pytest.mark.parametrize("row,expected", [
    ("| W9 | severe | open | ac-14-154 | x |", "severity 'severe' is not one of dangerous, wrong, imprecise, currency"),
    ("| W9 | wrong | done | ac-14-154 | x |", "status 'done' is not one of fixed, answered, open"),
    ("| W9 | wrong | open | ac-14-145, rules | x |", "unknown document 'ac-14-145'"),
    ("| W9 | wrong | open |  | x |", "documents is empty"),
    ("| W9 | wrong | open | ac-14-154 |  |", "resolution is empty"),
    ("| W9 | wrong | open |", "needs 5 cells"),
    ("| D1 | wrong | open | ac-14-154 | again |", "finding D1 is already recorded on line 11"),
])
def test_a_malformed_row_is_named_by_file_and_line(tmp_path, row, expected):
    text = AUDIT.replace("More prose after the table.", "").replace(
        "| I4 | imprecise", row + "\n| I4 | imprecise", 1)
    path = write_audit(tmp_path, text)
    with pytest.raises(AuditError) as caught:
        load_audit(path, DOCS)
    assert caught.value.problems == [f"{path}:14: " + caught.value.problems[0].split(":14: ", 1)[1]]
    assert expected in caught.value.problems[0]


def test_no_audit_file_is_no_findings(tmp_path):
    assert load_audit(tmp_path / "AUDIT.md", DOCS) == ()


def test_the_real_audit_record_names_only_real_documents():
    path = REPO_ROOT / "corpus" / "AUDIT.md"
    if not path.exists():
        pytest.skip("corpus/AUDIT.md is not written yet")
    findings = load_audit(path, load_corpus(REPO_ROOT / "corpus").documents)
    assert findings and all(f.severity and f.status for f in findings)


def test_the_corpus_edition_is_the_date_of_the_audit_it_follows(tmp_path):
    edition = load_edition(REPO_ROOT / "corpus")
    assert edition.law_as_of == date(2026, 12, 1)
    assert edition.label == "Law as of 1 December 2026"
    assert law_as_of_label("2026-12-01") == "Law as of 1 December 2026" and law_as_of_label("") == ""


@pytest.mark.parametrize("text,expected", [
    ("law_as_of: 2026-13-01\n", "edition.yaml:1: law_as_of '2026-13-01' is not a date written YYYY-MM-DD"),
    ("# the date\nlaw_as_of: December 2026\n", "edition.yaml:2: law_as_of 'December 2026' is not a date"),
    ("law_as_of: 2026-12-01\nlaw_as_off: 2026-12-02\n", "edition.yaml:2: unknown key 'law_as_off'"),
    ("as_of: 2026-12-01\n", "edition.yaml:1: needs the date the law is current to"),
])
def test_a_bad_edition_is_named_by_file_and_line(tmp_path, text, expected):
    (tmp_path / "edition.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_edition(tmp_path)
    assert expected in str(caught.value)


def test_a_missing_edition_says_what_to_write(tmp_path):
    with pytest.raises(CorpusError, match="law_as_of: 2026-12-01"):
        load_edition(tmp_path)


# --- sharecheck corpus status ---------------------------------------------------------------------------


@pytest.fixture
def status_env(cli_env, corpus_copy):
    write_audit(corpus_copy)
    return dict(cli_env, SHARECHECK_CORPUS_DIR=str(corpus_copy))


def test_status_json_lists_documents_sections_and_their_findings(status_env, corpus_copy):
    out = sharecheck(["corpus", "status", "--json"], status_env)
    assert out.returncode == 0, out.stderr
    status = json.loads(out.stdout)
    assert status["law_as_of"] == "2026-12-01" and status["audit"] == str(corpus_copy / "AUDIT.md")
    assert status["summary"]["total"] == {"fixed": 2, "answered": 1, "open": 2}
    docs = {d["id"]: d for d in status["documents"]}
    assert len(docs) == len(load_corpus(corpus_copy).documents)
    ac = docs["ac-14-154"]
    assert ac["status"] == "in-force-challenged" and ac["status_label"] == "in force, challenged in court"
    assert ac["as_of"] == "2019-12-31" and ac["source_url"].startswith("https://codelibrary.amlegal.com/")
    assert [f["id"] for f in ac["findings"]] == ["W3", "C1"] and ac["open_findings"] == ["W3"]
    b1 = next(s for s in ac["sections"] if s["pinpoint"] == "b(1)")
    assert b1 == {"pinpoint": "b(1)", "heading": b1["heading"], "provenance": "verified",
                  "status": "in-force-challenged", "origin": "restatement"}
    assert ac["provenance"]["verified"] == sum(s["provenance"] == "verified" for s in ac["sections"])
    assert docs["eo-50-2025"]["status"] == "revoked" and docs["eo-50-2025"]["open_findings"] == []
    assert {o["id"]: o["open_findings"] for o in status["others"]} == {"rules": [], "scenarios": ["I4"]}


def test_status_open_only_and_doc_narrow_the_list_but_not_the_summary(status_env):
    status = json.loads(sharecheck(["corpus", "status", "--json", "--open-only"], status_env).stdout)
    assert [d["id"] for d in status["documents"]] == ["ac-14-154"]
    assert [o["id"] for o in status["others"]] == ["scenarios"]
    assert status["summary"]["total"]["open"] == 2
    one = json.loads(sharecheck(["corpus", "status", "--json", "--doc", "eo-50-2025"], status_env).stdout)
    assert [d["id"] for d in one["documents"]] == ["eo-50-2025"] and one["others"] == []
    assert [f["id"] for f in one["documents"][0]["findings"]] == ["C2"]
    rules = json.loads(sharecheck(["corpus", "status", "--json", "--doc", "rules"], status_env).stdout)
    assert rules["documents"] == [] and [f["id"] for f in rules["others"][0]["findings"]] == ["D1"]


def test_status_table_shows_status_provenance_link_findings_and_the_summary(status_env):
    out = sharecheck(["corpus", "status", "--open-only"], status_env)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "ac-14-154" in text and "in force, challenged" in text and "https://codelibrary.amlegal" in text
    assert "#b(1)" in text and "✓ verified" in text and "? unverified" in text and "W3 wrong" in text
    assert "ac-10-178 " not in text  # its only findings are fixed or answered
    assert "W3 wrong · ac-14-154 — tip-off-immigration still treats" in text
    assert "I4 imprecise · scenarios — model answer of step 2" in text
    assert ("AUDIT.md: findings by severity, fixed/answered/open: dangerous 1/0/0 · wrong 0/0/1 · imprecise 0/0/1 · "
            "currency 1/1/0 · total 2/1/2") in text
    assert text.rstrip().splitlines()[-1].startswith("Law as of 1 December 2026 (corpus/edition.yaml) · corpus ")


def test_status_without_an_audit_record_says_so(cli_env, corpus_copy):
    (corpus_copy / "AUDIT.md").unlink(missing_ok=True)  # the shipped corpus has one
    out = sharecheck(["corpus", "status", "--doc", "ac-9-131"], dict(cli_env, SHARECHECK_CORPUS_DIR=str(corpus_copy)))
    assert out.returncode == 0, out.stderr
    assert "ac-9-131" in out.stdout and "No audit record yet: corpus/AUDIT.md does not exist." in out.stdout


def test_status_refuses_an_unknown_document_with_exit_2(status_env):
    out = sharecheck(["corpus", "status", "--doc", "ac-14-145"], status_env)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("sharecheck: --doc 'ac-14-145' is not a corpus document; give one of: ac-10-178,")
    assert out.stdout == ""


def test_status_and_index_refuse_a_typo_in_the_audit_record(status_env, corpus_copy, built_settings):
    path = corpus_copy / "AUDIT.md"
    path.write_text(AUDIT.replace("| W3 | wrong | open | ac-14-154 |", "| W3 | wrong | open | ac-14-15 |"),
                    encoding="utf-8")
    out = sharecheck(["corpus", "status"], status_env)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{path}:12: finding W3: unknown document 'ac-14-15'" in out.stderr
    manifest_before = (built_settings.index_dir / "manifest.json").read_text()
    out = sharecheck(["index"], status_env)
    assert out.returncode == 2 and f"{path}:12: finding W3: unknown document 'ac-14-15'" in out.stderr
    assert "previous index still serves" in out.stderr
    assert (built_settings.index_dir / "manifest.json").read_text() == manifest_before


def test_index_refuses_a_bad_edition(status_env, corpus_copy):
    (corpus_copy / "edition.yaml").write_text("law_as_of: soon\n", encoding="utf-8")
    out = sharecheck(["index"], status_env)
    assert out.returncode == 2 and "edition.yaml:1: law_as_of 'soon' is not a date written YYYY-MM-DD" in out.stderr


# --- "Law as of <date>" in the answer ---------------------------------------------------------------------

CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


def test_the_json_answer_carries_law_as_of(assistant):
    answer = assistant.ask(CANONICAL)
    assert answer.law_as_of == "2026-12-01"
    assert answer.model_dump()["law_as_of"] == "2026-12-01" and answer.verdict == "prohibited"


def test_the_cli_answer_ends_with_law_as_of_once(cli_env):
    out = sharecheck(["ask", CANONICAL], cli_env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Law as of 1 December 2026") == 1
    assert out.stdout.rstrip().splitlines()[-1].startswith("Law as of 1 December 2026 · ")
    data = json.loads(sharecheck(["ask", "--json", CANONICAL], cli_env).stdout)
    assert data["law_as_of"] == "2026-12-01"


def test_a_misspelt_header_or_a_row_without_its_bar_is_refused_not_hidden(tmp_path):
    from assistant.errors import AuditError
    from assistant.knowledge.audit import parse_audit
    good = "| id | severity | status | documents | resolution |\n|---|---|---|---|---|\n"
    row = "| D1 | dangerous | fixed | rules | fixed it |\n"
    assert [f.id for f in parse_audit(good + row, tmp_path / "AUDIT.md", [])] == ["D1"]
    with pytest.raises(AuditError, match=r"AUDIT.md:1: this looks like a findings table header"):
        parse_audit(good.replace("documents", "document") + row, tmp_path / "AUDIT.md", [])
    with pytest.raises(AuditError, match=r"AUDIT.md:4: a finding row must start with '\|'"):
        parse_audit(good + row + "C10 | currency | open | rules | lost bar |\n" + row.replace("D1", "D2"),
                    tmp_path / "AUDIT.md", [])
