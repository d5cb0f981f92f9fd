"""One repository's declaration files read into one snapshot: which file goes to which reader,
whose service the facts are about, and the checks that need several files of the repository.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .common import MAX_FILE_BYTES, decode, guard, service_id
from .values import SELF, Fact, Problem, Reading, Unmapped

if TYPE_CHECKING:
    from .codeowners import CodeOwners

# The files `getchitty sync` fetches and reads: a `*` stands for one file name inside that folder.
DECLARATIONS = (
    ".chittyconnect.yml", "CHARTER.md", "CHITTY.md",
    ".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
    ".github/secret-catalog.json", "wrangler.toml", "wrangler.jsonc", "wrangler.json",
    "compliance/*.yml", "registrations/*.json", "authority/services/*.json",
    "docs/governance/*.md", "docs/onboarding/*.md", "docs/ontology/*.md", "etc/chittyos/scopes.yml",
)
MAX_FILES = 2000


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
    """The declaration files under `root` (regular files only; links and oversized files are reported)."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for relpath in _declaration_paths(root):
        path = root / relpath
        reading = Reading(repository, commit, relpath)
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                reading.report("federation/unreadable-file", 1, f"{relpath} is not a regular file (a link?); not read")
            elif info.st_size > MAX_FILE_BYTES:
                reading.report("federation/unreadable-file", 1, f"{relpath} is {info.st_size / 1_048_576:.1f} MiB; "
                                                                f"declaration files are read up to {MAX_FILE_BYTES // 1_048_576} MiB")
            else:
                with open(path, "rb", opener=_no_follow) as handle:
                    files[relpath] = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            reading.report("federation/unreadable-file", 1, f"{relpath} cannot be read: {exc.strerror or exc}")
        problems += reading.problems
    snapshot = read_files(files, repository, commit, **meta)
    snapshot.problems = problems + snapshot.problems
    return snapshot


def _no_follow(path, flags):
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def _declaration_paths(root: Path) -> list[str]:
    found: list[str] = []
    folders = sorted({pattern.rpartition("/")[0] for pattern in DECLARATIONS})
    for folder in folders:
        base = root / folder if folder else root
        try:
            if os.path.islink(base) or not base.is_dir():
                continue
            names = sorted(os.listdir(base))
        except OSError:
            continue
        for name in names:
            relpath = f"{folder}/{name}" if folder else name
            if is_declaration(relpath):
                found.append(relpath)
            if len(found) >= MAX_FILES:
                return found
    return found


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
