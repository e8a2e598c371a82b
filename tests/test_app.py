"""The Gradio app on a free loopback port, driven through gradio_client's named endpoints."""

from __future__ import annotations

import csv
import uuid

import pytest

CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


@pytest.fixture
def fresh_client(app_url):
    """A client with its own session, so chat state (the last answer) is not shared between tests."""
    from gradio_client import Client

    return Client(app_url, verbose=False)


def test_ask_endpoint_returns_the_json_answer(client):
    answer = client.predict(CANONICAL, [], api_name="/ask")
    assert answer["verdict"] == "prohibited"
    assert answer["citations"][0]["label"] == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert answer["followups"]


def test_ask_endpoint_uses_history(client):
    answer = client.predict("It's an I-205.", ["ICE wants us to hold our prisoner past release. Can we?"],
                            api_name="/ask")
    assert answer["verdict"] == "prohibited" and answer["facts"]["document"] == "admin_warrant"


def test_ask_endpoint_rejects_empty_question(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict("   ", [], api_name="/ask")


def test_chat_endpoint_renders_card_sources_trace_and_transcript(fresh_client):
    box, messages, verdict, sources, trace = fresh_client.predict(CANONICAL, [], api_name="/chat")[:5]
    assert box == ""
    assert "Not permitted" in verdict and "sc-card-prohibited" in verdict and "data-turn='1'" in verdict
    assert "What to do" in verdict and "href='#source-1'" in verdict
    assert "N.Y.C. Admin. Code § 14-154(b)(1)" in sources and "✓ verified" in sources and "in force" in sources
    assert "Rule applied" in trace and "requester" in trace
    assert messages[-2]["role"] == "assistant" and "Not permitted" in str(messages[-2]["content"])
    assert "[1]" in str(messages[-1]["content"])  # the full answer, folded under the verdict line


def test_record_this_request_prefills_saves_redacted_and_lists(fresh_client):
    fresh_client.predict(CANONICAL, [], api_name="/chat")
    when, agency, unit, requested, response, supervisor, legal, notes = fresh_client.predict(
        api_name="/record_draft")[:8]
    assert agency == "ice" and response == "declined" and requested.startswith("Release date")
    assert not unit and not notes and supervisor is False and legal is False
    marker = f"unit-{uuid.uuid4().hex[:8]}"
    saved = fresh_client.predict(when, agency, marker, requested, response, True, False,
                                 "Agent asked about Mr. Jose Garcia, DOB 04/12/1987", api_name="/record")
    assert "Saved as record #" in saved and "Personal details were removed" in saved
    listed, counts, status = fresh_client.predict("", "", "ice", api_name="/records_list")
    assert marker in listed and "Mr. [NAME], DOB [DOB]" in listed and "Garcia" not in listed
    assert "ICE (component not stated)" in counts and "Declined" in counts and "record" in status


def test_record_refuses_a_bad_date(fresh_client):
    from gradio_client.exceptions import AppError

    fresh_client.predict(CANONICAL, [], api_name="/chat")
    with pytest.raises(AppError, match="2026-04-02 14:05"):
        fresh_client.predict("last Tuesday", "ice", "", "", "declined", False, False, "", api_name="/record")


def test_export_writes_the_quarterly_csv(client):
    update, status = client.predict("2000-01-01", "2099-12-31", "", api_name="/records_export")
    path = update["value"] if isinstance(update, dict) else update
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["quarter", "receiving_agency", "requesting_agency", "response", "requests", "counted_under"]
    assert all(len(r) == 6 and r[1] == "NYPD" and int(r[4]) > 0 and r[5].startswith("N.Y.C. Admin. Code § 10-178(d)")
               for r in rows[1:])
    assert "Exported" in status


def test_audit_log_switch_stops_and_resumes_logging(client, fresh_client, built_settings):
    from assistant.stores.audit import AuditLog

    log = AuditLog(built_settings.data_dir)
    question = f"ICE asked for the address of a witness named Ana Ruiz, case {uuid.uuid4().hex[:6]}. Can I?"
    try:
        client.predict(False, api_name="/audit_log")
        fresh_client.predict(question, [], api_name="/chat")
        assert not any(question[-20:] in str(r["question"]) for r in log.recent(20))
    finally:
        client.predict(True, api_name="/audit_log")
    fresh_client.predict(question, [], api_name="/chat")
    [row] = [r for r in log.recent(20) if question[-20:] in str(r["question"])]
    assert "named [NAME]" in str(row["question"]) and "Ruiz" not in str(row["question"])
    assert row["channel"] == "chat" and row["citations"] and row["corpus_version"]


def test_asking_shows_one_small_progress_mark_on_the_verdict_card_not_spinners_over_the_page(assistant):
    from assistant.ui.app import build_app

    config = build_app(assistant).get_config_file()
    card = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "sc-verdict")
    asks = [d for d in config["dependencies"] if d.get("api_name") == "chat" or str(d.get("api_name")).startswith(
        "respond")]
    assert len(asks) == 5  # Enter, the Ask button, three follow-up buttons
    assert all(d["show_progress"] == "minimal" and d["show_progress_on"] == [card] for d in asks)


def test_the_queue_keeps_per_caller_state_for_at_most_the_session_cap(assistant):
    from gradio.utils import LRUCache

    from assistant.ui.app import QUEUE_EVENTS_KEPT, bound_queue_memory, build_app

    blocks = build_app(assistant)
    blocks.queue()
    bound_queue_memory(blocks, 7)
    queues = blocks._queue.pending_messages_per_session
    for n in range(20):
        queues[f"session-{n}"] = object()
    assert isinstance(queues, LRUCache) and list(queues) == [f"session-{n}" for n in range(13, 20)]
    assert blocks._queue.ANALYTICS_MAX_EVENTS == QUEUE_EVENTS_KEPT == 256


def test_a_gradio_without_the_queue_attributes_is_refused_loudly():
    from types import SimpleNamespace

    from assistant.ui.app import bound_queue_memory

    with pytest.raises(RuntimeError, match="bound_queue_memory"):
        bound_queue_memory(SimpleNamespace(_queue=SimpleNamespace()), 7)
