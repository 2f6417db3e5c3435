"""Grading one exercise of one submission: the learner's code in a child, the judging here.

The learner's function runs in a fresh child process (:mod:`utils.grade_child`) in a fresh temporary
folder, under limits. The exercise's checks (its visible ``check``, then its ``hidden`` further cases)
run in this process, the trusted one, against a stand-in for the learner's function: calling it sends
the arguments to the child and brings back, as plain data (:mod:`utils.grade_wire`), what the
learner's function returned or raised. A check therefore judges values only this process made, and a
submission that replaces a check or a reference in its own process changes nothing here.

Each exercise is graded on its own: the exercise cells before it in its notebook are the course's
solutions (as the notebook's fallback makes them for a learner whose earlier answer failed), then the
learner's cell runs.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import errno
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from utils import grade_wire
from utils.exercises import get_exercise
from utils.settings import REPO_ROOT

PASSED, FAILED, NOT_ATTEMPTED, MISSING = "passed", "failed", "not attempted", "missing"
ERROR, TIMEOUT, MEMORY, OUTPUT = "error", "timed out", "out of memory", "too much output"
CRASHED, REFUSED, REFERENCE = "crashed", "refused", "uses the reference"
UNRECOGNISED, UNREADABLE = "not a course notebook", "unreadable notebook"
STATUSES = (PASSED, FAILED, NOT_ATTEMPTED, MISSING, ERROR, TIMEOUT, MEMORY, OUTPUT, CRASHED,
            REFUSED, REFERENCE, UNRECOGNISED, UNREADABLE)  # fmt: skip
PRINTED_SHOWN = 2000  # characters of what the learner's code printed, kept for the feedback


@dataclass(frozen=True)
class Limits:
    """Per exercise: wall-clock and CPU seconds, memory (address space), what it may print."""

    wall_s: float = 20.0
    cpu_s: int = 20
    memory_mb: int = 2048
    output_kb: int = 1024


@dataclass
class Outcome:
    """How one exercise went: a status from :data:`STATUSES` and the feedback for the learner."""

    status: str
    feedback: str
    seconds: float = 0.0
    printed: str = ""
    checks: list[str] = field(default_factory=list)  # what passed, in the checks' own words


class ChildGone(BaseException):
    """The child stopped answering (a ``BaseException``, so no check's ``except`` catches it)."""

    def __init__(self, status: str, feedback: str):
        super().__init__(feedback)
        self.status, self.feedback = status, feedback


class UnreadableAnswer(Exception):
    """The learner's function returned something that is not plain data."""


class LearnerError(Exception):
    """An exception of the learner's own type, raised in the child."""


_SIGNALS = {
    signal.SIGXCPU: (TIMEOUT, "used more CPU time than the grader allows"),
    signal.SIGXFSZ: (OUTPUT, "printed more than the grader keeps; remove the prints in loops"),
    signal.SIGKILL: (MEMORY, "was killed by the system, most likely for using too much memory"),
}


class Child:
    """A child process that runs the learner's code; ``request`` sends one request, waits for the
    reply until ``deadline`` (``time.monotonic()``), and raises :class:`ChildGone` otherwise."""

    def __init__(self, folder: str, preload: Sequence[str], limits: Limits):
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        self.folder, self.limits, self.refused = folder, limits, []
        self._output = open(os.path.join(folder, ".output"), "wb")  # noqa: SIM115 - closed in close()
        bootstrap = (
            f"import sys; sys.path.insert(0, {str(REPO_ROOT)!r}); "
            "from utils.grade_child import main; main()"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-s", "-P", "-c", bootstrap, folder, str(limits.cpu_s),
             str(limits.memory_mb), str(limits.output_kb), str(to_child), str(from_child),
             ",".join(preload)],
            cwd=folder, env=_child_env(folder), stdin=subprocess.DEVNULL, stdout=self._output,
            stderr=subprocess.STDOUT, pass_fds=(to_child, from_child), start_new_session=True,
        )  # fmt: skip
        os.close(to_child)
        os.close(from_child)
        self._killed_on_deadline = False

    def request(self, message: dict, deadline: float) -> dict:
        try:
            self._send(message, deadline)
            reply = grade_wire.receive(lambda n: self._read(n, deadline))
        except (grade_wire.Closed, BrokenPipeError):
            raise self._gone() from None
        except (grade_wire.Unreadable, ValueError) as err:
            raise ChildGone(CRASHED, f"its reply was not in the grader's format ({err}): does the "
                            "code write to the grader's channel?") from None  # fmt: skip
        refused = reply.get("refused")
        if isinstance(refused, list):
            self.refused = [str(r) for r in refused]
        return reply

    def _send(self, message: dict, deadline: float) -> None:
        import json

        data = grade_wire._LENGTH.pack(len(body := json.dumps(message).encode())) + body
        while data:
            _, writable, _ = select.select([], [self._to_child], [], self._left(deadline))
            if not writable:
                raise self._timeout()
            data = data[os.write(self._to_child, data[:65536]) :]

    def _read(self, n: int, deadline: float) -> bytes:
        readable, _, _ = select.select([self._from_child], [], [], self._left(deadline))
        if not readable:
            raise self._timeout()
        return os.read(self._from_child, n)

    def _left(self, deadline: float) -> float:
        return max(0.0, deadline - time.monotonic())

    def _timeout(self) -> ChildGone:
        self._killed_on_deadline = True
        self.kill()
        return ChildGone(
            TIMEOUT, f"did not finish within {self.limits.wall_s:g} s (an endless loop?)"
        )

    def _gone(self) -> ChildGone:
        code, cpu_s = self._reap()
        if code == -signal.SIGKILL and cpu_s >= self.limits.cpu_s:
            return ChildGone(TIMEOUT, "used more CPU time than the grader allows")
        if code < 0 and -code in _SIGNALS:
            status, why = _SIGNALS[-code]
            return ChildGone(status, f"the process {why}")
        return ChildGone(CRASHED, f"the process ended (exit status {code}) while the grader "
                         "waited for its answer: os._exit(), a crash, or a signal")  # fmt: skip

    def _reap(self) -> tuple[int, float]:
        """Wait for the child (5 s at most, then kill it): its exit code (``-signal`` when a signal
        ended it) and the CPU seconds it used."""
        if self.process.returncode is not None:
            return self.process.returncode, 0.0
        give_up = time.monotonic() + 5
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > give_up:
                self.kill()
                pid, status, usage = os.wait4(self.process.pid, 0)
                break
            time.sleep(0.01)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        return self.process.returncode, usage.ru_utime + usage.ru_stime

    def kill(self) -> None:
        """Kill the whole process group (whatever the code started goes too)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def close(self) -> str:
        """Stop the child; return the start of what it printed."""
        self.kill()
        self.process.wait()
        for fd in (self._to_child, self._from_child):
            os.close(fd)
        self._output.close()
        with open(os.path.join(self.folder, ".output"), "rb") as printed:
            return printed.read(PRINTED_SHOWN).decode("utf-8", "replace")


def _child_env(folder: str) -> dict:
    """The child's whole environment: nothing of the grader's (no PATH: it starts no process)."""
    threads = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    return {**threads, "HOME": folder, "TMPDIR": folder, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
            "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg"}  # fmt: skip


class RemoteFunction:
    """Stands in for the learner's function in the checks: each call runs in the child."""

    def __init__(self, child: Child, name: str, deadline: float):
        self._child, self.__name__, self._deadline = child, name, deadline

    def __call__(self, *args, **kwargs):
        request = {"op": "call", "args": [grade_wire.encode(a) for a in args],
                   "kwargs": {k: grade_wire.encode(v) for k, v in kwargs.items()}}  # fmt: skip
        reply = self._child.request(request, self._deadline)
        _write_back(args, request["args"], reply.get("args_after"))
        if "raised" in reply:
            raise _learner_exception(reply["raised"])
        if "unreadable" in reply:
            raise UnreadableAnswer(f"{self.__name__}() returned {reply['unreadable']}, which the "
                                   "grader cannot read: return plain data (str, number, list, "
                                   "tuple, dict, a NumPy array or a tensor)")  # fmt: skip
        try:
            return grade_wire.decode(reply["result"])
        except (KeyError, grade_wire.Unreadable, ValueError, TypeError) as err:
            raise ChildGone(CRASHED, f"its reply was not in the grader's format ({err})") from None


def _write_back(args: tuple, before: list, after) -> None:
    """Arguments the learner's function changed in place are changed here too (a check may ask)."""
    if not isinstance(after, list) or len(after) != len(args):
        return
    for arg, was, now in zip(args, before, after, strict=True):
        if was == now:
            continue
        try:
            value = grade_wire.decode(now)
        except (grade_wire.Unreadable, ValueError, TypeError):
            continue
        if isinstance(arg, list) and isinstance(value, list):
            arg[:] = value
        elif isinstance(arg, dict) and isinstance(value, dict):
            arg.clear()
            arg.update(value)
        elif hasattr(arg, "shape") and getattr(value, "shape", None) == arg.shape:
            _copy_into(arg, value)


def _copy_into(target, value) -> None:
    if hasattr(target, "copy_"):  # a torch tensor
        import torch

        with torch.no_grad():
            target.copy_(value)
    else:
        target[...] = value


def _learner_exception(raised: dict) -> BaseException:
    name, message = str(raised.get("type", "Exception")), str(raised.get("message", ""))
    where = f" ({raised['where']})" if raised.get("where") else ""
    if name == "MemoryError":
        return ChildGone(MEMORY, f"ran out of memory{where}: the grader allows each exercise "
                         f"{Limits.memory_mb:,} MB")  # fmt: skip
    if raised.get("errno") == errno.EFBIG:
        return ChildGone(OUTPUT, f"printed more than the grader keeps{where}; remove the prints "
                         "in loops")  # fmt: skip
    if name == "SystemExit":
        return ChildGone(CRASHED, f"called exit(){where}: a function returns, it does not end "
                         "the program")  # fmt: skip
    message += where
    kind = getattr(builtins, name, None) if raised.get("builtin") else None
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind, message = LearnerError, f"{name}: {message}"
    try:
        err = kind(message)
    except Exception:  # an exception class with other arguments (UnicodeDecodeError, ...)
        err = LearnerError(f"{name}: {message}")
    err.from_learner = True
    return err


def _judge(check, remote) -> tuple[bool, str]:
    """Run one check against ``remote``: (passed, the message for the learner)."""
    try:
        check(remote)
    except NotImplementedError:
        return False, "not attempted yet: replace `raise NotImplementedError()`."
    except AssertionError as err:
        return False, f"not yet. {err}"
    except UnreadableAnswer as err:
        return False, str(err)
    except Exception as err:
        if getattr(err, "from_learner", False):
            return False, f"your code raised {type(err).__name__}: {err}"
        return False, (f"your answer could not be checked ({type(err).__name__}: {err}); is it "
                       "the kind of value the exercise asks for?")  # fmt: skip
    return True, "passed."


def uses_reference(source: str, exercise_id: str) -> str | None:
    """How the cell takes the course's own answer (its reference, or the exercise package), or
    ``None``. Read from the source; nothing runs."""
    exercise = get_exercise(exercise_id)
    module, _, name = exercise.reference_name.rpartition(".")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            (node.module or "").startswith("utils.exercises")
            or (node.module == module and any(a.name == name for a in node.names))
        ):
            return f"from {node.module} import {', '.join(a.name for a in node.names)}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("utils.exercises"):
                    return f"import {alias.name}"
        if isinstance(node, ast.Attribute) and node.attr == name:
            owner = ast.unparse(node.value)
            if module == owner or module.endswith(f".{owner}"):
                return f"{owner}.{name}"
    return None


def at_least(limits: Limits, floor: dict | None) -> Limits:
    """``limits`` raised to an exercise's ``floor`` where they are lower.

    >>> at_least(Limits(wall_s=6, cpu_s=6), {"wall_s": 60, "memory_mb": 4096})
    Limits(wall_s=60, cpu_s=6, memory_mb=4096, output_kb=1024)
    """
    from dataclasses import replace

    raised = {k: max(getattr(limits, k), v) for k, v in (floor or {}).items()}
    return replace(limits, **raised)


def grade_one(exercise_id: str, cells: Sequence[tuple[str, str]], limits: Limits) -> Outcome:
    """Grade exercise ``exercise_id`` whose cell is the last of ``cells`` (``(id, source)`` pairs,
    the earlier ones the course's) in a child process under ``limits``."""
    exercise = get_exercise(exercise_id)
    for earlier in _exercises_of(cells):  # the earlier cells run first, with what they need
        limits = at_least(limits, earlier.floor)
    taken = uses_reference(cells[-1][1], exercise_id)
    if taken:
        return Outcome(REFERENCE, f"the cell takes the course's own answer (`{taken}`); write "
                       f"`{exercise.function_name}` yourself.")  # fmt: skip
    started = time.monotonic()
    deadline = started + limits.wall_s
    preload = _preload(exercise, cells)
    with tempfile.TemporaryDirectory(prefix="course-grade-") as folder:
        child = Child(folder, preload, limits)
        try:
            outcome = _run_checks(child, exercise, cells, deadline)
        except ChildGone as gone:
            outcome = Outcome(gone.status, _sentence(gone.feedback))
        finally:
            printed = child.close()
    outcome.printed, outcome.seconds = printed, time.monotonic() - started
    if child.refused and outcome.status not in (TIMEOUT, MEMORY, OUTPUT):
        done = "; ".join(dict.fromkeys(child.refused))
        outcome.status = REFUSED
        outcome.feedback = (f"your code tried {done}, which the grader does not allow (the "
                            "exercise needs none of it).")  # fmt: skip
    return outcome


def _sentence(feedback: str) -> str:
    """``"your code ran out of memory ..."`` from ``"ran out of memory ..."``."""
    start = "" if feedback.startswith(("the ", "its ")) else "your code "
    return f"{start}{feedback}."


def _exercises_of(cells) -> list:
    """The exercises whose cells are among ``cells`` (``(id, source)`` pairs; other ids skipped)."""
    from utils.exercises import EXERCISES

    return [EXERCISES[i] for i, _ in cells if i in EXERCISES]


def _preload(exercise, cells) -> list[str]:
    sources = "\n".join(source for _, source in cells)
    preload = ["torch"] if "torch" in sources or exercise.observe else []
    if exercise.observe:
        preload.append(exercise.observe.__module__)
    return preload + [m for e in _exercises_of(cells) for m in e.preload]


def _run_checks(child: Child, exercise, cells, deadline: float) -> Outcome:
    observe = exercise.observe
    reply = child.request({"op": "load", "cells": [list(c) for c in cells],
                           "name": exercise.function_name,
                           "observe": f"{observe.__module__}:{observe.__name__}" if observe else None},
                          deadline)  # fmt: skip
    if "load_error" in reply:
        raised = _learner_exception(reply["load_error"])
        if isinstance(raised, ChildGone):
            raise raised
        return Outcome(ERROR, f"running the cell raised {type(raised).__name__}: {raised}")
    if "missing" in reply:
        return Outcome(MISSING, f"the cell of exercise {exercise.exercise_id} does not define "
                       f"`{exercise.function_name}`: keep the name the exercise gives.")  # fmt: skip
    remote = RemoteFunction(child, exercise.function_name, deadline)
    passed, message = _judge(exercise.check, remote)
    checks = [f"The notebook's check: {message}"]
    if not passed:
        status = NOT_ATTEMPTED if message.startswith("not attempted") else FAILED
        return Outcome(status, message, checks=checks)
    if exercise.hidden is not None:
        passed, message = _judge(exercise.hidden, remote)
        checks.append(f"Further cases: {message}")
        if not passed:
            return Outcome(FAILED, f"the notebook's check passes, but a further case fails: "
                           f"{message}", checks=checks)  # fmt: skip
    return Outcome(PASSED, "passed.", checks=checks)
