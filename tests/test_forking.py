"""forking.in_forked_child: the value comes back whole, the child's exceptions are raised here, and a child that
ends without answering is a ChildDied, never a hang or a traceback of the child's."""

from __future__ import annotations

import errno
import os
import signal

import pytest

from getchitty.errors import UsageError
from getchitty.forking import ChildDied, NotForked, in_forked_child


def test_the_value_is_made_in_another_process_and_handed_back_whole():
    parent = os.getpid()
    pid, text = in_forked_child(lambda: (os.getpid(), "é" * 5_000_000))
    assert pid != parent
    assert text == "é" * 5_000_000  # larger than any pipe buffer: streamed while it is read


def test_the_childs_exception_is_raised_here_with_its_type_and_text():
    def refuse() -> None:
        raise UsageError("no such folder: x")

    with pytest.raises(UsageError, match="no such folder: x"):
        in_forked_child(refuse)


def test_an_exception_that_cannot_cross_the_pipe_crosses_as_its_name_and_text():
    class Local(Exception):  # defined in a function: pickle cannot find it by name
        pass

    def refuse() -> None:
        raise Local("the reason")

    with pytest.raises(RuntimeError, match="^Local: the reason$"):
        in_forked_child(refuse)


@pytest.mark.parametrize(("end", "said"), [
    (lambda: os.kill(os.getpid(), signal.SIGKILL), "killed by signal 9"),
    (lambda: os._exit(3), "exited with status 3"),
])
def test_a_child_that_ends_without_answering_is_a_childdied(end, said):
    with pytest.raises(ChildDied, match=said):
        in_forked_child(end)


def test_nothing_is_left_open():
    """The pipe is closed on both sides, whatever happened in the child."""
    before = set(os.listdir("/proc/self/fd"))
    in_forked_child(lambda: 1)
    with pytest.raises(ChildDied):
        in_forked_child(lambda: os._exit(1))
    assert set(os.listdir("/proc/self/fd")) == before


def test_a_refused_fork_is_a_notforked_and_leaves_nothing_open(monkeypatch):
    def refuse() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    before = set(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refuse)
    with pytest.raises(NotForked, match="Resource temporarily unavailable"):
        in_forked_child(lambda: 1)
    assert set(os.listdir("/proc/self/fd")) == before
