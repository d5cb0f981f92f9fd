"""CODEOWNERS with GitHub's semantics: which file counts, which line wins, what a pattern matches.

GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS` and
`docs/CODEOWNERS`; within it the last matching line wins. Patterns follow
gitignore rules with GitHub's documented limits: `docs/*` owns `docs/a.md` but
not `docs/a/b.md`; `apps/` owns an `apps` folder anywhere; `/apps/` only the
one at the root; `!` negation, `[ ]` ranges and `\\#` at the start are not
supported, and such a line is skipped (and reported here).

A pattern is translated to the same regular expression as the `codeowners`
package's (hmarr's translation of GitHub's rules, which the tests compare on
GitHub's documented examples and on random patterns) and run on RE2, whose
matching time is linear in the path: a CODEOWNERS line comes from another
repository and must not be able to stall a sync. Patterns whose literal parts
do not all occur in a path are passed over without running the expression,
and the matching done for one file is bounded (`MATCH_BUDGET` characters
matched): a file large enough to exhaust it has the paths it could not match
listed as unmapped, never a stalled sync.

Because the last matching line wins, a broad line (`* @team`) below the lines
that protect `.github/`, `.github/workflows/`, the CODEOWNERS file or
`.chittyconnect.yml` takes those paths over; `codeowners/protection-overridden`
says so at the broad line, with each protecting line as a related location.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import re2
from re2 import _re2

from .values import SELF, Provenance, Reading

PRECEDENCE = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
MAX_PATTERN = 512
# Characters of pattern and path matched through RE2 for one file (its probes and its protections) or one
# comparison of two files: far beyond any real CODEOWNERS file, and about a second of work at worst.
MATCH_BUDGET = 1_000_000
MAX_COMPARED = 200  # paths compared between two CODEOWNERS files
_OWNER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?|[^@\s]{1,64}@[^@\s]{1,255}")
# A root-level file that no path-specific line names, to learn who owns "everything else".
DEFAULT_PROBE = "getchitty-default-owner-probe"
# A path standing for each of what a repository protects: .github/workflows/, .github/ and .chittyconnect.yml
# (the CODEOWNERS file itself is protected too, at the file's own path).
PROTECTED = (".github/workflows/getchitty-probe.yml", ".github/getchitty-probe", ".chittyconnect.yml")

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.dot_nl = True
_UNANCHORED = re2._Anchor.UNANCHORED


class BudgetSpent(Exception):
    """The matching budget of a file or comparison is used up."""


class Budget:
    def __init__(self, characters: int = MATCH_BUDGET):
        self.left = characters

    def spend(self, characters: int) -> None:
        self.left -= characters
        if self.left < 0:
            raise BudgetSpent


@dataclass(frozen=True)
class Pattern:
    text: str
    regex: str  # the `codeowners` package's translation, for RE2
    longest: str  # the longest literal run: a matching path contains it

    def could_match(self, path: str) -> bool:
        return self.longest in path

    def matches(self, path: str, budget: Budget | None = None) -> bool:
        if not self.could_match(path):
            return False
        if budget is not None:
            budget.spend(len(self.text) + len(path))
        data = path.encode("utf-8", "surrogatepass")
        return _compiled(self.regex).Match(_UNANCHORED, data, 0, len(data))[0][0] != -1


@functools.lru_cache(maxsize=4096)
def _compiled(regex: str) -> Any:
    """The RE2 expression, compiled the first time a path gets past the literal check."""
    return _re2.RE2(regex.encode("utf-8", "surrogatepass"), _OPTIONS)


@dataclass(frozen=True)
class Rule:
    line: int
    pattern: Pattern
    owners: tuple[str, ...]
    col: int = 1  # where the pattern starts on its line


@dataclass(frozen=True)
class CodeOwners:
    path: str
    rules: tuple[Rule, ...]

    def owner_rule(self, target: str, budget: Budget | None = None) -> Rule | None:
        """The rule GitHub applies to `target` (the last matching one), or None; BudgetSpent when the budget
        runs out first."""
        for rule in reversed(self.rules):
            if rule.pattern.matches(target, budget):
                return rule
        return None

    def matching(self, target: str, budget: Budget | None = None) -> list[Rule]:
        """Every rule that matches `target`, in file order."""
        return [rule for rule in self.rules if rule.pattern.matches(target, budget)]


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
    body = text.strip("/")
    parts = ["^" if anchored else "(?:^|/)"]
    literals: list[str] = []
    literal = ""
    index = 0
    while index < len(body):
        char = body[index]
        wildcard = ""
        if char == "\\":
            if index + 1 < len(body):
                literal += body[index + 1]
            index += 2
            continue
        if char in "[]":
            return "uses a `[ ]` character range, which CODEOWNERS does not support"
        if char == "*":
            at_start = index == 0 or body[index - 1] == "/"
            at_end = index + 2 == len(body)
            before_slash = index + 2 < len(body) and body[index + 2] == "/"
            if body.startswith("**", index) and at_start and (at_end or before_slash):
                wildcard = "(?:.*/)?" if before_slash else ".*"
                index += 3 if before_slash else 2
            else:
                wildcard = "[^/]*"
                index += 1
        elif char == "?":
            wildcard = "[^/]"
            index += 1
        else:
            literal += char
            index += 1
            continue
        if literal:
            parts.append(re.escape(literal))
            literals.append(literal)
            literal = ""
        parts.append(wildcard)
    if literal:
        parts.append(re.escape(literal))
        literals.append(literal)
    parts.append("/" if text.endswith("/") else "$" if text.endswith("/*") else "(?:$|/)")
    return Pattern(text, "".join(parts), max(literals, key=len, default=""))


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
        rules.append(Rule(number, pattern, tuple(owners), raw.find(pattern_text) + 1))
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
    this file) the repository's default owners and the protections a later line takes over."""
    owners = parse(reading, text)
    for rule in owners.rules:
        reading.fact(SELF, "codeowners_rule", {"pattern": rule.pattern.text, "owners": list(rule.owners),
                                               "effective": effective}, rule.line, key=f"{reading.path}:{rule.line}")
    budget = Budget()
    targets = (*probes, DEFAULT_PROBE)
    done = 0
    try:
        for target in targets:
            owning = owners.owner_rule(target, budget)
            done += 1
            if owning is None:
                continue
            if target == DEFAULT_PROBE:
                if effective and owning.owners:
                    reading.fact(SELF, "owners", list(owning.owners), owning.line)
            else:
                reading.fact(SELF, "path_owners", sorted(owning.owners), owning.line, key=target)
        if effective:
            _overridden(reading, owners, budget)
    except BudgetSpent:
        reading.skip(1, f"{reading.path}: {len(owners.rules)} lines",
                     f"too many or too complex patterns to match within {MATCH_BUDGET:,} characters: the owners of "
                     f"{len(targets) - done} of {len(targets)} paths, and the protections, were not worked out")
    return owners


def _overridden(reading: Reading, owners: CodeOwners, budget: Budget) -> None:
    """`codeowners/protection-overridden` at each broad line that takes over protected paths from earlier lines."""
    taken: dict[Rule, set[Rule]] = {}  # broad line → the protecting lines it takes over
    for target in (*PROTECTED, reading.path):
        matching = owners.matching(target, budget)
        if len(matching) < 2:
            continue
        winner = matching[-1]
        broad = representative(winner.pattern.text)
        for earlier in matching[:-1]:
            if earlier.pattern.matches(DEFAULT_PROBE, budget) or earlier.pattern.matches(broad, budget) \
                    or _same(earlier.owners, winner.owners):
                continue  # not a protection, not broader than it, or the same owners anyway
            taken.setdefault(winner, set()).add(earlier)
    for winner, protections in taken.items():
        ordered = sorted(protections, key=lambda rule: rule.line)
        listed = ", ".join(f"{rule.line} (`{rule.pattern.text[:80]}`)" for rule in ordered)
        who = " ".join(winner.owners)[:120] or "no one"
        reading.report(
            "codeowners/protection-overridden", winner.line,
            f"`{winner.pattern.text[:80]}` ({who}) comes after the protecting line{'s' if len(ordered) > 1 else ''} "
            f"{listed}; on GitHub the last matching pattern wins, so {who} own what "
            f"{'those lines protect' if len(ordered) > 1 else 'that line protects'}",
            col=winner.col, related=tuple(reading.at(rule.line) for rule in ordered))


def _same(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether two lines name the same owners (GitHub compares user and team names without case)."""
    return {owner.lower() for owner in first} == {owner.lower() for owner in second}


def representative(pattern: str) -> str:
    """A concrete path a pattern or glob stands for: `src/auth/**` → `src/auth/x`, `docs/` → `docs/x`."""
    path = pattern.strip().lstrip("/").replace("**/", "").replace("**", "x").replace("*", "x").replace("?", "x")
    path = path.replace("\\", "")
    return path + "x" if path.endswith("/") or not path else path


def disagreements(files: list[CodeOwners], probes: tuple[str, ...], repository: str, commit: str,
                  reading: Reading) -> None:
    """One problem per pair of files that assign different owners to the same path, naming both lines.

    The paths compared are the default probe, the declaration files and one path per line of either file,
    at most MAX_COMPARED of them and within one matching budget per pair: two huge files are compared on
    their first lines only."""
    effective = files[0]
    for other in files[1:]:
        differing = []
        named = (representative(rule.pattern.text) for rule in effective.rules + other.rules)
        targets = list(dict.fromkeys((DEFAULT_PROBE, *probes, *named)))[:MAX_COMPARED]
        budget = Budget()
        try:
            for target in targets:
                mine, theirs = effective.owner_rule(target, budget), other.owner_rule(target, budget)
                if not _same(mine.owners if mine else (), theirs.owners if theirs else ()):
                    differing.append((target, mine, theirs))
        except BudgetSpent:
            pass  # compared as far as the budget goes; what differs so far is reported
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
