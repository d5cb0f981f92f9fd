"""The rule protocol: what every rule declares, and the checks that report its findings.

A `Rule` is one stable id with its severity, summary, hint and why, and which
entities its outcome speaks about (for the governance view). A `Check` is one
unit of work that reports the findings of the rules it owns, at one stage:

- FILE: one source file at a time, on what the file says on its own (cached per
  file while the file is unchanged);
- ECOSYSTEM: the whole model, on what the files say about each other;
- FINDINGS: the findings of the other stages (waivers accept or expire them).

`registry.CHECKS` lists every check explicitly; the engine runs them all the
same way, stage by stage. Canon IF/THEN rules come from data files, so the
canon check describes their `Rule`s per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..credentials import redact
from ..violations import Related, Severity, Violation

if TYPE_CHECKING:
    from ..load import LoadResult
    from ..model import Ecosystem, Entity


class Stage(Enum):
    FILE = "file"
    ECOSYSTEM = "ecosystem"
    FINDINGS = "findings"


Applies = Callable[["Entity", "Ecosystem"], bool]


def every_entity(entity: Entity, eco: Ecosystem) -> bool:
    """Every entity with a manifest: the manifest rules say nothing about a service that has none yet."""
    return entity.onboarded


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # one line: what it checks
    hint: str  # how to fix a finding
    why: str = ""  # why the rule exists, for the rule's page
    # Whether the rule's outcome speaks about an entity even when it passes (the governance
    # view lists it as passing); None: the rule shows on an entity's page only with a finding.
    applies: Applies | None = field(default=None, compare=False)

    def finding(self, path: str, position: tuple[int, int], message: str, *,
                entity: str | None = None, field: str | None = None, hint: str | None = None,
                related: tuple[Related, ...] = (), credentials: tuple[str, ...] = ()) -> Violation:
        """A finding of this rule; `credentials` are the values it flags as credentials (it is then `secret`)."""
        line, col = position
        return Violation(self.id, self.severity, path, line, col, redact(message), redact(hint or self.hint),
                         entity=entity, field=field, related=related, secret=bool(credentials),
                         credentials=credentials)


def error(id: str, summary: str, hint: str, why: str = "", *, applies: Applies | None = None) -> Rule:
    return Rule(id, Severity.ERROR, summary, hint, why, applies)


def warning(id: str, summary: str, hint: str, why: str = "", *, applies: Applies | None = None) -> Rule:
    return Rule(id, Severity.WARNING, summary, hint, why, applies)


@dataclass
class SourceFile:
    """What a FILE-stage check sees: one source as loaded, and the schema it must follow (if any)."""

    path: str
    loaded: LoadResult
    schema: Any = None  # rules.schema.CompiledSchema
    entity: str | None = None  # what findings in the file are about, for waivers
    optional: bool = False  # its absence is no finding


@dataclass(frozen=True)
class Findings:
    """What a FINDINGS-stage check sees: the model and every finding of the earlier stages."""

    ecosystem: Ecosystem
    violations: list[Violation]
    today: date


@dataclass(frozen=True)
class Check:
    """One unit of work at one stage, reporting findings of the rules it owns (and no others).

    `run` takes a SourceFile (FILE), the Ecosystem (ECOSYSTEM) or Findings
    (FINDINGS); a FINDINGS check returns the complete list of findings.
    """

    name: str
    stage: Stage
    rules: tuple[Rule, ...]
    run: Callable[[Any], Iterable[Violation]]
    # Rules described per run from data (the Canon's); none for code-defined checks.
    describe: Callable[[Ecosystem], Iterable[Rule]] | None = None
