"""Rule 3: the Canon's IF/THEN rules (read as data by ../canon.py), applied to every Service.

Each Canon rule becomes a `Rule` of its own, described per run from the rule
files; the check also reports rule-file entries it cannot apply, including rules
that read a field the service schema does not define (a typo there would make
the rule silently never apply).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..canon import CanonRule, present
from ..fields import at_path
from ..model import KIND_BY_TYPE, Ecosystem, Entity, Models, rule_slug
from ..patterns import search
from ..violations import Severity, Violation
from . import Check, Findings, Input, Rule, Stage, error

INVALID_RULE = error(
    "canon/invalid-rule", "A Canon rule file holds a rule the engine cannot apply.",
    "Write the rule as {\"if\": {...}, \"then\": {\"required\": [...]} or {\"pattern\": {...}}, \"message\": \"...\"}, "
    "naming only fields the service schema defines.")
PROFILE_MISSING = error(
    "canon/unknown-profile", "The active profile has no rules file.",
    "Create etc/profiles/<profile>/rules.json or change 'active' in etc/profiles/profile.json.")

SERVICE = KIND_BY_TYPE["Service"]


BUILT_IN = frozenset({INVALID_RULE.id, PROFILE_MISSING.id})  # the built-in ids of the canon/ family, the only ones a Canon id can take


def usable(eco: Models) -> tuple[list[CanonRule], list[Violation]]:
    """The Canon rules that can be applied, and a finding for each that cannot: one reading a field the
    service schema does not define (it would silently never apply), one taking a built-in rule's id,
    one whose page would be another rule's page."""
    schema = eco.schemas.get(SERVICE.schema)
    known = _defined_fields(schema.data) if schema is not None else None
    pages = {rule_slug(rule_id): rule_id for rule_id in sorted(BUILT_IN)}
    rules: list[CanonRule] = []
    problems: list[Violation] = []
    for canon_rule in eco.canon.rules:
        unknown = [path for path in canon_rule.fields if known is not None and not _defined(path, known)]
        slug = rule_slug(canon_rule.id)
        if unknown:
            message = (f"{canon_rule.id} reads {', '.join(unknown)}, which the service schema does not define; "
                       "the rule would never apply")
        elif canon_rule.id in BUILT_IN:
            message = f"{canon_rule.id} is the id of a built-in rule; give the Canon rule an id of its own"
        elif pages.setdefault(slug, canon_rule.id) != canon_rule.id:
            message = (f"{canon_rule.id} and {pages[slug]} would share one page (governance/rules/{slug}/); "
                       "give one of them another id")
        else:
            rules.append(canon_rule)
            continue
        problems.append(INVALID_RULE.finding(canon_rule.source, canon_rule.position, message, entity="canon"))
    return rules, problems


def describe(eco: Ecosystem) -> list[Rule]:
    """One catalogue entry per rule id; rules sharing an id (Foundation Live and
    Foundation Active both require charter_url) are described together."""
    grouped: dict[str, list[CanonRule]] = {}
    for rule in usable(eco)[0]:
        grouped.setdefault(rule.id, []).append(rule)
    described = []
    for rule_id, members in grouped.items():
        summary = "; ".join(dict.fromkeys(member.message for member in members))
        why = " ".join(dict.fromkeys(member.why for member in members))
        severity = Severity.ERROR if any(m.severity is Severity.ERROR for m in members) else Severity.WARNING
        described.append(Rule(rule_id, severity, summary, members[0].hint, why, applies=_applies(tuple(members))))
    return described


def _applies(members: tuple[CanonRule, ...]):
    def applies(entity: Entity, eco: Ecosystem) -> bool:
        return entity.onboarded and entity.kind == SERVICE.entity_type and any(rule.applies_to(entity.data) for rule in members)
    return applies


def check_rule_files(eco: Ecosystem) -> Iterable[Violation]:
    """Entries of the rule files (and the profile) that cannot be applied."""
    for problem in eco.canon.invalid:
        reported = PROFILE_MISSING if problem.missing_profile else INVALID_RULE
        yield reported.finding(problem.path, problem.position, problem.message, entity="canon")
    yield from usable(eco)[1]


MAX_MEMO = 4096  # sets of condition values whose rules are kept: services share a handful


def check_services(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    applied = usable(models)[0]
    # Rules share the fields their conditions read (status, category...): each is read once per service, and the
    # rules that apply are found once per set of values read (most services share a few).
    read = tuple(dict.fromkeys(path for rule in applied for path, _ in rule.conditions))
    slots = [(rule, tuple((read.index(path), expected) for path, expected in rule.conditions)) for rule in applied]
    memo: dict[tuple, list[CanonRule]] = {}
    parts = {path: tuple(path.split(".")) for rule in applied for path in rule.fields}
    read_parts = [parts[path] for path in read]
    # a required field is missing when the manifest leaves it empty and the config gives no fallback
    fallback = {path: models.canon.default(path) for rule in applied for path in rule.required}

    def applying(values: tuple) -> list[CanonRule]:
        try:
            return memo[values]
        except (KeyError, TypeError) as unknown:  # TypeError: a mapping or a list where a condition reads
            rules = [rule for rule, conditions in slots if all(values[at] == expected for at, expected in conditions)]
            if isinstance(unknown, KeyError) and len(memo) < MAX_MEMO:
                memo[values] = rules
            return rules

    def check(entity: Entity) -> Iterator[Violation]:
        if entity.kind != SERVICE.entity_type:
            return
        data = entity.data
        for rule in applying(tuple([at_path(data, read_at) for read_at in read_parts])):
            for path in rule.required:
                if fallback[path] is None and not present(at_path(data, parts[path])):
                    yield _finding(rule, entity, path, f"{path} is missing: {rule.message}")
            for path, regex in rule.patterns:
                value = at_path(data, parts[path])
                if isinstance(value, str) and not search(regex, value):
                    yield _finding(rule, entity, path, f"{path} {value!r} does not match {regex}: {rule.message}",
                                   value_position=True)
    return check


def _defined_fields(schema: Any) -> dict:
    """The service schema's properties as a tree of field names (None where any sub-field is allowed)."""
    def walk(node: Any, depth: int = 0) -> dict | None:
        props = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(props, dict) or depth > 8:
            return None
        return {name: walk(sub, depth + 1) for name, sub in props.items()}
    return walk(schema) or {}


def _defined(path: str, known: dict | None) -> bool:
    for part in path.split("."):
        if known is None:
            return True
        if part not in known:
            return False
        known = known[part]
    return True


def _finding(rule: CanonRule, entity: Entity, path: str, message: str, *, value_position: bool = False) -> Violation:
    doc = entity.document
    parts = tuple(path.split("."))
    if value_position or any(doc.has(parts[:n]) for n in range(1, len(parts) + 1)):
        position = doc.locate(parts, value=value_position)
    elif rule.conditions:
        position = doc.locate(tuple(rule.conditions[0][0].split(".")))
    else:
        position = doc.locate(())
    described = Rule(rule.id, rule.severity, rule.message, rule.hint)
    return described.finding(doc.path, position, message, entity=entity.name, field=path)


# A manifest field a Canon rule requires, and the fact a service's own repository states it by.
STATED_AS = {"charter_url": "charter_url", "routes.health": "health_route", "github_repo": "repository",
             "primary_domain": "domain"}


def stated_upstream(findings: Findings) -> list[Violation]:
    """A required field the manifest lacks but the service's own repository states is not missing from the
    service, only from its manifest: the finding says where the repository states it, so that a page showing
    that value beside the finding never reads as two answers."""
    required = {rule.id: set(rule.required) for rule in findings.ecosystem.canon.rules if rule.required}
    federation = findings.ecosystem.federation
    out = []
    for violation in findings.violations:
        fact = STATED_AS.get(violation.field or "")
        claim = federation.declaration(violation.entity).first(fact, "own") \
            if fact and violation.entity and violation.field in required.get(violation.rule, ()) else None
        if claim is not None:
            violation = dataclasses.replace(
                violation, message=f"{violation.message}; the service's own repository states it "
                                   f"({claim.value} at {claim.source})",
                hint=f"Copy {violation.field} into the manifest from {claim.source}, as its repository states it.")
        out.append(violation)
    return out


CHECK = Check("canon", Stage.ENTITY, (), check_services, reads=(Input.CANON, Input.SCHEMAS), describe=describe)
STATED = Check("canon-stated-upstream", Stage.FINDINGS, (), stated_upstream)
RULE_FILES = Check("canon-rules", Stage.ECOSYSTEM, (INVALID_RULE, PROFILE_MISSING), check_rule_files,
                   reads=(Input.CANON, Input.SCHEMAS))
