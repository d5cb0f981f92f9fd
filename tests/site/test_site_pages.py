"""The built site, page by page: the facts each kind of page shows, read from its HTML.

The site is the fixture ecosystem (tests/fixtures/eco) plus tests/fixtures/site_extra,
built once per session with `mkdocs build --strict` (see site_fixtures.py). Its entities:

    layer 1 Foundation  chittyid (Live), chittytrust (Planned)
    layer 2 Core        chittyauth (Active)
    layer 3 Data        chittyledger (DataLayer, Active)
    layer 5 Platform    chittymonitor (Live; routes.health and routes.api waived)
    layer 7 Sync        chittysync (Needs Deployment)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from site_support import (
    governance,
    key_values,
    links,
    resolve,
    section,
    section_table,
    section_tables,
    section_text,
    table_rows,
    text,
)

pytest_plugins = ["site_fixtures"]

LAYERS = {
    0: ("Governance", []),
    1: ("Foundation", [("chittyid", "Live"), ("chittytrust", "Planned")]),
    2: ("Core", [("chittyauth", "Active")]),
    3: ("Data", [("chittyledger", "Active")]),
    4: ("Registry", []),
    5: ("Platform", [("chittymonitor", "Live")]),
    6: ("Domain", []),
    7: ("Sync", [("chittysync", "Needs Deployment")]),
    8: ("Applications", []),
}
PAGES = {
    "chittyid": "/service/chittyid/", "chittytrust": "/service/chittytrust/", "chittyauth": "/service/chittyauth/",
    "chittyledger": "/datalayer/chittyledger/", "chittymonitor": "/service/chittymonitor/",
    "chittysync": "/service/chittysync/",
}
STATUS_COUNTS = {"Live": 2, "Active": 2, "Needs Deployment": 1, "Registered": 0, "In Progress": 0, "Planned": 1,
                 "Deprecated": 0}
ROLES = ["service-owner", "security", "data", "platform"]
LABELS = ["security-approved", "docs-approved", "access-reviewed"]
GATE_PATHS = ["etc/chittyos/scopes.yml", "etc/chittyos/secrets.yml", ".github/workflows/**"]
SECRETS = {"CHITTY_ID_TOKEN": "chitty-id-token", "CHITTY_AUTH_TOKEN": "chitty-auth-token",
           "NOTION_API_TOKEN": "notion-api-token"}
SOON = (date.today() + timedelta(days=10)).isoformat()  # the expiring waiver, as make_tree rewrote it


def badge(cell) -> tuple[str, str]:
    """(css class, text) of the status badge inside a cell."""
    span = cell.select_one("span.gc-status")
    assert span is not None, f"no status badge in {cell}"
    modifier = next(c for c in span["class"] if c.startswith("gc-status-"))
    return modifier, text(span)


def status_class(status: str) -> str:
    return "gc-status-" + re.sub(r"[^a-z0-9]+", "-", status.lower())


def assert_target_exists(site, url: str) -> None:
    """A resolved link points at a page of the site and, if it has a fragment, at an element on it."""
    path, _, fragment = url.partition("#")
    assert site.exists(path), f"link to a missing page: {url}"
    if fragment:
        assert site.target(path, fragment) is not None, f"link to a missing anchor: {url}"


# -- / ----------------------------------------------------------------------------------

def test_home_lists_every_layer_with_its_services_and_badges(site):
    article = site.article("/")
    for number, (name, members) in LAYERS.items():
        heading = next(h for h in article.find_all("h3") if text(h).startswith(f"Layer {number} "))
        assert text(heading) == f"Layer {number} · {name}"
        assert links("/", heading) == [(f"Layer {number} · {name}", f"/architecture/layer-{number}/")]
        body = section(article, heading["id"])
        found = [(a_text, target) for el in body for a_text, target in links("/", el)]
        assert found == [(service, PAGES[service]) for service, _ in members]
        badges = [badge_ for el in body for badge_ in el.select("span.gc-status")]
        assert [(next(c for c in b["class"] if c.startswith("gc-status-")), text(b)) for b in badges] == \
            [(status_class(status), status) for _, status in members]
        if not members:
            assert "No services on this layer yet." in " ".join(text(el) for el in body)


def test_home_lists_roles_review_gates_and_onboarding_steps(site):
    article = site.article("/")
    roles = table_rows(section_table(article, "roles"))
    assert [text(row["Role"]) for row in roles] == ROLES
    assert text(roles[1]["Responsible for"]) == "Approves secrets and scopes."
    gates = table_rows(section_table(article, "review-gates"))
    assert len(gates) == 1
    assert text(gates[0]["Gate"]) == "sensitive"
    assert text(gates[0]["Paths"]) == ", ".join(GATE_PATHS)
    assert text(gates[0]["Required labels"]) == ", ".join(LABELS)
    steps = [el for el in section(article, "how-to-onboard-a-service") if el.name == "ol"]
    assert len(steps) == 1
    items = [text(li) for li in steps[0].find_all("li", recursive=False)]
    assert len(items) == 5
    assert "getchitty new service <name>" in items[0]
    assert all(label in items[3] for label in LABELS)
    step_links = dict(links("/", steps[0]))
    assert step_links["ontology classifications"] == "/ontology/"
    assert step_links["scopes"] == "/scopes/"
    assert step_links["secrets inventory"] == "/secrets/"


# -- /service/<name>/ ---------------------------------------------------------------------

def test_service_summary_table(site):
    url = "/service/chittyid/"
    summary = key_values(section_table(site.article(url), "summary"))
    assert text(summary["Service ID"]) == "chittyid"
    assert summary["Service ID"].find("code") is not None
    assert text(summary["Owners"]) == "@chittyfoundation/identity"
    assert text(summary["Ecosystem tier"]) == "tier1"
    assert links(url, summary["Layer / category"]) == [("Layer 1 · Foundation", "/architecture/layer-1/")]
    assert badge(summary["Status"]) == ("gc-status-live", "Live")
    assert links(url, summary["Ontology classifications"]) == [("identity:mint", "/ontology/#identity-mint")]
    assert links(url, summary["Scopes"]) == [("identity:mint", "/scopes/#scope-identity-mint"),
                                              ("identity:validate", "/scopes/#scope-identity-validate")]
    for _, target in links(url, summary["Ontology classifications"]) + links(url, summary["Scopes"]):
        assert_target_exists(site, target)
    assert links(url, summary["Repository"]) == [("https://github.com/chittyfoundation/chittyid",
                                                  "https://github.com/chittyfoundation/chittyid")]
    assert text(summary["Domain"]) == "id.chitty.cc"
    assert text(summary["Owner entity"]) == "ChittyCorp LLC"


def test_service_summary_falls_back_for_missing_values(site):
    """chittytrust is Planned: no tier, repository, domain or owner_entity of its own."""
    summary = key_values(section_table(site.article("/service/chittytrust/"), "summary"))
    assert text(summary["Owner entity"]) == "ChittyCorp LLC (default)"  # default_owner_entity of etc/authority/config.json
    assert text(summary["Ecosystem tier"]) == "not stated"
    assert text(summary["Repository"]) == "not yet"
    assert text(summary["Domain"]) == "not yet"
    assert text(summary["Ontology classifications"]) == "—"
    assert text(summary["Scopes"]) == "—"
    assert badge(summary["Status"]) == ("gc-status-planned", "Planned")


def test_service_how_to_call_it_and_webhooks(site):
    """The endpoint table under "How to call it": the manifest's routes where no other source states more."""
    url = "/service/chittyid/"
    tables = section_tables(site.article(url), "call")
    call = key_values(tables[0])
    assert links(url, call["Base URL"]) == [("https://id.chitty.cc", "https://id.chitty.cc")]
    assert "not stated" in text(call["Auth"]) and "not stated" in text(call["Token env name"])
    rows = table_rows(tables[1])
    assert [(text(r["Path"]), text(r["What it does"]), text(r["Stated in"])) for r in rows] == [
        ("/", "root", "manifest"), ("/api", "api", "manifest"), ("/health", "health", "manifest")]
    assert links(url, rows[2]["Path"]) == [("/health", "https://id.chitty.cc/health")]
    auth = "/service/chittyauth/"
    hooks = section_text(site.article(auth), "call")
    assert "session-revoked: https://auth.chitty.cc/hooks/revoked" in hooks
    assert ("https://auth.chitty.cc/hooks/revoked", "https://auth.chitty.cc/hooks/revoked") in \
        [link for el in section(site.article(auth), "call") for link in links(auth, el)]


@pytest.mark.parametrize("service, names", [("chittyid", ["CHITTY_ID_TOKEN"]),
                                            ("chittysync", ["NOTION_API_TOKEN", "CHITTY_AUTH_TOKEN"])])
def test_service_secrets_link_to_their_inventory_entry(site, service, names):
    url = f"/service/{service}/"
    rows = table_rows(section_table(site.article(url), "secrets"))
    assert [text(row["Name"]) for row in rows] == names
    for row, name in zip(rows, names):
        [(label, target)] = links(url, row["Name"])
        assert (label, target) == (name, f"/secrets/#{SECRETS[name]}")
        assert_target_exists(site, target)
        assert text(site.target("/secrets/", SECRETS[name]).find("td")) == name  # the name's row
        assert text(row["Where"]) == "manifest"
        assert text(row["What for"]).endswith("(long-lived)")
        assert text(row["Rotation"]) == "every 90 days"
    assert text(rows[0]["What for"]) == {"chittyid": "Calls id.chitty.cc. (long-lived)",
                                         "chittysync": "Reads Notion. (long-lived)"}[service]


def test_service_without_secrets_says_so(site):
    assert "No env names are declared" in section_text(site.article("/service/chittytrust/"), "secrets")


def test_service_names_the_credentials_it_issues(site):
    url = "/service/chittyid/"
    secrets = section(site.article(url), "secrets")
    assert "Credentials it issues to other services: CHITTY_ID_TOKEN." in section_text(site.article(url), "secrets")
    assert ("CHITTY_ID_TOKEN", "/secrets/#chitty-id-token") in [link for el in secrets for link in links(url, el)]


def test_service_page_holds_only_its_own_text(site):
    """The provisioning, access and change-management text every service shares lives on /secrets/ and /access/,
    linked from each page; no page names this repository's own files."""
    pages = [url for url in PAGES.values() if url.startswith("/service/")]
    for url in pages:
        article = site.article(url)
        # only the list of what it lacks names files of this repository: the ones to change
        outside = " ".join(text(el) for el in article.find_all(recursive=False)
                           if el not in section(article, "lacks"))
        assert "etc/chittyos" not in outside, url
        assert not [p for p in ("Roles:", "Reviews before deploy", "Change management") if p in text(article)], url
        found = [target for el in section(article, "secrets") for _, target in links(url, el)]
        assert "/secrets/#provisioning" in found, url
        access = [target for el in section(article, "access-and-changes") for _, target in links(url, el)]
        assert "/access/" in access, url
    assert_target_exists(site, "/secrets/#provisioning")
    assert text(site.target("/secrets/", "provisioning")).startswith("Provisioning")
    # one page's text differs from another's: no shared block of the old size is left
    first, second = (text(site.article(u)) for u in ("/service/chittytrust/", "/service/chittysync/"))
    assert len(set(first.split(". ")) & set(second.split(". "))) < 12


def test_service_access_runbooks(site):
    article = site.article("/service/chittyid/")
    url = "/service/chittyid/"
    access = section_text(article, "access-and-changes")
    assert "Owners: @chittyfoundation/identity" in access
    assert "Scopes granted to it: identity:mint, identity:validate" in access
    assert ("@chittyfoundation/identity", "/team/chittyfoundation-identity/") in [
        link for el in section(article, "access-and-changes") for link in links(url, el)]
    runbooks = key_values(section_table(article, "runbooks"))
    assert {key: text(value) for key, value in runbooks.items()} == {
        "Deploy": ".github/workflows/deploy.yml", "Incident": "Page the identity on-call.",
        "Rollback": "Redeploy the previous release.", "On-call": "@chittyfoundation/identity"}
    trust = key_values(section_table(site.article("/service/chittytrust/"), "runbooks"))
    assert {key: text(value) for key, value in trust.items()} == {
        "Deploy": "not documented", "Incident": "not documented", "Rollback": "not documented", "On-call": "not set"}


def _dependencies(site, url: str) -> dict[str, list[str]]:
    """The two tables of the Dependencies section, by their first column: what it depends on, what uses it."""
    out: dict[str, list[str]] = {"Depends on": [], "Used by": []}
    for table in section_tables(site.article(url), "dependencies"):
        for row in table_rows(table):
            (heading, cell), *_ = row.items()
            out[heading] += [target for _, target in links(url, cell)]
    return out


def test_service_dependencies_link_both_ways(site):
    assert _dependencies(site, "/service/chittysync/") == {
        "Depends on": ["/service/chittyauth/", "/datalayer/chittyledger/"], "Used by": []}
    assert _dependencies(site, "/service/chittyauth/") == {
        "Depends on": ["/service/chittyid/"], "Used by": ["/service/chittymonitor/", "/service/chittysync/"]}
    assert _dependencies(site, "/service/chittyid/") == {"Depends on": [], "Used by": ["/service/chittyauth/"]}
    assert _dependencies(site, "/datalayer/chittyledger/") == {"Depends on": [], "Used by": ["/service/chittysync/"]}
    # Every edge shows on both ends.
    for url in PAGES.values():
        deps = _dependencies(site, url)
        for target in deps["Depends on"]:
            assert url in _dependencies(site, target)["Used by"], f"{target} does not list {url} as a user"
        for target in deps["Used by"]:
            assert url in _dependencies(site, target)["Depends on"], f"{target} does not list {url} as a dependency"


def _governance(site, url: str) -> dict[str, tuple[str, str, str]]:
    found = governance(site.article(url), url)
    for target in {target for element in section(site.article(url), "governance") for _, target in links(url, element)}:
        assert target.startswith("/governance/rules/") and site.exists(target), target
    return found


def test_service_governance_table_shows_pass_and_waived(site):
    clean = _governance(site, "/service/chittyid/")
    assert {state for state, _, _ in clean.values()} == {"gc-pass"}
    assert {"canon/required/routes.health", "deps/cycle", "scopes/not-granted", "secrets/not-in-inventory",
            "ownership/placeholder", "ontology/unknown-domain"} <= set(clean)
    assert clean["canon/required/routes.health"] == ("gc-pass", "pass", "")
    assert "pass (26 of 26 rules)" in section_text(site.article("/service/chittyid/"), "governance")

    monitor = _governance(site, "/service/chittymonitor/")
    assert monitor["canon/required/routes.health"] == (
        "gc-waived", "waived", "routes.health: routes.health is missing: Live services must expose a health endpoint. "
        f"Waived: The health endpoint ships with the next release. (until {SOON})")
    assert monitor["canon/pattern/routes.api"][:2] == ("gc-waived", "waived")
    assert monitor["canon/pattern/routes.api"][2].startswith("routes.api: routes.api ")
    assert monitor["canon/pattern/routes.api"][2].endswith("Waived: The v1 API path stays until clients move. (until 2099-12-31)")
    # the waiver that expires within 30 days is announced as a notice on the entity it covers
    assert monitor["waivers/expiring"][:2] == ("gc-notice", "notice")
    others = {rule: value for rule, value in monitor.items() if not rule.startswith("canon/pattern/routes.api")
              and rule not in ("canon/required/routes.health", "waivers/expiring")}
    assert others and {state for state, _, _ in others.values()} == {"gc-pass"}


def test_service_roadmap(site):
    url = "/service/chittyid/"
    items = [link for el in section(site.article(url), "roadmap") for link in links(url, el)]
    assert items == [("Build trust scoring", "/roadmap/#trust-scoring")]
    assert_target_exists(site, items[0][1])
    assert "Build trust scoring — open" in section_text(site.article(url), "roadmap")
    assert "No roadmap item concerns this entity." in section_text(site.article("/service/chittyauth/"), "roadmap")


def test_author_page_is_merged_under_the_generated_summary(site):
    """docs/service/chittyid.md adds prose to the generated page instead of replacing it."""
    article = site.article("/service/chittyid/")
    headings = [h["id"] for h in article.find_all("h2")]
    assert headings.index("call") < headings.index("summary") < headings.index("author-section") < \
        headings.index("dependencies")
    summary = section_text(article, "summary")
    assert "Author note: every ChittyID is minted once and never reused." in summary
    assert "Ask the identity team before changing the minting format." in section_text(article, "author-section")
    # The author's own title gives way to the generated one.
    assert [text(h) for h in article.find_all("h1")] == ["chittyid"]
    assert "author's title" not in text(article)


# -- /datalayer/<name>/ ------------------------------------------------------------------

def test_datalayer_page(site):
    url = "/datalayer/chittyledger/"
    article = site.article(url)
    assert text(article.find("h1")) == "chittyledger"
    summary = key_values(section_table(article, "summary"))
    assert text(summary["Data layer ID"]) == "chittyledger"
    assert text(summary["Owners"]) == "data"
    assert links(url, summary["Layer / category"]) == [("Layer 3 · Data", "/architecture/layer-3/")]
    assert badge(summary["Status"]) == ("gc-status-active", "Active")
    assert text(summary["Classification"]) == "Confidential"
    assert text(summary["Retention"]) == "Seven years."
    assert text(summary["Owner entity"]) == "ChittyCorp LLC"
    assert {state for state, _, _ in _governance(site, url).values()} == {"gc-pass"}


# -- model pages --------------------------------------------------------------------------

def test_ontology_page(site):
    article = site.article("/ontology/")
    domains = table_rows(section_table(article, "domains"))
    assert [(text(r["Domain"]), text(r["Meaning"])) for r in domains] == [
        ("identity", "Identity minting and validation."), ("access", "Credentials and access.")]
    assert site.target("/ontology/", "domain-identity") is not None
    capabilities = table_rows(section_table(article, "capabilities"))
    assert [text(r["Capability"]) for r in capabilities] == ["mint", "validate", "provision"]
    assert site.target("/ontology/", "capability-provision") is not None
    carried = site.target("/ontology/", "identity-mint")
    assert carried.name == "h3" and text(carried) == "identity:mint"
    assert links("/ontology/", section(article, "identity-mint")[0]) == [("chittyid", "/service/chittyid/")]


def test_scopes_page(site):
    url = "/scopes/"
    article = site.article(url)
    rows = table_rows(section_table(article, "scopes-by-service"))
    granted = {text(r["Service"]): links(url, r["Granted scopes"]) for r in rows}
    assert granted == {
        "chittyid": [("identity:mint", "/scopes/#scope-identity-mint"), ("identity:validate", "/scopes/#scope-identity-validate")],
        "chittyauth": [("access:provision", "/scopes/#scope-access-provision")],
    }
    for scope, service in [("identity-mint", "chittyid"), ("identity-validate", "chittyid"), ("access-provision", "chittyauth")]:
        body = section_text(article, f"scope-{scope}")
        assert f"Granted to: {service}" in body and f"Requested by: {service}" in body
    assert ", ".join(LABELS) in section_text(article, "enforcement")


def test_secrets_page_has_a_row_per_env_name_with_its_detail(site):
    url = "/secrets/"
    article = site.article(url)
    table = section_table(article, "inventory")
    assert "gc-catalog" in table["class"]  # sortable and filterable, a plain table without JavaScript
    rows = {text(row["Name"]): row for row in table_rows(table)}
    assert list(rows) == list(SECRETS)
    for name, anchor in SECRETS.items():
        row = site.target(url, anchor)
        assert row is not None and row.name == "tr" and text(row.find("td")) == name
    assert links(url, rows["CHITTY_ID_TOKEN"]["Issued by"]) == [("chittyid", "/service/chittyid/")]
    assert text(rows["NOTION_API_TOKEN"]["Issued by"]) == "Notion"
    assert links(url, rows["CHITTY_AUTH_TOKEN"]["Declared by"]) == [("chittyauth", "/service/chittyauth/"),
                                                                   ("chittysync", "/service/chittysync/")]
    assert {name: text(row["Rotation"]) for name, row in rows.items()} == dict.fromkeys(SECRETS, "every 90 days")
    assert text(rows["CHITTY_ID_TOKEN"]["What it is for"]) == "Calls id.chitty.cc.Long-lived"
    assert article.find("h3") is None  # no section per name: the table is the inventory
    for row in rows.values():
        for cell in row.values():
            for _, target in links(url, cell):
                assert_target_exists(site, target)


def test_secrets_page_shows_no_secret_value(site):
    from getchitty.credentials import looks_like_credential

    page_text = text(site.article("/secrets/"))
    assert not [word for word in page_text.split() if looks_like_credential(word)]
    assert not re.search(r"\b(value|password)\s*[:=]", page_text, re.I)
    for name in SECRETS:  # only names, never a NAME=value pair
        assert not re.search(rf"{name}\s*=", page_text)


def test_access_page(site):
    url = "/access/"
    article = site.article(url)
    roles = table_rows(section_table(article, "roles"))
    assert [text(r["Role"]) for r in roles] == ROLES
    for role in ROLES:
        assert site.target(url, f"role-{role}") is not None
    gates = table_rows(section_table(article, "ci-gates"))
    assert [(text(g["Gate"]), text(g["Paths"]), text(g["Required labels"])) for g in gates] == [
        ("sensitive", ", ".join(GATE_PATHS), ", ".join(LABELS))]


# -- architecture ---------------------------------------------------------------------------

def test_architecture_board_counts_per_status_and_every_layer(site):
    url = "/architecture/"
    article = site.article(url)
    counts = {text(row["Status"]): text(row["Services"]) for row in table_rows(section_table(article, "services-per-status"))}
    assert counts == {**{status: str(n) for status, n in STATUS_COUNTS.items()}, "Total": "6"}
    for row in table_rows(section_table(article, "services-per-status"))[:-1]:
        assert badge(row["Status"])[0] == status_class(text(row["Status"]))
    layer_headings = [h for h in article.find_all("h3")]
    assert [links(url, h) for h in layer_headings] == [
        [(f"Layer {n} · {name}", f"/architecture/layer-{n}/")] for n, (name, _) in LAYERS.items()]
    for heading, (number, (_, members)) in zip(layer_headings, LAYERS.items()):
        tables = section_tables(article, heading["id"])
        listed = [text(r["Service"]) for t in tables for r in table_rows(t)]
        assert listed == [name for name, _ in members], f"layer {number}"


@pytest.mark.parametrize("number", sorted(LAYERS))
def test_layer_page(site, number):
    url = f"/architecture/layer-{number}/"
    name, members = LAYERS[number]
    article = site.article(url)
    assert text(article.find("h1")) == f"Layer {number} · {name}"
    if members:
        rows = table_rows(section_table(article, "services"))
        assert [(links(url, r["Service"]), badge(r["Status"])) for r in rows] == [
            ([(service, PAGES[service])], (status_class(status), status)) for service, status in members]
    else:
        assert "No services on this layer yet." in section_text(article, "services")
    gaps = section_text(article, "gaps")
    expected = {1: "Build trust scoring (open): Nothing scores trust yet.",
                5: "Give ChittyMonitor a health endpoint (in-progress): ChittyMonitor is Live without a health route."}
    assert expected.get(number, "No open roadmap item concerns this layer.") in gaps


def test_every_service_is_reachable_from_its_layer_page(site):
    for entry in site.json("/api/services.json")["services"]:
        layer_url = f"/architecture/layer-{entry['layer']}/"
        assert entry["page"] in [target for _, target in links(layer_url, site.article(layer_url))], entry["name"]


# -- roadmap and governance -------------------------------------------------------------------

def test_roadmap_page(site):
    url = "/roadmap/"
    article = site.article(url)
    rows = table_rows(article.find("table"))
    assert [(text(r["#"]), links(url, r["Gap"]), text(r["Status"]), [t for _, t in links(url, r["Services"])]) for r in rows] == [
        ("1", [("Give ChittyMonitor a health endpoint", "/roadmap/#monitor-health")], "in-progress", ["/service/chittymonitor/"]),
        ("2", [("Build trust scoring", "/roadmap/#trust-scoring")], "open", ["/service/chittytrust/", "/service/chittyid/"]),
    ]
    assert [(text(r["Owner"]), text(r["Target"])) for r in rows] == [
        ("@chittyos/platform", "2025-09-30"), ("@chittyos/security", "2026-03-31")]
    monitor = section_text(article, "monitor-health")
    assert "Action: Ship /health and declare routes.health." in monitor
    assert f"Waivers: canon/required/routes.health on chittymonitor (until {SOON})" in monitor
    assert ("canon/required/routes.health on chittymonitor", "/governance/#waivers") in \
        [link for el in section(article, "monitor-health") for link in links(url, el)]
    assert_target_exists(site, "/governance/#waivers")
    assert "Waivers: none" in section_text(article, "trust-scoring")


def test_governance_scorecard(site):
    """Every entity's share of passing rule checks, taken from the checks that apply to it; the totals are the
    check's."""
    url = "/governance/scorecard/"
    article = site.article(url)
    rows = {text(r["Service"]): {k: text(v) for k, v in r.items()} for r in table_rows(section_table(article, "services"))}
    assert list(rows) == sorted(PAGES)
    for name, row in rows.items():
        shown = _governance(site, PAGES[name])
        met = sum(1 for state, _, _ in shown.values() if state in ("gc-pass", "gc-notice"))
        assert row["Checks passing"] == f"{met} of {len(shown)}", name
        assert row["Share"] == f"{met * 100 // len(shown)} %", name
    assert "chittymonitor" in rows and rows["chittymonitor"]["Checks passing"] != rows["chittymonitor"]["Share"]
    [totals] = table_rows(section_table(site.article("/governance/"), "totals"))
    totals = {k: text(v) for k, v in totals.items()}
    # the same numbers `getchitty check` prints: each finding once
    assert (totals["Waived findings"], totals["Warnings"], totals["Errors"], totals["Notices"]) == ("2", "0", "0", "1")
    assert ("scorecard", "/governance/scorecard/") in links("/governance/", site.article("/governance/"))


def test_governance_waivers_show_owner_and_expiry_and_highlight_expiring_ones(site):
    url = "/governance/"
    waivers = table_rows(section_table(site.article(url), "waivers"))
    seen = [(text(w["Waived finding"]), text(w["Owner"]), text(w["Expires"]), text(w["Reason and roadmap item"]))
            for w in waivers]
    assert seen == [
        ("canon/required/routes.health on chittymonitor", "@chittyos/platform", SOON,
         "The health endpoint ships with the next release. — Give ChittyMonitor a health endpoint"),
        ("canon/pattern/routes.api on chittymonitor", "@chittyos/sre", "2099-12-31",
         "The v1 API path stays until clients move."),
    ]
    assert [links(url, w["Owner"]) for w in waivers] == [[("@chittyos/platform", "/team/chittyos-platform/")],
                                                        [("@chittyos/sre", "/team/chittyos-sre/")]]
    soon, later = waivers
    assert text(soon["Expires"].select_one("span.gc-expiring")) == SOON
    assert later["Expires"].select_one(".gc-expiring") is None
    assert links(url, soon["Reason and roadmap item"]) == [("Give ChittyMonitor a health endpoint", "/roadmap/#monitor-health")]
    assert links(url, later["Reason and roadmap item"]) == []
    assert links(url, soon["Waived finding"]) == [("canon/required/routes.health", "/governance/rules/canon-required-routes-health/"),
                                                  ("chittymonitor", "/service/chittymonitor/")]


def test_governance_lists_every_rule_with_a_page(site):
    url = "/governance/"
    rules = table_rows(section_table(site.article(url), "rules"))
    assert len(rules) > 40
    ids = [text(r["Rule"]) for r in rules]
    assert ids == sorted(ids)
    assert {"syntax/invalid-yaml", "schema/unknown-field", "canon/required/routes.health", "scopes/not-granted",
            "secrets/credential-value", "ownership/placeholder", "deps/cycle", "waivers/expired", "waivers/unused"} <= set(ids)
    severities = {text(r["Rule"]): text(r["Severity"]) for r in rules}
    assert severities["waivers/unused"] == "warning" and severities["deps/cycle"] == "error"
    for row in rules:
        [(rule, target)] = links(url, row["Rule"])
        assert site.exists(target), target
        assert text(site.article(target).find("h1")) == rule


def test_rule_page_lists_its_findings(site):
    url = "/governance/rules/canon-required-routes-health/"
    article = site.article(url)
    assert text(article.find("h1")) == "canon/required/routes.health"
    assert text(article.find("p")) == ("error — Live services must expose a health endpoint; "
                                       "Active services are held to Live requirements: they must expose a health endpoint")
    assert section(article, "how-to-fix")
    [finding] = table_rows(section_table(article, "current-findings"))
    assert links(url, finding["Entity"]) == [("chittymonitor", "/service/chittymonitor/")]
    where = finding["Finding, and where"].select_one("code.gc-path")
    assert re.fullmatch(r"etc/chittyos/services/chittymonitor\.yml:\d+:\d+", text(where))
    assert len(where.find_all("wbr")) == 5  # the path wraps after its slashes and colons, if it must, nowhere else
    assert text(finding["Finding, and where"]).startswith("routes.health is missing")
    assert text(finding["Status"]) == (f"waived until {SOON} (@chittyos/platform): "
                                       "The health endpoint ships with the next release.")
    clean = site.article("/governance/rules/deps-cycle/")
    assert "No service fails or is waived on this rule." in section_text(clean, "current-findings")


# -- site-wide properties -----------------------------------------------------------------------

def test_every_internal_link_resolves(site):
    """Every link on every generated page leads to a page (and anchor) of the site."""
    urls = ["/", "/architecture/", "/ontology/", "/scopes/", "/secrets/", "/access/", "/roadmap/", "/governance/",
            *PAGES.values(), *[f"/architecture/layer-{n}/" for n in LAYERS]]
    for url in urls:
        for _, target in links(url, site.article(url)):
            if not target.startswith(("http://", "https://")):
                assert_target_exists(site, target)


def test_generated_pages_are_virtual(site):
    """The build writes nothing into docs/: only the author's own page is there."""
    files = sorted(p.relative_to(site.tree / "docs").as_posix() for p in (site.tree / "docs").rglob("*") if p.is_file())
    assert files == ["service/chittyid.md"]


def _nav_targets(site, url: str) -> set[str]:
    soup = site.soup(url)
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    found = {resolve(url, a["href"]).split("#")[0] for a in nav.find_all("a", href=True)}
    found |= {resolve(url, a["href"]).split("#")[0] for a in soup.select("nav.md-tabs a[href]")}
    return found


@pytest.mark.parametrize("url", ["/", "/service/chittyid/", "/architecture/layer-1/"])
def test_nav_is_small_and_lists_no_service_page(site, url):
    targets = _nav_targets(site, url)
    assert not [t for t in targets if t.startswith(("/service/", "/datalayer/", "/composite/", "/governance/rules/"))]
    assert not [t for t in targets if t.startswith("/team/")]  # one page per team: reached from /teams/
    assert len(targets) <= 22


def test_the_nav_of_each_tab_leads_to_every_portal_page(site):
    """navigation.prune: a page's navigation holds the tabs and its own tab's pages; from each tab's first page,
    that tab's pages."""
    targets = set().union(*(_nav_targets(site, url) for url in ("/", "/catalog/", "/architecture/", "/ontology/",
                                                                  "/governance/")))
    assert {"/", "/catalog/", "/teams/", "/architecture/", "/ontology/", "/scopes/", "/secrets/", "/access/", "/api/",
            "/governance/", "/roadmap/", *[f"/architecture/layer-{n}/" for n in LAYERS]} <= targets


def test_nav_tabs(site):
    tabs = [text(a) for a in site.soup("/").select("nav.md-tabs a.md-tabs__link")]
    assert tabs == ["Home", "Catalog", "Architecture", "Model", "Governance"]


def test_search_index_has_each_services_name_domain_and_classification(site):
    docs = site.json("/search/search_index.json")["docs"]
    for entry in site.json("/api/services.json")["services"]:
        location = entry["page"].lstrip("/")
        own = [d for d in docs if d["location"].split("#")[0] == location]
        assert any(d["title"] == entry["name"] for d in own), entry["name"]
        indexed = " ".join(d["text"] for d in own)
        if entry["primary_domain"]:
            assert entry["primary_domain"] in indexed, entry["name"]
        for classification in entry["ontology"]:
            assert classification in indexed, (entry["name"], classification)
    chittyid = " ".join(d["text"] for d in docs if d["location"].startswith("service/chittyid/"))
    assert "id.chitty.cc" in chittyid and "identity:mint" in chittyid


def test_rule_texts_show_code_spans_not_backticks(site):
    """Rule texts mark code with backticks; pages show it as code, never as visible backticks."""
    rules = [url for url, _ in site.pages() if url.startswith("/governance/rules/")]
    assert len(rules) > 40
    for url in [*rules, "/governance/"]:
        assert "`" not in text(site.article(url)), url
    article = site.article("/governance/rules/authoring-undecided/")
    assert [text(code) for code in article.find("p").find_all("code")] == ["<...>"]
    assert "getchitty new" in [text(code) for code in article.find_all("code")]
