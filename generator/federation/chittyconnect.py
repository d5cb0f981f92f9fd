"""`.chittyconnect.yml`: how a service presents itself to ChittyConnect and to get.chitty.cc's onboarding.

Each known key becomes a fact about the repository's own service. `${VAR}`
values are placeholders filled in at deploy time: they are kept as written and
never resolved. Secret paths are references into a vault (`op://...`), never
values. Every other key is listed as unmapped at its line.
"""

from __future__ import annotations

from typing import Any

from .common import host_of, is_host, parse_tier, repository_name
from .jsonc import Node
from .values import SELF, Reading
from .yamlnodes import YamlError, parse

PATH = ".chittyconnect.yml"
RULE = "federation/invalid-chittyconnect"

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
    ("onboarding", "provisions"): "onboarding_provisions",
    ("auth", "provider"): "auth_provider",
    ("auth", "endpoint"): "auth_endpoint",
    ("auth", "service_token", "key"): "service_token_key",
    ("auth", "service_token", "source"): "service_token_source",
    ("secrets", "provider"): "secrets_provider",
    ("secrets", "vault"): "secrets_vault",
    ("monitoring", "health", "endpoint"): "health_route",
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
        elif here[:2] == ("secrets", "paths") and len(here) == 3:
            reading.fact(SELF, "secret_reference", {"environment": here[2], "reference": child.value}, child.line,
                         key=here[2])
        elif isinstance(child.value, dict) and child.children:
            _walk(reading, child, here)
        else:
            reading.skip(child.line, f"{'.'.join(here)}: {_show(child.value)}", "no fact of getchitty for this key")


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
