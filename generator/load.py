"""Stage 1: read YAML and JSON sources into plain data, keeping a way back to positions.

Parsing is the hot path of a check, so a document is parsed once: by yaml-rs
where its values are provably PyYAML's (fast_yaml.py), otherwise with PyYAML's
C loader (pyyaml_path.py). Positions are resolved only when a finding needs one,
by composing the node tree of that single file with PyYAML on demand.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import fast_yaml
from .reading import MAX_DEPTH, DuplicateKey, Failure, LineIndex, LoadError, load_error, long_number_position, scalar_problem

MAX_BYTES = 2 * 1024 * 1024  # a source about one thing: a manifest, a schema, a Canon file, a snapshot
# A model file lists every entity (its scopes, its tokens, its roadmap items...), so what it legitimately holds grows
# with the ecosystem: this repository's secrets inventory holds about 1 KiB per service.
PER_ENTITY_BYTES = 4 * 1024
MAX_PUBLISHED_BYTES = 32 * 1024 * 1024  # any file under docs/ (images too) is scanned before it is published


FieldPath = tuple  # of str keys and int indexes


@dataclass(eq=False)
class Document:
    """One parsed source file. `data` is plain JSON-like data."""

    root: Path
    path: str  # relative to root, POSIX separators
    # A document's repr names its file; what the file holds is fingerprinted by its bytes where that matters
    # (the check's cache, the entity pages a serve keeps: render.KeptPages).
    data: Any = field(repr=False)
    text: str | None = field(default=None, repr=False)
    limit: int = field(default=MAX_BYTES, repr=False)  # the size it was read under, to read its text again
    _places: list | None = field(default=None, repr=False)  # _Place of the root, once a position is asked for
    _composed: bool = field(default=False, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)
    # What was located in the same bytes before, "[value, *path]" → [line, col], kept by the check's cache between
    # runs: a document answered from the cache then answers those without composing its file again. None: not kept.
    positions: dict[str, list[int]] | None = field(default=None, repr=False)
    digest: str = field(default="", repr=False)  # of the bytes `positions` were located in
    # Its values are yaml-rs's, checked (fast_yaml.py): texts without surrogates, integers of at most 64 bits,
    # booleans, nulls, lists and text-keyed mappings, no float. A validator that reads only JSON's values
    # reads these exactly (rules/schema.py).
    plain: bool = field(default=False, repr=False)

    @property
    def abspath(self) -> Path:
        return self.root / self.path

    def source_text(self) -> str:
        """The file's text (read again, as the check reads files, for a document answered from the cache)."""
        if self.text is None:
            raw, _ = Reader(self.root).read(self.path, self.limit)
            if self.positions is not None and (raw is None or digest(raw) != self.digest):
                self.positions = None  # the file changed since: what was located in it before no longer holds
            self.text = raw.decode("utf-8", errors="replace") if raw is not None else ""
        return self.text

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.source_text())
        return self._lines

    def _tree(self) -> list | None:
        if not self._composed:
            self._composed = True
            from . import pyyaml_path

            self._places = pyyaml_path.places(self.source_text())
        return self._places

    def locate(self, field_path: FieldPath, *, value: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the key at `field_path`, or of its value.

        When the path does not exist, the deepest existing ancestor's key is
        returned, so a missing `routes.health` points at `routes`.
        """
        kept = self.positions
        key = _position_key(field_path, value) if kept is not None else None
        if kept is not None and key in kept:
            line, col = kept[key]
            return line, col
        line, col = self._locate(field_path, value)
        if self.positions is not None and key is not None:  # reading the text may have found the file changed
            self.positions[key] = [line, col]
        return line, col

    def _locate(self, field_path: FieldPath, value: bool) -> tuple[int, int]:
        place = self._tree()
        if place is None:
            return (1, 1)
        offset = place[0]
        for segment in field_path:
            children = place[1]
            if isinstance(children, dict) and isinstance(segment, str) and segment in children:
                key_offset, place = children[segment]
            elif isinstance(children, list) and isinstance(segment, int) and 0 <= segment < len(children):
                key_offset, place = None, children[segment]
            else:
                break
            offset = place[0] if value or key_offset is None else key_offset
        else:
            if value:
                offset = place[0]
        return self.lines.position(offset)

    def has(self, field_path: FieldPath) -> bool:
        node: Any = self.data
        for segment in field_path:
            in_mapping = isinstance(node, dict) and isinstance(segment, str) and segment in node
            in_list = isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node)
            if in_mapping or in_list:
                node = node[segment]
            else:
                return False
        return True


@dataclass
class LoadResult:
    """A file as loaded: its document when it parsed, and every error met on the way."""

    document: Document | None
    errors: list[LoadError]
    text: str | None = None  # the decoded text, even when it does not parse

    @property
    def missing(self) -> bool:
        """Nothing but the file's absence went wrong."""
        return bool(self.errors) and all(e.failure is Failure.MISSING for e in self.errors)


def _position_key(field_path: FieldPath, value: bool) -> str | None:
    """What a position located in a document is kept under; None for a path JSON cannot hold (located, not kept)."""
    try:
        return json.dumps([value, *field_path])
    except (TypeError, ValueError):
        return None


def digest(raw: bytes) -> str:
    """A file's content key: the check's cache keys what it keeps of a file by it."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _fail(failure: Failure, path: str, message: str, position: tuple[int, int] = (1, 1)) -> LoadResult:
    return LoadResult(None, [load_error(failure, path, position, message)])


def _too_large(relpath: str, size: int, limit: int, model: bool) -> LoadError:
    return load_error(Failure.TOO_LARGE, relpath, (1, 1), f"{relpath} is {size / 1_048_576:.1f} MiB; {_limit_text(limit, model)}")


def open_descriptor(path: str | Path, *, follow: bool = True) -> int:
    """Open for reading without blocking: a FIFO swapped in after the stat must not hang the check
    (the caller's fstat then tells what was opened). `follow=False`: a link is refused (ELOOP)."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))


def open_nonblocking(path: Path) -> BinaryIO:
    """open_descriptor as a file object."""
    return open(open_descriptor(path), "rb")


def _read_at_most(descriptor: int, size: int, expected: int) -> bytes:
    """At most `size` bytes of a regular file that measured `expected` bytes once opened.

    The first read asks for one byte past `expected`, not for `size`: Python allocates what a read asks for (2 MiB
    a file, then shrunk), and getting exactly `expected` bytes from it is the file's end, without one more read to
    be told so (a cold check of 5,000 manifests makes 5,500 reads instead of 10,600). A file that grew since, or a
    short read, is read on to `size`."""
    first = os.read(descriptor, min(size, expected + 1))
    if len(first) == expected or len(first) >= size:
        return first
    chunks = [first]
    size -= len(first)
    while size > 0:
        chunk = os.read(descriptor, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class Reader:
    """Reads the source files of one repository, refusing anything that is not a regular file inside it.

    Resolving every file costs a realpath walk each, so each folder is resolved
    once per reader; a check makes one reader, so a long-lived process (mkdocs
    serve) sees folders that were replaced by links since the last check.
    """

    def __init__(self, root: Path):
        self.root = root
        self.root_text = str(root)
        self._real_root = os.path.realpath(root)
        self._real_folders: dict[str, str] = {}
        self._listed: set[str] = set()  # files `list_sources` saw as regular files, not links
        self._plain_folders: dict[str, bool] = {}

    def list_sources(self, folder: str) -> tuple[list[str], list[LoadError]]:
        """load.list_sources of the folder, each file it saw as a regular file (its directory entry's type, no
        system call) remembered: reading one opens it without looking at it first (an lstat and the checks of
        `_plain_file`, a third of reading a manifest), and what was opened is still checked, as every file is."""
        return list_sources(self.root, folder, regular=self._listed)

    def real_folder(self, folder: str) -> str:
        """Where the folder `folder` (relative to the root; "" for the root) really lies, every link on its
        way resolved: once per folder and reader."""
        real = self._real_folders.get(folder)
        if real is None:
            real = self._real_folders[folder] = os.path.realpath(os.path.join(self.root, folder)) if folder \
                else self._real_root
        return real

    def _plain_file(self, relpath: str, target: str) -> os.stat_result | None:
        """The file's own status when `relpath` lies inside the root with no symlink and no '..' on the way (its
        lstat is then its stat). None only means "resolve it the slow way"."""
        folder, _, name = relpath.rpartition("/")
        if name in ("", "..") or not self._plain_folder(folder):
            return None
        try:
            info = os.lstat(target)
        except OSError:
            return None
        return None if stat.S_ISLNK(info.st_mode) else info

    def read(self, relpath: str, limit: int = MAX_BYTES, *, model: bool = False) -> tuple[bytes | None, list[LoadError]]:
        """The file's bytes, at most `limit` of them (`model`: the limit is a model file's, model_limit)."""
        try:
            relpath.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes in the name: no page, report or URL could carry it
            return None, [load_error(Failure.ENCODING, relpath, (1, 1), "the file's name is not valid UTF-8; rename the file")]
        target = f"{self.root_text}/{relpath}"  # no Path per file: a check reads thousands
        try:
            if relpath in self._listed and self._plain_folder(relpath.rpartition("/")[0]):
                with contextlib.suppress(OSError):  # not a plain file any more (a link, gone): as any other file
                    return self._read_opened(open_descriptor(target, follow=False), relpath, limit, model)
            info = self._plain_file(relpath, target)
            if info is None:
                if not Path(target).resolve().is_relative_to(self.root.resolve()):
                    return None, [load_error(Failure.OUTSIDE, relpath, (1, 1), f"{relpath} resolves to a path outside the repository")]
                info = os.stat(target)
            if not stat.S_ISREG(info.st_mode):
                kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
                return None, [load_error(Failure.NOT_A_FILE, relpath, (1, 1), f"{relpath} is {kind}")]
            if info.st_size > limit:
                return None, [_too_large(relpath, info.st_size, limit, model)]
            return self._read_opened(open_descriptor(target), relpath, limit, model)
        except FileNotFoundError:
            return None, [load_error(Failure.MISSING, relpath, (1, 1), f"{relpath} does not exist")]
        except RuntimeError:  # Path.resolve() on a symlink loop, before Python 3.13
            return None, [load_error(Failure.UNREADABLE, relpath, (1, 1), f"cannot read {relpath}: it is a symbolic link loop")]
        except OSError as exc:
            return None, [load_error(Failure.UNREADABLE, relpath, (1, 1), f"cannot read {relpath}: {exc.strerror or exc}")]

    def _read_opened(self, descriptor: int, relpath: str, limit: int, model: bool) -> tuple[bytes | None, list[LoadError]]:
        """At most `limit` + 1 bytes of what `descriptor` opened, which it closes, when that is a regular file of
        at most `limit` bytes (another file may have been swapped in since the file was looked at)."""
        try:
            opened = os.fstat(descriptor)
            if not stat.S_ISREG(opened.st_mode):
                return None, [load_error(Failure.NOT_A_FILE, relpath, (1, 1), f"{relpath} is not a regular file")]
            if opened.st_size > limit:
                return None, [_too_large(relpath, opened.st_size, limit, model)]
            return _read_at_most(descriptor, limit + 1, opened.st_size), []
        finally:
            os.close(descriptor)

    def _plain_folder(self, folder: str) -> bool:
        """Whether the folder lies inside the root with no link on its way: once per folder and reader."""
        plain = self._plain_folders.get(folder)
        if plain is None:
            plain = self._plain_folders[folder] = ".." not in folder.split("/") and \
                (not folder or self.real_folder(folder) == os.path.join(self._real_root, folder))
        return plain

    def load(self, relpath: str, *, expect: type = dict, limit: int = MAX_BYTES) -> LoadResult:
        """Read and parse one source; every problem becomes a LoadError, never an exception."""
        raw, errors = self.read(relpath, limit)
        if raw is None:
            return LoadResult(None, errors)
        return load_bytes(self.root, relpath, raw, expect=expect, limit=limit)

    def text(self, relpath: str, *, markdown: bool = True) -> tuple[str | None, list[LoadError]]:
        """The decoded text of a file that is scanned but not parsed (see decode_text)."""
        raw, errors = self.read(relpath, text_limit(markdown))
        if raw is None:
            return None, errors
        return decode_text(relpath, raw, markdown=markdown)


def load_bytes(root: Path, relpath: str, raw: bytes, *, expect: type = dict, limit: int = MAX_BYTES) -> LoadResult:
    """Decode and parse a source's bytes (as read by Reader.read with `limit`)."""
    text, errors = decode(relpath, raw)
    if text is None:
        return LoadResult(None, errors)
    result = parse(root, relpath, text, expect=expect)
    if result.document is not None:
        result.document.limit = limit
    result.text = text
    return result


def model_limit(entities: int) -> int:
    """The size a model file may reach in an ecosystem of `entities` manifests: what one holds about the ecosystem
    as a whole, and a share per entity. Larger input is still refused, so a hostile file stays a finding."""
    return MAX_BYTES + PER_ENTITY_BYTES * max(0, entities)


def text_limit(markdown: bool) -> int:
    return MAX_BYTES if markdown else MAX_PUBLISHED_BYTES


def decode_text(relpath: str, raw: bytes, *, markdown: bool) -> tuple[str, list[LoadError]]:
    """A file's text for scanning: a Markdown page must be UTF-8 as MkDocs reads it (a byte-order mark
    allowed); any other file published with the site is read whatever its bytes (an image's text is only
    scanned). A page that is not UTF-8 still gives its text, with the error."""
    if not markdown:
        return raw.decode("utf-8", errors="replace"), []
    text, errors = decode(relpath, raw.removeprefix(b"\xef\xbb\xbf"))
    if text is None:
        return raw.decode("utf-8", errors="replace"), errors
    return text, []


def _limit_text(limit: int, model: bool) -> str:
    if model:
        entities = (limit - MAX_BYTES) // PER_ENTITY_BYTES
        return (f"a model file may be at most {limit / 1_048_576:.1f} MiB with {entities:,} manifests "
                f"({MAX_BYTES // 1_048_576} MiB and {PER_ENTITY_BYTES // 1024} KiB per manifest)")
    if limit == MAX_PUBLISHED_BYTES:
        return f"files published with the site may be at most {limit // 1_048_576} MiB"
    return f"sources may be at most {limit // 1_048_576} MiB"


def read_source(root: Path, relpath: str) -> tuple[bytes | None, list[LoadError]]:
    """Read one file inside `root` (see Reader)."""
    return Reader(root).read(relpath)


def decode(relpath: str, raw: bytes) -> tuple[str | None, list[LoadError]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [load_error(Failure.BOM, relpath, (1, 1), "file starts with a UTF-8 byte-order mark")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # everything before the bad byte decoded cleanly, so count characters, not bytes
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        return None, [load_error(Failure.ENCODING,
            relpath, (line, col), f"byte 0x{raw[exc.start]:02x} is not valid UTF-8 (the file may be Latin-1 or Windows-1252)")]


def load(root: Path, relpath: str, *, expect: type = dict) -> LoadResult:
    """Read and parse one source (see Reader.load)."""
    return Reader(root).load(relpath, expect=expect)


def parse(root: Path, relpath: str, text: str, *, expect: type = dict) -> LoadResult:
    if not text.strip():
        return _fail(Failure.EMPTY, relpath, f"{relpath} is empty")
    plain = False
    if relpath.endswith(".json"):
        data, problems = _parse_json(relpath, text)
    else:
        data, problems, plain = _parse_yaml(relpath, text)
        # Asked only of a text that gave no values: one holding a value holds more than comments (splitting every
        # source into lines to find that cost a tenth of its parse).
        if (problems or data is None) and _only_comments(text):
            return _fail(Failure.EMPTY, relpath, f"{relpath} is empty")
    if problems:
        return LoadResult(None, problems)
    document = Document(root, relpath, data, text, plain=plain)
    if not isinstance(data, expect):
        return LoadResult(None, [load_error(Failure.TOP_LEVEL,
            relpath, document.locate((), value=True),
            f"the top level is {_kind(data)}; expected {_kind_name(expect)}")])
    return LoadResult(document, [])


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") or line.strip() in ("---", "...")
               for line in text.splitlines())


def _parse_yaml(relpath: str, text: str) -> tuple[Any, list[LoadError], bool]:
    """The values and the problems; and whether the values are yaml-rs's (Document.plain)."""
    data = fast_yaml.values(text, MAX_DEPTH)
    if data is not fast_yaml.UNSURE:
        return data, [], True
    from . import pyyaml_path

    return (*pyyaml_path.parse(relpath, text), False)


def _parse_json(relpath: str, text: str) -> tuple[Any, list[LoadError]]:
    def no_duplicates(pairs):
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise DuplicateKey(key, None, None)
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        return None, [load_error(Failure.INVALID_JSON, relpath, LineIndex(text).position(exc.pos), exc.msg)]
    except DuplicateKey as dup:
        from . import pyyaml_path

        return None, [load_error(Failure.DUPLICATE_KEY,
            relpath, pyyaml_path.json_key_position(text, dup.key), f"duplicate key '{dup.key}'")]
    except RecursionError:
        return None, [load_error(Failure.INVALID_JSON, relpath, (1, 1), "nesting is too deep")]
    except ValueError as exc:  # a number too long to convert
        return None, [load_error(Failure.INVALID_JSON, relpath, long_number_position(text), scalar_problem(exc))]
    if _deeper_than(data, MAX_DEPTH):
        return None, [load_error(Failure.INVALID_JSON, relpath, (1, 1), f"nesting is too deep (more than {MAX_DEPTH} levels)")]
    return data, []


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (walked without recursion)."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node if isinstance(value, (dict, list)))
    return False


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _kind_name(expected: type) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list"}
    return names.get(expected, expected.__name__)


def iter_files(root: Path, folder: str, suffixes: tuple[str, ...] = (".yml", ".yaml")) -> Iterator[str]:
    """Relative paths of the source files directly inside `folder`, sorted."""
    base = root / folder
    try:
        names = sorted(os.listdir(base))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if name.endswith(suffixes) and not name.startswith("."):
            yield f"{folder}/{name}"


def list_sources(root: Path, folder: str, suffixes: tuple[str, ...] = (".yml", ".yaml"), *,
                 regular: set[str] | None = None) -> tuple[list[str], list[LoadError]]:
    """The source files directly inside `folder` (as iter_files lists them), and an IGNORED error for every file
    an author may take for one that would otherwise be passed over without a word: a name whose suffix is
    written in another case (`.YML`), a source file in a sub-folder, a link to a folder. Names starting with a
    dot are left out, as everywhere; links are never followed, so nothing outside the repository is listed.
    `regular` gets those of the files the listing saw as regular files, not links (Reader.list_sources)."""
    try:
        with os.scandir(root / folder) as listing:
            entries = {entry.name: entry for entry in listing}
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    except OSError as exc:
        return [], [load_error(Failure.UNREADABLE, folder, (1, 1), f"cannot list {folder}: {exc.strerror or exc}")]
    files: list[str] = []
    ignored: list[LoadError] = []
    for name in sorted(entries):
        relpath = f"{folder}/{name}"
        if name.startswith("."):
            continue
        if name.endswith(suffixes):
            files.append(relpath)
            if regular is not None and entries[name].is_file(follow_symlinks=False):
                regular.add(relpath)
        elif name.lower().endswith(suffixes):
            ignored.append(load_error(Failure.IGNORED, relpath, (1, 1),
                                  f"{relpath} is not read: a source's name ends in {' or '.join(suffixes)}, in lowercase"))
        else:
            ignored.extend(_nested(root, folder, relpath, suffixes))
    return files, ignored


def _nested(root: Path, folder: str, relpath: str, suffixes: tuple[str, ...]) -> Iterator[LoadError]:
    """IGNORED errors for what a sub-folder (or a link to a folder) of a source folder holds."""
    path = root / relpath
    try:
        a_link, a_folder = path.is_symlink(), path.is_dir()
    except OSError:
        return
    if a_link and a_folder:
        yield load_error(Failure.IGNORED, relpath, (1, 1),
                     f"{relpath} links to a folder and is not read: sources lie directly in {folder}/")
    if a_link or not a_folder:
        return
    for below, folders, names in os.walk(root / relpath):  # links to folders are listed in `folders`, not walked
        inside = Path(below).relative_to(root).as_posix()
        linked = sorted(name for name in folders if os.path.islink(os.path.join(below, name)))
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in linked)
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                yield load_error(Failure.IGNORED, f"{inside}/{name}", (1, 1),
                             f"{inside}/{name} is not read: sources lie directly in {folder}/, not in a sub-folder")
        for name in linked:
            if not name.startswith("."):
                yield load_error(Failure.IGNORED, f"{inside}/{name}", (1, 1),
                             f"{inside}/{name} links to a folder and is not read: sources lie directly in {folder}/")
