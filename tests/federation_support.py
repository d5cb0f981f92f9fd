"""Helpers for the federation tests: local git repositories made reproducibly, sources.yml, sync in-process.

Repositories are committed with a fixed author, committer and date, so the same
files always give the same commit, on every machine: golden snapshots can name it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import yaml
from engine_support import REPO

ECOSYSTEM = REPO / "etc" / "upstream" / "ecosystem"
REAL_REPOSITORIES = ("chittyops", "chittyconnect", "chittyregistry", "chittysync", "chittymcp")
GOLDEN_FEDERATION = REPO / "tests" / "golden" / "federation"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "getchitty tests", "GIT_AUTHOR_EMAIL": "tests@get.chitty.cc",
    "GIT_COMMITTER_NAME": "getchitty tests", "GIT_COMMITTER_EMAIL": "tests@get.chitty.cc",
    "GIT_AUTHOR_DATE": "2026-08-21T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-08-21T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.strip()


def commit_all(folder: Path, message: str = "declarations") -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(folder, "rev-parse", "HEAD")


def make_repo(folder: Path, files: dict[str, str | bytes] | None = None, *, copy_from: Path | None = None) -> str:
    """A git repository on branch main holding `files` (or a copy of `copy_from`); returns its commit."""
    if copy_from is not None:
        shutil.copytree(copy_from, folder, ignore=shutil.ignore_patterns(".snapshot"))
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    folder.mkdir(parents=True, exist_ok=True)
    for relpath, content in (files or {}).items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    git(folder, "init", "--quiet", "--initial-branch=main")
    return commit_all(folder)


def real_repository(folder: Path, name: str) -> str:
    """A local git repository holding one of the real snapshots of etc/upstream/ecosystem."""
    return make_repo(folder, copy_from=ECOSYSTEM / name)


def snapshot_commit(name: str) -> tuple[str, str, str]:
    """(repository, commit, date) of a real snapshot, from its .snapshot file."""
    data = yaml.safe_load((ECOSYSTEM / name / ".snapshot").read_text(encoding="utf-8"))
    return data["repository"], data["commit"], str(data["date"])


def write_sources(root: Path, entries: list[dict]) -> None:
    path = root / "etc/federation/sources.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"sources": entries}, sort_keys=False), encoding="utf-8")


def run_sync(root: Path, *args: str) -> tuple[int, str, str]:
    """`getchitty sync ROOT ARGS...` in-process: (exit code, stdout, stderr)."""
    from getchitty import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["sync", str(root), *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def snapshot_file(root: Path, repository: str) -> Path:
    owner, name = repository.lower().split("/")
    return root / "etc/federation/snapshot" / owner / f"{name}.yml"


GITHUB_SOURCES = [{"repository": "chittyos/chittyops", "ref": "main", "role": "registry"},
                  *({"repository": f"chittyos/{name}", "ref": "main"} for name in REAL_REPOSITORIES[1:])]


def federated_tree(dest: Path, sources: list[dict] | None = None, mirror: Path = ECOSYSTEM) -> Path:
    """The fixture ecosystem plus etc/federation/ synced offline (`sync --mirror`) from export folders."""
    from engine_support import build_eco

    root = build_eco(dest)
    write_sources(root, sources if sources is not None else GITHUB_SOURCES)
    code, out, err = run_sync(root, "--mirror", str(mirror))
    assert code == 0, out + err
    return root


def export_folder(mirror: Path, name: str, files: dict[str, str], *, repository: str | None = None,
                  commit: str = "ab" * 20, date: str = "2026-08-01") -> Path:
    """An export folder `mirror/<name>`: the repository's files and the .snapshot naming it."""
    folder = mirror / name
    for relpath, content in files.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".snapshot").write_text(f"repository: {repository or 'chittyos/' + name}\ncommit: {commit}\ndate: {date}\n",
                                      encoding="utf-8")
    return folder


def entry_line(snapshot: Path, at: str, field: str | None = None, *, rule: str | None = None) -> int:
    """The line of the snapshot entry read at `at` (a fact of `field`, or a problem of `rule`)."""
    lines = snapshot.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if rule is not None:
            if line == f"- rule: {rule}" and any(other.startswith(f"  at: {at}") for other in lines[index + 1:index + 4]):
                return index + 1
        elif line == f"- at: {at}" and (field is None or f"  field: {field}" in lines[index + 1:index + 4]):
            return index + 1
    raise AssertionError(f"no entry at {at} ({field or rule}) in {snapshot}")
