"""The Evaluate tab: an evaluator scores the Assistant's answers; a dashboard shows agreement.

Named endpoints (for ``gradio_client``): ``/eval_cases`` (case ids of a set), ``/eval_answer`` (answer a
case or a live question), ``/eval_submit`` (record the score), ``/eval_dashboard`` and ``/eval_export``
(CSV). The answer being scored lives in per-session state, so evaluators in parallel never mix answers.

The CSV export is written by ``ScoreStore.write_export`` to ``data_dir/exports`` (0700 folders, a 0600
file in a random folder) and served from there as a Gradio static path, so no copy lands in Gradio's
temp folder. It is removed DOWNLOAD_GRACE_SECONDS after the evaluator downloads it, when the same
session exports again, or EXPORT_TTL_SECONDS after it was written, whichever comes first.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import gradio as gr

from assistant.domain import VERDICT_LABELS, Answer
from assistant.exercises.cases import Case, CaseError, case_files, load_cases
from assistant.pipeline import Assistant, QuestionError
from assistant.settings import REPO_ROOT, Settings
from assistant.stores.agreement import MIN_ITEMS
from assistant.stores.exports import EXPORT_TTL_SECONDS, exports_root, remove_export, remove_later
from assistant.stores.scores import JUDGEMENTS, Score, ScoreError, ScoreStore, live_case_id
from assistant.ui.access import need_in_app
from assistant.ui.card import sources_html, verdict_html
from assistant.ui.passages import claim_for

LIVE = "Live question (type it below)"
MAX_CITATIONS = 12  # the most any current answer carries is 11
SOURCES_HINT = "<p class='sc-empty'>Sources appear here with the answer.</p>"
DEFAULT_CASES = REPO_ROOT / "evals" / "cases"
DOWNLOAD_GRACE_SECONDS = 30  # the browser fetches the file as the link is clicked; then it is removed


def load_case_sets(cases_dir: Path) -> tuple[dict[str, dict[str, Case]], str]:
    """``{set name: {case id: Case}}`` for every case file (the name is its path under ``cases_dir``
    without ``.yaml``, e.g. ``question-bank`` or ``fresh/set1/permitted``), and a message for files
    that failed to load."""
    sets: dict[str, dict[str, Case]] = {}
    problems = []
    try:
        files = case_files(cases_dir)
    except CaseError as exc:
        return {}, str(exc)
    # The 48-question bank is the reference set; it comes first, then the rest by name.
    for file in sorted(files, key=lambda f: (f.stem != "question-bank", f.name)):
        try:
            sets[file.relative_to(cases_dir).with_suffix("").as_posix()] = {c.id: c for c in load_cases(file)}
        except CaseError as exc:
            problems.append(str(exc))
    return sets, "\n".join(problems)


def trace_markdown(answer: dict) -> str:
    """How the verdict was reached: the rule that fired and each fact with the words it came from."""
    trace = answer.get("trace") or {}
    lines = [f"**Rule:** `{trace.get('rule', 'n/a')}`", "", "| fact | value | from the words | confidence |",
             "|---|---|---|---|"]
    for f in trace.get("facts", []):
        lines.append(f"| {f['slot']} | {f['value']} | {str(f.get('from', '')).replace('|', ' ')} | "
                     f"{f.get('confidence', '')} |")
    return "\n".join(lines)


def dashboard_views(store: ScoreStore) -> tuple[str, list[list]]:
    """The dashboard as Markdown (agreement figures) and a per-evaluator table."""
    d = store.dashboard()
    agree, rater = d["agreement_with_expected"], d["inter_rater"]
    rate = "n/a" if agree["rate"] is None else f"{agree['rate']:.2f}"
    kappa = "n/a" if rater["kappa"] is None else f"{rater['kappa']:.3f}"
    interval = rater.get("interval")
    spread = f", 95% CI {interval[0]:.2f} to {interval[1]:.2f} (bootstrap)" if interval else ""
    caution = ("" if rater.get("enough") else
               f" — too few ratings to read much into it: n = {rater['items']} shared answers, at least "
               f"{MIN_ITEMS} wanted")
    unsure = agree.get("unsure", 0)
    text = (f"**{d['scores']} scores** from {len(d['evaluators'])} evaluator(s).\n\n"
            f"- Agreement with the expected verdicts: **{rate}** (n = {agree['n']}: {agree['agree']} case-set "
            "scores where the evaluator's 'verdict correct' matches whether the verdict equals the expected one; "
            f"{unsure} 'unsure' left out, as no judgement of the verdict)\n"
            f"- Inter-rater agreement on 'verdict correct' ({rater['method']}, n = {rater['items']} shared answers, "
            f"raters: {', '.join(rater['raters']) or 'none'}; 'unsure' counts as a third answer): "
            f"**{kappa}**{spread}{caution}")
    table = [[name, e["scores"], e["correct_yes"], e["mean_clarity"]] for name, e in d["evaluators"].items()]
    return text, table


def build_evaluate_tab(assistant: Assistant, settings: Settings, cases_dir: Path = DEFAULT_CASES) -> None:
    """Add the Evaluate components and their named events to the enclosing Blocks."""
    store = ScoreStore.for_data_dir(settings.data_dir)
    sets, problems = load_case_sets(cases_dir)
    first_set = next(iter(sets), LIVE)
    first_ids = list(sets.get(first_set, {}))
    current = gr.State(None)

    gr.Markdown("Score the assistant's answers. Pick a case set and a case (or type a live question), "
                "get the answer, then record your judgement. Scores stay on this machine."
                + (f"\n\n**Some case files could not be loaded:**\n```\n{problems}\n```" if problems else ""))
    with gr.Row():
        name = gr.Textbox(label="Your name", placeholder="e.g. Sgt. Rivera", scale=1, elem_id="ev-name")
        case_set = gr.Dropdown([*sets, LIVE], value=first_set, label="Case set", scale=1, elem_id="ev-set")
        case_id = gr.Dropdown(first_ids, value=first_ids[0] if first_ids else None, label="Case", scale=2,
                              elem_id="ev-case")
    live = gr.Textbox(label="Live question (used when the case set is 'Live question')", max_lines=4,
                      elem_id="ev-live")
    get = gr.Button("Get answer", variant="primary", elem_id="ev-get")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            info = gr.Markdown(elem_id="ev-info")
            verdict = gr.HTML(elem_id="ev-verdict")
            with gr.Accordion("Answer text as the JSON and CLI give it", open=False):
                answer_md = gr.Markdown(elem_id="ev-answer")
            with gr.Accordion("How the verdict was reached (trace)", open=False):
                trace = gr.Markdown(elem_id="ev-trace")
        with gr.Column(scale=2, min_width=280):
            sources = gr.HTML(SOURCES_HINT, elem_id="ev-sources")
    with gr.Group(elem_id="ev-form"):
        correct = gr.Radio(list(JUDGEMENTS), label="Is the verdict correct?", elem_id="ev-correct")
        cites = [gr.Radio(list(JUDGEMENTS), visible=False, elem_classes=["ev-cite"]) for _ in range(MAX_CITATIONS)]
        clarity = gr.Radio(["1", "2", "3", "4", "5"], label="Clarity (1 unclear … 5 very clear)", elem_id="ev-clarity")
        comment = gr.Textbox(label="Comment (optional)", lines=2, elem_id="ev-comment")
        submit = gr.Button("Record score", variant="primary", elem_id="ev-submit")
        status = gr.Markdown(elem_id="ev-status")
    gr.Markdown("### Dashboard")
    dash = gr.Markdown(dashboard_views(store)[0], elem_id="ev-dash")
    table = gr.Dataframe(value=dashboard_views(store)[1], headers=["evaluator", "scores", "verdict judged correct",
                                                                   "mean clarity"], interactive=False,
                         elem_id="ev-evaluators")
    with gr.Row():
        refresh = gr.Button("Refresh dashboard", size="sm", elem_id="ev-refresh")
        export = gr.Button("Export CSV", size="sm", elem_id="ev-export")
    csv_file = gr.File(label="Scores (CSV)", interactive=False, visible=False, elem_id="ev-csv")
    exported = gr.State(None)  # this session's export path, known server-side (never taken from the client)
    # Served straight from the private folder: files under a static path are never copied to Gradio's cache.
    gr.set_static_paths([exports_root(settings.data_dir)])

    def list_cases(set_name: str, request: gr.Request):
        need_in_app(settings, request, "evaluate")
        ids = list(sets.get(set_name, {}))
        return gr.update(choices=ids, value=ids[0] if ids else None)

    def get_answer(set_name: str, chosen: str | None, live_question: str, request: gr.Request):
        need_in_app(settings, request, "evaluate")
        if set_name == LIVE:
            question, history, case = (live_question or "").strip(), [], None
        else:
            case = sets.get(set_name, {}).get(chosen or "")
            if case is None:
                raise gr.Error("pick a case from the list (or choose 'Live question')")
            question, history = case.question, case.history
        try:
            answer: Answer = assistant.ask(question, history=history, id=case.id if case else None)
        except QuestionError as exc:
            raise gr.Error(str(exc)) from exc
        data = answer.model_dump()
        state = {"answer": data, "question": answer.question, "case_set": "" if case is None else set_name,
                 "case_id": case.id if case else live_case_id(answer.question),
                 "expected": case.verdict if case else None}
        expected = f" · expected **{VERDICT_LABELS[case.verdict]}**" if case else ""
        turns = "".join(f"> {html.escape(t)}\n>\n" for t in history)
        head = f"**{state['case_id']}**{expected}\n\n{turns}> **{html.escape(answer.question)}**"
        # Each judgement shows the claim the citation is cited for beside the passage it points to.
        radios = [gr.update(visible=i < len(answer.citations), value=None,
                            label=f"[{c.n}] {c.label} — does the passage support the claim?" if c else "",
                            info=judgement_info(answer, c) if c else None)
                  for i in range(MAX_CITATIONS) for c in [_nth(answer, i)]]
        return (state, head, verdict_html(answer), answer.answer, trace_markdown(data), sources_html(answer),
                None, None, "", "", *radios)

    # The request comes first: Gradio hands it only to a parameter before *judgements.
    def record(request: gr.Request, state: dict | None, evaluator: str, verdict_ok: str | None,
               clarity_value: str | None, text: str, *judgements: str | None):
        user = need_in_app(settings, request, "evaluate")
        # Signed in, the score is the signed-in evaluator's; only the single-user default takes a typed name.
        evaluator = evaluator if settings.auth == "none" else user.name
        if not state:
            raise gr.Error("get an answer before recording a score")
        numbers = [c["n"] for c in state["answer"]["citations"]][:MAX_CITATIONS]
        score = Score(evaluator=evaluator or "", case_id=state["case_id"], question=state["question"],
                      answer=state["answer"], verdict_correct=verdict_ok or "",
                      clarity=int(clarity_value) if clarity_value else 0, comment=text or "",
                      case_set=state["case_set"], expected_verdict=state["expected"],
                      citations={n: j for n, j in zip(numbers, judgements, strict=False) if j})
        try:
            score_id = store.add(score)
        except ScoreError as exc:
            raise gr.Error(str(exc)) from exc
        unjudged = len(numbers) - len(score.citations)
        note = f" ({unjudged} citation(s) left unjudged)" if unjudged else ""
        text_view, rows = dashboard_views(store)
        return (f"Recorded score #{score_id} for {state['case_id']} by {evaluator.strip()} at "
                f"{time.strftime('%H:%M:%S')}{note}.", text_view, rows)

    def refresh_dashboard(request: gr.Request):
        need_in_app(settings, request, "evaluate")
        return dashboard_views(store)

    def export_csv(previous: str | None, request: gr.Request):
        need_in_app(settings, request, "evaluate")
        remove_export(previous)
        path = store.write_export(settings.data_dir)
        remove_later(path, EXPORT_TTL_SECONDS)
        return gr.update(value=str(path), visible=True), str(path)

    def downloaded(path: str | None, request: gr.Request):
        need_in_app(settings, request, "evaluate")
        if path:
            remove_later(path, DOWNLOAD_GRACE_SECONDS)
        return None

    # Another case picked: the shown answer and its judgements are for the old one, so they go, and
    # "Record score" refuses until the new case's answer is fetched (tester: a score saved against qb-01
    # while the list read qb-03).
    answer_outputs = [current, info, verdict, answer_md, trace, sources, correct, clarity, comment, status, *cites]
    cleared = lambda: (None, "Press **Get answer** for this case.", "", "", "", SOURCES_HINT,  # noqa: E731
                       None, None, "", "", *[gr.update(visible=False, value=None) for _ in cites])
    case_set.change(list_cases, case_set, case_id, api_name="eval_cases")
    case_id.input(cleared, None, answer_outputs, api_visibility="private")
    case_set.input(cleared, None, answer_outputs, api_visibility="private")
    get.click(get_answer, [case_set, case_id, live], answer_outputs, api_name="eval_answer")
    # A recorded score's judgements are cleared, so the next score starts from nothing (the answer stays).
    submit.click(record, [current, name, correct, clarity, comment, *cites], [status, dash, table],
                 api_name="eval_submit").success(lambda: (None, None, "", *[gr.update(value=None) for _ in cites]),
                                                 None, [correct, clarity, comment, *cites], api_visibility="private")
    refresh.click(refresh_dashboard, None, [dash, table], api_name="eval_dashboard")
    export.click(export_csv, exported, [csv_file, exported], api_name="eval_export")
    csv_file.download(downloaded, exported, exported, api_visibility="private")


def judgement_info(answer: Answer, citation) -> str:
    """The radio's note: the claim, then the start of the passage (the Sources panel has all of it)."""
    # Cut at a word, not inside one; the claim without its Markdown emphasis marks ("_Note: …_").
    quote = citation.quote
    if len(quote) > 280:
        quote = quote[:277].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    claim = re.sub(r"(?<![\w])[_*]+|[_*]+(?![\w])", "", claim_for(answer, citation.n) or "") or \
        "(cited without a sentence of its own)"
    return f"Claim: {claim}  ·  Passage: “{quote}”"


def _nth(answer: Answer, i: int):
    return answer.citations[i] if i < len(answer.citations) else None
