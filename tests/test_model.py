"""An entity as build_entity makes it from a manifest: every field, whatever types the manifest holds."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest
from engine_support import REPO

from getchitty.load import Document, load
from getchitty.model import KINDS, Entity, Webhook, build_entity


def _manifests():
    for kind in KINDS:
        for path in sorted((REPO / kind.folder).glob("*.yml")):
            yield kind, load(REPO, f"{kind.folder}/{path.name}").document


@pytest.mark.parametrize("kind, document", list(_manifests()), ids=lambda value: getattr(value, "path", None))
def test_an_entity_is_what_its_dataclass_makes_of_the_same_fields(kind, document):
    """build_entity sets the fields at once rather than through __init__: every field, and nothing else."""
    entity = build_entity(document, kind)
    names = [item.name for item in dataclasses.fields(Entity)]
    assert sorted(vars(entity)) == sorted(names)
    made = Entity(**{name: getattr(entity, name) for name in names})
    assert entity == made and vars(entity) == vars(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.name = "other"  # type: ignore[misc]


def test_values_of_other_types_are_left_out():
    data = {"service_name": 7, "status": "Live", "owners": ["@a", 3, None, "@b"], "scopes": "identity:mint",
            "routes": {"api": "https://a", "health": 1}, "runbooks": ["deploy"], "tier": True, "category": ["Core"],
            "exposes": {"api": True, "docs": "yes"}, "webhooks": [{"name": "a", "url": 2}, {"url": "https://b"}, "c"],
            "components": [{"name": "x"}, 5], "related_entities": ["y", 1], "board": {"status": "Live"}}
    kind = KINDS[1]
    entity = build_entity(Document(REPO, "x.yml", data), kind)
    assert (entity.name, entity.status, entity.category, entity.tier) == ("", "Live", kind.default_category, "")
    assert (entity.owners, entity.scopes, entity.related_services) == (("@a", "@b"), (), ("y",))
    assert (entity.routes, entity.runbooks, entity.exposes) == ({"api": "https://a"}, {}, {"api": True})
    assert isinstance(entity.routes, MappingProxyType)
    assert entity.webhooks == (Webhook("a", "", ""),) and entity.components == (("x", ""),)
    assert (entity.kind, entity.onboarded, entity.slug, entity.board) == (kind.entity_type, True, "", {"status": "Live"})
    assert build_entity(Document(REPO, "x.yml", {"tier": 2, "related_services": ["z"]}), kind).related_services == ("z",)
    assert build_entity(Document(REPO, "x.yml", {"tier": 2}), kind).tier == "2"


def test_values_built_on_demand_come_in_the_written_order_each_built_once():
    from getchitty.on_demand import BuiltOnDemand

    built: list[str] = []
    values = BuiltOnDemand({"b": 2, "a": 1, "c": 3}, lambda name, written: built.append(name) or (name, written))
    assert values["c"] == ("c", 3) and built == ["c"]
    assert list(values.items()) == [("b", ("b", 2)), ("a", ("a", 1)), ("c", ("c", 3))]
    assert list(values.items()) == list(dict(values).items()) and built == ["c", "b", "a"]


def test_the_kinds_of_the_secrets_are_those_of_their_entries():
    """The naming rule reads each secret's kind and owner without building the entry: the same as the entry's."""
    from getchitty.model import build_secrets

    written = load(REPO, "etc/chittyos/secrets.yml").document
    odd = Document(REPO, "s.yml", {"secrets": {"A_TOKEN": {"kind": 3, "service": ["x"]}, "B": "text", "C": None,
                                               "D_TOKEN": {"kind": "service-token", "service": "chittyid"}}})
    for document in (written, odd):
        inventory = build_secrets(document)
        assert list(inventory.kinds()) == [(name, entry.kind, entry.service) for name, entry in inventory.entries.items()]
    assert list(build_secrets(odd).kinds())[-1] == ("D_TOKEN", "service-token", "chittyid")
