"""Authoring: a manifest still holds a `<...>` template marker where its author must decide.

`getchitty new` writes each value the author has to choose as a marker such as
`description: "<describe foo in a sentence or two>"`. This rule names every
marker that no other rule already reports, at the marker itself:
- an owner marker is `ownership/placeholder`'s;
- a marker that breaks the entity's schema (a fixed set of choices, a URI, a
  pattern) is reported by the schema stage, which also lists what is allowed.
What is left is free text that any string would satisfy; without this rule a
manifest could go live saying "<describe foo>".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..fields import dotted
from ..model import KIND_BY_TYPE, Entity, Models
from ..violations import Violation
from . import Check, Input, Stage, error
from .schema import validator

MARKER = re.compile(r"^\s*<[^<>\n]+>\s*$")
COVERED_ELSEWHERE = frozenset({"owners"})  # ownership/placeholder reports these

UNDECIDED = error(
    "authoring/undecided", "A manifest still holds a `<...>` template marker instead of a decided value.",
    "Replace the marker with the real value (the text between < and > says what is asked), "
    "or delete the line if the field is optional.",
    "`getchitty new` marks what only the author can decide; a page must never go live saying \"<describe it>\".")


def is_marker(value: Any) -> bool:
    return isinstance(value, str) and MARKER.match(value) is not None


def markers(data: Any) -> Iterator[tuple[tuple, str]]:
    """(field path, marker) for every string in the document that is only a marker, in document order.

    Iterative, so that no nesting depth a source may have can exhaust the stack.
    """
    if not _has_marker(data):
        return  # the common case, decided without a path per value
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([((*path, key), value) for key, value in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([((*path, index), value) for index, value in enumerate(node)]))
        elif is_marker(node):
            yield path, node.strip()


def _has_marker(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "<" in node and is_marker(node):
            return True
    return False


def _subschema(schema: dict, root: dict, path: tuple) -> dict | None:
    """The schema that governs the value at `path`, following local $refs; None if unknown."""
    node: Any = schema
    for part in (*path, None):
        for _ in range(16):  # resolve chained $refs, bounded
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                break
            node = root
            for key in ref[2:].split("/"):
                node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return None
        if part is None:
            return node
        if isinstance(part, int):
            node = node.get("items")
        else:
            props = node.get("properties")
            node = props.get(part) if isinstance(props, dict) and part in props else node.get("additionalProperties")
    return None


class _SchemaCache:
    """Entity schemas, read only when a marker has to be judged against one."""

    def __init__(self, models: Models):
        self.models = models
        self.validators: dict[str, Any] = {}

    def validator_for(self, kind: str) -> Any:
        entity_kind = KIND_BY_TYPE.get(kind)
        name = entity_kind.schema if entity_kind else ""
        if name not in self.validators:
            document = self.models.schemas.get(name)
            schema = document.data if document is not None else None
            self.validators[name] = validator(schema) if isinstance(schema, dict) else None
        return self.validators[name]

    def accepts(self, kind: str, path: tuple, value: str) -> bool:
        """Whether the entity's schema allows `value` at `path` (so no schema finding names it)."""
        validator = self.validator_for(kind)
        if validator is None:
            return True
        schema: Any = validator.schema
        sub = _subschema(schema, schema, path)
        if sub is None:
            return True
        try:
            return next(iter(validator.descend(value, sub)), None) is None
        except Exception:
            return True


def check_markers(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    schemas = _SchemaCache(models)

    def check(entity: Entity) -> Iterator[Violation]:
        doc = entity.document
        if doc.text is not None and "<" not in doc.text:
            return  # no value can be a marker: the common case, decided without walking the document
        for path, marker in markers(doc.data):
            if path and path[0] in COVERED_ELSEWHERE:
                continue
            if not schemas.accepts(entity.kind, path, marker):
                continue  # the schema stage reports it, with the allowed values
            field = dotted(path)
            yield UNDECIDED.finding(doc.path, doc.locate(path, value=True),
                                    f"{field} is undecided: {marker}",
                                    entity=entity.name or doc.path, field=field)
    return check


CHECK = Check("authoring", Stage.ENTITY, (UNDECIDED,), check_markers, reads=(Input.SCHEMAS,), every_manifest=True)
