"""Block every network connection that does not stay on this machine.

The course must run offline: a test (or a notebook kernel started by a test) that tries to reach a
model hub or any other host fails at once with :class:`NetworkBlockedError`, instead of hanging or
quietly downloading. Loopback and Unix sockets (Jupyter's kernels talk over them) stay allowed.
"""

from __future__ import annotations

import ipaddress
import os
import socket


class NetworkBlockedError(OSError):
    """A test tried to open a connection off this machine."""


def is_local(host) -> bool:
    """Whether ``host`` (a name or an address) is this machine."""
    if host in (None, "", "localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(target) -> None:
    raise NetworkBlockedError(
        f"Tests run offline, so the connection to {target!r} was blocked. Models come from the "
        "installed packages or the cache (see README, Troubleshooting), never from a hub."
    )


_real = {
    "connect": socket.socket.connect,
    "connect_ex": socket.socket.connect_ex,
    "getaddrinfo": socket.getaddrinfo,
}


def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
        _refuse(address)
    return _real["connect"](self, address)


def _connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
        _refuse(address)
    return _real["connect_ex"](self, address)


def _getaddrinfo(host, *args, **kwargs):
    if not is_local(host if not isinstance(host, bytes) else host.decode()):
        _refuse(host)
    return _real["getaddrinfo"](host, *args, **kwargs)


def install() -> None:
    """Put the guard in place for this process."""
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.getaddrinfo = _getaddrinfo


def install_if_enabled() -> bool:
    """Install the guard when ``COURSE_NETWORK_GUARD=1`` (the test suite sets it for its kernels)."""
    if os.environ.get("COURSE_NETWORK_GUARD") == "1":
        install()
        return True
    return False
