"""The readers on declaration files shaped like real ones (tests/fixtures/upstream_formats/), one test per
format real ChittyOS repositories use: every fact with its value and the line that states it, every problem
at its line, nothing recorded under a wrong name."""

from __future__ import annotations

from pathlib import Path

from federation_support import ECOSYSTEM

from getchitty.federation import reconcile
from getchitty.federation.tree import Snapshot, read_files, read_tree

FORMATS = Path(__file__).resolve().parent / "fixtures" / "upstream_formats"
COMMIT = "c" * 40


def sync(name: str, folder: Path = FORMATS, role: str = "service") -> Snapshot:
    return read_tree(folder / name, f"chittyos/{name}", COMMIT, role=role)


def read(files: dict[str, str]) -> Snapshot:
    return read_files({path: text.encode() for path, text in files.items()}, "chittyos/chittyx", COMMIT)


def facts(snap: Snapshot, field: str, path: str | None = None, subject: str | None = None) -> list[tuple]:
    return [(f.value, f.provenance.location) for f in snap.facts if f.field == field
            and (path is None or f.provenance.path == path) and (subject is None or f.subject == subject)]


def problems(snap: Snapshot, rule: str | None = None) -> list[tuple[str, str, int]]:
    return [(p.rule_id, p.path, p.line) for p in snap.problems if rule is None or p.rule_id == rule]


# --- .chittyconnect.yml: onboarding.provisions ----------------------------------------------------------------

def test_provisions_written_as_a_mapping_are_the_names_turned_on():
    snap = sync("chittyledger")
    assert facts(snap, "onboarding_provisions") == [(["chitty_id", "service_token", "certificate"], ".chittyconnect.yml:15")]
    assert not [u for u in snap.unmapped if "provisions" in u.text]


def test_provisions_written_as_mappings_with_a_name_or_as_one_string():
    assert facts(sync("chittyportal"), "onboarding_provisions") == [(["chitty_id", "service_token"], ".chittyconnect.yml:13")]
    snap = read({".chittyconnect.yml": "service:\n  name: chittyx\nonboarding:\n  provisions: chitty_id, service_token\n"})
    assert facts(snap, "onboarding_provisions") == [(["chitty_id", "service_token"], ".chittyconnect.yml:4")]
    empty = read({".chittyconnect.yml": "service:\n  name: chittyx\nonboarding:\n  provisions: {}\n"})
    assert facts(empty, "onboarding_provisions") == []
    assert [(u.line, u.reason) for u in empty.unmapped] == [(4, "names no provision")]


# --- health routes ------------------------------------------------------------------------------------------

def test_a_health_route_written_as_a_full_url_is_its_path():
    snap = sync("chittyledger")
    assert facts(snap, "health_route") == [("/health", ".chittyconnect.yml:34"), ("/health", "CHARTER.md:41")]
    assert facts(snap, "endpoint", "CHARTER.md")[0] == ({"path": "/health", "method": "GET", "purpose": "Liveness"},
                                                        "CHARTER.md:41")
    views = reconcile.reconcile([snap], ("health_route",))["chittyledger"]
    assert not [view for view in views.values() if view.disagree]


def test_a_health_route_written_under_monitoring_health_itself():
    assert facts(sync("chittyportal"), "health_route") == [("/healthz", ".chittyconnect.yml:19")]
    snap = read({".chittyconnect.yml": "service:\n  name: chittyx\nmonitoring:\n  health:\n    endpoint: health check\n"})
    assert facts(snap, "health_route") == [] and [u.line for u in snap.unmapped] == [5]


# --- CHARTER.md: Classification --------------------------------------------------------------------------------

def test_a_classification_table_of_fields_and_values():
    snap = sync("chittyledger")
    assert facts(snap, "canonical_uri") == [("chittycanon://core/services/chittyledger", "CHARTER.md:15")]
    assert facts(snap, "tier", "CHARTER.md") == [(3, "CHARTER.md:16")]
    assert facts(snap, "category", "CHARTER.md") == [("Service Layer", "CHARTER.md:16")]
    assert facts(snap, "organization", "CHARTER.md") == [("CHITTYOS", "CHARTER.md:17")]
    assert facts(snap, "domain", "CHARTER.md") == [("ledger.chitty.cc", "CHARTER.md:18")]  # from its URL
    assert [(u.line, u.text) for u in snap.unmapped if u.path == "CHARTER.md"] == [(19, "| **Mascot** | a heron |")]
    assert not problems(snap, "federation/charter-no-classification")


def test_a_classification_table_with_one_column_per_key():
    snap = sync("chittyportal")
    assert facts(snap, "tier", "CHARTER.md") == [(4, "CHARTER.md:7")]
    assert facts(snap, "organization", "CHARTER.md") == [("CHITTYAPPS", "CHARTER.md:7")]
    assert facts(snap, "domain", "CHARTER.md") == [("portal.chitty.cc", "CHARTER.md:7")]
    assert facts(snap, "territory") == [("Global", "CHARTER.md:7")]


def test_a_classification_table_whose_first_row_markdown_takes_for_its_header():
    snap = sync("chittychronicle")
    assert facts(snap, "tier") == [(3, "CHARTER.md:5")]
    assert facts(snap, "organization") == [("CHITTYOS", "CHARTER.md:7")]
    assert facts(snap, "domain") == [("chronicle.chitty.cc", "CHARTER.md:8")]
    assert not problems(snap, "federation/charter-no-classification")


def test_a_one_column_table_under_classification_is_not_mistaken_for_a_row():
    snap = read({"CHARTER.md": "# X\n\n## Classification\n\n| Tier | Notes |\n|---|---|\n| 2 | since 2025 |\n"})
    assert facts(snap, "tier") == [(2, "CHARTER.md:7")]
    assert not problems(snap)


# --- CHARTER.md: Dependencies ------------------------------------------------------------------------------------

def dependencies(snap: Snapshot) -> list[tuple]:
    return [(v["relation"], v["name"], v.get("written_as"), at) for v, at in facts(snap, "dependency")]


def test_a_relationship_column_and_relations_written_as_verbs():
    snap = sync("chittyledger")
    assert dependencies(snap) == [("upstream", "ChittyID", None, "CHARTER.md:29"),
                                  ("upstream", "ChittyAuth", None, "CHARTER.md:30"),
                                  ("downstream", "ChittyFinance", None, "CHARTER.md:31"),
                                  ("other", "ChittyChronicle", "Mirrors", "CHARTER.md:32"),
                                  ("storage", "Neon PostgreSQL", None, "CHARTER.md:33")]
    [unknown] = [p for p in snap.problems if p.rule_id == "federation/charter-unknown-relation"]
    assert (unknown.path, unknown.line) == ("CHARTER.md", 32)
    assert "'Mirrors'" in unknown.message and "ChittyChronicle" in unknown.message


def test_a_direction_column_and_sub_sections_that_give_the_relation():
    assert dependencies(sync("chittychronicle")) == [("upstream", "ChittyConnect", None, "CHARTER.md:14"),
                                                      ("downstream", "ChittyLedger", None, "CHARTER.md:15")]
    assert dependencies(sync("chittyportal")) == [("upstream", "ChittyAuth", None, "CHARTER.md:17"),
                                                   ("upstream", "ChittyID", None, "CHARTER.md:18"),
                                                   ("downstream", "ChittyDashboard", None, "CHARTER.md:24")]


def test_a_type_column_that_names_the_kind_of_dependency():
    text = ("# X\n\n## Classification\n- **Tier**: 2\n\n## Dependencies\n\n| Dependency | Type | Notes |\n|---|---|---|\n"
            "| ChittyAuth | Service | tokens |\n| Cloudflare KV | Cache | sessions |\n| Stripe | External service | billing |\n"
            "| ChittyChat | Integration | messages |\n| ChittyTrust | Required | scores |\n")
    snap = read({"CHARTER.md": text})
    assert [(v["relation"], v["name"]) for v, _ in facts(snap, "dependency")] == [
        ("upstream", "ChittyAuth"), ("storage", "Cloudflare KV"), ("external", "Stripe"), ("peer", "ChittyChat"),
        ("upstream", "ChittyTrust")]
    assert not problems(snap)


def test_a_dependencies_table_without_a_relation_column_is_reported_once():
    text = ("# X\n\n## Classification\n- **Tier**: 2\n\n## Dependencies\n\n| Service | Purpose |\n|---|---|\n"
            "| ChittyID | identity |\n| ChittyAuth | tokens |\n")
    snap = read({"CHARTER.md": text})
    assert problems(snap) == [("federation/charter-dependency-incomplete", "CHARTER.md", 8)]
    assert "no relation column" in snap.problems[0].message
    assert [v["relation"] for v, _ in facts(snap, "dependency")] == ["unspecified", "unspecified"]


# --- wrangler: Pages projects, environments, the line of each entry ----------------------------------------------

def test_a_pages_project_is_recorded_as_one():
    snap = sync("chittyportal")
    assert facts(snap, "pages_project") == [("chittyportal", "wrangler.toml:2")]
    assert facts(snap, "pages_output_dir") == [("./dist", "wrangler.toml:3")]
    assert facts(snap, "worker_name") == [] and facts(snap, "worker_main") == []


def test_toml_routes_under_env_production_cite_their_own_lines():
    snap = sync("chittyledger")
    routes = [(v["pattern"], v.get("environment"), at) for v, at in facts(snap, "route")]
    assert routes == [("ledger-staging.chitty.cc/*", "staging", "wrangler.toml:13"),
                      ("ledger.chitty.cc/*", "production", "wrangler.toml:19"),
                      ("ledger.chitty.cc", "production", "wrangler.toml:20")]
    assert facts(snap, "custom_domain") == [({"host": "ledger.chitty.cc", "environment": "production"}, "wrangler.toml:20")]
    bindings = [(v["binding"], at) for v, at in facts(snap, "binding")]
    assert bindings == [("LEDGER_KV", "wrangler.toml:7"), ("DB", "wrangler.toml:24"), ("LEDGER_Q", "wrangler.toml:29")]
    assert facts(snap, "worker_name.production") == [("chittyledger-production", "wrangler.toml:17")]


def test_jsonc_entries_cite_the_line_that_names_them_not_the_brace_above():
    snap = sync("chittychronicle")
    assert [at for _, at in facts(snap, "route")] == ["wrangler.jsonc:12"]
    assert [(v["binding"], at) for v, at in facts(snap, "binding")] == [("TIMELINE", "wrangler.jsonc:18"),
                                                                       ("STREAM", "wrangler.jsonc:25")]
    assert [(v["name"], at) for v, at in facts(snap, "secret")] == [("CHRONICLE_SIGNING_KEY", "wrangler.jsonc:33")]
    assert [at for _, at in facts(snap, "tail_consumer")] == ["wrangler.jsonc:41"]
    real = sync("chittyregistry", ECOSYSTEM)
    assert [at for _, at in facts(real, "route")] == ["wrangler.jsonc:39"]  # `"pattern": "registry.chitty.cc/*"`


def test_toml_arrays_over_several_lines_and_multi_line_strings():
    text = ('name = "chittyx"\ndescription = """\nroutes = [ "not.a.route/*" ]\n"""\n'
            'routes = [\n  "a.chitty.cc/*",  # first\n  { pattern = "b.chitty.cc/*", zone_name = "chitty.cc" },\n]\n'
            '[triggers]\ncrons = [\n  "*/5 * * * *",\n  "0 3 * * *",\n]\n')
    snap = read({"wrangler.toml": text})
    assert [(v["pattern"], at) for v, at in facts(snap, "route")] == [("a.chitty.cc/*", "wrangler.toml:6"),
                                                                      ("b.chitty.cc/*", "wrangler.toml:7")]
    assert [(v["schedule"], at) for v, at in facts(snap, "cron")] == [("*/5 * * * *", "wrangler.toml:11"),
                                                                      ("0 3 * * *", "wrangler.toml:12")]


# --- the registry and the secret catalog ----------------------------------------------------------------------------

def test_a_registry_organization_is_cited_where_it_is_stated():
    snap = sync("ecosystem-registry", role="registry")
    organization = {f.subject: (f.value, f.provenance.location) for f in snap.facts if f.field == "organization"}
    registry = "compliance/service-registry.yml"
    assert organization == {"chittyledger": ("CHITTYOS", f"{registry}:6"),  # the key it sits under
                            "chittyportal": ("CHITTYAPPS", f"{registry}:16"),  # its own field
                            "chittychronicle": ("chittyfoundation", f"{registry}:22"),
                            ".github": ("chittyfoundation", f"{registry}:22")}
    registered = {f.subject: f.provenance.line for f in snap.facts if f.field == "registered"}
    assert registered == {"chittyledger": 9, "chittyportal": 15, "chittychronicle": 24, ".github": 29}
    assert facts(snap, "domain", subject="chittyledger") == [("ledger.chitty.cc", f"{registry}:12")]
    assert facts(snap, "repository", subject="chittychronicle") == [("chittyfoundation/chittychronicle", f"{registry}:27")]


def test_catalog_entries_cite_their_name():
    snap = sync("chittyledger")
    assert [(v["name"], at) for v, at in facts(snap, "secret")] == [
        ("NEON_DATABASE_URL", ".github/secret-catalog.json:6"),
        ("CHITTYLEDGER_SERVICE_TOKEN", ".github/secret-catalog.json:11")]


# --- Markdown pages too large to read whole ---------------------------------------------------------------------------

def test_a_huge_page_is_read_up_to_its_limit_and_says_so():
    from getchitty.federation.markdown import MAX_PAGE

    head = "# X Charter\n\n## Classification\n- **Tier**: 2\n\n## Notes\n\n"
    filler = "- a note that nobody reads\n"
    text = head + filler * (MAX_PAGE // len(filler) + 10) + "## Dependencies\n\n| Type | Service |\n|---|---|\n| Upstream | ChittyID |\n"
    snap = read({"CHARTER.md": text})
    assert facts(snap, "tier") == [(2, "CHARTER.md:4")]
    assert facts(snap, "dependency") == []
    [cut] = problems(snap, "federation/unreadable-file")
    first_unread = text[:MAX_PAGE].count("\n") + 1
    assert cut == ("federation/unreadable-file", "CHARTER.md", first_unread)


# --- wrangler: routes set in the Cloudflare dashboard ---------------------------------------------------------

def test_a_comment_that_the_routes_are_set_in_the_dashboard_is_a_fact_at_its_line():
    snap = read({
        "wrangler.toml": 'name = "chittyx"\n# Routes are managed in the Cloudflare dashboard (custom domain x.chitty.cc)\n'
                         'main = "src/index.ts"\n# route = "x.chitty.cc/*"  kept for the record\n',
        "wrangler.jsonc": '{\n  // custom domains: configured in the dashboard, not here\n  "name": "chittyx"\n}\n',
    })
    assert sorted(facts(snap, "dashboard_routes"), key=lambda fact: fact[1]) == [
        ("custom domains: configured in the dashboard, not here", "wrangler.jsonc:2"),
        ("Routes are managed in the Cloudflare dashboard (custom domain x.chitty.cc)", "wrangler.toml:2")]


def test_a_comment_about_the_dashboard_alone_or_routes_alone_is_no_such_fact():
    snap = read({"wrangler.toml": 'name = "chittyx"\n# see the dashboard for metrics\n# routes: none yet\n'
                                  'vars = { NOTE = "routes are in the dashboard" }\n'})
    assert facts(snap, "dashboard_routes") == []


def test_a_pages_project_makes_a_service_one_that_needs_deployment(tmp_path):
    from engine_support import check
    from federation_support import export_folder, federated_tree

    mirror = tmp_path / "mirror"
    export_folder(mirror, "chittysite", {
        ".chittyconnect.yml": "service:\n  name: chittysite\n  type: service\n",
        "wrangler.toml": 'name = "chittysite"\npages_build_output_dir = "./dist"\n'})
    tree = federated_tree(tmp_path / "repo", [{"repository": "chittyos/chittysite", "ref": "main"}], mirror)
    decision = check(tree, use_cache=False).ecosystem.statuses["chittysite"]
    assert decision.status == "Needs Deployment"
    assert [e.value for e in decision.evidence if e.kind == "worker_configured"] == ["chittysite"]


def test_a_catalog_keyed_by_name_is_read_as_its_entries():
    snap = read({".github/secret-catalog.json": '{\n  "secrets": {\n    "CHITTYX_TOKEN": {"rotation_days": 90},\n'
                                                 '    "NEON_DATABASE_URL": "the database"\n  }\n}\n'})
    assert facts(snap, "secret") == [({"name": "CHITTYX_TOKEN", "rotation_days": 90}, ".github/secret-catalog.json:3"),
                                     ({"name": "NEON_DATABASE_URL", "description": "the database"},
                                      ".github/secret-catalog.json:4")]
    assert problems(snap) == []
    neither = read({".github/secret-catalog.json": '{"secrets": "CHITTYX_TOKEN"}\n'})
    assert problems(neither) == [("federation/invalid-secret-catalog", ".github/secret-catalog.json", 1)]


# --- charter API tables with other column names ------------------------------------------------------------------------

def test_an_api_table_with_a_url_column_and_the_method_written_with_the_path():
    charter = ("# ChittyX Charter\n\n## API Contract\n\n| URL | Description |\n|---|---|\n"
               "| https://x.chitty.cc/api/v1/events | Events |\n| `POST /api/v1/events` | Record one |\n")
    snap = read({"CHARTER.md": charter})
    assert facts(snap, "endpoint") == [({"path": "/api/v1/events", "purpose": "Events"}, "CHARTER.md:7"),
                                       ({"path": "/api/v1/events", "method": "POST", "purpose": "Record one"},
                                        "CHARTER.md:8")]
    assert not snap.unmapped


# --- compliance file checks ----------------------------------------------------------------------------------------

def test_a_codeowners_check_is_met_wherever_github_finds_the_file():
    from getchitty.compliance import PASSED, _file

    check = {"path": "CODEOWNERS"}
    assert _file(check, "owners", frozenset({".github/CODEOWNERS"})).detail == ".github/CODEOWNERS is present"
    assert _file(check, "owners", frozenset({"docs/CODEOWNERS"})).state == PASSED
    assert _file(check, "owners", frozenset({"CODEOWNERS"})).state == PASSED
    assert _file(check, "owners", frozenset({"CHARTER.md"})).detail == "CODEOWNERS is missing"
    assert _file({"path": "CHARTER.md"}, "charter", frozenset({".github/CHARTER.md"})).detail == "CHARTER.md is missing"


def test_numbered_sections_an_endpoints_section_of_list_items_and_a_status_line_under_the_title():
    charter = ("# ChittyX\n\n**Status**: CERTIFIED\n\n## 1. Overview\n\nChittyX turns invoices into entries.\n\n"
               "## 2. Endpoints\n\n### Public\n\n- `GET /health` — liveness\n- POST /v1/invoices: submit one\n\n"
               "## 3. Ownership\n\n- Owner: @chittyos/finance\n")
    snap = read({"CHARTER.md": charter})
    assert facts(snap, "charter.status") == [("CERTIFIED", "CHARTER.md:3")]
    assert facts(snap, "mission") == [("ChittyX turns invoices into entries.", "CHARTER.md:7")]
    assert facts(snap, "endpoint") == [({"path": "/health", "method": "GET", "purpose": "liveness"}, "CHARTER.md:13"),
                                       ({"path": "/v1/invoices", "method": "POST", "purpose": "submit one"},
                                        "CHARTER.md:14")]
    assert facts(snap, "health_route") == [("/health", "CHARTER.md:13")]
    assert facts(snap, "ownership") == [({"role": "Owner", "owner": "@chittyos/finance"}, "CHARTER.md:18")]
    assert not snap.unmapped
    # a Status line further down is some other section's, not the charter's
    later = read({"CHARTER.md": "# ChittyX\n\n## Roadmap\n\n**Status**: planned\n"})
    assert facts(later, "charter.status") == []


def test_a_badge_endpoints_table_is_read_like_the_charters():
    snap = read({"CHITTY.md": "# ChittyX\n\n### Endpoints\n| Path | Method | Purpose |\n|---|---|---|\n"
                              "| `/health` | GET | Service health |\n"})
    assert facts(snap, "endpoint") == [({"path": "/health", "method": "GET", "purpose": "Service health"}, "CHITTY.md:6")]


def test_dependency_bullets_whose_names_say_what_for_in_parentheses():
    charter = ("# ChittyX\n\n## Dependencies\n\n- **Upstream**: ChittyLedger (reads, writes entries), ChittyAuth\n"
               "- **Downstream**: chittyfinance\n")
    snap = read({"CHARTER.md": charter})
    assert [(v["name"], v["service"], v.get("purpose")) for v, _ in facts(snap, "dependency")] == [
        ("ChittyLedger", "chittyledger", "reads, writes entries"), ("ChittyAuth", "chittyauth", None),
        ("chittyfinance", "chittyfinance", None)]


def test_a_service_its_own_repository_declares_is_in_that_repository(tmp_path):
    from engine_support import check
    from federation_support import export_folder, federated_tree

    mirror = tmp_path / "mirror"
    export_folder(mirror, "chittyfoo", {".chittyconnect.yml": "service:\n  name: chittyfoo\n  type: service\n"})
    tree = federated_tree(tmp_path / "repo", [{"repository": "chittyos/chittyfoo", "ref": "main"}], mirror)
    eco = check(tree, use_cache=False).ecosystem
    assert eco.entities["chittyfoo"].github_repo == "https://github.com/chittyos/chittyfoo"
    assert eco.federation.is_source("chittyfoo")


def test_an_endpoint_row_with_several_methods_is_an_endpoint_per_method():
    charter = ("# ChittyX\n\n## API\n\n| Path | Method | Purpose |\n|---|---|---|\n| /api/bars | GET, POST | Bars |\n"
               "| /api/bar | GET/DELETE | One bar |\n| /api/baz | any | Baz |\n")
    snap = read({"CHARTER.md": charter})
    assert [(v["method"], v["path"], at) for v, at in facts(snap, "endpoint")] == [
        ("GET", "/api/bars", "CHARTER.md:7"), ("POST", "/api/bars", "CHARTER.md:7"),
        ("GET", "/api/bar", "CHARTER.md:8"), ("DELETE", "/api/bar", "CHARTER.md:8"), ("ANY", "/api/baz", "CHARTER.md:9")]
