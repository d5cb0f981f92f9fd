"""The Canon's IF/THEN rules as data, read from the rule files with upstream semantics.

- `if`: every dotted path must equal its value; `{"always": true}` matches every service.
- `then.required`: each dotted path must hold a non-empty value; a missing
  `<field>` is satisfied by `default_<field>` in etc/authority/config.json
  (upstream's `default_owner_entity` fallback).
- `then.pattern`: each dotted path, when present, must match its regex (searched,
  as JSON Schema's `pattern` is, on the linear-time engine of patterns.py).
A rule may carry an optional `id` (which must start with `canon/`, so that it can
never stand in for a built-in rule) and `severity`; without an id it is named
after what it demands, so the id stays stable when rules are added or reordered.

Entries that cannot be applied are kept as `InvalidRule` values; the canon rule
module reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .fields import get_path
from .load import Document
from .patterns import pattern_problem
from .violations import Severity

AUTHORITY_DIR = "etc/authority"
RULES_FILE = f"{AUTHORITY_DIR}/rules.json"
CONFIG_FILE = f"{AUTHORITY_DIR}/config.json"
PROFILES_DIR = "etc/profiles"
PROFILE_FILE = f"{PROFILES_DIR}/profile.json"
PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
RULE_ID = re.compile(r"canon/[a-z0-9][a-z0-9_./-]{0,94}")


def profile_rules_file(profile: str) -> str:
    return f"{PROFILES_DIR}/{profile}/rules.json"


@dataclass(frozen=True)
class CanonRule:
    """One rule of the Canon: when it applies (`conditions`), what it then requires, and where it is written."""

    id: str
    severity: Severity
    message: str
    source: str
    index: int  # of the entry in its file's `rules`
    conditions: tuple[tuple[str, Any], ...]  # empty means `always`
    required: tuple[str, ...] = ()
    patterns: tuple[tuple[str, str], ...] = ()
    written: Document | None = field(default=None, compare=False, repr=False)  # the rule file

    @property
    def position(self) -> tuple[int, int]:
        """Where the rule is written. Located when a finding asks, not when the rule is read: locating composes
        the file again with PyYAML, whose import alone is 15 ms of a check that finds nothing there."""
        return self.written.locate(("rules", self.index), value=True) if self.written is not None else (1, 1)

    def applies_to(self, data: Any) -> bool:
        return all(get_path(data, path) == expected for path, expected in self.conditions)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every dotted path the rule reads."""
        return (*(path for path, _ in self.conditions), *self.required, *(path for path, _ in self.patterns))

    @property
    def condition_text(self) -> str:
        if not self.conditions:
            return "every service"
        return " and ".join(f"{path} = {value!r}" if not isinstance(value, str) else f"{path} = {value}"
                            for path, value in self.conditions)

    @property
    def hint(self) -> str:
        parts = [f"add `{path}` to the manifest" for path in self.required]
        parts += [f"make `{path}` match {regex}" for path, regex in self.patterns]
        fix = "; ".join(parts) or "change the manifest"
        return (fix[0].upper() + fix[1:] + (f" (required when {self.condition_text})" if self.conditions else "")
                + ", or record a waiver with an expiry if the gap is known.")

    @property
    def why(self) -> str:
        demand = ", ".join([f"`{p}` is set" for p in self.required] + [f"`{p}` matches `{rx}`" for p, rx in self.patterns])
        return f"Canon rule from {self.source}: when {self.condition_text}, {demand}."


@dataclass(frozen=True)
class InvalidRule:
    """A rule-file entry (or profile setting) the engine cannot apply, where it is written."""

    path: str
    position: tuple[int, int]
    message: str
    missing_profile: bool = False


@dataclass(frozen=True)
class Canon:
    """The Canon: its rules, its config and the active profile, with the rules that could not be read."""

    rules: tuple[CanonRule, ...]
    config: dict
    profile: str
    invalid: tuple[InvalidRule, ...] = ()

    def default(self, path: str) -> Any:
        """The config fallback for a dotted path (`default_owner_entity` for owner_entity), or None."""
        value = self.config.get(f"default_{path.replace('.', '_')}")
        return value if present(value) else None


def present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def active_profile(document: Document | None) -> tuple[str, list[InvalidRule]]:
    """The profile named in etc/profiles/profile.json, if it is a valid folder name."""
    if document is None:
        return "", []
    active = document.data.get("active")
    if isinstance(active, str) and PROFILE_NAME.fullmatch(active):
        return active, []
    if active is None:
        return "", []
    return "", [InvalidRule(document.path, document.locate(("active",), value=True),
                            "'active' must name a profile folder under etc/profiles/")]


def build_canon(config: Document | None, profile: str, rule_files: list[Document], *,
                invalid: list[InvalidRule]) -> Canon:
    rules: list[CanonRule] = []
    problems = list(invalid)
    for document in rule_files:
        found, broken = parse_rules(document)
        rules += found
        problems += broken
    data = config.data if config is not None and isinstance(config.data, dict) else {}
    return Canon(tuple(rules), data, profile, tuple(problems))


def parse_rules(document: Document) -> tuple[list[CanonRule], list[InvalidRule]]:
    entries = document.data.get("rules")
    if not isinstance(entries, list):
        return [], [InvalidRule(document.path, document.locate(("rules",), value=True), "expected a list under 'rules'")]
    rules: list[CanonRule] = []
    problems: list[InvalidRule] = []
    for index, entry in enumerate(entries):
        parsed = _parse_rule(document, index, entry)
        if isinstance(parsed, InvalidRule):
            problems.append(parsed)
        else:
            rules += parsed
    return rules, problems


def _parse_rule(document: Document, index: int, entry: Any) -> list[CanonRule] | InvalidRule:
    def bad(message: str, at: tuple = ()) -> InvalidRule:
        return InvalidRule(document.path, document.locate(("rules", index, *at), value=True),
                           f"rule {index + 1}: {message}")

    if not isinstance(entry, dict):
        return bad("expected a mapping")
    unknown_keys = sorted(set(entry) - {"if", "then", "message", "id", "severity"})
    if unknown_keys:
        return bad(f"unknown key(s) {', '.join(map(repr, unknown_keys))} (supported: if, then, message, id, severity)")
    condition, then = entry.get("if"), entry.get("then")
    if not isinstance(condition, dict) or not condition:
        return bad("'if' must be a non-empty mapping of field paths to values", ("if",))
    if not isinstance(then, dict) or not then:
        return bad("'then' must be a non-empty mapping", ("then",))
    unknown = sorted(set(then) - {"required", "pattern"})
    if unknown:
        return bad(f"unsupported 'then' key(s): {', '.join(unknown)} (supported: required, pattern)", ("then",))
    required = then.get("required", [])
    if not isinstance(required, list) or not all(isinstance(p, str) and p for p in required):
        return bad("'then.required' must be a list of field paths", ("then", "required"))
    patterns = then.get("pattern", {})
    if not isinstance(patterns, dict) or not all(isinstance(v, str) for v in patterns.values()):
        return bad("'then.pattern' must map field paths to regular expressions", ("then", "pattern"))
    for path, regex in patterns.items():
        problem = pattern_problem(regex)
        if problem:
            return bad(f"'then.pattern' for {path}: {problem}", ("then", "pattern", path))
    always = condition.get("always")
    if always is not None and always is not True:
        return bad("'always' must be true", ("if", "always"))
    conditions = tuple((k, v) for k, v in condition.items() if k != "always")
    severity = entry.get("severity", "error")
    if severity not in ("error", "warning"):
        return bad("'severity' must be error or warning", ("severity",))
    explicit = entry.get("id")
    if explicit is not None and not (isinstance(explicit, str) and RULE_ID.fullmatch(explicit)):
        return bad("'id' must be text of the form canon/<name> (lowercase letters, digits, - _ . /; "
                   "at most 100 characters)", ("id",))
    message = entry.get("message") if isinstance(entry.get("message"), str) else ""
    rules = [CanonRule(explicit or f"canon/required/{path}", Severity(severity), message or f"{path} is required",
                       document.path, index, conditions, required=(path,), written=document)
             for path in required]
    rules += [CanonRule(explicit or f"canon/pattern/{path}", Severity(severity), message or f"{path} must match {regex}",
                        document.path, index, conditions, patterns=((path, regex),), written=document)
              for path, regex in patterns.items()]
    return rules
