"""`authority/services/*.json`: service manifests a repository keeps in getchitty's own manifest format.

Their fields keep their meaning; the ones other sources also state (category,
status, owners, repository, domain, routes) become facts under the same names
so that disagreements between them show.
"""

from __future__ import annotations

from .common import host_of, repository_name, service_id
from .jsonc import JsonError
from .jsonc import parse as parse_json
from .values import Reading

RULE = "federation/invalid-manifest"
SCALARS = {"category": "category", "status": "status", "owner_entity": "owner_entity", "description": "description",
           "tier": "manifest.tier", "charter_url": "charter_url", "entity_type": "entity_type"}
LISTS = {"owners": "owners", "ontology": "ontology", "scopes": "scopes", "depends_on": "depends_on"}


def read(reading: Reading, text: str) -> None:
    try:
        parsed = parse_json(text)
    except JsonError as exc:
        reading.report(RULE, exc.line, f"{reading.path} is not valid JSON: {exc.message}", col=exc.col)
        return
    root = parsed.root
    name = root.value.get("service_name") if isinstance(root.value, dict) else None
    subject = service_id(name)
    if subject is None:
        reading.report(RULE, root.line_of("service_name"), f"{reading.path} has no usable `service_name`")
        return
    reading.fact(subject, "manifest", reading.path, root.line_of("service_name"))
    for key, node in root.children.items():
        value = node.value
        if key == "service_name":
            continue
        if key in SCALARS and not isinstance(value, (dict, list)):
            reading.fact(subject, SCALARS[key], value, node.line)
        elif key in LISTS and isinstance(value, list):
            reading.fact(subject, LISTS[key], value, node.line)
        elif key == "github_repo":
            repository = repository_name(value)
            if repository:
                reading.fact(subject, "repository", repository, node.line)
            else:
                reading.skip(node.line, f"github_repo: {value}", "not a GitHub repository")
        elif key == "primary_domain":
            host = host_of(value) if isinstance(value, str) else None
            if host:
                reading.fact(subject, "domain", host, node.line)
            else:
                reading.skip(node.line, f"primary_domain: {value}", "not a host name")
        elif key in ("routes", "exposes") and isinstance(value, dict):
            for item, child in node.children.items():
                reading.fact(subject, "manifest_route" if key == "routes" else "exposes", child.value, child.line,
                             key=str(item))
                if key == "routes" and item == "health" and isinstance(child.value, str) and "://" in child.value:
                    after_host = child.value.split("://", 1)[1].partition("/")[2]
                    reading.fact(subject, "health_route", "/" + after_host, child.line)
        else:
            reading.skip(node.line, f"{key}", "manifest field with no counterpart in getchitty")
