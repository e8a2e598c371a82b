"""End-to-end answer latency and throughput through a running app, at 1, 4 and 20 concurrent clients.

Run: ``.venv/bin/python bench/load.py [--clients 1,4,20] [--length 10] [--url http://127.0.0.1:7860]``
(part of ``make bench``). Without ``--url`` it starts ``sharecheck serve`` on a free loopback port
(bench/server.py) and stops it at the end. Each simulated client is one thread asking one "chat" of
``--length`` evaluation questions in turn (bench/chats.py); all clients of a level start together.

Prints, for each path and concurrency level: answers, errors, p50/p95/max latency per call, answers
per second (answers over the wall time from the first call to the last) and the server's own CPU
per answer (the clients run on the same cores, so that figure separates the two). Paths: the UI path
(gradio_client ``/ask``, one Client per chat, made before the clock starts), the UI path over plain
HTTP (the same queue protocol without gradio_client's own CPU, a new session per call), the REST path
(``POST /api/v1/ask``, one httpx.Client per thread) and REST batch (each chat as one
``POST /api/v1/batch``; latency is per batch of ``--length`` answers). A REST route the server does
not have (404) is reported as not available and skipped. Asserts nothing; exits non-zero only when
the server will not start or a path fails outright.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chats import Question, chats
from clients import BrowserClient, CallError, FreshSessionClient, RestClient, SessionClient, UiClient, rest_routes
from figures import latency_line
from server import Server


@dataclass
class Level:
    """What one concurrency level measured: call latencies (ms), answers, errors and wall seconds."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    answers: int = 0
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    def line(self, unit: str = "call") -> str:
        rate = self.answers / self.wall if self.wall else float("nan")
        errors = f", {len(self.errors)} errors (first: {self.errors[0][:120]})" if self.errors else ""
        who = f"{self.clients} client" + ("s" if self.clients != 1 else "")
        return (f"{who:>10}: {self.answers} answers in {self.wall:.1f} s = {rate:.1f} answers/s; "
                f"per {unit} {latency_line(self.latencies)}{errors}")


def run_level(make_client: Callable[[], object], work: Callable[[object, list[Question], Level], None],
              chat_list: list[list[Question]]) -> Level:
    """Run one thread per chat: each makes its client (untimed), waits for the others, then does ``work``."""
    level = Level(clients=len(chat_list))
    lock = threading.Lock()
    ready = threading.Barrier(len(chat_list) + 1)
    clients: list = []
    failures: list[BaseException] = []

    def thread(chat: list[Question]) -> None:
        try:
            client = make_client()
        except BaseException as exc:  # noqa: BLE001 (reported below, after the barrier is released)
            failures.append(exc)
            ready.abort()
            return
        with lock:
            clients.append(client)
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        mine = Level(clients=1)
        work(client, chat, mine)
        with lock:
            level.latencies += mine.latencies
            level.answers += mine.answers
            level.errors += mine.errors

    threads = [threading.Thread(target=thread, args=(chat,), daemon=True) for chat in chat_list]
    for t in threads:
        t.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        raise RuntimeError(f"could not make a client: {failures[0] if failures else 'barrier broken'}") from None
    started = time.perf_counter()
    for t in threads:
        t.join()
    level.wall = time.perf_counter() - started
    close_all(clients)
    return level


def close_all(clients: list) -> None:
    """Close every client at once (a gradio_client Client waits up to 1 s for its heartbeat thread)."""
    closers = [threading.Thread(target=client.close) for client in clients]
    for t in closers:
        t.start()
    for t in closers:
        t.join()


def ask_each(client, chat: list[Question], level: Level) -> None:
    """Ask the chat's questions one after another, timing each call."""
    for question, history in chat:
        started = time.perf_counter()
        try:
            client.ask(question, history)
            level.answers += 1
        except Exception as exc:  # noqa: BLE001 (a failed call is counted and shown, not fatal)
            level.errors.append(f"{type(exc).__name__}: {exc}")
        level.latencies.append((time.perf_counter() - started) * 1000)


def ask_batch(client: RestClient, chat: list[Question], level: Level) -> None:
    """Send the whole chat as one batch, timing the call."""
    started = time.perf_counter()
    try:
        level.answers += len(client.batch(chat))
    except Exception as exc:  # noqa: BLE001
        level.errors.append(f"{type(exc).__name__}: {exc}")
    level.latencies.append((time.perf_counter() - started) * 1000)


def warm_up(url: str) -> None:
    """A few answers through the UI path so the first level does not pay for the server's first call."""
    client = UiClient(url)
    try:
        for question, history in chats(1, 5)[0]:
            client.ask(question, history)
    finally:
        client.close()


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds process ``pid`` has used so far (/proc/PID/stat); NaN without a pid."""
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """User + system CPU seconds this process (every client thread of the load generator) has used so far."""
    times = os.times()
    return times.user + times.system


def bench_paths(url: str, levels: list[int], length: int, pid: int | None = None) -> None:
    """Print the figures of every path and level against the server at ``url`` (``pid``: its process,
    for the server's own CPU per answer — the load generator shares the cores, so wall figures carry
    the clients' cost too)."""
    warm_up(url)
    routes = rest_routes(url)
    paths: list[tuple[str, Callable, Callable, str]] = [
        ("UI path (gradio_client /ask)", lambda: UiClient(url), ask_each, "call"),
        # The same queue protocol gradio_client speaks, over plain HTTP: far less client CPU, so the
        # figures show more of the server. A new session per call, as one-off machine callers make.
        ("UI path over plain HTTP (POST /gradio_api/call/ask + event stream)", lambda: FreshSessionClient(url),
         ask_each, "call"),
        # One session per chat, as a browser tab holds: the server's cost without a new session's setup.
        ("UI path over plain HTTP, one session per chat", lambda: SessionClient(url), ask_each, "call"),
        # What the page speaks (queue/join + the session's queue/data stream), without a browser's CPU.
        ("UI path as the page speaks it (POST /gradio_api/queue/join + queue/data stream, one session per chat)",
         lambda: BrowserClient(url), ask_each, "call")]
    if routes["ask"]:
        paths.append(("REST path (POST /api/v1/ask)", lambda: RestClient(url), ask_each, "call"))
    else:
        print("REST path: not available on this server (POST /api/v1/ask is 404)")
    if routes["batch"]:
        paths.append((f"REST batch (POST /api/v1/batch, {length} items per call)", lambda: RestClient(url),
                      ask_batch, "batch"))
    else:
        print("REST batch: not available on this server (POST /api/v1/batch is 404)")
    for name, make_client, work, unit in paths:
        print(name)
        for n in levels:
            before, mine = cpu_seconds(pid), own_cpu_seconds()
            level = run_level(make_client, work, chats(n, length))
            used = (cpu_seconds(pid) - before) * 1000 / max(level.answers, 1)
            theirs = (own_cpu_seconds() - mine) * 1000 / max(level.answers, 1)
            cpu = f"; server CPU {used:.1f} ms, clients' CPU {theirs:.1f} ms per answer" if pid is not None else \
                f"; clients' CPU {theirs:.1f} ms per answer"
            print("  " + level.line(unit) + cpu, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1,4,20", help="concurrency levels, comma-separated (default 1,4,20)")
    parser.add_argument("--length", type=int, default=10, help="questions per chat (default 10)")
    parser.add_argument("--url", help="benchmark this running server instead of starting one")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",") if n.strip()]
    try:
        if args.url:
            bench_paths(args.url.rstrip("/"), levels, args.length)
            return 0
        with Server() as server:
            print(f"server: {server.url}, ready after {server.ready_seconds:.1f} s (probed with GET {server.probe})")
            bench_paths(server.url, levels, args.length, server.pid)
            print(f"server RSS after the run: {server.rss_mb():.0f} MB (peak {server.peak_rss_mb():.0f} MB)")
    except (CallError, RuntimeError) as exc:
        print(f"load: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
