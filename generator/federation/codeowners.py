"""CODEOWNERS with GitHub's semantics: which file counts, which line wins, what a pattern matches.

GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS` and
`docs/CODEOWNERS`; within it the last matching line wins. Patterns follow
gitignore rules with GitHub's documented limits: `docs/*` owns `docs/a.md` but
not `docs/a/b.md`; `apps/` owns an `apps` folder anywhere; `/apps/` only the
one at the root; `!` negation, `[ ]` ranges and `\\#` at the start are not
supported, and such a line is skipped (and reported here).

Matching is a simulation of the pattern's automaton over the path, linear in
both lengths, instead of a backtracking regular expression: a CODEOWNERS line
comes from another repository and must not be able to stall a sync. Its
results equal the `codeowners` package's regular expressions (hmarr's
translation of GitHub's rules), which the tests check on GitHub's documented
examples and on random patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import SELF, Provenance, Reading

PRECEDENCE = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
MAX_PATTERN = 512
_OWNER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?|[^@\s]{1,64}@[^@\s]{1,255}")
# A root-level file that no path-specific line names, to learn who owns "everything else".
DEFAULT_PROBE = "getchitty-default-owner-probe"

LIT, ANY_IN_SEGMENT, ONE_IN_SEGMENT, ANY, DIRS = range(5)


@dataclass(frozen=True)
class Pattern:
    text: str
    tokens: tuple[tuple[int, str], ...]
    anchored: bool
    dir_only: bool  # `docs/`: what follows the match must be a folder's content
    no_subdirs: bool  # `docs/*`: the match must end the path

    def matches(self, path: str) -> bool:
        return _simulate(self, path)


@dataclass(frozen=True)
class Rule:
    line: int
    pattern: Pattern
    owners: tuple[str, ...]


@dataclass(frozen=True)
class CodeOwners:
    path: str
    rules: tuple[Rule, ...]

    def owner_rule(self, target: str) -> Rule | None:
        """The rule GitHub applies to `target` (the last matching one), or None."""
        for rule in reversed(self.rules):
            if rule.pattern.matches(target):
                return rule
        return None


def compile_pattern(text: str) -> Pattern | str:
    """The pattern, or the reason GitHub does not accept it."""
    if len(text) > MAX_PATTERN:
        return f"is longer than {MAX_PATTERN} characters"
    if text.startswith("!"):
        return "uses `!` negation, which CODEOWNERS does not support"
    if text.startswith("\\#"):
        return "escapes a leading `#`, which GitHub's CODEOWNERS does not support"
    slash = text.find("/")
    anchored = slash > -1 and slash != len(text) - 1
    dir_only = text.endswith("/")
    no_subdirs = text.endswith("/*")
    body = text.strip("/")
    tokens: list[tuple[int, str]] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            if index + 1 < len(body):
                tokens.append((LIT, body[index + 1]))
            index += 2
            continue
        if char in "[]":
            return "uses a `[ ]` character range, which CODEOWNERS does not support"
        if char == "*":
            if body.startswith("**", index):
                at_start = index == 0 or body[index - 1] == "/"
                at_end = index + 2 == len(body)
                before_slash = index + 2 < len(body) and body[index + 2] == "/"
                if at_start and (at_end or before_slash):
                    tokens.append((DIRS, "") if before_slash else (ANY, ""))
                    index += 3 if before_slash else 2
                    continue
            tokens.append((ANY_IN_SEGMENT, ""))
        elif char == "?":
            tokens.append((ONE_IN_SEGMENT, ""))
        else:
            tokens.append((LIT, char))
        index += 1
    return Pattern(text, tuple(tokens), anchored, dir_only, no_subdirs)


def _closure(tokens, states: set[int]) -> set[int]:
    """States reachable without reading a character (stars may match nothing; `**/` may be skipped)."""
    stack = list(states)
    seen = set(states)
    while stack:
        state = stack.pop()
        if state < len(tokens) and tokens[state][0] in (ANY_IN_SEGMENT, ANY, DIRS):
            target = state + 1
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _simulate(pattern: Pattern, path: str) -> bool:
    """Whether the pattern matches at a start allowed by its anchoring, with an allowed end."""
    tokens = pattern.tokens
    accept = len(tokens)
    # DIRS states carry a second flag: inside the `.*/` part (at least one character read, a slash still due).
    states: set[int] = set()
    inside: set[int] = set()
    for position in range(len(path) + 1):
        if position == 0 or (not pattern.anchored and path[position - 1] == "/"):
            states.add(0)
        states = _closure(tokens, states)
        if accept in states and _end_ok(pattern, path, position):
            return True
        if position == len(path):
            return False
        char = path[position]
        following: set[int] = set()
        still_inside: set[int] = set()
        for state in inside:
            still_inside.add(state)  # `.*` goes on
            if char == "/":
                following.add(state + 1)
        for state in states:
            if state == accept:
                continue
            kind, literal = tokens[state]
            if kind == LIT:
                if char == literal:
                    following.add(state + 1)
            elif kind == ONE_IN_SEGMENT:
                if char != "/":
                    following.add(state + 1)
            elif kind == ANY_IN_SEGMENT:
                if char != "/":
                    following.add(state)
            elif kind == ANY:
                following.add(state)
            elif kind == DIRS:
                still_inside.add(state)
                if char == "/":
                    following.add(state + 1)
        states, inside = following, still_inside
    return False


def _end_ok(pattern: Pattern, path: str, position: int) -> bool:
    if pattern.dir_only:
        return position < len(path) and path[position] == "/"
    if pattern.no_subdirs:
        return position == len(path)
    return position == len(path) or path[position] == "/"


def parse(reading: Reading, text: str) -> CodeOwners:
    """The file's rules; unsupported patterns and owners are reported and their lines skipped, as GitHub does."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = _split(line)
        pattern_text, rest = parts[0], parts[1:]
        comment = next((i for i, part in enumerate(rest) if part.startswith("#")), None)
        owners = rest[:comment] if comment is not None else rest
        pattern = compile_pattern(pattern_text)
        if isinstance(pattern, str):
            reading.report("federation/codeowners-invalid-pattern", number,
                           f"`{pattern_text[:80]}` {pattern}; GitHub skips this line", col=raw.find(pattern_text) + 1)
            continue
        bad = [owner for owner in owners if not _OWNER.fullmatch(owner)]
        if bad:
            reading.report("federation/codeowners-invalid-owner", number,
                           f"`{bad[0][:80]}` is not @user, @org/team or an e-mail address; GitHub skips this line",
                           col=raw.find(bad[0]) + 1)
            continue
        rules.append(Rule(number, pattern, tuple(owners)))
    return CodeOwners(reading.path, tuple(rules))


def _split(line: str) -> list[str]:
    """Whitespace-separated fields, where `\\ ` is a space inside a pattern."""
    fields: list[str] = []
    current = ""
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current += line[index:index + 2]
            index += 2
            continue
        if char.isspace():
            if current:
                fields.append(current)
                current = ""
        else:
            current += char
        index += 1
    if current:
        fields.append(current)
    return fields


def read(reading: Reading, text: str, probes: tuple[str, ...], *, effective: bool) -> CodeOwners:
    """Facts of one CODEOWNERS file: its rules, the owners of each probed path, and (when GitHub uses
    this file) the repository's default owners."""
    owners = parse(reading, text)
    for rule in owners.rules:
        reading.fact(SELF, "codeowners_rule", {"pattern": rule.pattern.text, "owners": list(rule.owners),
                                               "effective": effective}, rule.line, key=f"{reading.path}:{rule.line}")
    for target in probes:
        owning = owners.owner_rule(target)
        if owning is not None:
            reading.fact(SELF, "path_owners", sorted(owning.owners), owning.line, key=target)
    default = owners.owner_rule(DEFAULT_PROBE)
    if effective and default is not None and default.owners:
        reading.fact(SELF, "owners", list(default.owners), default.line)
    return owners


def representative(pattern: str) -> str:
    """A concrete path a pattern or glob stands for: `src/auth/**` → `src/auth/x`, `docs/` → `docs/x`."""
    path = pattern.strip().lstrip("/").replace("**/", "").replace("**", "x").replace("*", "x").replace("?", "x")
    path = path.replace("\\", "")
    return path + "x" if path.endswith("/") or not path else path


def disagreements(files: list[CodeOwners], probes: tuple[str, ...], repository: str, commit: str,
                  reading: Reading) -> None:
    """One problem per pair of files that assign different owners to the same path, naming both lines."""
    effective = files[0]
    for other in files[1:]:
        differing = []
        named = tuple(dict.fromkeys(representative(rule.pattern.text) for rule in effective.rules + other.rules))
        for target in dict.fromkeys((DEFAULT_PROBE, *probes, *named)):
            mine, theirs = effective.owner_rule(target), other.owner_rule(target)
            if sorted(mine.owners if mine else ()) != sorted(theirs.owners if theirs else ()):
                differing.append((target, mine, theirs))
        if not differing:
            continue
        target, mine, theirs = differing[0]
        shown = "paths no line names" if target == DEFAULT_PROBE else target
        first = f"{' '.join(mine.owners) or 'no one'} ({effective.path}:{mine.line})" if mine else f"no one ({effective.path})"
        second = f"{' '.join(theirs.owners) or 'no one'} ({other.path}:{theirs.line})" if theirs else f"no one ({other.path})"
        more = f" and {len(differing) - 1} more path{'s' if len(differing) > 2 else ''}" if len(differing) > 1 else ""
        related = tuple(Provenance(repository, commit, f.path, rule.line)
                        for f, rule in ((effective, mine), (other, theirs)) if rule is not None)
        line = theirs.line if theirs else (mine.line if mine else 1)
        problem_reading = Reading(repository, commit, other.path)
        problem_reading.report("federation/codeowners-disagree", line,
                               f"{effective.path} and {other.path} disagree on {shown}{more}: {first} vs {second}; "
                               f"GitHub uses {effective.path} only", related=related)
        reading.problems.extend(problem_reading.problems)
