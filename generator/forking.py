"""Work done in a forked copy of this process: what the check fans out over the cores (engine.py), and a build's
render (site.py), whose allocations, and the room the allocator keeps after them, never reach the process that
goes on to run MkDocs."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO, Self, TypeVar, cast

T = TypeVar("T")
PIPE_SIZE = 1 << 20  # bytes: the largest an unprivileged process may ask for, by default


class ChildDied(Exception):
    """The forked process ended without handing its result back (killed, out of memory)."""


class NotForked(Exception):
    """The system refused the fork (no memory or processes left for it): nothing was started."""


def can_fork() -> bool:
    """Whether this process may fork: the system has fork, and no other thread runs (mkdocs serve's do), as a
    thread holding a lock at the fork leaves that lock held for ever in the child."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_forked_child(work: Callable[[], T]) -> T:
    """`work()` run in a forked child, its value (or the exception it raised) handed back through a pipe.
    The value is streamed and read as it comes, so neither side holds it twice. Callers check `can_fork` first."""
    with Sent(lambda send: send(work())) as sent:
        (value,) = sent  # its one value, else the child's exception or ChildDied
    return cast(T, value)


def in_forked_workers(work: Callable[[int], T], tasks: int, children: int) -> list[T]:
    """`work(0)` to `work(tasks - 1)` done by `children` forked processes, each taking the next task once it has
    finished one, so that a process the machine slows takes fewer; their values in task order. The tasks' numbers
    wait in a pipe all of them read (a read of four bytes from a pipe is never split between readers). A child's
    exception, or ChildDied, is raised here once the others are stopped; NotForked, nothing left running, when the
    system refuses a fork. Callers check `can_fork` first."""
    children = min(children, tasks)
    if children == 0:
        return []
    queue_read, queue_write = os.pipe()

    def take_tasks(send: Callable[[object], None]) -> None:
        os.close(queue_write)  # the child's copy: the queue ends when the parent's is closed
        try:
            while len(number := os.read(queue_read, _TASK_BYTES)) == _TASK_BYTES:
                task = int.from_bytes(number, "little")
                send((task, work(task)))
        except BaseException:
            # The tasks left are taken away, so that the other children stop after the one they are doing and the
            # exception is raised here without waiting for the work they would have done.
            while os.read(queue_read, 1 << 16):
                pass
            raise

    values: dict[int, T] = {}
    with contextlib.ExitStack() as running:
        try:
            try:
                forked = [running.enter_context(Sent(take_tasks)) for _ in range(children)]
            except BaseException:
                os.close(queue_write)
                raise
            with os.fdopen(queue_write, "wb") as queue:
                queue.write(b"".join(task.to_bytes(_TASK_BYTES, "little") for task in range(tasks)))
        finally:
            os.close(queue_read)
        for child in forked:
            for task, value in cast(Iterator[tuple[int, T]], child):
                values[task] = value
    return [values[task] for task in range(tasks)]


_TASK_BYTES = 4


class _Forked:
    """A forked child seen from its parent: `incoming` reads what it sends; reaped once, stopped when no longer
    wanted (`close`, or leaving the `with` block)."""

    pid: int | None
    incoming: BinaryIO | None

    def _ended(self) -> str:
        """Reap the child; how it ended."""
        self._closed()
        if self.pid is None:
            return "ended"
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                else f"exited with status {os.waitstatus_to_exitcode(status)}")

    def _closed(self) -> None:
        """This process's ends of the pipes, closed."""
        if self.incoming is not None:
            self.incoming.close()
            self.incoming = None

    def close(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._ended()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Sent(_Forked):
    """What a forked child sends while it works: `produce(send)` runs there, each value it passes to `send` is
    read here when the parent asks for it (iterating), so the two processes work side by side. The child's
    exception is raised here where its values stop; a child that dies before it has finished is a ChildDied.
    `close` (or leaving the `with` block) stops a child whose values are no longer wanted and reaps it.
    Callers check `can_fork` first; NotForked when the system refuses the fork."""

    def __init__(self, produce: Callable[[Callable[[object], None]], None]):
        read_end, write_end = os.pipe()
        # The child keeps what the pipe cannot take yet (_Outgoing), so it never waits for the reader; a larger
        # pipe lets it hand over more at each write.
        pid = _fork(write_end, read_end, write_end)
        if pid == 0:
            _child(produce, write_end, unused=(read_end,))
        os.close(write_end)
        self.pid: int | None = pid
        self.incoming: BinaryIO | None = os.fdopen(read_end, "rb")

    def __iter__(self) -> Iterator[object]:
        while self.incoming is not None:
            try:
                state, value = pickle.load(self.incoming)
            except (EOFError, pickle.UnpicklingError):
                raise ChildDied(f"the forked process {self._ended()} before it had sent everything") from None
            except BaseException:  # interrupted: the child's work is of no use any more
                self.close()
                raise
            if state is _VALUE:
                yield value
            elif state is _DONE:
                self._ended()
                return
            else:
                self._ended()
                raise cast(Exception, value)


class Fed(_Forked):
    """A forked child that works on what this process hands it, while both work: `consume(values)` runs there over
    the values passed to `send`, in the order sent, and what it returns comes back from `result`, once every value
    is sent. The child's exception is raised by `result`; a child that dies first is a ChildDied there (a value
    sent to a dead child is dropped: `result` says why). `close` (or leaving the `with` block) stops the child and
    reaps it. Callers check `can_fork` first; NotForked when the system refuses the fork."""

    def __init__(self, consume: Callable[[Iterator[object]], object]):
        values_in, values_out = os.pipe()
        result_in, result_out = os.pipe()
        pid = _fork(values_out, values_in, values_out, result_in, result_out)
        if pid == 0:
            _child(lambda send: send(consume(_received(values_in))), result_out, unused=(values_out, result_in))
        os.close(values_in)
        os.close(result_out)
        self.pid: int | None = pid
        self.outgoing: BinaryIO | None = os.fdopen(values_out, "wb")
        self.incoming: BinaryIO | None = os.fdopen(result_in, "rb")

    def send(self, value: object) -> None:
        if self.outgoing is None:
            return
        try:
            pickle.dump(value, self.outgoing, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # the child has died: `result` tells how
            self._stop_sending()

    def result(self) -> object:
        """The child's value, once it has worked through everything sent; the child is then reaped."""
        self._stop_sending()
        if self.incoming is None:
            raise ChildDied("the forked process was stopped")
        try:
            state, value = pickle.load(self.incoming)
            if state is _VALUE:  # the one value; the message that the child ended follows it
                state, _ = pickle.load(self.incoming)
        except (EOFError, pickle.UnpicklingError):
            raise ChildDied(f"the forked process {self._ended()} before it had finished") from None
        self._ended()
        if state is _FAILED:
            raise cast(Exception, value)
        return value

    def _stop_sending(self) -> None:
        if self.outgoing is not None:
            with contextlib.suppress(OSError):  # a dead child's pipe: `result` tells how it ended
                self.outgoing.close()  # the child reads to the end of what was sent, then ends
            self.outgoing = None

    def _closed(self) -> None:
        self._stop_sending()
        super()._closed()


def _fork(enlarged: int, *descriptors: int) -> int:
    """os.fork(), the standard streams flushed first (text buffered now would be printed by both processes) and the
    pipe written through `enlarged` made as large as Linux lets it be (/proc/sys/fs/pipe-max-size); NotForked, the
    pipes' `descriptors` closed, when the system refuses."""
    _flush_standard_streams()
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(enlarged, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    try:
        return os.fork()
    except OSError as exc:
        for descriptor in descriptors:
            os.close(descriptor)
        raise NotForked(str(exc)) from None


def _received(descriptor: int) -> Iterator[object]:
    """The values the parent sends, until it stops sending."""
    with os.fdopen(descriptor, "rb") as incoming:
        while True:
            try:
                yield pickle.load(incoming)
            except EOFError:
                return


_VALUE, _DONE, _FAILED = 1, 2, 3  # what a message of the child is


def _child(produce: Callable[[Callable[[object], None]], None], write_end: int, *, unused: tuple[int, ...]) -> None:
    """The forked child's life: `produce` sends its values through `write_end`; `unused`: the parent's ends of the
    pipes, closed here (a reader waits for the end of a pipe until every copy of its writing end is closed)."""
    code = 1
    try:
        for descriptor in unused:
            os.close(descriptor)
        gc.freeze()  # what the parent made is not the child's garbage: its collections walk only what it makes
        outgoing = _Outgoing(write_end)
        try:
            produce(lambda value: outgoing.send((_VALUE, value)))
            ending: tuple[int, object] = (_DONE, None)
        except Exception as exc:
            ending = (_FAILED, _picklable(exc))
        outgoing.send(ending)
        outgoing.finish()
        code = 0
    finally:
        _flush_standard_streams()
        os._exit(code)  # neither the parent's exit handlers nor its open files' buffers are the child's to run


class _Outgoing:
    """The child's end of the pipe, written without waiting: what the pipe cannot take yet is kept here, in order,
    and written as the reader makes room (tried at each message), the rest once the work is done. So the child
    works at its own pace however long the reader dwells on one message: a reader that waited for a full pipe to
    drain before the child could go on lost that time whenever the child then had a costly message to make."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor
        os.set_blocking(descriptor, False)
        self.waiting: collections.deque[memoryview] = collections.deque()

    def send(self, message: tuple[int, object]) -> None:
        self.waiting.append(memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)))
        while self.waiting:
            try:
                written = os.write(self.descriptor, self.waiting[0])
            except BlockingIOError:
                return
            self._written(written)

    def finish(self) -> None:
        """Everything kept written, waiting for the reader as long as it takes; the pipe closed."""
        os.set_blocking(self.descriptor, True)
        while self.waiting:
            self._written(os.write(self.descriptor, self.waiting[0]))
        os.close(self.descriptor)

    def _written(self, count: int) -> None:
        first = self.waiting[0]
        if count < len(first):
            self.waiting[0] = first[count:]
        else:
            self.waiting.popleft()


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
