"""Formatters: findings in, text out. They know nothing about how findings are made.

`format_result` is the way out for a check's findings: every string of every
finding and rule first passes the result's redaction (`published`), so no
formatter can print a value the check flagged as a credential, in any field.
Lines for terminals and workflow commands are escaped by ../escaping.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import __version__
from .credentials import Redactor
from .escaping import terminal, workflow_data, workflow_property
from .model import rule_slug
from .rules import Rule
from .violations import Related, Severity, Violation, Waiver, summary

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


def format_result(name: str, result: Result, *, root: Path | None = None, show_waived: bool = False,
                  show_notices: bool = False) -> str:
    """A check's findings in one of FORMATTERS, redacted."""
    return FORMATTERS[name](*published(result.violations, result.rules, result.redact), root=root,
                            show_waived=show_waived, show_notices=show_notices)


def listing_order(v: Violation) -> int:
    """Where a finding is listed in text: notices first, errors last, next to the totals."""
    if v.severity is Severity.NOTICE and not v.waived:
        return 0
    return 1 if v.waived else 2 if v.severity is Severity.WARNING else 3


def format_text(violations: list[Violation], rules: Mapping[str, Rule], *, root: Path | None = None,
                show_waived: bool = False, show_notices: bool = False) -> str:
    """One finding per two lines, errors last; waived findings only with `show_waived` and notices only with
    `show_notices`, else counted: the notices one line per rule, the waived findings on the last line."""
    lines = []
    for v in sorted(violations, key=listing_order):  # stable: each group keeps the findings' order
        if v.waived and not show_waived or listing_order(v) == 0 and not show_notices:
            continue
        status = f"waived {v.severity.value}" if v.waived else v.severity.value
        lines.append(terminal(f"{v.location}: {status}[{v.rule}] {v.message}"))
        lines += [terminal(f"    see {other.location}" + (f": {other.message}" if other.message else "")) for other in v.related]
        if v.waiver:
            lines.append(terminal(f"    waived until {v.waiver.expires} ({v.waiver.owner}): {v.waiver.reason}"))
        else:
            lines.append(terminal(f"    hint: {v.hint}"))
    unlisted = [] if show_notices else notice_summary(violations, rules)
    lines += [terminal(line) for line in unlisted]
    counts = summary(violations)
    total = _totals(counts)
    options = [option for option, hidden in (("--show-waived", counts["waived"] and not show_waived),
                                             ("--notices", unlisted)) if hidden]
    if options:
        total += f" (not listed: `getchitty check {' '.join(options)}` lists them)"
    lines.append(total)
    return "\n".join(lines) + "\n"


def notice_summary(violations: Iterable[Violation], rules: Mapping[str, Rule]) -> list[str]:
    """One line per rule that gave notices: how many, and what the rule checks."""
    counted: dict[str, int] = {}
    for v in violations:
        if listing_order(v) == 0:
            counted[v.rule] = counted.get(v.rule, 0) + 1
    return [f"{_plural(count, 'notice')} {rule}" + (f": {rules[rule].summary}" if rule in rules else "")
            for rule, count in sorted(counted.items())]


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


def format_json(violations: list[Violation], rules: Mapping[str, Rule], *, root: Path | None = None,
                show_waived: bool = True, show_notices: bool = True) -> str:
    return json.dumps({"summary": summary(violations), "findings": [_as_dict(v) for v in violations]}, indent=2) + "\n"


def format_github(violations: list[Violation], rules: Mapping[str, Rule], *, root: Path | None = None,
                  show_waived: bool = True, show_notices: bool = True) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the diff."""
    lines = []
    for v in violations:
        command = "notice" if v.waived else v.severity.value
        detail = f"waived until {v.waiver.expires}: {v.waiver.reason}" if v.waiver else f"hint: {v.hint}"
        props = f"file={workflow_property(v.path)},line={v.line},col={v.col},title={workflow_property(v.rule)}"
        lines.append(f"::{command} {props}::{workflow_data(v.message + chr(10) + detail)}")
    counts = summary(violations)
    lines.append(f"getchitty: {_totals(counts)}")
    return "\n".join(lines) + "\n"


SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
SITE = "https://get.chitty.cc/"
SOURCE_ROOT = "%SRCROOT%"
# Lines as the engine counts them (load.LineIndex: only \n ends a line, \r\n once), so that the
# line a finding names is the line read back here.
_LINE_BREAK = re.compile("\r?\n")
_LARGEST_READ = 4 << 20  # the loader refuses larger sources; nothing to place in them


def artifact_uri(path: str) -> str:
    """A repository path as a relative URI reference (RFC 3986): every character outside the unreserved
    set is percent-encoded as UTF-8, `/` stays the segment separator, so `a b%,c:d.yml` stays one file."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")  # a file name's own bytes, even when not UTF-8


class _Lines:
    """Source lines of the flagged files, read once each, to turn code-point columns into UTF-16 units."""

    def __init__(self, root: Path | None):
        self.root = root.resolve() if root else None
        self.files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        if path not in self.files:
            self.files[path] = self._read(path)
        lines = self.files[path]
        return lines[number - 1] if lines is not None and 1 <= number <= len(lines) else None

    def _read(self, path: str) -> list[str] | None:
        if self.root is None:
            return None
        try:
            target = (self.root / path).resolve()
            if not target.is_relative_to(self.root) or target.stat().st_size > _LARGEST_READ:
                return None
            # utf-8-sig: the loader does not count a byte-order mark as a column either
            return _LINE_BREAK.split(target.read_text(encoding="utf-8-sig", errors="replace"))
        except (OSError, ValueError):
            return None


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _region(v: Violation, lines: _Lines) -> dict:
    """From the reported position to the end of its line, in UTF-16 code units (see `columnKind`).
    Without the line (a missing or unreadable file) the region is the one character at the position."""
    text = lines.line(v.path, v.line)
    if text is None:
        return {"startLine": v.line, "startColumn": v.col, "endLine": v.line, "endColumn": v.col + 1}
    past_the_end = max(0, v.col - 1 - len(text))  # a position after the last character stays where it was
    start = _utf16_units(text[: v.col - 1]) + 1 + past_the_end
    end = max(_utf16_units(text.rstrip()) + 1, start + 1)
    return {"startLine": v.line, "startColumn": start, "endLine": v.line, "endColumn": end}


def _fingerprint(v: Violation) -> str:
    """What the finding is, not where its line happens to be: rule, file, entity, field and message."""
    identity = "\x1f".join((v.rule, v.path, v.entity or "", v.field or "", v.message))
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _descriptor(rule_id: str, rule: Rule | None, first: Violation) -> dict:
    if rule is not None:
        summary, hint, why = rule.summary, rule.hint, rule.why or rule.summary
        page = f"{SITE}governance/rules/{rule_slug(rule_id)}/"
    else:  # a rule this version of getchitty does not describe: say what is known from the finding
        summary, hint, why = f"getchitty rule {rule_id}", first.hint, f"Reported by getchitty as {rule_id}."
        page = f"{SITE}governance/"
    family = rule_id.split("/", 1)[0]
    return {
        "id": rule_id,
        "name": rule_id.replace("/", "-"),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why},
        "help": {"text": f"{hint}\n\nWhy: {why}\n\nRule page: {page}",
                 "markdown": f"{hint}\n\n**Why:** {why}\n\n[The rule on get.chitty.cc]({page})"},
        "helpUri": page,
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity] if rule else "error"},
        "properties": {"tags": ["governance", family]},
    }


def format_sarif(violations: list[Violation], rules: Mapping[str, Rule], *, root: Path | None = None,
                 show_waived: bool = True, show_notices: bool = True) -> str:
    """SARIF 2.1.0 as GitHub code scanning reads it.

    GitHub ignores `suppressions`, so a waived finding reported as a result would be an open alert. Waived
    findings are therefore kept out of `results` and listed, as results with their suppression, in the
    run's property bag `waivedResults`, which code scanning does not read and other consumers can.
    """
    lines = _Lines(root)
    first: dict[str, Violation] = {}
    for v in violations:
        first.setdefault(v.rule, v)
    used = sorted(first)
    index = {rule_id: i for i, rule_id in enumerate(used)}
    seen: dict[str, int] = {}
    results, waived = [], []
    for v in violations:
        digest = _fingerprint(v)
        seen[digest] = seen.get(digest, 0) + 1
        result = {
            "ruleId": v.rule, "ruleIndex": index[v.rule], "level": SARIF_LEVELS[v.severity],
            "message": {"text": f"{v.message}. Hint: {v.hint}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(v.path), "uriBaseId": SOURCE_ROOT},
                "region": _region(v, lines)}}],
            **({"relatedLocations": [{"id": number, "message": {"text": other.message or "related"}, "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(other.path), "uriBaseId": SOURCE_ROOT},
                "region": _region(dataclasses.replace(v, path=other.path, line=other.line, col=other.col), lines)}}
                for number, other in enumerate(v.related, 1)]} if v.related else {}),
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{seen[digest]}",
                                    "getchitty/v1": f"{digest}:{seen[digest]}"},
        }
        if v.waiver:
            suppression: dict[str, object] = {"kind": "external", "status": "accepted",
                           "justification": f"{v.waiver.reason} (owner {v.waiver.owner}, expires {v.waiver.expires})"}
            if v.waiver.path:
                suppression["location"] = {"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(v.waiver.path), "uriBaseId": SOURCE_ROOT},
                    "region": {"startLine": v.waiver.line, "startColumn": v.waiver.col}}}
            result["suppressions"] = [suppression]
            waived.append(result)
        else:
            results.append(result)
    run = {
        "tool": {"driver": {"name": "getchitty", "version": __version__, "semanticVersion": __version__,
                            "informationUri": f"{SITE}governance/",
                            "rules": [_descriptor(r, rules.get(r), first[r]) for r in used]}},
        # no `uri`: without a uriBaseId of its own it would have to be absolute (SARIF 3.14.14);
        # consumers such as GitHub resolve %SRCROOT% to the checkout
        "originalUriBaseIds": {SOURCE_ROOT: {"description": {"text": "The root of the checked repository."}}},
        "columnKind": "utf16CodeUnits",
        "results": results,
        "properties": {"waivedResults": waived},
    }
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


# Every formatter takes the findings, the rules that describe them and two keywords: `root`, the checked
# folder (SARIF reads flagged lines from it to count columns in UTF-16 units), and `show_waived`, which
# only the text format honours: the others are read by tools and always carry every finding.
FORMATTERS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}
