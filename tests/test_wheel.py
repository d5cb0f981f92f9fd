"""The package as users install it: a wheel in a fresh virtual environment, outside this checkout.

The wheel must carry the templates and the Canon seed data, the MkDocs plugin
must work in a project that enables none of the Markdown extensions the
generated pages use, and `getchitty render` and `getchitty import` must work
from that install alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from engine_support import REPO, UPSTREAM, build_eco

TIMEOUT = 900


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv holding the wheel built from this checkout (pinned dependencies)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    # Build from a copy, so the build leaves nothing behind in the checkout.
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "build",
                                                                "*.egg-info", "test-artifacts", "__pycache__"))
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", base / "dist", source, cwd=base)
    assert built.returncode == 0, built.stderr
    [wheel] = (base / "dist").glob("getchitty-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "getchitty/templates/service.md.j2" in names and "getchitty/seed/authority/rules.json" in names
    assert "getchitty/py.typed" in names and not any(name.startswith("generator/") for name in names)
    venv = base / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=base).returncode == 0
    pip = run(venv / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              "-c", REPO / "requirements.txt", wheel, cwd=base)
    assert pip.returncode == 0, pip.stderr
    return venv / "bin"


def test_installed_package_uses_its_own_data(installed, tmp_path):
    where = run(installed / "python", "-c", "import getchitty.resources as r; print(r.TEMPLATES); print(r.SEED)",
                cwd=tmp_path)
    templates, seed = where.stdout.split()
    assert "site-packages" in templates and "site-packages" in seed, where.stdout


def test_plugin_builds_another_project_strictly(installed, tmp_path):
    project = build_eco(tmp_path / "project")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Another project
        theme:
          name: material
          font: false
        plugins:
          - search
          - getchitty
        validation:
          anchors: warn
        """), encoding="utf-8")
    built = run(installed / "mkdocs", "build", "--strict", cwd=project,
                env={"GETCHITTY_CACHE_DIR": str(tmp_path / "cache")})
    assert built.returncode == 0, built.stderr
    # heading ids ({ #id }) worked without the host enabling attr_list
    secrets = (project / "site/secrets/index.html").read_text(encoding="utf-8")
    assert "{ #" not in secrets and 'id="chitty-id-token"' in secrets
    assert (project / "site/service/chittyid/index.html").is_file()
    assert (project / "site/assets/getchitty.css").is_file()


def test_render_and_import_from_the_install(installed, tmp_path):
    project = build_eco(tmp_path / "project")
    env = {"GETCHITTY_CACHE_DIR": str(tmp_path / "cache")}
    rendered = run(installed / "getchitty", "render", project, "--out", tmp_path / "out", cwd=tmp_path, env=env)
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "out/docs/service/chittyid.md").is_file()
    assert (tmp_path / "out/docs/assets/getchitty.css").is_file()

    imported = run(installed / "getchitty", "import", UPSTREAM, "--into", tmp_path / "imported", cwd=tmp_path, env=env)
    assert imported.returncode in (0, 1), imported.stderr  # findings in the upstream sources are expected
    assert (tmp_path / "imported/etc/authority/schema/getchitty-service.schema.json").is_file()
    assert (tmp_path / "imported/etc/chittyos/layers.yml").is_file()
