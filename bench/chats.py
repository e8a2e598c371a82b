"""Benchmark questions from the evaluation cases: each case's last turn is the question, its earlier
turns the history (evals/cases/README.md). A "chat" is a run of such questions one simulated client asks
in turn.

Not run by itself: bench/latency.py, bench/load.py, bench/serve.py and bench/memory.py import it.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).resolve().parent.parent / "evals" / "cases"
Question = tuple[str, list[str]]  # (question, history oldest first)


def load_cases(folder: Path = CASES_DIR) -> list[dict]:
    """Every case of ``folder/*.yaml`` (not its sub-folders), in file order."""
    return [case for path in sorted(folder.glob("*.yaml"))
            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


def questions(folder: Path = CASES_DIR) -> list[Question]:
    """(question, history) of every case in ``folder``."""
    return [(case["turns"][-1], list(case["turns"][:-1])) for case in load_cases(folder)]


def chats(count: int, length: int = 10, seed: int = 13) -> list[list[Question]]:
    """``count`` chats of ``length`` questions each, drawn in a fixed shuffled order (no repeats until
    every case has been used once), so every run asks the same questions."""
    pool = questions()
    random.Random(seed).shuffle(pool)
    return [[pool[(c * length + i) % len(pool)] for i in range(length)] for c in range(count)]


def cycle(n: int, seed: int = 13) -> list[Question]:
    """``n`` questions, going round the shuffled cases as often as needed."""
    pool = questions()
    random.Random(seed).shuffle(pool)
    return [pool[i % len(pool)] for i in range(n)]
