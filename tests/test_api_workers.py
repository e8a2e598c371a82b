"""The REST API's answer workers: a bounded number of answers at once, taken in arrival order.

In process (FastAPI's TestClient over an Assistant stand-in that records how many answers overlap),
so no server, model or index is needed.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.ui.api import build_api


class SlowAssistant:
    """Answers after 50 ms, counting the most answers in progress at once."""

    def __init__(self):
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.edition = SimpleNamespace(law_as_of=SimpleNamespace(isoformat=lambda: "2026-12-01"))
        self.corpus_version = "test"

    def ask(self, question, history=None, id=None):
        from assistant.domain import Answer

        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
        return Answer(question=question, verdict="review", summary="s", answer="a", id=id)


def test_no_more_answers_run_at_once_than_the_workers_allow(tmp_path):
    slow = SlowAssistant()
    settings = Settings.from_env(data_dir=tmp_path, answer_workers=2, audit_log=False)
    with TestClient(build_api(slow, settings), base_url="http://127.0.0.1") as client, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda n: client.post("/api/v1/ask", json={"question": f"q{n}"}).status_code,
                                 range(8)))
    assert statuses == [200] * 8
    assert slow.most == 2


def test_one_worker_answers_one_at_a_time(tmp_path):
    slow = SlowAssistant()
    settings = Settings.from_env(data_dir=tmp_path, answer_workers=1, audit_log=False)
    with TestClient(build_api(slow, settings), base_url="http://127.0.0.1") as client, ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: client.post("/api/v1/ask", json={"question": f"q{n}", "id": str(n)}).json(),
                                range(4)))
    assert [a["id"] for a in answers] == ["0", "1", "2", "3"]
    assert slow.most == 1
