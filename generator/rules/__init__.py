"""The rule protocol: what every rule declares, and the checks that report its findings.

A `Rule` is one stable id with its severity, summary, hint and why, and which
entities its outcome speaks about (for the governance view). A `Check` is one
unit of work that reports the findings of the rules it owns, at one stage:

- FILE: one source file at a time, on what the file says on its own;
- ENTITY: one manifest's entity at a time, against the ecosystem-wide models
  (model.Models: model files, Canon, schemas), never against other entities;
- ECOSYSTEM: once, on what the files say about each other, reading other
  entities only through the index of cards (model.Card);
- FINDINGS: the findings of the other stages (waivers accept or expire them).

A check's findings are a function of its subject (the file, the entity, or the
ecosystem) and of the inputs it names in `reads`, nothing else. That is the
contract the engine's cache rests on: findings are kept with the fingerprints
of their subject and of those inputs, and a check runs again only where one of
them changed. A check that read an input it does not name would keep stale
findings; the tests that compare a re-check with a cold check catch it.

`registry.CHECKS` lists every check explicitly; the engine runs them all the
same way, stage by stage. Canon IF/THEN rules come from data files, so the
canon check describes their `Rule`s per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

from ..credentials import redact
from ..violations import Related, Severity, Violation

if TYPE_CHECKING:
    from ..load import LoadResult
    from ..model import Ecosystem, Entity


class Stage(Enum):
    FILE = "file"
    ENTITY = "entity"
    ECOSYSTEM = "ecosystem"
    FINDINGS = "findings"


class Input(StrEnum):
    """What a check may read besides its subject; the engine fingerprints each one."""

    SCHEMAS = "schemas"  # every file of the schema folder
    CANON = "canon"  # the Canon's rule files, its config and the active profile
    SCOPES = "scopes"  # the model files, each by its name (model.MODEL_FILES)
    ONTOLOGY = "ontology"
    SECRETS = "secrets"
    ACCESS = "access"
    LAYERS = "layers"
    ROADMAP = "roadmap"
    INDEX = "index"  # every loaded manifest's card, in order
    NAMES = "names"  # every name an entity is known by (model.Ecosystem.names)
    ARTIFACTS = "artifacts"  # the files the manifests name as artifacts
    FEDERATION = "federation"  # etc/federation/ (sources, lock, snapshots) and the tiers
    MANIFESTS = "manifests"  # the whole of every manifest that has a page (what the federation compares)


Applies = Callable[["Entity", "Ecosystem"], bool]
EntityCheck = Callable[["Entity"], Iterable[Violation]]  # what an ENTITY check's `run` returns


def every_entity(entity: Entity, eco: Ecosystem) -> bool:
    """Every entity with a manifest: the manifest rules say nothing about a service that has none yet."""
    return entity.onboarded


@dataclass(frozen=True)
class Rule:
    """A rule findings are reported under: its id, severity, what it checks, how to fix a finding and why it exists."""

    id: str
    severity: Severity
    summary: str  # one line: what it checks
    hint: str  # how to fix a finding
    why: str = ""  # why the rule exists, for the rule's page
    # Whether the rule's outcome speaks about an entity even when it passes (the governance
    # view lists it as passing); None: the rule shows on an entity's page only with a finding.
    applies: Applies | None = field(default=None, compare=False, repr=False)

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

    `run` takes a SourceFile (FILE), the Models (ENTITY: it returns the function that checks one entity
    against them, so that what every entity shares is prepared once), the Ecosystem (ECOSYSTEM) or Findings
    (FINDINGS; it returns the complete list of findings). `reads` names every input the findings depend on
    besides the subject (a FINDINGS check runs every time and names none).
    """

    name: str
    stage: Stage
    rules: tuple[Rule, ...]
    run: Callable[..., Any]  # see above: what it takes and returns depends on the stage
    reads: tuple[Input, ...] = ()
    # Rules described per run from data (the Canon's); none for code-defined checks.
    describe: Callable[[Ecosystem], Iterable[Rule]] | None = None
    # ENTITY: also every manifest without a page of its own (a duplicate or unsafe name), not only the pages.
    every_manifest: bool = False

