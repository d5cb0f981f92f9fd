"""The escaping boundary: every value read from the sources leaves the process through one of these.

- `md_escape` for Markdown and HTML text (page bodies, tables, headings), and
  `html_text` for HTML or XML written directly (nav and page titles, SVG text,
  attributes): the browser shows the characters, no parser reads them as markup;
- `json_text` for JSON, which stays safe where it is embedded in HTML;
- `terminal` for a line printed to a terminal or a log: control characters are
  written as escapes, and no line can start a CI workflow command;
- `workflow_data` and `workflow_property` for the parts of a workflow command.

Characters that no output may carry raw (control characters, lone surrogates
from undecodable file names, line and paragraph separators, bidirectional
overrides, noncharacters) become visible escapes such as `\\x1b` everywhere.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

# C0 and C1 controls (but tab, newline and return, handled per output), DEL, lone surrogates,
# line and paragraph separators, bidirectional controls and the noncharacters U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\n\r]")


def _escape_char(match: re.Match) -> str:
    return repr(match.group())[1:-1]  # \n, \x1b, \u2028, \udcff


def visible(text: str) -> str:
    """`text` with every character no output may carry raw written as an escape; tabs and line breaks kept."""
    return _UNSAFE.sub(_escape_char, text)


# Characters that could start Markdown or HTML syntax are written as entities:
# the browser shows the character, and no parser can read it as markup.
_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-!|<>&\"'~:=$^"}
_MARKUP = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


def md_escape(value: Any) -> str:
    """Text safe to place anywhere in a Markdown page, including table cells and headings.

    Whitespace runs (newlines, U+2028, NEL included) become one space, so a value
    can never end a table row or start a block of its own.
    """
    if value is None:
        return ""
    text = visible(" ".join(str(value).split()))
    return _MARKUP.sub(lambda m: _ENTITIES[m.group()], text)


def html_text(value: Any) -> str:
    """Text safe inside HTML or XML elements and quoted attributes (nav titles, page titles, SVG)."""
    # the standard library's escape: the check runs without the site's packages (MarkupSafe)
    return html.escape(visible(" ".join(str(value).split())), quote=True)


_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_text(data: Any, *, indent: int | None = None) -> str:
    """JSON for a file of the site: the same data, with nothing that could end a <script> or an
    HTML comment if the text is ever embedded in a page; lone surrogates are escaped."""
    return _json_text(data, indent)[0] + "\n"


def _json_text(data: Any, indent: int | None = None) -> tuple[str, bool]:
    """json_text without its newline, and whether every character was written as itself (no lone surrogate)."""
    separators = (",", ": ") if indent else (",", ":")
    try:
        # Compact and non-ASCII on purpose: with `indent` or escapes json falls back to slower paths.
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
        text.encode("utf-8")
        as_itself = True
    except UnicodeEncodeError:  # a lone surrogate (an undecodable file name) has no UTF-8 form
        text, as_itself = json.dumps(data, ensure_ascii=True, indent=indent, separators=separators), False
    return text.translate(_JSON_IN_HTML), as_itself


@dataclass(frozen=True)
class JsonPart:
    """A value of a JSON file, with its compact json_text: kept apart, so that a file listing many such values is
    written by joining their texts rather than encoding them all again."""

    data: Any
    text: str
    as_itself: bool

    @classmethod
    def of(cls, data: Any) -> JsonPart:
        return cls(data, *_json_text(data))


def json_list_text(key: str, parts: list[JsonPart]) -> str:
    """json_text({key: [each part's data]}), from the parts' texts: the same bytes (compact JSON writes a list as
    its items joined by commas, and nothing json_text escapes spans two items), unless a lone surrogate made one
    part's text ASCII-escaped, which makes the whole file so."""
    key_text, key_as_itself = _json_text(key)
    if not key_as_itself or not all(part.as_itself for part in parts):
        return json_text({key: [part.data for part in parts]})
    return "{" + key_text + ":[" + ",".join(part.text for part in parts) + "]}\n"


# A line whose first non-blank characters are these is read by CI runners as a command
# (`::error ...`, `::stop-commands::`, the older `##[error]`).
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)")


def terminal(text: str) -> str:
    """One line for a terminal or a log: control characters (newlines included) as escapes, so that
    a value cannot forge another line, move the cursor or start a CI workflow command."""
    text = _UNSAFE_LINE.sub(_escape_char, text)
    return _COMMAND_START.sub(lambda m: f"{m.group(1)}\\x{ord(m.group(2)[0]):02x}{m.group(2)[1:]}", text, count=1)


def workflow_data(text: str) -> str:
    """The message part of a workflow command (after `::`): line breaks encoded as the runner
    decodes them, other control characters as escapes."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNSAFE_LINE.sub(_escape_char, text)


def workflow_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`)."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")
