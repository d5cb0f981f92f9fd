"""Review gates: which pull-request labels a change needs, from the access model.

`etc/chittyos/access.yml` lists gates, each a set of path globs and the labels
a pull request touching any of those paths must carry. `required_labels()` is
the one place that applies them; `getchitty gate` calls it in CI, and the
/access/ page reads the same `AccessModel.gates`, so what the site promises
and what CI enforces cannot drift apart.

Glob semantics (anchored at the repository root, case-sensitive):
- `*` matches any run of characters within one path segment (never `/`);
- `?` matches one character other than `/`; `[abc]` / `[!abc]` a set;
- `**` as a whole segment matches any number of directories: `a/**` is
  everything under `a/`, `**/x.yml` is `x.yml` at any depth, `a/**/b` covers
  `a/b`, `a/x/b`, `a/x/y/b`;
- a trailing `/` means everything under that folder (`a/` is `a/**`);
- a leading `/` is allowed and changes nothing.
Dot files are not special: `*` matches `.hidden` too, because a gate that
misses a file is worse than one that catches too much.
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from wcmatch import fnmatch

from .credentials import redact_tokens
from .errors import UsageError
from .escaping import terminal, workflow_data, workflow_property
from .load import load, parse
from .model import MODEL_BY_NAME, AccessModel, Gate, build_access

ACCESS_FILE = MODEL_BY_NAME["access"].path


# --- globs -----------------------------------------------------------------

_ANY_DEPTH = None  # a `**` segment
# Within one segment wcmatch's fnmatch decides (its patterns run atomically, so `*a*a*a*ab`
# stays fast); `**` spans are walked here, segment by segment, because wcmatch's whole-path
# patterns backtrack polynomially on them (four `**` over 200 segments took 5.5 s).
_SEGMENT_FLAGS = fnmatch.DOTMATCH | fnmatch.CASE


class Glob:
    """A compiled path glob; matching costs at most (pattern segments) × (path segments) steps."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        text = pattern.strip().lstrip("/")
        if text.endswith("/"):
            text += "**"
        parts: list[str | None] = []
        for part in text.split("/"):
            if part == "**":
                if parts and parts[-1] is _ANY_DEPTH:
                    continue  # `**/**` is `**`
                parts.append(_ANY_DEPTH)
            elif part:  # `a//b` is `a/b`
                parts.append(part.replace("**", "*"))  # `a**b` inside a segment is just `a*b`
        self.parts = tuple(parts)

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    def match(self, path: str) -> bool:
        segments = normalize(path).split("/")
        if not self.parts:
            return False
        # reachable: the path positions at which the remaining pattern may start
        reachable = {0}
        for index, part in enumerate(self.parts):
            if part is _ANY_DEPTH:
                start = min(reachable)
                if index == len(self.parts) - 1:
                    return start < len(segments)  # a trailing `**` needs something below the folder
                reachable = set(range(start, len(segments) + 1))  # `**` spans any number of segments
            else:
                reachable = {j + 1 for j in sorted(reachable)
                             if j < len(segments) and fnmatch.fnmatch(segments[j], part, flags=_SEGMENT_FLAGS)}
            if not reachable:
                return False
        return len(segments) in reachable


@functools.lru_cache(maxsize=512)
def compile_glob(pattern: str) -> Glob:
    return Glob(pattern)


def normalize(path: str) -> str:
    """A changed-file path as git prints it: POSIX separators, no leading `./`."""
    path = path.strip().replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def matches(pattern: str, path: str) -> bool:
    """Whether the repository path `path` is covered by the glob `pattern`."""
    return compile_glob(pattern).match(path)


# --- gates -----------------------------------------------------------------

class GateMatch(NamedTuple):
    """A gate a change touches: the files that trigger it and the labels still missing."""

    gate: Gate
    files: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        return not self.missing


def required_labels(access: AccessModel, changed_files: Iterable[str],
                    labels: Iterable[str] = ()) -> list[GateMatch]:
    """Every gate that the changed files trigger, in the order access.yml lists them.

    `missing` holds the gate's labels that are not among `labels`; with no labels
    given it is every label the gate requires, which is what a page describing
    the gates wants to show.
    """
    files = sorted({normalize(f) for f in changed_files if normalize(f)})
    have = {label.strip() for label in labels if label.strip()}
    found = []
    for gate in access.gates:
        hits = tuple(f for f in files if any(matches(p, f) for p in gate.paths))
        if hits:
            found.append(GateMatch(gate, hits, tuple(label for label in gate.labels if label not in have)))
    return found


def merge(*models: AccessModel) -> AccessModel:
    """One model holding the gates of all given models (the strictest reading)."""
    first = models[0]
    gates: list[Gate] = []
    for model in models:
        gates += [gate for gate in model.gates if gate not in gates]
    return AccessModel(first.roles, tuple(gates), first.cadence, first.principles, first.audit, first.document)


# --- command ---------------------------------------------------------------

class GateError(UsageError):
    """The gate cannot be evaluated (exit code 2)."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GateError("git is not installed; pass the changed files with --changed instead of --base") from None
    except subprocess.TimeoutExpired:
        raise GateError(f"git {' '.join(args)} took too long") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise GateError(f"git {' '.join(args)} failed: {detail}")
    return done.stdout


def changed_since(root: Path, base: str) -> list[str]:
    """Files changed on this branch since it left `base` (`git diff REF...HEAD`).

    Renames count as a deletion plus an addition, so moving a file out of a
    gated folder still needs that folder's labels.
    """
    if base.startswith("-"):
        raise GateError(f"--base {base!r} is not a git revision")
    out = _git(root, "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD", "--")
    return [name for name in out.split("\0") if name]


def _access_at(root: Path, base: str) -> AccessModel | None:
    """The access model as committed at `base`, or None when it did not exist there."""
    try:
        text = _git(root, "show", f"{base}:{ACCESS_FILE}")
    except GateError:
        return None
    result = parse(root, ACCESS_FILE, text)
    return _gates(result.document) if result.document is not None else None


def load_access(root: Path) -> AccessModel:
    result = load(root, ACCESS_FILE)
    if result.document is None:
        problem = result.errors[0]
        raise GateError(f"cannot read the access model: {problem.path}:{problem.line}:{problem.col}: {problem.message}")
    return _gates(result.document)


def _gates(document) -> AccessModel:
    """The access model, refusing gates the model builder would silently drop: a gate that
    cannot be read must stop the gate command, never let every change through."""
    gates = document.data.get("gates")
    for index, entry in enumerate(gates if isinstance(gates, list) else []):
        for key in ("paths", "labels"):
            value = entry.get(key) if isinstance(entry, dict) else None
            if not (isinstance(value, list) and value and all(isinstance(item, str) and item.strip() for item in value)):
                line, col = document.locate(("gates", index, key) if isinstance(entry, dict) else ("gates", index),
                                            value=True)
                raise GateError(f"{document.path}:{line}:{col}: gate {index + 1}: '{key}' must be a non-empty list "
                                "of text; run `getchitty check` for the details")
    return build_access(document)


def split_labels(values: list[str] | None) -> list[str]:
    return [label.strip() for value in values or () for label in value.split(",") if label.strip()]


def format_text(found: list[GateMatch], changed: int) -> str:
    lines = []
    failing = [m for m in found if m.missing]
    for match in found:
        gate = match.gate
        if match.missing:
            lines.append(f"gate {gate.name}: missing label{'s' if len(match.missing) > 1 else ''} "
                         f"{', '.join(match.missing)} (needs {', '.join(gate.labels)})")
        else:
            lines.append(f"gate {gate.name}: ok ({', '.join(gate.labels)})")
        lines += [f"    {path}" for path in match.files]
        if match.missing and gate.reviewers:
            lines.append(f"    reviewers: {', '.join(gate.reviewers)}")
    if failing:
        lines.append(f"{len(failing)} of {len(found)} review gate{'s' if len(found) != 1 else ''} "
                     f"not satisfied; add the missing labels once the reviewers have approved")
    elif found:
        lines.append("the review gate is satisfied" if len(found) == 1 else f"all {len(found)} review gates are satisfied")
    else:
        lines.append(f"no review gate applies to the {changed} changed file{'s' if changed != 1 else ''}")
    # File names come from the pull request: printed, they must not forge a line or a workflow command.
    return "".join(terminal(redact_tokens(line)) + "\n" for line in lines)


def format_github(found: list[GateMatch], changed: int) -> str:
    """Workflow commands: an error annotation on every file whose gate lacks labels."""
    lines = []
    for match in found:
        if not match.missing:
            continue
        title = workflow_property(redact_tokens(f"review gate {match.gate.name}"))
        for path in match.files:
            lines.append(f"::error file={workflow_property(redact_tokens(path))},title={title}::"
                         + workflow_data(redact_tokens(f"{path} needs the label(s) {', '.join(match.missing)}"
                                                + (f"; reviewers: {', '.join(match.gate.reviewers)}" if match.gate.reviewers else ""))))
    return "".join(line + "\n" for line in lines) + format_text(found, changed)


def evaluate(root: Path, labels: list[str], *, changed: list[str] | None = None,
             base: str | None = None) -> tuple[list[GateMatch], int]:
    """The gates a change triggers (from --changed files or the diff against --base) and how many files changed."""
    if not root.is_dir():
        raise GateError(f"{root} is not a directory")
    access = load_access(root)
    if base is not None:
        files = changed_since(root, base)
        before = _access_at(root, base)
        if before is not None:
            # The gates in force before the change apply too, so that a change
            # cannot lift its own gate by editing access.yml.
            access = merge(before, access)
    else:
        files = [normalize(path) for path in changed or ()]
    return required_labels(access, files, labels), len(files)
