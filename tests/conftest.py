"""Shared fixtures and the test tiers. Offline variables are set before anything heavy is imported (DESIGN §8).

Non-loopback sockets are refused for every test by pytest-socket (``--allow-hosts`` in
pyproject.toml), so a hidden download fails loudly instead of hanging.

Tiers (markers, added here from the fixtures a test uses, so no test can forget its own):

- ``model``   — loads the real all-MiniLM-L6-v2 (``model_settings``, ``model_assistant``, ``real_embedder``);
- ``server``  — launches the Gradio app (``app_url``);
- ``browser`` — drives Debian's chromium (tests/test_browser.py, tests/test_scenario_app.py);
- ``slow``    — any of the three. ``make test-fast`` runs ``-m "not slow"``: everything else, with the
  real index mechanics (Chroma, bm25s, classifier) built over the deterministic hash embedder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT, Settings, apply_offline_env

apply_offline_env()
# The engine's clock is pinned for the suite: answers that depend on a date (the § 14-154 look-back)
# must not change when the calendar does. Tests that are about the clock set their own.
os.environ.setdefault("SHARECHECK_TODAY", "2026-12-01")

OFFICIAL_DIR = Settings.from_env().official_dir
CASES_DIR = REPO_ROOT / "evals" / "cases"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NO_CHROMIUM = ("chromium is not installed, so the browser tests are skipped: `apt-get install -y chromium` "
               "(`make test` does it when run as root; `.ci/run` always does)")
MODEL_FIXTURES = {"model_settings", "model_assistant", "real_embedder", "model_cli_env"}
SERVER_FIXTURES = {"app_url", "header_server", "local_server"}


def pytest_collection_modifyitems(config, items):
    skip_browser = pytest.mark.skip(reason=NO_CHROMIUM) if not Path(CHROMIUM).exists() else None
    for item in items:
        if skip_browser and item.get_closest_marker("browser"):
            item.add_marker(skip_browser)
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if fixtures & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        if any(item.get_closest_marker(m) for m in ("model", "server", "browser")):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter):
    """One notice for what this machine could not test (instead of one line per skipped test)."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = sorted({str(r.longrepr[2]).removeprefix("Skipped: ") for r in skipped
                      if isinstance(getattr(r, "longrepr", None), tuple)})
    for reason in reasons:
        count = sum(1 for r in skipped if isinstance(r.longrepr, tuple) and reason in str(r.longrepr[2]))
        terminalreporter.write_line(f"NOTICE: {count} test(s) skipped: {reason}", yellow=True)


@pytest.fixture(scope="session")
def official_dir() -> Path:
    """The statute texts in ../shared/legal/official. Without them the test is skipped with a notice,
    except under CI=true, where a missing ../shared is a broken checkout and fails."""
    if not OFFICIAL_DIR.is_dir():
        message = (f"{OFFICIAL_DIR} is missing: the statute texts live in ../shared/legal/official "
                   "(clone the project with ../shared beside it)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return OFFICIAL_DIR


@pytest.fixture(scope="session")
def postgres_admin():
    """The admin URL of a throwaway PostgreSQL cluster on 127.0.0.1, run for the session (deploy/services.py).
    Without PostgreSQL's binaries the test is skipped with a notice, except under CI=true, where .ci/run
    installs them, so their absence fails."""
    from deploy.services import postgres_bin, postgres_cluster

    if postgres_bin() is None:
        message = ("PostgreSQL's binaries (initdb, pg_ctl) are missing, so the PostgreSQL store tests are skipped: "
                   "`apt-get install -y postgresql` (`.ci/run` does it)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with postgres_cluster() as url:
        yield url


def _build(tmp_path_factory, name: str, embedder: str) -> Settings:
    from assistant.knowledge.corpus import load_corpus
    from assistant.pipeline import build_index

    data = tmp_path_factory.mktemp(name)
    settings = Settings.from_env(data_dir=data, index_dir=data / "index", embedder=embedder)
    build_index(load_corpus(settings.corpus_dir), settings)
    return settings


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    """The real corpus indexed once per session (Chroma + bm25s + classifier) over the hash embedder."""
    return _build(tmp_path_factory, "data", "hash")


@pytest.fixture(scope="session")
def model_settings(tmp_path_factory) -> Settings:
    """The real corpus indexed once per session with the real MiniLM model (marks the test ``model``)."""
    return _build(tmp_path_factory, "model-data", "minilm")


@pytest.fixture(scope="session")
def assistant(built_settings):
    """An Assistant over the hash-embedder index: the real lexicon, rules and answer, no model."""
    from assistant.pipeline import Assistant

    return Assistant(built_settings)


@pytest.fixture(scope="module")
def engine():
    """An Assistant over ``FakeIndex`` (real lexicon, rules and answer; no index build, no model), with
    canned rankings so "See also" and info answers have something to cite."""
    from assistant.pipeline import Assistant
    from tests.fakes import FakeIndex

    return Assistant(Settings.from_env(), index=FakeIndex(sparse=["doi-nypd-2025#incident-1"],
                                                          dense=["glossary#judicial-warrant"]))


@pytest.fixture(scope="session")
def model_assistant(model_settings):
    """The Assistant exactly as users get it (MiniLM retrieval and classifier)."""
    from assistant.pipeline import Assistant

    return Assistant(model_settings)


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged MiniLM through LangChain (marks the test ``model``)."""
    from assistant.knowledge.embeddings import load_embeddings

    return load_embeddings()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of corpus/ for tests that break it on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", target)
    return target


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["SHARECHECK_INDEX_DIR"] = str(settings.index_dir)
    env["SHARECHECK_DATA_DIR"] = str(settings.data_dir)
    env["SHARECHECK_EMBEDDER"] = settings.embedder
    return env


@pytest.fixture
def cli_env(built_settings) -> dict[str, str]:
    """Environment for running the ``sharecheck`` console script against the session's hash index."""
    return _env(built_settings)


@pytest.fixture
def model_cli_env(model_settings) -> dict[str, str]:
    """Environment for the ``sharecheck`` console script against the real-model index."""
    return _env(model_settings)


@pytest.fixture(scope="session")
def app_url(built_settings):
    """The Gradio app launched once on a free loopback port, closed at the end of the session."""
    import socket

    from assistant.ui.app import launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = launch(Settings.from_env(index_dir=built_settings.index_dir, data_dir=built_settings.data_dir,
                                   embedder=built_settings.embedder, port=port), block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian's chromium, headless, through Playwright (never `playwright install`); skipped without it."""
    from tests.test_browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed: apt-get install -y chromium (make test does it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page_at(chromium_browser, app_url):
    """``open_page(width, height)`` → a page on the app with the question box ready; closed after the test."""
    contexts = []

    def open_page(width: int, height: int):
        context = chromium_browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                               permissions=["clipboard-read", "clipboard-write"])
        contexts.append(context)
        page = context.new_page()
        page.goto(app_url)
        page.locator("#sc-question textarea").wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()
