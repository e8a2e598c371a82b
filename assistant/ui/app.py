"""Build and serve the web app and the REST API (``sharecheck serve`` / ``python app.py``) on 127.0.0.1.

One uvicorn server holds both: the FastAPI app with ``/api/v1/…`` (ui/api.py) and the Gradio Blocks
mounted at ``/`` (so ``gradio_client`` keeps working). The Assistant is loaded and warmed before the
server listens, and follows index rebuilds without a restart (live.LiveAssistant). SIGTERM or Ctrl-C
stops accepting, lets answers in flight finish (up to ``GRACE_SECONDS``), then exits.
"""

from __future__ import annotations

import html

from assistant.settings import Settings, apply_offline_env

apply_offline_env()

import gradio as gr  # noqa: E402  (after the offline environment is set)

from assistant.pipeline import Assistant, QuestionError  # noqa: E402
from assistant.ui.access import is_loopback  # noqa: E402
from assistant.ui.card import CSS, FONTS, FONTS_MONO  # noqa: E402
from assistant.ui.chat import build_chat_tab  # noqa: E402


def build_app(assistant: Assistant) -> gr.Blocks:
    """The Blocks app with its named API endpoints: ``/ask`` (JSON answer) and ``/chat``."""
    with gr.Blocks(title="ShareCheck — can I share this?", analytics_enabled=False) as app:
        gr.Markdown("## ShareCheck — can I share this?\nNYC sanctuary-law guidance for NYPD members. "
                    "Offline. Every answer cites the provision it rests on; the official text governs.")
        # The date the restated law is current to (corpus/edition.yaml), at the top where a phone shows it first.
        gr.Markdown(f"**{assistant.edition.label}** · the date the restatements are current to",
                    elem_id="sc-law-as-of")
        who = gr.HTML("", elem_id="sc-who")
        with gr.Tab("Chat"):
            build_chat_tab(assistant)
        # Further tabs below, one `with gr.Tab(...)` block each.
        with gr.Tab("Evaluate") as evaluate_tab:
            from assistant.ui.evaluate import build_evaluate_tab

            build_evaluate_tab(assistant, assistant.settings)
        with gr.Tab("Records") as records_tab:
            from assistant.ui.records import build_records_tab

            build_records_tab(assistant.settings, records_tab)
        with gr.Tab("Scenarios") as scenarios_tab:
            from assistant.ui.scenarios import build_scenarios_tab

            build_scenarios_tab(assistant)

        def signed_in(request: gr.Request):
            """Who is signed in (with a sign-out link) and the tabs their roles use; the server checks
            every event again, so a hidden tab is convenience, not the guard."""
            from assistant.ui.access import identifier_for, who_from_gradio

            settings = assistant.settings
            user = identifier_for(settings)(who_from_gradio(request))
            if user is None or settings.auth == "none":
                return "", gr.Tab(visible=True), gr.Tab(visible=True), gr.Tab(visible=True)
            out = " · <a href='/logout'>Sign out</a>" if settings.auth == "local" else ""
            line = (f"<p class='sc-dim'>Signed in as <strong>{html.escape(user.name)}</strong> "
                    f"({html.escape(', '.join(user.roles) or 'no ShareCheck role')}){out}</p>")
            # Gradio 6 hides a tab's button only for "hidden"; visible=False from an event leaves it.
            def shown(on: bool):
                return gr.Tab(visible=True if on else "hidden")

            return (line, shown(user.has("evaluator")), shown(user.has("officer", "supervisor", "admin")),
                    shown(user.has("trainer")))

        app.load(signed_in, None, [who, evaluate_tab, records_tab, scenarios_tab], api_visibility="private")

        def ask(question: str, history: list[str] | None = None, request: gr.Request | None = None) -> dict:
            """The JSON answer of DESIGN §4 for ``question`` with earlier turns ``history``."""
            from assistant.stores import stores_for
            from assistant.ui.access import need_in_app

            need_in_app(assistant.settings, request, "ask")
            if isinstance(history, str) or not all(isinstance(t, str) for t in history or []):
                # A bare string would be read as one turn per character.
                raise gr.Error("history must be a list of earlier turns (strings, oldest first), e.g. "
                               "[\"ICE wants us to hold our prisoner.\"]; send [] for a first question")
            try:
                answer = assistant.ask(question, history=list(history or []))
            except QuestionError as exc:
                raise gr.Error(str(exc)) from exc
            stores_for(assistant.settings).audit.log_quietly(answer, "api")
            return answer.model_dump()

        gr.api(ask, api_name="ask")
    return app


# Answers in flight get this long to finish after SIGTERM; a 20 ms answer needs far less.
GRACE_SECONDS = 10


# Events the queue keeps for Gradio's monitoring page, which ShareCheck does not serve (Gradio keeps 10,000).
QUEUE_EVENTS_KEPT = 256


def bound_queue_memory(blocks: gr.Blocks, sessions: int) -> None:
    """Cap what Gradio's queue keeps per caller, so one-off callers cannot grow the server: the message
    queues of at most ``sessions`` sessions (Gradio keeps 2,000) and the last QUEUE_EVENTS_KEPT events'
    timings (Gradio keeps 10,000, ~0.5 KB each). Together they were the ~5 KB a call that a new session per
    call still added after the session cap (bench/memory.py, 1 Dec 2026).

    Raises RuntimeError when the installed Gradio no longer has these attributes, so an upgrade that
    moves them fails the server's tests instead of bringing the growth back unnoticed.
    """
    from gradio.utils import LRUCache

    queue = blocks._queue
    if not hasattr(queue, "pending_messages_per_session") or not hasattr(queue, "ANALYTICS_MAX_EVENTS"):
        raise RuntimeError(f"gradio {gr.__version__}: the queue's per-session attributes moved; "
                           "update assistant/ui/app.py bound_queue_memory")
    queue.pending_messages_per_session = LRUCache(sessions)
    queue.ANALYTICS_MAX_EVENTS = QUEUE_EVENTS_KEPT


def build_server(assistant, settings: Settings):
    """The FastAPI app with the REST routes and the Gradio app mounted at ``/``."""
    import os

    from assistant.ui.api import build_api

    # Gradio runs every event inside MatplotlibBackendMananger, which imports matplotlib and asks for its
    # backend; unset, that resolves one through pyplot (~0.6 s) on the first event, on the event loop,
    # stalling every chat at once. Naming the backend and importing it here moves that before ready.
    os.environ.setdefault("MPLBACKEND", "agg")
    try:
        import matplotlib

        matplotlib.get_backend()
    except ImportError:
        pass
    blocks = build_app(assistant)
    # Gradio keeps a copy of every component's config per session (~0.3 MB): cap how many it keeps,
    # so stateless API callers cannot grow the server without bound.
    blocks.state_session_capacity = settings.ui_sessions
    # Gradio's queue is FIFO too: each event type runs as many at once as the REST path's workers.
    # Queue positions go out once a second, not to every waiting caller each time any job ends: with
    # 20 chats waiting that is ~20 messages per answer to send and parse (server CPU 51 → 41 ms an
    # answer at 20 chats through gradio_client, bench/load.py, 1 Dec 2026).
    blocks.queue(default_concurrency_limit=settings.answer_workers, status_update_rate=1)
    bound_queue_memory(blocks, settings.ui_sessions)
    # build_api's access middleware wraps every route of the app, so the Gradio app mounted on it too.
    # System fonts by name: the theme then loads no web font, bundled subset or remote (card.FONTS).
    theme = gr.themes.Default(font=FONTS, font_mono=FONTS_MONO)
    return gr.mount_gradio_app(build_api(assistant, settings), blocks, path="", css=CSS, theme=theme,
                               show_error=True, footer_links=["api"])


def check_exposure(settings: Settings) -> None:
    """Refuse (SettingsError) to serve beyond this computer with nobody signing in, or to a Host
    name nobody configured; and to serve local accounts when there are none yet."""
    from assistant.errors import SettingsError
    from assistant.stores.users import UserStore

    if not is_loopback(settings.host):
        if settings.auth == "none":
            raise SettingsError(f"serving on {settings.host} would let anyone on the network read every record "
                                "and score: configure sign-in first (SHARECHECK_AUTH=local with accounts from "
                                "`sharecheck users add`, or SHARECHECK_AUTH=header behind a signing-in proxy), "
                                "or serve on 127.0.0.1")
        if not settings.host_names():
            raise SettingsError(f"serving on {settings.host} needs the host names people will type: set "
                                "SHARECHECK_ALLOWED_HOSTS, e.g. SHARECHECK_ALLOWED_HOSTS=sharecheck.pct075.nypd.local")
    if settings.auth == "local" and not UserStore(settings.data_dir).all():
        raise SettingsError("SHARECHECK_AUTH=local but there are no accounts yet: add one with "
                            "`sharecheck users add NAME --role admin` (it asks for a password)")


def port_is_free(settings: Settings) -> None:
    """Raise SettingsError when ``settings.host``:``settings.port`` cannot be bound (another server has it)."""
    import socket

    from assistant.errors import SettingsError

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no conflict
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            raise SettingsError(f"{settings.host}:{settings.port} is in use ({exc.strerror}); stop the other "
                                "server, or serve on another port with --port N (or SHARECHECK_PORT)") from None


class RunningServer:
    """A server started with ``launch(block=False)``: ``url``, ``live`` (the LiveAssistant), ``close()``."""

    def __init__(self, server, thread, url: str, live):
        self._server, self._thread, self.url, self.live = server, thread, url, live

    def close(self) -> None:
        """Stop accepting, finish answers in flight, stop (what SIGTERM does to ``sharecheck serve``)."""
        self._server.should_exit = True
        self._thread.join(timeout=GRACE_SECONDS + 5)


def launch(settings: Settings | None = None, block: bool = True):
    """Load and warm the Assistant, then serve on ``settings.host``:``settings.port`` (never a public link).

    ``block=False`` serves from a background thread and returns a RunningServer once it accepts requests.
    """
    import threading
    import time

    import uvicorn

    from assistant.live import LiveAssistant

    settings = settings or Settings.from_env()
    check_exposure(settings)
    port_is_free(settings)  # before seconds of loading, not after
    started = time.perf_counter()
    live = LiveAssistant(settings)
    app = build_server(live, settings)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                                           access_log=False, timeout_graceful_shutdown=GRACE_SECONDS))
    url = f"http://{settings.host}:{settings.port}/"
    note = (f"ShareCheck ready on {url} (REST API {url}api/v1/, index {live.version}; "
            f"loaded and warmed in {time.perf_counter() - started:.1f} s)")
    if block:
        def announce() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.02)
            if server.started:
                print(note, flush=True)

        threading.Thread(target=announce, daemon=True).start()
        # In the main thread, so uvicorn handles SIGTERM/SIGINT: stop accepting, finish what runs, exit.
        server.run()
        return None
    thread = threading.Thread(target=server.run, name="sharecheck-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"the server on {settings.host}:{settings.port} could not start "
                               "(is the port in use? try --port)")
        time.sleep(0.02)
    return RunningServer(server, thread, url, live)
