"""Rule 9: dependencies exist, form no cycle and point only down the layers;
Foundation services depend on nothing."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Ecosystem
from ..violations import Violation
from . import Check, Input, Stage, error, every_entity

UNKNOWN = error(
    "deps/unknown", "A service depends on an entity that has no manifest.",
    "Fix the name in depends_on, or add the missing manifest.", applies=every_entity)
CYCLE = error(
    "deps/cycle", "Services depend on each other in a cycle (or a service on itself).",
    "Break the cycle: move the shared part into a lower layer, or drop one of the dependencies.",
    "A cycle means none of its members can be deployed or reasoned about first.", applies=every_entity)
UPWARD = error(
    "deps/upward", "A service depends on a service of a higher layer.",
    "Depend only on services of the same or a lower layer; invert the dependency (events, callbacks) if needed.",
    "Layers are ordered so that lower layers can be built and trusted without the ones above them.",
    applies=every_entity)
FOUNDATION = error(
    "deps/foundation", "A Foundation service depends on another service.",
    "Foundation services are zero-dependency: remove the dependency or move the service out of Foundation.",
    "Foundation services are the trust root and must not inherit another service's failures.",
    applies=every_entity)


def check(eco: Ecosystem) -> Iterable[Violation]:
    cards = eco.pages
    for card in cards.values():
        layer = eco.layer_of(card)
        for index, target in enumerate(card.depends_on):
            if target == card.name:
                rule, message = CYCLE, f"{card.name} depends on itself"
            elif not eco.known(target):
                rule, message = UNKNOWN, f"'{target}' has no manifest"
            elif target not in cards:
                continue  # its manifest does not load; that file's own findings say why
            elif card.category == "Foundation":
                rule, message = FOUNDATION, f"Foundation service {card.name} depends on {target}"
            else:
                target_layer = eco.layer_of(cards[target])
                if layer is None or target_layer is None or target_layer <= layer:
                    continue
                rule, message = UPWARD, f"{card.name} (layer {layer}) depends on {target} (layer {target_layer})"
            # located only for a finding: locating reads and composes the file
            position = eco.entity_of(card).document.locate(("depends_on", index), value=True)
            yield rule.finding(card.path, position, message, entity=card.name, field="depends_on")
    yield from _cycles(eco)


def _cycles(eco: Ecosystem) -> Iterable[Violation]:
    """Tarjan's strongly connected components; each cycle is reported once, at its first member."""
    graph = {name: [t for t in card.depends_on if t in eco.pages and t != name] for name, card in eco.pages.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index or not graph[start]:  # one that depends on nothing is in no cycle (most services)
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    for component in components:
        first = eco.pages[component[0]]
        members = set(component)
        target = next(t for t in first.depends_on if t in members)
        path = _cycle_path(graph, first.name, members)
        position = eco.entity_of(first).document.locate(("depends_on", first.depends_on.index(target)), value=True)
        yield CYCLE.finding(first.path, position, f"dependency cycle: {' -> '.join(path)}", entity=first.name,
                            field="depends_on")


def _cycle_path(graph: dict, start: str, members: set[str]) -> list[str]:
    """One concrete cycle through `start` inside the component, for the message."""
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in graph[node]:
            if child == start:
                path = [node]
                while (parent := parents[path[-1]]) is not None:
                    path.append(parent)
                return [*reversed(path), start]
            if child in members and child not in parents:
                parents[child] = node
                queue.append(child)
    return [start, start]


CHECK = Check("dependencies", Stage.ECOSYSTEM, (UNKNOWN, CYCLE, UPWARD, FOUNDATION), check,
              reads=(Input.INDEX, Input.NAMES, Input.LAYERS))
