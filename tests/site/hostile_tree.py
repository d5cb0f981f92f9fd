"""A repository whose every source field holds markup, built from the schemas so that new fields are covered.

`plant(tree)` adds to a buildable tree (site_support.make_tree):
- one manifest per entity kind, generated from its schema: every string field, list
  item and mapping key holds PAYLOAD (URI fields a `javascript:` URI that still
  reads as a URI), only the name and entity type stay valid so that a page exists;
- to every model file, one generated entry of each list and mapping, merged in;
- a layer, a Canon rule message and the config's default owner, with PAYLOAD;
then waives every finding this causes (waiver reasons hold PAYLOAD too), so the
site builds and the values reach every page, title, nav entry, table, search
entry and JSON file they can reach.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

MARK = "window.__pwned=1"
PAYLOAD = ("<img src=x onerror=" + MARK + "> <script>" + MARK + "</script> [x](javascript:" + MARK + ") "
           "<a href=\"javascript:" + MARK + "\">a</a> \" onmouseover=\"" + MARK + "\" ]]> {{ 7*7 }} {% raw %} "
           "| pipe | `code` **b** <svg onload=" + MARK + ">\nline\u2028sep \x1b[31mred ::error::forged")
URI_PAYLOAD = "javascript://x/%0A" + MARK + "<img src=x onerror=" + MARK + ">"
KEY_PAYLOAD = "k<img src=x onerror=" + MARK + ">"

# Fields that must stay valid for the entity to have a page at all; their markup cases are tested elsewhere.
IDENTITY = {"service_name", "entity_type"}


def instance(schema: Any, root: Any, name: str, depth: int = 0) -> Any:
    """A value the schema describes, with PAYLOAD wherever text goes."""
    if not isinstance(schema, dict) or depth > 8:
        return PAYLOAD
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#/"):
        node: Any = root
        for part in schema["$ref"][2:].split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return instance(node, root, name, depth + 1)
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        value = {key: instance(sub, root, key, depth + 1) for key, sub in (schema.get("properties") or {}).items()}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            value[KEY_PAYLOAD] = instance(extra, root, KEY_PAYLOAD, depth + 1)
        return value
    if kind == "array":
        return [instance(schema.get("items", {}), root, name, depth + 1)]
    if kind in ("integer", "number"):
        return 7
    if kind == "boolean":
        return True
    if schema.get("format") == "uri":
        return URI_PAYLOAD
    return PAYLOAD


def merge(existing: Any, generated: Any) -> Any:
    """`existing` plus every key and list entry of `generated` it does not have."""
    if isinstance(existing, dict) and isinstance(generated, dict):
        merged = dict(existing)
        for key, value in generated.items():
            merged[key] = merge(existing[key], value) if key in existing else value
        return merged
    if isinstance(existing, list) and isinstance(generated, list):
        return existing + generated
    return existing


def _schema(tree: Path, name: str) -> Any:
    return json.loads((tree / "etc/authority/schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=4096), encoding="utf-8")


def plant(tree: Path) -> Path:
    from getchitty.model import KINDS, MODEL_FILES

    for kind in KINDS:
        schema = _schema(tree, kind.schema)
        name = f"hostile{kind.page_folder}"
        data = instance(schema, schema, "")
        data["service_name"] = name
        data["entity_type"] = kind.entity_type
        (tree / kind.folder).mkdir(parents=True, exist_ok=True)
        _dump(tree / kind.manifest(name), data)
    for model in MODEL_FILES:
        if model.name == "waivers":
            continue
        path = tree / model.path
        existing = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        generated = instance(_schema(tree, model.schema), _schema(tree, model.schema), "")
        if model.name == "layers":  # a layer of its own, with its own page and nav entry
            generated["layers"][0]["number"] = 1 + max(layer["number"] for layer in existing["layers"])
        _dump(path, merge(existing or {}, generated))
    rules = tree / "etc/authority/rules.json"
    canon = json.loads(rules.read_text(encoding="utf-8"))
    for rule in canon["rules"]:
        rule["message"] = f"{rule.get('message', '')} {PAYLOAD}"
    rules.write_text(json.dumps(canon, indent=2), encoding="utf-8")
    config = tree / "etc/authority/config.json"
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["default_owner_entity"] = PAYLOAD
    config.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    waive_everything(tree)
    return tree


def waive_everything(tree: Path, rounds: int = 6) -> None:
    """Add a waiver (with PAYLOAD as its reason) for every finding, until the check passes."""
    from getchitty.engine import check

    path = tree / "etc/chittyos/waivers.yml"
    expires = (date.today() + timedelta(days=3650)).isoformat()
    for _ in range(rounds):
        result = check(tree, use_cache=False)
        open_findings = [v for v in result.violations if not v.waived and v.rule != "waivers/unused"]
        if not [v for v in open_findings if v.blocking]:
            return
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        data = data if isinstance(data, dict) else {"waivers": []}
        known = {(w.get("rule"), w.get("entity"), w.get("field")) for w in data["waivers"] if isinstance(w, dict)}
        for v in open_findings:
            key = (v.rule, v.entity or "", v.field)
            if key in known:
                continue
            known.add(key)
            waiver = {"rule": v.rule, "entity": v.entity or "", "reason": PAYLOAD, "owner": "@chittyos/platform",
                      "expires": expires}
            if v.field:
                waiver["field"] = v.field
            data["waivers"].append(waiver)
        _dump(path, data)
    result = check(tree, use_cache=False)
    raise AssertionError("the hostile tree still fails the check: "
                         + "; ".join(f"{v.rule} {v.location} {v.entity!r}" for v in result.errors[:20]))
