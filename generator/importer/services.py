"""Service manifests from onboarding pages, status notes and upstream JSON manifests.

The onboarding template (docs/onboarding/SERVICE_TEMPLATE.md upstream) is a
list of `Key: value` bullets under loose headings. Keys are recognised by
meaning, whatever section they stand in; key-less bullets are read by their
section (a list of env names under "Secrets", a sentence under "Current
status"). Values are kept as written wherever the schema can judge them, so a
placeholder owner or an out-of-range tier is reported by the check at the line
of the written manifest rather than silently corrected here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import KIND_BY_TYPE, SAFE_NAME, enum_of
from ..resources import seed_schema
from .emit import Entry
from .governance import HOST, env_names, item_env_names, split_list
from .markdown import Item, Page, Section, key_name, plain, split_key
from .source import ImportLog

CATEGORIES = ("Governance", "Foundation", "Core", "Data", "Registry", "Platform", "Domain", "Sync", "Application")
CATEGORY_WORDS = {c.lower(): c for c in CATEGORIES} | {"applications": "Application", "apps": "Application",
                                                       "app": "Application", "integration": "Sync"}

FIELD_KEYS = {
    "service id": "service_name", "service name": "service_name", "service": "service_name", "id": "service_name",
    "name": "service_name", "slug": "service_name",
    "owner": "owners", "owners": "owners", "team": "owners", "teams": "owners", "maintainer": "owners",
    "maintainers": "owners", "owned by": "owners",
    "tier": "tier", "criticality": "tier",
    "category": "category", "layer": "category", "board layer": "category",
    "ontology classification": "ontology", "ontology classifications": "ontology", "ontology": "ontology",
    "classification": "ontology", "classifications": "ontology",
    "scopes": "scopes", "scope": "scopes", "requested scopes": "scopes", "scopes requested": "scopes",
    "description": "description", "purpose": "description", "what it does": "description",
    "repo": "github_repo", "repository": "github_repo", "github": "github_repo", "github repo": "github_repo",
    "source repository": "github_repo",
    "domain": "primary_domain", "primary domain": "primary_domain", "host": "primary_domain",
    "owner entity": "owner_entity", "legal owner": "owner_entity",
    "root": "route:root", "landing": "route:root", "api": "route:api", "docs": "route:docs", "openapi": "route:openapi",
    "openapi spec": "route:openapi", "health": "route:health", "healthcheck": "route:health",
    "health check": "route:health", "mcp": "route:mcp", "status page": "route:status",
    "status": "status", "current status": "status", "state": "status", "lifecycle": "status",
    "webhooks": "webhooks", "webhook": "webhooks",
    "deploy": "runbook:deploy", "deployment": "runbook:deploy", "incident": "runbook:incident",
    "incidents": "runbook:incident", "rollback": "runbook:rollback", "roll back": "runbook:rollback",
    "on call": "oncall", "oncall": "oncall",
    "charter": "charter_url", "charter url": "charter_url",
    "depends on": "depends_on", "dependencies": "depends_on",
    "required env": "secrets", "env": "secrets", "environment": "secrets", "secrets": "secrets",
    "required secrets": "secrets", "env vars": "secrets", "environment variables": "secrets",
}
# Keys of the template that describe process, not the service: reported as such.
PROCESS_KEYS = {
    "roles": "per-service roles have no manifest field (roles are defined once, in access.yml)",
    "reviews": "review labels have no manifest field (they belong to the gates in access.yml)",
    "rotation": "rotation has no manifest field (it is set for all credentials in secrets.yml)",
}
SECTION_KINDS = [
    ("status", ("current status", "status", "state", "lifecycle")),
    ("secrets", ("secret", "credential", "env", "provision", "token")),
    ("endpoints", ("endpoint", "route", "url", "api", "interface")),
    ("runbooks", ("runbook", "operation", "ops")),
    ("access", ("access",)),
    ("change", ("change",)),
    ("summary", ("summary", "overview", "about", "identity", "service", "metadata", "details")),
]
QUALIFIERS = {"optional", "required", "other", "additional", "more", "also"}
SECTION_WHY = {
    "access": "per-service access control has no manifest field (roles, gates and cadence live in access.yml)",
    "change": "change-management guidance has no manifest field",
    "runbooks": "only deploy, incident and rollback runbooks have manifest fields",
    "endpoints": "not a recognised route (root, api, docs, openapi, health, mcp, status)",
    "secrets": "it names no env variable",
    "status": "no manifest field for it",
    "summary": "no manifest field for it",
    "": "no manifest field for it",
}
URL = re.compile(r"https?://[^\s<>\"'`]*(?:<[^>\s]*>[^\s<>\"'`]*)*")
PLANNED = re.compile(r"\b(planned|coming soon|tbd|todo|not yet|future|proposed|upcoming|later)\b", re.I)
NOT_APPLICABLE = re.compile(r"^\s*(n/?a|none|not applicable|not available|no|-+|—)\b", re.I)
PLACEHOLDER = re.compile(r"<[^>]*>|\{[^}]*\}")
NOTATION = re.compile(r"(?<![\w/.-])([a-z][a-z0-9-]*:[a-z][a-z0-9-]*)(?![\w/])")  # "-": one start per word
LIST_FIELDS = {"owners", "ontology", "scopes", "depends_on", "webhooks"}
ROUTE_EXPOSES = {"api": "api", "mcp": "mcp", "docs": "docs", "health": "health", "openapi": "openapi"}
MANIFEST_ORDER = ("service_name", "entity_type", "category", "additional_categories", "status", "tier", "owners",
                  "github_repo", "primary_domain", "owner_entity", "description", "ontology", "scopes",
                  "depends_on", "secrets", "exposes", "routes", "charter_url", "oncall", "runbooks", "webhooks", "notes")

STATUSES = enum_of(seed_schema(KIND_BY_TYPE["Service"].schema), "status")


@dataclass
class Value:
    value: Any
    path: str
    line: int

    @property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Draft:
    """What the sources say about one service, before it is written as a manifest."""

    name: str
    origin: Value
    fields: dict[str, Value] = field(default_factory=dict)
    routes: dict[str, Value] = field(default_factory=dict)
    exposes: dict[str, Value] = field(default_factory=dict)
    runbooks: dict[str, Value] = field(default_factory=dict)
    secrets: list[Value] = field(default_factory=list)
    notes: list[Value] = field(default_factory=list)
    status_texts: list[Value] = field(default_factory=list)
    scope_refs: list[Value] = field(default_factory=list)  # "see scopes.yml → …" notes
    sources: list[str] = field(default_factory=list)
    json_fields: set[str] = field(default_factory=set)

    def set(self, key: str, value: Any, path: str, line: int, log: ImportLog) -> None:
        current = self.fields.get(key)
        if current is None:
            self.fields[key] = Value(value, path, line)
        elif current.value != value:
            log.decide(path, line, f"{key} {value!r} differs from {current.value!r} in {current.origin}; kept the latter")

    def add_secret(self, name: str, path: str, line: int) -> bool:
        if any(s.value == name for s in self.secrets):
            return False
        self.secrets.append(Value(name, path, line))
        return True


def classify(section: Section, previous: str) -> str:
    key = section.key
    if not section.title:
        return ""
    if key in QUALIFIERS or key.split(" ")[0] in QUALIFIERS and len(key.split()) <= 2:
        return previous
    for kind, words in SECTION_KINDS:
        if any(re.search(rf"\b{word}", key) for word in words):
            return kind
    return ""


# --- onboarding page ----------------------------------------------------------------------------------

def read_page(page: Page, log: ImportLog) -> Draft | None:
    """The draft a `docs/onboarding/service-<name>.md` page describes; None when it names no usable service."""
    draft = Draft("", Value(None, page.path, page.title_line or 1), sources=[page.path])
    kind = ""
    for section in page.sections:
        kind = classify(section, kind) if section.title != page.title else ""
        for item in section.items:
            _page_item(draft, item, kind, page, log)
    return _name(draft, page, log)


def _page_item(draft: Draft, item: Item, kind: str, page: Page, log: ImportLog) -> None:
    path, line = page.path, item.line
    if item.kind == "code":
        log.skip(path, line, "code block not mapped")
        return
    pair = split_key(item.text) if item.kind != "row" else None
    if item.kind == "row" and item.cells:
        pair = (item.cells[0], " ".join(item.cells[1:]).strip())
    key = key_name(pair[0]) if pair else ""
    target = FIELD_KEYS.get(key) if pair else None
    if target == "status" and pair and (URL.match(pair[1]) or kind == "endpoints" and URL.search(pair[1])):
        target = "route:status"
    if target is None and kind == "secrets" and item_env_names(item):
        _secrets_line(draft, item, path)
    elif target is not None and pair is not None:
        value = pair[1]
        if target == "secrets":
            _field(draft, target, value, item, kind, page, log)
            for child in item.children:
                for sub in child.walk():
                    if not _secrets_line(draft, sub, path):
                        log.skip(path, sub.line, f"'{sub.plain}' names no env variable")
            return
        if not value.strip() and item.children and target in LIST_FIELDS:
            # `Owners:` with one nested bullet per owner
            _field(draft, target, ", ".join(child.plain for child in item.children), item, kind, page, log)
            for child in item.children:
                for deeper in child.children:
                    for sub in deeper.walk():
                        log.skip(path, sub.line, f"nested line '{sub.plain}' not mapped")
            return
        _field(draft, target, value, item, kind, page, log)
    elif key in PROCESS_KEYS:
        log.skip(path, line, f"'{item.plain}' not mapped: {PROCESS_KEYS[key]}")
    elif kind == "status" and item.kind in ("bullet", "para"):
        draft.status_texts.append(Value(item.plain, path, line))
    elif item.kind == "para" and kind in ("", "summary") and "description" not in draft.fields and not pair:
        draft.set("description", item.plain, path, line, log)
    elif kind == "secrets" and item.children and not env_names(item.text):
        log.skip(path, line, f"'{item.plain}' not mapped: it names no env variable")
    else:
        log.skip(path, line, f"'{item.plain[:100]}' not mapped: {SECTION_WHY.get(kind, SECTION_WHY[''])}")
    for child in item.children:
        _page_item(draft, child, kind, page, log)


def _secrets_line(draft: Draft, item: Item, path: str) -> bool:
    names = item_env_names(item)
    for name in names:
        draft.add_secret(name, path, item.line)
    return bool(names)


def _field(draft: Draft, target: str, value: str, item: Item, kind: str, page: Page, log: ImportLog) -> None:
    path, line = page.path, item.line
    text = value.strip()
    if target == "secrets":
        _secrets_line(draft, Item(line, "bullet", value), path)
        return
    if not text and not item.children:
        log.skip(path, line, f"'{item.plain}' has no value")
        return
    if target.startswith("route:"):
        _route(draft, target.split(":", 1)[1], text, item, page, log)
    elif target.startswith("runbook:"):
        draft.runbooks.setdefault(target.split(":", 1)[1], Value(text, path, line))
    elif target == "owners":
        owners = split_list(text) or [text]
        draft.set("owners", owners, path, line, log)
    elif target == "ontology":
        values = [re.sub(r"\s*\((?:see|e\.g\.|cf\.)[^)]*\)\s*$", "", v).strip() for v in split_list(text)]
        draft.set("ontology", [v for v in values if v], path, line, log)
    elif target == "scopes":
        explicit = [m for m in NOTATION.findall(text)]
        if explicit and "scopes.yml" not in text:
            draft.set("scopes", explicit, path, line, log)
        else:
            draft.scope_refs.append(Value(text, path, line))
    elif target == "status":
        draft.status_texts.append(Value(text, path, line))
    elif target == "depends_on":
        draft.set("depends_on", [v.lower() for v in split_list(text)], path, line, log)
    elif target == "webhooks":
        hooks: list[dict[str, str]] = []
        for part in split_list(text):
            if PLACEHOLDER.fullmatch(part.strip()):
                continue
            url = URL.search(part)
            name = part[:url.start()].strip(" :—–-") if url else part.strip()
            hook = {"name": name or f"webhook-{len(hooks) + 1}"}
            if url:
                hook["url"] = url.group(0).rstrip(".,;)")
            hooks.append(hook)
        if hooks:
            draft.set("webhooks", hooks, path, line, log)
        else:
            log.skip(path, line, f"webhooks '{text}' is a placeholder; no webhook imported")
    elif target == "github_repo":
        url = URL.search(text)
        repo = url.group(0).rstrip(".,;)") if url else \
            f"https://github.com/{text}" if re.fullmatch(r"[\w.-]+/[\w.-]+", text) else text
        draft.set("github_repo", repo, path, line, log)
    elif target == "primary_domain":
        url = URL.search(text)
        host = re.sub(r"^https?://", "", url.group(0)).split("/")[0] if url else text.split()[0].rstrip(".,;")
        draft.set("primary_domain", host, path, line, log)
    else:  # service_name, tier, category, description, owner_entity, oncall, charter_url
        draft.set(target, text, path, line, log)


def _route(draft: Draft, kind: str, text: str, item: Item, page: Page, log: ImportLog) -> None:
    path, line = page.path, item.line
    url = URL.search(text)
    label = {"openapi": "OpenAPI", "api": "API", "mcp": "MCP"}.get(kind, kind.capitalize())
    exposes = ROUTE_EXPOSES.get(kind)
    if url is None:
        if NOT_APPLICABLE.match(text):
            draft.notes.append(Value(f"{label}: {text}", path, line))
            if exposes:
                draft.exposes.setdefault(exposes, Value(False, path, line))
            log.decide(path, line, f"{label} is n/a: no route; exposes.{exposes} set to false" if exposes else f"{label} is n/a")
        elif PLANNED.search(text):
            draft.notes.append(Value(f"{label} (planned): {text}", path, line))
            log.decide(path, line, f"{label} is planned: kept as a note, not a route")
        else:
            log.skip(path, line, f"{label} '{text}' is not a full URL; no route written")
        return
    address = url.group(0).rstrip(".,;")
    if address.endswith(")") and address.count("(") < address.count(")"):
        address = address[:-1]
    rest = (text[:url.start()] + text[url.end():]).strip()
    if PLACEHOLDER.search(address):
        log.skip(path, line, f"{label} URL {address} is a template placeholder; no route written")
        return
    if PLANNED.search(rest):
        draft.notes.append(Value(f"{label} (planned, not live yet): {address}", path, line))
        log.decide(path, line, f"{label} {address} is marked planned: kept as a note, not a route")
        draft.fields.setdefault("_planned_host", Value(address, path, line))
        return
    route = "docs" if kind == "openapi" else kind
    if route in draft.routes:
        log.decide(path, line, f"routes.{route} is already {draft.routes[route].value}; {address} kept as a note")
        draft.notes.append(Value(f"{label}: {address}", path, line))
        return
    draft.routes[route] = Value(address, path, line)
    if exposes:
        draft.exposes[exposes] = Value(True, path, line)
    if rest and not re.fullmatch(r"\(?(or|see)\b.*\)?", rest):
        draft.notes.append(Value(f"{label}: {rest}", path, line))


def _name(draft: Draft, page: Page, log: ImportLog) -> Draft | None:
    from_file = re.sub(r"^service-", "", page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]).lower()
    written = draft.fields.pop("service_name", None)
    if written is not None:
        name = written.value.strip().lower()
        if name != written.value.strip():
            log.decide(page.path, written.line, f"service ID '{written.value}' written in lowercase as '{name}'")
        if not SAFE_NAME.match(name):
            if SAFE_NAME.match(from_file):
                log.skip(page.path, written.line, f"service ID '{written.value}' is not a safe name (a-z, 0-9, starting "
                                                  f"with a letter); the file name's '{from_file}' was used instead")
                name = from_file
            else:
                log.skip(page.path, written.line, f"service ID '{written.value}' is not a safe name (a-z, 0-9, starting "
                                                  "with a letter); the page was not imported")
                return None
        elif name != from_file:
            log.decide(page.path, written.line, f"service ID '{name}' differs from the file name '{from_file}'; the ID was used")
        draft.name, draft.origin = name, written
        return draft
    if SAFE_NAME.match(from_file):
        log.decide(page.path, 1, f"no service ID on the page; '{from_file}' taken from the file name")
        draft.name = from_file
        return draft
    log.skip(page.path, 1, "no service ID, and the file name gives no safe name; the page was not imported")
    return None


# --- status note --------------------------------------------------------------------------------------

def read_status_note(draft: Draft, page: Page, log: ImportLog) -> None:
    """docs/services/<name>.md: a status line, a category where stated, and the secrets it lists."""
    draft.sources.append(page.path)
    for section in page.sections:
        is_secrets = bool(re.search(r"secret|credential|\benv", section.key))
        mapped = 0
        for item in section.walk():
            pair = split_key(item.text) if item.kind in ("bullet", "para") else None
            if pair is None:
                continue
            key = key_name(pair[0])
            if key in ("status", "current status", "state") and pair[1] and not URL.match(pair[1]):
                draft.status_texts.append(Value(pair[1], page.path, item.line))
                mapped += 1
            elif key in ("category", "layer", "board layer") and pair[1]:
                draft.set("category", pair[1], page.path, item.line, log)
                mapped += 1
            elif is_secrets and env_names(item.text):
                for name in env_names(item.text):
                    if draft.add_secret(name, page.path, item.line) and draft.sources[0] != page.path:
                        log.decide(page.path, item.line, f"secret {name} added from the status note (the onboarding page does not list it)")
                mapped += 1
            elif is_secrets:
                log.skip(page.path, item.line, f"'{item.plain}' names no env variable")
                mapped += 1
        rest = sum(1 for _ in section.walk()) - mapped
        if rest > 0:
            title = f"section '{section.title}'" if section.title and section.title != page.title else "text under the title"
            first = next(i.line for i in section.walk())
            log.skip(page.path, section.line if section.title != page.title else first,
                     f"{title} ({rest} line{'s' if rest != 1 else ''}) not mapped: a status note only gives status, "
                     "category and secrets")


# --- upstream JSON manifest ---------------------------------------------------------------------------

def read_json_manifest(path: str, text: str, allowed: set[str], log: ImportLog) -> Draft | None:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        log.skip(path, line, f"does not parse as JSON ({getattr(exc, 'msg', exc)}); not imported")
        return None
    if not isinstance(data, dict):
        log.skip(path, 1, "is not a JSON object; not imported")
        return None
    name = data.get("service_name")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        log.skip(path, _json_line(text, "service_name"), f"service_name {name!r} is not a safe name; not imported")
        return None
    if data.get("entity_type", "Service") != "Service":
        log.skip(path, _json_line(text, "entity_type"), f"entity_type {data.get('entity_type')!r} is not Service; not imported")
        return None
    draft = Draft(name, Value(name, path, _json_line(text, "service_name")), sources=[path])
    for key, value in data.items():
        line = _json_line(text, key)
        if key in ("service_name", "entity_type"):
            continue
        if key not in allowed:
            log.skip(path, line, f"field '{key}' is not part of the getchitty service schema; not imported")
            continue
        draft.fields[key] = Value(value, path, line)
        draft.json_fields.add(key)
    return draft


def _json_line(text: str, key: str) -> int:
    needle = json.dumps(key)
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def merge(base: Draft, page: Draft, log: ImportLog) -> Draft:
    """An onboarding page fills what an upstream JSON manifest leaves open; on a conflict the manifest wins."""
    for key, value in page.fields.items():
        base.set(key, value.value, value.path, value.line, log)
    for name in ("routes", "exposes", "runbooks"):
        mine, theirs = getattr(base, name), getattr(page, name)
        for key, value in theirs.items():
            mine.setdefault(key, value)
    for secret in page.secrets:
        base.add_secret(secret.value, secret.path, secret.line)
    base.notes += page.notes
    base.status_texts += page.status_texts
    base.scope_refs += page.scope_refs
    base.sources += page.sources
    return base


# --- status mapping -----------------------------------------------------------------------------------

STATUS_RULES = [
    (re.compile(r"deprecat|decommission|retir(ed|ing)|sunset|end[- ]of[- ]life|being removed", re.I), "Deprecated"),
    (re.compile(r"not (?:yet )?deployed|undeployed|pending deploy|awaiting deploy|ready (?:to|for) (?:be )?deploy|"
                r"needs? deploy|before deploy|complete \(not deployed\)|not (?:yet )?live", re.I), "Needs Deployment"),
    (re.compile(r"in progress|in development|under development|being (?:built|implemented|developed)|\bwip\b|"
                r"partially implemented|prototyp|scaffold", re.I), "In Progress"),
    (re.compile(r"not (?:yet )?(?:implemented|started|built)|\bplanned\b|\bproposal\b|\bproposed\b|design only|"
                r"\bidea\b|not implemented", re.I), "Planned"),
    (re.compile(r"\bactive\b", re.I), "Active"),
    (re.compile(r"\blive\b|\bdeployed\b|in production|\bproduction\b|\bga\b", re.I), "Live"),
]


def map_status(text: str) -> str | None:
    """A Canon status for a free-text status line; None when the text does not decide it.

    The first clause (up to the first `;`) decides when it can, so that "Live at
    id.chitty.cc; MCP planned" is Live; the whole line is read only when the
    first clause says nothing about the state.
    """
    text = plain(text)
    stripped = text.strip(" .").lower()
    for status in STATUSES:
        if stripped == status.lower() or re.match(rf"{status.lower()}\s*(?:[:;,.(—–-]|$)", stripped):
            return status
    first = text.split(";", 1)[0]
    for candidate in (first, text):
        for pattern, status in STATUS_RULES:
            if pattern.search(candidate):
                return status
    return None


# --- building the manifest ----------------------------------------------------------------------------

def build(draft: Draft, grants: dict[str, list[str]] | None, scopes_path: str, log: ImportLog) -> list[Entry]:
    """The manifest's entries in the usual order, each with the source line it came from."""
    out: dict[str, Value] = {}
    fields = dict(draft.fields)
    planned_host = fields.pop("_planned_host", None)
    for key in ("owners", "ontology", "scopes", "depends_on", "webhooks", "github_repo", "owner_entity",
                "description", "oncall", "charter_url", "additional_categories", "exposes", "routes", "runbooks",
                "secrets", "notes", "primary_domain", "status", "category", "tier"):
        if key in fields:
            out[key] = fields.pop(key)
    for key, value in fields.items():  # upstream JSON fields with no special handling
        out[key] = value

    _tier_and_category(draft, out, log)
    _status(draft, out, log)
    _scopes(draft, out, grants, scopes_path, log)
    if "primary_domain" not in out:
        host_source = next((v for v in list(draft.routes.values()) + ([planned_host] if planned_host else [])
                            if v is not None), None)
        if host_source is not None:
            host = re.sub(r"^https?://", "", host_source.value).split("/")[0].split(":")[0].lower()
            if HOST.fullmatch(host):
                out["primary_domain"] = Value(host, host_source.path, host_source.line)
                log.decide(host_source.path, host_source.line, f"primary_domain {host} taken from the host of {host_source.value}")
    if "secrets" not in out and draft.secrets:
        out["secrets"] = Value([s.value for s in draft.secrets], draft.secrets[0].path, draft.secrets[0].line)
    if "routes" not in out and draft.routes:
        first = min(draft.routes.values(), key=lambda v: v.line)
        order = ("root", "api", "docs", "health", "mcp", "status")
        out["routes"] = Value({k: draft.routes[k].value for k in order if k in draft.routes}, first.path, first.line)
    if "exposes" not in out and draft.exposes:
        first = min(draft.exposes.values(), key=lambda v: v.line)
        out["exposes"] = Value({k: v.value for k, v in draft.exposes.items()}, first.path, first.line)
    if "runbooks" not in out and draft.runbooks:
        first = min(draft.runbooks.values(), key=lambda v: v.line)
        out["runbooks"] = Value({k: draft.runbooks[k].value for k in ("deploy", "incident", "rollback")
                                 if k in draft.runbooks}, first.path, first.line)
    notes = [n.value.rstrip(".") + "." for n in draft.notes]
    notes += [f"Status as written in {s.path}: {s.value.rstrip('.')}." for s in draft.status_texts
              if s.value.strip(" .") not in STATUSES]
    notes += [f"Scopes as written in {s.path}: {s.value.rstrip('.')}." for s in draft.scope_refs]
    if notes and "notes" not in out:
        first = (draft.notes + [s for s in draft.status_texts if s.value.strip(" .") not in STATUSES]
                 + draft.scope_refs)[0]
        out["notes"] = Value(" ".join(notes), first.path, first.line)
    out["service_name"] = Value(draft.name, draft.origin.path, draft.origin.line)
    out["entity_type"] = Value("Service", draft.origin.path, draft.origin.line)

    if "owners" not in out:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no owners found; the check reports it")
    entries = []
    for key in MANIFEST_ORDER + tuple(k for k in out if k not in MANIFEST_ORDER):
        if key in out:
            entries.append(Entry(key, out[key].value, "" if key == "entity_type" else out[key].origin))
    return entries


def _tier_and_category(draft: Draft, out: dict[str, Value], log: ImportLog) -> None:
    tier = out.get("tier")
    if tier is not None and isinstance(tier.value, str) and "tier" not in draft.json_fields:
        text = tier.value.strip()
        match = re.search(r"\btier[\s_-]*([123])\b", text, re.I) or re.fullmatch(r"t?([123])", text, re.I)
        placeholder = PLACEHOLDER.search(text)
        words = [CATEGORY_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in CATEGORY_WORDS]
        if match and not placeholder:
            value = f"tier{match.group(1)}"
            if value != text:
                log.decide(tier.path, tier.line, f"tier '{text}' written as {value}")
            out["tier"] = Value(value, tier.path, tier.line)
        else:
            log.decide(tier.path, tier.line, f"tier '{text}' is not tier1, tier2 or tier3; kept as written so the schema reports it")
        if words and "category" not in out:
            chosen = words[-1]
            out["category"] = Value(chosen, tier.path, tier.line)
            others = [w for w in dict.fromkeys(words) if w != chosen]
            log.decide(tier.path, tier.line, f"category {chosen} taken from tier '{text}'"
                       + (f" (the most specific of {', '.join(dict.fromkeys(words))}; {', '.join(others)} not recorded)" if others else ""))
    category = out.get("category")
    if category is not None and isinstance(category.value, str) and category.value not in CATEGORIES:
        text = category.value
        number = re.search(r"\b([0-8])\b", text)
        words = [CATEGORY_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in CATEGORY_WORDS]
        if words:
            out["category"] = Value(words[-1], category.path, category.line)
            log.decide(category.path, category.line, f"category '{text}' written as {words[-1]}")
        elif number:
            chosen = CATEGORIES[int(number.group(1))]
            out["category"] = Value(chosen, category.path, category.line)
            log.decide(category.path, category.line, f"category '{text}' written as {chosen} (layer {number.group(1)})")
        else:
            log.decide(category.path, category.line, f"category '{text}' is not a board category; kept so the schema reports it")
    if "category" not in out:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no category (board layer) stated; the check reports it")


def _status(draft: Draft, out: dict[str, Value], log: ImportLog) -> None:
    if "status" in out and "status" in draft.json_fields:
        return
    candidates = ([out.pop("status")] if "status" in out else []) + draft.status_texts
    chosen: tuple[str, Value] | None = None
    for candidate in candidates:
        mapped = map_status(str(candidate.value))
        if mapped is None:
            log.skip(candidate.path, candidate.line, f"status '{candidate.value}' does not say which Canon state it is "
                                                     f"({', '.join(STATUSES)})")
            continue
        if chosen is None:
            chosen = (mapped, candidate)
            if mapped != candidate.value:
                log.decide(candidate.path, candidate.line, f"status '{candidate.value}' mapped to {mapped}")
        elif mapped != chosen[0]:
            log.decide(candidate.path, candidate.line, f"status here maps to {mapped}, but {chosen[1].origin} "
                                                       f"says {chosen[0]}; kept {chosen[0]}")
    if chosen is not None:
        out["status"] = Value(chosen[0], chosen[1].path, chosen[1].line)
    elif candidates:
        first = candidates[0]
        out["status"] = Value(str(first.value), first.path, first.line)
        log.decide(first.path, first.line, "status kept as written so the schema reports it")
    else:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no status stated; the check reports it")


def _scopes(draft: Draft, out: dict[str, Value], grants: dict[str, list[str]] | None, scopes_path: str,
            log: ImportLog) -> None:
    granted = (grants or {}).get(draft.name)
    for ref in draft.scope_refs:
        tail = re.split(r"→|->|=>", ref.value, maxsplit=1)[-1] if re.search(r"→|->|=>", ref.value) else ref.value
        named = [n for n in re.findall(r"\b([a-z][a-z0-9]*)\b", tail) if grants and n in grants or n == draft.name]
        for other in dict.fromkeys(n for n in named if n != draft.name):
            log.decide(ref.path, ref.line, f"the scope note points at {other}'s scopes in {scopes_path}; a manifest "
                                           f"requests only its own, so they are kept in the notes")
        if PLACEHOLDER.search(ref.value):
            log.skip(ref.path, ref.line, f"scope note '{ref.value}' is a template placeholder")
    if "scopes" in out:
        return
    if granted:
        line = draft.scope_refs[0] if draft.scope_refs else draft.origin
        out["scopes"] = Value(list(granted), line.path, line.line)
        log.decide(line.path, line.line, f"scopes {', '.join(granted)} are those {scopes_path} grants {draft.name}")
    elif draft.scope_refs:
        ref = draft.scope_refs[0]
        log.skip(ref.path, ref.line, f"{scopes_path} has no entry for {draft.name}, so it requests no scope; scope "
                                     "grants are a security-reviewed change and none was invented")
