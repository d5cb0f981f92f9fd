"""`.chittyconnect.yml`: how a service presents itself to ChittyConnect and to get.chitty.cc's onboarding.

Each known key becomes a fact about the repository's own service. `${VAR}`
values are placeholders filled in at deploy time: they are kept as written and
never resolved. Secret paths are references into a vault (`op://...`), never
values. Every other key is listed as unmapped at its line.
"""

from __future__ import annotations

from typing import Any

from .common import host_of, is_host, parse_tier, repository_name, route_path
from .jsonc import Node
from .values import SELF, Reading
from .yamlnodes import YamlError, parse

PATH = ".chittyconnect.yml"
RULE = "federation/invalid-chittyconnect"
# Where files write the health route: `monitoring.health.endpoint` as the template does, or another key of it.
HEALTH_ROUTES = {("monitoring", "health", key) for key in ("endpoint", "path", "route", "url")}
OFF = frozenset({"false", "no", "off", "disabled", "none"})

# key path in the file → fact field
FIELDS: dict[tuple[str, ...], str] = {
    ("service", "name"): "name",
    ("service", "display_name"): "display_name",
    ("service", "type"): "type",
    ("service", "organization"): "organization",
    ("service", "owner"): "owner",
    ("owner",): "owner",
    ("service", "chitty_id"): "chitty_id",
    ("chitty_id",): "chitty_id",
    ("service", "context"): "context",
    ("context",): "context",
    ("service", "description"): "description",
    ("onboarding", "endpoint"): "onboarding_endpoint",
    ("auth", "provider"): "auth_provider",
    ("auth", "endpoint"): "auth_endpoint",
    ("auth", "service_token", "key"): "service_token_key",
    ("auth", "service_token", "source"): "service_token_source",
    ("secrets", "provider"): "secrets_provider",
    ("secrets", "vault"): "secrets_vault",
    ("monitoring", "health", "interval"): "health_interval",
    ("chitty_context", "entity_type"): "chitty_context.entity_type",
    ("chitty_context", "scope"): "chitty_context.scope",
    ("chitty_context", "description"): "description",
}


def read(reading: Reading, text: str) -> None:
    try:
        tree = parse(text).root
    except YamlError as exc:
        reading.report(RULE, exc.line, f"{reading.path} is not valid YAML: {exc.message}", col=exc.col)
        return
    if tree is None or not isinstance(tree.value, dict):
        reading.report(RULE, tree.line if tree else 1, f"{reading.path} must be a mapping with a `service` section")
        return
    service = tree.get("service")
    if service is None or not isinstance(service.value, dict):
        reading.report(RULE, service.line if service else 1, f"{reading.path} has no `service` mapping")
    elif not isinstance(service.value.get("name"), str) or not service.value["name"].strip():
        reading.report(RULE, service.line, f"{reading.path} names no service (`service.name`)")
    _walk(reading, tree, ())


def _walk(reading: Reading, node: Node, path: tuple[str, ...]) -> None:
    for key, child in node.children.items():
        here = (*path, str(key))
        if here in FIELDS:
            _fact(reading, FIELDS[here], child)
        elif here == ("service", "tier"):
            _tier(reading, child)
        elif here[:2] == ("service", "domains") and len(here) == 3:
            _domain(reading, here[2], child)
        elif here == ("github", "repository"):
            _repository(reading, child)
        elif here == ("onboarding", "provisions"):
            _provisions(reading, child)
        elif here in HEALTH_ROUTES or (here == ("monitoring", "health") and not isinstance(child.value, dict)):
            _health(reading, child)
        elif here == ("service", "domain") or (here == ("service", "domains") and isinstance(child.value, str)):
            _domain(reading, "production", child)
        elif here[:2] == ("secrets", "paths") and len(here) == 3:
            reading.fact(SELF, "secret_reference", {"environment": here[2], "reference": child.value}, child.line,
                         key=here[2])
        elif isinstance(child.value, dict) and child.children:
            _walk(reading, child, here)
        else:
            reading.skip(child.line, f"{'.'.join(here)}: {_show(child.value)}", "no fact of getchitty for this key")


def _provisions(reading: Reading, node: Node) -> None:
    """What onboarding provisions, as a list of names, however the file writes it: a list (`[chitty_id, ...]`,
    or items that are `{name: ...}` mappings), a mapping whose keys are the names (`chitty_id: true`; a name
    set to false, `no` or `disabled` is not provisioned), or one comma-separated string."""
    value = node.value
    names: list[str] = []
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list):
        for item in node.children.values():
            name = item.value if isinstance(item.value, str) else _named(item.value)
            if name:
                names.append(name)
            else:
                reading.skip(item.line, f"onboarding.provisions: {_show(item.value)}", "a provision is named by text")
    elif isinstance(value, dict):
        for key, item in node.children.items():
            if item.value is False or (isinstance(item.value, str) and item.value.lower() in OFF) or \
                    (isinstance(item.value, dict) and item.value.get("enabled") is False):
                reading.decide(item.line, f"onboarding.provisions.{key} is turned off, so it is not listed")
                continue
            names.append(str(key))
    if not names:
        reading.skip(node.line, f"onboarding.provisions: {_show(value)}", "names no provision")
        return
    reading.fact(SELF, "onboarding_provisions", names, node.line)


def _named(value: Any) -> str | None:
    if isinstance(value, dict):
        name = value.get("name") or value.get("type") or value.get("id")
        return name if isinstance(name, str) and name.strip() else None
    return None


def _health(reading: Reading, node: Node) -> None:
    """The health route as a path: `/health`, or the path of `https://host/health` (the host is the domain's)."""
    route = route_path(node.value)
    if route is None:
        reading.skip(node.line, f"health: {_show(node.value)}", "not a route or URL")
        return
    reading.fact(SELF, "health_route", route, node.line)


def _fact(reading: Reading, name: str, node: Node) -> None:
    if isinstance(node.value, dict):
        reading.skip(node.line, f"{name}: a mapping", "a single value was expected here")
        return
    if name == "context" and isinstance(node.value, str) and node.value.startswith("chittycanon://"):
        name = "canonical_uri"
    reading.fact(SELF, name, node.value, node.line)


def _tier(reading: Reading, node: Node) -> None:
    tier = parse_tier(node.value)
    if tier is None:
        reading.report("federation/charter-bad-tier", node.line, f"tier {_show(node.value)} is not a number from 0 to 5")
        return
    reading.fact(SELF, "tier", tier[0], node.line)
    if tier[1]:
        reading.fact(SELF, "category", tier[1], node.line)


def _domain(reading: Reading, environment: str, node: Node) -> None:
    value = node.value
    host = value if is_host(value) else host_of(value) if isinstance(value, str) else None
    if host is None:
        reading.skip(node.line, f"domains.{environment}: {_show(value)}", "not a host name")
        return
    reading.fact(SELF, "domain" if environment == "production" else f"domains.{environment}", host, node.line)


def _repository(reading: Reading, node: Node) -> None:
    name = repository_name(node.value)
    if name is None:
        reading.skip(node.line, f"github.repository: {_show(node.value)}", "not a GitHub owner/name")
        return
    reading.fact(SELF, "repository", name, node.line)


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
