"""A ``sharecheck serve`` process for the benchmarks: start it on a free loopback port, wait until it is
ready, read its memory, stop it.

Not run by itself: bench/load.py, bench/serve.py and bench/memory.py import it. The server answers
from a private copy of the built index (so a rebuild of ``var/index`` by someone else cannot pull it
away mid-run) and keeps its stores (audit log, records) in a temporary folder, so thousands of
benchmark questions never land in ``var/sharecheck.db``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).with_name("sharecheck")
HEALTH_PATH = "/api/v1/health"
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
               "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
               "TOKENIZERS_PARALLELISM": "false"}


class ServerError(RuntimeError):
    """The server did not start, or exited while the benchmark was using it."""


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago (bind to port 0 and read what the OS gave)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_index_dir() -> Path:
    """The index folder ``sharecheck`` uses by default (SHARECHECK_INDEX_DIR, else var/index)."""
    configured = os.environ.get("SHARECHECK_INDEX_DIR")
    return Path(configured).resolve() if configured else REPO / "var" / "index"


def snapshot_index(dest: Path, source: Path | None = None, tries: int = 5) -> Path:
    """Copy the built index at ``source`` (default: the live one) to ``dest``; return ``dest``.

    When ``source`` is a link to a published version (``var/index -> index.versions/<v>``) the version
    folder it points to now is copied, as a plain folder. A rebuild can swap or retire the folder
    while it is being copied, so a copy without manifest.json and chunks.json is thrown away and
    taken again. Raises ServerError when there is no complete index after ``tries`` attempts (run
    ``sharecheck index`` first).
    """
    source = source or live_index_dir()
    for attempt in range(tries):
        shutil.rmtree(dest, ignore_errors=True)
        try:
            shutil.copytree(source.resolve(), dest)
            if (dest / "manifest.json").is_file() and (dest / "chunks.json").is_file():
                return dest
        except (OSError, shutil.Error):
            pass
        time.sleep(1 + attempt)
    raise ServerError(f"no complete index at {source}: run `sharecheck index` first")


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    """``field`` (VmRSS: resident now; VmHWM: peak) of process ``pid`` from /proc, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise ServerError(f"/proc/{pid}/status has no {field}")


def child_pids(pid: int) -> list[int]:
    """Direct children of ``pid`` (the server spawns none today; counted in case it ever does)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


class Server:
    """One ``sharecheck serve`` on a free loopback port, as a context manager that always stops it.

    ``start()`` returns the seconds from launch until ``GET /api/v1/health`` answers 200 (or, on a
    server without that route, ``GET /``); ``probe`` then says which answered. The index is a copy
    in a temporary folder, and so is the data folder.
    """

    def __init__(self, timeout: float = 240.0, extra_env: dict[str, str] | None = None):
        self.timeout = timeout
        self.extra_env = extra_env or {}
        self.port = 0
        self.url = ""
        self.probe = ""
        self.ready_seconds = float("nan")
        self.process: subprocess.Popen | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="sharecheck-bench-")
        self.folder = Path(self._tmp.name)
        self.log_path = self.folder / "server.log"
        self.index_dir = snapshot_index(self.folder / "index")
        self.data_dir = self.folder / "data"
        self.data_dir.mkdir()

    @property
    def pid(self) -> int:
        if self.process is None:
            raise ServerError("the server has not been started")
        return self.process.pid

    def env(self) -> dict[str, str]:
        """The environment the server (or a ``sharecheck`` subprocess) runs with: offline, own folders."""
        env = dict(os.environ, **OFFLINE_ENV, SHARECHECK_INDEX_DIR=str(self.index_dir),
                   SHARECHECK_DATA_DIR=str(self.data_dir), **self.extra_env)
        if self.port:
            env["SHARECHECK_PORT"] = str(self.port)
        return env

    def start(self) -> float:
        """Launch the server and wait until it answers; return the seconds that took.

        Raises ServerError (with the end of its log) when it exits or is not ready within ``timeout``.
        """
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = self.log_path.open("wb")
        started = time.perf_counter()
        self.process = subprocess.Popen([str(BIN), "serve", "--port", str(self.port)], env=self.env(),
                                        stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        log.close()
        with httpx.Client(timeout=2.0) as http:
            while time.perf_counter() - started < self.timeout:
                self.check_alive()
                probe = self._probe(http)
                if probe:
                    self.probe = probe
                    self.ready_seconds = time.perf_counter() - started
                    return self.ready_seconds
                time.sleep(0.05)
        raise ServerError(f"the server was not ready after {self.timeout:.0f} s\n{self.log_tail()}")

    def _probe(self, http: httpx.Client) -> str:
        """The path that answered 200 (health first, ``/`` when health is 404), or "" if none yet."""
        try:
            health = http.get(self.url + HEALTH_PATH)
            if health.status_code == 200:
                return HEALTH_PATH
            if health.status_code == 404 and http.get(self.url + "/").status_code == 200:
                return "/ (no " + HEALTH_PATH + " on this server)"
        except httpx.HTTPError:
            pass
        return ""

    def check_alive(self) -> None:
        """Raise ServerError (with the end of its log) when the server process has exited."""
        if self.process is not None and self.process.poll() is not None:
            raise ServerError(f"the server exited with code {self.process.returncode}\n{self.log_tail()}")

    def log_tail(self, lines: int = 25) -> str:
        """The last ``lines`` lines of the server's output, for an error message."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join("  server: " + line for line in text.splitlines()[-lines:])

    def rss_mb(self) -> float:
        """Resident memory of the server now (VmRSS, its children included), in MB."""
        self.check_alive()
        return sum(rss_kb(p) for p in [self.pid, *child_pids(self.pid)]) / 1024

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server process so far (VmHWM), in MB."""
        self.check_alive()
        return rss_kb(self.pid, "VmHWM") / 1024

    def stop_process(self) -> None:
        """Terminate the server (kill it if it has not exited after 20 s); its folders stay."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)

    def stop(self) -> None:
        """Stop the server process and remove its folders (safe to call more than once)."""
        try:
            self.stop_process()
        finally:
            self._tmp.cleanup()

    def __enter__(self) -> Server:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
