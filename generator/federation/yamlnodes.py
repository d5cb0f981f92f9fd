"""YAML read once with PyYAML's C loader into plain data that keeps the line of every key.

The federation readers need a line for each fact, so they compose the node
tree (C composer) and build plain values from it themselves: scalars are
resolved by the loader's own constructors, keys stay the text written, dates
stay text, and aliases are expanded only up to a bound so that a small hostile
document cannot grow without limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .jsonc import Node

MAX_NODES = 200_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass
class Parsed:
    root: Node | None  # None for an empty document
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)


def parse(text: str, *, first_line: int = 1) -> Parsed:
    """Tree of `text`, lines counted from `first_line`; raises YamlError on bad YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        col = mark.column + 1 if mark else 1
        raise YamlError(f"{exc.problem or exc.context or 'invalid YAML'}".strip(), line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0] if str(exc) else "invalid YAML", first_line, 1) from None
    if node is None:
        return Parsed(None)
    builder = _Builder(loader, first_line)
    try:
        return Parsed(builder.build(node), builder.duplicates)
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader, first_line: int):
        self.loader = loader
        self.offset = first_line
        self.count = 0
        self.duplicates: list[tuple[str, int, int]] = []

    def build(self, node, depth: int = 0) -> Node:
        self.count += 1
        line = node.start_mark.line + self.offset
        if self.count > MAX_NODES or depth > 200:
            raise YamlError(f"the document expands past {MAX_NODES} values or 200 levels", line, 1)
        if isinstance(node, yaml.MappingNode):
            out = Node({}, line)
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlError("a key is a list or mapping; keys must be plain text",
                                    key_node.start_mark.line + self.offset, key_node.start_mark.column + 1)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlError("merge keys (<<) are not supported here",
                                    key_node.start_mark.line + self.offset, key_node.start_mark.column + 1)
                key = key_node.value
                child = self.build(value_node, depth + 1)
                child.line = key_node.start_mark.line + self.offset
                if key in out.children:
                    self.duplicates.append((key, out.children[key].line, child.line))
                out.children[key] = child
                out.value[key] = child.value
            return out
        if isinstance(node, yaml.SequenceNode):
            out = Node([], line)
            for item in node.value:
                child = self.build(item, depth + 1)
                out.children[len(out.value)] = child
                out.value.append(child.value)
            return out
        return Node(self.scalar(node), line)

    def scalar(self, node) -> Any:
        if node.tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value
