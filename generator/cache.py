"""What a re-check reuses: the cache beside the pipeline.

Every check's findings are a function of its subject (a file, an entity, the
whole ecosystem) and of the inputs it names (`Check.reads`, rules/__init__.py).
`Cache` keeps them keyed by exactly that, and runs the pipeline's units of work
(engine.Work) answering each from what it kept while what it depends on is
unchanged. What it gives is always what engine.Plain gives.

The keys:
- a file's stat key: modification and change times, size, inode, device, and
  where the file really lies (its folder with every link on the way resolved,
  and where the file leads when it is a link itself): a folder moved and linked
  back, or a link changed anywhere on a path, changes the key of every file
  under it though no file's own times change. A stat key taken less than a
  moment (RACY) after the file last changed is not trusted: a second change
  within the file system's timestamp granularity, of the same size and with the
  modification time put back, would not show in it (the change time, which
  nobody can set back, would not move either);
- a file's content key: the digest of its bytes, or why it did not read;
- an input's fingerprint: the content keys of the sources that feed it
  (`Source.feeds`; for SCHEMAS every file of the schema folder, since a
  reference may reach any of them), and for the inputs the ecosystem defines,
  what it says: the cards (INDEX), the names (NAMES), which manifests loaded
  with their digests (MANIFESTS), the files the manifests name (ARTIFACTS);
- a check's key: its name and the fingerprints of the inputs it reads.

What is kept: per file, an entry (its stat key, digest, the key under which each
check ran on it and what it found, a manifest's card, the parsed data of a
source the models are built from, and of a manifest where a federation reads
every manifest, and what was located in the file while a run held its
document); per ECOSYSTEM check, its key, its findings and the digest of every
file a finding points into (a line added above a finding moves it, even when
the check's inputs are unchanged); in memory also the compiled schemas, the
models and the read snapshots, each with the keys of what it was built from. A
file whose stat key is unchanged is not read; one whose stat key changed is
read, and when its digest is unchanged nothing else happens; a check runs again
where its subject's digest or its key changed.

The cache file lives in the user's cache folder, never in the repository, so a
pull request cannot plant results. It is JSON, so reading it cannot run code
(a pickle could), and an entry of the wrong shape is a miss, never a crash: a
first line with the version, the distinct sets of check keys (each under its
fingerprint) and the ECOSYSTEM checks' findings, then one line per file (JSON
never holds a raw newline). A save appends what changed: a header naming the
sets of keys of the lines after it and holding every part, then a line per
changed file (the last line of a file stands). Rewriting the whole file after one
edit had cost a re-check of 5,000 manifests 8-14 ms of its 0.25 s; appending
costs about 1 ms. The file is written whole again, every unchanged line as it was
read, when an entry is dropped, when a process finds the file changed since it
read it (another process wrote it), and once what was appended would pass an
eighth of it, so reading it never decodes much more than its entries. A
cache file that another user owns, or that others may write, is ignored (a
shared GETCHITTY_CACHE_DIR must not let one user plant results for another). A
file that could not be read cleanly is never kept, nor is one in which a
credential was found, nor any entry that quotes a value a check flagged as a
credential anywhere (`save(forbidden=...)`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import __version__
from .examine import CHECK_SETS, SCHEMA_CHECK, Examined, Examiner, Found, Mapper, Source, clean
from .load import MAX_BYTES, Document, LoadResult, Reader, digest, iter_files
from .model import SCHEMA_DIR, Card, Ecosystem, Models, build_entity, card_of
from .rules import Check, Input, Stage
from .rules import schema as schema_rule
from .rules.schema_refs import SchemaFolder
from .violations import Related, Severity, Violation

if TYPE_CHECKING:
    from .result import Result

StatKey = list  # [mtime_ns, ctime_ns, size, inode, device, where it really lies: its folder's real path, a link's target]
RACY_NS = 50_000_000  # longer than a clock tick: file times are taken from the kernel's coarse clock
RACY_COARSE_NS = 2_000_000_000  # on a file system that keeps whole seconds (FAT keeps even ones)
# A save appends what changed until what was appended reaches this share of the file (or APPENDED_FLOOR bytes, for a
# small one): past it the file is written whole again, so reading it never decodes much more than its entries.
APPENDED_SHARE = 1 / 8
APPENDED_FLOOR = 64 * 1024
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_dir() -> Path:
    """GETCHITTY_CACHE_DIR, else the platform's user cache folder (XDG on Linux, ~/Library/Caches on macOS...)."""
    override = os.environ.get("GETCHITTY_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("getchitty", appauthor=False))


def fingerprint(*parts: str) -> str:
    """A short, stable digest of text parts (their boundaries included)."""
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def stat_key(reader: Reader, relpath: str, started: int) -> StatKey | None:
    """The file's stat key; None when it has none (missing) or one that cannot be trusted yet: the file changed
    less than RACY before `started` (time.time_ns() when the run began)."""
    path = f"{reader.root_text}/{relpath}"
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            where = os.path.realpath(path)
            info = os.stat(path)
        else:  # the file is where its folder really is (its name is the entry's key)
            where = reader.real_folder(relpath.rpartition("/")[0])
    except (OSError, ValueError):
        return None
    modified, changed = info.st_mtime_ns, info.st_ctime_ns
    if modified > started - RACY_COARSE_NS or changed > started - RACY_COARSE_NS:
        coarse = modified % 1_000_000 == 0 and changed % 1_000_000 == 0
        if max(modified, changed) > started - (RACY_COARSE_NS if coarse else RACY_NS):
            return None
    return [modified, changed, info.st_size, info.st_ino, info.st_dev, where]


@dataclass(eq=False)
class Entry:
    """One source file as last read. An entry is replaced when anything in it changes, never changed in place:
    an examination in a worker process hands back the entry it made."""

    stat: StatKey | None  # None: read the file again before trusting this entry
    digest: str
    keys: Mapping[str, str] = field(default_factory=dict)  # check name → its key when it ran on this file
    found: Mapping[str, Found] = field(default_factory=dict)  # check name → its findings, for checks that found some
    card: Card | None = None  # a manifest's
    data: Any = None  # the parsed data of a source kept as data (Source.keep; None: not kept)
    signature: str = ""  # the keys as one text: entries checked under the same keys share it
    card_key: str = ""  # the card's fingerprint, its path included
    examined: Examined | None = None  # in memory only: what examining the file last gave (its document, entity)
    line: str | None = None  # the cache file's line it was read from, written back while it is unchanged
    positions: dict[str, list[int]] = field(default_factory=dict)  # what was located in these bytes (Document)
    positions_written: int = 0  # how many of them its line holds: a line is written again once more are known

    def __post_init__(self) -> None:
        if not self.signature:
            self.signature = _signature(self.keys)
        if not self.card_key and self.card is not None:
            self.card_key = fingerprint(self.card.path, json.dumps(_card_row(self.card)))

    def valid(self, check: str, key: str) -> bool:
        return self.keys.get(check) == key

    def restat(self, stat_now: StatKey | None) -> Entry:
        """The same bytes under another stat key (touched, checked out again, moved)."""
        return self if stat_now == self.stat else replace(self, stat=stat_now, line=None)

    def updated(self, keys: Mapping[str, str], found: Mapping[str, Found], *, card: Card | None = None,
                data: Any = None) -> Entry:
        """The entry with the findings of the checks that ran again, under their new keys."""
        return Entry(self.stat, self.digest, {**self.keys, **keys},
                     {name: f for name, f in {**self.found, **found}.items() if f},
                     card if card is not None else self.card, data if data is not None else self.data,
                     positions=self.positions)

    @property
    def secret(self) -> bool:
        return any(v.secret for found in self.found.values() for v in found)


@dataclass(frozen=True)
class Part:
    """What an ECOSYSTEM check found, with what it was found from."""

    key: str  # the check's key
    findings: Found
    places: Mapping[str, str]  # every file a finding points into (related locations too) → its content key then


class Cache:
    """What a Checker keeps between checks: every file's entry and every ECOSYSTEM check's findings (read from and
    written to the cache file), and in memory the compiled schemas, the models and the read snapshots."""

    def __init__(self, root: Path):
        self.memory = Memory.load(root, f"{__version__}|{_code_fingerprint()}")
        self.compiled: tuple[str, dict[str, Any], SchemaFolder] = ("", {}, SchemaFolder())  # by the schemas' fingerprint
        self.models: tuple[str, Models] | None = None  # with the fingerprint of the sources they were built from
        self.snapshots: dict[str, tuple[str, Any]] = {}  # path → (its content key, the snapshot read from it)

    def run(self, examiner: Examiner, changed: Iterable[str | os.PathLike[str]] = ()) -> CachedRun:
        """One run of the pipeline through the cache. `changed`: paths known to have changed (relative to the root,
        or absolute inside it), read again whatever their stat key says."""
        return CachedRun(self, examiner, changed)


class CachedRun:
    """The pipeline's units of work (engine.Work) for one run, each answered from what the cache kept while what it
    depends on is unchanged, and done (and kept) otherwise."""

    def __init__(self, cache: Cache, examiner: Examiner, changed: Iterable[str | os.PathLike[str]]):
        self.cache = cache
        self.memory = cache.memory
        self.files = cache.memory.files
        self.examiner = examiner
        self.reader = examiner.reader
        self.root = examiner.reader.root
        self.changed = frozenset(_relative(self.root, path) for path in changed)
        self.started = time.time_ns()
        self.content: dict[str, str] = {}  # every file read in this run → its digest, or why it did not read
        self.kept: list[str] = []  # "path:content" of every source kept as data, in order (see `models`)
        self.fed: dict[Input, list[str]] = {}  # input → "path:content" of each source that feeds it
        self.inputs: dict[Input, str] = {}  # input → its fingerprint, taken once in a run
        self.keys: dict[str, str] = {}  # check name → its key
        self._complete: dict[tuple[str, str], bool] = {}  # (entry signature, check set) → every key matches

    # -- sources -----------------------------------------------------------------------------------------------

    def examine(self, source: Source) -> Examined:
        return self._install(source, *(self._answer(source) or self._examine(source)))

    def examine_all(self, sources: list[Source], map_: Mapper) -> list[Examined]:
        for check_set in {source.check_set for source in sources}:
            for check in CHECK_SETS[check_set]:
                self._key(check)  # taken here, before any worker process is forked
        answers = [self._answer(source) for source in sources]
        done = iter(map_(self._examine, [source for source, answer in zip(sources, answers) if answer is None]))
        return [self._install(source, *(answer or next(done))) for source, answer in zip(sources, answers)]

    def _answer(self, source: Source) -> tuple[Examined, Entry] | None:
        """The source answered from its entry without reading it, when its stat key and every check's key match."""
        entry = self.files.get(source.path)
        if entry is None or not self._unchanged(source.path, entry, stat_key(self.reader, source.path, self.started),
                                                source.limit):
            return None
        if not self._all_valid(entry, source.check_set) or (source.keep and entry.data is None):
            return None
        return self._examined(source, entry), entry

    def _examine(self, source: Source) -> tuple[Examined, Entry | None]:
        """The source read when its stat key changed, and the checks whose key changed run on it. Runs in worker
        processes too: it hands back the new entry rather than keeping it."""
        entry = self.files.get(source.path)
        stat_now = stat_key(self.reader, source.path, self.started)  # before reading: an edit while reading shows next time
        raw = None
        if entry is None or not self._unchanged(source.path, entry, stat_now, source.limit):
            raw, errors = self.examiner.read(source)
            if raw is None:
                return self.examiner.unclean(source, LoadResult(None, errors)), None
            entry = _entry_for(entry, stat_now, raw)
        return self._run_checks(source, entry, raw)

    def _run_checks(self, source: Source, entry: Entry, raw: bytes | None) -> tuple[Examined, Entry | None]:
        todo = [c for c in source.checks if not entry.valid(c.name, self._key(c))]
        if not todo and (entry.data is not None or not source.keep):
            return self._examined(source, entry), entry
        document = _kept_document(entry, todo)
        if document is None and raw is None:
            raw, errors = self.examiner.read(source)
            if raw is None:
                return self.examiner.unclean(source, LoadResult(None, errors)), None
            if digest(raw) != entry.digest:  # edited since its stat key was taken: every check, on what was read
                entry, todo = Entry(None, digest(raw)), list(source.checks)
        loaded = LoadResult(document, [], document.text) if document is not None else self.examiner.load(source, raw or b"")
        if not clean(source, loaded):
            return self.examiner.unclean(source, loaded), None
        return self._with_findings(source, entry, loaded, todo, document is not None)

    def _with_findings(self, source: Source, entry: Entry, loaded: LoadResult, todo: list[Check],
                       kept_document: bool) -> tuple[Examined, Entry]:
        """The checks of `todo` run on the loaded source; the entry with their findings under their current keys."""
        found = self.examiner.file_findings(source, loaded, todo)
        entity = None
        if source.kind is not None and loaded.document is not None:
            # built from the kept document, the entity is still the file's (a long-lived process keeps its object)
            entity = entry.examined.entity if kept_document and entry.examined is not None else None
            entity = entity or build_entity(loaded.document, source.kind)
            found.update(self.examiner.entity_findings(entity, todo))
        data = loaded.document.data if source.keep and loaded.document is not None else None
        entry = entry.updated({c.name: self._key(c) for c in todo}, found,
                              card=card_of(entity) if entity is not None and entry.card is None else None, data=data)
        if loaded.document is not None:  # what is located in it from now on is kept with the entry
            loaded.document.positions, loaded.document.digest = entry.positions, entry.digest
        entry.examined = self.examiner.examined(source, entry.found, card=entry.card, document=loaded.document,
                                                entity=entity)
        return entry.examined, entry

    def _examined(self, source: Source, entry: Entry) -> Examined:
        """What an entry answers for its source: what examining it last gave, or (an entry read from the cache file)
        its findings and card, and its kept data as a document."""
        if entry.examined is None:
            document = Document(self.root, source.path, entry.data, limit=source.limit, positions=entry.positions,
                                digest=entry.digest) if entry.data is not None else None
            entry.examined = Examined(source.path, entry.found, card=entry.card, document=document,
                                      ships_document=self.examiner.documents)
        return entry.examined

    def _install(self, source: Source, examined: Examined, entry: Entry | None) -> Examined:
        """Keep what examining the source gave, and note its content key for the inputs it feeds."""
        if entry is None:
            self.memory.drop(source.path)
            content = "unread " + fingerprint(*(f"{v.rule}:{v.line}:{v.col}:{v.message}"
                                                for found in examined.found.values() for v in found))
        else:
            self.files[source.path] = entry
            content = entry.digest
        self.content[source.path] = content
        if source.keep:
            self.kept.append(f"{source.path}:{content}")
        if source.feeds is not None:
            if source.feeds in self.inputs:
                raise RuntimeError(f"{source.path} feeds {source.feeds} after its fingerprint was taken")
            self.fed.setdefault(source.feeds, []).append(f"{source.path}:{content}")
        return examined

    def _unchanged(self, relpath: str, entry: Entry, stat_now: StatKey | None, limit: int = MAX_BYTES) -> bool:
        """Whether the entry stands for the file as it is: read in this run, or its stat key unchanged and its size
        still within `limit` (a model file's limit shrinks when manifests are deleted)."""
        return relpath in self.content or (stat_now is not None and stat_now == entry.stat and stat_now[2] <= limit
                                           and relpath not in self.changed)

    def _all_valid(self, entry: Entry, check_set: str) -> bool:
        """Whether every check of the set ran on the entry under its current key; judged once per set of keys
        (entries read from the cache file share their signature)."""
        known = self._complete.get((entry.signature, check_set))
        if known is None:
            known = self._complete[(entry.signature, check_set)] = all(
                entry.valid(c.name, self._key(c)) for c in CHECK_SETS[check_set])
        return known

    def _content_of(self, relpath: str) -> str:
        """The content key of a file that is an input without being checked (a schema only referenced, an
        artifact): its digest, or why it cannot be read."""
        normalized = PurePosixPath(relpath)
        if normalized.is_absolute() or ".." in normalized.parts:
            return "outside"
        relpath = str(normalized)
        if relpath not in self.content:
            entry = self.files.get(relpath)
            stat_now = stat_key(self.reader, relpath, self.started)
            if entry is None or not self._unchanged(relpath, entry, stat_now):
                raw, errors = self.reader.read(relpath)
                if raw is None:
                    self.memory.drop(relpath)
                    self.content[relpath] = "; ".join(error.message for error in errors)
                    return self.content[relpath]
                entry = self.files[relpath] = _entry_for(entry, stat_now, raw)
            self.content[relpath] = entry.digest
        return self.content[relpath]

    # -- keys --------------------------------------------------------------------------------------------------

    def _key(self, check: Check, eco: Ecosystem | None = None) -> str:
        key = self.keys.get(check.name)
        if key is None:
            key = self.keys[check.name] = fingerprint(check.name, *(self._input(name, eco) for name in check.reads))
        return key

    def _input(self, name: Input, eco: Ecosystem | None) -> str:
        if name not in self.inputs:
            if name in ECOSYSTEM_INPUTS:
                if eco is None:
                    raise RuntimeError(f"{name} is an input only ECOSYSTEM checks may read")
                parts = ECOSYSTEM_INPUTS[name](self, eco)
            elif name not in self.fed:
                raise RuntimeError(f"no source feeds {name}: the engine names it in Source.feeds, or the cache takes it "
                                   "from the ecosystem (ECOSYSTEM_INPUTS)")
            else:
                parts = list(self.fed[name])
                if name is Input.SCHEMAS:
                    parts += [f"{relpath}:{self._content_of(relpath)}"
                              for relpath in iter_files(self.root, SCHEMA_DIR, (".json",))]
            self.inputs[name] = fingerprint(name, *parts)
        return self.inputs[name]

    def _index(self, eco: Ecosystem) -> list[str]:
        return [self.files[card.path].card_key for card in eco.index]

    def _names(self, eco: Ecosystem) -> list[str]:
        return sorted(eco.names)

    def _artifacts(self, eco: Ecosystem) -> list[str]:
        return [f"{relpath}:{self._content_of(relpath)}" for card in eco.pages.values() for _, relpath in card.artifacts]

    def _manifests(self, eco: Ecosystem) -> list[str]:
        return [f"{card.path}:{self.content[card.path]}" for card in eco.pages.values()]

    # -- the other units of work -------------------------------------------------------------------------------

    def schemas(self, documents: Mapping[str, Document]) -> tuple[Mapping[str, Any], list[Violation]]:
        """Each schema compiled, by name; checked again (and compiled now) only when a file of the folder changed.
        One whose check found nothing is compiled when first used."""
        key = self._input(Input.SCHEMAS, None)
        check_key = self._key(schema_rule.CHECK)
        if self.cache.compiled[0] != key:
            self.cache.compiled = (key, {}, SchemaFolder(self.reader))
        _, compiled, folder = self.cache.compiled
        found: list[Violation] = []
        for name, document in documents.items():
            entry = self.files[document.path]
            if not entry.valid(SCHEMA_CHECK, check_key):
                compiled[name], problems = schema_rule.compile_schema(document, folder)
                entry = self.files[document.path] = entry.updated({SCHEMA_CHECK: check_key}, {SCHEMA_CHECK: tuple(problems)})
            elif name not in compiled:
                compiled[name] = None if entry.found.get(SCHEMA_CHECK) else schema_rule.known_good(document, folder)
            found += entry.found.get(SCHEMA_CHECK, ())
        return compiled, found

    def models(self, build: Callable[[], Models]) -> Models:
        """The models, kept while every source read before them is unchanged: the secrets inventory of a large
        ecosystem takes longer to build than the rest of a re-check."""
        key = fingerprint(*self.kept)
        if self.cache.models is None or self.cache.models[0] != key:
            self.cache.models = (key, build())
        return self.cache.models[1]

    def snapshot(self, document: Document, read: Callable[[Document], Any]) -> Any:
        """A committed snapshot as the federated model reads it, read again only when its file changed."""
        content = self.content[document.path]
        kept = self.cache.snapshots.get(document.path)
        if kept is None or kept[0] != content:
            kept = self.cache.snapshots[document.path] = (content, read(document))
        return kept[1]

    def ecosystem(self, check: Check, eco: Ecosystem) -> Found:
        """The ECOSYSTEM check's findings: kept while its key and the files its findings point into are unchanged."""
        key = self._key(check, eco)
        kept = self.memory.parts.get(check.name)
        if kept is None or kept.key != key or any(self.content.get(path, "none") != known
                                                  for path, known in kept.places.items()):
            found = tuple(check.run(eco))
            places = {path: self.content.get(path, "none") for v in found for path in (v.path, *(r.path for r in v.related))}
            kept = self.memory.parts[check.name] = Part(key, found, places)
            self.memory.changed = True
        return kept.findings

    def finish(self, result: Result) -> None:
        """Forget the files this run did not read; write the cache file."""
        self.memory.forget(self.content)
        self.cache.snapshots = {path: kept for path, kept in self.cache.snapshots.items() if path in self.content}
        self.memory.save(forbidden=result.credentials)


ECOSYSTEM_INPUTS: Mapping[Input, Callable[[CachedRun, Ecosystem], list[str]]] = {
    Input.INDEX: CachedRun._index,
    Input.NAMES: CachedRun._names,
    Input.ARTIFACTS: CachedRun._artifacts,
    Input.MANIFESTS: CachedRun._manifests,
}


def _signature(keys: Mapping[str, str]) -> str:
    return "\x00".join(f"{name}={key}" for name, key in sorted(keys.items()))


def _entry_for(known: Entry | None, stat_now: StatKey | None, raw: bytes) -> Entry:
    """The entry of a file just read: the known one when its bytes are unchanged, else a new one."""
    content = digest(raw)
    if known is not None and known.digest == content:
        return known.restat(stat_now)
    return Entry(stat_now, content)


def _kept_document(entry: Entry, todo: list[Check]) -> Document | None:
    """The document parsed when the file was last examined in this process, when it serves the checks to run: the
    FILE checks also read the file's text."""
    kept = entry.examined
    if kept is None or kept.document is None:
        return None
    if any(c.stage is Stage.FILE for c in todo) and kept.document.text is None:
        return None
    return kept.document


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
    package = os.path.dirname(__file__)
    code = sorted(os.path.join(folder, name) for folder, _, names in os.walk(package) for name in names
                  if name.endswith(".py"))
    return ",".join(str(os.stat(path).st_mtime_ns) for path in code)


# -- the cache file -------------------------------------------------------------------------------------------


class Memory:
    """Every file's entry and every ECOSYSTEM check's findings, as read from and written to the cache file."""

    def __init__(self, root: Path, version: str):
        self.version = version
        self.path = cache_dir() / f"{hashlib.sha256(str(root).encode()).hexdigest()[:24]}.json"
        self.files: dict[str, Entry] = {}
        self.parts: dict[str, Part] = {}
        self.changed = False  # since the last save
        self.dropped = False  # an entry was dropped since the file was last written whole: only a rewrite drops its line
        self.on_disk: FileIdentity | None = None  # the file as this memory last read or wrote it, whole and unchanged
        self.appended = 0  # bytes of the file after its first header and the lines written with it: what a rewrite drops

    @classmethod
    def load(cls, root: Path, version: str) -> Memory:
        memory = cls(root, version)
        try:
            text, identity = _read_own(memory.path)
            header, *lines = text.split("\n")
            stored = json.loads(header)
            if isinstance(stored, dict) and stored.get("version") == version:
                memory._decode(stored, lines)
                memory.on_disk = identity
        except (OSError, ValueError, TypeError, AttributeError, KeyError, IndexError):
            memory.files, memory.parts, memory.appended = {}, {}, 0
        return memory

    def drop(self, relpath: str) -> None:
        if self.files.pop(relpath, None) is not None:
            self.changed = self.dropped = True

    def forget(self, keep: Iterable[str]) -> None:
        """Drop the entries of files no longer read (deleted, renamed, no longer a source)."""
        kept = set(keep)
        for relpath in [relpath for relpath in self.files if relpath not in kept]:
            self.drop(relpath)

    def _decode(self, stored: dict, lines: list[str]) -> None:
        inputs = stored["inputs"]
        if not isinstance(inputs, dict):
            raise ValueError("inputs")
        inputs, parts = dict(inputs), stored["parts"]
        shared: dict[str, tuple[dict[str, str], str]] = {}  # the keys of each set, decoded once
        decode = json.JSONDecoder().raw_decode
        for line in lines:
            try:
                row, end = decode(line)
            except ValueError:
                self.appended += len(line) + 1
                continue  # a line of the wrong shape is a miss
            if type(row) is dict:  # a header appended with later entries: the sets of keys they name, every part
                self.appended += len(line) + 1
                if end == len(line) and row.get("version") == self.version and isinstance(row.get("inputs"), dict) \
                        and isinstance(row.get("parts"), dict):
                    inputs.update(row["inputs"])
                    parts = row["parts"]
                continue
            if self.appended:
                self.appended += len(line) + 1
            entry = _entry(row, line, end, inputs, shared)
            if entry is not None:
                self.files[row[0]] = entry
        if not isinstance(parts, dict):
            raise ValueError("parts")
        for name, (key, rows, places) in parts.items():
            if isinstance(name, str) and isinstance(key, str) and isinstance(places, dict) \
                    and all(isinstance(value, str) for value in places.values()):
                try:
                    self.parts[name] = Part(key, tuple(_violation(row) for row in rows), places)
                except (TypeError, ValueError, KeyError, IndexError):
                    continue  # a part of the wrong shape runs again

    def save(self, forbidden: Iterable[str] = ()) -> None:
        """Write what changed: appended to the file while it is as this memory left it and what was appended stays
        under APPENDED_SHARE of it; otherwise the file written whole, leaving out every entry that quotes one of the
        `forbidden` values (credentials a check flagged). Nothing when nothing changed since the cache was read or
        last written."""
        forbidden = [value for value in forbidden if value]
        for entry in self.files.values():
            if len(entry.positions) != entry.positions_written:
                entry.line = None  # positions were located in the file since its line was written
        fresh = [relpath for relpath, entry in self.files.items() if entry.line is None]
        if not (self.changed or fresh or forbidden):
            return
        if not forbidden and not self.dropped and self._append(fresh):
            self.changed = False
            return
        with suppress(OSError, TypeError, ValueError):  # a cache that cannot be written only costs speed
            self._rewrite(forbidden, bool(self.changed or fresh))

    def _append(self, fresh: list[str]) -> bool:
        """The changed entries appended after a header naming their sets of keys and holding every part: a save after
        one edit writes a few kilobytes, not the whole file. False when the file is not as this memory left it (another
        process wrote it meanwhile), when a rewrite is due, or when appending fails."""
        if self.on_disk is None:
            return False
        try:
            return self._append_to(self.on_disk, fresh)
        except (OSError, TypeError, ValueError):
            return False

    def _append_to(self, on_disk: FileIdentity, fresh: list[str]) -> bool:
        keys: dict[str, Mapping[str, str]] = {}
        lines = [""]  # the header, made once the entries' sets of keys are known
        for relpath in fresh:
            entry = self.files[relpath]
            line = self._line_of(relpath, entry)
            if line is not None:
                keys.setdefault(entry.signature, entry.keys)
                lines.append(line)
        lines[0] = self._header(keys)
        added = "".join(f"\n{line}" for line in lines).encode("utf-8")
        if self.appended + len(added) > max(APPENDED_FLOOR, on_disk.size * APPENDED_SHARE):
            return False
        # non-blocking: a FIFO planted there fails to open instead of blocking the check
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | _NO_FOLLOW)
        try:
            if FileIdentity.of(_trusted(os.fstat(descriptor), self.path)) != on_disk:
                return False
            written = os.write(descriptor, added)  # one call: another process's append lands before or after it
        finally:
            os.close(descriptor)
        # a short write leaves a partial line, read as a miss: the next save writes the file whole
        self.on_disk = replace(on_disk, size=on_disk.size + written) if written == len(added) else None
        self.appended += written
        return True

    def _rewrite(self, forbidden: list[str], changed: bool) -> None:
        keys: dict[str, Mapping[str, str]] = {}  # signature → the keys of the entries written under it
        lines = [""]  # the first line, the header, is written last
        quoting = False  # some line or part quotes a forbidden value, and is left out
        for relpath, entry in self.files.items():
            line = self._line_of(relpath, entry)
            if line is None:
                continue
            if forbidden and any(value in line for value in forbidden):
                quoting = True
                continue
            keys.setdefault(entry.signature, entry.keys)
            lines.append(line)
        parts = self._parts(forbidden)
        quoting = quoting or len(parts) < len(self.parts)
        if not changed and not quoting:
            return
        lines[0] = self._header(keys, parts)
        self.on_disk = _write_atomically(self.path, "\n".join(lines).encode("utf-8"))
        self.changed = self.dropped = False
        self.appended = 0

    @staticmethod
    def _line_of(relpath: str, entry: Entry) -> str | None:
        """The entry's line as read, or encoded now; None for an entry never written (its data holds a credential,
        or is data JSON cannot hold)."""
        if entry.line is None:
            if entry.secret:
                return None  # the parsed data or card holds the credential itself
            try:
                entry.line = _line(relpath, entry)
            except (TypeError, ValueError):
                return None
            entry.positions_written = len(entry.positions)
        return entry.line

    def _parts(self, forbidden: list[str]) -> dict[str, list]:
        parts = {}
        for name, part in self.parts.items():
            encoded = [part.key, [_encode(v) for v in part.findings], dict(part.places)]
            if not (forbidden and _quotes(encoded, forbidden)):
                parts[name] = encoded
        return parts

    def _header(self, keys: Mapping[str, Mapping[str, str]], parts: dict[str, list] | None = None) -> str:
        inputs = {fingerprint(signature): dict(written) for signature, written in keys.items()}
        return json.dumps({"version": self.version, "inputs": inputs,
                           "parts": self._parts([]) if parts is None else parts}, separators=(",", ":"))


@dataclass(frozen=True)
class FileIdentity:
    """A file as one process saw it: a file another process replaced or appended to since has another."""

    device: int
    inode: int
    size: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileIdentity:
        return cls(info.st_dev, info.st_ino, info.st_size)


def _quotes(value: Any, forbidden: list[str]) -> bool:
    text = json.dumps(value)
    return any(flagged in text for flagged in forbidden)


def _line(relpath: str, entry: Entry) -> str:
    """The entry's line: its set of keys named by the fingerprint of its signature, which stays valid however the
    other entries change."""
    found = {name: [_encode(v) for v in findings] for name, findings in entry.found.items()}
    card_row = [entry.card_key, *_card_row(entry.card)] if entry.card is not None else None
    return json.dumps([relpath, entry.stat, entry.digest, fingerprint(entry.signature), found, card_row, entry.data,
                       entry.positions], separators=(",", ":"))


def _card_row(card: Card) -> list:
    return [card.kind, card.name, card.category, list(card.additional_categories), card.primary_domain,
            list(card.depends_on), [list(a) for a in card.artifacts]]


def _entry(row: Any, line: str, end: int, inputs: dict,
           shared: dict[str, tuple[dict[str, str], str]]) -> Entry | None:
    """An entry from its line, decoded up to `end`. Only what is used as data is checked for its shape: a stat key
    or digest of the wrong shape merely never matches."""
    try:
        relpath, stat_row, digest_text, keys_id, found, card_row, data, positions = row
        if not (end == len(line) and type(relpath) is str and type(keys_id) is str and isinstance(found, dict)
                and type(digest_text) is str):
            return None
        keys = shared.get(keys_id)
        if keys is None:
            written = inputs.get(keys_id)
            if not (isinstance(written, dict) and all(isinstance(key, str) for key in written.values())):
                return None
            signature = _signature(written)
            if fingerprint(signature) != keys_id:  # a line must name its set by what it holds, or a reused line lies
                return None
            keys = shared[keys_id] = (written, signature)
        findings = {name: tuple(_violation(v) for v in rows) for name, rows in found.items() if name in keys[0]} \
            if found else {}  # most files have no findings
        card = card_key = None
        if card_row is not None:
            card_key, *fields = card_row
            if type(card_key) is not str:
                return None
            card = _card(fields, relpath)
        if not (type(positions) is dict and all(
                type(at) is list and len(at) == 2 and _position(*at) for at in positions.values())):
            positions = {}  # of the wrong shape: located again when asked for
        return Entry(stat_row, digest_text, keys[0], findings, card, data, signature=keys[1], card_key=card_key or "",
                     line=line, positions=positions, positions_written=len(positions))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None  # an entry of the wrong shape is a miss, never a crash


def _texts(value: Any) -> tuple[str, ...]:
    """A cached list of texts, as a tuple. An item that is not text fails the join (TypeError): a miss, as any
    entry of the wrong shape (checking each item's type cost a re-check of 5,000 manifests some 5 ms)."""
    if type(value) is not list:
        raise ValueError("a cached card of the wrong shape")
    if value:
        "".join(value)
    return tuple(value)


def _card(row: Any, relpath: str) -> Card:
    kind, name, category, additional, domain, depends_on, artifacts = row
    if type(kind) is not str or type(name) is not str or type(category) is not str or type(domain) is not str:
        raise ValueError("a cached card of the wrong shape")
    # most manifests name no artifact; a pair that is not two texts fails to unpack (ValueError), a miss
    pairs = tuple((kind_, path) for kind_, path in map(_texts, artifacts)) if artifacts else ()
    return Card.of(relpath, kind, name, category, _texts(additional), domain, _texts(depends_on), pairs)


def _encode(v: Violation) -> list:
    row: list = [v.rule, v.severity.value, v.path, v.line, v.col, v.message, v.hint, v.entity, v.field]
    if v.related:
        row.append([[r.path, r.line, r.col, r.message] for r in v.related])
    return row


def _position(line: Any, col: Any) -> bool:
    return type(line) is int and type(col) is int and line > 0 and col > 0


def _violation(row: list) -> Violation:
    rule, severity, path, line, col, message, hint, entity, field_name, *rest = row
    related = tuple(Related(*item) for item in rest[0]) if rest else ()
    if not (all(isinstance(text, str) for text in (rule, path, message, hint)) and _position(line, col)
            and all(value is None or isinstance(value, str) for value in (entity, field_name))
            and len(rest) <= 1
            and all(isinstance(r.path, str) and isinstance(r.message, str) and _position(r.line, r.col) for r in related)):
        raise ValueError("a cached finding of the wrong shape")
    return Violation(rule, Severity(severity), path, line, col, message, hint, entity=entity, field=field_name,
                     related=related)


def _read_own(path: Path) -> tuple[str, FileIdentity]:
    """The file's text, refusing anything but a regular file of the user's own that nobody else may write: a FIFO
    planted there must not block the check, and another user's file must not answer for this user's."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NO_FOLLOW)
    with open(descriptor, "rb") as handle:
        info = _trusted(os.fstat(handle.fileno()), path)
        raw = handle.read()
        return raw.decode("utf-8"), replace(FileIdentity.of(info), size=len(raw))


def _trusted(info: os.stat_result, path: Path) -> os.stat_result:
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        raise OSError(f"{path} is another user's, or others may write it")
    return info


def _write_atomically(path: Path, raw: bytes) -> FileIdentity:
    """Written beside the cache file under a name of its own (created, never opened: nothing planted there is
    written through), then moved over it."""
    import tempfile  # here: a re-check that appends to the cache file never pays for its import (and random's)

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(raw)
            handle.flush()
            identity = FileIdentity.of(os.fstat(handle.fileno()))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return identity
