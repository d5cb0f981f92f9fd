"""What a reader gives back: facts with their provenance, lines it could not place, and problems.

Every value here is frozen and plain, so readers can run in worker threads, a
snapshot can be written and read back without loss, and the engine can turn a
`Problem` into its own finding type without importing anything from here but
this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The subject of a fact about the service that the read repository declares for
# itself; replaced by that service's id once the whole repository has been read.
SELF = "@self"
# The severity a reader records: every problem it finds is in a file another repository owns.
WARNING = "warning"


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: repository ("owner/name", or a local label), commit, path, 1-based line."""

    repository: str
    commit: str
    path: str
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.repository}@{self.commit[:12]}:{self.path}:{self.line}"


@dataclass(frozen=True)
class Fact:
    """One thing a repository declares: `field` of `subject` is `value`.

    `subject` is a service id ("" for facts about the repository or the
    ecosystem as a whole). `key` tells apart the items of a field that holds
    many (one fact per secret, route, dependency...), so that two sources'
    values for the same item can be compared.
    """

    subject: str
    field: str
    value: Any
    provenance: Provenance
    key: str = ""


@dataclass(frozen=True)
class Unmapped:
    """A source line that no reader could place, kept so that nothing is dropped silently."""

    path: str
    line: int
    text: str
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    """Bad input, as a value: the engine reports it like any other finding, under the rule `rule_id`."""

    rule_id: str
    severity: str
    path: str
    line: int
    col: int
    message: str
    hint: str
    related: tuple[Provenance, ...] = ()
    repository: str = ""


def problem(rule_id: str, path: str, line: int, message: str, *, col: int = 1,
            related: tuple[Provenance, ...] = (), repository: str = "") -> Problem:
    """A problem of the rule `rule_id`, which generator/rules/ declares with its severity, summary and hint.

    Every problem a reader finds is in a file another repository owns, so it is recorded as a warning (the
    rules' default for them); the check reports it at the severity the rule catalogue and
    etc/federation/sources.yml give it, and with the rule's hint.
    """
    return Problem(rule_id, WARNING, path, line, col, message, "", related, repository)


@dataclass
class Reading:
    """What one reader found in one file; the reader appends, nothing raises."""

    repository: str
    commit: str
    path: str
    facts: list[Fact] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # How an ambiguous line was read (for `getchitty import`'s report); not part of a snapshot.
    decisions: list[Unmapped] = field(default_factory=list)
    # What `skip` and `decide` recorded, to keep each entry once in linear time (a 2 MiB page has 100,000 lines).
    _noted: set[Unmapped] = field(default_factory=set, repr=False, compare=False)
    _decided: set[Unmapped] = field(default_factory=set, repr=False, compare=False)

    def at(self, line: int) -> Provenance:
        return Provenance(self.repository, self.commit, self.path, line)

    def fact(self, subject: str, name: str, value: Any, line: int, key: str = "") -> None:
        self.facts.append(Fact(subject, name, value, self.at(line), key))

    def skip(self, line: int, text: str, reason: str = "") -> None:
        entry = Unmapped(self.path, line, clip(text), reason)
        if entry not in self._noted:
            self._noted.add(entry)
            self.unmapped.append(entry)

    def decide(self, line: int, message: str) -> None:
        entry = Unmapped(self.path, line, "", message)
        if entry not in self._decided:
            self._decided.add(entry)
            self.decisions.append(entry)

    def report(self, rule_id: str, line: int, message: str, *, col: int = 1,
               related: tuple[Provenance, ...] = ()) -> None:
        self.problems.append(problem(rule_id, self.path, line, message, col=col, related=related,
                                     repository=self.repository))


def clip(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters: enough to find the line, never a whole document."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
