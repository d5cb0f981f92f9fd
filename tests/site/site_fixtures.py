"""Session-scoped site builds for the site tests (helpers live in site_support.py).

Each test module here loads this file with `pytest_plugins = ["site_fixtures"]`
rather than through a tests/site/conftest.py: pytest imports every conftest.py
outside a package under the one module name `conftest`, and a second one would
shadow tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import REPO, SITE_EXTRA, SITE_HOSTILE, Site, make_tree, mkdocs_build, tree_digest

# -- session-wide builds ------------------------------------------------------------------

@pytest.fixture(scope="session")
def real_render():
    """This repository's portal as the renderer writes it: (check result, rendered site), made once."""
    from getchitty.engine import check
    from getchitty.export import read_author_pages
    from getchitty.render import render_site

    result = check(REPO, use_cache=False)
    return result, render_site(result, author_pages=read_author_pages(REPO, "docs"))


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="session")
def site(tmp_path_factory, session_cache) -> Site:
    """The fixture ecosystem + site_extra, built once with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("site")
    tree = make_tree(base / "repo", SITE_EXTRA)
    docs_before = tree_digest(tree / "docs")
    result = mkdocs_build(tree, base / "site", cache_dir=session_cache)
    assert result.returncode == 0, result.stdout
    assert tree_digest(tree / "docs") == docs_before, "the build wrote into docs/"
    return Site(tree, base / "site", result.stdout)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, session_cache) -> Site:
    """site + the hostile service, built once with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("hostile")
    tree = make_tree(base / "repo", SITE_EXTRA, SITE_HOSTILE)
    result = mkdocs_build(tree, base / "site", cache_dir=session_cache)
    assert result.returncode == 0, result.stdout
    return Site(tree, base / "site", result.stdout)
