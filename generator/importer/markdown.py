"""A forgiving reader for the loosely structured Markdown of ChittyOS governance docs.

Upstream pages are written by hand: headings are sometimes `## Heading`,
sometimes a bare line such as `Summary` directly above a bullet list, or a
`**bold**` line; bullets use `-`, `*`, `+` or numbers and nest by indentation;
keys are separated from values by `:`, `—`, `–` or ` - `. This module turns
such a page into sections of items, each item keeping its 1-based line number
so that anything the importer cannot map can be reported at its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Characters that look like an ASCII hyphen or space but are not.
_LOOKALIKES = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",  # hyphens, minus
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",  # non-breaking / thin spaces
    "\u200b": "", "\ufeff": "",  # zero-width space, stray byte-order mark
})

# Headings, bold lines and table separators are matched without trailing "\s*...\s*$" parts:
# those split a long run of spaces every possible way (cubic in the run's length); the
# closing characters are stripped in Python instead (_heading, _bold_line, _table_separator).
_ATX = re.compile(r"(#{1,6})\s+(.*)")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE = re.compile(r"^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$")
# `Status: Live` on its own line starts a new item even without a blank line above it.
_KEYED_LINE = re.compile(r"^(?:\*\*|__)?[A-Z][\w ()/&-]{0,30}(?:\*\*|__)?\s*(?::|\s[\u2013\u2014-])\s*\S")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_SEP = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
# Neither part may hold its own opening bracket: every "[" then starts at most one scan, up to the next one
# (with "[^\]]*", each of 100,000 "[" scanned to the end of the line).
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_URLISH = re.compile(r"^(https?://|mailto:|/)")
# Key/value separators: a colon (not the one in "https://"), an em or en dash,
# or an ASCII hyphen with spaces on both sides.
_SEPARATOR = re.compile(r"\s*(?::(?!//)|\s[-\u2013\u2014]\s|[\u2013\u2014])\s*")


def _heading(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text, its closing hashes and spaces removed."""
    match = _ATX.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).rstrip().rstrip("#").rstrip()


def _bold_line(line: str) -> str | None:
    """The text of a line that is one bold span (`**Domains**`, `__Domains__:`), or None."""
    text = line.strip()
    if text.endswith(":"):
        text = text[:-1].rstrip()
    if len(text) >= 5 and text[:2] in ("**", "__") and text[-2:] in ("**", "__"):
        return text[2:-2]
    return None


def _table_separator(line: str) -> bool:
    return _TABLE_SEP.fullmatch(line.strip()) is not None


def normalize(text: str) -> str:
    """One physical line as the importer reads it: look-alike characters replaced, tabs expanded, right side trimmed."""
    return text.translate(_LOOKALIKES).expandtabs(4).rstrip()


def plain(text: str) -> str:
    """Inline Markdown removed: emphasis markers, backticks and links (a link keeps its URL)."""
    def link(match: re.Match) -> str:
        label, target = match.group(1).strip(), match.group(2).strip()
        if not target or label == target:
            return label or target
        if _URLISH.match(label) or not label:
            return target
        return f"{label} ({target})"

    spans: list[str] = []

    def keep(match: re.Match) -> str:
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = re.sub(r"`+([^`]*)`+", keep, text)  # code spans are literal
    text = _LINK.sub(link, text)
    # Emphasis stops at the next marker, so an unclosed "**" is scanned once, not to the end of the text.
    text = re.sub(r"(?<![\w/*])\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w/])__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__(?![\w])", r"\1", text)
    text = re.sub(r"(?<![\w*/])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return re.sub(r"\s+", " ", text).strip()


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


def key_name(key: str) -> str:
    """A key in comparable form: `**Owner(s)**` → `owner`, `On-call` → `on call`."""
    key = plain(key).lower().replace("(s)", "")
    return re.sub(r"[^a-z0-9]+", " ", key).strip()


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

    @property
    def plain(self) -> str:
        return plain(self.text)

    def walk(self):
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
        return key_name(self.title)

    def walk(self):
        for item in self.items:
            yield from item.walk()


@dataclass
class Page:
    path: str
    title: str
    title_line: int
    sections: list[Section]

    def walk(self):
        for section in self.sections:
            for item in section.walk():
                yield section, item


def parse(path: str, text: str) -> Page:
    lines = [normalize(line) for line in text.split("\n")]  # only "\n" ends a line, as editors count them
    sections = [Section("", 1, 0)]
    title, title_line = "", 0
    stack: list[Item] = []  # open bullets, by indentation
    para: Item | None = None
    header: tuple[str, ...] | None = None
    index = 0

    def next_nonblank(start: int) -> int:
        while start < len(lines) and not lines[start].strip():
            start += 1
        return start

    def line_at(position: int) -> str:
        return lines[position] if position < len(lines) else ""

    def start_section(name: str, number: int, level: int) -> None:
        nonlocal para, header
        sections.append(Section(plain(name).rstrip(":").strip(), number, level))
        stack.clear()
        para, header = None, None

    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        stripped = line.strip()
        if not stripped:
            para, header = None, None
            continue
        if number == 1 and stripped == "---":  # YAML front matter
            while index < len(lines) and lines[index].strip() not in ("---", "..."):
                index += 1
            index += 1
            continue
        if _RULE.match(stripped):
            para = None
            continue
        if (opening := _FENCE.match(line)) is not None:
            fence = opening.group(1)
            body = []
            while index < len(lines) and not lines[index].strip().startswith(fence):
                body.append(lines[index])
                index += 1
            index += 1  # the closing fence
            sections[-1].items.append(Item(number, "code", "\n".join(body)))
            para = None
            continue
        atx = _heading(line)
        if atx:
            level = atx[0]
            if level == 1 and not title:
                title, title_line = plain(atx[1]), number
            start_section(atx[1], number, level)
            continue
        if index < len(lines) and _SETEXT.match(lines[index]) and para is None and not _BULLET.match(line) \
                and not stripped.startswith("|") and len(lines[index].strip()) >= 2:
            level = 1 if lines[index].strip().startswith("=") else 2
            if level == 1 and not title:
                title, title_line = plain(stripped), number
            start_section(stripped, number, level)
            index += 1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            para, header = None, None
            item = Item(number, "bullet", bullet.group(2).strip(), len(bullet.group(1)))
            while stack and stack[-1].indent >= item.indent:
                stack.pop()
            (stack[-1].children if stack else sections[-1].items).append(item)
            stack.append(item)
            continue
        if stripped.startswith("|"):
            para = None
            cells = tuple(plain(cell) for cell in stripped.strip("|").split("|"))
            if index < len(lines) and _table_separator(lines[index]):
                header = tuple(key_name(cell) for cell in cells)
                index += 1
                continue
            if _table_separator(line):
                continue
            sections[-1].items.append(Item(number, "row", stripped, cells=cells, header=header or ()))
            continue
        bold = _bold_line(line)
        if bold and not split_key(bold):
            start_section(bold, number, 7)
            continue
        indent = len(line) - len(line.lstrip())
        if stack and indent > stack[-1].indent:
            stack[-1].text += " " + stripped  # a bullet's continuation line
            continue
        ahead = next_nonblank(index)
        following = line_at(ahead)
        after = line_at(next_nonblank(ahead + 1)) if ahead == index else ""
        if _is_bare_heading(stripped, following, para, after):
            start_section(stripped, number, 7)
            continue
        stack.clear()
        if para is not None and not _KEYED_LINE.match(stripped):
            para.text += " " + stripped  # a wrapped paragraph line
        else:
            para = Item(number, "para", stripped)
            sections[-1].items.append(para)
    return Page(path, title, title_line, [s for s in sections if s.items or s.title])


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
