"""`mkdocs serve`: an edit under etc/ is rebuilt; a governance error is printed and the last good pages stay served,
each with a banner listing the findings, which a browser shows as soon as it reloads and which goes away with the fix."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect
from site_support import ARTIFACTS, build_env, make_tree
from test_browser import browser_type_launch_args  # noqa: F401  (Debian's Chromium)

MANIFEST = "etc/chittyos/services/chittyid.yml"
DESCRIPTION = "description: Mints and validates identities."


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _nav(html: str) -> list[tuple[str, str]]:
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None, "no primary nav on the page"
    return [(a.get_text(" ", strip=True), a["href"]) for a in nav.select("a[href]")]


def _wait(condition, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path):
    tree = make_tree(tmp_path / "repo")
    port = _free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(tree / "mkdocs.yml")],
            cwd=tree, env=build_env(tmp_path / "cache", GETCHITTY_SITE_URL=url),
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(lambda: _get(url + "service/chittyid/"), "the first build to be served")
        yield tree, url, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_edit_is_served_and_a_governance_error_keeps_the_last_good_pages(server):
    tree, url, log = server
    manifest = tree / MANIFEST
    page = url + "service/chittyid/"
    manifest.write_text(manifest.read_text().replace(DESCRIPTION, "description: Issues identities, edited live."))
    _wait(lambda: "edited live" in (_get(page) or ""), "the edited manifest's page")
    good_nav = _nav(_get(url) or "")

    manifest.write_text(manifest.read_text() + "colour: red\n")
    _wait(lambda: "still serving the last good pages" in log.read_text(), "the failed check to be reported")
    output = log.read_text()
    assert f"{MANIFEST}:" in output and "error[schema/unknown-field] colour: unknown field" in output
    assert "Traceback" not in output
    assert "edited live" in (_get(page) or "")
    assert _nav(_get(url) or "") == good_nav  # the project's nav, not MkDocs' default one

    manifest.write_text(manifest.read_text().replace("colour: red\n", "").replace("edited live", "fixed again"))
    _wait(lambda: "fixed again" in (_get(page) or ""), "the page after the fix")


@pytest.fixture(scope="session")
def base_url() -> str:
    return ""  # the server's address changes per test


def test_the_browser_shows_the_findings_until_they_are_fixed(server, browser: Browser):
    tree, url, log = server
    manifest = tree / MANIFEST
    good = manifest.read_text()
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(url + "service/chittyid/")
    alert = page.get_by_role("alert")
    expect(page.locator("article h1")).to_contain_text("chittyid")
    expect(alert).to_have_count(0)

    line = good.count("\n") + 1
    status = good.splitlines().index("status: Live") + 1
    manifest.write_text(good.replace("status: Live", "status: Alive") + "colour: red\n")
    # MkDocs' live reload brings the rebuilt page; nothing is clicked.
    expect(alert).to_contain_text("Governance check failed: 2 findings", timeout=30_000)
    items = alert.locator("li")
    expect(items).to_have_count(2)
    text = " ".join(items.all_inner_texts())
    assert f"{MANIFEST}:{line}:1 schema/unknown-field colour: unknown field" in text
    assert f"{MANIFEST}:{status}:9 schema/enum" in text
    assert text.count("hint: ") == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-overlay-1400.png"), full_page=False)
    # every page carries it, reached by the nav as well
    page.locator("nav.md-tabs a", has_text="Governance").click()
    expect(page).to_have_url(url + "governance/")
    expect(page.get_by_role("alert")).to_contain_text("Governance check failed")
    small = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    small.goto(url + "catalog/")
    expect(small.get_by_role("alert")).to_contain_text(f"{MANIFEST}:{line}:1")
    small.screenshot(path=str(ARTIFACTS / "serve-overlay-390.png"), full_page=False)

    manifest.write_text(good)
    expect(page.get_by_role("alert")).to_have_count(0, timeout=30_000)
    expect(page.locator("article h1")).to_contain_text("Governance")
    assert "Traceback" not in log.read_text()
    page.context.close()
    small.context.close()
