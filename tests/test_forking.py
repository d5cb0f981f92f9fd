"""forking.in_forked_child, forking.Sent and forking.Fed: the values come back whole and in order, the child's exceptions are
raised here, and a child that ends without answering is a ChildDied, never a hang or a traceback of the child's."""

from __future__ import annotations

import errno
import os
import signal
import time

import pytest

from getchitty.errors import UsageError
from getchitty.forking import PIPE_SIZE, ChildDied, Fed, NotForked, Sent, in_forked_child, in_forked_workers


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


def test_sent_values_come_in_order_and_the_childs_exception_after_them():
    def produce(send) -> None:
        for number in range(3):
            send((number, "é" * 200_000))
        raise UsageError("no fourth")

    received = []
    with Sent(produce) as sent, pytest.raises(UsageError, match="^no fourth$"):
        for value in sent:
            received.append(value)
    assert received == [(number, "é" * 200_000) for number in range(3)]


def test_a_child_that_dies_while_sending_is_a_childdied_after_what_it_sent():
    def produce(send) -> None:
        send("first")
        os.kill(os.getpid(), signal.SIGKILL)

    received = []
    with Sent(produce) as sent, pytest.raises(ChildDied, match="killed by signal 9 before it had sent everything"):
        for value in sent:
            received.append(value)
    assert received == ["first"]


def test_closing_stops_a_child_still_sending_and_leaves_nothing_open():
    def produce(send) -> None:
        while True:
            send("more")

    before = set(os.listdir("/proc/self/fd"))
    sent = Sent(produce)
    assert next(iter(sent)) == "more"
    pid = sent.pid
    sent.close()
    assert sent.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
    assert set(os.listdir("/proc/self/fd")) == before


def test_the_child_never_waits_for_the_reader(tmp_path):
    """A child sending 8 MB, eight times what the largest pipe holds, finishes its work before the reader reads
    anything: what the pipe cannot take yet waits in the child, and every value then comes, whole and in order."""
    done = tmp_path / "done"

    def produce(send) -> None:
        for number in range(8):
            send(str(number) * 1_000_000)
        done.write_text("sent", encoding="utf-8")

    assert PIPE_SIZE < 8_000_000
    with Sent(produce) as sent:
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert done.exists(), "the child waited for the reader"
        assert list(sent) == [str(number) * 1_000_000 for number in range(8)]


# --- Fed: values go to the child -------------------------------------------------------------------


def _gathered(values):
    return [(os.getpid(), value) for value in values]


def test_fed_values_reach_the_child_whole_and_in_order_and_its_value_comes_back():
    sent = [(number, "é" * 400_000) for number in range(5)]  # together larger than the pipe: read while sent
    with Fed(_gathered) as fed:
        for value in sent:
            fed.send(value)
        gathered = fed.result()
    assert [value for _, value in gathered] == sent
    assert {pid for pid, _ in gathered} != {os.getpid()} and len({pid for pid, _ in gathered}) == 1


def test_fed_childs_exception_is_raised_by_result():
    def refuse(values) -> None:
        for value in values:
            raise UsageError(f"no {value}")

    with Fed(refuse) as fed:
        fed.send("first")
        with pytest.raises(UsageError, match="^no first$"):
            fed.result()


def test_values_sent_to_a_dead_child_are_dropped_and_result_says_how_it_ended():
    def die(values) -> None:
        next(values)
        os._exit(4)

    before = set(os.listdir("/proc/self/fd"))
    with Fed(die) as fed:
        for _ in range(20):
            fed.send("é" * 200_000)  # past the pipe's size: the child is gone by then, and nothing is raised here
        with pytest.raises(ChildDied, match="exited with status 4"):
            fed.result()
    assert set(os.listdir("/proc/self/fd")) == before


def test_a_fed_child_that_is_no_longer_wanted_is_stopped():
    def forever(values) -> None:
        for _ in values:
            pass
        time.sleep(60)

    fed = Fed(forever)
    fed.send(1)
    started = time.monotonic()
    fed.close()
    assert fed.pid is None and time.monotonic() - started < 5
    with pytest.raises(ChildDied):
        fed.result()


def test_tasks_come_back_in_order_each_done_once_by_whichever_child_is_free():
    """Each child takes the next task when it is done with one: a child held up by one slow task leaves the others
    to the rest."""
    before = set(os.listdir("/proc/self/fd"))

    def work(task: int) -> tuple[int, int]:
        if task == 0:
            time.sleep(0.5)
        return task * task, os.getpid()

    done = in_forked_workers(work, 40, 2)
    assert [value for value, _ in done] == [task * task for task in range(40)]
    slow = done[0][1]
    assert slow != os.getpid() and all(pid != slow for _, pid in done[1:])  # the other child did the other 39
    assert in_forked_workers(work, 0, 2) == [] and in_forked_workers(lambda task: task, 1_000, 3) == list(range(1_000))
    assert set(os.listdir("/proc/self/fd")) == before


def test_a_tasks_exception_stops_the_other_children_and_is_raised_here():
    before = set(os.listdir("/proc/self/fd"))

    def work(task: int) -> int:
        if task == 3:
            raise ValueError("task 3 is broken")
        time.sleep(0.01)
        return task

    started = time.monotonic()
    with pytest.raises(ValueError, match="task 3 is broken"):
        in_forked_workers(work, 2_000, 2)
    assert time.monotonic() - started < 5  # the other child stopped, not waited for through 2,000 tasks (20 s)
    assert set(os.listdir("/proc/self/fd")) == before


def test_a_refused_fork_of_a_worker_leaves_nothing_open_or_running(monkeypatch):
    before = set(os.listdir("/proc/self/fd"))
    real_fork, forks = os.fork, []

    def second_refused() -> int:
        if forks:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        forks.append(real_fork())
        return forks[-1]

    monkeypatch.setattr(os, "fork", second_refused)
    with pytest.raises(NotForked):
        in_forked_workers(lambda task: task, 10, 2)
    assert set(os.listdir("/proc/self/fd")) == before
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # the first child was stopped and reaped
