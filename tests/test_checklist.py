"""The checklist of what an entity still lacks: derived from the check's findings, item for item, so it cannot
drift from them; each open item names the repository and file to change and the command that proves it."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from engine_support import REPO

from getchitty.checklist import CHECK, HERE, SYNC_AND_CHECK
from getchitty.federation.snapshot import SNAPSHOT_DIR
from getchitty.render import render_site


@pytest.fixture(scope="module")
def result(repository_result):
    return repository_result


@pytest.fixture(scope="module")
def site(result):
    return render_site(result)


def items_of(result, site, name: str) -> list[dict]:
    return json.loads(site.assets[result.ecosystem.entities[name].api_path])["checklist"]


def expected_from_findings(result, name: str) -> list[tuple]:
    """(rule, repository, file, command) for every finding on the entity, worked out from the finding alone."""
    found = []
    for v in result.violations:
        if v.entity != name:
            continue
        if v.path.startswith(SNAPSHOT_DIR + "/"):
            upstream = re.search(r"\(at ([^@\s]+)@[0-9a-f]+:(.+):(\d+):\d+\)$", v.message)
            if upstream:  # a problem a reader found names where it is
                found.append((v.rule, upstream.group(1), f"{upstream.group(2)}:{upstream.group(3)}", SYNC_AND_CHECK))
            else:  # a finding about a fact: the snapshot's entry at that line says where the fact is stated
                snapshot = yaml.safe_load((REPO / v.path).read_text(encoding="utf-8"))
                lines = (REPO / v.path).read_text(encoding="utf-8").splitlines()
                at = re.match(r"- at: (\S+)", lines[v.line - 1].strip())
                assert at, (v.location, lines[v.line - 1])
                found.append((v.rule, snapshot["repository"], at.group(1), SYNC_AND_CHECK))
        else:
            found.append((v.rule, HERE, f"{v.path}:{v.line}", CHECK))
    return sorted(found)


@pytest.mark.parametrize("name", ["chittyregistry", "chittyconnect", "chittysync", "chittymcp", "chittyid"])
def test_every_finding_is_an_item_with_where_and_how(result, site, name):
    items = [i for i in items_of(result, site, name) if i["rule"] and not i["done"]]
    assert sorted((i["rule"], i["repository"], i["file"], i["command"]) for i in items) == \
        expected_from_findings(result, name)
    assert all(i["snippet"] for i in items)  # what to write: the rule's hint for the finding


def test_chittyregistry_lacks_what_its_findings_say(result, site):
    items = items_of(result, site, "chittyregistry")
    todo = [i for i in items if not i["done"]]
    assert todo and all(i["repository"] and i["command"] for i in todo)
    upstream = [i for i in todo if i["repository"] == "chittyos/chittyregistry"]
    assert upstream and all(i["command"] == SYNC_AND_CHECK for i in upstream)
    assert any(i["file"] == "CODEOWNERS:12" for i in upstream)
    done = [i for i in items if i["done"]]
    assert done and all(i["evidence"] for i in done)
    assert items.index(todo[-1]) < items.index(done[0])  # open first
    page = site.pages["service/chittyregistry.md"]
    assert page.index("## What it still lacks") < page.index("## Summary")
    assert f"{len(todo)} items to do" in page


def test_a_registered_service_is_told_how_to_onboard(result, site):
    registered = next(e for e in result.ecosystem.entities.values() if not e.onboarded and e.entity_kind.command
                      and any(owner.startswith("@") for owner in result.records[e.name].owners))
    items = items_of(result, site, registered.name)
    (onboarding,) = [i for i in items if i["group"] == "onboarding"]
    assert onboarding["repository"] == HERE and not onboarding["done"]
    assert onboarding["file"] == f"etc/chittyos/services/{registered.page_name}.yml"
    assert onboarding["command"] == f"getchitty new service {registered.page_name} && getchitty check"
    assert f"service_name: {registered.page_name}" in onboarding["snippet"]
    assert next(o for o in result.records[registered.name].owners if o.startswith("@")) in onboarding["snippet"]
    page = site.pages[registered.page]
    assert "## What it still lacks" in page and "getchitty new service" in page


def test_a_registry_dimension_without_a_source_asks_for_the_source(result, site):
    outside = [e for e in result.ecosystem.entities.values() if not e.onboarded
               and not result.ecosystem.federation.is_source(e.name) and result.ecosystem.compliance.get(e.name)]
    assert outside
    items = items_of(result, site, outside[0].name)
    assert any(i["file"] == "etc/federation/sources.yml" and i["command"] == "getchitty sync" for i in items)
