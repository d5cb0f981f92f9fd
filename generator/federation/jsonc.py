"""JSON and JSON-with-comments (wrangler.jsonc) read in one linear pass, keeping the line of every value.

The standard library's `json` gives no positions and no comments; the JSONC
packages on the index either drop positions too or are unmaintained. This
scanner accepts strict JSON plus `//` and `/* */` comments and trailing commas,
and records for each object member the line its key starts on. Strings are
decoded by the standard library's C `scanstring`, so the hand-written part is
only the structure. Nesting is bounded, so hostile input cannot exhaust the
stack.
"""

from __future__ import annotations

import bisect
import re
from _json import scanstring  # json.decoder's own copy; its re-export there is missing from the type stubs
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 200
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_NOT_SPACE = re.compile(r"[^ \t\n\r]")


class JsonError(ValueError):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass
class Node:
    """A parsed value: `value` is plain data; `lines` maps each member key (objects) or index (arrays) to its line."""

    value: Any
    line: int
    children: dict[Any, Node] = field(default_factory=dict)

    def get(self, *path: Any) -> Node | None:
        node: Node | None = self
        for step in path:
            if node is None:
                return None
            node = node.children.get(step)
        return node

    def line_of(self, *path: Any) -> int:
        """The line of the deepest part of `path` that exists."""
        node = self
        for step in path:
            child = node.children.get(step)
            if child is None:
                break
            node = child
        return node.line


class _Parser:
    def __init__(self, text: str, comments: bool):
        self.text = text
        self.comments = comments
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.pos = 0
        self.duplicates: list[tuple[str, int, int]] = []  # (key, first line, second line)

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def col(self, pos: int) -> int:
        index = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[index - 1] + 1 if index else 0
        return pos - start + 1

    def fail(self, message: str, pos: int | None = None) -> JsonError:
        pos = self.pos if pos is None else pos
        return JsonError(message, self.line(pos), self.col(pos))

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while True:
            after_space = _NOT_SPACE.search(text, pos)
            pos = after_space.start() if after_space else len(text)
            if self.comments and text.startswith("//", pos):
                end = text.find("\n", pos)
                pos = len(text) if end < 0 else end
            elif self.comments and text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                if end < 0:
                    self.pos = pos
                    raise self.fail("a /* comment is never closed")
                pos = end + 2
            else:
                self.pos = pos
                return

    def value(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels")
        self.skip()
        text, pos = self.text, self.pos
        line = self.line(pos)
        char = text[pos:pos + 1]
        if char == "{":
            return self.object(depth, line)
        if char == "[":
            return self.array(depth, line)
        if char == '"':
            try:
                decoded, self.pos = scanstring(text, pos + 1, True)
            except ValueError as exc:
                raise self.fail(f"bad string: {getattr(exc, 'msg', exc)}", getattr(exc, "pos", pos)) from None
            return Node(decoded, line)
        for word, result in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, pos):
                self.pos = pos + len(word)
                return Node(result, line)
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            self.pos = match.end()
            number = match.group()
            return Node(float(number) if any(c in number for c in ".eE") else int(number), line)
        if not char:
            raise self.fail("the text ends where a value was expected")
        raise self.fail(f"unexpected {char!r} where a value was expected")

    def object(self, depth: int, line: int) -> Node:
        self.pos += 1
        node = Node({}, line)
        while True:
            self.skip()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return node
            if not self.text.startswith('"', self.pos):
                raise self.fail("expected a quoted key or '}'")
            key_line = self.line(self.pos)
            try:
                key, self.pos = scanstring(self.text, self.pos + 1, True)
            except ValueError as exc:
                raise self.fail(f"bad key: {getattr(exc, 'msg', exc)}") from None
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail(f"expected ':' after the key {key!r}")
            self.pos += 1
            child = self.value(depth + 1)
            child.line = key_line
            if key in node.children:
                self.duplicates.append((key, node.children[key].line, key_line))
            node.value[key] = child.value
            node.children[key] = child
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                if not self.comments:
                    self.skip()
                    if self.text.startswith("}", self.pos):
                        raise self.fail("a trailing comma is not allowed in JSON")
                continue
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return node
            raise self.fail("expected ',' or '}'")

    def array(self, depth: int, line: int) -> Node:
        self.pos += 1
        node = Node([], line)
        while True:
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return node
            child = self.value(depth + 1)
            node.children[len(node.value)] = child
            node.value.append(child.value)
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                if not self.comments:
                    self.skip()
                    if self.text.startswith("]", self.pos):
                        raise self.fail("a trailing comma is not allowed in JSON")
                continue
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return node
            raise self.fail("expected ',' or ']'")


@dataclass
class Parsed:
    root: Node
    duplicates: list[tuple[str, int, int]]


def parse(text: str, *, comments: bool = False) -> Parsed:
    """The document's tree; raises JsonError (message, line, col) on the first syntax error."""
    parser = _Parser(text, comments)
    root = parser.value(0)
    parser.skip()
    if parser.pos != len(text):
        raise parser.fail("unexpected text after the end of the document")
    return Parsed(root, parser.duplicates)
