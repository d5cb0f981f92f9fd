"""Markup in the sources is shown as text, never interpreted.

The hostile fixture (tests/fixtures/site_hostile) adds chittyhostile, whose description,
notes, owner entity, on-call, runbooks and webhook carry a <script>, a javascript: link,
an <img onerror>, table pipes and Markdown emphasis. The tree still passes the
governance check (it is built with --strict), and every page shows those values verbatim.
"""

from __future__ import annotations

import re

import pytest
from site_support import (
    HOSTILE_BOLD,
    HOSTILE_DESCRIPTION,
    HOSTILE_IMG,
    HOSTILE_LINK,
    HOSTILE_PIPE,
    HOSTILE_SCRIPT,
    key_values,
    section,
    section_table,
    table_rows,
    text,
)

pytest_plugins = ["site_fixtures"]

URL = "/service/chittyhostile/"


def all_pages(site):
    return site.pages()


def test_hostile_tree_passes_the_governance_check(hostile_site):
    from getchitty.engine import check

    result = check(hostile_site.tree, use_cache=False)
    assert not result.failed(strict=True), [(v.rule, v.location, v.message) for v in result.violations]
    assert "chittyhostile" in result.ecosystem.entities


def test_no_script_element_comes_from_the_data(hostile_site, site):
    hostile_scripts = hostile_site.soup(URL).find_all("script")
    clean_scripts = site.soup("/service/chittyid/").find_all("script")
    # Same theme scripts as on a clean service page, and none of them is the planted one.
    assert len(hostile_scripts) == len(clean_scripts)
    assert [s.get("src") for s in hostile_scripts] == [s.get("src") for s in clean_scripts]
    for path, soup in all_pages(hostile_site):
        for script in soup.find_all("script"):
            assert "__pwned" not in (script.string or ""), path


def test_no_javascript_url_and_no_event_handler_anywhere(hostile_site):
    for path, soup in all_pages(hostile_site):
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                assert name.lower() != "onerror", (path, element)
                for item in values:
                    assert not re.match(r"\s*javascript:", str(item), re.I), (path, element)
        assert not soup.find_all("img", src="x"), path
        assert not [a for a in soup.find_all("a") if text(a) == "x"], path


def test_hostile_values_are_shown_verbatim_on_the_service_page(hostile_site):
    article = hostile_site.article(URL)
    intro = article.find("h1").find_next_sibling("p")
    assert text(intro) == f"Active {HOSTILE_DESCRIPTION}"
    assert intro.find("strong") is None and intro.find("a") is None

    summary_table = section_table(article, "summary")
    assert all(len(row.find_all("td")) == 2 for row in summary_table.select("tbody tr")), "a pipe split a row"
    summary = key_values(summary_table)
    assert text(summary["Owner entity"]) == f"Owner {HOSTILE_SCRIPT} {HOSTILE_PIPE} {HOSTILE_BOLD}"

    notes = [text(p) for p in section(article, "summary") if p.name == "p"]
    assert f"Notes {HOSTILE_SCRIPT} {HOSTILE_LINK}" in notes
    assert f"{HOSTILE_IMG} {HOSTILE_PIPE} {HOSTILE_BOLD}" in notes

    runbooks_table = section_table(article, "runbooks")
    assert all(len(row.find_all("td")) == 2 for row in runbooks_table.select("tbody tr"))
    runbooks = {key: text(value) for key, value in key_values(runbooks_table).items()}
    assert runbooks == {
        "Deploy": f"Deploy {HOSTILE_SCRIPT} {HOSTILE_PIPE}",
        "Incident": f"Incident {HOSTILE_LINK} {HOSTILE_BOLD}",
        "Rollback": f"Rollback {HOSTILE_IMG} `code`",
        "On-call": f"On-call {HOSTILE_IMG} {HOSTILE_LINK}",
    }
    endpoints = " ".join(text(el) for el in section(article, "call"))
    assert f"hook {HOSTILE_SCRIPT} — Hook {HOSTILE_LINK} {HOSTILE_IMG}" in endpoints
    # Only the page's own markup: no <strong>/<em>/<code> made from the data's Markdown.
    assert not [el for el in article.find_all(["strong", "em"]) if "bold" in text(el)]
    assert not [el for el in article.find_all("code") if text(el) == "code"]


@pytest.mark.parametrize("url", ["/architecture/", "/architecture/layer-8/"])
def test_hostile_description_in_layer_tables(hostile_site, url):
    article = hostile_site.article(url)
    rows = [row for table in article.find_all("table") for row in table_rows(table)
            if "Service" in row and text(row["Service"]) == "chittyhostile"]
    assert len(rows) == 1
    assert len(rows[0]) == 4
    assert text(rows[0]["What it does"]) == HOSTILE_DESCRIPTION


def test_no_entity_is_visible_as_text(hostile_site):
    """Escaping happens exactly once: no page shows an entity such as `&#95;` or `&amp;` as text."""
    for path, soup in all_pages(hostile_site):
        article = soup.select_one("article")
        if article is None:
            continue
        visible = article.get_text()
        assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", visible, re.I), (path, re.findall(r".{20}&#?\w+;.{20}", visible))


def test_search_index_keeps_the_markup_escaped(hostile_site):
    """Material renders search results as HTML: the index must carry the data as escaped text."""
    raw = (hostile_site.dir / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = hostile_site.json("/search/search_index.json")["docs"]
    indexed = " ".join(d["text"] + " " + d["title"] for d in docs if d["location"].startswith("service/chittyhostile/"))
    assert "__pwned" in indexed
    assert "<script" not in indexed.lower() and "<img" not in indexed.lower()
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in indexed
    assert "<script" not in raw.lower()


def test_read_model_keeps_the_data_unchanged(hostile_site):
    hostile = hostile_site.json("/api/services/chittyhostile.json")
    assert hostile["description"] == HOSTILE_DESCRIPTION
    assert hostile["runbooks"]["deploy"] == f"Deploy {HOSTILE_SCRIPT} {HOSTILE_PIPE}"
