"""Rule 3: the Canon's IF/THEN rules, read from the rule files with upstream semantics.

- `if`: every dotted path must equal its value; `{"always": true}` matches every service.
- `then.required`: each dotted path must hold a non-empty value; a missing
  `<field>` is satisfied by `default_<field>` in etc/authority/config.json
  (upstream's `default_owner_entity` fallback).
- `then.pattern`: each dotted path, when present, must match its regex (searched,
  as JSON Schema's `pattern` is).
Rules apply to Service manifests. A rule may carry an optional `id` and
`severity`; without an id it is named after what it demands, so the id stays
stable when rules are added or reordered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..load import Document, load
from ..model import Entity, get_path
from ..violations import Severity, Violation
from . import Rule, error
from .secrets import redact

if TYPE_CHECKING:
    from ..engine import Ecosystem

RULES_FILE = "etc/authority/rules.json"
CONFIG_FILE = "etc/authority/config.json"
PROFILE_FILE = "etc/profiles/profile.json"

INVALID_RULE = error(
    "canon/invalid-rule", "A Canon rule file holds a rule the engine cannot apply.",
    "Write the rule as {\"if\": {...}, \"then\": {\"required\": [...]} or {\"pattern\": {...}}, \"message\": \"...\"}.")
PROFILE_MISSING = error(
    "canon/unknown-profile", "The active profile has no rules file.",
    "Create etc/profiles/<profile>/rules.json or change 'active' in etc/profiles/profile.json.")

_MISSING = object()


@dataclass(frozen=True)
class CanonRule:
    id: str
    severity: Severity
    message: str
    source: str
    position: tuple[int, int]
    conditions: tuple[tuple[str, Any], ...]  # empty means `always`
    required: tuple[str, ...] = ()
    patterns: tuple[tuple[str, str], ...] = ()

    def applies_to(self, data: dict) -> bool:
        return all(get_path(data, path) == expected for path, expected in self.conditions)

    @property
    def condition_text(self) -> str:
        if not self.conditions:
            return "every service"
        return " and ".join(f"{path} = {value!r}" if not isinstance(value, str) else f"{path} = {value}"
                            for path, value in self.conditions)

    @property
    def as_rule(self) -> Rule:
        demand = ", ".join([f"`{p}` is set" for p in self.required] + [f"`{p}` matches `{rx}`" for p, rx in self.patterns])
        return Rule(self.id, self.severity, self.message,
                    _hint(self), f"Canon rule from {self.source}: when {self.condition_text}, {demand}.")


def describe(rules: tuple[CanonRule, ...]) -> dict[str, Rule]:
    """One catalogue entry per rule id; rules sharing an id (Foundation Live and
    Foundation Active both require charter_url) are described together."""
    grouped: dict[str, list[CanonRule]] = {}
    for rule in rules:
        grouped.setdefault(rule.id, []).append(rule)
    described = {}
    for rule_id, members in grouped.items():
        first = members[0].as_rule
        if len(members) == 1:
            described[rule_id] = first
            continue
        summary = "; ".join(dict.fromkeys(member.message for member in members))
        why = " ".join(dict.fromkeys(member.as_rule.why for member in members))
        severity = Severity.ERROR if any(m.severity is Severity.ERROR for m in members) else Severity.WARNING
        described[rule_id] = Rule(rule_id, severity, summary, first.hint, why)
    return described


def _hint(rule: CanonRule) -> str:
    parts = [f"add `{path}` to the manifest" for path in rule.required]
    parts += [f"make `{path}` match {regex}" for path, regex in rule.patterns]
    fix = "; ".join(parts) or "change the manifest"
    return fix[0].upper() + fix[1:] + (f" (required when {rule.condition_text})" if rule.conditions else "") + \
        ", or record a waiver with an expiry if the gap is known."


@dataclass(frozen=True)
class Canon:
    rules: tuple[CanonRule, ...]
    config: dict
    profile: str
    documents: tuple[Document, ...]


def load_canon(root: Path) -> tuple[Canon, list[Violation]]:
    problems: list[Violation] = []
    documents: list[Document] = []
    rules: list[CanonRule] = []

    result = load(root, CONFIG_FILE)
    config = result.document.data if result.document else {}
    if result.document:
        documents.append(result.document)
    elif not _missing_only(result.violations):
        problems += result.violations

    profile = ""
    result = load(root, PROFILE_FILE)
    if result.document:
        documents.append(result.document)
        active = result.document.data.get("active")
        if isinstance(active, str) and re.fullmatch(r"[A-Za-z0-9_-]+", active):
            profile = active
        elif active is not None:
            problems.append(INVALID_RULE.finding(PROFILE_FILE, result.document.locate(("active",), value=True),
                                                 "'active' must name a profile folder under etc/profiles/"))
    elif not _missing_only(result.violations):
        problems += result.violations

    sources = [RULES_FILE] + ([f"etc/profiles/{profile}/rules.json"] if profile else [])
    for source in sources:
        result = load(root, source)
        if result.document is None:
            if source != RULES_FILE and _missing_only(result.violations):
                problems.append(PROFILE_MISSING.finding(PROFILE_FILE, (1, 1), f"profile '{profile}' has no {source}"))
            else:
                problems += result.violations
            continue
        documents.append(result.document)
        found, invalid = _parse_rules(result.document)
        rules += found
        problems += invalid
    return Canon(tuple(rules), config if isinstance(config, dict) else {}, profile, tuple(documents)), problems


def _missing_only(violations: list[Violation]) -> bool:
    return all(v.rule == "io/missing-source" for v in violations)


def _parse_rules(document: Document) -> tuple[list[CanonRule], list[Violation]]:
    entries = document.data.get("rules")
    if not isinstance(entries, list):
        return [], [INVALID_RULE.finding(document.path, document.locate(("rules",), value=True),
                                         "expected a list under 'rules'")]
    rules, problems = [], []
    for index, entry in enumerate(entries):
        where = document.locate(("rules", index), value=True)

        def bad(message: str, field: tuple = ()) -> None:
            problems.append(INVALID_RULE.finding(document.path, document.locate(("rules", index, *field), value=True) if field else where,
                                                 f"rule {index + 1}: {message}"))

        if not isinstance(entry, dict):
            bad("expected a mapping")
            continue
        condition, then = entry.get("if"), entry.get("then")
        if not isinstance(condition, dict) or not condition:
            bad("'if' must be a non-empty mapping of field paths to values", ("if",))
            continue
        if not isinstance(then, dict) or not then:
            bad("'then' must be a non-empty mapping", ("then",))
            continue
        unknown = sorted(set(then) - {"required", "pattern"})
        if unknown:
            bad(f"unsupported 'then' key(s): {', '.join(unknown)} (supported: required, pattern)", ("then",))
            continue
        required = then.get("required", [])
        if not isinstance(required, list) or not all(isinstance(p, str) and p for p in required):
            bad("'then.required' must be a list of field paths", ("then", "required"))
            continue
        patterns = then.get("pattern", {})
        if not isinstance(patterns, dict) or not all(isinstance(v, str) for v in patterns.values()):
            bad("'then.pattern' must map field paths to regular expressions", ("then", "pattern"))
            continue
        broken = [p for p, regex in patterns.items() if not _compiles(regex)]
        if broken:
            bad(f"'then.pattern' for {broken[0]} is not a valid regular expression", ("then", "pattern", broken[0]))
            continue
        always = condition.get("always")
        if always is not None and always is not True:
            bad("'always' must be true", ("if", "always"))
            continue
        conditions = tuple((k, v) for k, v in condition.items() if k != "always")
        severity = entry.get("severity", "error")
        if severity not in ("error", "warning"):
            bad("'severity' must be error or warning", ("severity",))
            continue
        message = entry.get("message") if isinstance(entry.get("message"), str) else ""
        explicit = entry.get("id")
        for path in required:
            rules.append(CanonRule(explicit or f"canon/required/{path}", Severity(severity),
                                   message or f"{path} is required", document.path, where, conditions, required=(path,)))
        for path, regex in patterns.items():
            rules.append(CanonRule(explicit or f"canon/pattern/{path}", Severity(severity),
                                   message or f"{path} must match {regex}", document.path, where, conditions, patterns=((path, regex),)))
    return rules, problems


def _compiles(regex: str) -> bool:
    try:
        re.compile(regex)
        return True
    except re.error:
        return False


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def effective(entity: Entity, path: str, config: dict) -> tuple[Any, bool]:
    """The value a rule sees at `path`, and whether it came from the config fallback."""
    value = get_path(entity.data, path)
    if _present(value):
        return value, False
    fallback = config.get(f"default_{path.replace('.', '_')}")
    if _present(fallback):
        return fallback, True
    return None, False


def check(eco: "Ecosystem") -> Iterable[Violation]:
    for entity in eco.entities.values():
        if entity.kind != "Service":
            continue
        for rule in eco.canon.rules:
            if not rule.applies_to(entity.data):
                continue
            for path in rule.required:
                if effective(entity, path, eco.canon.config)[0] is None:
                    yield _finding(rule, entity, path, f"{path} is missing: {rule.message}")
            for path, regex in rule.patterns:
                value = get_path(entity.data, path)
                if isinstance(value, str) and not re.search(regex, value):
                    yield _finding(rule, entity, path, f"{path} {value!r} does not match {regex}: {rule.message}", value_position=True)


def _finding(rule: CanonRule, entity: Entity, path: str, message: str, *, value_position: bool = False) -> Violation:
    doc = entity.document
    parts = tuple(path.split("."))
    if value_position or any(doc.has(parts[:n]) for n in range(1, len(parts) + 1)):
        position = doc.locate(parts, value=value_position)
    elif rule.conditions:
        position = doc.locate(tuple(rule.conditions[0][0].split(".")))
    else:
        position = doc.locate(())
    line, col = position
    return Violation(rule.id, rule.severity, doc.path, line, col, redact(message), _hint(rule), entity=entity.name, field=path)
