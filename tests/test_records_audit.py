"""The audit log: one redacted row per answer, switchable in settings, never failing an answer."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.domain import Answer, Citation
from assistant.settings import Settings
from assistant.stores.audit import AuditLog, log_answer


def _answer(question: str = "ICE wants the release date of a prisoner named Jose Garcia, DOB 04/12/1987") -> Answer:
    return Answer(question=question, verdict="prohibited", summary="No.", answer="**Not permitted.** No [1].",
                  citations=[Citation(n=1, doc_id="ac-14-154", pinpoint="b(1)", label="§ 14-154(b)(1)", quote="q",
                                      provenance="verified", source_url="https://example.invalid")],
                  corpus_version="abc123", latency_ms=41.5, trace={"rule": "custody-info-to-immigration"})


def test_a_row_holds_the_redacted_question_and_the_answer_facts(tmp_path):
    log = AuditLog(tmp_path)
    assert log.log(_answer(), "chat") == 1
    [row] = log.recent()
    assert row["question"] == "ICE wants the release date of a prisoner named [NAME], DOB [DOB]"
    assert row["verdict"] == "prohibited" and row["rule"] == "custody-info-to-immigration"
    assert row["citations"] == ["ac-14-154#b(1)"]
    assert row["corpus_version"] == "abc123" and row["latency_ms"] == 41.5
    assert row["channel"] == "chat" and row["redactions"] == 2


def test_no_personal_detail_is_written_to_disk(tmp_path):
    AuditLog(tmp_path).log(_answer("HSI wants the address of witness Maria Lopez, phone 718-555-0123"), "cli")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("sharecheck.db*"))
    assert b"Lopez" not in raw and b"0123" not in raw


def test_switched_off_logs_nothing(tmp_path):
    log = AuditLog(tmp_path, enabled=False)
    assert log.log(_answer(), "chat") is None
    log.enabled = True
    assert log.recent() == []
    log.log(_answer(), "chat")
    assert len(log.recent()) == 1


def test_recent_is_newest_first_and_limited(tmp_path):
    log = AuditLog(tmp_path)
    for i in range(5):
        log.log(_answer(f"question {i} about ICE"), "batch")
    assert [r["question"] for r in log.recent(2)] == ["question 4 about ICE", "question 3 about ICE"]


@pytest.mark.parametrize("raw,expected", [("0", False), ("off", False), ("false", False), ("1", True), ("yes", True)])
def test_the_setting_reads_sharecheck_audit_log(monkeypatch, raw, expected):
    monkeypatch.setenv("SHARECHECK_AUDIT_LOG", raw)
    assert Settings.from_env().audit_log is expected


def test_a_bad_setting_names_the_variable(monkeypatch):
    monkeypatch.setenv("SHARECHECK_AUDIT_LOG", "sometimes")
    with pytest.raises(ValueError, match="SHARECHECK_AUDIT_LOG"):
        Settings.from_env()


def test_log_answer_follows_the_setting_and_never_raises(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SHARECHECK_AUDIT_LOG", raising=False)  # the default (on) is what is tested
    assert log_answer(Settings.from_env(data_dir=tmp_path, audit_log=False), _answer(), "cli") is None
    assert not (tmp_path / "sharecheck.db").exists()
    assert log_answer(Settings.from_env(data_dir=tmp_path), _answer(), "cli") == 1
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "sharecheck.db").write_bytes(b"this is not a database" * 100)
    assert log_answer(Settings.from_env(data_dir=broken), _answer(), "cli") is None
    assert "audit log" in capsys.readouterr().err


def test_the_store_refuses_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / "sharecheck.db").write_bytes(b"garbage" * 200)
    with pytest.raises(sqlite3.DatabaseError, match="move it aside"):
        AuditLog(tmp_path).log(_answer(), "chat")


def test_cli_ask_is_logged_redacted(cli_env, built_settings):
    from tests.console import sharecheck

    question = "ICE called asking when our prisoner Luis Fernandez gets released. Can I tell them?"
    done = sharecheck(["ask", "--json", question], cli_env)
    assert done.returncode == 0, done.stderr
    rows = [r for r in AuditLog(built_settings.data_dir).recent(200) if r["channel"] == "cli"]
    assert any(r["question"] == "ICE called asking when our prisoner [NAME] gets released. Can I tell them?"
               and r["verdict"] == "prohibited" for r in rows)


def test_the_audit_list_speaks_in_the_cards_words():
    from assistant.ui.records import audit_html

    listed = audit_html([{"at": "2026-12-01T10:15:02.123+00:00", "channel": "rest", "latency_ms": 21.4,
                          "verdict": "review", "rule": "data-for-criminal-case", "question": "FBI wants the report"}])
    assert "2026-12-01 10:15:02 · REST API · 21 ms" in listed
    assert "<strong>Needs review</strong> — FBI wants the report" in listed
    assert "(rule data-for-criminal-case)" in listed and "<strong>review</strong>" not in listed
