"""The federated model: what the synced repositories, the ecosystem registry, this repository's manifests and
the January board each state about every service, laid side by side with their locations.

Built from documents that already went through the FILE stage (no file is read
here). Every statement is a `Claim` that keeps where it was read upstream
(repository, commit, path, line) and where it is written in this repository (a
manifest, or an entry of a committed snapshot), so that a finding about it
always points at a local file. Claims of one field are kept in order of
precedence:

1. curated  — this repository's manifest (etc/chittyos/...), reviewed here;
2. own      — the service's own repository (its .chittyconnect.yml, charter, badge, manifest, CODEOWNERS,
               Wrangler configuration; a registration is the service's own declaration too);
3. service  — another service's repository;
4. registry — the ecosystem registry (chittyops compliance/service-registry.yml);
5. board    — the January 2026 architecture board, kept as history in the manifests.

Builders are lenient like the model's: an entry of the wrong shape is left out,
because the schema stage already reports it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .federation import common
from .federation.common import on_github, parse_tier, repository_name, service_id
from .load import Document
from .on_demand import BuiltOnDemand

if TYPE_CHECKING:
    from .federation.snapshot import Read
    from .federation.tree import Snapshot
    from .federation.values import Fact, Problem, Provenance

ROLES = ("curated", "own", "service", "registry", "board")
# Fields on which two sources can disagree: each becomes a `drift/<field>` rule.
COMPARED = (*common.COMPARED, "status")
# Fields shown on the pages or used by the status rule and the compliance dimensions, beyond COMPARED.
SHOWN = ("name", "description", "mission", "type", "territory", "active", "registered", "registration", "charter_url",
         "charter.status", "badge.status", "route", "onboarding_endpoint", "onboarding_provisions", "auth_provider",
         "service_token_key")
# Facts only the status rule reads (generator/status.py): the Worker a Wrangler configuration names, its custom
# domains, a note that its routes are set in the Cloudflare dashboard, and the charter's checklist.
STATUS_EVIDENCE = ("worker_name", "worker_main", "pages_project", "custom_domain", "dashboard_routes", "compliance_claim")
CLAIMED = frozenset(COMPARED + SHOWN + STATUS_EVIDENCE)
LEVELS = ("required", "optional", "not_applicable")


@dataclass(frozen=True)
class Local:
    """Where a statement is written in this repository: a file, and the keys leading to it inside the file."""

    document: Document
    keys: tuple = ()
    at_key: bool = False  # point at the key itself rather than at its value

    @property
    def path(self) -> str:
        return self.document.path

    def position(self) -> tuple[int, int]:
        return self.document.locate(self.keys, value=not self.at_key)


@dataclass(frozen=True)
class Claim:
    """One statement of one source about one field of one service."""

    field: str
    value: Any
    role: str  # one of ROLES
    local: Local
    provenance: Provenance | None = None  # None for this repository's own files
    date: str = ""  # the source's commit date, when known
    key: str = ""  # the item of a field that holds many (a path of path_owners, a route...)

    @property
    def source(self) -> str:
        """Where the statement was read: repository@commit:path:line, or the local file."""
        return str(self.provenance) if self.provenance is not None else self.local.path

    @property
    def repository(self) -> str:
        return self.provenance.repository if self.provenance is not None else ""


@dataclass(frozen=True)
class Declaration:
    """Everything the sources state about one service, per field, claims in order of precedence."""

    name: str
    claims: Mapping[str, tuple[Claim, ...]]

    def all(self, field_name: str) -> tuple[Claim, ...]:
        return self.claims.get(field_name, ())

    def first(self, field_name: str, *roles: str) -> Claim | None:
        for claim in self.all(field_name):
            if not roles or claim.role in roles:
                return claim
        return None

    def value(self, field_name: str, default: Any = None) -> Any:
        claim = self.first(field_name)
        return claim.value if claim is not None else default

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(claim.role for claims in self.claims.values() for claim in claims)


@dataclass(frozen=True)
class RegistryEntry:
    """One service of one organization in the ecosystem registry."""

    name: str  # the id: the registry's name, or organization/name where the name repeats across organizations
    registry_name: str  # as the registry writes it
    organization: str
    tier: int | None
    type: str
    domain: str
    repository: str
    territory: str
    active: bool | None
    description: str
    local: Local


@dataclass(frozen=True)
class Dimension:
    """One compliance dimension of the registry's checks file, its checks as data."""

    id: str
    name: str
    description: str
    checks: Mapping[str, Any]
    applicable_when: Mapping[str, Any] | None
    local: Local
    provenance: Provenance


@dataclass(frozen=True)
class Compliance:
    """The registry's compliance dimensions, and the level of each for every type of service."""

    dimensions: Mapping[str, Dimension]
    profiles: Mapping[str, Mapping[str, str]]  # service type → dimension → required | optional | not_applicable
    profile_claims: Mapping[str, Claim]  # service type → where its profile is written

    def profile(self, service_type: str) -> Mapping[str, str]:
        return self.profiles.get(service_type, MappingProxyType({}))


@dataclass(frozen=True)
class Tier:
    """One service tier, as the tiers file describes it."""

    number: int
    name: str
    summary: str = ""
    layers: tuple[str, ...] = ()  # board layer categories a service of this tier usually sits on
    source: str = ""


@dataclass(frozen=True)
class Tiers:
    """The service tiers in order, with the tiers file's introduction."""

    items: tuple[Tier, ...] = ()
    intro: str = ""
    source: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)

    def get(self, number: int | None) -> Tier | None:
        return next((tier for tier in self.items if tier.number == number), None)

    def label(self, number: int | None) -> str:
        tier = self.get(number)
        if number is None:
            return ""
        # Always with its word: tier and layer names overlap (Tier 2 · Platform, Layer 5 · Platform).
        return f"Tier {number} · {tier.name}" if tier is not None else f"Tier {number}"


@dataclass(frozen=True)
class SnapshotFile:
    """One committed snapshot as the check read it, with the index of each entry in the file."""

    document: Document
    read: Read

    @property
    def snapshot(self) -> Snapshot:
        return self.read.snapshot

    def fact_local(self, index: int) -> Local:
        return Local(self.document, ("facts", self.read.fact_index[index]))

    def problem_local(self, index: int) -> Local:
        return Local(self.document, ("problems", self.read.problem_index[index]))


@dataclass(frozen=True)
class Source:
    """A repository named in sources.yml, as the check needs it (sync reads the file on its own)."""

    name: str
    ref: str
    role: str


@dataclass(frozen=True)
class LocatedProblem:
    """A problem found by a reader or across snapshots, with the local snapshot entry it is reported at."""

    problem: Problem
    local: Local
    entity: str
    upstream: str  # repository@commit:path:line:col

    @staticmethod
    def of(problem: Problem, local: Local, entity: str, snapshot: Snapshot) -> LocatedProblem:
        where = f"{snapshot.repository}@{snapshot.commit[:12]}:{problem.path}:{problem.line}:{problem.col}"
        return LocatedProblem(problem, local, entity, where)


@dataclass(frozen=True)
class Federation:
    """The federated sources: empty (and free to build) when a repository has no etc/federation/."""

    present: bool = False
    sources: tuple[Source, ...] = ()
    sources_document: Document | None = field(default=None, compare=False, repr=False)
    drift_severity: Mapping[str, str] = field(default_factory=dict)
    # upstream_problems: rule id (or "*" for every upstream warning) → severity
    problem_severity: Mapping[str, str] = field(default_factory=dict)
    snapshots: tuple[SnapshotFile, ...] = ()
    declarations: Mapping[str, Declaration] = field(default_factory=dict)
    registry: Mapping[str, RegistryEntry] = field(default_factory=dict)
    compliance: Compliance = field(default_factory=lambda: Compliance({}, {}, {}))
    tiers: Tiers = Tiers()
    problems: tuple[LocatedProblem, ...] = ()
    declared: tuple[str, ...] = ()  # every service a source declares or registers, in name order

    @functools.cached_property
    def source_repositories(self) -> frozenset[str]:
        return frozenset(snap.snapshot.repository.lower() for snap in self.snapshots)

    @functools.cached_property
    def _by_line(self) -> dict[tuple[str, str, int], Local]:
        found: dict[tuple[str, str, int], Local] = {}
        for snap in self.snapshots:
            for index, fact in enumerate(snap.snapshot.facts):
                found.setdefault((fact.provenance.repository.lower(), fact.provenance.path, fact.provenance.line),
                                 snap.fact_local(index))
        return found

    def locate(self, provenance: Provenance) -> Local | None:
        """The local snapshot entry of the first fact read at an upstream location."""
        return self._by_line.get((provenance.repository.lower(), provenance.path, provenance.line))

    def declaration(self, name: str) -> Declaration:
        return self.declarations.get(name) or Declaration(name, MappingProxyType({}))

    def repository_of(self, name: str) -> str:
        """The service's repository, owner/name, by precedence; else the GitHub repository whose own files declare
        the service (a source read from GitHub or recorded as a GitHub name); "" when neither is known."""
        declaration = self.declaration(name)
        claim = declaration.first("repository")
        if claim is not None:
            return str(claim.value)
        own = declaration.first("name", "own")
        where = own.provenance.repository if own is not None and own.provenance is not None else ""
        return where if on_github(where) else ""

    def is_source(self, name: str) -> bool:
        """Whether the service's own repository is read: it declares the service, or its repository is a source."""
        declaration = self.declaration(name)
        if declaration.first("name", "own") or declaration.first("registration", "own"):
            return True
        repository = self.repository_of(name)
        return bool(repository) and repository.lower() in self.source_repositories

    def snapshot_of(self, name: str) -> SnapshotFile | None:
        """The snapshot of the service's own repository, when it is a source."""
        repository = self.repository_of(name).lower()
        for snap in self.snapshots:
            if snap.snapshot.service == name or (repository and snap.snapshot.repository.lower() == repository):
                return snap
        return None


# --- building -----------------------------------------------------------------------------------------------


def read_snapshot(document: Document) -> SnapshotFile | None:
    """A committed snapshot from its parsed document; None when it lacks a repository or commit (the schema says so)."""
    # The readers are imported where a snapshot is read: a repository without etc/federation/ needs only the model.
    from .federation.snapshot import SnapshotError, from_data

    try:
        return SnapshotFile(document, from_data(document.data, document.path, lenient=True))
    except SnapshotError:
        return None


def build_tiers(document: Document | None) -> Tiers:
    if document is None:
        return Tiers()
    data = document.data
    items = []
    for entry in data.get("tiers") if isinstance(data.get("tiers"), list) else []:
        number = entry.get("number") if isinstance(entry, dict) else None
        if not isinstance(number, int) or isinstance(number, bool) or not isinstance(entry.get("name"), str):
            continue
        layers = entry.get("layers")
        items.append(Tier(number, entry["name"], _str(entry.get("summary")),
                          tuple(x for x in layers if isinstance(x, str)) if isinstance(layers, list) else (),
                          _str(entry.get("source"))))
    return Tiers(tuple(sorted(items, key=lambda tier: tier.number)), _str(data.get("intro")), _str(data.get("source")),
                 document)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


SEVERITIES = ("error", "warning", "notice")


def _severities(value: Any) -> Mapping[str, str]:
    """`upstream_problems:` as written: one severity for every upstream warning ("*"), or one per rule id."""
    if value in SEVERITIES:
        return MappingProxyType({"*": value})
    if isinstance(value, dict):
        return MappingProxyType({str(k): v for k, v in value.items() if v in SEVERITIES})
    return MappingProxyType({})


def _sources(document: Document | None) -> tuple[tuple[Source, ...], Mapping[str, str], Mapping[str, str]]:
    if document is None:
        return (), MappingProxyType({}), MappingProxyType({})
    data = document.data
    found = []
    for entry in data.get("sources") if isinstance(data.get("sources"), list) else []:
        if not isinstance(entry, dict):
            continue
        name = entry.get("recorded_as") or entry.get("repository") or repository_name(entry.get("url"))
        if isinstance(name, str) and name:
            found.append(Source(name, _str(entry.get("ref")) or "HEAD", _str(entry.get("role")) or "service"))
    drift = data.get("drift")
    severities = {str(k): v for k, v in drift.items() if v in SEVERITIES} if isinstance(drift, dict) else {}
    return tuple(found), MappingProxyType(severities), _severities(data.get("upstream_problems"))


def build(*, present: bool, snapshots: Iterable[SnapshotFile | None], sources_document: Document | None,
          tiers_document: Document | None, manifests: Mapping[str, Document]) -> Federation:
    """The federated model. `snapshots` are the committed snapshots as read_snapshot reads them; `manifests` maps
    each curated entity's name to its manifest."""
    tiers = build_tiers(tiers_document)
    if not present:
        return Federation(tiers=tiers)
    from .federation import reconcile  # only now: a repository without etc/federation/ does without it

    sources, drift, problem_severity = _sources(sources_document)
    files = tuple(snap for snap in snapshots if snap is not None)
    claims: dict[str, dict[str, list[tuple[tuple, Claim]]]] = {}

    def add(subject: str, claim: Claim, rank: tuple) -> None:
        claims.setdefault(subject, {}).setdefault(claim.field, []).append((rank, claim))

    registered: set[str] = set()
    for snap in files:
        snapshot = snap.snapshot
        for index, fact in enumerate(snapshot.facts):
            if not fact.subject or fact.field not in CLAIMED:
                continue
            role = _role(fact, snapshot)
            if fact.field in ("registered", "registration") or (fact.field == "name" and role == "own"):
                registered.add(fact.subject)
            claim = Claim(fact.field, fact.value, role, snap.fact_local(index), fact.provenance, snapshot.date, fact.key)
            add(fact.subject, claim, (ROLES.index(role), reconcile.file_rank(fact.provenance.path),
                                      fact.provenance.repository, fact.provenance.path, fact.provenance.line))
        if snapshot.service:
            registered.add(snapshot.service)

    def declaration(name: str, _: None) -> Declaration:
        fields = {field_name: list(ranked) for field_name, ranked in claims.get(name, {}).items()}
        document = manifests.get(name)
        for claim in _curated(document) if document is not None else ():
            fields.setdefault(claim.field, []).append(((ROLES.index(claim.role),), claim))
        return Declaration(name, MappingProxyType(
            {f: tuple(claim for _, claim in sorted(ranked, key=lambda item: item[0])) for f, ranked in fields.items()}))

    # A manifest's statements are read when its declaration is first asked for: a re-check whose findings about the
    # sources are kept asks for few of a large ecosystem's.
    declarations = BuiltOnDemand(dict.fromkeys(sorted({*claims, *manifests})), declaration)
    registry = _registry(files)
    return Federation(
        present=True, sources=sources, sources_document=sources_document, drift_severity=drift,
        problem_severity=problem_severity, snapshots=files,
        declarations=declarations, registry=registry,
        compliance=_compliance(files), tiers=tiers,
        problems=tuple(_problems(files, registry, reconcile.cross_problems([snap.snapshot for snap in files],
                                                                           known=frozenset(manifests)))),
        declared=tuple(sorted(registered)))


def _role(fact: Fact, snapshot: Snapshot) -> str:
    if fact.subject == snapshot.service or fact.provenance.path.startswith("registrations/"):
        return "own"
    return "registry" if snapshot.role == "registry" else "service"


def _curated(document: Document) -> list[Claim]:
    """The statements of one of this repository's manifests, in the sources' vocabulary."""
    data = document.data
    found: list[Claim] = []

    def claim(field_name: str, value: Any, keys: tuple, role: str = "curated") -> None:
        if value is not None and value != "" and value != []:
            found.append(Claim(field_name, value, role, Local(document, keys)))

    tier = parse_tier(data.get("tier"))
    claim("tier", tier[0] if tier else None, ("tier",))
    domain = data.get("primary_domain")
    claim("domain", domain.strip().lower() if isinstance(domain, str) else None, ("primary_domain",))
    claim("repository", repository_name(data.get("github_repo")), ("github_repo",))
    routes = data.get("routes")
    health = routes.get("health") if isinstance(routes, dict) else None
    if isinstance(health, str):
        claim("health_route", urlsplit(health).path or "/", ("routes", "health"))
    owners = data.get("owners")
    if isinstance(owners, list) and all(isinstance(owner, str) for owner in owners):
        claim("owners", owners, ("owners",))
    claim("status", data.get("status") if isinstance(data.get("status"), str) else None, ("status",))
    claim("description", data.get("description") if isinstance(data.get("description"), str) else None, ("description",))
    board = data.get("board")
    if isinstance(board, dict):
        claim("board.status", board.get("status") if isinstance(board.get("status"), str) else None, ("board", "status"),
              role="board")
        layer = board.get("layer")
        claim("board.layer", layer if isinstance(layer, int) and not isinstance(layer, bool) else None, ("board", "layer"),
              role="board")
    return found


def _registry(files: tuple[SnapshotFile, ...]) -> Mapping[str, RegistryEntry]:
    entries: dict[str, dict[str, tuple[Any, Local]]] = {}
    for snap in files:
        if snap.snapshot.role != "registry":
            continue
        for index, fact in enumerate(snap.snapshot.facts):
            if fact.subject and fact.provenance.path == "compliance/service-registry.yml":
                entries.setdefault(fact.subject, {}).setdefault(fact.field, (fact.value, snap.fact_local(index)))
    found = {}
    for name, fields in entries.items():
        if "registered" not in fields:
            continue

        def text(key: str, fields: dict = fields) -> str:
            value = fields.get(key, (None,))[0]
            return value if isinstance(value, str) else ""

        tier = fields.get("tier", (None,))[0]
        active = fields.get("active", (None,))[0]
        found[name] = RegistryEntry(
            name, name.rsplit("/", 1)[-1], text("organization"),
            tier if isinstance(tier, int) and not isinstance(tier, bool) else None, text("type"), text("domain"),
            text("repository"), text("territory"), active if isinstance(active, bool) else None, text("description"),
            fields["registered"][1])
    return MappingProxyType(dict(sorted(found.items())))


def _compliance(files: tuple[SnapshotFile, ...]) -> Compliance:
    dimensions: dict[str, Dimension] = {}
    profiles: dict[str, Mapping[str, str]] = {}
    where: dict[str, Claim] = {}
    for snap in files:
        if snap.snapshot.role != "registry":
            continue
        for index, fact in enumerate(snap.snapshot.facts):
            value = fact.value
            if fact.field == "compliance.dimension" and isinstance(value, dict) and isinstance(value.get("id"), str):
                checks = value.get("checks")
                applicable = value.get("applicable_when")
                dimensions.setdefault(value["id"], Dimension(
                    value["id"], _str(value.get("name")) or value["id"], _str(value.get("description")),
                    MappingProxyType(checks if isinstance(checks, dict) else {}),
                    MappingProxyType(applicable) if isinstance(applicable, dict) else None,
                    snap.fact_local(index), fact.provenance))
            elif fact.field == "compliance.profile" and isinstance(value, dict) and isinstance(value.get("type"), str):
                levels = value.get("dimensions")
                profiles.setdefault(value["type"], MappingProxyType(
                    {str(k): v for k, v in levels.items() if v in LEVELS} if isinstance(levels, dict) else {}))
                where.setdefault(value["type"], Claim("compliance.profile", value, "registry", snap.fact_local(index),
                                                      fact.provenance, snap.snapshot.date, value["type"]))
    return Compliance(MappingProxyType(dimensions), MappingProxyType(profiles), MappingProxyType(where))


def _owner(snapshot: Snapshot, registry: Mapping[str, RegistryEntry]) -> str:
    """The service a repository's problems are about: the one it declares for itself; else the registry entry
    whose repository it is (a repository whose own files are too broken to name it); else its name."""
    if snapshot.service:
        return snapshot.service
    repository = snapshot.repository.lower()
    registered = sorted(name for name, entry in registry.items() if entry.repository.lower() == repository)
    if registered:
        return registered[0]
    return service_id(snapshot.repository.rpartition("/")[2]) or snapshot.repository


def _problems(files: tuple[SnapshotFile, ...], registry: Mapping[str, RegistryEntry],
              across: Iterable[Problem]) -> list[LocatedProblem]:
    """Each snapshot's problems at their entry in the snapshot, on the repository's service, then the problems
    found `across` snapshots at the fact they concern (a dependency may also name a service that only this
    repository's manifests know)."""
    found = []
    by_line: dict[tuple[str, str, int], tuple[SnapshotFile, int]] = {}
    for snap in files:
        snapshot = snap.snapshot
        owner = _owner(snapshot, registry)
        for index, problem in enumerate(snapshot.problems):
            found.append(LocatedProblem.of(problem, snap.problem_local(index), owner, snapshot))
        for index, fact in enumerate(snapshot.facts):
            by_line.setdefault((snapshot.repository.lower(), fact.provenance.path, fact.provenance.line), (snap, index))
    for problem in across:
        hit = by_line.get((problem.repository.lower(), problem.path, problem.line))
        if hit is None:
            continue
        snap, index = hit
        found.append(LocatedProblem.of(problem, snap.fact_local(index), snap.snapshot.facts[index].subject
                                       or _owner(snap.snapshot, registry), snap.snapshot))
    return found
