"""`getchitty sync` on local git repositories built from the five real snapshots in etc/upstream/ecosystem.

The repositories are served through file:// URLs and local paths, exactly as a
mirror would be. The normalized snapshots are compared with golden files; to
regenerate them after an intended change to a reader, run

    GETCHITTY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_federation_sync.py

and review the diff of tests/golden/federation/ before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from federation_support import (
    ECOSYSTEM,
    GOLDEN_FEDERATION,
    REAL_REPOSITORIES,
    commit_all,
    make_repo,
    real_repository,
    run_sync,
    snapshot_commit,
    snapshot_file,
    write_sources,
)

from getchitty.federation import sync as sync_module
from getchitty.federation.common import credential_like
from getchitty.federation.reconcile import cross_problems, declarations, disagreements, reconcile
from getchitty.federation.snapshot import SnapshotError, load_text

UPDATE = os.environ.get("GETCHITTY_UPDATE_GOLDEN") == "1"


def entries(repos: dict[str, Path]) -> list[dict]:
    out = []
    for name, folder in repos.items():
        entry = {"url": folder.as_uri()} if name == "chittyregistry" else {"path": str(folder)}
        entry["recorded_as"] = f"chittyos/{name}"
        entry["ref"] = "main"
        if name == "chittyops":
            entry["role"] = "registry"
        out.append(entry)
    return out


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("upstream")
    for name in REAL_REPOSITORIES:
        real_repository(base / name, name)
    return {name: base / name for name in REAL_REPOSITORIES}


@pytest.fixture(scope="module")
def synced(repos, tmp_path_factory):
    """A portal repository with the five sources synced once: (root, exit code, stdout, stderr)."""
    root = tmp_path_factory.mktemp("portal")
    write_sources(root, entries(repos))
    return (root, *run_sync(root))


def facts(root: Path, name: str, field: str, subject: str | None = None) -> list[tuple]:
    snap = load_text(snapshot_file(root, f"chittyos/{name}").read_text(encoding="utf-8"), name)
    return [(f.value, f.provenance.location) for f in snap.facts
            if f.field == field and (subject is None or f.subject == subject)]


# --- the five real repositories ----------------------------------------------------------------------

def test_sync_reads_every_source_and_exits_0(synced):
    root, code, out, err = synced
    assert code == 0, out + err
    assert err == ""
    for name in REAL_REPOSITORIES:
        assert f"synced     chittyos/{name} " in out
    assert "5 synced, 0 unchanged, 0 failed" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("name", REAL_REPOSITORIES)
def test_snapshot_matches_golden(synced, name):
    actual = snapshot_file(synced[0], f"chittyos/{name}").read_text(encoding="utf-8")
    golden = GOLDEN_FEDERATION / "chittyos" / f"{name}.yml"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"snapshot of {name} differs from {golden}"


def test_lock_records_the_commit_and_its_date(synced, repos):
    root = synced[0]
    lock = json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
    assert sorted(lock) == sorted(f"chittyos/{name}" for name in REAL_REPOSITORIES)
    for name, folder in repos.items():
        entry = lock[f"chittyos/{name}"]
        assert entry["commit"] == subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                                                 text=True, check=True).stdout.strip()
        assert entry["date"] == "2026-08-21"
        assert entry["ref"] == "main"
        assert entry["snapshot"] == f"etc/federation/snapshot/chittyos/{name}.yml"


def test_facts_of_chittyconnect_yml_with_their_lines(synced):
    root = synced[0]
    expected = {
        "name": ("chittyconnect", ".chittyconnect.yml:3"),
        "display_name": ("Chittyconnect", ".chittyconnect.yml:4"),
        "type": ("platform", ".chittyconnect.yml:5"),
        "organization": ("CHITTYOS", ".chittyconnect.yml:7"),
        "chitty_id": ("${CHITTYCONNECT_SERVICE_ID}", ".chittyconnect.yml:8"),  # a placeholder, kept as written
        "onboarding_endpoint": ("https://get.chitty.cc/api/onboard", ".chittyconnect.yml:13"),
        "onboarding_provisions": (["chitty_id", "service_token", "certificate", "trust_chain"], ".chittyconnect.yml:14"),
        "auth_provider": ("chittyauth", ".chittyconnect.yml:17"),
        "service_token_key": ("CHITTYCONNECT_SERVICE_TOKEN", ".chittyconnect.yml:21"),
        "secrets_provider": ("chittyconnect", ".chittyconnect.yml:24"),
        "repository": ("CHITTYOS/chittyconnect", ".chittyconnect.yml:30"),
        "health_route": ("/health", ".chittyconnect.yml:34"),
    }
    for field, fact in expected.items():
        assert fact in facts(root, "chittyconnect", field, "chittyconnect"), field
    assert ("connect.chitty.cc", ".chittyconnect.yml:10") in facts(root, "chittyconnect", "domain")
    assert (2, ".chittyconnect.yml:6") in facts(root, "chittyconnect", "tier")
    assert facts(root, "chittyconnect", "secret_reference") == [
        ({"environment": "production", "reference": "op://ChittyOS/chittyconnect-prod"}, ".chittyconnect.yml:27")]


def test_facts_of_charters(synced):
    root = synced[0]
    assert facts(root, "chittyregistry", "tier", "chittyregistry")[1:] == [(2, "CHARTER.md:4")]
    assert ("Core Infrastructure", "CHARTER.md:4") in facts(root, "chittyregistry", "category")
    assert ("registry.chitty.cc", "CHARTER.md:6") in facts(root, "chittyregistry", "domain")
    assert ("https://registry.chitty.cc", "CHARTER.md:52") in facts(root, "chittyregistry", "base_url")
    assert ("/health", "CHARTER.md:57") in facts(root, "chittyregistry", "health_route")
    storage = [v for v, at in facts(root, "chittyregistry", "dependency") if v["relation"] == "storage"]
    assert storage == [{"relation": "storage", "name": "Cloudflare KV", "purpose": "Tool/service metadata"}]
    upstream = [(v["service"], at) for v, at in facts(root, "chittyregistry", "dependency") if v["relation"] == "upstream"]
    assert upstream == [("chittyregister", "CHARTER.md:43"), ("chittyauth", "CHARTER.md:44")]
    assert ({"role": "Technical Lead", "owner": "@chittyos-infrastructure"}, "CHARTER.md:98") in \
        facts(root, "chittyregistry", "ownership")
    assert ("Identity generation (ChittyID)", "CHARTER.md:27") in facts(root, "chittyregistry", "not_responsible_for")
    url = facts(root, "chittyregistry", "charter_url")[0]
    assert url[0].startswith("https://github.com/chittyos/chittyregistry/blob/") and url[0].endswith("/CHARTER.md")
    # front matter (chittyconnect) and its absence (chittyregistry)
    assert ("CERTIFIED", "CHARTER.md:6") in facts(root, "chittyconnect", "charter.status")
    assert ("chittycanon://core/services/chittycertify", "CHARTER.md:9") in facts(root, "chittyconnect", "charter.certifier")
    assert facts(root, "chittyregistry", "charter.status") == []
    # a Domain that is not a host name is never a domain
    assert ("MCP Aggregation", "CHARTER.md:6") in facts(root, "chittymcp", "domain_note")
    assert [at for _, at in facts(root, "chittymcp", "domain")] == [".chittyconnect.yml:14"]
    assert facts(root, "chittyops", "domain_note", "chittyops")[0][1] == "CHARTER.md:21"
    assert facts(root, "chittyops", "domain_note", "chittyops")[0][0].startswith("N/A")
    # several services in one Dependencies cell are one relation each
    bindings = [v["service"] for v, at in facts(root, "chittymcp", "dependency") if at == "CHARTER.md:83"]
    assert bindings[:3] == ["chittyagent-dispute", "chittyagent-notes", "chittyagent-ship"] and len(bindings) == 9


def test_facts_of_codeowners_catalogs_and_wrangler(synced):
    root = synced[0]
    assert facts(root, "chittyregistry", "owners") == [(["@CHITTYOS/developers"], "CODEOWNERS:12")]
    # GitHub reads .github/CODEOWNERS first: it has no catch-all line, so no default owners
    assert [at for _, at in facts(root, "chittyconnect", "owners") if "CODEOWNERS" in at] == []
    assert (["@chittyos/platform", "@chittyos/security"], ".github/CODEOWNERS:7") in \
        [(v, at) for v, at in facts(root, "chittyconnect", "path_owners")]
    secrets = dict((v["name"], (v, at)) for v, at in facts(root, "chittyregistry", "secret"))
    assert secrets["ORG_AUTOMATION_TOKEN"] == ({"name": "ORG_AUTOMATION_TOKEN",
                                                "reference": "op://ChittyOS/GitHub Automation Token/token",
                                                "rotation_days": 30, "owner": "platform-security"},
                                               ".github/secret-catalog.json:5")  # its `"name"` line, not the `{`
    connect = {v["name"]: v for v, at in facts(root, "chittyconnect", "secret") if at.startswith(".github/")}
    assert connect["NEON_DATABASE_URL"] == {"name": "NEON_DATABASE_URL", "source": "chittysecrets", "vault": "ChittyOS",
                                            "rotation_days": 90, "kind": "database"}
    assert facts(root, "chittyregistry", "route") == [
        ({"pattern": "registry.chitty.cc/*", "host": "registry.chitty.cc", "zone": "chitty.cc"}, "wrangler.jsonc:39")]
    assert ({"pattern": "connect.chitty.cc/*", "host": "connect.chitty.cc", "zone": "chitty.cc",
             "environment": "production"}, "wrangler.jsonc:336") in facts(root, "chittyconnect", "route")
    config = {v["name"]: v for v, at in facts(root, "chittyregistry", "config")}
    assert config["CHITTYOS_ENVIRONMENT"] == {"name": "CHITTYOS_ENVIRONMENT", "value": "production"}
    assert {v["kind"] for v, _ in facts(root, "chittyregistry", "binding")} == {"kv"}
    # only declared secrets are secrets: the Secrets Store binding, never the names in wrangler.toml's comments
    wrangler_secrets = [(v["name"], at) for v, at in facts(root, "chittymcp", "secret") if at.startswith("wrangler")]
    assert wrangler_secrets == [("CHITTY_AUTH_SERVICE_TOKEN", "wrangler.jsonc:10")]
    assert not [at for _, at in facts(root, "chittyconnect", "secret") if at.startswith("wrangler.toml")]
    assert not [v for v, _ in facts(root, "chittyconnect", "secret") if v["name"] == "CHITTYOS_ACCOUNT_ID"]


def test_facts_of_the_ops_registry(synced):
    root = synced[0]
    registry = load_text(snapshot_file(root, "chittyos/chittyops").read_text(encoding="utf-8"), "ops")
    services = {f.subject for f in registry.facts if f.field == "registered"}
    assert len(services) == 67  # 58 + 5 + 2 + 1 + 1 in five organizations, the archived ones included
    assert {"chittycorp/.github", "chittyfoundation/.github", "chittyos/.github", "get-chitty",
            "chittyops-foundation"} <= services
    by = {(f.subject, f.field): (f.value, f.provenance.location) for f in registry.facts}
    assert by[("chittyregistry", "tier")] == (1, "compliance/service-registry.yml:86")
    assert by[("chittyregistry", "domain")] == ("registry.chitty.cc", "compliance/service-registry.yml:88")
    assert by[("chittyregistry", "repository")] == ("CHITTYOS/chittyregistry", "compliance/service-registry.yml:85")
    assert by[("chittyregistry", "active")] == (True, "compliance/service-registry.yml:90")
    assert by[("chittyforce", "organization")][0] == "ChittyCorp"
    assert ("chittycore", "domain") not in by  # `domain: null` states no domain
    dimensions = [f for f in registry.facts if f.field == "compliance.dimension"]
    assert [f.key for f in dimensions] == ["chittyconnect", "chittybeacon", "chittycanon", "chittyregister",
                                           "chittyrouter", "chittytrust", "health_endpoint"]
    assert dimensions[0].value["offline"] == ["file_checks", "config_checks"]
    assert dimensions[-1].value["needs_probe"] == ["runtime_checks"]
    profiles = {f.key: f.value["dimensions"] for f in registry.facts if f.field == "compliance.profile"}
    assert profiles["cloudflare-worker"]["health_endpoint"] == "required"
    assert profiles["npm-package"]["chittyrouter"] == "not_applicable"
    assert by[("comptroller", "tier")] == (3, "registrations/comptroller.json:27")


def test_governance_pages_of_august_keep_policy_and_rotation_and_invent_nothing(synced):
    root = synced[0]
    names = [v for v, _ in facts(root, "chittyconnect", "secrets_model.secret")]
    assert len(names) == 50
    snap = load_text(snapshot_file(root, "chittyos/chittyconnect").read_text(encoding="utf-8"), "connect")
    inventory = [f.key for f in snap.facts if f.field == "secrets_model.secret"]
    assert inventory[:3] == ["GITHUB_APP_ID", "GITHUB_APP_PK", "GITHUB_WEBHOOK_SECRET"]
    for invented in ("SECRET_NAME", "CREDENTIAL_OWNERSHIP_LAW", "CF_ACCOUNT_ID", "IDEMP_KV", "CHITTYCONNECT_URL",
                     "COMMAND_KV", "ENVIRONMENT"):
        assert invented not in inventory
    rotation = {f.key: (f.value, f.provenance.location) for f in snap.facts if f.field == "secrets_model.rotation"}
    assert rotation["service tokens"][0]["days"] == 90
    assert rotation["emergency"][0]["on_incident"] is True
    patterns = {f.key: f.value for f in snap.facts if f.field == "secrets_model.naming_pattern"}
    assert patterns["CHITTYAUTH_ISSUED_<SERVICE>_TOKEN"]["preferred"] is True
    assert "CHITTY_<SERVICE>_TOKEN" in patterns
    policy = [f.value["text"] for f in snap.facts if f.field == "secrets_model.policy"]
    assert "MINT_API_KEY is allowed during migration." in policy
    audit = {f.key: f.value for f in snap.facts if f.field == "secrets_model.audit"}
    assert audit["/api/credentials/revoke"]["method"] == "POST"
    assert {f.key for f in snap.facts if f.field == "ontology.domain"} == \
        {"identity", "access", "registry", "verify", "certify", "connect"}
    assert ({"chittyconnect": ["connect:orchestrate", "access:broker"]}.items()
            <= {f.subject: f.value for f in snap.facts if f.field == "scopes.granted"}.items())
    onboarding = {f.field: f.value for f in snap.facts if f.subject == "chittysync" and f.field.startswith("onboarding.")}
    assert onboarding["onboarding.owners"] == ["<team/owners>"]


def test_unmapped_lines_are_listed_with_file_and_line(synced):
    root = synced[0]
    snap = load_text(snapshot_file(root, "chittyos/chittyregistry").read_text(encoding="utf-8"), "registry")
    unmapped = {(u.path, u.line) for u in snap.unmapped}
    assert {("CHARTER.md", 35), ("CHARTER.md", 36), ("CHARTER.md", 37), ("wrangler.jsonc", 10)} <= unmapped
    connect = load_text(snapshot_file(root, "chittyos/chittyconnect").read_text(encoding="utf-8"), "connect")
    reasons = {(u.path, u.line): u.reason for u in connect.unmapped}
    assert "no reader" in reasons[("docs/governance/MANAGED_CONTEXT.md", 1)]
    assert reasons[("docs/governance/SECRETS_MODEL.md", 10)] == "code block not mapped"


@pytest.mark.parametrize("name", REAL_REPOSITORIES)
def test_nothing_in_a_charter_is_dropped_silently(synced, name):
    """Every block of CHARTER.md (paragraph, bullet, table row, code block) is a fact's line or an unmapped line."""
    from markdown_it import MarkdownIt

    root = synced[0]
    snap = load_text(snapshot_file(root, f"chittyos/{name}").read_text(encoding="utf-8"), name)
    covered = {f.provenance.line for f in snap.facts if f.provenance.path == "CHARTER.md"}
    covered |= {u.line for u in snap.unmapped if u.path == "CHARTER.md"}
    text = (ECOSYSTEM / name / "CHARTER.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("---", 1) + 1 if lines[0] == "---" else 0
    body = "\n" * start + "\n".join(lines[start:])
    blocks = {token.map[0] + 1 for token in MarkdownIt("commonmark").enable("table").parse(body)
              if token.map and token.type in ("list_item_open", "fence", "code_block", "tr_open")
              and not (token.type == "tr_open" and token.level == 2 and token.map[0] + 1 in _header_lines(body))}
    blocks |= {token.map[0] + 1 for token in MarkdownIt("commonmark").enable("table").parse(body)
               if token.type == "paragraph_open" and token.level == 0}
    missing = sorted(blocks - covered)
    assert not missing, [f"CHARTER.md:{n}: {lines[n - 1][:80]}" for n in missing]


def _header_lines(body: str) -> set[int]:
    from markdown_it import MarkdownIt

    return {token.map[0] + 1 for token in MarkdownIt("commonmark").enable("table").parse(body)
            if token.type == "thead_open" and token.map}


def test_no_credential_value_in_any_snapshot(synced):
    for path in (synced[0] / "etc/federation/snapshot").rglob("*.yml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not credential_like(line), f"{path.name}:{number}"


# --- reconciling the snapshots, offline ----------------------------------------------------------------

def test_reconcile_surfaces_the_known_disagreements_with_both_locations(synced, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("reading snapshots back must not start a process or open a socket")

    monkeypatch.setattr(subprocess, "run", no_network)
    monkeypatch.setattr(subprocess, "Popen", no_network)
    monkeypatch.setattr(socket, "socket", no_network)
    found, errors = declarations(synced[0])
    assert errors == [] and len(found) == 5
    views = {(v.subject, v.field, v.key): v for v in disagreements(found)}
    tier = views[("chittyregistry", "tier", "")]
    assert [(c.value, c.provenance.repository, c.provenance.location, c.role) for c in tier.candidates] == [
        (2, "chittyos/chittyregistry", ".chittyconnect.yml:9", "own"),
        (2, "chittyos/chittyregistry", "CHARTER.md:4", "own"),
        (1, "chittyos/chittyops", "compliance/service-registry.yml:86", "registry")]
    category = views[("chittyconnect", "category", "")]
    assert {(c.value, c.provenance.location) for c in category.candidates} == {
        ("Platform", "CHARTER.md:17"), ("Platform", "CHITTY.md:15"), ("Core", "authority/services/chittyconnect.json:4")}
    owners = views[("chittyconnect", "path_owners", "wrangler.toml")]
    assert [(c.value, c.provenance.location) for c in owners.candidates] == [
        (["@chittyos/platform", "@chittyos/security"], ".github/CODEOWNERS:7"),
        (["@CHITTYOS/developers"], "CODEOWNERS:12")]
    assert ("chittyconnect", "tier", "") not in views  # 2 everywhere
    assert reconcile(found)["chittyconnect"][("tier", "")].values == [2]


def test_cross_problems_of_the_real_snapshots(synced):
    found, _ = declarations(synced[0])
    problems = cross_problems(found)
    not_sources = {p.message.split(" ", 1)[0] for p in problems if p.rule_id == "federation/registry-repo-not-a-source"}
    assert "chittyrouter" in not_sources and "chittyregistry" not in not_sources
    assert "vite-react-template" not in not_sources  # archived (active: false)
    unknown = [(p.repository, p.path, p.line) for p in problems if p.rule_id == "federation/unknown-dependency"]
    assert ("chittyos/chittymcp", "CHARTER.md", 81) in unknown  # chittymsg
    assert not [p for p in problems if p.rule_id == "federation/name-taken"]


def test_two_repositories_declaring_one_name(repos, tmp_path):
    twin = tmp_path / "twin"
    make_repo(twin, {".chittyconnect.yml": "service:\n  name: chittysync\n  tier: 3\n"})
    root = tmp_path / "portal"
    write_sources(root, [{"path": str(repos["chittysync"]), "recorded_as": "chittyos/chittysync"},
                         {"path": str(twin), "recorded_as": "someone/twin"}])
    assert run_sync(root)[0] == 0
    found, _ = declarations(root)
    taken = [p for p in cross_problems(found) if p.rule_id == "federation/name-taken"]
    assert sorted((p.repository, p.path, p.line) for p in taken) == [
        ("chittyos/chittysync", ".chittyconnect.yml", 3), ("someone/twin", ".chittyconnect.yml", 2)]
    assert all(len(p.related) == 1 for p in taken)


# --- skipping, failing, writing ------------------------------------------------------------------------

@pytest.fixture
def portal(repos, tmp_path):
    """A fresh portal repository synced once from copies of the real repositories (so tests may change them)."""
    copies = {}
    for name in ("chittyregistry", "chittysync", "chittymcp"):
        copies[name] = tmp_path / "upstream" / name
        shutil.copytree(repos[name], copies[name])
    root = tmp_path / "portal"
    write_sources(root, entries(copies))
    code, out, err = run_sync(root)
    assert code == 0, out + err
    return root, copies


def test_a_source_whose_ref_has_not_moved_is_not_fetched(portal, monkeypatch, tmp_path):
    root, copies = portal
    before = {path: path.read_bytes() for path in (root / "etc/federation").rglob("*") if path.is_file()}
    journal = tmp_path / "fetched"  # each source is fetched in a process of its own: the journal is a file
    journal.touch()
    real_fetch = sync_module._fetch

    def fetch(url, *rest):
        with journal.open("a", encoding="utf-8") as handle:
            handle.write(url + "\n")
        return real_fetch(url, *rest)

    monkeypatch.setattr(sync_module, "_fetch", fetch)
    code, out, _ = run_sync(root)
    assert code == 0 and journal.read_text(encoding="utf-8") == ""
    assert out.count("unchanged  chittyos/") == 3
    assert {path: path.read_bytes() for path in before} == before
    (copies["chittysync"] / "CHARTER.md").write_text("# ChittySync Charter\n\n## Classification\n- **Tier**: 4\n",
                                                     encoding="utf-8")
    commit = commit_all(copies["chittysync"], "tier 4")
    code, out, _ = run_sync(root)
    fetched = journal.read_text(encoding="utf-8").splitlines()
    assert code == 0 and len(fetched) == 1 and fetched[0].endswith("chittysync")
    assert "synced     chittyos/chittysync " in out and out.count("  unchanged  ") == 2
    lock = json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))
    assert lock["sources"]["chittyos/chittysync"]["commit"] == commit
    assert "value: 4" in snapshot_file(root, "chittyos/chittysync").read_text(encoding="utf-8")


def test_failed_sources_keep_their_snapshot_and_the_others_are_synced(portal, tmp_path):
    root, copies = portal
    kept = {name: snapshot_file(root, f"chittyos/{name}").read_bytes() for name in copies}
    lock_before = json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
    shutil.rmtree(copies["chittymcp"])  # unreachable
    (copies["chittyregistry"] / "CODEOWNERS").write_text("* @chittyos/registry\n", encoding="utf-8")
    commit_all(copies["chittyregistry"], "owners")
    sources = entries(copies)
    sources[1]["ref"] = "no-such-branch"  # chittysync: a missing ref
    write_sources(root, sources)
    code, out, err = run_sync(root)
    assert code == 2, out
    assert "FAILED     chittyos/chittymcp: " in out and "FAILED     chittyos/chittysync: " in out
    assert "no-such-branch" in out.split("chittyos/chittysync: ", 1)[1].splitlines()[0]
    assert "synced     chittyos/chittyregistry " in out
    assert "Traceback" not in out + err
    for name in ("chittymcp", "chittysync"):
        assert snapshot_file(root, f"chittyos/{name}").read_bytes() == kept[name]
    lock = json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
    assert lock["chittyos/chittymcp"] == lock_before["chittyos/chittymcp"]
    assert lock["chittyos/chittysync"] == lock_before["chittyos/chittysync"]
    assert lock["chittyos/chittyregistry"] != lock_before["chittyos/chittyregistry"]
    assert "@chittyos/registry" in snapshot_file(root, "chittyos/chittyregistry").read_text(encoding="utf-8")


def test_a_new_source_that_fails_leaves_no_snapshot(tmp_path):
    root = tmp_path / "portal"
    write_sources(root, [{"url": (tmp_path / "nowhere").as_uri(), "recorded_as": "chittyos/nowhere"}])
    code, out, _ = run_sync(root)
    assert code == 2 and "FAILED     chittyos/nowhere: git" in out
    assert not snapshot_file(root, "chittyos/nowhere").exists()
    assert not (root / "etc/federation/sources.lock.json").exists()


def test_a_git_command_that_takes_too_long_fails_its_source(portal):
    root = portal[0]
    code, out, _ = run_sync(root, "--timeout", "0.000001", "--only", "chittysync")
    assert code == 2 and "FAILED     chittyos/chittysync: took longer than 1e-06 s" in out


def test_only_syncs_the_named_sources(portal):
    root, copies = portal
    for folder in copies.values():
        (folder / "CHITTY.md").write_text("# Badge\n", encoding="utf-8")
        commit_all(folder, "badge")
    code, out, _ = run_sync(root, "--only", "chittysync", "chittyos/chittymcp")
    assert code == 0
    assert "chittyregistry" not in out and out.count("synced     ") == 2
    code, _, err = run_sync(root, "--only", "chittynothing")
    assert code == 2 and "no source named chittynothing" in err


def test_sync_never_writes_through_a_link(portal, tmp_path):
    root, copies = portal
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = root / "etc/federation/snapshot/chittyos"
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere, target_is_directory=True)
    (copies["chittysync"] / "CHITTY.md").write_text("# Badge\n", encoding="utf-8")
    commit_all(copies["chittysync"], "badge")
    code, out, _ = run_sync(root)
    assert code == 2 and "is a link" in out
    assert list(elsewhere.iterdir()) == []


def test_a_plain_folder_is_recorded_under_its_real_repository_and_commit(tmp_path):
    repository, commit, _ = snapshot_commit("chittysync")
    root = tmp_path / "portal"
    write_sources(root, [{"path": str(ECOSYSTEM / "chittysync"), "recorded_as": repository, "commit": commit}])
    code, out, _ = run_sync(root)
    assert code == 0, out
    snap = load_text(snapshot_file(root, repository).read_text(encoding="utf-8"), "sync")
    tier = next(f for f in snap.facts if f.field == "tier")
    assert (tier.provenance.repository, tier.provenance.commit, tier.provenance.location) == \
        (repository, commit, ".chittyconnect.yml:6")
    assert "unchanged" in run_sync(root)[1]
    write_sources(root, [{"path": str(ECOSYSTEM / "chittysync"), "recorded_as": repository}])
    code, out, _ = run_sync(root)
    assert code == 2 and "give the commit" in out


@pytest.mark.parametrize("source, message", [
    ({"repository": "chittyos/x", "url": "https://example.com/x.git"}, "exactly one of"),
    ({"repository": "not a name"}, "is not a GitHub owner/name"),
    ({"repository": "chittyos/x", "ref": "--upload-pack=evil"}, "is not a branch, tag or commit"),
    ({"url": "ext::sh -c evil"}, "is not an https://"),
    ({"repository": "chittyos/x", "role": "boss"}, "`role` is one of"),
    ({"repository": "chittyos/x", "colour": "red"}, "unknown key `colour`"),
    ({"repository": "chittyos/x", "commit": "abc"}, "`commit`"),
    ({"path": "../x", "recorded_as": "../../etc"}, "`recorded_as`"),
])
def test_unusable_sources_exit_2_naming_the_line(tmp_path, source, message):
    write_sources(tmp_path, [{"repository": "chittyos/fine"}, source])
    code, out, err = run_sync(tmp_path)
    assert code == 2 and out == ""
    assert err.startswith(("etc/federation/sources.yml:3:1: ", "etc/federation/sources.yml:4:1: ")), err
    assert message in err, err


def test_missing_or_broken_sources_file(tmp_path):
    code, _, err = run_sync(tmp_path)
    assert code == 2 and "sources.yml does not exist" in err
    (tmp_path / "etc/federation").mkdir(parents=True)
    (tmp_path / "etc/federation/sources.yml").write_text("sources: [\n", encoding="utf-8")
    code, _, err = run_sync(tmp_path)
    assert code == 2 and "etc/federation/sources.yml:2:" in err and "not valid YAML" in err


def test_the_schema_accepts_what_sync_accepts(tmp_path):
    import jsonschema
    from engine_support import REPO

    schema = json.loads((REPO / "etc/authority/schema/getchitty-sources.schema.json").read_text(encoding="utf-8"))
    ours = yaml.safe_load((REPO / "etc/federation/sources.yml").read_text(encoding="utf-8"))
    jsonschema.validate(ours, schema)
    jsonschema.validate({"sources": [{"path": "../x", "recorded_as": "chittyos/x", "commit": "a" * 40,
                                      "ref": "main", "role": "registry"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"sources": [{"repository": "a/b", "path": "x"}]}, schema)


def test_a_broken_snapshot_is_reported_not_raised(tmp_path):
    folder = tmp_path / "etc/federation/snapshot/chittyos"
    folder.mkdir(parents=True)
    (folder / "broken.yml").write_text("repository: chittyos/broken\nfacts: [{at: nowhere}]\n", encoding="utf-8")
    found, errors = declarations(tmp_path)
    assert found == [] and len(errors) == 1 and errors[0].startswith("etc/federation/snapshot/chittyos/broken.yml: ")
    with pytest.raises(SnapshotError):
        load_text(": [", "x")


def test_console_script_registers_sync():
    from engine_support import GETCHITTY

    done = subprocess.run([str(GETCHITTY), "sync", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--jobs" in done.stdout and "--only" in done.stdout


def test_an_unreachable_host_fails_fast_and_no_credential_is_printed(tmp_path):
    root = tmp_path / "portal"
    password = "hunter2hunter2"
    write_sources(root, [{"url": f"https://reader:{password}@127.0.0.1:9/chittyos/x.git",
                          "recorded_as": "chittyos/x"}])
    code, out, err = run_sync(root, "--timeout", "30")
    assert code == 2 and "FAILED     chittyos/x: git" in out
    assert password not in out + err


# --- edges of the command line and of the transports -------------------------------------------------------

SMALL = {".chittyconnect.yml": "service:\n  name: chittysmall\n  tier: 2\n", "CHARTER.md": "# ChittySmall Charter\n"}


def run_in(folder: Path, monkeypatch, *args: str) -> tuple[int, str, str]:
    """`getchitty sync ARGS...` run from `folder`, with no PATH unless the arguments give one."""
    import contextlib
    import io

    from getchitty import cli

    monkeypatch.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["sync", *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def test_the_same_commit_gives_the_same_snapshot_from_git_and_from_an_export_folder(tmp_path):
    """git gives the commit's date with a time; an export folder gives a day: both are recorded as the day."""
    from federation_support import export_folder

    upstream = tmp_path / "chittysmall"
    commit = make_repo(upstream, SMALL)
    entry = [{"path": str(upstream), "recorded_as": "chittyos/chittysmall", "ref": "main"}]
    from_git, from_mirror = tmp_path / "from-git", tmp_path / "from-mirror"
    write_sources(from_git, entry)
    write_sources(from_mirror, entry)
    export_folder(tmp_path / "mirror", "chittysmall", SMALL, commit=commit, date="2026-08-21T12:00:00+00:00")
    assert run_sync(from_git)[0] == 0
    assert run_sync(from_mirror, "--mirror", str(tmp_path / "mirror"))[0] == 0
    fetched = snapshot_file(from_git, "chittyos/chittysmall").read_text(encoding="utf-8")
    assert "\ndate: '2026-08-21'\n" in fetched
    assert fetched == snapshot_file(from_mirror, "chittyos/chittysmall").read_text(encoding="utf-8")
    locks = [json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
             for root in (from_git, from_mirror)]
    assert locks[0] == locks[1] and locks[0]["chittyos/chittysmall"]["date"] == "2026-08-21"


@pytest.fixture
def two_sources(tmp_path) -> Path:
    """A portal with two small git sources, chittyone and chittytwo, never synced."""
    entries_ = []
    for name in ("chittyone", "chittytwo"):
        make_repo(tmp_path / "upstream" / name, {".chittyconnect.yml": f"service:\n  name: {name}\n"})
        entries_.append({"path": str(tmp_path / "upstream" / name), "recorded_as": f"chittyos/{name}", "ref": "main"})
    root = tmp_path / "portal"
    write_sources(root, entries_)
    return root


def test_a_folder_after_the_names_of_only_is_the_repository(two_sources, tmp_path, monkeypatch):
    code, out, err = run_in(tmp_path, monkeypatch, "--only", "chittyone", str(two_sources))
    assert code == 0, out + err
    assert "synced     chittyos/chittyone " in out and "chittytwo" not in out
    code, out, err = run_in(two_sources, monkeypatch, "--only", "chittytwo", ".")
    assert code == 0, out + err
    assert "synced     chittyos/chittytwo " in out and "chittyone" not in out


def test_a_path_before_the_names_of_only_and_another_after_them_is_refused(two_sources, monkeypatch):
    code, out, err = run_in(two_sources, monkeypatch, ".", "--only", "chittyone", "..")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "'..' is not a source name" in err, err


@pytest.mark.parametrize("commit", ["1234567890" * 4, "0" + "1234567" * 5 + "0123"])
def test_a_commit_that_yaml_reads_as_a_number_is_the_commit_as_written(tmp_path, commit):
    folder = tmp_path / "export"
    for relpath, text in SMALL.items():
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_text(text, encoding="utf-8")
    root = tmp_path / "portal"
    (root / "etc/federation").mkdir(parents=True)
    (root / "etc/federation/sources.yml").write_text(
        f"sources:\n  - path: {folder}\n    recorded_as: chittyos/chittysmall\n    commit: {commit}\n", encoding="utf-8")
    code, out, err = run_sync(root)
    assert code == 0, out + err
    lock = json.loads((root / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
    assert lock["chittyos/chittysmall"]["commit"] == commit
    assert f"\ncommit: '{commit}'\n" in snapshot_file(root, "chittyos/chittysmall").read_text(encoding="utf-8")


def test_a_mirror_with_missing_objects_names_the_source_and_the_fix(tmp_path):
    upstream = tmp_path / "chittysmall.git"
    make_repo(upstream, SMALL)
    blob = subprocess.run(["git", "rev-parse", "HEAD:CHARTER.md"], cwd=upstream, capture_output=True, text=True,
                          check=True).stdout.strip()
    (upstream / ".git/objects" / blob[:2] / blob[2:]).unlink()
    root = tmp_path / "portal"
    write_sources(root, [{"url": upstream.as_uri(), "recorded_as": "chittyos/chittysmall", "ref": "main"}])
    code, out, err = run_sync(root)
    assert code == 2 and err == ""
    [failed] = [line for line in out.splitlines() if "FAILED" in line]
    assert failed.startswith("  FAILED     chittyos/chittysmall: ")
    assert "missing objects or is corrupt" in failed and "git fsck" in failed and "clone it again" in failed, failed


@pytest.mark.parametrize("stderr", [
    "fatal: fetch-pack: invalid index-pack output",
    "error: git upload-pack: git-pack-objects died with error.\n"
    "fatal: git upload-pack: aborting due to possible repository corruption on the remote side.",
    "fatal: remote did not send all necessary objects",
])
def test_git_messages_of_an_incomplete_repository_are_told_in_project_terms(stderr):
    message = sync_module.git_failure("fetch", stderr, "file:///srv/mirrors/chittysmall.git")
    assert "file:///srv/mirrors/chittysmall.git is missing objects or is corrupt" in message
    assert "git fsck" in message and "\n" not in message


def test_sync_of_a_folder_that_does_not_exist_says_so(tmp_path):
    code, out, err = run_sync(tmp_path / "nowhere")
    assert code == 2 and out == ""
    assert err == f"getchitty sync: {tmp_path / 'nowhere'} does not exist\n"


@pytest.mark.parametrize("option, value", [("--jobs", "0"), ("--jobs", "-1"), ("--timeout", "0"), ("--timeout", "nan")])
def test_jobs_and_timeout_must_be_positive(two_sources, option, value):
    code, out, err = run_sync(two_sources, option, value)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and option in err, err
    assert not (two_sources / "etc/federation/sources.lock.json").exists()


# --- hostile sources -----------------------------------------------------------------------------------------

def _outside(tmp_path: Path) -> Path:
    """A folder outside every export and checkout, laid out like the folders sync reads."""
    outside = tmp_path / "machine"
    for relpath, text in {"governance/SECRETS_MODEL.md": "# Secrets\n\n- MACHINE_ONLY_TOKEN — from the syncing machine\n",
                          "chittyos/scopes.yml": "scopes:\n  machineonly: [machine:only]\n",
                          "services/machineonly.json": '{"service_name": "machineonly"}\n'}.items():
        (outside / relpath).parent.mkdir(parents=True, exist_ok=True)
        (outside / relpath).write_text(text, encoding="utf-8")
    return outside


def _link_parents(folder: Path, outside: Path) -> None:
    (folder / "docs").symlink_to(outside, target_is_directory=True)
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    (folder / "authority").symlink_to(outside, target_is_directory=True)


@pytest.mark.parametrize("transport", ["mirror", "plain folder", "git"])
def test_no_file_is_read_through_a_linked_parent_folder(tmp_path, transport):
    from federation_support import export_folder

    outside = _outside(tmp_path)
    root = tmp_path / "portal"
    entry = {"recorded_as": "chittyos/chittysmall", "ref": "main"}
    args: tuple[str, ...] = ()
    if transport == "mirror":
        folder = export_folder(tmp_path / "mirror", "chittysmall", SMALL)
        _link_parents(folder, outside)
        entry["path"], args = str(folder), ("--mirror", str(tmp_path / "mirror"))
    elif transport == "plain folder":
        folder = export_folder(tmp_path / "export", "chittysmall", SMALL)
        _link_parents(folder, outside)
        entry |= {"path": str(folder), "commit": "ab" * 20}
    else:
        folder = tmp_path / "chittysmall"
        folder.mkdir()
        _link_parents(folder, outside)  # committed as links, checked out as links
        make_repo(folder, SMALL)
        entry["path"] = str(folder)
    write_sources(root, [entry])
    code, out, err = run_sync(root, *args)
    assert code == 0, out + err
    text = snapshot_file(root, "chittyos/chittysmall").read_text(encoding="utf-8")
    assert "MACHINE_ONLY" not in text and "machineonly" not in text and "machine:only" not in text
    snap = load_text(text, "small")
    assert snap.files == [".chittyconnect.yml", "CHARTER.md"]
    linked = sorted(p.message for p in snap.problems if p.rule_id == "federation/unreadable-file")
    # a checkout holds only the declaration files, so a committed link to a folder is not even checked out
    assert linked == ([] if transport == "git" else
                      [f"{name} is a link; nothing under it was read" for name in ("authority", "docs", "etc")])


def _registry(services: int) -> str:
    """A registry of `services` generated entries: each line gives several facts, so the snapshot outgrows it."""
    body = "".join(f"      chittygen{i}:\n        repo: CHITTYOS/chittygen{i}\n        tier: 3\n        type: cloudflare-worker\n"
                   f"        domain: gen{i}.chitty.cc\n        territory: identity\n        active: true\n"
                   f"        description: \"Generated service {i}\"\n" for i in range(services))
    return "schema_version: \"1.0\"\norganizations:\n  CHITTYOS:\n    services:\n" + body


def test_a_snapshot_is_never_larger_than_the_check_reads(tmp_path):
    from engine_support import build_eco, check
    from federation_support import export_folder

    from getchitty.load import MAX_BYTES

    registry = _registry(6000)
    assert 1_000_000 < len(registry) < MAX_BYTES
    root = build_eco(tmp_path / "repo")
    export_folder(tmp_path / "mirror", "chittyops", {"compliance/service-registry.yml": registry, **SMALL})
    write_sources(root, [{"repository": "chittyos/chittyops", "ref": "main", "role": "registry"}])
    code, out, err = run_sync(root, "--mirror", str(tmp_path / "mirror"))
    assert code == 0, out + err
    path = snapshot_file(root, "chittyos/chittyops")
    assert path.stat().st_size <= MAX_BYTES
    snap = load_text(path.read_text(encoding="utf-8"), "ops")
    [skipped] = [p for p in snap.problems if p.path == "compliance/service-registry.yml"]
    assert skipped.rule_id == "federation/unreadable-file" and "MiB" in skipped.message, skipped
    assert {f.provenance.path for f in snap.facts} == {".chittyconnect.yml", "CHARTER.md"}  # the rest is kept
    result = check(root, use_cache=False)
    assert not [v for v in result.violations if v.path.startswith("etc/federation/") and v.rule.startswith(("syntax/", "io/"))]


def test_a_source_over_its_time_budget_is_reported_and_the_others_are_written(two_sources, monkeypatch):
    """A source whose reading never ends (a reader stuck on a hostile file) is stopped at --timeout; the other
    source's snapshot and lock entry are written all the same. Bounded in CPU seconds, not in wall time."""
    import resource
    import time

    real_collect = sync_module.collect
    written_meanwhile = two_sources.parent / "chittyone-written-while-chittytwo-was-read"

    def stuck(folder, repository, *args, **kwargs):
        if repository == "chittyos/chittytwo":
            until = time.monotonic() + 30
            while time.monotonic() < until:  # spins, as a reader on a quadratic input does
                if not written_meanwhile.exists() and snapshot_file(two_sources, "chittyos/chittyone").exists():
                    written_meanwhile.touch()
        return real_collect(folder, repository, *args, **kwargs)

    monkeypatch.setattr(sync_module, "collect", stuck)
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    code, out, err = run_sync(two_sources, "--timeout", "2")
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    used = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    assert code == 2, out + err
    assert "synced     chittyos/chittyone " in out
    assert "FAILED     chittyos/chittytwo: took longer than 2 s" in out
    assert snapshot_file(two_sources, "chittyos/chittyone").is_file()
    assert written_meanwhile.exists(), "chittyone was written only once chittytwo was over"
    assert not snapshot_file(two_sources, "chittyos/chittytwo").exists()
    lock = json.loads((two_sources / "etc/federation/sources.lock.json").read_text(encoding="utf-8"))["sources"]
    assert list(lock) == ["chittyos/chittyone"]
    assert used < 15, f"{used:.1f} CPU seconds: the stuck source was not stopped at its budget"


def test_an_interrupted_sync_is_noticed_by_the_next_sync_and_by_the_check(tmp_path, monkeypatch):
    """Killed between a snapshot and the lock: the snapshot is at commit B, the lock still at A."""
    from engine_support import build_eco, check

    from getchitty.federation import snapshot as snapshot_module

    upstream = tmp_path / "chittysmall"
    first = make_repo(upstream, SMALL)
    root = build_eco(tmp_path / "repo")
    write_sources(root, [{"path": str(upstream), "recorded_as": "chittyos/chittysmall", "ref": "main"}])
    assert run_sync(root)[0] == 0
    (upstream / ".chittyconnect.yml").write_text("service:\n  name: chittysmall\n  tier: 4\n", encoding="utf-8")
    second = commit_all(upstream, "tier 4")
    real_write = snapshot_module.write_atomic

    def interrupted(where, relpath, data):
        if relpath.endswith("sources.lock.json"):
            raise KeyboardInterrupt
        real_write(where, relpath, data)

    monkeypatch.setattr(snapshot_module, "write_atomic", interrupted)
    assert run_sync(root)[0] == 130
    monkeypatch.setattr(snapshot_module, "write_atomic", real_write)
    lock_path = root / "etc/federation/sources.lock.json"
    assert json.loads(lock_path.read_text(encoding="utf-8"))["sources"]["chittyos/chittysmall"]["commit"] == first
    assert f"commit: {second}" in snapshot_file(root, "chittyos/chittysmall").read_text(encoding="utf-8")

    [mismatch] = [v for v in check(root, use_cache=False).violations if v.rule == "federation/lock-mismatch"]
    assert mismatch.path == "etc/federation/snapshot/chittyos/chittysmall.yml" and mismatch.line == 4
    assert first[:12] in mismatch.message and second[:12] in mismatch.message

    code, out, _ = run_sync(root)
    assert code == 0 and "synced     chittyos/chittysmall " in out, out
    assert json.loads(lock_path.read_text(encoding="utf-8"))["sources"]["chittyos/chittysmall"]["commit"] == second
    assert not [v for v in check(root, use_cache=False).violations if v.rule == "federation/lock-mismatch"]
