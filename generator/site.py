"""The site an MkDocs build publishes, as plain work the MkDocs adapter (mkdocs_plugin.py) hands over event by event.

One `Site` lives as long as the MkDocs process and owns what a build needs beyond MkDocs:

- **Atomicity**: `mkdocs build` writes into a temporary folder beside `site_dir`, which replaces `site_dir`
  only when the whole build succeeded (strict warnings included), so a failing build — the check's or any
  later step's — leaves the previous site exactly as it was; a lock file beside `site_dir` keeps two builds
  from writing it at once. `mkdocs serve` builds into its own folder, and there a failing check keeps serving
  the last good pages, each with a banner listing the findings, until a check passes again.
- **The check** (engine.Checker, kept warm while serving) scans the folder MkDocs publishes (its docs_dir).
- **Withholding**: every file MkDocs collected must be one the check scanned; a file it did not scan is not
  published, and a file in which the check found a credential is published redacted (text) or not at all
  (binary), waived or not, in build and in serve alike. Script elements and event-handler attributes in the
  HTML of any page (an author's, or a generated page carrying an author's prose) are neutralized: shown as
  text, never run.
- **The theme's stylesheets** are cut to the rules the pages written can use (stylesheets.py), once the pages are
  written and before the folder is swapped in.
- **The memos** while serving: the generator's entity pages (KeptPages, keyed from render.ENTITY_PAGE_INPUTS)
  and MkDocs' work on every page (serve_memo.PageMemo, keyed by the page and `configuration`); every key is a
  serve_memo.digest of what is declared as read, with files by their content.

Nothing here imports MkDocs: the adapter passes MkDocs' objects in, and they are only read (and the search
index's one method wrapped, see serve_memo). Every line logged passes the result's redaction and
escaping.terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import gc
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import jinja2
from watchdog.observers.polling import PollingObserver

from . import search_exclusions
from .buildinfo import BuildStamp, read_stamp
from .compact import compact_html
from .compacting import CompactedPages, CompactingFailed, StylesheetCut
from .credentials import redact_tokens
from .engine import Checker
from .errors import UsageError
from .escaping import terminal
from .export import write_inside
from .forking import ChildDied, NotForked, Sent, can_fork
from .load import Document
from .model import Entity
from .overlay import Finding, overlay_html
from .raw_blocks import SetAside, set_aside
from .render import ENTITY_PAGE_INPUTS, OVERRIDES, TEMPLATE_CACHE, Renderer, SiteFiles, compile_templates, forget_memos
from .report import listing_order, notice_summary, published
from .resources import TEMPLATES
from .result import Result
from .serve_folder import KeptFolder, UnchangedCopies
from .serve_memo import OUTPUT, PageMemo, digest
from .siteconfig import docs_dir_inside, inherited_files, published_files
from .stylesheets import PageNames, ThemeStylesheets, page_names
from .violations import summary

log = logging.getLogger("mkdocs.plugins.getchitty")
T = TypeVar("T")
POLL_SECONDS = 0.1  # how often `mkdocs serve` looks for saved files

# Elements that run or load a script or another document, and attributes named like an event handler (`on` and
# letters, then `=`, where an attribute name can start: after whitespace, `/` or a closing quote). Both are found in
# the text, not by parsing it, so no markup that a browser reads differently from a parser here can hide one; each
# pattern starts at a fixed character and scans a run of letters once, in linear time.
_ACTIVE_ELEMENT = re.compile(r"<(?=(?:script|iframe|frame|frameset|object|embed|applet|base|meta)(?:[\s/>]|\Z))",
                             re.IGNORECASE)
# The handler pattern finds its `o` first and looks back after (2.3 times faster than a lookbehind first, as `o` is
# found by a fast scan); its letters are what `[a-z]` matches ignoring case (Python counts İ, ı, ſ and K as letters).
_HANDLER = re.compile(r"[oO](?<=[\s/\"'][oO])(?=[nN][a-zA-Z\u0130\u0131\u017f\u212a]+\s*=)")
# A `javascript:` or `vbscript:` address, its letters written as they are or as character references, with the tabs
# and line breaks a browser drops from an address anywhere between them, the colon also escaped for Markdown.
_DROPPED = r"(?:[\t\n\r]|&(?:tab|newline);|&#0*(?:9|10|13);?|&#x0*(?:9|a|d);?)*"


def _character(c: str) -> str:
    codes = sorted({ord(c.lower()), ord(c.upper())})
    return (f"(?:{re.escape(c)}|&#0*(?:{'|'.join(map(str, codes))});?"
            f"|&#x0*(?:{'|'.join(f'{code:x}' for code in codes)});?)")


_SCRIPT_ADDRESS = re.compile("(?:" + "|".join(_DROPPED.join(map(_character, scheme)) for scheme in ("javascript", "vbscript"))
                             + ")" + _DROPPED + r"\\?(?::|&colon;|&#0*58;?|&#x0*3a;?)", re.IGNORECASE)
NO_SCHEME = "\u200b"  # a zero-width space: before a scheme's name, no address starts with it


def neutralized(html: str) -> str:
    """`html` with every element that runs a script shown as text and every event-handler attribute made a plain
    name; both through character references, so that text reads as it did.

    `<script` becomes `&lt;script` (text, never an element); `onclick=` becomes `&#111;nclick=`, an attribute
    name that is no handler (references are not read in names), and `onclick=` again wherever it was text or a
    value.
    """
    return _HANDLER.sub(lambda found: f"&#{ord(found.group())};", _ACTIVE_ELEMENT.sub("&lt;", html))


def _neutralized_blocks(aside: SetAside) -> SetAside:
    """A page's blocks neutralized where they are set aside, in the render process, beside MkDocs' work: the page's
    HTML is then neutralized around their comments only, as it comes from Markdown, and is the same as neutralized
    whole. Neither pattern can match across a block's edge: a block starts with a tag and ends with one (or the
    blank after it), Markdown writes a line break on each side of its comment, and neither pattern matches in the
    comment itself (raw_blocks.marker)."""
    if not aside.blocks:
        return aside
    return dataclasses.replace(aside, blocks=tuple(neutralized(block) for block in aside.blocks), neutralized=True)


def without_script_addresses(markdown: str) -> str:
    """An author's Markdown with a zero-width space before every `javascript:` or `vbscript:` address, however its
    letters are written: a link or an attribute holding one is an ordinary relative address, and text reads the same.
    """
    return _SCRIPT_ADDRESS.sub(lambda found: NO_SCHEME + found.group(), markdown)


def _say(level: int, message: str) -> None:
    """Log a message built from (redacted) source values: one escaped line per line."""
    for line in message.split("\n"):
        log.log(level, terminal(line))


def _file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes().hex())
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def folder_digest(folder: Path) -> str:
    """Every file under `folder` by its content: an edit shows whatever it keeps of size and modification time."""
    return digest(sorted((path.relative_to(folder).as_posix(), _file_digest(path))
                         for path in folder.rglob("*") if path.is_file()))


@functools.cache
def _shipped_templates() -> str:
    """The digest of the package's templates, taken once: what tests/test_page_inputs.py checked is what the process
    started with."""
    return folder_digest(TEMPLATES)


def _document_view(value: Any) -> Any:
    """A parsed file as a key reads it: its path and data (its repr names only the file)."""
    return [value.path, value.data] if isinstance(value, Document) else None


# -- the generator's entity pages, kept while serving -------------------------------------------

_SHOWN_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass → the names of the fields its repr shows


def _declared(obj: Any, left_out: Iterable[str] = ()) -> list:
    names = _SHOWN_FIELDS.get(type(obj))
    if names is None:
        names = _SHOWN_FIELDS[type(obj)] = tuple(f.name for f in dataclasses.fields(obj) if f.repr)
    return [(name, getattr(obj, name)) for name in names if name not in left_out]


class EntityViews:
    """The digest of what a key reads of an entity (every field and the manifest as written, or what other
    entities' pages read of it), kept by the entity object while it is in the ecosystem. Entities are frozen and a
    long-lived process keeps the objects of unchanged manifests from one check to the next (the check's cache),
    so only an edited entity is digested again."""

    def __init__(self) -> None:
        self.current: dict[tuple[int, str], tuple[Entity, str]] = {}  # (id, view) → (the entity, its digest)
        self.previous: dict[tuple[int, str], tuple[Entity, str]] = {}

    def next_render(self) -> None:
        """Keep only what the render before this one used: the others are no longer in the ecosystem."""
        self.previous, self.current = self.current, {}

    def own(self, entity: Entity) -> str:
        return self._digest(entity, "own", lambda: digest(_declared(entity), entity.path, entity.data,
                                                          view=_document_view))

    def as_other(self, entity: Entity) -> str:
        return self._digest(entity, "other", lambda: digest(_declared(entity, ENTITY_PAGE_INPUTS.others_left_out),
                                                            view=_document_view))

    def _digest(self, entity: Entity, view: str, make: Callable[[], str]) -> str:
        key = (id(entity), view)
        found = self.current.get(key) or self.previous.get(key)
        if found is None or found[0] is not entity:
            found = (entity, make())
        self.current[key] = found
        return found[1]


def shared_inputs(renderer: Renderer, entity_views: EntityViews | None = None) -> str:
    """What every entity page reads beyond its own entity, as render.ENTITY_PAGE_INPUTS declares it."""
    declared, result, eco = ENTITY_PAGE_INPUTS, renderer.result, renderer.eco
    seen = entity_views or EntityViews()
    ecosystem = [(name, _declared(value, declared.federation_left_out) if name == "federation" else value)
                 for name, value in _declared(eco, declared.ecosystem_left_out)]
    entities = [(seen.as_other(entity), [getattr(renderer.facts(entity), name) for name in sorted(declared.others_facts)])
                for entity in eco.entities.values()]
    # each entity's outcomes by rule id: the states as one JSON text (a thousand entities of two dozen rules each,
    # made plain item by item, took 30 ms of a rebuild), the findings of the rules that found some
    governance = [(name, [(n, json.dumps([[o.rule.id, o.state] for o in g.outcomes]),
                           [(o.rule.id, o.findings) for o in g.outcomes if o.findings]) for n, g in value.items()]
                   if name == "entities" else value)
                  for name in sorted(declared.governance) for value in [getattr(renderer.governance, name)]]
    views = {"ecosystem": [ecosystem, entities], "governance": governance}
    results = [(name, views.get(name, getattr(result, name, None))) for name in sorted(declared.result)]
    inputs = {"result": results, "templates": folder_digest(Path(renderer.templates)),
              "author_pages": sorted(renderer.author_pages)}  # each page's own text is in its own key
    return digest([(name, inputs[name] if name in inputs else getattr(renderer, name)) for name in sorted(declared.renderer)],
                  view=_document_view)


class KeptPages:
    """The entity pages of the last render, and the pages of render.ENTITY_PAGE_INPUTS.shared_only_templates, each
    with the digest of the inputs it was rendered from.

    A long-lived process passes the same KeptPages to every render (render.EntityPages): a page whose inputs
    are unchanged is taken from here instead of rendered again. An entity page's inputs are its entity (every
    field, and the manifest as written), what the sources state of it (its facts and its declaration), its
    author's page, its template, and `shared_inputs`: the context the renderer passes for it (governance,
    fields, roadmap, checklist) is made from those, and only when the page is rendered. Another page's inputs
    are its template, the context passed to it, its author's page and `shared_inputs`: an edit to what only an
    entity's own page shows (its description, say) leaves the scopes, the secrets, the rules' and the teams'
    pages as they were.
    """

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}  # page → (inputs' digest, Markdown), of the last render
        self.parts: dict[tuple[str, str], tuple[str, Any]] = {}  # (page, part) → (its page's digest, the part)
        self.reused = 0  # entity pages, in the last render
        self.reused_shared_only = 0  # pages of render.ENTITY_PAGE_INPUTS.shared_only_templates, in the last render
        self._render: tuple[Renderer, str] | None = None  # this render, with its shared inputs' digest
        self._previous: dict[str, tuple[str, str]] = {}
        self._previous_parts: dict[tuple[str, str], tuple[str, Any]] = {}
        self._views = EntityViews()

    def page(self, renderer: Renderer, template: str, entity: Entity, context: Callable[[], dict[str, Any]]) -> str:
        # The context is made from the entity, what the sources state of it (its facts, its declaration) and the
        # shared inputs alone (tests/test_page_inputs.py records its making too): it is keyed by them, and made
        # only for a page rendered again.
        key = digest(self._shared(renderer), template, entity.page, self._views.own(entity), renderer.facts(entity),
                     renderer.eco.federation.declaration(entity.name), renderer.author_pages.get(entity.page),
                     view=_document_view)
        markdown, reused = self._kept(entity.page, key, lambda: renderer.rendered(template, entity.page, (), context()))
        self.reused += reused
        return markdown

    def shared_only_page(self, renderer: Renderer, template: str, page: str, hide: tuple[str, ...],
                         context: dict[str, Any]) -> str:
        key = digest(self._shared(renderer), template, page, hide, sorted(context.items()),
                     renderer.author_pages.get(page), view=_document_view)
        markdown, reused = self._kept(page, key, lambda: renderer.rendered(template, page, hide, context))
        self.reused_shared_only += reused
        return markdown

    def _kept(self, page: str, key: str, render: Callable[[], str]) -> tuple[str, bool]:
        """The page of the last render while its key is the same, else rendered now; kept for the next render."""
        kept = self._previous.get(page)
        if kept is not None and kept[0] == key:
            self.pages[page] = kept
            return kept[1], True
        self.pages[page] = (key, render())
        return self.pages[page][1], False

    def _shared(self, renderer: Renderer) -> str:
        """The shared inputs' digest of this render, taken at its first page (which starts the render's memo)."""
        if self._render is None or self._render[0] is not renderer:
            self._views.next_render()
            self._render, self._previous = (renderer, shared_inputs(renderer, self._views)), self.pages
            self.pages, self.reused, self.reused_shared_only = {}, 0, 0
            self.parts, self._previous_parts = {}, self.parts
        return self._render[1]

    def entry(self, renderer: Renderer, entity: Entity, part: str, make: Callable[[], T]) -> T:
        """A part of the read model about one entity, kept while the entity's page of this render is (its key)."""
        assert self._render is not None and self._render[0] is renderer, "the entity pages render first"
        key = self.pages[entity.page][0]
        kept = self._previous_parts.get((entity.page, part))
        if kept is None or kept[0] != key:
            kept = (key, make())
        self.parts[(entity.page, part)] = kept
        return kept[1]


# -- what the adapter adds to MkDocs' files -----------------------------------------------------

ASIDE_BY = 0.8  # the share of a build's pages sent by when its render process has written the read API


@dataclass(frozen=True)
class Generated:
    """A file of the generated site, as the adapter adds it: Markdown or JSON (`content`), a static file copied
    from `copied_from`, or (neither) a page whose Markdown the render process is still making: the adapter reads it
    from `Site.page_markdown` when MkDocs first asks for it. `listed`: part of the nav or not a page (else a page
    reached by links only)."""

    path: str
    content: str | None
    copied_from: str | None
    listed: bool
    edit_uri: str | None  # the repository file its facts come from, relative to docs_dir


class SiteError(Exception):
    """A build that must stop here, with the message to print (the adapter raises MkDocs' own error with it)."""


class StreamedPages:
    """A build's pages as its render process sends them (Site._rendered_aside): first the outline (the pages, the
    navigation, where each generated file will be), then each page, in the order MkDocs reads them: its Markdown,
    or its Markdown with its raw HTML blocks set aside already (raw_blocks.py). A page sent before it is asked for
    waits here. The process's death is a SiteError; its own exceptions are raised as they came."""

    def __init__(self, sent: Sent):
        self.sent = sent
        self.coming = self._messages(sent)
        self.arrived: dict[str, str | SetAside] = {}  # pages sent before MkDocs asked for them

    def outline(self) -> tuple[SiteFiles, dict[str, str]]:
        return cast(tuple[SiteFiles, dict[str, str]], next(self.coming))

    def page(self, path: str) -> str | SetAside:
        made = self.arrived.pop(path, None)
        while made is None:
            try:
                page, sent = cast(tuple[str, str | SetAside], next(self.coming))
            except StopIteration:
                raise SiteError(f"getchitty: the render process sent no page {path}") from None
            if page == path:
                made = sent
            else:
                self.arrived[page] = sent
        return made

    def finish(self) -> None:
        """Whatever is left to come, kept; the process has then ended, and is reaped."""
        for page, sent in cast(Iterator[tuple[str, str | SetAside]], self.coming):
            self.arrived[page] = sent

    def stop(self) -> None:
        """The process stopped if it still runs (the build ended before it had sent all), and reaped."""
        self.sent.close()

    @staticmethod
    def _messages(sent: Sent) -> Iterator[object]:
        try:
            yield from sent
        except ChildDied as exc:
            raise SiteError(f"getchitty: the site's pages were not rendered: {exc}") from None
        except jinja2.TemplateError as exc:
            raise _unrendered(exc) from None


class Site:
    """One project's site across the builds of one MkDocs process (`serving`: `mkdocs serve`, whose builds follow
    each other in it; `dirty`: its `--dirty`)."""

    def __init__(self, *, serving: bool, dirty: bool):
        self.serving, self.dirty = serving, dirty
        self.root = Path()
        self.templates = Path()
        self.stamp: BuildStamp | None = None  # the commit and day of this build (buildinfo)
        self.checker: Checker | None = None  # while serving: the check kept warm between rebuilds
        self.checked_for: tuple[Path, str] | None = None  # the root and docs_dir the checker scans
        self.checked: Result | None = None  # this build's check, passed or failed: what is withheld follows it
        self.scanned: frozenset[str] = frozenset()  # the files it scanned (the published ones), from the root
        self.result: Result | None = None  # the check of this build, when it passed
        self.failed: list[Finding] = []  # while serving the last good pages: the findings that stopped this build
        self.last_good: SiteFiles | None = None
        self.generated_pages: frozenset[str] = frozenset()  # the generated pages this build publishes
        self.kept = KeptPages() if serving else None  # the entity pages of the last render, with their inputs
        self.memo: PageMemo | None = None  # while serving: what each page came to, reused while its inputs hold
        self.raw_blocks = False  # whether generated pages' raw HTML blocks skip Markdown (raw_blocks.py)
        # page → its Markdown with its blocks set aside, until converted; from `page_markdown` (the render process
        # set them aside) until MkDocs hands the page to `markdown`
        self.set_aside: dict[str, SetAside] = {}
        self.nav: Any = None
        self.stylesheets = ThemeStylesheets()  # the theme's, cut to what the pages use
        # While serving: each page as the last build and this one wrote it (compacted, without a banner), with the
        # names the stylesheet cut reads in it; a page the memo gives back as it was is neither compacted nor read again.
        self.pages_before: dict[str, tuple[str, PageNames]] = {}
        self.pages_now: dict[str, tuple[str, PageNames]] = {}
        self.lock: IO | None = None
        # While serving (not `--dirty`, which keeps the folder itself): the last build's files, overwritten in place.
        self.folder = KeptFolder() if serving and not dirty else None
        self.copies = UnchangedCopies() if self.folder is not None else None
        self.left_pages: set[str] = set()  # the pages (src_uri) this build leaves as the last one wrote them
        self.target: Path | None = None  # the site_dir a build replaces when it succeeds
        self.building: Path | None = None  # where that build writes meanwhile
        self.streamed: StreamedPages | None = None  # a build's pages, as its render process sends them
        self.compacting: CompactedPages | None = None  # a build's pages, compacted by a process of their own
        self.compiling: Sent | None = None  # a build's templates, compiled by a process of their own during the check

    def configure(self, root: Path, templates: Path, site_dir: str, *, memo: bool, raw_blocks: bool) -> str:
        """A build starts: the folder it writes into. `memo`: whether the memo can stand in for every page hook and
        Markdown extension the site uses (serve_memo.applies); `raw_blocks`: whether the generated pages' raw HTML
        blocks may skip Markdown (raw_blocks.applies)."""
        self.root, self.templates = root, templates
        self.raw_blocks = raw_blocks
        self.stamp = read_stamp(root, date.today())
        if not self.serving:
            return str(self._build_aside(Path(site_dir)))
        # `serve --dirty` rebuilds only modified pages itself; other plugins and extensions may read pages or
        # files in ways the memo's keys do not see.
        self.memo = (self.memo or PageMemo()) if memo and not self.dirty else None
        return site_dir

    # -- the site folder is replaced only by a build that succeeded ----------------------------

    def _build_aside(self, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.parent / f".{target.name}.getchitty-lock", "a")  # noqa: SIM115 (held until the build ends)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise SiteError(f"getchitty: another build is writing {target}; run this one when it has finished") from None
        self.lock = lock
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
        if target.is_dir() and self.dirty:
            shutil.copytree(target, building, symlinks=True, dirs_exist_ok=True)
        self.target, self.building = target, building
        return building

    def finish(self, *, succeeded: bool) -> str | None:
        """The build ended; `succeeded`: MkDocs will not abort it for strict warnings right after. For a build
        that wrote aside, the site_dir to put back in the configuration."""
        if self.memo is not None:
            self.memo.finish()
        if self.folder is not None:
            self.folder.prune(self.copies.spared if self.copies is not None else frozenset())
        if self.copies is not None and succeeded:
            self.copies.record()
        elif self.copies is not None:
            self.copies.forget()
        target, building = self.target, self.building
        self._release()
        if target is None or building is None:
            return None
        if succeeded:
            _swap(building, target)
        else:
            shutil.rmtree(building, ignore_errors=True)
        return str(target)

    def abort(self) -> None:
        """The build stopped with an error: nothing it wrote is kept, nothing it built is reused."""
        if self.memo is not None:
            self.memo.forget()
        if self.folder is not None:
            self.folder.abort()
        if self.copies is not None:
            self.copies.forget()
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self.streamed is not None:
            self.streamed.stop()
            self.streamed = None
        if self.compiling is not None:
            self.compiling.close()
            self.compiling = None
        if self.compacting is not None:
            self.compacting.stop()
            self.compacting = None
        self.target = self.building = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    # -- the check ------------------------------------------------------------------------------

    def check(self, docs_dir: str, *, strict: bool) -> None:
        self._compile_templates_aside()
        try:
            scans = (self.root, docs_dir_inside(self.root, docs_dir))
            if self.checker is None or self.checked_for != scans:
                # While serving, the Checker stays warm: a rebuild re-checks what the edit touched.
                self.checker, self.checked_for = Checker(self.root, docs_dir=docs_dir), scans
            # Listed before the check reads them: a file added meanwhile is one the check may not have scanned.
            listed = frozenset(published_files(self.checker.root, scans[1]))
            result = self.checker.recheck()
            if not self.serving:
                self.checker = None
        except UsageError as exc:
            raise SiteError(terminal(redact_tokens(f"getchitty: {exc}"))) from None
        self.checked, self.scanned = result, listed
        self._judge(result, strict)

    def _compile_templates_aside(self) -> None:
        """A build's templates compiled by a forked process while this one checks: the render process would compile
        them before its first page otherwise (about 0.3 s, which MkDocs spent waiting for that page), and the check
        leaves a core idle for most of its time (all of it but the manifests' share, which the workers run)."""
        if self.serving or self.compiling is not None or not can_fork():  # a serve keeps the compiled ones
            return
        templates = self.templates
        with contextlib.suppress(NotForked):  # no room for it: the render process compiles them
            self.compiling = Sent(lambda send: send(compile_templates(templates)))

    def _kept_pages(self) -> KeptPages | None:
        """The pages kept while serving, as long as the templates in use are the package's own (that folder, or
        one with the same files): tests/test_page_inputs.py checks what those read, and nothing checks what an
        author's own templates read, so a render from them keeps no page, and the memo starts afresh."""
        if self.kept is None:
            return None
        if self.templates.resolve() == TEMPLATES.resolve() or folder_digest(self.templates) == _shipped_templates():
            return self.kept
        self.kept = KeptPages()
        return None

    def _take_compiled_templates(self) -> None:
        compiling, self.compiling = self.compiling, None
        if compiling is None:
            return
        with compiling:
            try:
                for compiled in compiling:
                    TEMPLATE_CACHE.add(cast(dict[str, bytes], compiled))
            except Exception:  # it died, or a template does not compile: the render compiles them, and says why
                pass

    def _judge(self, result: Result, strict: bool) -> None:
        """Print the findings, then decide: publish this result, serve the last good pages, or stop the build."""
        redact = result.redact
        for v in sorted(result.violations, key=listing_order):  # errors last, next to the verdict
            line = (f"{redact.path(v.location)}: {'waived ' if v.waived else ''}{v.severity.value}[{redact(v.rule)}] "
                    f"{redact(v.message)}")
            if v.blocking:
                _say(logging.ERROR, f"{line}\n    hint: {redact(v.hint)}")
            elif v.open_warning:
                # A warning about another repository's files is shown, not counted by MkDocs' strict mode.
                _say(logging.INFO if result.upstream(v) else logging.WARNING, f"{line}\n    hint: {redact(v.hint)}")
            else:
                _say(logging.DEBUG, line)  # waived findings and notices: counted below, listed on /governance/
        for line in notice_summary(*published(result.violations, result.rules, redact)):
            _say(logging.INFO, f"getchitty: {line}")
        counts = summary(result.violations)
        self.result = None
        self.failed = []
        if result.blocks_site(strict=strict):
            message = (f"governance check failed: {counts['errors']} error(s), {counts['warnings']} warning(s); "
                       "the site was not built")
            if not (self.serving and self.last_good is not None):
                raise SiteError(message)
            log.error(message + "; still serving the last good pages")
            self.failed = [Finding(redact.path(v.location), redact(v.rule), redact(v.message), redact(v.hint))
                           for v in result.site_blockers(strict=strict)]
        else:
            if counts["waived"]:
                log.info(f"getchitty: {counts['waived']} waived finding(s), listed on /governance/")
            self.result = result

    # -- the files -------------------------------------------------------------------------------

    def withheld(self, collected: Iterable[tuple[str, str | None, bool]], docs_dir: str) -> dict[str, tuple[str, str] | None]:
        """Which of the files MkDocs collected from `docs_dir` — (src_uri, abs_src_path, whether it would be published)
        — may not be published as they are, by src_uri: None when not at all, else (its path, its text redacted).
        Files from elsewhere (the theme's, a plugin's) are not the check's to judge."""
        result = self.checked
        assert result is not None
        redact, flagged = result.redact, {v.path for v in result.violations if v.secret}
        out: dict[str, tuple[str, str] | None] = {}
        for src_uri, abs_src_path, shown in collected:
            inside = Path(os.path.relpath(abs_src_path, docs_dir)).as_posix() if abs_src_path is not None else "../"
            if inside.startswith("../"):
                continue  # not collected from docs_dir: the theme's own files, or made by a plugin
            relpath = f"{result.docs_dir}/{inside}"
            if relpath not in self.scanned:
                out[src_uri] = None
                if shown:
                    _say(logging.INFO, f"getchitty: {redact.path(relpath)} was not scanned by the check and is not published")
            elif relpath in flagged:
                try:
                    text = Path(str(abs_src_path)).read_bytes().decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    out[src_uri] = None
                    _say(logging.INFO, f"getchitty: {redact.path(relpath)} holds a credential and is not published")
                    continue
                out[src_uri] = (redact.path(src_uri), redact(text))
                _say(logging.INFO, f"getchitty: {redact.path(relpath)} holds a credential and is published redacted")
        return out

    def generated(self, author_files: Mapping[str, Any], *, directory_urls: bool, docs_dir: str,
                  site_path: str | None = None) -> tuple[list[Generated], list]:
        """The generated site's files and its nav: rendered from this build's check, or the last good ones.
        `author_files`: the authors' pages MkDocs publishes (each with its `content_string`), by src_uri;
        `site_path`: the path of site_url (render.site_path)."""
        site: SiteFiles | None = self.last_good
        aside: dict[str, str] = {}  # a build's generated files written aside, by path
        if self.result is not None:
            try:
                author_pages = {src_uri: without_script_addresses(file.content_string)
                                for src_uri, file in author_files.items()}
            except (OSError, UnicodeDecodeError) as exc:  # changed since the check read it
                raise SiteError(terminal(redact_tokens(f"getchitty: an author's page changed during the build: {exc}"))) from None
            renderer = functools.partial(Renderer, self.result, author_pages=author_pages, templates=self.templates,
                                         build=self.stamp, directory_urls=directory_urls, site_path=site_path,
                                         kept=self._kept_pages())
            try:
                if self.serving:  # only a serve has a next build, which may need these pages
                    site = self.last_good = renderer().site()
                else:  # a build's pages go to MkDocs alone
                    self._take_compiled_templates()
                    site, aside, rendered_here = self._rendered_aside(renderer)
                    del renderer  # it holds the check, which is let go now
                    self._let_go_of_the_check(rendered_here=rendered_here)
            except jinja2.TemplateError as exc:
                raise _unrendered(exc) from None
        assert site is not None
        self.generated_pages = frozenset(site.pages)
        docs = Path(os.path.relpath(docs_dir, self.root)).as_posix()
        in_nav = site.nav_pages()
        # edit_uri points at docs_dir; a generated page's facts live in a file of the repository.
        edit = {path: posixpath.relpath(source, docs) for path, source in site.sources.items() if not docs.startswith("..")}
        files = [Generated(path, None if self.streamed is not None else content, None, path in in_nav, edit.get(path))
                 for path, content in site.pages.items()]
        files += [Generated(path, content, None, True, None) for path, content in site.assets.items()]
        files += [Generated(path, None, copied_from, True, None) for path, copied_from in aside.items()]
        files += [Generated(path, None, str(self.templates / name), True, None) for path, name in site.static.items()]
        return files, site.nav

    def _rendered_aside(self, renderer: Callable[[], Renderer]) -> tuple[SiteFiles, dict[str, str], bool]:
        """A build's render, in a forked process where this one can fork (forking.can_fork): the templates' garbage
        and the room the allocator keeps after it stay there, and this process goes on to run MkDocs without them
        (peak memory at 5,000 services: see README, Benchmarks). That process sends the list of pages first, and
        then each page as it is rendered, while MkDocs converts the pages before it (`page_markdown`): on two cores
        the render and MkDocs' work overlap. The generated files (JSON) are written into the folder the build writes,
        by the process that rendered them, between the pages (`rendered` waits for them): at 5,000 services the read
        API is about 80 MB of text, which MkDocs would otherwise hold from now until the build ends, and MkDocs finds
        each in its place (a file whose source is where it goes is not copied). Returns the pages (their Markdown,
        or "" for each page still to come), the files written (each by its path there), and whether the render ran
        in this process."""
        assert self.building is not None
        folder = self.building  # emptied by MkDocs before this build's files are listed; a failed build's goes whole

        def write_files(assets: Iterable[tuple[str, str]]) -> dict[str, str]:
            try:
                return {path: str(write_inside(folder, path, content.encode("utf-8"))) for path, content in assets}
            except (OSError, UsageError) as exc:
                raise _unwritten(exc) from None

        def send_pages(send: Callable[[object], None]) -> None:
            made = renderer()
            pages, assets = made.page_makers(), made.read_model_makers()
            # Where each generated file will be (write_inside writes `folder / path`): MkDocs looks for them only once
            # it has read every page, and the plugin waits for this process to end before (`rendered`).
            places = {path: str(folder / path) for path in assets}
            send((SiteFiles(pages=dict.fromkeys(pages, ""), nav=made.nav(), sources=made.sources(pages)), places))
            files, written = list(assets.items()), 0
            for number, (page, make) in enumerate(pages.items(), 1):
                # The blocks are set aside here, beside MkDocs' work, rather than where MkDocs reads the page.
                send((page, _neutralized_blocks(set_aside(make())) if self.raw_blocks else make()))
                # The read API is written between the pages, all of it by the time ASIDE_BY of them are sent: it is
                # on disk before MkDocs has read every page (the plugin waits for it then) even where this process
                # runs slower than MkDocs, and the pages that list entities, the last and costliest to render, then
                # come with nothing else to do.
                due = min(len(files), int(len(files) * number / (ASIDE_BY * len(pages))))
                write_files((path, make()) for path, make in files[written:due])
                written = due
            write_files((path, make()) for path, make in files[written:])

        if can_fork():
            try:
                self.streamed = StreamedPages(Sent(send_pages))
            except NotForked:  # no room for a second process now: this one renders, as where it cannot fork
                pass
            else:
                return *self.streamed.outline(), False
        site = renderer().site()
        return dataclasses.replace(site, assets={}), write_files(site.assets.items()), True

    def page_markdown(self, path: str) -> str:
        """A generated page's Markdown, from the render process of this build (`Generated` with neither content nor
        a file to copy)."""
        if self.streamed is None:
            raise SiteError(f"getchitty: no render process sends {path}")
        made = self.streamed.page(path)
        if isinstance(made, str):
            return made
        self.set_aside[path] = made
        return made.markdown

    def rendered(self) -> None:
        """Before MkDocs copies the generated files: the render process has written them all, and is reaped."""
        if self.streamed is not None:
            self.streamed.finish()

    def compact_aside(self, theme_dirs: Iterable[str], features: Iterable[str], extra_scripts: Iterable[str]) -> None:
        """Before MkDocs writes the pages: a build that writes aside starts the process that compacts them and then
        cuts the stylesheets (compacting.py); the arguments are cut_stylesheets'."""
        if not self.serving and self.building is not None and self.compacting is None and can_fork():
            cut = StylesheetCut(self.stylesheets, tuple(theme_dirs), tuple(features), tuple(extra_scripts), self.dirty)
            # NotForked: no room for a second process now, and each page is compacted as MkDocs writes it
            with contextlib.suppress(NotForked):
                self.compacting = CompactedPages(self.building, cut)

    def _let_go_of_the_check(self, *, rendered_here: bool) -> None:
        """A build needs nothing of the check once its pages are rendered: the model, the sources and their
        positions are let go before MkDocs converts the pages. A render in this process (`rendered_here`) filled
        the render's memos, and left the renderer and its templates' environment, which refer to each other and
        hold the model: a cycle only a full collection frees."""
        self.checked = self.result = None
        self.scanned = frozenset()
        if rendered_here:
            forget_memos()
            gc.collect()

    # -- each page -------------------------------------------------------------------------------

    def configuration(self, config: Mapping[str, Any], config_file: str) -> str:
        """What MkDocs' work on every page reads beyond the page and the site's files: every value of the
        configuration (as loaded, with what the plugin and `serve` set), the files it is made of (mkdocs.yml and
        every file it inherits) and the theme folders a project edits (its custom_dir, the overrides), by content."""
        theme = config["theme"]
        folders = [Path(folder) for folder in (theme.custom_dir, self.templates / OVERRIDES) if folder]
        files = [Path(config_file), *(Path(config_file).parent / name for name in inherited_files(Path(config_file).parent))]
        return digest(config, theme.dirs, [_file_digest(path) for path in files], [folder_digest(f) for f in folders])

    def hold_folder(self, site_dir: str) -> None:
        """While serving, before MkDocs empties the site folder: the last build's files set aside (serve_folder.py)."""
        if self.folder is not None:
            self.folder.hold(site_dir)

    def restore_folder(self, outputs: Iterable[str]) -> None:
        """Before the first write: the last build's files back, for this build to overwrite. `outputs`: the paths
        it writes, relative to the site folder."""
        if self.folder is not None:
            self.folder.restore(outputs)

    def pages_start(self, files: Iterable[Any], config: Mapping[str, Any], config_file: str, nav: Any) -> None:
        self.set_aside.clear()  # left by a build that stopped before converting its pages
        self.left_pages = set()
        self.stylesheets.start()
        if self.serving:
            self.pages_before, self.pages_now = self.pages_now or self.pages_before, {}
        if self.memo is not None:
            self.memo.start(files, self.configuration(config, config_file))
            self.nav = nav

    def markdown(self, page: Any, markdown: str) -> str:
        src = page.file.src_uri
        sent = self.set_aside.pop(src, None)  # the render process set its blocks aside (page_markdown)
        if src not in self.generated_pages:  # an author's page
            markdown = without_script_addresses(markdown)
        if self.memo is not None:  # keyed by the page's whole Markdown, blocks included
            markdown = self.memo.markdown(page, markdown)
        if sent is not None:
            if sent.blocks:  # the Markdown as MkDocs read it, for a conversion from scratch
                self.set_aside[src] = dataclasses.replace(sent, markdown=markdown)
            return markdown
        if self.raw_blocks and markdown and src in self.generated_pages:
            aside = set_aside(markdown)
            if aside.blocks:
                self.set_aside[src] = aside
                return aside.markdown
        return markdown

    def content(self, page: Any, html: str, files: Any, convert: Callable[[str], str]) -> str:
        """The page's HTML as MkDocs converted it, its raw blocks back in place; `convert`: converts a page's
        Markdown again, should a block's comment not have come through Markdown as it went in."""
        whole = False  # whether the page is neutralized whole
        if (aside := self.set_aside.pop(page.file.src_uri, None)) is not None:
            if aside.neutralized:  # so the blocks came: what Markdown made around their comments is left
                html, whole = neutralized(html), True
            restored = aside.put_back(html)
            if restored is None:
                html, whole = convert(aside.original()), False
            else:
                html = restored
                if page.present_anchor_ids is not None:  # what MkDocs' anchor scan would have found in the blocks
                    page.present_anchor_ids |= aside.anchors
        if not whole:
            html = neutralized(html)
        return self.memo.content(page, html, files) if self.memo is not None else html

    def arrange(self, pages: Iterable[Any], plugins: Mapping[str, Any]) -> None:
        search_exclusions.attach(plugins)  # first: the memo's entries are then the ones this index reads
        if self.memo is not None:
            self.memo.arrange(pages, self.nav)
            self.memo.attach(plugins)

    def context(self, page: Any, context: Any) -> Any:
        if self.memo is not None and (output := self.memo.output(page)) is not None:
            context[OUTPUT] = output
        return context

    def written(self, page: Any, output: str) -> str:
        """The page as MkDocs writes it: without the whitespace between tags that no browser shows (compact.py),
        and with the banner while serving the last good pages; the names the stylesheet cut reads are taken from it.
        The search index has read the page before; the banner goes into the page as written only, so the pages kept
        between rebuilds stay without it (they are kept compacted: compacting a compacted page changes nothing).
        A build with a compacting process tells it the page comes next, and MkDocs writes it as it is, to be written over.
        While serving, a page written as the last build wrote it, into a file that stands as it left it, is not
        written again: "" (serve_folder.UnchangedCopies)."""
        # MkDocs writes a page only when it holds more than space; `isspace` tells without the copy `strip` makes
        if self.compacting is not None and output and not output.isspace():
            self.compacting.add(page.file.dest_uri)
            return output
        before = self.pages_before.get(page.file.src_uri)
        if before is not None and before[0] == output:  # the memo's page as it was: compacted already
            names = before[1]
        else:
            output = compact_html(output)
            names = page_names(output)
        if self.serving:
            self.pages_now[page.file.src_uri] = (output, names)
        if self.memo is not None:
            self.memo.wrote(page, output)
        if self.failed:
            start = output.find("<article")
            if start < 0:
                start = output.find("<body")
            end = output.find(">", start) if start >= 0 else -1
            output = output[:end + 1] + overlay_html(self.failed) + output[end + 1:]
            names = page_names(output)
        self.stylesheets.used.add(names)
        if self.copies is not None and self.copies.left_as_written(page.file.abs_dest_path, output):
            # MkDocs writes no page whose output is empty; the adapter hides the line it logs for one
            self.left_pages.add(page.file.src_uri)
            return ""
        return output

    def cut_stylesheets(self, site_dir: str, theme_dirs: Iterable[str], features: Iterable[str],
                        extra_scripts: Iterable[str]) -> None:
        """The theme's stylesheets in the site folder, cut to the rules its pages can use (stylesheets.py);
        `extra_scripts`: the site's own scripts (mkdocs.yml's extra_javascript), wherever they are. A build whose
        pages a process of their own compacts waits for it: it cuts them once every page is written."""
        if self.compacting is not None:
            compacting, self.compacting = self.compacting, None
            try:
                compacting.finish()
            except CompactingFailed as exc:
                raise SiteError(str(exc)) from None
            return
        self.stylesheets.finish(Path(site_dir), theme_dirs, features, extra_scripts, every_page=self.dirty)

    # -- serve -----------------------------------------------------------------------------------

    def watch(self, server: Any, config_file: str) -> None:
        """Rebuild on an edit of the sources, the templates and the files mkdocs.yml inherits; look every
        POLL_SECONDS."""
        inherited = [Path(config_file).parent / name for name in inherited_files(Path(config_file).parent)[1:]]
        for path in (self.root / "etc", self.templates, *inherited):
            if path.exists():
                server.watch(str(path))
        _poll_faster(server)


def _unrendered(exc: jinja2.TemplateError) -> SiteError:
    """A template that does not compile or render (an author's `templates` folder, say): where, and why."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError) and (file := exc.filename or exc.name):
        where = f"{file}:{exc.lineno}: "
    return SiteError(terminal(redact_tokens(f"getchitty: a template failed: {where}{exc.message or type(exc).__name__}")))


def _unwritten(exc: Exception) -> SiteError:
    return SiteError(terminal(redact_tokens(f"getchitty: could not write the generated files: {exc}")))


def _swap(building: Path, target: Path) -> None:
    previous = None
    if target.exists() or target.is_symlink():
        previous = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.previous-"))
        os.rmdir(previous)  # a free name beside the target, for the old site
        os.rename(target, previous)
    os.rename(building, target)
    if previous is not None:
        if previous.is_dir() and not previous.is_symlink():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            previous.unlink()


def _poll_faster(server: Any) -> None:
    """MkDocs polls the watched folders every half second, a quarter of a second added to each reload on average:
    the same polling observer, every POLL_SECONDS instead, with the paths MkDocs already watches. MkDocs then waits
    for a tenth of a second without changes (a fifth of its poll) before it builds; a poll already gathers every
    change since the one before, so that wait keeps the same fifth of the faster poll."""
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(observer, PollingObserver) or observer.is_alive():
        return  # another server than MkDocs 1.6's: keep its watcher as it is
    paths = [path for path, count in watched.items() for _ in range(count)]
    for path in paths:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in paths:
        server.watch(path)
    if isinstance(getattr(server, "build_delay", None), float):
        server.build_delay = POLL_SECONDS / 5
