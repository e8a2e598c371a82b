"""Inter-rater agreement for the Evaluate dashboard: Cohen's and Fleiss' kappa over plain label lists.

Pure functions, no I/O; checked against textbook values in tests/test_eval_metrics.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


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
