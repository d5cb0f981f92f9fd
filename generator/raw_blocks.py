"""The generated pages' raw HTML blocks, kept out of Markdown's way while MkDocs converts a page.

A generated page is mostly HTML the templates wrote whole: the catalog's table, the pictures, the checklists.
Markdown passes such a block through unchanged, but only after two HTML parsers have read it (MkDocs' anchor
scan and Markdown's own block reader). At 1,000 services they are most of the time the catalog, the map and the
layer pages take to convert. So before conversion each block is replaced by a comment that carries a nonce, and
after it the comment is replaced by the block again: the page's HTML is the one Markdown would have written,
byte for byte (tests/site/test_raw_blocks.py converts every page of the test sites both ways).

A block is set aside only where Markdown is sure to pass it through as it is: it starts after a blank line with
a block-level tag at the start of a line, ends on the line that closes that tag and is followed by a blank line,
and has the plain shape the templates write (every attribute value in double quotes, no comment, no `<` in text).
That shape is also what makes the anchors MkDocs would have found in it (`id`, and `name` on links) readable with
one pattern. A page with a fenced code block is converted as it is: a block inside a fence is code, not HTML.
Only the Markdown extensions below are known to leave such a block and its comment alone.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

# Extensions whose treatment of a raw HTML block and of an HTML comment standing alone is Markdown's own
# (fenced_code, which MkDocs always adds, reads fences only, and a page with a fence is left as it is).
EXTENSIONS = frozenset({"abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "meta",
                        "sane_lists", "tables", "toc"})
# Block-level for Markdown (markdown.Markdown().block_level_elements, tested) and written by the templates.
_OPEN = re.compile(r"<(div|table|ol|ul|dl|details|figure|section|nav|p)(?=[\s>])")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
# The templates' HTML: text without `<`, tags whose attribute values are in double quotes. Possessive throughout,
# so a block that does not match fails in one pass.
_TAG = r"<[A-Za-z][\w:-]*+(?:\s++[A-Za-z_:][\w:.-]*+(?:=\"[^\"<]*+\")?+)*+\s*+/?>"
_PLAIN = re.compile(rf"(?:[^<]++|{_TAG}|</[A-Za-z][\w:-]*+\s*+>)*+")
_START_TAG = re.compile(_TAG)
_ANCHOR = re.compile(r"\s(?:(id)|(name))=\"([^\"]*)\"", re.I)


def applies(extensions: Iterable[object]) -> bool:
    """Whether every Markdown extension of the site is one that leaves a set-aside block's comment alone."""
    return all(isinstance(ext, str) and ext.removeprefix("markdown.extensions.") in EXTENSIONS for ext in extensions)


@dataclass(frozen=True)
class SetAside:
    """A page's Markdown with its raw HTML blocks replaced by numbered comments, and those blocks."""

    markdown: str
    blocks: tuple[str, ...]
    nonce: str

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

        marker = re.compile(rf"<!--getchitty:{self.nonce}:(\d+)-->")
        restored, count = marker.subn(block, converted)
        return restored if count == len(self.blocks) == len(seen) else None

    def anchor_ids(self) -> set[str]:
        """The ids MkDocs' anchor scan would have found in the blocks: every `id`, and `name` on links."""
        found = set()
        for block in self.blocks:
            for tag in _START_TAG.finditer(block):
                text = tag.group()
                link = text[1:3].lower() == "a " or text[1:3].lower() == "a>"
                for anchor in _ANCHOR.finditer(text):
                    if anchor.group(1) or link:
                        found.add(html.unescape(anchor.group(3)))
        return found


def set_aside(markdown: str) -> SetAside:
    """`markdown` with each raw HTML block Markdown would pass through unchanged replaced by a comment."""
    nonce = secrets.token_hex(8)
    if _FENCE.search(markdown):
        return SetAside(markdown, (), nonce)
    lines = markdown.split("\n")
    kept: list[str] = []
    blocks: list[str] = []
    after_blank = True
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _OPEN.match(line) if after_blank else None
        if opened is None:
            kept.append(line)
            after_blank = not line.strip()
            i += 1
            continue
        last, whole = _closing_line(lines, i, opened.group(1))
        block = "\n".join(lines[i:last + 1])
        if whole and _PLAIN.fullmatch(block):
            kept.append(f"<!--getchitty:{nonce}:{len(blocks)}-->")
            blocks.append(block)
        else:  # left to Markdown, and not read again: each line is looked at once
            kept.extend(lines[i:last + 1])
        after_blank = not lines[last].strip()
        i = last + 1
    if not blocks:
        return SetAside(markdown, (), nonce)
    return SetAside("\n".join(kept), tuple(blocks), nonce)


def _closing_line(lines: list[str], start: int, tag: str) -> tuple[int, bool]:
    """The last line of the block opened on `start` and whether it is whole: that line closes the tag, ends with
    it, and a blank line or the end of the page follows."""
    opening = re.compile(rf"<{tag}(?=[\s>/])")
    closing = f"</{tag}>"
    depth = 0
    for i in range(start, len(lines)):
        line = lines[i]
        depth += len(opening.findall(line)) - line.count(closing)
        if depth <= 0:
            return i, (depth == 0 and line.rstrip().endswith(closing)
                       and (i + 1 == len(lines) or not lines[i + 1].strip()))
    return len(lines) - 1, False
