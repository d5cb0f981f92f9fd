"""Formatters: findings in, text out. They know nothing about how findings are made.

`format_result` is the way out for a check's findings: every string of every
finding and rule first passes the result's redaction (`published`), so no
formatter can print a value the check flagged as a credential, in any field.
Lines for terminals and workflow commands are escaped by ../escaping.py.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import __version__
from .credentials import Redactor
from .escaping import terminal, workflow_data, workflow_property
from .model import rule_slug
from .rules import Rule
from .violations import Related, Violation, Waiver, summary

if TYPE_CHECKING:
    from .result import Result


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def published(violations: Iterable[Violation], rules: Mapping[str, Rule],
              redact: Redactor | None = None) -> tuple[list[Violation], dict[str, Rule]]:
    """Copies of the findings and rules with every string redacted: what any formatter may print."""
    redact = redact or Redactor()

    def text(value: str | None) -> str | None:
        return None if value is None else redact(value)

    def waiver(w: Waiver | None) -> Waiver | None:
        if w is None:
            return None
        return dataclasses.replace(w, rule=redact(w.rule), entity=redact(w.entity), reason=redact(w.reason),
                                   owner=redact(w.owner), expires=redact(w.expires), field=text(w.field),
                                   roadmap=text(w.roadmap), path=redact.path(w.path))

    out = [dataclasses.replace(
        v, rule=redact(v.rule), path=redact.path(v.path), message=redact(v.message), hint=redact(v.hint),
        entity=text(v.entity), field=text(v.field), waiver=waiver(v.waiver), credentials=(),
        related=tuple(Related(redact.path(r.path), r.line, r.col, redact(r.message)) for r in v.related))
        for v in violations]
    described = {redact(rule_id): dataclasses.replace(rule, id=redact(rule.id), summary=redact(rule.summary),
                                                      hint=redact(rule.hint), why=redact(rule.why))
                 for rule_id, rule in rules.items()}
    return out, described


def format_result(name: str, result: Result) -> str:
    """A check's findings in one of FORMATTERS, redacted."""
    return FORMATTERS[name](*published(result.violations, result.rules, result.redact))


def format_text(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    lines = []
    for v in violations:
        status = f"waived {v.severity.value}" if v.waived else v.severity.value
        lines.append(terminal(f"{v.location}: {status}[{v.rule}] {v.message}"))
        lines += [terminal(f"    see {other.location}" + (f": {other.message}" if other.message else "")) for other in v.related]
        if v.waiver:
            lines.append(terminal(f"    waived until {v.waiver.expires} ({v.waiver.owner}): {v.waiver.reason}"))
        else:
            lines.append(terminal(f"    hint: {v.hint}"))
    counts = summary(violations)
    lines.append(f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, {counts['waived']} waived")
    return "\n".join(lines) + "\n"


def _as_dict(v: Violation) -> dict:
    out: dict[str, Any] = {"rule": v.rule, "severity": v.severity.value, "path": v.path, "line": v.line, "col": v.col,
           "message": v.message, "hint": v.hint, "entity": v.entity, "field": v.field, "waived": v.waived,
           "related": [{"path": r.path, "line": r.line, "col": r.col, "message": r.message} for r in v.related]}
    if v.waiver:
        out["waiver"] = {"reason": v.waiver.reason, "owner": v.waiver.owner, "expires": v.waiver.expires,
                         "roadmap": v.waiver.roadmap, "path": v.waiver.path, "line": v.waiver.line}
    return out


def format_json(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    return json.dumps({"summary": summary(violations), "findings": [_as_dict(v) for v in violations]}, indent=2) + "\n"


def format_github(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the diff."""
    lines = []
    for v in violations:
        command = "notice" if v.waived else v.severity.value
        detail = f"waived until {v.waiver.expires}: {v.waiver.reason}" if v.waiver else f"hint: {v.hint}"
        props = f"file={workflow_property(v.path)},line={v.line},col={v.col},title={workflow_property(v.rule)}"
        lines.append(f"::{command} {props}::{workflow_data(v.message + chr(10) + detail)}")
    counts = summary(violations)
    lines.append(f"getchitty: {_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, {counts['waived']} waived")
    return "\n".join(lines) + "\n"


def format_sarif(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    """SARIF 2.1.0 as GitHub code scanning accepts it; waived findings carry a suppression."""
    used = sorted({v.rule for v in violations})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    descriptors = []
    for rule_id in used:
        rule = rules.get(rule_id)
        descriptor = {"id": rule_id, "name": rule_id.replace("/", "-"),
                      "shortDescription": {"text": rule.summary if rule else rule_id},
                      "help": {"text": rule.hint if rule else ""},
                      "helpUri": f"https://get.chitty.cc/governance/rules/{rule_slug(rule_id)}/",
                      "defaultConfiguration": {"level": (rule.severity.value if rule else "error")}}
        if rule and rule.why:
            descriptor["fullDescription"] = {"text": rule.why}
        descriptors.append(descriptor)
    results = []
    for v in violations:
        result = {
            "ruleId": v.rule, "ruleIndex": index[v.rule], "level": v.severity.value,
            "message": {"text": f"{v.message}. Hint: {v.hint}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": v.path, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": v.line, "startColumn": v.col}}}],
            "partialFingerprints": {"getchitty/v1": f"{v.rule}|{v.entity or ''}|{v.field or ''}|{v.path}"},
        }
        if v.waiver:
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": f"{v.waiver.reason} (owner {v.waiver.owner}, expires {v.waiver.expires})"}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "getchitty", "version": __version__,
                                "informationUri": "https://get.chitty.cc/governance/", "rules": descriptors}},
            # no `uri`: without a uriBaseId of its own it would have to be absolute (SARIF 3.14.14);
            # consumers such as GitHub resolve %SRCROOT% to the checkout
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the checked repository."}}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[list[Violation], Mapping[str, Rule]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}
