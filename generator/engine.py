"""The check pipeline: load every source, build the model, run every check stage by stage.

`Checker` runs it and keeps what it found; `check()` is a one-shot Checker. The
CLI and the MkDocs plugin both go through it, so they always agree on the
findings. Stages (see rules/__init__.py):
1. FILE checks on every source the check reads: schemas, models, Canon files,
   federation snapshots, manifests, authors' pages;
2. the models (model.Models) are built from the model files, the Canon and the
   schemas; ENTITY checks run on each manifest's entity against them;
3. the Ecosystem is built from the manifests' cards and the models; ECOSYSTEM
   checks run on it;
4. FINDINGS checks (waivers) run on everything found.

Every check's findings are kept (cache.py) with the fingerprints of its subject
and of the inputs it names, in memory and in the user's cache folder, and a
check runs again only where one of them changed: after an edit to one manifest,
that file's checks and the ecosystem checks whose inputs the edit changed.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from . import __version__
from . import canon as canon_model
from .cache import Entry, Memory, Part, digest, fingerprint, stat_key
from .errors import UsageError
from .load import MAX_BYTES, Document, LoadResult, Reader, decode_text, iter_files, load_bytes, text_limit
from .model import (
    FEDERATION_DIR,
    FEDERATION_FILES,
    KIND_BY_TYPE,
    KINDS,
    MODEL_BY_NAME,
    MODEL_FILES,
    SCHEMA_DIR,
    SNAPSHOT_FOLDER,
    SNAPSHOT_SCHEMA,
    SOURCES_DIR,
    Card,
    Ecosystem,
    Entity,
    EntityKind,
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
    card_of,
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
from .rules import Check, EntityCheck, Findings, Input, Rule, SourceFile, Stage
from .rules.registry import CATALOGUE, at
from .siteconfig import MARKDOWN_SUFFIXES, configured_docs_dir, docs_dir_inside, published_files
from .violations import Violation

__all__ = ["Checker", "Result", "UsageError", "check"]

FILE_CHECKS = at(Stage.FILE)
ENTITY_CHECKS = at(Stage.ENTITY)
ECOSYSTEM_CHECKS = at(Stage.ECOSYSTEM)
FINDINGS_CHECKS = at(Stage.FINDINGS)
SCHEMA_CHECK = "schema"  # the FILE check that validates a source against its schema; on a schema file, its compilation
UNVALIDATED = tuple(c for c in FILE_CHECKS if c.name != SCHEMA_CHECK)  # the FILE checks of a source without a schema
MANIFEST_CHECKS = FILE_CHECKS + ENTITY_CHECKS
MODEL_INPUTS = frozenset(Input) & {model.name for model in MODEL_FILES}  # the model files a check may name as inputs


def check(root: Path | str, *, today: date | None = None, use_cache: bool = True, documents: bool = True,
          docs_dir: str | os.PathLike[str] | None = None) -> Result:
    """Run every rule over the repository at `root`. Raises UsageError only when there is nothing to check.

    `documents=False` when only the findings are wanted (the CLI): documents parsed in worker processes are
    then not sent back, and an entity is built from its file only if something asks for it. `docs_dir`: the
    folder the site publishes (default: mkdocs.yml's `docs_dir`)."""
    return Checker(root, today=today, use_cache=use_cache, documents=documents, docs_dir=docs_dir).check()


class Checker:
    """A check of one repository that stays warm between runs: every file's entry and every check's findings
    with their fingerprints (cache.Memory), and the last result.

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
        self.use_cache = use_cache  # also read and write the cache folder
        self.documents = documents
        version = f"{__version__}|{_code_fingerprint()}"
        self.memory = Memory.load(self.root, version) if use_cache else Memory(self.root, version)
        # (schemas fingerprint, schema name → CompiledSchema or None, the folder their references reach)
        self.compiled: tuple[str, dict[str, Any], Any] = ("", {}, None)
        self.snapshots: dict[str, tuple[Document, Any]] = {}  # path → (its document, the snapshot read from it)
        self.models: tuple[tuple[Document | None, ...], Models] | None = None  # the last models, with their sources
        self.result: Result | None = None

    def check(self) -> Result:
        return self.recheck()

    def recheck(self, changed: Iterable[str | os.PathLike[str]] = ()) -> Result:
        """Check again after an edit. `changed`: paths (relative to the root, or absolute inside it) known to have
        changed; they are read again whatever their stat key says. Every other file is still compared by its
        stat key, so a change the caller missed costs time, never correctness."""
        result = _Run(self, changed).result()
        self.result = result
        if self.use_cache:
            self.memory.save(forbidden=result.credentials)
        return result


@dataclass(frozen=True)
class Source:
    """A file the check reads, and how."""

    path: str
    entity: str  # what its findings are about when it names no service
    schema: str | None = None  # the schema it follows
    optional: bool = False  # its absence is no finding
    kind: EntityKind | None = None  # a manifest of this kind: it has a card and ENTITY checks
    text: bool = False  # scanned, not parsed: a file published with the site
    keep: bool = False  # its parsed data is kept with its entry: the models are built from it

    @property
    def checks(self) -> tuple[Check, ...]:
        """The checks whose findings on this file are kept with its entry."""
        return MANIFEST_CHECKS if self.kind is not None else FILE_CHECKS if self.schema is not None else UNVALIDATED


@dataclass
class Outcome:
    """What examining one source gave."""

    entry: Entry | None  # None: the file did not read cleanly (it has no entry and is examined every time)
    findings: list[Violation] = field(default_factory=list)  # its FILE findings, when it has no entry
    examined: bool = True  # False: the entry kept, untouched
    missing: bool = False  # nothing but its absence went wrong


@dataclass
class Context:
    """What examining a source needs: the reader, the kept entries, the fingerprints of each check's inputs, the
    compiled schemas and the models the ENTITY checks read. Worker processes inherit it when they are forked."""

    reader: Reader
    memory: Memory
    changed: frozenset[str]
    keys: dict[str, str]  # check name → fingerprint of its inputs
    schema: Callable[[str], Any]  # schema name → CompiledSchema or None
    documents: bool = True
    models: Models | None = None
    _bound: dict[str, EntityCheck] = field(default_factory=dict)

    def entity_check(self, check: Check) -> EntityCheck:
        """The ENTITY check bound to the models: what every entity shares is prepared once."""
        bound = self._bound.get(check.name)
        if bound is None:
            assert self.models is not None
            bound = self._bound[check.name] = check.run(self.models)
        return bound


def examine(source: Source, context: Context) -> Outcome:
    """One source through the FILE stage (and, for a manifest, the ENTITY stage), reusing every finding of its
    entry whose subject and inputs are unchanged: a file whose stat key is unchanged is not even read."""
    reader = context.reader
    limit = text_limit(source.path.endswith(MARKDOWN_SUFFIXES)) if source.text else MAX_BYTES
    entry = context.memory.files.get(source.path)
    stat = stat_key(f"{reader.root}/{source.path}")  # taken before reading: an edit while reading shows next time
    raw: bytes | None = None
    if entry is None or entry.stat != stat or source.path in context.changed:
        raw, errors = reader.read(source.path, limit)
        if raw is None:
            return _unclean(source, LoadResult(None, errors))
        entry = _entry_for(entry, stat, raw)
    todo = [c for c in source.checks if not entry.valid(c.name, context.keys[c.name])]
    if not todo and (entry.data is not None or not source.keep):
        return Outcome(entry)
    document = None if source.text else entry.document
    needs_text = any(c.stage is Stage.FILE for c in todo)
    if raw is None and (document is None and not source.text or needs_text and (document is None or document.text is None)):
        raw, errors = reader.read(source.path, limit)
        if raw is None:
            return _unclean(source, LoadResult(None, errors))
        fresh = _entry_for(entry, stat, raw)
        if fresh is not entry:  # edited since its stat key was taken: every check runs on what was read
            entry, document, todo = fresh, None, list(source.checks)
    if source.text:
        assert raw is not None
        text, errors = decode_text(source.path, raw, markdown=source.path.endswith(MARKDOWN_SUFFIXES))
        loaded = LoadResult(None, errors, text)
        if errors:
            return _unclean(source, loaded)
    elif document is None:
        assert raw is not None
        loaded = load_bytes(reader.root, source.path, raw)
        if loaded.document is None:
            return _unclean(source, loaded)
        document = loaded.document
    else:
        loaded = LoadResult(document, [], document.text if raw is None else raw.decode("utf-8"))
    file = SourceFile(source.path, loaded, context.schema(source.schema) if source.schema else None,
                      _label(document, source.entity), source.optional)
    results = {c.name: (context.keys[c.name], tuple(c.run(file))) for c in todo if c.stage is Stage.FILE}
    if source.kind is not None and document is not None:
        if entry.entity is None or entry.document is not document:
            entry.entity = build_entity(document, source.kind)
        if entry.card is None:
            entry.card = card_of(entry.entity)
        results.update({c.name: (context.keys[c.name], tuple(context.entity_check(c)(entry.entity)))
                        for c in todo if c.stage is Stage.ENTITY})
    entry.keep(results)
    entry.document = document
    if source.keep and document is not None:
        entry.data = document.data
    return Outcome(entry)


def _entry_for(known: Entry | None, stat: list[int] | None, raw: bytes) -> Entry:
    """The entry of a file just read: the known one when its bytes are unchanged, else a new one. An entry's
    content never changes in place, so an ecosystem built from it keeps seeing the file it was built from."""
    content = digest(raw)
    if known is not None and known.digest == content:
        known.restat(stat)
        return known
    return Entry(stat, content)


def _unclean(source: Source, loaded: LoadResult) -> Outcome:
    file = SourceFile(source.path, loaded, None, _label(loaded.document, source.entity), source.optional)
    return Outcome(None, [v for c in FILE_CHECKS for v in c.run(file)], missing=loaded.missing)


def _label(document: Document | None, fallback: str) -> str:
    """What a file's findings are about: the entity it declares, else the given name."""
    name = document.data.get("service_name") if document is not None else None
    return name if isinstance(name, str) and name else fallback


class _Run:
    """One run of every stage over the repository, reusing what the Checker kept."""

    def __init__(self, checker: Checker, changed: Iterable[str | os.PathLike[str]]):
        self.checker = checker
        self.root = checker.root
        self.memory = checker.memory
        self.reader = Reader(self.root)
        self.today = checker.today or date.today()
        self.federated = (self.root / FEDERATION_DIR).is_dir()
        self.found: list[Violation] = []
        self.seen: set[str] = set()
        self.unparsed: set[str] = set()
        self.inputs: dict[Input, str] = {}
        self.schema_documents: dict[str, Document] = {}
        self.model_documents: dict[str, Document | None] = {}
        self.broken: dict[str, list[Violation]] = {}  # schema name → its findings, when compiled in this run
        self.entries: dict[str, Entry] = {}  # the manifests that loaded
        self._complete: dict[int, tuple[Mapping, bool]] = {}  # results object → whether every manifest check is in it
        self._found: dict[tuple, tuple[Mapping, list[Violation]]] = {}  # (results object, checks, stage) → findings
        self.context = Context(self.reader, self.memory, frozenset(_relative(self.root, path) for path in changed),
                               {c.name: fingerprint(c.name) for c in FILE_CHECKS if not c.reads}, self._compiled,
                               checker.documents)

    def result(self) -> Result:
        schema_documents = self._schemas()
        models = self._models(schema_documents)
        self.context.models = models
        self.context.keys.update({c.name: self._key(c) for c in ENTITY_CHECKS})
        federation_documents = self._federation_files()
        entries = self._manifests()
        for relpath in published_files(self.root, self.checker.docs_dir):
            self._document(Source(relpath, entity=relpath, text=True))
        # every value a FILE check flagged as a credential: no output may carry one, nor the cache
        credentials = frozenset(value for violation in self.found for value in violation.credentials)
        eco = self._ecosystem(models, entries, federation_documents)
        every = tuple(c for c in ENTITY_CHECKS if c.every_manifest)
        for card in eco.index:
            self.found += self._findings(entries[card.path], ENTITY_CHECKS if eco.pages.get(card.name) is card else every,
                                         Stage.ENTITY)
        rules: dict[str, Rule] = dict(CATALOGUE)
        for stage_check in ECOSYSTEM_CHECKS:
            self.found += self._part(stage_check, eco)
        for stage_check in ENTITY_CHECKS + ECOSYSTEM_CHECKS:
            if stage_check.describe is not None:
                for rule in stage_check.describe(eco):
                    rules.setdefault(rule.id, rule)  # a built-in id is never replaced by a described one
        found = self.found
        for stage_check in FINDINGS_CHECKS:
            found = list(stage_check.run(Findings(eco, found, self.today)))
        self.memory.forget(self.seen)
        self.checker.snapshots = {path: kept for path, kept in self.checker.snapshots.items() if path in self.seen}
        return Result(eco, tuple(sorted(set(found), key=Violation.sort_key)), MappingProxyType(rules), self.today,
                      credentials=credentials, docs_dir=self.checker.docs_dir)

    # -- sources -----------------------------------------------------------------------------------------------

    def _install(self, source: Source, outcome: Outcome) -> None:
        self.seen.add(source.path)
        if outcome.entry is None:
            if self.memory.files.pop(source.path, None) is not None:
                self.memory.changed = True
            self.found += outcome.findings
            if source.kind is not None:
                self.unparsed.add(stem_of(source.path))
            return
        self.memory.files[source.path] = outcome.entry
        if outcome.examined:
            self.memory.share(outcome.entry)
        self.found += self._findings(outcome.entry, source.checks, Stage.FILE)

    def _findings(self, entry: Entry, checks: tuple[Check, ...], stage: Stage) -> list[Violation]:
        """The findings kept on a file by those of `checks` at `stage`. Entries read from the cache that hold no
        finding share their results, so most files are answered by one lookup."""
        memo = self._found.get((id(entry.results), id(checks), stage))
        if memo is not None and memo[0] is entry.results:
            return memo[1]
        found = [v for c in checks if c.stage is stage for v in entry.findings(c.name)]
        self._found[(id(entry.results), id(checks), stage)] = (entry.results, found)
        return found

    def _document(self, source: Source) -> Document | None:
        """The source through the FILE stage; its document (built from the kept data when it was not parsed)."""
        return self._read(source)[0]

    def _read(self, source: Source) -> tuple[Document | None, bool]:
        """_document, and whether nothing but the file's absence went wrong."""
        outcome = examine(source, self.context)
        self._install(source, outcome)
        entry = outcome.entry
        if entry is None or source.text:
            return None, outcome.missing
        if entry.document is None and entry.data is not None:
            entry.document = Document(self.root, source.path, entry.data)
        return entry.document, False

    def _digest_of(self, relpath: str) -> str:
        """The digest of a file that is an input without being checked itself (a schema only referenced, an
        artifact), or why it cannot be read."""
        normalized = PurePosixPath(relpath)
        if normalized.is_absolute() or ".." in normalized.parts:
            return "outside"
        relpath = str(normalized)
        known = self.memory.files.get(relpath)
        stat = stat_key(f"{self.root}/{relpath}")
        self.seen.add(relpath)
        if known is not None and known.stat == stat and relpath not in self.context.changed:
            return known.digest
        raw, errors = self.reader.read(relpath)
        if raw is None:
            self.memory.files.pop(relpath, None)
            return "; ".join(error.message for error in errors)
        entry = self.memory.files[relpath] = _entry_for(known, stat, raw)
        return entry.digest

    def _schemas(self) -> dict[str, Document]:
        names = schema_names() + (federation_schema_names() if self.federated else [])
        documents: dict[str, Document] = {}
        for name in names:
            document = self._document(Source(schema_path(name), entity=name, keep=True))
            if document is not None:
                documents[name] = document
        self.schema_documents = documents
        folder = [f"{relpath}:{self._digest_of(relpath)}" for relpath in iter_files(self.root, SCHEMA_DIR, (".json",))]
        self.inputs[Input.SCHEMAS] = fingerprint(*names, *folder)
        key = self.context.keys[SCHEMA_CHECK] = fingerprint(SCHEMA_CHECK, self.inputs[Input.SCHEMAS])
        for name, document in documents.items():
            entry = self.memory.files[document.path]
            if not entry.valid(SCHEMA_CHECK, key):  # checked again only when a schema file or its folder changed
                self.checker.compiled[1].pop(name, None)
                self._compiled(name)
                entry.keep({SCHEMA_CHECK: (key, tuple(self.broken.pop(name)))})
            self.found += entry.findings(SCHEMA_CHECK)
        return documents

    def _compiled(self, name: str) -> Any:
        """The schema ready for validation (None when it is broken), built once per set of schema files. A schema
        whose check is kept, and found nothing, is not checked again: its validators are built when first used."""
        from .rules import schema as schema_rule
        from .rules.schema_refs import SchemaFolder

        key = self.inputs[Input.SCHEMAS]
        if self.checker.compiled[0] != key:
            self.checker.compiled = (key, {}, SchemaFolder(self.reader))
        _, compiled, folder = self.checker.compiled
        if name not in compiled:
            document = self.schema_documents.get(name)
            entry = self.memory.files.get(document.path) if document is not None else None
            if document is None or entry is None:
                compiled[name], self.broken[name] = None, []
            elif entry.valid(SCHEMA_CHECK, self.context.keys[SCHEMA_CHECK]):
                compiled[name] = None if entry.findings(SCHEMA_CHECK) else schema_rule.known_good(document, folder)
            else:
                compiled[name], self.broken[name] = schema_rule.compile_schema(document, folder)
        return compiled[name]

    def _models(self, schema_documents: dict[str, Document]) -> Models:
        documents: dict[str, Document | None] = {}
        for model in MODEL_FILES:
            documents[model.name] = self._document(Source(model.path, entity=model.name, schema=model.schema,
                                                          optional=not model.required, keep=True))
            if model.name in MODEL_INPUTS:
                self.inputs[Input(model.name)] = self._content(model.path, documents[model.name])
        canon = self._canon()
        self.model_documents = documents
        # a Checker keeps the models while their files are unchanged (the same documents): the secrets inventory
        # of a large ecosystem takes longer to build than the rest of a re-check
        sources = (*documents.values(), *schema_documents.values())
        kept = self.checker.models
        if kept is not None and len(kept[0]) == len(sources) and all(a is b for a, b in zip(kept[0], sources)) \
                and kept[1].canon == canon:
            return kept[1]
        models = Models(
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
            vocabulary=Vocabulary.from_schemas({name: document.data for name, document in schema_documents.items()}),
            schemas=MappingProxyType(schema_documents),
            layers_document=documents["layers"],
        )
        self.checker.models = (sources, models)
        return models

    def _content(self, relpath: str, document: Document | None) -> str:
        """A read source's fingerprint: its digest, or "none" when it gave no document."""
        return self.memory.files[relpath].digest if document is not None else "none"

    def _canon(self) -> canon_model.Canon:
        read: list[str] = []

        def document(relpath: str, optional: bool) -> tuple[Document | None, bool]:
            found, missing = self._read(Source(relpath, entity="canon", optional=optional, keep=True))
            read.append(f"{relpath}:{self._content(relpath, found)}")
            return found, missing

        canon = build_canon(document)
        self.inputs[Input.CANON] = fingerprint(canon.profile, *read)
        return canon

    def _federation_files(self) -> dict[str, Any]:
        if not self.federated:
            self.inputs[Input.FEDERATION] = fingerprint("absent", self._tiers())
            return {}
        read: list[str] = []
        files: dict[str, Document | None] = {}
        for file in FEDERATION_FILES:
            files[file.path] = self._document(Source(file.path, entity="federation", schema=file.schema, optional=True,
                                                     keep=True))
            read.append(f"{file.path}:{self._content(file.path, files[file.path])}")
        snapshots = []
        for relpath in _snapshot_paths(self.root):
            document = self._document(Source(relpath, entity="federation", schema=SNAPSHOT_SCHEMA, keep=True))
            read.append(f"{relpath}:{self._content(relpath, document)}")
            if document is not None:
                snapshots.append(document)
        self.inputs[Input.FEDERATION] = fingerprint("present", self._tiers(), *read)
        return {"files": files, "snapshots": snapshots}

    def _tiers(self) -> str:
        return self._content(MODEL_BY_NAME["tiers"].path, self.model_documents["tiers"])

    # -- manifests ---------------------------------------------------------------------------------------------

    def _manifests(self) -> dict[str, Entry]:
        """Every manifest through the FILE and ENTITY stages: the entries of those that loaded, in file order."""
        sources = [Source(relpath, entity=stem_of(relpath), schema=kind.schema, kind=kind)
                   for kind in KINDS for relpath in iter_files(self.root, kind.folder)]
        work = [source for source in sources if self._needs_work(source)]
        outcomes = dict(zip((source.path for source in work), self._examine_all(work)))
        entries: dict[str, Entry] = {}
        for source in sources:
            outcome = outcomes.get(source.path) or Outcome(self.memory.files[source.path], examined=False)
            self._install(source, outcome)
            if outcome.entry is not None:
                entries[source.path] = outcome.entry
        return entries

    def _needs_work(self, source: Source) -> bool:
        entry = self.memory.files.get(source.path)
        if entry is None or source.path in self.context.changed or entry.stat != stat_key(f"{self.root}/{source.path}"):
            return True
        # entries read from the cache share their results while they hold no finding: judged once per object
        known = self._complete.get(id(entry.results))
        if known is None or known[0] is not entry.results:
            known = self._complete[id(entry.results)] = (
                entry.results, all(entry.valid(c.name, self.context.keys[c.name]) for c in source.checks))
        return not known[1]

    def _examine_all(self, work: list[Source]) -> list[Outcome]:
        """Each source examined, in order. Many are examined on every core: parsing is most of a cold check,
        and files are independent."""
        workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
        # Forking a process that runs other threads (mkdocs serve) can deadlock the children.
        if len(work) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1 \
                or "fork" not in multiprocessing.get_all_start_methods():
            return [examine(source, self.context) for source in work]
        for kind in {source.kind for source in work if source.kind is not None}:
            self._compiled(kind.schema)  # compiled once, here: forked workers inherit it
        for entity_check in ENTITY_CHECKS:
            self.context.entity_check(entity_check)
        with multiprocessing.get_context("fork").Pool(workers, _start_worker, (self.context,)) as pool:
            outcomes = pool.map(_examine_in_worker, work, chunksize=max(16, len(work) // (workers * 8)))
        for outcome in outcomes:
            if outcome.entry is not None and outcome.entry.document is not None:
                outcome.entry.document.root = self.root
        return outcomes

    # -- the ecosystem -----------------------------------------------------------------------------------------

    def _ecosystem(self, models: Models, entries: dict[str, Entry], federation_documents: dict[str, Any]) -> Ecosystem:
        index = tuple(name_owners_first([entry.card for entry in entries.values() if entry.card is not None]))
        entity_of = _entities(self.root, {card.path: entries[card.path] for card in index})
        pages = page_entities(index)  # the ecosystem's own `pages`, needed here for the federation
        from . import federated

        federation = federated.build(
            present=self.federated, snapshots=map(self._snapshot, federation_documents.get("snapshots", ())),
            sources_document=federation_documents.get("files", {}).get(FEDERATION_FILES[0].path),
            tiers_document=self.model_documents["tiers"],
            manifests={name: entity_of(card).document for name, card in pages.items()} if self.federated else {})
        synthesized, statuses, compliance = federate(tuple(pages), federation)
        self.entries = entries
        return Ecosystem(
            **{name: getattr(models, name) for name in Models.__dataclass_fields__},
            index=index, pages=pages, entity_of=entity_of, federation=federation, synthesized=synthesized, statuses=statuses,
            compliance=compliance, unparsed=frozenset(self.unparsed - set(pages) - set(synthesized)))

    def _snapshot(self, document: Document) -> Any:
        """A committed snapshot as the federated model reads it, read again only when its file changed."""
        from . import federated

        kept = self.checker.snapshots.get(document.path)
        if kept is None or kept[0] is not document:
            kept = self.checker.snapshots[document.path] = (document, federated.read_snapshot(document))
        return kept[1]

    def _input(self, name: Input, eco: Ecosystem) -> str:
        if name not in self.inputs:
            if name is Input.INDEX:
                value = fingerprint(*(self.entries[card.path].card_key for card in eco.index))
            elif name is Input.NAMES:
                value = fingerprint(*sorted(eco.names))
            elif name is Input.ARTIFACTS:
                value = fingerprint(*(f"{path}:{self._digest_of(path)}" for card in eco.pages.values()
                                      for _, path in card.artifacts))
            else:  # Input.MANIFESTS
                value = fingerprint(*(f"{card.path}:{self.entries[card.path].digest}" for card in eco.pages.values()))
            self.inputs[name] = value
        return self.inputs[name]

    def _key(self, stage_check: Check, eco: Ecosystem | None = None) -> str:
        """The fingerprint of everything the check reads besides its subject."""
        return fingerprint(stage_check.name, *(self.inputs[name] if eco is None else self._input(name, eco)
                                               for name in stage_check.reads))

    def _part(self, stage_check: Check, eco: Ecosystem) -> tuple[Violation, ...]:
        """The ECOSYSTEM check's findings: kept while its inputs and the files its findings point into are
        unchanged, else found again."""
        key = self._key(stage_check, eco)
        kept = self.memory.parts.get(stage_check.name)
        if kept is None or kept.key != key or any(self._digest(path) != known for path, known in kept.places.items()):
            found = tuple(stage_check.run(eco))
            places = {path: self._digest(path) for v in found for path in (v.path, *(r.path for r in v.related))}
            kept = self.memory.parts[stage_check.name] = Part(key, found, places)
            self.memory.changed = True
        return kept.findings

    def _digest(self, relpath: str) -> str:
        """The digest of a file read in this run; "none" for one that was not read cleanly."""
        entry = self.memory.files.get(relpath)
        return entry.digest if entry is not None and relpath in self.seen else "none"


def _entities(root: Path, entries: Mapping[str, Entry]) -> Callable[[Card], Entity]:
    """An ecosystem's way from a card to its entity: the entity built in the check, else built from the file
    (read again: a file answered from the cache was not parsed)."""

    def entity_of(card: Card) -> Entity:
        entry = entries[card.path]
        if entry.entity is None:
            document = entry.document
            if document is None:
                # the file as it is now; should it no longer load, the entity is empty rather than a crash
                document = entry.document = Reader(root).load(card.path).document or Document(root, card.path, {})
            entry.entity = build_entity(document, KIND_BY_TYPE[card.kind])
        return entry.entity
    return entity_of


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
    found: list[Violation] = []

    def through_file_stage(relpath: str, optional: bool) -> tuple[Document | None, bool]:
        loaded = reader.load(relpath)
        file = SourceFile(relpath, loaded, None, "canon", optional)
        found.extend(v for c in FILE_CHECKS for v in c.run(file))
        return loaded.document, loaded.missing

    return build_canon(through_file_stage), found


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


def _relative(root: Path, path: str | os.PathLike[str]) -> str:
    """A changed path as the check names it: relative to the root, POSIX separators."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(root)
        except ValueError:
            return str(path)  # outside the repository: names no source
    return candidate.as_posix()


def _code_fingerprint() -> str:
    """Editing the engine must invalidate kept findings as surely as editing a schema."""
    package = Path(__file__).parent
    return ",".join(str(p.stat().st_mtime_ns) for p in sorted(package.rglob("*.py")))


PARALLEL_MIN = 400  # below this many files to examine, starting workers costs more than it saves
_worker: dict = {}  # set in each forked worker by _start_worker; empty in the parent


def _start_worker(context: Context) -> None:
    _worker["context"] = context


def _examine_in_worker(source: Source) -> Outcome:
    context: Context = _worker["context"]
    outcome = examine(source, context)
    entry = outcome.entry
    if entry is not None:
        # what travels back: the findings and the card, and the document's data only when it is wanted
        document = entry.document
        entry.entity = None
        entry.document = Document(document.root, document.path, document.data) \
            if document is not None and context.documents else None
    return outcome


def _snapshot_paths(root: Path) -> list[str]:
    """etc/federation/snapshot/<owner>/<name>.yml, sorted."""
    base = root / SNAPSHOT_FOLDER
    try:
        owners = sorted(name for name in os.listdir(base) if not name.startswith(".") and (base / name).is_dir())
    except OSError:
        return []
    return [relpath for owner in owners for relpath in iter_files(root, f"{SNAPSHOT_FOLDER}/{owner}")]
