"""`getchitty sync`: fetch every source at its ref, read its declaration files, write snapshot and lock.

Sources are fetched and read in worker processes, several at once, each
source within a time budget (`--timeout`, fetching and reading together): the
worker of a source that exceeds it is stopped with everything it started, and
the source is reported and keeps its previous snapshot, whatever made it slow
(a stalled remote, a reader facing a hostile file). When the lock already holds the commit the source's ref
resolves to (one `git ls-remote`) and the snapshot there is the one the lock
records, nothing is fetched. Otherwise a shallow (`--depth 1`), sparse (only the
declaration files; blob-less where the server allows it) fetch into a scratch
folder, which is read and removed.

The main process writes each source's snapshot as soon as it is read, then the
lock, each through a temporary file and a rename; the lock records the digest
of every snapshot it goes with, so a sync interrupted between the two is
noticed by the next sync (which reads that source again) and by the check
(`federation/lock-mismatch`). A source that fails names the reason, keeps its
previous snapshot and lock entry, and makes the command exit with 2; the others
are synced all the same. This module is the only part of getchitty that
touches the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import multiprocessing
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Generator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import yaml

from ..credentials import redact
from ..load import MAX_BYTES
from . import snapshot as snapshots
from .sources import LOCK, Locked, Source, dump_lock, load, read_lock
from .tree import Snapshot, collect, sparse_patterns

DEFAULT_TIMEOUT = 120.0
MAX_JOBS = 8
_CREDENTIALS_IN_URL = re.compile(r"(://)[^/@\s]{1,200}@")
_DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.+Z-]{1,40})?")


@dataclass
class Outcome:
    """A synced source carries its snapshot (and the bytes to write) and lock entry, an unchanged one its lock
    entry, a failed one its error."""

    source: Source
    status: str  # "synced", "unchanged" or "failed"
    snapshot: Snapshot | None = None
    data: bytes = b""
    locked: Locked | None = None
    error: str = ""
    note: str = ""


def readers_digest() -> str:
    """A digest of the readers' code: a snapshot read by other readers is read again even if its commit is locked."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sync(root: Path, *, jobs: int | None = None, only: tuple[str, ...] = (), timeout: float = DEFAULT_TIMEOUT,
         mirror: Path | None = None, say: Callable[[str], None] = print,
         complain: Callable[[str], None] | None = None) -> int:
    """Sync the sources of the repository at `root`. Returns 0 when every selected source is synced or
    unchanged, 2 when sources.yml is unusable or any source failed. `timeout` is each source's budget in
    seconds, fetching and reading together; `jobs` how many sources are worked on at once.

    With `mirror`, nothing is fetched: each source is read from the export folder `mirror/<name>`, whose
    `.snapshot` file names the repository, commit and date its files were taken from, and is recorded
    exactly as if it had been fetched at that commit (for air-gapped machines and CI)."""
    complain = complain or (lambda message: print(message, file=sys.stderr))
    sources, problems = load(root)
    if problems:
        for found in problems:
            complain(f"{found.path}:{found.line}:{found.col}: {found.message}")
        return 2
    selected = [s for s in sources if not only or any(s.matches(name) for name in only)]
    unknown = [name for name in only if not any(s.matches(name) for s in sources)]
    if unknown:
        folders = [name for name in unknown if (Path.cwd() / name).is_dir()]
        hint = f" ({folders[0]} is a folder: to sync the repository there, give it before --only)" if folders else ""
        complain(f"getchitty sync: no source named {', '.join(unknown)} in etc/federation/sources.yml{hint}")
        return 2
    lock = read_lock(root)
    readers = readers_digest()
    started = time.monotonic()
    entries = dict(lock)
    work = [(source, *_current(root, source, lock.get(source.name), readers)) for source in selected]
    counts: Counter[str] = Counter()
    # closed on the way out, even when interrupted: closing stops every worker still running
    with contextlib.closing(_run(root, work, readers, timeout, mirror,
                                 jobs or min(MAX_JOBS, (os.cpu_count() or 2) * 2))) as outcomes:
        for outcome in outcomes:
            _record(root, outcome, entries)
            counts[outcome.status] += 1
            say(_line(outcome))
    if not only:
        removed = sorted(set(entries) - {s.name for s in sources})
        for name in removed:
            _forget(root, name, entries, say)
        if removed:
            snapshots.write_atomic(root, LOCK, dump_lock(entries))
    total = sum(counts.values())
    say(f"getchitty sync: {total} source{'s' if total != 1 else ''}: {counts['synced']} synced, "
        f"{counts['unchanged']} unchanged, {counts['failed']} failed ({time.monotonic() - started:.1f} s)")
    return 2 if counts["failed"] else 0


def _current(root: Path, source: Source, locked: Locked | None, readers: str) -> tuple[Locked | None, str]:
    """The lock entry, when it was read at the same ref, from the same place, by the same readers, and the
    snapshot on disk is the one it records; with a note when only the snapshot stands in the way."""
    if locked is None or locked.readers != readers or locked.ref != source.ref or locked.location != source.location:
        return None, ""
    data = _snapshot_bytes(root, snapshots.relpath_for(source.name))
    if data is None:
        return None, ""
    if not locked.digest or snapshots.digest(data) != locked.digest:
        return None, "read again: its snapshot is not the one the lock records"
    return locked, ""


def _snapshot_bytes(root: Path, relpath: str) -> bytes | None:
    try:
        descriptor = os.open(root / relpath, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        return handle.read(MAX_BYTES + 1)


def _record(root: Path, outcome: Outcome, entries: dict[str, Locked]) -> None:
    """A synced source's snapshot, then the lock with its entry: the lock is written last, and records the
    snapshot's digest, so an interruption between the two leaves a disagreement that is noticed."""
    if outcome.status != "synced" or outcome.locked is None:
        return
    name = outcome.source.name
    try:
        snapshots.write_atomic(root, snapshots.relpath_for(name), outcome.data)
    except OSError as exc:
        outcome.status, outcome.error = "failed", f"cannot write its snapshot: {exc}"
        return
    entries[name] = outcome.locked
    try:
        snapshots.write_atomic(root, LOCK, dump_lock(entries))
    except OSError as exc:
        outcome.status, outcome.error = "failed", f"its snapshot was written, but the lock could not be: {exc}"


def _forget(root: Path, name: str, entries: dict[str, Locked], say: Callable[[str], None]) -> None:
    """A source removed from sources.yml: its lock entry and snapshot go too."""
    del entries[name]
    try:
        target = root / snapshots.relpath_for(name)
        if target.is_file() and not target.is_symlink():
            target.unlink()
        say(f"  removed    {name}: no longer a source")
    except (OSError, ValueError) as exc:
        say(f"  kept       {name}: no longer a source, but its snapshot could not be removed ({exc})")


def _line(outcome: Outcome) -> str:
    name = outcome.source.name
    if outcome.status == "failed":
        return f"  FAILED     {name}: {outcome.error} (its previous snapshot is kept)"
    commit = outcome.locked.commit[:12] if outcome.locked else ""
    snap = outcome.snapshot
    if outcome.status == "unchanged" or snap is None:
        return f"  unchanged  {name} {commit} ({outcome.source.ref})"
    note = f"; {outcome.note}" if outcome.note else ""
    return (f"  synced     {name} {commit} ({outcome.source.ref}): {len(snap.facts)} facts, "
            f"{len(snap.unmapped)} unmapped, {len(snap.problems)} problem{'s' if len(snap.problems) != 1 else ''}{note}")


# --- worker processes, each source within its budget --------------------------------------------------------

@dataclass
class _Worker:
    """A process that fetches and reads one source at a time, the leader of its own process group."""

    process: Any  # multiprocessing's Process of the context in use
    connection: Connection  # tasks go out, outcomes come back
    source: Source | None = None  # the source it is working on; None while idle
    note: str = ""
    deadline: float = math.inf


def _context(reading: bool) -> Any:
    """Forked workers start at once and share what the main process has loaded: the readers, when some source
    is certain to be read (each worker would otherwise import them again; when every source is locked, most
    often none is read, and a worker that reads one imports them itself). Spawn where fork is not available."""
    if reading:
        from . import authority, catalog, charter, chittyconnect, codeowners, governance, onboarding, ops, wrangler  # noqa: F401
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run(root: Path, work: list[tuple[Source, Locked | None, str]], readers: str, timeout: float,
         mirror: Path | None, jobs: int) -> Generator[Outcome, None, None]:
    """Each source's outcome as soon as it is known: read, failed, or stopped at its budget.

    Up to `jobs` worker processes take the sources in order; a worker still busy at its source's deadline is
    stopped with every process it started (its whole process group) and replaced while sources are left."""
    context = _context(reading=any(current is None for _, current, _ in work))
    pending = deque(enumerate(work))
    scratch = Path(tempfile.mkdtemp(prefix="getchitty-sync-"))
    workers: list[_Worker] = []
    try:
        while pending or any(worker.source is not None for worker in workers):
            for worker in [w for w in workers if w.source is None] + [None] * (jobs - len(workers)):
                if not pending:
                    break
                if worker is None:
                    worker = _start(context, root, readers, timeout, mirror, scratch)
                    workers.append(worker)
                index, (source, current, note) = pending.popleft()
                worker.connection.send((index, source, current))
                worker.source, worker.note, worker.deadline = source, note, time.monotonic() + timeout
            busy = [(worker, worker.source) for worker in workers if worker.source is not None]
            left = min(worker.deadline for worker, _ in busy) - time.monotonic()
            ready = wait([worker.connection for worker, _ in busy], timeout=max(0.0, left))
            for worker, source in busy:
                if worker.connection in ready:
                    outcome = _receive(worker, source)
                    if worker.source is not None:  # ended without answering
                        workers.remove(worker)
                        _stop(worker)
                    yield outcome
                elif time.monotonic() >= worker.deadline:
                    workers.remove(worker)
                    _stop(worker)
                    yield Outcome(source, "failed", error=_over_budget(timeout))
    finally:
        for worker in workers:
            _stop(worker)
        shutil.rmtree(scratch, ignore_errors=True)


def _start(context: Any, root: Path, readers: str, timeout: float, mirror: Path | None, scratch: Path) -> _Worker:
    mine, theirs = context.Pipe()
    process = context.Process(target=_serve, daemon=True, args=(theirs, root, readers, timeout, mirror, scratch))
    process.start()
    theirs.close()
    if hasattr(os, "setpgid"):
        # the worker sets it too, whichever runs first: stopping the group stops every git process it started
        with contextlib.suppress(OSError):  # already done by the worker, or the worker has already ended
            os.setpgid(process.pid, process.pid)
    return _Worker(process, mine)


def _receive(worker: _Worker, source: Source) -> Outcome:
    """The worker's answer for its source; the worker is idle again unless it ended without one."""
    try:
        outcome: Outcome = worker.connection.recv()
    except (EOFError, OSError, pickle.UnpicklingError):
        worker.process.join(5)
        return Outcome(source, "failed", error=f"the process reading it ended without an answer (exit status "
                                               f"{worker.process.exitcode}); please report this")
    if worker.note and outcome.status == "synced":
        outcome.note = worker.note
    worker.source, worker.note, worker.deadline = None, "", math.inf
    return outcome


def _stop(worker: _Worker) -> None:
    worker.connection.close()
    if worker.process.is_alive() and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):  # the group is gone already
            os.killpg(worker.process.pid, signal.SIGKILL)
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()


def _over_budget(timeout: float) -> str:
    return (f"took longer than {timeout:g} s, its budget for fetching and reading (--timeout); "
            "the other sources were synced all the same")


def _serve(connection: Connection, root: Path, readers: str, timeout: float, mirror: Path | None,
           scratch: Path) -> None:
    """A worker: one source at a time, until the main process closes the connection."""
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    # the main process answers an interrupt by stopping its workers; a worker of its own would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            index, source, current = connection.recv()
        except (EOFError, OSError):
            return
        folder = scratch / str(index)
        try:
            outcome = _attempt(root, source, current, readers, time.monotonic() + timeout, timeout, mirror, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        connection.send(outcome)


def _attempt(root: Path, source: Source, current: Locked | None, readers: str, deadline: float, timeout: float,
             mirror: Path | None, scratch: Path) -> Outcome:
    try:
        return _sync_one(root, source, current, readers, deadline, timeout, mirror, scratch)
    except _GitError as exc:
        return Outcome(source, "failed", error=str(exc))
    except OSError as exc:
        return Outcome(source, "failed", error=f"cannot read {exc.filename or 'its files'}: {exc.strerror or exc}")
    except Exception as exc:
        return Outcome(source, "failed", error=f"internal error: {type(exc).__name__}: {_clean(str(exc))} (please report this)")


def _sync_one(root: Path, source: Source, current: Locked | None, readers: str, deadline: float, timeout: float,
              mirror: Path | None, scratch: Path) -> Outcome:
    if mirror is not None:
        return _from_mirror(mirror, source, current, readers)
    if source.kind == "path" and not _is_git(source.folder(root)):
        return _plain_folder(root, source, current, readers)
    url = source.url(root)
    if current is not None:
        resolved = source.ref if _is_sha(source.ref) else _resolve(url, source.ref, deadline, timeout)
        if resolved == current.commit:
            return Outcome(source, "unchanged", locked=current)
    commit, date = _fetch(url, source.ref, scratch, deadline, timeout)
    return _read(scratch, source, commit, date, readers)


def _read(folder: Path, source: Source, commit: str, date: str, readers: str) -> Outcome:
    """The snapshot of the files under `folder` and its lock entry."""
    files, problems = collect(folder, source.name, commit)
    try:
        snap, data = snapshots.fitted(files, problems, source.name, commit, date=date, ref=source.ref, role=source.role)
    except ValueError as exc:
        raise _GitError(str(exc)) from None
    return Outcome(source, "synced", snap, data, Locked(commit, date, source.ref, source.location, readers,
                                                        snapshots.digest(data)))


def _plain_folder(root: Path, source: Source, current: Locked | None, readers: str) -> Outcome:
    folder = source.folder(root)
    if not folder.is_dir():
        raise _GitError(f"{source.location} is not a folder")
    if not source.commit:
        raise _GitError(f"{source.location} is not a git repository; give the commit its files come from as `commit`")
    if current is not None and current.commit == source.commit:
        return Outcome(source, "unchanged", locked=current)
    return _read(folder, source, source.commit, "", readers)


MIRROR_STAMP = ".snapshot"


def _from_mirror(mirror: Path, source: Source, current: Locked | None, readers: str) -> Outcome:
    """A source read from an export folder `mirror/<name>` instead of its remote, recorded as the remote."""
    folder = mirror / source.name.rsplit("/", 1)[1]
    stamp = folder / MIRROR_STAMP
    if folder.is_symlink() or not folder.is_dir():
        raise _GitError(f"the mirror has no folder {folder}")
    try:
        if stamp.is_symlink() or (stamp.exists() and not stamp.is_file()) or stamp.stat().st_size > 4096:
            raise _GitError(f"{stamp} is not a small regular file")
        # every value as the text written: a commit of digits is no number, a date no timestamp
        meta = yaml.load(stamp.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _GitError(f"{stamp} cannot be read ({type(exc).__name__}); it names the repository, commit and date") from None
    if not isinstance(meta, dict):
        raise _GitError(f"{stamp} is not a mapping of repository, commit and date")
    repository, commit, date = (str(meta[key]) if isinstance(meta.get(key), str) else "" for key in ("repository", "commit", "date"))
    if repository.lower() != source.name.lower():
        raise _GitError(f"{stamp} names {repository or 'no repository'}, not {source.name}")
    if not _is_sha(commit):
        raise _GitError(f"{stamp} gives no full commit (40 hex digits)")
    day = _DAY.fullmatch(date)
    if date and day is None:
        raise _GitError(f"{stamp} gives the date {date!r}, which is not YYYY-MM-DD")
    if current is not None and current.commit == commit:
        return Outcome(source, "unchanged", locked=current)
    return _read(folder, source, commit, day.group(1) if day else "", readers)


def _is_git(folder: Path) -> bool:
    return (folder / ".git").exists() or ((folder / "HEAD").is_file() and (folder / "objects").is_dir())


def _is_sha(ref: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{40}", ref))


class _GitError(Exception):
    pass


# What git says when the repository it reads lacks objects or holds damaged ones (a mirror copied while it was
# written, a partial clone served as if complete, a disk error), on either side of the transfer.
_INCOMPLETE = re.compile(r"invalid index-pack output|corrupt|did not send all necessary objects|bad pack header|"
                         r"missing (?:blob|tree|commit|tag) object|bad object|unable to read [0-9a-f]{40}|"
                         r"from promisor remote|pack has bad object|index-pack failed|premature end of pack|"
                         r"packfile .{1,300} cannot be accessed|unable to read tree", re.IGNORECASE)


def git_failure(command: str, stderr: str, location: str, status: int = 1) -> str:
    """One line telling why a git command on `location` failed, in terms of what to do about it."""
    lines = [re.sub(r"^remote:\s*", "", line.strip()) for line in stderr.splitlines()]
    lines = [line for line in lines if line and not line.startswith("warning:")]
    said = _clean(lines[-1] if lines else f"exit status {status}")
    if _INCOMPLETE.search(stderr):
        return (f"{_clean(location)} is missing objects or is corrupt (git {command}: {said}); check it with "
                "`git fsck`, then clone it again from its origin or point the source at a complete clone")
    return f"git {command} failed: {said}"


def _git(args: list[str], deadline: float, timeout: float, cwd: Path | None = None, *, location: str = "") -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", "LC_ALL": "C",
           "GIT_ASKPASS": "", "SSH_ASKPASS": ""}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    command = next(arg for index, arg in enumerate(args) if not arg.startswith("-") and (index == 0 or args[index - 1] != "-c"))
    left = deadline - time.monotonic()
    if left <= 0:
        raise _GitError(_over_budget(timeout))
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=left,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise _GitError(_over_budget(timeout)) from None
    except FileNotFoundError:
        raise _GitError("git is not installed") from None
    if done.returncode != 0:
        raise _GitError(git_failure(command, done.stderr, location, done.returncode))
    return done.stdout


def _clean(message: str) -> str:
    """A git message safe to print: no credentials in URLs, nothing that looks like a token, one short line."""
    message = _CREDENTIALS_IN_URL.sub(r"\1***@", message)
    message = redact(" ".join(message.split()))
    return message if len(message) <= 300 else message[:299] + "…"


def _resolve(url: str, ref: str, deadline: float, timeout: float) -> str:
    """The commit `ref` points to on the remote, asked with `git ls-remote`."""
    output = _git(["ls-remote", "--", url, ref], deadline, timeout, location=url)
    found = {name: commit for commit, tab, name in (line.partition("\t") for line in output.splitlines()) if tab}
    for candidate in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}"):
        if candidate in found:
            return found[candidate]
    raise _GitError(f"the remote has no ref {ref}")


def _fetch(url: str, ref: str, folder: Path, deadline: float, timeout: float) -> tuple[str, str]:
    """Shallow, sparse fetch of `ref` into `folder`, checked out; (commit, the day of its commit date)."""
    _git(["init", "--quiet", str(folder)], deadline, timeout)
    partial = not url.startswith("file://")  # a local upload-pack ignores filters, and says so
    config = ["[core]", "\tsparseCheckout = true", "\tsparseCheckoutCone = false"]
    config += ["\trepositoryformatversion = 1", "[extensions]", "\tpartialClone = origin"] if partial else []
    config += ['[remote "origin"]', f"\turl = {_config_value(url)}"]
    config += ["\tpromisor = true", "\tpartialclonefilter = blob:none"] if partial else []
    with open(folder / ".git" / "config", "a", encoding="utf-8") as handle:
        handle.write("\n".join(config) + "\n")
    (folder / ".git" / "info").mkdir(exist_ok=True)
    (folder / ".git" / "info" / "sparse-checkout").write_text("\n".join(sparse_patterns()) + "\n", encoding="utf-8")
    fetch = ["-c", "protocol.version=2", "fetch", "--quiet", "--no-tags", "--depth", "1"]
    fetch += ["--filter=blob:none"] if partial else []
    _git([*fetch, "origin", "--", ref], deadline, timeout, cwd=folder, location=url)
    _git(["-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD"], deadline, timeout, cwd=folder,
         location=url)
    # %cI is the committer's own date and offset: its first ten characters are the day an export folder's
    # .snapshot gives, so that one commit is recorded alike whichever way it was read
    commit, _, date = _git(["log", "-1", "--format=%H%x00%cI", "FETCH_HEAD"], deadline, timeout,
                           cwd=folder).strip().partition("\0")
    day = _DAY.fullmatch(date)
    return commit, day.group(1) if day else ""


def _config_value(text: str) -> str:
    """A value for .git/config: quoted, with the characters git's config syntax treats specially escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
