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


# --- every route, in this process and in its children (no packet ever leaves: the real functions are
# replaced by recorders before a guarded call is tried) ------------------------------------------------


@pytest.fixture
def recorder(monkeypatch):
    reached = []
    for name in list(netguard._real):
        monkeypatch.setitem(netguard._real, name, lambda *a, _n=name, **k: reached.append(_n))
    return reached


def test_every_route_is_guarded_in_this_process():
    assert all(netguard.guard_state().values()), netguard.guard_state()


def test_udp_and_name_lookups_are_blocked(recorder):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(netguard.NetworkBlockedError):
            udp.sendto(b"x", ("203.0.113.7", 53))
        with pytest.raises(netguard.NetworkBlockedError):
            udp.sendmsg([b"x"], [], 0, ("203.0.113.7", 53))
    finally:
        udp.close()
    for lookup in (socket.gethostbyname, socket.gethostbyname_ex, socket.getaddrinfo):
        with pytest.raises(netguard.NetworkBlockedError):
            lookup("huggingface.co")
    assert recorder == []  # nothing reached the real functions
    socket.gethostbyname("localhost")
    assert recorder == ["gethostbyname"]  # loopback still goes through


def test_a_subprocess_has_the_guard():
    import subprocess
    import sys

    code = "import json, socket, netguard; print(json.dumps(netguard.guard_state()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    import json

    state = json.loads(done.stdout)
    assert state and all(state.values()), (state, done.stderr)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_multiprocessing_child_has_the_guard(method):
    import multiprocessing

    with multiprocessing.get_context(method).Pool(1) as pool:
        state = pool.apply(netguard.guard_state)
    assert state and all(state.values()), state
