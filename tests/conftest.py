"""Shared fixtures. Offline variables are set before anything heavy is imported (DESIGN §8).

Non-loopback sockets are refused for every test by pytest-socket (``--allow-hosts`` in
pyproject.toml), so a hidden download fails loudly instead of hanging.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT, Settings, apply_offline_env

apply_offline_env()

OFFICIAL_DIR = REPO_ROOT.parent / "shared" / "legal" / "official"
CASES_DIR = REPO_ROOT / "evals" / "cases"


@pytest.fixture(scope="session")
def official_dir() -> Path:
    if not OFFICIAL_DIR.is_dir():
        pytest.fail(f"{OFFICIAL_DIR} is missing: the statute texts live in ../shared/legal/official")
    return OFFICIAL_DIR


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    """The real corpus indexed once per session into a temporary directory."""
    from assistant.corpus import load_corpus
    from assistant.index import build_index

    data = tmp_path_factory.mktemp("data")
    settings = Settings.from_env(data_dir=data, index_dir=data / "index")
    build_index(load_corpus(settings.corpus_dir), settings)
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings):
    from assistant.pipeline import Assistant

    return Assistant(built_settings)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of corpus/ for tests that break it on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", target)
    return target


@pytest.fixture
def cli_env(built_settings) -> dict[str, str]:
    """Environment for running the ``sharecheck`` console script against the session index."""
    env = dict(os.environ)
    env["SHARECHECK_INDEX_DIR"] = str(built_settings.index_dir)
    env["SHARECHECK_DATA_DIR"] = str(built_settings.data_dir)
    return env


@pytest.fixture(scope="session")
def app_url(built_settings):
    """The Gradio app launched once on a free loopback port, closed at the end of the session."""
    import socket

    from assistant.ui.app import launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = launch(Settings.from_env(index_dir=built_settings.index_dir, data_dir=built_settings.data_dir,
                                   port=port), block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()
