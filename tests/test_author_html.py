"""What an author's page may not do: run a script. site.neutralized works on the HTML of every page, site.
without_script_addresses on the Markdown of the authors' pages; both keep what a reader sees, and run in linear
time on any input (bounded in CPU seconds)."""

from __future__ import annotations

import random
import re
import time

import pytest

from getchitty.site import _HANDLER, NO_SCHEME, neutralized, without_script_addresses


@pytest.mark.parametrize("html, expected", [
    ("<script>alert(1)</script>", "&lt;script>alert(1)</script>"),
    ("<SCRIPT src=x.js></SCRIPT>", "&lt;SCRIPT src=x.js></SCRIPT>"),
    ("<svg><script href=x /></svg>", "<svg>&lt;script href=x /></svg>"),
    ("<iframe srcdoc='&lt;script&gt;'>", "&lt;iframe srcdoc='&lt;script&gt;'>"),
    ('<base href="https://elsewhere.invalid/">', '&lt;base href="https://elsewhere.invalid/">'),
    ("<object data=x></object><embed src=x><meta http-equiv=refresh>", "&lt;object data=x></object>&lt;embed src=x>&lt;meta http-equiv=refresh>"),
    ('<img src=x onerror="alert(1)">', '<img src=x &#111;nerror="alert(1)">'),
    ("<img/ONERROR=alert(1)>", "<img/&#79;NERROR=alert(1)>"),
    ('<a href="x"onclick=1>', '<a href="x"&#111;nclick=1>'),
    ("<p onclick\n =1>", "<p &#111;nclick\n =1>"),
])
def test_scripts_and_handlers_become_text_and_plain_names(html, expected):
    assert neutralized(html) == expected


@pytest.mark.parametrize("html", [
    "<p>Generated: a table, a <code>&lt;script&gt;</code> shown as code, data-only=1</p>",
    '<svg role="img" aria-labelledby="t"><title id="t">Map</title><a href="../x/"><text>x</text></a></svg>',
    "<p>turn on=this, scripts and metadata, <metadata></p>",
    '<span data-onclick="x" aria-controls=y>',
])
def test_markup_without_scripts_is_unchanged(html):
    assert neutralized(html) == html


def test_the_handler_pattern_finds_what_its_plain_form_finds():
    """site._HANDLER is written to be fast (its `o` first, then a look back); it must find exactly the attributes the
    plain form of it finds: `o` after whitespace, a slash or a quote, then `n`, letters, `=`, case ignored."""
    plain = re.compile(r"(?<=[\s/\"'])o(?=n[a-z]+\s*=)", re.IGNORECASE)
    alphabet = [*"oOnNcClLkKsS =\t\n/\"'<>a", "\u0130", "\u0131", "\u017f", "\u212a", "\u00a0", "\u2028", "\x85"]
    rng = random.Random(7)
    for _ in range(100_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in _HANDLER.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)


@pytest.mark.parametrize("markdown, expected", [
    ("[x](javascript:alert(1))", f"[x]({NO_SCHEME}javascript:alert(1))"),
    ("<javascript:alert(1)>", f"<{NO_SCHEME}javascript:alert(1)>"),
    ('<a href="jav&#x61;script&colon;x">', f'<a href="{NO_SCHEME}jav&#x61;script&colon;x">'),
    ('<a href="&#106;&#X41;VA&#0000115;cript&#58;x">', f'<a href="{NO_SCHEME}&#106;&#X41;VA&#0000115;cript&#58;x">'),
    ("[x](java\tscr&NewLine;ipt\\:x)", f"[x]({NO_SCHEME}java\tscr&NewLine;ipt\\:x)"),
    ("vbscript:x", f"{NO_SCHEME}vbscript:x"),
])
def test_script_addresses_lose_their_scheme(markdown, expected):
    assert without_script_addresses(markdown) == expected


@pytest.mark.parametrize("markdown", ["javascripts: a word", "java script: two words", "[x](https://example.invalid/)"])
def test_other_text_is_unchanged(markdown):
    assert without_script_addresses(markdown) == markdown


@pytest.mark.parametrize("text", [
    " on" + "a" * 200_000,
    " o" * 100_000 + "n",
    "&#0" + "0" * 200_000,
    "j" + "&#0" * 70_000,
    ("java" + "\t" * 1000) * 200,
    "<scrip" * 30_000,
])
def test_adversarial_input_takes_linear_time(text):
    start = time.process_time()
    neutralized(text)
    without_script_addresses(text)
    assert time.process_time() - start < 2.0
