"""Pure metric functions: verdicts, rankings, latency and agreement. No I/O, no model.

Every function takes plain lists so it can be checked against values worked out by hand
(tests/test_eval_metrics.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.stores.agreement import cohen_kappa, fleiss_kappa  # noqa: F401  (re-exported for the report)

DANGEROUS_EXPECTED = ("prohibited", "review")


def accuracy(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of positions where ``predicted`` equals ``expected`` (0–1). Raises ValueError when empty
    or when the lists differ in length."""
    _same_length(expected, predicted)
    return sum(e == p for e, p in zip(expected, predicted, strict=True)) / len(expected)


def accuracy_by(groups: Sequence[str], expected: Sequence[str], predicted: Sequence[str]) -> dict[str, dict]:
    """Accuracy per group label: ``{group: {"n": int, "correct": int, "accuracy": float}}``, groups sorted."""
    _same_length(expected, predicted)
    out: dict[str, dict] = {}
    for g, e, p in zip(groups, expected, predicted, strict=True):
        row = out.setdefault(g, {"n": 0, "correct": 0})
        row["n"] += 1
        row["correct"] += e == p
    for row in out.values():
        row["accuracy"] = row["correct"] / row["n"]
    return dict(sorted(out.items()))


def confusion_matrix(expected: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Counts ``m[i][j]`` of cases whose expected label is ``labels[i]`` and predicted is ``labels[j]``.

    Rows are expected, columns predicted. Raises ValueError for a label not in ``labels``.
    """
    _same_length(expected, predicted)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for e, p in zip(expected, predicted, strict=True):
        if e not in index or p not in index:
            raise ValueError(f"label {e if e not in index else p!r} is not one of {list(labels)}")
        matrix[index[e]][index[p]] += 1
    return matrix


def per_class(expected: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per label seen in either list (0 where a ratio is 0/0)."""
    _same_length(expected, predicted)
    labels = list(dict.fromkeys([*expected, *predicted]))
    out = {}
    for label in labels:
        tp = sum(e == label and p == label for e, p in zip(expected, predicted, strict=True))
        n_pred = sum(p == label for p in predicted)
        n_true = sum(e == label for e in expected)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n_true}
    return out


def macro_f1(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over labels seen in either list (as scikit-learn's
    ``f1_score(average="macro")`` with ``zero_division=0``)."""
    scores = per_class(expected, predicted)
    return sum(s["f1"] for s in scores.values()) / len(scores)


def is_dangerous(expected: str, predicted: str) -> bool:
    """DESIGN §2: answering ``permitted`` where the right verdict is ``prohibited`` or ``review``."""
    return predicted == "permitted" and expected in DANGEROUS_EXPECTED


# Requester names an evaluation case may use for the same agency as ShareCheck's values.
REQUESTER_FAMILY = {"ice": "ice", "ice_ero": "ice", "ice_hsi": "ice", "dhs_nonimmigration": "federal_other",
                    "none": "none", "": "none"}


def requester_family(value: object) -> str:
    """The agency family a requester belongs to, so "ice_ero" in a case matches ShareCheck's "ice"."""
    return REQUESTER_FAMILY.get(str(value or ""), str(value))


def request_hits(expected: Sequence[dict], answered: Sequence[dict], case_verdict: str,
                 predicted: str) -> tuple[int, int]:
    """(requests expected, requests answered right) for one case.

    A case that lists no requests counts as one request, right when the top verdict is. Otherwise each
    expected request (``requester``, ``verdict``) needs its own answered request of the same
    requester family with the same verdict; an answered request is used once (greedy, in order).
    """
    if not expected:
        return 1, int(case_verdict == predicted)
    used: set[int] = set()
    right = 0
    for want in expected:
        for i, got in enumerate(answered):
            facts = got.get("facts") or {}
            if i not in used and got.get("verdict") == want.get("verdict") and \
                    requester_family(facts.get("requester")) == requester_family(want.get("requester")):
                used.add(i)
                right += 1
                break
    return len(expected), right


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between order statistics
    (NumPy's default ``linear`` method, Hyndman & Fan 1996 type 7). Raises ValueError when empty."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def ref_matches(retrieved: str, gold: str) -> bool:
    """True when section ``retrieved`` (``doc#pin``) is ``gold`` or one of its sub-provisions.

    ``ac-14-154#b(1)`` matches gold ``ac-14-154#b``; a bare ``doc_id`` gold matches any section of it.
    """
    r_doc, _, r_pin = retrieved.partition("#")
    g_doc, _, g_pin = gold.partition("#")
    if r_doc != g_doc:
        return False
    return not g_pin or r_pin == g_pin or r_pin.startswith(g_pin + "(")


def _relevance(ranked: Sequence[str], gold: Sequence[str], k: int) -> tuple[list[bool], set[str]]:
    """Per rank (top ``k``): does it match a gold passage not matched higher up; and the gold found."""
    found: set[str] = set()
    rel = []
    for ref in ranked[:k]:
        hit = next((g for g in gold if g not in found and ref_matches(ref, g)), None)
        rel.append(hit is not None)
        if hit is not None:
            found.add(hit)
    return rel, found


def recall_at_k(ranked: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Share of gold passages found in the top ``k`` of ``ranked`` (section refs, best first)."""
    if not gold:
        raise ValueError("recall needs at least one gold passage")
    return len(_relevance(ranked, gold, k)[1]) / len(set(gold))


def reciprocal_rank(ranked: Sequence[str], gold: Sequence[str], k: int = 10) -> float:
    """1 / rank of the first gold passage in the top ``k``, 0 when none (mean over queries = MRR,
    Voorhees, TREC-8 QA track 1999)."""
    rel, _ = _relevance(ranked, gold, k)
    return next((1 / rank for rank, r in enumerate(rel, start=1) if r), 0.0)


def ndcg_at_k(ranked: Sequence[str], gold: Sequence[str], k: int = 10) -> float:
    """Normalised discounted cumulative gain with binary relevance (Järvelin & Kekäläinen 2002):
    DCG = Σ rel_i / log2(i + 1) over ranks i ≤ k, divided by the DCG of an ideal ranking that puts
    all ``min(|gold|, k)`` gold passages first. 0–1."""
    if not gold:
        raise ValueError("nDCG needs at least one gold passage")
    rel, _ = _relevance(ranked, gold, k)
    dcg = sum(1 / math.log2(i + 1) for i, r in enumerate(rel, start=1) if r)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(set(gold)), k) + 1))
    return dcg / ideal


def dedupe_sections(refs: Sequence[str]) -> list[str]:
    """``refs`` with repeats removed, first occurrence kept (several chunks of one section count once)."""
    return list(dict.fromkeys(refs))


def _same_length(a: Sequence, b: Sequence, allow_empty: bool = False) -> None:
    if len(a) != len(b):
        raise ValueError(f"lists differ in length ({len(a)} and {len(b)})")
    if not a and not allow_empty:
        raise ValueError("no items to score")
