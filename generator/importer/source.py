"""Reading the source repository safely, and the log of what the import did.

Every file is read through `SourceTree`, which never follows a link out of the
source repository, refuses files that are too large, and reports binary or
undecodable files instead of failing on them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..load import open_nonblocking

MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Note:
    """Something the report tells about one place in the source repository."""

    path: str  # relative to the source repository, POSIX separators
    line: int  # 1-based; 0 when the note is about the whole file
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class ImportLog:
    written: list[tuple[str, str]] = field(default_factory=list)  # (path in the target, what it holds)
    decisions: list[Note] = field(default_factory=list)  # how something was mapped, where a choice was made
    unmapped: list[Note] = field(default_factory=list)  # what could not be mapped, and why
    # each note once, looked up in a set: scanning the list made 190,000 rows take minutes
    _decided: set[Note] = field(default_factory=set, repr=False)
    _skipped: set[Note] = field(default_factory=set, repr=False)

    def decide(self, path: str, line: int, message: str) -> None:
        note = Note(path, line, message)
        if note not in self._decided:
            self._decided.add(note)
            self.decisions.append(note)

    def skip(self, path: str, line: int, message: str) -> None:
        note = Note(path, line, message)
        if note not in self._skipped:
            self._skipped.add(note)
            self.unmapped.append(note)


class SourceTree:
    """Read-only access to the repository being imported."""

    def __init__(self, root: Path, log: ImportLog):
        self.root = root.resolve()
        self.log = log

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop
            return False

    def is_file(self, relpath: str) -> bool:
        path = self.root / relpath
        try:
            return self._inside(path) and stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            return False

    def is_dir(self, relpath: str) -> bool:
        path = self.root / relpath
        try:
            return self._inside(path) and stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            return False

    def files(self, folder: str, *, recursive: bool = False, suffixes: tuple[str, ...] = ()) -> list[str]:
        """Relative paths of the regular files in `folder`, sorted; links leading outside are reported and left out."""
        if not self.is_dir(folder):
            return []
        found: list[str] = []
        base = self.root / folder
        try:
            walked = os.walk(base) if recursive else iter([(str(base), [], os.listdir(base))])
            for top, dirs, names in walked:
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    self._add(Path(top) / name, suffixes, found)
        except OSError as exc:
            self.log.skip(folder, 0, f"cannot list the folder: {exc.strerror or exc}")
        return sorted(found)

    def _add(self, path: Path, suffixes: tuple[str, ...], found: list[str]) -> None:
        relpath = path.relative_to(self.root).as_posix()
        if path.name.startswith(".") or (suffixes and not path.name.endswith(suffixes)):
            return
        if path.is_symlink() and not self._inside(path):
            self.log.skip(relpath, 0, "is a link to a place outside the source repository; not read")
            return
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            self.log.skip(relpath, 0, f"cannot be read: {exc.strerror or exc}")
            return
        if stat.S_ISREG(mode):
            found.append(relpath)
        elif not stat.S_ISDIR(mode):
            self.log.skip(relpath, 0, "is not a regular file; not read")

    def read_bytes(self, relpath: str) -> bytes | None:
        path = self.root / relpath
        if not self._inside(path):
            self.log.skip(relpath, 0, "leads outside the source repository; not read")
            return None
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                self.log.skip(relpath, 0, "is not a regular file; not read")
                return None
            if info.st_size > MAX_BYTES:
                self.log.skip(relpath, 0, f"is {info.st_size / 1_048_576:.1f} MiB, larger than the {MAX_BYTES // 1_048_576} MiB "
                                          "a governance document may be; not read")
                return None
            with open_nonblocking(path) as handle:  # a FIFO swapped in after the stat must not block the import
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    self.log.skip(relpath, 0, "is not a regular file; not read")
                    return None
                return handle.read(MAX_BYTES + 1)
        except OSError as exc:
            self.log.skip(relpath, 0, f"cannot be read: {exc.strerror or exc}")
            return None

    def read_text(self, relpath: str) -> str | None:
        """The file as text, or None (reported) when it is unreadable or binary."""
        raw = self.read_bytes(relpath)
        if raw is None:
            return None
        if b"\x00" in raw:
            self.log.skip(relpath, 0, "is a binary file, not text; not read")
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.log.skip(relpath, line, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; the file was read as "
                                         "Windows-1252 instead (re-save it as UTF-8)")
            return raw.decode("cp1252", errors="replace")
