"""Run evaluation cases through the same ``Assistant`` users get and summarise every metric.

``evaluate(assistant, cases)`` returns the summary that report.py writes as ``summary.json``;
its keys are documented on ``summarise``. Nothing here draws or writes files.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.domain import VERDICTS
from assistant.exercises.cases import Case, CaseError
from evals import faithfulness as faith
from evals import metrics as m
from evals.grading import CrossReferences, Graded, grade

RETRIEVAL_K = 5  # the ablation's recall cut-off (issue: recall@5)
NDCG_K = 10
MODES = ("bm25", "dense", "hybrid")


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator:
    """A rich progress bar on stderr (when ``enabled``); yields ``advance(description)``."""
    if not enabled:
        yield lambda description="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("evaluating", total=total)
        yield lambda description="": bar.update(task, advance=1, description=description[:28])


def check_gold(cases: list[Case], index) -> None:
    """Raise CaseError listing every ``gold``/``must_cite`` pinpoint that resolves to no indexed passage."""
    bad = []
    for case in cases:
        for ref in (*case.gold, *(r for r in case.must_cite if "#" in r)):
            if not index.lookup(*ref.split("#", 1)):
                bad.append(f"{case.file}: case {case.id}: {ref} is not a corpus passage")
    if bad:
        raise CaseError("\n".join(bad))


def ask_all(assistant, cases: list[Case], advance=lambda d="": None) -> list[Graded]:
    """Answer and grade each case; an exception from the Assistant becomes predicted ``error``."""
    xrefs = CrossReferences(assistant.index)
    graded = []
    for case in cases:
        started = time.perf_counter()
        try:
            answer, error = assistant.ask(case.question, history=case.history, id=case.id,
                                          today=case.today).model_dump(), ""
        except Exception as exc:  # one broken case must not stop the run; it is reported as an error
            answer, error = None, f"{type(exc).__name__}: {exc}"
        latency = round((time.perf_counter() - started) * 1000, 1)
        graded.append(grade(case, answer, assistant.index, xrefs, latency, error))
        advance(case.id)
    return graded


def rank_sections(index, query: str, mode: str, k: int = NDCG_K) -> list[str]:
    """The top ``k`` distinct sections (``doc#pin``) for ``query`` by ``mode`` (bm25, dense or hybrid)."""
    from assistant.knowledge.retrieval import HybridRetriever

    retriever = HybridRetriever(index=index, k=k, mode=mode)
    chunks = retriever.search(query, k=retriever.pool)  # several chunks may share one section
    return m.dedupe_sections([f"{p.doc_id}#{p.pinpoint}" for p in chunks])[:k]


def retrieval_scores(index, cases: list[Case]) -> dict:
    """Recall@5, recall@10, MRR@10 and nDCG@10 per retrieval mode over the cases with ``gold``.

    The query is what the pipeline sends for an informational question (``facts.normalize`` of the
    last turn). Returns ``{"n", "k", "modes": {mode: {metric: mean}}, "per_case": [...]}``.
    """
    from assistant.engine.lexicon import normalize

    with_gold = [c for c in cases if c.gold]
    out: dict = {"n": len(with_gold), "k": RETRIEVAL_K, "modes": {}, "per_case": []}
    if not with_gold:
        return out
    per_mode: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for case in with_gold:
        row: dict = {"id": case.id, "gold": list(case.gold)}
        for mode in MODES:
            ranked = rank_sections(index, normalize(case.question), mode)
            scores = {f"recall@{RETRIEVAL_K}": m.recall_at_k(ranked, case.gold, RETRIEVAL_K),
                      f"recall@{NDCG_K}": m.recall_at_k(ranked, case.gold, NDCG_K),
                      "mrr": m.reciprocal_rank(ranked, case.gold, NDCG_K),
                      f"ndcg@{NDCG_K}": m.ndcg_at_k(ranked, case.gold, NDCG_K)}
            per_mode[mode].append(scores)
            row[mode] = {**scores, "ranked": ranked[:RETRIEVAL_K]}
        out["per_case"].append(row)
    for mode, rows in per_mode.items():
        out["modes"][mode] = {key: sum(r[key] for r in rows) / len(rows) for key in rows[0]}
    return out


def faithfulness_scores(assistant, graded: list[Graded]) -> dict:
    """Sentence-level citation and support checks over every answer, plus the method's validation
    on the hand-labelled pairs (precision/recall on the held-out ``test`` split)."""
    from assistant.knowledge.embeddings import embedder_for

    index = assistant.index
    scorer = faith.SupportScorer(
        embedder_for(assistant.settings).embed_documents)

    def section_text(doc_id: str, pinpoint: str) -> str:
        chunks = index.lookup(doc_id, pinpoint)
        return "\n\n".join(c.text for c in chunks if c.origin == chunks[0].origin) if chunks else ""

    def passage_for(citation: dict) -> str:
        return section_text(citation["doc_id"], citation["pinpoint"])

    answered = [g for g in graded if g.answer]
    scorer.warm([text for g in answered for sentence, cites in faith.answer_sentences(g.answer) if cites
                 for text in [faith.clean_sentence(sentence),
                              *scorer.windows([passage_for(c) for c in g.answer["citations"] if c["n"] in cites])]])
    sentences = cited = claims = supported = 0
    uncited: list[dict] = []
    unsupported: dict[tuple[str, tuple[str, ...]], dict] = {}
    for g in answered:
        for check in faith.check_answer(g.answer, passage_for, scorer):
            sentences += 1
            cited += bool(check.cites)
            if not check.cites:
                uncited.append({"id": g.case.id, "sentence": check.sentence})
            if check.kind != "claim" or not check.cites:
                continue
            claims += 1
            supported += check.supported
            if not check.supported:
                refs = tuple(f"{c['doc_id']}#{c['pinpoint']}" for c in g.answer["citations"] if c["n"] in check.cites)
                text = faith.clean_sentence(check.sentence)
                entry = unsupported.setdefault((text, refs), {"sentence": text, "cites": list(refs), "cases": [],
                                                              "overlap": check.overlap, "cosine": check.cosine})
                entry["cases"].append(g.case.id)
    features = faith.pair_features(faith.load_labelled(), lambda ref: section_text(*ref.split("#", 1)), scorer)
    test = [f for f in features if f["split"] == "test"]
    validation = {"test": faith.validate(test),
                  "test without contradictions": faith.validate([f for f in test if f["kind"] != "contradiction"]),
                  "calibrate": faith.validate([f for f in features if f["split"] == "calibrate"])}
    return {"sentences": sentences, "cited": cited, "cited_rate": cited / sentences if sentences else 1.0,
            "claims": claims, "supported": supported, "support_rate": supported / claims if claims else 1.0,
            "uncited": uncited, "unsupported": sorted(unsupported.values(), key=lambda u: -len(u["cases"])),
            "method": {"thresholds": {"overlap_min": faith.OVERLAP_MIN, "cosine_min": faith.COSINE_MIN,
                                      "overlap_with_cosine": faith.OVERLAP_WITH_COSINE,
                                      "cosine_with_overlap": faith.COSINE_WITH_OVERLAP},
                       "validation": validation}}


def summarise(graded: list[Graded]) -> dict:
    """Verdict, citation, mention, abstention and latency metrics over graded cases.

    Keys: ``verdict`` (accuracy, correct, n, macro_f1, per_class, by_category, confusion{labels,
    matrix} with rows expected and columns predicted), ``dangerous`` (count, cases), ``errors``,
    ``permitted_recall`` (permitted cases answered permitted), ``requests`` (per-request accuracy:
    metrics.request_hits over every case),
    ``citations`` (recall = must_cite refs met / all; precision = relevant / resolving citations in
    cases that name expected documents; resolved_rate; must_not_cite violations), ``must_mention``,
    ``abstention`` (accuracy on out_of_scope cases; over_abstained = other cases answered
    out_of_scope), ``latency_ms`` (p50, p95, mean, max of wall time per ask).
    """
    expected = [g.case.verdict for g in graded]
    predicted = [g.predicted for g in graded]
    labels = [v for v in VERDICTS if v in expected or v in predicted] + (["error"] if "error" in predicted else [])
    cite_total = sum(len(g.cite_hits) for g in graded)
    cite_met = sum(sum(g.cite_hits.values()) for g in graded)
    judged = [g for g in graded if g.relevant is not None]
    judged_n = sum(g.resolved for g in judged)
    relevant = sum(g.relevant or 0 for g in judged)
    n_citations = sum(g.n_citations for g in graded)
    mention_total = sum(len(g.mention_hits) for g in graded)
    oos = [g for g in graded if g.case.verdict == "out_of_scope"]
    latencies = [g.latency_ms for g in graded]
    permitted = [g for g in graded if g.case.verdict == "permitted"]
    requests = [g.requests for g in graded]
    return {
        "permitted_recall": {"n": len(permitted), "correct": sum(g.correct for g in permitted),
                             "recall": sum(g.correct for g in permitted) / len(permitted) if permitted else None},
        "requests": {"n": sum(n for n, _ in requests), "correct": sum(r for _, r in requests),
                     "accuracy": sum(r for _, r in requests) / sum(n for n, _ in requests) if requests else None,
                     "multi_request_cases": sum(1 for g in graded if g.case.requests)},
        "verdict": {"n": len(graded), "correct": sum(g.correct for g in graded),
                    "accuracy": m.accuracy(expected, predicted), "macro_f1": m.macro_f1(expected, predicted),
                    "per_class": m.per_class(expected, predicted),
                    "by_category": m.accuracy_by([g.case.category for g in graded], expected, predicted),
                    "confusion": {"labels": labels, "matrix": m.confusion_matrix(expected, predicted, labels)}},
        "dangerous": {"count": sum(g.dangerous for g in graded),
                      "cases": [{"id": g.case.id, "expected": g.case.verdict, "predicted": g.predicted,
                                 "question": g.case.question} for g in graded if g.dangerous]},
        "errors": [{"id": g.case.id, "error": g.error} for g in graded if g.error],
        "citations": {"recall": cite_met / cite_total if cite_total else None, "must_cite_met": cite_met,
                      "must_cite_total": cite_total, "precision": relevant / judged_n if judged_n else None,
                      "relevant": relevant, "judged": judged_n,
                      "resolved_rate": sum(g.resolved for g in graded) / n_citations if n_citations else None,
                      "missing": [{"id": g.case.id, "ref": r} for g in graded for r, ok in g.cite_hits.items()
                                  if not ok],
                      "must_not_cite_violations": [{"id": g.case.id, "ref": r} for g in graded
                                                   for r in g.forbidden_cited]},
        "must_mention": {"hits": sum(sum(g.mention_hits.values()) for g in graded), "total": mention_total,
                         "hit_rate": (sum(sum(g.mention_hits.values()) for g in graded) / mention_total
                                      if mention_total else None),
                         "missed": [{"id": g.case.id, "phrase": p} for g in graded
                                    for p, ok in g.mention_hits.items() if not ok]},
        "abstention": {"n": len(oos), "accuracy": (sum(g.correct for g in oos) / len(oos)) if oos else None,
                       "over_abstained": [g.case.id for g in graded
                                          if g.predicted == "out_of_scope" and g.case.verdict != "out_of_scope"]},
        "latency_ms": {"p50": m.percentile(latencies, 50), "p95": m.percentile(latencies, 95),
                       "mean": sum(latencies) / len(latencies), "max": max(latencies)},
    }


def gate(summary: dict, min_accuracy: float | None, max_dangerous: int | None) -> list[str]:
    """The thresholds the run fails, as sentences (empty when it passes)."""
    failures = []
    acc, dangerous = summary["verdict"]["accuracy"], summary["dangerous"]["count"]
    if min_accuracy is not None and acc < min_accuracy:
        failures.append(f"verdict accuracy {acc:.3f} is below --min-accuracy {min_accuracy}")
    if max_dangerous is not None and dangerous > max_dangerous:
        failures.append(f"{dangerous} dangerous error(s), more than --max-dangerous {max_dangerous}")
    return failures


def evaluate(assistant, cases: list[Case], cases_path: Path | str = "", show_progress: bool | None = None,
             min_accuracy: float | None = None, max_dangerous: int | None = None) -> dict:
    """Run ``cases`` and return the full summary (see ``summarise``) plus ``retrieval``,
    ``faithfulness``, per-case ``cases`` rows, ``passed`` and ``failures``.

    Raises CaseError when a gold or pinpointed must_cite passage is not in the index.
    """
    check_gold(cases, assistant.index)
    enabled = sys.stderr.isatty() if show_progress is None else show_progress
    with progress_bar(len(cases) + 2, enabled) as advance:
        graded = ask_all(assistant, cases, advance)
        advance("retrieval ablation")
        retrieval = retrieval_scores(assistant.index, cases)
        advance("faithfulness")
        faithfulness = faithfulness_scores(assistant, graded)
    return assemble(graded, retrieval, faithfulness, assistant.corpus_version, cases_path, min_accuracy,
                    max_dangerous)


def assemble(graded: list[Graded], retrieval: dict, faithfulness: dict, corpus_version: str,
             cases_path: Path | str = "", min_accuracy: float | None = None,
             max_dangerous: int | None = None) -> dict:
    """The summary.json object: run facts, ``summarise`` metrics, retrieval, faithfulness, case rows,
    and the threshold verdict (``passed``, ``failures``)."""
    summary = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cases_path": str(cases_path),
               "corpus_version": corpus_version, "n_cases": len(graded),
               "thresholds": {"min_accuracy": min_accuracy, "max_dangerous": max_dangerous},
               **summarise(graded), "retrieval": retrieval, "faithfulness": faithfulness,
               "cases": [g.row() for g in graded]}
    summary["failures"] = gate(summary, min_accuracy, max_dangerous)
    summary["passed"] = not summary["failures"]
    return summary


def iter_rows(summary: dict) -> Iterable[tuple[str, str]]:
    """(metric, value) pairs for the summary table printed by the CLI and shown atop the report."""
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    v, c = summary["verdict"], summary["citations"]
    yield "cases", str(v["n"])
    yield "verdict accuracy", f"{v['accuracy']:.3f} ({v['correct']}/{v['n']})"
    yield "macro-F1", f"{v['macro_f1']:.3f}"
    yield "dangerous errors", str(summary["dangerous"]["count"])
    pr, rq = summary["permitted_recall"], summary["requests"]
    yield "permitted recall", f"{fmt(pr['recall'])} ({pr['correct']}/{pr['n']})"
    yield "per-request accuracy", f"{fmt(rq['accuracy'])} ({rq['correct']}/{rq['n']}; " \
                                  f"{rq['multi_request_cases']} cases hold several)"
    yield "errors (assistant raised)", str(len(summary["errors"]))
    yield "citation recall (must_cite)", f"{fmt(c['recall'])} ({c['must_cite_met']}/{c['must_cite_total']})"
    yield "citation precision", f"{fmt(c['precision'])} ({c['relevant']}/{c['judged']})"
    yield "must_mention hits", f"{fmt(summary['must_mention']['hit_rate'])} " \
                               f"({summary['must_mention']['hits']}/{summary['must_mention']['total']})"
    a = summary["abstention"]
    yield "abstention accuracy (out_of_scope)", f"{fmt(a['accuracy'])} (n={a['n']})"
    f = summary["faithfulness"]
    yield "sentences cited", f"{fmt(f['cited_rate'])} ({f['cited']}/{f['sentences']})"
    yield "claims supported by cited passage", f"{fmt(f['support_rate'])} ({f['supported']}/{f['claims']})"
    r = summary["retrieval"]
    if r["n"]:
        h = r["modes"]["hybrid"]
        yield f"info retrieval recall@{RETRIEVAL_K} / MRR / nDCG@10", \
            f"{h[f'recall@{RETRIEVAL_K}']:.3f} / {h['mrr']:.3f} / {h['ndcg@10']:.3f} (n={r['n']})"
    lat = summary["latency_ms"]
    yield "latency p50 / p95", f"{lat['p50']:.0f} ms / {lat['p95']:.0f} ms"
