"""compliance/<dimension>: a dimension the service's type requires fails on what the synced files show.

The dimensions and the per-type profiles are the registry's own (chittyops
compliance/checks.yml and compliance/service-registry.yml), so the rules are
described per run from them. Only what generator/compliance.py can decide
offline is reported; a dimension that needs a live probe, a workflow or a file
outside the sparse sync is shown as "not checked offline" and never passes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..federated import Dimension, Local
from ..model import Ecosystem, Entity
from ..violations import Related, Severity, Violation
from . import Check, Input, Rule, Stage

WHY = ("The ecosystem's own compliance dimensions, as the registry defines them; the portal reports what the synced "
       "declaration files show and says plainly what it cannot check offline.")


def _applies(dimension_id: str):
    # Imported once per rule, never per entity: a dimension exists only where a federation was read.
    from ..compliance import FAILED, PASSED

    decided = (PASSED, FAILED)

    def applies(entity: Entity, eco: Ecosystem) -> bool:
        return any(result.dimension.id == dimension_id and result.state in decided
                   for result in eco.compliance.get(entity.name, ()))
    return applies


def rule_of(dimension: Dimension) -> Rule:
    return Rule(f"compliance/{dimension.id}", Severity.WARNING,
                f"{dimension.name}: {dimension.description or 'a compliance dimension of the registry'}"
                " (required by the service's type).",
                "Add what the message names to the service's repository and sync again, or waive the finding with the "
                "service's team as owner.", WHY, applies=_applies(dimension.id))


def describe(eco: Ecosystem) -> Iterable[Rule]:
    return [rule_of(dimension) for dimension in eco.federation.compliance.dimensions.values()]


def check(eco: Ecosystem) -> Iterable[Violation]:
    if not eco.compliance:
        return  # no federation, no dimension decided: the module that decides them is not even imported
    from ..compliance import FAILED

    federation = eco.federation
    for name, results in eco.compliance.items():
        for result in results:
            if result.state != FAILED or result.level != "required":
                continue
            failing = [check for check in result.checks if check.state == FAILED]
            snap = federation.snapshot_of(name)
            at: Local | None = next((check.claim.local for check in failing if check.claim is not None), None)
            if at is None and snap is not None:
                at = Local(snap.document, ("files",), at_key=True)
            if at is None:
                continue
            related = []
            if result.profile is not None:
                line, col = result.profile.local.position()
                related.append(Related(result.profile.local.path, line, col,
                                       f"the {result.profile.key} profile ({result.profile.source})"))
            where = f" in {snap.snapshot.repository}@{snap.snapshot.commit[:12]}" if snap is not None else ""
            details = "; ".join(f"{check.description}: {check.detail}" for check in failing)
            yield rule_of(result.dimension).finding(
                at.path, at.position(), f"{name}: {result.dimension.name} is required for its type but fails{where}: {details}",
                entity=name, field=result.dimension.id, related=tuple(related))


CHECK = Check("compliance", Stage.ECOSYSTEM, (), check, reads=(Input.FEDERATION, Input.MANIFESTS, Input.NAMES),
              describe=describe)
