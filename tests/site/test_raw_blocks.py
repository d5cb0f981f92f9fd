"""Raw HTML blocks set aside while MkDocs converts a generated page (generator/raw_blocks.py): every page of the
test sites converts to the same HTML and the same anchors both ways, and what is set aside is only what Markdown
passes through unchanged."""

from __future__ import annotations

import time
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.structure.pages import _HTMLHandler
from site_support import FIXTURES, converted, make_tree

from getchitty import raw_blocks
from getchitty.engine import check
from getchitty.export import read_author_pages
from getchitty.raw_blocks import SetAside, anchor_ids, applies, marker, set_aside
from getchitty.render import render_site
from getchitty.site import Site, _neutralized_blocks, neutralized


def both_ways(page: str) -> tuple[tuple[str, set[str]], tuple[str | None, set[str]]]:
    """`page` converted as it is, and with its blocks set aside and put back (with their anchors)."""
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    aside = set_aside(body)
    html, anchors = converted(aside.markdown)
    return converted(body), (aside.put_back(html), anchors | aside.anchors)


def neutralized_both_ways(page: str) -> None:
    """`page` converted with its blocks set aside is neutralized the same whole, and around the blocks' comments
    with the blocks neutralized apart (as a build's render process sends them)."""
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    aside = set_aside(body)
    html, _ = converted(aside.markdown)
    whole = aside.put_back(html)
    apart = _neutralized_blocks(aside)
    assert apart.neutralized == bool(aside.blocks) and apart.anchors == aside.anchors
    assert apart.put_back(neutralized(html)) == (neutralized(whole) if whole is not None else None)


pytest_plugins = ["site_fixtures"]


def test_every_page_of_this_portal_converts_the_same_both_ways(real_render):
    set_apart = 0
    for path, page in real_render[1].pages.items():
        (html, anchors), (restored, found) = both_ways(page)
        assert (restored, found) == (html, anchors), path
        neutralized_both_ways(page)
        set_apart += len(set_aside(page).blocks)
    assert set_apart > 150  # the catalog, the pictures, the checklists: not a test of nothing


@pytest.mark.parametrize("overlays", [("site_extra",), ("site_extra", "site_hostile")])
def test_every_page_of_the_fixture_sites_converts_the_same_both_ways(tmp_path, overlays):
    tree = make_tree(tmp_path / "repo", *(FIXTURES / name for name in overlays))
    site = render_site(check(tree, use_cache=False), author_pages=read_author_pages(tree, "docs"))
    for path, page in site.pages.items():
        (html, anchors), (restored, found) = both_ways(page)
        assert (restored, found) == (html, anchors), path
        neutralized_both_ways(page)


# -- what is set aside, and what is left to Markdown ---------------------------------------------------

TABLE = '<table id="t">\n<tr><td class="x">a &amp; b</td></tr>\n</table>'


@pytest.mark.parametrize(("text", "blocks"), [
    (f"Intro.\n\n{TABLE}\n\nAfter.", (TABLE,)),
    (f"{TABLE}\n", (TABLE,)),  # the page's first line, and its last
    ('<div class="a">\n<div class="b">\n\n<p>x</p>\n\n</div>\n</div>\n\nx', ('<div class="a">\n<div class="b">\n\n<p>x</p>\n\n</div>\n</div>',)),
    (f"Intro.\n{TABLE}\n\nAfter.", ()),  # no blank line before: it would continue the paragraph
    (f"Intro.\n\n{TABLE}\nAfter.", ()),  # no blank line after
    ("<table>\n<tr><td>a</td></tr>\n</table> and text\n\nx", ()),  # text after the closing tag
    ("<div title='single'>a</div>\n\nx", ()),  # not the templates' shape
    ("<div>\n<!-- a comment -->\n</div>\n\nx", ()),
    ("<div>\n<td colspan=2>a</td>\n</div>\n\nx", ()),
    ("<span class=\"a\">inline</span>\n\nx", ()),  # not block-level: Markdown reads it as a paragraph
    ("<div>\n\n<div>never closed</div>\n\nx", ()),
    (f"```\n\n{TABLE}\n\n```\n\nx", ()),  # a page with a fence is left as it is
    (f"~~~\n\n{TABLE}\n\n~~~", ()),
    (f"    {TABLE}\n\nx", ()),  # indented: code
    ('Say <script>x</script> on\n\n<div onclick="a">\n<script>b</script>\n</div>\n\nonload=x <iframe>\n\n'
     '<p>\n<embed src="e"> on\n</p>\n\n o nmouseover=<script', ('<div onclick="a">\n<script>b</script>\n</div>',
                                                                '<p>\n<embed src="e"> on\n</p>')),
])
def test_what_is_set_aside(text, blocks):
    aside = set_aside(text)
    assert aside.blocks == blocks
    if not blocks:
        assert aside.markdown == text
    (html, anchors), (restored, found) = both_ways(text)
    assert (restored, found) == (html, anchors)
    neutralized_both_ways(text)


def test_the_comment_carries_the_process_nonce_and_the_number():
    aside = set_aside(f"{TABLE}\n\nx\n\n{TABLE}\n")
    assert aside.markdown == f"{marker(0)}\n\nx\n\n{marker(1)}\n"
    nonce = marker(0).split(":")[1]
    assert len(nonce) == 16 and nonce == raw_blocks._NONCE


def test_a_block_is_put_back_only_when_every_comment_came_through_once():
    aside = SetAside("", ("<p>a</p>", "<p>b</p>"))
    assert aside.put_back(f"{marker(1)}\n{marker(0)}") == "<p>b</p>\n<p>a</p>"
    assert aside.put_back(marker(0)) is None  # one missing
    assert aside.put_back(marker(0) * 2) is None  # one twice, one missing
    assert aside.put_back(f"<pre><code>{marker(0).replace('<', '&lt;')}</code></pre>{marker(1)}") is None
    assert aside.put_back("<!--getchitty:0123456789abcdef:0--><!--getchitty:0123456789abcdef:1-->") is None


def test_the_anchors_mkdocs_would_find_in_a_block():
    block = ('<div id="a&amp;b">\n<A NAME="c">x</A><a name="d">y</a><input name="e">'
             '<svg><g Id="f"/><title data-id="g">t</title></svg>\n'
             '<span title="ends in id=" lang="en">a value that ends in id= is a value</span>\n</div>')
    scan = _HTMLHandler()
    scan.feed(block)
    scan.close()
    assert anchor_ids([block]) == scan.present_anchor_ids == {"a&b", "c", "d", "f"}
    assert set_aside(f"# A page\n\n{block}\n").anchors == scan.present_anchor_ids


def test_patterns_on_adversarial_shapes():
    """Possessive throughout: a block that is not of the templates' shape fails in one pass. Bounded in CPU
    seconds: with `+` for `++` in the text part, these 26 letters take seconds, and the longer inputs below never
    end."""
    start = time.process_time()
    assert set_aside("<div>\n" + "a" * 26 + "<\n</div>\n").blocks == ()
    assert time.process_time() - start < 0.5
    assert set_aside("<div>\n" + "<div a" * 5_000 + "\n</div>\n").blocks == ()
    assert set_aside('<div>\n<p x="' + "a " * 50_000 + "\n</div>\n").blocks == ()
    assert set_aside("<div>\n" + "a" * 200_000 + "<\n</div>\n").blocks == ()
    lines = "\n\n".join(["<div>"] * 20_000)  # every block open, none closed: each line looked at once
    assert set_aside(lines).blocks == ()
    assert time.process_time() - start < 1.0


def test_the_tags_are_block_level_for_markdown():
    assert set(raw_blocks._BLOCK_TAGS) <= set(markdown.Markdown().block_level_elements)


def test_only_known_plugins_and_extensions_let_blocks_skip_markdown():
    plugins = ["search", "getchitty"]
    assert applies(plugins, ["toc", "tables", "fenced_code", "markdown.extensions.attr_list", "admonition"])
    assert not applies(plugins, ["toc", "md_in_html"]) and not applies(plugins, ["toc", "pymdownx.snippets"])
    assert not applies(plugins, ["toc", object()])
    assert not applies([*plugins, "minify"], ["toc"])


# -- in a build --------------------------------------------------------------------------------------

def _page(src: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), present_anchor_ids={"x"})


def _site(raw: bool) -> Site:
    site = Site(serving=False, dirty=False)
    site.raw_blocks = raw
    site.generated_pages = frozenset({"catalog/index.md"})
    return site


def test_a_generated_page_has_its_blocks_put_back_and_their_anchors_known():
    site, page = _site(True), _page("catalog/index.md")
    text = f"# Catalog\n\n{TABLE}\n"
    sent = site.markdown(page, text)
    assert TABLE not in sent
    html, _ = converted(sent)
    assert site.content(page, html, None, convert=pytest.fail) == converted(text)[0]
    assert page.present_anchor_ids == {"x", "t"} and site.set_aside == {}


def test_an_author_page_and_a_site_with_other_extensions_are_converted_as_they_are():
    text = f"# Catalog\n\n{TABLE}\n"
    assert _site(True).markdown(_page("notes.md"), text) == text
    assert _site(False).markdown(_page("catalog/index.md"), text) == text


def test_a_comment_lost_in_conversion_has_the_page_converted_again():
    site, page = _site(True), _page("catalog/index.md")
    text = f"# Catalog\n\n{TABLE}\n"
    site.markdown(page, text)
    again = []
    html = site.content(page, "<h1>Catalog</h1>", None, convert=lambda markdown: again.append(markdown) or "<p>again</p>")
    assert again == [text] and html == "<p>again</p>" and page.present_anchor_ids == {"x"}


def test_what_a_stopped_build_set_aside_is_not_put_into_the_next():
    site, page = _site(True), _page("catalog/index.md")
    site.markdown(page, f"# Catalog\n\n{TABLE}\n")  # the build stops before the page is converted
    site.pages_start([], {}, "mkdocs.yml", None)  # the next build
    assert site.markdown(page, "# Catalog\n\nNo table.\n") == "# Catalog\n\nNo table.\n"
    assert site.content(page, "<h1>Catalog</h1>", None, convert=pytest.fail) == "<h1>Catalog</h1>"
