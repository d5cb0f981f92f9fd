"""Helpers for the site tests: fixture trees, MkDocs builds and HTML parsing.

A buildable tree is the fixture ecosystem (tests/fixtures/eco: etc/chittyos/ and
public/) plus this repository's etc/authority/, etc/profiles/ and mkdocs.yml,
with overlays copied on top:

- tests/fixtures/site_extra/: a roadmap, a Live service (chittymonitor) with two
  waived findings, and an author page at a generated URL (docs/service/chittyid.md);
- tests/fixtures/site_hostile/: a service whose free-text fields hold markup.

One waiver in site_extra expires on WAIVER_SOON (2025-06-20). Golden tests pin
today to GOLDEN_TODAY (2025-06-01), so that waiver is "expiring" there; MkDocs
builds use the real today, so `make_tree(..., relative_dates=True)` rewrites the
date to ten days from now.

The fixtures in site_fixtures.py build each site once per session.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
ECO = FIXTURES / "eco"
SITE_EXTRA = FIXTURES / "site_extra"
SITE_HOSTILE = FIXTURES / "site_hostile"
GOLDEN = REPO / "tests" / "golden"
ARTIFACTS = REPO / "test-artifacts"

GOLDEN_TODAY = date(2025, 6, 1)
WAIVER_SOON = "2025-06-20"  # in site_extra's waivers.yml; within 30 days of GOLDEN_TODAY

# What the hostile fixture service plants in its free-text fields.
HOSTILE_SCRIPT = "<script>window.__pwned = 1</script>"
HOSTILE_LINK = "[x](javascript:alert(1))"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_PIPE = "| pipe |"
HOSTILE_BOLD = "**bold**"
HOSTILE_DESCRIPTION = f"Hostile {HOSTILE_SCRIPT} {HOSTILE_LINK} {HOSTILE_IMG} {HOSTILE_PIPE} {HOSTILE_BOLD}"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# -- trees and builds ------------------------------------------------------------------

def make_tree(dest: Path, *overlays: Path, relative_dates: bool = True, today: date | None = None) -> Path:
    """A buildable repository in `dest`: fixture ecosystem + authority + profiles + mkdocs.yml + overlays."""
    shutil.copytree(ECO, dest)
    shutil.copytree(REPO / "etc" / "authority", dest / "etc" / "authority")
    shutil.copytree(REPO / "etc" / "profiles", dest / "etc" / "profiles")
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    shutil.copyfile(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "docs").mkdir(exist_ok=True)
    waivers = dest / "etc" / "chittyos" / "waivers.yml"
    if relative_dates and waivers.is_file():
        soon = ((today or date.today()) + timedelta(days=10)).isoformat()
        waivers.write_text(waivers.read_text(encoding="utf-8").replace(WAIVER_SOON, soon), encoding="utf-8")
    return dest


def build_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GETCHITTY_SITE_URL", None)
    env.update(NO_MKDOCS_2_WARNING="1", GETCHITTY_CACHE_DIR=str(cache_dir), PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


# A `mkdocs build --strict` in a process whose getchitty is changed first by the lines given (changed_build).
CHANGED_BUILD = """
import sys
{change}
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "-f", {config!r}, "-d", {site_dir!r}]
cli()
"""


def changed_build(tree: Path, site_dir: Path, change: str, cache_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `tree` into `site_dir`, its getchitty changed first by the Python lines `change`
    (a module patched to count or to fail); output is stdout and stderr combined."""
    code = CHANGED_BUILD.format(change=textwrap.dedent(change), config=str(tree / "mkdocs.yml"), site_dir=str(site_dir))
    return subprocess.run([sys.executable, "-c", code], cwd=tree, env=build_env(cache_dir), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)


def mkdocs_build(tree: Path, site_dir: Path, *, cache_dir: Path, strict: bool = True,
                 config: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build [--strict] -f <tree>/mkdocs.yml -d <site_dir>`; output is stdout and stderr combined."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config or tree / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=tree, env=build_env(cache_dir, **env), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below `folder` (and every directory) with a hash of its bytes."""
    digest = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        digest[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return digest


def converted(page: str) -> tuple[str, set[str]]:
    """A rendered page's Markdown (front matter dropped) as MkDocs converts it with the extensions the plugin turns
    on, and the anchors MkDocs' scan of its raw HTML finds."""
    import markdown
    from mkdocs.structure.pages import _HTMLHandler

    from getchitty.render import MARKDOWN_EXTENSIONS

    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    converter = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "fenced_code"],  # MkDocs adds fenced_code
                                  extension_configs={"toc": {"permalink": True}})
    scan = _HTMLHandler()
    scan.feed(body)
    scan.close()
    return converter.convert(body), scan.present_anchor_ids


# -- the built site, parsed -------------------------------------------------------------

class Site:
    """A built site directory, read page by page as the browser would see it."""

    def __init__(self, tree: Path, site_dir: Path, output: str):
        self.tree = tree
        self.dir = site_dir
        self.output = output
        self._soups: dict[str, BeautifulSoup] = {}

    def file(self, url: str) -> Path:
        path = urlsplit(url).path
        relative = path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return self.dir / relative

    def html(self, url: str) -> str:
        return self.file(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        if url not in self._soups:
            self._soups[url] = BeautifulSoup(self.html(url), "html.parser")
        return self._soups[url]

    def pages(self) -> list[tuple[str, BeautifulSoup]]:
        """(URL, parsed HTML) of every page of the site."""
        urls = []
        for path in sorted(self.dir.rglob("*.html")):
            relative = path.relative_to(self.dir).as_posix()
            urls.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
        return [(url, self.soup(url)) for url in urls]

    def article(self, url: str) -> Tag:
        article = self.soup(url).select_one("article.md-content__inner")
        assert article is not None, f"{url} has no article"
        return article

    def json(self, url: str):
        import json

        return json.loads(self.file(url).read_text(encoding="utf-8"))

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def target(self, url: str, fragment: str) -> Tag | None:
        """The element with id `fragment` on the page at `url`."""
        return self.soup(url).find(id=fragment)


def resolve(page_url: str, href: str) -> str:
    """Site-absolute URL (path plus #fragment) of a link on the page at `page_url`."""
    absolute = urljoin("http://site.invalid" + page_url, href)
    parts = urlsplit(absolute)
    if parts.netloc != "site.invalid":
        return absolute
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def links(page_url: str, element: Tag) -> list[tuple[str, str]]:
    """(visible text, resolved target) of every link inside `element`; a <wbr> (where a long name may wrap)
    adds no space, as in a browser."""
    return [(text(a), resolve(page_url, a["href"])) for a in element.find_all("a", href=True)
            if "headerlink" not in (a.get("class") or [])]


def text(element: Tag) -> str:
    """Visible text, whitespace collapsed, without the headings' permalink signs."""
    return " ".join(element.get_text().replace("¶", " ").split())


def section(article: Tag, heading_id: str) -> list[Tag]:
    """The elements after the heading with `heading_id`, up to the next heading of the same or a higher level."""
    heading = article.find(id=heading_id)
    assert heading is not None and heading.name in {"h1", "h2", "h3", "h4"}, f"no heading #{heading_id}"
    level = int(heading.name[1])
    out = []
    for sibling in heading.find_next_siblings():
        if sibling.name in {f"h{n}" for n in range(1, level + 1)}:
            break
        out.append(sibling)
    return out


def section_text(article: Tag, heading_id: str) -> str:
    return " ".join(text(el) for el in section(article, heading_id))


def section_tables(article: Tag, heading_id: str) -> list[Tag]:
    """The tables of a section: Markdown tables, and HTML tables in their scrolling wrapper."""
    return [table for el in section(article, heading_id)
            for table in ([el] if el.name == "table" else el.find_all("table"))]


def section_table(article: Tag, heading_id: str) -> Tag:
    tables = section_tables(article, heading_id)
    assert tables, f"no table under #{heading_id}"
    return tables[0]


def table_rows(table: Tag) -> list[dict[str, Tag]]:
    """Body rows as {column header text: cell}; a row's header cell (<th scope="row">) counts as a cell."""
    headers = [text(th) for th in table.select("thead th")]
    return [dict(zip(headers, tr.find_all(["th", "td"], recursive=False))) for tr in table.select("tbody tr")]


def key_values(table: Tag) -> dict[str, Tag]:
    """A two-column table as {first cell text: second cell}."""
    out = {}
    for tr in table.select("tbody tr"):
        cells = tr.find_all(["th", "td"], recursive=False)
        out[text(cells[0])] = cells[1]
    return out


def governance(article: Tag, page_url: str) -> dict[str, tuple[str, str, str]]:
    """{rule id: (state class, state text, detail)} from a page's Governance section.

    Findings are table rows, one per finding, with the field it concerns and its
    detail (a rule's rows joined as "field: detail; ..."); passing rules are one
    line of links after the table, with no detail.
    """
    out: dict[str, tuple[str, str, str]] = {}
    for element in section(article, "governance"):
        if element.name == "table" and "Rule" in [text(th) for th in element.select("thead th")]:
            for row in table_rows(element):
                [(rule, _)] = links(page_url, row["Rule"])
                state = row["Result"].find("span")
                detail = f"{text(row['Field'])}: {text(row['Detail'])}"
                if rule in out:
                    detail = f"{out[rule][2]}; {detail}"
                out[rule] = (state["class"][0], text(state), detail)
        elif element.name == "p" and element.find("span", class_="gc-pass"):
            for rule, _ in links(page_url, element):
                out[rule] = ("gc-pass", "pass", "")
    return out


# -- a built site served on 127.0.0.1, for the browser tests -------------------------------

HOST = "127.0.0.1"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site quietly; a missing path gets the site's 404.html with status 404, as hosts do."""

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    """Serves SiteHandler; a browser that stops reading a response (it moved on to the next page) is no error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def site_server(site_dir: Path) -> SiteServer:
    return SiteServer((HOST, 0), functools.partial(SiteHandler, directory=str(site_dir)))


@contextlib.contextmanager
def serving(site_dir: Path, build: Callable[[str], subprocess.CompletedProcess]
            ) -> Iterator[tuple[str, subprocess.CompletedProcess]]:
    """(URL, build result): `site_dir` served on a free port of 127.0.0.1, once `build(url)` wrote it for that
    address (Material's instant navigation needs site_url to match); the test fails if the build did."""
    server = site_server(site_dir)
    try:
        url = f"http://{HOST}:{server.server_address[1]}/"
        result = build(url)
        if result.returncode != 0:
            pytest.fail(f"the site did not build:\n{result.stdout}\n{result.stderr or ''}")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield url, result
        server.shutdown()
        thread.join(timeout=10)
    finally:
        server.server_close()


def open_page(browser, width: int, requests: list[str], errors: list[str], *, dark: bool = False,
              javascript: bool = True):
    """A page in a new context of `width` × 900 px, its requests and script errors recorded in the lists."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light",
                                  java_script_enabled=javascript)
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page
