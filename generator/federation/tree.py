"""One repository's declaration files read into one snapshot: which file goes to which reader,
whose service the facts are about, and the checks that need several files of the repository.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..load import MAX_BYTES
from .common import decode, guard, service_id
from .values import SELF, Fact, Problem, Reading, Unmapped

if TYPE_CHECKING:
    from .codeowners import CodeOwners

# Where GitHub looks for a repository's CODEOWNERS, in its order: the first found is the one in force.
CODEOWNERS_PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
# The files `getchitty sync` fetches and reads: a `*` stands for one file name inside that folder.
DECLARATIONS = (
    ".chittyconnect.yml", "CHARTER.md", "CHITTY.md", *CODEOWNERS_PLACES,
    ".github/secret-catalog.json", "wrangler.toml", "wrangler.jsonc", "wrangler.json",
    "compliance/*.yml", "registrations/*.json", "authority/services/*.json",
    "docs/governance/*.md", "docs/onboarding/*.md", "docs/ontology/*.md", "etc/chittyos/scopes.yml",
)
MAX_FILES = 2000
# What is read of one repository in all: a snapshot holds more than the files it comes from (a fact repeats its
# location and field), and the check reads a snapshot up to load.MAX_BYTES, so a repository whose declaration
# files hold several times that could never give a snapshot the check accepts.
MAX_SOURCE_BYTES = 8 * MAX_BYTES


def is_declaration(path: str) -> bool:
    for pattern in DECLARATIONS:
        folder, _, name = pattern.rpartition("/")
        here, _, file = path.rpartition("/")
        if here != folder:
            continue
        if name.startswith("*") and file.endswith(name[1:]) and len(file) > len(name) - 1:
            return True
        if file == name:
            return True
    return False


def sparse_patterns() -> list[str]:
    """The declaration files as git sparse-checkout (gitignore-style) patterns."""
    return ["/" + pattern for pattern in DECLARATIONS]


@dataclass
class Snapshot:
    """What one repository declares, as read at one commit."""

    repository: str
    commit: str
    date: str = ""
    ref: str = ""
    role: str = "service"
    service: str = ""  # the service the repository declares for itself; "" when it declares none
    files: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_tree(root: Path, repository: str, commit: str, **meta: str) -> Snapshot:
    """The declaration files under `root` read into one snapshot (see `collect`)."""
    files, problems = collect(root, repository, commit)
    snapshot = read_files(files, repository, commit, **meta)
    snapshot.problems = problems + snapshot.problems
    return snapshot


def collect(root: Path, repository: str, commit: str) -> tuple[dict[str, bytes], list[Problem]]:
    """The declaration files under `root`, {path: content}, and the problems of those that were not read.

    Every file is opened one path component at a time from `root`, never following a link (openat with
    O_NOFOLLOW): a folder such as `docs` that is a link is reported and nothing under it is read, so no file
    outside the export folder or checkout can reach a snapshot, whatever is swapped in while it is read.
    Files over the check's own limit (load.MAX_BYTES), and files past MAX_SOURCE_BYTES for the whole
    repository, are reported and not read. Raises OSError when `root` itself cannot be opened.
    """
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    linked: set[str] = set()
    total = 0
    root_fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        for folder in sorted({pattern.rpartition("/")[0] for pattern in DECLARATIONS}):
            folder_fd = _open_folder(root_fd, folder, linked, problems, repository, commit)
            if folder_fd is None:
                continue
            try:
                names = sorted(os.listdir(folder_fd))
                for name in names:
                    relpath = f"{folder}/{name}" if folder else name
                    if not is_declaration(relpath):
                        continue
                    if len(files) >= MAX_FILES:
                        break
                    reading = Reading(repository, commit, relpath)
                    content = _read_file(folder_fd, name, reading, MAX_SOURCE_BYTES - total)
                    if content is not None:
                        files[relpath] = content
                        total += len(content)
                    problems += reading.problems
            except OSError:
                continue
            finally:
                os.close(folder_fd)
    finally:
        os.close(root_fd)
    return files, problems


_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_folder(root_fd: int, folder: str, linked: set[str], problems: list[Problem], repository: str,
                 commit: str) -> int | None:
    """A descriptor of `folder` under the root, walked one component at a time without following a link;
    None when it is missing or not a folder, or (reported once) when a component is a link."""
    descriptor = os.dup(root_fd)
    walked = ""
    for part in folder.split("/") if folder else ():
        walked = f"{walked}/{part}" if walked else part
        try:
            inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=descriptor)
        except OSError:
            try:
                is_link = stat.S_ISLNK(os.lstat(part, dir_fd=descriptor).st_mode)
            except OSError:
                is_link = False
            os.close(descriptor)
            if is_link and walked not in linked:
                linked.add(walked)
                reading = Reading(repository, commit, walked)
                reading.report("federation/unreadable-file", 1, f"{walked} is a link; nothing under it was read")
                problems += reading.problems
            return None
        os.close(descriptor)
        descriptor = inner
    return descriptor


def _read_file(folder_fd: int, name: str, reading: Reading, room: int) -> bytes | None:
    """The bytes of the regular file `name` in the folder, opened without following a link; None (reported)
    for a link, anything but a regular file, a file over the check's limit or one past the repository's."""
    relpath = reading.path
    try:
        descriptor = os.open(name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=folder_fd)
    except OSError as exc:
        try:
            is_link = stat.S_ISLNK(os.lstat(name, dir_fd=folder_fd).st_mode)
        except OSError:
            is_link = False
        reading.report("federation/unreadable-file", 1, f"{relpath} is a link; not read" if is_link
                       else f"{relpath} cannot be read: {exc.strerror or exc}")
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            reading.report("federation/unreadable-file", 1, f"{relpath} is not a regular file; not read")
            return None
        if info.st_size > MAX_BYTES:
            reading.report("federation/unreadable-file", 1, f"{relpath} is {info.st_size / 1_048_576:.1f} MiB; "
                                                            f"declaration files are read up to {MAX_BYTES // 1_048_576} MiB")
            return None
        if info.st_size > room:
            reading.report("federation/unreadable-file", 1,
                           f"{relpath} was not read: the declaration files of one repository are read up to "
                           f"{MAX_SOURCE_BYTES // 1_048_576} MiB together")
            return None
        try:
            content = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            reading.report("federation/unreadable-file", 1, f"{relpath} cannot be read: {exc.strerror or exc}")
            return None
    if len(content) > MAX_BYTES:  # grew since its size was taken
        reading.report("federation/unreadable-file", 1, f"{relpath} is larger than "
                                                        f"{MAX_BYTES // 1_048_576} MiB; declaration files are read up to that")
        return None
    return content


def read_files(files: dict[str, bytes], repository: str, commit: str, *, date: str = "", ref: str = "",
               role: str = "service") -> Snapshot:
    """Every declaration file of one repository, given as {path: content}, read into a snapshot."""
    from . import codeowners  # the readers load only for `sync`: a check reads the snapshots they wrote

    snapshot = Snapshot(repository, commit, date, ref, role, files=sorted(files))
    owners_files: list[CodeOwners] = []
    probes = tuple(path for path in sorted(files) if not path.endswith("CODEOWNERS"))
    owner_paths = [path for path in codeowners.PRECEDENCE if path in files]
    for path in sorted(files, key=_order):
        reading = Reading(repository, commit, path)
        text = decode(reading, files[path])
        if text is not None:
            if path in owner_paths:
                owners_files.append(codeowners.read(reading, text, probes, effective=path == owner_paths[0]))
            else:
                _dispatch(reading, path, text)
        guard(reading)
        snapshot.facts += reading.facts
        snapshot.unmapped += reading.unmapped
        snapshot.problems += reading.problems
    if len(owners_files) > 1:
        reading = Reading(repository, commit, owners_files[0].path)
        codeowners.disagreements(owners_files, probes, repository, commit, reading)
        snapshot.problems += reading.problems
    snapshot.service = _own_service(snapshot)
    if snapshot.service:
        snapshot.facts = [replace(f, subject=snapshot.service) if f.subject == SELF else f for f in snapshot.facts]
    else:
        snapshot.facts = [replace(f, subject="") if f.subject == SELF else f for f in snapshot.facts]
    snapshot.facts.sort(key=lambda f: (f.provenance.path, f.provenance.line))
    snapshot.unmapped.sort(key=lambda u: (u.path, u.line))
    snapshot.problems.sort(key=lambda p: (p.path, p.line, p.col, p.rule_id))
    return snapshot


def _order(path: str) -> tuple[int, str]:
    return (0 if path.endswith("CODEOWNERS") else 1, path)


def _dispatch(reading: Reading, path: str, text: str) -> None:
    from . import authority, catalog, charter, chittyconnect, governance, onboarding, ops, wrangler

    name = path.rpartition("/")[2]
    if path == chittyconnect.PATH:
        chittyconnect.read(reading, text)
    elif path == "CHARTER.md":
        charter.read(reading, text)
    elif path == "CHITTY.md":
        charter.read(reading, text, badge=True)
    elif path == catalog.PATH:
        catalog.read(reading, text)
    elif path == "wrangler.toml":
        wrangler.read_toml(reading, text)
    elif path in ("wrangler.jsonc", "wrangler.json"):
        wrangler.read_jsonc(reading, text)
    elif path == ops.REGISTRY:
        ops.read_registry(reading, text)
    elif path == ops.CHECKS:
        ops.read_checks(reading, text)
    elif path.startswith("registrations/"):
        ops.read_registration(reading, text)
    elif path.startswith("authority/services/"):
        authority.read(reading, text)
    elif path in governance.READERS:
        governance.READERS[path](reading, text)
    elif path.startswith("docs/onboarding/") and name.lower().startswith("service-"):
        onboarding.read(reading, text)
    else:
        reading.skip(1, path, "getchitty has no reader for this file; none of its lines were read")


def _own_service(snapshot: Snapshot) -> str:
    """The service a repository declares for itself: its .chittyconnect.yml name, else its charter's
    canonical URI, else its one manifest, else nothing."""
    from . import chittyconnect

    own = [f for f in snapshot.facts if f.subject == SELF]
    for fact in own:
        if fact.field == "name" and fact.provenance.path == chittyconnect.PATH:
            name = service_id(fact.value)
            if name:
                return name
    for fact in own:
        if fact.field in ("canonical_uri", "charter.uri") and isinstance(fact.value, str) \
                and "/services/" in fact.value:
            name = service_id(fact.value.rsplit("/", 1)[-1])
            if name:
                return name
    manifests = {f.subject for f in snapshot.facts if f.field == "manifest"}
    if len(manifests) == 1:
        return next(iter(manifests))
    if own and "/" in snapshot.repository:
        return service_id(snapshot.repository.rsplit("/", 1)[1]) or ""
    return ""
