"""Warm in-process answer latency over the evaluation cases, plus the index build and load times.

Run: ``make bench`` (or ``.venv/bin/python bench/latency.py [--build]``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.settings import REPO_ROOT, Settings  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="store_true", help="also time an index build from scratch")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the cases (default 3)")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.build:
        from assistant.knowledge.corpus import load_corpus
        from assistant.pipeline import build_index

        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            manifest = build_index(load_corpus(settings.corpus_dir),
                                   Settings.from_env(index_dir=Path(tmp) / "index", data_dir=Path(tmp)))
            print(f"index build from scratch: {time.perf_counter() - started:.1f} s "
                  f"({manifest['chunks']} chunks; model load included)")
    started = time.perf_counter()
    from assistant.pipeline import Assistant

    assistant = Assistant(settings)
    print(f"cold start (imports + model + index): {time.perf_counter() - started:.1f} s")
    cases = [c for p in sorted((REPO_ROOT / "evals" / "cases").glob("*.yaml"))
             for c in yaml.safe_load(p.read_text(encoding="utf-8"))]
    assistant.ask(cases[0]["turns"][-1])  # warm-up
    latencies = []
    for _ in range(args.rounds):
        for case in cases:
            started = time.perf_counter()
            assistant.ask(case["turns"][-1], history=case["turns"][:-1])
            latencies.append((time.perf_counter() - started) * 1000)
    print(f"warm answer latency over {len(cases)} cases x {args.rounds}: "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
          f"max {max(latencies):.1f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
