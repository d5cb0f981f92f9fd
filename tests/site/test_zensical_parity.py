"""Zensical builds the same portal as MkDocs with the getchitty plugin.

The repository's own content is copied (its tracked files) into a scratch folder
that is made a git repository with one commit, as every real checkout is, so the
footer's build stamp takes the commit path. That one tree is built twice:

- MkDocs: `mkdocs build --strict` with the getchitty plugin;
- Zensical: `getchitty render --out DIR`, then `zensical build --strict` in DIR.

Compared, and required equal:

- the page set: every HTML file, the sitemap's URLs, every page's <title>;
- every page's main content (the article) as text, whitespace collapsed;
- every link in the main content, as the page it lands on from the page's own
  address under site_url (Zensical rewrites relative links in raw HTML from the
  Markdown file's folder, MkDocs leaves them as written: the literal href may
  differ, the target may not); the primary navigation, the tabs and the table of
  contents the same way;
- the pictures: every inline SVG of the main content, links taken out (they are
  compared as targets above);
- every file under api/ and schemas/ (the read API and its JSON Schemas), and the
  portal's stylesheet and scripts, byte for byte;
- the footer's build stamp (repository, day, commit, commit date);
- the search index: the same sections (location and title) with the same text
  once markup is removed, every page in it;
- the 404 page: present, with the same text and links.

In a browser (Debian's Chromium), on the Zensical build served on 127.0.0.1: the
catalog's filters appear and filter, search finds a service page, and no request
leaves the site.

Not compared, because the engines legitimately differ there: the theme's chrome
(header, footer credit, the theme's own scripts and stylesheets and their file
names, the <head>), the markup code blocks get (Zensical highlights them; their
text is compared), the search index's file name, format and tokenizer settings,
the compressed sitemap MkDocs also writes, and the sitemap's dates. Edit links are
absent from the Zensical build on purpose: `render --out` leaves them out (the
tree's pages are not the files an author edits), so the article is compared
without the MkDocs build's edit button.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, expect
from site_support import HOST, REPO, Site, build_env, site_server, text
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

BIN = Path(sys.executable).parent
SITE_URL = "https://get.chitty.cc/"  # this repository's mkdocs.yml, with GETCHITTY_SITE_URL unset
GIT_ENV = {
    "GIT_AUTHOR_NAME": "getchitty tests", "GIT_AUTHOR_EMAIL": "tests@get.chitty.cc",
    "GIT_COMMITTER_NAME": "getchitty tests", "GIT_COMMITTER_EMAIL": "tests@get.chitty.cc",
    "GIT_AUTHOR_DATE": "2026-08-21T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-08-21T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}
PORTAL_ASSETS = ("assets/getchitty.css", "assets/catalog.js", "assets/accessibility.js", "assets/on-demand.js")
# What every page links to itself (catalog.js is loaded by accessibility.js where a page holds a table it serves).
LINKED_ASSETS = ("assets/getchitty.css", "assets/on-demand.js", "assets/accessibility.js")
# What the MkDocs build's article has and the Zensical build's may not: the edit button (left out of the tree),
# and Zensical's skip-link target.
NOT_CONTENT = ".md-content__button, a#__skip"


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout.strip()


def tracked_copy(dest: Path) -> Path:
    """This repository's tracked files, as they are in the working tree, in a new git repository with one commit."""
    names = git(REPO, "ls-files", "-z").split("\0")
    for name in filter(None, names):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / name)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "-A")
    git(dest, "commit", "--quiet", "-m", "portal sources")
    return dest


@dataclass
class Builds:
    commit: str
    mkdocs: Site
    zensical: Site


def run(command: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=900)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    base = tmp_path_factory.mktemp("parity")
    tree = tracked_copy(base / "repo")
    env = build_env(base / "cache", GETCHITTY_BUILD_DATE=date.today().isoformat())
    for name in ("GETCHITTY_BUILD_COMMIT", "GITHUB_SHA"):  # the stamp comes from the checkout's own HEAD
        env.pop(name, None)

    return build_both(git(tree, "rev-parse", "HEAD"), tree, base, env)


def build_both(commit: str, tree: Path, base: Path, env: dict[str, str]) -> Builds:
    """`tree` built by MkDocs with the plugin into base/mkdocs, and by Zensical from `render --out base/rendered`."""
    mkdocs = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", tree / "mkdocs.yml", "-d", base / "mkdocs"],
                 tree, env)
    assert mkdocs.returncode == 0, mkdocs.stdout
    out = base / "rendered"
    rendered = run([BIN / "getchitty", "render", "--out", out, tree], tree, env)
    assert rendered.returncode == 0, rendered.stdout
    zensical = run([BIN / "zensical", "build", "--strict", "-f", out / "mkdocs.yml"], out, env)
    assert zensical.returncode == 0, zensical.stdout
    return Builds(commit, Site(tree, base / "mkdocs", mkdocs.stdout), Site(out, out / "site", zensical.stdout))


# -- reading both builds the same way -------------------------------------------------------

def page_urls(site: Site) -> list[str]:
    return [url for url, _ in site.pages()]


def address(url: str, site_url: str = SITE_URL) -> str:
    """The page's absolute address under site_url, as a browser on the published site has it."""
    return urljoin(site_url, url.lstrip("/"))


def main_content(site: Site, url: str) -> Tag:
    """The page's article without what is not content (a copy: the cached page stays whole)."""
    article = site.article(url)
    article = BeautifulSoup(str(article), "html.parser").select_one("article")
    assert article is not None
    for element in article.select(NOT_CONTENT):
        element.decompose()
    return article


def targets(url: str, element: Tag | None, site_url: str = SITE_URL) -> list[str]:
    """Where each link and image inside `element` leads from the page at `url` (SVG links included)."""
    if element is None:
        return []
    found = []
    for tag in element.find_all(["a", "img"]):
        reference = tag.get("href") or tag.get("xlink:href") or tag.get("src")
        if reference is not None:
            found.append(urljoin(address(url, site_url), str(reference)))
    return found


def missing_targets(site: Site, site_url: str) -> list[str]:
    """Links of every page's main content written as a path (relative, or from the host's root) that lead to no
    file of the build, or out of site_url."""
    missing = set()
    for url in page_urls(site):
        for tag in main_content(site, url).find_all(["a", "img"]):
            reference = str(tag.get("href") or tag.get("xlink:href") or tag.get("src") or "")
            if not reference or urlsplit(reference).scheme or reference.startswith(("#", "//")):
                continue  # an address of its own, or a place on the same page
            target = urlsplit(urljoin(address(url, site_url), reference))._replace(fragment="", query="").geturl()
            if not target.startswith(site_url) or not site.exists("/" + target.removeprefix(site_url)):
                missing.add(f"{url} → {reference}")
    return sorted(missing)


def pictures(element: Tag) -> list[str]:
    """Every inline SVG, its link attributes taken out."""
    drawn = []
    for svg in element.find_all("svg"):
        svg = BeautifulSoup(str(svg), "html.parser").find("svg")
        for tag in [svg, *svg.find_all(True)]:
            for name in ("href", "xlink:href"):
                tag.attrs.pop(name, None)
        drawn.append(str(svg))
    return drawn


def first_difference(expected: str, actual: str) -> str:
    """Where two texts part, a few words either side, for a failure message."""
    left, right = expected.split(), actual.split()
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            before = " ".join(left[max(0, i1 - 6):i1])
            return (f"after '…{before}': MkDocs has '{' '.join(left[i1:i2][:20])}', "
                    f"Zensical has '{' '.join(right[j1:j2][:20])}'")
    return "same words, different spacing"


def differences(builds: Builds, compare) -> list[str]:
    """`compare(site, url)` on every page of both builds; one line per page where the two differ."""
    found = []
    for url in page_urls(builds.mkdocs):
        expected, actual = compare(builds.mkdocs, url), compare(builds.zensical, url)
        if expected != actual:
            if isinstance(expected, str) and isinstance(actual, str):
                found.append(f"{url}: {first_difference(expected, actual)}")
            else:
                missing = [x for x in expected if x not in actual][:5]
                extra = [x for x in actual if x not in expected][:5]
                found.append(f"{url}: only MkDocs {missing}, only Zensical {extra} ({len(expected)} vs {len(actual)})")
    return found


def files(folder: Path, *under: str) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for name in under for path in sorted((folder / name).rglob("*"))
            if path.is_file() and path.suffix != ".html"}


def sections(index: list[dict]) -> dict[tuple[str, str], str]:
    """A search index's entries as {(location, title): text without markup}."""
    return {(entry["location"], entry["title"]): " ".join(re.sub(r"<[^>]+>", " ", entry["text"]).split())
            for entry in index}


# -- the comparisons -------------------------------------------------------------------------

def test_both_engines_build_the_repository_from_a_git_checkout(builds):
    assert "getchitty:" in builds.mkdocs.output  # the plugin ran its check
    assert builds.zensical.exists("/index.html") and builds.zensical.exists("/service/chittyid/")
    assert "Made with Zensical" in text(builds.zensical.soup("/").select_one(".md-copyright"))
    assert "Made with Material for MkDocs" in text(builds.mkdocs.soup("/").select_one(".md-copyright"))


def test_the_footer_names_the_same_commit(builds):
    commit = builds.commit
    for site in (builds.mkdocs, builds.zensical):
        footer = site.soup("/service/chittyid/").select_one("footer .gc-build")
        assert footer is not None, site.dir
        assert f"from commit {commit[:12]} of 2026-08-21." in text(footer)
        assert f"https://github.com/chittyos/getchitty/commit/{commit}" in targets("/", footer)
    assert text(builds.mkdocs.soup("/").select_one("footer .gc-build")) == \
        text(builds.zensical.soup("/").select_one("footer .gc-build"))


def test_the_same_pages_at_the_same_urls(builds):
    assert page_urls(builds.zensical) == page_urls(builds.mkdocs)
    assert len(page_urls(builds.mkdocs)) > 200  # the whole portal: every service, team, layer and rule

    def sitemap(site: Site) -> list[str]:
        return sorted(re.findall(r"<loc>([^<]+)</loc>", site.html("/sitemap.xml")))

    assert sitemap(builds.zensical) == sitemap(builds.mkdocs)
    assert differences(builds, lambda site, url: text(site.soup(url).title)) == []


def test_every_page_says_the_same(builds):
    changed = differences(builds, lambda site, url: text(main_content(site, url)))
    assert changed == [], f"{len(changed)} page(s) differ:\n" + "\n".join(changed)


def test_every_link_lands_on_the_same_page(builds):
    changed = differences(builds, lambda site, url: targets(url, main_content(site, url)))
    assert changed == [], f"{len(changed)} page(s) link elsewhere:\n" + "\n".join(changed)
    assert missing_targets(builds.mkdocs, SITE_URL) == []


# -- a site below a path, with MkDocs' flat URLs -------------------------------------------------

BELOW = "https://get.chitty.cc/portal/"


@pytest.fixture(scope="module")
def below_a_path(tmp_path_factory) -> Builds:
    """This repository's content (team, layer and tiers pages, pictures) published under BELOW with
    use_directory_urls: false, built by both engines."""
    base = tmp_path_factory.mktemp("below")
    tree = tracked_copy(base / "repo")
    config = tree / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("site_url:")]
    config.write_text("\n".join([f"site_url: {BELOW}", "use_directory_urls: false", *lines]) + "\n", encoding="utf-8")
    return build_both("", tree, base, build_env(base / "cache"))


def test_below_a_path_every_link_lands_on_the_same_page_of_the_site(below_a_path):
    urls = page_urls(below_a_path.mkdocs)
    assert page_urls(below_a_path.zensical) == urls
    assert {"/team/chittyos-platform.html", "/architecture/layer-5.html", "/architecture/tiers.html"} <= set(urls)
    changed = differences(below_a_path, lambda site, url: targets(url, main_content(site, url), BELOW))
    assert changed == [], f"{len(changed)} page(s) link elsewhere:\n" + "\n".join(changed)
    assert missing_targets(below_a_path.mkdocs, BELOW) == []
    # The raw-HTML tables (gc-table) are written from the site's path; Markdown tables' links are MkDocs' to rewrite.
    raw = below_a_path.mkdocs.soup("/team/chittyos-platform.html").select("article table.gc-table a[href]")
    assert raw and [a["href"] for a in raw if not a["href"].startswith("/portal/")] == []


def test_the_zensical_build_draws_no_edit_link(builds):
    """The tree's pages are not the files an author edits: an edit link there would lead to a file that is not in
    the repository (Zensical draws one from repo_url and the page's path whenever the theme asks for it)."""
    assert builds.mkdocs.soup("/service/chittyid/").select_one("a[rel=edit]") is not None
    drawn = [url for url in page_urls(builds.zensical) if builds.zensical.soup(url).select("a.md-content__button")]
    assert drawn == []


@pytest.mark.parametrize("part", ["nav.md-nav--primary", "nav.md-tabs", "nav.md-nav--secondary"])
def test_the_navigation_leads_to_the_same_pages(builds, part):
    def entries(site: Site, url: str) -> list[tuple[str, str]]:
        nav = site.soup(url).select_one(part)
        return [] if nav is None else [(text(a), urljoin(address(url), a["href"])) for a in nav.select("a[href]")]

    assert entries(builds.zensical, "/") and entries(builds.zensical, "/") == entries(builds.mkdocs, "/")
    changed = differences(builds, entries)
    assert changed == [], "\n".join(changed)


def test_the_pictures_are_the_same(builds):
    drawn = sum(len(pictures(main_content(builds.mkdocs, url))) for url in page_urls(builds.mkdocs))
    assert drawn > 10  # the ecosystem map, and a neighbourhood on each onboarded service's page
    changed = differences(builds, lambda site, url: pictures(main_content(site, url)))
    assert changed == [], "\n".join(changed)


def test_the_read_api_and_its_schemas_byte_for_byte(builds):
    expected = files(builds.mkdocs.dir, "api", "schemas")
    actual = files(builds.zensical.dir, "api", "schemas")
    assert "api/services/chittyid.json" in expected and any(name.startswith("schemas/") for name in expected)
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if actual[name] != expected[name]] == []


def test_the_portal_stylesheet_and_scripts_are_served_and_loaded_alike(builds):
    """The same files, linked from every page in the same places: on-demand.js ahead of the theme's bundle (it
    holds back what the bundle fetches), accessibility.js after it; catalog.js is not linked, accessibility.js
    loads it where a page needs it (the browser tests below see it arrive)."""
    for asset in PORTAL_ASSETS:
        source = (REPO / "templates" / asset.removeprefix("assets/")).read_bytes()
        assert (builds.mkdocs.dir / asset).read_bytes() == source == (builds.zensical.dir / asset).read_bytes(), asset

    def ours(site: Site, url: str) -> list[str]:
        soup = site.soup(url)
        return sorted(urljoin(address(url), tag.get("src") or tag.get("href"))
                      for tag in soup.select("script[src], link[rel=stylesheet]")
                      if (tag.get("src") or tag.get("href")).endswith(tuple(a.removeprefix("assets/") for a in PORTAL_ASSETS)))

    def order(site: Site, url: str) -> list[str]:
        """Each script the page links, as ours by name or the theme's bundle."""
        names = [urlsplit(script["src"]).path.rsplit("/", 1)[-1] for script in site.soup(url).select("script[src]")]
        return ["bundle" if name.startswith("bundle.") else name for name in names]

    assert ours(builds.zensical, "/catalog/") == sorted(SITE_URL + asset for asset in LINKED_ASSETS)
    assert differences(builds, ours) == []
    assert order(builds.mkdocs, "/catalog/")[:3] == ["on-demand.js", "bundle", "accessibility.js"]
    assert differences(builds, order) == []


def test_the_catalog_table_carries_the_same_filters(builds):
    def filters(site: Site) -> list[dict]:
        table = site.soup("/catalog/").select_one("table.gc-catalog")
        assert table is not None
        return [th.attrs for th in table.select("thead th")]

    assert filters(builds.zensical) == filters(builds.mkdocs)
    assert sum("data-filter" in attrs for attrs in filters(builds.zensical)) >= 5


def test_the_search_index_holds_the_same_sections(builds):
    mkdocs = json.loads((builds.mkdocs.dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    zensical = json.loads((builds.zensical.dir / "search.json").read_text(encoding="utf-8"))["items"]
    expected, actual = sections(mkdocs), sections(zensical)
    assert sorted(set(actual) - set(expected))[:10] == [] and sorted(set(expected) - set(actual))[:10] == []
    changed = [f"{location} {title!r}: {first_difference(expected[location, title], actual[location, title])}"
               for location, title in expected if actual[location, title] != expected[location, title]]
    assert changed == [], "\n".join(changed[:20])
    pages = {location.split("#")[0] for location, _ in actual}
    missing = [url for url in page_urls(builds.zensical) if url != "/404.html" and url.lstrip("/") not in pages]
    assert missing == []


def test_the_404_page(builds):
    for site in (builds.mkdocs, builds.zensical):
        soup = site.soup("/404.html")
        assert soup.select_one("form.gc-notfound-search input[name=q]") is not None, site.dir
        assert targets("/404.html", soup.select_one(".gc-notfound-links")) == [
            SITE_URL, SITE_URL + "catalog/", SITE_URL + "architecture/", SITE_URL + "governance/"]


# -- the Zensical build in a browser ----------------------------------------------------------

REQUESTS: list[str] = []
PAGE_ERRORS: list[str] = []


@pytest.fixture(scope="module")
def served(builds) -> str:
    """The Zensical build on http://127.0.0.1:<port>/."""
    server = site_server(builds.zensical.dir)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def open_page(browser: Browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.on("request", lambda request: REQUESTS.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def test_the_catalog_filters_work_in_the_zensical_build(browser, served, builds):
    """catalog.js arrives (loaded by accessibility.js), the catalog starts with what the registry lists as a
    service, and a status filters it, in the address too."""
    rows = builds.zensical.soup("/catalog/").select("table.gc-catalog tbody tr")
    services = [row for row in rows if text(row.find_all("td")[-1]) == "service"]
    statuses = Counter(row.find_all("td")[1]["data-value"] for row in services)
    status, count_of_status = statuses.most_common(1)[0]
    assert 0 < count_of_status < len(services) < len(rows)
    page = open_page(browser, served + "catalog/")
    count = page.get_by_text(re.compile(r"^\d+ of \d+ shown$"))
    expect(count).to_have_text(f"{len(services)} of {len(rows)} shown")
    page.get_by_label("Status", exact=True).select_option(status)
    expect(count).to_have_text(f"{count_of_status} of {len(rows)} shown")
    assert page.locator("table.gc-catalog tbody tr:visible").count() == count_of_status
    assert f"status={status.replace(' ', '+')}" in page.url
    assert [url for url in REQUESTS if urlsplit(url).path.endswith("/assets/catalog.js")]
    page.context.close()


def test_search_finds_a_service_in_the_zensical_build(browser, served):
    """The index is held back until the reader opens the search (on-demand.js), as in the MkDocs build, and
    arrives then."""
    start = len(REQUESTS)

    def index_requests() -> list[str]:
        return [url for url in REQUESTS[start:] if urlsplit(url).path == "/search.json"]

    page = open_page(browser, served + "catalog/")
    page.wait_for_timeout(500)
    assert index_requests() == []
    page.locator("button.md-search__button").click()
    # A reader types once the dialog's field has the focus; keys sent before that reach the page instead.
    expect(page.get_by_role("combobox", name="Search")).to_be_focused()
    page.keyboard.type("chittyid", delay=20)
    result = page.get_by_role("listbox", name="Search results").get_by_role("option").first
    # The worker indexes the whole site first: at a twentieth of this machine's speed that took 5 s.
    expect(result).to_have_attribute("href", re.compile(r"/service/chittyid/"), timeout=15_000)
    assert len(index_requests()) == 1
    page.context.close()


def test_no_request_leaves_the_site_and_no_script_fails(browser, served):
    page = open_page(browser, served + "service/chittyid/")
    page.goto(served + "no/such/page/")
    expect(page.locator("h1#page-not-found")).to_be_visible()
    page.context.close()
    assert REQUESTS and [url for url in REQUESTS if urlsplit(url).hostname != HOST] == []
    assert PAGE_ERRORS == []
