"""The other engines that read mkdocs.yml: ProperDocs builds it with the plugin; Zensical must not.

- ProperDocs (the maintained MkDocs 1.x line) finds the plugin through its
  `properdocs.plugins` entry point and builds the same mkdocs.yml, strictly,
  for this repository and for the fixture tree.
- Zensical runs no MkDocs plugins. Its path is `getchitty render --out DIR`
  (a checked Markdown tree and a plain mkdocs.yml) and then `zensical build`
  there. Run on this repository directly, it meets zensical.toml first, which
  stops it with an instruction instead of a site without service pages. Here
  the fixture tree, which is no git repository, is built that way (the footer
  says so); test_zensical_parity.py builds this repository's content from a git
  checkout and compares the result with the MkDocs build page by page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from site_support import REPO, SITE_EXTRA, build_env, make_tree

BIN = Path(sys.executable).parent
PROPERDOCS = BIN / "properdocs"
ZENSICAL = BIN / "zensical"


def run(command: list, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=build_env(cache), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)


def test_the_plugin_declares_properdocs_support():
    (plugin,) = entry_points(group="properdocs.plugins", name="getchitty")
    assert plugin.value == "getchitty.mkdocs_plugin:GetChittyPlugin"


def test_properdocs_builds_this_repository(tmp_path):
    site = tmp_path / "site"
    done = run([PROPERDOCS, "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", site], REPO, tmp_path / "cache")
    assert done.returncode == 0, done.stdout
    assert "getchitty:" in done.stdout  # the plugin ran its check
    for page in ("index.html", "service/chittyid/index.html", "governance/index.html", "api/services/chittyid.json"):
        assert (site / page).is_file(), page


def test_properdocs_builds_the_fixture_and_refuses_a_failing_check(tmp_path):
    tree = make_tree(tmp_path / "tree", SITE_EXTRA)
    done = run([PROPERDOCS, "build", "--strict", "-d", tmp_path / "site"], tree, tmp_path / "cache")
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "site" / "service" / "chittymonitor" / "index.html").is_file()

    manifest = tree / "etc/chittyos/services/chittyauth.yml"
    manifest.write_text(manifest.read_text().replace("depends_on: [chittyid]", "depends_on: [chittyghost]"))
    failed = run([PROPERDOCS, "build", "--strict", "-d", tmp_path / "site2"], tree, tmp_path / "cache")
    assert failed.returncode == 1, failed.stdout
    assert "deps/unknown" in failed.stdout and not (tmp_path / "site2").exists()


def test_zensical_builds_what_getchitty_renders(tmp_path):
    tree = make_tree(tmp_path / "tree", SITE_EXTRA)
    out = tmp_path / "rendered"
    rendered = run([BIN / "getchitty", "render", "--out", out, tree], tree, tmp_path / "cache")
    assert rendered.returncode == 0, rendered.stdout
    done = run([ZENSICAL, "build", "-f", out / "mkdocs.yml"], out, tmp_path / "cache")
    assert done.returncode == 0, done.stdout
    for page in ("index.html", "service/chittymonitor/index.html", "service/chittyid/index.html",
                 "governance/index.html"):
        assert (out / "site" / page).is_file(), page
    page = (out / "site" / "service" / "chittymonitor" / "index.html").read_text(encoding="utf-8")
    assert "chittymonitor" in page
    assert "outside version control" in page and "Zensical" in page  # the footer: no commit, and the engine named


def test_zensical_on_this_repository_stops_with_an_instruction(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("zensical.toml", "mkdocs.yml"):
        shutil.copyfile(REPO / name, repo / name)
    shutil.copytree(REPO / "docs", repo / "docs")
    done = run([ZENSICAL, "build"], repo, tmp_path / "cache")
    assert done.returncode == 1, done.stdout
    assert "getchitty render --out build/zensical" in done.stdout
    assert not (repo / "site").exists()


def test_without_the_guard_zensical_would_publish_a_site_with_no_service_page(tmp_path):
    """A control: the reason for zensical.toml. Zensical skips the plugin silently and builds what docs/ has."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(REPO / "docs", repo / "docs")
    done = run([ZENSICAL, "build"], repo, tmp_path / "cache")
    assert done.returncode == 0, done.stdout
    assert (repo / "site" / "authors").is_dir()
    assert not (repo / "site" / "service").exists() and not (repo / "site" / "governance").exists()
