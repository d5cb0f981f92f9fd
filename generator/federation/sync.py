"""`getchitty sync`: fetch every source at its ref, read its declaration files, write snapshot and lock.

Per source, in a worker thread: when the lock already holds the commit its ref
resolves to (one `git ls-remote`) and the snapshot is there, nothing is
fetched. Otherwise a shallow (`--depth 1`), sparse (only the declaration files;
blob-less where the server allows it) fetch into a temporary folder, which is
read and removed. The main thread then writes each new snapshot and the lock,
each through a temporary file and a rename. A source that fails (unreachable,
missing ref, refused, timed out) is named, keeps its previous snapshot and
lock entry, and makes the command exit with 2; the others are synced all the
same. This module is the only part of getchitty that touches the network.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..credentials import redact
from . import snapshot as snapshots
from .sources import LOCK, Locked, Source, dump_lock, load, read_lock
from .tree import Snapshot, read_tree, sparse_patterns

DEFAULT_TIMEOUT = 120.0
_CREDENTIALS_IN_URL = re.compile(r"(://)[^/@\s]{1,200}@")


@dataclass
class Outcome:
    """A synced source carries its snapshot and lock entry, an unchanged one its lock entry, a failed one its error."""

    source: Source
    status: str  # "synced", "unchanged" or "failed"
    snapshot: Snapshot | None = None
    locked: Locked | None = None
    error: str = ""


def readers_digest() -> str:
    """A digest of the readers' code: a snapshot read by other readers is read again even if its commit is locked."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sync(root: Path, *, jobs: int = 0, only: tuple[str, ...] = (), timeout: float = DEFAULT_TIMEOUT,
         mirror: Path | None = None, say: Callable[[str], None] = print,
         complain: Callable[[str], None] | None = None) -> int:
    """Sync the sources of the repository at `root`. Returns 0 when every selected source is synced or
    unchanged, 2 when sources.yml is unusable or any source failed.

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
        complain(f"getchitty sync: no source named {', '.join(unknown)} in etc/federation/sources.yml")
        return 2
    lock = read_lock(root)
    readers = readers_digest()
    workers = jobs or min(8, (os.cpu_count() or 2) * 2)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(lambda s: _attempt(root, s, lock.get(s.name), readers, timeout, mirror), selected))
    entries = dict(lock)
    failed = 0
    for outcome in outcomes:
        name = outcome.source.name
        snap, locked = outcome.snapshot, outcome.locked
        if outcome.status == "synced" and snap is not None and locked is not None:
            try:
                snapshots.write_atomic(root, snapshots.relpath_for(name), snapshots.dump(snap).encode())
            except OSError as exc:
                outcome.status, outcome.error = "failed", f"cannot write its snapshot: {exc}"
            else:
                entries[name] = locked
        if outcome.status == "failed":
            failed += 1
        say(_line(outcome))
    if not only:
        for name in sorted(set(entries) - {s.name for s in sources}):
            _forget(root, name, entries, say)
    if entries != lock:
        snapshots.write_atomic(root, LOCK, dump_lock(entries))
    counts = {status: sum(o.status == status for o in outcomes) for status in ("synced", "unchanged", "failed")}
    say(f"getchitty sync: {len(outcomes)} source{'s' if len(outcomes) != 1 else ''}: {counts['synced']} synced, "
        f"{counts['unchanged']} unchanged, {counts['failed']} failed ({time.monotonic() - started:.1f} s)")
    return 2 if failed else 0


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
    return (f"  synced     {name} {commit} ({outcome.source.ref}): {len(snap.facts)} facts, "
            f"{len(snap.unmapped)} unmapped, {len(snap.problems)} problem{'s' if len(snap.problems) != 1 else ''}")


def _attempt(root: Path, source: Source, locked: Locked | None, readers: str, timeout: float,
             mirror: Path | None = None) -> Outcome:
    try:
        return _sync_one(root, source, locked, readers, timeout, mirror)
    except _GitError as exc:
        return Outcome(source, "failed", error=str(exc))
    except Exception as exc:
        return Outcome(source, "failed", error=f"internal error: {type(exc).__name__}: {_clean(str(exc))} (please report this)")


def _sync_one(root: Path, source: Source, locked: Locked | None, readers: str, timeout: float,
              mirror: Path | None = None) -> Outcome:
    location = source.location
    # The lock entry, when its snapshot is there and it was read at the same ref, from the same place, by the same readers.
    current = locked if locked is not None and locked.readers == readers and locked.ref == source.ref \
        and locked.location == location and (root / snapshots.relpath_for(source.name)).is_file() else None
    if mirror is not None:
        return _from_mirror(mirror, source, current, readers)
    if source.kind == "path" and not _is_git(source.folder(root)):
        return _plain_folder(root, source, current, readers)
    url = source.url(root)
    if current is not None:
        resolved = source.ref if _is_sha(source.ref) else _resolve(url, source.ref, timeout)
        if resolved == current.commit:
            return Outcome(source, "unchanged", locked=current)
    with tempfile.TemporaryDirectory(prefix="getchitty-sync-") as folder:
        commit, date = _fetch(url, source.ref, Path(folder), timeout)
        snap = read_tree(Path(folder), source.name, commit, date=date, ref=source.ref, role=source.role)
    return Outcome(source, "synced", snap, Locked(commit, date, source.ref, location, readers))


def _plain_folder(root: Path, source: Source, current: Locked | None, readers: str) -> Outcome:
    folder = source.folder(root)
    if not folder.is_dir():
        raise _GitError(f"{source.location} is not a folder")
    if not source.commit:
        raise _GitError(f"{source.location} is not a git repository; give the commit its files come from as `commit`")
    if current is not None and current.commit == source.commit:
        return Outcome(source, "unchanged", locked=current)
    snap = read_tree(folder, source.name, source.commit, ref=source.ref, role=source.role)
    return Outcome(source, "synced", snap, Locked(source.commit, "", source.ref, source.location, readers))


MIRROR_STAMP = ".snapshot"
_MIRROR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.+Z-]{1,40})?")


def _from_mirror(mirror: Path, source: Source, current: Locked | None, readers: str) -> Outcome:
    """A source read from an export folder `mirror/<name>` instead of its remote, recorded as the remote."""
    folder = mirror / source.name.rsplit("/", 1)[1]
    stamp = folder / MIRROR_STAMP
    if folder.is_symlink() or not folder.is_dir():
        raise _GitError(f"the mirror has no folder {folder}")
    try:
        if stamp.is_symlink() or stamp.stat().st_size > 4096:
            raise _GitError(f"{stamp} is not a small regular file")
        meta = yaml.safe_load(stamp.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _GitError(f"{stamp} cannot be read ({type(exc).__name__}); it names the repository, commit and date") from None
    if not isinstance(meta, dict):
        raise _GitError(f"{stamp} is not a mapping of repository, commit and date")
    repository, commit, date = (str(meta.get(key) or "") for key in ("repository", "commit", "date"))
    if repository.lower() != source.name.lower():
        raise _GitError(f"{stamp} names {repository or 'no repository'}, not {source.name}")
    if not _is_sha(commit):
        raise _GitError(f"{stamp} gives no full commit (40 hex digits)")
    if date and not _MIRROR_DATE.fullmatch(date):
        raise _GitError(f"{stamp} gives the date {date!r}, which is not YYYY-MM-DD")
    if current is not None and current.commit == commit:
        return Outcome(source, "unchanged", locked=current)
    snap = read_tree(folder, source.name, commit, date=date, ref=source.ref, role=source.role)
    return Outcome(source, "synced", snap, Locked(commit, date, source.ref, source.location, readers))


def _is_git(folder: Path) -> bool:
    return (folder / ".git").exists() or ((folder / "HEAD").is_file() and (folder / "objects").is_dir())


def _is_sha(ref: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{40}", ref))


class _GitError(Exception):
    pass


def _git(args: list[str], timeout: float, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", "LC_ALL": "C",
           "GIT_ASKPASS": "", "SSH_ASKPASS": ""}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise _GitError(f"git {args[0]} timed out after {timeout:g} s") from None
    except FileNotFoundError:
        raise _GitError("git is not installed") from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip() and not line.startswith("warning:")]
        raise _GitError(f"git {args[0]} failed: {_clean(lines[-1] if lines else f'exit status {done.returncode}')}")
    return done.stdout


def _clean(message: str) -> str:
    """A git message safe to print: no credentials in URLs, nothing that looks like a token, one short line."""
    message = _CREDENTIALS_IN_URL.sub(r"\1***@", message)
    message = redact(" ".join(message.split()))
    return message if len(message) <= 300 else message[:299] + "…"


def _resolve(url: str, ref: str, timeout: float) -> str:
    """The commit `ref` points to on the remote, asked with `git ls-remote`."""
    output = _git(["ls-remote", "--", url, ref], timeout)
    found = {name: commit for commit, tab, name in (line.partition("\t") for line in output.splitlines()) if tab}
    for candidate in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}^{{}}", f"refs/tags/{ref}"):
        if candidate in found:
            return found[candidate]
    raise _GitError(f"the remote has no ref {ref}")


def _fetch(url: str, ref: str, folder: Path, timeout: float) -> tuple[str, str]:
    """Shallow, sparse fetch of `ref` into `folder`, checked out; (commit, commit date)."""
    _git(["init", "--quiet", str(folder)], timeout)
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
    _git([*fetch, "origin", "--", ref], timeout, cwd=folder)
    _git(["-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD"], timeout, cwd=folder)
    commit, _, date = _git(["log", "-1", "--format=%H%x00%cI", "FETCH_HEAD"], timeout, cwd=folder).strip().partition("\0")
    return commit, date


def _config_value(text: str) -> str:
    """A value for .git/config: quoted, with the characters git's config syntax treats specially escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
