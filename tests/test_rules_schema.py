"""schema/*: JSON Schema findings, each at the offending key or value.

chittytrust.yml is the smallest manifest of the fixture (Foundation, Planned);
most cases rewrite it with one mistake and expect exactly the findings listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from engine_support import REPO, TRUST_MANIFEST, findings, located, run_check, write

from getchitty import load as loader
from getchitty.resources import SEED
from getchitty.rules import released_schemas
from getchitty.rules import schema as schema_rule
from getchitty.rules.quick import Invalid

TRUST = "etc/chittyos/services/chittytrust.yml"

BASE = TRUST_MANIFEST


def trust(eco, extra: str = "", base: str = BASE) -> None:
    write(eco, TRUST, base + extra, dedent=False)


def schema_findings(eco):
    return [v for v in findings(eco) if v.rule.startswith("schema/")]


def test_clean_fixture_has_no_findings(eco):
    result = run_check(eco)
    assert result.violations == ()
    assert not result.failed(strict=True)


def test_base_manifest_is_clean(eco):
    trust(eco)
    assert findings(eco) == []


def test_required(eco):
    trust(eco, base=BASE.replace("category: Foundation\n", ""))
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("schema/required", TRUST, 1, 1)
    assert v.message == "category: required field is missing"
    assert (v.entity, v.field) == ("chittytrust", "category")
    assert v.hint == "Add the field; the schema lists what every manifest must have."


def test_required_reports_every_missing_field(eco):
    """Both fields of the Canon's non-Planned requirement are reported, not the first one twice."""
    trust(eco, base=BASE.replace("status: Planned", "status: In Progress"))
    assert [(v.rule, v.line, v.col, v.message) for v in findings(eco)] == [
        ("schema/required", 1, 1, "github_repo: required field is missing"),
        ("schema/required", 1, 1, "primary_domain: required field is missing"),
    ]


def test_required_nested_points_at_the_item(eco):
    trust(eco, "webhooks:\n  - url: https://trust.chitty.cc/hook\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message, v.field) == (
        "schema/required", 8, 5, "webhooks[0].name: required field is missing", "webhooks[0].name")


def test_unknown_field(eco):
    trust(eco, "colour: red\n")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == ("schema/unknown-field", TRUST, 7, 1, "colour: unknown field")


def test_unknown_field_suggests_the_close_name(eco):
    trust(eco, "routes:\n  helth: https://trust.chitty.cc/health\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message, v.field) == (
        "schema/unknown-field", 8, 3, "routes.helth: unknown field (did you mean 'health'?)", "routes.helth")


def test_type(eco):
    trust(eco, base=BASE.replace("description: Trust reputation scoring.", "description: 42"))
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == ("schema/type", 5, 14, "description: expected text, found a number")


def test_type_nested(eco):
    trust(eco, "exposes:\n  api: yes please\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == ("schema/type", 8, 8, "exposes.api: expected true or false, found text")


def test_enum(eco):
    trust(eco, "classification_status: Maybe\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == (
        "schema/enum", 7, 24, "classification_status: 'Maybe' is not one of: Final, PendingDecision")


def test_tier_is_the_ecosystem_tier_as_sources_write_it(eco):
    trust(eco, "tier: 7\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message[:22]) == ("schema/maximum", 7, 7, "tier: 7 is above the m")
    for written in ('"2 (Core Infrastructure)"', '"Tier 3 - Operational"', "0", "tier1"):
        trust(eco, f"tier: {written}\n")
        assert findings(eco) == [], written
    trust(eco, "tier: Platform/Sync\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col) == ("schema/pattern", 7, 7)


def test_pattern(eco):
    """A non-chitty.cc domain breaks the schema's pattern and the profile's Canon pattern rule."""
    trust(eco, "primary_domain: trust.example.com\n")
    assert [(v.rule, v.line, v.col) for v in findings(eco)] == [
        ("canon/pattern/primary_domain", 7, 17),
        ("schema/pattern", 7, 17),
    ]
    schema = findings(eco, "schema/pattern")[0]
    assert schema.message == r"primary_domain: 'trust.example.com' does not match ^[a-z0-9-]+\.chitty\.cc$"


def test_format(eco):
    trust(eco, "github_repo: github.com/chittyos/chittytrust\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == (
        "schema/format", 7, 14, "github_repo: 'github.com/chittyos/chittytrust' is not a valid uri")


def test_format_date(eco):
    write(eco, "etc/chittyos/waivers.yml", """\
        waivers:
          - rule: deps/upward
            entity: chittysync
            reason: Known.
            owner: "@chittyos/platform"
            expires: 31/12/2025
        """)
    (v,) = schema_findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "schema/format", "etc/chittyos/waivers.yml", 6, 14, "waivers[0].expires: '31/12/2025' is not a valid date")


def test_format_regex(eco):
    text = (eco / "etc/chittyos/secrets.yml").read_text().replace('env_name: "^[A-Z][A-Z0-9_]*$"', 'env_name: "^[A-Z"')
    write(eco, "etc/chittyos/secrets.yml", text, dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == ("schema/format", 2, 13, "naming.env_name: '^[A-Z' is not a valid regex")


def test_min_items(eco):
    trust(eco, base=BASE.replace("owners: [platform]", "owners: []"))
    assert located(findings(eco)) == [("schema/min-items", TRUST, 6, 9)]  # one defect, one finding
    assert findings(eco, "schema/min-items")[0].message == "owners: needs at least 1 item"


def test_unique_items(eco):
    text = (eco / "etc/chittyos/services/chittysync.yml").read_text()
    write(eco, "etc/chittyos/services/chittysync.yml",
          text.replace("depends_on: [chittyauth, chittyledger]", "depends_on: [chittyauth, chittyauth]"), dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "schema/unique-items", "etc/chittyos/services/chittysync.yml", 9, 13, "depends_on: repeats an entry")


def test_min_length(eco):
    trust(eco, base=BASE.replace("description: Trust reputation scoring.", 'description: ""'))
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.message) == ("schema/min-length", 5, 14, "description: must not be empty")


def test_minimum_and_maximum(eco):
    text = (eco / "etc/chittyos/layers.yml").read_text()
    text = text.replace("{number: 0, name: Governance", "{number: -1, name: Governance")
    text = text.replace("{number: 8, name: Applications", "{number: 9, name: Applications")
    write(eco, "etc/chittyos/layers.yml", text, dedent=False)
    got = [(v.rule, v.line, v.col, v.message) for v in schema_findings(eco)]
    assert got == [
        ("schema/minimum", 2, 14, "layers[0].number: -1 is below the minimum 0"),
        ("schema/maximum", 10, 14, "layers[8].number: 9 is above the maximum 8"),
    ]


def test_min_properties(eco):
    text = (eco / "etc/chittyos/secrets.yml").read_text()
    text = text[: text.index("secrets:\n")] + "secrets: {}\n"
    write(eco, "etc/chittyos/secrets.yml", text, dedent=False)
    (v,) = schema_findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "schema/min-properties", "etc/chittyos/secrets.yml", 6, 10, "secrets: needs at least 1 entry")


def test_key_name_points_at_the_key(eco):
    with (eco / "etc/chittyos/secrets.yml").open("a") as handle:
        handle.write("  notion_api_token: {purpose: Lowercase., kind: api-key, lifetime: long-lived}\n")
    (v,) = schema_findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("schema/key-name", "etc/chittyos/secrets.yml", 10, 3)
    assert v.message == "secrets.notion_api_token: key 'notion_api_token' does not match ^[A-Z][A-Z0-9_]*$"
    assert v.field == "secrets.notion_api_token"


def _custom_schema(eco, name: str, change) -> None:
    path = eco / f"etc/authority/schema/{name}.schema.json"
    schema = json.loads(path.read_text())
    change(schema)
    path.write_text(json.dumps(schema, indent=2))


def test_const(eco):
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["license"].update({"const": "Apache-2.0"}))
    trust(eco, "license: MIT\n")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == ("schema/const", TRUST, 7, 10, "license: 'MIT' must be 'Apache-2.0'")


def test_max_items(eco):
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["owners"].update({"maxItems": 1}))
    trust(eco, base=BASE.replace("owners: [platform]", "owners: [platform, security]"))
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == ("schema/max-items", TRUST, 6, 9, "owners: allows at most 1 item")


def test_other_keywords_are_schema_invalid(eco):
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["description"].update({"maxLength": 5}))
    trust(eco)
    (v,) = [v for v in findings(eco) if v.path == TRUST]
    assert (v.rule, v.line, v.col, v.message) == ("schema/invalid", 5, 14, "description: does not satisfy the schema (maxLength)")
    assert {v.rule for v in findings(eco)} == {"schema/invalid"}


def test_broken_schema(eco):
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["tier"].update({"type": "text"}))
    result = run_check(eco)
    broken = findings(result, "schema/broken-schema")
    assert len(broken) == 1
    v = broken[0]
    assert (v.path, v.rule) == ("etc/authority/schema/getchitty-service.schema.json", "schema/broken-schema")
    assert v.message.startswith("properties.tier.type: 'text' is not valid under any of the given schemas")
    schema_text = (eco / v.path).read_text().splitlines()
    assert schema_text[v.line - 1][v.col - 1:].startswith('"text"')


def test_broken_schema_skips_validation_but_not_other_rules(eco):
    """Manifests are not validated against a broken schema, and nothing crashes."""
    _custom_schema(eco, "getchitty-service", lambda s: s.update({"required": "service_name"}))
    trust(eco, "colour: red\n")
    rules = sorted({v.rule for v in findings(eco)})
    assert rules == ["schema/broken-schema"]


def test_the_released_schemas_are_the_seed_schemas_and_each_passes_the_metaschema():
    """A schema whose content is released is not checked against the metaschema again: so the list must be the seed's
    schemas exactly, and each of them must pass the check."""
    seed = {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((SEED / "authority/schema").glob("*.json"))}
    digests = {name: released_schemas.content_digest(schema) for name, schema in seed.items()}
    assert set(digests.values()) == released_schemas.RELEASED, \
        "the seed's schemas changed: RELEASED in generator/rules/released_schemas.py is now\n" + "\n".join(
            f'    "{digest}",  # {name.removesuffix(".schema.json")}' for name, digest in digests.items())
    for schema in seed.values():
        jsonschema.Draft7Validator.check_schema(schema)


def test_only_a_schema_as_released_skips_the_metaschema_check(eco, monkeypatch):
    """Same content, other bytes (indentation, key order): released. One value changed: checked, and its finding
    is where the value is."""
    checked: list[str] = []
    metaschema_problem = schema_rule._metaschema_problem
    monkeypatch.setattr(schema_rule, "_metaschema_problem", lambda document: checked.append(document.path) or
                        metaschema_problem(document))
    _custom_schema(eco, "getchitty-service", lambda s: None)
    assert run_check(eco).violations == () and checked == []
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["tier"].update({"minimum": "one"}))
    (v,) = findings(run_check(eco), "schema/broken-schema")
    assert checked == ["etc/authority/schema/getchitty-service.schema.json"]
    assert v.message == "properties.tier.minimum: 'one' is not of type 'number'"
    assert (eco / v.path).read_text().splitlines()[v.line - 1][v.col - 1:].startswith('"one"')


def test_a_clean_cold_check_imports_no_jsonschema(eco):
    """jsonschema (some 70 ms to import) words findings and checks schemas that are not released: a check whose
    sources all pass needs it nowhere, dates included; one that is not a day is still a finding."""
    code = ("import json, sys; from getchitty.engine import check; result = check(sys.argv[1], use_cache=False); "
            "print(json.dumps([sorted({v.rule for v in result.violations}), 'jsonschema' in sys.modules]))")

    def cold_check(expires: str) -> list:
        write(eco, "etc/chittyos/waivers.yml", "waivers:\n  - rule: deps/upward\n    entity: chittyauth\n"
              f"    reason: The ledger moves to Core.\n    owner: '@chittyos/platform'\n    expires: {expires}\n",
              dedent=False)
        run = subprocess.run([sys.executable, "-c", code, str(eco)], capture_output=True, text=True, check=True)
        return json.loads(run.stdout)

    rules, imported = cold_check("2999-12-31")
    assert not [rule for rule in rules if rule.startswith("schema/")] and imported is False
    rules, imported = cold_check("2999-02-30")
    assert "schema/format" in rules and imported is True


def test_data_layer_schema(eco):
    path = "etc/chittyos/datalayers/chittyledger.yml"
    text = (eco / path).read_text().replace("status: Active", "status: Gone")
    write(eco, path, text, dedent=False)
    (v,) = schema_findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("schema/enum", path, 3, 9)
    assert v.entity == "chittyledger"


@pytest.mark.parametrize("model, text, expected", [
    ("scopes", "scopes:\n  chittyid: identity:mint\n", ("schema/type", 2, 13, "scopes.chittyid: expected a list, found text")),
    ("ontology", "domains: []\ncapabilities: {}\n", ("schema/type", 1, 10, "domains: expected a mapping, found a list")),
    ("access", "roles: {}\ngates: []\nextra: 1\n", ("schema/unknown-field", 3, 1, "extra: unknown field")),
    ("layers", "layers:\n  - {number: one, name: X, category: Core}\n",
     ("schema/type", 2, 14, "layers[0].number: expected a whole number, found text")),
    ("waivers", "waivers: {}\n", ("schema/type", 1, 10, "waivers: expected a list, found a mapping")),
])
def test_every_model_file_is_validated(eco, model, text, expected):
    write(eco, f"etc/chittyos/{model}.yml", text, dedent=False)
    got = [(v.rule, v.line, v.col, v.message) for v in schema_findings(eco) if v.path == f"etc/chittyos/{model}.yml"]
    assert expected in got


def test_a_file_with_countless_mistakes_is_summarised_cheaply(eco):
    """100,000 unknown keys: the first 100 findings of the rule, then one that counts the others (at the first of
    them), so that a file's size cannot drive the check's time (bounded in CPU seconds: stable on a busy machine)."""
    trust(eco, "".join(f"k{number}: 1\n" for number in range(100_000)))
    started = time.process_time()
    found = schema_findings(eco)
    assert time.process_time() - started < 6
    assert len(found) == 101
    assert [v.message for v in found[:2]] == ["k0: unknown field", "k1: unknown field"]
    assert (found[-1].rule, found[-1].line, found[-1].col, found[-1].message) == (
        "schema/unknown-field", 107, 1,
        "99,900 more findings of this rule in this file are not listed (at most 100 are); the first: k100: unknown field")


def test_the_summary_counts_findings_of_one_rule_across_a_file(eco):
    """Missing fields and unknown ones count apart; the cap is per rule."""
    trust(eco, "".join(f"k{number}: 1\n" for number in range(101)), base=BASE.replace("category: Foundation\n", ""))
    found = schema_findings(eco)
    assert [(v.rule, v.message) for v in found if not v.message.startswith("k")][:1] == [
        ("schema/required", "category: required field is missing")]
    assert len(found) == 102
    assert found[-1].message == "1 more finding of this rule in this file is not listed (at most 100 are); the first: k100: unknown field"


def test_the_fast_validator_of_a_draft_07_schema_agrees_with_the_detailed_one(tmp_path):
    """A draft-07 schema's quick validator only tells a valid document from an invalid one (its code raises bare
    exceptions, `const` included); the findings of an invalid one come from the detailed validator."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["status"],
              "properties": {"status": {"type": "string", "enum": ["Planned", "Live"]},
                             "url": {"type": "string", "format": "uri"}},
              "allOf": [{"if": {"properties": {"status": {"const": "Live"}}}, "then": {"required": ["url"]}},
                        {"not": {"properties": {"url": {"const": "https://x.invalid/"}}, "required": ["url"]}}]}
    write(tmp_path, "s.schema.json", json.dumps(schema), dedent=False)
    compiled, problems = schema_rule.compile_schema(loader.load(tmp_path, "s.schema.json").document)
    assert problems == [] and compiled is not None and compiled.quick is not None
    for data, valid in [({"status": "Planned"}, True), ({"status": "Live", "url": "https://a.chitty.cc"}, True),
                        ({"status": "Live"}, False), ({"status": "Gone"}, False), ({}, False),
                        ({"status": "Live", "url": "not a uri"}, False), ({"status": "Live", "url": "https://x.invalid/"}, False)]:
        try:
            compiled.quick(data)
            fast_valid = True
        except Invalid:
            fast_valid = False
        assert fast_valid is valid and (not list(compiled.detailed.iter_errors(data))) is valid, data


# -- the quick validators shipped for the released schemas --------------------------------------------------------

def test_the_shipped_validators_are_what_the_seed_schemas_generate():
    from getchitty.rules import released_validators

    shipped = Path(released_validators.__file__)
    assert schema_rule.released_validators_source() == shipped.read_text(encoding="utf-8"), \
        f"{shipped} is not what the seed's schemas generate: write it again with `make released-validators`"


def test_every_name_the_shipped_code_reads_is_defined():
    """A name the generated code reads but the module does not define fails only on the branch that reads it."""
    import builtins
    import dis
    import types

    from getchitty.rules import released_validators

    def read(code: types.CodeType) -> set[str]:
        names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
        return names.union(*(read(c) for c in code.co_consts if isinstance(c, types.CodeType)))

    functions = [f for f in vars(released_validators).values() if isinstance(f, types.FunctionType)]
    assert len(functions) >= len(released_validators.VALIDATORS)
    read_names = set().union(*(read(f.__code__) for f in functions))
    assert {name for name in read_names if name not in vars(released_validators) and not hasattr(builtins, name)} == set()


def _mutations(data: dict) -> list:
    """The document, and ways to break it: a field dropped, one of another type, one unknown, a text changed."""
    out = [data, {**data, "unknown-field": 1}]
    for key, value in data.items():
        out.append({k: v for k, v in data.items() if k != key})
        out.append({**data, key: 7 if isinstance(value, str) else "text"})
        if isinstance(value, str):
            out.append({**data, key: value + " !"})
    return out


def test_a_shipped_validator_accepts_and_refuses_what_the_compiled_one_does():
    """The repository's sources of every shipped schema, and their mutations: each the same verdict from the shipped
    code as from the code compiled now, from jsonschema-rs (which takes every one) and from the detailed validator."""
    from getchitty.load import load
    from getchitty.model import KINDS, MODEL_FILES
    from getchitty.resources import seed_schema
    from getchitty.rules.schema_refs import SchemaFolder

    sources = {kind.schema: sorted(f"{kind.folder}/{p.name}" for p in (REPO / kind.folder).glob("*.yml"))[:6]
               for kind in KINDS}
    sources.update({model.schema: [model.path] for model in MODEL_FILES if (REPO / model.path).is_file()})

    def verdict(quick, data) -> bool:
        try:
            quick(data)
            return True
        except Invalid:
            return False

    compared = 0
    for name, paths in sources.items():
        schema = seed_schema(name)
        shipped, compiled = schema_rule._shipped(schema), schema_rule._compile_quick(schema, SchemaFolder())
        bulk, detailed = schema_rule._bulk(schema, []), schema_rule.validator(schema)
        assert shipped is not None and compiled is not None and bulk is not None, name
        for path in paths:
            data = load(REPO, path).document.data
            for case in _mutations(data):
                expected = not list(detailed.iter_errors(case))
                assert verdict(shipped, case) is verdict(compiled, case) is bulk(case) is expected, (name, path, case)
                compared += 1
    assert compared > 200


def test_a_check_compiles_only_a_schema_that_is_not_as_released(eco, monkeypatch):
    compiled: list[str] = []
    original = schema_rule._compile_quick
    monkeypatch.setattr(schema_rule, "_compile_quick", lambda schema, folder: compiled.append(schema.get("$id")) or
                        original(schema, folder))
    assert run_check(eco, use_cache=False).violations == ()
    assert compiled == []
    _custom_schema(eco, "getchitty-service", lambda s: s["properties"]["license"].update({"const": "Apache-2.0"}))
    trust(eco, "license: MIT\n")
    assert [v.rule for v in findings(eco)] == ["schema/const"]
    assert compiled == ["https://get.chitty.cc/schemas/getchitty-service.schema.json"]
