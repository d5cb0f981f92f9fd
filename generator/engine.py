"""The check pipeline: load every source, build the model, run every check stage by stage, give the result.

`Checker` runs it and keeps what it found; `check()` is a one-shot Checker. The
CLI and the MkDocs plugin both go through it, so they always agree on the
findings. The stages (see rules/__init__.py):
1. FILE checks on every source the check reads: schemas, models, Canon files,
   federation snapshots, manifests, the files the site publishes (examine.py);
2. the models (model.Models) are built from the model files, the Canon and the
   schemas; ENTITY checks run on each manifest's entity against them;
3. the Ecosystem is built from the manifests' cards and the models; ECOSYSTEM
   checks run on it;
4. FINDINGS checks (waivers) run on everything found.

Each unit of work (a source examined, the schemas compiled, the models built, a
snapshot read, an ECOSYSTEM check run) goes through a `Work`: `Plain` does it,
the cache (cache.Cache) answers it from what an earlier check kept when what it
depends on is unchanged, and does it otherwise. Both give the same result.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from . import canon as canon_model
from . import federated
from .cache import Cache
from .errors import UsageError
from .examine import ENTITY_CHECKS, FILE_CHECKS, Examined, Examiner, Found, Mapper, Source
from .load import Document, LoadResult, Reader, iter_files, model_limit
from .model import (
    FEDERATION_DIR,
    FEDERATION_FILES,
    KIND_BY_TYPE,
    KINDS,
    MODEL_FILES,
    SNAPSHOT_FOLDER,
    SNAPSHOT_SCHEMA,
    SOURCES_DIR,
    Card,
    Ecosystem,
    Entity,
    Models,
    Vocabulary,
    build_access,
    build_entity,
    build_layers,
    build_levels,
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
    stem_of,
)
from .result import Result
from .rules import Check, Findings, Input, Rule, Stage
from .rules.registry import CATALOGUE, at
from .rules.schema import compile_schema
from .rules.schema_refs import SchemaFolder
from .siteconfig import configured_docs_dir, docs_dir_inside, published_files
from .violations import Violation

__all__ = ["Checker", "Result", "UsageError", "check"]

ECOSYSTEM_CHECKS = at(Stage.ECOSYSTEM)
FINDINGS_CHECKS = at(Stage.FINDINGS)
# The input of the rules' `reads` each model file is part of: most are an input of their own; the tiers are read
# with the federation.
MODEL_FEEDS: Mapping[str, Input] = {
    **{model.name: Input(model.name) for model in MODEL_FILES if model.name in {str(name) for name in Input}},
    "tiers": Input.FEDERATION,
}
T = TypeVar("T")


def check(root: Path | str, *, today: date | None = None, use_cache: bool = True, documents: bool = True,
          docs_dir: str | os.PathLike[str] | None = None) -> Result:
    """Run every rule over the repository at `root`. Raises UsageError only when there is nothing to check.

    `use_cache=False`: every stage runs in full, and nothing is read from or written to the cache folder.
    `documents=False` when only the findings are wanted (the CLI): documents parsed in worker processes are
    then not sent back, and an entity is built from its file only if something asks for it. `docs_dir`: the
    folder the site publishes (default: mkdocs.yml's `docs_dir`)."""
    return Checker(root, today=today, use_cache=use_cache, documents=documents, docs_dir=docs_dir).check()


class Checker:
    """A check of one repository that stays warm between runs: what it found, kept by the cache, and the last
    result.

    `check()` and `recheck(changed)` both run every rule, answering from what is kept wherever a check's subject
    and inputs are unchanged; the result is always exactly what a check from nothing would give. A long-lived
    process (`mkdocs serve`) keeps one Checker and calls `recheck` with the paths its watcher reported.
    """

    def __init__(self, root: Path | str, *, today: date | None = None, use_cache: bool = True,
                 documents: bool = True, docs_dir: str | os.PathLike[str] | None = None):
        self.root = _repository(root)
        # The folder the site publishes, scanned as published: the caller's (MkDocs' own docs_dir), else mkdocs.yml's.
        self.docs_dir = configured_docs_dir(self.root) if docs_dir is None else docs_dir_inside(self.root, docs_dir)
        self.today = today  # None: the day of each run
        self.documents = documents
        with _collector_paused():  # reading the cache makes a card and an entry per file, as a check does
            self.cache = Cache(self.root) if use_cache else None
        self.result: Result | None = None

    def check(self) -> Result:
        return self.recheck()

    def recheck(self, changed: Iterable[str | os.PathLike[str]] = ()) -> Result:
        """Check again after an edit. `changed`: paths (relative to the root, or absolute inside it) known to have
        changed; the cache reads them again whatever their stat key says. Every other file is still compared by
        its stat key, so a change the caller missed costs time, never correctness."""
        with _collector_paused():
            examiner = Examiner(Reader(self.root), self.documents)
            work: Work = Plain(examiner) if self.cache is None else self.cache.run(examiner, changed)
            self.result = _Pipeline(self, examiner, work).result()
            work.finish(self.result)
        return self.result


class Work(Protocol):
    """The units of work of one run, each done or answered from what was kept (cache.CachedRun)."""

    def examine(self, source: Source) -> Examined:
        """The source through the FILE stage (and a manifest through the ENTITY stage)."""

    def examine_all(self, sources: list[Source], map_: Mapper) -> list[Examined]:
        """`examine` on each source, in order; what has to be done, through `map_`."""

    def schemas(self, documents: Mapping[str, Document]) -> tuple[Mapping[str, Any], list[Violation]]:
        """Each schema compiled (None when broken), by name, and the findings on the schema files."""

    def models(self, build: Callable[[], Models]) -> Models:
        """The models `build` gives from the sources read so far."""

    def snapshot(self, document: Document, read: Callable[[Document], Any]) -> Any:
        """A federation snapshot as `read` reads it."""

    def ecosystem(self, check: Check, eco: Ecosystem) -> Found:
        """The ECOSYSTEM check's findings."""

    def finish(self, result: Result) -> None:
        """The run is over: `result` is what it gave."""


class Plain:
    """Every unit of work done in full, nothing kept: a check without the cache, the answer a cached check gives."""

    def __init__(self, examiner: Examiner):
        self.examiner = examiner

    def examine(self, source: Source) -> Examined:
        return self.examiner.examine(source)

    def examine_all(self, sources: list[Source], map_: Mapper) -> list[Examined]:
        return map_(self.examiner.examine, sources)

    def schemas(self, documents: Mapping[str, Document]) -> tuple[Mapping[str, Any], list[Violation]]:
        folder = SchemaFolder(self.examiner.reader)
        compiled: dict[str, Any] = {}
        found: list[Violation] = []
        for name, document in documents.items():
            compiled[name], problems = compile_schema(document, folder)
            found += problems
        return compiled, found

    def models(self, build: Callable[[], Models]) -> Models:
        return build()

    def snapshot(self, document: Document, read: Callable[[Document], Any]) -> Any:
        return read(document)

    def ecosystem(self, check: Check, eco: Ecosystem) -> Found:
        return tuple(check.run(eco))

    def finish(self, result: Result) -> None:
        return None


class _Pipeline:
    """One run of every stage over the repository."""

    def __init__(self, checker: Checker, examiner: Examiner, work: Work):
        self.root = checker.root
        self.docs_dir = checker.docs_dir
        self.today = checker.today or date.today()
        self.examiner = examiner
        self.work = work
        self.federated = (self.root / FEDERATION_DIR).is_dir()
        self.found: list[Violation] = []
        self.unparsed: set[str] = set()  # names of the manifests that did not load

    def result(self) -> Result:
        listed = self._list_manifests()
        schemas = self._schemas()
        models, tiers = self._models(schemas, model_limit(len(listed)))
        federation_files = self._federation_files()
        manifests = self._manifests(listed)
        self._published()
        # every value a FILE check flagged as a credential: no output may carry one, nor the cache
        credentials = frozenset(value for violation in self.found for value in violation.credentials)
        eco = self._ecosystem(models, tiers, manifests, federation_files)
        self._entity_findings(eco, manifests)
        rules = self._ecosystem_findings(eco)
        found = self.found
        for stage_check in FINDINGS_CHECKS:
            found = list(stage_check.run(Findings(eco, found, self.today)))
        return Result(eco, tuple(sorted(set(found), key=Violation.sort_key)), MappingProxyType(rules), self.today,
                      credentials=credentials, docs_dir=self.docs_dir)

    # -- sources -----------------------------------------------------------------------------------------------

    def _examine(self, source: Source) -> Examined:
        """The source through the FILE stage: its findings are the run's."""
        examined = self.work.examine(source)
        self.found += examined.findings(source.checks, Stage.FILE)
        return examined

    def _document(self, source: Source) -> Document | None:
        return self._examine(source).document

    def _schemas(self) -> dict[str, Document]:
        names = schema_names() + (federation_schema_names() if self.federated else [])
        documents: dict[str, Document] = {}
        for name in names:
            document = self._document(Source(schema_path(name), entity=name, keep=True, feeds=Input.SCHEMAS))
            if document is not None:
                documents[name] = document
        self.examiner.schemas, found = self.work.schemas(documents)
        self.found += found
        return documents

    def _models(self, schemas: dict[str, Document], limit: int) -> tuple[Models, Document | None]:
        """The models, and the tiers document (the federation reads it). `limit`: a model file's size limit."""
        documents = {model.name: self._document(Source(model.path, entity=model.name, schema=model.schema,
                                                       optional=not model.required, keep=True,
                                                       feeds=MODEL_FEEDS.get(model.name), model_limit=limit))
                     for model in MODEL_FILES}
        canon = build_canon(self._canon_file)
        models = self.work.models(lambda: Models(
            root=self.root,
            layers=build_layers(documents["layers"]),
            scopes=build_scopes(documents["scopes"]),
            ontology=build_ontology(documents["ontology"]),
            secrets=build_secrets(documents["secrets"]),
            access=build_access(documents["access"]),
            roadmap=build_roadmap(documents["roadmap"]),
            waivers=build_waivers(documents["waivers"]),
            levels=build_levels(documents["levels"]),
            canon=canon,
            waiver_notice_days=notice_days(documents["waivers"]),
            vocabulary=Vocabulary.from_schemas({name: document.data for name, document in schemas.items()}),
            schemas=MappingProxyType(schemas),
            layers_document=documents["layers"],
        ))
        self.examiner.models = models
        return models, documents["tiers"]

    def _canon_file(self, relpath: str, optional: bool) -> tuple[Document | None, bool]:
        examined = self._examine(Source(relpath, entity="canon", optional=optional, keep=True, feeds=Input.CANON))
        return examined.document, examined.missing

    def _federation_files(self) -> dict[str, Any]:
        if not self.federated:
            return {}
        files = {file.path: self._document(Source(file.path, entity="federation", schema=file.schema, optional=True,
                                                  keep=True, feeds=Input.FEDERATION))
                 for file in FEDERATION_FILES}
        snapshots = [self._document(Source(relpath, entity="federation", schema=SNAPSHOT_SCHEMA, keep=True,
                                           feeds=Input.FEDERATION))
                     for relpath in _snapshot_paths(self.root)]
        return {"files": files, "snapshots": [document for document in snapshots if document is not None]}

    def _list_manifests(self) -> list[Source]:
        """Every manifest file, as a source; a file passed over is reported as a file that does not load."""
        sources: list[Source] = []
        for kind in KINDS:
            files, ignored = self.examiner.reader.list_sources(kind.folder)
            # a federation reads every manifest: its data is kept, so that a re-check does not parse them all again
            sources += [Source(relpath, entity=stem_of(relpath), schema=kind.schema, kind=kind, keep=self.federated)
                        for relpath in files]
            for error in ignored:
                self.found += self.examiner.unclean(Source(error.path, entity=stem_of(error.path)),
                                                    LoadResult(None, [error])).findings(FILE_CHECKS, Stage.FILE)
        return sources

    def _manifests(self, sources: list[Source]) -> dict[str, Examined]:
        """Every manifest through the FILE and ENTITY stages: those that loaded, by path, in file order."""
        manifests: dict[str, Examined] = {}
        for source, examined in zip(sources, self.work.examine_all(sources, self._map)):
            if examined.found:  # most manifests have none: only those with findings are asked for them
                self.found += examined.findings(source.checks, Stage.FILE)
            if examined.card is not None:
                manifests[source.path] = examined
            else:
                self.unparsed.add(stem_of(source.path))
        return manifests

    def _published(self) -> None:
        """Every file the site publishes, scanned as it is published."""
        for relpath in published_files(self.root, self.docs_dir):
            self._examine(Source(relpath, entity=relpath, text=True))

    def _map(self, function: Callable[[Source], T], sources: list[Source]) -> list[T]:
        """`function` on each source, in order: on every core when there are many (parsing is most of a cold
        check, and files are independent), in this process otherwise."""
        if len(sources) >= PARALLEL_MIN:
            self.examiner.prepare(sources)  # what examining them shares, built once (and inherited by the workers)
            forked = self._forked(function, sources)
            if forked is not None:
                return forked
        return [function(source) for source in sources]

    def _forked(self, function: Callable[[Source], T], sources: list[Source]) -> list[T] | None:
        """`function` on each source in forked workers, when there are cores to fork for and forking is safe."""
        workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
        if workers < 2:
            return None
        # Imported only here: a re-check after an edit examines too few files to fork, and so never pays for the
        # modules forking needs (pickle, threading).
        from .forking import NotForked, can_fork, in_forked_workers

        if not can_fork():
            return None
        # The forked workers inherit the function and the sources: a task is a span of them, handed out by its
        # number, the sources never pickled (multiprocessing's pool pickled each, 3 µs in the parent and as much
        # again in a worker; its three threads took some 30 ms of the parent's CPU at 5,000 files).
        size = max(16, len(sources) // (workers * 8))
        spans = [sources[start:start + size] for start in range(0, len(sources), size)]
        try:
            done = in_forked_workers(lambda task: [function(source) for source in spans[task]], len(spans), workers)
        except NotForked:  # no memory or processes left for a worker: this process works
            return None
        return [value for part in done for value in part]

    # -- the ecosystem -----------------------------------------------------------------------------------------

    def _ecosystem(self, models: Models, tiers: Document | None, manifests: dict[str, Examined],
                   federation_files: dict[str, Any]) -> Ecosystem:
        index = tuple(name_owners_first([examined.card for examined in manifests.values() if examined.card]))
        document_of, entity_of = _entities(self.root, manifests)
        pages = page_entities(index)  # the ecosystem's own `pages`, needed here for the federation
        federation = federated.build(
            present=self.federated,
            snapshots=[self.work.snapshot(document, federated.read_snapshot)
                       for document in federation_files.get("snapshots", ())],
            sources_document=federation_files.get("files", {}).get(FEDERATION_FILES[0].path),
            tiers_document=tiers,
            manifests={name: document_of(card) for name, card in pages.items()} if self.federated else {})
        synthesized, statuses, compliance = federate(tuple(pages), federation)
        return Ecosystem(
            **{name: getattr(models, name) for name in Models.__dataclass_fields__},
            index=index, pages=pages, entity_of=entity_of, federation=federation, synthesized=synthesized,
            statuses=statuses, compliance=compliance,
            unparsed=frozenset(self.unparsed - set(pages) - set(synthesized)))

    def _entity_findings(self, eco: Ecosystem, manifests: dict[str, Examined]) -> None:
        """The ENTITY findings of each manifest: every ENTITY check's on a manifest with a page, only those that
        speak about every manifest on the others (a duplicate or unsafe name)."""
        every = tuple(c for c in ENTITY_CHECKS if c.every_manifest)
        for card in eco.index:
            examined = manifests[card.path]
            if examined.found:
                self.found += examined.findings(ENTITY_CHECKS if eco.pages.get(card.name) is card else every,
                                                Stage.ENTITY)

    def _ecosystem_findings(self, eco: Ecosystem) -> dict[str, Rule]:
        """Every ECOSYSTEM check's findings; the catalogue, with the rules described from data (the Canon's)."""
        rules: dict[str, Rule] = dict(CATALOGUE)
        for stage_check in ECOSYSTEM_CHECKS:
            self.found += self.work.ecosystem(stage_check, eco)
        for stage_check in ENTITY_CHECKS + ECOSYSTEM_CHECKS:
            if stage_check.describe is not None:
                for rule in stage_check.describe(eco):
                    rules.setdefault(rule.id, rule)  # a built-in id is never replaced by a described one
        return rules


def _entities(root: Path, manifests: Mapping[str, Examined]) -> tuple[Callable[[Card], Document],
                                                                        Callable[[Card], Entity]]:
    """An ecosystem's ways from a card to its document and to its entity: what the check parsed or kept, else the
    file read again (a file answered from the cache was not parsed); the entity built only when it is asked for."""
    reader = Reader(root)

    def document_of(card: Card) -> Document:
        examined = manifests[card.path]
        if examined.document is None:
            # the file as it is now; should it no longer load, the document is empty rather than a crash
            examined.document = reader.load(card.path).document or Document(root, card.path, {})
        return examined.document

    def entity_of(card: Card) -> Entity:
        examined = manifests[card.path]
        if examined.entity is None:
            examined.entity = build_entity(document_of(card), KIND_BY_TYPE[card.kind])
        return examined.entity
    return document_of, entity_of


def build_canon(document: Callable[[str, bool], tuple[Document | None, bool]]) -> canon_model.Canon:
    """The Canon from its files, each given by `document(relpath, optional)` as (document, whether it is missing)."""
    config, _ = document(canon_model.CONFIG_FILE, True)
    profile, invalid = canon_model.active_profile(document(canon_model.PROFILE_FILE, True)[0])
    rules, _ = document(canon_model.RULES_FILE, False)
    rule_files = [rules] if rules is not None else []
    if profile:
        relpath = canon_model.profile_rules_file(profile)
        profile_rules, missing = document(relpath, True)
        if missing:
            invalid.append(canon_model.InvalidRule(canon_model.PROFILE_FILE, (1, 1),
                                                   f"profile '{profile}' has no {relpath}", missing_profile=True))
        if profile_rules is not None:
            rule_files.append(profile_rules)
    return canon_model.build_canon(config, profile, rule_files, invalid=invalid)


def load_canon(reader: Reader) -> tuple[canon_model.Canon, list[Violation]]:
    """The Canon files through the FILE stage, then the Canon rules as data."""
    examiner = Examiner(reader)
    found: list[Violation] = []

    def through_file_stage(relpath: str, optional: bool) -> tuple[Document | None, bool]:
        source = Source(relpath, entity="canon", optional=optional)
        examined = examiner.examine(source)
        found.extend(examined.findings(source.checks, Stage.FILE))
        return examined.document, examined.missing

    return build_canon(through_file_stage), found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a check runs: a check makes millions of objects that live
    until it ends (nodes, documents, findings) and almost no cycles, and the collector's passes over them cost a
    tenth of a cold check. Worker processes forked meanwhile inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


PARALLEL_MIN = 400  # below this many files to examine, starting workers costs more than it saves


def _snapshot_paths(root: Path) -> list[str]:
    """etc/federation/snapshot/<owner>/<name>.yml, sorted."""
    base = root / SNAPSHOT_FOLDER
    try:
        owners = sorted(name for name in os.listdir(base) if not name.startswith(".") and (base / name).is_dir())
    except OSError:
        return []
    return [relpath for owner in owners for relpath in iter_files(root, f"{SNAPSHOT_FOLDER}/{owner}")]
