"""What one entity still lacks, item by item: for each, the file and the repository to change, what to write and
the command that proves it; done items with their evidence.

A view over the check's result and the entity's record: every item comes from a finding of the check (open, or
waived until a date), a compliance check of the ecosystem registry's dimensions, the level the scorecard gives
next, or, for a service that has no manifest here, onboarding itself. Nothing here decides anything the check
does not, so the checklist cannot drift from the findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .compliance import FAILED, NOT_A_SOURCE, NOT_APPLICABLE, OFFLINE, PASSED, DimensionResult
from .federation.snapshot import SNAPSHOT_DIR
from .model import Entity, Levels, manifest_keys
from .record import Record
from .result import EntityGovernance, Result
from .scorecard import MET, family, score
from .violations import Violation

HERE = "this repository"  # the portal's own repository, where the manifests and models live
CHECK = "getchitty check"
SYNC_AND_CHECK = "getchitty sync && getchitty check"
_UPSTREAM = re.compile(r"\(at ([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)@[0-9a-f]{7,40}:([^()]+):(\d+):\d+\)\Z")


@dataclass(frozen=True)
class Item:
    """One thing to do (or done) for the entity."""

    group: str  # where it belongs: onboarding, a rule family, a compliance dimension, the next level
    title: str
    done: bool
    repository: str  # where to change it: HERE, or the service's repository (owner/name)
    file: str  # the file to change, with its line where known ("" when the check names none)
    snippet: str  # what to write, or how
    command: str  # what proves it
    evidence: str = ""  # a done item: what shows it
    rule: str = ""  # the rule behind it
    waived: str = ""  # accepted until a date, by whom

    def json(self) -> dict[str, Any]:
        return {"group": self.group, "title": self.title, "done": self.done, "repository": self.repository,
                "file": self.file or None, "snippet": self.snippet or None, "command": self.command,
                "evidence": self.evidence or None, "rule": self.rule or None, "waived": self.waived or None}


def checklist(result: Result, entity: Entity, record: Record, governance: EntityGovernance,
              levels: Levels, compliance: tuple[DimensionResult, ...], repository: str) -> tuple[Item, ...]:
    """Every item for one entity, open first in the order a team would take them, done last."""
    items: list[Item] = []
    if not entity.onboarded:
        items.append(_onboarding(entity, record, repository))
    for outcome in governance.outcomes:
        items += [_finding(result, v, repository) for v in outcome.findings]
    for dimension in compliance:
        items += _dimension(dimension, repository)
    items += _next_level(governance, levels)
    items += [Item(f"rule: {outcome.rule.id.partition('/')[0]}", outcome.rule.summary, True, "", "", "", CHECK,
                   evidence=f"{outcome.rule.id} passes", rule=outcome.rule.id) for outcome in governance.passing]
    return tuple(sorted(items, key=lambda item: item.done))


def _onboarding(entity: Entity, record: Record, repository: str) -> Item:
    kind = entity.entity_kind
    owners = record.owners or ("<team/owners>",)
    domain = next((str(b.value).removeprefix("https://").removeprefix("http://").split("/")[0]
                   for b in record.base_urls), "")
    lines = [f"{manifest_keys('name')[0]}: {entity.page_name}", f"{manifest_keys('kind')[0]}: {kind.entity_type}",
             f"{manifest_keys('category')[0]}: \"<layer category>\"", f"{manifest_keys('status')[0]}: {entity.status}",
             f"{manifest_keys('owners')[0]}: [{', '.join(_yaml(owner) for owner in owners)}]"]
    if entity.description:
        lines.append(f"{manifest_keys('description')[0]}: {_yaml(entity.description)}")
    if repository:
        lines.append(f"{manifest_keys('github_repo')[0]}: https://github.com/{repository}")
    if domain:
        lines.append(f"{manifest_keys('primary_domain')[0]}: {domain}")
    return Item("onboarding", "Add its manifest, from what its sources already state", False, HERE,
                kind.manifest(entity.page_name), "\n".join(lines),
                f"getchitty new {kind.command} {entity.page_name} && {CHECK}" if kind.command else CHECK)


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _finding(result: Result, v: Violation, repository: str) -> Item:
    """A finding as an item: where to fix it. A finding on a synced repository's statement is fixed there."""
    waived = f"waived until {v.waiver.expires} ({v.waiver.owner}): {v.waiver.reason}" if v.waiver else ""
    group = f"rule: {v.rule.partition('/')[0]}"
    if v.path.startswith(SNAPSHOT_DIR + "/"):
        upstream = _UPSTREAM.search(v.message)
        where = (upstream.group(1), f"{upstream.group(2)}:{upstream.group(3)}") if upstream else \
            _stated_at(result, v.path, v.line) or (repository, "")
        return Item(group, v.message, False, where[0], where[1], v.hint, SYNC_AND_CHECK, rule=v.rule, waived=waived)
    return Item(group, v.message, False, HERE, f"{v.path}:{v.line}", v.hint, CHECK, rule=v.rule, waived=waived)


def _stated_at(result: Result, path: str, line: int) -> tuple[str, str] | None:
    """The repository and upstream line of the fact a committed snapshot holds at `path:line`."""
    for snap in result.ecosystem.federation.snapshots:
        if snap.document.path != path:
            continue
        for index, fact in enumerate(snap.snapshot.facts):
            if snap.fact_local(index).position()[0] == line:
                return fact.provenance.repository, fact.provenance.location
        return snap.snapshot.repository, ""
    return None


def _dimension(result: DimensionResult, repository: str) -> list[Item]:
    """A compliance dimension the registry requires (or recommends) for the service's type, check by check."""
    if result.state == NOT_APPLICABLE:
        return []
    group = f"compliance: {result.dimension.name}"
    if result.state == NOT_A_SOURCE:
        source = f"- repository: {repository}\n  ref: main" if repository else "- repository: <owner>/<name>\n  ref: main"
        return [Item(group, f"Make its repository a source, so that {result.dimension.name} can be checked", False,
                     HERE, "etc/federation/sources.yml", source, "getchitty sync")]
    found = []
    for check in result.checks:
        title = f"{check.description} ({result.level})"
        if check.state == PASSED:
            evidence = check.claim.source if check.claim is not None else check.detail
            found.append(Item(group, title, True, repository, "", "", SYNC_AND_CHECK, evidence=evidence))
        elif check.state == FAILED:
            found.append(Item(group, title, False, repository, _file_of(check.detail), check.detail, SYNC_AND_CHECK))
        elif check.state == OFFLINE:
            found.append(Item(group, f"{title}: not checked offline", False, repository, "",
                              f"The portal cannot decide it from the synced files: {check.detail}.", SYNC_AND_CHECK))
    return found


def _file_of(detail: str) -> str:
    """The file a compliance check's detail names first (`CHARTER.md is missing`, `.chittyconnect.yml declares...`)."""
    first = detail.split(" ", 1)[0]
    return first if "." in first and "/" not in first[:1] else ""


def _next_level(governance: EntityGovernance, levels: Levels) -> list[Item]:
    """The scorecard's next level: what of its rule families does not pass yet."""
    upcoming = score(governance, levels).next
    if upcoming is None:
        return []
    missing = [o for o in governance.outcomes if family(o.rule.id) in upcoming.level.families and o.state not in MET]
    title = (f"Reach {upcoming.level.name}: {upcoming.tally.met} of {upcoming.tally.of} of its checks pass"
             if upcoming.tally.of else f"Reach {upcoming.level.name}: none of its rule families applies yet")
    rules = ", ".join(sorted({o.rule.id for o in missing}))
    return [Item(f"level: {upcoming.level.name}", title, False, HERE, "",
                 f"The items of these rules above: {rules}" if rules else upcoming.level.summary, CHECK)]
