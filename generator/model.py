"""Stage 2: typed, frozen entities built from loaded documents.

Builders are lenient on purpose: a field of the wrong type is left out here
because the schema stage already reports it, and the cross-file rules should
still see the rest of the entity instead of losing it entirely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .load import Document

SAFE_NAME = re.compile(r"^[a-z][a-z0-9]*\Z")  # \Z: "$" would accept a trailing newline
STATUSES = ("Planned", "In Progress", "Needs Deployment", "Live", "Active", "Deprecated")
PAGE_FOLDERS = {"Service": "service", "DataLayer": "datalayer", "Composite": "composite"}


def _str(data: Mapping, key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def _strs(data: Mapping, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _str_map(data: Mapping, key: str) -> Mapping[str, str]:
    value = data.get(key)
    if not isinstance(value, dict):
        return MappingProxyType({})
    return MappingProxyType({k: v for k, v in value.items() if isinstance(v, str)})


def _map(data: Mapping, key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def get_path(data: Any, dotted: str) -> Any:
    """Value at a dotted path such as `routes.health`, or None."""
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


@dataclass(frozen=True)
class Webhook:
    name: str
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Entity:
    """A Service, DataLayer or Composite, as one manifest describes it."""

    name: str
    kind: str  # entity_type: Service, DataLayer or Composite
    category: str
    status: str
    owners: tuple[str, ...]
    document: Document = field(compare=False, repr=False)
    description: str = ""
    tier: str = ""
    additional_categories: tuple[str, ...] = ()
    github_repo: str = ""
    primary_domain: str = ""
    owner_entity: str = ""
    ontology: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    exposes: Mapping[str, bool] = field(default_factory=dict)
    routes: Mapping[str, str] = field(default_factory=dict)
    charter_url: str = ""
    oncall: str = ""
    runbooks: Mapping[str, str] = field(default_factory=dict)
    webhooks: tuple[Webhook, ...] = ()
    artifacts: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""
    data_classification: str = ""
    retention_policy: str = ""
    storage: str = ""
    components: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def data(self) -> Mapping[str, Any]:
        return self.document.data

    @property
    def page_folder(self) -> str:
        return PAGE_FOLDERS[self.kind]

    @property
    def url(self) -> str:
        """Site-relative URL of the entity's page."""
        return f"{self.page_folder}/{self.name}/"

    @property
    def api_path(self) -> str:
        """Site-relative path of the entity's JSON in the read model."""
        return f"api/{self.page_folder}s/{self.name}.json"

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *[c for c in self.additional_categories if c != self.category])


def build_entity(document: Document, kind: str) -> Entity:
    data = document.data
    webhooks = tuple(
        Webhook(_str(hook, "name"), _str(hook, "url"), _str(hook, "description"))
        for hook in data.get("webhooks") or () if isinstance(hook, dict) and isinstance(hook.get("name"), str))
    components = tuple(
        (_str(item, "name"), _str(item, "entity_type"))
        for item in data.get("components") or () if isinstance(item, dict))
    exposes = {k: v for k, v in _map(data, "exposes").items() if isinstance(v, bool)}
    return Entity(
        name=_str(data, "service_name"),
        kind=kind,
        category=_str(data, "category", "Data" if kind == "DataLayer" else ""),
        status=_str(data, "status"),
        owners=_strs(data, "owners"),
        document=document,
        description=_str(data, "description"),
        tier=_str(data, "tier"),
        additional_categories=_strs(data, "additional_categories"),
        github_repo=_str(data, "github_repo"),
        primary_domain=_str(data, "primary_domain"),
        owner_entity=_str(data, "owner_entity"),
        ontology=_strs(data, "ontology"),
        scopes=_strs(data, "scopes"),
        secrets=_strs(data, "secrets"),
        depends_on=_strs(data, "depends_on"),
        exposes=MappingProxyType(exposes),
        routes=_str_map(data, "routes"),
        charter_url=_str(data, "charter_url"),
        oncall=_str(data, "oncall"),
        runbooks=_str_map(data, "runbooks"),
        webhooks=webhooks,
        artifacts=_str_map(data, "artifacts"),
        notes=_str(data, "notes"),
        data_classification=_str(data, "data_classification"),
        retention_policy=_str(data, "retention_policy"),
        storage=_str(data, "storage"),
        components=components,
    )


@dataclass(frozen=True)
class Layer:
    number: int
    name: str
    category: str
    summary: str = ""


@dataclass(frozen=True)
class Scopes:
    by_service: Mapping[str, tuple[str, ...]]
    required_labels: tuple[str, ...]
    enforcement: str
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Ontology:
    domains: Mapping[str, str]
    capabilities: Mapping[str, str]
    intro: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SecretEntry:
    name: str
    purpose: str
    kind: str
    lifetime: str
    service: str = ""
    issuer: str = ""
    rotation_days: int | None = None
    optional: bool = False


@dataclass(frozen=True)
class SecretsInventory:
    env_name_pattern: str
    service_token_pattern: str
    naming_summary: str
    entries: Mapping[str, SecretEntry]
    sources_of_truth: tuple[tuple[str, str], ...] = ()
    provisioning: Mapping[str, str] = field(default_factory=dict)
    rotation_days: int = 90
    rotation_on_incident: str = ""
    audit: tuple[tuple[str, str], ...] = ()
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Gate:
    name: str
    paths: tuple[str, ...]
    labels: tuple[str, ...]
    description: str = ""
    reviewers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    team: str = ""


@dataclass(frozen=True)
class Cadence:
    review: str
    when: str
    role: str = ""


@dataclass(frozen=True)
class AccessModel:
    roles: Mapping[str, Role]
    gates: tuple[Gate, ...]
    cadence: tuple[Cadence, ...] = ()
    principles: tuple[str, ...] = ()
    audit: tuple[str, ...] = ()
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RoadmapItem:
    id: str
    title: str
    gap: str
    action: str
    status: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    items: tuple[RoadmapItem, ...]
    intro: str = ""


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def build_layers(document: Document | None) -> tuple[Layer, ...]:
    if document is None:
        return ()
    layers = [Layer(item["number"], _str(item, "name"), _str(item, "category"), _str(item, "summary"))
              for item in _dicts(document.data.get("layers"))
              if isinstance(item.get("number"), int) and not isinstance(item.get("number"), bool)]
    return tuple(sorted(layers, key=lambda layer: layer.number))


def build_scopes(document: Document | None) -> Scopes:
    if document is None:
        return Scopes(MappingProxyType({}), (), "")
    data = document.data
    by_service = {name: _strs(data["scopes"], name) for name in _map(data, "scopes")}
    return Scopes(MappingProxyType(by_service), _strs(_map(data, "review"), "required_labels"),
                  _str(data, "enforcement"), document)


def _descriptions(data: Mapping, key: str) -> Mapping[str, str]:
    return MappingProxyType({name: _str(value, "description") if isinstance(value, dict) else ""
                             for name, value in _map(data, key).items()})


def build_ontology(document: Document | None) -> Ontology:
    if document is None:
        return Ontology(MappingProxyType({}), MappingProxyType({}))
    data = document.data
    return Ontology(_descriptions(data, "domains"), _descriptions(data, "capabilities"), _str(data, "intro"), document)


def build_secrets(document: Document | None) -> SecretsInventory:
    if document is None:
        return SecretsInventory("", "", "", MappingProxyType({}))
    data = document.data
    naming = _map(data, "naming")
    entries = {}
    for name, entry in _map(data, "secrets").items():
        entry = entry if isinstance(entry, dict) else {}
        rotation = entry.get("rotation_days")
        entries[name] = SecretEntry(
            name, _str(entry, "purpose"), _str(entry, "kind"), _str(entry, "lifetime"),
            _str(entry, "service"), _str(entry, "issuer"),
            rotation if isinstance(rotation, int) and not isinstance(rotation, bool) else None,
            entry.get("optional") is True)
    rotation = _map(data, "rotation")
    days = rotation.get("default_days")
    return SecretsInventory(
        env_name_pattern=_str(naming, "env_name"),
        service_token_pattern=_str(naming, "service_token"),
        naming_summary=_str(naming, "summary"),
        entries=MappingProxyType(entries),
        sources_of_truth=tuple((_str(s, "name"), _str(s, "holds")) for s in _dicts(data.get("sources_of_truth"))),
        provisioning=_str_map(data, "provisioning"),
        rotation_days=days if isinstance(days, int) and not isinstance(days, bool) else 90,
        rotation_on_incident=_str(rotation, "on_incident"),
        audit=tuple((_str(a, "endpoint"), _str(a, "purpose")) for a in _dicts(data.get("audit"))),
        document=document,
    )


def build_access(document: Document | None) -> AccessModel:
    if document is None:
        return AccessModel(MappingProxyType({}), ())
    data = document.data
    roles = {name: Role(name, _str(value, "description"), _str(value, "team"))
             for name, value in _map(data, "roles").items() if isinstance(value, dict)}
    gates = tuple(Gate(_str(g, "name"), _strs(g, "paths"), _strs(g, "labels"), _str(g, "description"), _strs(g, "reviewers"))
                  for g in _dicts(data.get("gates")))
    cadence = tuple(Cadence(_str(c, "review"), _str(c, "when"), _str(c, "role")) for c in _dicts(data.get("cadence")))
    return AccessModel(MappingProxyType(roles), gates, cadence, _strs(data, "principles"), _strs(data, "audit"), document)


def build_roadmap(document: Document | None) -> Roadmap:
    if document is None:
        return Roadmap(())
    data = document.data
    items = tuple(RoadmapItem(_str(i, "id"), _str(i, "title"), _str(i, "gap"), _str(i, "action"),
                              _str(i, "status"), _strs(i, "services"))
                  for i in _dicts(data.get("items")))
    return Roadmap(items, _str(data, "intro"))
