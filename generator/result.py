"""What a check found, and the governance view computed from it once for every output.

The governance view is what the pages and the read model show about rules:
each entity's outcome per applicable rule (every finding with the field it
concerns), the scorecard, the waivers with their expiry, and totals that are
the same numbers `getchitty check` prints.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .credentials import Redactor
from .federation import SNAPSHOT_DIR
from .model import DOCS_DIR, Ecosystem, Entity, RoadmapItem
from .rules import Rule
from .violations import Violation, Waiver, summary

if TYPE_CHECKING:
    from .record import Records


@dataclass(frozen=True)
class RuleOutcome:
    """One rule on one entity: pass, or its findings (each naming the field it concerns)."""

    rule: Rule
    state: str  # "pass", "notice", "waived", "warning" or "error"
    findings: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class EntityGovernance:
    """Every applicable rule's outcome on one entity."""

    entity: Entity
    outcomes: tuple[RuleOutcome, ...]

    @property
    def passing(self) -> tuple[RuleOutcome, ...]:
        return tuple(o for o in self.outcomes if o.state == "pass")

    @property
    def open(self) -> tuple[RuleOutcome, ...]:
        return tuple(o for o in self.outcomes if o.state != "pass")

    @functools.cached_property
    def counts(self) -> dict[str, int]:
        """Findings by state (the check's counting) and passing rules."""
        counts = summary(f for o in self.outcomes for f in o.findings)
        counts["passing"] = len(self.passing)
        return counts

    @functools.cached_property  # every list of entities asks for it, some pages several times
    def state(self) -> str:
        """The entity's worst state: error, warning, waived, notice or pass."""
        for state in ("error", "warning", "waived", "notice"):
            if any(o.state == state for o in self.outcomes):
                return state
        return "pass"


@dataclass(frozen=True)
class WaiverRow:
    """A waiver as the pages list it: when it expires, its roadmap item, the findings it accepts."""

    waiver: Waiver
    days_left: int | None  # None: the expiry is not a date
    expiring: bool  # expires within the notice period (waivers.yml `notice_days`)
    roadmap: RoadmapItem | None
    covers: tuple[Violation, ...]  # the findings it accepts


@dataclass(frozen=True)
class GovernanceView:
    """What the pages show about rules: each entity's outcomes, the totals, the waivers, the findings by rule."""

    entities: Mapping[str, EntityGovernance]
    totals: Mapping[str, int]  # errors, warnings, waived (as `getchitty check` counts them), passing
    waivers: tuple[WaiverRow, ...]
    by_rule: Mapping[str, tuple[Violation, ...]]

    @property
    def expiring(self) -> tuple[WaiverRow, ...]:
        return tuple(row for row in self.waivers if row.expiring)


@dataclass(frozen=True)
class Result:
    """What a check found, with the ecosystem it found it in and the rules it ran."""

    ecosystem: Ecosystem
    violations: tuple[Violation, ...]
    rules: Mapping[str, Rule]
    today: date
    # The values the check flagged as credentials: held in memory only, for `redact`.
    credentials: frozenset[str] = field(default=frozenset(), repr=False)
    docs_dir: str = DOCS_DIR  # the folder the site publishes, relative to the repository (scanned by the check)

    @functools.cached_property
    def redact(self) -> Redactor:
        """The redaction every output passes its strings through (the flagged values, and anything
        that looks like a credential)."""
        return Redactor(self.credentials)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.blocking]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.open_warning]

    @property
    def waived(self) -> list[Violation]:
        return [v for v in self.violations if v.waived]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    @staticmethod
    def upstream(violation: Violation) -> bool:
        """Whether a finding comes from what a synced repository states (a committed snapshot): located there, or
        a disagreement between a file here and a synced repository (one of its other places is in a snapshot),
        such as a manifest whose tier or status the service's own repository now contradicts. Which side is out of
        date is for the two teams to settle, so it shows on the service's page but is no reason to hold the site
        back: the sync that brings the new evidence still builds."""
        inside = SNAPSHOT_DIR + "/"
        return violation.path.startswith(inside) or any(other.path.startswith(inside) for other in violation.related)

    def site_blockers(self, strict: bool = False) -> list[Violation]:
        """The findings that keep the site from being built: every open error, and with `strict` every open
        warning about the portal's own files (an upstream warning is published, never blocking)."""
        return [v for v in self.violations
                if v.blocking or (strict and v.open_warning and not self.upstream(v))]

    def blocks_site(self, strict: bool = False) -> bool:
        return bool(self.site_blockers(strict))

    @functools.cached_property
    def governance(self) -> GovernanceView:
        return governance_view(self)

    @functools.cached_property
    def records(self) -> Records:
        """Every entity's service record (record.py): what its page, its read-API file and the lists read."""
        from .record import build  # only pages read records: a check does without the module and its classes

        return build(self.ecosystem)


def _state(findings: list[Violation]) -> str:
    if any(v.blocking for v in findings):
        return "error"
    if any(v.open_warning for v in findings):
        return "warning"
    if any(v.waived for v in findings):
        return "waived"
    return "notice"


def governance_view(result: Result) -> GovernanceView:
    eco = result.ecosystem
    by_entity: dict[str | None, dict[str, list[Violation]]] = {}
    by_rule: dict[str, list[Violation]] = {}
    for violation in result.violations:
        by_entity.setdefault(violation.entity, {}).setdefault(violation.rule, []).append(violation)
        by_rule.setdefault(violation.rule, []).append(violation)
    applicable = [(rule.id, rule.applies) for rule in result.rules.values() if rule.applies is not None]
    entities: dict[str, EntityGovernance] = {}
    for name, entity in eco.entities.items():
        found = by_entity.get(name, {})
        chosen = {rule_id for rule_id, applies in applicable if applies(entity, eco)} | set(found)
        outcomes = []
        for rule_id in sorted(chosen):
            rule = result.rules.get(rule_id)
            if rule is None:
                continue
            hits = found.get(rule_id, [])
            outcomes.append(RuleOutcome(rule, _state(hits) if hits else "pass", tuple(hits)))
        entities[name] = EntityGovernance(entity, tuple(outcomes))
    totals = summary(result.violations)
    totals["passing"] = sum(len(g.passing) for g in entities.values())
    roadmap = {item.id: item for item in eco.roadmap.items}
    covered: dict[Waiver, list[Violation]] = {}
    for violation in result.violations:
        if violation.waiver is not None:
            covered.setdefault(violation.waiver, []).append(violation)
    rows = []
    for waiver in sorted(eco.waivers, key=lambda w: (w.expires, w.entity, w.rule, w.field or "")):
        days = (waiver.expiry - result.today).days if waiver.expiry is not None else None
        rows.append(WaiverRow(waiver, days, days is not None and days <= eco.waiver_notice_days,
                              roadmap.get(waiver.roadmap or ""), tuple(covered.get(waiver, ()))))
    return GovernanceView(entities, totals, tuple(rows), {rule: tuple(v) for rule, v in by_rule.items()})
