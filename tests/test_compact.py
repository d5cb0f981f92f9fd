"""Pages as written without the whitespace between tags that no browser shows, and with the characters HTML does not
reserve written as themselves (generator/compact.py)."""

from __future__ import annotations

import time

import pytest

from getchitty.compact import compact_html


@pytest.mark.parametrize("html, compacted", [
    ("<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("<b>a</b>   <i>b</i>", "<b>a</b> <i>b</i>"),  # the space between two words stays a space
    ("<b>a</b> <i>b</i>", "<b>a</b> <i>b</i>"),
    ("<p>\t\r\n \f</p>", "<p>\n</p>"),
    ("<p>one  two\n   three</p>", "<p>one  two\n   three</p>"),  # text between words is left as written
    ("<a title=\"x   y\" href=\"#\">z</a>  <br>", "<a title=\"x   y\" href=\"#\">z</a> <br>"),
])
def test_whitespace_between_tags_is_one_line_break_or_one_space(html, compacted):
    assert compact_html(html) == compacted
    assert compact_html(compacted) == compacted


@pytest.mark.parametrize("element", [
    "<pre><code><span>a</span>\n    <span>b</span>  <span>c</span>\n</code></pre>",
    "<code>  <b>x</b>   <i>y</i>  </code>",
    "<kbd><kbd>Ctrl</kbd>  <kbd>K</kbd></kbd>",
    "<textarea>\n   <b>  </b>\n</textarea>",
    "<script>if (a >  \n  <b) {}</script>",
    "<style>a >   b { }</style>",
    "<!-- <b>   </b> -->",
    "<PRE class=\"x\">\n  <B>a</B>\n\n  <I>b</I>\n</PRE>",
])
def test_what_shows_whitespace_or_holds_no_markup_is_kept_whole(element):
    html = f"<div>\n   {element}\n   </div>"
    assert compact_html(html) == f"<div>\n{element}\n</div>"


def test_runs_beside_a_kept_element_are_compacted_too():
    assert compact_html("<p>a</p>\n  <pre>x</pre>\n\n  <p>b</p>") == "<p>a</p>\n<pre>x</pre>\n<p>b</p>"
    assert compact_html("<pre>x</pre>") == "<pre>x</pre>"
    assert compact_html("") == ""


@pytest.mark.parametrize("opened", ["<pre>", "<code class=\"x\">", "<!-- ", "<script>"])
def test_an_element_left_open_keeps_the_rest_of_the_page(opened):
    rest = "\n  <b>a</b>\n  <i>b</i>\n"
    assert compact_html(f"<div>\n  {opened}{rest}") == f"<div>\n{opened}{rest}"


@pytest.mark.parametrize("html, written", [
    ("<p>CHARTER.md&#58;12 &#40;a&#95;b&#41; &#45;&#42;</p>", "<p>CHARTER.md:12 (a_b) -*</p>"),
    ('<a href="x&#58;y" title="&#91;z&#93;">w</a>', '<a href="x:y" title="[z]">w</a>'),
    # HTML's own stay references; so do "#" and "=", which could join a bare "&" before them into another one
    ("<p>&#60;&#62;&#38;&#34;&#39; &#35; &#61;</p>", "<p>&#60;&#62;&#38;&#34;&#39; &#35; &#61;</p>"),
    ('<p title="&copy&#61;">&&#35;58;</p>', '<p title="&copy&#61;">&&#35;58;</p>'),
    # a script's or a style's text reads a reference as written
    ("<script>a = '&#58;'</script><style>b::after{content:'&#58;'}</style>",
     "<script>a = '&#58;'</script><style>b::after{content:'&#58;'}</style>"),
])
def test_references_to_characters_html_does_not_reserve_are_the_characters(html, written):
    assert compact_html(html) == written
    assert compact_html(written) == written


def test_time_is_linear_in_the_length_of_the_page():
    """Hostile shapes (a long run of whitespace, many unclosed kept elements, an unclosed comment) are read in
    time proportional to their length: four times the length takes at most about four times the CPU time."""
    def cpu(unit: str, copies: int) -> float:
        html = unit * copies
        start = time.process_time()
        compact_html(html)
        return time.process_time() - start

    for unit in (" " * 50 + "<", ">" + " " * 50, "<pre>" + " " * 10, "<!--" + "<b> " * 10, "<code>>  <" * 5):
        small, large = cpu(unit, 10_000), cpu(unit, 40_000)
        assert large < 8 * small + 0.01, (unit, small, large)
