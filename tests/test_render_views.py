"""The renderer's view helpers and the build stamp: page URLs for raw HTML, team page names, the read API's
file list, and the commit and day a build reports."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from getchitty.buildinfo import BuildStamp, read_stamp
from getchitty.model import Pages, team_slugs
from getchitty.render import API_FILES, page_url, relative_url, site_path

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize("page, directory, flat", [
    ("index.md", "", "index.html"),
    ("catalog/index.md", "catalog/", "catalog/index.html"),
    ("service/chittyid.md", "service/chittyid/", "service/chittyid.html"),
    ("governance/rules/deps-cycle.md", "governance/rules/deps-cycle/", "governance/rules/deps-cycle.html"),
])
def test_page_url_follows_use_directory_urls(page, directory, flat):
    assert page_url(page) == directory
    assert page_url(page, directory_urls=False) == flat


@pytest.mark.parametrize("here, there, link", [
    ("catalog/", "service/chittyid/", "../service/chittyid/"),
    ("service/chittyid/", "service/chittyauth/", "../chittyauth/"),
    ("service/chittyid/", "", "../../"),
    ("", "catalog/", "catalog/"),
    ("catalog/", "catalog/", "./"),
    ("catalog/index.html", "service/chittyid.html", "../service/chittyid.html"),
    ("index.html", "team/data.html", "team/data.html"),
    ("team/data.html", "index.html", "../index.html"),
])
def test_relative_url_resolves_as_a_browser_does(here, there, link):
    from urllib.parse import urljoin

    assert relative_url(here, there) == link
    assert urljoin("http://site/" + here, link) == "http://site/" + there


@pytest.mark.parametrize("site_url, path", [
    ("https://get.chitty.cc/", "/"),
    ("https://get.chitty.cc", "/"),
    ("https://example.org/portal/", "/portal/"),
    ("https://example.org/portal", "/portal/"),
    ("http://127.0.0.1:8000/a/b/?x=1#y", "/a/b/"),
    ("https://example.org//evil.example/", "/evil.example/"),  # never "//host/": that would be another site
    ("", None),
    (None, None),
])
def test_site_path_is_the_path_of_site_url(site_url, path):
    assert site_path(site_url) == path


def test_team_slugs_are_plain_unique_names():
    owners = ["@chittyos/platform", "@ChittyOS/Platform", "data", "<img src=x>", "@@", "a" * 200]
    slugs = team_slugs(owners)
    assert slugs["@chittyos/platform"] == "chittyos-platform"
    assert slugs["@ChittyOS/Platform"] == "chittyos-platform-2"
    assert slugs["data"] == "data" and slugs["<img src=x>"] == "img-src-x" and slugs["@@"] == "team"
    assert len(slugs["a" * 200]) <= 63
    assert len(set(slugs.values())) == len(owners)
    assert all(set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for slug in slugs.values())
    assert Pages.team("data") == "team/data.md"


def test_team_slugs_come_from_the_shown_name():
    """A redacted owner never becomes part of an address."""
    token = "ghp_" + "x" * 36
    assert team_slugs([token], lambda owner: "[redacted]") == {token: "redacted"}


def test_every_read_model_file_has_one_schema():
    paths = ["api/services.json", "api/services/chittyid.json", "api/datalayers/chittyledger.json", "api/layers.json",
             "api/teams.json", "api/scopes.json", "api/roadmap.json", "api/waivers.json", "api/scorecard.json",
             "api/build.json", "api/composites.json"]
    for path in paths:
        assert len([f for f in API_FILES if f.matches(path)]) == 1, path
    for path in ("api/services/a/b.json", "api/services/.json", "api/other.json"):
        assert not [f for f in API_FILES if f.matches(path)], path
    shipped = {p.name for p in (Path(__file__).resolve().parents[1] / "templates" / "schemas").glob("*.json")}
    assert {f.schema for f in API_FILES} == shipped


def test_build_stamp_from_the_environment(tmp_path):
    stamp = read_stamp(tmp_path, TODAY, {"GETCHITTY_BUILD_COMMIT": "ABCDEF1234567", "GETCHITTY_BUILD_DATE": "2025-05-30"})
    assert stamp == BuildStamp("2025-05-30", "abcdef1234567", None)
    assert read_stamp(tmp_path, TODAY, {"GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567"}).commit == \
        "0123456789abcdef0123456789abcdef01234567"
    # what is not a commit or a date is not taken
    assert read_stamp(tmp_path, TODAY, {"GETCHITTY_BUILD_COMMIT": "$(reboot)", "GETCHITTY_BUILD_DATE": "soon"}) == \
        BuildStamp(TODAY.isoformat())


def test_build_stamp_without_git_has_no_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git binary to be found
    assert read_stamp(tmp_path, TODAY, {}) == BuildStamp("2025-06-01")


def test_build_stamp_from_git(tmp_path):
    git = shutil.which("git")
    assert git, "git is needed for this test"
    env = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@example.invalid", "GIT_COMMITTER_DATE": "2025-05-02T10:00:00Z",
           "GIT_AUTHOR_DATE": "2025-05-02T10:00:00Z", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / "f").write_text("x")
    subprocess.run([git, "-C", str(tmp_path), "add", "f"], check=True, env=env)
    subprocess.run([git, "-C", str(tmp_path), "commit", "-qm", "x"], check=True, env=env)
    head = subprocess.run([git, "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stamp = read_stamp(tmp_path, TODAY, {})
    assert stamp == BuildStamp("2025-06-01", head, "2025-05-02")
    assert stamp.short_commit == head[:12]
    assert stamp.as_json()["generator"].startswith("getchitty ")
    # a commit named by CI that is not HEAD keeps its name, without a date git cannot vouch for
    assert read_stamp(tmp_path, TODAY, {"GITHUB_SHA": "1" * 40}) == BuildStamp("2025-06-01", "1" * 40, None)


def test_compiled_templates_follow_an_edit(tmp_path):
    """Templates are compiled once per process (serve renders again on every save), but an edited one is compiled anew."""
    from engine_support import build_eco, run_check

    from getchitty.render import TEMPLATE_CACHE, render_site
    from getchitty.resources import TEMPLATES

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    result = run_check(build_eco(tmp_path / "eco"))
    first = render_site(result, templates=templates).pages["index.md"]
    assert TEMPLATE_CACHE._code  # compiled code was kept
    page = templates / "index.md.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("# ChittyOS onboarding", "# ChittyOS onboarding, edited"),
                    encoding="utf-8")
    second = render_site(result, templates=templates).pages["index.md"]
    assert "# ChittyOS onboarding\n" in first and "# ChittyOS onboarding, edited\n" in second


def test_a_render_leaves_no_cycle_per_page(tmp_path):
    """The templates import their macros without a page's context: a module imported with context is tied to that
    page's context in a reference cycle, which only the cyclic collector frees (the CLI runs without it), two per
    entity page before. What a render leaves is its own cycle (the renderer and its templates' environment)."""
    import gc

    from engine_support import build_eco, run_check
    from jinja2.runtime import Context

    from getchitty.render import render_site
    from getchitty.resources import TEMPLATES

    result = run_check(build_eco(tmp_path / "eco"))
    entity_pages = len(result.ecosystem.entities)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        render_site(result, templates=TEMPLATES)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        contexts = sum(isinstance(found, Context) for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    # One per module made for the render; with context, two more for every entity page.
    assert contexts < 2 * entity_pages, f"{contexts} template contexts left in cycles for {entity_pages} entity pages"


@pytest.mark.parametrize("values", [
    [{"id": "a", "n": 1}, {"id": "b</script>", "x": ["<!--", "\u2028", "é"]}],
    [],
    [{"id": "\ud800"}, {"id": "b"}],  # a lone surrogate: the whole file ASCII-escaped, as json_text writes it
])
@pytest.mark.parametrize("key", ["services", "k\ud800"])
def test_an_index_joined_from_its_parts_is_the_index_written_whole(values, key):
    from getchitty.escaping import JsonPart, json_list_text, json_text

    assert json_list_text(key, [JsonPart.of(value) for value in values]) == json_text({key: values})
