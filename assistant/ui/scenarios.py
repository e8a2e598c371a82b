"""The Scenarios tab: a trainer runs an IRAC exercise for a class, trainees answer each step, all see feedback.

Flow: pick a scenario, name the class and the trainees, Start; at each step every trainee picks a
verdict, ticks actions and may add a sentence; when all have answered (or the trainer reveals), the
tab shows who was right, the model answer with clickable citations, the debrief, and what the
officers' chat (the same engine) answers. The trainer view lists a class's results per step, exports
CSV and prints a debrief. Every event has an ``api_name`` so ``gradio_client`` can drive it.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict

import gradio as gr

from assistant.domain import VERDICT_LABELS
from assistant.exercises.scenarios import (
    ACTIONS,
    Scenario,
    ScenarioError,
    index_resolver,
    load_scenarios,
)
from assistant.exercises.scoring import STEP_POINTS
from assistant.pipeline import Assistant, QuestionError
from assistant.stores.db import db_path
from assistant.stores.exercises import ExerciseResults, clean_name
from assistant.stores.exports import exports_root
from assistant.ui.access import need_in_app
from assistant.ui.trainer import ALL_CLASSES, build_trainer_view, table_html

MAX_TRAINEES = 40
COLOURS = {"permitted": ("#0b6e2e", "#fff"), "prohibited": ("#b00020", "#fff"), "review": ("#ffd24d", "#111"),
           "info": ("#1f4e99", "#fff"), "out_of_scope": ("#4a4a4a", "#fff")}
STYLE = """<style>
.scn-badge { display: inline-block; padding: 2px 10px; border-radius: 6px; font-weight: 700; }
.scn-table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
.scn-table th, .scn-table td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
.scn-ok { color: #0b6e2e; font-weight: 700; } .scn-no { color: #b00020; font-weight: 700; }
.scn-cites { margin: 2px 0 6px; } .scn-cite { display: inline-block; margin: 2px 8px 2px 0; max-width: 100%; }
.scn-cite summary { cursor: pointer; color: #1f3b73; text-decoration: underline; font-weight: 600; }
.scn-cite[open] { display: block; } .scn-cite blockquote { margin: 6px 0 8px; padding-left: 10px;
  border-left: 3px solid #888; overflow-wrap: anywhere; }
.scn-scroll { overflow-x: auto; max-width: 100%; }
.scn-irac dt { font-weight: 700; margin-top: 6px; } .scn-irac dd { margin-left: 1em; }
#scn-scenario input { text-overflow: ellipsis; }
</style>"""


def _badge(verdict: str) -> str:
    bg, fg = COLOURS[verdict]
    return f"<span class='scn-badge' style='background:{bg};color:{fg}'>{html.escape(VERDICT_LABELS[verdict])}</span>"


def _cite(resolve, ref: str) -> str:
    """A citation the trainee can click open to read the passage, its provenance and the official link."""
    source = resolve(ref)
    if source is None:
        return f"<code>{html.escape(ref)}</code>"
    # Corpus text is hard-wrapped: keep its paragraphs, let the browser wrap the lines.
    paragraphs = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in source.quote.split("\n\n"))
    return (f"<details class='scn-cite'><summary>{html.escape(source.label)}</summary><blockquote>"
            f"{paragraphs}<em>{html.escape(source.provenance)}</em> · "
            f"<a href='{html.escape(source.source_url)}' target='_blank' rel='noopener'>official text</a>"
            "</blockquote></details>")


def model_answer_html(scenario: Scenario, n: int, resolve) -> str:
    """Step ``n``'s key: expected verdict and actions, the IRAC model answer with clickable citations, debrief."""
    step = scenario.steps[n]
    m = step.model_answer
    rules = "".join(f"<li>{html.escape(r.text)}<div class='scn-cites'>{''.join(_cite(resolve, c) for c in r.cite)}"
                    "</div></li>" for r in m.rule)
    actions = "".join(f"<li>{html.escape(ACTIONS[a])}</li>" for a in step.expect.actions) or "<li>none</li>"
    debrief = "".join(f"<li>{html.escape(p)}</li>" for p in step.debrief)
    return (f"<h4>The answer: {_badge(step.expect.verdict)}</h4><p><strong>What to do:</strong></p><ul>{actions}</ul>"
            f"<dl class='scn-irac'><dt>Issue</dt><dd>{html.escape(m.issue)}</dd><dt>Rule</dt><dd><ul>{rules}</ul></dd>"
            f"<dt>Analysis</dt><dd>{html.escape(m.analysis)}</dd><dt>Conclusion</dt><dd>{html.escape(m.conclusion)}"
            f"</dd></dl><h4>Debrief</h4><ul>{debrief}</ul>")


def _step_markdown(scenario: Scenario, n: int) -> str:
    step = scenario.steps[n]
    return f"#### Step {n + 1} of {len(scenario.steps)}\n\n{step.situation}\n\n> **{step.question}**"


def _overview(scenario: Scenario | None) -> str:
    if scenario is None:
        return "No scenarios found."
    objectives = "\n".join(f"- {o}" for o in scenario.objectives)
    return (f"### {scenario.title}\n\n{scenario.summary}\n\n*{scenario.difficulty} · {len(scenario.steps)} steps*"
            f"\n\n**Learning objectives**\n\n{objectives}")


def _names(text: str) -> list[str]:
    names: list[str] = []
    for part in re.split(r"[\n,;]+", text or ""):
        if part.strip():
            name = clean_name(part, "trainee name")
            if name not in names:
                names.append(name)
    if not names:
        raise ValueError("enter at least one trainee name")
    if len(names) > MAX_TRAINEES:
        raise ValueError(f"at most {MAX_TRAINEES} trainees per exercise")
    return names


def _mark(ok: bool) -> str:
    return "<span class='scn-ok'>✔ right</span>" if ok else "<span class='scn-no'>✖ not right</span>"


def build_scenarios_tab(assistant: Assistant) -> None:
    """Add the Scenarios components and their named events to the enclosing Blocks."""
    settings = assistant.settings
    # Downloads are served straight from the private exports folder: no copy in Gradio's temp folder.
    gr.set_static_paths([exports_root(settings.data_dir)])
    try:
        library, problem = load_scenarios(settings.corpus_dir / "scenarios"), ""
    except ScenarioError as exc:
        library, problem = {}, str(exc)
    store = ExerciseResults(db_path(settings.data_dir))
    resolve = index_resolver(assistant)
    first = next(iter(library), None)

    gr.HTML(STYLE + (f"<pre>{html.escape(problem)}</pre>" if problem else ""), elem_id="scn-style")
    with gr.Row():
        # The title alone (the overview under it gives the steps), on its own line on a phone.
        scenario_in = gr.Dropdown([(s.title, s.id) for s in library.values()],
                                  value=first, label="Scenario", scale=3, min_width=280, elem_id="scn-scenario")
        class_in = gr.Textbox(label="Class", placeholder="e.g. Academy 26-03, company B", scale=2,
                              elem_id="scn-class")
        trainees_in = gr.Textbox(label="Trainees (one per line or comma-separated)", lines=2, scale=3,
                                 elem_id="scn-trainees")
        with gr.Column(scale=1, min_width=150):
            practice_in = gr.Checkbox(False, label="Practice run (can be deleted)", elem_id="scn-practice")
            start = gr.Button("Start exercise", variant="primary", elem_id="scn-start")
    overview = gr.Markdown(_overview(library.get(first or "")), elem_id="scn-overview")
    state = gr.State(None)
    with gr.Column(visible=False, elem_id="scn-exercise") as exercise_box:
        step_md = gr.Markdown(elem_id="scn-step")
        # The answer form, hidden once the exercise is complete (a new user found it still there).
        with gr.Column(elem_id="scn-form") as form_box:
            with gr.Row():
                # Custom values pass Gradio's own check so `answer` can say who is not in the exercise.
                trainee_in = gr.Dropdown([], label="Trainee answering", scale=1, min_width=240,
                                         allow_custom_value=True, elem_id="scn-trainee")
                verdict_in = gr.Radio([(label, key) for key, label in VERDICT_LABELS.items()], label="Your verdict",
                                      scale=3, elem_id="scn-verdict")
            actions_in = gr.CheckboxGroup([(label, key) for key, label in ACTIONS.items()], label="What do you do?",
                                          elem_id="scn-actions")
            why_in = gr.Textbox(label="Why? (optional, one sentence)", max_lines=2, elem_id="scn-why")
            with gr.Row():
                submit = gr.Button("Submit answer", variant="primary", elem_id="scn-submit")
                reveal = gr.Button("Show the answer now", elem_id="scn-reveal")
                next_step = gr.Button("Next step", elem_id="scn-next")
        status = gr.Markdown(elem_id="scn-status")
        feedback = gr.HTML(elem_id="scn-feedback")
    class_view = build_trainer_view(settings, library, store, resolve, _badge, scenario_in)

    def pick(scenario_id: str, request: gr.Request):
        need_in_app(assistant.settings, request, "scenarios")
        return _overview(library.get(scenario_id)), gr.update(choices=[ALL_CLASSES, *store.classes(scenario_id)],
                                                              value=ALL_CLASSES)

    def scenario_of(scenario_id: str) -> Scenario:
        if scenario_id not in library:
            raise gr.Error(f"no scenario {scenario_id!r}")
        return library[scenario_id]

    def fresh_form(ex: dict):
        """Form updates for the next trainee: only those who have not answered, cleared inputs."""
        waiting = [t for t in ex["trainees"] if t not in ex["answers"]]
        return (gr.update(choices=waiting, value=waiting[0] if waiting else None), gr.update(value=None),
                gr.update(value=[]), gr.update(value=""))

    def start_exercise(scenario_id: str, class_name: str, trainees: str, practice: bool, request: gr.Request):
        user = need_in_app(assistant.settings, request, "scenarios")
        scenario = scenario_of(scenario_id)
        try:
            names = _names(trainees)
            exercise = store.start(scenario, class_name, trainer=user.name, practice=bool(practice))
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        ex = {"exercise": exercise, "scenario": scenario.id, "class": clean_name(class_name), "trainees": names,
              "step": 0, "answers": {}, "revealed": False, "points": dict.fromkeys(names, 0.0)}
        return (ex, gr.update(visible=True), _step_markdown(scenario, 0), *fresh_form(ex),
                _waiting(ex), "", gr.update(choices=[ALL_CLASSES, *store.classes(scenario.id)], value=ex["class"]))

    def _waiting(ex: dict) -> str:
        done = [t for t in ex["trainees"] if t in ex["answers"]]
        left = [t for t in ex["trainees"] if t not in ex["answers"]]
        return (f"Answered: {', '.join(done) or 'nobody yet'}. " +
                (f"Waiting for: {', '.join(left)}." if left else "Everyone has answered."))

    def answer(ex: dict | None, trainee: str, verdict: str, actions: list[str], why: str, request: gr.Request):
        need_in_app(assistant.settings, request, "scenarios")
        if not ex:
            raise gr.Error("start an exercise first")
        if ex["revealed"]:
            raise gr.Error("the answer to this step is already shown; go to the next step")
        if not verdict:
            raise gr.Error("choose a verdict")
        scenario = scenario_of(ex["scenario"])
        if " ".join(str(trainee or "").split()) not in ex["trainees"]:
            raise gr.Error(f"choose a trainee of this exercise: {', '.join(ex['trainees'])}")
        try:
            score = store.record(ex["exercise"], scenario, ex["step"] + 1, trainee or "", verdict, actions or [],
                                 why or "")
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        name = clean_name(trainee)
        ex = {**ex, "answers": {**ex["answers"], name: {"verdict": verdict, "actions": actions or [],
                                                        "why": why or "", **asdict(score)}}}
        ex["points"] = {**ex["points"], name: ex["points"].get(name, 0.0) + score.points}
        if all(t in ex["answers"] for t in ex["trainees"]):
            return (*show_answer(ex, request), *fresh_form(ex))
        return (ex, _waiting(ex), "", *fresh_form(ex))

    def show_answer(ex: dict | None, request: gr.Request):
        need_in_app(assistant.settings, request, "scenarios")
        if not ex:
            raise gr.Error("start an exercise first")
        scenario, n = scenario_of(ex["scenario"]), ex["step"]
        rows = [[html.escape(t), _badge(a["verdict"]), _mark(a["verdict_ok"]),
                 _mark(a["actions_ok"]) + (f"<br>missed: {html.escape(', '.join(ACTIONS[k] for k in a['missing']))}"
                                           if a["missing"] else "")
                 + (f"<br>not needed: {html.escape(', '.join(ACTIONS[k] for k in a['extra']))}" if a["extra"] else ""),
                 f"{round(a['points'], 2):g} / {STEP_POINTS}" + (" ⚠ dangerous" if a["dangerous"] else ""),
                 html.escape(a["why"])] for t, a in ex["answers"].items()]
        try:
            engine = assistant.ask(scenario.steps[n].question, [s.question for s in scenario.steps[:n]]).verdict
            engine_line = f"<p>The officers' chat (same engine) answers this step: {_badge(engine)}</p>"
        except QuestionError:
            engine_line = ""
        body = (table_html(["Trainee", "Verdict", "Verdict right?", "Actions right?", "Points", "Why"], rows)
                if rows else "<p>No answers were given to this step.</p>")
        ex = {**ex, "revealed": True}
        last = n + 1 == len(scenario.steps)
        return ex, _waiting(ex) + (" This was the last step: press Next step for the scores." if last else ""), \
            body + model_answer_html(scenario, n, resolve) + engine_line

    def advance(ex: dict | None, request: gr.Request):
        need_in_app(assistant.settings, request, "scenarios")
        if not ex:
            raise gr.Error("start an exercise first")
        if not ex["revealed"]:
            raise gr.Error("show the answer to this step first")
        scenario = scenario_of(ex["scenario"])
        if ex["step"] + 1 >= len(scenario.steps):
            rows = [[html.escape(t), f"{round(p, 2):g} / {STEP_POINTS * len(scenario.steps)}",
                     f"{round(100 * p / (STEP_POINTS * len(scenario.steps)))}%"] for t, p in ex["points"].items()]
            done = "<h4>Exercise complete</h4>" + table_html(["Trainee", "Points", "Score"], rows)
            finished = {**ex, "answers": dict.fromkeys(ex["trainees"]), "complete": True}  # nobody left to answer
            return (finished, "#### Exercise complete", *fresh_form(finished),
                    "Results are saved; open the trainer view for the class's results per step.", done)
        ex = {**ex, "step": ex["step"] + 1, "answers": {}, "revealed": False}
        return (ex, _step_markdown(scenario, ex["step"]), *fresh_form(ex), _waiting(ex), "")

    scenario_in.change(pick, scenario_in, [overview, class_view], api_name="scenario_overview")
    form = [trainee_in, verdict_in, actions_in, why_in]
    start.click(start_exercise, [scenario_in, class_in, trainees_in, practice_in],
                [state, exercise_box, step_md, *form, status, feedback, class_view], api_name="scenario_start").success(
        lambda: gr.update(visible=True), None, form_box, api_visibility="private")
    submit.click(answer, [state, *form], [state, status, feedback, *form], api_name="scenario_answer")
    reveal.click(show_answer, state, [state, status, feedback], api_name="scenario_reveal")
    next_step.click(advance, state, [state, step_md, *form, status, feedback], api_name="scenario_next").success(
        lambda ex: gr.update(visible=not (ex or {}).get("complete")), state, form_box, api_visibility="private")
