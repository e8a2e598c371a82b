"""The suite refuses non-loopback connections, so a hidden download fails loudly."""

from __future__ import annotations

import socket

import pytest


def test_non_loopback_connection_is_blocked():
    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError) as err:
        socket.create_connection(("192.0.2.10", 80), timeout=1)  # TEST-NET-1, never routed
    assert "192.0.2.10" in str(err.value)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
