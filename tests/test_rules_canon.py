"""canon/*: the Canon's IF/THEN rules, read from etc/authority/rules.json and the
active profile's rules.json, applied with upstream semantics."""

from __future__ import annotations

import json

import pytest
from engine_support import findings, located, run_check, run_cli

from getchitty.engine import load_canon
from getchitty.load import Reader
from getchitty.violations import Severity

CHITTYID = "etc/chittyos/services/chittyid.yml"
CHITTYAUTH = "etc/chittyos/services/chittyauth.yml"
CHITTYSYNC = "etc/chittyos/services/chittysync.yml"
CHITTYTRUST = "etc/chittyos/services/chittytrust.yml"
RULES = "etc/authority/rules.json"
CONFIG = "etc/authority/config.json"
PROFILE = "etc/profiles/profile.json"


def edit(eco, relpath: str, old: str, new: str) -> None:
    text = (eco / relpath).read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {relpath}"
    (eco / relpath).write_text(text.replace(old, new))


def canon_findings(eco):
    return [v for v in findings(eco) if v.rule.startswith("canon/")]


# --- etc/authority/rules.json ---------------------------------------------------


def test_foundation_live_needs_charter_url(eco):
    edit(eco, CHITTYID, "charter_url: https://charter.chitty.cc/chittyid\n", "")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/charter_url", CHITTYID, 4, 1)  # at the `category` condition
    assert v.message == "charter_url is missing: Foundation services must provide CHARTER.md (charter_url) when Live"
    assert (v.entity, v.field, v.severity) == ("chittyid", "charter_url", Severity.ERROR)
    assert v.hint == ("Add `charter_url` to the manifest (required when category = Foundation and status = Live), "
                      "or record a waiver with an expiry if the gap is known.")


def test_foundation_active_needs_charter_url(eco):
    edit(eco, CHITTYID, "status: Live", "status: Active")
    edit(eco, CHITTYID, "charter_url: https://charter.chitty.cc/chittyid\n", "")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/charter_url", CHITTYID, 4, 1)
    assert v.message.endswith("when Active")


def test_foundation_planned_needs_no_charter(eco):
    """chittytrust is Foundation but Planned: neither charter rule applies."""
    assert "charter_url" not in (eco / CHITTYTRUST).read_text()
    assert findings(eco) == []


def test_empty_value_counts_as_missing(eco):
    edit(eco, CHITTYID, "charter_url: https://charter.chitty.cc/chittyid", 'charter_url: ""')
    got = located(canon_findings(eco))
    assert got == [("canon/required/charter_url", CHITTYID, 25, 1)]  # the key exists: point at it


def test_live_needs_routes_health(eco):
    edit(eco, CHITTYID, "  health: https://id.chitty.cc/health\n", "")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/routes.health", CHITTYID, 21, 1)  # at `routes`
    assert v.message == "routes.health is missing: Live services must expose a health endpoint"
    assert v.field == "routes.health"


def test_active_needs_routes_health(eco):
    """Canon STATUS_MODEL: Active is held to Live requirements (the one rule added to upstream's rules.json)."""
    edit(eco, CHITTYAUTH, ',\n  health: "https://auth.chitty.cc/health"}', "}")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/routes.health", CHITTYAUTH, 11, 1)  # at `routes`
    assert v.message == ("routes.health is missing: "
                         "Active services are held to Live requirements: they must expose a health endpoint")
    assert (v.entity, v.field, v.severity) == ("chittyauth", "routes.health", Severity.ERROR)


def test_live_without_any_routes_points_at_the_condition(eco):
    text = (eco / CHITTYID).read_text()
    start, end = text.index("routes:\n"), text.index("charter_url:")
    (eco / CHITTYID).write_text(text[:start] + text[end:])
    assert located(findings(eco)) == [("canon/required/routes.health", CHITTYID, 5, 1)]  # at `status: Live`


def test_live_with_health_passes(eco):
    assert [v for v in findings(eco) if v.entity == "chittyid"] == []


def test_exposes_openapi_needs_routes_docs(eco):
    edit(eco, CHITTYAUTH, '  docs: "https://auth.chitty.cc/docs",\n', "")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/routes.docs", CHITTYAUTH, 11, 1)
    assert v.message.startswith("routes.docs is missing: If exposes.openapi=true, routes.docs (OpenAPI/Docs) is required")


def test_exposes_openapi_false_needs_no_docs(eco):
    edit(eco, CHITTYAUTH, "exposes: {api: true, openapi: true}", "exposes: {api: true, openapi: false}")
    edit(eco, CHITTYAUTH, '  docs: "https://auth.chitty.cc/docs",\n', "")
    assert findings(eco) == []


def test_exposes_mcp_needs_routes_mcp(eco):
    edit(eco, CHITTYAUTH, "exposes: {api: true, openapi: true}", "exposes: {api: true, openapi: true, mcp: true}")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/routes.mcp", CHITTYAUTH, 11, 1)
    assert v.message == "routes.mcp is missing: If exposes.mcp=true, routes.mcp is required"


def test_exposes_mcp_with_route_passes(eco):
    edit(eco, CHITTYAUTH, "exposes: {api: true, openapi: true}", "exposes: {api: true, openapi: true, mcp: true}")
    edit(eco, CHITTYAUTH, '  docs: "https://auth.chitty.cc/docs",\n',
         '  docs: "https://auth.chitty.cc/docs",\n  mcp: "https://auth.chitty.cc/mcp",\n')
    assert findings(eco) == []


def test_owner_entity_falls_back_to_config(eco):
    """chittyauth, chittysync and chittytrust have no owner_entity; config.json's default covers them."""
    config = json.loads((eco / CONFIG).read_text())
    assert config["default_owner_entity"] == "ChittyCorp LLC"
    assert "owner_entity" not in (eco / CHITTYAUTH).read_text()
    assert findings(eco) == []


def test_owner_entity_without_fallback(eco):
    config = json.loads((eco / CONFIG).read_text())
    del config["default_owner_entity"]
    (eco / CONFIG).write_text(json.dumps(config, indent=2))
    got = findings(eco)
    assert located(got) == [
        ("canon/required/owner_entity", CHITTYAUTH, 1, 1),
        ("canon/required/owner_entity", CHITTYSYNC, 1, 1),
        ("canon/required/owner_entity", CHITTYTRUST, 1, 1),
    ]  # chittyid has its own; the data layer is not a Service
    assert got[0].message == "owner_entity is missing: owner_entity required for domain ownership (fallback allowed via config)"
    assert [v.entity for v in got] == ["chittyauth", "chittysync", "chittytrust"]


def test_empty_fallback_does_not_count(eco):
    (eco / CONFIG).write_text('{"default_owner_entity": ""}\n')
    assert len(findings(eco, "canon/required/owner_entity")) == 3


def test_owner_entity_in_the_manifest_needs_no_fallback(eco):
    (eco / CONFIG).write_text("{}\n")
    for path in (CHITTYAUTH, CHITTYSYNC, CHITTYTRUST):
        with (eco / path).open("a") as handle:
            handle.write("owner_entity: ChittyCorp LLC\n")
    assert findings(eco) == []


def test_no_config_file_means_no_fallback(eco):
    (eco / CONFIG).unlink()
    assert len(findings(eco, "canon/required/owner_entity")) == 3
    assert findings(eco, "io/missing-source") == []  # config.json is optional


# --- the active profile ------------------------------------------------------------


def test_routes_api_pattern(eco):
    edit(eco, CHITTYAUTH, 'api: "https://auth.chitty.cc/api"', 'api: "https://auth.chitty.cc/v1"')
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/pattern/routes.api", CHITTYAUTH, 11, 15)  # the flow-style value
    assert v.message == (r"routes.api 'https://auth.chitty.cc/v1' does not match .*://[a-z0-9-]+\.chitty\.cc/api$: "
                         "API route should follow {name}.chitty.cc/api")
    assert v.field == "routes.api"


def test_primary_domain_pattern(eco):
    edit(eco, CHITTYAUTH, "primary_domain: auth.chitty.cc", "primary_domain: auth.chitty.com")
    assert located(canon_findings(eco)) == [("canon/pattern/primary_domain", CHITTYAUTH, 8, 17)]
    assert canon_findings(eco)[0].message.endswith(": Primary domain must be an *.chitty.cc subdomain")


def test_pattern_ignores_absent_fields(eco):
    """chittytrust has neither routes.api nor primary_domain: the pattern rules have nothing to match."""
    assert findings(eco) == []


def test_profile_rules_only_apply_when_the_profile_is_active(eco):
    edit(eco, CHITTYAUTH, 'api: "https://auth.chitty.cc/api"', 'api: "https://auth.chitty.cc/v1"')
    (eco / PROFILE).unlink()
    assert findings(eco) == []


def test_unknown_profile(eco):
    (eco / PROFILE).write_text('{\n  "active": "nosuch"\n}\n')
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/unknown-profile", PROFILE, 1, 1)
    assert v.message == "profile 'nosuch' has no etc/profiles/nosuch/rules.json"


def test_profile_name_cannot_escape(eco):
    (eco / PROFILE).write_text('{\n  "active": "../../etc"\n}\n')
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/invalid-rule", PROFILE, 2, 13)
    assert v.message == "'active' must name a profile folder under etc/profiles/"


# --- rules are data --------------------------------------------------------------


def add_rule(eco, rule: dict, relpath: str = RULES) -> None:
    document = json.loads((eco / relpath).read_text())
    document["rules"].append(rule)
    (eco / relpath).write_text(json.dumps(document, indent=2) + "\n")


def test_a_new_rule_fires_without_code_change(eco):
    edit(eco, CHITTYSYNC, "status: Needs Deployment", "status: Deprecated")
    assert findings(eco) == []  # nothing shipped asks anything of a Deprecated service
    add_rule(eco, {"if": {"status": "Deprecated"}, "then": {"required": ["deprecation_policy"]},
                   "message": "Deprecated services must publish a deprecation policy"})
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/required/deprecation_policy", CHITTYSYNC, 4, 1)  # at `status`
    assert v.message == "deprecation_policy is missing: Deprecated services must publish a deprecation policy"
    assert v.entity == "chittysync"
    assert run_check(eco).failed()


def test_rules_apply_alike_whatever_the_values_their_conditions_read(eco, monkeypatch):
    """The rules that apply are kept per set of values read: a list where a condition reads is never kept (it
    cannot be), and the findings do not depend on what was kept."""
    from getchitty.rules import canon as canon_rule

    edit(eco, CHITTYSYNC, "status: Needs Deployment", "status: Deprecated")
    edit(eco, CHITTYTRUST, "status: Planned", "status: [Deprecated]")
    add_rule(eco, {"if": {"status": "Deprecated"}, "then": {"required": ["deprecation_policy"]},
                   "message": "Deprecated services must publish a deprecation policy"})
    kept = located(findings(run_check(eco, use_cache=False), "canon/required/deprecation_policy"))
    assert kept == [("canon/required/deprecation_policy", CHITTYSYNC, 4, 1)]
    monkeypatch.setattr(canon_rule, "MAX_MEMO", 0)
    assert located(findings(run_check(eco, use_cache=False), "canon/required/deprecation_policy")) == kept


def test_a_new_pattern_rule_fires(eco):
    add_rule(eco, {"if": {"category": "Core"}, "then": {"pattern": {"github_repo": "^https://github\\.com/chittyfoundation/"}},
                   "message": "Core lives in the foundation org"})
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("canon/pattern/github_repo", CHITTYAUTH, 7, 14)


def test_rule_with_id_and_warning_severity(eco, capsys):
    add_rule(eco, {"id": "canon/health-soon", "severity": "warning", "if": {"status": "Needs Deployment"},
                   "then": {"required": ["routes.health"]}, "message": "Add a health route"})
    (v,) = findings(eco)
    assert (v.rule, v.path, v.severity, v.line, v.col) == ("canon/health-soon", CHITTYSYNC, Severity.WARNING, 4, 1)
    result = run_check(eco)
    assert result.rules["canon/health-soon"].summary == "Add a health route"
    assert run_cli(capsys, "check", str(eco))[0] == 0
    assert run_cli(capsys, "check", "--strict", str(eco))[0] == 1


def test_profile_rule_added_fires(eco):
    add_rule(eco, {"if": {"always": True}, "then": {"required": ["tier"]}, "message": "Every service declares a tier"},
             relpath="etc/profiles/chittyos/rules.json")
    got = located(findings(eco))
    assert got == [
        ("canon/required/tier", CHITTYAUTH, 1, 1),
        ("canon/required/tier", CHITTYSYNC, 1, 1),
        ("canon/required/tier", CHITTYTRUST, 1, 1),
    ]


def test_canon_rules_join_the_catalogue(eco):
    result = run_check(eco)
    rule = result.rules["canon/required/routes.health"]
    assert rule.summary == ("Live services must expose a health endpoint; "
                            "Active services are held to Live requirements: they must expose a health endpoint")
    assert rule.why == ("Canon rule from etc/authority/rules.json: when status = Live, `routes.health` is set. "
                        "Canon rule from etc/authority/rules.json: when status = Active, `routes.health` is set.")


def test_data_layers_are_not_subject_to_canon(eco):
    add_rule(eco, {"if": {"always": True}, "then": {"required": ["github_repo"]}, "message": "repo"})
    assert [v.path for v in findings(eco)] == [CHITTYTRUST]  # not chittyledger.yml


# --- canon/invalid-rule ----------------------------------------------------------


def rules_file(eco, entry: str) -> None:
    (eco / RULES).write_text('{\n  "rules": [\n    ' + entry + '\n  ]\n}\n')


@pytest.mark.parametrize("entry, position, message", [
    ('"always"', (3, 5), "rule 1: expected a mapping"),
    ('{"if": {}, "then": {"required": ["x"]}}', (3, 12), "rule 1: 'if' must be a non-empty mapping of field paths to values"),
    ('{"if": {"always": true}, "then": {}}', (3, 38), "rule 1: 'then' must be a non-empty mapping"),
    ('{"if": {"always": true}, "then": {"forbidden": ["x"]}}', (3, 38),
     "rule 1: unsupported 'then' key(s): forbidden (supported: required, pattern)"),
    ('{"if": {"always": true}, "then": {"required": "tier"}}', (3, 51), "rule 1: 'then.required' must be a list of field paths"),
    ('{"if": {"always": true}, "then": {"required": [""]}}', (3, 51), "rule 1: 'then.required' must be a list of field paths"),
    ('{"if": {"always": true}, "then": {"pattern": ["x"]}}', (3, 50),
     "rule 1: 'then.pattern' must map field paths to regular expressions"),
    ('{"if": {"always": true}, "then": {"pattern": {"tier": "(unclosed"}}}', (3, 59),
     "rule 1: 'then.pattern' for tier: not a valid regular expression (missing ): (unclosed)"),
    ('{"if": {"always": false}, "then": {"required": ["tier"]}}', (3, 23), "rule 1: 'always' must be true"),
    ('{"if": {"always": true}, "then": {"required": ["tier"]}, "severity": "fatal"}', (3, 74),
     "rule 1: 'severity' must be error or warning"),
])
def test_invalid_rule(eco, entry, position, message):
    rules_file(eco, entry)
    (v,) = findings(eco)
    assert (v.rule, v.path, (v.line, v.col), v.message) == ("canon/invalid-rule", RULES, position, message)


def test_rules_not_a_list(eco):
    (eco / RULES).write_text('{\n  "rules": {"if": {}}\n}\n')
    assert located(findings(eco)) == [("canon/invalid-rule", RULES, 2, 12)]
    assert findings(eco)[0].message == "expected a list under 'rules'"


def test_invalid_rule_does_not_stop_the_others(eco):
    rules_file(eco, '"nonsense",\n    {"if": {"status": "Active"}, "then": {"required": ["routes.mcp"]}, "message": "m"}')
    assert located(findings(eco)) == [
        ("canon/invalid-rule", RULES, 3, 5),
        ("canon/required/routes.mcp", CHITTYAUTH, 11, 1),
    ]


def test_invalid_json_rules_file(eco):
    (eco / RULES).write_text('{\n  "rules": [\n    {"if": {"always": true},}\n  ]\n}\n')
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/invalid-json", RULES, 3, 29)
    assert v.message == "Expecting property name enclosed in double quotes"


def test_missing_rules_file_is_reported(eco):
    (eco / RULES).unlink()
    assert located(findings(eco)) == [("io/missing-source", RULES, 1, 1)]


# --- load_canon directly ------------------------------------------------------------


def test_load_canon_ids_and_conditions(eco):
    model, problems = load_canon(Reader(eco))
    assert problems == []
    assert model.profile == "chittyos"
    assert [r.id for r in model.rules] == [
        "canon/required/charter_url", "canon/required/charter_url", "canon/required/routes.health",
        "canon/required/routes.health", "canon/required/routes.docs", "canon/required/routes.mcp",
        "canon/required/owner_entity", "canon/pattern/routes.api", "canon/pattern/primary_domain",
    ]
    assert model.rules[0].conditions == (("category", "Foundation"), ("status", "Live"))
    assert model.rules[2].conditions == (("status", "Live"),)
    assert model.rules[3].conditions == (("status", "Active"),)
    assert model.rules[4].conditions == (("exposes.openapi", True),)
    assert model.rules[6].conditions == ()
    assert model.rules[7].patterns == (("routes.api", r".*://[a-z0-9-]+\.chitty\.cc/api$"),)
    assert [r.source for r in model.rules][-2:] == ["etc/profiles/chittyos/rules.json"] * 2
    assert model.config == {"default_owner_entity": "ChittyCorp LLC", "allow_chain_bootstrap": True}
