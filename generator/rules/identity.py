"""Rule 4: every entity has one safe, unique name that matches its file, and one domain."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..model import Ecosystem, Entity, safe_name
from ..violations import Related, Violation
from . import Check, Stage, error, every_entity

NAME_MISMATCH = error(
    "identity/name-mismatch", "A manifest's service_name differs from its file name.",
    "Rename the file to <service_name>.yml, or fix service_name.",
    "The file name is how authors and reviewers find a service; the two must never disagree.",
    applies=every_entity)
DUPLICATE_NAME = error(
    "identity/duplicate-name", "Two manifests use the same service_name.",
    "Give each entity its own name; merge the manifests if they describe the same thing.",
    applies=every_entity)
DUPLICATE_DOMAIN = error(
    "identity/duplicate-domain", "Two services claim the same primary_domain.",
    "Each domain belongs to one service; fix the domain of one of them.",
    applies=every_entity)
UNSAFE_NAME = error(
    "identity/unsafe-name", "A manifest's file name is not a safe page name.",
    "Name the file with lowercase letters and digits only, starting with a letter (e.g. chittyid.yml).",
    "Names become URL path segments (/service/<name>/); anything else could escape the site folder.",
    applies=every_entity)


def check(eco: Ecosystem) -> Iterable[Violation]:
    first_by_name: dict[str, Entity] = {}
    first_by_domain: dict[str, Entity] = {}
    for entity in eco.all_entities:  # name owners first, so a misnamed copy is the duplicate
        doc = entity.document
        stem = PurePosixPath(doc.path).stem
        if not safe_name(stem):
            yield UNSAFE_NAME.finding(doc.path, (1, 1), f"file name '{stem}' is not a safe name", entity=entity.name or stem)
        elif entity.name and entity.name != stem:
            yield NAME_MISMATCH.finding(doc.path, doc.locate(("service_name",), value=True),
                                        f"service_name '{entity.name}' differs from the file name '{stem}'",
                                        entity=entity.name, field="service_name")
        if entity.name:
            other = first_by_name.setdefault(entity.name, entity)
            if other is not entity:
                yield DUPLICATE_NAME.finding(doc.path, doc.locate(("service_name",), value=True),
                                             f"service_name '{entity.name}' is already used by {other.path}",
                                             entity=entity.name, field="service_name",
                                             related=(_first(other, "service_name", "the name's owner"),))
        if entity.primary_domain:
            # A trailing newline or case does not make a domain another one.
            other = first_by_domain.setdefault(entity.primary_domain.strip().lower(), entity)
            if other is not entity:
                yield DUPLICATE_DOMAIN.finding(doc.path, doc.locate(("primary_domain",), value=True),
                                               f"primary_domain {entity.primary_domain} is already claimed by {other.name} ({other.path})",
                                               entity=entity.name, field="primary_domain",
                                               related=(_first(other, "primary_domain", "the first claim"),))


def _first(entity: Entity, field: str, what: str) -> Related:
    line, col = entity.document.locate((field,), value=True)
    return Related(entity.path, line, col, what)


CHECK = Check("identity", Stage.ECOSYSTEM, (NAME_MISMATCH, DUPLICATE_NAME, DUPLICATE_DOMAIN, UNSAFE_NAME), check)
