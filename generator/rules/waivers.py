"""Rule 11: waivers accept a known finding until a date; they never hide it."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Iterable

from ..load import Document
from ..violations import Violation, Waiver
from . import error, warning

if TYPE_CHECKING:
    from ..engine import Ecosystem

EXPIRED = error(
    "waivers/expired", "A waiver's expiry date has passed.",
    "Fix the finding it covered, or renew the waiver with a new date and a reason reviewers accept.",
    "A waiver is borrowed time; when it expires the debt is due again.")
UNUSED = warning(
    "waivers/unused", "A waiver matches no finding.",
    "Delete the waiver: the finding it covered is fixed (or the rule id or entity is misspelt).")


def build_waivers(document: Document | None) -> tuple[Waiver, ...]:
    if document is None:
        return ()
    entries = document.data.get("waivers")
    waivers = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        fields = {key: entry.get(key) for key in ("rule", "entity", "reason", "owner", "expires", "field", "roadmap")}
        if not all(isinstance(fields[key], str) for key in ("rule", "entity", "reason", "owner", "expires")):
            continue  # the schema stage reports the incomplete waiver
        line, col = document.locate(("waivers", index), value=True)
        waivers.append(Waiver(**{k: v for k, v in fields.items() if isinstance(v, str)},
                              path=document.path, line=line, col=col))
    return tuple(waivers)


def is_expired(waiver: Waiver, today: date) -> bool:
    try:
        return date.fromisoformat(waiver.expires) < today
    except ValueError:
        return False  # a malformed date is a schema finding


def apply(eco: "Ecosystem", violations: list[Violation], today: date) -> list[Violation]:
    """Mark findings covered by a live waiver; add findings for expired and unused waivers."""
    live = [w for w in eco.waivers if not is_expired(w, today)]
    used: set[Waiver] = set()
    result = []
    for violation in violations:
        waiver = next((w for w in live if w.matches(violation)), None)
        if waiver is not None:
            used.add(waiver)
            violation = dataclasses.replace(violation, waiver=waiver)
        result.append(violation)
    result.extend(_waiver_findings(eco, used, today))
    return result


def _waiver_findings(eco: "Ecosystem", used: set[Waiver], today: date) -> Iterable[Violation]:
    for waiver in eco.waivers:
        label = f"waiver for {waiver.rule} on {waiver.entity}" + (f" ({waiver.field})" if waiver.field else "")
        if is_expired(waiver, today):
            yield EXPIRED.finding(waiver.path, (waiver.line, waiver.col), f"{label} expired on {waiver.expires}",
                                  entity=waiver.entity, field=waiver.field)
        elif waiver not in used:
            yield UNUSED.finding(waiver.path, (waiver.line, waiver.col), f"{label} matches no finding",
                                 entity=waiver.entity, field=waiver.field)
