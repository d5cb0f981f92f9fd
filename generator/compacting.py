"""A build's pages compacted beside MkDocs, in a process of their own.

Compacting a page and reading the names the stylesheet cut needs from it (compact.py, stylesheets.page_names) take
about a millisecond a page: at 1,000 services, a second of the build's one busy core, while the render process's
core has nothing left to do by then. So a build (not `serve`, which keeps each page as written in memory) hands
the address of every page MkDocs is about to write to a forked process, and lets MkDocs write it as it is; that
process reads MkDocs' file once MkDocs has moved on to the next page, compacts it and writes it over. The order
makes that safe: the plugin sends a page's address from its last `on_post_page`, MkDocs writes the page right
after, and sends the next one only after that; the last page is read once the plugin stops sending, in
`on_post_build`, when every page is written. Only the address crosses the pipe: handing over the page itself cost
MkDocs' process about 0.13 ms a page (encoding it, and writing it into the pipe), in a build whose every
millisecond there counts. The bytes written are MkDocs' own encoding (UTF-8, characters it cannot encode as
references) of the compacted page, the very file a build compacting in one process writes: compacting leaves a
character reference as it is, so compacting the file MkDocs wrote is compacting what it was given.

The same process cuts the theme's stylesheets to what the pages use (stylesheets.py) once they are all written: it
reads the theme's stylesheets while the pages come, so the cut that ends the build reads no CSS.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .compact import compact_html
from .errors import UsageError
from .export import read_inside, write_inside
from .forking import ChildDied, Fed
from .stylesheets import PageNames, ThemeStylesheets, UsedNames, page_names


@dataclass(frozen=True)
class StylesheetCut:
    """How the build's stylesheets are cut (ThemeStylesheets.finish), once its pages are written."""

    stylesheets: ThemeStylesheets
    theme_dirs: tuple[str, ...]
    features: tuple[str, ...]
    extra_scripts: tuple[str, ...]
    every_page: bool


class CompactedPages:
    """The forked process that compacts a build's pages into `site_dir`, then cuts its stylesheets. Callers check
    `forking.can_fork` first; NotForked when the system refuses the fork."""

    def __init__(self, site_dir: Path, stylesheets: StylesheetCut):
        self.fed = Fed(lambda pages: _compact_and_cut(site_dir, stylesheets, pages))

    def add(self, dest_uri: str) -> None:
        """The page MkDocs writes to `dest_uri` (in the site folder) next."""
        self.fed.send(dest_uri)

    def finish(self) -> None:
        """Once MkDocs has written every page: each compacted in its place, and the stylesheets cut."""
        try:
            self.fed.result()
        except (ChildDied, OSError, UsageError) as exc:
            raise CompactingFailed(f"getchitty: the site's pages were not compacted: {exc}") from None

    def stop(self) -> None:
        self.fed.close()


class CompactingFailed(Exception):
    """The process compacting the pages stopped before it had written them all."""


def _compact_and_cut(site_dir: Path, stylesheets: StylesheetCut, pages: Iterator[object]) -> None:
    # The theme's stylesheets are read beside the pages (a thread: the pages must be taken from the pipe as they come,
    # or MkDocs would wait for room in it).
    reading = threading.Thread(target=stylesheets.stylesheets.prepare, args=(stylesheets.theme_dirs,))
    reading.start()
    try:
        used = _compact_each(site_dir, pages)
    finally:
        reading.join()
    stylesheets.stylesheets.used.add(used)
    stylesheets.stylesheets.finish(site_dir, stylesheets.theme_dirs, stylesheets.features, stylesheets.extra_scripts,
                                   every_page=stylesheets.every_page)


def _compact_each(site_dir: Path, pages: Iterator[object]) -> UsedNames:
    """Each page read, compacted and written over MkDocs' file, its names read, once the next one comes (MkDocs has
    written it by then) or when the pages end."""
    used = UsedNames()
    waiting: str | None = None
    for dest_uri in cast(Iterator[str], pages):
        if waiting is not None:
            used.add(_compact(site_dir, waiting))
        waiting = dest_uri
    if waiting is not None:
        used.add(_compact(site_dir, waiting))
    return used


def _compact(site_dir: Path, dest_uri: str) -> PageNames:
    """The page MkDocs wrote to `dest_uri`, compacted in its place; the names it uses."""
    compacted = compact_html(read_inside(site_dir, dest_uri).decode("utf-8"))
    write_inside(site_dir, dest_uri, compacted.encode("utf-8"))
    return page_names(compacted)
