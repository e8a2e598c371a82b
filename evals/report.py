"""Write the evaluation report: ``report.md``, ``report.html`` (self-contained), ``summary.json`` and PNGs.

The report is built as a list of blocks rendered twice (Markdown and HTML), so both always say the
same. It is written to a sibling staging directory that replaces ``DIR`` only once complete: a
failed run leaves the previous report, or nothing, never half a report.
"""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import time
from pathlib import Path

from assistant.knowledge.versions import replace_directory
from evals import plots
from evals.metrics import ref_matches
from evals.runner import iter_rows

REPORT_FILES = {"report.md", "report.html", "summary.json", "confusion.png", "accuracy_by_category.png",
                "latency.png", "retrieval_ablation.png"}


class ReportError(OSError):
    """The report directory cannot be used; the message says why and what to do."""


def check_report_dir(out_dir: Path) -> None:
    """Fail fast, before a long run, when ``out_dir`` cannot receive a report.

    Raises ReportError when a parent is not a directory, the parent is not writable, ``out_dir`` is a
    file, or ``out_dir`` holds files that are not a previous report (they would be replaced).
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"{out_dir} is a file; give a directory for the report")
    if out_dir.is_dir():
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in REPORT_FILES)
        if foreign:
            raise ReportError(f"{out_dir} holds other files ({', '.join(foreign[:5])}); a report replaces its "
                              "directory whole, so give a new or empty directory")
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        probe = parent / f".{out_dir.name}.probe-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ReportError(f"cannot write the report under {parent}: {exc.strerror or exc}") from exc


def write_report(summary: dict, out_dir: Path) -> Path:
    """Write every report file for ``summary`` (from ``runner.evaluate``) into ``out_dir`` at once.

    Returns ``out_dir``. Raises ReportError (see ``check_report_dir``); on any failure the staging
    directory is removed and ``out_dir`` is left as it was.
    """
    out_dir = out_dir.resolve()
    check_report_dir(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.writing-{os.getpid()}-{int(time.time() * 1000)}"
    try:
        staging.mkdir()
        images = _plots(summary, staging)
        blocks = _blocks(summary, images)
        (staging / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
        (staging / "report.md").write_text(to_markdown(blocks), encoding="utf-8")
        (staging / "report.html").write_text(to_html(blocks, staging), encoding="utf-8")
        replace_directory(staging, out_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReportError(f"writing the report to {out_dir} failed ({exc}); nothing was written") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir


def _plots(summary: dict, folder: Path) -> dict[str, str]:
    v, lat = summary["verdict"], summary["latency_ms"]
    images = {
        "confusion": plots.confusion_png(v["confusion"]["labels"], v["confusion"]["matrix"],
                                         folder / "confusion.png").name,
        "accuracy": plots.accuracy_png(v["by_category"], folder / "accuracy_by_category.png").name,
        "latency": plots.latency_png([c["latency_ms"] for c in summary["cases"]], folder / "latency.png",
                                     lat["p50"], lat["p95"]).name,
    }
    if summary["retrieval"]["n"]:
        images["ablation"] = plots.ablation_png(summary["retrieval"]["modes"], folder / "retrieval_ablation.png",
                                                summary["retrieval"]["k"]).name
    return images


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _blocks(s: dict, images: dict[str, str]) -> list[tuple]:
    """The report as blocks: ("h1"|"h2"|"p", text), ("table", headers, rows), ("img", file, alt), ("ul", items)."""
    v, c, f, r = s["verdict"], s["citations"], s["faithfulness"], s["retrieval"]
    status = "PASSED" if s["passed"] else "FAILED: " + "; ".join(s["failures"])
    b: list[tuple] = [
        ("h1", "ShareCheck evaluation report"),
        ("p", f"Generated {s['generated_at']} from {s['cases_path']} ({s['n_cases']} cases), corpus "
              f"{s['corpus_version'][:12]}. Thresholds: min accuracy {s['thresholds']['min_accuracy']}, "
              f"max dangerous {s['thresholds']['max_dangerous']}. Result: {status}."),
        ("h2", "Summary"), ("table", ["metric", "value"], list(iter_rows(s))),
        ("h2", "Verdicts"), ("img", images["confusion"], "confusion matrix"),
        ("table", ["verdict", "precision", "recall", "F1", "support"],
         [[k, f"{x['precision']:.3f}", f"{x['recall']:.3f}", f"{x['f1']:.3f}", x["support"]]
          for k, x in v["per_class"].items()]),
        ("img", images["accuracy"], "accuracy by category"),
        ("table", ["category", "accuracy", "correct", "cases"],
         [[k, f"{x['accuracy']:.3f}", x["correct"], x["n"]] for k, x in v["by_category"].items()]),
        ("h2", "Dangerous errors"),
        ("p", "A dangerous error answers permitted where the right verdict is prohibited or review (DESIGN §2)."),
        ("ul", [f"{d['id']}: expected {d['expected']}, answered {d['predicted']} — {d['question']}"
                for d in s["dangerous"]["cases"]] or ["none"]),
    ]
    wrong = [[x["id"], x["expected"], x["predicted"], " → ".join(x["turns"])] for x in s["cases"] if not x["correct"]]
    b += [("h2", "Wrong verdicts"), ("table", ["case", "expected", "answered", "question"], wrong)
          if wrong else ("p", "none")]
    if s["errors"]:
        b += [("h2", "Errors"), ("ul", [f"{e['id']}: {e['error']}" for e in s["errors"]])]
    b += [
        ("h2", "Citations"),
        ("p", f"Recall {_pct(c['recall'])}: must_cite references met ({c['must_cite_met']}/{c['must_cite_total']}). "
              f"Precision {_pct(c['precision'])}: citations that resolve to a corpus passage and belong to an "
              f"expected document (must_cite or gold) or to a section an expected passage cites "
              f"({c['relevant']}/{c['judged']}). Resolved: {_pct(c['resolved_rate'])} of all citations."),
        ("ul", [f"{x['id']}: missing {x['ref']}" for x in c["missing"]]
         + [f"{x['id']}: cites forbidden {x['ref']}" for x in c["must_not_cite_violations"]]
         + [f"{x['id']}: missed mention '{x['phrase']}'" for x in s["must_mention"]["missed"]] or ["no misses"]),
        ("h2", "Abstention"),
        ("p", f"Out-of-scope cases answered out_of_scope: {_pct(s['abstention']['accuracy'])} "
              f"(n={s['abstention']['n']}). Other cases wrongly answered out_of_scope: "
              f"{', '.join(s['abstention']['over_abstained']) or 'none'}."),
    ]
    if r["n"]:
        k = r["k"]
        b += [("h2", "Retrieval (info cases) and ablation"),
              ("p", f"{r['n']} info cases with gold passages; the query is what the pipeline sends for an "
                    "informational question. A retrieved sub-provision counts as its gold section."),
              ("table", ["mode", f"recall@{k}", "recall@10", "MRR@10", "nDCG@10"],
               [[mode, *(f"{x[key]:.3f}" for key in (f"recall@{k}", "recall@10", "mrr", "ndcg@10"))]
                for mode, x in r["modes"].items()]),
              ("img", images["ablation"], "retrieval ablation"),
              ("table", ["case", "gold", f"hybrid top {k} (✓ = gold)", "RR"],
               [[x["id"], ", ".join(x["gold"]), ", ".join(("✓ " if any(ref_matches(ref, g) for g in x["gold"]) else "")
                                                          + ref for ref in x["hybrid"]["ranked"]),
                 f"{x['hybrid']['mrr']:.2f}"] for x in r["per_case"]])]
    val = f["method"]["validation"]
    t = f["method"]["thresholds"]
    b += [
        ("h2", "Faithfulness"),
        ("p", f"Sentences with a citation: {f['cited']}/{f['sentences']}. Claims whose cited passages support them: "
              f"{f['supported']}/{f['claims']} ({_pct(f['support_rate'])}). Method (evals/faithfulness.py): "
              f"supported when content-word overlap ≥ {t['overlap_min']}, or MiniLM cosine ≥ {t['cosine_min']}, or "
              f"overlap ≥ {t['overlap_with_cosine']} with cosine ≥ {t['cosine_with_overlap']}; thresholds calibrated "
              "on hand-labelled pairs (evals/labelled/faithfulness.yaml). It cannot see negation: a sentence that "
              "contradicts its passage in the passage's words passes."),
        ("table", ["labelled split", "pairs", "precision", "recall", "accuracy"],
         [[split, x["n"], f"{x['precision']:.3f}", f"{x['recall']:.3f}", f"{x['accuracy']:.3f}"]
          for split, x in val.items()]),
        ("p", "Uncited sentences: " + ("; ".join(f"{u['id']}: {u['sentence']}" for u in f["uncited"]) or "none")),
        ("p", "Unsupported sentences, grouped (the same rule text recurs across answers), most frequent first:"),
        ("table", ["unsupported sentence", "cites", "overlap", "cosine", "answers", "cases"],
         [[u["sentence"], ", ".join(u["cites"]), f"{u['overlap']:.2f}", f"{u['cosine']:.2f}", len(u["cases"]),
           ", ".join(u["cases"][:4]) + (f" … (+{len(u['cases']) - 4})" if len(u["cases"]) > 4 else "")]
          for u in f["unsupported"]]),
        ("h2", "Latency"),
        ("p", f"Wall time per question: p50 {s['latency_ms']['p50']:.0f} ms, p95 {s['latency_ms']['p95']:.0f} ms, "
              f"max {s['latency_ms']['max']:.0f} ms."),
        ("img", images["latency"], "latency histogram"),
        ("h2", "All cases"),
        ("table", ["case", "category", "expected", "answered", "ok", "ms"],
         [[x["id"], x["category"], x["expected"], x["predicted"], "yes" if x["correct"] else "NO",
           f"{x['latency_ms']:.0f}"] for x in s["cases"]]),
    ]
    return b


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[tuple]) -> str:
    """Render blocks as GitHub-flavoured Markdown (images as relative links to the PNGs beside it)."""
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            out += [("# " if kind == "h1" else "## ") + block[1], ""]
        elif kind == "p":
            out += [block[1], ""]
        elif kind == "ul":
            out += [f"- {_md_cell(item)}" for item in block[1]] + [""]
        elif kind == "img":
            out += [f"![{block[2]}]({block[1]})", ""]
        elif kind == "table":
            headers, rows = block[1], block[2]
            out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows] or ["| none |"]
            out.append("")
    return "\n".join(out)


CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:24px auto;
padding:0 16px;color:#111;line-height:1.45}h1{margin-bottom:4px}h2{border-bottom:2px solid #1f4e99;padding-bottom:2px;
margin-top:32px}table{border-collapse:collapse;margin:10px 0;font-size:14px;width:100%}th,td{border:1px solid #ccc;
padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}th{background:#eef2fa}
tr:nth-child(even) td{background:#fafafa}img{max-width:100%;border:1px solid #ddd;margin:8px 0}
.fail{color:#b00020;font-weight:700}.pass{color:#0b6e2e;font-weight:700}"""


def to_html(blocks: list[tuple], folder: Path) -> str:
    """Render blocks as one HTML page with the PNGs from ``folder`` inlined as data URIs (opens offline)."""
    e = html.escape
    body: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "p":
            text = e(block[1]).replace("PASSED", "<span class='pass'>PASSED</span>").replace(
                "FAILED", "<span class='fail'>FAILED</span>")
            body.append(f"<p>{text}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(str(i))}</li>" for i in block[1]) + "</ul>")
        elif kind == "img":
            data = base64.b64encode((folder / block[1]).read_bytes()).decode("ascii")
            body.append(f"<img src='data:image/png;base64,{data}' alt='{e(block[2])}'>")
        elif kind == "table":
            head = "".join(f"<th>{e(str(h))}</th>" for h in block[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(str(x))}</td>" for x in row) + "</tr>" for row in block[2])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows or '<tr><td>none</td></tr>'}</tbody>"
                        "</table>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><title>ShareCheck evaluation report</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
