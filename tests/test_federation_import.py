"""`getchitty import` reads with the federation readers: the August 2026 secrets model (a set of tables) keeps
its policy and rotation and invents nothing from links or code blocks, and a service repository (one that
declares itself in .chittyconnect.yml, CHARTER.md, CHITTY.md or wrangler.*) gives that service's manifest."""

from __future__ import annotations

import contextlib
import io
import json

import jsonschema
import pytest
import yaml
from engine_support import REPO, check
from federation_support import ECOSYSTEM, REAL_REPOSITORIES

from getchitty import cli


def test_import_of_the_table_layout_secrets_model(tmp_path):
    target = tmp_path / "imported"
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(["import", str(ECOSYSTEM / "chittyconnect"), "--into", str(target)])
    assert code in (0, 1), err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    model = yaml.safe_load((target / "etc/chittyos/secrets.yml").read_text(encoding="utf-8"))
    names = list(model["secrets"])
    assert len(names) == 50 and names[0] == "GITHUB_APP_ID" and names[-1] == "INTERNAL_WEBHOOK_SECRET"
    for invented in ("SECRET_NAME", "CREDENTIAL_OWNERSHIP_LAW", "CF_ACCOUNT_ID", "IDEMP_KV", "ENVIRONMENT"):
        assert invented not in names
    assert model["rotation"] == {"default_days": 90, "on_incident":
                                 "Emergency: Immediate on incident (EMERGENCY_REVOKE_TOKEN + audit all provisions)"}
    assert "Preferred global pattern: CHITTYAUTH_ISSUED_<SERVICE>_TOKEN." in model["naming"]["summary"]
    assert [a["endpoint"] for a in model["audit"]] == ["/api/credentials/audit", "/api/credentials/revoke",
                                                       "/api/v1/credentials/status"]
    assert "docs/governance/SECRETS_MODEL.md:10: code block not mapped" in out.getvalue()


# --- a service repository: the service's own manifest, from the readers `getchitty sync` uses -------------------

def run_import(*args: str) -> tuple[int, str, str]:
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(["import", *map(str, args)])
    return code, out.getvalue(), err.getvalue()


def section(report: str, title: str) -> list[str]:
    """The lines of one list of the import report ("Mapping decisions", "Not mapped")."""
    lines = report.split(f"\n{title} (", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    return [line.strip() for line in lines]


@pytest.fixture(scope="module")
def registry_import(tmp_path_factory):
    target = tmp_path_factory.mktemp("registry") / "imported"
    return target, *run_import(ECOSYSTEM / "chittyregistry", "--into", target)


def test_import_of_a_service_repository_writes_its_manifest(registry_import):
    target, code, out, err = registry_import
    assert code == 1 and err == "", err  # the empty models of a repository without governance pages
    manifest = yaml.safe_load((target / "etc/chittyos/services/chittyregistry.yml").read_text(encoding="utf-8"))
    assert manifest == {
        "service_name": "chittyregistry", "entity_type": "Service", "category": "Core", "status": "Live", "tier": 2,
        "owners": ["@CHITTYOS/developers"], "github_repo": "https://github.com/CHITTYOS/chittyregistry",
        "primary_domain": "registry.chitty.cc",
        "description": manifest["description"],
        "depends_on": ["chittyregister", "chittyauth"],
        "secrets": ["ORG_AUTOMATION_TOKEN", "CHITTYCONNECT_BROKER_TOKEN", "CHITTY_GATEWAY_TOKEN", "CHITTY_AGENT_TOKEN"],
        "routes": {"root": "https://registry.chitty.cc", "health": "https://registry.chitty.cc/health"},
        "charter_url": "https://github.com/CHITTYOS/chittyregistry/blob/HEAD/CHARTER.md",
        "related_services": ["chittydiscovery", "chittychat", "chittyrouter"],
    }
    assert manifest["description"].startswith("ChittyRegistry is the universal service registry")
    schema = json.loads((REPO / "etc/authority/schema/getchitty-service.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(manifest)
    result = check(target, use_cache=False)
    assert not [v for v in result.violations if v.path == "etc/chittyos/services/chittyregistry.yml"
                and v.rule.split("/")[0] in ("syntax", "schema")]


def test_each_field_of_the_imported_manifest_is_traced_to_its_source_line(registry_import):
    target, _, out, _ = registry_import
    text = (target / "etc/chittyos/services/chittyregistry.yml").read_text(encoding="utf-8")
    for origin, key in ((".chittyconnect.yml:6", "service_name"), (".chittyconnect.yml:9", "tier"),
                        ("CHARTER.md:4", "category"), ("CODEOWNERS:12", "owners"),
                        (".chittyconnect.yml:35", "github_repo"), (".chittyconnect.yml:15", "primary_domain")):
        assert f"# from {origin}\n{key}:" in text, (origin, key)
    decisions = section(out, "Mapping decisions")
    assert "CHARTER.md:4: category 'Core Infrastructure' written as Core" in decisions
    assert any(line.startswith("wrangler.jsonc:39: status Live by the status rule") for line in decisions), decisions
    assert any(line.startswith(".chittyconnect.yml:6: chittyregistry declares itself here") and "getchitty sync" in line
               for line in decisions), decisions


def test_every_fact_of_a_service_repository_that_no_field_takes_is_listed(registry_import):
    _, _, out, _ = registry_import
    unmapped = section(out, "Not mapped")
    assert "none: every line was mapped" not in out
    for location in ("wrangler.jsonc:7", "wrangler.jsonc:53", ".chittyconnect.yml:22", "CHARTER.md:48", "CHARTER.md:97",
                     "CODEOWNERS:4", ".github/secret-catalog.json:2"):
        assert any(line.startswith(f"{location}: ") for line in unmapped), location
    assert any(line.startswith("CHARTER.md:35: ") for line in unmapped)  # a line the charter reader could not place


@pytest.mark.parametrize("name", REAL_REPOSITORIES)
def test_every_real_repository_imports_to_a_tree_with_its_own_manifest(tmp_path, name):
    code, out, err = run_import(ECOSYSTEM / name, "--into", tmp_path / "imported")
    assert code in (0, 1) and "Traceback" not in out + err, err
    assert (tmp_path / f"imported/etc/chittyos/services/{name}.yml").is_file()
    assert "none: every line was mapped" not in out
