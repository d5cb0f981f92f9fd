"""Golden pages: getchitty.render.render_site on the fixture, compared byte for byte.

The fixture is tests/fixtures/eco + tests/fixtures/site_extra, checked and rendered
with today pinned to GOLDEN_TODAY, so the output never depends on the date.

To regenerate the golden files after an intended change to the templates or the
renderer, run

    GETCHITTY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_site_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml
from site_support import GOLDEN, GOLDEN_TODAY, SITE_EXTRA, Site, build_env, make_tree, mkdocs_build, section_text

from getchitty.buildinfo import BuildStamp

pytest_plugins = ["site_fixtures"]

GOLDEN_PAGES = {
    "service-chittyid.md": "service/chittyid.md",
    "service-chittymonitor.md": "service/chittymonitor.md",
    "architecture-index.md": "architecture/index.md",
    "architecture-layer-5.md": "architecture/layer-5.md",
    "catalog.md": "catalog/index.md",
    "teams.md": "teams/index.md",
    "team-chittyos-platform.md": "team/chittyos-platform.md",
    "api.md": "api/index.md",
}
# The read model's files beside its schemas: golden JSON.
GOLDEN_JSON = {f"api/{name}": f"api/{name}" for name in (
    "services.json", "datalayers.json", "services/chittymonitor.json", "layers.json", "teams.json", "roadmap.json",
    "waivers.json", "scorecard.json", "build.json")}
# The pictures as the site draws them from the fixture (tests/test_pictures.py has the drawing's own goldens).
GOLDEN_SVG = {"pictures/site-map.svg": "architecture/index.md", "pictures/site-neighbourhood-chittyauth.svg": "service/chittyauth.md"}
STAMP = BuildStamp(GOLDEN_TODAY.isoformat(), "0123456789abcdef0123456789abcdef01234567", "2025-05-30")
UPDATE = os.environ.get("GETCHITTY_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def golden_tree(tmp_path_factory):
    return make_tree(tmp_path_factory.mktemp("golden") / "repo", SITE_EXTRA, relative_dates=False)


def render(tree):
    from getchitty.engine import check
    from getchitty.export import read_author_pages
    from getchitty.render import render_site

    result = check(tree, today=GOLDEN_TODAY, use_cache=False)
    assert not result.failed(strict=True), [(v.rule, v.location) for v in result.violations]
    # Links in raw HTML start from the site's path, as the build of the tree's mkdocs.yml (https://get.chitty.cc/) has it.
    return render_site(result, author_pages=read_author_pages(tree, "docs"), build=STAMP, site_path="/")


@pytest.fixture(scope="module")
def rendered(golden_tree):
    return render(golden_tree)


def compare(golden: str, actual: str) -> None:
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; create it with GETCHITTY_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"tests/golden/{golden} differs; if intended, regenerate (see module docstring)"


@pytest.mark.parametrize("golden, page", sorted(GOLDEN_PAGES.items()))
def test_page_matches_golden(rendered, golden, page):
    compare(golden, rendered.pages[page])


@pytest.mark.parametrize("golden, asset", sorted(GOLDEN_JSON.items()))
def test_json_matches_golden(rendered, golden, asset):
    compare(golden, rendered.assets[asset])


@pytest.mark.parametrize("golden, page", sorted(GOLDEN_SVG.items()))
def test_picture_matches_golden(rendered, golden, page):
    [svg] = re.findall(r"<svg .*?</svg>\n", rendered.pages[page], re.S)
    compare(golden, svg)


def test_rendering_is_deterministic(golden_tree, rendered):
    again = render(golden_tree)
    assert again.pages == rendered.pages
    assert again.assets == rendered.assets
    assert again.nav == rendered.nav


def test_pinned_today_decides_which_waivers_are_expiring(rendered):
    governance = rendered.pages["governance/index.md"]
    assert '<span class="gc-expiring">2025&#45;06&#45;20</span>' in governance  # 19 days after GOLDEN_TODAY
    assert '<span class="gc-expiring">2099' not in governance


def test_render_out_then_plain_mkdocs_build(tmp_path, site, session_cache):
    """`getchitty render --out DIR` writes a tree that plain MkDocs (no getchitty plugin) builds strictly."""
    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    out = tmp_path / "out"
    rendered = subprocess.run([sys.executable, "-m", "getchitty", "render", str(tree), "--out", str(out)],
                              cwd=tree, env=build_env(session_cache), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=300)
    assert rendered.returncode == 0, rendered.stdout
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "getchitty" not in str(config["plugins"])
    assert (out / "docs" / "service" / "chittyid.md").is_file()

    built = mkdocs_build(out, out / "site", cache_dir=session_cache, strict=True)
    assert built.returncode == 0, built.stdout
    exported = Site(out, out / "site", built.stdout)
    assert exported.exists("/service/chittyid/")
    article = exported.article("/service/chittyid/")
    assert "Service ID chittyid" in section_text(article, "summary")
    assert "Author note: every ChittyID is minted once and never reused." in section_text(article, "summary")
    assert exported.json("/api/services/chittyid.json")["name"] == "chittyid"
    # Same pages as the plugin build, apart from MkDocs' own sitemap files.
    plugin_pages = {p.relative_to(site.dir).as_posix() for p in site.dir.rglob("*.html")}
    exported_pages = {p.relative_to(exported.dir).as_posix() for p in exported.dir.rglob("*.html")}
    assert exported_pages == plugin_pages
