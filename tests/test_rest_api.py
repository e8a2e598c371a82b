"""The REST API beside the web app (/api/v1): the same answer JSON, clear errors, a published schema.

Against the session's server (``app_url``, hash-embedder index), so these run in the server tier.
"""

from __future__ import annotations

import httpx
import pytest

QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture(scope="module")
def api(app_url):
    with httpx.Client(base_url=app_url.rstrip("/") + "/api/v1", timeout=30) as client:
        yield client


def test_ask_returns_the_answer_object_of_the_contract(api):
    response = api.post("/ask", json={"question": QUESTION, "id": "cad-118"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["verdict"] == "prohibited" and answer["id"] == "cad-118"
    assert {"summary", "answer", "reasons", "actions", "citations", "facts", "requests", "corpus_version",
            "law_as_of", "latency_ms"} <= set(answer)
    assert any(c["doc_id"] == "ac-14-154" for c in answer["citations"])


def test_ask_reads_the_history_like_the_app(api):
    answer = api.post("/ask", json={"question": "It's an I-205. Can we hold him?",
                                    "history": ["ICE wants us to hold our prisoner past release."]}).json()
    assert answer["verdict"] == "prohibited"
    assert answer["facts"]["document"] == "admin_warrant"


def test_batch_answers_in_order_and_reports_a_bad_item_without_failing_the_rest(api):
    response = api.post("/batch", json={"items": [{"question": QUESTION}, {"question": "   "},
                                                  {"question": "What does section 9-131 say about detainers?"}]})
    assert response.status_code == 200
    answers = response.json()["answers"]
    assert [a.get("verdict") for a in answers] == ["prohibited", None, "info"]
    assert answers[1]["error"].startswith("question 2: ")


def test_a_body_without_a_question_is_422_saying_what_to_send(api):
    response = api.post("/ask", json={"q": QUESTION})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "question: Field required" in error and '{"question": ' in error


def test_a_body_that_is_not_json_is_422(api):
    response = api.post("/ask", content=b"ICE called", headers={"content-type": "application/json"})
    error = response.json()["error"]
    assert response.status_code == 422 and "body (at character 0): JSON decode error" in error
    assert "send JSON (content-type: application/json) like" in error


def test_an_empty_question_is_422_with_the_engines_message(api):
    response = api.post("/ask", json={"question": ""})
    assert response.status_code == 422 and "empty" in response.json()["error"]


def test_a_history_past_the_limit_is_refused_with_the_limit(api):
    response = api.post("/ask", json={"question": QUESTION, "history": ["ICE called."] * 21})
    assert response.status_code == 422
    assert "21 earlier turns" in response.json()["error"] and "at most 20" in response.json()["error"]
    long = api.post("/ask", json={"question": QUESTION, "history": ["x" * 3999] * 6})
    assert long.status_code == 422 and "at most 20,000" in long.json()["error"]


def test_a_batch_past_the_limit_is_refused(api):
    response = api.post("/batch", json={"items": [{"question": QUESTION}] * 51})
    assert response.status_code == 422 and "at most 50" in response.json()["error"]
    empty = api.post("/batch", json={"items": []})
    assert empty.status_code == 422


def test_health_names_the_index_version_and_the_law_date(api, built_settings):
    health = api.get("/health").json()
    assert health["status"] == "ready"
    assert health["index_version"] == built_settings.index_dir.resolve().name
    assert health["law_as_of"] == "2026-12-01"


def test_the_openapi_schema_is_published_and_names_every_route(api):
    schema = api.get("/openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/batch", "/api/v1/health"} <= set(schema["paths"])
    assert "question" in schema["components"]["schemas"]["AskRequest"]["properties"]


def test_the_rest_path_writes_the_audit_log(api, built_settings):
    from assistant.stores import stores_for

    api.post("/ask", json={"question": "Officer Dana Reyes asks: can ICE get the release date?"})
    rows = stores_for(built_settings).audit.recent(5)
    row = next(r for r in rows if r["channel"] == "rest")
    assert "release date" in row["question"] and "Dana Reyes" not in row["question"]  # redacted like the app's
    assert row["verdict"] == "prohibited"


def test_a_form_post_is_422_naming_the_content_type_not_a_500(api):
    response = api.post("/ask", content=b'{"question": "Can we hold him?"}',
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 422
    assert "content-type: application/json" in response.json()["error"]


def test_a_body_that_is_not_utf8_is_an_error_object_saying_what_to_send(api):
    response = api.post("/ask", content=b'{"question": "ICE \xff wants"}', headers={"content-type": "application/json"})
    assert response.status_code in (400, 422)
    assert "UTF-8 JSON" in response.json()["error"]


def test_a_bad_batch_item_keeps_its_id_and_messages_count_items_from_one(api):
    answers = api.post("/batch", json={"items": [{"question": "", "id": "cad-1"}]}).json()["answers"]
    assert answers == [{"id": "cad-1", "error": answers[0]["error"]}] and answers[0]["error"].startswith("question 1")
    response = api.post("/batch", json={"items": [{"question": "ok"}] * 3 + [{"history": []}]})
    assert response.status_code == 422
    error = response.json()["error"]
    assert "items[4].question: Field required" in error and '{"items": [' in error


def test_gradio_ask_refuses_a_history_that_is_a_string(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    with pytest.raises(Exception, match="history must be a list of earlier turns"):
        client.predict("Can we hold him?", "ICE wants us to hold our prisoner.", api_name="/ask")


def test_a_numeric_id_and_a_null_history_are_taken_as_the_batch_command_takes_them(api):
    answer = api.post("/ask", json={"question": QUESTION, "id": 7, "history": None}).json()
    assert answer["id"] == "7" and answer["verdict"] == "prohibited"


def test_the_schema_describes_the_error_body_that_is_really_sent(api):
    schema = api.get("/openapi.json").json()
    for route in ("/api/v1/ask", "/api/v1/batch"):
        refused = schema["paths"][route]["post"]["responses"]["422"]
        assert refused["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "error" in schema["components"]["schemas"]["ErrorBody"]["required"]
