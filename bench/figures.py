"""Summary figures the benchmark scripts print: percentiles of a list of timings, and one-line forms.

Not run by itself: the scripts in this folder import it.
"""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``values`` by nearest rank; nan for an empty list."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    """The median of ``values``; nan for an empty list."""
    return statistics.median(values) if values else float("nan")


def latency_line(ms: list[float]) -> str:
    """``p50 28.1 ms, p95 50.3 ms, max 70.2 ms`` for timings in milliseconds."""
    return f"p50 {median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, max {max(ms, default=float('nan')):.1f} ms"
