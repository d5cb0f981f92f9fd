"""What the pages and the read model show about one entity's sources: each fact with where and when it was
stated, the status with its evidence, the board as history, drift, and the compliance dimensions.

A view-model built from the checked model and its findings; it reads no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .compliance import DimensionResult
from .credentials import redact
from .federated import Claim, RegistryEntry
from .model import Ecosystem, Entity
from .status import Decision
from .violations import Violation

# The facts of the Sources table, in the order shown: (field, label).
ROWS = (
    ("organization", "Organization"),
    ("tier", "Ecosystem tier"),
    ("type", "Type"),
    ("territory", "Territory"),
    ("active", "Active (registry)"),
    ("domain", "Production domain"),
    ("repository", "Repository"),
    ("health_route", "Health route"),
    ("canonical_uri", "Canonical URI"),
    ("charter_url", "Charter"),
    ("charter.status", "Charter certification"),
    ("owners", "Owners"),
    ("category", "Category (as the sources write it)"),
    ("status", "Status (as a manifest states it)"),
    ("description", "Description"),
)
ROLE_NAMES = {"curated": "this repository", "own": "its own repository", "service": "another repository",
              "registry": "ecosystem registry", "board": "January board"}


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    value: Any
    claim: Claim
    others: tuple[Claim, ...]  # statements of other values, in order of precedence
    drift: bool

    @property
    def role(self) -> str:
        return ROLE_NAMES.get(self.claim.role, self.claim.role)


@dataclass(frozen=True)
class Facts:
    entity: Entity
    onboarded: bool
    federated: bool  # the repository has etc/federation/
    decision: Decision | None
    tier: int | None
    tier_label: str
    tier_claim: Claim | None
    organization: str
    registry: RegistryEntry | None
    is_source: bool
    rows: tuple[Row, ...]
    drift: tuple[Violation, ...]
    compliance: tuple[DimensionResult, ...]
    board_status: Claim | None
    board_layer: Claim | None

    def stated(self, field_name: str) -> Any:
        """What the sources state for a field, by precedence; None when none states it."""
        return next((row.value for row in self.rows if row.field == field_name), None)

    @property
    def name(self) -> str:
        """The name as the sources write it: `.github` for the entry of one organization."""
        return self.registry.registry_name if self.registry is not None else self.entity.name


def facts(eco: Ecosystem, entity: Entity, findings: tuple[Violation, ...] = (),
          secret_files: frozenset[str] = frozenset()) -> Facts:
    """The entity's view; a value read from a file that holds a credential is shown redacted."""
    federation = eco.federation
    declaration = federation.declaration(entity.name)
    rows = []
    for field_name, label in ROWS:
        claims = declaration.all(field_name)
        if not claims:
            continue
        first = claims[0]
        others = tuple(claim for claim in claims[1:] if _plain(claim.value) != _plain(first.value))
        value = redact_data(first.value) if first.local.path in secret_files else first.value
        rows.append(Row(field_name, label, value, first, others, bool(others)))
    tier_claim = declaration.first("tier")
    tier = tier_claim.value if tier_claim is not None and isinstance(tier_claim.value, int) else None
    organization = declaration.value("organization")
    return Facts(
        entity=entity, onboarded=entity.onboarded, federated=federation.present,
        decision=eco.statuses.get(entity.name), tier=tier, tier_label=federation.tiers.label(tier),
        tier_claim=tier_claim, organization=organization if isinstance(organization, str) else "",
        registry=federation.registry.get(entity.name), is_source=federation.is_source(entity.name),
        rows=tuple(rows), drift=tuple(v for v in findings if v.rule.startswith("drift/")),
        compliance=eco.compliance.get(entity.name, ()),
        board_status=declaration.first("board.status", "board"), board_layer=declaration.first("board.layer", "board"))


def redact_data(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_data(item) for item in value]
    if isinstance(value, dict):
        return {key: redact_data(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, list):
        return tuple(sorted(str(_plain(item)) for item in value))
    return value


def claim_json(claim: Claim | None) -> dict | None:
    if claim is None:
        return None
    provenance = claim.provenance
    return {"source": claim.source, "role": claim.role, "date": claim.date or None,
            "repository": provenance.repository if provenance else None,
            "commit": provenance.commit if provenance else None,
            "path": provenance.path if provenance else claim.local.path,
            "line": provenance.line if provenance else None}


def facts_json(view: Facts) -> dict:
    """The entity's federated facts for the read model (values as the sources state them, with provenance)."""
    decision = view.decision
    return {
        "onboarded": view.onboarded,
        "organization": view.organization or None,
        "ecosystem_tier": view.tier,
        "ecosystem_tier_name": view.tier_label.partition(" · ")[2] or None,
        "repository_is_source": view.is_source,
        "status_rule": None if decision is None else {
            "status": decision.status, "branch": decision.branch, "reason": decision.reason,
            "evidence": [{"input": e.label, "kind": e.kind, "value": e.value, "decides": e.decides,
                          **({"claim": claim_json(e.claim)} if e.claim else {})}
                         for e in decision.evidence]},
        "board": None if view.board_status is None else {
            "status": view.board_status.value, "layer": view.board_layer.value if view.board_layer else None,
            "source": view.board_status.source},
        "registry": None if view.registry is None else {
            "name": view.registry.registry_name, "organization": view.registry.organization, "tier": view.registry.tier,
            "type": view.registry.type or None, "domain": view.registry.domain or None,
            "repository": view.registry.repository or None, "territory": view.registry.territory or None,
            "active": view.registry.active, "description": view.registry.description or None},
        "facts": [{"field": row.field, "value": row.value, "claim": claim_json(row.claim),
                   "others": [{"value": other.value, "claim": claim_json(other)} for other in row.others]}
                  for row in view.rows],
        "drift": [{"rule": v.rule, "message": v.message, "location": v.location,
                   "waived": v.waiver is not None} for v in view.drift],
        "compliance": [{"dimension": result.dimension.id, "name": result.dimension.name, "level": result.level,
                        "state": result.state,
                        "checks": [{"kind": c.kind, "description": c.description, "state": c.state, "detail": c.detail}
                                   for c in result.checks]}
                       for result in view.compliance],
    }
