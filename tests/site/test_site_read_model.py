"""The JSON read model published with the site: /api/… and /schemas/…, parsed and checked."""

from __future__ import annotations

import json
from datetime import date, timedelta

from site_support import REPO

pytest_plugins = ["site_fixtures"]

NAMES = ["chittyauth", "chittyid", "chittymonitor", "chittysync", "chittytrust"]  # services; chittyledger is a data layer
SOON = (date.today() + timedelta(days=10)).isoformat()


def test_services_index(site):
    services = site.json("/api/services.json")["services"]
    assert [s["name"] for s in services] == NAMES
    by_name = {s["name"]: s for s in services}
    chittyid = by_name["chittyid"]
    assert {k: chittyid[k] for k in ("name", "entity_type", "category", "layer", "status", "description", "owners",
                                     "tier", "primary_domain", "github_repo", "owner_entity", "depends_on",
                                     "used_by", "page", "api")} == {
        "name": "chittyid", "entity_type": "Service", "category": "Foundation",
        "layer": 1, "status": "Live", "description": "Mints and validates identities.",
        "owners": ["@chittyfoundation/identity"], "tier": "tier1", "primary_domain": "id.chitty.cc",
        "github_repo": "https://github.com/chittyfoundation/chittyid", "owner_entity": "ChittyCorp LLC",
        "depends_on": [], "used_by": ["chittyauth"],
        "page": "/service/chittyid/", "api": "/api/services/chittyid.json",
    }
    assert chittyid["governance_summary"] == {"state": "pass", "errors": 0, "warnings": 0, "waived": 0,
                                              "notices": 0, "passing": 26}
    [ledger] = site.json("/api/datalayers.json")["datalayers"]
    assert (ledger["name"], ledger["entity_type"], ledger["page"], ledger["api"]) == (
        "chittyledger", "DataLayer", "/datalayer/chittyledger/", "/api/datalayers/chittyledger.json")
    assert by_name["chittytrust"]["owner_entity"] == "ChittyCorp LLC"  # the configured default
    assert by_name["chittytrust"]["owner_entity_is_default"] is True
    assert by_name["chittytrust"]["primary_domain"] is None and by_name["chittytrust"]["tier"] is None
    assert {name: s["layer"] for name, s in by_name.items()} == {
        "chittyauth": 2, "chittyid": 1, "chittymonitor": 5, "chittysync": 7, "chittytrust": 1}
    assert by_name["chittyauth"]["used_by"] == ["chittymonitor", "chittysync"]
    for entry in services:  # every summary points at a page and a detail file that exist
        assert site.exists(entry["page"]), entry["page"]
        assert site.exists(entry["api"]), entry["api"]


def test_service_detail(site):
    chittyid = site.json("/api/services/chittyid.json")
    summary = next(s for s in site.json("/api/services.json")["services"] if s["name"] == "chittyid")
    computed = ("name", "layer", "used_by", "page", "api", "owner_entity", "owner_entity_is_default", "governance_summary")
    assert {k: chittyid[k] for k in computed} == {k: summary[k] for k in computed}
    assert {k: chittyid[k] for k in summary if k in chittyid} == {k: v for k, v in summary.items() if k in chittyid}
    assert chittyid["routes"] == {"root": "https://id.chitty.cc/", "api": "https://id.chitty.cc/api",
                                  "health": "https://id.chitty.cc/health"}
    assert chittyid["exposes"] == {"api": True, "health": True}
    assert chittyid["charter_url"] == "https://charter.chitty.cc/chittyid"
    assert chittyid["oncall"] == "@chittyfoundation/identity"
    assert chittyid["runbooks"] == {"deploy": ".github/workflows/deploy.yml", "incident": "Page the identity on-call.",
                                    "rollback": "Redeploy the previous release."}
    assert chittyid["roadmap"] == ["trust-scoring"]
    assert chittyid["governance"] and {g["state"] for g in chittyid["governance"]} == {"pass"}
    assert all(g["findings"] == [] for g in chittyid["governance"])

    auth = site.json("/api/services/chittyauth.json")
    assert auth["webhooks"] == [{"name": "session-revoked", "url": "https://auth.chitty.cc/hooks/revoked"}]


def test_service_detail_shows_waivers(site):
    monitor = site.json("/api/services/chittymonitor.json")
    governance = {g["rule"]: g for g in monitor["governance"]}
    assert governance["canon/required/routes.health"] == {
        "rule": "canon/required/routes.health", "state": "waived", "findings": [{
            "field": "routes.health", "severity": "error",
            "message": "routes.health is missing: Live services must expose a health endpoint",
            "location": "etc/chittyos/services/chittymonitor.yml:9:1",
            "waiver": {"reason": "The health endpoint ships with the next release.", "owner": "@chittyos/platform",
                       "expires": SOON}}]}
    assert governance["canon/pattern/routes.api"]["findings"][0]["waiver"]["expires"] == "2099-12-31"
    assert [rule for rule, g in governance.items() if g["state"] != "pass"] == [
        "canon/pattern/routes.api", "canon/required/routes.health", "waivers/expiring"]
    assert monitor["roadmap"] == ["monitor-health"]


def test_governance_in_json_matches_the_page(site):
    """The JSON and the service page's Governance table list the same rules."""
    from site_support import governance

    for name in ("chittyid", "chittymonitor"):
        url = f"/service/{name}/"
        page = {rule: state for rule, (_, state, _) in governance(site.article(url), url).items()}
        assert page == {g["rule"]: g["state"] for g in site.json(f"/api/services/{name}.json")["governance"]}


def test_datalayer_detail(site):
    ledger = site.json("/api/datalayers/chittyledger.json")
    assert ledger["name"] == "chittyledger" and ledger["entity_type"] == "DataLayer"
    assert ledger["layer"] == 3 and ledger["used_by"] == ["chittysync"]
    assert ledger["owners"] == ["data"]


def test_scopes_json(site):
    assert site.json("/api/scopes.json") == {
        "scopes": {"chittyid": ["identity:mint", "identity:validate"], "chittyauth": ["access:provision"]},
        "required_labels": ["security-approved", "docs-approved", "access-reviewed"],
        "requested_by": {"access:provision": ["chittyauth"], "identity:mint": ["chittyid"],
                         "identity:validate": ["chittyid"]},
    }


def test_schemas_are_published_as_the_authority_has_them(site):
    published = sorted(p.name for p in (site.dir / "schemas").glob("*.json") if not p.name.startswith("api-"))
    assert {"getchitty-service.schema.json", "getchitty-data-layer.schema.json", "getchitty-scopes.schema.json",
            "getchitty-secrets.schema.json", "getchitty-waivers.schema.json"} <= set(published)
    for name in published:
        schema = site.json(f"/schemas/{name}")
        source = json.loads((REPO / "etc" / "authority" / "schema" / name).read_text(encoding="utf-8"))
        assert schema == source, name
        assert schema["$id"].endswith(f"/schemas/{name}"), name
        assert schema["type"] == "object"
    service = site.json("/schemas/getchitty-service.schema.json")
    assert {"service_name", "entity_type", "category", "status", "owners"} <= set(service["required"])
    assert "secrets" in service["properties"]


def test_read_model_holds_no_secret_value(site):
    from getchitty.credentials import looks_like_credential

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    for path in sorted((site.dir / "api").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert not [s for s in strings(data) if looks_like_credential(s)], path
