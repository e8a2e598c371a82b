"""Build and launch the Gradio app (``sharecheck serve`` / ``python app.py``) on 127.0.0.1 only."""

from __future__ import annotations

from assistant.settings import Settings, apply_offline_env

apply_offline_env()

import gradio as gr  # noqa: E402  (after the offline environment is set)

from assistant.pipeline import Assistant, QuestionError  # noqa: E402
from assistant.ui.card import CSS  # noqa: E402
from assistant.ui.chat import build_chat_tab  # noqa: E402


def build_app(assistant: Assistant) -> gr.Blocks:
    """The Blocks app with its named API endpoints: ``/ask`` (JSON answer) and ``/chat``."""
    with gr.Blocks(title="ShareCheck — can I share this?", analytics_enabled=False) as app:
        gr.Markdown("## ShareCheck — can I share this?\nNYC sanctuary-law guidance for NYPD members. "
                    "Offline. Every answer cites the provision it rests on; the official text governs.")
        # The date the restated law is current to (corpus/edition.yaml), at the top where a phone shows it first.
        gr.Markdown(f"**{assistant.edition.label}** · the date the restatements are current to",
                    elem_id="sc-law-as-of")
        with gr.Tab("Chat"):
            build_chat_tab(assistant)
        # Further tabs below, one `with gr.Tab(...)` block each.
        with gr.Tab("Evaluate"):
            from assistant.ui.evaluate import build_evaluate_tab

            build_evaluate_tab(assistant, assistant.settings)
        with gr.Tab("Records") as records_tab:
            from assistant.ui.records import build_records_tab

            build_records_tab(assistant.settings, records_tab)
        with gr.Tab("Scenarios"):
            from assistant.ui.scenarios import build_scenarios_tab

            build_scenarios_tab(assistant)

        def ask(question: str, history: list[str] | None = None) -> dict:
            """The JSON answer of DESIGN §4 for ``question`` with earlier turns ``history``."""
            from assistant.stores import stores_for

            try:
                answer = assistant.ask(question, history=list(history or []))
            except QuestionError as exc:
                raise gr.Error(str(exc)) from exc
            stores_for(assistant.settings).audit.log_quietly(answer, "api")
            return answer.model_dump()

        gr.api(ask, api_name="ask")
    return app


def launch(settings: Settings | None = None, block: bool = True) -> gr.Blocks:
    """Load the Assistant once and serve on ``settings.host``:``settings.port`` (never a public share link)."""
    settings = settings or Settings.from_env()
    app = build_app(Assistant(settings))
    app.queue(default_concurrency_limit=4)
    app.launch(server_name=settings.host, server_port=settings.port, share=False, prevent_thread_lock=not block,
               css=CSS, show_error=True, quiet=not block, footer_links=["api"])
    return app
