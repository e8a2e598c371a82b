"""Inter-rater agreement for the Evaluate dashboard: Cohen's and Fleiss' kappa over plain label lists.

Pure functions, no I/O; checked against textbook values in tests/test_eval_metrics.py.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
MIN_ITEMS = 10  # fewer shared answers than this and κ says little: the dashboard says "too few ratings"


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa (Cohen 1960) for two raters' labels of the same items:
    κ = (p_o − p_e) / (1 − p_e). None when undefined (no items, or p_e = 1)."""
    if len(a) != len(b):
        raise ValueError(f"lists differ in length ({len(a)} and {len(b)})")
    n = len(a)
    if not n:
        return None
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[label] * cb[label] for label in set(ca) | set(cb)) / (n * n)
    return None if p_e == 1 else (p_o - p_e) / (1 - p_e)


def fleiss_kappa(items: Sequence[Sequence[str]]) -> float | None:
    """Fleiss' kappa (Fleiss 1971) for items each rated by two or more raters (labels per item).

    P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1)); P̄ = mean P_i; p_j = Σ_i n_ij / Σ_i n_i;
    P_e = Σ_j p_j²; κ = (P̄ − P_e) / (1 − P_e). Items may have different rater counts (the usual
    generalisation; with equal counts it is Fleiss' formula). Items with fewer than two ratings are
    skipped. None when undefined (no usable item, or P_e = 1).
    """
    usable = [list(item) for item in items if len(item) >= 2]
    if not usable:
        return None
    totals: Counter[str] = Counter()
    agreement = []
    for item in usable:
        counts = Counter(item)
        n_i = len(item)
        totals.update(counts)
        agreement.append((sum(c * c for c in counts.values()) - n_i) / (n_i * (n_i - 1)))
    p_bar = sum(agreement) / len(agreement)
    n_all = sum(totals.values())
    p_e = sum((c / n_all) ** 2 for c in totals.values())
    return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


def bootstrap_interval(items: Sequence[T], statistic: Callable[[list[T]], float | None], resamples: int = 2000,
                       level: float = 0.95, seed: int = 0) -> tuple[float, float] | None:
    """A percentile bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13) for ``statistic``
    over ``items``: ``resamples`` draws of len(items) items with replacement, the (1 − level)/2 and
    (1 + level)/2 quantiles of the statistic. Seeded, so a dashboard shows the same interval twice.
    None for fewer than two items or when the statistic is undefined in over half of the draws."""
    if len(items) < 2:
        return None
    draw = random.Random(seed)
    values = sorted(v for v in (statistic([draw.choice(items) for _ in items]) for _ in range(resamples))
                    if v is not None)
    if len(values) < resamples / 2:
        return None
    low, high = values[int((1 - level) / 2 * (len(values) - 1))], values[int((1 + level) / 2 * (len(values) - 1))]
    return low, high
