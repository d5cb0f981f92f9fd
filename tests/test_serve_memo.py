"""What the serve memo does with a page it writes as it was (the whole rebuild is compared with a cold build in
test_serve_incremental.py; these are the parts that site cannot tell apart: work not done)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from getchitty.mkdocs_plugin import GetChittyPlugin
from getchitty.serve_memo import TEMPLATE, PageMemo, Written, digest


def kept_page(search: tuple[dict, ...] | None) -> tuple[PageMemo, SimpleNamespace]:
    memo = PageMemo()
    page = SimpleNamespace(file=SimpleNamespace(src_uri="service/a.md"), meta={"template": TEMPLATE},
                           content="<h1 id=\"a\">A</h1>" * 1000)
    memo.page_keys["service/a.md"] = "key"
    memo.written["key"] = Written("<html>as written</html>", search)
    return memo, page


def test_a_page_written_as_it_was_lets_its_content_go_when_its_search_entries_are_kept():
    memo, page = kept_page(({"location": "service/a/", "title": "A", "text": ""},))
    assert memo.output(page) == "<html>as written</html>"
    assert page.content == ""


def test_a_page_whose_search_entries_are_not_kept_keeps_its_content_for_the_index():
    memo, page = kept_page(None)
    before = page.content
    assert memo.output(page) == "<html>as written</html>"
    assert page.content == before


def test_a_page_not_written_as_it_was_keeps_its_content():
    memo, page = kept_page(({"location": "service/a/", "title": "A", "text": ""},))
    page.meta = {}
    before = page.content
    assert memo.output(page) is None
    assert page.content == before


@pytest.mark.parametrize("order", ["search first", "getchitty first"])
def test_the_page_context_hook_runs_before_the_search_plugin_reads_the_content(tmp_path, order):
    """The search plugin scans every page's content for attributes to strip: a kept page lets it go first."""
    plugins = ["search", "getchitty"] if order == "search first" else ["getchitty", "search"]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: t\ntheme:\n  name: material\nplugins:\n"
                           + "".join(f"  - {name}\n" for name in plugins), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(str(config_file))
    hooks = config.plugins.events["page_context"]
    owners = [type(getattr(hook, "__self__", None)) for hook in hooks]
    assert owners.index(GetChittyPlugin) == 0, owners


def test_a_digest_tells_its_parts_apart():
    """Texts are hashed as they are, other parts as JSON: each part is prefixed with its kind and length."""
    keys = [digest("ab", ""), digest("a", "b"), digest("", "ab"), digest("a\0", "b"), digest("a", "\0b"), digest("1"),
            digest(1), digest(["a"]), digest("a"), digest('"a"'), digest("\ud800"), digest(["\ud800"])]
    assert len(set(keys)) == len(keys)
    assert digest("é", [1, {"k": None}]) == digest("é", [1, {"k": None}])


def test_a_page_left_as_the_last_build_wrote_it_is_not_logged_as_skipped():
    """MkDocs logs each page whose output is empty as skipped: while serving, the pages a rebuild leaves in place
    are no news, and every other line still shows."""
    import logging

    shown: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: shown.append(record.getMessage())  # type: ignore[method-assign]
    log = logging.getLogger("mkdocs.commands.build")
    log.addHandler(handler)
    plugin = GetChittyPlugin()
    plugin.on_startup(command="serve", dirty=False)
    try:
        plugin.site.left_pages = {"service/a.md"}
        for page in ("service/a.md", "service/b.md"):
            log.warning(f"Page skipped: '{page}'. Generated empty output.")
        log.warning("Copying 'service/a.md'")
    finally:
        plugin.on_shutdown()
        log.warning("Page skipped: 'service/a.md'. Generated empty output.")
        log.removeHandler(handler)
    assert shown == ["Page skipped: 'service/b.md'. Generated empty output.", "Copying 'service/a.md'",
                     "Page skipped: 'service/a.md'. Generated empty output."]
