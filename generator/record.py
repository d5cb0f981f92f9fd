"""The service record: one per entity, everything its sources declare, by section, each value with its source.

Built once per check from the model: this repository's manifest, the facts the
synced repositories state about the entity (its own repository first, then the
others and the ecosystem registry), in the federation's order of precedence.
The entity's page, its read-API file, the catalog, the team pages and the
pictures all read the record, so no two of them can disagree.

Every fact a snapshot holds about an entity lands somewhere: in a section of
its own (how to call it, dependencies, secrets, runtime, purpose, people), in
"other facts", or in `omitted` with the reason it is not shown. Nothing sync
reads is dropped silently; a test walks every fact of every snapshot to prove it.

Dependencies are typed (upstream, peer, downstream, storage, platform,
external) and resolved to entities case-insensitively, by name, page name or
alias; a name that resolves to nothing stays, as an external system or an
unresolved name. Every edge between two entities is on both ends: "depends on"
on one, "used by" on the other.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from .federated import ROLES, Claim
from .federation.values import Fact
from .model import Ecosystem, Entity

# The typed relations, in the order a page lists them. A charter's "downstream" row names a service that
# depends on this one, so it becomes that service's "upstream" edge, seen from both ends.
RELATIONS = ("upstream", "peer", "downstream", "storage", "platform", "external")
SERVICE_RELATIONS = ("upstream", "peer", "downstream")
ENDPOINTS_AT_ONCE = 12  # more endpoints than this are grouped by the first segment of their path

# Fact fields by the part of the record that shows them. A field in none of these is an "other fact".
CALL = frozenset({"base_url", "domain", "endpoint", "endpoint_url", "manifest_route", "health_route", "health_interval",
                  "auth_provider", "auth_endpoint", "service_token_key", "service_token_source", "exposes",
                  "onboarding_endpoint", "onboarding_provisions", "onboarding.exposes"})
DEPENDENCIES = frozenset({"dependency"})
SECRET_NAMES = frozenset({"secret", "secret_reference", "onboarding.secret", "workflow_secret"})
SECRETS = SECRET_NAMES | {"secrets_provider", "secrets_vault"} | {
    f"secret_catalog.{key}" for key in ("vault", "service", "version", "last_audit", "owner")}
RUNTIME = frozenset({"binding", "cron", "queue_consumer", "tail_consumer", "route", "worker_name", "worker_main",
                     "pages_project", "pages_output_dir", "dashboard_routes", "compatibility_date", "compatibility_flags",
                     "config",
                     "workers_dev", "cloudflare_account_id"})
PURPOSE = frozenset({"mission", "responsible_for", "not_responsible_for", "canonical_uri", "role", "context",
                     "description", "display_name", "tags", "territory", "type", "category", "tier", "organization",
                     "version", "path"})
PEOPLE = frozenset({"ownership", "owners", "owner", "maintainer", "codeowners_rule", "path_owners", "owner_entity"})
_PEOPLE_FIELDS = PEOPLE - DEPENDENCIES - SECRETS  # a fact of those is an edge or a secret, in _draft's order
CHECKLIST = frozenset({"compliance_claim"})
# The roles that make an owner, by precedence (Person.role, case-folded): the manifest's, CODEOWNERS' owner of
# everything, the charter's, the registry's.
OWNER_ROLES = ("owner", "owners", "service owner", "technical lead", "maintainer")
HANDLE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?")  # a GitHub user or team
_BETWEEN_HANDLES = re.compile(r"(?:[\s,;/&+|]|\band\b)*")  # what may separate several handles in one cell
# What a person named by a fact of this field is to the service.
PERSON_ROLES = {"owners": "owners", "owner": "owning organization", "maintainer": "maintainer",
                "owner_entity": "legal owner"}
# Facts about the record's subject that a page does not show, and why.
OMITTED = {
    "chitty_id": "a deploy-time identifier placeholder (`${...}`), never a value",
    "name": "the service's id: the page's name",
    "registered": "the registry's entry is shown as the status rule's evidence",
    "active": "shown as the status rule's evidence",
    "registration": "shown as the status rule's evidence",
    "manifest": "the repository's own manifest file; its fields are shown as the facts they state",
    "status": "the status rule decides the status; a manifest's own status is compared by status/evidence",
}


@dataclass(frozen=True)
class Source:
    """Where a value is stated: upstream (repository@commit:path:line) or a file of this repository."""

    text: str
    role: str  # one of federated.ROLES
    path: str
    line: int | None = None
    repository: str = ""
    commit: str = ""
    date: str = ""

    @staticmethod
    def of(claim: Claim) -> Source:
        provenance = claim.provenance
        if provenance is None:
            line, _ = claim.local.position()
            return Source(f"{claim.local.path}:{line}", claim.role, claim.local.path, line)
        return Source(str(provenance), claim.role, provenance.path, provenance.line, provenance.repository,
                      provenance.commit, claim.date)

    def json(self) -> dict[str, Any]:
        return {"source": self.text, "role": self.role, "repository": self.repository or None,
                "commit": self.commit or None, "path": self.path, "line": self.line, "date": self.date or None}


@dataclass(frozen=True)
class Stated:
    """One statement: a fact's field, the item it is about (`key`), its value and where it was stated."""

    field: str
    value: Any
    source: Source
    key: str = ""

    @property
    def environment(self) -> str:
        value = self.value
        return str(value.get("environment") or "") if isinstance(value, dict) else ""

    def get(self, name: str, default: Any = "") -> Any:
        return self.value.get(name, default) if isinstance(self.value, dict) else default


@dataclass(frozen=True)
class Endpoint:
    method: str  # "" when the source gives none
    path: str
    url: str  # the full address, where the base URL is known
    purpose: str
    auth: str
    source: Source
    also: tuple[Source, ...] = ()  # other statements of the same address (a manifest's route, a registration...)


@dataclass(frozen=True)
class Edge:
    """A dependency of `source_entity` on `target`, as one source states it."""

    source_entity: str  # the entity that depends
    target: str  # the entity depended on; "" when the name resolves to none
    written: str  # the name as the source writes it
    relation: str  # one of RELATIONS, or "unresolved" for a service name that names no entity
    purpose: str
    via: str  # where the edge comes from: charter, service binding, manifest...
    source: Source

    @property
    def resolved(self) -> bool:
        return bool(self.target)


@dataclass(frozen=True)
class Secret:
    name: str  # env name, or a vault path for a reference without a name
    place: str  # secret catalog, vault reference, service token, workflow allow-list, manifest, onboarding page
    reference: str = ""  # op:// path: a reference into a vault, never a value
    rotation_days: int | None = None
    owner: str = ""
    kind: str = ""
    environment: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Person:
    role: str
    who: str
    source: Source


@dataclass(frozen=True)
class Omitted:
    stated: Stated
    reason: str


@dataclass(frozen=True)
class Record:
    """Everything the sources state about one entity, by section."""

    # `manifest`: the manifest fields a part is made of besides the sources' facts (what a page showing the
    # part shows of the manifest: shown.py reads it)
    name: str
    base_urls: tuple[Stated, ...] = field(default=(), metadata={"manifest": ("primary_domain", "routes")})
    endpoints: tuple[Endpoint, ...] = field(default=(), metadata={"manifest": ("routes",)})
    call: tuple[Stated, ...] = ()  # auth provider and endpoint, the service token's env name and source, exposes...
    depends_on: tuple[Edge, ...] = field(default=(), metadata={"manifest": ("depends_on",)})
    used_by: tuple[Edge, ...] = ()
    secrets: tuple[Secret, ...] = field(default=(), metadata={"manifest": ("secrets",)})
    provisioning: tuple[Stated, ...] = ()  # who provides its secrets, from which vault; its secret catalog's own fields
    runtime: tuple[Stated, ...] = ()  # bindings, crons, queues, routes, the Worker or Pages project...
    purpose: tuple[Stated, ...] = ()  # mission, IS / IS NOT, charter, canonical URI, classification
    people: tuple[Person, ...] = field(default=(), metadata={"manifest": ("owners",)})
    teams: tuple[str, ...] = ()  # every team handle the sources name as owning it (owners, CODEOWNERS, roles)
    checklist: tuple[Stated, ...] = ()  # the charter's compliance checklist, item by item
    other: tuple[Stated, ...] = ()
    omitted: tuple[Omitted, ...] = ()
    facts: int = 0  # how many facts the snapshots hold about it

    def first(self, field_name: str) -> Stated | None:
        for part in (self.call, self.provisioning, self.purpose, self.runtime, self.other):
            for stated in part:
                if stated.field == field_name:
                    return stated
        return None

    @property
    def owners(self) -> tuple[str, ...]:
        return owners_among(self.people)

    @property
    def mission(self) -> Stated | None:
        return next((s for s in self.purpose if s.field == "mission"), None)

    @property
    def base_url(self) -> str:
        """The production address: the first base URL stated for production or for no environment in particular."""
        chosen = next((s for s in self.base_urls if s.environment in ("", "production")), None)
        return str(chosen.value) if chosen is not None else ""

    def endpoint_groups(self, at_most: int = ENDPOINTS_AT_ONCE) -> list[tuple[str, tuple[Endpoint, ...]]]:
        """The endpoints in one group, or, when there are more than a page shows at once, grouped by the first
        segment of their path (`/api/v1/...` under `/api`), in the order stated."""
        if len(self.endpoints) <= at_most:
            return [("", self.endpoints)]
        groups: dict[str, list[Endpoint]] = {}
        for endpoint in self.endpoints:
            first = endpoint.path.split("/")[1] if endpoint.path.startswith("/") and "/" in endpoint.path[1:] else ""
            groups.setdefault("/" + first, []).append(endpoint)
        return [(name, tuple(items)) for name, items in groups.items()]

    @property
    def health(self) -> Endpoint | None:
        return next((e for e in self.endpoints if e.path.rstrip("/").endswith("/health") or e.path == "/health"), None)


def owners_among(people: Iterable[Person]) -> tuple[str, ...]:
    """Who owns an entity, from the first source that says: the manifest's owners, the owners of everything in
    its repository (CODEOWNERS), the charter's service owner and technical lead, the registry's maintainer."""
    people = tuple(people)
    for roles in (OWNER_ROLES[:1], OWNER_ROLES[1:2], OWNER_ROLES[2:4], OWNER_ROLES[4:]):
        found = tuple(dict.fromkeys(p.who for p in people if p.role.casefold() in roles and p.who))
        if found:
            return found
    return ()


def recorded_keys(attribute: str) -> tuple[str, ...]:
    """The manifest fields a part of the record is made of: what a page that shows `record.<attribute>` shows."""
    found = next((f for f in fields(Record) if f.name == attribute), None)
    return tuple(found.metadata.get("manifest", ())) if found is not None else ()


# --- building -----------------------------------------------------------------------------------------------


class Records(Mapping[str, Record]):
    """Every entity's record, each built when first asked for. The dependencies are worked out once for the whole
    ecosystem, since each edge shows on both ends; the rest of a record reads its own entity alone, so a page
    asks nothing of another entity but its name, its aliases and its dependencies."""

    def __init__(self, eco: Ecosystem):
        self._eco = eco
        self._facts = _facts_by_subject(eco)
        self._resolve = _resolver(eco.entities.values())
        self._built: dict[str, Record] = {}

    @functools.cached_property
    def _depends_on(self) -> dict[str, tuple[Edge, ...]]:
        """Each edge under the entity that depends: a downstream row of one charter is an edge of the service it
        names, which that service's page lists under "Depends on" and the charter's own under "Used by"."""
        own: dict[str, list[Edge]] = {}
        others: dict[str, list[Edge]] = {}  # stated in another entity's sources: they come after its own
        for name, entity in self._eco.entities.items():
            for edge in _edges(entity, self._facts.get(name, []), self._resolve):
                (own if edge.source_entity == name else others).setdefault(edge.source_entity, []).append(edge)
        return {name: tuple(_unique_edges(own.get(name, []) + others.get(name, []))) for name in dict.fromkeys([*own, *others])}

    @functools.cached_property
    def _used_by(self) -> dict[str, tuple[Edge, ...]]:
        found: dict[str, list[Edge]] = {}
        for edges in self._depends_on.values():
            for edge in edges:
                if edge.target:
                    found.setdefault(edge.target, []).append(edge)
        return {name: tuple(sorted(edges, key=lambda e: (e.source_entity, RELATIONS.index(e.relation)
                                                           if e.relation in RELATIONS else len(RELATIONS))))
                for name, edges in found.items()}

    def __getitem__(self, name: str) -> Record:
        record = self._built.get(name)
        if record is None:
            entity = self._eco.entities[name]  # KeyError for a name no entity has
            record = self._built[name] = Record(name=name, depends_on=self.depends_on(name),
                                                used_by=self._used_by.get(name, ()),
                                                **_draft(entity, self._facts.get(name, [])))
        return record

    def people(self, name: str) -> tuple[Person, ...]:
        """The entity's people (Record.people, cited at their files) without building its record: what the team
        pages, which every page links, need of every entity."""
        entity = self._eco.entities[name]
        return tuple(_people_of(entity, self._facts.get(name, []), _manifest_source(entity)))

    def owners(self, name: str) -> tuple[str, ...]:
        """Record.owners without building the record (the catalog and the teams read every entity's)."""
        return owners_among(self.people(name))

    def depends_on(self, name: str) -> tuple[Edge, ...]:
        """Record.depends_on without building the record (the map draws every entity's)."""
        return self._depends_on.get(name, ())

    def __iter__(self) -> Iterator[str]:
        return iter(self._eco.entities)

    def __len__(self) -> int:
        return len(self._eco.entities)


def build(eco: Ecosystem) -> Records:
    """Every entity's record (see Records)."""
    return Records(eco)


def _facts_by_subject(eco: Ecosystem) -> dict[str, list[tuple[Fact, Claim]]]:
    """Every fact of every snapshot about an entity, as a claim (role, local entry, provenance), by precedence."""
    found: dict[str, list[tuple[tuple, Fact, Claim]]] = {}
    for snap in eco.federation.snapshots:
        snapshot = snap.snapshot
        for index, fact in enumerate(snapshot.facts):
            if not fact.subject:
                continue
            role = "own" if fact.subject == snapshot.service or fact.provenance.path.startswith("registrations/") \
                else "registry" if snapshot.role == "registry" else "service"
            claim = Claim(fact.field, fact.value, role, snap.fact_local(index), fact.provenance, snapshot.date, fact.key)
            rank = (ROLES.index(role), fact.provenance.repository, fact.provenance.path, fact.provenance.line)
            found.setdefault(fact.subject, []).append((rank, fact, claim))
    return {subject: [(fact, claim) for _, fact, claim in sorted(items, key=lambda item: item[0])]
            for subject, items in found.items()}


def _resolver(entities: Iterable[Entity]):
    """A name as a source writes it (ChittyAuth, chitty-auth, an alias) → the entity it names, or ""."""
    names: dict[str, str] = {}
    for entity in entities:
        for written in (entity.name, entity.page_name, *entity.aliases):
            names.setdefault(_fold(written), entity.name)

    @functools.cache
    def resolve(written: str) -> str:
        folded = _fold(written)
        if folded in names:
            return names[folded]
        # a Worker's script name: chittyscore-worker, chittyauth-production
        bare = _fold(WORKER_SUFFIX.sub("", written.casefold()))
        return names.get(bare, "")
    return resolve


WORKER_SUFFIX = re.compile(r"(?:[-_](?:worker|production|prod|staging|dev|development))+\Z")


def _fold(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _edges(entity: Entity, facts: list[tuple[Fact, Claim]], resolve: Callable[[str], str]) -> list[Edge]:
    """What the entity depends on, by precedence: its repository's dependencies, service bindings and tail
    consumers, then its manifest's `depends_on` (cited at the manifest: another entity's page shows the edge too)."""
    edges: list[Edge] = []
    for fact, claim in facts:
        if fact.field in DEPENDENCIES:
            edges += _dependency_edges(entity.name, Stated(fact.field, fact.value, Source.of(claim), fact.key), resolve)
        elif fact.field == "binding" and isinstance(fact.value, dict) and fact.value.get("kind") == "service" \
                or fact.field == "tail_consumer":
            edges += _binding_edge(entity.name, Stated(fact.field, fact.value, Source.of(claim), fact.key), resolve)
    return edges + [Edge(entity.name, resolve(name), name, "upstream", "", "manifest", _manifest_source(entity))
                    for name in entity.depends_on]


def _draft(entity: Entity, facts: list[tuple[Fact, Claim]]) -> dict[str, Any]:
    sections: dict[str, list[Any]] = {key: [] for key in ("call", "provisioning", "runtime", "purpose", "checklist", "other")}
    omitted: list[Omitted] = []
    endpoints: list[Endpoint] = []
    secrets: list[Secret] = []
    base_urls: list[Stated] = []
    curated = _curated(entity)
    for stated in curated:
        sections["call" if stated.field in CALL else "purpose" if stated.field in PURPOSE else "other"].append(stated)
    for fact, claim in facts:
        stated = Stated(fact.field, fact.value, Source.of(claim), fact.key)
        if fact.field in DEPENDENCIES:
            continue  # an edge (Records._depends_on)
        elif fact.field in SECRET_NAMES:
            secrets.append(_secret(stated))
        elif fact.field in SECRETS:  # how its secrets are provided: shown with them
            sections["provisioning"].append(stated)
        elif fact.field in PEOPLE:
            continue  # the people: _people_of
        elif fact.field in CHECKLIST:
            sections["checklist"].append(stated)
        elif fact.field in OMITTED:
            omitted.append(Omitted(stated, OMITTED[fact.field]))
        elif fact.field in CALL:
            sections["call"].append(stated)
        elif fact.field in RUNTIME:
            sections["runtime"].append(stated)
        elif fact.field in PURPOSE:
            sections["purpose"].append(stated)
        else:
            sections["other"].append(stated)
    secrets += [Secret(name, "manifest", source=_manifest_source(entity, "secrets")) for name in entity.secrets]
    if stated_key := next((s for s in sections["call"] if s.field == "service_token_key"), None):
        secrets.insert(0, Secret(str(stated_key.value), "service token", source=stated_key.source))
    base_urls = _base_urls(sections["call"] + sections["runtime"])
    endpoints = _endpoints(sections["call"], base_urls)
    people = _people_of(entity, facts, _manifest_source(entity, "owners"))
    return {
        "base_urls": tuple(base_urls), "endpoints": tuple(endpoints),
        "call": tuple(s for s in sections["call"] if s.field not in ("base_url", "endpoint", "endpoint_url", "manifest_route")),
        "secrets": tuple(_unique_secrets(secrets)),
        "provisioning": tuple(sections["provisioning"]),
        "runtime": tuple(sections["runtime"]), "purpose": tuple(sections["purpose"]), "people": tuple(people),
        "teams": tuple(dict.fromkeys(p.who for p in people if p.who.startswith("@"))),
        "checklist": tuple(sections["checklist"]), "other": tuple(sections["other"]), "omitted": tuple(omitted),
        "facts": len(facts),
    }


def _manifest_source(entity: Entity, key: str | None = None) -> Source:
    """This repository's manifest, at the line of `key`. Without a key, the manifest's file alone, named by the
    kind's folder: what another entity's page may show, which must not depend on how this manifest is written."""
    if key is None:
        path = entity.entity_kind.manifest(entity.name)
        return Source(path, "curated", path)
    line = entity.document.locate((key,), value=True)[0] if entity.onboarded else None
    return Source(f"{entity.path}:{line}" if line else entity.path, "curated", entity.path, line)


def _curated(entity: Entity) -> list[Stated]:
    """What this repository's manifest states that the record shows beside the sources' facts."""
    if not entity.onboarded:
        return []
    found = []
    for key, url in entity.routes.items():
        found.append(Stated("manifest_route", url, _manifest_source(entity, "routes"), key))
    if entity.primary_domain:
        found.append(Stated("domain", entity.primary_domain, _manifest_source(entity, "primary_domain")))
    return found


def _dependency_edges(subject: str, stated: Stated, resolve) -> list[Edge]:
    relation = str(stated.get("relation") or "")
    written = str(stated.get("name") or stated.key)
    purpose = str(stated.get("purpose") or "")
    target = resolve(str(stated.get("service") or written)) or resolve(written)
    if relation == "downstream":  # the named service depends on this one
        return [Edge(target, subject, written, "upstream", purpose, "charter (downstream)", stated.source)] if target \
            else [Edge(subject, "", written, "downstream", purpose, "charter", stated.source)]
    if relation in SERVICE_RELATIONS:
        return [Edge(subject, target, written, relation if target else "unresolved", purpose, "charter", stated.source)]
    kind = relation if relation in RELATIONS else "external"
    return [Edge(subject, target, written, kind, purpose, "charter", stated.source)]


def _binding_edge(subject: str, stated: Stated, resolve) -> list[Edge]:
    written = str(stated.get("target") or stated.get("binding") or stated.key)
    via = "tail consumer" if stated.field == "tail_consumer" else "service binding"
    environment = stated.environment
    label = f"{via} {stated.get('binding')}" + (f" ({environment})" if environment else "")
    target = resolve(written)
    return [Edge(subject, target, written, "platform" if stated.field == "tail_consumer" else "upstream" if target
                 else "unresolved", label, via, stated.source)]


def _unique_edges(edges: list[Edge]) -> list[Edge]:
    """One edge per (entity, target, relation): its first statement by precedence."""
    seen: set[tuple] = set()
    found = []
    for edge in edges:
        key = (edge.source_entity, edge.target or edge.written.casefold(), edge.relation)
        if key not in seen and edge.source_entity:
            seen.add(key)
            found.append(edge)
    return found


def _secret(stated: Stated) -> Secret:
    value = stated.value
    if stated.field == "secret":
        rotation = stated.get("rotation_days", None)
        return Secret(str(stated.get("name") or stated.key), _place(stated.source.path),
                      str(stated.get("reference") or ""), rotation if isinstance(rotation, int) else None,
                      str(stated.get("owner") or ""), str(stated.get("kind") or ""), stated.environment, stated.source)
    if stated.field == "secret_reference":
        return Secret(str(stated.get("reference") or stated.key), "vault reference", str(stated.get("reference") or ""),
                      environment=stated.environment, source=stated.source)
    place = "onboarding page" if stated.field == "onboarding.secret" else "workflow allow-list"
    return Secret(str(value if isinstance(value, str) else stated.key), place, source=stated.source)


def _place(path: str) -> str:
    """What a file that names secrets is, for a reader."""
    name = path.rsplit("/", 1)[-1]
    if name.startswith("wrangler."):
        return "Wrangler configuration"
    return "secret catalog" if name == "secret-catalog.json" else path


def _unique_secrets(secrets: list[Secret]) -> list[Secret]:
    """Each statement of a secret once (a name stated in several places, or per environment, is several rows),
    grouped by name in the order first stated."""
    seen: set[tuple] = set()
    found: dict[str, list[Secret]] = {}
    for secret in secrets:
        key = (secret.name, secret.place, secret.environment, secret.source.text if secret.source else "")
        if key not in seen:
            seen.add(key)
            found.setdefault(secret.name, []).append(secret)
    return [secret for group in found.values() for secret in group]


def _stated_people(facts: list[tuple[Fact, Claim]]) -> list[Person]:
    """The people the sources state, in their order (a fact of another part of the record is none of them)."""
    return [person for fact, claim in facts if fact.field in _PEOPLE_FIELDS
            for person in _people(Stated(fact.field, fact.value, Source.of(claim), fact.key))]


def _people_of(entity: Entity, facts: list[tuple[Fact, Claim]], manifest: Source) -> list[Person]:
    """Record.people: the sources' first, the manifest's owners last (owners_among takes the first it finds), each
    owner cited at `manifest`."""
    return [*_stated_people(facts), *(Person("owner", owner, manifest) for owner in entity.owners)]


def _people(stated: Stated) -> list[Person]:
    value = stated.value
    if stated.field == "ownership":
        role, owner = str(stated.get("role") or stated.key), str(stated.get("owner") or "")
        handles = HANDLE.findall(owner)
        # "@nickbianchi, @chittyos/cicd-admins": a role several teams hold is each of them
        if len(handles) > 1 and _BETWEEN_HANDLES.fullmatch(HANDLE.sub(" ", owner)):
            return [Person(role, handle, stated.source) for handle in handles]
        return [Person(role, owner, stated.source)]
    if stated.field == "codeowners_rule":
        return [Person(f"CODEOWNERS {stated.get('pattern')}", owner, stated.source) for owner in stated.get("owners", ())]
    if stated.field == "path_owners":
        return [Person(f"owns {stated.key}", owner, stated.source) for owner in (value if isinstance(value, list) else ())]
    owners = value if isinstance(value, list) else [value]
    role = PERSON_ROLES.get(stated.field, stated.field.replace("_", " "))
    return [Person(role, str(owner), stated.source) for owner in owners if owner]


def _base_urls(stated: list[Stated]) -> list[Stated]:
    """Where the service answers: a charter's base URL, its production domain, its routed hosts."""
    found: dict[str, Stated] = {}  # one per address, first statement first; `key` lists the environments stated

    def add(url: str, statement: Stated) -> None:
        url = url.rstrip("/")
        if not url:
            return
        known = found.get(url.casefold())
        if known is None:
            found[url.casefold()] = Stated("base_url", url, statement.source, statement.environment)
        elif statement.environment and statement.environment not in known.key.split(", "):
            environments = ", ".join(filter(None, (known.key, statement.environment)))
            found[url.casefold()] = Stated("base_url", known.value, known.source, environments)
    for s in stated:
        if s.field == "base_url" and isinstance(s.value, str):
            add(s.value, s)
    for s in stated:
        if s.field == "domain" and isinstance(s.value, str):
            add(f"https://{s.value}", s)
        elif s.field == "route" and s.get("host"):
            add(f"https://{s.get('host')}", s)
    return list(found.values())


def _endpoints(stated: list[Stated], base_urls: list[Stated]) -> list[Endpoint]:
    base = next((str(b.value) for b in base_urls if b.environment in ("", "production")), "")
    found: list[Endpoint] = []

    def add(method: str, path: str, url: str, purpose: str, auth: str, source: Source) -> None:
        key = (method.upper(), path)
        # an address without a method adds no endpoint to one the sources describe: it is one more statement of it
        same = next((i for i, e in enumerate(found) if (e.method, e.path) == key or not method and e.path == path), None)
        if same is not None:
            found[same] = dataclasses.replace(found[same], also=(*found[same].also, source))
            return
        found.append(Endpoint(method.upper(), path, url or (base + path if base and path.startswith("/") else ""),
                              purpose, auth, source))
    for s in stated:
        if s.field == "endpoint" and isinstance(s.value, dict):
            add(str(s.get("method") or ""), str(s.get("path") or s.key), "", str(s.get("purpose") or ""),
                str(s.get("auth") or ""), s.source)
    for s in stated:
        if s.field in ("endpoint_url", "manifest_route") and isinstance(s.value, str):
            parts = urlsplit(s.value)
            path = parts.path or "/"
            add("", path, s.value if parts.scheme else "", s.key if s.field == "manifest_route" else "", "", s.source)
        elif s.field == "health_route" and isinstance(s.value, str):
            parts = urlsplit(s.value)
            add("GET", parts.path or "/", s.value if parts.scheme else "", "health", "", s.source)
    return found


# --- the read model -----------------------------------------------------------------------------------------


def record_json(record: Record) -> dict[str, Any]:
    """The whole record for the read API (`api/<kind>s/<name>.json`, key `record`), every value with its source."""

    def stated(s: Stated) -> dict[str, Any]:
        return {"field": s.field, "key": s.key or None, "value": s.value, "source": s.source.json()}

    def edge(e: Edge) -> dict[str, Any]:
        return {"from": e.source_entity, "to": e.target or None, "written": e.written, "relation": e.relation,
                "purpose": e.purpose or None, "via": e.via, "source": e.source.json()}

    return {
        "base_urls": [{"url": s.value, "environment": s.key or None, "source": s.source.json()} for s in record.base_urls],
        "endpoints": [{"method": e.method or None, "path": e.path, "url": e.url or None, "purpose": e.purpose or None,
                       "auth": e.auth or None, "source": e.source.json(), "also": [s.json() for s in e.also]}
                      for e in record.endpoints],
        "call": [stated(s) for s in record.call],
        "depends_on": [edge(e) for e in record.depends_on],
        "used_by": [edge(e) for e in record.used_by],
        "secrets": [{"name": s.name, "place": s.place, "reference": s.reference or None,
                     "rotation_days": s.rotation_days, "owner": s.owner or None, "kind": s.kind or None,
                     "environment": s.environment or None, "source": s.source.json() if s.source else None}
                    for s in record.secrets],
        "provisioning": [stated(s) for s in record.provisioning],
        "runtime": [stated(s) for s in record.runtime],
        "purpose": [stated(s) for s in record.purpose],
        "people": [{"role": p.role, "who": p.who, "source": p.source.json()} for p in record.people],
        "teams": list(record.teams),
        "checklist": [stated(s) for s in record.checklist],
        "other": [stated(s) for s in record.other],
        "not_shown": [{**stated(o.stated), "reason": o.reason} for o in record.omitted],
        "facts": record.facts,
    }


def sources_json(eco: Ecosystem) -> list[dict[str, Any]]:
    """Each synced repository as read: its commit, the services it speaks about, and every fact it states about
    the ecosystem as a whole (no service's record holds those)."""
    found = []
    for snap in eco.federation.snapshots:
        snapshot = snap.snapshot
        found.append({
            "repository": snapshot.repository, "commit": snapshot.commit, "date": snapshot.date or None,
            "ref": snapshot.ref or None, "role": snapshot.role, "service": snapshot.service or None,
            "snapshot": snap.document.path, "files": list(snapshot.files),
            "services": sorted({fact.subject for fact in snapshot.facts if fact.subject}),
            "facts": [{"field": fact.field, "key": fact.key or None, "value": fact.value,
                       "source": {"source": str(fact.provenance), "repository": fact.provenance.repository,
                                  "commit": fact.provenance.commit, "path": fact.provenance.path,
                                  "line": fact.provenance.line}}
                      for fact in snapshot.facts if not fact.subject],
            "unmapped": len(snapshot.unmapped),
        })
    return found

