"""Findings as values: rules return them, formatters print them, nothing raises them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Waiver:
    rule: str
    entity: str
    reason: str
    owner: str
    expires: str
    field: str | None = None
    roadmap: str | None = None
    path: str = ""
    line: int = 1
    col: int = 1

    def matches(self, violation: "Violation") -> bool:
        return (
            violation.rule == self.rule
            and violation.entity == self.entity
            and (self.field is None or violation.field == self.field)
        )


@dataclass(frozen=True)
class Violation:
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

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR and not self.waived

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule, self.message)
