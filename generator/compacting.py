"""A build's pages compacted beside MkDocs, in a process of their own.

Compacting a page and reading the names the stylesheet cut needs from it (compact.py, stylesheets.page_names) take
about a millisecond a page: at 1,000 services, a second of the build's one busy core, while the render process's
core has nothing left to do by then. So a build (not `serve`, which keeps each page as written in memory) hands
every page MkDocs is about to write to a forked process, and lets MkDocs write it as it is; that process compacts
it and writes it over MkDocs' file once MkDocs has moved on to the next page. The order makes that safe: the
plugin sends a page from its last `on_post_page`, MkDocs writes the page right after, and sends the next one only
after that; the last page is written over once the plugin stops sending, in `on_post_build`, when every page is
written. The bytes are MkDocs' own (UTF-8, characters it cannot encode as references) of the compacted page, the
very file a build compacting in one process writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

from .compact import compact_html
from .errors import UsageError
from .export import write_inside
from .forking import ChildDied, Fed
from .stylesheets import UsedNames, page_names


class CompactedPages:
    """The forked process that compacts a build's pages into `site_dir`. Callers check `forking.can_fork` first;
    NotForked when the system refuses the fork."""

    def __init__(self, site_dir: Path):
        self.fed = Fed(lambda pages: _compact_each(site_dir, pages))

    def add(self, dest_uri: str, output: str) -> None:
        """A page MkDocs writes to `dest_uri` (in the site folder) next, as it writes it."""
        self.fed.send((dest_uri, output))

    def names(self) -> UsedNames:
        """Once MkDocs has written every page: each compacted in its place, and the names the pages use."""
        try:
            return cast(UsedNames, self.fed.result())
        except (ChildDied, OSError, UsageError) as exc:
            raise CompactingFailed(f"getchitty: the site's pages were not compacted: {exc}") from None

    def stop(self) -> None:
        self.fed.close()


class CompactingFailed(Exception):
    """The process compacting the pages stopped before it had written them all."""


def _compact_each(site_dir: Path, pages: Iterator[object]) -> UsedNames:
    """Each page compacted and its names read as it comes, and written over MkDocs' file when the next one comes
    (MkDocs has written it by then) or when the pages end."""
    used = UsedNames()
    waiting: tuple[str, str] | None = None
    for dest_uri, output in cast(Iterator[tuple[str, str]], pages):
        if waiting is not None:
            _write(site_dir, *waiting)
        compacted = compact_html(output)
        used.add(page_names(compacted))
        waiting = (dest_uri, compacted)
    if waiting is not None:
        _write(site_dir, *waiting)
    return used


def _write(site_dir: Path, dest_uri: str, html: str) -> None:
    write_inside(site_dir, dest_uri, html.encode("utf-8", errors="xmlcharrefreplace"))
