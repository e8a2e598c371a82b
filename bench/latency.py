"""Warm in-process answer latency over the evaluation cases, set against the cost of one query embedding
measured in the same run, plus the cold start (and optionally an index build from scratch).

Run: ``make bench`` (or ``.venv/bin/python bench/latency.py [--rounds N] [--quick] [--build]``), after
``sharecheck index``. Prints cold start; warm answer p50/p95/max over every case of evals/cases/*.yaml
× rounds (the index's query-embedding cache emptied before each, so every answer embeds its texts as a
new question would); one query embedding (``SearchIndex.embed`` without its cache) over the same
questions; the ratio of the two (how many embeddings' worth of time an answer costs); the same answer
asked again with its texts cached (when the index has that cache); peak RSS. The embedding and the
answers of each question are timed back to back, so they see the same machine load. Asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chats import questions  # noqa: E402
from figures import latency_line, median, percentile  # noqa: E402

from assistant.settings import Settings  # noqa: E402


def time_build(settings: Settings) -> None:
    """Print the seconds an index build from scratch takes (into a temporary folder)."""
    from assistant.knowledge.corpus import load_corpus
    from assistant.pipeline import build_index

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        manifest = build_index(load_corpus(settings.corpus_dir),
                               Settings.from_env(index_dir=Path(tmp) / "index", data_dir=Path(tmp)))
        print(f"index build from scratch: {time.perf_counter() - started:.1f} s "
              f"({manifest['chunks']} chunks; model load included)")


def embedding_cache(index):
    """The ``cache_clear`` of ``index.embed`` when it is memoised (functools.lru_cache), else None."""
    return getattr(index.embed, "cache_clear", None)


def time_cases(assistant, cases: list, rounds: int) -> dict[str, list[float]]:
    """Timings (ms) of every case × ``rounds``, the three of each case back to back on the same load:

    ``embed``: one embedding of the question by the model itself (around any query cache);
    ``answer``: ``ask`` with the query-embedding cache emptied first (every text is new to it);
    ``cached``: the same ``ask`` straight after (the question and its earlier turns now cached).
    """
    index = assistant.index
    embed = getattr(index.embed, "__wrapped__", index.embed)  # the model, not the memoised wrapper
    clear = embedding_cache(index) or (lambda: None)
    out: dict[str, list[float]] = {"embed": [], "answer": [], "cached": []}
    for _ in range(rounds):
        for question, history in cases:
            started = time.perf_counter()
            embed(question)
            out["embed"].append((time.perf_counter() - started) * 1000)
            clear()
            for key in ("answer", "cached"):
                started = time.perf_counter()
                assistant.ask(question, history=history)
                out[key].append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="also time an index build from scratch")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the cases (default 3)")
    parser.add_argument("--quick", action="store_true", help="one pass over the cases (same as --rounds 1)")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    settings = Settings.from_env()
    if args.build:
        time_build(settings)
    started = time.perf_counter()
    from assistant.pipeline import Assistant

    assistant = Assistant(settings)
    print(f"cold start (imports + model + index): {time.perf_counter() - started:.1f} s")
    cases = questions()
    for question, history in cases[:5]:  # warm-up: first calls pay for lazy imports and allocations
        assistant.index.embed(question)
        assistant.ask(question, history=history)
    timings = time_cases(assistant, cases, rounds)
    answers, embeddings = timings["answer"], timings["embed"]
    print(f"warm answer latency over {len(cases)} cases x {rounds}: {latency_line(answers)}")
    print(f"one query embedding (the model, for the same questions): {latency_line(embeddings)}")
    print(f"answer / embedding: p50 {median(answers) / median(embeddings):.1f}x, "
          f"p95 {percentile(answers, 0.95) / percentile(embeddings, 0.95):.1f}x "
          f"(an answer embeds the question once and may embed earlier turns or parts of it again)")
    if embedding_cache(assistant.index):
        print(f"same answer asked again, its texts in the query-embedding cache: {latency_line(timings['cached'])}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
