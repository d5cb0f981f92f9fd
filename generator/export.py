"""`getchitty render --out DIR`: the whole site as plain Markdown plus a ready mkdocs.yml.

The result builds with `mkdocs build -f DIR/mkdocs.yml` and no getchitty plugin,
so any engine that reads mkdocs.yml (Zensical, for one) can publish the same site.

Every file is written inside DIR, never through a link: a link found where a file
or folder is to be written is removed (not followed), each folder is opened
relative to its parent with O_NOFOLLOW, and a name that would leave DIR is refused.
Files are read as the check reads them (regular files inside the repository), and
a file in which the check found a credential is written redacted, or not at all.

What the plugin adds to a build is written into the tree instead: the
stylesheet and scripts, the theme overrides (as `custom_dir`, unless mkdocs.yml
names its own) and the build stamp. Edit links are left out: the pages of the
tree are not the files an author edits. MkDocs draws none once edit_uri is
empty, but Zensical joins repo_url and the page's path whatever edit_uri says,
so the theme's edit and view actions are taken out of its features as well.

Zensical reads the same mkdocs.yml. It draws its own "modern" look unless the
theme names a variant; the tree asks for "classic", Material's look, which the
stylesheet and its contrast were made for (MkDocs ignores the key). A variant
the author's mkdocs.yml names is kept.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import yaml

from .buildinfo import BuildStamp, read_stamp
from .errors import UsageError
from .load import MAX_PUBLISHED_BYTES, Reader
from .model import Pages
from .render import MARKDOWN_EXTENSIONS, OVERRIDES, SCRIPTS, STYLESHEETS, render_site, site_path
from .resources import TEMPLATES
from .result import Result
from .siteconfig import published_files, read_config

EDIT_ACTIONS = ("content.action.edit", "content.action.view")  # the theme features that draw edit links


def export_config(config: dict, nav: list, build: BuildStamp) -> tuple[dict, bool]:
    """mkdocs.yml for the rendered tree, and whether it takes getchitty's theme overrides as its custom_dir."""
    config = dict(config)
    plugins = config.get("plugins") or ["search"]
    config["plugins"] = [p for p in plugins if p != "getchitty" and not (isinstance(p, dict) and "getchitty" in p)]
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    config["nav"] = nav
    # Pages reached through links rather than the nav, so MkDocs does not list them as omitted.
    config["not_in_nav"] = "\n".join(f"/{folder}*.md" for folder in Pages.linked_only)
    extensions = list(config.get("markdown_extensions") or [])
    named = {next(iter(item)) if isinstance(item, dict) else item for item in extensions}
    config["markdown_extensions"] = extensions + [name for name in MARKDOWN_EXTENSIONS if name not in named]
    extra_css = list(config.get("extra_css") or [])
    extra_css += [sheet for sheet in STYLESHEETS if sheet not in extra_css]
    config["extra_css"] = extra_css
    scripts = list(config.get("extra_javascript") or [])
    config["extra_javascript"] = scripts + [script for script in SCRIPTS if script not in scripts]
    config["edit_uri"] = ""
    extra = config.get("extra")
    config["extra"] = {**(extra if isinstance(extra, dict) else {}), "getchitty_build": build.as_json()}
    theme = config.get("theme") or {"name": "material"}
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    features = theme.get("features")
    if isinstance(features, list):
        theme["features"] = [feature for feature in features if feature not in EDIT_ACTIONS]
    theme.setdefault("variant", "classic")
    overrides = not theme.get("custom_dir")
    if overrides:
        theme["custom_dir"] = OVERRIDES
    config["theme"] = theme
    return config, overrides


def read_author_pages(root: Path, docs_dir: str) -> dict[str, str]:
    """Author-written Markdown under the published folder, by site-relative path (read as the check reads files)."""
    reader = Reader(root)
    pages = {}
    for relpath in published_files(root, docs_dir):
        if relpath.endswith(".md"):
            text, _ = reader.text(relpath)
            if text is not None:
                pages[relpath.removeprefix(f"{docs_dir}/")] = text
    return pages


def export(result: Result, root: Path, out: Path, *, templates: Path = TEMPLATES) -> list[Path]:
    """Write the site's sources to `out`; returns the files written."""
    config = read_config(root / "mkdocs.yml")
    build = read_stamp(root, result.today)
    site = render_site(result, author_pages=read_author_pages(root, result.docs_dir), templates=templates, build=build,
                       directory_urls=config.get("use_directory_urls", True) is not False,
                       site_path=site_path(config.get("site_url") if isinstance(config.get("site_url"), str) else None))
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    flagged = {v.path for v in result.violations if v.secret}
    reader = Reader(root)
    for relpath in published_files(root, result.docs_dir):
        relative = relpath.removeprefix(f"{result.docs_dir}/")
        if relative in site.pages:
            continue
        raw, _ = reader.read(relpath, MAX_PUBLISHED_BYTES)
        if raw is None:
            continue
        if relpath in flagged:  # a credential in it (the finding waived): redacted text, or nothing
            try:
                raw = result.redact(raw.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                continue
            relative = result.redact.path(relative)
        written.append(write_inside(out, f"docs/{relative}", raw))
    for relative, content in {**site.pages, **site.assets}.items():
        written.append(write_inside(out, f"docs/{relative}", content.encode("utf-8")))
    for relative, name in site.static.items():
        written.append(write_inside(out, f"docs/{relative}", (templates / name).read_bytes()))
    config, overrides = export_config(config, site.nav, build)
    if overrides:
        for path in sorted((templates / OVERRIDES).rglob("*")):
            if path.is_file():
                relative = path.relative_to(templates).as_posix()
                written.append(write_inside(out, relative, path.read_bytes()))
    written.append(write_inside(out, "mkdocs.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode("utf-8")))
    return written


_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_NO_LINK_NOR_WAIT = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a link is refused; a FIFO never blocks


def write_inside(out: Path, relative: str, data: bytes) -> Path:
    """Write `data` to `out/relative` without following any link below `out` and without leaving it."""
    folder, name = _folder_of(out, relative, _open_folder)
    try:
        _clear(folder, name, out / relative)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_LINK_NOR_WAIT
        with open(os.open(name, flags, 0o644, dir_fd=folder), "wb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UsageError(f"{out / relative} is not a regular file")
            handle.write(data)
    finally:
        os.close(folder)
    return out / relative


def read_inside(out: Path, relative: str) -> bytes:
    """The bytes of the regular file `out/relative`, read without following any link below `out`."""
    folder, name = _folder_of(out, relative, _existing_folder)
    try:
        with open(os.open(name, os.O_RDONLY | _NO_LINK_NOR_WAIT, dir_fd=folder), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UsageError(f"{out / relative} is not a regular file")
            return handle.read()
    finally:
        os.close(folder)


def _folder_of(out: Path, relative: str, open_folder: Callable[[int, str, Path], int]) -> tuple[int, str]:
    """The folder `out/relative` is in, opened (the caller closes it), and the file's name in it."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(part in ("", ".", "..") for part in parts):
        raise UsageError(f"{relative!r} is not a path inside {out}")
    folder = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            inner = open_folder(folder, part, out)
            os.close(folder)
            folder = inner
    except BaseException:
        os.close(folder)
        raise
    return folder, parts[-1]


def _existing_folder(parent: int, name: str, out: Path) -> int:
    try:
        return os.open(name, _FOLDER, dir_fd=parent)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UsageError(f"{name} in {out} is not a folder") from None
        raise


def _open_folder(parent: int, name: str, out: Path) -> int:
    """The folder `name` inside `parent`, created if missing; a link there is replaced by a folder."""
    try:
        return os.open(name, _FOLDER, dir_fd=parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        if not stat.S_ISLNK(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            raise UsageError(f"a file named {name} in {out} stands where a folder is to be written") from None
        os.unlink(name, dir_fd=parent)  # the link itself, never what it points at
    os.mkdir(name, 0o755, dir_fd=parent)
    return os.open(name, _FOLDER, dir_fd=parent)


def _clear(folder: int, name: str, shown: Path) -> None:
    """Remove a link or special file where a file is to be written (never following it)."""
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise UsageError(f"{shown} is a folder; a file is to be written there")
    if not stat.S_ISREG(mode):
        os.unlink(name, dir_fd=folder)
