"""One source through the FILE stage, and a manifest on through the ENTITY stage.

A `Source` is a file the check reads and how: the schema it follows, whether it
is a manifest (it then has an entity, a card and ENTITY checks), whether it is
only scanned as text (a file the site publishes). `Examiner.examine` reads it,
parses it, runs its FILE checks and, for a manifest, builds its entity and runs
the ENTITY checks against the models: an `Examined`. Each step is a method of
its own, so that the cache (cache.py) can answer some from what it kept and
run only the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .load import MAX_BYTES, Document, LoadError, LoadResult, Reader, decode_text, load_bytes, text_limit
from .model import Card, Entity, EntityKind, Models, build_entity, card_of
from .rules import Check, EntityCheck, Input, SourceFile, Stage
from .rules.registry import at
from .siteconfig import MARKDOWN_SUFFIXES
from .violations import Violation

Found = tuple[Violation, ...]  # what one check found on one subject
T = TypeVar("T")

FILE_CHECKS = at(Stage.FILE)
ENTITY_CHECKS = at(Stage.ENTITY)
MANIFEST_CHECKS = FILE_CHECKS + ENTITY_CHECKS
SCHEMA_CHECK = "schema"  # the FILE check that validates a source against its schema; on a schema file, its compilation
UNVALIDATED = tuple(c for c in FILE_CHECKS if c.name != SCHEMA_CHECK)  # the FILE checks of a source without a schema
CHECK_SETS: Mapping[str, tuple[Check, ...]] = {"manifest": MANIFEST_CHECKS, "validated": FILE_CHECKS,
                                               "unvalidated": UNVALIDATED}


class Mapper(Protocol):
    """How the pipeline runs a function on many sources: in order, possibly in worker processes."""

    def __call__(self, function: Callable[[Source], T], sources: list[Source]) -> list[T]: ...


@dataclass
class Source:
    """A file the check reads, and how. Not frozen, though nothing changes one: a check makes one per file, and a
    frozen dataclass sets each field through object.__setattr__ (2.4 µs a source against 0.7 µs: 8 ms of a
    re-check at 5,000 manifests)."""

    path: str
    entity: str  # what its findings are about when it names no service
    schema: str | None = None  # the schema it follows
    optional: bool = False  # its absence is no finding
    kind: EntityKind | None = None  # a manifest of this kind: it has a card and ENTITY checks
    text: bool = False  # scanned, not parsed: a file published with the site
    keep: bool = False  # its parsed data is wanted however it is answered: models and the federation read it
    feeds: Input | None = None  # the input of the rules' `reads` it is part of (model file, Canon, federation...)
    model_limit: int | None = None  # a model file's size limit (load.model_limit); None: a source's own
    check_set: str = field(init=False)  # which set of CHECK_SETS runs on it (asked of every source of every check)

    def __post_init__(self) -> None:
        self.check_set = "manifest" if self.kind is not None else "validated" if self.schema is not None else "unvalidated"

    @property
    def checks(self) -> tuple[Check, ...]:
        """The checks that run on this file (the ENTITY ones on its entity)."""
        return CHECK_SETS[self.check_set]

    @property
    def markdown(self) -> bool:
        return self.path.endswith(MARKDOWN_SUFFIXES)

    @property
    def limit(self) -> int:
        if self.model_limit is not None:
            return self.model_limit
        return text_limit(self.markdown) if self.text else MAX_BYTES


@dataclass(eq=False)
class Examined:
    """What examining one source gave."""

    path: str
    found: Mapping[str, Found]  # check name → its findings on the source (only the checks that found some)
    loaded: bool = True  # read and parsed cleanly; False: `found` holds the FILE findings of why not
    missing: bool = False  # nothing but its absence went wrong
    card: Card | None = None  # a manifest's
    document: Document | None = None  # None: it did not load, or it was answered without being parsed
    entity: Entity | None = None  # a manifest's, once built
    ships_document: bool = True  # whether its document goes back from a worker process (documents=False: not)

    def findings(self, checks: Iterable[Check], stage: Stage) -> list[Violation]:
        """The findings of those of `checks` that run at `stage`."""
        if not self.found:
            return []
        return [v for c in checks if c.stage is stage for v in self.found.get(c.name, ())]

    def __reduce__(self) -> tuple[type, tuple]:
        """What goes back from a worker process: the findings and the card, and the document's data only when it is
        wanted (the entity is built again from it when something asks for it). As the arguments that make it again,
        not as a state dict: 3.1 µs a manifest to write and 0.9 µs to read back, against 4.2 and 1.5 µs."""
        document = self.document
        shipped = Document(document.root, document.path, document.data, limit=document.limit,
                           positions=document.positions, digest=document.digest) \
            if document is not None and self.ships_document else None
        return Examined, (self.path, self.found, self.loaded, self.missing, self.card, shipped, None,
                          self.ships_document)


@dataclass
class Examiner:
    """The FILE and ENTITY stages on one source, step by step. The schema stage sets `schemas`, the model stage
    `models`; worker processes inherit both when they are forked."""

    reader: Reader
    documents: bool = True  # False: documents parsed in worker processes are not sent back
    schemas: Mapping[str, Any] = field(default_factory=dict)  # schema name → CompiledSchema, or None when broken
    models: Models | None = None
    _bound: dict[str, EntityCheck] = field(default_factory=dict)

    def examine(self, source: Source) -> Examined:
        """Read, parse, and run every check of the source."""
        raw, errors = self.read(source)
        if raw is None:
            return self.unclean(source, LoadResult(None, errors))
        loaded = self.load(source, raw)
        if not clean(source, loaded):
            return self.unclean(source, loaded)
        found = self.file_findings(source, loaded, source.checks)
        card = entity = None
        if source.kind is not None and loaded.document is not None:
            entity = build_entity(loaded.document, source.kind)
            card = card_of(entity)
            found.update(self.entity_findings(entity, source.checks))
        return self.examined(source, found, card=card, document=loaded.document, entity=entity)

    def read(self, source: Source) -> tuple[bytes | None, list[LoadError]]:
        return self.reader.read(source.path, source.limit, model=source.model_limit is not None)

    def load(self, source: Source, raw: bytes) -> LoadResult:
        """The source's text (scanned) or document (parsed)."""
        if source.text:
            text, errors = decode_text(source.path, raw, markdown=source.markdown)
            return LoadResult(None, errors, text)
        return load_bytes(self.reader.root, source.path, raw, limit=source.limit)

    def file_findings(self, source: Source, loaded: LoadResult, checks: Iterable[Check]) -> dict[str, Found]:
        """The findings of those of `checks` that run at the FILE stage, by check."""
        schema = self.schemas.get(source.schema) if source.schema else None
        file = SourceFile(source.path, loaded, schema, _label(loaded.document, source.entity), source.optional)
        return {c.name: tuple(c.run(file)) for c in checks if c.stage is Stage.FILE}

    def entity_findings(self, entity: Entity, checks: Iterable[Check]) -> dict[str, Found]:
        """The findings of those of `checks` that run at the ENTITY stage, by check."""
        return {c.name: tuple(self._entity_check(c)(entity)) for c in checks if c.stage is Stage.ENTITY}

    def unclean(self, source: Source, loaded: LoadResult) -> Examined:
        """A source that did not read or parse cleanly: the FILE findings of why."""
        file = SourceFile(source.path, loaded, None, _label(loaded.document, source.entity), source.optional)
        found = {c.name: tuple(c.run(file)) for c in FILE_CHECKS}
        return Examined(source.path, {name: f for name, f in found.items() if f}, loaded=False, missing=loaded.missing)

    def examined(self, source: Source, found: Mapping[str, Found], *, card: Card | None = None,
                 document: Document | None = None, entity: Entity | None = None) -> Examined:
        return Examined(source.path, {name: f for name, f in found.items() if f}, card=card,
                        document=document, entity=entity, ships_document=self.documents or source.keep)

    def prepare(self, sources: Iterable[Source]) -> None:
        """Build what examining `sources` shares, once: worker processes forked after it inherit it."""
        for name, documents in Counter(source.schema for source in sources if source.schema is not None).items():
            schema = self.schemas.get(name)
            if schema is not None:
                schema.prepare(documents)
        for check in ENTITY_CHECKS:
            self._entity_check(check)

    def _entity_check(self, check: Check) -> EntityCheck:
        """The ENTITY check bound to the models: what every entity shares is prepared once."""
        bound = self._bound.get(check.name)
        if bound is None:
            assert self.models is not None, "the ENTITY stage runs after the models are built"
            bound = self._bound[check.name] = check.run(self.models)
        return bound


def clean(source: Source, loaded: LoadResult) -> bool:
    """Whether the source read cleanly: a scanned file decoded, a parsed one gave a document."""
    return not loaded.errors if source.text else loaded.document is not None


def _label(document: Document | None, fallback: str) -> str:
    """What a file's findings are about: the entity it declares, else the given name."""
    name = document.data.get("service_name") if document is not None else None
    return name if isinstance(name, str) and name else fallback
