"""Work done in a forked copy of this process: what the check fans out over the cores (engine.py), and a build's
render (site.py), whose allocations, and the room the allocator keeps after them, never reach the process that
goes on to run MkDocs."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChildDied(Exception):
    """The forked process ended without handing its result back (killed, out of memory)."""


class NotForked(Exception):
    """The system refused the fork (no memory or processes left for it): nothing was started."""


def can_fork() -> bool:
    """Whether this process may fork: the system has fork, and no other thread runs (mkdocs serve's do), as a
    thread holding a lock at the fork leaves that lock held for ever in the child."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def in_forked_child(work: Callable[[], T]) -> T:
    """`work()` run in a forked child, its value (or the exception it raised) handed back through a pipe.
    The value is streamed and read as it comes, so neither side holds it twice. Callers check `can_fork` first."""
    _flush_standard_streams()  # text buffered now would be printed by both processes
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        raise NotForked(str(exc)) from None
    if pid == 0:
        _child(work, read_end, write_end)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as incoming:
            try:
                succeeded, value = pickle.load(incoming)
            except (EOFError, pickle.UnpicklingError):
                succeeded, value = None, None
    except BaseException:  # interrupted: the child's work is of no use any more
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if succeeded is None:
        ended = (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                 else f"exited with status {os.waitstatus_to_exitcode(status)}")
        raise ChildDied(f"the forked process {ended} before handing its result back")
    if not succeeded:
        raise value
    return value


def _child(work: Callable[[], T], read_end: int, write_end: int) -> None:
    code = 1
    try:
        os.close(read_end)
        gc.freeze()  # what the parent made is not the child's garbage: its collections walk only what it makes
        with os.fdopen(write_end, "wb") as outgoing:
            try:
                outcome: tuple[bool, object] = (True, work())
            except Exception as exc:
                outcome = (False, _picklable(exc))
            pickle.dump(outcome, outgoing, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        _flush_standard_streams()
        os._exit(code)  # neither the parent's exit handlers nor its open files' buffers are the child's to run


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed or broken stream: nothing left to print
                stream.flush()


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an exception whose arguments cannot cross: its type's name and text do
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
