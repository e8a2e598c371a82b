"""Start → ready of ``sharecheck serve``, its first answer against the ones after it, and cold
``sharecheck ask`` as a subprocess.

Run: ``.venv/bin/python bench/serve.py [--asks 3] [--after 10]`` (part of ``make bench``), after
``sharecheck index``. Prints:

- seconds from launching ``sharecheck serve`` on a free loopback port until ``GET /api/v1/health``
  answers 200 (``GET /`` on a server without that route; the line says which), and its RSS then;
- the first answer's latency and the median of the next ``--after`` answers, all one fixed question,
  through the page's own protocol (``/gradio_api/queue/join`` + ``queue/data``), then through REST
  (``POST /api/v1/ask``) when the server has it;
- the wall time of each of ``--asks`` cold ``sharecheck ask "<question>"`` runs and their median.

The server answers from a copy of the index and keeps its stores in a temporary folder
(bench/server.py); it is stopped at the end even on error. Asserts nothing; exits non-zero only when
the server will not start or a command fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from clients import BrowserClient, CallError, RestClient, rest_routes
from figures import median
from server import BIN, Server, ServerError

QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


def cold_asks(server: Server, runs: int) -> list[float]:
    """Wall seconds of ``runs`` fresh ``sharecheck ask QUESTION`` processes over the server's index copy."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([str(BIN), "ask", QUESTION], env=server.env(), capture_output=True, text=True)
        out.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise ServerError(f"sharecheck ask exited with {done.returncode}: {done.stderr.strip()[-500:]}")
    return out


def timed(client, count: int) -> list[float]:
    """Milliseconds of ``count`` answers to QUESTION, one after another, through ``client``."""
    times = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            client.ask(QUESTION, [])
            times.append((time.perf_counter() - started) * 1000)
    finally:
        client.close()
    return times


def first_and_after(server: Server, after: int) -> None:
    """Print, for the page's own protocol and then REST, the first answer's latency and the median of the
    ``after`` answers that follow it. The page goes first: its first event is the one that paid for
    Gradio's first-event imports."""
    paths = [("UI path as the page speaks it (queue/join + queue/data)", BrowserClient(server.url))]
    if rest_routes(server.url)["ask"]:
        paths.append(("REST (POST /api/v1/ask)", RestClient(server.url)))
    for path, client in paths:
        times = timed(client, after + 1)
        later = median(times[1:])
        print(f"first answer after ready, {path}: {times[0]:.1f} ms; median of the next {after}: {later:.1f} ms "
              f"(first / later = {times[0] / later:.1f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asks", type=int, default=3, help="cold `sharecheck ask` runs (default 3)")
    parser.add_argument("--after", type=int, default=10, help="answers timed after the first (default 10)")
    args = parser.parse_args()
    server = Server()
    try:
        ready = server.start()
        print(f"sharecheck serve: ready after {ready:.1f} s, probed with GET {server.probe}; "
              f"RSS at ready {server.rss_mb():.0f} MB")
        first_and_after(server, args.after)
        print(f"server RSS after {args.after + 1} answers: {server.rss_mb():.0f} MB "
              f"(peak {server.peak_rss_mb():.0f} MB)")
        print("REST routes on this server: " + ", ".join(f"/api/v1/{r} {'yes' if ok else 'no (404)'}"
                                                         for r, ok in rest_routes(server.url).items()))
        server.stop_process()
        runs = cold_asks(server, args.asks)
        print(f"cold `sharecheck ask \"{QUESTION}\"`: " + ", ".join(f"{s:.2f} s" for s in runs)
              + f"; median {median(runs):.2f} s")
    except (ServerError, CallError) as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
