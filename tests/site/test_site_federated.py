"""Rendered pages and read model of a federated tree, against golden files.

The tree is the site fixture plus the repository's tiers and the five real repositories synced offline
(`sync --mirror` from etc/upstream/ecosystem), checked and rendered with today pinned. To regenerate
the golden files after an intended change, run

    GETCHITTY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_site_federated.py

and review the diff of tests/golden/federated/ before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from site_support import GOLDEN, GOLDEN_TODAY, REPO, SITE_EXTRA, make_tree

sys.path.insert(0, str(REPO / "tests"))
from federation_support import ECOSYSTEM, GITHUB_SOURCES, run_sync, write_sources

UPDATE = os.environ.get("GETCHITTY_UPDATE_GOLDEN") == "1"
GOLDEN_PAGES = {
    "federated/service-chittysync.md": "service/chittysync.md",
    "federated/registered-chittyregistry.md": "service/chittyregistry.md",
    "federated/registered-chittyos-github.md": "service/chittyos-github.md",
    "federated/architecture-tiers.md": "architecture/tiers.md",
    "federated/governance-index.md": "governance/index.md",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from getchitty.engine import check
    from getchitty.export import read_author_pages
    from getchitty.render import render_site

    tree = make_tree(tmp_path_factory.mktemp("federated") / "repo", SITE_EXTRA, relative_dates=False)
    shutil.copyfile(REPO / "etc/chittyos/tiers.yml", tree / "etc/chittyos/tiers.yml")
    write_sources(tree, GITHUB_SOURCES)
    code, out, err = run_sync(tree, "--mirror", str(ECOSYSTEM))
    assert code == 0, out + err
    result = check(tree, today=GOLDEN_TODAY, use_cache=False)
    assert not result.errors, [(v.rule, v.location) for v in result.errors]
    return render_site(result, author_pages=read_author_pages(tree, "docs"))


@pytest.mark.parametrize("golden, page", sorted(GOLDEN_PAGES.items()))
def test_federated_page_matches_golden(rendered, golden, page):
    actual = rendered.pages[page]
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; create it with GETCHITTY_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{page} differs from tests/golden/{golden}"


def test_a_registered_page_says_it_is_not_onboarded_and_what_onboarding_adds(rendered):
    page = rendered.pages["service/chittyrouter.md"]
    assert "**Registered, not onboarded.**" in page
    assert "## What onboarding would add" in page
    assert "not checked &#40;repository not a source&#41;" in page
    table = page.split("## Compliance dimensions")[1].split("## What onboarding")[0].split("| --- | --- | --- | --- |")[1]
    states = [row.split(" | ")[2] for row in table.strip().splitlines()]
    assert set(states) == {"not checked &#40;repository not a source&#41;"}, states


def test_every_entity_has_a_page_and_a_json_entry(rendered):
    index = json.loads(rendered.assets["api/services.json"])["services"]
    listed = {entry["id"] for entry in index}
    for entry in index:
        assert entry["page"].removeprefix("/").removesuffix("/") + ".md" in rendered.pages
        assert entry["api"].removeprefix("/") in rendered.assets
    assert {"chittyrouter", "chittyos/.github", "comptroller", "get-chitty", "chittysync"} <= listed


def test_the_read_model_keeps_the_real_name_organization_and_provenance(rendered):
    github = json.loads(rendered.assets["api/services/chittyos-github.json"])
    assert (github["name"], github["id"], github["organization"], github["onboarded"]) == (
        ".github", "chittyos/.github", "CHITTYOS", False)
    assert github["page"] == "/service/chittyos-github/"
    registry = json.loads(rendered.assets["api/services/chittyregistry.json"])
    assert registry["ecosystem_tier"] == 2 and registry["status"] == "Active"
    tiers = [fact for fact in registry["sources"]["facts"] if fact["field"] == "tier"]
    assert tiers == [{"field": "tier", "value": 2, "claim": {
        "source": "chittyos/chittyregistry@0ae32e045c1c:.chittyconnect.yml:9", "role": "own", "date": "2026-08-21",
        "repository": "chittyos/chittyregistry", "commit": "0ae32e045c1c17b7119014dd033ef6f327fe887e",
        "path": ".chittyconnect.yml", "line": 9},
        "others": [{"value": 1, "claim": {
            "source": "chittyos/chittyops@680f8eefb4fc:compliance/service-registry.yml:86", "role": "registry",
            "date": "2026-08-12", "repository": "chittyos/chittyops", "commit": "680f8eefb4fcec92d0ee8390f02140cb9ce67b46",
            "path": "compliance/service-registry.yml", "line": 86}}]}]
    rule = registry["sources"]["status_rule"]
    assert (rule["status"], rule["branch"]) == ("Active", 2)
    assert {e["kind"] for e in rule["evidence"] if e["decides"]} == {"registry_active", "production_route"}
    assert [d["rule"] for d in registry["sources"]["drift"]] == ["drift/tier"]


def test_the_tiers_page_is_in_the_nav_and_no_service_page_is(rendered):
    nav = json.dumps(rendered.nav)
    assert "architecture/tiers.md" in nav and "service/" not in nav


HOSTILE_REGISTRY = """\
organizations:
  "<Evil Org>":
    services:
      "<img src=x onerror=alert(1)>":
        repo: evil/repo
        tier: 2
        type: "<b>tool</b>"
        active: true
        description: "[click](javascript:alert(1)) <script>alert(2)</script> | a | table"
      "../../../etc/passwd":
        repo: evil/other
        type: tool
        active: true
        description: "**bold** `code`"
"""


def test_hostile_registry_names_become_safe_pages_and_escaped_text(tmp_path):
    from federation_support import export_folder

    from getchitty.engine import check
    from getchitty.model import PAGE_SLUG
    from getchitty.render import render_site

    mirror = tmp_path / "mirror"
    export_folder(mirror, "evilops", {"compliance/service-registry.yml": HOSTILE_REGISTRY})
    tree = make_tree(tmp_path / "repo", SITE_EXTRA, relative_dates=False)
    write_sources(tree, [{"repository": "chittyos/evilops", "role": "registry"}])
    code, out, err = run_sync(tree, "--mirror", str(mirror))
    assert code == 0, out + err
    result = check(tree, today=GOLDEN_TODAY, use_cache=False)
    site = render_site(result)
    evil = result.ecosystem.entities["<img src=x onerror=alert(1)>"]
    passwd = result.ecosystem.entities["../../../etc/passwd"]
    assert (evil.page, passwd.page) == ("service/img-src-x-onerror-alert-1.md", "service/etc-passwd.md")
    assert all(PAGE_SLUG.match(entity.page_name) for entity in result.ecosystem.entities.values())
    page = site.pages[evil.page]
    for raw in ("<img", "<script", "javascript:", "<b>", "](javascript"):
        assert raw not in page, raw
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in page
    detail = json.loads(site.assets[evil.api_path])
    assert detail["name"] == "<img src=x onerror=alert(1)>" and detail["organization"] == "<Evil Org>"
    assert "**bold**" not in site.pages[passwd.page]
