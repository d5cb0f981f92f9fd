"""Findings as values: rules return them, formatters print them, nothing raises them."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # worth knowing, never a failure (not even with --strict)


@dataclass(frozen=True)
class Waiver:
    """An accepted finding: which rule on which entity (and field), why, whose, and until when; and where it is
    written (`path`, its `index` in the file's list, its line and column)."""

    rule: str
    entity: str
    reason: str
    owner: str
    expires: str
    field: str | None = None
    roadmap: str | None = None
    path: str = ""
    expiry: date | None = None  # `expires` read strictly as YYYY-MM-DD; None when it is not a date
    index: int | None = None
    # Its line and column, or what locates them when first asked: locating composes the waivers file again with
    # PyYAML, whose import alone is 10 ms of a check that shows no waiver's place (a text report lists none).
    written_at: tuple[int, int] | Callable[[], tuple[int, int]] = dataclasses.field(default=(1, 1), compare=False,
                                                                                   repr=False)

    @functools.cached_property
    def position(self) -> tuple[int, int]:
        return self.written_at if isinstance(self.written_at, tuple) else self.written_at()

    @property
    def line(self) -> int:
        return self.position[0]

    @property
    def col(self) -> int:
        return self.position[1]

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the check's cache keeps findings) located: what locates it holds the whole file."""
        return {**self.__dict__, "written_at": self.position}

    def expired(self, today: date) -> bool:
        return self.expiry is not None and self.expiry < today

    def matches(self, violation: Violation) -> bool:
        return (
            violation.rule == self.rule
            and violation.entity == self.entity
            and (self.field is None or violation.field == self.field)
        )


@dataclass(frozen=True)
class Related:
    """Another place a finding is about: the other source of a disagreement, the first of two duplicates."""

    path: str
    line: int
    col: int
    message: str = ""

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Violation:
    """One finding: a rule broken at a place in a file, what is wrong and how to fix it."""

    rule: str
    severity: Severity
    path: str  # repository-relative, POSIX separators
    line: int  # 1-based
    col: int  # 1-based
    message: str
    hint: str
    entity: str | None = None  # the service or model the finding is about, for waivers
    field: str | None = None  # dotted path inside the document, e.g. "routes.health"
    waiver: Waiver | None = None
    related: tuple[Related, ...] = ()
    # The finding marks a credential written in the sources: nothing taken from that
    # file's data or text may leave the process (pages, JSON, cache), waived or not.
    secret: bool = False
    # The flagged values themselves, so that every output can redact them; in memory only:
    # never compared, printed, cached or formatted.
    credentials: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR and not self.waived

    @property
    def open_warning(self) -> bool:
        return self.severity is Severity.WARNING and not self.waived

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def sort_key(self) -> tuple:
        """Findings in file order; the rest of the key makes the order total, so that every way of finding the
        same findings prints them in the same order."""
        return (self.path, self.line, self.col, self.rule, self.message, self.hint, self.entity or "", self.field or "",
                self.severity.value, tuple((r.path, r.line, r.col, r.message) for r in self.related))


def summary(violations: Iterable[Violation]) -> dict[str, int]:
    """The counts every output states: blocking errors, open warnings, waived findings, notices."""
    counts = {"errors": 0, "warnings": 0, "waived": 0, "notices": 0}
    for v in violations:
        if v.waived:
            counts["waived"] += 1
        elif v.severity is Severity.ERROR:
            counts["errors"] += 1
        elif v.severity is Severity.WARNING:
            counts["warnings"] += 1
        else:
            counts["notices"] += 1
    return counts
