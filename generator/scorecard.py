"""The scorecard: each entity's level and its share of passing rule checks, per team and overall.

A view-model over the check's governance view and the levels the model defines (etc/chittyos/levels.yml):
it reads no file. A rule check counts as met when it passes; a notice informs and is met too, while a waived
finding is a known gap and is not. A level is reached when at least one check of its families applies to the
entity and every one of them is met, and every lower level is reached as well. Shares are rounded down, so
"100 %" always means every check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Entity, Level, Levels
from .result import EntityGovernance, RuleOutcome

MET = frozenset({"pass", "notice"})


def family(rule_id: str) -> str:
    """The family of a rule: its id up to the first slash (`schema` for schema/required)."""
    return rule_id.partition("/")[0]


@dataclass(frozen=True)
class Tally:
    """Rule checks met, out of those that apply."""

    met: int = 0
    of: int = 0

    @property
    def percent(self) -> int | None:
        """The share met, rounded down; None when no check applies."""
        return self.met * 100 // self.of if self.of else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.met + other.met, self.of + other.of)

    @classmethod
    def of_outcomes(cls, outcomes: Iterable[RuleOutcome]) -> Tally:
        states = [outcome.state for outcome in outcomes]
        return cls(sum(1 for state in states if state in MET), len(states))


@dataclass(frozen=True)
class LevelTally:
    level: Level
    tally: Tally

    @property
    def complete(self) -> bool:
        return self.tally.of > 0 and self.tally.met == self.tally.of


@dataclass(frozen=True)
class Score:
    """One entity on the scorecard."""

    entity: Entity
    tally: Tally  # every rule check that applies to it
    levels: tuple[LevelTally, ...]  # one per level, lowest first
    rank: int  # how many levels it reached, from the lowest, without a gap: 0 when none

    @property
    def level(self) -> Level | None:
        return self.levels[self.rank - 1].level if self.rank else None

    @property
    def next(self) -> LevelTally | None:
        """The first level it has not reached, with what it meets of it."""
        return self.levels[self.rank] if self.rank < len(self.levels) else None


def score(governance: EntityGovernance, levels: Levels) -> Score:
    per_level = tuple(LevelTally(level, Tally.of_outcomes(o for o in governance.outcomes
                                                          if family(o.rule.id) in level.families))
                      for level in levels.items)
    rank = 0
    while rank < len(per_level) and per_level[rank].complete:
        rank += 1
    return Score(governance.entity, Tally.of_outcomes(governance.outcomes), per_level, rank)


@dataclass(frozen=True)
class Group:
    """Scores taken together (a team's, everyone's): their checks summed, and how many reached each level."""

    scores: tuple[Score, ...]
    levels: Levels

    @property
    def tally(self) -> Tally:
        return sum((s.tally for s in self.scores), Tally())

    @property
    def at_level(self) -> dict[str, int]:
        """How many entities stop at each level, highest first, then those at none ("" key)."""
        counts = {level.name: 0 for level in reversed(self.levels.items)}
        counts[""] = 0
        for s in self.scores:
            counts[s.level.name if s.level else ""] += 1
        return counts


@dataclass(frozen=True)
class Scorecard:
    levels: Levels
    scores: Mapping[str, Score]  # every entity by name, onboarded or not

    @property
    def onboarded(self) -> tuple[Score, ...]:
        return tuple(s for s in self.scores.values() if s.entity.onboarded)

    @property
    def registered(self) -> tuple[Score, ...]:
        """Services the sources register that have no manifest here: no manifest rule applies to them yet."""
        return tuple(s for s in self.scores.values() if not s.entity.onboarded)

    def group(self, names: Iterable[str]) -> Group:
        return Group(tuple(self.scores[name] for name in names if name in self.scores and self.scores[name].entity.onboarded),
                     self.levels)

    @property
    def overall(self) -> Group:
        return Group(self.onboarded, self.levels)


def scorecard(entities: Mapping[str, EntityGovernance], levels: Levels) -> Scorecard:
    return Scorecard(levels, {name: score(governance, levels) for name, governance in entities.items()})
