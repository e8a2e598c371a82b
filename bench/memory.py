"""Server memory under many stateless calls: RSS of ``sharecheck serve`` idle after ready, after half
the calls and after all of them, for three ways of calling it.

Run: ``.venv/bin/python bench/memory.py [--calls 2000 | --quick] [--paths ui,fresh,rest]`` (part of
``make bench``; ``--quick`` makes 400 calls per path).
Each path gets a server of its own (bench/server.py), started on a free loopback port and stopped at
the end even on error. Calls are sequential, going round the evaluation questions (bench/chats.py).

Paths:
  ui     one gradio_client Client (one Gradio session) for every call to ``/ask``;
  fresh  ``/ask`` over plain HTTP with a new random session_hash on every call, as thousands of
         one-off clients would (``POST /gradio_api/call/ask`` + its event stream);
  rest   ``POST /api/v1/ask`` (reported as not available when the server answers 404).

Prints per path: RSS (VmRSS of the server process, MB) idle after ready, after ``--calls``/2 and
after ``--calls`` calls, the growth per call in KB over all calls and over the second half (the
second half leaves out one-time warm-up allocations), errors, and calls/s. Asserts nothing; exits
non-zero only when a server will not start or a path fails outright.
"""

from __future__ import annotations

import argparse
import sys
import time

from chats import cycle
from clients import CallError, FreshSessionClient, RestClient, UiClient, rest_routes
from server import Server, ServerError

PATHS = {"ui": ("UI path, one gradio_client session", UiClient),
         "fresh": ("UI path, a fresh Gradio session per call (plain HTTP)", FreshSessionClient),
         "rest": ("REST path (POST /api/v1/ask)", RestClient)}


def measure(server: Server, client, calls: int, idle: float) -> dict:
    """Make ``calls`` calls through ``client``; RSS (MB) at ``idle``, half-way and the end, errors, seconds."""
    errors: list[str] = []
    half = float("nan")
    started = time.perf_counter()
    for n, (question, history) in enumerate(cycle(calls), start=1):
        try:
            client.ask(question, history)
        except Exception as exc:  # noqa: BLE001 (counted and shown; a dead server is caught below)
            server.check_alive()
            errors.append(f"{type(exc).__name__}: {exc}")
        if n == calls // 2:
            half = server.rss_mb()
    seconds = time.perf_counter() - started
    return {"idle": idle, "half": half, "end": server.rss_mb(), "errors": errors, "seconds": seconds}


def report(name: str, calls: int, figures: dict) -> None:
    """Print one path's figures."""
    half = calls // 2
    per_call = (figures["end"] - figures["idle"]) * 1024 / calls
    per_late = (figures["end"] - figures["half"]) * 1024 / (calls - half)
    errors = figures["errors"]
    print(f"{name}:\n"
          f"  RSS idle after ready {figures['idle']:.0f} MB, after {half:,} calls {figures['half']:.0f} MB, "
          f"after {calls:,} calls {figures['end']:.0f} MB\n"
          f"  growth per call: {per_call:.1f} KB over all {calls:,} calls, "
          f"{per_late:.1f} KB over the last {calls - half:,}\n"
          f"  {calls / figures['seconds']:.1f} calls/s; {len(errors)} errors"
          + (f" (first: {errors[0][:160]})" if errors else ""), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, help="calls per path (default 2000; RSS is read half-way too)")
    parser.add_argument("--quick", action="store_true", help="400 calls per path unless --calls is given")
    parser.add_argument("--paths", default="ui,fresh,rest", help="comma-separated, of ui, fresh, rest (default all)")
    args = parser.parse_args()
    args.calls = args.calls or (400 if args.quick else 2000)
    wanted = [p.strip() for p in args.paths.split(",") if p.strip()]
    unknown = [p for p in wanted if p not in PATHS]
    if unknown or args.calls < 2:
        parser.error(f"unknown path {unknown}; choose from {', '.join(PATHS)}" if unknown else "--calls must be ≥ 2")
    try:
        for key in wanted:
            name, make_client = PATHS[key]
            with Server() as server:
                if key == "rest" and not rest_routes(server.url)["ask"]:
                    print("REST path: not available on this server (POST /api/v1/ask is 404)")
                    continue
                idle = server.rss_mb()  # before the client connects
                client = make_client(server.url)
                try:
                    figures = measure(server, client, args.calls, idle)
                finally:
                    client.close()
                report(name, args.calls, figures)
    except (ServerError, CallError) as exc:
        print(f"memory: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
