"""The rule catalogue: every finding the engine can produce has an entry here.

Rule modules register their rules at import time; the catalogue feeds the
formatters (SARIF rule metadata), the site's per-rule pages and the README.
Canon IF/THEN rules come from data files, so they are registered per run by
the canon module rather than here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..violations import Severity, Violation


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # one line: what it checks
    hint: str  # how to fix a finding
    why: str = ""  # why the rule exists, for the rule's page

    def finding(self, path: str, position: tuple[int, int], message: str, *,
                entity: str | None = None, field: str | None = None,
                hint: str | None = None) -> Violation:
        from .secrets import redact  # here, not at the top: secrets registers its rules through this module

        line, col = position
        return Violation(self.id, self.severity, path, line, col, redact(message),
                         hint or self.hint, entity=entity, field=field)


CATALOGUE: dict[str, Rule] = {}


def rule_slug(rule_id: str) -> str:
    """URL-safe form of a rule id, for the rule's page: canon/required/routes.health → canon-required-routes-health."""
    return "".join(c if c.isalnum() else "-" for c in rule_id.lower()).strip("-")


def rule(id: str, severity: Severity, summary: str, hint: str, why: str = "") -> Rule:
    if id in CATALOGUE:
        raise ValueError(f"rule {id} registered twice")
    CATALOGUE[id] = Rule(id, severity, summary, hint, why)
    return CATALOGUE[id]


def error(id: str, summary: str, hint: str, why: str = "") -> Rule:
    return rule(id, Severity.ERROR, summary, hint, why)


def warning(id: str, summary: str, hint: str, why: str = "") -> Rule:
    return rule(id, Severity.WARNING, summary, hint, why)
