"""drift/<field>: two sources state different values for the same fact about one service.

One finding per (service, field), at the statement of highest precedence (this
repository's manifest, then the service's own repository, other repositories,
the registry), with every other statement as a related location and both
upstream locations named in the message. A field that holds one value per item
(path_owners: one per path) is still one finding, naming the items that differ.
Drift is a warning; `drift:` in etc/federation/sources.yml can make a field's
drift an error or a notice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..federated import COMPARED, Claim, Declaration
from ..model import Ecosystem, Entity
from ..violations import Related, Severity, Violation
from . import Check, Input, Rule, Stage

SHOWN_ITEMS = 3  # items of a many-valued field named in one message
WHY = ("The portal shows one value per fact, chosen by precedence; when the sources disagree, readers should know, "
       "and the repository that is wrong should be fixed.")
LABELS = {"tier": "tier", "category": "category", "domain": "production domain", "repository": "repository",
          "organization": "organization", "health_route": "health route", "canonical_uri": "canonical URI",
          "owners": "owners", "path_owners": "owners of a path", "status": "status"}


def _applies(field_name: str):
    def applies(entity: Entity, eco: Ecosystem) -> bool:
        return len({claim.local.path for claim in eco.federation.declaration(entity.name).all(field_name)}) > 1
    return applies


DRIFT_RULES: dict[str, Rule] = {
    name: Rule(f"drift/{name}", Severity.WARNING, f"Two sources state a different {LABELS[name]} for one service.",
               "Fix the value in the repository that is wrong (each location is named), or record a waiver naming "
               "the team that owns the fact.", WHY, applies=_applies(name))
    for name in COMPARED}


def disagreements(declaration: Declaration, field_name: str) -> list[tuple[str, list[list[Claim]]]]:
    """Per item of the field whose claims differ: the claims grouped by value, groups in order of precedence."""
    from ..federation.reconcile import comparable  # with the first claim compared: without a federation there is none

    by_key: dict[str, list[Claim]] = {}
    for claim in declaration.all(field_name):
        if claim.role != "board":
            by_key.setdefault(claim.key, []).append(claim)
    found = []
    for key in sorted(by_key):
        groups: dict[Any, list[Claim]] = {}
        for claim in by_key[key]:
            groups.setdefault(comparable(claim.value), []).append(claim)
        if len(groups) > 1:
            found.append((key, list(groups.values())))
    return found


def _describe(groups: list[list[Claim]]) -> str:
    return " vs ".join(f"{_value(group[0].value)} ({', '.join(claim.source for claim in group)})" for group in groups)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return str(value)


def check(eco: Ecosystem) -> Iterable[Violation]:
    federation = eco.federation
    if not federation.present:
        return
    for name in eco.entities:
        declaration = federation.declaration(name)
        for field_name, rule in DRIFT_RULES.items():
            differing = disagreements(declaration, field_name)
            if not differing:
                continue
            claims = [claim for _, groups in differing for group in groups for claim in group]
            first = min(claims, key=lambda claim: declaration.all(field_name).index(claim))
            parts = [f"{key}: {_describe(groups)}" if key else _describe(groups) for key, groups in differing[:SHOWN_ITEMS]]
            more = len(differing) - SHOWN_ITEMS
            message = (f"{name}: {LABELS[field_name]} differs between its sources: " + "; ".join(parts)
                       + (f"; and {more} more" if more > 0 else ""))
            related, seen = [], {(first.local.path, first.local.position())}
            for claim in claims:
                line, col = claim.local.position()
                if (claim.local.path, (line, col)) not in seen:
                    seen.add((claim.local.path, (line, col)))
                    related.append(Related(claim.local.path, line, col, f"{claim.source}: {_value(claim.value)}"))
            finding = rule.finding(first.local.path, first.local.position(), message, entity=name, field=field_name,
                                   related=tuple(related))
            configured = federation.drift_severity.get(field_name)
            yield replace(finding, severity=Severity(configured)) if configured else finding


CHECK = Check("drift", Stage.ECOSYSTEM, tuple(DRIFT_RULES.values()), check,
              reads=(Input.FEDERATION, Input.MANIFESTS, Input.NAMES))
