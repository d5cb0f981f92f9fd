"""`getchitty import`: an existing ChittyOS repository's governance documents as getchitty sources.

The acceptance tests import the chittyconnect snapshot checked out beside this
repository (etc/upstream/chittyconnect) and require the check to report
what it contradicts at the exact line and column of the written files. The
fixture trees tests/fixtures/import_* cover the variations real pages show:
CRLF line ends, renamed and reordered headings, `—`/`-`/`:` separators, tables,
missing files. Hostile inputs (binary files, links out of the tree, credentials,
unsafe names, random bytes) are generated per test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = REPO / "etc/upstream/chittyconnect"
VARIANTS = REPO / "tests/fixtures/import_variants"
MINIMAL = REPO / "tests/fixtures/import_minimal"
VENV_BIN = REPO / ".venv" / "bin"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from getchitty import cli  # noqa: E402
from getchitty.engine import check  # noqa: E402
from getchitty.federation.governance import names_in as env_names  # noqa: E402
from getchitty.federation.markdown import parse, plain, split_key  # noqa: E402
from getchitty.importer import build_plan  # noqa: E402
from getchitty.importer.services import map_status  # noqa: E402
from getchitty.importer.source import ImportLog  # noqa: E402


def run_import(*args: str) -> tuple[int, str, str]:
    """`getchitty import …` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["import", *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def load(root: Path, relpath: str):
    return yaml.safe_load((root / relpath).read_text(encoding="utf-8"))


def text_at(root: Path, violation) -> str:
    """What the written file holds at a finding's line and column, quotes removed."""
    line = (root / violation.path).read_text(encoding="utf-8").splitlines()[violation.line - 1]
    return line[violation.col - 1:].lstrip("'\"")


def one(result, rule: str, path: str, token: str):
    """The single finding of `rule` in `path` whose position holds `token`."""
    matches = [v for v in result.violations if v.rule == rule and v.path == path
               and text_at(result.ecosystem.root, v).startswith(token)]
    assert len(matches) == 1, (rule, path, token, [(v.rule, v.location, v.message) for v in result.violations])
    return matches[0]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    """The chittyconnect snapshot imported once for the module: (target, exit code, stdout, stderr)."""
    target = tmp_path_factory.mktemp("upstream") / "imported"
    code, out, err = run_import(str(UPSTREAM), "--into", str(target))
    return target, code, out, err


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    target = tmp_path_factory.mktemp("variants") / "imported"
    code, out, err = run_import(str(VARIANTS), "--into", str(target))
    return target, code, out, err


# --- acceptance: the chittyconnect snapshot ----------------------------------------------------------

def test_upstream_import_exits_with_the_checks_code(upstream):
    target, code, out, err = upstream
    assert code == 1, err
    assert err == ""
    assert f"Check of {target}:" in out
    assert "Traceback" not in out + err


def test_upstream_scope_capabilities_missing_from_the_ontology(upstream):
    target = upstream[0]
    result = check(target, use_cache=False)
    for scope in ("connect:orchestrate", "access:broker", "verify:check", "certify:issue"):
        finding = one(result, "scopes/unknown-capability", "etc/chittyos/scopes.yml", scope)
        assert f"capability '{scope.split(':')[1]}'" in finding.message
    # the upstream file is copied unchanged, so its positions are upstream's own
    assert [(v.line, v.col) for v in result.violations if v.rule == "scopes/unknown-capability"] == \
        [(12, 7), (14, 7), (16, 7), (17, 7)]


def test_upstream_scoped_services_without_onboarding_page_are_reported_not_invented(upstream):
    target, _, out, _ = upstream
    result = check(target, use_cache=False)
    for name in ("chittyid", "chittyauth", "chittyverify", "chittycert", "chittyconnect"):
        finding = one(result, "scopes/unknown-service", "etc/chittyos/scopes.yml", name + ":")
        assert finding.entity == name
        assert f"grants scopes to {name}, which has no onboarding page" in out
    assert sorted(p.name for p in (target / "etc/chittyos/services").iterdir()) == ["chittysync.yml"]


def test_upstream_chittysync_secrets_missing_from_the_secrets_model(upstream):
    result = check(upstream[0], use_cache=False)
    path = "etc/chittyos/services/chittysync.yml"
    for name in ("NOTION_API_TOKEN", "GOOGLE_SERVICE_ACCOUNT_JSON"):
        assert one(result, "secrets/not-in-inventory", path, name).entity == "chittysync"
    flagged = {text_at(upstream[0], v) for v in result.violations if v.rule == "secrets/not-in-inventory"}
    assert flagged == {"NOTION_API_TOKEN", "GOOGLE_SERVICE_ACCOUNT_JSON"}  # the model defines the CHITTY_* tokens


def test_upstream_chittysync_placeholder_owners_and_tier(upstream):
    result = check(upstream[0], use_cache=False)
    path = "etc/chittyos/services/chittysync.yml"
    assert one(result, "ownership/placeholder", path, "<team/owners>").entity == "chittysync"
    tier = one(result, "schema/pattern", path, "Platform/Sync")
    assert tier.field == "tier"


def test_upstream_chittysync_manifest(upstream):
    target = upstream[0]
    written = (target / "etc/chittyos/services/chittysync.yml").read_text(encoding="utf-8")
    assert written.splitlines()[0] == "# yaml-language-server: $schema=../../authority/schema/getchitty-service.schema.json"
    assert "# from docs/onboarding/service-chittysync.md:5\nowners:" in written
    data = yaml.safe_load(written)
    assert data["service_name"] == "chittysync"
    assert data["entity_type"] == "Service"
    assert data["owners"] == ["<team/owners>"]
    assert data["tier"] == "Platform/Sync"
    assert data["category"] == "Sync"
    assert data["status"] == "Needs Deployment"
    assert data["ontology"] == ["connect:orchestrate", "access:broker"]
    assert data["secrets"] == ["NOTION_API_TOKEN", "GOOGLE_SERVICE_ACCOUNT_JSON", "CHITTY_AUTH_TOKEN", "CHITTY_REGISTRY_TOKEN"]
    assert "routes" not in data  # the only URL is a planned health route
    assert "https://sync.chitty.cc/health" in data["notes"] and "planned" in data["notes"]
    assert data["exposes"] == {"openapi": False}
    assert data["primary_domain"] == "sync.chitty.cc"
    assert "scopes" not in data  # scopes.yml grants chittysync nothing, and none is invented
    assert data["runbooks"]["rollback"] == "redeploy last known good"


def test_upstream_governance_models(upstream):
    target = upstream[0]
    ontology = load(target, "etc/chittyos/ontology.yml")
    assert list(ontology["domains"]) == ["identity", "access", "registry", "verify", "certify", "connect"]
    assert list(ontology["capabilities"]) == ["mint", "validate", "provision", "audit", "register", "route", "verify", "certify"]
    secrets = load(target, "etc/chittyos/secrets.yml")
    assert list(secrets["secrets"]) == ["CHITTY_AUTH_TOKEN", "CHITTY_REGISTRY_TOKEN", "CHITTY_ID_TOKEN",
                                        "CHITTY_DNA_TOKEN", "CHITTYCONNECT_API_KEY"]
    assert secrets["secrets"]["CHITTYCONNECT_API_KEY"]["kind"] == "ci-credential"
    assert secrets["secrets"]["CHITTY_DNA_TOKEN"]["optional"] is True
    assert secrets["rotation"]["default_days"] == 90
    assert [a["endpoint"] for a in secrets["audit"]] == ["/api/credentials/audit", "/api/credentials/revoke"]
    access = load(target, "etc/chittyos/access.yml")
    assert list(access["roles"]) == ["service-owner", "security", "data", "platform"]
    assert access["roles"]["security"]["team"] == "@chittyos/security"  # from .github/CODEOWNERS
    (gate,) = access["gates"]
    assert gate["paths"] == [".github/workflows/**", "wrangler.toml", "src/auth/**", "etc/chittyos/scopes.yml"]
    assert gate["labels"] == ["security-approved", "docs-approved", "access-reviewed"]
    assert gate["reviewers"] == ["security", "platform"]
    assert access["cadence"][0] == {"review": "Access review for long-lived tokens", "when": "Quarterly"}
    layers = load(target, "etc/chittyos/layers.yml")["layers"]
    assert [(layer["number"], layer["category"]) for layer in layers] == list(enumerate(
        ["Governance", "Foundation", "Core", "Data", "Registry", "Platform", "Domain", "Sync", "Application"]))
    assert load(target, "etc/chittyos/waivers.yml") == {"waivers": []}
    for model in ("ontology", "secrets", "access", "layers", "waivers"):
        first = (target / f"etc/chittyos/{model}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../authority/schema/getchitty-{model}.schema.json"


def test_upstream_files_in_getchitty_format_are_copied_byte_for_byte(upstream):
    target = upstream[0]
    copied = [p for folder in ("etc/authority", "etc/profiles") for p in (UPSTREAM / folder).rglob("*") if p.is_file()]
    copied.append(UPSTREAM / "etc/chittyos/scopes.yml")
    assert len(copied) > 10
    for source in copied:
        relpath = source.relative_to(UPSTREAM)
        assert (target / relpath).read_bytes() == source.read_bytes(), relpath
    for schema in (REPO / "etc/authority/schema").glob("getchitty-*.schema.json"):
        assert (target / "etc/authority/schema" / schema.name).read_bytes() == schema.read_bytes()


def test_upstream_report_lists_what_it_could_not_map_with_source_lines(upstream):
    out = upstream[2]
    written, rest = out.split("Mapping decisions", 1)
    decisions, rest = rest.split("Not mapped", 1)
    unmapped, checked = rest.split("Check of", 1)
    assert "etc/chittyos/services/chittysync.yml" in written and "docs/onboarding/service-chittysync.md" in written
    assert "docs/onboarding/service-chittysync.md:6: tier 'Platform/Sync' is not tier1, tier2 or tier3" in decisions
    assert "docs/onboarding/service-chittysync.md:34: status 'Implemented (TypeScript/Node) but not deployed" in decisions
    assert "mapped to Needs Deployment" in decisions
    assert "docs/onboarding/service-chittysync.md:11: Health https://sync.chitty.cc/health is marked planned" in decisions
    assert "docs/onboarding/service-chittysync.md:20: 'Roles: service-owner, security, platform' not mapped" in unmapped
    assert "docs/onboarding/service-chittysync.md:8: etc/chittyos/scopes.yml has no entry for chittysync" in unmapped
    assert "docs/services/chittysync.md:5: section 'What exists' (3 lines) not mapped" in unmapped
    assert "docs/ontology/CLASSIFICATIONS.md:16: section 'Notation'" in unmapped
    assert "error[scopes/unknown-service]" in checked and "errors," in checked


def test_upstream_import_builds_as_a_site_once_its_findings_are_waived(upstream, tmp_path):
    target = tmp_path / "site-tree"
    shutil.copytree(upstream[0], target)
    waived = [("scopes/unknown-service", name, f"scopes.{name}")
              for name in ("chittyid", "chittyauth", "chittyverify", "chittycert", "chittyconnect")]
    waived += [("scopes/unknown-capability", name, f"scopes.{name}")
               for name in ("chittyverify", "chittycert", "chittyconnect")]
    waived += [("secrets/not-in-inventory", "chittysync", "secrets"), ("ownership/placeholder", "chittysync", "owners"),
               ("schema/pattern", "chittysync", "tier"), ("schema/required", "chittysync", "github_repo"),
               ("ontology/unknown-capability", "chittysync", "ontology")]
    waivers = [{"rule": rule, "entity": entity, "field": field, "reason": "Imported from chittyconnect as it stands.",
                "owner": "@chittyos/security", "expires": "2999-12-31"} for rule, entity, field in waived]
    (target / "etc/chittyos/waivers.yml").write_text(yaml.safe_dump({"waivers": waivers}, sort_keys=False), encoding="utf-8")
    result = check(target, use_cache=False)
    assert not result.errors and not result.warnings, [v.location + " " + v.message for v in result.errors + result.warnings]
    assert len(result.waived) >= 16
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-f", str(target / "mkdocs.yml")],
                           capture_output=True, text=True, env=env, timeout=300)
    assert build.returncode == 0, build.stderr[-4000:]
    assert (target / "site/service/chittysync/index.html").is_file()
    assert "Platform/Sync" in (target / "site/service/chittysync/index.html").read_text(encoding="utf-8")
    assert (target / "site/imported/index.html").is_file()


# --- variations: CRLF, renamed and reordered headings, separators, tables -----------------------------

def test_variant_fixture_really_has_crlf_line_ends():
    raw = (VARIANTS / "docs/onboarding/service-chittyalpha.md").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10


def test_variants_import_without_errors_from_the_importer(variants):
    target, code, out, err = variants
    assert code == 1 and err == "", err
    assert "internal" not in out


def test_crlf_page_with_renamed_headings_em_dash_bullets_and_a_secrets_table(variants):
    data = load(variants[0], "etc/chittyos/services/chittyalpha.yml")
    assert data["service_name"] == "chittyalpha"  # "ChittyAlpha" on the page
    assert data["description"] == "A small identity service used to test the importer."  # trailing space gone
    assert data["owners"] == ["@chittyos/identity", "security"]
    assert data["tier"] == "tier1"  # "Tier 1"
    assert data["category"] == "Core"  # "Layer — Core"
    assert data["status"] == "Live"
    assert data["github_repo"] == "https://github.com/chittyos/chittyalpha"
    assert data["scopes"] == ["identity:mint", "identity:validate"]
    assert data["secrets"] == ["CHITTY_ID_TOKEN", "ALPHA_SIGNING_KEY"]  # from a table, backticks removed
    assert data["routes"] == {"root": "https://alpha.chitty.cc/", "api": "https://alpha.chitty.cc/api",
                              "health": "https://alpha.chitty.cc/health"}
    assert data["exposes"] == {"api": True, "health": True, "docs": False}
    assert "https://alpha.chitty.cc/mcp" in data["notes"]  # planned: a note, not a route
    assert data["runbooks"] == {"deploy": "wrangler deploy", "rollback": "redeploy the previous tag"}
    assert "docs/onboarding/service-chittyalpha.md:38: 'Escalation — page the identity on-call' not mapped" in variants[2]


def test_hyphen_separated_page_with_reordered_sections_and_a_status_note(variants):
    target, _, out, _ = variants
    data = load(target, "etc/chittyos/services/chittybeta.yml")
    assert data["owners"] == ["<team/owners>"]
    assert data["tier"] == "tier3"
    assert data["category"] == "Data"  # from the status note
    assert data["status"] == "Needs Deployment"  # the onboarding page wins over the note
    assert data["scopes"] == ["records:read"]  # the page defers to scopes.yml
    assert data["secrets"] == ["RECORDS_DB_URL", "CHITTY_AUTH_TOKEN", "BETA_WEBHOOK_SECRET"]
    assert data["routes"] == {"docs": "https://beta.chitty.cc/openapi.json", "health": "https://beta.chitty.cc/health"}
    assert data["runbooks"]["incident"] == "page @chittyos/records"
    assert "docs/services/chittybeta.md:3: status here maps to In Progress" in out
    assert "docs/onboarding/service-chittybeta.md:19: 'Mascot - a beta fish' not mapped" in out
    assert "docs/services/chittybeta.md:10: section 'Open questions' (1 line) not mapped" in out
    assert "CODEOWNERS:3 assigns this page to @chittyos/records" in out


def test_upstream_json_manifest_and_orphan_status_note(variants):
    target, _, out, _ = variants
    data = load(target, "etc/chittyos/services/chittygamma.yml")
    assert data == {"service_name": "chittygamma", "entity_type": "Service", "category": "Foundation",
                    "status": "Planned", "owners": ["@chittyos/identity"],
                    "description": "Planned companion to ChittyAlpha.", "scopes": ["identity:mint"]}
    assert "authority/services/chittygamma.json:8: field 'legacy_field' is not part of the getchitty service schema" in out
    assert "docs/services/chittyorphan.md: status note for 'chittyorphan', which has no onboarding page" in out
    assert not (target / "etc/chittyos/services/chittyorphan.yml").exists()


def test_variant_models_from_tables_and_renamed_headings(variants):
    target, _, out, _ = variants
    secrets = load(target, "etc/chittyos/secrets.yml")["secrets"]
    assert list(secrets) == ["CHITTY_ID_TOKEN", "CHITTY_AUTH_TOKEN", "RECORDS_DB_URL", "DEPLOY_TOKEN"]
    assert secrets["DEPLOY_TOKEN"] == {"purpose": "Short-lived deploy credential for CI", "kind": "ci-credential",
                                       "lifetime": "ephemeral"}
    assert secrets["CHITTY_ID_TOKEN"]["kind"] == "service-token"
    assert load(target, "etc/chittyos/secrets.yml")["rotation"]["default_days"] == 60
    assert [s["name"] for s in load(target, "etc/chittyos/secrets.yml")["sources_of_truth"]] == ["1Password", "Wrangler secrets"]
    assert "kind 'database url' of RECORDS_DB_URL is not one of" in out
    ontology = load(target, "etc/chittyos/ontology.yml")
    assert ontology["domains"] == {"identity": {"description": "Identifiers"}, "records": {"description": "Record keeping"}}
    assert list(ontology["capabilities"]) == ["mint", "validate", "read"]
    access = load(target, "etc/chittyos/access.yml")
    assert list(access["roles"]) == ["security", "service-owner"]
    assert access["gates"][0]["labels"] == ["security-approved", "docs-approved"]
    assert access["gates"][0]["reviewers"] == ["security"]
    assert access["cadence"] == [{"review": "Review of CI tokens", "when": "Monthly"},
                                 {"review": "Rotation audit", "when": "Every 90 days"}]
    assert "docs/governance/ACCESS_CONTROL.md:19: section 'Escalation' (1 line) not mapped" in out


def test_variant_findings_point_at_the_written_lines(variants):
    result = check(variants[0], use_cache=False)
    one(result, "secrets/not-in-inventory", "etc/chittyos/services/chittyalpha.yml", "ALPHA_SIGNING_KEY")
    one(result, "secrets/not-in-inventory", "etc/chittyos/services/chittybeta.yml", "BETA_WEBHOOK_SECRET")
    one(result, "ownership/placeholder", "etc/chittyos/services/chittybeta.yml", "<team/owners>")
    assert not [v for v in result.violations if v.rule.startswith(("scopes/", "ontology/", "syntax/", "io/"))]


def test_missing_sources_give_empty_models_that_the_check_reports(tmp_path):
    target = tmp_path / "out"
    code, out, err = run_import(str(MINIMAL), "--into", str(target))
    assert code == 1 and err == ""
    for model in ("scopes", "ontology", "secrets", "access", "layers", "waivers"):
        assert (target / f"etc/chittyos/{model}.yml").is_file()
    assert "no usable source page for the ontology model upstream" in out
    data = load(target, "etc/chittyos/services/chittysolo.yml")
    assert data["status"] == "Planned" and data["category"] == "Application"
    assert data["ontology"] == ["<domain>:<capability>"]  # the template placeholder, kept for the check to flag
    assert data["routes"] == {"root": "https://solo.chitty.cc/", "health": "https://solo.chitty.cc/health"}
    assert "MCP URL https://<service>.chitty.cc/mcp is a template placeholder" in out
    result = check(target, use_cache=False)
    rules = {v.rule for v in result.errors}
    assert {"schema/min-properties", "ontology/malformed", "secrets/not-in-inventory"} <= rules
    assert not any(r.startswith(("io/", "syntax/", "canon/")) for r in rules)


def test_nested_values_and_table_name_columns(tmp_path):
    src = tmp_path / "src"
    write(src, "docs/onboarding/service-chittynest.md", """\
## About
- Service ID: chittynest
- Owners:
  - @chittyos/a
  - @chittyos/b
- Category: Domain
- Status: Active — used daily

## Environment
| Variable | Notes |
| --- | --- |
| NEST_API_KEY | replaces OLD_NEST_KEY |
""")
    target = tmp_path / "out"
    code, out, err = run_import(str(src), "--into", str(target))
    assert code == 1, err
    data = load(target, "etc/chittyos/services/chittynest.yml")
    assert data["owners"] == ["@chittyos/a", "@chittyos/b"]
    assert data["status"] == "Active" and data["category"] == "Domain"
    assert data["secrets"] == ["NEST_API_KEY"]  # OLD_NEST_KEY is in the notes column, not the name column


# --- command line ---------------------------------------------------------------------------------

def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out"
    assert run_import(str(MINIMAL), "--into", str(target))[0] == 1
    manifest = target / "etc/chittyos/services/chittysolo.yml"
    manifest.write_text("edited by hand\n", encoding="utf-8")
    code, out, err = run_import(str(MINIMAL), "--into", str(target))
    assert code == 2 and out == ""
    assert "already exists" in err and "--force" in err and str(target) in err
    assert manifest.read_text(encoding="utf-8") == "edited by hand\n"
    code, _, err = run_import(str(MINIMAL), "--into", str(target), "--force")
    assert code == 1, err
    assert manifest.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_usage_errors_exit_2(tmp_path):
    code, _, err = run_import(str(tmp_path / "missing"))
    assert code == 2 and "is not a directory" in err
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, err = run_import(str(MINIMAL), "--into", str(tmp_path / "afile"))
    assert code == 2 and "is not a directory" in err
    (tmp_path / "out/etc/chittyos/scopes.yml").mkdir(parents=True)
    code, _, err = run_import(str(MINIMAL), "--into", str(tmp_path / "out"), "--force")
    assert code == 2 and "is a directory" in err


def test_never_writes_through_a_link_in_the_target(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    target = tmp_path / "out"
    (target / "etc/chittyos").mkdir(parents=True)
    (target / "etc/chittyos/scopes.yml").symlink_to(victim)
    assert run_import(str(MINIMAL), "--into", str(target))[0] == 2
    assert run_import(str(MINIMAL), "--into", str(target), "--force")[0] == 1
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (target / "etc/chittyos/scopes.yml").is_symlink()


def test_never_writes_through_a_linked_folder_in_the_target(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = tmp_path / "out"
    target.mkdir()
    (target / "etc").symlink_to(elsewhere)
    code, out, err = run_import(str(MINIMAL), "--into", str(target), "--force")
    assert code == 2 and "is a link" in err
    assert not list(elsewhere.iterdir())


def test_default_target_folder_is_named_after_the_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_import(str(MINIMAL))
    assert code == 1
    assert (tmp_path / "imported-import_minimal/etc/chittyos/services/chittysolo.yml").is_file()


def test_json_format_keeps_stdout_machine_readable(tmp_path):
    code, out, err = run_import(str(VARIANTS), "--into", str(tmp_path / "out"), "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert findings["summary"]["errors"] >= 3
    assert "Not mapped" in err


def test_console_script_registers_the_subcommand():
    script = VENV_BIN / "getchitty"
    result = subprocess.run([str(script), "import", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--into" in result.stdout and "--force" in result.stdout


# --- hostile input ---------------------------------------------------------------------------------

def write(root: Path, relpath: str, content: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_credentials_are_never_copied(tmp_path):
    src = tmp_path / "src"
    token = "ghp_" + "A1b2C3d4E5" * 4
    write(src, "docs/onboarding/service-chittyleak.md",
          f"- Service ID: chittyleak\n- Owner(s): {token}\n- Tier: tier2\n- Description: uses key {token} here\n"
          f"- Category: Core\n- Status: Planned\n\nSecrets\n- NOTION_API_TOKEN: secret_{'x1Y2z3' * 8}\n")
    write(src, "etc/authority/config.json", '{"default_owner_entity": "ChittyCorp LLC", "key": "AKIAABCDEFGHIJKLMNOP"}')
    write(src, "docs/governance/SECRETS_MODEL.md", f"Inventory\n- CHITTY_AUTH_TOKEN — value {token}\n")
    target = tmp_path / "out"
    code, out, err = run_import(str(src), "--into", str(target))
    assert code == 1, err
    for path in target.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert token not in text and "AKIAABCDEFGHIJKLMNOP" not in text and "x1Y2z3x1Y2z3" not in text, path
    assert token not in out and "AKIA" not in out
    assert "etc/authority/config.json:1: an AWS access key id is written here" in out
    assert "docs/onboarding/service-chittyleak.md:2: a value that looks like a credential was not copied" in out
    assert load(target, "etc/chittyos/services/chittyleak.yml")["secrets"] == ["NOTION_API_TOKEN"]
    assert not [v for v in check(target, use_cache=False).violations if v.rule == "secrets/credential-value"]


def test_unsafe_names_never_become_paths(tmp_path):
    src = tmp_path / "src"
    write(src, "docs/onboarding/service-chittyok.md", "- Service ID: ../../../../tmp/evil\n- Status: Planned\n")
    write(src, "docs/onboarding/service-Not Safe.md", "- Service ID: ../escape\n")
    write(src, "docs/onboarding/service-x.md", "- Service ID: Chitty-Dash\n")
    write(src, "authority/services/evil.json", '{"service_name": "../../evil", "entity_type": "Service"}')
    target = tmp_path / "out"
    code, out, _ = run_import(str(src), "--into", str(target))
    assert code == 1
    assert sorted(p.name for p in (target / "etc/chittyos/services").iterdir()) == ["chittyok.yml", "x.yml"]
    assert not list(tmp_path.glob("**/evil.yml")) and not list(Path("/tmp").glob("evil*.yml"))
    assert "service ID '../../../../tmp/evil' is not a safe name" in out
    assert "service_name '../../evil' is not a safe name; not imported" in out


def test_unreadable_binary_linked_and_oversized_files_are_reported(tmp_path):
    src = tmp_path / "src"
    outside = write(tmp_path, "outside.md", "- Service ID: chittyoutside\n")
    (src / "docs/onboarding").mkdir(parents=True)
    (src / "docs/onboarding/service-chittylink.md").symlink_to(outside)
    write(src, "docs/onboarding/service-chittybin.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    write(src, "docs/onboarding/service-chittylatin.md", b"- Service ID: chittylatin\n- Owner(s): Jos\xe9\n")
    write(src, "docs/onboarding/service-chittybig.md", "- Service ID: chittybig\n" + "x" * (3 * 1024 * 1024))
    (src / "docs/onboarding/service-chittydir.md").mkdir()
    write(src, "docs/governance/SECRETS_MODEL.md", b"")
    write(src, "etc/chittyos/scopes.yml", "scopes: [unclosed\n")
    target = tmp_path / "out"
    code, out, err = run_import(str(src), "--into", str(target))
    assert code == 1, err
    assert "docs/onboarding/service-chittylink.md: is a link to a place outside the source repository" in out
    assert "docs/onboarding/service-chittybin.md: is a binary file, not text; not read" in out
    assert "docs/onboarding/service-chittylatin.md:2: byte 0xe9 is not valid UTF-8" in out
    assert "docs/onboarding/service-chittybig.md: is 3.0 MiB" in out
    assert "etc/chittyos/scopes.yml:1: does not parse; copied unchanged" in out
    assert "docs/governance/SECRETS_MODEL.md: is empty; nothing to import" in out
    assert load(target, "etc/chittyos/services/chittylatin.yml")["owners"] == ["José"]
    assert not (target / "etc/chittyos/services/chittyoutside.yml").exists()
    result = check(target, use_cache=False)
    assert [v.location for v in result.violations if v.rule == "syntax/invalid-yaml"] == ["etc/chittyos/scopes.yml:1:18"]


PIECES = ["- ", "* ", "  - ", "1. ", "# ", "## ", "**", "`", "|", "| --- |", ":", " — ", " - ", "–", "\r\n", "\n", "\n\n",
          "Service ID", "Owner(s)", "Tier", "Scopes", "Health", "OpenAPI", "Status", "n/a", "(planned)", "<team/owners>",
          "https://x.chitty.cc/health", "CHITTY_AUTH_TOKEN", "Secrets", "Current status", "Roles", "Gates", "Domains",
          "Capabilities", "identity:mint", "../..", "\t", "\ufeff", "é", "```", "---", "===", "[a](b)", "tier9",
          "Platform/Sync", "(", ")", "<", ">", "{", "}", "\"", "'", "service-owner: does", "Changes touching: a/**, b",
          "Require PR labels: x", "Quarterly review", "90-day rotation", "`/api/x` — y", "Category: Sync", "chittyfoo",
          "scopes.yml → chittyfoo", "   ", "\u2011", "\u00a0", "yes", "on", "null", "2024-01-01", "&a", "*a", "!!python"]
FUZZ_FILES = ["docs/onboarding/service-chittyfoo.md", "docs/services/chittyfoo.md", "docs/ontology/CLASSIFICATIONS.md",
              "docs/governance/SECRETS_MODEL.md", "docs/governance/ACCESS_CONTROL.md", "CODEOWNERS",
              "etc/chittyos/scopes.yml", "authority/services/chittyfoo.json",
              ".chittyconnect.yml", "CHARTER.md", "wrangler.jsonc"]  # these make it a service repository


@pytest.mark.parametrize("seed", range(40))
def test_random_documents_never_crash_the_importer(tmp_path, seed):
    rnd = random.Random(seed)
    src = tmp_path / "src"
    for relpath in FUZZ_FILES:
        if rnd.random() < 0.1:
            write(src, relpath, bytes(rnd.randrange(256) for _ in range(rnd.randrange(300))))
        else:
            write(src, relpath, "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(400))))
    log = ImportLog()
    plan = build_plan(src, log)
    assert not [n for n in log.unmapped if n.message.startswith("internal")]
    for relpath, content in plan.files.items():
        if relpath.endswith(".yml") and relpath != "etc/chittyos/scopes.yml":
            assert isinstance(yaml.safe_load(content), dict), relpath
    if seed % 8 == 0:  # the whole command, check included, on some of them
        code, out, err = run_import(str(src), "--into", str(tmp_path / "out"))
        assert code in (0, 1), err
        assert "Traceback" not in out + err


# --- units -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, status", [
    ("Implemented (TypeScript/Node) but not deployed; see docs/services/chittysync.md", "Needs Deployment"),
    ("Implemented (TypeScript/Node), not yet deployed; Cloudflare Workers target", "Needs Deployment"),
    ("COMPLETE (NOT DEPLOYED)", "Needs Deployment"),
    ("Live at id.chitty.cc; MCP planned", "Live"),
    ("Active", "Active"),
    ("in progress", "In Progress"),
    ("NOT IMPLEMENTED", "Planned"),
    ("Deprecated — replaced by chittyauth", "Deprecated"),
    ("Implemented", None),
    ("", None),
])
def test_status_mapping(text, status):
    assert map_status(text) == status


@pytest.mark.parametrize("line, pair", [
    ("Service ID: chittysync", ("Service ID", "chittysync")),
    ("**Owner(s)** — <team/owners>", ("Owner(s)", "<team/owners>")),
    ("Tier - tier2", ("Tier", "tier2")),
    ("Tier–tier2", ("Tier", "tier2")),
    ("Health: https://sync.chitty.cc/health (planned)", ("Health", "https://sync.chitty.cc/health (planned)")),
    ("https://sync.chitty.cc/health", None),
    ("break-glass review within 48h", None),
])
def test_key_value_separators(line, pair):
    assert split_key(line) == pair


def test_markdown_reader_headings_nesting_and_line_numbers():
    page = parse("x.md", "# Title\r\n\r\nSummary\r\n- A: 1\r\n  - B: 2\r\n**Endpoints**\r\n- C — 3  \r\n\r\n"
                         "## Secrets\r\n| N | P |\r\n|---|---|\r\n| `X_Y` | z |\r\n")
    assert [(s.title, s.line) for s in page.sections] == [("Title", 1), ("Summary", 3), ("Endpoints", 6), ("Secrets", 9)]
    summary = page.sections[1].items[0]
    assert (summary.line, summary.text, summary.children[0].line, summary.children[0].text) == (4, "A: 1", 5, "B: 2")
    assert page.sections[2].items[0].text == "C — 3"
    row = page.sections[3].items[0]
    assert (row.line, row.cells, row.header) == (12, ("X_Y", "z"), ("n", "p"))


def test_inline_markdown_and_env_names():
    assert plain("see `src/auth/**` and **bold** [docs](https://x.chitty.cc/docs)") == \
        "see src/auth/** and bold docs (https://x.chitty.cc/docs)"
    assert env_names("`CHITTY_AUTH_TOKEN`, CHITTY_ID_TOKEN (optional), VERIFY/CERTIFY tokens, API, JSON") == \
        ["CHITTY_AUTH_TOKEN", "CHITTY_ID_TOKEN"]


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_a_file_name_never_becomes_yaml(tmp_path, brk):
    """Names reach the written files only inside comments and quoted scalars: a line break in a file name
    cannot start a key of its own."""
    src = tmp_path / "src"
    name = f"service-chittyx{brk}evil: injected{brk}#.md"
    write(src, f"docs/onboarding/{name}", "- Service ID: chittyx\n- Owner(s): @chittyos/x\n- Tier: tier2\n- Status: Live\n")
    write(src, "docs/services/chittyx.md", "- Status: Live\n")
    target = tmp_path / "out"
    code, out, err = run_import(str(src), "--into", str(target))
    assert code in (0, 1), err
    written = target / "etc/chittyos/services/chittyx.yml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data == {"service_name": "chittyx", "entity_type": "Service", "status": "Live", "tier": "tier2",
                    "owners": ["@chittyos/x"]}
    for path in target.rglob("*.yml"):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "evil" not in json.dumps(loaded), path
    assert not [v for v in check(target, use_cache=False).violations if v.path == "etc/chittyos/services/chittyx.yml"
                and v.rule.startswith(("syntax/", "schema/additional"))]
