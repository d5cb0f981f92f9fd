"""Stage 2: the shape of the domain, and the typed, frozen entities built from loaded documents.

This module is the one owner of that shape: where each kind of entity and model
is kept, which schema it follows, where its page and JSON live, and which
values are allowed (read from the schemas, never listed here). The engine, the
scaffold, the importer, the gate and the renderer all take it from here.

Builders are lenient on purpose: a field of the wrong type is left out here
because the schema stage already reports it, and the cross-file rules should
still see the rest of the entity instead of losing it entirely.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .canon import Canon
from .federated import Federation
from .federation import LOCK as FEDERATION_LOCK
from .federation import SNAPSHOT_DIR
from .federation import SOURCES as FEDERATION_SOURCES
from .fields import get_path
from .load import Document
from .names import safe_name
from .on_demand import BuiltOnDemand
from .violations import Waiver

if TYPE_CHECKING:
    from .compliance import DimensionResult
    from .status import Decision

T = TypeVar("T")

SOURCES_DIR = "etc/chittyos"
SCHEMA_DIR = "etc/authority/schema"
DOCS_DIR = "docs"


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: one manifest per entity in `folder`, one page and one JSON file each."""

    entity_type: str  # the manifest's entity_type
    folder: str  # repository path holding one manifest per entity
    schema: str  # schema name under etc/authority/schema/
    page_folder: str  # site folder of its pages
    noun: str  # what the site calls one of them
    command: str | None = None  # `getchitty new <command>`; None when it is not scaffolded
    default_category: str = ""  # the layer category when the manifest names none
    asks: tuple[str, ...] = ("description",)  # optional fields `getchitty new` asks the author for anyway

    @property
    def template(self) -> str:
        return f"{self.page_folder}.md.j2"

    def manifest(self, name: str) -> str:
        return f"{self.folder}/{name}.yml"

    def page(self, name: str) -> str:
        return f"{self.page_folder}/{name}.md"

    def url(self, name: str) -> str:
        return f"{self.page_folder}/{name}/"

    def api_path(self, name: str) -> str:
        return f"api/{self.page_folder}s/{name}.json"

    @property
    def api_index(self) -> str:
        return f"api/{self.page_folder}s.json"


KINDS: tuple[EntityKind, ...] = (
    EntityKind("Service", f"{SOURCES_DIR}/services", "getchitty-service", "service", "service", command="service"),
    EntityKind("DataLayer", f"{SOURCES_DIR}/datalayers", "getchitty-data-layer", "datalayer", "data layer",
               command="datalayer", default_category="Data"),
    EntityKind("Composite", f"{SOURCES_DIR}/composites", "getchitty-composite", "composite", "composite"),
)
KIND_BY_TYPE: Mapping[str, EntityKind] = MappingProxyType({kind.entity_type: kind for kind in KINDS})
KIND_BY_COMMAND: Mapping[str, EntityKind] = MappingProxyType({kind.command: kind for kind in KINDS if kind.command})


@dataclass(frozen=True)
class ModelFile:
    """One of the ecosystem-wide models, each a single YAML file under etc/chittyos/."""

    name: str
    schema: str
    required: bool

    @property
    def path(self) -> str:
        return f"{SOURCES_DIR}/{self.name}.yml"


MODEL_FILES: tuple[ModelFile, ...] = (
    ModelFile("scopes", "getchitty-scopes", True),
    ModelFile("ontology", "getchitty-ontology", True),
    ModelFile("secrets", "getchitty-secrets", True),
    ModelFile("access", "getchitty-access", True),
    ModelFile("layers", "getchitty-layers", True),
    ModelFile("tiers", "getchitty-tiers", False),
    ModelFile("roadmap", "getchitty-roadmap", False),
    ModelFile("waivers", "getchitty-waivers", False),
    ModelFile("levels", "getchitty-levels", False),
)
MODEL_BY_NAME: Mapping[str, ModelFile] = MappingProxyType({model.name: model for model in MODEL_FILES})


@dataclass(frozen=True)
class FederationFile:
    """A file of etc/federation/ the check reads (written by `getchitty sync`, except sources.yml)."""

    path: str
    schema: str


# Everything under etc/federation/ the check reads; the folder is optional, and a repository without it
# pays nothing for federation.
FEDERATION_DIR = "etc/federation"
FEDERATION_FILES: tuple[FederationFile, ...] = (
    FederationFile(FEDERATION_SOURCES, "getchitty-sources"),
    FederationFile(FEDERATION_LOCK, "getchitty-lock"),
)
SNAPSHOT_FOLDER = SNAPSHOT_DIR  # one snapshot per source: <owner>/<name>.yml
SNAPSHOT_SCHEMA = "getchitty-snapshot"


def federation_schema_names() -> list[str]:
    """The schemas of etc/federation/, compiled only when the folder exists."""
    return sorted({file.schema for file in FEDERATION_FILES} | {SNAPSHOT_SCHEMA})


def schema_path(name: str) -> str:
    return f"{SCHEMA_DIR}/{name}.schema.json"


def schema_names() -> list[str]:
    """Every schema the sources are validated against."""
    return sorted({model.schema for model in MODEL_FILES} | {kind.schema for kind in KINDS})


PAGE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\Z")


def page_slug(name: str) -> str:
    """A page name for any service name (`.github`, `-chittyos`, `chitty-email-workers`): lowercase, every
    other character a `-`, trimmed to a DNS label. Manifests keep the Canon's stricter `service_name` pattern,
    so a curated name is its own slug."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")
    return slug or "service"


@functools.lru_cache(maxsize=4096)
def rule_slug(rule_id: str) -> str:
    """URL-safe form of a rule id, for the rule's page: canon/required/routes.health → canon-required-routes-health.
    Kept per id: every page links its rules, so a site asks for the same few hundred slugs many thousand times."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in rule_id.lower()).strip("-")[:120] or "rule"


def team_slugs(owners: Iterable[str], shown: Callable[[str], str] = str) -> dict[str, str]:
    """A page name for each owner, made of [a-z0-9-] only from the owner as `shown` (redacted, say):
    "@chittyos/platform" → "chittyos-platform". Owners that would share a name are told apart
    by a number, in the order given."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for owner in owners:
        base = re.sub(r"[^a-z0-9]+", "-", shown(owner).lower()).strip("-")[:60].strip("-") or "team"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs[owner] = slug
    return slugs


class Pages:
    """The site path of every page kind: one helper each, used by the renderer, its templates and the adapters."""

    home = "index.md"
    ontology = "ontology.md"
    scopes = "scopes.md"
    secrets = "secrets.md"
    access = "access.md"
    roadmap = "roadmap.md"
    architecture = "architecture/index.md"
    governance = "governance/index.md"
    scorecard = "governance/scorecard.md"
    catalog = "catalog/index.md"
    teams = "teams/index.md"
    api = "api/index.md"
    onboarding = "authors/adding-a-service.md"  # the authors' guide to onboarding a service, a page of docs/

    @staticmethod
    def entity(entity: Entity) -> str:
        return entity.page

    tiers = "architecture/tiers.md"

    @staticmethod
    def layer(number: int) -> str:
        return f"architecture/layer-{number}.md"

    @staticmethod
    def rule(rule_id: str) -> str:
        return f"governance/rules/{rule_slug(rule_id)}.md"

    @staticmethod
    def team(slug: str) -> str:
        """A team's page, by its name from `team_slugs`."""
        return f"team/{slug}.md"

    # Pages reached through links rather than the nav: one per entity, per rule and per team.
    linked_only = tuple(f"{kind.page_folder}/" for kind in KINDS) + ("governance/rules/", "team/")


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn and what it says of the entity's routes."""

    fill: str  # badge and map colour; white text on it keeps a contrast of at least 4.5:1
    deployed: bool  # whether an entity in this status serves its routes (else they are plans)


# The statuses' colours, in one place: the badges' stylesheet and the pictures are made from it. Their
# order and the allowed values are the schemas' (Vocabulary.statuses); a test checks each has a row here.
STATUS_STYLES: Mapping[str, StatusStyle] = MappingProxyType({
    "Planned": StatusStyle("#ad1457", deployed=False),
    "In Progress": StatusStyle("#6a1b9a", deployed=False),
    "Needs Deployment": StatusStyle("#b93e00", deployed=False),
    "Registered": StatusStyle("#7b5e00", deployed=False),  # listed by an authority; no file read shows a deployment
    "Live": StatusStyle("#2e7d32", deployed=True),
    "Active": StatusStyle("#1565c0", deployed=True),
    "Deprecated": StatusStyle("#212121", deployed=True),
})
UNKNOWN_STATUS = "Unknown"
UNKNOWN_STYLE = StatusStyle("#6d6d6d", deployed=False)


def status_style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, UNKNOWN_STYLE)


class Display(Enum):
    """How a page shows a manifest field that has no place of its own, read from the field's schema."""

    TEXT = "text"
    LINK = "link"  # `format: uri`
    LIST = "list"  # an array of scalars
    ENTITIES = "entities"  # names of other entities (`x-getchitty-show: entities`), each a link to its page
    PROSE = "prose"  # paragraphs (`x-getchitty-show: prose`)
    MAPPING = "mapping"  # an object: each key with its value
    RECORDS = "records"  # an array of objects


# Manifest fields only the entity's own page shows: no other entity's page reads them (the pages that list
# entities, which do, are rendered every time), so an edit to one of them re-renders that entity's page alone
# while serving (render.ENTITY_PAGE_INPUTS; tests/test_page_inputs.py fails when another page reads one).
OWN_PAGE_FIELDS = frozenset({"description", "notes", "routes", "webhooks", "runbooks", "oncall"})
SHOW_KEYWORD = "x-getchitty-show"  # a schema annotation naming a Display where the types do not say it


@dataclass(frozen=True)
class FieldSpec:
    """One manifest field as its kind's schema describes it."""

    name: str
    display: Display
    description: str = ""
    required: bool = False
    types: tuple[str, ...] = ()  # the JSON types it allows; () when the schema does not say


def _display(prop: Mapping[str, Any]) -> Display:
    named = prop.get(SHOW_KEYWORD)
    if isinstance(named, str) and named in Display._value2member_map_:
        return Display(named)
    kinds = prop.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    items = prop.get("items")
    if "array" in kinds:
        return Display.RECORDS if isinstance(items, dict) and items.get("type") == "object" else Display.LIST
    if "object" in kinds:
        return Display.MAPPING
    return Display.LINK if prop.get("format") in ("uri", "url", "iri") else Display.TEXT


def field_specs(schema: Any) -> tuple[FieldSpec, ...]:
    """Every top-level field a schema allows, in its order, with how a page shows it."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return ()
    required = set(schema.get("required") or ())
    return tuple(FieldSpec(name, _display(prop), str(prop.get("description") or ""), name in required, _types(prop))
                 for name, prop in properties.items() if isinstance(prop, dict))


def _types(prop: Mapping[str, Any]) -> tuple[str, ...]:
    kinds = prop.get("type")
    return tuple(k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str))


@dataclass(frozen=True)
class Vocabulary:
    """The values the schemas allow, in the schemas' order: statuses follow the lifecycle."""

    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    data_classifications: tuple[str, ...] = ()

    @classmethod
    def from_schemas(cls, schemas: Mapping[str, Any]) -> Vocabulary:
        entity_schemas = [schemas[kind.schema] for kind in KINDS if isinstance(schemas.get(kind.schema), dict)]

        def allowed(field_name: str) -> tuple[str, ...]:
            values: dict[str, None] = {}
            for schema in entity_schemas:
                for value in enum_of(schema, field_name):
                    values[value] = None
            return tuple(values)

        return cls(allowed("status"), allowed("category"), allowed("data_classification"))


def enum_of(schema: Any, field_name: str) -> tuple[str, ...]:
    """The `enum` of a top-level property, following one local $ref."""
    prop = schema.get("properties", {}).get(field_name) if isinstance(schema, dict) else None
    if isinstance(prop, dict) and isinstance(prop.get("$ref"), str) and prop["$ref"].startswith("#/"):
        prop = get_path(schema, prop["$ref"][2:].replace("/", "."))
    values = prop.get("enum") if isinstance(prop, dict) else None
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()


def _str(data: Mapping, key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def _strs(data: Mapping, key: str) -> tuple[str, ...]:
    return _texts(data.get(key))


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    for item in value:
        if type(item) is not str:  # rare: a list the schema refuses; every manifest builds nine of these
            return tuple([item for item in value if isinstance(item, str)])
    return tuple(value)


def _str_map(data: Mapping, key: str) -> Mapping[str, str]:
    return _text_map(data.get(key))


def _text_map(value: Any) -> Mapping[str, str]:
    if not isinstance(value, dict):
        return MappingProxyType({})
    return MappingProxyType({k: v for k, v in value.items() if isinstance(v, str)})


def _map(data: Mapping, key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Webhook:
    """A webhook a manifest lists."""

    name: str
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Entity:
    """A Service, DataLayer or Composite, as one manifest describes it."""

    # `manifest`: the manifest keys a field is built from, where they are not the field's own name
    name: str = field(metadata={"manifest": ("service_name",)})
    kind: str = field(metadata={"manifest": ("entity_type",)})  # Service, DataLayer or Composite
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
    related_services: tuple[str, ...] = field(default=(), metadata={"manifest": ("related_services", "related_entities")})
    aliases: tuple[str, ...] = ()
    overlaps_with: tuple[str, ...] = ()
    classification_status: str = ""
    board: Mapping[str, Any] = field(default_factory=dict)  # the January board's status, label and layer: history
    # False for a service the sources register or declare but that has no manifest here yet: its
    # document is the snapshot its first statement lives in, and no manifest rule applies to it.
    onboarded: bool = field(default=True, metadata={"manifest": ()})
    slug: str = field(default="", metadata={"manifest": ()})  # its page name when the name itself is not one (page_slug)

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def data(self) -> Mapping[str, Any]:
        """The manifest as written; empty for a service that has no manifest."""
        return self.document.data if self.onboarded else MappingProxyType({})

    @property
    def page_name(self) -> str:
        return self.slug or self.name

    @property
    def entity_kind(self) -> EntityKind:
        return KIND_BY_TYPE[self.kind]

    @property
    def page_folder(self) -> str:
        return self.entity_kind.page_folder

    @property
    def page(self) -> str:
        """Site path of the entity's Markdown page."""
        return self.entity_kind.page(self.page_name)

    @property
    def url(self) -> str:
        """Site-relative URL of the entity's page."""
        return self.entity_kind.url(self.page_name)

    @property
    def api_path(self) -> str:
        """Site-relative path of the entity's JSON in the read model."""
        return self.entity_kind.api_path(self.page_name)

    @property
    def related(self) -> tuple[str, ...]:
        """Names this entity is related to beyond dependencies, each once."""
        return tuple(dict.fromkeys((*self.related_services, *self.overlaps_with)))

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *[c for c in self.additional_categories if c != self.category])


# Entity properties made of manifest fields, by the fields they show.
_DERIVED_KEYS = {"categories": ("category", "additional_categories"), "entity_kind": ("entity_type",),
                 "related": ("related_services", "related_entities", "overlaps_with"), "data": ()}


@functools.cache
def manifest_keys(attribute: str) -> tuple[str, ...]:
    """The manifest fields an Entity attribute is built from: what a page that reads `entity.<attribute>` shows.
    An attribute that is no manifest field (its page, its URL...) shows none."""
    if attribute in _DERIVED_KEYS:
        return _DERIVED_KEYS[attribute]
    found = next((f for f in fields(Entity) if f.name == attribute), None)
    if found is None or found.name == "document":
        return ()
    return tuple(found.metadata.get("manifest", (attribute,)))


def entity_values(entity: Entity) -> dict[str, Any]:
    """The entity's fields as manifest keys and plain JSON values (as built: normalised, lists for tuples)."""
    values: dict[str, Any] = {}
    for item in fields(Entity):
        keys = manifest_keys(item.name)
        if keys:
            values[keys[0]] = _plain(getattr(entity, item.name))
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in dataclasses.asdict(value).items()}
    return value


def _tier_text(value: Any) -> str:
    """The tier as written: the ecosystem's number (0-5) or a label such as "2 (Core Infrastructure)"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else ""


# The manifest's fields an Entity takes as written, but for the values of other types: texts, lists of texts and
# mappings of texts (entity field → manifest key).
_TEXT_FIELDS = {"name": "service_name", "status": "status", "description": "description", "github_repo": "github_repo",
                "primary_domain": "primary_domain", "owner_entity": "owner_entity", "charter_url": "charter_url",
                "oncall": "oncall", "notes": "notes", "data_classification": "data_classification",
                "retention_policy": "retention_policy", "storage": "storage",
                "classification_status": "classification_status"}
_TEXT_LIST_FIELDS = ("owners", "additional_categories", "ontology", "scopes", "secrets", "depends_on", "aliases",
                     "overlaps_with")
_TEXT_MAP_FIELDS = ("routes", "runbooks", "artifacts")


def build_entity(document: Document, kind: EntityKind) -> Entity:
    data = document.data
    get = data.get
    fields_: dict[str, Any] = {name: value if isinstance(value, str) else ""
                               for name, value in zip(_TEXT_FIELDS, map(get, _TEXT_FIELDS.values()))}
    fields_.update(zip(_TEXT_LIST_FIELDS, map(_texts, map(get, _TEXT_LIST_FIELDS))))
    fields_.update(zip(_TEXT_MAP_FIELDS, map(_text_map, map(get, _TEXT_MAP_FIELDS))))
    category = get("category")
    fields_.update(
        kind=kind.entity_type,
        category=category if isinstance(category, str) else kind.default_category,
        document=document,
        tier=_tier_text(get("tier")),
        exposes=MappingProxyType({k: v for k, v in _map(data, "exposes").items() if isinstance(v, bool)}),
        webhooks=tuple(Webhook(_str(hook, "name"), _str(hook, "url"), _str(hook, "description"))
                       for hook in get("webhooks") or () if isinstance(hook, dict) and isinstance(hook.get("name"), str)),
        components=tuple((_str(item, "name"), _str(item, "entity_type"))
                         for item in get("components") or () if isinstance(item, dict)),
        related_services=_strs(data, "related_services") or _strs(data, "related_entities"),
        board=MappingProxyType(_map(data, "board")),
        onboarded=True,
        slug="",
    )
    return _set_at_once(Entity, fields_)


def _set_at_once(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` holding `values`, every one of its fields, set at once as
    unpickling sets one. Its own __init__ sets each field through object.__setattr__: 7 µs for Entity's 38, a third
    of building one from a manifest, which every manifest of a check does. tests/test_model.py holds what this
    gives equal to what __init__ gives."""
    instance = object.__new__(cls)
    instance.__dict__.update(values)
    return instance


class Card(NamedTuple):
    """One manifest as the rules relating entities to each other read it: its file, kind and name, and the
    fields that name other entities or places (categories, domain, dependencies, artifacts).

    Small and plain, so that the engine keeps a card per manifest between checks and relates thousands of
    entities without building them; an entity is built from its document only when a page or a rule about
    that one entity needs it. A named tuple (`Card.of` makes one): a re-check makes a card per manifest from
    the cache, and a frozen dataclass's __init__ sets each field through object.__setattr__ (1.4 µs a card
    against 0.5 µs: 4 ms of a re-check at 5,000 manifests).
    """

    path: str
    kind: str  # entity_type: Service, DataLayer or Composite
    name: str  # service_name as written; "" when it is not text
    category: str
    additional_categories: tuple[str, ...]
    primary_domain: str
    depends_on: tuple[str, ...]
    artifacts: tuple[tuple[str, str], ...]  # (kind, path) as the manifest lists them
    # The manifest's file name without its suffix: the name the file claims. Taken when the card is made: every
    # card is asked for it.
    stem: str

    @classmethod
    def of(cls, path: str, kind: str, name: str, category: str, additional_categories: tuple[str, ...] = (),
           primary_domain: str = "", depends_on: tuple[str, ...] = (), artifacts: tuple[tuple[str, str], ...] = ()) -> Card:
        return cls(path, kind, name, category, additional_categories, primary_domain, depends_on, artifacts, stem_of(path))

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *[c for c in self.additional_categories if c != self.category])


def stem_of(path: str) -> str:
    """PurePosixPath(path).stem, without building a path (a re-check asks it of every manifest)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def card_of(entity: Entity) -> Card:
    return Card.of(entity.path, entity.kind, entity.name, entity.category, entity.additional_categories,
                   entity.primary_domain, entity.depends_on, tuple(entity.artifacts.items()))


@dataclass(frozen=True)
class Layer:
    """One layer of the architecture board."""

    number: int
    name: str
    category: str
    summary: str = ""

    @property
    def page(self) -> str:
        return Pages.layer(self.number)


@dataclass(frozen=True)
class Scopes:
    """The scopes each service holds, the labels a review of them needs, and how they are enforced."""

    by_service: Mapping[str, tuple[str, ...]]
    required_labels: tuple[str, ...]
    enforcement: str
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Ontology:
    """The ecosystem's domains and capabilities, each with its description."""

    domains: Mapping[str, str]
    capabilities: Mapping[str, str]
    intro: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)


class SecretEntry(NamedTuple):
    """One secret of the inventory: what it is for, who issues and owns it, how it is rotated. A named tuple: the
    inventory of a large ecosystem holds thousands, and the check builds each one (1.3 µs a frozen dataclass of
    these fields against 0.25 µs)."""

    name: str
    purpose: str
    kind: str
    lifetime: str
    service: str = ""
    issuer: str = ""
    rotation_days: int | None = None
    optional: bool = False
    group: str = ""
    owner: str = ""
    source: str = ""
    catalogs: tuple[str, ...] = ()

    @property
    def credential(self) -> bool:
        """Whether the value is a secret, hence rotated: an identifier (a host name, an app's number) names a
        thing and holds nothing to rotate; every other kind of the inventory is a credential."""
        return self.kind != "identifier"


@dataclass(frozen=True)
class NamingStandard:
    """A pattern service token names follow, preferred or legacy."""

    pattern: str  # {SERVICE} stands for the issuing service's short name
    status: str  # preferred or legacy
    summary: str = ""
    source: str = ""


@dataclass(frozen=True)
class MigrationName:
    """A secret name in the migration to the naming standard, with its role there."""

    name: str
    role: str  # canonical, alias, allowed or legacy
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class SecretsInventory:
    """The secrets inventory: naming, sources of truth, provisioning, rotation, audit, and every secret."""

    env_name_pattern: str
    service_token_pattern: str
    naming_summary: str
    entries: BuiltOnDemand[SecretEntry]
    sources_of_truth: tuple[tuple[str, str], ...] = ()
    provisioning: Mapping[str, str] = field(default_factory=dict)
    rotation_days: int = 90
    rotation_on_incident: str = ""
    audit: tuple[tuple[str, str], ...] = ()
    document: Document | None = field(default=None, compare=False, repr=False)
    standards: tuple[NamingStandard, ...] = ()
    migration: tuple[MigrationName, ...] = ()
    migration_summary: str = ""
    migration_source: str = ""

    def kinds(self) -> Iterator[tuple[str, str, str]]:
        """Each secret's name, kind and owning service, read without building its entry: the naming rule reads
        these of every secret of the inventory, and nothing else."""
        for name, written in self.entries.written.items():
            entry = written if isinstance(written, dict) else {}
            yield name, _str(entry, "kind"), _str(entry, "service")

    @property
    def service_token_patterns(self) -> tuple[str, ...]:
        """Every pattern a service token may follow: the standards, or the one `service_token` pattern."""
        patterns = [standard.pattern for standard in self.standards if standard.pattern]
        if self.service_token_pattern and self.service_token_pattern not in patterns:
            patterns.append(self.service_token_pattern)
        return tuple(patterns)


@dataclass(frozen=True)
class Gate:
    """A review gate: the paths it guards, and the labels and reviewers it asks for."""

    name: str
    paths: tuple[str, ...]
    labels: tuple[str, ...]
    description: str = ""
    reviewers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A role of the access model."""

    name: str
    description: str
    team: str = ""


@dataclass(frozen=True)
class Cadence:
    """A recurring review of the access model: what is reviewed, when, and by which role."""

    review: str
    when: str
    role: str = ""


@dataclass(frozen=True)
class AccessModel:
    """Who may change what: the roles, the review gates, the cadence and the principles."""

    roles: Mapping[str, Role]
    gates: tuple[Gate, ...]
    cadence: tuple[Cadence, ...] = ()
    principles: tuple[str, ...] = ()
    audit: tuple[str, ...] = ()
    document: Document | None = field(default=None, compare=False, repr=False)


NO_OWNER = "no owner yet"


@dataclass(frozen=True)
class RoadmapItem:
    """One gap of the roadmap and the action that closes it."""

    id: str
    title: str
    gap: str
    action: str
    status: str
    services: tuple[str, ...] = ()
    owner: str = ""  # a team, or NO_OWNER
    target: str = ""  # YYYY-MM-DD
    state: str = ""  # where the gap stands today
    evidence: tuple[tuple[str, str], ...] = ()  # (source, what it shows)
    index: int = 0  # its position in roadmap.yml, to locate it

    @property
    def unowned(self) -> bool:
        return self.owner == NO_OWNER


@dataclass(frozen=True)
class Roadmap:
    """The gaps → actions roadmap."""

    items: tuple[RoadmapItem, ...]
    intro: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Level:
    """One level of the scorecard: the rule families whose checks must all pass, on top of the lower levels'."""

    name: str
    summary: str
    families: tuple[str, ...]


@dataclass(frozen=True)
class Levels:
    """The scorecard's levels, lowest first (etc/chittyos/levels.yml); none when the file is absent."""

    items: tuple[Level, ...] = ()
    intro: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def build_layers(document: Document | None) -> tuple[Layer, ...]:
    if document is None:
        return ()
    layers = [Layer(item["number"], _str(item, "name"), _str(item, "category"), _str(item, "summary"))
              for item in _dicts(document.data.get("layers"))
              if isinstance(item.get("number"), int) and not isinstance(item.get("number"), bool)]
    return tuple(sorted(layers, key=lambda layer: layer.number))


def build_levels(document: Document | None) -> Levels:
    if document is None:
        return Levels()
    items = tuple(Level(_str(item, "name"), _str(item, "summary"), _strs(item, "families"))
                  for item in _dicts(document.data.get("levels")) if _str(item, "name"))
    return Levels(items, _str(document.data, "intro"), document)


def build_scopes(document: Document | None) -> Scopes:
    if document is None:
        return Scopes(MappingProxyType({}), (), "")
    data = document.data
    by_service = BuiltOnDemand(_map(data, "scopes"), lambda _, granted: _texts(granted))
    return Scopes(by_service, _strs(_map(data, "review"), "required_labels"),
                  _str(data, "enforcement"), document)


def _descriptions(data: Mapping, key: str) -> Mapping[str, str]:
    return MappingProxyType({name: _str(value, "description") if isinstance(value, dict) else ""
                             for name, value in _map(data, key).items()})


def build_ontology(document: Document | None) -> Ontology:
    if document is None:
        return Ontology(MappingProxyType({}), MappingProxyType({}))
    data = document.data
    return Ontology(_descriptions(data, "domains"), _descriptions(data, "capabilities"), _str(data, "intro"), document)


def _secret_entry(name: str, entry: Any) -> SecretEntry:
    entry = entry if isinstance(entry, dict) else {}
    rotation = entry.get("rotation_days")
    return SecretEntry(
        name, _str(entry, "purpose"), _str(entry, "kind"), _str(entry, "lifetime"),
        _str(entry, "service"), _str(entry, "issuer"),
        rotation if isinstance(rotation, int) and not isinstance(rotation, bool) else None,
        entry.get("optional") is True, _str(entry, "group"), _str(entry, "owner"), _str(entry, "source"),
        _strs(entry, "catalogs"))


def build_secrets(document: Document | None) -> SecretsInventory:
    if document is None:
        return SecretsInventory("", "", "", BuiltOnDemand({}, _secret_entry))
    data = document.data
    naming = _map(data, "naming")
    rotation = _map(data, "rotation")
    days = rotation.get("default_days")
    return SecretsInventory(
        env_name_pattern=_str(naming, "env_name"),
        service_token_pattern=_str(naming, "service_token"),
        naming_summary=_str(naming, "summary"),
        entries=BuiltOnDemand(_map(data, "secrets"), _secret_entry),
        sources_of_truth=tuple((_str(s, "name"), _str(s, "holds")) for s in _dicts(data.get("sources_of_truth"))),
        provisioning=_str_map(data, "provisioning"),
        rotation_days=days if isinstance(days, int) and not isinstance(days, bool) else 90,
        rotation_on_incident=_str(rotation, "on_incident"),
        audit=tuple((_str(a, "endpoint"), _str(a, "purpose")) for a in _dicts(data.get("audit"))),
        document=document,
        standards=tuple(NamingStandard(_str(n, "pattern"), _str(n, "status"), _str(n, "summary"), _str(n, "source"))
                        for n in _dicts(naming.get("standards"))),
        migration=tuple(MigrationName(_str(n, "name"), _str(n, "role"), _str(n, "note"), _str(n, "source"))
                        for n in _dicts(_map(data, "migration").get("names"))),
        migration_summary=_str(_map(data, "migration"), "summary"),
        migration_source=_str(_map(data, "migration"), "source"),
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


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


def parse_date(text: str) -> date | None:
    """A YYYY-MM-DD date in ASCII digits, or None (fromisoformat alone also takes other digits and forms)."""
    if not ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def notice_days(document: Document | None, default: int = 30) -> int:
    value = document.data.get("notice_days") if document is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


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
        waivers.append(Waiver(**{k: v for k, v in fields.items() if isinstance(v, str)},
                              path=document.path, expiry=parse_date(str(fields["expires"])), index=index,
                              written_at=functools.partial(document.locate, ("waivers", index), value=True)))
    return tuple(waivers)


def build_roadmap(document: Document | None) -> Roadmap:
    if document is None:
        return Roadmap(())
    data = document.data
    entries = data.get("items") if isinstance(data.get("items"), list) else []
    items = tuple(RoadmapItem(_str(i, "id"), _str(i, "title"), _str(i, "gap"), _str(i, "action"),
                              _str(i, "status"), _strs(i, "services"), _str(i, "owner"), _str(i, "target"),
                              _str(i, "state"),
                              tuple((_str(e, "source"), _str(e, "note")) for e in _dicts(i.get("evidence"))), index)
                  for index, i in enumerate(entries) if isinstance(i, dict))
    return Roadmap(items, _str(data, "intro"), document)


@dataclass(frozen=True)
class Models:
    """The ecosystem-wide sources every entity is checked against: the model files, the Canon and the schemas.

    A rule about one entity (rules.Stage.ENTITY) reads that entity and these, nothing else: its findings on
    an unchanged manifest stay valid for as long as the models it names are unchanged.
    """

    root: Path
    layers: tuple[Layer, ...]
    scopes: Scopes
    ontology: Ontology
    secrets: SecretsInventory
    access: AccessModel
    roadmap: Roadmap
    waivers: tuple[Waiver, ...]
    canon: Canon
    waiver_notice_days: int = 30  # waivers.yml `notice_days`: how long before its expiry a waiver is announced
    vocabulary: Vocabulary = Vocabulary()
    levels: Levels = Levels()
    schemas: Mapping[str, Document] = field(default_factory=dict)  # schema name → its parsed file
    layers_document: Document | None = field(default=None, compare=False, repr=False)

    def layer_number(self, category: str) -> int | None:
        return self._layer_numbers.get(category)

    @functools.cached_property
    def _layer_numbers(self) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for layer in self.layers:
            numbers.setdefault(layer.category, layer.number)
        return numbers

    def layer_of(self, entity: Entity | Card) -> int | None:
        return self.layer_number(entity.category)

    def fields(self, kind: EntityKind) -> tuple[FieldSpec, ...]:
        """The fields a manifest of this kind may hold, as its schema describes them."""
        schema = self.schemas.get(kind.schema)
        return field_specs(schema.data) if schema is not None else ()


@dataclass(frozen=True, kw_only=True)
class Ecosystem(Models):
    """Everything the sources say, as one model: what the rules check and the pages show.

    `index` holds a card per loaded manifest, which is all the rules relating entities to each other read;
    the entities themselves are built from their documents (by `entity_of`) when first asked for.
    """

    index: tuple[Card, ...]  # every loaded manifest, name owners first
    pages: Mapping[str, Card]  # the manifests that get pages (safe, unique names), by name: page_entities(index)
    entity_of: Callable[[Card], Entity] = field(compare=False, repr=False)
    unparsed: frozenset[str] = frozenset()  # names of manifests that exist but failed to load
    federation: Federation = Federation()  # what the synced repositories and the registry state
    # services the sources declare that have no manifest here, each with a page of its own
    synthesized: Mapping[str, Entity] = field(default_factory=dict)
    statuses: Mapping[str, Decision] = field(default_factory=dict)  # each entity's status by the status rule
    compliance: Mapping[str, tuple[DimensionResult, ...]] = field(default_factory=dict)

    @functools.cached_property
    def all_entities(self) -> tuple[Entity, ...]:
        """Every loaded manifest's entity, name owners first."""
        return tuple(self.entity_of(card) for card in self.index)

    @functools.cached_property
    def entities(self) -> Mapping[str, Entity]:
        """Every entity with a page, by name: the manifests', then the services only the sources declare."""
        curated = {name: self.entity_of(card) for name, card in self.pages.items()}
        if not self.synthesized:
            return MappingProxyType(curated)
        return MappingProxyType(dict(sorted({**curated, **self.synthesized}.items())))

    @functools.cached_property
    def manifests(self) -> Mapping[str, Entity]:
        """The entities this repository has a manifest for: what the Canon and the manifest rules check."""
        return MappingProxyType({name: self.entity_of(card) for name, card in self.pages.items()})

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """Every name an entity is known by: pages, services only the sources declare, manifests that do not load."""
        return frozenset(self.pages) | frozenset(self.synthesized) | self.unparsed

    def known(self, name: str) -> bool:
        """Whether a name refers to an entity, counting manifests too broken to load."""
        return name in self.names

    def in_layer(self, layer: Layer) -> list[Entity]:
        return [e for e in self.entities.values() if layer.category in e.categories]

    def owner_entity(self, entity: Entity) -> tuple[str, bool]:
        """The legal owner of an entity, and whether it is the Canon's configured default."""
        if entity.owner_entity:
            return entity.owner_entity, False
        default = self.canon.default("owner_entity")
        return (default, True) if isinstance(default, str) else ("", False)


def name_owners_first(cards: list[Card]) -> list[Card]:
    """A manifest whose file name matches its service_name owns that name, whatever the file
    order: it comes first, so a misnamed copy is the one reported as the duplicate."""
    return [card for card in cards if card.stem == card.name] + [card for card in cards if card.stem != card.name]


def page_entities(ordered: Collection[Card]) -> Mapping[str, Card]:
    """The manifests that get pages: safe, unique names whose file names are safe too, sorted by name."""
    chosen: dict[str, Card] = {}
    for card in ordered:
        if safe_name(card.name) and (card.stem == card.name or safe_name(card.stem)):  # a file named after its
            chosen.setdefault(card.name, card)  # service, as nearly every one is: its name is checked once
    return MappingProxyType(dict(sorted(chosen.items())))


def federate(curated: Collection[str], federation: Federation) -> tuple[
        Mapping[str, Entity], Mapping[str, Decision], Mapping[str, tuple[DimensionResult, ...]]]:
    """For the entities with a manifest here (`curated`, by name): an entity per service the sources declare
    without one, each entity's status by the status rule, and its compliance dimensions. Without
    etc/federation/ there is none of these."""
    if not federation.present:
        return MappingProxyType({}), MappingProxyType({}), MappingProxyType({})
    from . import compliance, status  # the status rule and the dimensions: only where there is a federation

    decided: dict[str, Decision | None] = dict.fromkeys(curated)  # a curated entity's decision: when asked for
    synthesized: dict[str, Entity] = {}
    taken = set(curated)  # a manifest's page is named after its service
    for name in federation.declared:
        if name in curated:
            continue
        decision = status.decide(federation, name)
        entity = _synthesized(name, federation, decision.status, taken)
        if entity is not None:
            decided[name] = decision
            synthesized[name] = entity
            taken.add(entity.page_name)
    # Decided and evaluated when first asked for: a re-check whose status and compliance findings are kept asks
    # for none of the thousands a large ecosystem has.
    statuses = BuiltOnDemand(dict(sorted(decided.items())),
                             lambda name, known: known if known is not None else status.decide(federation, name))
    checked = BuiltOnDemand(dict.fromkeys(sorted({*curated, *synthesized})),
                            lambda name, _: compliance.evaluate(federation, name))
    return MappingProxyType(dict(sorted(synthesized.items()))), statuses, checked


def _synthesized(name: str, federation: Federation, decided: str, taken: set[str]) -> Entity | None:
    declaration = federation.declaration(name)
    first = next((claims[0] for claims in declaration.claims.values() if claims), None)
    if first is None:
        return None
    entry = federation.registry.get(name)
    slug = page_slug(name)
    if slug in taken and entry is not None and entry.organization:
        slug = page_slug(f"{entry.organization}-{name}")
    base, number = slug, 2
    while slug in taken:
        slug, number = f"{base[:59]}-{number}", number + 1
    owners = next((claim.value for claim in declaration.all("owners") if claim.role == "own"
                   and isinstance(claim.value, list)), [])
    repository = federation.repository_of(name)
    tier = declaration.value("tier")
    description = declaration.value("description") or declaration.value("mission") or ""
    domain = declaration.value("domain")
    charter = declaration.first("charter_url", "own")
    return Entity(
        name=name, kind="Service", category="", status=decided,
        owners=tuple(str(owner) for owner in owners), document=(entry.local if entry else first.local).document,
        description=str(description), tier=str(tier) if isinstance(tier, int) else "",
        github_repo=f"https://github.com/{repository}" if repository else "",
        primary_domain=str(domain) if isinstance(domain, str) else "",
        charter_url=str(charter.value) if charter is not None else "", onboarded=False, slug=slug)
