"""Every check the engine runs, listed explicitly (as yamllint keeps its rules), and the catalogue of their rules.

Adding a rule: declare its `Rule` in the module of its family and list it in
that module's `Check`; adding a family: write the module and list its check here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import (
    Check,
    Rule,
    Stage,
    artifacts,
    authoring,
    canon,
    classification,
    compliance,
    dependencies,
    drift,
    federation,
    identity,
    layers,
    lock,
    ownership,
    roadmap,
    schema,
    secrets,
    status,
    syntax,
    waivers,
)

CHECKS: tuple[Check, ...] = (
    syntax.CHECK,
    schema.CHECK,
    secrets.SCAN,
    canon.CHECK,
    classification.CHECK,
    secrets.DECLARED,
    ownership.CHECK,
    layers.CHECK,
    authoring.CHECK,
    canon.RULE_FILES,
    identity.CHECK,
    classification.GRANTS,
    secrets.INVENTORY,
    dependencies.CHECK,
    layers.NUMBERS,
    artifacts.CHECK,
    federation.CHECK,
    lock.CHECK,
    drift.CHECK,
    status.CHECK,
    compliance.CHECK,
    roadmap.CHECK,
    canon.STATED,
    waivers.CHECK,
)


def at(stage: Stage) -> tuple[Check, ...]:
    return tuple(check for check in CHECKS if check.stage is stage)


def _catalogue() -> Mapping[str, Rule]:
    found: dict[str, Rule] = {}
    names = [check.name for check in CHECKS]
    if len(set(names)) != len(names):
        raise ValueError("two checks share a name: the cache keeps findings by check name")
    for check in CHECKS:
        for rule in check.rules:
            if rule.id in found:
                raise ValueError(f"rule {rule.id} is owned by two checks")
            found[rule.id] = rule
    return MappingProxyType(found)


CATALOGUE = _catalogue()
