"""Which manifest fields a page template shows in a place of its own, read from the template itself.

A kind's page template reads `entity.<attribute>` where it gives a field a place
(a table row, a section); every other field the manifest holds is listed under
"Other fields", shown the way its schema says (model.Display). Reading the
template's syntax tree, and that of every macro it hands the entity to, keeps
that split exact without a list to maintain: a field gets its own place with
one template line, and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2
from jinja2 import nodes

from .model import manifest_keys

ENTITY = "entity"  # the name the page templates give the entity they show


class TemplateReader:
    """The syntax trees of one template folder, each parsed once."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._trees: dict[str, nodes.Template] = {}

    def tree(self, name: str) -> nodes.Template:
        if name not in self._trees:
            assert self.env.loader is not None
            source, _, _ = self.env.loader.get_source(self.env, name)
            self._trees[name] = self.env.parse(source, name)
        return self._trees[name]

    def shown(self, template: str) -> frozenset[str]:
        """The manifest fields `template` (with the macros it calls) shows of the entity it is given."""
        tree = self.tree(template)
        attributes = self._reads([tree], ENTITY, _imports(tree), set())
        return frozenset(key for attribute in attributes for key in manifest_keys(attribute))

    def _reads(self, body: Iterable[nodes.Node], name: str, imports: dict[str, str], seen: set) -> set[str]:
        """Attributes read of the variable `name` in `body`, following it into imported macros."""
        found: set[str] = set()
        for node in body:
            found.update(attr.attr for attr in node.find_all(nodes.Getattr)
                         if isinstance(attr.node, nodes.Name) and attr.node.name == name)
            for call in node.find_all(nodes.Call):
                target = call.node
                if not (isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name)
                        and target.node.name in imports):
                    continue
                positions = [i for i, arg in enumerate(call.args) if isinstance(arg, nodes.Name) and arg.name == name]
                template = imports[target.node.name]
                macro = next((m for m in self.tree(template).find_all(nodes.Macro) if m.name == target.attr), None)
                for position in positions:
                    if macro is None or position >= len(macro.args) or (template, macro.name, position) in seen:
                        continue
                    seen.add((template, macro.name, position))
                    found |= self._reads(macro.body, macro.args[position].name, _imports(self.tree(template)), seen)
        return found


def _imports(tree: nodes.Template) -> dict[str, str]:
    """`{% import "x" as alias %}` of a template: alias → template name."""
    return {node.target: node.template.value for node in tree.find_all(nodes.Import)
            if isinstance(node.template, nodes.Const)}
