"""The status rule's findings (generator/status.py, docs/authors/status-mapping.md).

status/evidence: a manifest states a status other than the one the rule gives; it is reported at the manifest's
`status`, with each piece of evidence as a related location.

status/sources-disagree: one source says the service is retired or unfinished (the registry's `active: false`, a
DRAFT charter, an open checklist item about its health endpoint or deployment) while another says it is deployed
or active. The rule still decides, by its table; the finding makes the contradiction visible on the service, at
the statement that says less, with both statements as related locations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..federated import Claim
from ..model import Ecosystem, Entity
from ..violations import Related, Violation
from . import Check, Input, Stage, warning

if TYPE_CHECKING:
    from ..status import Disagreement, Evidence


def _applies(entity: Entity, eco: Ecosystem) -> bool:
    return entity.onboarded and entity.name in eco.statuses


def _decided(entity: Entity, eco: Ecosystem) -> bool:
    return entity.name in eco.statuses


EVIDENCE = warning(
    "status/evidence", "A manifest's status differs from what the status rule gives for the service's sources.",
    "Set `status` to the status the rule gives (the message says which row of its table decided it), or fix the "
    "source that is out of date; docs/authors/status-mapping.md explains the rule.",
    "A status shown on the portal should follow from evidence anyone can check, not from a transcription.",
    applies=_applies)
DISAGREE = warning(
    "status/sources-disagree",
    "One source says a service is retired or unfinished while another says it is deployed or active.",
    "Correct the statement that is out of date in the repository that owns it (the message names both); until "
    "then the status follows the rule's table, which docs/authors/status-mapping.md explains.",
    "Picking one of two contradicting sources silently would hide a question only the service's team can answer.",
    applies=_decided)


def check(eco: Ecosystem) -> Iterable[Violation]:
    if not eco.statuses:
        return  # no federation, no status decided: the status rule's module is not even imported
    from ..status import disagreements

    for name, decision in eco.statuses.items():
        for disagreement in disagreements(decision.evidence):
            yield _disagreement(name, decision.status, disagreement)
        card = eco.pages.get(name)
        if card is None:
            continue  # a service only the sources declare: there is no manifest to disagree
        entity = eco.entity_of(card)
        if not entity.status or entity.status == decision.status:
            continue
        related = [_related(evidence.claim, f"{evidence.label}: {evidence.value}")
                   for evidence in decision.evidence if evidence.claim is not None]
        doc = entity.document
        yield EVIDENCE.finding(doc.path, doc.locate(("status",), value=True),
                               f"status is {entity.status}, but the status rule gives {decision.status} "
                               f"(row {decision.branch}: {decision.reason})",
                               entity=name, field="status", related=tuple(related))


def _disagreement(name: str, decided: str, found: Disagreement) -> Violation:
    from ..status import KIND  # as in check()

    said, against = KIND[found.said.kind].phrase, KIND[found.against.kind].phrase
    return DISAGREE.finding(
        found.said_at.local.path, found.said_at.local.position(),
        f"the sources disagree about its status: {said}{_quoted(found.said)}, stated at {found.said_at.source}; "
        f"but {against}{_quoted(found.against)}, stated at {found.against_at.source}. The status rule gives {decided}",
        entity=name, field="status",
        related=(_related(found.said_at, said), _related(found.against_at, against)))


def _quoted(evidence: Evidence) -> str:
    """The value as the source wrote it; a flag's value is already in the phrase that names it."""
    return "" if isinstance(evidence.value, bool) else f": “{evidence.value}”"


def _related(claim: Claim, what: str) -> Related:
    line, col = claim.local.position()
    return Related(claim.local.path, line, col, f"{what} ({claim.source})")


CHECK = Check("status", Stage.ECOSYSTEM, (EVIDENCE, DISAGREE), check, reads=(Input.FEDERATION, Input.MANIFESTS, Input.NAMES))
