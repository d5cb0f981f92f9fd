"""The package's shape: no import cycle anywhere in it, and the core never reaches for an adapter.

Every `import` counts, including those inside functions and under TYPE_CHECKING:
a cycle that only a lazy import hides is still a cycle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
NAME = "getchitty"
# Modules that drive the pipeline from outside (commands, the MkDocs plugin and its site module): only they may run
# the engine.
ADAPTERS = {"cli", "__main__", "mkdocs_plugin", "site", "export", "importer"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that `name` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            targets = [origin] + [f"{origin}.{alias.name}" if origin else alias.name for alias in node.names]
        for target in targets:
            if node.__class__ is ast.Import or (isinstance(node, ast.ImportFrom) and not node.level):
                if not (target == NAME or target.startswith(NAME + ".")):
                    continue
                target = target[len(NAME) + 1:]
            if target in known and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for child in sorted(edges.get(node, ())):
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in on_stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def is_adapter(name: str) -> bool:
    return name.split(".")[0] in ADAPTERS


def test_the_graph_is_read():
    edges = graph()
    assert "engine" in edges["cli"] and "model" in edges["engine"] and "load" in edges["model"]
    assert "rules.syntax" in edges["rules.registry"]


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_adapters_import_the_engine():
    importers = sorted(name for name, targets in graph().items() if "engine" in targets)
    assert importers and all(is_adapter(name) for name in importers), importers


def test_only_the_plugin_imports_mkdocs():
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level]
        if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
            assert name == "mkdocs_plugin", name


# --- the domain's shape has one owner ------------------------------------------------------------------------

def _shape_words() -> tuple[frozenset[str], frozenset[str]]:
    """The statuses and the manifest fields of every kind, as the model and the schemas state them."""
    import json

    from getchitty.model import KINDS, STATUS_STYLES, field_specs
    from getchitty.resources import SEED

    fields = set()
    for kind in KINDS:
        schema = json.loads((SEED / "authority/schema" / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
        fields |= {spec.name for spec in field_specs(schema)}
    return frozenset(STATUS_STYLES), frozenset(fields)


def _literal_lists(tree: ast.AST):
    """Every literal collection of two or more strings (a dict's keys counted as one), with its line."""
    for node in ast.walk(tree):
        items: list[ast.expr | None] = []
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        texts = [item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        if len(texts) >= 2 and len(texts) == len(items):
            yield node.lineno, texts


# Readers of other repositories' formats map the words those formats use onto the fields (a reader's table of
# synonyms is the reader's own knowledge), so they are not held to this.
FORMAT_READERS = ("federation.", "importer.governance", "importer.source")
# Code generated from the schemas, the fields' owner: tests/test_rules_schema.py holds it to what they generate.
GENERATED = "rules.released_validators"


def test_no_field_or_status_list_outside_the_model():
    """Statuses (with their order and colours) and the fields of each kind are written in model.py and the
    schemas only; a list of them anywhere else is a second owner that drifts (render, pictures, importer,
    scaffold all derive theirs)."""
    statuses, fields = _shape_words()
    found = []
    for name, path in modules().items():
        if name in ("model", GENERATED) or name.startswith(FORMAT_READERS):
            continue
        for line, texts in _literal_lists(ast.parse(path.read_text(encoding="utf-8"))):
            if all(text in statuses for text in texts):
                found.append(f"{path.name}:{line}: statuses {texts}")
            elif len(texts) >= 3 and all(text in fields for text in texts):
                found.append(f"{path.name}:{line}: manifest fields {texts}")
    assert not found, "\n".join(found)


# --- the engine: the stages, readable alone -------------------------------------------------------------------

MOST_COMPLEX = 20  # radon's cyclomatic complexity: past it, a function does more than one stage's work


def too_complex(source: str) -> list[tuple[str, int]]:
    """Every function, method and closure of `source` more complex than MOST_COMPLEX, with its complexity."""
    from radon.complexity import cc_visit
    from radon.visitors import Function

    found: list[tuple[str, int]] = []
    pending = list(cc_visit(source))
    while pending:
        block = pending.pop()
        if isinstance(block, Function):
            pending.extend(block.closures)
            if block.complexity > MOST_COMPLEX:
                found.append((block.fullname, block.complexity))
    return sorted(found)


def test_no_function_of_the_engine_is_too_complex():
    assert too_complex((PACKAGE / "engine.py").read_text(encoding="utf-8")) == []


def test_the_complexity_measure_finds_a_complex_function():
    branches = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(MOST_COMPLEX))
    assert too_complex(f"def f(x):\n{branches}    return -1\n") == [("f", MOST_COMPLEX + 1)]


def cache_internals_used(engine_source: str, cache_source: str) -> list[str]:
    """What the engine takes from the cache module besides `Cache`, the one object it runs the stages through: any
    other name imported from it, any name the cache module defines, the module itself."""
    defined = {node.name for node in ast.parse(cache_source).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {target.id for node in ast.parse(cache_source).body if isinstance(node, (ast.Assign, ast.AnnAssign))
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name)}
    used: set[str] = set()
    for node in ast.walk(ast.parse(engine_source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "cache":
            used |= {alias.name for alias in node.names} - {"Cache"}
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "cache" for alias in node.names):
            used.add("cache")
        elif isinstance(node, ast.Import):
            used |= {alias.name for alias in node.names if alias.name.split(".")[-1] == "cache"}
        elif isinstance(node, ast.Name) and node.id in defined - {"Cache"}:
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in defined - {"Cache"}:
            used.add(node.attr)
    return sorted(used)


def test_the_engine_uses_no_cache_internals():
    """engine.py shows the stages; the keys, fingerprints, stat keys and entries are the cache module's alone."""
    engine = (PACKAGE / "engine.py").read_text(encoding="utf-8")
    assert "from .cache import Cache\n" in engine
    assert cache_internals_used(engine, (PACKAGE / "cache.py").read_text(encoding="utf-8")) == []


def test_the_cache_internals_finder_finds_them():
    cache = "class Cache: ...\nclass Entry: ...\ndef fingerprint(*parts): ...\nRACY = 1\n"
    engine = ("from .cache import Cache, fingerprint\nfrom . import cache\n"
              "def f(run):\n    return Entry(run.stat), cache.RACY\n")
    assert cache_internals_used(engine, cache) == ["Entry", "RACY", "cache", "fingerprint"]
