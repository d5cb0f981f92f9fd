"""This repository's content against the real sources: the ecosystem registry, the five synced repositories,
the August 2026 secrets model and the January board (etc/upstream/).

Every expectation is read from the upstream files here, independently of getchitty's readers: the site's
entities are the registry's services, the registrations, the synced repositories' own services and the
manifests, nothing missing and nothing invented; statuses follow the documented rule; tiers and layers
are the sources' and the board's; the committed snapshot is exactly what the documented command writes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from engine_support import REPO
from federation_support import ECOSYSTEM, REAL_REPOSITORIES, run_sync
from test_board import ENTRIES, service_name

REGISTRY = ECOSYSTEM / "chittyops" / "compliance" / "service-registry.yml"
SECRETS_MODEL = ECOSYSTEM / "chittyconnect" / "docs" / "governance" / "SECRETS_MODEL.md"
BOARD_GAPS = REPO / "etc/upstream/chittyconnect/docs/architecture/ARCHITECTURE_MAGNET_BOARD.md"


@pytest.fixture(scope="module")
def result(repository_result):
    return repository_result


@pytest.fixture(scope="module")
def site(result):
    from getchitty.export import read_author_pages
    from getchitty.render import render_site

    return render_site(result, author_pages=read_author_pages(REPO, "docs"))


def registry() -> dict[str, dict]:
    """Every registry service by its id (organization/name where a name repeats), with its organization."""
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    entries = [(org, name, body) for org, services in data["organizations"].items()
               for name, body in services["services"].items()]
    counts = {name: sum(1 for _, n, _ in entries if n == name) for _, name, _ in entries}
    return {(name if counts[name] == 1 else f"{org.lower()}/{name}"): {**body, "organization": org, "name": name}
            for org, name, body in entries}


def registrations() -> set[str]:
    return {json.loads(path.read_text())["name"] for path in (ECOSYSTEM / "chittyops/registrations").glob("*.json")}


def test_the_check_is_green(result):
    assert not result.errors, [(v.rule, v.location, v.message) for v in result.errors]
    assert not [v for v in result.warnings if not result.upstream(v)], [(v.rule, v.location) for v in result.warnings]
    # What the synced repositories' own files get wrong shows on their services, as warnings that build: today
    # the final `* @CHITTYOS/developers` line of four CODEOWNERS files, below the workflow protections.
    assert sorted((v.rule, v.entity) for v in result.warnings) == [
        ("codeowners/protection-overridden", name) for name in ("chittymcp", "chittyops", "chittyregistry", "chittysync")]


def test_the_committed_snapshot_is_what_the_documented_command_writes(tmp_path):
    """docs/authors/federation.md: `getchitty sync --mirror etc/upstream/ecosystem` with sources.yml as committed.

    A source synced from GitHub since then (its lock names another commit) is compared through the lock only: it
    must have been read by the readers of this version, like every other source."""
    from getchitty.federation.sync import readers_digest

    root = tmp_path / "repo"
    shutil.copytree(REPO / "etc", root / "etc", ignore=shutil.ignore_patterns("snapshot", "sources.lock.json"))
    code, out, err = run_sync(root, "--mirror", str(ECOSYSTEM))
    assert code == 0, out + err
    committed = REPO / "etc/federation"
    locked = json.loads((committed / "sources.lock.json").read_text())["sources"]
    fresh_lock = json.loads((root / "etc/federation/sources.lock.json").read_text())["sources"]
    assert set(locked) == set(fresh_lock)
    for name, entry in locked.items():
        assert entry["readers"] == readers_digest(), f"{name} was read by other readers; sync again"
        if entry["commit"] != fresh_lock[name]["commit"]:
            continue
        assert entry == fresh_lock[name]
        path = committed / "snapshot" / f"{name.lower()}.yml"
        fresh = root / "etc/federation/snapshot" / f"{name.lower()}.yml"
        assert fresh.read_text() == path.read_text(), f"{path.relative_to(REPO)} is not what the sync writes; sync again"


def test_sources_are_the_five_real_repositories_as_on_github():
    sources = yaml.safe_load((REPO / "etc/federation/sources.yml").read_text())["sources"]
    stamps = [yaml.safe_load((ECOSYSTEM / name / ".snapshot").read_text()) for name in REAL_REPOSITORIES]
    assert [s["repository"] for s in sources] == [stamp["repository"] for stamp in stamps]
    assert {s["ref"] for s in sources} == {"main"}
    assert {s.get("role", "service") for s in sources[1:]} == {"service"} and sources[0]["role"] == "registry"
    lock = json.loads((REPO / "etc/federation/sources.lock.json").read_text())["sources"]
    for stamp in stamps:
        entry = lock[stamp["repository"]]
        assert (entry["location"], entry["ref"]) == (stamp["repository"], "main")
        if entry["commit"] == stamp["commit"]:
            assert entry["date"] == str(stamp["date"])


# --- entities: nothing missing, nothing invented ----------------------------------------------------------------

def test_the_entities_are_the_registry_the_registrations_the_sources_and_the_manifests(result):
    eco = result.ecosystem
    manifests = {path.stem for folder in ("services", "datalayers") for path in (REPO / "etc/chittyos" / folder).glob("*.yml")}
    expected = set(registry()) | registrations() | {"chittyops"} | manifests
    assert set(eco.entities) == expected
    assert set(eco.manifests) == manifests


def test_every_registered_service_has_a_page_and_a_json_entry(result, site):
    index = {entry["id"]: entry for entry in json.loads(site.assets["api/services.json"])["services"]}
    index.update({entry["id"]: entry for entry in json.loads(site.assets["api/datalayers.json"])["datalayers"]})
    for name, body in registry().items():
        entry = index[name]
        assert entry["name"] == body["name"] and entry["organization"] == body["organization"], name
        assert entry["page"].strip("/") + ".md" in site.pages, name
        detail = json.loads(site.assets[entry["api"].lstrip("/")])
        assert detail["sources"]["registry"]["type"] == body["type"], name
        page = site.pages[entry["page"].strip("/") + ".md"]
        if not result.ecosystem.entities[name].onboarded:
            assert "**Registered, not onboarded.**" in page and "## What onboarding would add" in page, name


def test_tiers_are_the_sources_tiers_by_precedence(result):
    eco = result.ecosystem
    for name, body in registry().items():
        entity = eco.entities[name]
        declaration = eco.federation.declaration(name)
        shown = declaration.value("tier")
        own = [c.value for c in declaration.all("tier") if c.role == "own" and "service-registry" not in c.source]
        if entity.onboarded and entity.tier:
            assert shown == int(entity.tier), name  # the manifest comes first...
            assert shown in ([body["tier"]] + own), name  # ...and says what one of the sources says
        elif own:
            assert shown == own[0], name
        else:
            assert shown == body["tier"], name


def test_the_board_layers_stay_the_architecture_view(result, site):
    eco = result.ecosystem
    for entry in ENTRIES:
        entity = eco.entities[service_name(entry.name)]
        assert entry.layer in {eco.layer_number(c) for c in entity.categories}, entry
        detail = json.loads(site.assets[entity.api_path])
        assert detail["sources"]["board"]["status"] == entity.data["board"]["status"]


def test_every_status_is_the_status_rule_applied_to_the_sources(result, site):
    eco = result.ecosystem
    for name, entity in eco.entities.items():
        assert entity.status == eco.statuses[name].status, name
    assert not [v for v in result.violations if v.rule == "status/evidence"]
    # Routed in production (env.production, or the top level) and listed as active by the registry.
    expected = {"chittyconnect": "Active", "chittyregistry": "Active", "chittymcp": "Active",
                # listed as active; its repository has no Worker configuration and leaves its health endpoint open
                "chittysync": "Registered",
                # a registration in the ops repository, and nothing more
                "comptroller": "In Progress",
                # only the January board speaks for them: its Live and Planned are history
                "chittyid": "Planned", "chittyregister": "Planned", "bane": "Planned"}
    sources = {"chittyops", "chittyconnect", "chittyregistry", "chittysync", "chittymcp"}
    for name, body in registry().items():
        if body.get("active") is False:
            expected[name] = "Deprecated"
        elif body.get("active") is True and name not in sources:
            expected[name] = "Registered"  # the registry's flag alone: exactly what is known
    expected["chittyops"] = "Registered"  # its certified charter and the registry; no Worker of its own
    for name, status in expected.items():
        assert eco.entities[name].status == status, name
        assert json.loads(site.assets[eco.entities[name].api_path])["status"] == status, name
    counts = {status: sum(1 for e in eco.entities.values() if e.status == status) for status in eco.vocabulary.statuses}
    assert counts == {"Planned": 16, "In Progress": 5, "Needs Deployment": 0, "Registered": 54, "Live": 0, "Active": 3,
                      "Deprecated": 10}


def test_where_the_real_sources_disagree_about_a_status_the_page_shows_it(result, site):
    registry_file = "etc/federation/snapshot/chittyos/chittyops.yml"
    found = {v.entity: v for v in result.violations if v.rule == "status/sources-disagree"}
    assert sorted(found) == ["chittyregistry", "chittysync"]
    sync, registry_ = found["chittysync"], found["chittyregistry"]
    assert (sync.path, registry_.path) == ("etc/federation/snapshot/chittyos/chittysync.yml",
                                           "etc/federation/snapshot/chittyos/chittyregistry.yml")
    assert "chittyos/chittysync@49763fb6bf43:CHARTER.md:116" in sync.message
    assert "chittyos/chittyops@680f8eefb4fc:compliance/service-registry.yml:301" in sync.message
    assert [r.path for r in sync.related] == [sync.path, registry_file]
    assert "chittyos/chittyregistry@0ae32e045c1c:wrangler.jsonc:39" in registry_.message
    assert all(v.waiver is not None for v in found.values())
    for name in found:
        assert "(../governance/rules/status-sources-disagree.md)" in site.pages[f"service/{name}.md"]


# --- the acceptance facts of the federation issue, with their provenance lines -----------------------------------

def test_chittyregistry_tier_and_chittyconnect_category_with_both_locations(result):
    eco = result.ecosystem
    tiers = [(c.value, c.source) for c in eco.federation.declaration("chittyregistry").all("tier") if c.role != "curated"]
    assert tiers == [(2, "chittyos/chittyregistry@0ae32e045c1c:.chittyconnect.yml:9"),
                     (2, "chittyos/chittyregistry@0ae32e045c1c:CHARTER.md:4"),
                     (1, "chittyos/chittyops@680f8eefb4fc:compliance/service-registry.yml:86")]
    categories = [(c.value, c.source) for c in eco.federation.declaration("chittyconnect").all("category")]
    assert ("Core", "chittyos/chittyconnect@24e38cff3cc2:authority/services/chittyconnect.json:4") in categories
    assert ("Platform", "chittyos/chittyconnect@24e38cff3cc2:CHARTER.md:17") in categories
    [tier] = [v for v in result.violations if v.rule == "drift/tier" and v.entity == "chittyregistry"]
    [category] = [v for v in result.violations if v.rule == "drift/category" and v.entity == "chittyconnect"]
    for finding, upstream in ((tier, ("CHARTER.md:4", ".chittyconnect.yml:9", "compliance/service-registry.yml:86")),
                              (category, ("authority/services/chittyconnect.json:4", "CHARTER.md:17"))):
        assert finding.waiver is not None and all(location in finding.message for location in upstream)
        assert all(not r.path.startswith("/") and (REPO / r.path).is_file() for r in finding.related)


def test_drift_is_on_the_service_page_and_on_governance(site):
    assert "drift/tier" in site.pages["service/chittyregistry.md"]
    governance = site.pages["governance/index.md"]
    assert "## Drift between sources { #drift }" in governance
    for rule in ("drift-tier", "drift-category", "drift-status", "drift-path-owners"):
        assert f"(rules/{rule}.md)" in governance


def test_owners_come_from_codeowners_where_the_repository_is_a_source(result):
    entities = result.ecosystem.entities
    for name in ("chittyregistry", "chittymcp", "chittysync", "chittyops"):
        assert [owner.lower() for owner in entities[name].owners] == ["@chittyos/developers"], name
    # chittyconnect's effective .github/CODEOWNERS names no repository-wide owner; its own manifest does
    assert entities["chittyconnect"].owners == ("@chittyos/platform",)


# --- secrets ------------------------------------------------------------------------------------------------------

def test_the_inventory_holds_the_august_model_both_standards_and_the_migration(result):
    model = SECRETS_MODEL.read_text(encoding="utf-8")
    inventory_part = model.split("## Secret Inventory")[1].split("### Code Aliases")[0]
    counted = sum(int(n) for n in re.findall(r"^### .*\((\d+)\)$", inventory_part, re.M))
    assert counted == 46
    names = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", inventory_part, re.M))
    secrets = result.ecosystem.secrets
    assert names <= set(secrets.entries), sorted(names - set(secrets.entries))
    assert {(s.pattern, s.status) for s in secrets.standards} == {
        ("^CHITTYAUTH_ISSUED_{SERVICE}_TOKEN$", "preferred"), ("^CHITTY_{SERVICE}_TOKEN$", "legacy")}
    assert [(m.name, m.role) for m in secrets.migration] == [
        ("CHITTYAUTH_ISSUED_MINT_API_KEY", "canonical"), ("CHITTYAUTH_ISSUED_MINT_TOKEN", "alias"),
        ("MINT_API_KEY", "allowed"), ("CHITTYMINT_SECRET", "legacy")]
    for catalog in ECOSYSTEM.glob("*/.github/secret-catalog.json"):
        for entry in json.loads(catalog.read_text())["secrets"]:
            ours = secrets.entries[entry["name"]]
            assert entry.get("rotation_days") in (None, ours.rotation_days), entry["name"]
            if entry.get("owner"):
                assert ours.owner == entry["owner"], entry["name"]


# --- roadmap and the home page's promise ---------------------------------------------------------------------------

def upstream_line_exists(source: str) -> bool:
    match = re.fullmatch(r"([\w.-]+)/([\w.-]+)@([0-9a-f]{12}):(.+):(\d+)", source)
    if match is None:
        return (REPO / source).exists()
    _, name, commit, path, line = match.groups()
    stamp = yaml.safe_load((ECOSYSTEM / name / ".snapshot").read_text())
    lines = (ECOSYSTEM / name / path).read_text(encoding="utf-8").splitlines()
    return stamp["commit"].startswith(commit) and 0 < int(line) <= len(lines)


def test_each_of_the_boards_ten_gaps_keeps_the_roadmaps_promise(result):
    gaps = re.findall(r"^(\d+)\) (.+)$", BOARD_GAPS.read_text(encoding="utf-8").split("## Gaps")[1].split("\n## ")[0], re.M)
    assert [int(n) for n, _ in gaps] == list(range(1, 11))
    items = result.ecosystem.roadmap.items
    assert [item.id for item in items[:10]] == [
        "schema-endpoint", "registry-write-path", "registry-read-api", "onboarding-authority", "secrets-model",
        "ci-ephemeral-credentials", "artifact-scoped-validations", "authority-automation", "charter-rollout",
        "sync-deployment"]
    reported = {v.field for v in result.violations if v.rule in ("roadmap/no-owner", "roadmap/no-target")}
    for item in items:
        assert item.state and item.evidence, item.id
        assert all(upstream_line_exists(source) for source, _ in item.evidence), item.id
        assert all(service in result.ecosystem.entities for service in item.services), item.id
        if item.status == "done":
            assert item.state.startswith("Done."), item.id
        elif item.unowned:
            assert f"items.{item.id}" in reported, item.id
        else:
            assert item.owner and item.target, item.id
    assert reported == {"items.authority-automation"}


def test_every_waiver_has_an_owner_a_reason_a_roadmap_item_and_expires_in_2027(result):
    ids = {item.id for item in result.ecosystem.roadmap.items}
    for waiver in result.ecosystem.waivers:
        assert waiver.owner and waiver.reason and waiver.roadmap in ids, waiver
        assert waiver.expiry is not None and waiver.expiry.year == 2027, waiver


def test_the_home_pages_promise_about_gaps_is_what_the_roadmap_does(site):
    home = site.pages["index.md"]
    assert "every known gap is listed, with an owner and a deadline" not in home
    assert "Every known gap is" in home and "says plainly that nobody owns it yet" in home
    assert "(roadmap.md)" in home and "(architecture/tiers.md)" in home


# --- the site builds strictly, offline ------------------------------------------------------------------------------

def test_make_site_builds_strictly_offline(tmp_path):
    site_dir = tmp_path / "site"
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "GETCHITTY_CACHE_DIR": str(tmp_path / "cache"),
           "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    assert built.returncode == 0, built.stdout
    listed = {entry["id"] for entry in json.loads((site_dir / "api/services.json").read_text())["services"]}
    listed |= {entry["id"] for entry in json.loads((site_dir / "api/datalayers.json").read_text())["datalayers"]}
    assert set(registry()) <= listed
    assert (site_dir / "service/chittyos-github/index.html").is_file()
    assert (site_dir / "architecture/tiers/index.html").is_file()
    assert Path(site_dir / "api/services/get-chitty.json").is_file()
