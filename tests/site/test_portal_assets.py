"""The portal's browser assets in Debian's Chromium: catalog.js, getchitty.css, the SVG pictures,
the error banner and the 404 page, checked with axe-core at 1400 and 390 px.

A small MkDocs site (Material, instant navigation, the 404 override in
templates/overrides/) is built from pages holding the assets as the portal will:
a catalog table, the ecosystem map, a neighbourhood, the error banner, a legend.
Two plain HTML pages sit beside it: the catalog without Material (the script's
DOMContentLoaded path) and a page with known accessibility faults, which axe must
report. Every request is recorded; none may leave 127.0.0.1. Screenshots go to
test-artifacts/portal-*.png.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import site_support
from axe_support import blocking_violations, describe, run_axe
from playwright.sync_api import Browser, Page, expect
from site_support import ARTIFACTS, HOST, REPO, build_env, serving
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

from getchitty.overlay import Finding, overlay_html
from getchitty.pictures import STATUS_ORDER, Band, Edge, Node, ecosystem_map, neighbourhood

TEMPLATES = REPO / "templates"
WIDTHS = {"wide": 1400, "narrow": 390}
HOSTILE = "<img src=x onerror=window.__pwned=1>"

# The catalog: 63 entities, as many as the real ecosystem holds today.
OWNERS = ("@chittyfoundation/identity", "@chittyos/platform", "@chittyapps/team", "@chittycorp/finance")
KINDS = ("Service", "Data layer", "Composite")
TIERS = ("tier1", "tier2", "tier3")
STATES = ("pass", "waived", "fail")
LAYERS = ("Governance", "Foundation", "Core", "Data", "Registry & Discovery", "Platform", "Domain",
          "Sync & Integration", "Applications")
ENTRIES = [
    {"name": f"chitty{word}", "kind": KINDS[i % 3], "org": ("ChittyFoundation", "ChittyOS", "ChittyApps")[i % 3],
     "owners": OWNERS[i % 4: i % 4 + 1 + (i % 5 == 0)], "tier": TIERS[i % 3], "layer": i % 9,
     "status": STATUS_ORDER[i % len(STATUS_ORDER)], "state": STATES[i % 3]}
    for i, word in enumerate(
        ["id", "auth", "trust", "canon", "router", "ledger", "registry", "monitor", "evidence", "sync", "app",
         "chat", "cert", "schema", "verify", "score", "finance", "notary", "vault", "beacon", "relay",
         "forge", "atlas", "pulse", "echo", "scope", "lens", "quest", "forum", "index", "tally", "audit",
         "court", "claim", "proof", "seal", "mint", "gate", "hub", "dock", "port", "mesh", "grid", "flow",
         "pipe", "queue", "stream", "cache", "store", "fetch", "parse", "render", "sign", "badge", "chart",
         "board", "desk", "cloud", "edge", "core", "base", "node", "link"])
]
assert len(ENTRIES) == 63
ENTRIES[5]["name"] = f"chitty{HOSTILE}"  # a hostile name must stay text, in cells and in filter options


def page_name(name: str) -> str:
    """The page a name links to; the hostile name (no page of its own) links to chittyid's."""
    return name if name.isalnum() else "chittyid"


def catalog_table() -> str:
    """The catalog as the renderer will write it: every value escaped, the data- contract of catalog.js."""
    def esc(value) -> str:
        return html.escape(str(value), quote=True)

    head = ('<thead><tr><th scope="col">Name</th><th scope="col" data-filter="kind">Kind</th>'
            '<th scope="col" data-filter="org" data-filter-label="Organization">Organization</th>'
            '<th scope="col" data-filter="owner" data-filter-type="text">Owners</th>'
            '<th scope="col" data-filter="tier">Tier</th>'
            '<th scope="col" data-filter="layer" data-sort="number">Layer</th>'
            '<th scope="col" data-filter="status">Status</th>'
            '<th scope="col" data-filter="governance" data-filter-label="Governance state">Governance</th>'
            '<th scope="col" data-sort="none" class="gc-wrap">Notes</th></tr></thead>')
    rows = []
    for e in ENTRIES:
        status = esc(e["status"])
        slug = re.sub(r"[^a-z0-9]+", "-", e["status"].lower())
        owners = " ".join(f"<span data-item>{esc(o)}</span>" for o in e["owners"])
        rows.append(
            f'<tr><td><a href="../service/{page_name(e["name"])}/">{esc(e["name"])}</a></td>'
            f'<td>{esc(e["kind"])}</td><td>{esc(e["org"])}</td><td>{owners}</td><td>{esc(e["tier"])}</td>'
            f'<td data-value="{e["layer"]} · {esc(LAYERS[e["layer"]])}" data-sort-value="{e["layer"]}">'
            f'{e["layer"]} · {esc(LAYERS[e["layer"]])}</td>'
            f'<td data-value="{status}"><span class="gc-status gc-status-{slug}">{status}</span></td>'
            f'<td data-value="{esc(e["state"])}"><span class="gc-{esc(e["state"])}">{esc(e["state"])}</span></td>'
            f'<td class="gc-wrap">Runs on Cloudflare Workers and keeps its state in Durable Objects; '
            'the runbook covers deployments, rollbacks and the incident rotation.</td></tr>')
    return ('<div class="gc-table-scroll" tabindex="0" role="region" aria-label="Catalog">'
            '<table class="gc-table gc-catalog" id="catalog">' + head + "<tbody>" + "".join(rows)
            + "</tbody></table></div>")


BANDS = [Band(number, name) for number, name in enumerate(LAYERS)]
NODES = [Node(e["name"], e["name"], f"../service/{page_name(e['name'])}/", e["layer"], e["status"], e["kind"])
         for e in ENTRIES]
EDGES = [Edge(a.name, b.name) for a, b in zip(NODES, NODES[3:]) if b.layer <= a.layer]
LEGEND = ('<ul class="gc-legend">' + "".join(
    f'<li><span class="gc-status gc-status-{re.sub(r"[^a-z0-9]+", "-", s.lower())}">{s}</span> {meaning}</li>'
    for s, meaning in zip(STATUS_ORDER, ("on the roadmap", "being built", "built, waiting for a deployment",
                                         "listed by an authority, no deployment read", "deployed and serving",
                                         "in use, not yet at its public address", "being retired",
                                         "no status declared"), strict=True)) + "</ul>")
FINDINGS = [Finding("etc/chittyos/services/chittyid.yml:4:3", "ownership/missing", "chittyid names no owner",
                    "add an owners: list"),
            Finding("etc/chittyos/services/x.yml:1:1", "schema/type", f"bad value {HOSTILE}", "<script>x</script>")]


def wide_markdown_table() -> str:
    names = [f"CHITTY_SECRET_NUMBER_{i:02d}" for i in range(10)]
    lines = ["| Service | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    lines += [f"| chitty{w} | " + " | ".join("declared" if (i + j) % 3 else "—" for j in range(10)) + " |"
              for i, w in enumerate(("id", "auth", "trust", "router", "ledger"))]
    return "\n".join(lines)


def pages() -> dict[str, str]:
    by_name = {n.name: n for n in NODES}
    auth = by_name["chittyauth"]
    def near(nodes):
        return [Node(n.name, n.label, f"../{page_name(n.name)}/", n.layer, n.status, n.kind) for n in nodes]
    nearby = neighbourhood(Node(auth.name, auth.name, "./", auth.layer, auth.status),
                           depends_on=near(NODES[2:4]), used_by=near(NODES[4:13]), related=near(NODES[13:15]))
    out = {
        "index.md": "# Portal assets\n\nA test site for the portal's styles, script and pictures.\n\n## Statuses\n\n"
                    + LEGEND + "\n\nStates: <span class=\"gc-pass\">pass</span>, <span class=\"gc-waived\">waived</span>, "
                    "<span class=\"gc-warning\">warning</span>, <span class=\"gc-fail\">fail</span>, "
                    "<span class=\"gc-expiring\">2025-06-20</span>.\n",
        "catalog/index.md": "# Catalog\n\nEvery entity of the ecosystem.\n\n" + catalog_table() + "\n",
        "architecture/index.md": "---\nhide: [toc]\n---\n\n# Architecture\n\n<div class=\"gc-pic-scroll\">\n"
                                 + ecosystem_map(BANDS, NODES, EDGES) + "</div>\n",
        "governance/index.md": "# Governance\n\n" + overlay_html(FINDINGS) + "\n## Secrets\n\n" + wide_markdown_table()
                               + "\n",
        "service/chittyauth/index.md": "# chittyauth\n\n## Neighbourhood\n\n<div class=\"gc-pic-scroll\">\n" + nearby
                                       + "</div>\n",
    }
    for node in NODES:
        if node.name == page_name(node.name) and node.name != "chittyauth":
            out[f"service/{node.name}/index.md"] = f"# {node.name}\n\nA service page.\n"
    return out


PLAIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Catalog without Material</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="../assets/getchitty.css"></head>
<body><main><h1>Catalog without Material</h1>
{table}
</main><script src="../assets/catalog.js"></script></body></html>
"""

# Known faults: an image without a text alternative (critical), grey text on white (serious),
# a form field without a label (critical) and a link without text (serious).
FAULTY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Faults</title></head>
<body><main><h1>Faults</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbbbbb;background:#ffffff">Grey text that is hard to read.</p>
<input type="text">
<a href="#x"></a>
</main></body></html>
"""

MKDOCS_YML = """site_name: Portal assets
site_url: {url}
docs_dir: docs
theme:
  name: material
  custom_dir: {overrides}
  font: false
  features: [navigation.tabs, navigation.instant]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
extra_css: [assets/getchitty.css]
extra_javascript: [assets/catalog.js, assets/accessibility.js]
plugins: [search]
markdown_extensions: [attr_list, tables, {{toc: {{permalink: true}}}}]
nav:
  - Home: index.md
  - Catalog: catalog/index.md
  - Architecture: architecture/index.md
  - Governance: governance/index.md
  - chittyauth: service/chittyauth/index.md
"""


REQUESTS: list[str] = []
PAGE_ERRORS: list[str] = []


@pytest.fixture(scope="module")
def assets_site(tmp_path_factory) -> str:
    """The assets site, built and served on http://127.0.0.1:<port>/."""
    base = tmp_path_factory.mktemp("assets")
    site_dir = base / "site"
    site_dir.mkdir()
    docs = base / "docs"
    for path, text in pages().items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (docs / "assets").mkdir()
    for asset in ("getchitty.css", "catalog.js", "accessibility.js"):
        shutil.copyfile(TEMPLATES / asset, docs / "assets" / asset)
    (docs / "plain").mkdir()
    (docs / "plain" / "catalog.html").write_text(PLAIN_PAGE.format(table=catalog_table()), encoding="utf-8")
    (docs / "plain" / "faults.html").write_text(FAULTY_PAGE, encoding="utf-8")

    def build(url: str) -> subprocess.CompletedProcess:
        (base / "mkdocs.yml").write_text(MKDOCS_YML.format(url=url, overrides=TEMPLATES / "overrides"), encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)], cwd=base,
                              env=build_env(base / "cache"), capture_output=True, text=True)

    with serving(site_dir, build) as (url, _):
        yield url


def open_page(browser: Browser, width: int, *, dark: bool = False, javascript: bool = True) -> Page:
    return site_support.open_page(browser, width, REQUESTS, PAGE_ERRORS, dark=dark, javascript=javascript)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}.png"), full_page=True)


ROWS = "table.gc-catalog tbody tr"


def visible_rows(page: Page) -> int:
    return page.locator(f"{ROWS}:visible").count()


# -- accessibility ----------------------------------------------------------------------------

PAGES = {"home": "", "catalog": "catalog/", "architecture": "architecture/", "governance": "governance/",
         "service": "service/chittyauth/", "missing": "no/such/page/", "plain-catalog": "plain/catalog.html"}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(browser, assets_site, name, width):
    page = open_page(browser, WIDTHS[width])
    response = page.goto(assets_site + PAGES[name])
    assert response is not None and response.status == (404 if name == "missing" else 200)
    page.wait_for_load_state("networkidle")
    violations = blocking_violations(page)
    shot(page, f"{name}-{WIDTHS[width]}")
    page.context.close()
    assert violations == [], describe(violations)


@pytest.mark.parametrize("name", ["home", "catalog", "architecture", "governance", "service", "missing"])
def test_no_serious_accessibility_violation_in_the_dark_scheme(browser, assets_site, name):
    page = open_page(browser, WIDTHS["wide"], dark=True)
    page.goto(assets_site + PAGES[name])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_load_state("networkidle")
    violations = blocking_violations(page)
    shot(page, f"{name}-dark")
    page.context.close()
    assert violations == [], describe(violations)


def test_the_harness_reports_known_faults(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site + "plain/faults.html")
    found = {v["id"]: v["impact"] for v in blocking_violations(page)}
    page.context.close()
    assert found == {"image-alt": "critical", "color-contrast": "serious", "label": "critical",
                     "link-name": "serious"}, found


def test_the_harness_reports_a_badge_with_low_contrast(browser, assets_site):
    """The badge palette as it was: white on #ef6c00 fails, the new Needs Deployment colour passes."""
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site)
    badge = "span.gc-status-needs-deployment"
    assert [v for v in run_axe(page) if v["id"] == "color-contrast"] == []
    page.eval_on_selector(badge, "b => b.style.background = '#ef6c00'")
    failing = [v for v in run_axe(page) if v["id"] == "color-contrast"]
    page.context.close()
    assert failing and failing[0]["impact"] == "serious"
    assert any("gc-status-needs-deployment" in node["html"] for node in failing[0]["nodes"])


# -- the catalog ----------------------------------------------------------------------------

def test_catalog_filters_sort_and_count(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site)
    page.get_by_role("link", name="Catalog").first.click()  # instant navigation: the script runs on document$
    expect(page).to_have_url(re.compile(r"/catalog/$"))
    count = page.locator("#catalog-count")
    expect(count).to_have_text("63 of 63 shown")
    expect(count).to_have_attribute("aria-live", "polite")
    assert visible_rows(page) == 63

    page.get_by_label("Kind", exact=True).select_option("Service")
    expect(count).to_have_text("21 of 63 shown")
    page.get_by_label("Status", exact=True).select_option("Live")
    expected = sum(1 for e in ENTRIES if e["kind"] == "Service" and e["status"] == "Live")
    expect(count).to_have_text(f"{expected} of 63 shown")
    assert visible_rows(page) == expected
    assert "kind=Service" in page.url and "status=Live" in page.url

    page.get_by_role("button", name="Show all").click()
    expect(count).to_have_text("63 of 63 shown")
    owner = page.get_by_label("Owners", exact=True)
    owner.press_sequentially("FOUNDATION/ident", delay=10)  # any case, any part
    expected = sum(1 for e in ENTRIES if "@chittyfoundation/identity" in e["owners"])
    expect(count).to_have_text(f"{expected} of 63 shown")
    owner.fill("")
    page.get_by_label("Governance state", exact=True).select_option("waived")
    page.get_by_label("Organization", exact=True).select_option("ChittyOS")
    expected = sum(1 for e in ENTRIES if e["state"] == "waived" and e["org"] == "ChittyOS")
    expect(count).to_have_text(f"{expected} of 63 shown")
    page.get_by_label("Layer", exact=True).select_option(label="3 · Data")
    expected = sum(1 for e in ENTRIES if e["state"] == "waived" and e["org"] == "ChittyOS" and e["layer"] == 3)
    expect(count).to_have_text(f"{expected} of 63 shown")
    page.get_by_label("Tier", exact=True).select_option("tier1")
    page.get_by_role("button", name="Show all").click()

    # The hostile name is an option's text and a cell's text, never markup.
    names = page.locator(f"{ROWS} td:first-child").all_inner_texts()
    assert f"chitty{HOSTILE}" in names
    assert page.evaluate("typeof window.__pwned") == "undefined"

    # Sorting: a click, then Enter on the focused header button; aria-sort follows.
    layer = page.locator("th", has=page.get_by_role("button", name="Layer"))
    layer.get_by_role("button").click()
    expect(layer).to_have_attribute("aria-sort", "ascending")
    layers = [int(t.split(" ")[0]) for t in page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()]
    assert layers == sorted(layers)
    layer.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(layer).to_have_attribute("aria-sort", "descending")
    layers = [int(t.split(" ")[0]) for t in page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()]
    assert layers == sorted(layers, reverse=True)
    name = page.locator("th", has=page.get_by_role("button", name="Name"))
    name.get_by_role("button").press("Space")
    expect(name).to_have_attribute("aria-sort", "ascending")
    expect(layer).not_to_have_attribute("aria-sort", re.compile(".*"))
    assert page.locator("th", has_text="Notes").get_by_role("button").count() == 0
    shot(page, "catalog-sorted")

    # Back to the catalog by instant navigation: enhanced once, not twice.
    page.get_by_role("link", name="Architecture").first.click()
    expect(page).to_have_url(re.compile(r"/architecture/$"))
    page.get_by_role("link", name="Catalog").first.click()
    expect(count).to_have_text("63 of 63 shown")
    assert page.locator(".gc-catalog-controls").count() == 1
    assert page.locator("th .gc-sort .gc-sort").count() == 0
    page.context.close()


def test_catalog_filters_come_from_the_address(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"])
    page.goto(assets_site + "catalog/?status=Planned&kind=Composite&nonsense=1")
    expected = sum(1 for e in ENTRIES if e["status"] == "Planned" and e["kind"] == "Composite")
    expect(page.locator("#catalog-count")).to_have_text(f"{expected} of 63 shown")
    expect(page.get_by_label("Status", exact=True)).to_have_value("Planned")
    page.goto(assets_site + "catalog/?status=NoSuchStatus")
    expect(page.locator("#catalog-count")).to_have_text("63 of 63 shown")
    page.context.close()


def test_catalog_works_without_material(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"])
    page.goto(assets_site + "plain/catalog.html")
    expect(page.locator("#catalog-count")).to_have_text("63 of 63 shown")
    page.get_by_label("Tier", exact=True).select_option("tier2")
    expect(page.locator("#catalog-count")).to_have_text("21 of 63 shown")
    page.context.close()


def test_catalog_is_a_plain_table_without_javascript(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"], javascript=False)
    page.goto(assets_site + "catalog/")
    assert visible_rows(page) == 63
    assert page.locator(".gc-catalog-controls, #catalog-count, .gc-sort").count() == 0
    shot(page, "catalog-no-javascript-390")
    page.context.close()


def test_every_catalog_column_is_reachable_at_390_px(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"])
    page.goto(assets_site + "catalog/")
    wrapper = page.locator(".gc-table-scroll")
    first = page.locator(f"{ROWS}:first-child td:first-child")
    before = first.bounding_box()
    last_header = page.locator("table.gc-catalog thead th").last
    last_header.scroll_into_view_if_needed()
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")  # the table scrolls, it does not squeeze
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    box, frame = last_header.bounding_box(), wrapper.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1  # the last column comes into view
    assert abs(first.bounding_box()["x"] - before["x"]) < 1  # while the names stay put (sticky)
    lines = page.locator(f"{ROWS}:first-child td:nth-child(9)").evaluate(
        """td => { const s = getComputedStyle(td);
                   return (td.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom))
                          / parseFloat(s.lineHeight); }""")
    assert round(lines) <= 4, lines  # a sentence of 20 words keeps to a few lines, not one word per line
    page.context.close()


# -- pictures, banner, 404 -------------------------------------------------------------------

def test_map_has_a_link_per_service_and_they_lead_to_pages(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site + "architecture/")
    links = page.locator("svg.gc-pic-map a")
    expect(links).to_have_count(len(NODES))
    expect(page.get_by_role("link", name=re.compile(r"^chittytrust \u2014 "))).to_have_count(1)
    width = page.locator("svg.gc-pic-map").bounding_box()["width"]
    assert width == 880, width  # its natural size: the page hides the table of contents
    page.get_by_role("link", name=re.compile(r"^chittytrust \u2014 ")).click()
    expect(page).to_have_url(re.compile(r"/service/chittytrust/$"))
    expect(page.locator("article h1")).to_contain_text("chittytrust")
    page.context.close()


def test_map_links_work_after_instant_navigation(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_role("link", name="Architecture").first.click()
    expect(page).to_have_url(re.compile(r"/architecture/$"))
    expect(page.locator("svg.gc-pic-map a")).to_have_count(len(NODES))
    page.get_by_role("link", name=re.compile(r"^chittytrust \u2014 ")).click()
    expect(page).to_have_url(re.compile(r"/service/chittytrust/$"))
    assert errors == []
    page.context.close()


def test_map_is_scrolled_not_squeezed_at_390_px(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"])
    page.goto(assets_site + "architecture/")
    wrapper = page.locator(".gc-pic-scroll")
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")
    link = page.locator("svg.gc-pic-map a").last
    link.focus()
    expect(link).to_be_focused()
    page.context.close()


def test_neighbourhood_links_lead_to_the_neighbours(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    page.goto(assets_site + "service/chittyauth/")
    expect(page.locator("svg.gc-pic-neighbourhood a")).to_have_count(13)
    page.locator("svg.gc-pic-neighbourhood a").first.click()
    expect(page).to_have_url(re.compile(r"/service/chitty[a-z]+/$"))
    page.context.close()


def test_error_banner_is_an_alert_with_each_finding(browser, assets_site):
    page = open_page(browser, WIDTHS["narrow"])
    page.goto(assets_site + "governance/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Governance check failed: 2 findings")
    expect(alert.locator("li")).to_have_count(2)
    expect(alert.locator("li").first).to_contain_text("etc/chittyos/services/chittyid.yml:4:3")
    expect(alert.locator("li").last).to_contain_text(HOSTILE)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.context.close()


def test_404_page_offers_search_and_ways_onward(browser, assets_site):
    page = open_page(browser, WIDTHS["wide"])
    response = page.goto(assets_site + "service/retired/deep/")
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_have_text(re.compile("^Page not found"))
    for name, path in (("Home", ""), ("Catalog", "catalog/"), ("Architecture board", "architecture/"),
                       ("Governance", "governance/")):
        link = page.locator("article").get_by_role("link", name=name, exact=True)
        assert link.evaluate("a => a.href") == assets_site + path
    expect(page.locator("link[rel=stylesheet][href*='getchitty.css']")).to_have_count(1)
    page.locator("article").get_by_role("link", name="Catalog", exact=True).click()
    expect(page).to_have_url(re.compile(r"/catalog/$"))

    page.goto(assets_site + "service/retired/")
    field = page.get_by_label("Search the portal")
    field.fill("chittytrust")
    field.press("Enter")
    expect(page.locator("input.md-search__input")).to_have_value("chittytrust")
    expect(page.locator("a.md-search-result__link[href*='service/chittytrust/']").first).to_be_visible()
    shot(page, "missing-search")
    page.context.close()


def test_no_request_left_the_local_server(browser, assets_site):
    """Runs last in this module: covers every request the module's pages made."""
    assert REQUESTS, "no request was recorded"
    outside = sorted({url for url in REQUESTS
                      if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != HOST})
    assert outside == [], outside
    assert PAGE_ERRORS == [], PAGE_ERRORS

