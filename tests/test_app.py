"""The Gradio app on a free loopback port, driven through gradio_client's named endpoints."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow
CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture(scope="module")
def client(app_url):
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


def test_chat_endpoint_renders_card_sources_and_followups(client):
    result = client.predict(CANONICAL, [], api_name="/chat")
    box, messages, sources, verdict = result[:4]
    assert "Not permitted" in verdict and "sc-verdict-prohibited" in verdict
    assert box == ""
    assert messages[-1]["role"] == "assistant"
    card = str(messages[-1]["content"])
    assert "NOT PERMITTED" in card and "[1]" in card
    assert "N.Y.C. Admin. Code § 14-154(b)(1)" in sources and "verified" in sources
