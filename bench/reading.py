"""Issue 10's targets, printed: verdict accuracy, permitted recall, dangerous errors and per-request
accuracy on case folders; the immigration-signal detector's recall on its held-apart sentences; warm
answer latency.

Run: ``.venv/bin/python bench/reading.py [FOLDER ...]`` (default: every folder of fresh cases under
``evals/cases/fresh``, else ``evals/cases``). Needs the built index (``sharecheck index``). Prints
figures and whether each target is met; asserts nothing.

Targets (issue 10): accuracy ≥ 0.92, permitted recall ≥ 0.85, zero dangerous errors, detector recall
≥ 0.98, warm answer p95 ≤ 60 ms in process on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.settings import REPO_ROOT, Settings  # noqa: E402

TARGETS = {"accuracy": 0.92, "permitted_recall": 0.85, "dangerous": 0, "detector_recall": 0.98, "p95_ms": 60.0}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_folder(assistant, folder: Path) -> dict:
    """Figures for the cases in ``folder``, with the latency of each answer."""
    from assistant.exercises.cases import load_cases
    from evals.metrics import is_dangerous, request_hits

    cases = load_cases(folder)
    rows = []
    for case in cases:
        started = time.perf_counter()
        answer = assistant.ask(case.question, history=case.history, today=case.today).model_dump()
        rows.append((case, answer, (time.perf_counter() - started) * 1000))
    permitted = [(c, a) for c, a, _ in rows if c.verdict == "permitted"]
    requests = [request_hits(c.requests, a["requests"], c.verdict, a["verdict"]) for c, a, _ in rows]
    return {"n": len(rows), "accuracy": sum(a["verdict"] == c.verdict for c, a, _ in rows) / len(rows),
            "permitted_recall": (sum(a["verdict"] == "permitted" for _, a in permitted) / len(permitted)
                                 if permitted else None),
            "dangerous": [c.id for c, a, _ in rows if is_dangerous(c.verdict, a["verdict"])],
            "per_request": sum(r for _, r in requests) / sum(n for n, _ in requests),
            "latencies": [ms for _, _, ms in rows]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", help="case folders (default: evals/cases/fresh/*, else evals/cases)")
    parser.add_argument("--rounds", type=int, default=3, help="passes for the latency figure (default 3)")
    args = parser.parse_args()
    fresh = sorted(p for p in (REPO_ROOT / "evals" / "cases" / "fresh").glob("*") if p.is_dir())
    folders = [Path(f) for f in args.folders] or fresh or [REPO_ROOT / "evals" / "cases"]
    settings = Settings.from_env()
    from assistant.pipeline import Assistant

    assistant = Assistant(settings)
    assistant.ask("ICE called asking when our prisoner gets released. Can I tell them?")  # warm-up
    latencies: list[float] = []
    for folder in folders:
        figures = run_folder(assistant, folder)
        for _ in range(max(0, args.rounds - 1)):
            latencies += run_folder(assistant, folder)["latencies"]
        latencies += figures["latencies"]
        pr = figures["permitted_recall"]
        ok = (figures["accuracy"] >= TARGETS["accuracy"] and (pr is None or pr >= TARGETS["permitted_recall"])
              and not figures["dangerous"])
        print(f"{folder}: {figures['n']} cases · accuracy {figures['accuracy']:.3f} · permitted recall "
              f"{'n/a' if pr is None else f'{pr:.3f}'} · dangerous {len(figures['dangerous'])} "
              f"{figures['dangerous'] or ''} · per-request accuracy {figures['per_request']:.3f} · "
              f"{'targets met' if ok else 'below target'}")
    manifest = json.loads((settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    held = ((manifest.get("parts") or {}).get("signals") or {}).get("report", {}).get("held_apart")
    if held:
        print(f"signal detector on {held['n']} held-apart sentences ({held['positives']} with a signal): recall "
              f"{held['detector_recall']:.3f} (patterns {held['patterns_recall']:.3f}, classifier "
              f"{held['classifier_recall']:.3f}), precision {held['detector_precision']:.3f} · "
              f"{'target met' if held['detector_recall'] >= TARGETS['detector_recall'] else 'below target'}")
    p95 = percentile(latencies, 0.95)
    print(f"warm answer latency over {len(latencies)} answers: p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms · {'target met' if p95 <= TARGETS['p95_ms'] else 'below target'}")


if __name__ == "__main__":
    main()
