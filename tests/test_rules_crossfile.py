"""Cross-file rules: identity/*, scopes/*, ontology/*, secrets/*, ownership/*, deps/*, artifacts/*.

Each rule has a passing case (the clean fixture, or a near miss) and a failing
case asserting the exact rule id, path, line and column.
"""

from __future__ import annotations

import pytest
from engine_support import TRUST_MANIFEST, findings, located, run_check, run_cli, write

from getchitty import load as loader
from getchitty.model import SecretEntry, build_scopes, build_secrets
from getchitty.report import FORMATTERS

SERVICES = "etc/chittyos/services"
CHITTYID = f"{SERVICES}/chittyid.yml"
CHITTYAUTH = f"{SERVICES}/chittyauth.yml"
CHITTYSYNC = f"{SERVICES}/chittysync.yml"
CHITTYTRUST = f"{SERVICES}/chittytrust.yml"
LEDGER = "etc/chittyos/datalayers/chittyledger.yml"
SCOPES = "etc/chittyos/scopes.yml"
SECRETS = "etc/chittyos/secrets.yml"

TRUST = TRUST_MANIFEST


def edit(eco, relpath: str, old: str, new: str) -> None:
    text = (eco / relpath).read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {relpath}"
    (eco / relpath).write_text(text.replace(old, new))


def append(eco, relpath: str, text: str) -> None:
    with (eco / relpath).open("a") as handle:
        handle.write(text)


def one(eco, rule_prefix: str = ""):
    got = [v for v in findings(eco) if v.rule.startswith(rule_prefix)]
    assert len(got) == 1, got
    return got[0]


# --- identity/* ---------------------------------------------------------------------


def test_identity_clean(eco):
    assert [v for v in findings(eco) if v.rule.startswith("identity/")] == []


def test_name_mismatch(eco):
    edit(eco, CHITTYTRUST, "service_name: chittytrust", "service_name: chittytrusty")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("identity/name-mismatch", CHITTYTRUST, 1, 15)
    assert v.message == "service_name 'chittytrusty' differs from the file name 'chittytrust'"
    assert (v.entity, v.field) == ("chittytrusty", "service_name")


def test_duplicate_name(eco):
    text = (eco / LEDGER).read_text().replace("service_name: chittyledger", "service_name: chittyid")
    write(eco, "etc/chittyos/datalayers/chittyid.yml", text, dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("identity/duplicate-name", "etc/chittyos/datalayers/chittyid.yml", 1, 15)
    assert v.message == "service_name 'chittyid' is already used by etc/chittyos/services/chittyid.yml"


def test_misnamed_copy_is_the_duplicate(eco):
    """chittyfoo.yml sorts before chittyid.yml, but the file named after the service owns the name."""
    text = (eco / CHITTYID).read_text().replace("primary_domain: id.chitty.cc", "primary_domain: idcopy.chitty.cc")
    write(eco, f"{SERVICES}/chittyfoo.yml", text, dedent=False)
    got = findings(eco)
    assert located(got) == [
        ("identity/duplicate-name", f"{SERVICES}/chittyfoo.yml", 2, 15),
        ("identity/name-mismatch", f"{SERVICES}/chittyfoo.yml", 2, 15),
    ]
    assert got[0].message == "service_name 'chittyid' is already used by etc/chittyos/services/chittyid.yml"


def test_misnamed_copy_does_not_become_the_page(eco):
    text = (eco / CHITTYID).read_text().replace("primary_domain: id.chitty.cc", "primary_domain: idcopy.chitty.cc")
    write(eco, f"{SERVICES}/chittyfoo.yml", text, dedent=False)
    assert run_check(eco).ecosystem.entities["chittyid"].path == CHITTYID


def test_duplicate_domain(eco):
    append(eco, CHITTYTRUST, "primary_domain: id.chitty.cc\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("identity/duplicate-domain", CHITTYTRUST, 7, 17)
    assert v.message == "primary_domain id.chitty.cc is already claimed by chittyid (etc/chittyos/services/chittyid.yml)"


@pytest.mark.parametrize("stem", ["Chitty_Bad", "chitty-bad", "9chitty", "chitty.bad"])
def test_unsafe_name(eco, stem):
    write(eco, f"{SERVICES}/{stem}.yml", TRUST.replace("chittytrust", "chittybad"), dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("identity/unsafe-name", f"{SERVICES}/{stem}.yml", 1, 1)
    assert v.message == f"file name '{stem}' is not a safe name"
    assert "chittybad" not in run_check(eco).ecosystem.entities  # never becomes a page


def test_dotdot_in_a_name(eco):
    edit(eco, CHITTYTRUST, "service_name: chittytrust", 'service_name: "../../etc/passwd"')
    got = located(findings(eco))
    assert got == [("identity/name-mismatch", CHITTYTRUST, 1, 15), ("schema/pattern", CHITTYTRUST, 1, 15)]
    assert set(run_check(eco).ecosystem.entities) == {"chittyauth", "chittyid", "chittyledger", "chittysync"}


# --- scopes/* and ontology/* -------------------------------------------------------------


def test_scopes_clean(eco):
    assert [v for v in findings(eco) if v.rule.startswith(("scopes/", "ontology/"))] == []


def test_scope_not_granted(eco):
    edit(eco, CHITTYAUTH, "scopes: [access:provision]", "scopes: [access:provision, identity:mint]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("scopes/not-granted", CHITTYAUTH, 9, 28)
    assert v.message == "scope 'identity:mint' is not granted to chittyauth in etc/chittyos/scopes.yml"
    assert (v.entity, v.field) == ("chittyauth", "scopes")


def test_scope_unknown_service(eco):
    edit(eco, SCOPES, "review:", "  chittyghost:\n    - identity:mint\nreview:")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("scopes/unknown-service", SCOPES, 7, 3)
    assert v.message == "'chittyghost' has scopes but no manifest"


def test_scopes_for_a_broken_manifest_are_not_unknown(eco):
    """A manifest that exists but does not parse is not 'unknown': only its own syntax error is reported."""
    edit(eco, SCOPES, "review:", "  chittytrust:\n    - identity:mint\nreview:")
    write(eco, CHITTYTRUST, "service_name: [\n", dedent=False)
    assert [v.rule for v in findings(eco)] == ["syntax/invalid-yaml"]


@pytest.mark.parametrize("value, rule, message", [
    ("Identity Mint", "scopes/malformed", "'Identity Mint' is not of the form <domain>:<capability>"),
    ("identity", "scopes/malformed", "'identity' is not of the form <domain>:<capability>"),
    ("billing:mint", "scopes/unknown-domain", "'billing:mint': domain 'billing' is not defined in the ontology"),
    ("identity:delete", "scopes/unknown-capability", "'identity:delete': capability 'delete' is not defined in the ontology"),
])
def test_granted_scope_classification(eco, value, rule, message):
    edit(eco, SCOPES, "    - identity:validate\n", f"    - identity:validate\n    - {value}\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (rule, SCOPES, 5, 7, message)
    assert (v.entity, v.field) == ("chittyid", "scopes.chittyid")


@pytest.mark.parametrize("value, rule, message", [
    ("Identity Mint", "ontology/malformed", "'Identity Mint' is not of the form <domain>:<capability>"),
    ("billing:mint", "ontology/unknown-domain", "'billing:mint': domain 'billing' is not defined in the ontology"),
    ("identity:delete", "ontology/unknown-capability", "'identity:delete': capability 'delete' is not defined in the ontology"),
])
def test_manifest_classification(eco, value, rule, message):
    edit(eco, CHITTYID, "ontology:\n  - identity:mint\n", f"ontology:\n  - identity:mint\n  - {value}\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (rule, CHITTYID, 15, 5, message)
    assert (v.entity, v.field) == ("chittyid", "ontology")


def test_a_classification_several_manifests_share_is_a_finding_in_each(eco):
    """Classified once a check, reported where each manifest writes it."""
    edit(eco, CHITTYID, "ontology:\n  - identity:mint\n", "ontology:\n  - identity:mint\n  - billing:mint\n")
    edit(eco, CHITTYAUTH, "category: Core\n", "category: Core\nontology:\n  - billing:mint\n")
    found = [v for v in findings(eco) if v.rule == "ontology/unknown-domain"]
    assert sorted((v.path, v.line, v.col, v.entity) for v in found) == [
        (CHITTYAUTH, 5, 5, "chittyauth"), (CHITTYID, 15, 5, "chittyid")]


def test_ontology_terms_added_make_a_classification_valid(eco):
    edit(eco, CHITTYID, "ontology:\n  - identity:mint\n", "ontology:\n  - identity:mint\n  - billing:mint\n")
    edit(eco, "etc/chittyos/ontology.yml", "capabilities:", "  billing: {description: Money.}\ncapabilities:")
    assert findings(eco) == []


# --- secrets/* ------------------------------------------------------------------------


def test_secrets_clean(eco):
    assert [v for v in findings(eco) if v.rule.startswith("secrets/")] == []


def test_not_in_inventory(eco):
    edit(eco, CHITTYSYNC, "secrets: [NOTION_API_TOKEN, CHITTY_AUTH_TOKEN]",
         "secrets: [NOTION_API_TOKEN, CHITTY_AUTH_TOKEN, STRIPE_KEY]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/not-in-inventory", CHITTYSYNC, 10, 48)
    assert v.message == "STRIPE_KEY is not in the secrets inventory"


def test_env_name_naming(eco):
    edit(eco, SECRETS, 'env_name: "^[A-Z][A-Z0-9_]*$"', 'env_name: "^[A-Z][A-Z0-9_]*_(TOKEN|KEY)$"')
    append(eco, SECRETS, "  NOTION_SECRET: {purpose: Reads Notion., issuer: Notion, kind: api-key, lifetime: long-lived}\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/naming", SECRETS, 10, 3)
    assert v.message == "NOTION_SECRET does not match the env name pattern ^[A-Z][A-Z0-9_]*_(TOKEN|KEY)$"


def test_service_token_naming(eco):
    append(eco, SECRETS, "  CHITTY_IDENTITY_TOKEN: {purpose: x, service: chittyid, kind: service-token, lifetime: long-lived}\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/naming", SECRETS, 10, 3)
    assert v.message == "service token CHITTY_IDENTITY_TOKEN should be named ^CHITTY_<SERVICE>_TOKEN$ for service chittyid"


def test_service_token_named_right_passes(eco):
    append(eco, SECRETS, "  CHITTY_SYNC_TOKEN: {purpose: x, service: chittysync, kind: service-token, lifetime: long-lived}\n")
    assert findings(eco) == []


@pytest.mark.parametrize("standard, name, service, follows", [
    ("^CHITTY_{SERVICE}_TOKEN$", "CHITTY_AUTH_TOKEN", "chittyauth", True),
    ("^CHITTY_{SERVICE}_TOKEN$", "CHITTY_AUTH_TOKEN", "chittyid", False),
    ("^CHITTY_{SERVICE}_TOKEN$", "OTHER", "chittyauth", False),
    ("^CHITTY_{SERVICE}_TOKEN$", "CHITTY_A_B_TOKEN", "a_b", True),  # the service part is as short as the match allows
    ("{SERVICE}_TOKEN", "X_AUTH_TOKEN", "auth", False),  # the first match's, not any match's
    ("^(?:CHITTY_{SERVICE}|LEGACY)_TOKEN$", "LEGACY_TOKEN", "chittyauth", False),  # the part took no part in it
    ("^CHITTY_[A-Z]+_TOKEN$", "CHITTY_AUTH_TOKEN", "chittyid", True),  # a standard that names no service part
    ("^CHITTY_{SERVICE}_TOKEN$", "CHITTY_AUTH_TOKEN", "", True),  # a token no service owns
])
def test_a_service_token_follows_a_standard_when_its_service_part_names_its_owner(standard, name, service, follows):
    from getchitty.rules.secrets import _follows_standard, service_token_regex

    regex = service_token_regex(standard)
    assert regex is not None and _follows_standard(name, regex, service) is follows


def test_secret_unknown_service(eco):
    append(eco, SECRETS, "  CHITTY_GHOST_TOKEN: {purpose: x, service: chittyghost, kind: service-token, lifetime: long-lived}\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/unknown-service", SECRETS, 10, 45)
    assert v.message == "CHITTY_GHOST_TOKEN names owning service 'chittyghost', which has no manifest"


def test_the_inventory_and_the_scopes_answer_as_mappings(tmp_path):
    """Each secret and each service's scopes are built when first asked for; what they answer is what the file
    says, as before."""
    write(tmp_path, "secrets.yml", "secrets:\n  A_TOKEN: {purpose: p, kind: service-token, rotation_days: 30, "
                                   "optional: true, catalogs: [x, 1]}\n  B_KEY: text\n", dedent=False)
    entries = build_secrets(loader.load(tmp_path, "secrets.yml").document).entries
    assert list(entries) == ["A_TOKEN", "B_KEY"] and len(entries) == 2 and "B_KEY" in entries and "C_KEY" not in entries
    assert entries["A_TOKEN"] == SecretEntry("A_TOKEN", "p", "service-token", "", rotation_days=30, optional=True,
                                             catalogs=("x",))
    assert dict(entries.items()) == {"A_TOKEN": entries["A_TOKEN"], "B_KEY": SecretEntry("B_KEY", "", "", "")}
    with pytest.raises(KeyError):
        entries["C_KEY"]
    assert "purpose='p'" in repr(entries)  # the memos while serving key the models by what their repr shows
    write(tmp_path, "scopes.yml", "scopes:\n  chittyid: [identity:mint, 1]\n  chittyauth: text\n", dedent=False)
    by_service = build_scopes(loader.load(tmp_path, "scopes.yml").document).by_service
    assert dict(by_service) == {"chittyid": ("identity:mint",), "chittyauth": ()} and "chittyx" not in by_service


# Fake credentials of each recognised shape, assembled so that no literal token
# sits in this file for a secret scanner to flag.
GITHUB = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
OPENAI = "s" + "k-" + "proj1234567890abcdefABCDEFghij"
AWS = "AK" + "IA" + "IOSFODNN7EXAMPLE"
SLACK = "xo" + "xb-" + "1234567890-abcdefghijKLMN"
HIGH_ENTROPY = "q8Zr3LmT1xVb7NwK2pYh5GdS9cFj4HaE"
PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----"


@pytest.mark.parametrize("token, label", [
    (GITHUB, "a GitHub token"),
    (OPENAI, "an OpenAI/Anthropic-style API key"),
    (AWS, "an AWS access key id"),
    (SLACK, "a Slack token"),
])
def test_credential_value(eco, token, label):
    append(eco, CHITTYTRUST, f"notes: Deploy with {token} please.\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/credential-value", CHITTYTRUST, 7, 20)
    assert v.message == f"{label} is written here; the value is not shown"
    assert v.entity == "chittytrust"


def test_private_key_block(eco):
    append(eco, CHITTYTRUST, f"notes: |\n  Key:\n  {PRIVATE_KEY}\n  MIIEowIBAAKCAQEA\n  -----END RSA PRIVATE KEY-----\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/credential-value", CHITTYTRUST, 9, 3)
    assert v.message == "a private key is written here; the value is not shown"


def test_high_entropy_under_a_secret_like_key(eco):
    edit(eco, SECRETS, "rotation:", f"provisioning:\n  auth_token: {HIGH_ENTROPY}\nrotation:")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/credential-value", SECRETS, 5, 15)
    assert v.message == "'auth_token' holds a high-entropy value that looks like a credential; the value is not shown"
    assert v.field == "provisioning.auth_token"


def test_high_entropy_under_an_ordinary_key_passes(eco):
    edit(eco, SECRETS, "rotation:", f"provisioning:\n  long-lived: {HIGH_ENTROPY}\nrotation:")
    assert findings(eco) == []


def test_low_entropy_under_a_secret_like_key_passes(eco):
    edit(eco, SECRETS, "rotation:", "provisioning:\n  auth_token: Stored in 1Password, vault Platform\nrotation:")
    assert findings(eco) == []


def test_credential_in_rules_json(eco):
    edit(eco, "etc/authority/config.json", '"allow_chain_bootstrap": true', f'"allow_chain_bootstrap": true, "x": "{GITHUB}"')
    v = one(eco)
    assert (v.rule, v.path, v.line) == ("secrets/credential-value", "etc/authority/config.json", 3)


def test_credential_in_docs(eco):
    write(eco, "docs/guide.md", f"# Guide\n\nexport TOKEN={GITHUB}\n", dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("secrets/credential-value", "docs/guide.md", 3, 14)


# Each case plants a credential where some rule quotes the value in its message.
LEAKS = [
    (CHITTYTRUST, "notes: Deploy with {token}.\n"),
    (CHITTYTRUST, "primary_domain: {token}\n"),
    (CHITTYTRUST, "tier: {token}\n"),
    (CHITTYTRUST, "depends_on: [{token}]\n"),
    (CHITTYTRUST, "secrets: [{token}]\n"),
    (CHITTYTRUST, "scopes: [{token}]\n"),
    (CHITTYTRUST, "ontology: [{token}]\n"),
    (CHITTYTRUST, "owners_extra: {token}\n"),
    (CHITTYTRUST, "routes:\n  api: https://trust.chitty.cc/v1?key={token}\n"),
    (CHITTYTRUST, "github_repo: {token}\n"),
]


@pytest.mark.parametrize("token", [GITHUB, OPENAI, AWS, SLACK], ids=["github", "openai", "aws", "slack"])
@pytest.mark.parametrize("relpath, line", LEAKS, ids=[f"leak{i}" for i in range(len(LEAKS))])
def test_credential_never_reaches_any_output(eco, capsys, token, relpath, line):
    append(eco, relpath, line.format(token=token))
    result = run_check(eco)
    assert findings(result, "secrets/credential-value"), "the credential itself must be reported"
    for name, formatter in FORMATTERS.items():
        assert token not in formatter(list(result.violations), result.rules), name
    for v in result.violations:
        assert token not in v.message and token not in v.hint
    for fmt in FORMATTERS:
        code, out, err = run_cli(capsys, "check", "--format", fmt, str(eco))
        assert code == 1
        assert token not in out and token not in err


def test_high_entropy_value_never_reaches_any_output(eco, capsys):
    edit(eco, SECRETS, "rotation:", f"provisioning:\n  auth_token: {HIGH_ENTROPY}\nrotation:")
    append(eco, CHITTYTRUST, f"owners_token: {HIGH_ENTROPY}\n")
    result = run_check(eco)
    assert len(findings(result, "secrets/credential-value")) == 2
    for fmt in FORMATTERS:
        code, out, err = run_cli(capsys, "check", "--format", fmt, str(eco))
        assert code == 1 and HIGH_ENTROPY not in out + err


def test_private_key_never_reaches_any_output(eco, capsys):
    body = "MIIEowIBAAKCAQEAx8Zr3LmT1xVb7NwK2pYh5GdS9cFj4HaE"
    append(eco, CHITTYTRUST, f"notes: |\n  {PRIVATE_KEY}\n  {body}\n")
    for fmt in FORMATTERS:
        code, out, err = run_cli(capsys, "check", "--format", fmt, str(eco))
        assert code == 1 and body not in out + err and "BEGIN RSA" not in out + err


# --- ownership/* -----------------------------------------------------------------------


def test_ownership_clean(eco):
    """Roles (security, platform, data) and team handles (@org/team) are both valid owners."""
    assert [v for v in findings(eco) if v.rule.startswith("ownership/")] == []


def test_owners_missing_is_one_finding_the_schemas(eco):
    edit(eco, CHITTYTRUST, "owners: [platform]\n", "")
    assert located(findings(eco)) == [("schema/required", CHITTYTRUST, 1, 1)]
    assert findings(eco)[0].message == "owners: required field is missing"


def test_owners_empty_is_one_finding_the_schemas(eco):
    edit(eco, CHITTYTRUST, "owners: [platform]", "owners: []")
    assert located(findings(eco)) == [("schema/min-items", CHITTYTRUST, 6, 9)]


@pytest.mark.parametrize("owner", ["<team/owners>", "TBD", "todo", "n/a", "???", "{owner}", "[team]"])
def test_placeholder_owner(eco, owner):
    edit(eco, CHITTYTRUST, "owners: [platform]", f"owners:\n  - platform\n  - '{owner}'")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("ownership/placeholder", CHITTYTRUST, 8, 5)
    assert v.message == f"owner '{owner}' is a placeholder"


@pytest.mark.parametrize("owner", ["bob", "@chittyos", "chittyos/platform", "@/x"])
def test_invalid_owner(eco, owner):
    edit(eco, CHITTYTRUST, "owners: [platform]", f"owners: ['{owner}']")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("ownership/invalid-owner", CHITTYTRUST, 6, 10)
    assert v.message == (f"owner '{owner}' is not a team handle (@org/team) or an access-model role "
                         "(data, platform, security, service-owner)")


def test_ownership_applies_to_data_layers(eco):
    edit(eco, LEDGER, "owners: [data]", "owners: [dba]")
    assert located(findings(eco)) == [("ownership/invalid-owner", LEDGER, 5, 10)]


# --- deps/* ----------------------------------------------------------------------------


def test_deps_clean(eco):
    assert [v for v in findings(eco) if v.rule.startswith("deps/")] == []


def test_dependency_unknown(eco):
    edit(eco, CHITTYSYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [chittyauth, chittyledger, chittyghost]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/unknown", CHITTYSYNC, 9, 40)
    assert v.message == "'chittyghost' has no manifest"


def test_dependency_on_a_broken_manifest_is_not_unknown(eco):
    write(eco, CHITTYTRUST, "service_name: chittytrust\nowners: [\n", dedent=False)
    edit(eco, CHITTYSYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [chittyauth, chittyledger, chittytrust]")
    assert [v.rule for v in findings(eco)] == ["syntax/invalid-yaml"]


def test_self_dependency(eco):
    edit(eco, CHITTYSYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [chittysync]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/cycle", CHITTYSYNC, 9, 14)
    assert v.message == "chittysync depends on itself"


def test_dependency_cycle(eco):
    """chittyauth -> chittytrust -> chittyauth, both on the Core layer: one cycle finding, at the first member."""
    write(eco, CHITTYTRUST, TRUST.replace("Foundation", "Core") + "depends_on: [chittyauth]\n", dedent=False)
    edit(eco, CHITTYAUTH, "depends_on: [chittyid]", "depends_on: [chittyid, chittytrust]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/cycle", CHITTYAUTH, 14, 24)
    assert v.message == "dependency cycle: chittyauth -> chittytrust -> chittyauth"


def test_three_service_cycle(eco):
    write(eco, CHITTYTRUST, TRUST.replace("Foundation", "Sync") + "depends_on: [chittysync]\n", dedent=False)
    edit(eco, CHITTYSYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [chittyauth, chittyledger, chittyauthz]")
    write(eco, f"{SERVICES}/chittyauthz.yml", TRUST.replace("chittytrust", "chittyauthz").replace("Foundation", "Sync")
          + "depends_on: [chittytrust]\n", dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/cycle", f"{SERVICES}/chittyauthz.yml", 7, 14)
    assert v.message == "dependency cycle: chittyauthz -> chittytrust -> chittysync -> chittyauthz"


def test_upward_dependency(eco):
    edit(eco, CHITTYAUTH, "depends_on: [chittyid]", "depends_on: [chittyid, chittyledger]")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/upward", CHITTYAUTH, 14, 24)
    assert v.message == "chittyauth (layer 2) depends on chittyledger (layer 3)"


def test_same_or_lower_layer_passes(eco):
    """chittysync (Sync, 7) depends on chittyauth (Core, 2) and chittyledger (Data, 3): downward."""
    assert "depends_on: [chittyauth, chittyledger]" in (eco / CHITTYSYNC).read_text()
    assert findings(eco) == []


def test_upward_and_cycle_together(eco):
    edit(eco, CHITTYAUTH, "depends_on: [chittyid]", "depends_on: [chittyid, chittysync]")
    got = findings(eco)
    assert located(got) == [("deps/cycle", CHITTYAUTH, 14, 24), ("deps/upward", CHITTYAUTH, 14, 24)]
    assert got[0].message == "dependency cycle: chittyauth -> chittysync -> chittyauth"


def test_foundation_depends_on_nothing(eco):
    append(eco, CHITTYTRUST, "depends_on: [chittyid]\n")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("deps/foundation", CHITTYTRUST, 7, 14)
    assert v.message == "Foundation service chittytrust depends on chittyid"


# --- artifacts/* ------------------------------------------------------------------------


def test_artifacts_clean(eco):
    assert [v for v in findings(eco) if v.rule.startswith("artifacts/")] == []


@pytest.mark.parametrize("pointer, message", [
    ("public/nope.yml", "openapi artifact public/nope.yml: public/nope.yml does not exist"),
    ("public", "openapi artifact public: public is a directory"),
    ("../outside.yml", "openapi artifact '../outside.yml' must be a path inside the repository"),
    ("/etc/passwd", "openapi artifact '/etc/passwd' must be a path inside the repository"),
])
def test_artifact_missing(eco, pointer, message):
    edit(eco, CHITTYAUTH, "openapi: public/openapi.yml", f"openapi: {pointer}")
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == ("artifacts/missing", CHITTYAUTH, 17, 12, message)
    assert v.field == "artifacts.openapi"


def test_artifact_symlink_outside(eco, tmp_path):
    write(tmp_path, "elsewhere.yml", "openapi: 3.1.0\npaths: {}\n", dedent=False)
    (eco / "public/openapi.yml").unlink()
    (eco / "public/openapi.yml").symlink_to(tmp_path / "elsewhere.yml")
    v = one(eco)
    assert (v.rule, v.line, v.col) == ("artifacts/missing", 17, 12)
    assert v.message == "openapi artifact public/openapi.yml: public/openapi.yml resolves to a path outside the repository"


@pytest.mark.parametrize("content, message", [
    ("info: {title: x}\npaths: {}\n", "public/openapi.yml has no 'openapi: 3.x' version"),
    ("openapi: 2.0\npaths: {}\n", "public/openapi.yml has no 'openapi: 3.x' version"),
    ("openapi: 3.1\npaths: {}\n", "public/openapi.yml: 'openapi: 3.1' is a number; write the version in quotes, e.g. openapi: \"3.1.0\""),
    ('swagger: "2.0"\npaths: {}\n', "public/openapi.yml has no 'openapi: 3.x' version"),
    ("openapi: 3.0.3\ninfo: {title: x}\n", "public/openapi.yml has no 'paths' mapping"),
    ("openapi: 3.1.0\npaths: [a]\n", "public/openapi.yml has no 'paths' mapping"),
    ("openapi: 3.1.0\npaths: {\n", "openapi artifact public/openapi.yml does not parse (public/openapi.yml:2:9: "
                                   "did not find expected node content (while parsing a flow node started at line 2, column 9))"),
    ("", "openapi artifact public/openapi.yml does not parse (public/openapi.yml:1:1: public/openapi.yml is empty)"),
    ("- a\n", "openapi artifact public/openapi.yml does not parse (public/openapi.yml:1:1: "
              "the top level is a list; expected a mapping)"),
])
def test_artifact_invalid(eco, content, message):
    write(eco, "public/openapi.yml", content, dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("artifacts/invalid", CHITTYAUTH, 17, 12)
    assert v.message == message


def test_mcp_artifact(eco):
    edit(eco, CHITTYAUTH, "  openapi: public/openapi.yml\n", "  openapi: public/openapi.yml\n  mcp: public/mcp.json\n")
    write(eco, "public/mcp.json", '{"tools": []}\n', dedent=False)
    assert findings(eco) == []
    write(eco, "public/mcp.json", '{"tools": [}\n', dedent=False)
    v = one(eco)
    assert (v.rule, v.path, v.line, v.col) == ("artifacts/invalid", CHITTYAUTH, 18, 8)
    assert v.message == ("mcp artifact public/mcp.json does not parse "
                         "(public/mcp.json:1:12: Expecting value)")


def test_no_artifact_pointer_means_no_artifact_check(eco):
    """A repository without artifacts is never failed for files it does not have."""
    text = (eco / CHITTYAUTH).read_text()
    (eco / CHITTYAUTH).write_text(text.replace("artifacts:\n  openapi: public/openapi.yml\n", ""))
    (eco / "public/openapi.yml").unlink()
    (eco / "public").rmdir()
    assert findings(eco) == []
