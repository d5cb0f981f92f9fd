"""Markup planted in every source field (hostile_tree.py, generated from the schemas) never runs in a browser.

The site is built by the plugin from a tree where every field holds PAYLOAD and
every finding this causes is waived, then every page is loaded in Debian's
Chromium. A test fails on any script the data starts (a dialog, the
`window.__pwned` marker, an error thrown), any `javascript:` link, any element
with an event-handler attribute, and on markup left raw in titles, the nav, the
search index or the read model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hostile_tree import MARK, PAYLOAD, plant
from playwright.sync_api import Page
from site_support import SITE_EXTRA, make_tree, mkdocs_build, serving
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

pytest_plugins = ["site_fixtures"]

# Marks the page's own hooks record a script started by the data in.
PROBE = """
window.__calls = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__calls.push(name); };
}
"""


@pytest.fixture(scope="session")
def base_url() -> str:
    return ""  # every URL here is absolute: the served site's address changes per run


@pytest.fixture(scope="module")
def hostile_everywhere(tmp_path_factory, session_cache):
    """(site folder, URL) of the tree with PAYLOAD in every field, built and served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("everywhere")
    site_dir = base / "site"
    site_dir.mkdir()
    tree = plant(make_tree(base / "repo", SITE_EXTRA))
    with serving(site_dir, lambda url: mkdocs_build(tree, site_dir, cache_dir=session_cache, strict=False,
                                                    GETCHITTY_SITE_URL=url)) as (url, result):
        yield site_dir, url, tree, result.stdout


def pages(site_dir: Path) -> list[str]:
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        found.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return found


def test_every_schema_field_reaches_the_read_model(hostile_everywhere):
    site_dir, _, tree, _ = hostile_everywhere
    from getchitty.model import KINDS

    for kind in KINDS:
        schema = json.loads((tree / "etc/authority/schema" / f"{kind.schema}.schema.json").read_text())
        data = json.loads((site_dir / kind.api_path(f"hostile{kind.page_folder}")).read_text())
        text_fields = [key for key, sub in schema["properties"].items()
                       if sub.get("type") == "string" and "format" not in sub and key not in ("service_name", "entity_type")]
        assert text_fields
        for key in text_fields:
            assert data.get(key) == PAYLOAD, (kind.entity_type, key)


def test_no_markup_left_raw_in_any_file(hostile_everywhere):
    """Titles, nav, tables, JSON and the search index carry the payload only as escaped text."""
    site_dir, *_ = hostile_everywhere
    for path in site_dir.rglob("*"):
        if path.suffix not in (".html", ".json", ".xml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        for raw in ("<img src=x", "<script>window", "<svg onload", "<a href=\"javascript:"):
            assert raw not in text, (path, raw)
        if path.suffix == ".html":
            soup = BeautifulSoup(text, "html.parser")
            for element in soup.find_all(True):
                for name, value in element.attrs.items():
                    assert not name.lower().startswith("on"), (path, element.name, name)
                    values = value if isinstance(value, list) else [value]
                    assert not any(re.match(r"\s*javascript:", str(item), re.I) for item in values), (path, element)
            assert "\x1b" not in text and "\u2028" not in text, path
    # the payload did reach the pages, titles and nav (as text)
    layer = BeautifulSoup((site_dir / "architecture/index.html").read_text(encoding="utf-8"), "html.parser")
    assert any("<img src=x" in a.get_text() for a in layer.select("nav a")), "the planted layer name is not in the nav"


def test_no_script_runs_on_any_page(hostile_everywhere, page: Page):
    site_dir, url, *_ = hostile_everywhere
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(PROBE)
    visited = pages(site_dir)
    assert len(visited) > 50
    for relative in visited:
        page.goto(url + relative)
        page.wait_for_load_state("load")
        found = page.evaluate("""() => ({
            pwned: typeof window.__pwned,
            calls: window.__calls,
            js: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                .filter(h => /^\\s*javascript:/i.test(h)),
            handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                .filter(a => a.name.toLowerCase().startsWith('on')).map(a => el.tagName + ' ' + a.name)),
        })""")
        assert found == {"pwned": "undefined", "calls": [], "js": [], "handlers": []}, (relative, found)
    assert dialogs == [] and errors == [], (dialogs, errors)


def test_search_results_stay_text(hostile_everywhere, page: Page):
    _, url, *_ = hostile_everywhere
    page.add_init_script(PROBE)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    search = page.locator("input.md-search__input")
    for query in ("onerror", "pwned", "script", "javascript"):
        search.click()
        search.fill("")
        search.press_sequentially(query, delay=10)
        page.wait_for_timeout(400)
        assert page.evaluate("typeof window.__pwned") == "undefined", query
        assert page.locator(".md-search-result img, .md-search-result svg[onload]").count() == 0, query
    assert page.evaluate("window.__calls") == []
    assert MARK  # the marker the payload would set
