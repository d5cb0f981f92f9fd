"""Search sections stay short whatever the size of the ecosystem.

A search engine indexes a page by sections, one per heading. Zensical packs a field's
token positions and the item they belong to into one number, so the more sections a site
has, the fewer positions one field may hold: at 2,000 services the catalog's one section
held 54,045 positions against a limit of 32,768, and `zensical build` stopped. Every
table or list of the whole ecosystem (or of a layer, a team) is therefore kept out of
the search index (`data-search-exclude`, which Material's search and Zensical both
honour); the services' own pages carry the same facts. This test renders a synthetic
ecosystem and finds, page by page, the section that links to the most service pages
outside excluded elements.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown

from getchitty.engine import check
from getchitty.render import MARKDOWN_EXTENSIONS, render_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synth  # bench/ is not a package

SERVICES = 80
# A scope's own section lists the services requesting it: a share of the ecosystem, never all of it.
LARGEST_SHARE = 1 / 8
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
SERVICE_HREF = re.compile(r"(?:^|/)service/([^/#]+?)(?:\.md|/)?(?:#|$)")


class ServiceLinksBySection(HTMLParser):
    """The service pages each search section links to, outside elements marked `data-search-exclude`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section = ""
        self.excluded_depth = 0
        self.links: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if self.excluded_depth or any(name == "data-search-exclude" for name, _ in attrs):
            self.excluded_depth += 1
            return
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.section = attributes.get("id") or tag
        elif tag == "a" and (found := SERVICE_HREF.search(attributes.get("href") or "")):
            self.links.setdefault(self.section, set()).add(found.group(1))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.excluded_depth:
            self.excluded_depth -= 1


def service_links(page: str) -> dict[str, set[str]]:
    parser = ServiceLinksBySection()
    parser.feed(markdown.markdown(page, extensions=list(MARKDOWN_EXTENSIONS)))
    return parser.links


def test_no_search_section_lists_a_growing_share_of_the_services(tmp_path):
    site = render_site(check(synth.generate(SERVICES, tmp_path / "eco"), use_cache=False))
    too_long = sorted(
        f"{path}#{section}: {len(names)} services"
        for path, page in site.pages.items()
        for section, names in service_links(page).items()
        if len(names) > SERVICES * LARGEST_SHARE
    )
    assert too_long == []


def test_the_parser_sees_links_and_skips_excluded_elements():
    page = ("# Page\n\n[a](service/a.md)\n\n## Listed { #listed }\n\n"
            '<div data-search-exclude><p><a href="../service/b/">b</a><br></p></div>\n\n'
            '<p><a href="../service/c/#how-to-call-it">c</a></p>\n')
    assert service_links(page) == {"page": {"a"}, "listed": {"c"}}
