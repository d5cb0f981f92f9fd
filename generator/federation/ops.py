"""The ecosystem registry kept in chittyops: every service of every organization, the compliance
dimensions with their per-type profiles, and the registrations of services living inside chittyops.

- `compliance/service-registry.yml`: one set of facts per service, about that
  service (tier, type, domain, repository, territory, active, description,
  organization). A name used in several organizations (`.github`) is told
  apart as `<organization>/<name>`.
- `compliance/checks.yml`: one fact per dimension, its checks as data, with
  the kinds of check that the synced files can decide offline.
- `registrations/*.json`: one set of facts per registered service.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .common import host_of, is_host, parse_tier, repository_name
from .jsonc import JsonError, Node
from .jsonc import parse as parse_json
from .values import Reading
from .yamlnodes import YamlError, parse

REGISTRY = "compliance/service-registry.yml"
CHECKS = "compliance/checks.yml"
RULE = "federation/invalid-registry"
ENTRY_FIELDS = ("tier", "type", "domain", "territory", "active", "description")
# Kinds of check in checks.yml that the synced declaration files can decide without a live probe.
OFFLINE_CHECKS = ("file_checks", "config_checks")
LEVELS = ("required", "optional", "not_applicable")


def _load(reading: Reading, text: str, rule: str) -> Node | None:
    try:
        parsed = parse(text)
    except YamlError as exc:
        reading.report(rule, exc.line, f"{reading.path} is not valid YAML: {exc.message}", col=exc.col)
        return None
    for key, first, second in parsed.duplicates:
        reading.report(rule, second, f"`{key}` is written twice in one mapping (first on line {first}); "
                                     "YAML keeps only the second")
    if parsed.root is None or not isinstance(parsed.root.value, dict):
        reading.report(rule, parsed.root.line if parsed.root else 1, f"{reading.path} must be a mapping")
        return None
    return parsed.root


def read_registry(reading: Reading, text: str) -> None:
    root = _load(reading, text, RULE)
    if root is None:
        return
    for key, node in root.children.items():
        if key in ("schema_version", "last_updated") and not isinstance(node.value, (dict, list)):
            reading.fact("", f"registry.{key}", node.value, node.line)
        elif key == "compliance_profiles" and isinstance(node.value, dict):
            for kind, profile in node.children.items():
                _profile(reading, str(kind), profile)
        elif key == "organizations" and isinstance(node.value, dict):
            _organizations(reading, node)
        else:
            reading.skip(node.line, str(key), "registry key with no counterpart in getchitty")
    if root.get("organizations") is None:
        reading.report(RULE, root.line, f"{reading.path} has no `organizations` mapping")


def _profile(reading: Reading, kind: str, node: Node) -> None:
    if not isinstance(node.value, dict):
        reading.skip(node.line, kind, "a compliance profile maps each dimension to required, optional or not_applicable")
        return
    levels = {}
    for dimension, level in node.children.items():
        if level.value in LEVELS:
            levels[str(dimension)] = level.value
        else:
            reading.skip(level.line, f"{kind}.{dimension}: {level.value}", f"not one of {', '.join(LEVELS)}")
    reading.fact("", "compliance.profile", {"type": kind, "dimensions": levels}, node.line, key=kind)


def _organizations(reading: Reading, node: Node) -> None:
    # (organization, its key's node, service name, entry, whether the entry is an item of a list)
    entries: list[tuple[str, Node, str, Node, bool]] = []
    for organization, org_node in node.children.items():
        services = org_node.get("services") if isinstance(org_node.value, dict) else None
        if services is None or not isinstance(services.value, (dict, list)):
            reading.report(RULE, org_node.line, f"organization {organization} has no `services` mapping")
            continue
        for other, child in org_node.children.items():
            if other != "services":
                reading.skip(child.line, f"{organization}.{other}", "organization key with no counterpart in getchitty")
        if isinstance(services.value, dict):
            for name, entry in services.children.items():
                entries.append((str(organization), org_node, str(name), entry, False))
            continue
        # `services:` as a list of entries that carry their own `name:`
        for entry in services.children.values():
            name = entry.value.get("name") if isinstance(entry.value, dict) else None
            if isinstance(name, str) and name.strip():
                entries.append((str(organization), org_node, name.strip(), entry, True))
            else:
                reading.skip(entry.line, f"{organization}.services: {str(entry.value)[:60]}", "a registry entry names no service")
    counts = Counter(name for _, _, name, _, _ in entries)
    for organization, org_node, name, entry, listed in entries:
        subject = name if counts[name] == 1 else f"{organization.lower()}/{name}"
        _service(reading, subject, organization, org_node, entry, listed)


def _service(reading: Reading, subject: str, organization: str, org_node: Node, node: Node, listed: bool) -> None:
    # A list entry is stated on its `name:` line; a mapping entry on its key.
    reading.fact(subject, "registered", True, node.line_of("name") if listed else node.line)
    own = node.get("organization") or node.get("org") if isinstance(node.value, dict) else None
    if own is None or not isinstance(own.value, str):
        # The organization is stated by the key the entry sits under, not by the entry itself.
        own = None
        reading.fact(subject, "organization", organization, org_node.line)
    if node.value is None:
        return
    if not isinstance(node.value, dict):
        reading.skip(node.line, f"{subject}: {node.value}", "a registry entry is a mapping of fields")
        return
    for key, child in node.children.items():
        value = child.value
        if key == "repo" or key == "repository":
            name = repository_name(value)
            if name:
                reading.fact(subject, "repository", name, child.line)
            elif value is not None:
                reading.skip(child.line, f"{subject}.{key}: {value}", "not a GitHub owner/name")
        elif key == "tier":
            tier = parse_tier(value)
            if tier is not None:
                reading.fact(subject, "tier", tier[0], child.line)
            elif value is not None:
                reading.report("federation/charter-bad-tier", child.line, f"{subject}: tier {value!r} is not a number from 0 to 5")
        elif key == "domain":
            host = (value.lower() if is_host(value) else host_of(value)) if isinstance(value, str) else None
            if host:
                reading.fact(subject, "domain", host, child.line)
            elif value is not None:
                reading.fact(subject, "domain_note", value, child.line)
        elif key in ("organization", "org") and child is own:
            reading.fact(subject, "organization", value, child.line)
        elif key in ENTRY_FIELDS:
            if value is not None:
                reading.fact(subject, key, value, child.line)
        elif not (listed and key == "name"):
            reading.skip(child.line, f"{subject}.{key}", "registry field with no counterpart in getchitty")


def read_checks(reading: Reading, text: str) -> None:
    root = _load(reading, text, RULE)
    if root is None:
        return
    for key, node in root.children.items():
        if key == "schema_version":
            reading.fact("", "compliance.schema_version", node.value, node.line)
        elif key == "checks" and isinstance(node.value, dict):
            for dimension, check in node.children.items():
                if not isinstance(check.value, dict):
                    reading.skip(check.line, str(dimension), "a compliance dimension is a mapping")
                    continue
                kinds = [k for k in check.value if k.endswith("_checks") or k == "branch_protection"]
                reading.fact("", "compliance.dimension", {
                    "id": str(dimension),
                    "name": check.value.get("name"),
                    "description": check.value.get("description"),
                    "checks": {k: check.value[k] for k in kinds},
                    "applicable_when": check.value.get("applicable_when"),
                    "offline": [k for k in kinds if k in OFFLINE_CHECKS],
                    "needs_probe": [k for k in kinds if k not in OFFLINE_CHECKS],
                }, check.line, key=str(dimension))
                for other, child in check.children.items():
                    if other not in ("name", "description", "applicable_when", *kinds):
                        reading.skip(child.line, f"{dimension}.{other}", "check key with no counterpart in getchitty")
        else:
            reading.skip(node.line, str(key), "checks key with no counterpart in getchitty")


REGISTRATION_METADATA = {"tier": "tier", "domain": "domain", "repo": "repository", "organization": "organization",
                         "territory": "territory", "maintainer": "maintainer", "path": "path", "tags": "tags"}


def read_registration(reading: Reading, text: str) -> None:
    try:
        parsed = parse_json(text)
    except JsonError as exc:
        reading.report("federation/invalid-registration", exc.line, f"{reading.path} is not valid JSON: {exc.message}",
                       col=exc.col)
        return
    root = parsed.root
    name = root.value.get("name") if isinstance(root.value, dict) else None
    if not isinstance(name, str) or not name.strip():
        reading.report("federation/invalid-registration", root.line, f"{reading.path} is not an object with a `name`")
        return
    subject = name.strip().lower()
    reading.fact(subject, "registration", reading.path, root.line_of("name"))
    for key, node in root.children.items():
        if key in ("description", "version"):
            reading.fact(subject, key, node.value, node.line)
        elif key == "endpoints" and isinstance(node.value, list):
            for child in node.children.values():
                reading.fact(subject, "endpoint_url", child.value, child.line, key=str(child.value))
        elif key == "metadata" and isinstance(node.value, dict):
            _metadata(reading, subject, node)
        elif key != "name":
            reading.skip(node.line, f"{subject}.{key}", "registration field with no counterpart in getchitty")


def _metadata(reading: Reading, subject: str, node: Node) -> None:
    for key, child in node.children.items():
        value: Any = child.value
        field = REGISTRATION_METADATA.get(key)
        if field == "tier":
            tier = parse_tier(value)
            if tier is None:
                reading.report("federation/charter-bad-tier", child.line, f"{subject}: tier {value!r} is not a number from 0 to 5")
                continue
            value = tier[0]
        elif field == "repository":
            value = repository_name(value)
            if value is None:
                reading.skip(child.line, f"{subject}.metadata.repo", "not a GitHub owner/name")
                continue
        elif field == "domain" and not is_host(value):
            reading.skip(child.line, f"{subject}.metadata.domain: {value}", "not a host name")
            continue
        if field is None:
            reading.skip(child.line, f"{subject}.metadata.{key}", "registration metadata with no counterpart in getchitty")
            continue
        reading.fact(subject, field, value, child.line)
