"""status/evidence: a manifest states a status other than the one the documented status rule gives.

The rule (generator/status.py, docs/authors/status-mapping.md) reads the
registry's `active` flag, the service's own declarations (production domain,
health route, Worker route) and the January board; a manifest that says
something else is reported at its `status`, with each piece of evidence as a
related location.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Ecosystem, Entity
from ..violations import Related, Violation
from . import Check, Input, Stage, warning


def _applies(entity: Entity, eco: Ecosystem) -> bool:
    return entity.onboarded and entity.name in eco.statuses


EVIDENCE = warning(
    "status/evidence", "A manifest's status differs from what the status rule gives for the service's sources.",
    "Set `status` to the status the rule gives (the message says which branch decided it), or fix the source that "
    "is out of date; docs/authors/status-mapping.md explains the rule.",
    "A status shown on the portal should follow from evidence anyone can check, not from a transcription.",
    applies=_applies)


def check(eco: Ecosystem) -> Iterable[Violation]:
    for name, decision in eco.statuses.items():
        card = eco.pages.get(name)
        if card is None:
            continue  # a service only the sources declare: there is no manifest to disagree
        entity = eco.entity_of(card)
        if not entity.status or entity.status == decision.status:
            continue
        related = []
        for evidence in decision.evidence:
            if evidence.claim is not None:
                line, col = evidence.claim.local.position()
                related.append(Related(evidence.claim.local.path, line, col,
                                       f"{evidence.label}: {evidence.value} ({evidence.claim.source})"))
        doc = entity.document
        yield EVIDENCE.finding(doc.path, doc.locate(("status",), value=True),
                               f"status is {entity.status}, but the status rule gives {decision.status} "
                               f"(branch {decision.branch}: {decision.reason})",
                               entity=name, field="status", related=tuple(related))


CHECK = Check("status", Stage.ECOSYSTEM, (EVIDENCE,), check, reads=(Input.FEDERATION, Input.MANIFESTS, Input.NAMES))
