"""``sharecheck serve`` on a port another server holds: one clear message at once, before any loading."""

from __future__ import annotations

import socket

import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings
from assistant.ui.app import port_is_free


def test_a_port_in_use_is_refused_saying_what_to_do():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(SettingsError, match=rf"127.0.0.1:{port} is in use .*--port N"):
            port_is_free(Settings.from_env(port=port))


def test_a_free_port_passes():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    port_is_free(Settings.from_env(port=port))
