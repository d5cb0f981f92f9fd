"""Rule 11: waivers accept a known finding until a date; they never hide it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from ..model import Ecosystem
from ..violations import Severity, Violation, Waiver
from . import Check, Findings, Rule, Stage, error, warning

EXPIRED = error(
    "waivers/expired", "A waiver's expiry date has passed.",
    "Fix the finding it covered, or renew the waiver with a new date and a reason reviewers accept.",
    "A waiver is borrowed time; when it expires the debt is due again.")
UNUSED = warning(
    "waivers/unused", "A waiver matches no finding.",
    "Delete the waiver: the finding it covered is fixed (or the rule id or entity is misspelt).")
EXPIRING = Rule(
    "waivers/expiring", Severity.NOTICE, "A waiver expires soon (within the notice period of waivers.yml, 30 days by default).",
    "Fix the finding before the date, or agree a renewal with the waiver's owner; the build fails once it expires.",
    "A notice, not a failure: it gives the owner time before the waived finding blocks the build again.")


def apply(findings: Findings) -> list[Violation]:
    """Mark findings covered by a live waiver; add findings for expired and unused waivers."""
    eco, today = findings.ecosystem, findings.today
    live: dict[tuple[str, str | None], list[Waiver]] = {}
    for waiver in eco.waivers:
        if not waiver.expired(today):  # an unreadable date is the schema's finding, which fails the check
            live.setdefault((waiver.rule, waiver.entity), []).append(waiver)
    used: set[Waiver] = set()
    result = []
    for violation in findings.violations:
        candidates = live.get((violation.rule, violation.entity or ""), ())
        accepted = next((w for w in candidates if w.matches(violation)), None)
        if accepted is not None:
            used.add(accepted)
            violation = dataclasses.replace(violation, waiver=accepted)
        result.append(violation)
    result.extend(_waiver_findings(eco, used, today))
    return result


def _waiver_findings(eco: Ecosystem, used: set[Waiver], today: date) -> Iterable[Violation]:
    for waiver in eco.waivers:
        label = f"waiver for {waiver.rule} on {waiver.entity}" + (f" ({waiver.field})" if waiver.field else "")
        if waiver.expired(today):
            yield EXPIRED.finding(waiver.path, (waiver.line, waiver.col), f"{label} expired on {waiver.expires}",
                                  entity=waiver.entity, field=waiver.field)
        elif waiver not in used:
            yield UNUSED.finding(waiver.path, (waiver.line, waiver.col), f"{label} matches no finding",
                                 entity=waiver.entity, field=waiver.field)
        elif waiver.expiry is not None and (waiver.expiry - today).days <= eco.waiver_notice_days:
            days = (waiver.expiry - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            yield EXPIRING.finding(waiver.path, (waiver.line, waiver.col), f"{label} expires {when} ({waiver.expires})",
                                   entity=waiver.entity, field=waiver.field)


CHECK = Check("waivers", Stage.FINDINGS, (EXPIRED, UNUSED, EXPIRING), apply)
