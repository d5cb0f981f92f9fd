"""roadmap/no-owner, roadmap/no-target: a known gap nobody has taken on, or taken on without a date.

The home page promises that every known gap is listed with an owner and a
target date. An item may say plainly that it has "no owner yet" instead of
inventing one; the check then reports it on every run, as a notice, until
someone takes it, and likewise an open item whose owner has set no date.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Ecosystem
from ..violations import Severity, Violation
from . import Check, Input, Rule, Stage

NO_OWNER = Rule(
    "roadmap/no-owner", Severity.NOTICE, "A roadmap gap has no owner yet.",
    "Agree who closes the gap, then write the team as `owner` and a `target` date in etc/chittyos/roadmap.yml.",
    "A gap nobody owns stays open; saying so is better than naming an owner who has not agreed.")
NO_TARGET = Rule(
    "roadmap/no-target", Severity.NOTICE, "An open roadmap gap has an owner but no target date.",
    "Write the date the owner expects to close the gap by as `target: YYYY-MM-DD`.",
    "A date lets readers tell a gap being worked on from one that is merely listed.")


def check(eco: Ecosystem) -> Iterable[Violation]:
    roadmap = eco.roadmap
    if roadmap.document is None:
        return
    doc = roadmap.document
    for item in roadmap.items:
        if item.status == "done":
            continue
        if item.unowned or not item.owner:
            yield NO_OWNER.finding(doc.path, doc.locate(("items", item.index, "owner"), value=True),
                                   f"roadmap item {item.id} ({item.title}) has no owner yet", entity="roadmap",
                                   field=f"items.{item.id}")
        elif not item.target:
            yield NO_TARGET.finding(doc.path, doc.locate(("items", item.index, "owner"), value=True),
                                    f"roadmap item {item.id} ({item.title}) is owned by {item.owner} but has no target date",
                                    entity="roadmap", field=f"items.{item.id}")


CHECK = Check("roadmap", Stage.ECOSYSTEM, (NO_OWNER, NO_TARGET), check, reads=(Input.ROADMAP,))
