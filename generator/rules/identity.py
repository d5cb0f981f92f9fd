"""Rule 4: every entity has one safe, unique name that matches its file, and one domain."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Card, Ecosystem, safe_name
from ..violations import Related, Violation
from . import Check, Input, Stage, error, every_entity

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
    first_by_name: dict[str, Card] = {}
    first_by_domain: dict[str, Card] = {}

    def at(card: Card, field: str) -> tuple[int, int]:  # located only for a finding: locating reads the file
        return eco.entity_of(card).document.locate((field,), value=True)

    for card in eco.index:  # name owners first, so a misnamed copy is the duplicate
        stem = card.stem
        if not safe_name(stem):
            yield UNSAFE_NAME.finding(card.path, (1, 1), f"file name '{stem}' is not a safe name", entity=card.name or stem)
        elif card.name and card.name != stem:
            yield NAME_MISMATCH.finding(card.path, at(card, "service_name"),
                                        f"service_name '{card.name}' differs from the file name '{stem}'",
                                        entity=card.name, field="service_name")
        if card.name:
            other = first_by_name.setdefault(card.name, card)
            if other is not card:
                yield DUPLICATE_NAME.finding(card.path, at(card, "service_name"),
                                             f"service_name '{card.name}' is already used by {other.path}",
                                             entity=card.name, field="service_name",
                                             related=(Related(other.path, *at(other, "service_name"), "the name's owner"),))
        if card.primary_domain:
            # A trailing newline or case does not make a domain another one.
            other = first_by_domain.setdefault(card.primary_domain.strip().lower(), card)
            if other is not card:
                yield DUPLICATE_DOMAIN.finding(card.path, at(card, "primary_domain"),
                                               f"primary_domain {card.primary_domain} is already claimed by {other.name} ({other.path})",
                                               entity=card.name, field="primary_domain",
                                               related=(Related(other.path, *at(other, "primary_domain"), "the first claim"),))


CHECK = Check("identity", Stage.ECOSYSTEM, (NAME_MISMATCH, DUPLICATE_NAME, DUPLICATE_DOMAIN, UNSAFE_NAME), check,
              reads=(Input.INDEX,))
