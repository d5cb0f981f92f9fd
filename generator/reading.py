"""What the parsers of a source share: why a source did not read, and where in its text.

load.py parses with yaml-rs and JSON, pyyaml_path.py with PyYAML; both report
through these, and only pyyaml_path.py imports PyYAML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum
from typing import Any

MAX_DEPTH = 100  # sources nest a handful of levels; far deeper input is hostile or broken
MAX_EXPANDED_NODES = 200_000


class Failure(Enum):
    """Why a source could not be read or parsed; rules/syntax.py owns the finding each one becomes."""

    UNREADABLE = "unreadable"
    NOT_A_FILE = "not-a-file"
    OUTSIDE = "outside-repository"
    IGNORED = "ignored-source"
    MISSING = "missing-source"
    TOO_LARGE = "too-large"
    ENCODING = "encoding"
    BOM = "bom"
    EMPTY = "empty"
    INVALID_YAML = "invalid-yaml"
    INVALID_JSON = "invalid-json"
    DUPLICATE_KEY = "duplicate-key"
    COMPLEX_KEY = "complex-key"
    ALIAS_EXPANSION = "alias-expansion"
    TOP_LEVEL = "top-level-type"


@dataclass(frozen=True)
class LoadError:
    """Why a file did not read or parse, and where."""

    failure: Failure
    path: str
    line: int
    col: int
    message: str


def load_error(failure: Failure, path: str, position: tuple[int, int], message: str) -> LoadError:
    return LoadError(failure, path, position[0], position[1], message)


class LineIndex:
    """Line and column (1-based) of a character offset, counted as editors and diffs count them.

    Only "\n" ends a line ("\r\n" counts once). PyYAML's marks also start a line at
    U+2028, U+2029, NEL and a lone CR, so a value holding one would shift every later
    position; positions are therefore computed from the marks' offsets, here. An offset
    past the end points at the end of the last line, so every position lies inside its file.
    """

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self.starts = starts

    def position(self, index: int) -> tuple[int, int]:
        text = self.text
        index = max(0, min(index, len(text)))
        if index == len(text) and index and text[-1] == "\n":
            index -= 1  # the end of a file that ends with a newline is the end of its last line
        if index and text[index:index + 1] == "\n" and text[index - 1] == "\r":
            index -= 1  # "\r\n" ends a line once: point at the end of the line, not past it
        line = bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def mark(self, mark: Any) -> tuple[int, int]:
        """The position of a PyYAML mark (its character offset; its line and column count differently)."""
        return self.position(mark.index) if mark is not None else (1, 1)


class DuplicateKey(Exception):
    def __init__(self, key: str, first: Any, second: Any):  # yaml.Marks; None from the JSON parser
        self.key, self.first, self.second = key, first, second


def scalar_problem(exc: Exception) -> str:
    text = str(exc) or "invalid YAML"
    if "integer string conversion" in text:
        return "a number has too many digits (at most 4,300)"
    return text


_LONG_NUMBER = re.compile(r"[0-9_]{4300,}")


def long_number_position(text: str) -> tuple[int, int]:
    """Where a number too long to convert is written (the one value error a parser reports without a position)."""
    match = _LONG_NUMBER.search(text)
    return LineIndex(text).position(match.start()) if match else (1, 1)
