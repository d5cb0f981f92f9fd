"""The build stamp: the commit a site was built from and the day it was built.

The adapters (the MkDocs plugin, `getchitty render`) read it and hand it to the
renderer, which stays free of I/O; pages show it in their footer and the read
model publishes it as api/build.json.

GETCHITTY_BUILD_COMMIT (or GITHUB_SHA, which GitHub Actions sets) names the
commit where git cannot be asked, and GETCHITTY_BUILD_DATE pins the day;
otherwise git answers. A tree outside git, or a machine without git, gives a
stamp without a commit: the build never fails for want of one.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import __version__
from .model import parse_date

_COMMIT = re.compile(r"[0-9a-f]{7,64}\Z")
GIT_TIMEOUT = 5  # seconds; a hung git must not hold up a build


@dataclass(frozen=True)
class BuildStamp:
    date: str  # the day of the build, YYYY-MM-DD
    commit: str | None = None
    commit_date: str | None = None  # the commit's own date, when git could say

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None

    def as_json(self) -> dict[str, str | None]:
        return {"commit": self.commit, "commit_date": self.commit_date, "date": self.date,
                "generator": f"getchitty {__version__}"}


def _git_head(root: Path) -> tuple[str | None, str | None]:
    """HEAD's commit and date in `root`, or (None, None) when git cannot tell."""
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%H %cs"], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None, None
    parts = done.stdout.split() if done.returncode == 0 else []
    if len(parts) != 2 or not _COMMIT.match(parts[0]) or parse_date(parts[1]) is None:
        return None, None
    return parts[0], parts[1]


def read_stamp(root: Path, today: date, environ: Mapping[str, str] | None = None) -> BuildStamp:
    environ = os.environ if environ is None else environ
    head, head_date = _git_head(root)
    named = (environ.get("GETCHITTY_BUILD_COMMIT") or environ.get("GITHUB_SHA") or "").strip().lower()
    commit = named if _COMMIT.match(named) else head
    pinned = (environ.get("GETCHITTY_BUILD_DATE") or "").strip()
    day = pinned if parse_date(pinned) is not None else today.isoformat()
    return BuildStamp(day, commit, head_date if commit is not None and commit == head else None)
