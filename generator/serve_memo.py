"""What `mkdocs serve` keeps of each page between rebuilds, so that an edit costs the pages it touches.

MkDocs rebuilds every page on every save: Markdown into HTML, the theme around
it, the page's entries in the search index. Its own `--dirty` mode skips
unmodified pages, but then the search index holds only the rebuilt pages and
the navigation of the others goes stale, so it is not used. Instead the plugin
keeps, for each page of the last build, what those three steps produced,
keyed by everything they read, and hands it back while the key is unchanged:

- the page's **content** (HTML, table of contents, title, anchors, and the log
  lines its conversion printed, which are printed again) is keyed by the
  Markdown after every page hook, its front matter, the URL of every file of
  the site (links resolve against them) and the configuration;
- the **page as written** (the theme around the content) and its **search
  entries** are keyed by the content's key, the navigation (every title, URL
  and front matter a theme reads from it) and the page's edit link.

Every page is still written and every search entry still listed, in the same
order, so the site is the one a cold build writes, byte for byte
(tests/test_serve_incremental.py builds both and compares them). Nothing here
imports MkDocs, nor anything of this package: site.Site passes pages, files and
navigation in, and this reads only their public attributes and the few MkDocs
sets when it renders a page (`_title_from_render`, `present_anchor_ids`,
`links_to_anchors`), empties the `content` of a page written as it was (whose
search entries are kept too), and wraps the search index's `add_entry_from_context`.
Every key is a `digest` of `plain` data: site.py keys the configuration and the
generator's entity pages the same way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Page hooks this memo can stand in for: a plugin outside this list may read or change a page in ways its key
# does not see, so its presence turns the memo off.
KNOWN_PLUGINS = frozenset({"search", "material/search", "getchitty"})
# Markdown extensions whose output depends on the page's text and their configuration alone. One that reads
# other files (pymdownx.snippets, pymdownx.b64, an include extension) would leave a page stale when only the
# file it includes changed, so any extension outside this list turns the memo off too.
PURE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes", "legacy_attrs",
    "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.blocks.admonition", "pymdownx.blocks.caption",
    "pymdownx.blocks.definition", "pymdownx.blocks.details", "pymdownx.blocks.html", "pymdownx.blocks.tab",
    "pymdownx.caret", "pymdownx.critic", "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall",
    "pymdownx.extra", "pymdownx.fancylists", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.magiclink", "pymdownx.mark", "pymdownx.progressbar", "pymdownx.quotes", "pymdownx.saneheaders",
    "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    "material.extensions.emoji",
})


def applies(plugins: Iterable[str], extensions: Iterable[Any]) -> bool:
    """Whether the memo can stand in for every page hook and Markdown extension the site uses."""
    names = [ext.removeprefix("markdown.extensions.") if isinstance(ext, str) else "" for ext in extensions]
    return set(plugins) <= KNOWN_PLUGINS and set(names) <= PURE_EXTENSIONS
TEMPLATE = "getchitty-memo.html"  # the theme template that writes a kept page as it was (templates/overrides)
OUTPUT = "getchitty_output"  # the template context's name for it


def plain(value: Any, view: Callable[[Any], Any] | None = None) -> Any:
    """`value` as JSON-able data for a key: mappings as pairs sorted by key (any key type), sequences as lists,
    other objects by their repr when it shows their content (dataclasses), else by their type's name (a plugin,
    a function: what changes in them is keyed elsewhere). `view`, when given, turns an object into data first
    (None: no view of it); a view is asked about objects, not about the dicts, lists and tuples holding them."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is list or kind is tuple:  # the bulk of a key: tested first, by exact type
        return [plain(item, view) for item in value]
    if kind is dict:
        return [[str(key), plain(item, view)] for key, item in sorted(value.items(), key=_by_key)]
    if isinstance(value, str | int | float | bool):
        return value
    if view is not None and (seen := view(value)) is not None:
        return plain(seen, view)
    if isinstance(value, Mapping):
        return [[str(key), plain(item, view)] for key, item in sorted(value.items(), key=_by_key)]
    if isinstance(value, list | tuple):
        return [plain(item, view) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(plain(item, view), ensure_ascii=False) for item in value)
    if callable(value) or type(value).__repr__ is object.__repr__:
        return f"<{getattr(value, '__qualname__', type(value).__qualname__)}>"
    return repr(value)


def _by_key(pair: tuple[Any, Any]) -> str:
    return str(pair[0])


def digest(*parts: Any, view: Callable[[Any], Any] | None = None) -> str:
    """The one key derivation of every memo while serving: a digest of `parts` as `plain` data."""
    sha = hashlib.sha256()
    for part in parts:
        if type(part) is str:  # a page's text, the bulk of its key: hashed as it is, not escaped into JSON first
            data = part.encode("utf-8", "surrogatepass")
            sha.update(b"s%d:" % len(data))
        else:
            data = json.dumps(plain(part, view), ensure_ascii=False).encode("utf-8", "surrogatepass")
            sha.update(b"j%d:" % len(data))
        sha.update(data)
    return sha.hexdigest()


@dataclass(frozen=True)
class Content:
    html: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None  # linked file's src_uri → {anchor: link as written}
    records: tuple[logging.LogRecord, ...]


@dataclass(frozen=True)
class Written:
    output: str
    search: tuple[dict, ...] | None  # None: the search index was not built by a plugin this memo knows


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class PageMemo:
    """The pages of the last build (`contents`, `written`) and what this build decided about each page."""

    contents: dict[str, Content] = field(default_factory=dict)  # content key → content
    written: dict[str, Written] = field(default_factory=dict)  # page key → page as written
    site: str = ""  # this build's fingerprint of the files and configuration
    content_keys: dict[str, str] = field(default_factory=dict)  # src_uri → its content key, this build
    page_keys: dict[str, str] = field(default_factory=dict)  # src_uri → its page key, this build
    reused: set[str] = field(default_factory=set)  # src_uris whose content is reused, this build
    kept: dict[str, Content] = field(default_factory=dict)
    kept_written: dict[str, Written] = field(default_factory=dict)
    capturing: _Records | None = None  # the log lines of the page being converted (MkDocs converts one at a time)
    pending_search: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    hits: int = 0

    # -- a build -------------------------------------------------------------------------

    def start(self, files: Iterable[Any], configuration: Any) -> None:
        self.site = digest(configuration, sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files))
        self.content_keys, self.page_keys = {}, {}
        self.reused = set()
        self.kept, self.kept_written = {}, {}
        self.pending_search = {}
        self.hits = 0

    def finish(self) -> None:
        """The build succeeded: what it produced is what the next build may reuse (and nothing older)."""
        self.contents, self.written = self.kept, self.kept_written
        self._release()

    def forget(self) -> None:
        self.contents, self.written = {}, {}
        self._release()

    def _release(self) -> None:
        if self.capturing is not None:
            logging.getLogger("mkdocs").removeHandler(self.capturing)
            self.capturing = None

    # -- the content: Markdown into HTML -------------------------------------------------------

    def markdown(self, page: Any, markdown: str) -> str:
        """The Markdown MkDocs converts: the page's own, or nothing when its content is kept."""
        src = page.file.src_uri
        key = digest(self.site, src, markdown, page.meta)
        self.content_keys[src] = key
        if key in self.contents:
            self.reused.add(src)
            # MkDocs would still build a Markdown converter with every extension for the page, only to convert
            # nothing: the page's own `render` (this page object only, made anew each build) sets what a
            # conversion sets, and `content` puts the kept conversion in place of it
            page.render = functools.partial(_kept_render, page)
            return ""
        self._release()
        self.capturing = _Records()
        logging.getLogger("mkdocs").addHandler(self.capturing)
        return markdown

    def content(self, page: Any, html: str, files: Any) -> str:
        src = page.file.src_uri
        key = self.content_keys.get(src)
        if key is None:
            return html
        if src in self.reused:
            kept = self.kept[key] = self.contents[key]
            page.toc = kept.toc
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
            if kept.links is not None:
                page.links_to_anchors = {linked: dict(anchors) for uri, anchors in kept.links.items()
                                         if (linked := files.get_file_from_path(uri)) is not None}
            for record in kept.records:
                logging.getLogger(record.name).handle(record)
            return kept.html
        records = tuple(self.capturing.records) if self.capturing is not None else ()
        self._release()
        links = getattr(page, "links_to_anchors", None)
        anchors = getattr(page, "present_anchor_ids", None)
        self.kept[key] = Content(
            html=html, toc=page.toc, title=getattr(page, "_title_from_render", None),
            anchors=frozenset(anchors) if anchors is not None else None,
            links={linked.src_uri: dict(found) for linked, found in links.items()} if links is not None else None,
            records=records)
        return html

    # -- the page as written: the theme around the content, and its search entries -------------

    def arrange(self, pages: Iterable[Any], navigation: Any) -> None:
        """After every page's content is known: decide which pages are written as they were."""
        nav = digest(list(_navigation(navigation)))
        for page in pages:
            src = page.file.src_uri
            content = self.content_keys.get(src)
            if content is None:
                continue
            key = self.page_keys[src] = digest(content, nav, page.title, page.edit_url, page.url)
            if key in self.written and src in self.reused:
                page.meta["template"] = TEMPLATE
                self.hits += 1

    def output(self, page: Any) -> str | None:
        """The page as written last time, when it is written as it was (its content then let go, when the search
        entries are kept as well)."""
        key = self.page_keys.get(page.file.src_uri)
        if key is None or page.meta.get("template") != TEMPLATE or key not in self.written:
            return None
        kept = self.kept_written[key] = self.written[key]
        if kept.search is not None:
            # The theme writes the kept page and the index takes the kept entries: nothing reads the content
            # again, and the search plugin would scan all of it for attributes to strip.
            page.content = ""
        return kept.output

    def wrote(self, page: Any, output: str) -> None:
        src = page.file.src_uri
        key = self.page_keys.get(src)
        if key is not None and key not in self.kept_written:
            self.kept_written[key] = Written(output, self.pending_search.pop(src, None))

    def attach(self, plugins: Mapping[str, Any]) -> None:
        """Answer the search index from the kept entries: MkDocs' own index (`_entries`) or Material's (`entries`)."""
        search = next((plugin for name, plugin in plugins.items() if name in ("search", "material/search")), None)
        index = getattr(search, "search_index", None)
        entries = getattr(index, "entries", getattr(index, "_entries", None))
        if index is not None and isinstance(entries, list):
            index.add_entry_from_context = self.index_with(index.add_entry_from_context, entries)

    def index_with(self, add_entry: Callable[[Any], None], listed: list) -> Callable[[Any], None]:
        """The search index's `add_entry_from_context`, answering from the kept entries of pages written as they were;
        `listed` is the index's list of entries, which it appends to while the pages are built."""

        def add_entry_from_context(page: Any) -> None:
            key = self.page_keys.get(page.file.src_uri)
            found = self.written.get(key) if key is not None and page.meta.get("template") == TEMPLATE else None
            if found is not None and found.search is not None:
                listed.extend(found.search)
                return
            before = len(listed)
            add_entry(page)
            self.pending_search[page.file.src_uri] = tuple(listed[before:])

        return add_entry_from_context


def _kept_render(page: Any, config: Any, files: Any) -> None:
    """What MkDocs' Page.render leaves on an empty page (PageMemo.content then puts the kept values in place)."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = "", [], None, set()
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def _navigation(items: Iterable[Any]) -> Iterable[tuple]:
    """What a theme reads from the navigation, item by item."""
    for item in items:
        meta = getattr(item, "meta", None)
        yield (type(item).__name__, getattr(item, "title", None), getattr(item, "url", None),
               json.dumps(meta, sort_keys=True, default=str) if meta else None)
        children = getattr(item, "children", None)
        if children:
            yield ("children",)
            yield from _navigation(children)
            yield ("end",)
