"""Which manifest fields a page template shows in a place of its own, read from the template itself.

A kind's page template reads `entity.<attribute>` (and `record.<attribute>`, the
entity's service record) where it gives a field a place: a table row, a section.
Every other field the manifest holds is listed under "Other fields", shown the
way its schema says (model.Display). Reading the template's syntax tree, and that
of every macro it hands the entity or its record to, keeps that split exact
without a list to maintain: a field gets its own place with one template line,
and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import jinja2
from jinja2 import nodes

from .model import manifest_keys
from .record import recorded_keys

# The names the page templates give what they show, with the manifest fields each attribute of it is made of.
READ_AS: dict[str, Callable[[str], tuple[str, ...]]] = {"entity": manifest_keys, "record": recorded_keys}


# template → (the name and text of every template reading it took, what it shows): a long-lived process (serve)
# renders with a new reader each time, and the templates seldom change between two renders
_KNOWN: dict[str, tuple[tuple[tuple[str, str], ...], frozenset[str]]] = {}


class TemplateReader:
    """The syntax trees of one template folder, each parsed once."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._trees: dict[str, nodes.Template] = {}
        self._sources: dict[str, str] = {}
        self._read: set[str] = set()  # the templates the reading under way looked at

    def source(self, name: str) -> str:
        if name not in self._sources:
            assert self.env.loader is not None
            self._sources[name] = self.env.loader.get_source(self.env, name)[0]
        return self._sources[name]

    def tree(self, name: str) -> nodes.Template:
        self._read.add(name)
        if name not in self._trees:
            self._trees[name] = self.env.parse(self.source(name), name)
        return self._trees[name]

    def shown(self, template: str) -> frozenset[str]:
        """The manifest fields `template` (with the macros it calls) shows of the entity it is given."""
        known = _KNOWN.get(template)
        if known is not None and all(self.source(name) == text for name, text in known[0]):
            return known[1]
        self._read = set()
        tree = self.tree(template)
        found: set[str] = set()
        for variable, keys in READ_AS.items():
            for attribute in self._reads([tree], variable, template, set()):
                found.update(keys(attribute))
        _KNOWN[template] = (tuple((name, self.source(name)) for name in sorted(self._read)), frozenset(found))
        return frozenset(found)

    def _reads(self, body: Iterable[nodes.Node], name: str, template: str, seen: set) -> set[str]:
        """Attributes read of the variable `name` in `body`, following it into the macros it is handed to."""
        found: set[str] = set()
        imports = _imports(self.tree(template))
        for node in body:
            found.update(attr.attr for attr in node.find_all(nodes.Getattr)
                         if isinstance(attr.node, nodes.Name) and attr.node.name == name)
            for call in node.find_all(nodes.Call):
                where = self._macro(call.node, template, imports)
                if where is None:
                    continue
                macro_template, macro = where
                for position, arg in enumerate(call.args):
                    if not (isinstance(arg, nodes.Name) and arg.name == name) or position >= len(macro.args):
                        continue
                    if (macro_template, macro.name, position) not in seen:
                        seen.add((macro_template, macro.name, position))
                        found |= self._reads(macro.body, macro.args[position].name, macro_template, seen)
        return found

    def _macro(self, target: nodes.Node, template: str, imports: dict[str, str]) -> tuple[str, nodes.Macro] | None:
        """The macro a call names: `alias.macro(...)` of an imported template, or `macro(...)` of this one."""
        if isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name) and target.node.name in imports:
            where, name = imports[target.node.name], target.attr
        elif isinstance(target, nodes.Name):
            where, name = template, target.name
        else:
            return None
        macro = next((m for m in self.tree(where).find_all(nodes.Macro) if m.name == name), None)
        return (where, macro) if macro is not None else None


def _imports(tree: nodes.Template) -> dict[str, str]:
    """`{% import "x" as alias %}` of a template: alias → template name."""
    return {node.target: node.template.value for node in tree.find_all(nodes.Import)
            if isinstance(node.template, nodes.Const)}
