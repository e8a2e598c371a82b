"""Ways to ask a running ShareCheck server a question, each with ``ask(question, history) -> dict``.

Not run by itself: bench/load.py, bench/serve.py and bench/memory.py import it.

- ``UiClient``: the UI path, ``gradio_client.Client(url).predict(question, history, api_name="/ask")``;
  one Client is one Gradio session.
- ``FreshSessionClient``: the same ``/ask`` endpoint over plain HTTP, a new random ``session_hash``
  on every call (``POST /gradio_api/call/ask``, then read the answer from the event stream at
  ``GET /gradio_api/call/ask/<event_id>``, as gradio_client's simple-API path does).
- ``SessionClient``: the same plain-HTTP path with one session for all of a client's calls, as a
  browser tab has.
- ``BrowserClient``: what the page itself speaks, ``/gradio_api/queue/join`` plus the session's
  ``/gradio_api/queue/data`` event stream, one session per client.
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


class SessionClient(FreshSessionClient):
    """The same plain-HTTP ``/ask`` with one random session kept for every call, as a browser tab keeps one."""

    def __init__(self, url: str):
        super().__init__(url)
        self.session_hash = uuid.uuid4().hex

    def ask(self, question: str, history: list[str], session_hash: str | None = None) -> dict:
        """Queue the call under this client's session, then read its completion event."""
        return super().ask(question, history, session_hash or self.session_hash)


class BrowserClient:
    """The browser's protocol over plain HTTP: one session; each call is ``POST /gradio_api/queue/join``
    with the ``ask`` event's ``fn_index`` (from ``/config``), then its messages (estimation,
    process_starts, process_completed) from the session's stream ``GET /gradio_api/queue/data``. The
    page's idle heartbeat stream (one message per 15 s) is left out."""

    def __init__(self, url: str, api_name: str = "ask"):
        self.url = url + GRADIO_PREFIX
        self.http = httpx.Client(timeout=TIMEOUT)
        self.session_hash = uuid.uuid4().hex
        config = self.http.get(f"{url}/config")  # the page's config sits beside the app, not under the API prefix
        if config.status_code != 200:
            raise CallError(f"GET /config: HTTP {config.status_code}")
        ids = [d["id"] for d in config.json().get("dependencies", []) if d.get("api_name") == api_name]
        if not ids:
            raise CallError(f"the app has no event named {api_name!r}")
        self.fn_index = ids[0]

    def ask(self, question: str, history: list[str]) -> dict:
        """Join the queue with the question, then read the session's stream until this event completes."""
        joined = self.http.post(f"{self.url}/queue/join", json={
            "data": [question, list(history)], "event_data": None, "fn_index": self.fn_index,
            "trigger_id": None, "session_hash": self.session_hash})
        if joined.status_code != 200:
            raise CallError(f"POST {GRADIO_PREFIX}/queue/join: HTTP {joined.status_code} {joined.text[:200]}")
        event_id = joined.json()["event_id"]
        with self.http.stream("GET", f"{self.url}/queue/data", params={"session_hash": self.session_hash}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("event_id") == event_id and message.get("msg") == "process_completed":
                    output = message.get("output") or {}
                    if not message.get("success", False):
                        raise CallError(f"Gradio error: {str(output)[:200]}")
                    data = output.get("data") or []
                    return checked_answer(data[0] if data else None)
        raise CallError(f"the session stream ended before event {event_id} completed")

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
