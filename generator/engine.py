"""The check pipeline: load every source, build the model, run every check stage by stage.

`check()` is the one entry point; the CLI and the MkDocs plugin both call it, so
they always agree on the findings. Stages (see rules/__init__.py):
1. FILE checks on every source the check reads — schemas, models, manifests,
   Canon files, authors' pages — answered from the per-file cache while a file is
   unchanged;
2. the Ecosystem is built from what loaded; ECOSYSTEM checks run on it;
3. FINDINGS checks (waivers) run on everything found.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from . import canon as canon_model
from . import federated
from .cache import FileCache
from .errors import UsageError
from .load import Document, LoadResult, Reader, iter_files
from .model import (
    DOCS_DIR,
    FEDERATION_DIR,
    FEDERATION_FILES,
    KINDS,
    MODEL_FILES,
    SNAPSHOT_FOLDER,
    SNAPSHOT_SCHEMA,
    SOURCES_DIR,
    Ecosystem,
    Entity,
    EntityKind,
    Vocabulary,
    build_access,
    build_entity,
    build_layers,
    build_ontology,
    build_roadmap,
    build_scopes,
    build_secrets,
    build_waivers,
    federate,
    federation_schema_names,
    name_owners_first,
    notice_days,
    page_entities,
    schema_names,
    schema_path,
)
from .result import Result
from .rules import Findings, Rule, SourceFile, Stage
from .rules import schema as schema_rule
from .rules.registry import CATALOGUE, at
from .rules.schema_refs import SchemaFolder
from .violations import Violation

__all__ = ["UsageError", "check"]

FILE_CHECKS = at(Stage.FILE)


def check(root: Path | str, *, today: date | None = None, use_cache: bool = True) -> Result:
    """Run every rule over the repository at `root`. Raises UsageError only when there is nothing to check."""
    root = _repository(root)
    today = today or date.today()
    reader = Reader(root)
    found: list[Violation] = []

    schemas: dict[str, schema_rule.CompiledSchema] = {}
    schema_documents: dict[str, Document] = {}
    folder = SchemaFolder(reader)
    federation_present = (root / FEDERATION_DIR).is_dir()
    for name in schema_names() + (federation_schema_names() if federation_present else []):
        source = _source(reader, schema_path(name), entity=name)
        found += _run_file_checks(source)
        document = source.loaded.document
        if document is not None:
            schema_documents[name] = document
            compiled, broken = schema_rule.compile_schema(document, folder)
            found += broken
            if compiled is not None:
                schemas[name] = compiled

    cache = FileCache(root, fingerprint=_fingerprint(root, map(schema_path, schema_documents)) + _code_fingerprint()) \
        if use_cache else None
    models: dict[str, Document | None] = {}
    for model in MODEL_FILES:
        models[model.name], problems = _checked(reader, model.path, schemas.get(model.schema), cache,
                                                entity=model.name, optional=not model.required)
        found += problems

    loaded: list[Entity] = []
    unparsed: set[str] = set()  # manifests that exist but do not load: not "unknown" to other rules
    jobs = [(kind, relpath) for kind in KINDS for relpath in iter_files(root, kind.folder)]
    for (kind, relpath), (document, problems) in zip(jobs, _check_entities(reader, jobs, schemas, cache)):
        found += problems
        if document is not None:
            loaded.append(build_entity(document, kind))
        else:
            unparsed.add(PurePosixPath(relpath).stem)
    federation_documents: dict[str, Document | None] = {}
    snapshot_documents: list[Document] = []
    if federation_present:
        for file in FEDERATION_FILES:
            federation_documents[file.path], problems = _checked(reader, file.path, schemas.get(file.schema), cache,
                                                                 entity="federation", optional=True)
            found += problems
        for relpath in _snapshot_paths(root):
            document, problems = _checked(reader, relpath, schemas.get(SNAPSHOT_SCHEMA), cache, entity="federation")
            found += problems
            if document is not None:
                snapshot_documents.append(document)

    canon, problems = load_canon(reader)
    found += problems
    for relpath in published_files(root):
        found += _run_file_checks(_text_source(reader, relpath))
    # Every value a FILE check flagged as a credential: no output may carry one, and the
    # cache (written only now that every file was scanned) holds no entry that quotes one.
    credentials = frozenset(value for violation in found for value in violation.credentials)
    if cache:
        cache.save(forbidden=credentials)

    ordered = name_owners_first(loaded)
    curated = page_entities(ordered)
    federation = federated.build(
        present=federation_present, snapshot_documents=snapshot_documents,
        sources_document=federation_documents.get(FEDERATION_FILES[0].path), tiers_document=models["tiers"],
        manifests={name: entity.document for name, entity in curated.items()})
    entities, statuses, compliance = federate(curated, federation)
    eco = Ecosystem(
        root=root,
        all_entities=tuple(ordered),
        entities=entities,
        layers=build_layers(models["layers"]),
        layers_document=models["layers"],
        scopes=build_scopes(models["scopes"]),
        ontology=build_ontology(models["ontology"]),
        secrets=build_secrets(models["secrets"]),
        access=build_access(models["access"]),
        roadmap=build_roadmap(models["roadmap"]),
        waivers=build_waivers(models["waivers"]),
        canon=canon,
        waiver_notice_days=notice_days(models["waivers"]),
        vocabulary=Vocabulary.from_schemas({name: document.data for name, document in schema_documents.items()}),
        schemas=MappingProxyType(schema_documents),
        unparsed=frozenset(unparsed - set(entities)),
        federation=federation,
        statuses=statuses,
        compliance=compliance,
    )
    rules: dict[str, Rule] = dict(CATALOGUE)
    for stage_check in at(Stage.ECOSYSTEM):
        found += stage_check.run(eco)
        if stage_check.describe is not None:
            for rule in stage_check.describe(eco):
                rules.setdefault(rule.id, rule)  # a built-in id is never replaced by a described one
    for stage_check in at(Stage.FINDINGS):
        found = list(stage_check.run(Findings(eco, found, today)))
    return Result(eco, tuple(sorted(set(found), key=Violation.sort_key)), MappingProxyType(rules), today,
                  credentials=credentials)


def _repository(root: Path | str) -> Path:
    try:
        resolved = Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
        raise UsageError(f"{root}: cannot resolve the path ({exc})") from None
    if not resolved.is_dir():
        raise UsageError(f"{resolved} is not a directory")
    if not (resolved / SOURCES_DIR).is_dir():
        raise UsageError(f"{resolved} has no {SOURCES_DIR}/ folder: not a getchitty repository")
    return resolved


def _label(loaded: LoadResult, fallback: str) -> str:
    """What a file's findings are about: the entity it declares, else the given name."""
    name = loaded.document.data.get("service_name") if loaded.document is not None else None
    return name if isinstance(name, str) and name else fallback


def _source(reader: Reader, relpath: str, *, schema: Any = None, entity: str, optional: bool = False) -> SourceFile:
    loaded = reader.load(relpath)
    return SourceFile(relpath, loaded, schema, _label(loaded, entity), optional)


def _text_source(reader: Reader, relpath: str) -> SourceFile:
    text, errors = reader.text(relpath, markdown=relpath.endswith(MARKDOWN_SUFFIXES))
    return SourceFile(relpath, LoadResult(None, errors, text), entity=relpath)  # a published file: its findings are about (and waived for) the file


def _run_file_checks(source: SourceFile) -> list[Violation]:
    return [violation for file_check in FILE_CHECKS for violation in file_check.run(source)]


def check_file(reader: Reader, relpath: str, schema: Any, *, entity: str,
               optional: bool = False) -> tuple[Document | None, list[Violation], bool]:
    """The FILE stage for one source: its document, its findings, and whether it read cleanly (cacheable)."""
    source = _source(reader, relpath, schema=schema, entity=entity, optional=optional)
    return source.loaded.document, _run_file_checks(source), not source.loaded.errors


def _checked(reader: Reader, relpath: str, schema: Any, cache: FileCache | None, *, entity: str,
             optional: bool = False) -> tuple[Document | None, list[Violation]]:
    """`check_file`, answered from the cache while the file is unchanged."""
    hit = _cached(cache, reader.root, relpath)
    if hit is not None:
        return hit
    document, problems, clean = check_file(reader, relpath, schema, entity=entity, optional=optional)
    _remember(cache, relpath, document.data if document else None, problems, clean)
    return document, problems


def _cached(cache: FileCache | None, root: Path, relpath: str) -> tuple[Document | None, list[Violation]] | None:
    hit = cache.get(relpath) if cache is not None else None
    if hit is None:
        return None
    data, problems = hit
    return (Document(root, relpath, data) if data is not None else None), problems


def _remember(cache: FileCache | None, relpath: str, data: Any, problems: list[Violation], clean: bool) -> None:
    if cache is not None and clean:  # trouble reading a file may pass; never pin it
        cache.put(relpath, data, problems)


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


PARALLEL_MIN = 400  # below this many files to parse, starting workers costs more than it saves
_worker: dict = {}  # set in each forked worker by _start_worker; empty in the parent


def _start_worker(root: Path, schemas: Mapping[str, Any]) -> None:
    _worker.update(reader=Reader(root), schemas=schemas)


def _check_in_worker(job: tuple[EntityKind, str]) -> tuple:
    kind, relpath = job
    document, problems, clean = check_file(_worker["reader"], relpath, _worker["schemas"].get(kind.schema),
                                           entity=PurePosixPath(relpath).stem)
    return (document.data if document is not None else None), problems, clean


def _check_entities(reader: Reader, jobs: list[tuple[EntityKind, str]], schemas: Mapping[str, Any],
                    cache: FileCache | None) -> list[tuple[Document | None, list[Violation]]]:
    """(document, problems) per job, in order. Files the cache cannot answer are checked on
    every core when there are many: parsing is most of a cold check, and files are independent."""
    results: list[Any] = [_cached(cache, reader.root, relpath) for _, relpath in jobs]
    todo = [index for index, hit in enumerate(results) if hit is None]
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    # Forking a process that runs other threads (mkdocs serve) can deadlock the children.
    if len(todo) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        for index in todo:
            kind, relpath = jobs[index]
            document, problems, clean = check_file(reader, relpath, schemas.get(kind.schema),
                                                   entity=PurePosixPath(relpath).stem)
            results[index] = (document, problems)
            _remember(cache, relpath, document.data if document else None, problems, clean)
        return results
    # Forked workers inherit the initializer's arguments (compiled schemas cannot be pickled).
    with multiprocessing.get_context("fork").Pool(workers, _start_worker, (reader.root, schemas)) as pool:
        loaded = pool.map(_check_in_worker, [jobs[i] for i in todo], chunksize=max(16, len(todo) // (workers * 8)))
    for index, (data, problems, clean) in zip(todo, loaded):
        relpath = jobs[index][1]
        results[index] = ((Document(reader.root, relpath, data) if data is not None else None), problems)
        _remember(cache, relpath, data, problems, clean)
    return results


def load_canon(reader: Reader) -> tuple[canon_model.Canon, list[Violation]]:
    """The Canon files through the FILE stage, then the Canon rules as data."""
    found: list[Violation] = []

    def through_file_stage(relpath: str, *, optional: bool) -> Document | None:
        source = _source(reader, relpath, entity="canon", optional=optional)
        found.extend(_run_file_checks(source))
        return source.loaded.document

    config = through_file_stage(canon_model.CONFIG_FILE, optional=True)
    profile, invalid = canon_model.active_profile(through_file_stage(canon_model.PROFILE_FILE, optional=True))
    rule_files = [document for document in [through_file_stage(canon_model.RULES_FILE, optional=False)] if document]
    if profile:
        relpath = canon_model.profile_rules_file(profile)
        source = _source(reader, relpath, entity="canon", optional=True)
        if source.loaded.missing:
            invalid.append(canon_model.InvalidRule(canon_model.PROFILE_FILE, (1, 1),
                                                   f"profile '{profile}' has no {relpath}", missing_profile=True))
        found.extend(_run_file_checks(source))
        if source.loaded.document is not None:
            rule_files.append(source.loaded.document)
    return canon_model.build_canon(config, profile, rule_files, invalid=invalid), found


def _snapshot_paths(root: Path) -> list[str]:
    """etc/federation/snapshot/<owner>/<name>.yml, sorted."""
    base = root / SNAPSHOT_FOLDER
    try:
        owners = sorted(name for name in os.listdir(base) if not name.startswith(".") and (base / name).is_dir())
    except OSError:
        return []
    return [relpath for owner in owners for relpath in iter_files(root, f"{SNAPSHOT_FOLDER}/{owner}")]


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as pages


def published_files(root: Path) -> list[str]:
    """Every file under docs/, as MkDocs publishes them: pages, images, data files, through links.

    All are read by the check, so that none is published unscanned and none leads
    outside the repository: a linked folder inside the repository is walked (once), a
    link leading outside is listed so that reading it reports where it leads. Names
    starting with a dot are left out, as MkDocs leaves them out.
    """
    base = root / DOCS_DIR
    real_root = os.path.realpath(root)
    found: list[str] = []
    walked: set[str] = set()

    def walk(folder: Path, relative: str) -> None:
        real = os.path.realpath(folder)
        if real in walked:
            return
        walked.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            found.append(relative)  # reading it reports why the folder cannot be listed
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relpath = f"{relative}/{entry.name}"
            try:
                is_folder = entry.is_dir()  # through a link: MkDocs follows links
            except OSError:
                is_folder = False
            inside = os.path.realpath(entry.path).startswith(real_root + os.sep)
            if is_folder and inside:
                walk(Path(entry.path), relpath)
            else:
                found.append(relpath)

    if base.is_dir():
        walk(base, DOCS_DIR)
    return found
