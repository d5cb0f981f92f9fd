"""The portal as the plugin builds it, in Debian's Chromium: the catalog filtered and sorted, the ecosystem map
with a link per service and every name whole, axe-core on every kind of page at 1400 and 390 px in the light
and the dark scheme, screenshots of each, every table measured against its column at both widths, onboarding
one click from every page and found by searching "onboard", the bytes of a service page's first load, the theme's
cut stylesheets still styling what the theme's script adds, and no request leaving 127.0.0.1.

Two sites are built and served: the fixture ecosystem (tests/fixtures/eco + site_extra), whose counts the
catalog tests know, and this repository's own sources (etc/, docs/, mkdocs.yml), the real portal, on which
axe runs. A missing path gets the site's 404.html with status 404, as hosts serve it. Screenshots go to
test-artifacts/site-<kind>-<width>[-dark].png.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import site_support
from axe_support import blocking_violations, describe
from playwright.sync_api import Browser, Page, expect
from site_support import ARTIFACTS, HOST, REPO, SITE_EXTRA, build_env, make_tree, mkdocs_build, serving
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

pytest_plugins = ["site_fixtures"]

WIDTHS = (1400, 390)
REQUESTS: list[str] = []
PAGE_ERRORS: list[str] = []
# One page of each kind on the real portal.
KINDS = {
    "home": "", "catalog": "catalog/", "teams": "teams/", "team": "team/chittyos-platform/",
    "architecture": "architecture/", "layer": "architecture/layer-5/", "service": "service/chittyconnect/",
    "service-planned": "service/bane/", "service-undeployed": "service/chittymcp/",
    "service-registered": "service/chittyagent/", "service-sources": "service/chittyregistry/",
    "datalayer": "datalayer/chittyledger/", "tiers": "architecture/tiers/",
    "ontology": "ontology/", "scopes": "scopes/", "secrets": "secrets/", "access": "access/", "roadmap": "roadmap/",
    "governance": "governance/", "scorecard": "governance/scorecard/", "rule": "governance/rules/schema-required/",
    "rule-findings": "governance/rules/drift-owners/", "team-holder": "team/chittyos-cicd-admins/", "api": "api/",
    "author": "authors/preview/", "onboarding": "authors/adding-a-service/", "missing": "no/such/page/",
}
# What a first view of a service page may fetch: the theme's stylesheets (cut to the rules the site uses, see
# generator/stylesheets.py) and script, the portal's, the page. The search index, the search worker and the sitemap
# wait for the reader (on-demand.js).
FIRST_LOAD_BUDGET = 300_000
ON_DEMAND = ("search/search_index.json", "/workers/search.", "sitemap.xml")


@pytest.fixture(scope="session")
def base_url() -> str:
    return ""  # every URL here is absolute: each site's address changes per run


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, session_cache):
    base = tmp_path_factory.mktemp("portal-fixture")
    tree = make_tree(base / "repo", SITE_EXTRA)
    (base / "site").mkdir()
    with serving(base / "site", lambda url: mkdocs_build(tree, base / "site", cache_dir=session_cache,
                                                         GETCHITTY_SITE_URL=url)) as (url, _):
        yield url


@pytest.fixture(scope="module")
def real_site(tmp_path_factory, session_cache):
    """This repository's own portal, built with the plugin from its mkdocs.yml."""
    base = tmp_path_factory.mktemp("portal-real")
    (base / "site").mkdir()

    def build(url: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                               "-d", str(base / "site")], cwd=REPO, env=build_env(session_cache, GETCHITTY_SITE_URL=url),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)

    with serving(base / "site", build) as (url, _):
        yield url


def open_page(browser: Browser, width: int, *, dark: bool = False, javascript: bool = True) -> Page:
    return site_support.open_page(browser, width, REQUESTS, PAGE_ERRORS, dark=dark, javascript=javascript)


ROWS = "table.gc-catalog tbody tr"
CONTENT = "article.md-content__inner"


# -- the catalog --------------------------------------------------------------------------------

def test_catalog_filters_and_sorts_on_the_built_site(browser, fixture_site):
    page = open_page(browser, 1400)
    page.goto(fixture_site)
    page.locator("nav.md-tabs a", has_text="Catalog").click()  # instant navigation: the script runs on document$
    expect(page).to_have_url(re.compile(r"/catalog/$"))
    count = page.locator("#catalog-table-count")
    expect(count).to_have_text("6 of 6 shown")

    page.get_by_label("Kind", exact=True).select_option("Data layer")
    expect(count).to_have_text("1 of 6 shown")
    expect(page.locator(f"{ROWS}:visible td:first-child")).to_have_text(["chittyledger"])
    page.get_by_role("button", name="Show all").click()
    page.get_by_label("Owners", exact=True).select_option("@chittyos/platform")
    expect(count).to_have_text("2 of 6 shown")
    page.get_by_label("Status", exact=True).select_option("Live")
    expect(page.locator(f"{ROWS}:visible td:first-child")).to_have_text(["chittymonitor"])
    assert "owner=%40chittyos%2Fplatform" in page.url and "status=Live" in page.url
    page.get_by_role("button", name="Show all").click()
    page.get_by_label("Layer", exact=True).select_option("Layer 1 · Foundation")
    expect(page.locator(f"{ROWS}:visible td:first-child")).to_have_text(["chittyid", "chittytrust"])
    page.get_by_label("Governance state", exact=True).select_option("waived")
    expect(count).to_have_text("0 of 6 shown")
    page.get_by_role("button", name="Show all").click()
    page.get_by_label("Organization", exact=True).select_option("chittyos")
    expect(count).to_have_text("3 of 6 shown")
    page.get_by_label("Tier", exact=True).select_option("tier1")
    expect(count).to_have_text("0 of 6 shown")
    page.get_by_role("button", name="Show all").click()

    layer = page.locator("th", has=page.get_by_role("button", name="Layer"))
    layer.get_by_role("button").click()
    expect(layer).to_have_attribute("aria-sort", "ascending")
    expect(page.locator(f"{ROWS} td:first-child")).to_have_text(
        ["chittyid", "chittytrust", "chittyauth", "chittyledger", "chittymonitor", "chittysync"])
    page.locator(f"{ROWS} td:first-child a", has_text="chittysync").click()
    expect(page).to_have_url(re.compile(r"/service/chittysync/$"))
    page.context.close()


def test_a_filtered_catalog_can_be_linked(browser, fixture_site):
    page = open_page(browser, 390)
    page.goto(fixture_site + "catalog/?status=Active&kind=Service")
    expect(page.locator("#catalog-table-count")).to_have_text("1 of 6 shown")
    expect(page.locator(f"{ROWS}:visible td:first-child")).to_have_text(["chittyauth"])
    page.context.close()


def test_catalog_filters_ignore_case(browser, fixture_site):
    page = open_page(browser, 1400)
    page.goto(fixture_site + "catalog/?status=live&KIND=service&kind=SERVICE")
    expect(page.locator("#catalog-table-count")).to_have_text("2 of 6 shown")
    expect(page.get_by_label("Status", exact=True)).to_have_value("Live")
    expect(page.get_by_label("Kind", exact=True)).to_have_value("Service")
    page.context.close()


def test_status_sorts_by_lifecycle(browser, fixture_site):
    page = open_page(browser, 1400)
    page.goto(fixture_site + "catalog/")
    status = page.locator("th", has=page.get_by_role("button", name="Status"))
    status.get_by_role("button").click()
    shown = page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()
    assert shown == ["Planned", "Needs Deployment", "Live", "Live", "Active", "Active"], shown
    options = page.get_by_label("Status", exact=True).locator("option").all_inner_texts()
    assert options == ["All", "Planned", "Needs Deployment", "Live", "Active"]
    page.context.close()


def test_the_real_catalog_hides_what_is_no_service_until_asked(browser, real_site):
    page = open_page(browser, 390)
    page.goto(real_site + "catalog/")
    count = page.locator("#catalog-table-count")
    expect(count).to_have_text(re.compile(r"^70 of 88 shown$"))
    listed = page.get_by_label("Listed as", exact=True)
    expect(listed).to_have_value("service")
    listed.select_option("")
    expect(count).to_have_text("88 of 88 shown")
    assert "listed=" in page.url
    page.goto(real_site + "catalog/?listed=ARCHIVED")
    expect(count).to_have_text(re.compile(r"^\d of 88 shown$"))
    page.context.close()


def test_catalog_without_javascript_lists_everything(browser, fixture_site):
    page = open_page(browser, 390, javascript=False)
    page.goto(fixture_site + "catalog/")
    expect(page.locator(f"{ROWS}:visible")).to_have_count(6)
    assert page.locator(".gc-catalog-controls, #catalog-table-count").count() == 0
    page.context.close()


def test_team_links_lead_from_the_catalog(browser, fixture_site):
    page = open_page(browser, 1400)
    page.goto(fixture_site + "catalog/")
    page.locator(ROWS).filter(has_text="chittyledger").get_by_role("link", name="data").click()
    expect(page).to_have_url(re.compile(r"/team/data/$"))
    expect(page.locator("article h1")).to_contain_text("data")
    page.context.close()


# -- pictures ---------------------------------------------------------------------------------------

def test_the_map_has_a_link_per_service_that_leads_to_its_page(browser, fixture_site):
    page = open_page(browser, 1400)
    page.goto(fixture_site + "architecture/")
    links = page.locator("svg.gc-pic-map a")
    expect(links).to_have_count(6)
    assert page.locator("svg.gc-pic-map").bounding_box()["width"] == 880  # its natural size: no table of contents
    page.get_by_role("link", name=re.compile(r"^chittyledger \u2014 ")).click()
    expect(page).to_have_url(re.compile(r"/datalayer/chittyledger/$"))
    neighbours = page.locator("svg.gc-pic-neighbourhood a")
    expect(neighbours).to_have_count(1)  # used by chittysync
    neighbours.first.click()
    expect(page).to_have_url(re.compile(r"/service/chittysync/$"))
    page.context.close()


def test_the_real_map_links_every_entity(browser, real_site):
    page = open_page(browser, 390)
    page.goto(real_site + "architecture/")
    services = page.evaluate("fetch('../api/services.json').then(r => r.json()).then(d => d.services.length)")
    layers = page.evaluate("fetch('../api/datalayers.json').then(r => r.json()).then(d => d.datalayers.length)")
    expect(page.locator("svg.gc-pic-map a")).to_have_count(services + layers)
    assert page.locator(".gc-pic-scroll").evaluate("w => w.scrollWidth > w.clientWidth")  # scrolled, not squeezed
    page.context.close()


# -- accessibility and screenshots of the real portal ------------------------------------------------

@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_has_no_serious_accessibility_violation(browser, real_site, width, dark):
    page = open_page(browser, width, dark=dark)
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for kind, path in KINDS.items():
        response = page.goto(real_site + path)
        assert response is not None and response.status == (404 if kind == "missing" else 200), kind
        page.wait_for_load_state("load")
        # What runs after the load event: catalog.js, fetched by accessibility.js for a page with such a table.
        page.wait_for_function("[...document.querySelectorAll('table.gc-catalog')]"
                               ".every(table => table.hasAttribute('data-gc-enhanced'))")
        if dark:
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        violations = blocking_violations(page)
        if violations:
            found[kind] = describe(violations)
        page.screenshot(path=str(ARTIFACTS / f"site-{kind}-{width}{'-dark' if dark else ''}.png"), full_page=True)
    page.context.close()
    assert not found, "\n".join(f"{kind}:\n{text}" for kind, text in found.items())


TABLE_WIDTHS = """() => {
    const column = document.querySelector("article.md-content__inner").getBoundingClientRect();
    return [...document.querySelectorAll("article.md-content__inner table")].map(table => {
        const box = table.getBoundingClientRect();
        const region = table.closest(".gc-table-scroll");
        const scroller = region || table.closest(".md-typeset__scrollwrap") || table;
        const frame = scroller.getBoundingClientRect();
        let heading = "";
        for (let node = region || table.closest(".md-typeset__scrollwrap") || table; node; node = node.previousElementSibling) {
            if (/^H[1-6]$/.test(node.tagName)) { heading = node.textContent.replace("\u00b6", "").trim(); break; }
        }
        return {heading, width: Math.round(Math.max(box.width, table.scrollWidth)), column: Math.round(column.width),
                outside: box.left < column.left - 1 || box.right > column.right + 1,
                scrolls: region ? region.scrollWidth > region.clientWidth + 1 : table.scrollWidth > table.clientWidth + 1,
                onScreen: frame.left >= -1 && frame.right <= window.innerWidth + 1};
    });
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_is_wider_than_its_column(browser, real_site, width):
    """At 1400 px every table of every page kind fits its column, nothing hidden to scroll to; at 390 px a
    table may scroll inside its own region (which stays on the screen), and no page is wider than the screen."""
    page = open_page(browser, width)
    found = {}
    for kind, path in KINDS.items():
        page.goto(real_site + path)
        tables = page.evaluate(TABLE_WIDTHS)
        if width == 1400:
            wide = [t for t in tables if t["outside"] or t["scrolls"]]
        else:
            wide = [t for t in tables if not t["onScreen"]]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wide.append({"page": "wider than the screen"})
        if wide:
            found[kind] = wide
    page.context.close()
    assert not found, found


def test_a_service_pages_first_load_leaves_search_for_later(browser, real_site):
    """The first view of a service page fetches no search index, search worker or sitemap, and stays within
    its budget; the index arrives as soon as the reader opens the search, and search works."""
    page = open_page(browser, 1400)
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(request.url, len(request.response().body())))
    page.goto(real_site + "service/chittyregistry/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in sizes if any(part in url for part in ON_DEMAND)], sorted(sizes)
    total = sum(sizes.values())
    print(f"first load of /service/chittyregistry/: {total} bytes in {len(sizes)} responses")
    assert total <= FIRST_LOAD_BUDGET, sorted(sizes.items(), key=lambda item: -item[1])
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("onboard", delay=20)
    expect(page.locator("a.md-search-result__link[href*='authors/adding-a-service/']").first).to_be_visible()
    assert [url for url in sizes if "search/search_index.json" in url]
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_onboarding_is_a_click_from_every_page_and_found_by_searching_onboard(browser, real_site, width):
    page = open_page(browser, width)
    for path in ("", "secrets/", "service/chittyregistry/"):
        page.goto(real_site + path)
        start = page.get_by_role("navigation", name="Start here").get_by_role("link", name="Onboard a service")
        box = start.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, path  # on the first screen
    page.goto(real_site)
    home = page.locator(f"{CONTENT} .gc-start").get_by_role("link", name="Onboard a service")
    assert home.bounding_box()["y"] + home.bounding_box()["height"] <= 900  # the home page's first screen
    expect(page.locator(f"{CONTENT} .gc-start").get_by_role("link", name="Find a service")).to_be_visible()
    home.click()
    expect(page).to_have_url(re.compile(r"/authors/adding-a-service/$"))
    expect(page.locator(f"{CONTENT} h1")).to_have_text(re.compile(r"^Onboarding a service"))
    page.goto(real_site + "catalog/")
    if width < 1220:  # the search field is behind its button on a narrow screen
        page.locator("label.md-header__button[for=__search]").click()
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("onboard", delay=20)
    expect(page.locator("a.md-search-result__link[href*='authors/adding-a-service/']").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-search-onboard-{width}.png"))
    page.context.close()


def test_every_name_on_the_map_is_whole(browser, real_site):
    page = open_page(browser, 1400)
    page.goto(real_site + "architecture/")
    nodes = page.evaluate("""() => [...document.querySelectorAll("svg.gc-pic-map .gc-pic-node")].map(node => {
        const rect = node.querySelector("rect").getBBox();
        const texts = [...node.querySelectorAll("text")];
        return {name: node.getAttribute("data-node"), texts: texts.map(t => t.textContent),
                fits: texts.every(t => { const b = t.getBBox(); return b.x + b.width <= rect.x + rect.width + 0.5; })};
    })""")
    assert len(nodes) == 88
    assert not [n for n in nodes if any("\u2026" in t for t in n["texts"])]
    assert not [n["name"] for n in nodes if not n["fits"]]
    for n in nodes:  # a box: the name on one or two lines, then the status; a line: "name · status"
        shown = n["texts"][0].split(" \u00b7 ")[0] if len(n["texts"]) == 1 else "".join(n["texts"][:-1])
        assert shown.replace(" ", "") == n["name"].replace(" ", ""), n
    edge = page.locator("svg.gc-pic-map path.gc-pic-edge[data-source]").first
    source = edge.get_attribute("data-source")
    page.locator(f"svg.gc-pic-map a[data-node='{source}']").hover()
    expect(page.locator("svg.gc-pic-map")).to_have_class(re.compile(r"gc-pic-lit"))
    expect(page.locator(f"svg.gc-pic-map path[data-source='{source}']").first).to_have_class(re.compile(r"gc-pic-edge-lit"))
    page.context.close()
    narrow = open_page(browser, 390)
    narrow.goto(real_site + "architecture/")
    listed = narrow.locator(".gc-map-list a[href*='/service/'], .gc-map-list a[href*='/datalayer/']")
    expect(listed.first).to_be_visible()
    assert len(set(listed.evaluate_all("links => links.map(a => a.href)"))) == 88  # the map's services, on a phone
    narrow.context.close()


def test_every_column_of_the_secrets_inventory_is_reachable_at_390_px(browser, real_site):
    page = open_page(browser, 390)
    page.goto(real_site + "secrets/")
    wrapper = page.locator(".gc-table-scroll", has=page.locator("table#secrets-inventory"))
    header = page.locator("table#secrets-inventory thead th").last
    first = page.locator("table#secrets-inventory tbody tr:first-child td").first
    wrapper.scroll_into_view_if_needed()
    before = first.bounding_box()
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    box, frame = header.bounding_box(), wrapper.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1  # the last column comes into view
    assert abs(first.bounding_box()["x"] - before["x"]) < 1  # while the names stay put
    wrapper.evaluate("w => { w.scrollTop = w.scrollHeight; }")
    assert abs(header.bounding_box()["y"] - frame["y"]) < 2  # and so does the header row
    page.context.close()


def test_the_secrets_inventory_sorts_and_links_to_a_row(browser, real_site):
    page = open_page(browser, 1400)
    page.goto(real_site + "secrets/#neon-host")
    row = page.locator("tr#neon-host")
    expect(row).to_be_in_viewport()
    expect(row.locator("td").nth(2)).to_have_text("not rotated (an identifier)")
    page.get_by_label("Kind", exact=True).select_option("identifier")
    expect(page.locator("#secrets-inventory-count")).to_have_text(re.compile(r"^6 of \d+ shown$"))
    page.context.close()


def test_layer_tables_are_not_squeezed_at_390_px(browser, real_site):
    page = open_page(browser, 390)
    page.goto(real_site + "architecture/layer-1/")
    lines = """td => { const range = document.createRange(); range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""
    row = page.locator(".gc-table tbody tr:first-child td")
    assert [row.nth(i).evaluate(lines) for i in (0, 2)] == [1, 1]  # name and kind: one line each
    assert row.nth(3).evaluate(lines) <= 12  # the description wraps at a readable width, not a word per line
    wrapper = page.locator(".gc-table-scroll").first
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")  # the table scrolls sideways instead
    page.context.close()


def test_code_blocks_have_a_copy_button(browser, real_site):
    page = open_page(browser, 1400)
    page.goto(real_site + "authors/preview/")
    expect(page.locator("pre button[data-md-type=copy]").first).to_have_attribute("title", "Copy to clipboard")
    page.context.close()


# Every class the page's elements carry and every class a selector of the page's stylesheets names.
LIVE_CLASSES = """() => {
    const live = new Set();
    for (const element of document.querySelectorAll("*")) for (const name of element.classList) live.add(name);
    const styled = new Set();
    const walk = rules => { for (const rule of rules) {
        if (rule.selectorText) for (const match of rule.selectorText.matchAll(/\\.(-?[_a-zA-Z][\\w-]*)/g)) styled.add(match[1]);
        if (rule.cssRules) walk(rule.cssRules);
    } };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    return {live: [...live], styled: [...styled]};
}"""


def theme_selectors() -> set[frozenset[str]]:
    """The classes each selector of the theme's own stylesheets requires (those under :not() and other groups
    aside), before the build cuts them; the rules inside @media and @supports too."""
    import material
    import tinycss2

    found: set[frozenset[str]] = set()

    def walk(rules) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude)
                while (inner := re.sub(r"\([^()]*\)", "", prelude)) != prelude:
                    prelude = inner
                for selector in prelude.split(","):
                    found.add(frozenset(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r'"[^"]*"', "", selector))))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                walk(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))

    for sheet in (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("*.css"):
        walk(tinycss2.parse_stylesheet(sheet.read_text(), skip_whitespace=True, skip_comments=True))
    assert len(found) > 300, len(found)  # the theme's stylesheets were read (525 distinct sets in Material 9.8)
    return found


def test_the_cut_stylesheets_style_every_class_the_theme_styles(browser, real_site):
    """The theme's stylesheets are cut to the rules the pages use (generator/stylesheets.py): wherever the theme's
    own stylesheets have a selector whose classes the elements carry — written in a page, or added by the theme's
    script while the reader searches, copies code, scrolls, opens the drawer, switches the colour scheme, follows a
    link — those classes are still styled."""
    theme = theme_selectors()
    unstyled: dict[str, set[str]] = {}

    def look(page: Page, where: str) -> None:
        found = page.evaluate(LIVE_CLASSES)
        live = set(found["live"])
        # the classes of every theme selector whose classes are all on this page: the cut must have kept them
        missing = {name for classes in theme if classes <= live for name in classes} - set(found["styled"])
        if missing:
            unstyled[where] = missing

    for width in WIDTHS:
        page = open_page(browser, width)
        page.goto(real_site + "authors/preview/")
        expect(page.locator("pre button[data-md-type=copy]").first).to_be_visible()
        page.locator("pre").first.hover()
        look(page, f"code, {width}")
        page.goto(real_site + "service/chittyregistry/")
        page.mouse.wheel(0, 4000)
        page.mouse.wheel(0, -400)  # scrolling up shows the back-to-top button
        expect(page.locator(".md-top")).to_be_visible()
        look(page, f"scrolled, {width}")
        if width == 390:
            page.locator("label.md-header__button[for=__drawer]").click()
            look(page, "drawer")
            page.keyboard.press("Escape")
            page.goto(real_site + "service/chittyregistry/")
            page.locator("label.md-header__button[for=__search]").click()
        else:
            page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("onboard", delay=20)
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        look(page, f"search, {width}")
        page.keyboard.press("Escape")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        look(page, f"dark, {width}")
        page.evaluate("window.scrollTo(0, 0)")
        page.get_by_role("navigation", name="Start here").get_by_role("link", name="Onboard a service").click()
        expect(page).to_have_url(re.compile(r"/authors/adding-a-service/$"))
        look(page, f"instant navigation, {width}")
        page.context.close()
    assert not unstyled, unstyled


def test_the_404_page_searches_the_portal(browser, real_site):
    page = open_page(browser, 1400)
    response = page.goto(real_site + "service/retired/")
    assert response is not None and response.status == 404
    field = page.get_by_label("Search the portal")
    field.fill("chittyconnect")
    field.press("Enter")
    expect(page.locator("a.md-search-result__link[href*='service/chittyconnect/']").first).to_be_visible()
    page.context.close()


def test_no_request_left_the_local_server():
    """Runs last in this module: covers every request the module's pages made."""
    assert REQUESTS, "no request was recorded"
    outside = sorted({url for url in REQUESTS
                      if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != HOST})
    assert outside == [], outside
    assert PAGE_ERRORS == [], PAGE_ERRORS
