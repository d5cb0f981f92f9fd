"""Every page of this portal and of the fixture sites (hostile values included) is indexed the same whether the
search index reads it whole or through search_exclusions.searched_content, and the pages that carry excluded
tables and pictures are read cut."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex
from site_support import FIXTURES, converted, make_tree

from getchitty.engine import check
from getchitty.export import read_author_pages
from getchitty.render import render_site
from getchitty.search_exclusions import EXCLUDED, searched_content

pytest_plugins = ["site_fixtures"]


def entries(html: str, path: str) -> list[dict]:
    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=html, toc=[], url=path, meta={}, title=path))
    return index.entries


def cut_pages(pages: dict[str, str]) -> tuple[int, int]:
    """How many pages have excluded elements, and how many of them were read cut (each indexed the same)."""
    excluded = cut = 0
    for path, page in pages.items():
        html = converted(page)[0]
        searched = searched_content(html)
        assert entries(searched, path) == entries(html, path), path
        excluded += EXCLUDED in html
        cut += searched is not html
    return excluded, cut


def test_every_page_of_this_portal_is_indexed_the_same_and_read_cut(real_render):
    excluded, cut = cut_pages(real_render[1].pages)
    assert excluded > 20 and cut == excluded


@pytest.mark.parametrize("overlays", [("site_extra",), ("site_extra", "site_hostile")])
def test_every_page_of_the_fixture_sites_is_indexed_the_same(tmp_path, overlays):
    tree = make_tree(tmp_path / "repo", *(FIXTURES / name for name in overlays))
    site = render_site(check(tree, use_cache=False), author_pages=read_author_pages(tree, "docs"))
    excluded, cut = cut_pages(site.pages)
    assert excluded > 5 and cut == excluded
