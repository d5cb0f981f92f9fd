"""The portal's reader-facing pages as the renderer writes them, on this repository's own sources (the real
ecosystem, 88 entities) and on the fixture tree: the catalog's hygiene, personal e-mail addresses, the
scorecard's levels from data, a team per handle named anywhere, tiers and layers told apart, onboarding in
the navigation. The browser checks of the same pages are in test_portal_site.py.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from site_support import REPO, SITE_EXTRA, converted, make_tree

from getchitty.engine import check
from getchitty.escaping import md_escape
from getchitty.model import Pages
from getchitty.privacy import EMAIL, ROLE_MAILBOXES, WITHHELD, role_names
from getchitty.render import render_site

LEVELS = "etc/chittyos/levels.yml"


pytest_plugins = ["site_fixtures"]


@pytest.fixture(scope="module")
def real(real_render):
    """This repository's portal: (check result, rendered site)."""
    return real_render


def html(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def rows(page: str, table_id: str) -> list[dict[str, object]]:
    table = html(page).select_one(f"table#{table_id}")
    assert table is not None, table_id
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    return [dict(zip(headers, tr.find_all("td"))) for tr in table.select("tbody tr")]


# -- the catalog ---------------------------------------------------------------------------------------

def test_the_catalog_hides_what_the_registry_says_is_no_service(real):
    """Organization configuration, documentation, templates and archived repositories are listed last and
    hidden by the filter's default, as the registry's `type` and `active` facts say, not by their names."""
    result, site = real
    registry = result.ecosystem.federation.registry
    expected = {}
    for name, entry in registry.items():
        if entry.type in ("org-config", "documentation", "template"):
            expected[name] = {"org-config": "organization configuration"}.get(entry.type, entry.type)
        elif entry.active is False:
            expected[name] = "archived"
    assert {".github" in name for name in expected} == {True, False} and "-chittyos" in expected  # both kinds occur
    page = site.pages[Pages.catalog]
    listed = {cell["Name"].get_text(): cell["Listed as"].get_text() for cell in rows(page, "catalog-table")}
    assert {name: kind for name, kind in listed.items() if kind != "service"} == expected
    order = list(listed.values())
    assert order == sorted(order, key=lambda kind: kind != "service")  # every service first
    header = html(page).select_one("th[data-filter=listed]")
    assert header["data-filter-default"] == "service"


def test_descriptions_are_markdown_text(real):
    """A description's `code` is code, not backticks; everything else stays text."""
    _, site = real
    gam = next(row for row in rows(site.pages[Pages.catalog], "catalog-table") if row["Name"].get_text() == "chittyagent-gam")
    assert gam["What it does"].find("code").get_text() == "gam_execute"
    assert "`" not in gam["What it does"].get_text()


def test_ids_are_unique_on_the_catalog(real):
    _, site = real
    page = site.pages[Pages.catalog]
    ids = [element["id"] for element in html(page).select("[id]")]
    assert len(ids) == len(set(ids)) and "catalog" not in ids  # the page's heading takes "catalog" on the site


def test_one_owner_value_per_team_whatever_its_case(real):
    result, site = real
    spellings = {owner for e in result.ecosystem.entities.values() for owner in e.owners}
    assert {"@CHITTYOS/developers", "@ChittyOS/developers"} <= spellings  # the sources write it both ways
    values = {item.get_text() for row in rows(site.pages[Pages.catalog], "catalog-table")
              for item in row["Owners"].select("[data-item]")}
    assert len(values) == len({value.casefold() for value in values})


# -- e-mail addresses ---------------------------------------------------------------------------------------

def test_no_personal_email_address_is_published(real):
    """Every page and every file of the read model: each address left names a role; the people's are withheld."""
    result, site = real
    sources = " ".join(str(e.description) for e in result.ecosystem.entities.values())
    assert "nick@" in sources  # the sources do hold personal addresses
    found = set()
    for text in [*site.pages.values(), *site.assets.values()]:
        found |= {match.group(0) for match in EMAIL.finditer(text)}
    eco = result.ecosystem
    known = role_names(eco.entities, [owner for e in eco.entities.values() for owner in e.owners])
    assert all(address.split("@")[0].lower() in ROLE_MAILBOXES | known for address in found), found
    assert not [address for address in found if address.startswith("nick@")]
    assert md_escape(WITHHELD) in site.pages["service/chittyagent-gam.md"]
    assert WITHHELD in site.assets["api/services/chittyagent-gam.json"]


# -- the scorecard -----------------------------------------------------------------------------------------

def expected_level(levels: list[dict], outcomes: list[dict]) -> str | None:
    """The level as the scorecard page defines it, from an entity's rule outcomes in its JSON."""
    reached = None
    for level in levels:
        mine = [o["state"] for o in outcomes if o["rule"].split("/")[0] in level["families"]]
        if not mine or any(state not in ("pass", "notice") for state in mine):
            break
        reached = level["name"]
    return reached


def test_scorecard_levels_and_shares_come_from_the_outcomes(real):
    result, site = real
    card = json.loads(site.assets["api/scorecard.json"])
    data = yaml.safe_load((REPO / LEVELS).read_text(encoding="utf-8"))
    assert [(level["name"], level["families"]) for level in card["levels"]] == [
        (level["name"], level["families"]) for level in data["levels"]]
    onboarded = 0
    for entry in card["entities"]:
        detail = json.loads(site.assets[entry["page"].strip("/").replace("service/", "api/services/", 1)
                                        .replace("datalayer/", "api/datalayers/", 1) + ".json"])
        outcomes = detail["governance"]
        met = sum(1 for o in outcomes if o["state"] in ("pass", "notice"))
        assert entry["checks"] == {"met": met, "of": len(outcomes),
                                   "percent": met * 100 // len(outcomes) if outcomes else None}, entry["name"]
        assert entry["level"] == expected_level(card["levels"], outcomes), entry["name"]
        onboarded += entry["onboarded"]
    assert card["overall"]["checks"]["of"] == sum(e["checks"]["of"] for e in card["entities"] if e["onboarded"])
    assert sum(item["count"] for item in card["overall"]["at_level"]) == onboarded
    registered = rows(site.pages[Pages.scorecard], "scorecard-registered")
    assert len(registered) == len(card["entities"]) - onboarded > 0  # listed apart


def test_the_levels_are_data(tmp_path):
    """Moving a rule family from one level to another in levels.yml moves the services with it."""
    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    levels = {"intro": "Test levels.", "levels": [
        {"name": "Bronze", "summary": "Readable.", "families": ["schema", "identity"]},
        {"name": "Silver", "summary": "Owned and sound.", "families": ["ownership", "canon"]}]}
    (tree / LEVELS).write_text(yaml.safe_dump(levels), encoding="utf-8")

    def scorecard() -> dict:
        return json.loads(render_site(check(tree, use_cache=False)).assets["api/scorecard.json"])

    first = {e["name"]: e["level"] for e in scorecard()["entities"]}
    assert first["chittymonitor"] == "Bronze"  # two waived canon/ findings hold Silver back
    assert first["chittyid"] == "Silver"
    levels["levels"][0]["families"].append("canon")
    (tree / LEVELS).write_text(yaml.safe_dump(levels), encoding="utf-8")
    second = scorecard()
    assert {e["name"]: e["level"] for e in second["entities"]}["chittymonitor"] is None
    assert second["levels"][0]["families"] == ["schema", "identity", "canon"]
    assert [e["checks"] for e in second["entities"]] == [e["checks"] for e in scorecard()["entities"]]


def test_a_levels_file_against_its_schema_is_checked(tmp_path):
    tree = make_tree(tmp_path / "repo", SITE_EXTRA)
    (tree / LEVELS).write_text("levels:\n  - name: Bronze\n    families: [Schema]\n", encoding="utf-8")
    found = {(v.rule, v.path, v.line) for v in check(tree, use_cache=False).errors}
    assert ("schema/required", LEVELS, 2) in found and ("schema/pattern", LEVELS, 3) in found


# -- teams, tiers and layers, onboarding ----------------------------------------------------------------------

def test_every_handle_named_anywhere_has_a_team_page(real):
    result, site = real
    eco = result.ecosystem
    handles = {owner for name in eco.entities for owner in result.records[name].owners
               if owner.startswith("@") or owner in eco.access.roles}
    handles |= {p.who for name in eco.entities for p in result.records[name].people if p.who.startswith("@")}
    handles |= {w.owner for w in eco.waivers} | {item.owner for item in eco.roadmap.items if not item.unowned}
    assert all(" " not in handle and "@" not in handle[1:] for handle in handles if handle.startswith("@"))
    teams = json.loads(site.assets["api/teams.json"])["teams"]
    names = {team["name"].casefold() if team["name"].startswith("@") else team["name"] for team in teams}
    assert {h.casefold() if h.startswith("@") else h for h in handles} == names
    assert "@chittyos/cicd-admins" in names  # on waivers and a roadmap item, owner of no service
    for team in teams:
        assert team["page"].strip("/") + ".md" in site.pages


def test_tiers_and_layers_are_named_with_their_word(real):
    _, site = real
    catalog = rows(site.pages[Pages.catalog], "catalog-table")
    tiers = {row["Tier"].get_text() for row in catalog} - {"—"}
    layers = {item.get_text() for row in catalog for item in row["Layer"].select("[data-item]")}
    assert tiers and all(re.fullmatch(r"Tier \d · .+", tier) for tier in tiers), tiers
    assert layers and all(re.fullmatch(r"Layer \d · .+", layer) for layer in layers), layers
    assert "Tier 2 · Platform is not Layer 5 · Platform" in site.pages[Pages.catalog]
    architecture = next(item["Architecture"] for item in site.nav if "Architecture" in item)
    assert all(next(iter(entry)).startswith(("Layer ", "Ecosystem tiers")) for entry in architecture[1:])


def test_onboarding_has_a_tab_and_leads_the_home_page(real):
    _, site = real
    assert site.nav[1] == {"Onboard a service": Pages.onboarding}
    home = site.pages[Pages.home]
    start = html(home).select_one(".gc-start")
    assert [a.get_text() for a in start.select("a")] == ["Onboard a service", "Find a service"]
    assert home.index("gc-start") < home.index("## How to onboard a service") < home.index("## The ecosystem by layer")
    guide = (REPO / "docs" / Pages.onboarding).read_text(encoding="utf-8")
    assert guide.startswith("# Onboarding a service\n")  # the title readers search for; the address is unchanged


# -- every page ------------------------------------------------------------------------------------------

# What Markdown leaves as text when it does not read a block: a table row, a link, a heading, a list item.
UNREAD_MARKDOWN = re.compile(r"^\|.*\|$|\]\([^)]*\)|^#{1,6} |^- \*\*", re.M)


def test_no_page_shows_markdown_as_text(real):
    """Markdown inside a raw HTML block (a <details>, a <div>) is not read: it would reach the reader as pipes,
    brackets and hashes. Every page is converted as the site converts it, and its text, code left out, is clean."""
    _, site = real
    unread = {}
    for path, page in site.pages.items():
        document = html(converted(page)[0])
        for code in document.select("code, pre"):
            code.decompose()
        if found := UNREAD_MARKDOWN.findall(document.get_text()):
            unread[path] = found[:3]
    assert unread == {}
