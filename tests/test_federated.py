"""The federated sources in the engine: snapshots through the file stage, one entity per declared service,
and the federation/*, drift/*, status/*, compliance/* and roadmap/* rules, each failing and passing
with exact locations in local files.

Two trees: the fixture ecosystem with the five real repositories synced offline from
etc/upstream/ecosystem (`sync --mirror`), and a small synthetic ecosystem whose export folders
exercise the status rule and every compliance state.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from engine_support import TODAY, build_eco, cached_files, check, counting_reads, forge_cached_file, located, write
from federation_support import ECOSYSTEM, GITHUB_SOURCES, entry_line, export_folder, federated_tree, run_sync, snapshot_file, write_sources

from getchitty import cache as cache_module
from getchitty import compliance
from getchitty import federated as federated_model
from getchitty import load as loader
from getchitty import status as status_rule
from getchitty.model import PAGE_SLUG, federate, page_slug

SNAP = "etc/federation/snapshot/chittyos"
REGISTRY = "compliance/service-registry.yml"


def of(result, rule: str, entity: str | None = None):
    return [v for v in result.violations if v.rule == rule and (entity is None or v.entity == entity)]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return federated_tree(tmp_path_factory.mktemp("federated") / "repo")


@pytest.fixture(scope="module")
def result(real):
    return check(real, today=TODAY, use_cache=False)


def line_of(root, relpath: str, text: str) -> int:
    return next(n for n, line in enumerate((root / relpath).read_text().splitlines(), 1) if line.startswith(text))


# --- loading --------------------------------------------------------------------------------------------------

def test_without_etc_federation_nothing_is_added(tmp_path):
    root = build_eco(tmp_path / "repo")
    result = check(root, today=TODAY, use_cache=False)
    eco = result.ecosystem
    assert not eco.federation.present and eco.statuses == {} and eco.compliance == {}
    assert all(entity.onboarded for entity in eco.entities.values())
    assert "getchitty-snapshot" not in eco.schemas  # no federation schema is even compiled
    assert not [v for v in result.violations if v.rule.split("/")[0] in ("federation", "drift", "status", "compliance")]


def test_every_snapshot_passes_the_file_stage(result):
    assert not [v for v in result.violations if v.path.startswith("etc/federation/") and v.rule.split("/")[0]
                in ("syntax", "schema", "secrets", "io")]
    assert {"getchitty-snapshot", "getchitty-sources", "getchitty-lock"} <= set(result.ecosystem.schemas)


def test_a_hand_edited_snapshot_gets_schema_findings_at_its_lines(real, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    path = snapshot_file(root, "chittyos/chittysync")
    text = path.read_text()
    line = entry_line(path, ".chittyconnect.yml:6", "tier")
    text = text.replace("- at: .chittyconnect.yml:6\n", "- at: nowhere\n", 1)
    text = text.replace("role: service\n", "role: leader\n", 1)
    path.write_text(text)
    found = [v for v in check(root, today=TODAY, use_cache=False).violations if v.path.endswith("chittysync.yml")
             and v.rule.startswith("schema/")]
    role = line_of(root, f"{SNAP}/chittysync.yml", "role:")
    assert located(found) == [("schema/enum", f"{SNAP}/chittysync.yml", role, 7),
                              ("schema/pattern", f"{SNAP}/chittysync.yml", line, 7)]


@pytest.mark.parametrize("text, rule", [
    ("- just\n- a list\n", "syntax/top-level-type"),
    ("repository: chittyos/chittysync\nfacts: []\n", "schema/required"),
    ("repository: chittyos/chittysync\ncommit: " + "a" * 40 + "\nfacts: 7\n", "schema/type"),
    ("repository: [\n", "syntax/invalid-yaml"),
])
def test_a_broken_snapshot_is_a_finding_not_a_traceback(real, tmp_path, text, rule):
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    snapshot_file(root, "chittyos/chittysync").write_text(text)
    result = check(root, today=TODAY, use_cache=False)
    assert rule in [v.rule for v in result.violations if v.path == f"{SNAP}/chittysync.yml"]
    assert "chittysync" in result.ecosystem.entities  # still registered by the registry snapshot


def test_a_credential_written_into_a_snapshot_is_found_and_never_echoed(real, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    path = snapshot_file(root, "chittyos/chittysync")
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    path.write_text(path.read_text().replace("value: chittysync\n", f"value: {token}\n", 1))
    result = check(root, today=TODAY, use_cache=False)
    [leak] = of(result, "secrets/credential-value")
    assert leak.path == f"{SNAP}/chittysync.yml" and leak.secret
    assert token not in repr(result.violations)


# --- entities -------------------------------------------------------------------------------------------------

def registry_names() -> set[str]:
    data = yaml.safe_load((ECOSYSTEM / "chittyops" / REGISTRY).read_text())
    names = [(org, name) for org, body in data["organizations"].items() for name in body["services"]]
    counts = {name: sum(1 for _, n in names if n == name) for _, name in names}
    return {name if counts[name] == 1 else f"{org.lower()}/{name}" for org, name in names}


def test_every_registered_and_declared_service_is_one_entity(result):
    eco = result.ecosystem
    registrations = {json.loads(p.read_text())["name"] for p in (ECOSYSTEM / "chittyops/registrations").glob("*.json")}
    expected = registry_names() | registrations | {"chittyops"} | set(eco.manifests)
    assert set(eco.entities) == expected
    synthesized = [e for e in eco.entities.values() if not e.onboarded]
    assert {e.name for e in synthesized} == expected - set(eco.manifests)
    assert all(e.data == {} and e.path.startswith("etc/federation/snapshot/") for e in synthesized)
    pages = [e.page for e in eco.entities.values()]
    assert len(pages) == len(set(pages))
    assert all(PAGE_SLUG.match(e.page_name) for e in eco.entities.values())


def test_registry_names_that_repeat_across_organizations_get_one_page_each(result):
    eco = result.ecosystem
    github = {name: eco.entities[name].page for name in eco.entities if name.endswith("/.github")}
    assert github == {"chittyos/.github": "service/chittyos-github.md", "chittycorp/.github": "service/chittycorp-github.md",
                      "chittyfoundation/.github": "service/chittyfoundation-github.md",
                      "chittyapps/.github": "service/chittyapps-github.md",
                      "furnished-condos/.github": "service/furnished-condos-github.md"}
    assert eco.entities["-chittyos"].page == "service/chittyos.md"
    assert eco.entities["get-chitty"].page == "service/get-chitty.md"


@pytest.mark.parametrize("name, slug", [
    (".github", "github"), ("-chittyos", "chittyos"), ("chitty-email-workers", "chitty-email-workers"),
    ("ChittyOS/.github", "chittyos-github"), ("", "service"), ("...", "service"), ("é" * 3, "service"),
    ("a" * 80, "a" * 63), ("x-" * 40, ("x-" * 32).strip("-")),
])
def test_page_slug(name, slug):
    assert page_slug(name) == slug and PAGE_SLUG.match(slug)


def test_manifest_rules_say_nothing_about_a_service_without_a_manifest(result):
    eco = result.ecosystem
    synthesized = {name for name, e in eco.entities.items() if not e.onboarded}
    manifest_rules = ("canon/", "schema/", "identity/", "ownership/", "secrets/", "deps/", "scopes/", "ontology/")
    assert not [v for v in result.violations if v.entity in synthesized and v.rule.startswith(manifest_rules)]
    for name in synthesized:
        rules = {o.rule.id for o in result.governance.entities[name].outcomes}
        assert all(rule.startswith(("federation/", "codeowners/", "drift/", "status/", "compliance/")) for rule in rules), \
            (name, rules)


# --- federation/* ---------------------------------------------------------------------------------------------

def test_a_readers_problem_is_reported_at_its_snapshot_entry_naming_the_upstream_line(real, result):
    path = snapshot_file(real, "chittyos/chittyconnect")
    [finding] = of(result, "federation/codeowners-disagree")
    line = entry_line(path, "CODEOWNERS:12:1", rule="federation/codeowners-disagree")
    assert located([finding]) == [("federation/codeowners-disagree", f"{SNAP}/chittyconnect.yml", line, 3)]
    assert finding.message.endswith("(at chittyos/chittyconnect@24e38cff3cc2:CODEOWNERS:12:1)")
    assert finding.entity == "chittyconnect" and finding.severity.value == "warning"
    [related] = finding.related
    assert (related.path, related.line) == (f"{SNAP}/chittyconnect.yml", entry_line(path, "CODEOWNERS:12", "codeowners_rule"))


def test_a_repository_without_problems_has_no_federation_finding(result):
    assert not [v for v in result.violations if v.rule.startswith("federation/") and v.entity == "chittysync"
                and v.rule != "federation/unknown-dependency"]


def test_unknown_dependency_at_the_charter_row_and_known_through_a_manifest(real, result, tmp_path):
    path = snapshot_file(real, "chittyos/chittysync")
    [schema] = [v for v in of(result, "federation/unknown-dependency", "chittysync") if "ChittySchema" in v.message]
    assert (schema.path, schema.line, schema.col) == (f"{SNAP}/chittysync.yml", entry_line(path, "CHARTER.md:70", "dependency"), 3)
    assert "(at chittyos/chittysync@49763fb6bf43:CHARTER.md:70:1)" in schema.message
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    write(root, "etc/chittyos/services/chittyschema.yml", """\
        service_name: chittyschema
        entity_type: Service
        category: Governance
        status: Planned
        owners: ["@chittyos/platform"]
        """)
    again = check(root, today=TODAY, use_cache=False)
    assert not [v for v in of(again, "federation/unknown-dependency") if "ChittySchema" in v.message]


def test_registry_entries_outside_the_sources_are_notices(result):
    notices = of(result, "federation/registry-repo-not-a-source")
    data = yaml.safe_load((ECOSYSTEM / "chittyops" / REGISTRY).read_text())
    sources = {f"chittyos/{name}" for name in ("chittyops", "chittyconnect", "chittyregistry", "chittysync", "chittymcp")}
    expected = sum(1 for body in data["organizations"].values() for entry in body["services"].values()
                   if entry.get("active") is not False and entry["repo"].lower() not in sources)
    assert len(notices) == expected and {v.severity.value for v in notices} == {"notice"}
    assert not [v for v in notices if v.blocking or v.open_warning]  # a notice never fails a check, not even --strict


def test_a_registry_notice_is_at_the_entrys_repository(real, result):
    registry = snapshot_file(real, "chittyos/chittyops")
    [router] = [v for v in of(result, "federation/registry-repo-not-a-source") if v.entity == "chittyrouter"]
    line = next(n for n, text in enumerate((ECOSYSTEM / "chittyops" / REGISTRY).read_text().splitlines(), 1)
                if text.strip() == "repo: CHITTYOS/chittyrouter")
    assert located([router]) == [("federation/registry-repo-not-a-source", f"{SNAP}/chittyops.yml",
                                  entry_line(registry, f"{REGISTRY}:{line}", "repository"), 3)]
    assert router.message.endswith(f"(at chittyos/chittyops@680f8eefb4fc:{REGISTRY}:{line}:1)")
    assert not [v for v in of(result, "federation/registry-repo-not-a-source") if v.entity == "chittyregistry"]


def test_two_repositories_declaring_one_service_name(tmp_path):
    mirror = tmp_path / "mirror"
    declaration = "service:\n  name: chittytwin\n"
    export_folder(mirror, "chittytwin", {".chittyconnect.yml": declaration})
    export_folder(mirror, "chittycopy", {".chittyconnect.yml": declaration})
    root = federated_tree(tmp_path / "repo", [{"repository": "chittyos/chittytwin"}, {"repository": "chittyos/chittycopy"}],
                          mirror)
    result = check(root, today=TODAY, use_cache=False)
    taken = of(result, "federation/name-taken")
    assert located(taken) == [("federation/name-taken", f"{SNAP}/chittycopy.yml", entry_line(
                                  snapshot_file(root, "chittyos/chittycopy"), ".chittyconnect.yml:2", "name"), 3),
                              ("federation/name-taken", f"{SNAP}/chittytwin.yml", entry_line(
                                  snapshot_file(root, "chittyos/chittytwin"), ".chittyconnect.yml:2", "name"), 3)]
    # a conflict between two other repositories: a warning on the service, which the portal still builds
    assert {v.severity.value for v in taken} == {"warning"} and not result.failed() and result.failed(strict=True)
    assert {v.entity for v in taken} == {"chittytwin"}
    assert "chittyos/chittycopy declares the service chittytwin, which chittyos/chittytwin also declares" in taken[0].message
    assert [r.path for r in taken[0].related] == [f"{SNAP}/chittytwin.yml"]
    alone = federated_tree(tmp_path / "alone", [{"repository": "chittyos/chittytwin"}], mirror)
    assert not of(check(alone, today=TODAY, use_cache=False), "federation/name-taken")


def test_a_repository_too_broken_to_name_its_service_is_still_that_services_problem(tmp_path):
    """Nothing in the repository names its service: its registry entry (found by repository) carries the finding,
    a warning on that entity's page, and `upstream_problems` raises it."""
    mirror = tmp_path / "mirror"
    registry = "organizations:\n  CHITTYOS:\n    services:\n      chittybroken:\n        repo: CHITTYOS/chittybroken\n"
    export_folder(mirror, "miniops", {REGISTRY: registry})
    export_folder(mirror, "chittybroken", {".chittyconnect.yml": "service:\n  name: [chittybroken\n"})
    sources = [{"repository": "chittyos/miniops", "role": "registry"}, {"repository": "chittyos/chittybroken"}]
    root = federated_tree(tmp_path / "repo", sources, mirror)
    assert yaml.safe_load(snapshot_file(root, "chittyos/chittybroken").read_text())["service"] == ""
    result = check(root, today=TODAY, use_cache=False)
    [finding] = of(result, "federation/invalid-chittyconnect")
    assert (finding.entity, finding.severity.value) == ("chittybroken", "warning")
    assert "chittybroken" in result.ecosystem.entities and result.upstream(finding)
    assert [o.state for o in result.governance.entities["chittybroken"].outcomes
            if o.rule.id == "federation/invalid-chittyconnect"] == ["warning"]
    sources_file = root / "etc/federation/sources.yml"
    sources_file.write_text(sources_file.read_text() + "upstream_problems:\n  federation/invalid-chittyconnect: error\n")
    raised = check(root, today=TODAY, use_cache=False)
    assert [v.severity.value for v in of(raised, "federation/invalid-chittyconnect")] == ["error"] and raised.failed()


# --- drift/* --------------------------------------------------------------------------------------------------

def test_chittyregistry_tier_drift_names_both_sources_and_their_lines(real, result):
    own, registry = snapshot_file(real, "chittyos/chittyregistry"), snapshot_file(real, "chittyos/chittyops")
    [drift] = of(result, "drift/tier", "chittyregistry")
    assert located([drift]) == [("drift/tier", f"{SNAP}/chittyregistry.yml", entry_line(own, ".chittyconnect.yml:9", "tier"), 3)]
    assert drift.field == "tier" and drift.severity.value == "warning"
    for upstream in ("chittyos/chittyregistry@0ae32e045c1c:.chittyconnect.yml:9", "chittyos/chittyregistry@0ae32e045c1c:CHARTER.md:4",
                     "chittyos/chittyops@680f8eefb4fc:compliance/service-registry.yml:86"):
        assert upstream in drift.message
    assert re.search(r"2 \(.*\) vs 1 \(", drift.message)
    assert [(r.path, r.line) for r in drift.related] == [
        (f"{SNAP}/chittyregistry.yml", entry_line(own, "CHARTER.md:4", "tier")),
        (f"{SNAP}/chittyops.yml", entry_line(registry, f"{REGISTRY}:86", "tier"))]


def test_sarif_carries_the_other_statements_as_related_locations(result):
    from getchitty.report import FORMATTERS

    log = json.loads(FORMATTERS["sarif"](list(result.violations), result.rules))
    [drift] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "drift/tier"
               and "chittyregistry:" in r["message"]["text"]]
    related = [(loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
               for loc in drift["relatedLocations"]]
    assert [uri for uri, _ in related] == [f"{SNAP}/chittyregistry.yml", f"{SNAP}/chittyops.yml"]


def test_chittyconnect_category_drift_names_both_locations(real, result):
    own = snapshot_file(real, "chittyos/chittyconnect")
    [drift] = of(result, "drift/category", "chittyconnect")
    assert (drift.path, drift.line) == (f"{SNAP}/chittyconnect.yml", entry_line(own, "CHARTER.md:17", "category"))
    assert "Platform (chittyos/chittyconnect@24e38cff3cc2:CHARTER.md:17" in drift.message
    assert "Core (chittyos/chittyconnect@24e38cff3cc2:authority/services/chittyconnect.json:4)" in drift.message
    assert f"{SNAP}/chittyconnect.yml" == drift.related[-1].path


def test_one_finding_per_service_and_field(result):
    keys = [(v.entity, v.rule) for v in result.violations if v.rule.startswith("drift/")]
    assert len(keys) == len(set(keys))
    [owners] = of(result, "drift/path_owners", "chittyconnect")
    assert "and " in owners.message and "more" in owners.message  # the items beyond the first three are counted


def test_sources_that_agree_give_no_drift(result):
    assert not of(result, "drift/tier", "chittyconnect")  # 2 in its configuration, charter, badge and the registry
    assert not of(result, "drift/domain")


def test_a_manifest_that_disagrees_is_the_located_statement(real, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    manifest = "etc/chittyos/services/chittysync.yml"
    write(root, manifest, (root / manifest).read_text() + "tier: 4\n", dedent=False)
    [drift] = of(check(root, today=TODAY, use_cache=False), "drift/tier", "chittysync")
    assert located([drift]) == [("drift/tier", manifest, line_of(root, manifest, "tier:"), 7)]
    assert drift.message.startswith("chittysync: tier differs between its sources: 4 (etc/chittyos/services/chittysync.yml)")
    assert len(drift.related) == 3


def test_drift_severity_is_configurable_per_field(real, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(real, root)
    sources = yaml.safe_load((root / "etc/federation/sources.yml").read_text())
    write(root, "etc/federation/sources.yml", yaml.safe_dump({**sources, "drift": {"tier": "error"}}, sort_keys=False), dedent=False)
    result = check(root, today=TODAY, use_cache=False)
    assert {v.severity.value for v in of(result, "drift/tier")} == {"error"}
    assert {v.severity.value for v in of(result, "drift/category")} == {"warning"}
    write(root, "etc/federation/sources.yml", yaml.safe_dump({**sources, "drift": {"tier": "fatal"}}), dedent=False)
    assert of(check(root, today=TODAY, use_cache=False), "schema/enum")


# --- a synthetic ecosystem: statuses and every compliance state ----------------------------------------------------

MINI_REGISTRY = """\
compliance_profiles:
  cloudflare-worker:
    connect: required
    canon: optional
    health_endpoint: required
  tool:
    connect: required
    health_endpoint: not_applicable
organizations:
  CHITTYOS:
    services:
      chittydemo:
        repo: CHITTYOS/chittydemo
        tier: 2
        type: cloudflare-worker
        domain: demo.chitty.cc
        active: true
      chittyhalf:
        repo: CHITTYOS/chittyhalf
        tier: 3
        type: cloudflare-worker
        domain: half.chitty.cc
        active: true
      chittygone:
        repo: CHITTYOS/chittygone
        type: cloudflare-worker
        active: false
      chittytool:
        repo: CHITTYOS/chittytool
        type: tool
        active: true
      chittyremote:
        repo: CHITTYOS/chittyremote
        tier: 4
        type: cloudflare-worker
        domain: remote.chitty.cc
        active: true
"""
MINI_CHECKS = """\
checks:
  connect:
    name: Connect
    description: Connected to the broker
    file_checks:
      - path: .chittyconnect.yml
        required: true
    config_checks:
      - field: onboarding.endpoint
        in_file: .chittyconnect.yml
        description: Onboarding endpoint
  canon:
    name: Canon
    file_checks:
      - path: CLAUDE.md
        required: true
  health_endpoint:
    name: Health
    applicable_when:
      field: type
      condition: equals
      value: cloudflare-worker
    runtime_checks:
      - endpoint: "https://{domain}/health"
"""


def connect(name: str, *, onboarding: bool) -> str:
    return (f"service:\n  name: {name}\n  domains:\n    production: {name[6:]}.chitty.cc\n"
            + ("onboarding:\n  endpoint: https://get.chitty.cc/api/onboard\n" if onboarding else "")
            + "monitoring:\n  health:\n    endpoint: /health\n")


ROUTE = '{\n  "name": "w",\n  "routes": [{"pattern": "%s.chitty.cc/*", "zone_name": "chitty.cc"}]\n}\n'


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    base = tmp_path_factory.mktemp("mini")
    mirror = base / "mirror"
    export_folder(mirror, "miniops", {REGISTRY: MINI_REGISTRY, "compliance/checks.yml": MINI_CHECKS})
    export_folder(mirror, "chittydemo", {".chittyconnect.yml": connect("chittydemo", onboarding=True),
                                         "wrangler.jsonc": ROUTE % "demo", "CODEOWNERS": "* @CHITTYOS/demo-team\n"})
    export_folder(mirror, "chittyhalf", {".chittyconnect.yml": connect("chittyhalf", onboarding=False)})
    export_folder(mirror, "chittylive", {".chittyconnect.yml": connect("chittylive", onboarding=True),
                                         "wrangler.jsonc": ROUTE % "live"})
    sources = [{"repository": "chittyos/miniops", "role": "registry"},
               *({"repository": f"chittyos/{name}"} for name in ("chittydemo", "chittyhalf", "chittylive"))]
    root = federated_tree(base / "repo", sources, mirror)
    manifest = "etc/chittyos/services/chittytrust.yml"
    write(root, manifest, (root / manifest).read_text() + "board:\n  status: Planned\n  label: PLANNED\n  layer: 1\n", dedent=False)
    write(root, "etc/chittyos/roadmap.yml", """\
        items:
          - id: owned
            title: An owned gap
            gap: Something is missing.
            action: Add it.
            status: open
            owner: "@chittyos/platform"
            target: "2026-01-31"
          - id: unowned
            title: A gap nobody took
            gap: Something else is missing.
            action: Add it too.
            status: open
            owner: no owner yet
          - id: undated
            title: An owned gap without a date
            gap: A third thing.
            action: Do it.
            status: in-progress
            owner: "@chittyos/docs"
          - id: finished
            title: A finished gap
            gap: Was missing.
            action: Added.
            status: done
        """)
    return root


@pytest.fixture(scope="module")
def mini_result(mini):
    return check(mini, today=TODAY, use_cache=False)


@pytest.mark.parametrize("name, status, row", [
    ("chittygone", "Deprecated", 1),
    ("chittydemo", "Active", 2),
    ("chittylive", "Live", 3),
    ("chittytool", "Registered", 4),
    ("chittyhalf", "Registered", 4),  # its repository shows no deployment, and the registry still lists it
    ("chittyremote", "Registered", 4),
    ("chittytrust", "Planned", 7),  # the board's Planned is history, and nothing else speaks for it
    ("chittyauth", "Planned", 7),
])
def test_statuses_by_the_rows_of_the_status_rule(mini_result, name, status, row):
    """Every row, on services shaped like the real ones, is in tests/test_status.py; these are the mini tree's."""
    decision = mini_result.ecosystem.statuses[name]
    assert (decision.status, decision.branch) == (status, row), decision.reason
    if not mini_result.ecosystem.entities[name].onboarded:
        assert mini_result.ecosystem.entities[name].status == status


def test_status_evidence_names_its_sources_and_dates(mini_result):
    decision = mini_result.ecosystem.statuses["chittydemo"]
    used = {e.label: e.claim.source for e in decision.evidence if e.claim is not None}
    assert used["registry: active"] == f"chittyos/miniops@{'ab' * 6}:{REGISTRY}:17"
    assert used["production domain (own repository)"] == f"chittyos/chittydemo@{'ab' * 6}:.chittyconnect.yml:4"
    assert used["health route (own repository)"] == f"chittyos/chittydemo@{'ab' * 6}:.chittyconnect.yml:9"
    assert used["production route (own Wrangler configuration)"] == f"chittyos/chittydemo@{'ab' * 6}:wrangler.jsonc:3"
    assert {e.claim.date for e in decision.evidence if e.claim is not None} == {"2026-08-01"}
    assert {e.label for e in decision.evidence if e.decides} == {"registry: active",
                                                                 "production route (own Wrangler configuration)"}


def test_status_evidence_fails_where_a_manifest_says_otherwise_and_passes_where_it_agrees(mini, mini_result):
    manifest = "etc/chittyos/services/chittyauth.yml"
    [finding] = of(mini_result, "status/evidence", "chittyauth")
    assert located([finding]) == [("status/evidence", manifest, line_of(mini, manifest, "status:"), 9)]
    assert finding.message == ("status is Active, but the status rule gives Planned (row 7: no source read meets "
                               "any other condition: there is only a description (a manifest here, or the January "
                               "board, kept as history))")
    assert not of(mini_result, "status/evidence", "chittytrust")  # Planned, as the board's history says


def test_compliance_states(mini_result):
    states = {name: {r.dimension.id: r.state for r in results} for name, results in mini_result.ecosystem.compliance.items()
              if results}
    assert states["chittydemo"] == {"connect": "passed", "canon": "not checked offline", "health_endpoint": "not checked offline"}
    assert states["chittyhalf"] == {"connect": "failed", "canon": "not checked offline", "health_endpoint": "not checked offline"}
    assert states["chittyremote"] == dict.fromkeys(("connect", "canon", "health_endpoint"), "not checked (repository not a source)")
    assert states["chittytool"] == {"connect": "not checked (repository not a source)", "canon": "not applicable",
                                    "health_endpoint": "not applicable"}
    assert "chittylive" not in states  # not in the registry: no type, no profile


def test_a_required_dimension_that_fails_is_a_finding_in_the_snapshot(mini, mini_result):
    [finding] = of(mini_result, "compliance/connect")
    path = "etc/federation/snapshot/chittyos/chittyhalf.yml"
    assert located([finding]) == [("compliance/connect", path, line_of(mini, path, "files:"), 1)]
    assert finding.entity == "chittyhalf" and finding.field == "connect" and finding.severity.value == "warning"
    assert "Onboarding endpoint: .chittyconnect.yml declares no onboarding.endpoint" in finding.message
    assert f"chittyos/chittyhalf@{'ab' * 6}" in finding.message
    [profile] = finding.related
    assert profile.path == "etc/federation/snapshot/chittyos/miniops.yml"
    assert "compliance/connect" in mini_result.rules
    # a dimension is never shown as passed when a probe is needed: no "pass" outcome for health_endpoint
    assert not [o for o in mini_result.governance.entities["chittydemo"].outcomes if o.rule.id == "compliance/health_endpoint"]
    assert [o.state for o in mini_result.governance.entities["chittydemo"].outcomes if o.rule.id == "compliance/connect"] == ["pass"]


def test_roadmap_items_without_an_owner_or_a_date_are_reported(mini, mini_result):
    path = "etc/chittyos/roadmap.yml"
    lines = (mini / path).read_text().splitlines()
    owner = next(n for n, line in enumerate(lines, 1) if "owner: no owner yet" in line)
    undated = next(n for n, line in enumerate(lines, 1) if '"@chittyos/docs"' in line)
    assert located(of(mini_result, "roadmap/no-owner")) == [("roadmap/no-owner", path, owner, 12)]
    assert located(of(mini_result, "roadmap/no-target")) == [("roadmap/no-target", path, undated, 12)]
    assert {v.severity.value for v in of(mini_result, "roadmap/no-owner") + of(mini_result, "roadmap/no-target")} == {"notice"}


def test_owners_come_from_codeowners_where_the_repository_is_a_source(mini_result):
    entities = mini_result.ecosystem.entities
    assert entities["chittydemo"].owners == ("@CHITTYOS/demo-team",)
    assert entities["chittyremote"].owners == ()


# --- a large federation: what a check reads only when asked for ----------------------------------------------------

MANIFEST_FOLDERS = ("etc/chittyos/services/", "etc/chittyos/datalayers/")
EDITED = "etc/chittyos/services/chittysync.yml"


def placed(result) -> list[tuple]:
    """Each finding where it points, its related locations too: what a cached check must give as an uncached one."""
    return [(v.rule, v.path, v.line, v.col, v.message, [(r.path, r.line, r.col) for r in v.related])
            for v in result.violations]


def edit_description(root, mark: str) -> None:
    path = root / EDITED
    path.write_text(path.read_text().replace("description: ", f"description: {mark}. ", 1))


def test_a_cached_check_of_a_federated_tree_reads_no_manifest_again(tmp_path, monkeypatch):
    """The federation reads every manifest, so their data is kept with their cache entries: nothing changed, a
    re-check reads none of them, and finds what a check without the cache finds, at the same places."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # a file written just before a check is trusted by the next
    root = federated_tree(tmp_path / "repo")
    check(root, today=TODAY)
    read, parsed = counting_reads(monkeypatch)
    cached = check(root, today=TODAY)
    assert [path for path in read + parsed if path.startswith(MANIFEST_FOLDERS)] == []
    plain = check(root, today=TODAY, use_cache=False)
    assert placed(cached) == placed(plain)
    in_manifests = [v for v in plain.violations if v.path.startswith(MANIFEST_FOLDERS) and v.rule.startswith("drift/")]
    assert in_manifests
    assert {name: (d.status, d.branch, d.reason) for name, d in cached.ecosystem.statuses.items()} == \
        {name: (d.status, d.branch, d.reason) for name, d in plain.ecosystem.statuses.items()}


def test_a_re_check_locates_again_only_in_the_file_that_changed(tmp_path, monkeypatch):
    """After an edit to one manifest the drift and status rules run again over every service, and their findings
    point into the snapshots and the other manifests: what was located in those is kept with their cache entries,
    so only the edited file is composed again to locate in it, and every finding is where a check without the
    cache puts it."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    root = federated_tree(tmp_path / "repo")
    check(root, today=TODAY)
    composed: list[str] = []
    real_tree = loader.Document._tree

    def counting_tree(self):
        if not self._composed:
            composed.append(self.path)
        return real_tree(self)

    monkeypatch.setattr(loader.Document, "_tree", counting_tree)
    for attempt in range(2):
        edit_description(root, f"Edit {attempt}")
        composed.clear()
        cached = check(root, today=TODAY)
        assert set(composed) <= {EDITED}
    assert [v for v in cached.violations if v.rule.startswith("drift/") and any(
        r.path.startswith("etc/federation/snapshot/") for r in v.related)]  # findings that point into snapshots
    assert placed(cached) == placed(check(root, today=TODAY, use_cache=False))


@pytest.mark.parametrize("bad", ["4:2", [4], [0, 3], ["4", "2"], [True, 2]])
def test_positions_of_the_wrong_shape_in_the_cache_file_are_located_again(tmp_path, monkeypatch, isolated_cache, bad):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    root = federated_tree(tmp_path / "repo")
    check(root, today=TODAY)
    (path,) = isolated_cache.glob("*.json")
    forged = 0
    for relpath, row in cached_files(path).items():
        if row[6]:  # what was located in that file: each position replaced
            forge_cached_file(path, relpath, {6: dict.fromkeys(row[6], bad)})
            forged += 1
    assert forged
    edit_description(root, "Edited")
    cached = check(root, today=TODAY)
    assert placed(cached) == placed(check(root, today=TODAY, use_cache=False))


def test_statuses_compliance_and_declarations_are_built_when_first_asked_for(result, monkeypatch):
    eco = result.ecosystem
    name = "chittytrust"
    every_status, its_compliance = dict(eco.statuses), eco.compliance[name]  # what the check decided, asked for now
    asked: list[tuple[str, str]] = []

    def counting(function: str, real):
        def counted(*args):
            asked.append((function, args[-1].path if function == "_curated" else args[-1]))
            return real(*args)
        return counted

    for module, function in ((federated_model, "_curated"), (status_rule, "decide"), (compliance, "evaluate")):
        monkeypatch.setattr(module, function, counting(function, getattr(module, function)))
    documents = {page: eco.entity_of(card).document for page, card in eco.pages.items()}
    federation = federated_model.build(present=True, snapshots=eco.federation.snapshots, manifests=documents,
                                       sources_document=eco.federation.sources_document, tiers_document=None)
    synthesized, statuses, checked = federate(tuple(eco.pages), federation)
    # only the services without a manifest are decided at once: whether each gets a page depends on it
    assert asked and {function for function, _ in asked} == {"decide"}
    assert {name for _, name in asked} == set(federation.declared) - set(eco.pages)
    asked.clear()
    assert statuses[name] == every_status[name] and checked[name] == its_compliance
    assert asked == [("decide", name), ("_curated", eco.pages[name].path), ("evaluate", name)]
    assert dict(statuses) == every_status and list(statuses) == list(every_status)


# --- sync --mirror ----------------------------------------------------------------------------------------------

def test_mirror_records_the_real_repositories_and_commits(real):
    lock = json.loads((real / "etc/federation/sources.lock.json").read_text())["sources"]
    for name in ("chittyops", "chittyconnect", "chittyregistry", "chittysync", "chittymcp"):
        stamp = yaml.safe_load((ECOSYSTEM / name / ".snapshot").read_text())
        entry = lock[stamp["repository"]]
        assert (entry["commit"], entry["date"], entry["location"], entry["ref"]) == (
            stamp["commit"], str(stamp["date"]), stamp["repository"], "main")
        head = yaml.safe_load(snapshot_file(real, stamp["repository"]).read_text())
        assert (head["commit"], head["date"], head["ref"]) == (stamp["commit"], str(stamp["date"]), "main")
    code, out, _ = run_sync(real, "--mirror", str(ECOSYSTEM))
    assert code == 0 and out.count("  unchanged  ") == 5


def test_a_mirror_that_names_another_repository_fails_that_source_only(tmp_path):
    mirror = tmp_path / "mirror"
    export_folder(mirror, "chittysync", {"CHARTER.md": "# x\n"}, repository="chittyos/someone-else")
    export_folder(mirror, "chittymcp", {"CHARTER.md": "# y\n"})
    root = build_eco(tmp_path / "repo")
    write_sources(root, [{"repository": "chittyos/chittysync"}, {"repository": "chittyos/chittymcp"}])
    code, out, _ = run_sync(root, "--mirror", str(mirror))
    assert code == 2
    assert "FAILED     chittyos/chittysync:" in out and "names chittyos/someone-else, not chittyos/chittysync" in out
    assert "synced     chittyos/chittymcp" in out
    assert not snapshot_file(root, "chittyos/chittysync").exists()
    code, out, _ = run_sync(root, "--mirror", str(tmp_path / "nowhere"))
    assert code == 2 and out.count("FAILED") == 2


def test_github_sources_are_what_the_mirror_sync_uses(real):
    assert yaml.safe_load((real / "etc/federation/sources.yml").read_text()) == {"sources": GITHUB_SOURCES}
