"""The Chat tab: question → verdict card, sources, follow-ups, "Record this request", "Why this answer".

Layout, top to bottom on a phone (issue 6): the question box, then the verdict card (badge,
summary, caution, What to do, Why), its actions (copy, record, new chat), follow-up buttons, the
record form when opened, the sources, "Why this answer" (the decision trace, for trainers) and the
conversation so far. On a wide screen the sources sit beside the card.

Named endpoints for gradio_client: ``/chat`` (ask), ``/record_draft`` (prefill the form from the
last answer) and ``/record`` (save it). Every answer is written to the audit log, redacted, unless
the log is switched off; the question is redacted before anything is stored.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable

import gradio as gr

from assistant.domain import Answer, Turn
from assistant.pipeline import Assistant, QuestionError
from assistant.stores import stores_for
from assistant.stores.records import AGENCIES, RESPONSES, RecordError, RequestRecord, draft_from_answer
from assistant.ui.access import need_in_app
from assistant.ui.card import (
    EMPTY_SOURCES,
    card_markdown,
    failure_html,
    literal_markdown,
    sources_html,
    trace_html,
    verdict_html,
    verdict_line,
)
from assistant.ui.scripts import COPY_JS, COUNT_JS, OPEN_SOURCE_JS, SHOW_VERDICT_JS

MAX_FOLLOWUPS = 3
EXAMPLE = "ICE called asking when our prisoner gets released. Can I tell them?"
INTRO = ("<p class='sc-hint sc-intro'>Type what you were asked and press Enter. The verdict appears here first, "
         f"then what to do, the reasons and the sources. For example: <em>{html.escape(EXAMPLE)}</em></p>")
NO_NAMES = ("Do not enter the name of the person asked about, or their date of birth, address, phone, NYSID, "
            "A-number or SSN: none is needed for the § 10-178(d) report, and any that slip in are removed "
            "before saving.")


def doc_meta(assistant: Assistant) -> dict[str, tuple[str, str]]:
    """doc_id → (kind, status) for the sources' status badges and "not in force" notes."""
    return {doc_id: (doc.kind, doc.status) for doc_id, doc in assistant.documents().items()}


def build_chat_tab(assistant: Assistant) -> None:
    """Add the chat components and their events to the enclosing Blocks."""
    meta = doc_meta(assistant)
    stores = stores_for(assistant.settings)
    turns = gr.State([])
    last = gr.State(None)  # the last Answer (for "Record this request")
    limit = assistant.settings.max_question_chars
    with gr.Row(elem_id="sc-ask-row"):
        # The browser stops at the limit the server enforces (SHARECHECK_MAX_QUESTION_CHARS).
        box = gr.Textbox(show_label=False, placeholder="What were you asked? Type it here and press Enter",
                         scale=5, min_width=200, elem_id="sc-question", max_lines=6, max_length=limit)
        send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="sc-ask")
    gr.HTML(f"<p class='sc-dim' id='sc-count-text' aria-live='polite'>0 / {limit:,} characters</p>",
            elem_id="sc-count")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            verdict = gr.HTML(INTRO, elem_id="sc-verdict", js_on_load=OPEN_SOURCE_JS)
            with gr.Row(elem_id="sc-actions"):
                copy = gr.Button("Copy answer", size="sm", visible=False, elem_id="sc-copy")
                record_open = gr.Button("✎ Record this request", size="sm", variant="primary", visible=False,
                                        elem_id="sc-record-open")
                clear = gr.Button("New chat", size="sm", elem_id="sc-clear")
            with gr.Column(elem_id="sc-followups"):
                follow_label = gr.Markdown("**You could also ask**", visible=False)
                follow = [gr.Button(visible=False, size="sm", elem_classes=["sc-followup"])
                          for _ in range(MAX_FOLLOWUPS)]
            with gr.Group(visible=False, elem_id="sc-record") as record_form:
                gr.Markdown("### Record this request\nRecord every federal request, as DOI recommends; the "
                            "§ 10-178(d) quarterly report counts the immigration ones. Prefilled from your "
                            "question: check each field.", padding=True)
                when = gr.Textbox(label="Date and time of the request", placeholder="2026-04-02 14:05",
                                  elem_id="sc-rec-when")
                agency = gr.Dropdown([(v, k) for k, v in AGENCIES.items()], label="Requesting agency",
                                     elem_id="sc-rec-agency")
                unit = gr.Textbox(label="Unit or office", placeholder="e.g. ERO New York field office",
                                  elem_id="sc-rec-unit")
                requested = gr.Textbox(label="What was requested", elem_id="sc-rec-requested")
                response = gr.Dropdown([(v, k) for k, v in RESPONSES.items()], label="Response given",
                                       elem_id="sc-rec-response")
                with gr.Row():
                    supervisor = gr.Checkbox(label="Supervisor notified", elem_id="sc-rec-supervisor")
                    legal = gr.Checkbox(label="Legal Bureau contacted", elem_id="sc-rec-legal")
                immigration = gr.Checkbox(label="To further immigration enforcement (counted in the § 10-178(d) "
                                                "report; a request from ICE or CBP always is)",
                                          elem_id="sc-rec-immigration")
                gr.HTML(f"<p class='sc-warn' role='note'><span aria-hidden='true'>⚠</span> <strong>No names.</strong> "
                        f"{html.escape(NO_NAMES)}</p>", elem_id="sc-rec-warning")
                notes = gr.Textbox(label="Notes (no names)", lines=3, elem_id="sc-rec-notes")
                with gr.Row():
                    save = gr.Button("Save record", variant="primary", elem_id="sc-rec-save")
                    cancel = gr.Button("Cancel", elem_id="sc-rec-cancel")
            saved = gr.HTML("", elem_id="sc-rec-status")
        with gr.Column(scale=2, min_width=280):
            sources = gr.HTML(EMPTY_SOURCES, elem_id="sc-sources")
    with gr.Accordion("Why this answer", open=False, elem_id="sc-trace"):
        trace = gr.HTML("<p class='sc-empty'>The facts found and the rule applied appear here.</p>")
    chatbot = gr.Chatbot(label="Conversation", height="auto", max_height=560, elem_id="sc-chat", buttons=["copy"],
                         feedback_options=None)

    def respond(message: str, messages: list, history: list[Turn], request: gr.Request):
        need_in_app(assistant.settings, request, "ask")
        try:
            # The engine reads at most max_history_turns earlier turns; a long chat keeps its latest ones.
            keep = assistant.settings.max_history_turns
            exchange = assistant.exchange(message, history[-keep:] if keep else [])
        except QuestionError as exc:
            # An error, not a warning: the browser shows it and keeps the question in the box, and an
            # API caller of /chat gets a failure instead of a quiet success.
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # a failed citation check or a bug: never leave the officer guessing
            traceback.print_exc()
            return (message, messages, failure_html(type(exc).__name__, len(history) + 1), EMPTY_SOURCES, "",
                    gr.update(visible=False), gr.update(visible=False), gr.update(visible=False), "",
                    gr.update(visible=False), *[gr.update(visible=False) for _ in follow], history, None)
        answer = exchange.answer
        stores.audit.log_quietly(answer, "chat")
        # The card shows the latest answer in full; the transcript keeps each verdict short, with the
        # full text folded under it, so a phone does not scroll through every answer twice.
        turn = len(messages) // 3 + 1  # three messages per answered turn; the history itself is trimmed
        messages = messages + [{"role": "user", "content": literal_markdown(exchange.question)},
                               {"role": "assistant", "content": verdict_line(answer)},
                               {"role": "assistant", "content": card_markdown(answer, turn, meta),
                                "metadata": {"title": "Full answer", "status": "done"}}]
        suggestions = list(answer.followups)[:MAX_FOLLOWUPS]
        buttons = [gr.update(value=suggestions[i], visible=True) if i < len(suggestions)
                   else gr.update(visible=False) for i in range(MAX_FOLLOWUPS)]
        recordable = bool(answer.facts.get("requester"))
        kept = (history + [exchange.as_turn()])[-max(keep, 1):]
        return ("", messages, verdict_html(answer, turn, meta), sources_html(answer, meta), trace_html(answer),
                gr.update(visible=True), gr.update(visible=recordable), gr.update(visible=False), "",
                gr.update(visible=bool(suggestions)), *buttons, kept, answer)

    outputs = [box, chatbot, verdict, sources, trace, copy, record_open, record_form, saved, follow_label, *follow,
               turns, last]
    box.change(None, [box], None, js=COUNT_JS.replace("LIMIT", str(limit)), api_visibility="private")
    # One small progress mark on the verdict card, not a spinner over every output: the question stays
    # readable in its box until the answer replaces the card (issue 12).
    def ask_on(trigger, question, name: str | None = None) -> None:
        trigger(respond, [question, chatbot, turns], outputs, api_name=name,
                api_visibility="public" if name else "private", show_progress="minimal",
                show_progress_on=verdict).then(None, js=SHOW_VERDICT_JS)

    ask_on(box.submit, box, "chat")
    ask_on(send.click, box)
    for button in follow:
        ask_on(button.click, button)
    copy.click(None, js=COPY_JS, api_visibility="private")
    # A lambda: it reads nothing and resets the page (the access test lets UI-only steps skip the request).
    new_chat: Callable[[], tuple] = lambda: ("", [], INTRO, EMPTY_SOURCES, "", gr.update(visible=False),  # noqa: E731
                        gr.update(visible=False), gr.update(visible=False), "", gr.update(visible=False),
                        *[gr.update(visible=False) for _ in follow], [], None)

    clear.click(new_chat, None, outputs, api_visibility="private")
    # The Conversation's own bin icon starts a new chat too: emptying the transcript alone left the
    # earlier turns in the engine's history (tester: "It's an I-205" still answered as ICE's hold).
    chatbot.clear(new_chat, None, outputs, api_visibility="private")

    # immigration last: gradio_client callers of /record that send the first eight keep working.
    form = [when, agency, unit, requested, response, supervisor, legal, notes, immigration]

    def open_form(answer: Answer | None, request: gr.Request):
        """Prefill the form from the last answer's facts (no name is ever prefilled or asked for)."""
        need_in_app(assistant.settings, request, "record")
        if answer is None:
            raise gr.Error("Ask about the request first; the form is prefilled from the answer.")
        d = draft_from_answer(answer, corpus_dir=assistant.settings.corpus_dir)
        return (gr.update(visible=True), d.requested_at, d.agency, "", d.requested, d.response, False, False, "",
                d.immigration, "")

    record_open.click(open_form, [last], [record_form, *form, saved], api_name="record_draft")

    def save_record(when_: str, agency_: str, unit_: str, requested_: str, response_: str, supervisor_: bool,
                    legal_: bool, notes_: str, immigration_: bool, answer: Answer | None, request: gr.Request):
        """Save the form as a request record (free text redacted), as the signed-in member's; returns
        the confirmation."""
        user = need_in_app(assistant.settings, request, "record")
        try:
            record = stores.records.add(RequestRecord(
                requested_at=when_, agency=agency_ or "", unit=unit_, requested=requested_,
                response=response_ or "", supervisor_notified=supervisor_, legal_bureau_contacted=legal_,
                notes=notes_, question=answer.question if answer else "", verdict=answer.verdict if answer else "",
                recorded_by=user.name, command=user.command, immigration=bool(immigration_)))
        except RecordError as exc:
            raise gr.Error(str(exc)) from exc
        removed = " Personal details were removed from the notes." if record.notes != (notes_ or "").strip() else ""
        message = (f"<p class='sc-hint' role='status'>✓ Saved as record #{record.id} "
                   f"({html.escape(AGENCIES[record.agency])}, {html.escape(RESPONSES[record.response])}, "
                   f"{record.requested_at}).{removed} It is listed in the Records tab.</p>")
        return message, gr.update(visible=False), gr.update(visible=False)

    save.click(save_record, [*form, last], [saved, record_form, record_open], api_name="record")
    cancel.click(lambda: gr.update(visible=False), None, [record_form], api_visibility="private")
