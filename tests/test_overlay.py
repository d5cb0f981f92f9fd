"""The error banner shown while serving stale pages: content, order, limit and escaping."""

from __future__ import annotations

import html.parser

import pytest

from getchitty.overlay import Finding, overlay_html

HOSTILE = [
    Finding("etc/chittyos/services/<x>.yml:3:5", "schema/<b>type</b>", "<script>alert(1)</script>",
            '"onload="alert(1)'),
    ("etc/a.yml:1:1", "rule\x00id", "tab\tand\nnewline \x1b[31mred\x1b[0m \u202eevil", "]]><!-- -->"),
    ("etc/b.yml:2:9", "ownership/missing", "owner <img src=x onerror=alert(1)> & co"),
]


class Tree(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def test_lists_each_finding_with_location_rule_message_and_hint():
    out = overlay_html([Finding("etc/chittyos/services/chittyid.yml:4:3", "ownership/missing",
                                "chittyid names no owner", "add an owners: list"),
                        ("etc/x.yml:1:1", "schema/type", "expected a string")])
    tree = Tree(out)
    root_tag, root = tree.tags[0]
    assert root_tag == "div" and root["role"] == "alert" and root["class"] == "gc-error-overlay"
    assert ("p", {"class": "gc-error-title", "id": "gc-error-overlay-title"}) in tree.tags
    assert root["aria-labelledby"] == "gc-error-overlay-title"
    text = "".join(tree.text)
    assert "Governance check failed: 2 findings" in text
    assert ("etc/chittyos/services/chittyid.yml:4:3 ownership/missing chittyid names no owner"
            "hint: add an owners: list") in text
    assert [t for t, _ in tree.tags].count("li") == 2
    assert text.index("chittyid.yml") < text.index("etc/x.yml")
    assert "\n\n" not in out  # one raw HTML block, even inside Markdown


def test_one_finding_is_singular():
    assert "Governance check failed: 1 finding<" in overlay_html([("a:1:1", "r", "m")])


def test_long_lists_are_cut_and_counted():
    out = overlay_html([(f"etc/f{i}.yml:{i}:1", "rule", f"message {i}") for i in range(75)])
    tree = Tree(out)
    assert [t for t, _ in tree.tags].count("li") == 50
    assert "and 25 more" in "".join(tree.text)
    assert "and 5 more" in overlay_html([("a:1:1", "r", "m")] * 8, shown=3)


@pytest.mark.parametrize("finding", HOSTILE)
def test_hostile_text_stays_text(finding):
    out = overlay_html([finding])
    tree = Tree(out)
    assert {tag for tag, _ in tree.tags} <= {"div", "p", "strong", "ol", "li", "code", "span", "br"}
    assert all(not name.startswith("on") for _, attrs in tree.tags for name in attrs)
    assert tree.comments == []
    assert "<script" not in out and "<img" not in out and "]]>" not in out
    assert not any(ch in out for ch in "\x00\x1b\u202e\t")
    values = finding if isinstance(finding, tuple) else (finding.location, finding.rule, finding.message, finding.hint)
    text = "".join(tree.text)
    for value in values:
        shown = " ".join("".join("\ufffd" if ord(c) < 32 and c not in "\t\n" or c == "\u202e" else c
                                 for c in value).split())
        assert shown in text, shown
