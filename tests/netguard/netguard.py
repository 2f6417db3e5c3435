"""Block every network connection that does not stay on this machine.

The course must run offline: a test (or a notebook kernel, a subprocess or a multiprocessing child
started by a test) that tries to reach a model hub or any other host fails at once with
:class:`NetworkBlockedError`, instead of hanging or quietly downloading. Guarded routes: TCP
``connect``/``connect_ex``, UDP ``sendto``/``sendmsg``, and name lookups (``getaddrinfo``,
``gethostbyname``, ``gethostbyname_ex``). Loopback and Unix sockets (Jupyter's kernels talk over
them) stay allowed. Child processes get the guard through ``sitecustomize`` on ``PYTHONPATH``.
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
    "sendto": socket.socket.sendto,
    "sendmsg": socket.socket.sendmsg,
    "getaddrinfo": socket.getaddrinfo,
    "gethostbyname": socket.gethostbyname,
    "gethostbyname_ex": socket.gethostbyname_ex,
}


def _off_machine(sock, address) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0])


def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
        _refuse(address)
    return _real["connect"](self, address)


def _connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
        _refuse(address)
    return _real["connect_ex"](self, address)


def _sendto(self, data, *args):
    address = args[-1]  # sendto(data, address) or sendto(data, flags, address)
    if _off_machine(self, address):
        _refuse(address)
    return _real["sendto"](self, data, *args)


def _sendmsg(self, buffers, ancdata=(), flags=0, address=None):
    if address is not None and _off_machine(self, address):
        _refuse(address)
    if address is None:
        return _real["sendmsg"](self, buffers, ancdata, flags)
    return _real["sendmsg"](self, buffers, ancdata, flags, address)


def _name(host) -> str:
    return host.decode() if isinstance(host, bytes) else host


def _getaddrinfo(host, *args, **kwargs):
    if not is_local(_name(host)):
        _refuse(host)
    return _real["getaddrinfo"](host, *args, **kwargs)


def _gethostbyname(host):
    if not is_local(_name(host)):
        _refuse(host)
    return _real["gethostbyname"](host)


def _gethostbyname_ex(host):
    if not is_local(_name(host)):
        _refuse(host)
    return _real["gethostbyname_ex"](host)


_GUARDS = {
    (socket.socket, "connect"): _connect,
    (socket.socket, "connect_ex"): _connect_ex,
    (socket.socket, "sendto"): _sendto,
    (socket.socket, "sendmsg"): _sendmsg,
    (socket, "getaddrinfo"): _getaddrinfo,
    (socket, "gethostbyname"): _gethostbyname,
    (socket, "gethostbyname_ex"): _gethostbyname_ex,
}


def install() -> None:
    """Put the guard in place for this process."""
    for (owner, name), guard in _GUARDS.items():
        setattr(owner, name, guard)


def guard_state() -> dict[str, bool]:
    """``{route: guarded?}`` in this process (a child process reports its own)."""
    return {name: getattr(owner, name) is guard for (owner, name), guard in _GUARDS.items()}


def install_if_enabled() -> bool:
    """Install the guard when ``COURSE_NETWORK_GUARD=1`` (the test suite sets it for its kernels)."""
    if os.environ.get("COURSE_NETWORK_GUARD") == "1":
        install()
        return True
    return False
