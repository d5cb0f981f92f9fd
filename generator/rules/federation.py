"""federation/*: problems in what the synced repositories declare, reported in the local snapshot file.

Each reader's problem is recorded in its repository's snapshot by `getchitty
sync`; the check reports it at that entry of etc/federation/snapshot/, naming
the upstream location (repository@commit:path:line) in the message. Problems
only several snapshots show together (a name declared twice, a registry entry
whose repository is not read, a dependency nobody declares) are found when the
model is built and reported at the fact they concern.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..federation.values import NOTICE, RULES, WARNING
from ..model import Ecosystem
from ..violations import Related, Severity, Violation
from . import Check, Input, Rule, Stage

SEVERITIES = {NOTICE: Severity.NOTICE, WARNING: Severity.WARNING}
WHY = ("What a repository declares is read where it lives; a problem there is fixed in that repository, or waived "
       "here with an owner and an expiry until it is.")
FEDERATION_RULES: dict[str, Rule] = {
    info.id: Rule(info.id, SEVERITIES.get(info.severity, Severity.ERROR), info.summary, info.hint, WHY)
    for info in RULES.values()}


def _rule(rule_id: str, severity: str) -> Rule:
    known = FEDERATION_RULES.get(rule_id)
    if known is not None:
        return known
    return Rule(rule_id, {"notice": Severity.NOTICE, "warning": Severity.WARNING}.get(severity, Severity.ERROR),
                "A problem a snapshot records under a rule this version of getchitty does not know.",
                "Run `getchitty sync` again with this version, or fix the problem in the repository.", WHY)


def check(eco: Ecosystem) -> Iterable[Violation]:
    federation = eco.federation
    for located in federation.problems:
        problem = located.problem
        rule = _rule(problem.rule_id, problem.severity)
        related = []
        for provenance in problem.related:
            local = federation.locate(provenance)
            if local is not None:
                line, col = local.position()
                related.append(Related(local.path, line, col, str(provenance)))
        yield rule.finding(located.local.path, located.local.position(), f"{problem.message} (at {located.upstream})",
                           entity=located.entity, hint=problem.hint or None, related=tuple(related))


def describe(eco: Ecosystem) -> Iterable[Rule]:
    """Rules of problems recorded by another version's readers, so that every finding has a catalogue entry."""
    for located in eco.federation.problems:
        if located.problem.rule_id not in FEDERATION_RULES:
            yield _rule(located.problem.rule_id, located.problem.severity)


# The federated model is built with the manifests that load here: a dependency only one of them declares is no
# problem, so which manifests loaded (MANIFESTS) is an input as much as the snapshots are.
CHECK = Check("federation", Stage.ECOSYSTEM, tuple(FEDERATION_RULES.values()), check,
              reads=(Input.FEDERATION, Input.MANIFESTS, Input.NAMES), describe=describe)
