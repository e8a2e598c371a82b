"""Ways to ask a running ShareCheck server a question, each with ``ask(question, history) -> dict``.

Not run by itself: bench/load.py, bench/serve.py and bench/memory.py import it.

- ``UiClient``: the UI path, ``gradio_client.Client(url).predict(question, history, api_name="/ask")``;
  one Client is one Gradio session.
- ``FreshSessionClient``: the same ``/ask`` endpoint over plain HTTP, a new random ``session_hash``
  on every call (``POST /gradio_api/call/ask``, then read the answer from the event stream at
  ``GET /gradio_api/call/ask/<event_id>``, as gradio_client's simple-API path does).
- ``RestClient``: ``POST /api/v1/ask`` with ``{"question", "history"}``, and ``batch`` over
  ``POST /api/v1/batch``. ``rest_routes(url)`` says which of the two a server has (404 = absent).
"""

from __future__ import annotations

import json
import uuid

import httpx

GRADIO_PREFIX = "/gradio_api"
TIMEOUT = httpx.Timeout(120.0)


class CallError(RuntimeError):
    """A call that did not come back with an answer (HTTP error, Gradio error event, no verdict)."""


def checked_answer(answer: object) -> dict:
    """``answer`` when it is an answer (a mapping with a verdict); else raise CallError."""
    if not isinstance(answer, dict) or "verdict" not in answer:
        raise CallError(f"not an answer: {str(answer)[:200]}")
    return answer


class UiClient:
    """The UI path: one gradio_client Client (one Gradio session) reused for every call."""

    def __init__(self, url: str):
        from gradio_client import Client

        self.client = Client(url, verbose=False)

    def ask(self, question: str, history: list[str]) -> dict:
        """The JSON answer from ``/ask`` (gradio_client raises AppError for a refused question)."""
        return checked_answer(self.client.predict(question, list(history), api_name="/ask"))

    def close(self) -> None:
        self.client.close()


class FreshSessionClient:
    """Gradio's ``/ask`` over plain HTTP with a new random session for every call (no gradio_client)."""

    def __init__(self, url: str):
        self.url = url + GRADIO_PREFIX
        self.http = httpx.Client(timeout=TIMEOUT)

    def ask(self, question: str, history: list[str], session_hash: str | None = None) -> dict:
        """Queue the call under ``session_hash`` (default: a fresh one), then read its completion event."""
        posted = self.http.post(f"{self.url}/call/ask", json={"data": [question, list(history)],
                                                               "session_hash": session_hash or uuid.uuid4().hex})
        if posted.status_code != 200:
            raise CallError(f"POST {GRADIO_PREFIX}/call/ask: HTTP {posted.status_code} {posted.text[:200]}")
        event_id = posted.json()["event_id"]
        event = ""
        with self.http.stream("GET", f"{self.url}/call/ask/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = json.loads(line[5:])
                    if event == "error":
                        raise CallError(f"Gradio error event: {str(data)[:200]}")
                    return checked_answer(data[0] if isinstance(data, list) and data else data)
        raise CallError(f"the event stream of {event_id} ended without a completion")

    def close(self) -> None:
        self.http.close()


class RestClient:
    """The REST path: ``POST /api/v1/ask`` and ``POST /api/v1/batch`` with one httpx.Client."""

    def __init__(self, url: str):
        self.url = url + "/api/v1"
        self.http = httpx.Client(timeout=TIMEOUT)

    def ask(self, question: str, history: list[str]) -> dict:
        """The answer JSON for one question."""
        response = self.http.post(f"{self.url}/ask", json={"question": question, "history": list(history)})
        if response.status_code != 200:
            raise CallError(f"POST /api/v1/ask: HTTP {response.status_code} {response.text[:200]}")
        return checked_answer(response.json())

    def batch(self, items: list[tuple[str, list[str]]]) -> list[dict]:
        """The answers for ``items`` (question, history) in one ``POST /api/v1/batch``."""
        response = self.http.post(f"{self.url}/batch", json={"items": [{"question": q, "history": list(h)}
                                                                       for q, h in items]})
        if response.status_code != 200:
            raise CallError(f"POST /api/v1/batch: HTTP {response.status_code} {response.text[:200]}")
        answers = response.json().get("answers")
        if not isinstance(answers, list) or len(answers) != len(items):
            raise CallError(f"POST /api/v1/batch: expected {len(items)} answers, got {str(answers)[:200]}")
        return [checked_answer(a) for a in answers]

    def close(self) -> None:
        self.http.close()


def rest_routes(url: str) -> dict[str, bool]:
    """Which REST routes the server at ``url`` has: ``{"ask": bool, "batch": bool}``.

    Each route gets an empty JSON body: a server without it answers 404 (or 405 from a GET-only
    catch-all), one with it a 4xx validation error. No question is asked, so a timing that follows
    still sees the server's first answer.
    """
    with httpx.Client(timeout=TIMEOUT) as http:
        return {route: http.post(f"{url}/api/v1/{route}", json={}).status_code not in (404, 405)
                for route in ("ask", "batch")}
