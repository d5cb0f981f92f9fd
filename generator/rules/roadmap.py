"""roadmap/no-owner: a known gap that nobody has taken on yet.

The home page promises that every known gap is listed with an owner and a
target date; an item may say plainly that it has "no owner yet" instead of
inventing one, and the check then reports it on every run, as a notice, until
someone takes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Ecosystem
from ..violations import Severity, Violation
from . import Check, Rule, Stage

NO_OWNER = Rule(
    "roadmap/no-owner", Severity.NOTICE, "A roadmap gap has no owner yet.",
    "Agree who closes the gap, then write the team as `owner` and a `target` date in etc/chittyos/roadmap.yml.",
    "A gap nobody owns stays open; saying so is better than naming an owner who has not agreed.")


def check(eco: Ecosystem) -> Iterable[Violation]:
    roadmap = eco.roadmap
    if roadmap.document is None:
        return
    for item in roadmap.items:
        if item.unowned and item.status != "done":
            yield NO_OWNER.finding(roadmap.document.path, roadmap.document.locate(("items", item.index, "owner"), value=True),
                                   f"roadmap item {item.id} ({item.title}) has no owner yet", entity="roadmap",
                                   field=f"items.{item.id}")


CHECK = Check("roadmap", Stage.ECOSYSTEM, (NO_OWNER,), check)
