"""The federation readers on synthetic and hostile input: every problem at its line, never a traceback,
never a credential value in what they give back."""

from __future__ import annotations

import json
import random

import pytest
from codeowners import path_to_regex

from getchitty.federation import codeowners, snapshot
from getchitty.federation.tree import read_files
from getchitty.federation.values import Reading

COMMIT = "c" * 40
TOKEN = "ghp_" + "A1b2C3d4E5" * 4
OPAQUE = "x9Kq2LmZ7vB4nR8tY3wP6sD1fG5hJ0cVbN"  # high entropy, mixed case, no known prefix


def read(files: dict[str, str | bytes]):
    return read_files({path: content.encode() if isinstance(content, str) else content
                       for path, content in files.items()}, "chittyos/test", COMMIT)


def problems(snap, rule: str | None = None) -> list[tuple[str, str, int]]:
    return [(p.rule_id, p.path, p.line) for p in snap.problems if rule is None or p.rule_id == rule]


def fact(snap, field: str):
    return [(f.value, f.provenance.location) for f in snap.facts if f.field == field]


def everything_written(snap) -> str:
    return snapshot.dump(snap) + "".join(p.message for p in snap.problems)


# --- .chittyconnect.yml ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line", [
    ("service:\n  name: [unclosed\n", 3),
    ("service: {name: a}\nservice: {name: b}\n", None),
    ("- just\n- a list\n", 1),
    ("onboarding: {}\n", 1),
    ("service:\n  tier: 2\n", 1),
    ("\tservice:\n", 1),
])
def test_malformed_chittyconnect_yml_is_a_problem_at_its_line(text, line):
    snap = read({".chittyconnect.yml": text})
    found = problems(snap, "federation/invalid-chittyconnect")
    if line is None:  # a duplicate key: the YAML reads, the file is still usable, the first value is reported
        assert snap.service == "b"
        return
    assert found and found[0][2] == line, snap.problems


def test_chittyconnect_placeholders_references_and_unknown_keys():
    snap = read({".chittyconnect.yml": "service:\n  name: chittyx\n  tier: '3 (Operational)'\n"
                                       "  chitty_id: ${CHITTYX_ID}\n  colour: blue\n"
                                       "secrets:\n  paths:\n    production: op://Vault/item\n"})
    assert snap.service == "chittyx"
    assert fact(snap, "tier") == [(3, ".chittyconnect.yml:3")]
    assert fact(snap, "category") == [("Operational", ".chittyconnect.yml:3")]
    assert fact(snap, "chitty_id") == [("${CHITTYX_ID}", ".chittyconnect.yml:4")]
    assert [(u.line, u.text) for u in snap.unmapped] == [(5, "service.colour: blue")]
    assert fact(snap, "secret_reference")[0][0]["reference"] == "op://Vault/item"


def test_a_tier_out_of_range_is_reported():
    snap = read({".chittyconnect.yml": "service:\n  name: x\n  tier: 9\n"})
    assert problems(snap) == [("federation/charter-bad-tier", ".chittyconnect.yml", 3)]
    assert fact(snap, "tier") == []


# --- CHARTER.md --------------------------------------------------------------------------------------

def test_charter_without_classification():
    snap = read({"CHARTER.md": "# ChittyX Charter\n\n## Mission\n\nDoes things.\n"})
    assert problems(snap) == [("federation/charter-no-classification", "CHARTER.md", 1)]
    assert fact(snap, "mission") == [("Does things.", "CHARTER.md:5")]
    assert fact(snap, "charter_url")[0][0] == f"https://github.com/chittyos/test/blob/{COMMIT}/CHARTER.md"


def test_charter_classification_variants():
    snap = read({"CHARTER.md": "# X Charter\n\n## Classification\n- **Tier**: Tier 4 - Domain\n"
                               "- **Organization**: ChittyCorp\n- **Domain**: not applicable (a library)\n"
                               "- **Mascot**: a fish\n- **Tier2**\n"})
    assert fact(snap, "tier") == [(4, "CHARTER.md:4")]
    assert fact(snap, "category") == [("Domain", "CHARTER.md:4")]
    assert fact(snap, "domain") == []
    assert fact(snap, "domain_note") == [("not applicable (a library)", "CHARTER.md:6")]
    assert {u.line for u in snap.unmapped} == {7, 8}


def test_dependencies_table_with_missing_cells_and_escaped_pipes():
    text = ("# X Charter\n\n## Classification\n- **Tier**: 2\n\n## Dependencies\n\n"
            "| Service | Kind | Why |\n|---|---|---|\n"
            "| ChittyAuth | Upstream | tokens |\n"
            "| ChittyID |\n"
            "| | Peer | nothing named |\n"
            "| Neon \\| Postgres | Storage | rows |\n"
            "| ChittyCanon, ChittyTrust | Downstream | both |\n")
    snap = read({"CHARTER.md": text})
    assert problems(snap) == [("federation/charter-dependency-incomplete", "CHARTER.md", 11),
                              ("federation/charter-dependency-incomplete", "CHARTER.md", 12)]
    messages = [p.message for p in snap.problems]
    assert messages[0] == "dependency row without its type (the row has 1 of 3 cells)"
    assert messages[1] == "dependency row without its service"
    deps = [(v["relation"], v["name"], v.get("service"), at) for v, at in fact(snap, "dependency")]
    assert deps == [("upstream", "ChittyAuth", "chittyauth", "CHARTER.md:10"),
                    ("unspecified", "ChittyID", "chittyid", "CHARTER.md:11"),
                    ("storage", "Neon | Postgres", None, "CHARTER.md:13"),
                    ("downstream", "ChittyCanon", "chittycanon", "CHARTER.md:14"),
                    ("downstream", "ChittyTrust", "chittytrust", "CHARTER.md:14")]


def test_charter_front_matter_that_does_not_parse():
    snap = read({"CHARTER.md": "---\nstatus: [CERTIFIED\n---\n# X\n\n## Classification\n- **Tier**: 1\n"})
    assert problems(snap)[0][0] == "federation/invalid-front-matter"
    assert problems(snap)[0][2] in (2, 3)
    assert fact(snap, "tier") == [(1, "CHARTER.md:7")]


def test_code_blocks_and_links_in_a_charter_never_become_facts():
    snap = read({"CHARTER.md": "# X\n\n## Classification\n- **Domain**: [x.chitty.cc](https://y.chitty.cc)\n\n"
                               "## Dependencies\n\n```\n| Upstream | ChittyEvil | x |\n```\n"})
    assert fact(snap, "dependency") == []
    assert [(u.line, u.text) for u in snap.unmapped] == [(8, "(code block)")]


# --- CODEOWNERS --------------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern, path, owned", [
    ("docs/*", "docs/getting-started.md", True),  # GitHub's documented examples
    ("docs/*", "docs/build-app/troubleshooting.md", False),
    ("apps/", "apps/x.py", True),
    ("apps/", "src/apps/x.py", True),
    ("/apps/", "src/apps/x.py", False),
    ("/apps/", "apps/x.py", True),
    ("*.js", "src/deep/a.js", True),
    ("**/logs", "build/logs/today.log", True),
    ("/build/logs/", "build/logs/today.log", True),
    ("/build/logs/", "deep/build/logs/today.log", False),
    ("/scripts/", "scripts/a/b.sh", True),
    ("*", "anything/at/all", True),
])
def test_codeowners_patterns_follow_github(pattern, path, owned):
    compiled = codeowners.compile_pattern(pattern)
    assert compiled.matches(path) is owned
    assert bool(path_to_regex(pattern).search(path)) is owned


def test_codeowners_matching_equals_the_codeowners_package_on_random_patterns():
    rnd = random.Random(11)
    for _ in range(20000):
        pattern = "".join(rnd.choice("ab/*?\\") for _ in range(rnd.randint(1, 8)))
        path = "".join(rnd.choice("ab/") for _ in range(rnd.randint(0, 9)))
        compiled = codeowners.compile_pattern(pattern)
        if isinstance(compiled, str):
            continue
        try:
            expected = bool(path_to_regex(pattern).search(path))
        except ValueError:
            continue
        assert compiled.matches(path) is expected, (pattern, path)


def test_last_matching_line_wins_and_github_precedence():
    text = "* @org/everyone\n/docs/ @org/docs\ndocs/secret.md @org/security\n"
    snap = read({".github/CODEOWNERS": text, "CODEOWNERS": "* @org/root\n", "CHARTER.md": "# X\n"})
    assert fact(snap, "owners") == [(["@org/everyone"], ".github/CODEOWNERS:1")]
    disagree = [p for p in snap.problems if p.rule_id == "federation/codeowners-disagree"]
    assert len(disagree) == 1 and disagree[0].path == "CODEOWNERS" and disagree[0].line == 1
    assert {(r.path, r.line) for r in disagree[0].related} == {(".github/CODEOWNERS", 1), ("CODEOWNERS", 1)}
    assert "@org/everyone (.github/CODEOWNERS:1) vs @org/root (CODEOWNERS:1)" in disagree[0].message
    reading = Reading("r", COMMIT, "CODEOWNERS")
    parsed = codeowners.parse(reading, text)
    assert parsed.owner_rule("docs/secret.md").owners == ("@org/security",)
    assert parsed.owner_rule("docs/other.md").owners == ("@org/docs",)
    assert parsed.owner_rule("src/docs/other.md").owners == ("@org/everyone",)
    assert not reading.problems


def test_invalid_codeowners_lines_are_reported_and_skipped_as_github_does():
    text = ("!docs/ @org/docs\n[Section] @org/a\n\\#notes @org/b\nsrc/ nobody\nsrc/ @org/ok # fine\n"
            "path\\ with\\ space @org/c\n")
    snap = read({"CODEOWNERS": text})
    assert problems(snap) == [("federation/codeowners-invalid-pattern", "CODEOWNERS", 1),
                              ("federation/codeowners-invalid-pattern", "CODEOWNERS", 2),
                              ("federation/codeowners-invalid-pattern", "CODEOWNERS", 3),
                              ("federation/codeowners-invalid-owner", "CODEOWNERS", 4)]
    rules = [v["pattern"] for v, _ in fact(snap, "codeowners_rule")]
    assert rules == ["src/", "path\\ with\\ space"]


# --- secret catalog ----------------------------------------------------------------------------------

def test_a_credential_in_the_secret_catalog_is_reported_and_never_written():
    catalog = {"vault": "ChittyOS", "secrets": [
        {"name": "GOOD_TOKEN", "op_ref": "op://ChittyOS/good/token", "rotation_days": 30},
        {"name": "LEAKED_TOKEN", "value": TOKEN},
        {"name": "QUIET_KEY", "owner": OPAQUE},
        {"name": "ODD_REF", "op_ref": "plain-text-reference"},
    ]}
    text = json.dumps(catalog, indent=2)
    snap = read({".github/secret-catalog.json": text})
    found = problems(snap, "federation/credential-value")
    assert [line for _, _, line in found] == sorted(line for _, _, line in found) and len(found) == 2
    written = everything_written(snap)
    assert TOKEN not in written and OPAQUE not in written
    names = [v["name"] for v, _ in fact(snap, "secret")]
    assert names == ["GOOD_TOKEN", "LEAKED_TOKEN", "QUIET_KEY", "ODD_REF"]
    assert fact(snap, "secret")[0][0]["reference"] == "op://ChittyOS/good/token"
    assert "reference" not in fact(snap, "secret")[3][0]


def test_a_secret_catalog_that_does_not_parse():
    snap = read({".github/secret-catalog.json": '{"secrets": [\n  {"name": "A"},\n  oops\n]}'})
    assert problems(snap) == [("federation/invalid-secret-catalog", ".github/secret-catalog.json", 3)]
    snap = read({".github/secret-catalog.json": '{"secrets": [{"rotation_days": 3}]}'})
    assert problems(snap)[0][0] == "federation/invalid-secret-catalog"


# --- wrangler ----------------------------------------------------------------------------------------

def test_wrangler_jsonc_comments_trailing_commas_routes_vars_bindings_secrets():
    text = """// a comment with "quotes" and a // inside
{
  "name": "chittyx", /* block
  comment */
  "vars": { "URL": "https://x.chitty.cc/*not a comment*/", "NOTE": "// not one either", },
  "routes": [ { "pattern": "x.chitty.cc", "custom_domain": true }, "y.chitty.cc/*", ],
  "kv_namespaces": [ { "binding": "CACHE", "id": "0123456789abcdef0123456789abcdef" } ],
  "secrets_store_secrets": [ { "binding": "X_TOKEN", "store_id": "s", "secret_name": "x_token" } ],
  "env": { "staging": { "vars": { "URL": "https://staging.chitty.cc" } } },
}
"""
    snap = read({"wrangler.jsonc": text})
    assert not snap.problems
    config = [(v["name"], v["value"], v.get("environment"), at) for v, at in fact(snap, "config")]
    assert config == [("URL", "https://x.chitty.cc/*not a comment*/", None, "wrangler.jsonc:5"),
                      ("NOTE", "// not one either", None, "wrangler.jsonc:5"),
                      ("URL", "https://staging.chitty.cc", "staging", "wrangler.jsonc:9")]
    assert fact(snap, "custom_domain") == [({"host": "x.chitty.cc"}, "wrangler.jsonc:6")]
    assert [v["pattern"] for v, _ in fact(snap, "route")] == ["x.chitty.cc", "y.chitty.cc/*"]
    assert fact(snap, "binding") == [({"binding": "CACHE", "kind": "kv"}, "wrangler.jsonc:7")]
    assert fact(snap, "secret") == [({"name": "X_TOKEN", "declared_in": "secrets_store_secrets",
                                      "store_secret": "x_token"}, "wrangler.jsonc:8")]


def test_wrangler_toml_positions_and_errors():
    text = ('name = "chittyx"\naccount_id = "0123456789abcdef0123456789abcdef"\n\n[vars]\nMODE = "prod"\n'
            'LEAK = "' + TOKEN + '"\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "x"\n'
            'database_id = "29473911-4c5b-47d8-a3e7-d1be2370edf6"\n\n[[routes]]\npattern = "x.chitty.cc/*"\n'
            "# - NOT_A_DECLARED_SECRET\n")
    snap = read({"wrangler.toml": text})
    assert fact(snap, "cloudflare_account_id") == [("0123456789abcdef0123456789abcdef", "wrangler.toml:2")]
    assert problems(snap) == [("federation/credential-value", "wrangler.toml", 6)]
    assert TOKEN not in everything_written(snap)
    # Each entry at the line that names it (`binding = "DB"`, `pattern = ...`), not at its `[[...]]` header.
    assert fact(snap, "binding") == [({"binding": "DB", "kind": "d1", "target": "x"}, "wrangler.toml:9")]
    assert fact(snap, "route")[0][1] == "wrangler.toml:14"
    assert fact(snap, "secret") == []
    broken = read({"wrangler.toml": 'name = "x"\n[vars\nA = 1\n'})
    assert problems(broken) == [("federation/invalid-wrangler", "wrangler.toml", 2)]


# --- registry ----------------------------------------------------------------------------------------

def test_registry_duplicates_bare_entries_and_bad_tiers():
    text = ("organizations:\n  CHITTYOS:\n    services:\n      alpha:\n        repo: CHITTYOS/alpha\n        tier: 2\n"
            "      alpha:\n        repo: CHITTYOS/alpha2\n      bare:\n      odd:\n        tier: top\n"
            "        colour: red\n  Other:\n    nothing: here\n")
    snap = read({"compliance/service-registry.yml": text})
    assert problems(snap) == [("federation/invalid-registry", "compliance/service-registry.yml", 7),
                              ("federation/charter-bad-tier", "compliance/service-registry.yml", 11),
                              ("federation/invalid-registry", "compliance/service-registry.yml", 13)]
    assert ("bare", "registered") in {(f.subject, f.field) for f in snap.facts}
    assert [(u.line, u.text) for u in snap.unmapped] == [(12, "odd.colour")]


def test_registrations_and_manifests_that_do_not_parse():
    snap = read({"registrations/a.json": '{"name": "a",\n "metadata": {"tier": }}',
                 "registrations/b.json": '{"description": "no name"}',
                 "authority/services/x.json": "[]"})
    assert problems(snap) == [("federation/invalid-manifest", "authority/services/x.json", 1),
                              ("federation/invalid-registration", "registrations/a.json", 2),
                              ("federation/invalid-registration", "registrations/b.json", 1)]


# --- governance pages --------------------------------------------------------------------------------

def test_january_secrets_model_bullets():
    text = ("# Secrets\n\nSources of truth\n- 1Password vaults for long-lived credentials\n\n"
            "Standard env names\n- CHITTY_AUTH_TOKEN — auth.chitty.cc\n- CHITTY_DNA_TOKEN — dna.chitty.cc (optional)\n"
            "- See [the law](./CREDENTIAL_OWNERSHIP_LAW.md)\n\nRotation\n- 90-day rotation for long-lived credentials\n"
            "- Immediate rotation on incident\n\n```\nexport SECRET_NAME=value\n```\n")
    snap = read({"docs/governance/SECRETS_MODEL.md": text})
    secrets = {f.key: f.value for f in snap.facts if f.field == "secrets_model.secret"}
    assert list(secrets) == ["CHITTY_AUTH_TOKEN", "CHITTY_DNA_TOKEN"]
    assert secrets["CHITTY_DNA_TOKEN"]["optional"] is True and secrets["CHITTY_AUTH_TOKEN"]["issuer"] == "auth.chitty.cc"
    rotation = [f.value for f in snap.facts if f.field == "secrets_model.rotation"]
    assert rotation == [{"text": "90-day rotation for long-lived credentials", "days": 90},
                        {"text": "Immediate rotation on incident", "on_incident": True}]
    assert {(u.line, u.reason) for u in snap.unmapped} >= {(15, "code block not mapped")}


# --- hostile input -----------------------------------------------------------------------------------

def test_hostile_inputs_are_read_in_linear_time_without_a_traceback():
    nested = "[" * 5000 + "]" * 5000
    files = {
        "CODEOWNERS": "*a" * 300 + "c @org/x\n" + "a" * 100_000 + " @org/y\n",
        ".github/secret-catalog.json": nested,
        "wrangler.jsonc": "{" + '"a": [' * 3000,
        "CHARTER.md": "| " * 50_000 + "\n" + "**" * 50_000 + "\n" + "- " * 20_000 + "\n" + "a" * 200_000,
        ".chittyconnect.yml": "a: &x [" + "1," * 1000 + "]\n" + "".join(f"b{i}: [*x, *x, *x]\n" for i in range(100)),
        "compliance/service-registry.yml": "organizations: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
        "docs/governance/SECRETS_MODEL.md": ("| Name |\n|---|\n" + "| `A_B` |\n" * 5000),
    }
    snap = read(files)
    assert snap.problems  # each is reported, none raises
    assert {p.rule_id for p in snap.problems} >= {"federation/invalid-secret-catalog", "federation/invalid-wrangler"}


def test_binary_undecodable_and_oversized_files():
    snap = read({"CHARTER.md": b"\x89PNG\x00\x00", "CHITTY.md": b"# \xe9t\xe9\n",
                 ".chittyconnect.yml": b"a: b\n" * 500_000})
    assert sorted(problems(snap)) == [("federation/unreadable-file", ".chittyconnect.yml", 1),
                                      ("federation/unreadable-file", "CHARTER.md", 1),
                                      ("federation/unreadable-file", "CHITTY.md", 1)]


PIECES = ["- ", "* ", "  - ", "1. ", "# ", "## ", "**", "`", "|", "| --- |", ":", " — ", "\n", "\n\n", "{", "}", "[", "]",
          '"', "'", ",", "//", "/*", "*/", "---", "```", "tier: ", "2", "Tier", "Classification", "Dependencies",
          "Upstream", "ChittyID", "@org/team", "*.md", "!", "\\", "op://", "name", "service", "secrets", TOKEN[:12],
          "=", "[[routes]]", "\t", "\ufeff", "é", "<x>", "${A}", "&a", "*a", "null", "yes"]
FILES = [".chittyconnect.yml", "CHARTER.md", "CHITTY.md", "CODEOWNERS", ".github/CODEOWNERS",
         ".github/secret-catalog.json", "wrangler.toml", "wrangler.jsonc", "compliance/service-registry.yml",
         "compliance/checks.yml", "registrations/x.json", "authority/services/x.json",
         "docs/governance/SECRETS_MODEL.md", "docs/governance/ACCESS_CONTROL.md", "docs/ontology/CLASSIFICATIONS.md",
         "docs/onboarding/service-x.md", "etc/chittyos/scopes.yml"]


@pytest.mark.parametrize("seed", range(30))
def test_random_documents_never_raise(seed):
    rnd = random.Random(seed)
    files: dict[str, str | bytes] = {}
    for path in FILES:
        if rnd.random() < 0.1:
            files[path] = bytes(rnd.randrange(256) for _ in range(rnd.randrange(200)))
        else:
            files[path] = "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(300)))
    snap = read(files)
    text = snapshot.dump(snap)
    assert snapshot.dump(snapshot.load_text(text, "fuzz")) == text
