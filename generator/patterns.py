"""Regular expressions written in the sources, run on RE2: matching time is linear in the text's length.

Schemas (`pattern`, `patternProperties`), Canon rules (`then.pattern`) and the
secrets inventory's naming standard are written by authors and applied to
values authors write too, so one change can bring both a pattern such as
`^(a+)+$` and the value that makes Python's backtracking engine run for hours.
RE2 has no backtracking; in exchange it refuses lookaround and backreferences,
which a pattern then reports as its problem. Its `$` is the end of the text (as
in JSON Schema), never "before a final newline" as in Python.

The search goes through the binding's compiled-regex object directly: its
Python-level `search` builds a match object and offset tables on every call,
five times the cost of the match itself on the short values sources hold.
"""

from __future__ import annotations

import functools
from typing import Any

import re2
from re2 import _re2

MAX_PATTERN = 500  # patterns in sources are short; longer ones are refused rather than compiled
# What Python's `\s` matches in a text, written out for an engine whose `\s` is another set (RE2's is ASCII, an
# ECMAScript engine's has no U+001C to U+001F and no U+0085); a class's content: `[{PYTHON_SPACES}]`.
PYTHON_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print its own message on stderr for each refused pattern
_UNANCHORED = re2._Anchor.UNANCHORED


class PatternError(ValueError):
    """A pattern the linear engine cannot run, with why."""


class LinearPattern:
    """One compiled pattern; `search` tells whether it matches anywhere in a text."""

    def __init__(self, pattern: str):
        if len(pattern) > MAX_PATTERN:
            raise PatternError(f"the pattern is longer than {MAX_PATTERN} characters")
        self.pattern = pattern
        try:
            self._regexp = _re2.RE2(pattern.encode("utf-8", "surrogatepass"), _OPTIONS)
        except (TypeError, ValueError, re2.error) as exc:
            raise PatternError(str(exc)) from None
        if not self._regexp.ok():
            raise PatternError(_reason(self._regexp.error()))

    def search(self, text: Any) -> bool:
        data = str(text).encode("utf-8", "surrogatepass")
        return self._regexp.Match(_UNANCHORED, data, 0, len(data))[0][0] != -1

    def group(self, text: str, name: str) -> str | None:
        """The named group's text in the first match; None when nothing matches, the group took no part in the
        match, or the pattern has no such group."""
        index = self._groups.get(name)
        data = text.encode("utf-8", "surrogatepass")
        spans = self._regexp.Match(_UNANCHORED, data, 0, len(data))
        if spans[0][0] == -1 or index is None or spans[index][0] == -1:
            return None
        return data[spans[index][0]:spans[index][1]].decode("utf-8", "surrogatepass")

    def has_group(self, name: str) -> bool:
        return name in self._groups

    @functools.cached_property
    def _groups(self) -> dict[str, int]:
        """Each named group's index among the spans a match gives."""
        return {name.decode("utf-8", "surrogatepass") if isinstance(name, bytes) else name: index
                for name, index in self._regexp.NamedCapturingGroups()}

    def __repr__(self) -> str:
        return f"LinearPattern({self.pattern!r})"


def _reason(error: Any) -> str:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    if "invalid perl operator" in text or "invalid escape" in text or "backreference" in text:
        text += " (lookaround, backreferences and \\Z are not supported: patterns run on a linear-time engine)"
    return text


@functools.lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> LinearPattern:
    """The compiled pattern; raises PatternError."""
    return LinearPattern(pattern)


def pattern_problem(pattern: Any) -> str:
    """Why a pattern from the sources cannot be applied, or '' when it can."""
    if not isinstance(pattern, str):
        return "a pattern must be text"
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        return f"not a valid regular expression ({exc})"
    return ""


def search(pattern: str, text: Any) -> bool:
    return compile_pattern(pattern).search(text)
