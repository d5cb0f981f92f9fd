"""The upstream Canon (chittyconnect, checked out beside this repository) is used
unchanged: our copies equal it byte for byte, it loads with getchitty.load, its
rules keep their meaning, and our getchitty-* schemas are supersets of its schemas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from engine_support import REPO, findings, run_check, write

from getchitty.engine import load_canon
from getchitty.load import Reader, load
from getchitty.rules import schema as schema_rule

UPSTREAM = REPO / "etc/upstream/chittyconnect"
UP_SCHEMAS = UPSTREAM / "etc/authority/schema"
OUR_SCHEMAS = REPO / "etc/authority/schema"

# upstream schema -> our schema that extends it for get.chitty.cc
SUPERSETS = {
    "service.schema.json": "getchitty-service.schema.json",
    "data-layer.schema.json": "getchitty-data-layer.schema.json",
    "composite.schema.json": "getchitty-composite.schema.json",
}

COPIED = [
    "etc/authority/rules.json",
    "etc/authority/config.json",
    "etc/profiles/profile.json",
    "etc/profiles/chittyos/rules.json",
]


def upstream_schemas() -> list[str]:
    return sorted(p.name for p in UP_SCHEMAS.glob("*.schema.json"))


def test_upstream_checkout_has_the_canon():
    assert upstream_schemas() == [
        "composite.schema.json", "data-layer.schema.json", "domain.schema.json", "evidence.schema.json",
        "infrastructure.schema.json", "service.schema.json", "unstructured-data.schema.json",
        "version-control.schema.json",
    ]


# --- byte-for-byte copies ------------------------------------------------------------------------


@pytest.mark.parametrize("name", upstream_schemas() if UP_SCHEMAS.is_dir() else [])
def test_schema_copies_equal_upstream(name):
    assert (OUR_SCHEMAS / name).read_bytes() == (UP_SCHEMAS / name).read_bytes()


def test_every_non_getchitty_schema_is_an_upstream_copy():
    ours = sorted(p.name for p in OUR_SCHEMAS.glob("*.schema.json") if not p.name.startswith("getchitty-"))
    assert ours == upstream_schemas()


# The one documented departure from upstream (docs/authors/sources.md, docs/authors/status-mapping.md):
# the Canon's STATUS_MODEL.md treats Active as Live for requirements, but upstream's rules.json only asks
# Live services for routes.health, so our rules.json adds this line right after the upstream line holding
# the anchor (the Live health rule).
ACTIVE_HEALTH_RULE = {"if": {"status": "Active"}, "then": {"required": ["routes.health"]},
                      "message": "Active services are held to Live requirements: they must expose a health endpoint"}
ADDITIONS = {
    "etc/authority/rules.json": (
        '{ "if": { "status": "Live" }, "then": { "required": ["routes.health"] }',
        '    { "if": { "status": "Active" }, "then": { "required": ["routes.health"] }, '
        '"message": "Active services are held to Live requirements: they must expose a health endpoint" },\n',
    ),
}


@pytest.mark.parametrize("relpath", COPIED)
def test_rule_files_equal_upstream(relpath):
    """Byte for byte upstream's file; where ADDITIONS documents a departure, every upstream line kept
    unchanged and in order, plus exactly that one added line at its place."""
    expected = (UPSTREAM / relpath).read_bytes()
    if relpath in ADDITIONS:
        anchor, added = ADDITIONS[relpath]
        lines = expected.decode("utf-8").splitlines(keepends=True)
        (at,) = [i for i, line in enumerate(lines) if anchor in line]
        expected = "".join([*lines[:at + 1], added, *lines[at + 1:]]).encode("utf-8")
    assert (REPO / relpath).read_bytes() == expected


def test_our_canon_rules_are_upstream_plus_active_health():
    """Parsed: upstream's rules unchanged and in order, and the Active health rule right after Live's,
    which is what the Canon's status model asks for."""
    assert "treated as Live for requirements" in (UPSTREAM / "docs/canon/STATUS_MODEL.md").read_text()
    theirs = json.loads((UPSTREAM / "etc/authority/rules.json").read_text())
    ours = json.loads((REPO / "etc/authority/rules.json").read_text())
    assert ours.keys() == theirs.keys() == {"rules"}
    at = theirs["rules"].index({"if": {"status": "Live"}, "then": {"required": ["routes.health"]},
                                "message": "Live services must expose a health endpoint"}) + 1
    assert ours["rules"] == [*theirs["rules"][:at], ACTIVE_HEALTH_RULE, *theirs["rules"][at:]]


# --- getchitty.load reads upstream files unchanged --------------------------------------------------


UPSTREAM_DATA = sorted(
    str(p.relative_to(UPSTREAM)) for p in [*(UPSTREAM / "etc").rglob("*.json"), *(UPSTREAM / "etc").rglob("*.yml")]
) if UPSTREAM.is_dir() else []


@pytest.mark.parametrize("relpath", UPSTREAM_DATA)
def test_upstream_files_load_unchanged(relpath):
    result = load(UPSTREAM, relpath)
    assert result.errors == []
    raw = (UPSTREAM / relpath).read_text(encoding="utf-8")
    expected = json.loads(raw) if relpath.endswith(".json") else yaml.safe_load(raw)
    assert result.document.data == expected


@pytest.mark.parametrize("name", upstream_schemas() if UP_SCHEMAS.is_dir() else [])
def test_upstream_schemas_compile(name):
    document = load(UPSTREAM, f"etc/authority/schema/{name}").document
    compiled, problems = schema_rule.compile_schema(document)
    assert problems == [] and compiled is not None


def test_upstream_scopes_match_our_scopes_schema():
    scopes = load(UPSTREAM, "etc/chittyos/scopes.yml").document
    compiled, _ = schema_rule.compile_schema(load(REPO, "etc/authority/schema/getchitty-scopes.schema.json").document)
    assert schema_rule.validate(scopes, compiled) == []


# --- upstream-valid manifests validate under both schemas -------------------------------------------------

UPSTREAM_SERVICE = """\
service_name: chittyconnect
entity_type: Service
category: Core
status: Active
owners: ["@chittyos/connect"]
github_repo: https://github.com/chittyos/chittyconnect
primary_domain: connect.chitty.cc
owner_entity: ChittyCorp LLC
ontology: [identity:validate]
scopes: [identity:validate]
version: 1.4.0
api_versions: [v1]
deprecation_policy: Six months notice.
classification_status: Final
aliases: [connect]
related_services: [chittyauth]
overlaps_with: []
license: MIT
exposes: {api: true, mcp: true, openapi: true, docs: true, health: true}
routes:
  root: https://connect.chitty.cc/
  api: https://connect.chitty.cc/api
  mcp: https://connect.chitty.cc/mcp
  docs: https://connect.chitty.cc/docs
  health: https://connect.chitty.cc/health
charter_url: https://charter.chitty.cc/chittyconnect
schema_topics: [identity]
"""

UPSTREAM_DATA_LAYER = """\
service_name: chittyvault
entity_type: DataLayer
status: Planned
owners: [data]
owner_entity: ChittyCorp LLC
data_classification: Restricted
retention_policy: Ten years.
jurisdiction: US
sovereignty: US
schema_topics: [evidence]
classification_status: PendingDecision
aliases: [vault]
related_layers: [chittyledger]
"""

UPSTREAM_COMPOSITE = """\
service_name: chittystack
entity_type: Composite
status: Planned
owners: [platform]
owner_entity: ChittyCorp LLC
components:
  - {name: chittyauth, entity_type: Service}
  - {name: chittyledger, entity_type: DataLayer}
primary_domain: stack.chitty.cc
aliases: [stack]
related_entities: [chittyid]
"""

MANIFESTS = {
    "service.schema.json": UPSTREAM_SERVICE,
    "data-layer.schema.json": UPSTREAM_DATA_LAYER,
    "composite.schema.json": UPSTREAM_COMPOSITE,
}


def upstream_validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((UP_SCHEMAS / name).read_text()), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("upstream", sorted(SUPERSETS))
def test_upstream_valid_manifest_validates_under_both(tmp_path, upstream):
    write(tmp_path, "m.yml", MANIFESTS[upstream], dedent=False)
    document = load(tmp_path, "m.yml").document
    assert list(upstream_validator(upstream).iter_errors(document.data)) == []
    ours, problems = schema_rule.compile_schema(load(REPO, f"etc/authority/schema/{SUPERSETS[upstream]}").document)
    assert problems == []
    assert schema_rule.validate(document, ours) == []


def test_upstream_service_passes_the_whole_check(eco):
    """The Canon-only manifest is a complete get.chitty.cc service, once scopes.yml grants its scope."""
    write(eco, "etc/chittyos/services/chittyconnect.yml", UPSTREAM_SERVICE.replace('["@chittyos/connect"]', "[platform]"),
          dedent=False)
    text = (eco / "etc/chittyos/scopes.yml").read_text().replace("review:", "  chittyconnect: [identity:validate]\nreview:")
    (eco / "etc/chittyos/scopes.yml").write_text(text)
    assert findings(eco) == []


def test_upstream_invalid_manifest_is_invalid_under_ours(tmp_path):
    """The superset does not loosen what the Canon forbids."""
    bad = UPSTREAM_SERVICE.replace("status: Active", "status: Shipped").replace("primary_domain: connect.chitty.cc",
                                                                              "primary_domain: connect.example.com")
    write(tmp_path, "m.yml", bad + "extra_field: 1\n", dedent=False)
    document = load(tmp_path, "m.yml").document
    upstream_errors = {e.validator for e in upstream_validator("service.schema.json").iter_errors(document.data)}
    ours, _ = schema_rule.compile_schema(load(REPO, "etc/authority/schema/getchitty-service.schema.json").document)
    our_rules = {v.rule for v in schema_rule.validate(document, ours)}
    assert upstream_errors == {"enum", "pattern", "additionalProperties"}
    assert our_rules == {"schema/enum", "schema/pattern", "schema/unknown-field"}


def _compare(upstream: dict, ours: dict, where: str) -> list[str]:
    """Every upstream property exists in ours with the same type, and no looser constraint."""
    problems = []
    for key, up in upstream.get("properties", {}).items():
        here = f"{where}.{key}" if where else key
        mine = ours.get("properties", {}).get(key)
        if mine is None:
            problems.append(f"{here}: missing")
            continue
        if "$ref" in mine and mine["$ref"].startswith("#/properties/"):
            mine = {**mine, **ours["properties"][mine["$ref"].split("/")[-1]]}
        if up.get("type") != mine.get("type"):
            problems.append(f"{here}: type {up.get('type')} != {mine.get('type')}")
        for keyword in ("pattern", "format", "minItems"):
            if keyword in up and up[keyword] != mine.get(keyword):
                problems.append(f"{here}: {keyword} {up[keyword]!r} != {mine.get(keyword)!r}")
        if "enum" in up and not set(up["enum"]) <= set(mine.get("enum", ())):
            problems.append(f"{here}: enum {up['enum']} not within {mine.get('enum')}")
        if up.get("additionalProperties") is False and mine.get("additionalProperties") is not False:
            problems.append(f"{here}: allows unknown fields")
        problems += _compare(up, mine, here)
        if isinstance(up.get("items"), dict):
            mine_items = mine.get("items", {})
            if "$ref" in mine_items and mine_items["$ref"].startswith("#/properties/"):
                mine_items = ours["properties"][mine_items["$ref"].split("/")[-1]]
            if up["items"].get("type") != mine_items.get("type"):
                problems.append(f"{here}[]: type {up['items'].get('type')} != {mine_items.get('type')}")
            if set(up["items"].get("required", ())) - set(mine_items.get("required", ())):
                problems.append(f"{here}[]: required {up['items']['required']} != {mine_items.get('required')}")
            problems += _compare(up["items"], mine_items, f"{here}[]")
    return problems


@pytest.mark.parametrize("upstream", sorted(SUPERSETS))
def test_our_schema_is_a_superset(upstream):
    up = json.loads((UP_SCHEMAS / upstream).read_text())
    ours = json.loads((OUR_SCHEMAS / SUPERSETS[upstream]).read_text())
    assert _compare(up, ours, "") == []
    assert ours["type"] == up["type"] == "object"
    assert ours.get("additionalProperties") is False


def test_superset_check_can_fail():
    up = {"properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "string"}},
                         "c": {"type": "string", "enum": ["x", "y"]}}}
    ours = {"properties": {"a": {"type": "integer"}, "b": {"type": "array", "items": {"type": "integer"}},
                           "c": {"type": "string", "enum": ["x"]}}}
    assert _compare(up, ours, "") == [
        "a: type string != integer", "b[]: type string != integer", "c: enum ['x', 'y'] not within ['x']"]
    assert _compare(up, {"properties": {}}, "") == ["a: missing", "b: missing", "c: missing"]


@pytest.mark.parametrize("upstream", sorted(SUPERSETS))
def test_upstream_required_fields_stay_required(upstream):
    """Every field the Canon requires is required by ours too, except github_repo and primary_domain,
    which our service schema requires for every status but Planned."""
    up = json.loads((UP_SCHEMAS / upstream).read_text())
    ours = json.loads((OUR_SCHEMAS / SUPERSETS[upstream]).read_text())
    relaxed = set(up["required"]) - set(ours["required"])
    if upstream == "service.schema.json":
        assert relaxed == {"github_repo", "primary_domain"}
        (conditional,) = ours["allOf"]
        assert conditional["if"] == {"properties": {"status": {"not": {"const": "Planned"}}}}
        assert set(conditional["then"]["required"]) == relaxed
    else:
        assert relaxed == set()


# --- the Canon rules, with upstream semantics -------------------------------------------------------------


def upstream_tree(tmp_path: Path) -> Path:
    root = tmp_path / "upstream-tree"
    shutil.copytree(UPSTREAM / "etc", root / "etc")
    return root


def test_load_canon_on_the_upstream_tree(tmp_path):
    model, problems = load_canon(Reader(upstream_tree(tmp_path)))
    assert problems == []
    assert model.profile == "chittyos"
    assert model.config == json.loads((UPSTREAM / "etc/authority/config.json").read_text())
    assert [(r.id, r.source) for r in model.rules] == [
        ("canon/required/charter_url", "etc/authority/rules.json"),
        ("canon/required/charter_url", "etc/authority/rules.json"),
        ("canon/required/routes.health", "etc/authority/rules.json"),
        ("canon/required/routes.docs", "etc/authority/rules.json"),
        ("canon/required/routes.mcp", "etc/authority/rules.json"),
        ("canon/required/owner_entity", "etc/authority/rules.json"),
        ("canon/pattern/routes.api", "etc/profiles/chittyos/rules.json"),
        ("canon/pattern/primary_domain", "etc/profiles/chittyos/rules.json"),
    ]
    upstream_rules = json.loads((UPSTREAM / "etc/authority/rules.json").read_text())["rules"]
    upstream_rules += json.loads((UPSTREAM / "etc/profiles/chittyos/rules.json").read_text())["rules"]
    for parsed, raw in zip(model.rules, upstream_rules):
        assert parsed.message == raw["message"]
        assert dict(parsed.conditions) == {k: v for k, v in raw["if"].items() if k != "always"}
        assert list(parsed.required) == raw["then"].get("required", [])
        assert dict(parsed.patterns) == raw["then"].get("pattern", {})


def test_every_canon_file_goes_through_the_file_checks(tmp_path):
    root = upstream_tree(tmp_path)
    token = "ghp_" + "A1b2C3d4" * 5
    files = ["etc/authority/config.json", "etc/profiles/profile.json",
             "etc/authority/rules.json", "etc/profiles/chittyos/rules.json"]
    for relpath in files:
        path = root / relpath
        path.write_text(path.read_text().replace("{", '{"note": "' + token + '", ', 1))
    _, found = load_canon(Reader(root))
    assert sorted({v.path for v in found if v.rule == "secrets/credential-value"}) == sorted(files)


@pytest.mark.parametrize("change, expected", [
    # IF paths compare for equality; `always` matches every service
    ({"status": "Live"}, ["canon/required/routes.health"]),
    ({"category": "Foundation", "status": "Live"}, ["canon/required/charter_url", "canon/required/routes.health"]),
    ({"category": "Foundation", "status": "Active"}, ["canon/required/charter_url"]),
    ({"category": "Foundation", "status": "Planned"}, []),
    ({"exposes": {"openapi": True}}, ["canon/required/routes.docs"]),
    ({"exposes": {"openapi": False}}, []),
    ({"exposes": {"mcp": True}}, ["canon/required/routes.mcp"]),
    ({"routes": {"api": "https://connect.chitty.cc/v2"}}, ["canon/pattern/routes.api"]),
    ({"routes": {"api": "https://connect.chitty.cc/api"}}, []),
    ({"primary_domain": "connect.chitty.cc.evil.com"}, ["canon/pattern/primary_domain"]),
])
def test_upstream_rules_semantics(eco, change, expected):
    """The Canon files, copied unchanged, applied by the engine to a bare Planned service."""
    use_upstream_canon(eco)
    data = {"service_name": "chittyx", "entity_type": "Service", "category": "Core", "status": "Planned",
            "description": "x", "owners": ["platform"], **change}
    write(eco, "etc/chittyos/services/chittyx.yml", yaml.safe_dump(data, sort_keys=False), dedent=False)
    fired = [v.rule for v in findings(eco) if v.entity == "chittyx" and v.rule.startswith("canon/")]
    assert fired == expected


def test_upstream_owner_entity_fallback(tmp_path):
    """Upstream's config supplies default_owner_entity, so a manifest without one satisfies the always-rule."""
    model, _ = load_canon(Reader(upstream_tree(tmp_path)))
    assert model.config["default_owner_entity"] == "ChittyCorp LLC"


def use_upstream_canon(root: Path) -> None:
    for relpath in COPIED:
        shutil.copyfile(UPSTREAM / relpath, root / relpath)
    for name in upstream_schemas():
        shutil.copyfile(UP_SCHEMAS / name, root / "etc/authority/schema" / name)


def test_repository_with_upstream_canon_checks_clean(eco):
    use_upstream_canon(eco)
    result = run_check(eco)
    assert result.violations == ()
    assert {"canon/required/owner_entity", "canon/pattern/routes.api"} <= set(result.rules)


def test_upstream_owner_entity_rule_fires_without_the_fallback(eco):
    use_upstream_canon(eco)
    config = json.loads((eco / "etc/authority/config.json").read_text())
    del config["default_owner_entity"]
    (eco / "etc/authority/config.json").write_text(json.dumps(config))
    assert sorted(v.entity for v in findings(eco, "canon/required/owner_entity")) == ["chittyauth", "chittysync", "chittytrust"]
