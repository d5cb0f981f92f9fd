"""Rule 8: every entity has owners, and every owner is a team handle or an access-model role."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..violations import Violation
from . import error

if TYPE_CHECKING:
    from ..engine import Ecosystem

TEAM = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
PLACEHOLDER = re.compile(r"^\s*(<.*>|\{.*\}|\[.*\]|tbd|todo|n/?a|none|unknown|\?+|-+|owner|owners)\s*$", re.I)

MISSING = error(
    "ownership/missing", "An entity lists no owners.",
    "List at least one owner: a team handle (@org/team) or a role from etc/chittyos/access.yml.",
    "A service nobody owns has nobody to page, review or rotate its credentials.")
PLACEHOLDER_OWNER = error(
    "ownership/placeholder", "An owner is a template placeholder, not a real owner.",
    "Replace the placeholder with a team handle (@org/team) or a role from etc/chittyos/access.yml.")
INVALID_OWNER = error(
    "ownership/invalid-owner", "An owner is neither a team handle nor a role of the access model.",
    "Write owners as @org/team, or use a role defined in etc/chittyos/access.yml.")


def check(eco: "Ecosystem") -> Iterable[Violation]:
    roles = eco.access.roles
    for entity in eco.entities.values():
        doc = entity.document
        if not entity.owners:
            yield MISSING.finding(doc.path, doc.locate(("owners",)), f"{entity.name} has no owners",
                                  entity=entity.name, field="owners")
            continue
        for index, owner in enumerate(entity.owners):
            at = ("owners", index)  # located only for a finding: locating composes the file
            if PLACEHOLDER.match(owner):
                yield PLACEHOLDER_OWNER.finding(doc.path, doc.locate(at, value=True), f"owner '{owner}' is a placeholder",
                                                entity=entity.name, field="owners")
            elif not TEAM.match(owner) and owner not in roles:
                yield INVALID_OWNER.finding(doc.path, doc.locate(at, value=True), f"owner '{owner}' is not a team handle (@org/team) or an access-model role"
                                            + (f" ({', '.join(sorted(roles))})" if roles else ""),
                                            entity=entity.name, field="owners")
