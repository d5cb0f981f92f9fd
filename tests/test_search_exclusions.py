"""search_exclusions: the search index reads a page with its excluded elements emptied, and indexes the same.

Every case compares Material's own search entries for the page as it is and as
`searched_content` hands it over; the cases that cannot be cut safely must come
back untouched (the same object), and the fuzz mixes the markup that makes a
cut unsafe with markup that allows one.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search import plugin as search_plugin
from material.plugins.search.plugin import SearchIndex

from getchitty.search_exclusions import attach, searched_content

TABLE = ('<div class="gc-table-scroll" tabindex="0" role="region" aria-label="Catalog" data-search-exclude>\n'
         '<table><thead><tr><th scope="col">Name</th></tr></thead><tbody>'
         '<tr><td><a href="/service/a/">a</a></td></tr><tr><td>b<br>c</td></tr></tbody></table>\n</div>')
PICTURE = ('<div class="gc-pic-scroll" data-search-exclude>\n<svg xmlns="http://www.w3.org/2000/svg" role="img">'
           '<title id="t">The map</title><g><rect x="1" y="2"/><a href="/service/a/"><text>a &amp; b</text></a></g>'
           '<path d="M0 0L10 5"/></svg>\n</div>')


def entries(html: str) -> list[dict] | str:
    """Material's entries for the page; or the error its parser stops with (some markup stops it whether cut or not,
    and then the same error must stop it)."""
    index = SearchIndex()
    try:
        index.add_entry_from_context(SimpleNamespace(content=html, toc=[], url="page/", meta={}, title="Page"))
    except ValueError as error:
        return f"{type(error).__name__}: {error}"
    return index.entries


def cut(html: str) -> str:
    searched = searched_content(html)
    assert entries(searched) == entries(html)
    return searched


def test_the_inside_of_an_excluded_table_and_picture_is_cut_and_the_entries_stay():
    page = f'<h1 id="p">Page</h1>\n<p>Before.</p>\n{TABLE}\n<h2 id="map">Map</h2>\n{PICTURE}\n<p>After &lt;x&gt;.</p>'
    searched = cut(page)
    assert searched == ('<h1 id="p">Page</h1>\n<p>Before.</p>\n' + TABLE.split("\n")[0] + '</div>\n'
                        '<h2 id="map">Map</h2>\n<div class="gc-pic-scroll" data-search-exclude></div>\n<p>After &lt;x&gt;.</p>')
    assert [entry["location"] for entry in entries(searched)] == ["page/", "page/#map"]


@pytest.mark.parametrize("page", [
    pytest.param("<p>no exclusion</p>", id="nothing excluded"),
    pytest.param(f"<!-- a comment -->{TABLE}", id="a comment"),
    pytest.param(f"{TABLE}<script>if (a < b) {{}}</script>", id="a script"),
    pytest.param(f"{TABLE}<style>p {{}}</style>", id="a style"),
    pytest.param(f"{TABLE}<object data=x></object>", id="an object"),
    pytest.param(f'{TABLE}<div class="linenodiv">1</div>', id="line numbers"),
    pytest.param('<div data-search-exclude><div>a</div>b</div><p>c</p>', id="same name inside"),
    pytest.param('<div data-search-exclude><h2 id="x">X</h2>b</div><p>c</p>', id="a heading inside"),
    pytest.param('<div data-search-exclude><p>a</div><p>c</p>', id="unclosed inside"),
    pytest.param('<div data-search-exclude><b><i>a</b></i></div><p>c</p>', id="crossed inside"),
    pytest.param('<div data-search-exclude><a href=x/>a</a></div><p>c</p>', id="unquoted value"),
    pytest.param('<div data-search-exclude><p title="a>b">a</p></div><p>c</p>', id="a quoted angle"),
    pytest.param('<div data-search-exclude><p a="1"b></div><p>c</p>', id="attributes run together"),
    pytest.param('<div data-search-exclude>a < b</div><p>c</p>', id="a bare angle"),
    pytest.param('<div data-search-exclude><svg><title><b>x</b></title></svg></div><p>c</p>', id="a tag in a title"),
    pytest.param('<div data-search-exclude><p>a</p>', id="never closed"),
])
def test_what_cannot_be_cut_safely_is_left_whole(page):
    assert cut(page) is page


def test_the_attribute_with_a_value_still_excludes():
    """Material's parser excludes an element that has the attribute, whatever its value."""
    assert cut('<div data-search-exclude="no"><p>a</p></div><p>c</p>') == '<div data-search-exclude="no"></div><p>c</p>'


def test_the_attribute_named_only_in_text_or_in_a_value_excludes_nothing():
    page = '<p title="data-search-exclude">Use <code>data-search-exclude</code> to keep a block out.</p>'
    assert cut(page) is page


def test_an_element_excluded_inside_an_excluded_one_is_cut_with_it():
    page = '<div data-search-exclude><span data-search-exclude>a</span><i>b</i></div><p>c</p>'
    assert cut(page) == '<div data-search-exclude></div><p>c</p>'


def test_void_and_self_closed_excluded_elements_have_nothing_to_cut():
    page = f'<img src="a.png" data-search-exclude><div data-search-exclude/><p>a</p>{TABLE}'
    assert cut(page) == page.replace(TABLE, TABLE.split("\n")[0] + "</div>")


def test_only_materials_index_is_wrapped_and_the_page_keeps_its_content(monkeypatch):
    """MkDocs' own search plugin indexes excluded elements: an index of another class, or under another name, is left
    as it is. Material's parser reads the page cut, and the page keeps its content for the theme to write whole."""
    original = f"<p>a</p>{TABLE}"
    page = SimpleNamespace(content=original, toc=[], url="page/", meta={}, title="Page")
    read: list[str] = []
    other = SimpleNamespace(add_entry_from_context=lambda indexed: read.append(indexed.content))
    attach({"material/search": SimpleNamespace(search_index=other)})
    other.add_entry_from_context(page)
    material = SearchIndex()
    attach({"search": SimpleNamespace(search_index=material)})
    assert read == [original] and "add_entry_from_context" not in vars(material)

    fed: list[str] = []
    feed = search_plugin.Parser.feed
    monkeypatch.setattr(search_plugin.Parser, "feed", lambda parser, html: fed.append(html) or feed(parser, html))
    attach({"material/search": SimpleNamespace(search_index=material)})
    material.add_entry_from_context(page)
    assert fed == [searched_content(original)] != [original]
    assert page.content == original and material.entries == entries(original)


TAGS = ["div", "p", "span", "table", "tr", "td", "svg", "g", "a", "h2", "title", "pre", "DIV"]
ATTRIBUTES = ["", "", "", "", " data-search-exclude", " data-search-exclude", ' class="x" data-search-exclude', ' id="s"', ' title="data-search-exclude"',
              " a='1'", ' a="1"b', " href=x/", ' data-search-exclude="no"', " DATA-SEARCH-EXCLUDE"]
# Markup that allows a cut, six times as likely as markup that rules one out (in the whole page or in its element).
TEXTS = ["a", " ", "\n", "&lt;", "&amp;", "<br>", "<br/>", "<img src=x>", '<rect x="1"/>', "<b/>"] * 6 + [
    "</br>", "<", ">", "a < b", "<!-- <div data-search-exclude> -->", "<script><i data-search-exclude></script>z</i>",
    '<h3 id="h">h</h3>', "<3 b>", "<p a='1'b>", "<div>x</div>y", "<span>x</span>y"]


def _element(tag: str, attributes: str, children: list[str], closing: int) -> str:
    end = [f"</{tag}>", "", "</span>", f"</{tag} >"][closing]
    return f"<{tag}{attributes}>{''.join(children)}{end}"


markup = st.recursive(
    st.sampled_from(TEXTS),
    lambda inner: st.builds(_element, st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.lists(inner, max_size=4),
                            st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3])),
    max_leaves=20)


FUZZ = settings(max_examples=3000, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
PAGES = st.lists(markup, min_size=1, max_size=4).map("".join)


@FUZZ
@given(PAGES)
def test_any_markup_is_indexed_the_same_cut_or_not(page):
    cut(page)


def test_the_fuzz_reaches_pages_that_are_cut():
    """Else it would only prove that what is left whole indexes the same."""
    pages: list[str] = []

    @FUZZ
    @given(PAGES)
    def collect(page):
        pages.append(page)

    collect()
    assert sum(searched_content(page) is not page for page in pages) > len(pages) // 10
