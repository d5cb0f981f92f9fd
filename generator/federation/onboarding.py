"""Onboarding pages (`docs/onboarding/service-<name>.md`): what one page says about one service.

The onboarding template is a list of `Key: value` bullets under loose headings.
Keys are recognised by meaning, whatever section they stand in; key-less
bullets are read by their section (a list of env names under "Secrets", a
sentence under "Current status"). Values are kept as written, so that a
placeholder owner or an out-of-range tier is reported later rather than
silently corrected here.

`read_page` gives the draft `getchitty import` turns into a manifest;
`read` gives the same reading as facts for a snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..names import SAFE_NAME
from .governance import item_names as item_env_names
from .governance import names_in as env_names
from .governance import split_list
from .markdown import Item, Page, Section, key_name, page_of, split_key
from .values import Reading, Unmapped, clip


class Notes(Protocol):
    """Where a reader tells what it could not place (`skip`) and how it read an ambiguous line (`decide`)."""

    def skip(self, path: str, line: int, message: str) -> None: ...

    def decide(self, path: str, line: int, message: str) -> None: ...


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
# A notation starts only where a word starts (not after '-' either), so that one long dashed word is
# scanned once instead of once per dash.
NOTATION = re.compile(r"(?<![\w/.-])([a-z][a-z0-9-]*:[a-z][a-z0-9-]*)(?![\w/])")
LIST_FIELDS = {"owners", "ontology", "scopes", "depends_on", "webhooks"}
ROUTE_EXPOSES = {"api": "api", "mcp": "mcp", "docs": "docs", "health": "health", "openapi": "openapi"}

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

    def set(self, key: str, value: Any, path: str, line: int, log: Notes) -> None:
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

def read_page(page: Page, log: Notes) -> Draft | None:
    """The draft a `docs/onboarding/service-<name>.md` page describes; None when it names no usable service."""
    draft = Draft("", Value(None, page.path, page.title_line or 1), sources=[page.path])
    kind = ""
    for section in page.sections:
        kind = classify(section, kind) if section.title != page.title else ""
        for item in section.items:
            _page_item(draft, item, kind, page, log)
    return _name(draft, page, log)


def _page_item(draft: Draft, item: Item, kind: str, page: Page, log: Notes) -> None:
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


def _field(draft: Draft, target: str, value: str, item: Item, kind: str, page: Page, log: Notes) -> None:
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


def _route(draft: Draft, kind: str, text: str, item: Item, page: Page, log: Notes) -> None:
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


def _name(draft: Draft, page: Page, log: Notes) -> Draft | None:
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




class _ReadingNotes:
    def __init__(self, reading: Reading):
        self.reading = reading

    def skip(self, path: str, line: int, message: str) -> None:
        entry = Unmapped(path, line, clip(message), message)
        if entry not in self.reading.unmapped:
            self.reading.unmapped.append(entry)

    def decide(self, path: str, line: int, message: str) -> None:
        self.reading.decide(line, message)


def read(reading: Reading, text: str) -> None:
    """The page's reading as facts about the service it names (fields prefixed `onboarding.`)."""
    page = page_of(reading, text)
    draft = read_page(page, _ReadingNotes(reading))
    if draft is None:
        return
    subject = draft.name
    reading.fact(subject, "onboarding.page", page.path, draft.origin.line)
    for key, value in draft.fields.items():
        if not key.startswith("_"):
            reading.fact(subject, f"onboarding.{key}", value.value, value.line)
    for name, values in (("route", draft.routes), ("exposes", draft.exposes), ("runbook", draft.runbooks)):
        for key, value in values.items():
            reading.fact(subject, f"onboarding.{name}", value.value, value.line, key=key)
    for value in draft.secrets:
        reading.fact(subject, "onboarding.secret", value.value, value.line, key=value.value)
    for name, texts in (("note", draft.notes), ("status_text", draft.status_texts), ("scope_note", draft.scope_refs)):
        for value in texts:
            reading.fact(subject, f"onboarding.{name}", value.value, value.line, key=str(value.line))
