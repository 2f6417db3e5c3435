"""The grader's child process: runs one exercise of one learner's notebook, and nothing else.

Started by :mod:`utils.grade` in a fresh temporary folder, in a process group of its own, with the
course's folder first on ``sys.path`` (never the temporary folder, where the submission may write).
Before any of the learner's code runs it sets its limits (CPU seconds, memory, size of what it prints;
no raising them again) and an audit hook that cannot be removed: writing, deleting or renaming
anything outside the temporary folder, starting a process, opening a network socket, loading native
code through ``ctypes``, or changing a limit raises :class:`Refused` (and is reported to the parent).
Threads are allowed: they count against the same CPU time and memory, and die with the process.

Then it answers the parent's requests on a pipe, in the format of :mod:`utils.grade_wire`:
``load`` (run the notebook's exercise cells up to the exercise), then any number of ``call`` (call
the learner's function, or the exercise's ``observe`` on it, with the parent's arguments; reply with
what it returned or raised and the arguments as they are after the call). Its verdict is never
asked for: the parent judges.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

# Operations refused outright once the learner's code runs, with what the learner is told.
_FORBIDDEN = {
    "subprocess.Popen": "starting a process",
    "os.system": "starting a process",
    "os.exec": "starting a process",
    "os.posix_spawn": "starting a process",
    "os.spawn": "starting a process",
    "os.fork": "starting a process",
    "os.forkpty": "starting a process",
    "pty.spawn": "starting a process",
    "os.kill": "sending a signal",
    "os.killpg": "sending a signal",
    "socket.__new__": "opening a network socket",
    "socket.connect": "a network connection",
    "socket.getaddrinfo": "a network name lookup",
    "socket.gethostbyname": "a network name lookup",
    "socket.gethostbyaddr": "a network name lookup",
    "ctypes.dlopen": "loading native code (ctypes)",
    "ctypes.dlsym": "loading native code (ctypes)",
    "ctypes.dlsym/handle": "loading native code (ctypes)",
    "ctypes.cdata": "reading memory by address (ctypes)",
    "ctypes.cdata/buffer": "reading memory by address (ctypes)",
    "ctypes.call_function": "calling native code (ctypes)",
    "ctypes.string_at": "reading memory by address (ctypes)",
    "ctypes.wstring_at": "reading memory by address (ctypes)",
    "ctypes.PyObj_FromPtr": "reading memory by address (ctypes)",
    "resource.setrlimit": "changing the grader's limits",
    "resource.prlimit": "changing the grader's limits",
}
# Events whose path arguments must lie inside the temporary folder.
_PATH_EVENTS = {
    "os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.chmod": (0,), "os.chown": (0,),
    "os.truncate": (0,), "os.utime": (0,), "os.rename": (0, 1), "os.link": (0, 1),
    "os.symlink": (1,), "os.setxattr": (0,), "os.removexattr": (0,), "shutil.rmtree": (0,),
    "shutil.copyfile": (1,), "shutil.copymode": (1,), "shutil.copystat": (1,),
    "shutil.chown": (0,), "shutil.move": (0, 1),
}  # fmt: skip
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Refused(PermissionError):
    """An operation the grader does not allow a submission (an ``OSError``, so libraries that
    tolerate a failed write tolerate this one)."""


REFUSED: list[str] = []  # what was refused, reported with every reply


def install_guard(folder: str) -> None:
    """The audit hook: from now on, nothing outside ``folder`` changes (see the module's text)."""
    folder = os.path.realpath(folder)

    def inside(path) -> bool:
        if isinstance(path, int):  # a file descriptor this process already holds
            return True
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == folder or real.startswith(folder + os.sep)

    def refuse(what: str):
        REFUSED.append(what)
        raise Refused(f"the grader does not allow {what}")

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = args
            writes = bool((flags or 0) & _WRITE_FLAGS) or any(c in (mode or "") for c in "wax+")
            if writes and path is not None and not inside(path):
                refuse(f"writing to {os.fsdecode(path)!r} (outside the grader's folder)")
        elif event in _PATH_EVENTS:
            for i in _PATH_EVENTS[event]:
                if i < len(args) and args[i] is not None and not inside(args[i]):
                    refuse(f"{event} on {args[i]!r} (outside the grader's folder)")
        elif event in _FORBIDDEN:
            refuse(_FORBIDDEN[event])

    sys.addaudithook(hook)


def set_limits(cpu_s: int, memory_mb: int, output_kb: int) -> None:
    """Limits the learner's code cannot raise (the guard refuses ``setrlimit``). CPU time: SIGXCPU
    a second after ``cpu_s``, SIGKILL a second later (for code that ignores SIGXCPU); the parent's
    wall-clock limit, equal to ``cpu_s``, normally ends it first."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s + 1, cpu_s + 2))
    for limit, value in (
        (resource.RLIMIT_AS, memory_mb * 2**20),
        (resource.RLIMIT_FSIZE, output_kb * 1024),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(limit, (value, value))


def _learner_line(err: BaseException) -> str:
    """Where in the learner's cell ``err`` happened: ``line N: <code>``, or ``""``."""
    frames = [
        f for f in traceback.extract_tb(err.__traceback__) if f.filename.startswith("<exercise")
    ]
    if not frames:
        return ""
    frame = frames[-1]
    return f"{frame.filename[1:-1]}, line {frame.lineno}" + (
        f": {frame.line}" if frame.line else ""
    )


def _raised(err: BaseException) -> dict:
    try:
        message = str(err)[:2000]
    except Exception:  # a learner's exception whose __str__ fails
        message = "(its message could not be read)"
    errno = getattr(err, "errno", None)
    return {"type": type(err).__name__, "builtin": type(err).__module__ == "builtins",
            "message": message, "where": _learner_line(err),
            "errno": errno if type(errno) is int else None}  # fmt: skip


def serve(channel_in: int, channel_out: int) -> None:
    """Answer the parent's requests until it closes the pipe."""
    from utils import grade_wire

    namespace: dict = {}
    target = None

    def read(n: int) -> bytes:
        return os.read(channel_in, n)

    while True:
        try:
            request = grade_wire.receive(read)
        except grade_wire.Closed:
            return
        if request["op"] == "load":
            reply, target = _load(request, namespace)
        else:
            reply = _call(request, target)
        reply["refused"] = list(REFUSED)
        for stream in (sys.stdout, sys.stderr):  # what was printed reaches the file now
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            grade_wire.send(channel_out, reply)
        except grade_wire.Unreadable as err:  # pragma: no cover - encode() checked the parts
            grade_wire.send(channel_out, {"unreadable": str(err), "refused": list(REFUSED)})


def _load(request: dict, namespace: dict):
    """Run the cells (earlier exercises of the notebook, then this one); find the function."""
    for cell_id, source in request["cells"]:
        try:
            code = compile(source, f"<exercise {cell_id}>", "exec")
            exec(code, namespace)
        except BaseException as err:
            return {"load_error": _raised(err), "cell": cell_id}, None
    name = request["name"]
    if name not in namespace:
        return {"missing": name}, None
    answer = namespace[name]
    if request.get("observe"):
        import importlib

        module, _, attr = request["observe"].partition(":")
        observe = getattr(importlib.import_module(module), attr)

        def observed(*args, **kwargs):
            return observe(answer, *args, **kwargs)

        return {"ok": True}, observed
    return {"ok": True}, answer


def _call(request: dict, target) -> dict:
    from utils import grade_wire

    args = [grade_wire.decode(a) for a in request["args"]]
    kwargs = {k: grade_wire.decode(v) for k, v in request["kwargs"].items()}
    try:
        result = target(*args, **kwargs)
    except BaseException as err:
        reply = {"raised": _raised(err)}
    else:
        try:
            reply = {"result": grade_wire.encode(result)}
        except grade_wire.Unreadable as err:
            reply = {"unreadable": str(err)}
        except BaseException as err:
            reply = {"raised": _raised(err)}
    try:
        reply["args_after"] = [grade_wire.encode(a) for a in args]
        reply["kwargs_after"] = {k: grade_wire.encode(v) for k, v in kwargs.items()}
    except BaseException:
        reply["args_after"] = None
    return reply


def main() -> None:
    """Entry point: ``python -s -P -c 'import utils.grade_child as c; c.main()' ...`` (see
    :func:`utils.grade.start_child`). Arguments: folder, cpu seconds, memory MB, output KB,
    read fd, write fd, and the modules to import before the guard."""
    folder, cpu_s, memory_mb, output_kb, fd_in, fd_out, preload = sys.argv[1:8]
    sys.dont_write_bytecode = True
    os.chdir(folder)
    import importlib

    import numpy  # noqa: F401 - loaded before the guard: it loads native code

    for module in filter(None, preload.split(",")):
        importlib.import_module(module)
    from utils import grade_wire  # noqa: F401

    set_limits(int(cpu_s), int(memory_mb), int(output_kb))
    install_guard(folder)
    serve(int(fd_in), int(fd_out))
