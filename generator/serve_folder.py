"""While serving: the last build's site folder kept in place, so that a rebuild overwrites its files.

Before every build MkDocs empties the site folder (all but its hidden entries), so each rebuild makes every
folder and file of the site anew; overwriting them in place saves a quarter of a rebuild of this repository
(bench/serve_folder_bench.py: 824 ms against 1,077 ms). So, around MkDocs' cleaning:

- `hold`, before it: the folder's subfolders move into a hidden folder inside it, which MkDocs leaves alone;
  its top-level files (a rename would count as a write, below) are left for MkDocs to remove;
- `restore`, after it and before the first write: the subfolders move back, and whatever stands where the
  build will write a file or a folder of another kind goes;
- `prune`, after the last write: every file the build did not write again goes, and then every emptied folder,
  so the folder holds exactly what a build into an empty folder writes.

A rebuild also writes every static file and page again (the theme's assets and the read API's files were a
quarter of a second at 1,000 services), though nearly all stand as the last build left them: `UnchangedCopies`
names those, the build leaves them in place, and `prune` spares them.

"Written again" is told by the inode's change time, which every write, copy or rename sets and nothing can
set back: a file whose change time is older than a mark taken before the build wrote anything was not written
by it. The mark is taken strictly later than every held file's change time (the file system's clock is
coarse), and a clock that went backwards during the build turns pruning off for that build rather than risk a
written file. A held folder with a symbolic link inside, or any failure of the moves, falls back to what
MkDocs does: the held files are deleted and the build writes everything anew. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

HELD_PREFIX = ".getchitty-held-"
_MARK_TRIES = 200  # a millisecond each: the coarsest file system clock in use ticks every 10 ms


class KeptFolder:
    def __init__(self) -> None:
        self.root: Path | None = None
        self.held: Path | None = None
        self.since: int | None = None  # the mark, in the file system's nanoseconds; None: nothing to prune

    def hold(self, site_dir: str) -> None:
        """Before MkDocs empties `site_dir`: its subfolders set aside where the emptying does not reach."""
        self._drop()
        root = Path(site_dir)
        if root.is_symlink() or not root.is_dir():
            return
        folders = [entry for entry in os.scandir(root)
                   if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)]
        if not folders:
            return
        newest = _newest_change(entry.path for entry in folders)
        if newest is None:  # a link inside: MkDocs' own cleaning, and a build from nothing
            return
        try:
            held = Path(tempfile.mkdtemp(dir=root, prefix=HELD_PREFIX))
            self.root, self.held = root, held
            for entry in folders:
                os.rename(entry.path, held / entry.name)
            self.since = _mark_after(held, newest)
        except OSError:
            self.since = None
        if self.since is None:  # no mark to tell written files by: MkDocs' own emptying
            self._drop()

    def restore(self, outputs: Iterable[str]) -> None:
        """After the emptying, before any write: the held subfolders back in place. `outputs`: the paths the build
        writes, relative to the site folder; a held entry of another kind in the way of one (a file where a folder
        goes, or the reverse) is removed, since writing there would fail."""
        if self.held is None or self.root is None:
            return
        root, held = self.root, self.held
        self.held = None
        moved: list[Path] = []
        try:
            for entry in os.scandir(held):
                if not os.path.lexists(root / entry.name):  # else a plugin wrote it meanwhile: that one stands
                    os.rename(entry.path, root / entry.name)
                    moved.append(root / entry.name)
        except OSError:  # what came back goes again: with nothing held, nothing is owed a prune
            for path in moved:
                shutil.rmtree(path, ignore_errors=True)
            self.since = None
        shutil.rmtree(held, ignore_errors=True)
        if self.since is not None:
            _clear_the_way(root, outputs)

    def prune(self, spared: AbstractSet[str] = frozenset()) -> None:
        """After the build's last write: what it did not write again goes, but for the `spared` files (absolute
        paths, normalized), then the folders left empty."""
        root, since = self.root, self.since
        self.root = self.since = None
        if root is None or since is None or self.held is not None:
            return
        if _mark_after(root, since - 1) is None:  # the clock went back: some written file may look old
            return
        for entry in os.scandir(root):
            if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                _prune(Path(entry.path), since, spared)

    def abort(self) -> None:
        """The build failed: held subfolders go back as they were (the last good site stays served), and no
        pruning is owed."""
        if self.held is not None and self.root is not None:
            self.restore(())
        self.root = self.since = None

    def _drop(self) -> None:
        if self.held is not None:
            shutil.rmtree(self.held, ignore_errors=True)
        self.root = self.held = self.since = None


def _newest_change(folders: Iterable[str]) -> int | None:
    """The latest change time of anything under `folders`, or None when one holds a symbolic link."""
    newest = 0
    for folder in folders:
        for current, dirs, files in os.walk(folder):
            for name in (*dirs, *files):
                status = os.lstat(os.path.join(current, name))
                if stat.S_ISLNK(status.st_mode):
                    return None
                newest = max(newest, status.st_ctime_ns)
    return newest


def _mark_after(folder: Path, after: int) -> int | None:
    """A change time of `folder`'s file system strictly later than `after`, or None if its clock does not get there."""
    for _ in range(_MARK_TRIES):
        fd, mark = tempfile.mkstemp(dir=folder, prefix=".getchitty-mark-")
        try:
            now = os.fstat(fd).st_ctime_ns
        finally:
            os.close(fd)
            os.unlink(mark)
        if now > after:
            return now
        time.sleep(0.001)
    return None


def _clear_the_way(root: Path, outputs: Iterable[str]) -> None:
    # os-level calls on strings: this runs on every rebuild, once per file of the site.
    base = str(root)
    folders: set[str] = set()
    for output in outputs:
        path = os.path.join(base, output)
        kind = _kind(path)
        if kind == stat.S_IFDIR:
            shutil.rmtree(path)
        elif kind == stat.S_IFLNK:
            os.unlink(path)
        parent = os.path.dirname(output)
        while parent and parent not in folders:
            folders.add(parent)
            parent = os.path.dirname(parent)
    for folder in sorted(folders, key=len):  # a parent before its children: removing it removes them
        path = os.path.join(base, folder)
        if _kind(path) not in (stat.S_IFDIR, None):
            os.unlink(path)


def _kind(path: str) -> int | None:
    try:
        return stat.S_IFMT(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):  # nothing there, or a file where a folder of its path goes
        return None


def _prune(folder: Path, since: int, spared: AbstractSet[str]) -> None:
    for current, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            path = os.path.join(current, name)
            if os.lstat(path).st_ctime_ns < since and path not in spared:
                os.unlink(path)
        for name in dirs:
            path = os.path.join(current, name)
            if not os.listdir(path):
                os.rmdir(path)
    if not os.listdir(folder):
        os.rmdir(folder)


Signature = tuple[int, int, int, int, int]  # device, inode, size, modification and change times (ns)
Source = str | Callable[[], str]  # a file's path, or what gives its text


class UnchangedCopies:
    """The static files and pages a rebuild need not write again: each copy the last build left stands as it left it
    (the same file with the same size and times), and its source is unchanged too: a file that stands as it stood,
    or the same text. A change time is set by every write and no call can set it back, so a source edited, replaced
    or touched, and a copy written over meanwhile, are written again."""

    def __init__(self) -> None:
        self._left: dict[str, tuple[Signature | str, Signature]] = {}  # copy → (source, copy) as the last build left them
        self._sources: list[tuple[str, Source]] = []  # this build's (copy, source file or text)
        self.spared: set[str] = set()  # the copies the build (this one, or the last once it ended) leaves as they are

    def unchanged(self, copies: Iterable[tuple[str, str]], texts: Iterable[tuple[str, Callable[[], str]]] = ()
                  ) -> AbstractSet[str]:
        """A build's static files, before it writes any: `copies` are (source file, copy) pairs, `texts` (copy, its
        text) for a file written from a text, every path absolute. Returns the copies to leave as they are."""
        self._sources = [(os.path.normpath(copy), source) for source, copy in copies]
        self._sources += [(os.path.normpath(copy), text) for copy, text in texts]
        self.spared = {copy for copy, source in self._sources if self._stands(copy, source)}
        return self.spared

    def left_as_written(self, copy: str, text: str) -> bool:
        """One page of the build, whose text is `text`, to be written to `copy` (absolute): whether it can be left
        as the last build wrote it."""
        copy = os.path.normpath(copy)

        def source() -> str:
            return text

        self._sources.append((copy, source))
        if not self._stands(copy, source):
            return False
        self.spared.add(copy)
        return True

    def record(self) -> None:
        """After a build's last write: its files as it left them."""
        left: dict[str, tuple[Signature | str, Signature]] = {}
        for copy, source in self._sources:
            copy_now = _signature(copy, follow=False)
            source_now = _signature(source, follow=True) if isinstance(source, str) else source()
            if source_now is not None and copy_now is not None:
                left[copy] = (source_now, copy_now)
        self._left, self._sources = left, []

    def forget(self) -> None:
        self._left, self._sources, self.spared = {}, [], set()

    def _stands(self, copy: str, source: Source) -> bool:
        """Whether `copy` stands as the last build left it, made from the same source."""
        before = self._left.get(copy)
        if before is None or _signature(copy, follow=False) != before[1]:
            return False
        if isinstance(source, str):
            return _signature(source, follow=True) == before[0]
        text = source()
        return text is before[0] or text == before[0]  # a text kept between builds is the same object


def _signature(path: str, *, follow: bool) -> Signature | None:
    """A regular file's identity and times; None for anything else (a link, when not followed) or nothing."""
    try:
        status = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
