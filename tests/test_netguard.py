"""The network guard: the suite must be unable to reach a hub, and still reach loopback."""

import socket

import netguard
import pytest


def test_connection_to_a_hub_is_blocked():
    with pytest.raises(netguard.NetworkBlockedError, match="offline"):
        socket.create_connection(("huggingface.co", 443), timeout=1)


def test_connection_to_a_public_address_is_blocked():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(netguard.NetworkBlockedError):
        sock.connect(("8.8.8.8", 53))
    sock.close()


def test_loopback_still_works():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("10.0.0.1", False),
        ("hf.co", False),
    ],
)
def test_is_local(host, local):
    assert netguard.is_local(host) is local
