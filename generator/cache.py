"""What the checks found, kept between checks with the fingerprints of what they read.

Every check's findings are a function of its subject (a file, an entity, the
whole ecosystem) and of the inputs it names (rules/__init__.py). The cache
keeps them keyed by exactly that:

- per source file, its stat key (modification and change times, size, inode),
  the digest of its bytes, and, for each check that ran on it (FILE and ENTITY
  stages), the fingerprint of that check's inputs and its findings on the file;
  for a manifest also its card (model.Card), and for the other sources their
  parsed data, from which the models are built without parsing again;
- per ECOSYSTEM check, the fingerprint of its inputs, its findings, and the
  digest of each file a finding points into: a finding's position is only
  valid while the bytes of its file are unchanged, even when the check's
  inputs are (a line added above a dependency moves the finding about it).

A file whose stat key is unchanged is not read again; one whose stat key
changed is read, and when its digest is unchanged (a touch, a checkout of the
same bytes) nothing else happens. A check's findings are reused while the
subject's digest and the check's input fingerprint both match, so an edit to
one manifest re-runs only that file's checks and the ecosystem checks whose
inputs it changed; an edit to scopes.yml re-runs only the checks that read the
scopes.

The cache lives in the user's cache folder, never in the repository, so a pull
request cannot plant results. It is JSON, so reading it cannot run code (a
pickle could), and an entry of the wrong shape is a miss, never a crash. A file
that could not be read cleanly is never kept (trouble reading may pass), nor is
one in which a credential was found, nor any entry that quotes a value a check
flagged as a credential anywhere (`save(forbidden=...)`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load import Document
from .model import Card, Entity
from .violations import Related, Severity, Violation

Findings = tuple[Violation, ...]
Result = tuple[str, Findings]  # (fingerprint of the check's inputs, its findings)


@dataclass(frozen=True)
class Part:
    """What an ECOSYSTEM check found, with what it was found from."""

    key: str  # fingerprint of the check's inputs
    findings: Findings
    places: Mapping[str, str]  # every file a finding points into (related locations too) → its digest then


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


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def stat_key(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]


@dataclass
class Entry:
    """One source file as last checked. `results` is replaced, never changed in place: entries read from the
    cache share it."""

    stat: list[int] | None
    digest: str
    results: Mapping[str, Result] = field(default_factory=dict)  # check name → (inputs fingerprint, findings)
    card: Card | None = None  # a manifest's
    data: Any = None  # the parsed data of a source the models are built from (None: not kept)
    document: Document | None = None  # in memory only: the document last parsed
    entity: Entity | None = None  # in memory only: the entity built from it
    row: list | None = None  # the JSON row this entry was read from, written back while nothing changed
    _card_key: str | None = None

    def valid(self, check: str, inputs: str) -> bool:
        found = self.results.get(check)
        return found is not None and found[0] == inputs

    def findings(self, check: str) -> Findings:
        return self.results[check][1]

    def keep(self, results: Mapping[str, Result]) -> None:
        if results:
            self.results = {**self.results, **results}
            self.row = None

    def restat(self, stat: list[int] | None) -> None:
        """The same bytes under another stat key (touched, or checked out again)."""
        if stat != self.stat:
            self.stat, self.row = stat, None

    @property
    def card_key(self) -> str:
        """A fingerprint of the card, its path included: what the rules relating entities read of this file."""
        if self._card_key is None:
            self._card_key = "" if self.card is None else fingerprint(self.card.path, json.dumps(_card_row(self.card)))
        return self._card_key

    @property
    def secret(self) -> bool:
        return any(v.secret for _, found in self.results.values() for v in found)


class Memory:
    """Every file's entry and every ecosystem check's findings: what a Checker keeps between checks, and what
    is read from and written to the cache file (`load`, `save`)."""

    def __init__(self, root: Path, version: str):
        self.version = version
        self.path = cache_dir() / f"{hashlib.sha256(str(root).encode()).hexdigest()[:24]}.json"
        self.files: dict[str, Entry] = {}
        self.parts: dict[str, Part] = {}
        self.changed = False  # since the last save
        self._shared: dict[tuple, Mapping[str, Result]] = {}  # results without findings, by their inputs

    @classmethod
    def load(cls, root: Path, version: str) -> Memory:
        memory = cls(root, version)
        try:
            stored = json.loads(_read_regular(memory.path))
            if isinstance(stored, dict) and stored.get("version") == version:
                memory._decode(stored)
        except (OSError, ValueError, TypeError, AttributeError, KeyError, IndexError):
            memory.files, memory.parts = {}, {}
        return memory

    def share(self, entry: Entry) -> None:
        """Entries that hold no finding share one results object per set of inputs, as those read from the cache
        do: a re-check then answers thousands of them with one lookup each."""
        if any(found for _, found in entry.results.values()):
            return
        key = tuple(sorted((name, inputs) for name, (inputs, _) in entry.results.items()))
        entry.results = self._shared.setdefault(key, entry.results)

    def forget(self, keep: Iterable[str]) -> None:
        """Drop the entries of files no longer read (deleted, renamed, no longer a source)."""
        kept = set(keep)
        for relpath in [relpath for relpath in self.files if relpath not in kept]:
            del self.files[relpath]
            self.changed = True

    # -- the file ---------------------------------------------------------------------------------------------

    def _decode(self, stored: dict) -> None:
        inputs = stored["inputs"]
        if not isinstance(inputs, list):
            raise ValueError("inputs")
        shared: list[Mapping[str, Result] | None] = [None] * len(inputs)  # results without findings, per set of inputs
        for relpath, row in stored["files"].items():
            entry = _entry(row, relpath, inputs, shared)
            if entry is not None:
                self.files[relpath] = entry
        for name, (inputs_key, rows, places) in stored["parts"].items():
            if isinstance(name, str) and isinstance(inputs_key, str) and isinstance(places, dict) \
                    and all(isinstance(value, str) for value in places.values()):
                try:
                    self.parts[name] = Part(inputs_key, tuple(_violation(row) for row in rows), places)
                except (TypeError, ValueError, KeyError, IndexError):
                    continue  # a part of the wrong shape runs again

    def save(self, forbidden: Iterable[str] = ()) -> None:
        """Write every entry, leaving out every entry that quotes one of the `forbidden` values (credentials
        a check flagged); nothing when nothing changed since the cache was read or last written."""
        forbidden = [value for value in forbidden if value]
        changed = self.changed or any(entry.row is None for entry in self.files.values())
        if not changed and not forbidden:
            return
        table = _Table()
        files = {}
        for relpath, entry in self.files.items():
            if entry.row is None:
                if entry.secret:
                    continue  # the parsed data or card holds the credential itself
                entry.row = _row(entry, table)
            else:
                entry.row[2] = table.index(entry.results)
            files[relpath] = entry.row
        parts = {name: [part.key, [_encode(v) for v in part.findings], dict(part.places)] for name, part in self.parts.items()}
        layout = {"version": self.version, "inputs": table.rows, "files": files, "parts": parts}
        try:
            text = json.dumps(layout, separators=(",", ":"))
            if forbidden and any(value in text for value in forbidden):
                layout["files"] = {relpath: row for relpath, row in files.items() if not _quotes(row, forbidden)}
                layout["parts"] = {name: part for name, part in parts.items() if not _quotes(part, forbidden)}
                text = json.dumps(layout, separators=(",", ":"))
            elif not changed:
                return
            _write_atomically(self.path, text)
            self.changed = False
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written only costs speed


def _quotes(value: Any, forbidden: list[str]) -> bool:
    text = json.dumps(value)
    return any(flagged in text for flagged in forbidden)


class _Table:
    """The distinct sets of (check, inputs fingerprint) pairs of the entries, written once each: most files were
    checked with the same inputs, and each entry names its set by index."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self._by_text: dict[str, int] = {}
        self._by_identity: dict[int, tuple[int, Mapping]] = {}  # entries read from the cache share their results

    def index(self, results: Mapping[str, Result]) -> int:
        known = self._by_identity.get(id(results))
        if known is not None and known[1] is results:
            return known[0]
        keys = {name: key for name, (key, _) in sorted(results.items())}
        text = json.dumps(keys, separators=(",", ":"))
        index = self._by_text.get(text)
        if index is None:
            index = self._by_text[text] = len(self.rows)
            self.rows.append(keys)
        self._by_identity[id(results)] = (index, results)
        return index


def _row(entry: Entry, table: _Table) -> list:
    found = {name: [_encode(v) for v in findings] for name, (_, findings) in entry.results.items() if findings}
    card_row = [entry.card_key, *_card_row(entry.card)] if entry.card is not None else None
    return [entry.stat, entry.digest, table.index(entry.results), found, card_row, entry.data]


def _card_row(card: Card | None) -> list:
    if card is None:
        return []
    return [card.kind, card.name, card.category, list(card.additional_categories), card.primary_domain,
            list(card.depends_on), [list(a) for a in card.artifacts]]


def _entry(row: Any, relpath: str, inputs: list, shared: list[Mapping[str, Result] | None]) -> Entry | None:
    """An entry from its row. Only what is used as data is checked for its shape: a stat key or digest of the
    wrong shape merely never matches."""
    try:
        stat_row, digest_text, index, found, card_row, data = row
        if not (type(index) is int and 0 <= index < len(inputs) and isinstance(found, dict) and type(digest_text) is str):
            return None
        results = shared[index]
        if results is None:
            keys = inputs[index]
            if not (isinstance(keys, dict) and all(isinstance(key, str) for key in keys.values())):
                return None
            results = shared[index] = {name: (key, ()) for name, key in keys.items()}
        if found:
            results = {name: (key, tuple(_violation(v) for v in found.get(name, ()))) for name, (key, _) in results.items()}
        entry = Entry(stat_row, digest_text, results, data=data, row=row)
        if card_row is not None:
            key, *fields = card_row
            if type(key) is not str:
                return None
            entry.card, entry._card_key = _card(fields, relpath), key
        return entry
    except (TypeError, ValueError, KeyError, IndexError):
        return None  # an entry of the wrong shape is a miss, never a crash


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list or (value and not all(type(item) is str for item in value)):
        raise ValueError("a cached card of the wrong shape")
    return tuple(value)


def _card(row: Any, relpath: str) -> Card:
    kind, name, category, additional, domain, depends_on, artifacts = row
    if type(kind) is not str or type(name) is not str or type(category) is not str or type(domain) is not str:
        raise ValueError("a cached card of the wrong shape")
    pairs = tuple(_texts(pair) for pair in artifacts) if artifacts else ()
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("a cached card of the wrong shape")
    return Card(relpath, kind, name, category, _texts(additional), domain, _texts(depends_on),
                tuple((kind_, path) for kind_, path in pairs))


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


def _read_regular(path: Path) -> str:
    """The file's text, refusing anything but a regular file (a FIFO planted there must not block the check)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read().decode("utf-8")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with open(os.open(temporary, flags, 0o600), "w", encoding="utf-8") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{temporary} is not a regular file")
        handle.write(text)
    os.replace(temporary, path)
