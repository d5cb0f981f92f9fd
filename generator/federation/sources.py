"""`etc/federation/sources.yml`: the repositories getchitty reads, and the lock of the commits it read.

Each source is a GitHub repository (`repository: owner/name`), any git URL
(`url:`, for mirrors), or a local folder (`path:`, a git repository or a plain
folder, for tests and air-gapped use), with an optional `ref`, `role`
(`registry` or `service`) and `recorded_as` (the GitHub name a mirror or a
folder is recorded under). See docs/authors/federation.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import LOCK, SOURCES
from .common import local_name, repository_name
from .snapshot import relpath_for
from .values import Problem, problem
from .yamlnodes import YamlError, parse

RULE = "federation/invalid-sources"
ROLES = ("service", "registry")
KEYS = ("repository", "url", "path", "ref", "role", "recorded_as", "commit")
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_REF = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_SHA = re.compile(r"[0-9a-f]{40}")
_URL = re.compile(r"(?:https://|ssh://|file://)[^\s]{1,500}|[A-Za-z0-9._-]{1,100}@[A-Za-z0-9.-]{1,253}:[^\s]{1,400}")


@dataclass(frozen=True)
class Source:
    name: str  # the repository it is recorded as, "owner/name"
    kind: str  # "github", "url" or "path"
    location: str  # as written: owner/name, the URL, or the folder
    ref: str
    role: str
    commit: str  # a plain folder's commit, as written; "" otherwise
    line: int

    def url(self, root: Path) -> str:
        if self.kind == "github":
            return f"https://github.com/{self.location}.git"
        if self.kind == "url":
            return self.location
        return (root / self.location).resolve().as_uri()

    def folder(self, root: Path) -> Path:
        return (root / self.location).resolve()

    def matches(self, wanted: str) -> bool:
        wanted = wanted.lower()
        return wanted in (self.name.lower(), self.name.lower().rsplit("/", 1)[1])


def load(root: Path) -> tuple[list[Source], list[Problem]]:
    """The sources listed in `root`/etc/federation/sources.yml, or the problems that make it unusable."""
    path = root / SOURCES
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [problem(RULE, SOURCES, 1, f"{SOURCES} does not exist; list the repositories to read there")]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [problem(RULE, SOURCES, 1, f"{SOURCES} cannot be read: {exc}")]
    try:
        tree = parse(text).root
    except YamlError as exc:
        return [], [problem(RULE, SOURCES, exc.line, f"not valid YAML: {exc.message}", col=exc.col)]
    listed = tree.get("sources") if tree is not None and isinstance(tree.value, dict) else None
    if listed is None or not isinstance(listed.value, list):
        return [], [problem(RULE, SOURCES, tree.line if tree else 1, "the file needs a `sources:` list")]
    sources: list[Source] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    written = _written_scalars(text)
    for node in listed.children.values():
        source = _source(node, problems, written.get(node.line, {}))
        if source is None:
            continue
        key = source.name.lower()
        if key in seen:
            problems.append(problem(RULE, SOURCES, node.line, f"{source.name} is listed twice (first on line {seen[key]})"))
            continue
        seen[key] = node.line
        sources.append(source)
    return sources, problems


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _written_scalars(text: str) -> dict[int, dict[str, str]]:
    """Each source entry's scalars as written, by the entry's line: a commit of decimal digits (or of octal
    digits after a 0) is a number to YAML, and only the text as written is the commit."""
    try:
        document = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    listed = next((value for key, value in document.value if key.value == "sources"), None) \
        if isinstance(document, yaml.MappingNode) else None
    found: dict[int, dict[str, str]] = {}
    for item in listed.value if isinstance(listed, yaml.SequenceNode) else ():
        if isinstance(item, yaml.MappingNode):
            found[item.start_mark.line + 1] = {key.value: value.value for key, value in item.value
                                               if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)}
    return found


def _as_written(value: Any, written: str | None) -> Any:
    """A scalar YAML read as a number, a date or a boolean, as the text it was written as."""
    if value is None or isinstance(value, (str, dict, list)) or written is None:
        return value
    return written


def _source(node, problems: list[Problem], written: dict[str, str]) -> Source | None:
    def fail(message: str, line: int | None = None) -> None:
        problems.append(problem(RULE, SOURCES, line or node.line, message))

    entry = node.value
    if not isinstance(entry, dict):
        fail("each source is a mapping with `repository`, `url` or `path`")
        return None
    entry = {key: _as_written(value, written.get(key)) if key in ("ref", "commit") else value
             for key, value in entry.items()}
    for key in entry:
        if key not in KEYS:
            fail(f"unknown key `{key}` (known: {', '.join(KEYS)})", node.line_of(key))
            return None
    given = [key for key in ("repository", "url", "path") if key in entry]
    if len(given) != 1:
        fail("a source names exactly one of `repository`, `url` and `path`")
        return None
    kind_key = given[0]
    location = entry[kind_key]
    if not isinstance(location, str) or not location.strip():
        fail(f"`{kind_key}` must be text", node.line_of(kind_key))
        return None
    if kind_key == "repository" and not _REPOSITORY.fullmatch(location):
        fail(f"`{location}` is not a GitHub owner/name", node.line_of(kind_key))
        return None
    if kind_key == "url" and not _URL.fullmatch(location):
        fail(f"`{location}` is not an https://, ssh://, file:// or user@host:path git URL", node.line_of(kind_key))
        return None
    ref = entry.get("ref", "HEAD")
    if not isinstance(ref, str) or not _REF.fullmatch(ref) or ref.startswith(("-", "/")) or ".." in ref:
        fail(f"`ref` {ref!r} is not a branch, tag or commit name", node.line_of("ref"))
        return None
    role = entry.get("role", "service")
    if role not in ROLES:
        fail(f"`role` is one of {', '.join(ROLES)}", node.line_of("role"))
        return None
    commit = entry.get("commit", "")
    if commit and (kind_key != "path" or not isinstance(commit, str) or not _SHA.fullmatch(commit)):
        fail("`commit` (40 hex digits) is given only for a `path` source, to record a plain folder's commit",
             node.line_of("commit"))
        return None
    recorded = entry.get("recorded_as")
    if recorded is not None and (not isinstance(recorded, str) or not _REPOSITORY.fullmatch(recorded)):
        fail(f"`recorded_as` {recorded!r} is not a GitHub owner/name", node.line_of("recorded_as"))
        return None
    name = recorded or (location if kind_key == "repository" else None)
    if name is None and kind_key == "url" and "github.com" in location.lower():
        name = repository_name(location)
    if name is None:
        folder = re.sub(r"\.git$", "", location.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1])
        name = local_name(folder)
    try:
        relpath_for(name)
    except ValueError as exc:
        fail(str(exc))
        return None
    return Source(name, "github" if kind_key == "repository" else kind_key, location, ref, role, commit, node.line)


@dataclass(frozen=True)
class Locked:
    commit: str
    date: str  # the commit's day, YYYY-MM-DD; "" when not known (a plain folder)
    ref: str
    location: str
    readers: str
    digest: str = ""  # of the snapshot file written with this entry (snapshot.digest)


def read_lock(root: Path) -> dict[str, Locked]:
    """The lock's entries by source name; an unreadable lock counts as empty (everything is fetched again)."""
    try:
        data = json.loads((root / LOCK).read_text(encoding="utf-8"))
        return {name: Locked(str(e["commit"]), str(e.get("date", "")), str(e.get("ref", "")),
                             str(e.get("location", "")), str(e.get("readers", "")), str(e.get("digest", "")))
                for name, e in data["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def dump_lock(entries: dict[str, Locked]) -> bytes:
    document = {
        "about": "Written by `getchitty sync`: the commit each source was read at, and the digest of the snapshot "
                 "written from it. Do not edit by hand.",
        "sources": {name: {"commit": e.commit, "date": e.date, "ref": e.ref, "location": e.location,
                           "readers": e.readers, "snapshot": relpath_for(name), "digest": e.digest}
                    for name, e in sorted(entries.items())},
    }
    return (json.dumps(document, indent=2, sort_keys=False) + "\n").encode("utf-8")
