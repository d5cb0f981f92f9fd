"""Per-file check results, reused while a file is unchanged.

A re-check after one edit then parses one file instead of all of them. The cache
lives in the user's cache folder, never in the repository, so a pull request
cannot plant results; it is JSON, so reading it cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import platformdirs

from . import __version__
from .violations import Severity, Violation


def cache_dir() -> Path:
    """GETCHITTY_CACHE_DIR, else the platform's user cache folder (XDG on Linux, ~/Library/Caches on macOS...)."""
    override = os.environ.get("GETCHITTY_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("getchitty", appauthor=False))


def _read_regular(path: Path) -> str:
    """The file's text, refusing anything but a regular file (a FIFO planted there must not block the check)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read().decode("utf-8")


def _stat_key(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]


def _encode(v: Violation) -> list:
    return [v.rule, v.severity.value, v.path, v.line, v.col, v.message, v.hint, v.entity, v.field]


def _decode(row: list) -> Violation:
    rule, severity, path, line, col, message, hint, entity, field = row
    if not (all(isinstance(text, str) for text in (rule, path, message, hint))
            and all(type(number) is int and number > 0 for number in (line, col))
            and all(value is None or isinstance(value, str) for value in (entity, field))):
        raise ValueError("a cached finding of the wrong shape")
    return Violation(rule, Severity(severity), path, line, col, message, hint, entity=entity, field=field)


class FileCache:
    def __init__(self, root: Path, fingerprint: str):
        self.root = root
        self.fingerprint = f"{__version__}|{fingerprint}"
        digest = hashlib.sha256(str(root).encode()).hexdigest()[:24]
        self.path = cache_dir() / f"{digest}.json"
        self.entries: dict[str, list] = {}
        self.seen: set[str] = set()
        self.read_keys: dict[str, list[int] | None] = {}
        self.dirty = False
        try:
            stored = json.loads(_read_regular(self.path))
            if stored.get("fingerprint") == self.fingerprint and isinstance(stored.get("files"), dict):
                self.entries = stored["files"]
        except (OSError, ValueError, AttributeError):
            pass

    def get(self, relpath: str) -> tuple[Any, list[Violation]] | None:
        self.seen.add(relpath)
        entry = self.entries.get(relpath)
        key = _stat_key(self.root / relpath)
        # put() stores the key taken here, before the file is read: a file edited while it is
        # being read then mismatches next time instead of pinning the old results to the new file
        self.read_keys[relpath] = key
        try:
            if entry is None or entry[0] != key:
                return None
            return entry[1], [_decode(row) for row in entry[2]]
        except (TypeError, ValueError, KeyError, IndexError):
            return None  # an entry of the wrong shape is a miss, never a crash

    def put(self, relpath: str, data: Any, violations: list[Violation]) -> None:
        key = self.read_keys.pop(relpath, None) or _stat_key(self.root / relpath)
        self.seen.add(relpath)
        if any(v.secret for v in violations):
            # the parsed data holds the credential itself: never copy it into the cache folder
            if self.entries.pop(relpath, None) is not None:
                self.dirty = True
            return
        if key is not None:
            self.entries[relpath] = [key, data, [_encode(v) for v in violations]]
            self.dirty = True

    def save(self, forbidden: Iterable[str] = ()) -> None:
        """Write the entries of the files seen in this check, leaving out every entry that quotes
        one of the `forbidden` values (credentials that another file's check flagged)."""
        forbidden = [value for value in forbidden if value]
        if not forbidden and not self.dirty and self.seen == set(self.entries):
            return
        entries = {relpath: entry for relpath, entry in self.entries.items() if relpath in self.seen}
        try:
            text = json.dumps({"fingerprint": self.fingerprint, "files": entries})
            if forbidden and any(value in text for value in forbidden):
                entries = {relpath: entry for relpath, entry in entries.items()
                           if not any(value in json.dumps(entry) for value in forbidden)}
                text = json.dumps({"fingerprint": self.fingerprint, "files": entries})
                self.dirty = True
            if not self.dirty and self.seen == set(self.entries):
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            with open(os.open(temporary, flags, 0o600), "w", encoding="utf-8") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise OSError(f"{temporary} is not a regular file")
                handle.write(text)
            os.replace(temporary, self.path)
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written only costs speed
