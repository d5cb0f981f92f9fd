"""The service record on this repository's real sources: what the five synced repositories declare reaches each
service's page and its read-API file, each value with the line that states it, and nothing sync read is dropped.

Every expectation is derived from the committed snapshots (etc/federation/snapshot/), and the charters' tables
are counted again from the upstream files themselves (etc/upstream/ecosystem/), so nothing is hand-counted.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from engine_support import REPO, check
from federation_support import ECOSYSTEM

from getchitty import record as record_module
from getchitty.render import render_site

SNAPSHOTS = sorted((REPO / "etc/federation/snapshot").glob("*/*.yml"))
TODAY = date(2026, 12, 1)
# Facts a reader must find on the service's page and in its read-API file (field → what of it the page shows).
DECLARED = {
    "endpoint": lambda v, key: v.get("path") or key,
    "dependency": lambda v, key: v.get("name") or key,
    "binding": lambda v, key: v.get("binding") or key,
    "tail_consumer": lambda v, key: v.get("binding") or key,
    "cron": lambda v, key: v.get("schedule") or key,
    "route": lambda v, key: v.get("pattern") or key,
    "secret": lambda v, key: v.get("name") or key,
    "service_token_key": lambda v, key: v,
    "mission": lambda v, key: v[:60],
    # a role several teams hold is shown as each of them
    "ownership": lambda v, key: re.findall(r"@[\w./-]+", v.get("owner", "")) or v.get("owner") or key,
    "responsible_for": lambda v, key: v[:40],
    "not_responsible_for": lambda v, key: v[:40],
}


@pytest.fixture(scope="module")
def result(repository_result):
    return repository_result


@pytest.fixture(scope="module")
def site(result):
    from getchitty.export import read_author_pages

    return render_site(result, author_pages=read_author_pages(REPO, "docs"))


def snapshots() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in SNAPSHOTS]


def own_facts(field_names) -> list[tuple[dict, dict]]:
    """(snapshot, fact) for every fact a repository states about its own service, of these fields."""
    return [(snap, fact) for snap in snapshots() if snap.get("service")
            for fact in snap["facts"] if fact.get("subject") == snap["service"] and fact["field"] in field_names]


def page_of(result, site, name: str) -> str:
    return site.pages[result.ecosystem.entities[name].page]


def json_of(result, site, name: str) -> dict:
    return json.loads(site.assets[result.ecosystem.entities[name].api_path])


def cited(snap: dict, fact: dict) -> str:
    """How a page cites the fact's line: its source link, to that line of the commit read."""
    path, line = fact["at"].rsplit(":", 1)
    return f'href="https://github.com/{snap["repository"]}/blob/{snap["commit"]}/{path}#L{line}"'


def sources_in(data) -> set[tuple[str, int]]:
    """Every (path, line) a read-API file cites, anywhere in it."""
    found = set()
    if isinstance(data, dict):
        if isinstance(data.get("path"), str) and isinstance(data.get("line"), int):
            found.add((data["path"], data["line"]))
        for value in data.values():
            found |= sources_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= sources_in(value)
    return found


def test_every_declared_fact_is_on_its_page_and_in_its_json_with_its_line(result, site):
    facts = own_facts(DECLARED)
    assert {fact["field"] for _, fact in facts} >= {"endpoint", "dependency", "binding", "cron", "route", "secret",
                                                   "service_token_key", "mission", "ownership"}
    missing = []
    for snap, fact in facts:
        page = html.unescape(page_of(result, site, snap["service"]))
        record = json_of(result, site, snap["service"])["record"]
        path, line = fact["at"].rsplit(":", 1)
        shown = DECLARED[fact["field"]](fact["value"], fact.get("key", ""))
        texts = [str(item) for item in shown] if isinstance(shown, list) else [str(shown)]
        if cited(snap, fact) not in page or not all(text in page for text in texts):
            missing.append(("page", snap["service"], fact["at"], fact["field"], texts))
        if (path, int(line)) not in sources_in(record):
            missing.append(("json", snap["service"], fact["at"], fact["field"], shown))
    assert not missing, missing[:20]
    assert len(facts) > 300


def charter_rows(charter: Path, heading_words: tuple[str, ...], column_words: tuple[str, ...] = ()) -> int:
    """Table rows in the charter's sections whose heading holds one of these words (their subsections
    included), in tables whose header names one of `column_words` (any table when none), counted from the
    file itself."""
    rows, level, header, counted = 0, 0, None, False
    for line in charter.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"(#+)\s+(.*)", line)
        if heading:
            depth = len(heading.group(1))
            if level and depth <= level:
                level = 0
            if not level and any(word in heading.group(2).lower() for word in heading_words):
                level = depth
            header, counted = None, False
        elif level and line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = [c.lower() for c in cells]
                counted = not column_words or any(word in cell for cell in header for word in column_words)
            elif all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
                continue
            elif counted and any(cells):
                rows += 1
        elif not line.strip():
            header, counted = None, False
    return rows


@pytest.mark.parametrize("repository", ["chittyconnect", "chittyregistry", "chittymcp", "chittysync"])
def test_every_charter_table_row_is_a_fact(repository):
    """The charter's API and Dependencies tables, row by row, against the endpoint and dependency facts."""
    charter = ECOSYSTEM / repository / "CHARTER.md"
    facts = own_facts({"endpoint", "dependency"})
    endpoints = {f["at"] for s, f in facts if s["service"] == repository and f["field"] == "endpoint"
                 and f["at"].startswith("CHARTER.md")}
    dependencies = {f["at"] for s, f in facts if s["service"] == repository and f["field"] == "dependency"}
    assert len(endpoints) == charter_rows(charter, ("api contract", "endpoints"), ("endpoint", "path", "route")), repository
    assert len(dependencies) >= charter_rows(charter, ("dependenc",)), repository  # a row may name several


def test_chittyid_and_chittyconnect_are_used(result, site):
    for name in ("chittyid", "chittyconnect"):
        record = json_of(result, site, name)["record"]
        assert record["used_by"], name
        assert json_of(result, site, name)["used_by"], name
        assert "- **Used by:** no other entity" not in page_of(result, site, name)


def fold(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def test_the_map_draws_exactly_the_resolved_dependencies(result, site):
    """Arrows on the map: every dependency the snapshots and manifests state between two entities, once."""
    entities = result.ecosystem.entities
    names = {fold(alias): name for name, e in entities.items() for alias in (name, e.page_name, *e.aliases)}

    def resolve(written: str) -> str:
        return names.get(fold(written)) or names.get(fold(re.sub(r"(?:[-_](?:worker|production|prod|staging|dev))+$",
                                                                    "", written.casefold())), "")
    expected = set()
    for snap in snapshots():
        for fact in snap["facts"]:
            subject, value = fact.get("subject"), fact["value"]
            if fact["field"] == "dependency" and value.get("relation") in ("upstream", "peer", "downstream"):
                target = resolve(value.get("service") or value.get("name"))
                pair = (target, subject) if value["relation"] == "downstream" else (subject, target)
            elif fact["field"] == "binding" and value.get("kind") == "service" or fact["field"] == "tail_consumer":
                pair = (subject, resolve(value.get("target") or value.get("binding")))
            elif fact["field"] == "dependency":
                pair = (subject, resolve(value.get("name", "")))
            else:
                continue
            if all(pair) and pair[0] != pair[1] and pair[0] in entities:
                expected.add(pair)
    for entity in entities.values():
        expected |= {(entity.name, target) for target in entity.depends_on if target in entities}
    picture = site.pages["architecture/index.md"]
    drawn = set(re.findall(r'class="gc-pic-edge gc-pic-edge-(?:depends-on|peer)[^"]*"[^>]*data-source="([^"]+)" '
                           r'data-target="([^"]+)"', picture))
    on_board = {(a, b) for a, b in expected if result.ecosystem.layer_of(entities[a]) is not None
                and result.ecosystem.layer_of(entities[b]) is not None}
    assert drawn == on_board, (sorted(on_board - drawn)[:10], sorted(drawn - on_board)[:10])
    # a relation with a service on no layer of the board is counted in the map's description, and listed on the page
    off = re.search(r"(\d+) relations? with a service not on the board", picture)
    assert int(off.group(1)) == len(expected - on_board) > 0
    assert len(drawn) > 20


def test_nothing_sync_read_is_dropped(result, site):
    """Every fact about a service is in its record (shown, or listed as not shown with the reason); every fact
    about the ecosystem as a whole is in /api/sources.json."""
    sources = json.loads(site.assets["api/sources.json"])["sources"]
    ecosystem = {(s["repository"], f["source"]["path"], f["source"]["line"], f["field"]) for s in sources
                 for f in s["facts"]}
    cited_by: dict[str, set] = {}
    dropped = []
    for snap in snapshots():
        for fact in snap["facts"]:
            path, line = fact["at"].rsplit(":", 1)
            subject = fact.get("subject")
            if not subject:
                if (snap["repository"], path, int(line), fact["field"]) not in ecosystem:
                    dropped.append((snap["repository"], fact["at"], fact["field"]))
                continue
            if subject not in cited_by:
                cited_by[subject] = sources_in(json_of(result, site, subject)["record"])
            if (path, int(line)) not in cited_by[subject]:
                dropped.append((subject, fact["at"], fact["field"]))
    assert not dropped, dropped[:20]


def test_the_not_shown_list_says_why(result, site):
    record = json_of(result, site, "chittyregistry")["record"]
    assert record["not_shown"] and all(item["reason"] for item in record["not_shown"])
    page = page_of(result, site, "chittyregistry")
    assert "Not shown, and why:" in page


def test_the_catalog_names_an_owner_wherever_a_source_does(result, site):
    from bs4 import BeautifulSoup

    owner_fields = {"owners", "ownership", "codeowners_rule", "path_owners", "maintainer"}
    named = {fact["subject"] for snap in snapshots() for fact in snap["facts"]
             if fact.get("subject") and fact["field"] in owner_fields}
    named |= {e.name for e in result.ecosystem.entities.values() if e.owners}
    table = BeautifulSoup(site.pages["catalog/index.md"], "html.parser").find("table", class_="gc-catalog")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    owners = {}
    for row in table.select("tbody tr"):
        cells = row.find_all("td")
        name = cells[0].get_text(strip=True)
        owners[name] = cells[headers.index("Owners")].get_text(strip=True)
    names = {result.ecosystem.entities[name].name if name in result.ecosystem.entities else name for name in named}
    empty = sorted(name for name in names if owners.get(name) in ("—", None))
    assert not empty, empty
    assert sum(1 for value in owners.values() if value != "—") >= len(names)


def test_owners_and_dependencies_read_without_a_record_are_the_records(result):
    """The catalog and the map read every entity's owners and dependencies without building its record: they are
    the record's, for every entity of this repository's sources (CODEOWNERS, charters, the registry)."""
    unbuilt, built = record_module.build(result.ecosystem), record_module.build(result.ecosystem)
    names = list(result.ecosystem.entities)
    read = [(unbuilt.owners(name), unbuilt.depends_on(name)) for name in names]
    assert read == [(built[name].owners, built[name].depends_on) for name in names]
    assert sum(1 for owners, _ in read if owners) > 20 and sum(1 for _, edges in read if edges) > 3


def test_the_record_of_a_service_leads_with_how_to_call_it(result, site):
    page = page_of(result, site, "chittyregistry")
    lead = page.index("## How to call it")
    assert lead < page.index("## Summary") and lead < page.index("## Dependencies")
    assert page.index("| Base URL |") < page.index("<tr><td>GET</td>") < page.index("## Summary")
    assert "CHITTYREGISTRY&#95;SERVICE&#95;TOKEN" in page[lead:page.index("## Summary")]


def _row(page: str, label: str) -> str | None:
    """The value cell of a table row `| label | value |` of a page's Markdown, unescaped, tags dropped."""
    found = re.search(rf"^\| {re.escape(label)} \| (.*?) \|$", page, re.M)
    return re.sub(r"<[^>]+>", "", html.unescape(found.group(1))).strip() if found else None


def contradictions(name: str, page: str, record: dict) -> list[tuple]:
    """Where two sections of one page state different values of one fact: health route, domain, repository,
    charter, dependencies."""
    found = []
    paths = {e["path"].rstrip("/") for e in record["endpoints"]}
    health = _row(page, "Health route")
    if health not in (None, "none stated") and health.split(" ")[0].rstrip("/") not in paths:
        found.append((name, "health route", health, sorted(paths)))
    hosts = {re.sub(r"^https?://", "", b["url"]).split("/")[0].casefold() for b in record["base_urls"]}
    for label in ("Domain", "Production domain"):
        domain = _row(page, label)
        if domain and " " not in domain and domain not in ("not yet", "none stated") and domain.casefold() not in hosts:
            found.append((name, label, domain, sorted(hosts)))
    repositories = [html.unescape(value).split(" ")[0].casefold()
                    for value in re.findall(r"^\| Repository \| (.*?) \|", page, re.M)]
    named = {re.sub(r"^.*github\.com/", "", re.sub(r"<[^>]+>", "", value)).strip("/") for value in repositories
             if "github.com/" in value or "/" in value}
    if len(named) > 1:
        found.append((name, "repository", sorted(named)))
    charter = _row(page, "Charter")
    if charter in ("none recorded", "none read") and (record["checklist"] or any(
            s["field"] in ("charter_url", "charter.version", "charter.status") for s in record["other"] + record["purpose"])):
        found.append((name, "charter", charter, "the sources state one"))
    lead = re.search(r"^- \*\*Depends on:\*\* (.*)$", page, re.M)
    listed = {n for n in re.findall(r"\[([^\]]+)\]\(", lead.group(1)) if not n.endswith("more")} if lead else set()
    if not listed <= {e["to"] for e in record["depends_on"] if e["to"]}:
        found.append((name, "dependencies", sorted(listed)))
    return found


def test_no_page_contradicts_itself(result, site):
    found = []
    for name, entity in result.ecosystem.entities.items():
        found += contradictions(name, site.pages[entity.page], json.loads(site.assets[entity.api_path])["record"])
    assert not found, found[:10]


def test_the_contradiction_finder_finds_one():
    record = {"endpoints": [{"path": "/health"}], "base_urls": [{"url": "https://a.chitty.cc"}], "depends_on": [],
              "checklist": [{"field": "compliance_claim"}], "other": [], "purpose": []}
    page = ("- **Depends on:** [chittyid](chittyid.md)\n| Health route | /healthz |\n| Domain | b.chitty.cc |\n"
            "| Repository | https://github.com/chittyos/a |\n| Repository | chittyos/b (its own repository) |\n"
            "| Charter | none recorded |\n")
    assert [item[1] for item in contradictions("x", page, record)] == [
        "health route", "Domain", "repository", "charter", "dependencies"]


QUUX = {
    ".chittyconnect.yml": """\
service:
  name: chittyquux
  display_name: ChittyQuux
  type: service
  tier: 3
  organization: CHITTYOS
domain: quux.chitty.cc
auth:
  provider: chittyauth
  endpoint: https://auth.chitty.cc
  service_token:
    source: chittyconnect
    key: CHITTYQUUX_SERVICE_TOKEN
health:
  route: https://quux.chitty.cc/status/health
""",
    "CHARTER.md": """\
# ChittyQuux Charter

## Classification

- **Canonical URI**: `chittycanon://core/services/chitty-quux`
- **Tier**: 3 (Operational)
- **Organization**: CHITTYOS
- **Domain**: quux.chitty.cc

## Mission

ChittyQuux turns quux requests into durable, replayable jobs.

## Scope

### IS Responsible For
- Queueing quux jobs

### IS NOT Responsible For
- Identity

## Dependencies

| Kind | Name | Why |
|------|------|-----|
| Upstream | ChittyID | Job owners |
| Peer | ChittyConnect | Credentials |
| External | Stripe | Billing |

## API Contract

**Base URL**: https://quux.chitty.cc

| Route | Verb | Description | Auth |
|-------|------|-------------|------|
| `/status/health` | GET | Liveness | none |
| `/v2/jobs` | POST | Enqueue a job | Bearer |
| `/v2/jobs/{id}` | GET | Read a job | Bearer |

## Ownership

| Role | Owner |
|------|-------|
| Service Owner | @chittyos/quux |
| Security Contact | security@chitty.cc |
""",
    "wrangler.toml": """\
name = "chittyquux"
main = "src/index.ts"
compatibility_date = "2026-08-01"

[[kv_namespaces]]
binding = "JOBS"
id = "0123456789abcdef0123456789abcdef"

[[services]]
binding = "ID"
service = "chittyid"

[triggers]
crons = ["*/10 * * * *"]

[env.production]
routes = [{ pattern = "quux.chitty.cc/*", zone_name = "chitty.cc" }]
""",
    ".github/secret-catalog.json": """\
{
  "secrets": [
    {"name": "QUUX_STRIPE_KEY", "op_ref": "op://ChittyOS/quux-stripe/credential", "owner": "platform-security", "rotation_days": 60}
  ]
}
""",
    "CODEOWNERS": "* @chittyos/quux\n",
}


def test_a_new_repository_is_published_with_no_code_change(tmp_path):
    """Another repository listed in sources.yml and synced the documented way: what its files declare is on its
    page and in its read-API file, each value with its line."""
    import shutil

    from federation_support import GITHUB_SOURCES, export_folder, federated_tree

    mirror = tmp_path / "mirror"
    shutil.copytree(ECOSYSTEM, mirror)
    export_folder(mirror, "chittyquux", QUUX, commit="cd" * 20)
    tree = federated_tree(tmp_path / "repo", [*GITHUB_SOURCES, {"repository": "chittyos/chittyquux", "ref": "main"}],
                          mirror)
    result = check(tree, today=TODAY, use_cache=False)
    assert not result.failed(), [(v.location, v.rule, v.message) for v in result.errors]
    quux = [v for v in result.violations if v.entity == "chittyquux" and not v.waived]
    assert not [v for v in quux if v.rule.startswith(("federation/", "drift/"))], [(v.rule, v.message) for v in quux]
    site = render_site(result)
    entity = result.ecosystem.entities["chittyquux"]
    page, data = html.unescape(site.pages[entity.page]), json.loads(site.assets[entity.api_path])
    record = data["record"]
    missing = [shown for shown in ("/v2/jobs", "/v2/jobs/{id}", "Enqueue a job", "Bearer", "CHITTYQUUX_SERVICE_TOKEN",
                                   "JOBS", "*/10 * * * *", "quux.chitty.cc/*", "QUUX_STRIPE_KEY",
                                   "ChittyQuux turns quux requests", "Queueing quux jobs", "Stripe", "@chittyos/quux",
                                   "security@chitty.cc") if shown not in page]
    assert not missing, missing
    assert {e["method"] + " " + e["path"] for e in record["endpoints"] if e["method"]} >= {
        "GET /status/health", "POST /v2/jobs", "GET /v2/jobs/{id}"}
    assert {(e["to"], e["relation"]) for e in record["depends_on"]} >= {("chittyid", "upstream"),
                                                                        ("chittyconnect", "peer")}
    assert ("Stripe", "external") in {(e["written"], e["relation"]) for e in record["depends_on"]}
    assert any(u["from"] == "chittyquux" for u in json.loads(site.assets["api/services/chittyid.json"])["record"]["used_by"])
    assert record["base_urls"][0]["url"] == "https://quux.chitty.cc"
    assert "@chittyos/quux" in record["teams"]
    for item in record["endpoints"]:
        assert item["source"]["repository"] == "chittyos/chittyquux" and item["source"]["line"]


def test_a_required_field_its_repository_states_is_said_to_be_stated_there(tmp_path):
    """chittysync's manifest, made Live, lacks routes.health while its repository declares /health: the finding is
    about the manifest, and says where the repository states it, so the page's /health and the finding agree."""
    from federation_support import federated_tree

    tree = federated_tree(tmp_path / "repo")
    manifest = tree / "etc/chittyos/services/chittysync.yml"
    manifest.write_text(re.sub(r"status: [^\n]+", "status: Live", manifest.read_text()))
    result = check(tree, today=TODAY, use_cache=False)
    (finding,) = [v for v in result.violations if v.entity == "chittysync" and v.field == "routes.health"]
    assert finding.rule == "canon/required/routes.health"
    assert finding.message.endswith("; the service's own repository states it (/health at "
                                    "chittyos/chittysync@49763fb6bf43:.chittyconnect.yml:34)")
    assert finding.hint.startswith("Copy routes.health into the manifest from chittyos/chittysync@")
    assert [v.rule for v in result.violations if "own repository states" in v.message] == [finding.rule]



def test_a_downstream_row_is_an_edge_of_the_service_it_names(tmp_path):
    """`Downstream: ChittyAuth` in chittyfoo's charter: chittyauth depends on chittyfoo. chittyfoo's record lists
    chittyauth under "Used by", never under "Depends on"; chittyauth's lists chittyfoo under "Depends on", cited at
    chittyfoo's charter."""
    from federation_support import export_folder, federated_tree

    from getchitty.record import Records

    mirror = tmp_path / "mirror"
    export_folder(mirror, "chittyfoo", {
        ".chittyconnect.yml": "service:\n  name: chittyfoo\n  type: service\n",
        "CHARTER.md": "# ChittyFoo\n\n## Dependencies\n\n- **Downstream**: ChittyAuth\n- **Upstream**: ChittyID\n"})
    tree = federated_tree(tmp_path / "repo", [{"repository": "chittyos/chittyfoo", "ref": "main"}], mirror)
    records = Records(check(tree, use_cache=False).ecosystem)
    assert [(e.source_entity, e.target) for e in records["chittyfoo"].depends_on] == [("chittyfoo", "chittyid")]
    assert [(e.source_entity, e.target) for e in records["chittyfoo"].used_by] == [("chittyauth", "chittyfoo")]
    stated = [e for e in records["chittyauth"].depends_on if e.target == "chittyfoo"]
    assert [(e.source.path, e.source.line) for e in stated] == [("CHARTER.md", 5)]
