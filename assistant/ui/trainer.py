"""The Scenarios tab's trainer view: runs told apart, class results, CSV export, a printable debrief,
and deleting a practice run (issue 12).

Named endpoints: ``/scenario_results`` (scenario, class → results HTML), ``/scenario_export`` (→ CSV),
``/scenario_debrief`` (→ Markdown and a printable HTML page), ``/scenario_delete_run`` (run #, scenario,
class → results HTML). Every one checks the trainer role on the server (ui/access.py).
"""

from __future__ import annotations

import html
import re

import gradio as gr

from assistant.domain import VERDICT_LABELS
from assistant.exercises.scenarios import Scenario, debrief_markdown
from assistant.settings import Settings
from assistant.stores.exercises import ExerciseResults
from assistant.stores.exports import EXPORT_TTL_SECONDS, remove_later, write_export
from assistant.ui.access import need_in_app

ALL_CLASSES = "All classes"
# The debrief as a page to print: one column, black on white, no app around it, a page break per step.
PRINT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><style>
body{{font:11pt/1.45 Georgia,serif;color:#000;max-width:42rem;margin:2rem auto;padding:0 1rem}}
h1{{font-size:18pt}} h2{{font-size:13pt;margin-top:1.6em;border-bottom:1px solid #999}}
table{{border-collapse:collapse;width:100%}} td,th{{border:1px solid #999;padding:3px 6px;text-align:left}}
blockquote{{margin:.6em 0;padding-left:.8em;border-left:3px solid #999}}
p,li,td{{overflow-wrap:anywhere}} ul{{margin:.2em 0}} ul.nested{{margin-left:1.6em}}
@media print{{body{{margin:0;max-width:none}} h2{{break-before:auto}} a{{color:#000;text-decoration:none}}
.step{{break-inside:avoid}}}}</style></head><body>{body}</body></html>"""


def table_html(headers: list[str], rows: list[list[str]], scroll: bool = True) -> str:
    """A table of already-escaped cells; ``scroll`` wraps it so a phone scrolls the table, not the page."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    table = f"<table class='scn-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<div class='scn-scroll'>{table}</div>" if scroll else table


def print_html(markdown_text: str, title: str) -> str:
    """The debrief Markdown as a printable HTML page (PRINT_PAGE), by the few forms debrief_markdown writes:
    headings, quotes, bullets, tables, emphasis and paragraphs."""
    out: list[str] = []
    table: list[list[str]] = []

    def inline(text: str) -> str:
        text = html.escape(text)
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
        return re.sub(r"`(.+?)`", r"<code>\1</code>", text)

    def flush() -> None:
        if table:
            out.append(table_html([inline(c) for c in table[0]], [[inline(c) for c in row] for row in table[2:]],
                                  scroll=False))
            table.clear()

    for line in markdown_text.splitlines():
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush()
        if line.startswith("## "):
            out.append(f"<h2>{inline(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{inline(line[2:])}</h1>")
        elif line.startswith("> "):
            out.append(f"<blockquote>{inline(line[2:])}</blockquote>")
        elif line.startswith("- "):
            out.append(f"<ul><li>{inline(line[2:])}</li></ul>")
        elif line.startswith("  - "):
            # A rule under "Rule." in the key: a nested item, not a paragraph starting with "- " (tester).
            out.append(f"<ul class='nested'><li>{inline(line[4:])}</li></ul>")
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
    flush()
    return PRINT_PAGE.format(title=html.escape(title), body="\n".join(out).replace("</ul>\n<ul>", ""))


def build_trainer_view(settings: Settings, library: dict[str, Scenario], store: ExerciseResults, resolve, badge,
                       scenario_in) -> gr.Dropdown:
    """Add the trainer view under the exercise; returns its class dropdown (the tab refreshes its choices)."""
    first = next(iter(library), None)
    with gr.Accordion("Trainer view: runs, class results, CSV export, printable debrief", open=False):
        with gr.Row():
            class_view = gr.Dropdown([ALL_CLASSES, *store.classes(first)], value=ALL_CLASSES, label="Class",
                                     allow_custom_value=True, elem_id="scn-class-view")
            show = gr.Button("Show class results", elem_id="scn-results-btn")
            export = gr.Button("Export CSV", elem_id="scn-export")
            debrief = gr.Button("Printable debrief", elem_id="scn-debrief-btn")
        results = gr.HTML(elem_id="scn-results")
        with gr.Row(equal_height=True):
            run_in = gr.Number(None, label="Practice run # to delete", precision=0, elem_id="scn-run-id")
            delete = gr.Button("Delete practice run", variant="stop", elem_id="scn-delete-run")
        download = gr.File(label="Download", visible=False, elem_id="scn-download")  # shown with a file
        debrief_md = gr.Markdown(elem_id="scn-debrief")

    def scenario_of(scenario_id: str) -> Scenario:
        if scenario_id not in library:
            raise gr.Error(f"no scenario {scenario_id!r}")
        return library[scenario_id]

    def class_filter(value: str) -> str | None:
        return None if not value or value == ALL_CLASSES else value

    def label(ref: str) -> str:
        source = resolve(ref)
        return source.label if source else ref

    def results_html(scenario: Scenario, cls: str | None) -> str:
        runs = store.runs(scenario.id, cls)
        people = store.trainee_report(scenario, cls)
        steps = store.step_report(scenario, cls)
        run_rows = [[f"#{r['run']}", html.escape(r["started_at"][:16].replace("T", " ")), html.escape(r["class"]),
                     html.escape(r["trainer"] or "—"), "practice" if r["practice"] else "graded", str(r["trainees"])]
                    for r in runs]
        step_rows = [[str(s["step"]), html.escape(label(s["rule"])), badge(s["expected"]), str(s["trainees"]),
                      f"{s['verdict_right']} / {s['trainees']}" + (" ⚠ missed by most" if s["trainees"]
                                                                   and 2 * s["verdict_right"] < s["trainees"] else ""),
                      f"{s['actions_right']} / {s['trainees']}", str(s["dangerous"]),
                      badge(s["common_wrong"]) if s["common_wrong"] else ""] for s in steps]
        people_rows = [[f"#{t['exercise']}", html.escape(t["started_at"][:10]), html.escape(t["class"]),
                        html.escape(t["trainee"]), f"{t['answered']} / {len(scenario.steps)}",
                        f"{t['points']:g} / {t['max']}", f"{t['percent']}%", str(t["dangerous"])] for t in people]
        trainees = len({(t["class"], t["trainee"]) for t in people})
        return (f"<h4>{html.escape(scenario.title)} — {html.escape(cls or ALL_CLASSES)}</h4>"
                f"<p>{trainees} trainee{'s' * (trainees != 1)} in {len(runs)} run{'s' * (len(runs) != 1)}.</p>"
                + table_html(["Run", "Started", "Class", "Trainer", "Kind", "Trainees"], run_rows)
                + table_html(["Step", "Rule", "Key", "Trainees", "Verdict right", "Actions right", "Dangerous",
                          "Commonest wrong verdict"], step_rows)
                + table_html(["Run", "Date", "Class", "Trainee", "Steps", "Points", "Score", "Dangerous"], people_rows))

    def class_results(scenario_id: str, class_name: str, request: gr.Request) -> str:
        need_in_app(settings, request, "scenarios")
        return results_html(scenario_of(scenario_id), class_filter(class_name))

    def export_csv(scenario_id: str, class_name: str, request: gr.Request) -> str:
        need_in_app(settings, request, "scenarios")
        cls = class_filter(class_name)
        return _write(settings, f"sharecheck-results-{scenario_id}-{cls or 'all'}.csv",
                      store.export_csv(library, scenario_of(scenario_id).id, cls))

    def printable(scenario_id: str, class_name: str, request: gr.Request):
        need_in_app(settings, request, "scenarios")
        scenario, cls = scenario_of(scenario_id), class_filter(class_name)
        lines = ["| Step | Key | Trainees | Verdict right | Actions right | Dangerous |", "|---|---|---|---|---|---|"]
        lines += [f"| {s['step']} | {VERDICT_LABELS[s['expected']]} | {s['trainees']} | {s['verdict_right']} | "
                  f"{s['actions_right']} | {s['dangerous']} |" for s in store.step_report(scenario, cls)]
        text = debrief_markdown(scenario, resolve, ("Class: " + (cls or ALL_CLASSES) + "\n\n" + "\n".join(lines)))
        # A page to open and print (File → Print, or save as PDF), not a Markdown file to convert.
        page = _write(settings, f"sharecheck-debrief-{scenario.id}.html", print_html(text, scenario.title))
        return text, page

    def delete_run(run_id: float | None, scenario_id: str, class_name: str, request: gr.Request) -> str:
        need_in_app(settings, request, "scenarios")
        if not run_id:
            raise gr.Error("Give the number of the practice run to delete (the # in the runs list).")
        try:
            gone = store.delete_practice(int(run_id))
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        gr.Info(f"Practice run #{int(run_id)} deleted ({gone} answers).")
        return results_html(scenario_of(scenario_id), class_filter(class_name))

    show.click(class_results, [scenario_in, class_view], results, api_name="scenario_results")
    # The download box shows once it holds a file; a separate step, so the API still returns the path alone.
    reveal = lambda: gr.File(visible=True)  # noqa: E731  (a lambda: it reads nothing, like the other UI-only steps)

    export.click(export_csv, [scenario_in, class_view], download, api_name="scenario_export").success(
        reveal, None, download, api_visibility="private")
    debrief.click(printable, [scenario_in, class_view], [debrief_md, download], api_name="scenario_debrief").success(
        reveal, None, download, api_visibility="private")
    delete.click(delete_run, [run_in, scenario_in, class_view], results, api_name="scenario_delete_run")
    return class_view


def _write(settings: Settings, name: str, text: str) -> str:
    """Write a download (trainees' names and results) to the private exports folder (stores/exports.py),
    served from there as a static path so Gradio makes no copy; removed after EXPORT_TTL_SECONDS."""
    path = write_export(settings.data_dir, "training", re.sub(r"[^A-Za-z0-9._-]+", "_", name), text)
    remove_later(path, EXPORT_TTL_SECONDS)
    return str(path)
