"""The built site in a real browser: Debian's Chromium, driven by pytest-playwright.

The fixture site (eco + site_extra + site_hostile) is built with GETCHITTY_SITE_URL
pointing at a threaded http.server on 127.0.0.1, because Material's instant
navigation only works when site_url matches the server. Browsers are never
downloaded: the tests use /usr/bin/chromium (installed by .ci/run) and fail, not
skip, when it is missing.

Every request any page makes during the session is recorded; the last test checks
that none left 127.0.0.1. A screenshot of a service page is saved to
test-artifacts/service-page.png.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from site_support import ARTIFACTS, HOST, HOSTILE_DESCRIPTION, HOSTILE_SCRIPT, SITE_EXTRA, SITE_HOSTILE, make_tree, mkdocs_build, serving

pytest_plugins = ["site_fixtures"]

# Debian's Chromium; GETCHITTY_CHROMIUM points elsewhere (only to check that a missing browser fails the tests).
CHROMIUM = Path(os.environ.get("GETCHITTY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CONTENT = "article.md-content__inner"  # the page itself; search results are <article>s too

REQUESTS: list[str] = []  # every URL requested by any page of the session
DIALOGS: list[str] = []  # alert()/confirm() that any page opened
PAGE_ERRORS: list[str] = []


def chromium_problem() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); browsers are never downloaded"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not executable"
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    problem = chromium_problem()
    if problem:
        pytest.fail(problem)  # a failure, never a skip
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def served_site(tmp_path_factory, session_cache) -> str:
    """The fixture site built for, and served on, http://127.0.0.1:<port>/."""
    base = tmp_path_factory.mktemp("browser")
    site_dir = base / "site"
    site_dir.mkdir()
    tree = make_tree(base / "repo", SITE_EXTRA, SITE_HOSTILE)
    with serving(site_dir, lambda url: mkdocs_build(tree, site_dir, cache_dir=session_cache,
                                                    GETCHITTY_SITE_URL=url)) as (url, _):
        yield url


@pytest.fixture(scope="session")
def base_url(served_site) -> str:
    return served_site


@pytest.fixture
def page(context) -> Page:
    """pytest-playwright's page, recording every request and dialog."""
    context.on("request", lambda request: REQUESTS.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: (DIALOGS.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
    return page


def heading(title: str) -> re.Pattern:
    """A heading's text: the title, then the permalink sign MkDocs adds."""
    return re.compile(rf"^{re.escape(title)}\s*¶?\s*$")


def search_for(page: Page, query: str, target: str):
    """Type `query` into Material's search box; the first visible result linking to `target`."""
    page.wait_for_load_state("networkidle")  # an instant navigation still landing would close the search
    search = page.locator("input.md-search__input")
    result = page.locator(f"a.md-search-result__link[href*='{target}']:visible").first
    for attempt in range(2):
        search.click()
        search.fill("")
        search.press_sequentially(query, delay=20)
        try:
            expect(result).to_be_visible(timeout=10_000)
            return result
        except AssertionError:
            if attempt:
                raise
    return result


def test_chromium_is_installed():
    assert chromium_problem() is None, chromium_problem()


def test_home_page(page: Page):
    page.goto("/")
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("ChittyOS onboarding"))
    expect(page.locator("nav.md-tabs")).to_be_visible()
    expect(page.locator(f"{CONTENT} h3")).to_have_count(9)
    expect(page.locator(f"{CONTENT} span.gc-status").first).to_be_visible()


def test_reach_a_service_page_through_the_nav(page: Page):
    page.goto("/")
    page.locator("nav.md-tabs a.md-tabs__link", has_text="Architecture").click()
    expect(page).to_have_url(re.compile(r"/architecture/$"))
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("Architecture board"))
    page.locator("nav.md-nav--primary a.md-nav__link:visible", has_text="1 · Foundation").first.click()
    expect(page).to_have_url(re.compile(r"/architecture/layer-1/$"))
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("Layer 1 · Foundation"))
    page.locator(f"{CONTENT} table a", has_text="chittyid").click()
    expect(page).to_have_url(re.compile(r"/service/chittyid/$"))
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("chittyid"))
    expect(page.locator(CONTENT)).to_contain_text("id.chitty.cc")


def test_search_a_service_by_its_domain(page: Page):
    page.goto("/")
    search_for(page, "id.chitty.cc", "service/chittyid/").click()
    expect(page).to_have_url(re.compile(r"/service/chittyid/(\?[^#]*)?(#.*)?$"))
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("chittyid"))


def test_dark_mode_toggle(page: Page):
    page.goto("/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label.md-header__button[title='Switch to light mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_planted_script_does_not_run_and_its_text_is_visible(page: Page):
    page.goto("/service/chittyhostile/")
    intro = page.locator(f"{CONTENT} h1 + p")
    expect(intro).to_have_text(f"Active {HOSTILE_DESCRIPTION}")
    expect(page.get_by_text(HOSTILE_SCRIPT).first).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Reached by instant navigation (content swapped in by Material) it stays inert too.
    page.goto("/architecture/layer-8/")
    page.locator(f"{CONTENT} table a", has_text="chittyhostile").click()
    expect(page).to_have_url(re.compile(r"/service/chittyhostile/$"))
    expect(page.locator(f"{CONTENT} h1 + p")).to_have_text(f"Active {HOSTILE_DESCRIPTION}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Search results are rendered as HTML by Material: the planted markup must stay text there as well.
    search_for(page, "hostile", "service/chittyhostile/")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".md-search-result img").count() == 0
    assert DIALOGS == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-search.png"))


def test_service_page_screenshot(page: Page):
    page.goto("/service/chittyid/")
    expect(page.locator(f"{CONTENT} h1")).to_have_text(heading("chittyid"))
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "service-page.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    page.goto("/service/chittyhostile/")
    page.screenshot(path=str(ARTIFACTS / "hostile-page.png"), full_page=True)
    page.goto("/governance/")
    page.screenshot(path=str(ARTIFACTS / "governance-page.png"), full_page=True)


def test_no_request_left_the_local_server(page: Page, served_site):
    """Runs last in this module: covers every request of the session, plus a tour of its own."""
    for url in ("/", "/architecture/", "/service/chittyid/", "/secrets/", "/governance/", "/api/services.json"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert REQUESTS, "no request was recorded"
    outside = sorted({url for url in REQUESTS
                      if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != HOST})
    assert outside == [], outside
    assert DIALOGS == []
    assert PAGE_ERRORS == [], PAGE_ERRORS
