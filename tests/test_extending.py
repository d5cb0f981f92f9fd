"""A new optional field in a schema reaches the JSON read model and the page with no Python change."""

from __future__ import annotations

import json

from engine_support import TRUST_MANIFEST, run_check, write

from getchitty.render import render_site

SCHEMA = "etc/authority/schema/getchitty-service.schema.json"


def test_a_new_schema_field_is_published(eco):
    path = eco / SCHEMA
    schema = json.loads(path.read_text())
    schema["properties"]["cost_center"] = {"type": "string", "description": "Who pays for it."}
    path.write_text(json.dumps(schema, indent=2))
    write(eco, "etc/chittyos/services/chittytrust.yml", TRUST_MANIFEST + "cost_center: CC-1042\n", dedent=False)
    result = run_check(eco)
    assert not result.failed(strict=True), [v.location for v in result.violations]
    site = render_site(result)
    assert json.loads(site.assets["api/services/chittytrust.json"])["cost_center"] == "CC-1042"
    assert "| cost&#95;center | CC&#45;1042 |" in site.pages["service/chittytrust.md"]


def test_an_unknown_field_is_still_refused(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", TRUST_MANIFEST + "cost_center: CC-1042\n", dedent=False)
    assert [v.rule for v in run_check(eco).violations] == ["schema/unknown-field"]
