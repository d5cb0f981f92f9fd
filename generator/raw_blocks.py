"""The generated pages' raw HTML blocks, kept out of Markdown's way while MkDocs converts a page.

A generated page is mostly HTML the templates wrote whole: the catalog's table, the pictures, the checklists.
Markdown passes such a block through unchanged, but only after two HTML parsers have read it (MkDocs' anchor
scan and Markdown's own block reader). At 1,000 services they are most of the time the catalog, the map and the
layer pages take to convert. So before conversion each block is replaced by a comment that carries a nonce, and
after it the comment is replaced by the block again (the nonce is drawn once per process, so no text an author
wrote can pass for a comment): the page's HTML is the one Markdown would have written,
byte for byte (tests/site/test_raw_blocks.py converts every page of the test sites both ways).

A block is set aside only where Markdown is sure to pass it through as it is: it starts after a blank line with
a block-level tag at the start of a line, ends on the line that closes that tag and is followed by a blank line,
and has the plain shape the templates write (every attribute value in double quotes, no comment, no `<` or `"` in
text). That shape is also what makes the anchors MkDocs would have found in it (`id`, and `name` on links)
readable with one pattern. A page with a fenced code block is converted as it is: a block inside a fence is code, not HTML.
Only the Markdown extensions below are known to leave such a block and its comment alone, and the page events
of no plugin but these read a page between the two steps.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from .serve_memo import KNOWN_PLUGINS

# Extensions whose treatment of a raw HTML block and of an HTML comment standing alone is Markdown's own
# (fenced_code, which MkDocs always adds, reads fences only, and a page with a fence is left as it is).
EXTENSIONS = frozenset({"abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "meta",
                        "sane_lists", "tables", "toc"})
# Block-level for Markdown (markdown.Markdown().block_level_elements, tested) and written by the templates.
_BLOCK_TAGS = ("div", "table", "ol", "ul", "dl", "details", "figure", "section", "nav", "p")
_FIRST = re.compile(rf"<({'|'.join(_BLOCK_TAGS)})(?=[\s>])")
# From a literal line break: the pattern engine looks for it 20 times faster than for a `^` in multi-line mode.
_OPEN = re.compile(rf"\n{_FIRST.pattern}")
_DEPTH = {tag: re.compile(rf"<{tag}(?=[\s>/])|</{tag}>") for tag in _BLOCK_TAGS}
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
# The templates' HTML: text without `<` or `"`, tags whose attribute values are in double quotes. So a `"` is
# always an attribute's, and one pattern finds the anchors. Possessive throughout: a block that does not match
# fails in one pass.
_TAG = r"<[A-Za-z][\w:-]*+(?:\s++[A-Za-z_:][\w:.-]*+(?:=\"[^\"<]*+\")?+)*+\s*+/?>"
_PLAIN = re.compile(rf"(?:[^<\"]++|{_TAG}|</[A-Za-z][\w:-]*+\s*+>)*+")
# Every attribute with a value: matched from the block's start, each value is taken whole, so a value that ends in
# ` id=` is not read as an attribute.
_VALUED = re.compile(r"\s([A-Za-z_:][\w:.-]*+)=\"([^\"]*+)\"")
_LINK = re.compile(r"<a\s", re.I)
_NONCE = secrets.token_hex(8)
_MARKER = re.compile(rf"<!--getchitty:{_NONCE}:(\d+)-->")


def applies(plugins: Iterable[str], extensions: Iterable[object]) -> bool:
    """Whether the site's blocks may be set aside: no plugin outside the known ones sees a page with its comments,
    and every Markdown extension leaves a block's comment alone."""
    return set(plugins) <= KNOWN_PLUGINS and all(
        isinstance(ext, str) and ext.removeprefix("markdown.extensions.") in EXTENSIONS for ext in extensions)


@dataclass(frozen=True)
class SetAside:
    """A page's Markdown with its raw HTML blocks replaced by numbered comments, those blocks, and the anchors MkDocs'
    scan would have found in them (taken with the blocks, so that a build's render process takes them too)."""

    markdown: str
    blocks: tuple[str, ...]
    anchors: frozenset[str] = frozenset()
    neutralized: bool = False  # the blocks are as the page publishes them already (site.neutralized ran on each)

    def put_back(self, converted: str) -> str | None:
        """The converted page with every block in place of its comment; None when a comment did not come through
        Markdown exactly once as it was (then the page must be converted again from its own Markdown)."""
        if not self.blocks:
            return converted
        seen: set[int] = set()

        def block(found: re.Match[str]) -> str:
            number = int(found.group(1))
            seen.add(number)
            return self.blocks[number]

        restored, count = _MARKER.subn(block, converted)
        return restored if count == len(self.blocks) == len(seen) else None

    def original(self) -> str:
        """The page's Markdown as it was before its blocks were set aside."""
        return _MARKER.sub(lambda found: self.blocks[int(found.group(1))], self.markdown)


def anchor_ids(blocks: Iterable[str]) -> frozenset[str]:
    """The ids MkDocs' anchor scan would find in `blocks`: every `id`, and `name` on links."""
    found = set()
    for block in blocks:
        for attribute in _VALUED.finditer(block):
            name = attribute.group(1).lower()
            if name == "id" or (name == "name" and _LINK.match(block, block.rfind("<", 0, attribute.start()))):
                found.add(html.unescape(attribute.group(2)))
    return frozenset(found)


def set_aside(markdown: str) -> SetAside:
    """`markdown` with each raw HTML block Markdown would pass through unchanged replaced by a comment."""
    if ("```" in markdown or "~~~" in markdown) and _FENCE.search(markdown):
        return SetAside(markdown, ())
    kept: list[str] = []
    blocks: list[str] = []
    done = 0  # what is looked at: each character once, a block left to Markdown included
    while (opened := (_FIRST.match(markdown) if done == 0 else None) or _OPEN.search(markdown, done)) is not None:
        start = opened.start(1) - 1  # its `<`
        end, whole = _block_end(markdown, start, opened.group(1))
        if whole and _after_blank(markdown, start) and _PLAIN.fullmatch(markdown, start, end):
            kept += (markdown[done:start], marker(len(blocks)))
            blocks.append(markdown[start:end])
        else:
            kept.append(markdown[done:end])
        done = end
    if not blocks:
        return SetAside(markdown, ())
    kept.append(markdown[done:])
    return SetAside("".join(kept), tuple(blocks), anchor_ids(blocks))


def marker(number: int) -> str:
    """The comment that stands for a page's block `number` while Markdown converts the page."""
    return f"<!--getchitty:{_NONCE}:{number}-->"


def _after_blank(text: str, start: int) -> bool:
    """Whether the line starting at `start` is the page's first or follows a blank line."""
    if start == 0:
        return True
    before = text.rfind("\n", 0, start - 1) + 1
    return not text[before:start - 1].strip()


def _block_end(text: str, start: int, tag: str) -> tuple[int, bool]:
    """Where the block opened at `start` ends (the end of the line that closes its tag) and whether it is whole:
    nothing follows the closing tag on its line, and a blank line or the end of the page follows that line."""
    depth = 0
    for found in _DEPTH[tag].finditer(text, start):
        depth += -1 if found.group().startswith("</") else 1
        if depth == 0:
            line_end = text.find("\n", found.end())
            if line_end < 0:
                return len(text), not text[found.end():].strip()
            next_end = text.find("\n", line_end + 1)
            following = text[line_end + 1:next_end if next_end >= 0 else len(text)]
            return line_end, not text[found.end():line_end].strip() and not following.strip()
    return len(text), False
