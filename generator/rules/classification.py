"""Rules 5 and 6: scopes are granted in scopes.yml, and every scope and classification
is `<domain>:<capability>` with both halves defined in the ontology."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..model import Ecosystem, Entity, Models, Ontology
from ..violations import Violation
from . import Check, Input, Rule, Stage, error

NOTATION = re.compile(r"^([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)$")


def _has_scopes(entity: Entity, eco: Ecosystem) -> bool:
    return bool(entity.scopes) or entity.name in eco.scopes.by_service


def _has_classifications(entity: Entity, eco: Ecosystem) -> bool:
    return bool(entity.ontology)


def _family(prefix: str, noun: str, applies) -> dict[str, Rule]:
    return {
        "malformed": error(f"{prefix}/malformed", f"A {noun} is not written <domain>:<capability>.",
                           "Write it as <domain>:<capability> in lowercase, e.g. identity:mint.", applies=applies),
        "domain": error(f"{prefix}/unknown-domain", f"A {noun} names a domain the ontology does not define.",
                        "Use a domain from etc/chittyos/ontology.yml, or add the domain there in a reviewed change.",
                        "The ontology is the shared vocabulary; an undefined domain means the classification has no agreed meaning.",
                        applies=applies),
        "capability": error(f"{prefix}/unknown-capability", f"A {noun} names a capability the ontology does not define.",
                            "Use a capability from etc/chittyos/ontology.yml, or add the capability there in a reviewed change.",
                            applies=applies),
    }


SCOPE_RULES = _family("scopes", "scope", _has_scopes)
CLASSIFICATION_RULES = _family("ontology", "classification", _has_classifications)
NOT_GRANTED = error(
    "scopes/not-granted", "A manifest requests a scope that scopes.yml does not grant to that service.",
    "Add the scope under the service in etc/chittyos/scopes.yml (a change that needs the security review labels), or drop the request.",
    "scopes.yml is the reviewed list of what each service may do; a request outside it has not been approved.",
    applies=_has_scopes)
UNKNOWN_SERVICE = error(
    "scopes/unknown-service", "scopes.yml grants scopes to a service that has no manifest.",
    "Add the service's manifest, fix the name, or remove the entry from scopes.yml.",
    applies=_has_scopes)


def classify(value: str, ontology: Ontology, rules: dict[str, Rule]) -> tuple[Rule, str] | None:
    """The rule and message a value breaks, or None when it is a defined classification."""
    match = NOTATION.match(value)
    if not match:
        return rules["malformed"], f"'{value}' is not of the form <domain>:<capability>"
    domain, capability = match.groups()
    if domain not in ontology.domains:
        return rules["domain"], f"'{value}': domain '{domain}' is not defined in the ontology"
    if capability not in ontology.capabilities:
        return rules["capability"], f"'{value}': capability '{capability}' is not defined in the ontology"
    return None


def check_entities(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    scopes, ontology = models.scopes, models.ontology
    classified: dict[str, tuple[Rule, str] | None] = {}  # services share their classifications: each classified once

    def check(entity: Entity) -> Iterator[Violation]:
        doc = entity.document
        if ontology.document is not None:
            for index, value in enumerate(entity.ontology):
                problem = classified[value] if value in classified else \
                    classified.setdefault(value, classify(value, ontology, CLASSIFICATION_RULES))
                if problem:
                    rule, message = problem
                    yield rule.finding(doc.path, doc.locate(("ontology", index), value=True), message,
                                       entity=entity.name, field="ontology")
        if scopes.document is not None:
            granted = scopes.by_service.get(entity.name, ())
            for index, value in enumerate(entity.scopes):
                if value not in granted:
                    yield NOT_GRANTED.finding(doc.path, doc.locate(("scopes", index), value=True),
                                              f"scope '{value}' is not granted to {entity.name} in etc/chittyos/scopes.yml",
                                              entity=entity.name, field="scopes")
    return check


def check_grants(eco: Ecosystem) -> Iterable[Violation]:
    """scopes.yml itself: every service it grants to exists, and every granted scope is defined."""
    scopes, ontology = eco.scopes, eco.ontology
    if scopes.document is None:
        return
    doc = scopes.document
    problems: dict[str, tuple[Rule, str] | None] = {}  # a scope is granted to many services: each is read once
    for service, granted in scopes.by_service.items():
        if not eco.known(service):
            yield UNKNOWN_SERVICE.finding(doc.path, doc.locate(("scopes", service)),
                                          f"'{service}' has scopes but no manifest", entity=service, field=f"scopes.{service}")
        if ontology.document is None:
            continue
        for index, value in enumerate(granted):
            problem = problems[value] if value in problems else \
                problems.setdefault(value, classify(value, ontology, SCOPE_RULES))
            if problem:
                rule, message = problem
                yield rule.finding(doc.path, doc.locate(("scopes", service, index), value=True), message,
                                   entity=service, field=f"scopes.{service}")


CHECK = Check("classification", Stage.ENTITY, (*CLASSIFICATION_RULES.values(), NOT_GRANTED), check_entities,
              reads=(Input.SCOPES, Input.ONTOLOGY))
GRANTS = Check("scopes", Stage.ECOSYSTEM, (*SCOPE_RULES.values(), UNKNOWN_SERVICE), check_grants,
               reads=(Input.SCOPES, Input.ONTOLOGY, Input.NAMES))
