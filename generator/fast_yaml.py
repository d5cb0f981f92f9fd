"""A source's values read by a YAML 1.2 parser in Rust (yaml-rs), where they are provably what PyYAML gives.

Composing a manifest with PyYAML's C parser and turning its nodes into values
is most of a cold check: about 130 µs of a manifest's 300 (the parser makes a
Python node and two marks for every value). yaml-rs gives the values of the
same text in a fifth of that time, without positions, which a check needs only
for its findings: `Document.locate` composes the text again with PyYAML when a
finding asks where it is.

But yaml-rs reads YAML 1.2 and PyYAML YAML 1.1, and they also differ in what
they refuse. `values` hands yaml-rs only texts that hold none of the constructs
where the two part (each found by `tests/test_fast_yaml.py`, which compares
both on generated texts and on mutations of real sources), and checks its
answer before taking it; for any other text it answers UNSURE and load.py
parses as before, so values, errors and their positions are PyYAML's alone.

What sends a text to PyYAML:
- tags, anchors (and so aliases), merge keys, directives, a second document or
  an explicit document end, a text not ending with a line break;
- any character PyYAML's reader refuses or reads as a line break where YAML 1.2
  does not (tabs and carriage returns too); a double-quoted scalar's escapes
  where the text has a backslash;
- a line with a bracket outside a word (`${NAME}`, `a/{b}`, `^[A-Z]+$` are
  words) but for a plain flow collection, at most two levels opened and closed
  on the line, of plain words and quoted scalars, or a quoted scalar alone
  (PyYAML refuses some flow text yaml-rs takes, such as `[?a]`);
- indentation of 40 columns or more, compact nested sequences, explicit keys:
  the ways to nest deeply, which yaml-rs does by recursion (at some 20,000
  levels it overflows the stack and ends the process);
- in the values:
  - a key that is not text or is longer than 500 characters;
  - a float; an integer past 64 bits (PyYAML refuses more than 4,300 digits,
    yaml-rs does not);
  - a text starting with a line break (an empty block scalar, as a value or a
    key: yaml-rs gives a line break, PyYAML nothing);
  - nesting past reading.MAX_DEPTH;
  - an integer, where a word of the text that yaml-rs reads as an integer is
    not a plain decimal one (YAML 1.1 reads `0755` as 493, yaml-rs as 755; it
    reads `_1` as 1, YAML 1.1 as text);
  - a text YAML 1.1 would read as another type (`yes`, `1:20`, `=`), unless
    yaml-rs would not read it as text unquoted either, or the text holds it
    quoted wherever it holds it.
- past MAX_DOUBTS such words or texts to look up: the work stays linear in the
  text, whatever it holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import re2
import yaml_rs

from .patterns import PYTHON_SPACES

UNSURE: Any = object()  # the text must be parsed by PyYAML

MAX_INDENT = 40  # columns: sources indent a handful of levels
MAX_KEY = 500  # characters; PyYAML refuses a plain key longer than 1,024, written with its quotes and escapes
MAX_DOUBTS = 32  # words or texts of one source looked up (each is a parse, or a count over the whole text)

# PyYAML's reader refuses the C0 controls but tab and line breaks, DEL, the C1 controls but NEL, surrogates,
# U+FFFE and U+FFFF; it reads NEL, U+2028 and U+2029 as line breaks. Tab, CR and the byte-order mark are left out too.
_NOT_PLAIN_TEXT = "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
_PLAIN_ASCII = bytes([0x0a, *range(0x20, 0x7f)])  # the same for an ASCII text, deleted by bytes.translate: 5x faster
# On RE2 (0.02 ms to compile, where Python's engine took 5 ms for ranges past the Basic Multilingual Plane, in every
# process that met a text that is not ASCII).
_NOT_PLAIN = re2._re2.RE2(_NOT_PLAIN_TEXT.encode(), re2.Options())
# In one pass on RE2 (3.4 µs a 1.6 KB manifest, against 6.1 µs for a test per construct): a tag, an anchor or
# alias, a merge key, a line starting a document, ending one or holding a directive, a line indented MAX_INDENT
# columns or more (after the first line, whose start `_plain_text` looks at), a sequence in a sequence entry.
_DOUBTFUL = re2._re2.RE2(rf"[!&]|<<|\n(?:---|\.\.\.|%| {{{MAX_INDENT}}})|-[ ]+-[ \n]".encode(), re2.Options())
_UNANCHORED = re2._Anchor.UNANCHORED
# YAML 1.1's implicit types as PyYAML's SafeLoader resolves plain scalars (its resolver.py), but text and timestamps
# (load.py keeps both as text), their verbose patterns without the whitespace; and the characters a scalar of any
# implicit type starts with. Written out, so that reading a source does not import PyYAML (a tenth of a re-check's
# time); tests/test_fast_yaml.py holds both equal to PyYAML's own table.
_TYPED_PATTERNS = (
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    r"^(?:~|null|Null|NULL|)$",
    r"^(?:<<)$",
    r"^(?:=)$",
    r"^(?:!|&|\*)$",
)
_TYPED = re.compile("|".join(f"(?:{pattern})" for pattern in _TYPED_PATTERNS)).fullmatch
_TYPED_STARTS = frozenset("!&*+-.0123456789<=FNOTYfnoty~")
_DOUBTFUL_STARTS = _TYPED_STARTS | {"\n"}  # what a text value `_Check.same` looks at again starts with
# Every word of the text an integer could be written as (an integer's text is a word): one at the text's start, and
# one after a space or flow character, found on RE2, which reads a 760 KB inventory in 1.2 ms against Python's 10.7
# ms with a lookbehind (a real manifest holds integers, and is read so too). RE2's `\s` is ASCII alone: Python's is
# written out.
_WORD = r"[-+_.0-9][0-9A-Za-z_+.-]*"
_FIRST_NUMBER_WORD = re.compile(_WORD).match
_NUMBER_WORDS = re2.compile(f"[{PYTHON_SPACES},\\[\\]{{}}:#]({_WORD})").findall
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)").fullmatch

# The flow collections a line may hold: up to two levels, of plain words and quoted scalars. Run on RE2: the
# pattern nests repetitions, which Python's engine could take exponential time over.
_PLAIN = r"[A-Za-z0-9_][A-Za-z0-9_./+()=@~$^*-]*(?: [A-Za-z0-9_./+()=@~$^*-]+)*"
_QUOTED = r"""'(?:[^'\n]|'')*'|"[^"\\\n]*\""""
_SCALAR = f"(?:{_PLAIN}|{_QUOTED})"
_INNER = rf"(?:{_SCALAR}|\[(?:{_SCALAR}(?:, ?{_SCALAR})*)?\]|\{{(?:{_SCALAR}: {_SCALAR}(?:, ?{_SCALAR}: {_SCALAR})*)?\}})"
_FLOW = rf"(?:\[(?:{_INNER}(?:, ?{_INNER})*)?\]|\{{(?:{_SCALAR}: {_INNER}(?:, ?{_SCALAR}: {_INNER})*)?\}})"
# Matched through the binding's compiled-regex object, as patterns.py does: its Python-level fullmatch costs five
# times the match on a short line.
_FLOW_LINE = re2._re2.RE2(rf" *(?:- )*(?:{_SCALAR}: +)?(?:{_FLOW}|{_QUOTED})(?: +#.*)?".encode(), re2.Options())
_WHOLE = re2._Anchor.ANCHOR_BOTH
# a bracket not inside a word (after a letter, `/`, `$`, `^`, `]`... it is a plain scalar's): flow may start there
_BRACKET_STARTS = re.compile(r"(?:^|[^A-Za-z0-9_./$^*+=~@()\]}])[\[\]{}]")


def values(text: str, max_depth: int) -> Any:
    """The text's values as PyYAML (load.py) gives them, or UNSURE."""
    if not _plain_text(text):
        return UNSURE
    try:
        # a repeated key is refused here, so PyYAML reports it where it is (asked for, not left to the default)
        data = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, OverflowError, RecursionError):
        return UNSURE
    if type(data) not in (dict, list):
        return UNSURE
    check = _Check(text, max_depth)
    return data if check.same(data, 0) and check.integers_agree() else UNSURE


def _plain_text(text: str) -> bool:
    body = text[4:] if text.startswith("---\n") else text
    if not text.endswith("\n") or body.startswith(("---", "...", "%", " " * MAX_INDENT)):
        return False
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a surrogate, which PyYAML's reader refuses too
        return False
    if not _printable(text, data) or "\\" in text and '"' in text or "?" in text and _explicit_key(text):
        return False
    if _DOUBTFUL.Match(_UNANCHORED, data, 0, len(data))[0][0] != -1:
        return False
    if "[" in text or "{" in text or "]" in text or "}" in text:
        return all(_plain_flow(line) or not _BRACKET_STARTS.search(line) for line in _bracket_lines(text))
    return True


def _bracket_lines(text: str) -> Iterator[str]:
    """Each line of a text ending with a line break that holds a bracket (once for each kind it holds): found from
    the brackets, not by splitting every line, as most lines hold none."""
    for bracket in "[]{}":
        at = text.find(bracket)
        while at >= 0:
            end = text.find("\n", at)
            yield text[text.rfind("\n", 0, at) + 1:end]
            at = text.find(bracket, end)


def _printable(text: str, data: bytes) -> bool:
    """Whether the text (`data`, its UTF-8) holds only characters PyYAML reads as yaml-rs does."""
    if text.isascii():
        return not data.translate(None, _PLAIN_ASCII)
    return _NOT_PLAIN.Match(_UNANCHORED, data, 0, len(data))[0][0] == -1


def _explicit_key(text: str) -> bool:
    """Whether a line starts (after its indentation and sequence entries) with `?` and a space: an explicit key."""
    at = text.find("?")
    while at >= 0:
        if not text[text.rfind("\n", 0, at) + 1:at].strip(" -") and text[at + 1:at + 2] in (" ", "\n"):
            return True
        at = text.find("?", at + 1)
    return False


def _plain_flow(line: str) -> bool:
    data = line.encode("utf-8", "surrogatepass")
    return _FLOW_LINE.Match(_WHOLE, data, 0, len(data))[0][0] != -1


class _Check:
    """Whether yaml-rs's values of a text are PyYAML's (see the module's docstring)."""

    def __init__(self, text: str, max_depth: int):
        self.text = text
        self.max_depth = max_depth
        self.integers = False
        self.quoted: dict[str, bool] = {}  # text value → whether it is text in both

    def same(self, node: dict | list, depth: int) -> bool:
        if depth > self.max_depth:
            return False
        if type(node) is dict:
            for key in node:
                if type(key) is not str or len(key) > MAX_KEY or key[:1] == "\n":
                    return False
            items: Any = node.values()
        else:
            items = node
        for value in items:
            kind = type(value)
            if kind is str:
                # a text of line breaks alone may be an empty block scalar's: any text starting with one is left
                if value and value[0] in _DOUBTFUL_STARTS and (
                        value[0] == "\n" or _TYPED(value) and not self._quoted(value)):
                    return False
            elif kind is dict or kind is list:
                if not self.same(value, depth + 1):
                    return False
            elif kind is int:
                if value.bit_length() > 63:  # Python refuses the text of an integer past 4,300 digits; yaml-rs does not
                    return False
                self.integers = True
            elif value is not None and kind is not bool:
                return False
        return True

    def _quoted(self, value: str) -> bool:
        """Whether a text value YAML 1.1 reads as another type is text in both: yaml-rs reads it as another type
        too unquoted, so it was quoted; or the text holds it only quoted."""
        known = self.quoted.get(value)
        if known is None:
            if len(self.quoted) >= MAX_DOUBTS:
                return False
            text = self.text
            known = self.quoted[value] = _unquoted_type(value) is not str \
                or text.count(value) == text.count(f"'{value}'") + text.count(f'"{value}"')
        return known

    def integers_agree(self) -> bool:
        """Whether every word of the text that yaml-rs reads as an integer is a plain decimal one, which both
        versions read alike (yaml-rs also reads `0755`, `0B1`, `_1` as integers, each its own way)."""
        if not self.integers:
            return True
        first = _FIRST_NUMBER_WORD(self.text)
        words = _NUMBER_WORDS(self.text) + ([first.group()] if first else [])
        doubtful = {word for word in words if not _DECIMAL(word)}
        return len(doubtful) <= MAX_DOUBTS and not any(_unquoted_type(word) is int for word in doubtful)


@functools.lru_cache(maxsize=1024)
def _unquoted_type(word: str) -> type | None:
    """The type yaml-rs reads `word` as, written unquoted; None when it cannot read it so (`*`)."""
    try:
        entries: Any = yaml_rs.loads(f"- {word}\n", parse_datetime=False)
        return type(entries[0])
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, IndexError, KeyError, OverflowError):
        return None
