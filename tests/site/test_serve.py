"""`mkdocs serve`: an edit under etc/ is rebuilt; a governance error is printed and the last good pages stay served."""

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
from site_support import build_env, make_tree

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
