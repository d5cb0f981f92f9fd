"""Formatters: findings in, text out. They know nothing about how findings are made."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from . import __version__
from .model import rule_slug
from .rules import Rule
from .violations import Severity, Violation, summary


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _visible(text: str) -> str:
    """Control characters from the sources (a newline in a quoted value, an escape sequence) written
    as escapes, so that a finding stays on its line and cannot forge another one or drive the terminal."""
    return "".join(repr(c)[1:-1] if c != "\t" and unicodedata.category(c) == "Cc" else c for c in text)


def format_text(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    lines = []
    for v in violations:
        status = f"waived {v.severity.value}" if v.waived else v.severity.value
        lines.append(_visible(f"{v.location}: {status}[{v.rule}] {v.message}"))
        lines += [_visible(f"    see {other.location}" + (f": {other.message}" if other.message else "")) for other in v.related]
        if v.waiver:
            lines.append(_visible(f"    waived until {v.waiver.expires} ({v.waiver.owner}): {v.waiver.reason}"))
        else:
            lines.append(_visible(f"    hint: {v.hint}"))
    counts = summary(violations)
    lines.append(_totals(counts))
    return "\n".join(lines) + "\n"


def _totals(counts: dict[str, int]) -> str:
    line = f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, {counts['waived']} waived"
    return line + (f", {_plural(counts['notices'], 'notice')}" if counts["notices"] else "")


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


def _escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _visible(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(violations: list[Violation], rules: Mapping[str, Rule]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the diff."""
    lines = []
    for v in violations:
        command = "notice" if v.waived else v.severity.value
        detail = f"waived until {v.waiver.expires}: {v.waiver.reason}" if v.waiver else f"hint: {v.hint}"
        props = f"file={_escape_property(v.path)},line={v.line},col={v.col},title={_escape_property(v.rule)}"
        lines.append(f"::{command} {props}::{_escape_data(v.message + chr(10) + detail)}")
    counts = summary(violations)
    lines.append(f"getchitty: {_totals(counts)}")
    return "\n".join(lines) + "\n"


SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


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
                      "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity] if rule else "error"}}
        if rule and rule.why:
            descriptor["fullDescription"] = {"text": rule.why}
        descriptors.append(descriptor)
    results = []
    for v in violations:
        result = {
            "ruleId": v.rule, "ruleIndex": index[v.rule], "level": SARIF_LEVELS[v.severity],
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
