"""The read model follows the schemas it publishes, file by file, also where waivers accept what the schemas
refuse: a waived finding lets a manifest be published, never the published JSON break its own contract."""

from __future__ import annotations

import json

import pytest
from engine_support import TRUST_MANIFEST, run_check, write
from jsonschema import Draft202012Validator, FormatChecker

from getchitty.render import API_FILES, render_site

WAIVED_SCHEMA_FINDINGS = {
    "no entity_type": TRUST_MANIFEST.replace("entity_type: Service\n", ""),
    "values of the wrong type": TRUST_MANIFEST + "version: 3\nlicense: [MIT]\naliases: chittytrustee\nexposes: yes\n",
}


def validate_read_model(assets: dict[str, str]) -> int:
    schemas = {path.removeprefix("schemas/"): json.loads(text) for path, text in assets.items() if path.startswith("schemas/")}
    checked = 0
    for path, text in sorted(assets.items()):
        if not path.startswith("api/"):
            continue
        (file,) = [f for f in API_FILES if f.matches(path)]
        schema = schemas[file.schema]
        Draft202012Validator.check_schema(schema)
        errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(json.loads(text)), key=str)
        assert not errors, (path, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])
        checked += 1
    return checked


@pytest.mark.parametrize("manifest", list(WAIVED_SCHEMA_FINDINGS.values()), ids=list(WAIVED_SCHEMA_FINDINGS))
def test_every_file_follows_its_published_schema_with_schema_findings_waived(eco, manifest):
    write(eco, "etc/chittyos/services/chittytrust.yml", manifest, dedent=False)
    found = {(v.rule, v.field) for v in run_check(eco).violations}
    assert found and all(rule.startswith("schema/") for rule, _ in found)
    write(eco, "etc/chittyos/waivers.yml", "waivers:\n" + "".join(
        f"  - {{rule: {rule}, entity: chittytrust, field: {field_ or 'null'}, reason: Being fixed., owner: \"@chittyos/platform\","
        f" expires: '2999-01-01'}}\n" for rule, field_ in sorted(found, key=str)), dedent=False)
    result = run_check(eco)
    assert not result.failed(strict=True), [v.location + " " + v.rule for v in result.violations if not v.waived]
    site = render_site(result)
    assert validate_read_model(site.assets) > 5
    assert json.loads(site.assets["api/services/chittytrust.json"])["entity_type"] == "Service"


def test_the_clean_fixture_follows_its_published_schemas(eco):
    assert validate_read_model(render_site(run_check(eco)).assets) > 5
