"""Where a schema's `$ref`s lead: only into the repository's schema folder, never in a cycle.

A `$ref` is resolved as JSON Schema says (against the `$id` in scope), and the
document it names must be one of the files of etc/authority/schema/, known by
its `$id` (or, without one, by its file name under SCHEMA_BASE). Nothing is
fetched: not over the network, not from any other file. Both validators are
given exactly these documents (`Registry` for jsonschema, `Handlers` for
fastjsonschema), after `problems` has found every reference they could not
resolve, every pattern the linear engine cannot run, and every cycle of
references that applies a schema to the same value again without end (which
would be a RecursionError at validation time).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from ..load import Reader, iter_files
from ..model import SCHEMA_DIR
from ..patterns import pattern_problem

if TYPE_CHECKING:
    from referencing import Registry

# The base of a schema without an `$id`: a reserved domain, so that no URI built on it is ever reachable.
SCHEMA_BASE = "https://schemas.getchitty.invalid/"

# Keywords whose schema applies to the same value as the schema holding them.
_SAME_VALUE_LISTS = ("allOf", "anyOf", "oneOf")
_SAME_VALUE_ONE = ("not", "if", "then", "else")
# Keywords whose schemas apply to parts of the value (one level down).
_PARTS_MAPS = ("properties", "patternProperties", "definitions")
_PARTS_ONE = ("additionalItems", "additionalProperties", "contains", "propertyNames")


def document_uri(name: str, data: Any) -> str:
    """The URI a schema file is known by: its absolute `$id`, else its file name under SCHEMA_BASE."""
    ident = data.get("$id") if isinstance(data, dict) else None
    if isinstance(ident, str) and urlsplit(ident).scheme:
        return urldefrag(ident)[0]
    return SCHEMA_BASE + name


class SchemaFolder:
    """The schema files a `$ref` may reach, read (through the Reader's checks) only when a reference
    leaves its own document."""

    def __init__(self, reader: Reader | None = None):
        self.reader = reader  # None: no other schema may be referenced

    @functools.cached_property
    def documents(self) -> Mapping[str, Any]:
        found: dict[str, Any] = {}
        if self.reader is None:
            return found
        for relpath in iter_files(self.reader.root, SCHEMA_DIR, (".json",)):
            loaded = self.reader.load(relpath)
            if loaded.document is not None:
                name = relpath.rsplit("/", 1)[-1]
                found.setdefault(document_uri(name, loaded.document.data), loaded.document.data)
                found.setdefault(SCHEMA_BASE + name, loaded.document.data)
        return found

    def get(self, uri: str) -> Any:
        return self.documents.get(uri)


@dataclass
class _Walk:
    """One walk over a schema: what it found, and the nodes it met on the way."""

    root: Any
    uri: str
    folder: SchemaFolder
    problems: list[tuple[tuple, str]] = field(default_factory=list)
    same_value: dict[int, list[int]] = field(default_factory=dict)  # node → nodes applied to the same value
    where: dict[int, tuple] = field(default_factory=dict)  # node → path in the root document
    external: set[str] = field(default_factory=set)  # folder documents the schema reaches

    def document(self, uri: str) -> Any:
        if uri in ("", self.uri):
            return self.root
        found = self.folder.get(uri)
        if found is not None:
            self.external.add(uri)
        return found

    def resolve(self, reference: str, scope: str) -> tuple[Any, str] | str:
        """(target node, its document's URI), or why the reference cannot be followed."""
        target = urljoin(scope, reference)
        uri, fragment = urldefrag(target)
        document = self.document(uri)
        if document is None:
            embedded = _ids(self.root, self.uri).get(uri)
            if embedded is None:
                return f"$ref '{reference}' leads outside {SCHEMA_DIR}/ (schemas are never fetched)"
            document = embedded
        uri = uri or self.uri
        if not fragment:
            return document, uri
        if fragment.startswith("/"):
            node = document
            for part in fragment[1:].split("/"):
                part = unquote(part).replace("~1", "/").replace("~0", "~")
                if isinstance(node, dict) and part in node:
                    node = node[part]
                elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                    node = node[int(part)]
                else:
                    return f"$ref '{reference}' points at nothing"
            return node, uri
        named = _ids(document, uri).get(f"{uri}#{fragment}")
        return (named, uri) if named is not None else f"$ref '{reference}' points at nothing"


def _ids(document: Any, uri: str) -> dict[str, Any]:
    """Subschemas by the URI their `$id` gives them."""
    found: dict[str, Any] = {}
    stack = [(document, uri)]
    while stack:
        node, scope = stack.pop()
        if isinstance(node, dict):
            ident = node.get("$id")
            if isinstance(ident, str) and node is not document:
                scope = urljoin(scope, ident)
                found.setdefault(scope, node)
            stack.extend((value, scope) for key, value in node.items() if key not in ("enum", "const"))
        elif isinstance(node, list):
            stack.extend((value, scope) for value in node)
    return found


def problems(document_data: Any, name: str, folder: SchemaFolder) -> tuple[list[tuple[tuple, str]], set[str]]:
    """Every reference or pattern the schema cannot use, where it is written (a path in the schema), and
    the folder documents its references reach."""
    walk = _Walk(document_data, document_uri(name, document_data), folder)
    seen: set[int] = set()
    stack: list[tuple[Any, str, tuple]] = [(document_data, walk.uri, ())]
    while stack:
        node, scope, path = stack.pop()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        walk.where.setdefault(id(node), path)
        ident = node.get("$id")
        if isinstance(ident, str) and path:
            scope = urljoin(scope, ident)
        reference = node.get("$ref")
        if "$ref" in node:
            if not isinstance(reference, str):
                walk.problems.append(((*path, "$ref"), "$ref must be text"))
                continue
            resolved = walk.resolve(reference, scope)
            if isinstance(resolved, str):
                walk.problems.append(((*path, "$ref"), resolved))
                continue
            target, target_uri = resolved
            walk.same_value.setdefault(id(node), []).append(id(target))
            # a node of another document is reported at the reference that reaches it
            stack.append((target, target_uri, path if target_uri != walk.uri else _path_of(walk, target, path)))
            continue  # draft-07: the keywords beside a $ref are ignored
        for child, child_path, same in _children(node, path):
            if same and isinstance(child, dict):
                walk.same_value.setdefault(id(node), []).append(id(child))
            stack.append((child, scope, child_path))
        for keyword in ("pattern",):
            if keyword in node and isinstance(node[keyword], str) and (problem := pattern_problem(node[keyword])):
                walk.problems.append(((*path, keyword), f"pattern {problem}"))
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict):
            for pattern in patterns:
                if problem := pattern_problem(pattern):
                    walk.problems.append(((*path, "patternProperties", pattern), f"pattern {problem}"))
    cycle = _cycle(walk.same_value)
    if cycle is not None:
        walk.problems.append(((*walk.where.get(cycle, ()), "$ref"),
                              "$ref cycle: a schema applies itself to the same value without end"))
    return walk.problems, walk.external


def _path_of(walk: _Walk, target: Any, fallback: tuple) -> tuple:
    return walk.where.get(id(target), fallback)


def _children(node: dict, path: tuple) -> Iterator[tuple[Any, tuple, bool]]:
    """(subschema, its path, whether it applies to the same value) for every subschema of `node`."""
    for keyword in _SAME_VALUE_LISTS:
        if isinstance(node.get(keyword), list):
            for index, item in enumerate(node[keyword]):
                yield item, (*path, keyword, index), True
    for keyword in _SAME_VALUE_ONE:
        if keyword in node:
            yield node[keyword], (*path, keyword), True
    dependencies = node.get("dependencies")
    if isinstance(dependencies, dict):
        for key, value in dependencies.items():
            if isinstance(value, dict):
                yield value, (*path, "dependencies", key), True
    for keyword in _PARTS_MAPS:
        if isinstance(node.get(keyword), dict):
            for key, value in node[keyword].items():
                yield value, (*path, keyword, key), False
    for keyword in _PARTS_ONE:
        if keyword in node:
            yield node[keyword], (*path, keyword), False
    items = node.get("items")
    if isinstance(items, list):
        for index, item in enumerate(items):
            yield item, (*path, "items", index), False
    elif items is not None:
        yield items, (*path, "items"), False


def _cycle(edges: dict[int, list[int]]) -> int | None:
    """A node on a cycle of same-value edges, or None (iterative depth-first search)."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for start in list(edges):
        if state.get(start):
            continue
        stack = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    return node
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(edges.get(child, ()))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return None


def _refuse(uri: str) -> Any:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs class mypy does not read


def registry(documents: Mapping[str, Any]) -> Registry:
    """The documents jsonschema may resolve references in; any other URI is refused, never fetched."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = [(uri, Resource.from_contents(contents, default_specification=DRAFT7)) for uri, contents in documents.items()]
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


class Handlers(Mapping):
    """fastjsonschema's handlers for every URI scheme: the folder's documents, or a refusal (without a
    handler for a scheme, fastjsonschema would fetch the URI with urlopen)."""

    def __init__(self, folder: SchemaFolder):
        self.folder = folder

    def __getitem__(self, scheme: str):
        def lookup(uri: str) -> Any:
            import fastjsonschema

            found = self.folder.get(uri)
            if found is None:
                raise fastjsonschema.JsonSchemaDefinitionException(f"$ref {uri} leads outside {SCHEMA_DIR}/")
            return found
        return lookup

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0
