"""What the search index reads of a page: the inside of each search-excluded element cut out first.

Material's search parser reads a page's whole HTML, tags included, to index
its text, and indexes nothing inside an element marked `data-search-exclude`.
The generated pages mark their long tables and their pictures so: they repeat
what each entity's own page says. Reading them anyway was most of the index's
time (the architecture page, 1.3 MB at 1,000 services, took 175 ms of a serve
rebuild's 370 ms), so `searched_content` hands the parser the page with each
such element emptied, as `<div data-search-exclude></div>`.

The parser's sections must come out the same, which holds only when the parser
would have read each element as balanced markup that starts no section and
leaves it excluded to its end. So the inside is cut only when every tag in it
is plain (a name, quoted attributes), tags nest properly, none is a heading,
none shares the element's name (the parser matches elements by name, and a
nested one of the same name ends the exclusion early), and the page as a
whole holds nothing the HTML parser reads as other than tags and text
(comments, declarations, scripts, styles and the other raw-text elements).
Any doubt and the page goes to the parser as it is, whole.
tests/test_search_exclusions.py compares Material's own entries both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

EXCLUDED = "data-search-exclude"

# Every '<' closed by a '>' before the next '<', and every '>' opened: what makes tags findable without a parser.
_ALTERNATING = re.compile(r"(?:[^<>]*+<[^<>]*+>)*+[^<>]*+")
# What the HTML parser reads as something other than tags and text: comments, declarations, bogus end tags and
# the elements whose inside is raw text (in any parser version); a '<' first, so the search skips from '<' to '<'.
_UNPLAIN = re.compile(r"<(?:[!?]|/(?![A-Za-z])|(?i:script|style|object|textarea|xmp|iframe|noembed|noframes"
                      r"|noscript|plaintext)\b)")
_TITLE = re.compile(r"<(?i:title)\b")
_PLAIN_TITLE = re.compile(r"<(?i:title)\b[^<>]*+>[^<]*+</(?i:title)\s*+>")
SKIPPED_CLASS = "linenodiv"  # Material's parser skips an element of this class by itself
# A tag of plain markup: a name, then attributes each bare or quoted, then an optional '/'. Unquoted values are
# not plain: the parser reads `<a href=x/>` as an open tag whose value ends in '/'.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*+)((?:\s++[A-Za-z_:][-A-Za-z0-9_:.]*+"
                  r"""(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'))?+)*+)\s*+(/?)>""")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Elements Material's parser never puts on its stack (search/plugin.py, `void`).
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))


def searched_content(html: str) -> str:
    """`html` with the inside of each search-excluded element removed, when that provably leaves Material's
    search sections as they are; otherwise `html` itself."""
    if EXCLUDED not in html or not _plain_page(html):
        return html
    starts = _excluded_tags(html)
    if starts is None:
        return html
    pieces: list[str] = []
    kept_from = 0
    for start in starts:
        if start.start() < kept_from:  # inside an element cut already (excluded within excluded: no matter)
            continue
        name = start.group(2).lower()
        if start.group(4) or name in _VOID:  # nothing inside to cut
            continue
        end = _end_of(html, start, name)
        if end is None:
            return html
        pieces.append(html[kept_from:start.end()])
        kept_from = end
    if not pieces:
        return html
    pieces.append(html[kept_from:])
    return "".join(pieces)


def _plain_page(html: str) -> bool:
    if SKIPPED_CLASS in html or _UNPLAIN.search(html) or not _ALTERNATING.fullmatch(html):
        return False
    # a title holding a tag: newer HTML parsers read a title's inside as text
    titles = len(_TITLE.findall(html))
    return not titles or len(_PLAIN_TITLE.findall(html)) == titles


def _excluded_tags(html: str) -> list[re.Match[str]] | None:
    """The start tags that carry the attribute, as the HTML parser reads their attributes; None when a tag that
    mentions it is not plain markup (the parser then decides, with the whole page)."""
    found: list[re.Match[str]] = []
    at = html.find(EXCLUDED)
    while at >= 0:
        opened = html.rfind("<", 0, at)
        if opened > html.rfind(">", 0, at):  # inside a tag, not in text
            tag = _TAG.match(html, opened)
            if tag is None:
                return None
            if not tag.group(1) and EXCLUDED in _attribute_names(tag.group(0)):
                found.append(tag)
            at = tag.end()
        at = html.find(EXCLUDED, at + 1)
    return found


def _end_of(html: str, start: re.Match[str], name: str) -> int | None:
    """Where the end tag of the excluded element that `start` opens begins, when every tag inside it is plain,
    nests properly and is neither a heading nor of the element's own name; else None."""
    stack = [name]
    tags = 0
    for tag in _TAG.finditer(html, start.end()):
        tags += 1
        closing, tag_name = tag.group(1), tag.group(2).lower()
        if closing:
            if tag_name != stack[-1]:
                return None
            stack.pop()
            if not stack:
                # every '<' inside read as one of these tags: none that the tag grammar skipped over
                return tag.start() if html.count("<", start.end(), tag.start()) == tags - 1 else None
            continue
        if tag_name == name or tag_name in _HEADINGS:
            return None
        if not tag.group(4) and tag_name not in _VOID:
            stack.append(tag_name)
    return None


class _Attributes(HTMLParser):
    """The attribute names of one start tag, as the HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names = [name for name, _ in attrs]


def _attribute_names(tag: str) -> list[str]:
    reader = _Attributes()
    reader.feed(tag)
    reader.close()
    return reader.names


MATERIAL_SEARCH = "material/search"
MATERIAL_INDEX = "material.plugins.search.plugin"  # the module of the index class whose parser this mirrors


def attach(plugins: Mapping[str, Any]) -> None:
    """Have Material's search index read each page through `searched_content` (MkDocs' own search plugin indexes
    excluded elements, and is left alone)."""
    index = getattr(plugins.get(MATERIAL_SEARCH), "search_index", None)
    if index is None or type(index).__module__ != MATERIAL_INDEX:
        return
    add_entry = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        content = page.content
        searched = searched_content(content) if isinstance(content, str) else content
        if searched is content:
            add_entry(page)
            return
        page.content = searched
        try:
            add_entry(page)
        finally:
            page.content = content  # the theme writes the page whole

    index.add_entry_from_context = add_entry_from_context
