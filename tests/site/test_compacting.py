"""A build's pages compacted, and its stylesheets cut, by a process of their own (generator/compacting.py): the same
site as compacting each page as MkDocs writes it, and a compacting process that dies fails the build, leaving the last
site as it was."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from site_support import changed_build, make_tree, tree_digest

from getchitty.compact import compact_html
from getchitty.compacting import _compact_each
from getchitty.site import Site

COUNTED = """
import getchitty.compacting as compacting
finish = compacting.CompactedPages.finish
def counted(self):
    finish(self)
    print("compacted by a process of their own", file=sys.stderr)
compacting.CompactedPages.finish = counted
"""
IN_ONE_PROCESS = """
import getchitty.site as site
from getchitty.forking import NotForked
def refused(site_dir, cut):
    raise NotForked("refused")
site.CompactedPages = refused
"""
DYING = """
import os
import getchitty.compacting as compacting
def die(site_dir, pages):
    next(pages)
    os._exit(3)
compacting._compact_each = die
"""



@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return make_tree(tmp_path_factory.mktemp("compacting") / "tree")


def test_a_build_compacted_beside_mkdocs_writes_the_site_compacted_in_one_process(tree, tmp_path):
    beside = changed_build(tree, tmp_path / "beside", COUNTED, tmp_path / "cache1")
    assert beside.returncode == 0, beside.stdout
    assert "compacted by a process of their own" in beside.stdout
    alone = changed_build(tree, tmp_path / "alone", IN_ONE_PROCESS, tmp_path / "cache2")
    assert alone.returncode == 0, alone.stdout
    assert tree_digest(tmp_path / "beside") == tree_digest(tmp_path / "alone")
    page = (tmp_path / "beside" / "service" / "chittyid" / "index.html").read_text(encoding="utf-8")
    assert compact_html(page) == page and ">\n\n<" not in page


def test_a_compacting_process_that_dies_fails_the_build_and_the_last_site_stays(tree, tmp_path):
    site_dir = tmp_path / "site"
    assert changed_build(tree, site_dir, "", tmp_path / "cache").returncode == 0
    before = tree_digest(site_dir)
    failed = changed_build(tree, site_dir, DYING, tmp_path / "cache")
    assert failed.returncode == 1
    assert "the site's pages were not compacted: the forked process exited with status 3" in failed.stdout
    assert "Traceback" not in failed.stdout
    assert tree_digest(site_dir) == before
    assert not [path.name for path in tmp_path.iterdir() if ".building-" in path.name]  # nothing left beside it


def test_a_page_is_read_and_written_over_only_once_mkdocs_has_moved_on(tmp_path):
    (tmp_path / "a").mkdir()
    mkdocs_writes = {"a/index.html": "<p>a</p>\n\n  <p>\u00e9 &#55296;</p>", "b.html": '<i class="X">x</i>  <i>y</i>'}

    def sent():
        (tmp_path / "a" / "index.html").write_text(mkdocs_writes["a/index.html"], encoding="utf-8")
        yield "a/index.html"
        assert (tmp_path / "a" / "index.html").read_text() == mkdocs_writes["a/index.html"]  # MkDocs' own still
        (tmp_path / "b.html").write_text(mkdocs_writes["b.html"], encoding="utf-8")
        yield "b.html"
        assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "<p>a</p>\n<p>\u00e9 &#55296;</p>"
        assert (tmp_path / "b.html").read_text() == mkdocs_writes["b.html"]

    used = _compact_each(tmp_path, sent())
    assert (tmp_path / "b.html").read_text() == '<i class="X">x</i> <i>y</i>'
    assert used.classes == {"x"}


def test_a_page_that_is_a_link_is_not_read_through_it(tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("<p>a</p>  <p>b</p>")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").symlink_to(outside)
    with pytest.raises(OSError):
        _compact_each(site_dir, iter(["index.html"]))
    assert outside.read_text() == "<p>a</p>  <p>b</p>"


def test_a_page_mkdocs_does_not_write_is_not_handed_over():
    site = Site(serving=False, dirty=False)
    handed: list[str] = []
    site.compacting = SimpleNamespace(add=handed.append)  # type: ignore[assignment]
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md", dest_uri="x/index.html"))
    assert site.written(page, " \n ") == " \n "  # MkDocs skips it: nothing for the process to write over
    assert site.written(page, "<p>a</p>\n\n<p>b</p>") == "<p>a</p>\n\n<p>b</p>"  # as it is: written over later
    assert handed == ["x/index.html"]
