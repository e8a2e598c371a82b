"""The Chat tab: question → verdict card, sources, follow-up suggestions; history feeds the next turn."""

from __future__ import annotations

import gradio as gr

from assistant.domain import Turn
from assistant.pipeline import Assistant, QuestionError
from assistant.ui.card import card_markdown, sources_html, verdict_html

MAX_FOLLOWUPS = 3
EXAMPLE = "ICE called asking when our prisoner gets released. Can I tell them?"


def build_chat_tab(assistant: Assistant) -> None:
    """Add the chat components and their events to the enclosing Blocks."""
    # Status matters for instruments that can lapse or be struck down, not for reports or the glossary.
    statuses = {doc_id: doc.status for doc_id, doc in assistant.index.documents.items()
                if doc.kind in {"law", "executive-order", "state-law", "court-decision", "bill", "federal-law"}}
    turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            verdict = gr.HTML("", elem_id="sc-verdict")
            chatbot = gr.Chatbot(label="ShareCheck", height=520, elem_id="sc-chat", buttons=["copy"],
                                 feedback_options=None, placeholder=f"Ask, for example: *{EXAMPLE}*")
            with gr.Row():
                box = gr.Textbox(show_label=False, placeholder="What were you asked? Type it here and press Enter",
                                 scale=5, elem_id="sc-question", max_lines=6)
                send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="sc-ask")
            with gr.Row(elem_id="sc-followups"):
                follow = [gr.Button(visible=False, size="sm", elem_classes=["sc-followup"])
                          for _ in range(MAX_FOLLOWUPS)]
            clear = gr.Button("New chat", size="sm", variant="secondary", elem_id="sc-clear")
        with gr.Column(scale=2, min_width=280):
            sources = gr.HTML("<p class='sc-empty'>Sources appear here with each answer.</p>", elem_id="sc-sources")

    def respond(message: str, messages: list, history: list[Turn]):
        try:
            exchange = assistant.exchange(message, history)
        except QuestionError as exc:
            gr.Warning(str(exc))
            return (message, messages, history, gr.update(), gr.update(), *[gr.update() for _ in follow])
        answer = exchange.answer
        messages = messages + [{"role": "user", "content": exchange.question},
                               {"role": "assistant", "content": card_markdown(answer)}]
        suggestions = list(answer.followups)[:MAX_FOLLOWUPS]
        buttons = [gr.update(value=suggestions[i], visible=True) if i < len(suggestions)
                   else gr.update(visible=False) for i in range(MAX_FOLLOWUPS)]
        return ("", messages, history + [exchange.as_turn()], sources_html(answer, statuses), verdict_html(answer),
                *buttons)

    outputs = [box, chatbot, turns, sources, verdict, *follow]
    box.submit(respond, [box, chatbot, turns], outputs, api_name="chat")
    send.click(respond, [box, chatbot, turns], outputs, api_visibility="private")
    for button in follow:
        button.click(respond, [button, chatbot, turns], outputs, api_visibility="private")
    clear.click(lambda: ("", [], [], "<p class='sc-empty'>Sources appear here with each answer.</p>", "",
                         *[gr.update(visible=False) for _ in follow]),
                None, outputs, api_visibility="private")
