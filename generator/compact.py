"""Pages as written, without the whitespace between tags that a browser never shows and with the characters HTML
does not reserve written as themselves: the same document, fewer bytes.

A browser renders a run of whitespace in text as one space, or as nothing at the start or end of a line, so a run
between two tags becomes one line break (where it holds one) or one space. Nothing else changes: text, tags and
attributes are copied as they are, and so is everything inside the elements whose whitespace shows (pre and
textarea; code and kbd, which Material sets to `white-space: pre-wrap`) or that hold no markup (script, style,
comments). A run is taken to be between two tags when a `>` ends right before it and a `<` starts right after it:
inside an attribute value both would be written as character references by every writer of these pages
(Python-Markdown, Jinja's `e`, markupsafe).

The generated Markdown writes every character Markdown could read as syntax as a character reference (`&#58;` for
`:`, escaping.md_escape); once Markdown has made the page, only `<`, `>`, `&` and the quotes need one, and a
reference to most others is the very character to the browser, in text and attribute values alike. They
are written back outside the kept elements (a script's or a style's text reads a reference literally).

Each pattern starts at a fixed character and scans forward once, in C: linear in the page's length, about half a
millisecond for a service page of 115 KB.
"""

from __future__ import annotations

import re

# Where a kept element or comment starts: pre, code and kbd may hold others of their kind; script, style and textarea
# hold text up to their end tag.
_OPENING = re.compile(r"<(?:(pre|code|kbd)(?=[\s/>])|(script|style|textarea)(?=[\s/>])|!--)", re.IGNORECASE)
_NESTED = {name: re.compile(rf"<(/?){name}(?=[\s/>])[^>]*>", re.IGNORECASE) for name in ("pre", "code", "kbd")}
_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "textarea")}
_LINES = re.compile(r">[ \t\r\f]*\n[ \t\n\r\f]*<")
_SPACES = re.compile(r">[ \t\r\f]{2,}<")
# Not "#" (after a bare "&" it would start a new reference) and not "=" (after a legacy reference such as "&copy"
# in an attribute value it would stop the browser reading that reference): never written back.
_UNRESERVED = "\\`*_{}[]()+-!|~:$^"
_REFERENCE = re.compile("|".join(f"&#{ord(character)};" for character in _UNRESERVED))


def _kept_end(html: str, opening: re.Match[str]) -> int:
    """Where the kept element or comment that starts at `opening` ends; one left open keeps the rest of the page,
    as a browser reads it."""
    if opening.group(1):
        depth = 0
        for tag in _NESTED[opening.group(1).lower()].finditer(html, opening.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return tag.end()
        return len(html)
    if opening.group(2):
        end_tag = _TEXT_END[opening.group(2).lower()].search(html, opening.end())
        return end_tag.end() if end_tag else len(html)
    end = html.find("-->", opening.end())
    return end + 3 if end >= 0 else len(html)


def _squeezed(html: str) -> str:
    html = _SPACES.sub("> <", _LINES.sub(">\n<", html))
    return _REFERENCE.sub(lambda reference: chr(int(reference.group()[2:-1])), html) if "&#" in html else html


def compact_html(html: str) -> str:
    """`html` with each run of whitespace between two tags cut to one line break or one space, outside the elements
    whose whitespace shows or that hold no markup."""
    out: list[str] = []
    start = 0
    while (opening := _OPENING.search(html, start)) is not None:
        end = _kept_end(html, opening)
        # The kept element's "<" and the ">" that ends it stay beside the runs they close and open.
        out.append(_squeezed(html[start:opening.start() + 1])[:-1])
        out.append(html[opening.start():end - 1])
        start = end - 1
    out.append(_squeezed(html[start:]))
    return "".join(out)
