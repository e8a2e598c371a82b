"""Evaluation scores keep no personal detail: the store redacts every free text it is handed (question,
comment, the answer JSON's question echo, summary, trace and request words), and CSV exports live in a
folder only the service user can read and are removed after download or on expiry (issue 14)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import httpx
import pytest

from assistant.stores.exports import EXPORT_TTL_SECONDS, remove_expired_exports, remove_export
from assistant.stores.scores import Score, ScoreStore
from assistant.ui.evaluate import LIVE, MAX_CITATIONS

# One detail of each kind the issue planted; each must be gone from everything stored or exported.
DETAILS = ["Maria Lopez", "marco ruiz", "04/12/1987", "917-555-0199", "3475550188", "1432 Grand Concourse",
           "KJT4821", "12345678K", "A123-456-789", "Okafor"]
QUESTION = ("ICE wants to know if the victim Maria Lopez, DOB 04/12/1987, lives at 1432 Grand Concourse, Apt 5C. "
            "Her wife marco ruiz drives plate KJT4821; NYSID 12345678K, A-number A123-456-789, cell 3475550188.")
COMMENT = "Caller gave 917-555-0199 and said Ms. Okafor is the complainant; verdict right."
LEGAL = ["ICE", "Admin. Code § 14-154(b)(1)", "NYSID", "A-number", "DOB"]


def answer_for(question: str) -> dict:
    """An answer JSON as the pipeline gives it, echoing the question's words in every free-text place."""
    return {"id": None, "question": question, "verdict": "prohibited", "summary": f"No: {question}",
            "answer": "Do not share the address [1].", "reasons": [{"text": f"You said: {question}", "citations": [1]}],
            "actions": ["Tell your supervisor."], "followups": [f"Is {DETAILS[0]} in custody?"],
            "citations": [{"n": 1, "doc_id": "ac-14-154", "pinpoint": "b(1)", "label": "Admin. Code § 14-154(b)(1)",
                           "quote": "shall not disclose", "provenance": "verified", "source_url": "https://x"}],
            "facts": {"requester": "ice_ero", "action": "address"}, "corpus_version": "2026120101",
            "trace": {"rule": "share_address", "facts": [{"slot": "action", "value": "address", "from": question}]},
            "requests": [{"n": 1, "words": question, "verdict": "prohibited", "summary": question}]}


def leaks(text: str) -> list[str]:
    return [d for d in DETAILS if d.lower() in text.lower()]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_score_stores_no_personal_detail_and_its_export_is_private(tmp_path):
    store = ScoreStore.for_data_dir(tmp_path)
    store.add(Score(evaluator="Sgt. Rivera", case_id="live-1", question=QUESTION, answer=answer_for(QUESTION),
                    verdict_correct="yes", clarity=4, comment=COMMENT, citations={1: "yes"}))
    conn = sqlite3.connect(tmp_path / "sharecheck.db")
    raw = json.dumps(conn.execute("SELECT * FROM eval_scores").fetchall(), ensure_ascii=False)
    raw += json.dumps(conn.execute("SELECT * FROM eval_citation_judgements").fetchall())
    conn.close()
    assert leaks(raw) == [], raw
    (row,) = store.rows()
    assert leaks(json.dumps(row, ensure_ascii=False)) == []
    assert "[NAME]" in row["question"] and "[PLATE]" in row["question"] and "[PHONE]" in row["comment"]
    assert all(word in row["question"] for word in ("ICE", "NYSID", "A-number", "DOB")), row["question"]
    # Identifiers stay exact: the dashboard and the citation table match on them.
    assert row["corpus_version"] == "2026120101" and row["answer_verdict"] == "prohibited"
    assert row["evaluator"] == "Sgt. Rivera" and row["citations"] == "1:yes"
    stored = json.loads(sqlite3.connect(tmp_path / "sharecheck.db").execute(
        "SELECT answer_json FROM eval_scores").fetchone()[0])
    assert stored["citations"][0]["label"] == "Admin. Code § 14-154(b)(1)"
    assert stored["trace"]["rule"] == "share_address"

    assert leaks(store.export_csv()) == []
    path = store.write_export(tmp_path)
    folder = tmp_path / "exports" / "scores"
    assert path.is_relative_to(folder) and mode(folder) == 0o700 and mode(path.parent) == 0o700
    assert mode(tmp_path / "exports") == 0o700
    assert mode(path) == 0o600
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 1 and rows[0]["comment"].endswith("verdict right.")
    for file in folder.rglob("*"):
        if file.is_file():
            assert leaks(file.read_text(encoding="utf-8")) == [], file
    remove_export(path)
    assert not path.exists() and not path.parent.exists() and folder.exists()


def test_old_exports_expire_and_a_loose_folder_is_tightened(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    store = ScoreStore.for_data_dir(tmp_path)
    old = store.write_export(tmp_path)
    assert mode(folder) == 0o700
    remove_expired_exports(folder / "scores", now=time.time() + EXPORT_TTL_SECONDS - 60)
    assert old.exists()
    new = store.write_export(tmp_path, now=time.time() + EXPORT_TTL_SECONDS + 60)
    assert not old.exists() and new.exists()
    remove_export(None)  # quiet on nothing
    remove_export(new)
    remove_export(new)  # and on a file already gone


@pytest.mark.parametrize("comment", ["", "   "])
def test_empty_comment_stays_empty(tmp_path, comment):
    store = ScoreStore.for_data_dir(tmp_path)
    store.add(Score(evaluator="A", case_id="c", question="Can I tell ICE?", answer=answer_for("Can I tell ICE?"),
                    verdict_correct="no", clarity=2, comment=comment))
    assert store.rows()[0]["comment"] == "" and store.rows()[0]["question"] == "Can I tell ICE?"


def test_the_evaluate_tab_stores_and_exports_nothing_personal(app_url, built_settings):
    """Through the app: a live question and a comment full of details, scored and exported."""
    import tempfile

    from gradio_client import Client

    store = ScoreStore.for_data_dir(built_settings.data_dir)
    client = Client(app_url, verbose=False)
    client.predict(LIVE, None, QUESTION, api_name="/eval_answer")
    client.predict("Rivera", "yes", "4", COMMENT, *([None] * MAX_CITATIONS), api_name="/eval_submit")
    assert leaks(json.dumps(store.rows()[-1], ensure_ascii=False)) == []
    conn = sqlite3.connect(built_settings.data_dir / "sharecheck.db")
    assert leaks(json.dumps(conn.execute("SELECT * FROM eval_scores").fetchall(), ensure_ascii=False)) == []
    conn.close()
    assert leaks(Path(_client_export(client)).read_text(encoding="utf-8")) == []
    # The server hands out the file in its private folder (served as a static path, so Gradio makes no
    # copy in its temp folder), not a copy under Gradio's temp folder.
    served = _raw_export(app_url)
    folder = (built_settings.data_dir / "exports").resolve()
    assert Path(served["path"]).resolve().is_relative_to(folder) and "/gradio_api/file=" + str(folder) in served["url"]
    assert leaks(httpx.get(served["url"], timeout=30).text) == []
    gradio_tmp = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")
    for file in [*folder.rglob("*.csv"), *(gradio_tmp.rglob("*.csv") if gradio_tmp.exists() else [])]:
        assert leaks(file.read_text(encoding="utf-8", errors="replace")) == [], file
        if file.is_relative_to(folder):
            assert mode(file) == 0o600 and mode(file.parent) == 0o700
    assert mode(folder) == 0o700 and list(folder.rglob("*.csv"))


def _client_export(client) -> str:
    result = client.predict(api_name="/eval_export")
    value = result["value"] if isinstance(result, dict) and "value" in result else result
    return value["path"] if isinstance(value, dict) else value


def _raw_export(app_url: str) -> dict:
    """The file data /eval_export sends over the wire (gradio_client would download and hide it)."""
    event = httpx.post(app_url + "gradio_api/call/eval_export", json={"data": []}, timeout=30).json()["event_id"]
    stream = httpx.get(app_url + f"gradio_api/call/eval_export/{event}", timeout=60).text
    data = json.loads(next(line[5:] for line in stream.splitlines() if line.startswith("data:")))
    return data[0]["value"]


def test_a_score_stored_unredacted_before_this_change_is_redacted_as_read(tmp_path):
    store = ScoreStore.for_data_dir(tmp_path)
    store.add(Score(evaluator="A", case_id="c", question="Can I tell ICE?", answer=answer_for("Can I tell ICE?"),
                    verdict_correct="yes", clarity=4))
    conn = sqlite3.connect(tmp_path / "sharecheck.db")
    with conn:  # as an older ShareCheck wrote it: the question and comment as typed
        conn.execute("UPDATE eval_scores SET question = ?, comment = ?",
                     ("ICE wants the address of the victim Maria Lopez", "call her at 917-555-0199"))
    conn.close()
    row = store.rows()[0]
    assert "Maria Lopez" not in row["question"] and "917-555-0199" not in row["comment"]
    assert leaks(store.export_csv()) == []
