"""Reading the committed snapshots back, offline, and laying the sources' statements side by side.

`declarations(root)` reads etc/federation/snapshot/ (files only: no git, no
network). `reconcile(snapshots)` lists, per service and field, every value the
sources state, each with its provenance, in this order: the service's own
repository (its .chittyconnect.yml, charter, badge, manifest, CODEOWNERS, in
that order), other service repositories, then the ecosystem registry. Fields
whose sources disagree are marked. `cross_problems` finds what only several
snapshots together show: a service name declared by two repositories, an
active registry entry whose repository is not a source, a dependency no source
knows.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import snapshot as snapshots
from .common import COMPARED
from .tree import Snapshot
from .values import Fact, Problem, Provenance, problem

_FILE_ORDER = (".chittyconnect.yml", "CHARTER.md", "CHITTY.md", "authority/", ".github/CODEOWNERS", "CODEOWNERS",
               "docs/CODEOWNERS", "wrangler.")


@dataclass(frozen=True)
class Candidate:
    value: Any
    provenance: Provenance
    role: str  # "own" (the service's own repository), "service" (another service's repository) or "registry"


@dataclass
class FieldView:
    subject: str
    field: str
    key: str
    # Qualified: inside this class body a bare `field` names the attribute above.
    candidates: list[Candidate] = dataclasses.field(default_factory=list)

    @property
    def disagree(self) -> bool:
        return len({comparable(c.value) for c in self.candidates}) > 1

    @property
    def values(self) -> list[Any]:
        seen: list[Any] = []
        for candidate in self.candidates:
            if comparable(candidate.value) not in [comparable(v) for v in seen]:
                seen.append(candidate.value)
        return seen


def declarations(root: Path) -> tuple[list[Snapshot], list[str]]:
    """The committed snapshots of the repository at `root`, and a message per snapshot file that cannot be read."""
    return snapshots.load(root)


def reconcile(found: list[Snapshot], fields: tuple[str, ...] = COMPARED) -> dict[str, dict[tuple[str, str], FieldView]]:
    """{service: {(field, key): view}} for the given fields, candidates in order of precedence."""
    views: dict[str, dict[tuple[str, str], FieldView]] = defaultdict(dict)
    ranked: list[tuple[tuple, Fact, str]] = []
    for snap in found:
        for fact in snap.facts:
            if not fact.subject or fact.field not in fields:
                continue
            role = "own" if fact.subject == snap.service else "registry" if snap.role == "registry" else "service"
            rank = ({"own": 0, "service": 1, "registry": 2}[role], file_rank(fact.provenance.path),
                    fact.provenance.repository, fact.provenance.path, fact.provenance.line)
            ranked.append((rank, fact, role))
    for _, fact, role in sorted(ranked, key=lambda item: item[0]):
        view = views[fact.subject].setdefault((fact.field, fact.key), FieldView(fact.subject, fact.field, fact.key))
        view.candidates.append(Candidate(fact.value, fact.provenance, role))
    return dict(views)


def disagreements(found: list[Snapshot], fields: tuple[str, ...] = COMPARED) -> list[FieldView]:
    """Every (service, field) on which the sources state different values, in service and field order."""
    views = reconcile(found, fields)
    return [view for subject in sorted(views) for _, view in sorted(views[subject].items()) if view.disagree]


def file_rank(path: str) -> int:
    for index, prefix in enumerate(_FILE_ORDER):
        if path == prefix or (prefix.endswith(("/", ".")) and path.startswith(prefix)):
            return index
    return len(_FILE_ORDER)


def comparable(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, list):
        return tuple(sorted(str(comparable(v)) for v in value))
    if isinstance(value, dict):
        return tuple(sorted((k, str(comparable(v))) for k, v in value.items()))
    return value


def cross_problems(found: list[Snapshot], known: frozenset[str] = frozenset()) -> list[Problem]:
    """Problems that only several snapshots together show; `known` names services declared elsewhere
    (this repository's manifests), which a dependency may name too."""
    return _names_taken(found) + _registry_sources(found) + _unknown_dependencies(found, known)


def _declaration(snap: Snapshot) -> Fact | None:
    own = [f for f in snap.facts if f.subject == snap.service]
    return next((f for f in own if f.field == "name"), own[0] if own else None)


def _names_taken(found: list[Snapshot]) -> list[Problem]:
    by_name: dict[str, list[tuple[Snapshot, Fact]]] = defaultdict(list)
    for snap in found:
        declared = _declaration(snap) if snap.service else None
        if declared is not None:
            by_name[snap.service].append((snap, declared))
    problems = []
    for name, claims in sorted(by_name.items()):
        if len({snap.repository.lower() for snap, _ in claims}) < 2:
            continue
        for snap, fact in claims:
            others = [(s, f) for s, f in claims if s is not snap]
            problems.append(problem(
                "federation/name-taken", fact.provenance.path, fact.provenance.line,
                f"{snap.repository} declares the service {name}, which "
                f"{', '.join(s.repository for s, _ in others)} also declare{'s' if len(others) == 1 else ''}",
                related=tuple(f.provenance for _, f in others), repository=snap.repository))
    return problems


def _registry_sources(found: list[Snapshot]) -> list[Problem]:
    synced = {snap.repository.lower() for snap in found}
    problems = []
    for snap in found:
        if snap.role != "registry":
            continue
        facts: dict[str, dict[str, Fact]] = defaultdict(dict)
        for fact in snap.facts:
            if fact.field in ("registered", "active", "repository") and fact.subject:
                facts[fact.subject].setdefault(fact.field, fact)
        for subject, entry in sorted(facts.items()):
            if "registered" not in entry or "repository" not in entry:
                continue
            active = entry.get("active")
            repository = entry["repository"].value
            if (active is None or active.value is True) and repository.lower() not in synced:
                where = entry["repository"].provenance
                problems.append(problem(
                    "federation/registry-repo-not-a-source", where.path, where.line,
                    f"{subject} is registered with the repository {repository}, which is not a source; "
                    "nothing it declares is read", repository=snap.repository))
    return problems


def _unknown_dependencies(found: list[Snapshot], also: frozenset[str] = frozenset()) -> list[Problem]:
    known = {snap.service for snap in found if snap.service} | set(also)
    known |= {f.subject.rsplit("/", 1)[-1] for snap in found for f in snap.facts
              if f.field in ("registered", "registration", "manifest", "scopes.granted") and f.subject}
    problems = []
    for snap in found:
        for fact in snap.facts:
            if fact.field != "dependency" or not isinstance(fact.value, dict):
                continue
            service = fact.value.get("service")
            if service and service not in known:
                where = fact.provenance
                problems.append(problem(
                    "federation/unknown-dependency", where.path, where.line,
                    f"{fact.subject} depends on {fact.value.get('name')} ({fact.value.get('relation')}), which no "
                    "source and no registry entry declares", repository=snap.repository))
    return problems
