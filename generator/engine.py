"""The check pipeline: load every source, build the model, run every rule, apply waivers.

`check()` is the one entry point; the CLI and the MkDocs plugin both call it, so
they always agree on the findings.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import load as loader
from .cache import FileCache
from .load import Document
from .model import (SAFE_NAME, AccessModel, Entity, Layer, Ontology, Roadmap, Scopes, SecretsInventory,
                    build_access, build_entity, build_layers, build_ontology, build_roadmap, build_scopes,
                    build_secrets)
from .rules import CATALOGUE, Rule, artifacts, canon, classification, dependencies, identity, ownership
from .rules import schema as schema_rule
from .rules import authoring, secrets, waivers
from .violations import Severity, Violation, Waiver

SCHEMA_DIR = "etc/authority/schema"
SOURCES_DIR = "etc/chittyos"
DOCS_DIR = "docs"


@dataclass(frozen=True)
class ModelFile:
    name: str
    schema: str
    required: bool

    @property
    def path(self) -> str:
        return f"{SOURCES_DIR}/{self.name}.yml"


MODEL_FILES = (
    ModelFile("scopes", "getchitty-scopes", True),
    ModelFile("ontology", "getchitty-ontology", True),
    ModelFile("secrets", "getchitty-secrets", True),
    ModelFile("access", "getchitty-access", True),
    ModelFile("layers", "getchitty-layers", True),
    ModelFile("roadmap", "getchitty-roadmap", False),
    ModelFile("waivers", "getchitty-waivers", False),
)

# entity_type → (folder holding one manifest per entity, schema name)
ENTITY_KINDS = {
    "Service": (f"{SOURCES_DIR}/services", "getchitty-service"),
    "DataLayer": (f"{SOURCES_DIR}/datalayers", "getchitty-data-layer"),
    "Composite": (f"{SOURCES_DIR}/composites", "getchitty-composite"),
}

RULE_MODULES = (canon, identity, classification, secrets, ownership, dependencies, artifacts, authoring)


class UsageError(Exception):
    """The repository cannot be checked at all (exit code 2), as opposed to findings in it."""


@dataclass(frozen=True)
class Ecosystem:
    root: Path
    all_entities: tuple[Entity, ...]  # every loaded manifest, name owners first
    entities: Mapping[str, Entity]  # safe, unique names only: these become pages
    layers: tuple[Layer, ...]
    scopes: Scopes
    ontology: Ontology
    secrets: SecretsInventory
    access: AccessModel
    roadmap: Roadmap
    waivers: tuple[Waiver, ...]
    canon: canon.Canon
    schema_paths: Mapping[str, str] = field(default_factory=dict)  # schema name → repository path
    unparsed: frozenset[str] = frozenset()  # names of manifests that exist but failed to load

    def known(self, name: str) -> bool:
        """Whether a name refers to an entity, counting manifests too broken to load."""
        return name in self.entities or name in self.unparsed

    def layer_number(self, category: str) -> int | None:
        return next((layer.number for layer in self.layers if layer.category == category), None)

    def layer_of(self, entity: Entity) -> int | None:
        return self.layer_number(entity.category)

    def in_layer(self, layer: Layer) -> list[Entity]:
        return sorted((e for e in self.entities.values() if layer.category in e.categories), key=lambda e: e.name)

    @functools.cached_property
    def _users(self) -> dict[str, list[Entity]]:
        users: dict[str, list[Entity]] = {}
        for entity in self.entities.values():  # already in name order
            for target in dict.fromkeys(entity.depends_on):
                users.setdefault(target, []).append(entity)
        return users

    def used_by(self, name: str) -> list[Entity]:
        return list(self._users.get(name, ()))


@dataclass(frozen=True)
class Result:
    ecosystem: Ecosystem
    violations: tuple[Violation, ...]
    rules: Mapping[str, Rule]

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.blocking]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity is Severity.WARNING and not v.waived]

    @property
    def waived(self) -> list[Violation]:
        return [v for v in self.violations if v.waived]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def check(root: Path | str, *, today: date | None = None, use_cache: bool = True) -> Result:
    """Run every rule over the repository at `root`. Raises UsageError only when there is nothing to check."""
    enabled = gc.isenabled()
    gc.disable()  # sources are acyclic data: the collector would only re-walk the growing heap
    try:
        return _check(root, today=today, use_cache=use_cache)
    finally:
        if enabled:
            gc.enable()


def _check(root: Path | str, *, today: date | None, use_cache: bool) -> Result:
    loader.forget_folders()  # a long-lived process (mkdocs serve) must see folders replaced by links
    try:
        root = Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
        raise UsageError(f"{root}: cannot resolve the path ({exc})") from None
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory")
    if not (root / SOURCES_DIR).is_dir():
        raise UsageError(f"{root} has no {SOURCES_DIR}/ folder: not a getchitty repository")
    today = today or date.today()
    found: list[Violation] = []

    schemas, schema_paths, problems = _load_schemas(root)
    found += problems
    cache = FileCache(root, fingerprint=_fingerprint(root, schema_paths.values()) + _code_fingerprint()) if use_cache else None

    models: dict[str, Document | None] = {}
    for model in MODEL_FILES:
        document, problems = _load_checked(root, model.path, schemas.get(model.schema), entity=model.name, cache=cache)
        if document is None and not model.required and all(p.rule == "io/missing-source" for p in problems):
            problems = []
        models[model.name] = document
        found += problems

    all_entities: list[Entity] = []
    unparsed: set[str] = set()  # manifests that exist but do not load: not "unknown" to other rules
    jobs = [(kind, relpath, schema_name) for kind, (folder, schema_name) in ENTITY_KINDS.items()
            for relpath in loader.iter_files(root, folder)]
    for (kind, relpath, _), (document, problems) in zip(jobs, _load_entities(root, jobs, schemas, cache)):
        found += problems
        if document is not None:
            all_entities.append(build_entity(document, kind))
        else:
            unparsed.add(PurePosixPath(relpath).stem)
    if cache:
        cache.save()

    canon_model, problems = canon.load_canon(root)
    found += problems
    for document in canon_model.documents:
        found += secrets.scan_text(document.path, document.source_text())
    found += _scan_docs(root)

    # A manifest whose file name matches its service_name owns that name, whatever the
    # file order: it comes first, so a misnamed copy is the one reported as the duplicate.
    all_entities.sort(key=lambda e: PurePosixPath(e.path).stem != e.name)
    entities: dict[str, Entity] = {}
    for entity in all_entities:
        if SAFE_NAME.match(entity.name) and SAFE_NAME.match(PurePosixPath(entity.path).stem):
            entities.setdefault(entity.name, entity)

    eco = Ecosystem(
        root=root,
        all_entities=tuple(all_entities),
        entities=MappingProxyType(dict(sorted(entities.items()))),
        layers=build_layers(models["layers"]),
        scopes=build_scopes(models["scopes"]),
        ontology=build_ontology(models["ontology"]),
        secrets=build_secrets(models["secrets"]),
        access=build_access(models["access"]),
        roadmap=build_roadmap(models["roadmap"]),
        waivers=waivers.build_waivers(models["waivers"]),
        canon=canon_model,
        schema_paths=MappingProxyType(schema_paths),
        unparsed=frozenset(unparsed - set(entities)),
    )
    for module in RULE_MODULES:
        found += module.check(eco)
    found = waivers.apply(eco, found, today)
    rules = dict(CATALOGUE)
    rules.update(canon.describe(canon_model.rules))
    return Result(eco, tuple(sorted(set(found), key=Violation.sort_key)), MappingProxyType(rules))


def _load_schemas(root: Path) -> tuple[dict[str, schema_rule.CompiledSchema], dict[str, str], list[Violation]]:
    names = {model.schema for model in MODEL_FILES} | {schema for _, schema in ENTITY_KINDS.values()}
    compiled, paths, problems = {}, {}, []
    for name in sorted(names):
        relpath = f"{SCHEMA_DIR}/{name}.schema.json"
        result = loader.load(root, relpath)
        problems += result.violations
        if result.document is None:
            continue
        paths[name] = relpath
        schema, broken = schema_rule.compile_schema(result.document)
        problems += broken
        if schema is not None:
            compiled[name] = schema
    return compiled, paths, problems


def _fingerprint(root: Path, paths: Iterable[str]) -> str:
    """Cached per-file findings are only valid for the same schemas and engine version."""
    parts = []
    for relpath in sorted(paths):
        try:
            info = os.stat(root / relpath)
            parts.append(f"{relpath}:{info.st_mtime_ns}:{info.st_size}")
        except OSError:
            parts.append(f"{relpath}:missing")
    return "|".join(parts)


def _code_fingerprint() -> str:
    """Editing the engine must invalidate cached findings as surely as editing a schema."""
    package = Path(__file__).parent
    return "|" + ",".join(str(p.stat().st_mtime_ns) for p in sorted(package.rglob("*.py")))


def _load_checked(root: Path, relpath: str, schema: schema_rule.CompiledSchema | None, *, entity: str,
                  cache: FileCache | None = None) -> tuple[Document | None, list[Violation]]:
    """`_check_file`, answered from the cache while the file is unchanged."""
    hit = _cached(cache, root, relpath)
    if hit is not None:
        return hit
    document, problems = _check_file(root, relpath, schema, entity=entity)
    if cache is not None:
        _remember(cache, relpath, document.data if document else None, problems)
    return document, problems


def _cached(cache: FileCache | None, root: Path, relpath: str) -> tuple[Document | None, list[Violation]] | None:
    hit = cache.get(relpath) if cache is not None else None
    if hit is None:
        return None
    data, problems = hit
    return (Document(root, relpath, data) if data is not None else None), problems


def _check_file(root: Path, relpath: str, schema: schema_rule.CompiledSchema | None, *,
                entity: str) -> tuple[Document | None, list[Violation]]:
    """The per-file part of a check: parse, schema, leaked credentials."""
    result = loader.load(root, relpath)
    problems = list(result.violations)
    document = result.document
    name = document.data.get("service_name") if document is not None else None
    label = name if isinstance(name, str) and name else entity
    if result.text is not None:
        problems += [_with_entity(v, label) for v in secrets.scan_text(relpath, result.text)]
    if document is not None:
        if schema is not None:
            problems += schema_rule.validate(document, schema, label)
        problems += [_with_entity(v, label) for v in secrets.scan_values(document, document.data)]
    return document, problems


def _remember(cache: FileCache, relpath: str, data: Any, problems: list[Violation]) -> None:
    if not any(p.rule.startswith("io/") for p in problems):  # I/O trouble may pass; never pin it
        cache.put(relpath, data, problems)


PARALLEL_MIN = 400  # below this many files to parse, starting workers costs more than it saves
_shared: dict = {}  # what forked workers inherit instead of receiving it pickled


def _load_in_worker(job: tuple) -> tuple:
    _, relpath, schema_name = job
    document, problems = _check_file(_shared["root"], relpath, _shared["schemas"].get(schema_name),
                                     entity=PurePosixPath(relpath).stem)
    return (document.data if document is not None else None), problems


def _load_entities(root: Path, jobs: list, schemas: dict, cache: FileCache | None) -> list:
    """(document, problems) per job, in order. Files the cache cannot answer are parsed on
    every core when there are many: parsing is most of a cold check, and files are independent."""
    results: list = [None] * len(jobs)
    todo = []
    for index, (_, relpath, _) in enumerate(jobs):
        results[index] = _cached(cache, root, relpath)
        if results[index] is None:
            todo.append(index)
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    # Forking a process that runs other threads (mkdocs serve) can deadlock the children.
    if len(todo) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        for index in todo:
            _, relpath, schema_name = jobs[index]
            document, problems = results[index] = _check_file(root, relpath, schemas.get(schema_name),
                                                              entity=PurePosixPath(relpath).stem)
            if cache is not None:
                _remember(cache, relpath, document.data if document else None, problems)
        return results
    _shared.update(root=root, schemas=schemas)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            loaded = pool.map(_load_in_worker, [jobs[i] for i in todo], chunksize=max(16, len(todo) // (workers * 8)))
    finally:
        _shared.clear()
    for index, (data, problems) in zip(todo, loaded):
        relpath = jobs[index][1]
        results[index] = ((Document(root, relpath, data) if data is not None else None), problems)
        if cache is not None:
            _remember(cache, relpath, data, problems)
    return results


def _with_entity(violation: Violation, entity: str) -> Violation:
    return replace(violation, entity=entity)


def _scan_docs(root: Path) -> list[Violation]:
    found: list[Violation] = []
    base = root / DOCS_DIR
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        raw, problems = loader.read_source(root, relpath)
        if raw is None:
            found += problems
            continue
        found += secrets.scan_text(relpath, raw.decode("utf-8", errors="replace"))
    return found
