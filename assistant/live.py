"""The Assistant a server keeps: warmed before it reports ready, switched to a newer index between requests.

``sharecheck index`` (or ``ingest``) publishes a new index version by switching one link
(knowledge/versions.py). A ``LiveAssistant`` notices the switch at most ``check_seconds`` after it
happens, loads and warms an ``Assistant`` on the new version in a background thread, and swaps it in
once it is ready. Requests already running finish on the Assistant they started with, so answers
never fail during a rebuild and no lock is held around an answer.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.knowledge.versions import live_path
from assistant.pipeline import Assistant
from assistant.settings import Settings

# Asked once before a server reports ready: one of each path (prohibited, permitted, info, multi-turn),
# so the first real question is as fast as later ones.
WARM_UP: tuple[tuple[str, list[str]], ...] = (
    ("ICE called asking when our prisoner gets released. Can I tell them?", []),
    ("The FBI wants the complaint report for a bank robbery we arrested him for. Can I send it?", []),
    ("What does section 9-131 say about detainers?", []),
    ("It's an I-205 signed by an ICE officer. Can we hold him?", ["ICE wants us to hold our prisoner past release."]),
)


def warm(assistant: Assistant) -> float:
    """Ask the WARM_UP questions (nothing is logged); return the seconds it took."""
    started = time.perf_counter()
    for question, history in WARM_UP:
        assistant.ask(question, history=history)
    return time.perf_counter() - started


class LiveAssistant:
    """An ``Assistant`` that follows the live index version; attribute access goes to the current one.

    ``factory(settings)`` builds an Assistant (``Assistant`` by default; tests pass their own).
    ``swaps`` counts switches; ``last_error`` holds why the newest version could not be loaded (the old
    one keeps serving). Thread-safe: any number of requests may call it at once.
    """

    def __init__(self, settings: Settings, factory: Callable[[Settings], Assistant] = Assistant,
                 check_seconds: float = 1.0, warm_up: bool = True):
        self.settings = settings
        self._factory = factory
        self._warm_up = warm_up
        self.check_seconds = check_seconds
        self._current = factory(settings)
        self.warm_seconds = warm(self._current) if warm_up else 0.0
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None
        self._checked = time.monotonic()
        self.swaps = 0
        self.last_error = ""
        # The version folder that could not be loaded: not retried until another is live.
        self._failed: Path | None = None

    @property
    def current(self) -> Assistant:
        """The Assistant to answer the next request with (starting a switch if a newer index is live)."""
        self.refresh()
        return self._current

    @property
    def version(self) -> str:
        """The index version the current Assistant answers from."""
        return str(getattr(self._current.index, "version", ""))

    def refresh(self, wait: bool = False) -> bool:
        """Start loading the live index version if it is not the one in use; True when a load started.

        Checks at most every ``check_seconds`` (a readlink); ``wait=True`` checks now and blocks until
        the load (if any) is done — for tests and the CLI.
        """
        now = time.monotonic()
        if not wait and now - self._checked < self.check_seconds:
            return False
        self._checked = now
        with self._lock:
            if self._loading is not None:
                started = False
            elif live_path(self.settings.index_dir) in (getattr(self._current.index, "path", None), self._failed):
                return False
            else:
                self._loading = threading.Thread(target=self._load, name="sharecheck-index-switch", daemon=True)
                self._loading.start()
                started = True
            loading = self._loading
        if wait and loading is not None:
            loading.join()
        return started

    def _load(self) -> None:
        target = live_path(self.settings.index_dir)
        try:
            fresh = self._factory(self.settings)
            if self._warm_up:
                warm(fresh)
            self._current = fresh  # one reference assignment: requests see the old or the new, whole
            self.swaps += 1
            self.last_error = ""
        except Exception as exc:  # a broken new version must not take the server down: keep the old one
            self.last_error = f"{type(exc).__name__}: {exc}"
            self._failed = target
            print(f"sharecheck: kept index {self.version}; the new one could not be loaded ({self.last_error})",
                  file=sys.stderr)
        finally:
            with self._lock:
                self._loading = None

    def ask(self, *args, **kwargs):
        """``Assistant.ask`` on the current Assistant."""
        return self.current.ask(*args, **kwargs)

    def exchange(self, *args, **kwargs):
        """``Assistant.exchange`` on the current Assistant."""
        return self.current.exchange(*args, **kwargs)

    def __getattr__(self, name: str):
        # Everything else (edition, documents, lookup, rules …) from the Assistant in use.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._current, name)
