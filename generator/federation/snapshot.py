"""The committed snapshot: one reviewable YAML file per source, written by `sync`, read back offline.

Each file names the repository and commit once; then one entry per fact with
its `path:line`, then the unmapped lines and the problems. Keys always come in
the same order and entries in source order, so a re-sync of an unchanged
repository writes the same bytes and a changed one gives a readable diff.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..load import MAX_BYTES
from . import SNAPSHOT_DIR
from .tree import Snapshot, read_files
from .values import WARNING, Fact, Problem, Provenance, Reading, Unmapped

OWNER = re.compile(r"[a-z0-9][a-z0-9-]{0,38}")
NAME = re.compile(r"[a-z0-9_.-]{1,100}")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Every value written out where it stands: an anchor and its aliases would make the check count the
    expanded document against its alias limit, and a reviewer could not read an entry on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class SnapshotError(ValueError):
    """A snapshot file that cannot be read back; the message names the file."""


def relpath_for(repository: str) -> str:
    """`etc/federation/snapshot/<owner>/<name>.yml` for `owner/name`; ValueError for a name unsafe as a path."""
    owner, _, name = repository.lower().partition("/")
    if not OWNER.fullmatch(owner) or not NAME.fullmatch(name) or name in (".", ".."):
        raise ValueError(f"'{repository}' is not a repository name usable as a file name (owner/name)")
    return f"{SNAPSHOT_DIR}/{owner}/{name}.yml"


def dump(snapshot: Snapshot) -> str:
    document: dict[str, Any] = {
        "repository": snapshot.repository,
        "commit": snapshot.commit,
        "date": snapshot.date,
        "ref": snapshot.ref,
        "role": snapshot.role,
        "service": snapshot.service,
        "files": list(snapshot.files),
        "facts": [_fact(f) for f in snapshot.facts],
        "unmapped": [{"at": f"{u.path}:{u.line}", "text": u.text, **({"reason": u.reason} if u.reason else {})}
                     for u in snapshot.unmapped],
        "problems": [_problem(p) for p in snapshot.problems],
    }
    header = (f"# Written by `getchitty sync` from {snapshot.repository} at {snapshot.commit}.\n"
              "# What the repository declares, with the file and line of each fact; do not edit by hand.\n")
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              default_flow_style=False, width=4096)


def digest(data: bytes) -> str:
    """What the lock records of a snapshot file, so that a snapshot and a lock written by different syncs
    (one interrupted between the two) or a snapshot edited by hand are noticed."""
    return hashlib.sha256(data).hexdigest()


def fitted(files: dict[str, bytes], problems: list[Problem], repository: str, commit: str, *, limit: int = MAX_BYTES,
           **meta: str) -> tuple[Snapshot, bytes]:
    """The snapshot of `files` (read as read_files reads them, with `problems` first) and its bytes, at most
    `limit` bytes: the check reads no larger file. When it would be larger, the files that take the most of
    it are left out, each reported with what it would have taken, and the rest is read again.
    ValueError when even the problems alone do not fit."""
    files = dict(files)
    left_out: list[Problem] = []
    while True:
        snapshot = read_files(files, repository, commit, **meta)
        snapshot.problems = problems + left_out + snapshot.problems
        sizes = _sizes(snapshot)
        estimate = sum(sizes.values())
        # Writing the YAML is most of the cost: only a snapshot that may fit is written to be measured.
        if estimate <= 2 * limit:
            data = dump(snapshot).encode("utf-8")
            if len(data) <= limit:
                return snapshot, data
            excess = len(data) - limit
        else:
            excess = estimate - limit
        taken = sorted(((size, path) for path, size in sizes.items() if path in files), reverse=True)
        if not taken:
            raise ValueError(f"its snapshot would be about {estimate / 1_048_576:.1f} MiB even without the files "
                             f"that give facts; the check reads a snapshot up to {limit // 1_048_576} MiB")
        for size, path in taken:
            del files[path]
            reading = Reading(repository, commit, path)
            reading.report("federation/unreadable-file", 1,
                           f"{path} was left out: what it declares would take about {size / 1_048_576:.1f} MiB of "
                           f"the snapshot, and the check reads a snapshot up to {limit // 1_048_576} MiB")
            left_out += reading.problems
            excess -= size
            if excess <= 0:
                break


def _sizes(snapshot: Snapshot) -> dict[str, int]:
    """About how many bytes each file's facts, unmapped lines and problems take in the written snapshot
    (their JSON, which the C encoder writes far faster than YAML, and which is about as long)."""
    sizes: dict[str, int] = {}

    def add(path: str, entry: dict) -> None:
        sizes[path] = sizes.get(path, 0) + len(json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8"))

    for fact in snapshot.facts:
        add(fact.provenance.path, _fact(fact))
    for unmapped in snapshot.unmapped:
        add(unmapped.path, {"at": f"{unmapped.path}:{unmapped.line}", "text": unmapped.text, "reason": unmapped.reason})
    for found in snapshot.problems:
        add(found.path, _problem(found))
    return sizes


def _fact(fact: Fact) -> dict:
    entry: dict[str, Any] = {"at": fact.provenance.location, "subject": fact.subject, "field": fact.field}
    if fact.key:
        entry["key"] = fact.key
    entry["value"] = fact.value
    return entry


def _problem(problem: Problem) -> dict:
    entry: dict[str, Any] = {"rule": problem.rule_id, "severity": problem.severity,
                             "at": f"{problem.path}:{problem.line}:{problem.col}", "message": problem.message}
    if problem.hint:
        entry["hint"] = problem.hint
    if problem.related:
        entry["related"] = [related.location for related in problem.related]
    return entry


def load_text(text: str, where: str) -> Snapshot:
    """A snapshot from its YAML; SnapshotError (naming `where`) when it does not have the written shape."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SnapshotError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None
    return from_data(data, where).snapshot


@dataclass
class Read:
    """A snapshot read from parsed data, with the index in the file of each fact and problem it holds
    (so that a finding can point at the entry in the local snapshot file)."""

    snapshot: Snapshot
    fact_index: list[int] = field(default_factory=list)
    problem_index: list[int] = field(default_factory=list)
    skipped: int = 0  # entries left out, in lenient mode, because they do not have the written shape


def from_data(data: Any, where: str, *, lenient: bool = False) -> Read:
    """A snapshot from already-parsed data. SnapshotError (naming `where`) when it does not have the written
    shape; with `lenient`, an entry of the wrong shape is left out instead (the schema reports it) and only a
    file without a repository and commit is an error."""
    if not isinstance(data, dict):
        raise SnapshotError(f"{where}: not a snapshot (a mapping is expected)")
    try:
        repository, commit = str(data["repository"]), str(data["commit"])
        files = data.get("files")
        read = Read(Snapshot(repository, commit, _text(data.get("date")), _text(data.get("ref")),
                             _text(data.get("role")) or "service", _text(data.get("service")),
                             [str(f) for f in files] if isinstance(files, list) else []))
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"{where}: not a snapshot written by `getchitty sync` ({type(exc).__name__}: {exc})") from None
    snapshot = read.snapshot
    for part, build, index in (("facts", _fact_of, read.fact_index), ("unmapped", _unmapped_of, None),
                               ("problems", _problem_of, read.problem_index)):
        entries = data.get(part)
        for position, entry in enumerate(entries if isinstance(entries, list) else []):
            try:
                getattr(snapshot, part).append(build(entry, repository, commit))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                if not lenient:
                    raise SnapshotError(f"{where}: not a snapshot written by `getchitty sync` "
                                        f"({type(exc).__name__}: {exc})") from None
                read.skipped += 1
                continue
            if index is not None:
                index.append(position)
    return read


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def _fact_of(entry: dict, repository: str, commit: str) -> Fact:
    path, line, _ = _at(entry["at"])
    return Fact(str(entry["subject"]), str(entry["field"]), entry.get("value"), Provenance(repository, commit, path, line),
                str(entry.get("key") or ""))


def _unmapped_of(entry: dict, repository: str, commit: str) -> Unmapped:
    path, line, _ = _at(entry["at"])
    return Unmapped(path, line, str(entry.get("text", "")), str(entry.get("reason", "")))


def _problem_of(entry: dict, repository: str, commit: str) -> Problem:
    path, line, col = _at(entry["at"], col=True)
    related = tuple(Provenance(repository, commit, *_at(r)[:2]) for r in entry.get("related") or [])
    return Problem(str(entry["rule"]), str(entry.get("severity") or WARNING), path, line, col,
                   str(entry.get("message", "")), str(entry.get("hint") or ""), related, repository)


def _at(text: Any, *, col: bool = False) -> tuple[str, int, int]:
    """`path:line` (or `path:line:col`) split from the right, so a path may hold colons."""
    rest, column = (str(text).rsplit(":", 1) + [""])[:2] if col else (str(text), "1")
    path, _, line = rest.rpartition(":")
    if not path or not line.isdigit() or not column.isdigit():
        raise ValueError(f"'{text}' is not path:line{':col' if col else ''}")
    return path, int(line), int(column)


def load(root: Path) -> tuple[list[Snapshot], list[str]]:
    """Every committed snapshot under `root`/etc/federation/snapshot, and a message per file that cannot be
    read. Reads files only: no network, no git."""
    base = root / SNAPSHOT_DIR
    snapshots: list[Snapshot] = []
    errors: list[str] = []
    if not base.is_dir():
        return snapshots, errors
    for path in sorted(base.glob("*/*.yml")):
        where = path.relative_to(root).as_posix()
        try:
            if path.is_symlink() or not path.is_file():
                raise SnapshotError(f"{where}: not a regular file")
            snapshots.append(load_text(path.read_text(encoding="utf-8"), where))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{where}: cannot be read ({exc})")
        except SnapshotError as exc:
            errors.append(str(exc))
    return snapshots, errors


def write_atomic(root: Path, relpath: str, data: bytes) -> None:
    """Write `root/relpath` through a temporary file and a rename; never through a link, never outside `root`.

    Raises OSError (with the path) on a link, an unsafe name or a failed write; the
    file that was there stays as it was.
    """
    parts = relpath.split("/")
    if any(part in ("", ".", "..") for part in parts) or relpath.startswith("/"):
        raise OSError(f"refusing to write to the unsafe path {relpath}")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise OSError(f"{folder} is a link; refusing to write {relpath} through it")
        if not folder.exists():
            folder.mkdir()
        elif not folder.is_dir():
            raise OSError(f"{folder} is not a folder; cannot write {relpath}")
    target = folder / parts[-1]
    if target.is_symlink():
        raise OSError(f"{target} is a link; refusing to replace it")
    temporary = folder / f".{parts[-1]}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(temporary, flags, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
