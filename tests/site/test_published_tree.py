"""The published tree is the scanned tree, in `mkdocs build` and in `mkdocs serve`, and an author's page runs no script.

- The check scans MkDocs' own docs_dir (here `content/`, not `docs/`), and the plugin compares the files MkDocs
  collected with the files the check scanned: a file MkDocs would publish that the check did not read (here a
  dot folder that `exclude_docs` puts back into the site) is withheld, and the log says so.
- While `mkdocs serve` shows the last good pages because a credential in an author's page fails the check, that
  page is published as a build publishes a flagged file (redacted), and the search index holds no credential.
- `<script>` elements (and the other elements that run or load a script or a document: iframe, base...),
  event-handler attributes and `javascript:` addresses written in an author's page (one at a generated URL,
  whose prose the generated page carries, and one of its own) are neutralized: shown as text, never run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hostile_tree import waive_everything
from playwright.sync_api import Browser
from site_support import REPO, SITE_EXTRA, make_tree, mkdocs_build, serving
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

pytest_plugins = ["site_fixtures"]

TOKEN = "ghp_" + "Vb8" * 12  # a GitHub token shape, built from pieces so that no literal sits in this file
SERVE_BUILDS = REPO / "tests" / "serve_builds.py"
GUIDE = "content/authors/guide.md"
UNSCANNED = "content/.well-known/security.txt"  # a dot folder: the check does not read it, MkDocs is told to publish it
MARK = "window.__pwned=1"
SCRIPTED = (f"Prose. <script>{MARK}</script> <SCRIPT src=x.js></SCRIPT> <img src=x onerror=\"{MARK}\">\n\n"
            f"<svg/onload={MARK}></svg> <a href=x OnMouseOver = '{MARK}'>a</a>\n\n"
            "A paragraph with a handler of its own.\n{: onclick=\"" + MARK + "\" }\n\n"
            f"[a link](javascript:{MARK}) and <a href=\"jav&#x61;script&colon;{MARK}\">another</a>\n\n"
            f"<iframe srcdoc=\"&lt;script&gt;parent.{MARK}&lt;/script&gt;\"></iframe> <base href=\"https://elsewhere.invalid/\">\n\n"
            "Text that mentions on=this and `<script>` in code stays as written.\n")


def content_tree(base: Path) -> Path:
    """The site fixture with docs_dir `content` and a dot folder that exclude_docs publishes."""
    tree = make_tree(base, SITE_EXTRA)
    (tree / "docs").rename(tree / "content")
    config = tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "docs_dir: docs\n" in text
    config.write_text(text.replace("docs_dir: docs\n", "docs_dir: content\nexclude_docs: |\n  !.well-known/\n"),
                      encoding="utf-8")
    (tree / "content/authors").mkdir(parents=True)
    (tree / GUIDE).write_text("# Guide\n\nHow to read the portal.\n", encoding="utf-8")
    (tree / UNSCANNED).parent.mkdir(parents=True)
    (tree / UNSCANNED).write_text("Contact: security@example.invalid\n", encoding="utf-8")
    return tree


def leaks(site: Path) -> list[str]:
    return [path.relative_to(site).as_posix() for path in site.rglob("*")
            if path.is_file() and TOKEN.encode() in path.read_bytes()]


def serve_builds(tree: Path, out: Path, steps: list) -> None:
    """The site a `mkdocs serve` writes after its first build (out/0) and after each step of edits (out/<n>)."""
    steps_file = out.parent / f"{out.name}-steps.json"
    steps_file.write_text(json.dumps(steps), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GETCHITTY_SITE_URL": "http://127.0.0.1:8000/"}
    done = subprocess.run([sys.executable, str(SERVE_BUILDS), str(tree), str(out), str(steps_file)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]


def test_build_publishes_only_what_the_check_scanned(tmp_path, session_cache):
    tree = content_tree(tmp_path / "repo")
    (tree / GUIDE).write_text(f"# Guide\n\nThe token {TOKEN} leaked here.\n", encoding="utf-8")
    (tree / UNSCANNED).write_text(f"Contact: security@example.invalid\nToken: {TOKEN}\n", encoding="utf-8")
    waive_everything(tree)  # the credential's finding is waived: the page is published, redacted
    site = tmp_path / "site"
    result = mkdocs_build(tree, site, cache_dir=session_cache, strict=False)
    assert result.returncode == 0, result.stdout
    assert (site / "search/search_index.json").is_file()
    assert leaks(site) == []
    assert "[redacted]" in (site / "authors/guide/index.html").read_text(encoding="utf-8")
    assert TOKEN[4:] not in (site / "search/search_index.json").read_text(encoding="utf-8")
    assert not (site / ".well-known/security.txt").exists()
    assert "content/.well-known/security.txt was not scanned by the check and is not published" in result.stdout
    assert TOKEN not in result.stdout


def test_a_dot_folder_the_check_did_not_scan_is_withheld_even_when_clean(tmp_path, session_cache):
    """The counterpart: without the exclude_docs line MkDocs leaves the folder out by itself, nothing is logged."""
    tree = content_tree(tmp_path / "repo")
    site = tmp_path / "site"
    result = mkdocs_build(tree, site, cache_dir=session_cache, strict=True)
    assert result.returncode == 0, result.stdout
    assert not (site / ".well-known/security.txt").exists()
    assert (site / "authors/guide/index.html").is_file()
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("exclude_docs: |\n  !.well-known/\n", ""),
                      encoding="utf-8")
    again = mkdocs_build(tree, tmp_path / "again", cache_dir=session_cache, strict=True)
    assert again.returncode == 0, again.stdout
    assert "not scanned" not in again.stdout


def test_serve_withholds_a_flagged_author_page_while_the_check_fails(tmp_path):
    tree = content_tree(tmp_path / "repo")
    out = tmp_path / "served"
    serve_builds(tree, out, [
        [["write", GUIDE, f"# Guide\n\nThe token {TOKEN} leaked here.\n"],
         ["write", UNSCANNED, f"Token: {TOKEN}\n"]],
        [["write", GUIDE, "# Guide\n\nThe token is gone.\n"], ["delete", UNSCANNED]],
    ])
    assert (out / "0/authors/guide/index.html").is_file()
    failing = out / "1"
    assert "gc-error-overlay" in (failing / "authors/guide/index.html").read_text(encoding="utf-8")
    assert leaks(failing) == []
    assert "[redacted]" in (failing / "authors/guide/index.html").read_text(encoding="utf-8")
    assert not (failing / ".well-known/security.txt").exists()
    fixed = (out / "2/authors/guide/index.html").read_text(encoding="utf-8")
    assert "The token is gone." in fixed and "gc-error-overlay" not in fixed


# --- scripts in an author's page ---------------------------------------------------------

@pytest.fixture(scope="module")
def scripted_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("scripted")
    tree = make_tree(base / "repo", SITE_EXTRA)
    author = tree / "docs/service/chittyid.md"
    author.write_text(author.read_text(encoding="utf-8") + "\n" + SCRIPTED, encoding="utf-8")
    (tree / "docs/authors").mkdir(parents=True)
    (tree / "docs/authors/guide.md").write_text("# Guide\n\n" + SCRIPTED, encoding="utf-8")
    return tree, base / "site", base / "cache"


SCRIPTED_PAGES = ["service/chittyid/", "authors/guide/"]


@pytest.fixture(scope="session")
def base_url() -> str:
    return ""  # the served site's address changes per run


def test_an_author_page_runs_no_script(scripted_site, browser: Browser):
    tree, site_dir, cache = scripted_site
    site_dir.mkdir()
    errors: list[str] = []
    # Not strict: a neutralized `javascript:` link is a relative link to no page, which MkDocs warns about.
    with serving(site_dir, lambda url: mkdocs_build(tree, site_dir, cache_dir=cache, strict=False,
                                                    GETCHITTY_SITE_URL=url)) as (url, _):
        for path in SCRIPTED_PAGES:
            article = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"),
                                    "html.parser").select_one("article")
            assert article is not None
            assert article.find_all(["script", "iframe", "base", "object", "embed"]) == [], path
            handlers = [(tag.name, name) for tag in article.find_all(True) for name in tag.attrs
                        if re.fullmatch("on[a-z]+", name)]
            assert handlers == [], (path, handlers)
            addresses = [a["href"] for a in article.find_all("a", href=True) if "script:" in a["href"]]
            assert addresses and all(not href.strip().lower().startswith("javascript") for href in addresses), addresses
            text = article.get_text(" ")
            assert f"<script>{MARK}" in text, path  # neutralized: shown as the author wrote it
            assert "on=this" in text and "Prose." in text
            assert "<script>" in [code.get_text() for code in article.find_all("code")]
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url + path)
            page.locator("article a", has_text=re.compile("^a$")).hover()
            page.locator("article p", has_text="A paragraph with a handler").click()
            for link in ("a link", "another"):
                page.locator("article a", has_text=link).click()
                page.goto(url + path)
            assert page.evaluate("window.__pwned") is None, path
            page.close()
    assert errors == []
