"""The portal's own pages on the built fixture site: the catalog, the teams, the read API and its schemas, the
pictures, edit links, the build stamp, the 404 page and what every page carries (scripts, copy buttons).

The site is the fixture ecosystem plus tests/fixtures/site_extra (see test_site_pages.py for its entities),
built once per session with `mkdocs build --strict`.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from site_support import (
    REPO,
    SITE_EXTRA,
    links,
    make_tree,
    resolve,
    section,
    section_table,
    section_text,
    table_rows,
    text,
)

from getchitty.render import API_FILES
from getchitty.status import LIFECYCLE  # the lifecycle, in the schemas' order

pytest_plugins = ["site_fixtures"]

ENTITIES = {  # name: (page, kind, owners, tier, layer, status, governance state)
    "chittyauth": ("/service/chittyauth/", "Service", ["security"], "", "Layer 2 · Core", "Active", "pass"),
    "chittyid": ("/service/chittyid/", "Service", ["@chittyfoundation/identity"], "tier1", "Layer 1 · Foundation", "Live",
                 "pass"),
    "chittyledger": ("/datalayer/chittyledger/", "Data layer", ["data"], "", "Layer 3 · Data", "Active", "pass"),
    "chittymonitor": ("/service/chittymonitor/", "Service", ["@chittyos/platform"], "", "Layer 5 · Platform", "Live",
                      "waived"),
    "chittysync": ("/service/chittysync/", "Service", ["@chittyos/platform"], "", "Layer 7 · Sync", "Needs Deployment",
                   "pass"),
    "chittytrust": ("/service/chittytrust/", "Service", ["platform"], "", "Layer 1 · Foundation", "Planned", "pass"),
}
# Every owner handle named anywhere: manifests, the waivers (@chittyos/sre holds one) and the roadmap
# (@chittyos/security owns an item), each with a page.
TEAMS = {"@chittyfoundation/identity": "/team/chittyfoundation-identity/", "@chittyos/platform": "/team/chittyos-platform/",
         "@chittyos/security": "/team/chittyos-security/", "@chittyos/sre": "/team/chittyos-sre/", "data": "/team/data/",
         "platform": "/team/platform/", "security": "/team/security/"}
# The lifecycle's order (the schemas' status enum), which the catalog sorts statuses by.
SOON = (date.today() + timedelta(days=10)).isoformat()


# -- /catalog/ ------------------------------------------------------------------------------

def catalog(site):
    table = site.article("/catalog/").select_one("table.gc-catalog")
    assert table is not None, "no catalog table"
    return table


def test_catalog_lists_every_entity_with_its_facts(site):
    table = catalog(site)
    assert table.parent.get("class") == ["gc-table-scroll"] and table.parent.get("tabindex") == "0"
    rows = {text(row["Name"]): row for row in table_rows(table)}
    assert list(rows) == sorted(ENTITIES)
    for name, (page, kind, owners, tier, layer, status, state) in ENTITIES.items():
        row = rows[name]
        assert links("/catalog/", row["Name"]) == [(name, page)]
        assert text(row["Kind"]) == kind
        assert links("/catalog/", row["Owners"]) == [(owner, TEAMS[owner]) for owner in owners]
        assert [text(item) for item in row["Owners"].select("[data-item]")] == owners
        assert row["Tier"]["data-value"] == tier and text(row["Tier"]) == (tier or "—")
        assert [text(item) for item in row["Layer"].select("[data-item]")] == [layer]
        assert row["Layer"]["data-sort-value"] == layer.split(" ")[1]
        assert row["Status"]["data-value"] == status and text(row["Status"]) == status
        assert row["Status"]["data-sort-value"] == str(list(LIFECYCLE).index(status))  # sorted by lifecycle, not by name
        assert row["Governance"]["data-value"] == state and text(row["Governance"]) == state
    organization = {name: row["Organization"]["data-value"] for name, row in rows.items()}
    assert organization["chittyid"] == "chittyfoundation" and organization["chittytrust"] == ""


def test_catalog_columns_follow_the_script_contract(site):
    headers = {text(th): th for th in catalog(site).select("thead th")}
    assert {name: th.get("data-filter") for name, th in headers.items()} == {
        "Name": None, "Status": "status", "What it does": None, "Owners": "owner", "Kind": "kind",
        "Organization": "organization", "Tier": "tier", "Layer": "layer", "Governance": "governance"}
    assert list(headers)[:3] == ["Name", "Status", "What it does"]  # what a phone shows first
    assert headers["Layer"]["data-sort"] == "number" and headers["What it does"]["data-sort"] == "none"
    assert headers["Status"]["data-sort"] == "number"
    assert headers["Governance"]["data-filter-label"] == "Governance state"
    assert all(th.get("scope") == "col" for th in headers.values())


def test_catalog_is_linked_from_the_nav_and_the_home_page(site):
    assert ("catalog", "/catalog/") in links("/", site.article("/"))
    assert "/catalog/" in [href for _, href in links("/", site.soup("/").select_one("nav.md-tabs"))]
    legend = site.article("/catalog/").select_one("ul.gc-legend")
    assert legend is not None and len(legend.select("span.gc-status")) == 7


def test_every_page_loads_the_scripts_from_the_site(site):
    """accessibility.js on every page (it loads catalog.js where a table needs it), on-demand.js before
    Material's bundle, none from elsewhere."""
    for url, soup in site.pages():
        sources = [script.get("src", "") for script in soup.select("script[src]")]
        assert not [s for s in sources if re.match(r"(https?:)?//", s)], url
        assert not [s for s in sources if s.endswith("assets/catalog.js")], url
        if url != "/404.html":
            assert any(s.endswith("assets/accessibility.js") for s in sources), url
        assert sources[0].endswith("assets/on-demand.js") and "/bundle." in sources[1], url
    for asset in ("catalog.js", "accessibility.js", "on-demand.js"):
        assert site.exists(f"/assets/{asset}"), asset


# -- /teams/ and /team/<name>/ --------------------------------------------------------------

def test_teams_index_lists_every_owner(site):
    rows = table_rows(site.article("/teams/").select_one("table"))
    assert [links("/teams/", row["Team"]) for row in rows] == [[(name, url)] for name, url in TEAMS.items()]
    platform = next(row for row in rows if text(row["Team"]) == "@chittyos/platform")
    assert (text(platform["Owns"]), text(platform["Waivers"]), text(platform["Next expiry"])) == ("2", "2", SOON)
    assert text(platform["Roadmap items"]) == "1"
    holder = next(row for row in rows if text(row["Team"]) == "@chittyos/sre")  # named on a waiver only
    assert (text(holder["Owns"]), text(holder["Waivers"]), text(holder["Roadmap items"])) == ("0", "1", "0")
    assert platform["Next expiry"].select_one(".gc-expiring") is not None
    assert text(next(row for row in rows if text(row["Team"]) == "data")["Role"]) == "data"


def test_team_page_lists_what_it_owns_its_open_findings_and_its_waivers(site):
    url = TEAMS["@chittyos/platform"]
    article = site.article(url)
    assert text(article.find("h1")) == "@chittyos/platform"
    owned = table_rows(section_table(article, "what-it-owns"))
    assert [links(url, row["Name"]) for row in owned] == [[("chittymonitor", "/service/chittymonitor/")],
                                                          [("chittysync", "/service/chittysync/")]]
    assert [text(row["Governance"]) for row in owned] == ["waived", "pass"]
    [totals] = table_rows(section_table(article, "totals"))
    assert {key: text(value) for key, value in totals.items()} == {
        "Passing rule checks": str(sum(int(r["passing"]) for r in _scorecard(site) if r["name"] in ("chittymonitor", "chittysync"))),
        "Waived findings": "2", "Warnings": "0", "Errors": "0", "Notices": "1"}
    [finding] = table_rows(section_table(article, "open-findings"))
    assert links(url, finding["Entity"]) == [("chittymonitor", "/service/chittymonitor/")]
    assert text(finding["Rule"]) == "waivers/expiring" and text(finding["Result"]) == "notice"
    waivers = table_rows(section_table(article, "waivers"))
    assert [(text(w["Waived finding"]), text(w["Expires"])) for w in waivers] == [
        ("canon/required/routes.health on chittymonitor", SOON), ("canon/pattern/routes.api on chittymonitor", "2099-12-31")]
    assert waivers[0]["Expires"].select_one(".gc-expiring") is not None


def test_a_role_team_page_points_at_its_role(site):
    url = TEAMS["data"]
    article = site.article(url)
    assert "data is a role of the access model: Approves data layers." in text(article)
    assert ("Access", "/access/#role-data") in links(url, article)
    assert "None: every rule passes or is waived on what data owns." in section_text(article, "open-findings")
    assert "No waiver concerns data." in section_text(article, "waivers")


def test_owners_link_to_their_team_on_entity_pages(site):
    for name, (page, _, owners, *_) in ENTITIES.items():
        summary = section_table(site.article(page), "summary")
        row = next(tr for tr in summary.select("tbody tr") if text(tr.find("td")) == "Owners")
        assert links(page, row) == [(owner, TEAMS[owner]) for owner in owners], name


def _scorecard(site):
    return site.json("/api/scorecard.json")["entities"]


# -- one set of totals ------------------------------------------------------------------------

def test_totals_are_the_checks_everywhere(site):
    scorecard = site.json("/api/scorecard.json")
    totals = scorecard["totals"]
    labels = {"Passing rule checks": "passing", "Waived findings": "waived", "Warnings": "warnings", "Errors": "errors",
              "Notices": "notices"}
    for url, heading in (("/governance/", "totals"), ("/", "governance-at-a-glance")):
        [row] = table_rows(section_table(site.article(url), heading))
        assert {labels[key]: int(text(value)) for key, value in row.items()} == totals, url
    for entry in scorecard["entities"]:
        page = entry["page"]
        [row] = table_rows(section_table(site.article(page), "governance"))
        assert {labels[key]: int(text(value)) for key, value in row.items()} == {k: entry[k] for k in labels.values()}


# -- pictures ---------------------------------------------------------------------------------

def test_architecture_map_has_a_link_per_entity(site):
    url = "/architecture/"
    soup = site.soup(url)
    svg = soup.select_one("article .gc-pic-scroll > svg.gc-pic-map")
    assert svg is not None and svg.find("title").get_text() == "The ecosystem by layer"
    boxes = {a["data-node"]: a["xlink:href"] for a in svg.select("a")}
    assert {name: resolve(url, href) for name, href in boxes.items()} == {n: v[0] for n, v in ENTITIES.items()}
    edges = {(p["data-source"], p["data-target"]) for p in svg.select("path.gc-pic-edge-depends-on")}
    assert edges == {("chittyauth", "chittyid"), ("chittymonitor", "chittyauth"), ("chittysync", "chittyauth"),
                     ("chittysync", "chittyledger")}
    assert "toc" in site.html(url) and soup.select_one(".md-sidebar--secondary[hidden]") is not None


def test_entity_pages_show_their_neighbourhood(site):
    url = "/service/chittyauth/"
    svg = site.soup(url).select_one("article svg.gc-pic-neighbourhood")
    assert svg is not None
    groups = {g["class"][1]: sorted(a["data-node"] for a in g.select("a")) for g in svg.select("g.gc-pic-group")}
    assert groups == {"gc-pic-group-used-by": ["chittymonitor", "chittysync"], "gc-pic-group-depends-on": ["chittyid"],
                      "gc-pic-group-related": []}
    for a in svg.select("a"):
        assert site.exists(resolve(url, a["xlink:href"]))
    assert svg.select_one(".gc-pic-center a") is None  # the page itself is not a link
    # an entity with no neighbour at all gets no empty picture
    assert site.soup("/service/chittytrust/").select_one("svg.gc-pic-neighbourhood") is None


# -- honest service pages --------------------------------------------------------------------------

def test_status_is_explained_where_it_appears(site):
    legend = site.article("/architecture/").select_one("#statuses ~ ul.gc-legend")
    meanings = {text(li.select_one(".gc-status")): text(li) for li in legend.select("li")}
    assert list(meanings) == ["Planned", "In Progress", "Needs Deployment", "Registered", "Live", "Active", "Deprecated"]
    schema = json.loads((REPO / "etc/authority/schema/getchitty-service.schema.json").read_text(encoding="utf-8"))
    assert list(meanings) == schema["properties"]["status"]["enum"]
    assert not [status for status, line in meanings.items() if "does not describe" in line or line == status]
    url = "/service/chittytrust/"
    row = next(tr for tr in section_table(site.article(url), "summary").select("tbody tr") if text(tr.find("td")) == "Status")
    # no federated sources in this site: the status is the manifest's, and the page does not dress it as checked
    assert "Planned As its manifest states it: with no federated sources, no rule checks it." in text(row)
    assert ("All statuses", "/architecture/#statuses") in links(url, row)


def test_planned_routes_are_text_not_links(tmp_path):
    from getchitty.engine import check
    from getchitty.render import render_site

    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    manifest = tree / "etc/chittyos/services/chittysync.yml"  # Needs Deployment
    manifest.write_text(manifest.read_text() + "routes:\n  root: https://sync.chitty.cc/\n"
                        "webhooks:\n  - {name: changed, url: https://sync.chitty.cc/hook}\n")
    pages = render_site(check(tree, use_cache=False)).pages
    sync = pages["service/chittysync.md"]
    call = sync.split("## How to call it")[1].split("## Summary")[0]
    assert "It is not deployed yet (Needs Deployment): these are the addresses it is meant to answer at." in call
    assert "<tr><td>—</td><td><code>/</code></td><td>root</td>" in call and "<code>https&#58;//sync.chitty.cc</code>" in call
    assert "**changed**: <code>https&#58;//sync.chitty.cc/hook</code> (planned)" in call
    assert '<a href="https://sync.chitty.cc' not in call
    assert '<a href="https://id.chitty.cc/"' in pages["service/chittyid.md"]  # Live: links


def test_every_finding_is_on_its_entity_page_with_its_field(site):
    """Each finding of the check that names an entity, waived or not, is a row of that entity's Governance table."""
    for entry in _scorecard(site):
        detail = site.json(entry["page"].replace("/service/", "/api/services/").replace("/datalayer/", "/api/datalayers/")
                           .rstrip("/") + ".json")
        expected = sorted((g["rule"], f["field"] or "—") for g in detail["governance"] for f in g["findings"])
        table = next((t for t in section(site.article(entry["page"]), "governance") if t.name == "table"
                      and "Rule" in [text(th) for th in t.select("th")]), None)
        shown = sorted((text(r["Rule"]), text(r["Field"])) for r in table_rows(table)) if table is not None else []
        assert shown == expected, entry["name"]


# -- edit links, repository, build stamp, copy buttons, 404 -------------------------------------------

EDIT = "https://github.com/chittyos/getchitty/edit/main/"


@pytest.mark.parametrize("url, source", [
    ("/service/chittyid/", "etc/chittyos/services/chittyid.yml"),
    ("/datalayer/chittyledger/", "etc/chittyos/datalayers/chittyledger.yml"),
    ("/secrets/", "etc/chittyos/secrets.yml"),
    ("/architecture/layer-1/", "etc/chittyos/layers.yml"),
    ("/governance/", "etc/chittyos/waivers.yml"),
])
def test_edit_link_leads_to_the_source_file(site, url, source):
    edit = site.soup(url).select_one("a.md-content__button[rel=edit]")
    assert edit is not None and edit["href"] == EDIT + source
    assert (site.tree / source).is_file()


def test_pages_without_one_source_have_no_edit_link(site):
    for url in ("/catalog/", "/teams/", "/api/", "/governance/rules/deps-cycle/"):
        assert site.soup(url).select_one("a.md-content__button[rel=edit]") is None, url


def test_footer_names_the_repository_and_the_build(site):
    build = site.json("/api/build.json")
    assert build["date"] == date.today().isoformat() and build["generator"].startswith("getchitty ")
    footer = site.soup("/service/chittyid/").select_one("footer .gc-build")
    assert footer is not None
    assert ("chittyos/getchitty", "https://github.com/chittyos/getchitty") in links("/", footer)
    if build["commit"]:
        assert build["commit"][:12] in text(footer)
    else:  # the fixture tree is no git repository
        assert f"Built on {build['date']}, outside version control." in text(footer)
    source = site.soup("/").select_one(".md-header__source a.md-source")
    assert source is not None and source.get("data-md-component") is None  # no request to the GitHub API


def test_footer_shows_the_commit_from_the_environment(tmp_path, session_cache):
    from site_support import Site, mkdocs_build

    tree = make_tree(tmp_path / "repo")
    commit = "0123456789abcdef0123456789abcdef01234567"
    built = mkdocs_build(tree, tmp_path / "site", cache_dir=session_cache, GETCHITTY_BUILD_COMMIT=commit)
    assert built.returncode == 0, built.stdout
    site = Site(tree, tmp_path / "site", built.stdout)
    assert site.json("/api/build.json")["commit"] == commit
    footer = site.soup("/").select_one("footer .gc-build")
    assert ("0123456789ab", f"https://github.com/chittyos/getchitty/commit/{commit}") in links("/", footer)


def test_code_blocks_get_copy_buttons(site):
    config = json.loads(site.soup("/").select_one("script#__config").get_text())
    assert "content.code.copy" in config["features"]


def test_404_page_offers_search_and_ways_onward(site):
    soup = site.soup("/404.html")
    form = soup.select_one("form.gc-notfound-search")
    assert form is not None and form.select_one("input[name=q]") is not None
    onward = [a["href"] for a in soup.select(".gc-notfound-links a")]
    assert onward == ["/", "/catalog/", "/architecture/", "/governance/"]


# -- the read API ---------------------------------------------------------------------------------------

def schema_of(site, path: str) -> dict:
    [file] = [f for f in API_FILES if f.matches(path)]
    return site.json(f"/schemas/{file.schema}")


def validate_read_model(site) -> int:
    checked = 0
    for path in sorted((site.dir / "api").rglob("*.json")):
        relative = path.relative_to(site.dir).as_posix()
        schema = schema_of(site, relative)
        Draft202012Validator.check_schema(schema)
        errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(
            json.loads(path.read_text(encoding="utf-8"))), key=str)
        assert not errors, (relative, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])
        checked += 1
    return checked


def test_every_published_json_file_follows_its_schema(site):
    assert validate_read_model(site) == len(ENTITIES) + 3 + 8


def test_the_hostile_sites_json_follows_its_schema(hostile_site):
    assert validate_read_model(hostile_site) > 10


def test_the_schemas_are_the_shipped_ones_with_the_models_kinds_and_fields(site):
    """Published as shipped, but for what the model decides: the kinds (every `entity_type` enum, the index's
    keys) and the manifest fields an index entry lists (every indexed field of every kind's schema)."""
    for name in {f.schema for f in API_FILES}:
        published = site.json(f"/schemas/{name}")
        shipped = json.loads((REPO / "templates" / "schemas" / name).read_text(encoding="utf-8"))
        assert published["$id"] == f"https://get.chitty.cc/schemas/{name}"
        if name != "api-index.schema.json":
            assert published == shipped, name  # this repository's kinds are the ones the files name
            continue
        entry, shipped_entry = published["$defs"]["entry"], shipped["$defs"]["entry"]
        assert shipped_entry["properties"].items() <= entry["properties"].items()
        assert set(shipped_entry["required"]) < set(entry["required"])
        assert {"status", "owners", "description", "service_name"} <= set(entry["required"])
        assert "data_classification" in entry["properties"] and "data_classification" not in entry["required"]
        assert list(published["patternProperties"]) == ["^(services|datalayers|composites)$"]


def test_a_schema_can_fail(site):
    schema = schema_of(site, "api/build.json")
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(
        {"commit": "not a commit", "commit_date": None, "date": "yesterday", "generator": "x"}))
    assert {e.absolute_path[0] for e in errors} == {"commit", "date"}


def test_api_page_documents_every_file_with_its_schema(site):
    url = "/api/"
    rows = table_rows(section_table(site.article(url), "files"))
    assert [text(r["File"]) for r in rows] == ["/" + f.path for f in API_FILES]
    for row, file in zip(rows, API_FILES):
        [(name, target)] = links(url, row["Schema"])
        assert name == file.schema and site.exists(target), target
        for _, target in links(url, row["File"]):
            assert site.exists(target), target
    assert "/api/" in [resolve("/ontology/", a["href"]) for a in site.soup("/ontology/").select("nav.md-nav--primary a[href]")]


def test_index_entries_carry_what_a_reader_filters_on(site):
    for entry in site.json("/api/services.json")["services"]:
        assert {"entity_type", "status", "tier", "layer", "owners", "routes", "governance_summary"} <= set(entry)
    layers = site.json("/api/layers.json")["layers"]
    assert [(layer["number"], layer["members"]) for layer in layers if layer["members"]] == [
        (1, ["chittyid", "chittytrust"]), (2, ["chittyauth"]), (3, ["chittyledger"]), (5, ["chittymonitor"]),
        (7, ["chittysync"])]
    waivers = site.json("/api/waivers.json")
    assert waivers["notice_days"] == 30
    assert [(w["rule"], w["expires"], w["expiring"], w["days_left"], w["covers"]) for w in waivers["waivers"]] == [
        ("canon/required/routes.health", SOON, True, 10, 1), ("canon/pattern/routes.api", "2099-12-31", False,
                                                               (date(2099, 12, 31) - date.today()).days, 1)]
    roadmap = {item["id"]: item for item in site.json("/api/roadmap.json")["items"]}
    assert [w["rule"] for w in roadmap["monitor-health"]["waivers"]] == ["canon/required/routes.health"]
    teams = {team["name"]: team for team in site.json("/api/teams.json")["teams"]}
    assert list(teams) == list(TEAMS) and teams["@chittyos/platform"]["owns"] == ["chittymonitor", "chittysync"]


# -- every field the manifest holds ------------------------------------------------------------------

def test_every_field_a_manifest_holds_is_on_its_page(tmp_path):
    """One manifest per kind with every field of its schema, each holding its own marker: each marker is on the page."""
    import yaml
    from hostile_tree import PAYLOAD, URI_PAYLOAD, instance

    from getchitty.engine import check
    from getchitty.escaping import md_escape
    from getchitty.model import KINDS
    from getchitty.render import render_site

    def marked(value, marker):
        if isinstance(value, dict):
            return {key: marked(item, marker) for key, item in value.items() if isinstance(key, str) and key.isidentifier()}
        if isinstance(value, list):
            return [marked(item, marker) for item in value]
        if value == URI_PAYLOAD:
            return f"https://{marker}.example/"
        return marker if value == PAYLOAD else value

    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    expected = {}
    for kind in KINDS:
        schema = json.loads((tree / "etc/authority/schema" / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
        generated = instance(schema, schema, "")
        name = f"full{kind.page_folder}"
        data = {"service_name": name, "entity_type": kind.entity_type, "status": "Live"}
        for key, value in generated.items():
            if key not in data:
                data[key] = marked(value, f"zq{key.replace('_', '')}zq")
        (tree / kind.folder).mkdir(parents=True, exist_ok=True)
        (tree / kind.manifest(name)).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        # a field whose value holds no text (booleans, an empty mapping) is named instead
        expected[kind.page(name)] = [f"zq{key.replace('_', '')}zq" if f"zq{key.replace('_', '')}zq" in json.dumps(value)
                                     else f"| {md_escape(key)} |" for key, value in data.items()
                                     if key not in ("service_name", "entity_type", "status")]
    pages = render_site(check(tree, use_cache=False)).pages
    for page, marks in expected.items():
        assert [mark for mark in marks if mark not in pages[page]] == [], page


def test_one_team_however_its_handle_is_capitalised(tmp_path):
    """GitHub reads team handles in any case: two spellings are one team page, named as most manifests write it."""
    from getchitty.engine import check
    from getchitty.render import render_site

    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    manifest = tree / "etc/chittyos/services/chittysync.yml"
    manifest.write_text(manifest.read_text().replace('"@chittyos/platform"', '"@ChittyOS/Platform"'))
    site = render_site(check(tree, use_cache=False))
    teams = [page for page in site.pages if page.startswith("team/")]
    assert "team/chittyos-platform.md" in teams and not [page for page in teams if "platform-2" in page]
    page = site.pages["team/chittyos-platform.md"]
    assert "chittymonitor" in page and "chittysync" in page
    assert "[@ChittyOS/Platform](../team/chittyos-platform.md)" in site.pages["service/chittysync.md"]


def test_pictures_stay_out_of_the_search_index(site):
    """The map and the neighbourhoods repeat what the pages say in words; their labels would only crowd the results."""
    docs = site.json("/search/search_index.json")["docs"]
    indexed = " ".join(doc["text"] for doc in docs)
    assert "Arrows point from a service" not in indexed and "nothing depends on it" not in indexed
    assert any(doc["location"].startswith("service/chittyauth/") and "chittyid" in doc["text"] for doc in docs)
