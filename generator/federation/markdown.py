"""Markdown pages as sections of items, each item with its 1-based source line, read with markdown-it-py.

markdown-it-py parses the blocks (headings, lists, tables, code, quotes) with
CommonMark's and GFM's rules, so an escaped pipe `\\|` stays inside its table
cell and a code block is never read as prose. On top of that, this module
recognises what hand-written ChittyOS pages use as headings although Markdown
does not: a short line of its own directly above a list or table (`Summary`,
`Endpoints:`), and a line that is only bold text. Inline Markdown (emphasis,
code spans, links) is reduced to plain text from markdown-it's inline tokens.

Every reader of Markdown in getchitty (charters, governance and onboarding
pages, the importer) goes through `parse`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from .values import Reading

# Characters that look like an ASCII hyphen or space but are not.
_LOOKALIKES = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",  # hyphens, minus
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",  # non-breaking / thin spaces
    "\u200b": "", "\ufeff": "",  # zero-width space, stray byte-order mark
})

_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MARKER = re.compile(r"[ ]*(?:[-*+]|\d{1,9}[.)])(?:[ ]{1,4}(?! )|[ ]?(?=$))")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
# `Status: Live` on its own line starts a new item even without a blank line above it.
_KEYED_LINE = re.compile(r"^(?:\*\*|__)?[A-Z][\w ()/&-]{0,30}(?:\*\*|__)?\s*(?::|\s[\u2013\u2014-])\s*\S")
_URLISH = re.compile(r"^(https?://|mailto:|/)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# Key/value separators: a colon (not the one in "https://"), an em or en dash,
# or an ASCII hyphen with spaces on both sides.
_SEPARATOR = re.compile(r" ?(?::(?!//)|\s[-\u2013\u2014]\s|[\u2013\u2014]) ?")
_HEADING_LINE_LIMIT = 200  # the heading heuristics look only at lines this short
MAX_PAGE = 256 * 1024  # characters of a Markdown page the readers read

_local = threading.local()


def _markdown_it():
    """One parser per thread: markdown-it-py's rulers keep caches that are not meant to be shared."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        from markdown_it import MarkdownIt  # loaded only when a page is read

        parser = _local.parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return parser


def normalize(text: str) -> str:
    """One physical line as the readers see it: look-alike characters replaced, tabs expanded, right side trimmed."""
    return text.translate(_LOOKALIKES).expandtabs(4).rstrip()


def plain_tokens(tokens, *, targets: bool = True) -> str:
    """The text of inline tokens: emphasis and code markers dropped, a link kept as `label (target)`
    (or as its label alone when `targets` is false)."""
    out: list[str] = []
    links: list[tuple[int, str]] = []
    literal: list[bool] = []  # per open emphasis: whether its markers are kept as text
    for token in tokens or ():
        kind = token.type
        if kind in ("strong_open", "em_open"):
            # `src/auth/**, x/**` is two globs to its author, though CommonMark reads bold between them.
            glob = bool(out) and out[-1].endswith("/")
            literal.append(glob)
            if glob:
                out.append(token.markup)
        elif kind in ("strong_close", "em_close"):
            if literal and literal.pop():
                out.append(token.markup)
        elif kind in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            out.append(token.content)
        elif kind == "link_open":
            links.append((len(out), str(token.attrs.get("href", ""))))
        elif kind == "link_close" and links:
            start, target = links.pop()
            label = "".join(out[start:]).strip()
            del out[start:]
            if not targets:
                out.append(label)
            elif not target or label == target:
                out.append(label or target)
            elif _URLISH.match(label) or not label:
                out.append(target)
            else:
                out.append(f"{label} ({target})")
    return " ".join("".join(out).split())


def plain(text: str, *, targets: bool = True) -> str:
    """Inline Markdown removed from `text`: emphasis markers, backticks and links (a link keeps its URL
    unless `targets` is false)."""
    if not text:
        return ""
    if not any(c in text for c in "*_`[<&\\!"):
        return " ".join(text.split())
    tokens = _markdown_it().parseInline(text)
    return plain_tokens(tokens[0].children if tokens else (), targets=targets)


def split_key(text: str, max_words: int = 6) -> tuple[str, str] | None:
    """`Key: value`, `Key — value`, `Key - value` → (key, value); None when the text has no short key."""
    text = plain(text)
    match = _SEPARATOR.search(text)
    if not match or match.start() == 0:
        return None
    key = text[:match.start()].strip()
    if len(key) > 48 or len(key.split()) > max_words:
        return None
    return key, text[match.end():].strip()


_NUMBERING = re.compile(r"^(?:\d+ )+(?=[a-z])")


def key_name(key: str) -> str:
    """A key in comparable form: `**Owner(s)**` → `owner`, `On-call` → `on call`."""
    key = plain(key).lower().replace("(s)", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())


@dataclass
class Item:
    """One bullet, paragraph, table row or code block, with the line it starts on."""

    line: int
    kind: str  # "bullet", "para", "row", "code"
    text: str  # the raw text (inline Markdown still in it)
    indent: int = 0
    children: list[Item] = field(default_factory=list)
    cells: tuple[str, ...] = ()  # table rows: the cells, plain text
    header: tuple[str, ...] = ()  # table rows: the header cells, key_name form
    header_cells: tuple[str, ...] = ()  # table rows: the header cells as written (plain text)
    header_line: int = 0  # table rows: the line of the header row
    written_cells: int = 0  # table rows: how many cells the source line really has
    checked: bool | None = None  # task-list bullets: `- [x]` True, `- [ ]` False

    @property
    def plain(self) -> str:
        return plain(self.text)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()

    def cell(self, *names: str) -> str | None:
        """The cell under the first header that contains one of `names`."""
        for name in names:
            for index, header in enumerate(self.header):
                if name in header and index < len(self.cells):
                    return self.cells[index]
        return None


@dataclass
class Section:
    title: str  # plain text, "" for what comes before the first heading
    line: int
    level: int  # 1-6 for "#" headings, 7 for bare-line and bold headings
    items: list[Item] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The title in comparable form, without a leading section number (`## 3. Dependencies`)."""
        return _NUMBERING.sub("", key_name(self.title))

    def walk(self) -> Iterator[Item]:
        for item in self.items:
            yield from item.walk()


@dataclass
class Page:
    path: str
    title: str
    title_line: int
    sections: list[Section]
    front_matter: tuple[int, int] | None = None  # first and last line of the YAML between the `---` lines

    def walk(self) -> Iterator[tuple[Section, Item]]:
        for section in self.sections:
            for item in section.walk():
                yield section, item


def front_matter_end(lines: list[str]) -> int:
    """Index of the closing `---`/`...` line of YAML front matter starting on the first line; 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index
    return 0


class _Builder:
    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.lines = lines
        self.sections = [Section("", 1, 0)]
        self.title, self.title_line = "", 0
        # The list items being read, innermost last; None for an item a lazy line has ended (see continue_item).
        self.open_items: list[Item | None] = []
        self.content_columns: dict[int, int] = {}  # id(item) -> column where its text starts
        self.para: Item | None = None

    def start_section(self, name: str, number: int, level: int) -> None:
        self.sections.append(Section(plain(name).rstrip(":").strip(), number, level))
        self.para = None

    def add(self, item: Item) -> None:
        parent = next((open_item for open_item in reversed(self.open_items) if open_item is not None), None)
        (parent.children if parent is not None else self.sections[-1].items).append(item)

    def next_nonblank(self, start: int) -> int:
        while start < len(self.lines) and not self.lines[start].strip():
            start += 1
        return start

    def line_at(self, index: int) -> str:
        return self.lines[index] if index < len(self.lines) else ""

    def build(self, tokens) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            line = token.map[0] + 1 if token.map else 0
            if kind == "heading_open":
                text = tokens[index + 1].content
                level = int(token.tag[1])
                if level == 1 and not self.title:
                    self.title, self.title_line = plain(text), line
                self.start_section(text, line, level)
                index += 3
                continue
            if kind == "paragraph_open":
                inline = tokens[index + 1]
                if self.open_items and (current := self.open_items[-1]) is not None:
                    self.continue_item(current, inline, line)
                else:
                    self.paragraph(inline.content.split("\n"), line)
                index += 3
                continue
            if kind == "list_item_open":
                marker = self.line_at(line - 1)
                item = Item(line, "bullet", "", len(marker) - len(marker.lstrip()))
                bullet = _MARKER.match(marker)
                self.content_columns[id(item)] = bullet.end() if bullet else item.indent + 2
                self.add(item)
                self.open_items.append(item)
                self.para = None
            elif kind == "list_item_close":
                if self.open_items:
                    self.open_items.pop()
            elif kind == "table_open":
                index = self.table(tokens, index)
                self.para = None
                continue
            elif kind in ("fence", "code_block"):
                self.sections[-1].items.append(Item(line, "code", token.content.rstrip("\n")))
                self.para = None
            elif kind == "html_block":
                text = " ".join(token.content.split())
                if text:
                    self.sections[-1].items.append(Item(line, "para", text))
                self.para = None
            elif kind in ("hr", "blockquote_open", "blockquote_close", "bullet_list_close", "ordered_list_close"):
                self.para = None
            index += 1

    def continue_item(self, item: Item, inline, line: int) -> None:
        parts = inline.content.split("\n")
        column = self.content_columns.get(id(item), 0)
        for offset in range(1, len(parts)):
            raw = self.line_at(line - 1 + offset)
            if len(raw) - len(raw.lstrip()) < column:
                # A "lazy" continuation line: CommonMark keeps it in the item, but on these pages a line
                # back at the margin (`**Endpoints**`, `Status: Live`) starts something new.
                self.open_items = [None] * len(self.open_items)
                self.paragraph(parts[offset:], line + offset)
                parts = parts[:offset]
                break
        text = " ".join(part.strip() for part in parts)
        if not item.text and not item.children:
            task = re.match(r"\[([ xX])\]\s+", text)
            if task:
                item.checked = task.group(1) != " "
                text = text[task.end():]
            item.text = text
        else:
            item.text = f"{item.text} {text}".strip()

    def paragraph(self, parts: list[str], first_line: int) -> None:
        self.para = None
        for offset, part in enumerate(parts):
            number = first_line + offset
            stripped = part.strip()
            if not stripped:
                continue
            if stripped.startswith("|"):
                self.para = None
                cells = [cell for cell in _CELL_SPLIT.split(stripped.strip("|"))]
                if all(re.fullmatch(r"\s*:?-+:?\s*", cell) for cell in cells):
                    continue  # the separator row of a table Markdown did not accept
                self.sections[-1].items.append(
                    Item(number, "row", stripped, cells=tuple(plain(cell.replace("\\|", "|")) for cell in cells),
                         written_cells=len(cells)))
                continue
            short = len(stripped) <= _HEADING_LINE_LIMIT
            bold = _BOLD_LINE.match(stripped) if short else None
            if bold and not split_key(bold.group(1)):
                self.start_section(bold.group(1), number, 7)
                continue
            ahead = self.next_nonblank(number)
            following = self.line_at(ahead)
            after = self.line_at(self.next_nonblank(ahead + 1)) if ahead == number else ""
            if short and _is_bare_heading(stripped, following, self.para, after):
                self.start_section(stripped, number, 7)
                continue
            if self.para is not None and not (short and _KEYED_LINE.match(stripped)):
                self.para.text += " " + stripped  # a wrapped paragraph line
            else:
                self.para = Item(number, "para", stripped)
                self.sections[-1].items.append(self.para)
        self.para = None

    def table(self, tokens, index: int) -> int:
        header: tuple[str, ...] = ()
        header_cells: tuple[str, ...] = ()
        header_line = 0
        in_head = False
        cells: list[str] = []
        row_line = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                cells = []
                row_line = token.map[0] + 1 if token.map else 0
            elif kind == "inline":
                cells.append(plain_tokens(token.children))
            elif kind == "tr_close":
                if in_head:
                    header_cells, header_line = tuple(cells), row_line
                    header = tuple(key_name(cell) for cell in cells)
                else:
                    raw = self.line_at(row_line - 1).strip()
                    written = len(_CELL_SPLIT.split(raw.strip().strip("|"))) if raw else 0
                    self.sections[-1].items.append(Item(row_line, "row", raw, cells=tuple(cells), header=header,
                                                        header_cells=header_cells, header_line=header_line,
                                                        written_cells=written))
            elif kind == "table_close":
                return index + 1
            index += 1
        return index


def _is_bare_heading(line: str, following: str, para: Item | None, after: str = "") -> bool:
    """A short line of its own directly above a list or table, such as `Summary` or `Domains:`.

    `after` is the line after `following`, given only when `following` comes
    directly below `line`: a heading may stand above a one-line lead-in
    (`Endpoints` above `Required standard routes` above the list).
    """
    if para is not None or len(line) > 80 or line.endswith((".", ",", ";")):
        return False
    pair = split_key(line)
    if pair is not None and pair[1]:
        return False  # `Webhooks: <list>` is a key with a value, not a heading
    if _BULLET.match(following) or following.lstrip().startswith("|"):
        return True
    return bool(after) and not line.endswith(":") and len(line.split()) <= 4 \
        and _is_bare_heading(following.strip(), after, None)


def page_of(reading: Reading, text: str) -> Page:
    """The page a reader reads: at most MAX_PAGE characters of it, cut at a line's end. A longer page is a
    problem at its first unread line; what it holds before that is read all the same. Parsing Markdown costs
    about 3 µs a character, and no real charter or governance page comes near the limit."""
    if len(text) <= MAX_PAGE:
        return parse(reading.path, text)
    cut = text.rfind("\n", 0, MAX_PAGE) + 1 or MAX_PAGE
    unread = text.count("\n", 0, cut) + 1
    reading.report("federation/unreadable-file", unread,
                   f"{reading.path} is {len(text) // 1024:,} KiB; a Markdown page is read up to {MAX_PAGE // 1024} KiB, "
                   f"so nothing from line {unread:,} on was read")
    return parse(reading.path, text[:cut])


def parse(path: str, text: str) -> Page:
    lines = [normalize(line) for line in text.splitlines()]
    end = front_matter_end(lines)
    body = [""] * (end + 1) + lines[end + 1:] if end else lines
    builder = _Builder(path, body)
    builder.build(_markdown_it().parse("\n".join(body)))
    sections = [s for s in builder.sections if s.items or s.title]
    return Page(path, builder.title, builder.title_line, sections, (2, end) if end else None)
