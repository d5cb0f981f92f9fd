"""Rule 8: every owner is a team handle or an access-model role.

That an entity has owners at all is its schema's constraint (`required`, `minItems`),
so an empty list is one finding, the schema's, not two."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..model import Entity, Models
from ..violations import Violation
from . import Check, Input, Stage, error, every_entity

TEAM = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
PLACEHOLDER = re.compile(r"^\s*(<.*>|\{.*\}|\[.*\]|tbd|todo|n/?a|none|unknown|\?+|-+|owner|owners)\s*$", re.I)

PLACEHOLDER_OWNER = error(
    "ownership/placeholder", "An owner is a template placeholder, not a real owner.",
    "Replace the placeholder with a team handle (@org/team) or a role from etc/chittyos/access.yml.",
    "A service nobody really owns has nobody to page, review or rotate its credentials.",
    applies=every_entity)
INVALID_OWNER = error(
    "ownership/invalid-owner", "An owner is neither a team handle nor a role of the access model.",
    "Write owners as @org/team, or use a role defined in etc/chittyos/access.yml.",
    applies=every_entity)


def check_owners(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    roles = models.access.roles

    def check(entity: Entity) -> Iterator[Violation]:
        doc = entity.document
        for index, owner in enumerate(entity.owners):
            at = ("owners", index)  # located only for a finding: locating composes the file
            if PLACEHOLDER.match(owner):
                yield PLACEHOLDER_OWNER.finding(doc.path, doc.locate(at, value=True), f"owner '{owner}' is a placeholder",
                                                entity=entity.name, field="owners")
            elif not TEAM.match(owner) and owner not in roles:
                yield INVALID_OWNER.finding(doc.path, doc.locate(at, value=True), f"owner '{owner}' is not a team handle (@org/team) or an access-model role"
                                            + (f" ({', '.join(sorted(roles))})" if roles else ""),
                                            entity=entity.name, field="owners")
    return check


CHECK = Check("ownership", Stage.ENTITY, (PLACEHOLDER_OWNER, INVALID_OWNER), check_owners, reads=(Input.ACCESS,))
