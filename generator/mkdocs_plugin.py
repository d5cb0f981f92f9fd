"""MkDocs adapter: each event hands its part to site.Site, which owns the work (and imports no MkDocs).

`on_pre_build` runs the governance check before MkDocs touches any output; `on_files` withholds what the check
did not scan or found a credential in, and adds the generated pages as virtual files; the page events feed the
serve memo; `on_post_build` cuts the theme's stylesheets to what the pages use and swaps the site folder in only
when the build succeeded. The plugin also wires what
the pages need from the theme: the stylesheet and scripts (served from the site), the theme overrides (404 page,
footer with the build stamp, a header source link that makes no request), and the Markdown extensions the
generated pages are written for.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from .idle_collector import IdleCollector
from .raw_blocks import applies as raw_blocks_apply
from .render import MARKDOWN_EXTENSIONS, OVERRIDES, SCRIPTS, STYLESHEETS, TEMPLATE_CACHE, site_path
from .resources import TEMPLATES
from .serve_memo import applies as memo_applies
from .site import Site, SiteError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

BUILD_LOG = logging.getLogger("mkdocs.commands.build")
SKIPPED = ("Page skipped: '", "'. Generated empty output.")  # what MkDocs logs for a page it writes nothing of


class RenderedPage(File):
    """A generated page whose Markdown the render process is still making: read when MkDocs first asks for its
    text, by then most often sent already, while MkDocs worked on the pages before it (site.Site.page_markdown)."""

    def __init__(self, config: MkDocsConfig, path: str, markdown: Callable[[str], str], *, inclusion: InclusionLevel):
        super().__init__(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
                         inclusion=inclusion)
        self.generated_by = "getchitty"
        self.abs_src_path = None
        self._markdown = markdown
        self._text: str | bytes | None = None

    @property  # MkDocs reads a generated file's text (content_string, content_bytes) from here
    def _content(self) -> str | bytes | None:
        if self._text is None:
            try:
                self._text = self._markdown(self.src_uri)
            except SiteError as exc:
                raise PluginError(str(exc)) from None
        return self._text

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._text = value


class GetChittyConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # repository holding etc/; default: the folder of mkdocs.yml
    templates = c.Optional(c.Dir(exists=True))
    nav = c.Type(bool, default=True)  # build the slim nav unless mkdocs.yml has its own


class GetChittyPlugin(BasePlugin[GetChittyConfig]):
    def __init__(self) -> None:
        self.site = Site(serving=False, dirty=False)
        self.own_nav = False
        self.idle_collector = IdleCollector()
        self.served = False  # the first build of `mkdocs serve` is done: every build from now on is a rebuild

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.site = Site(serving=command == "serve", dirty=dirty)
        self.served = False
        if command == "serve":
            BUILD_LOG.addFilter(self.without_left_pages)

    def on_shutdown(self) -> None:
        BUILD_LOG.removeFilter(self.without_left_pages)
        self.idle_collector.collect_now()

    def without_left_pages(self, record: logging.LogRecord) -> bool:
        """A log filter: MkDocs logs each page whose output is empty as skipped; a page a rebuild leaves as the last
        build wrote it (site.Site.written) is no news."""
        message = record.getMessage()
        return not (message.startswith(SKIPPED[0]) and message.endswith(SKIPPED[1])
                    and message[len(SKIPPED[0]):-len(SKIPPED[1])] in self.site.left_pages)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.served:
            self.idle_collector.hold()
        templates = Path(self.config.templates) if self.config.templates else TEMPLATES
        config.extra_css.extend(sheet for sheet in STYLESHEETS if sheet not in config.extra_css)
        scripts = {str(script) for script in config.extra_javascript}
        config.extra_javascript.extend(script for script in SCRIPTS if script not in scripts)
        # Our overrides come after the project's own custom_dir (which wins) and before the theme's.
        if (overrides := str(templates / OVERRIDES)) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        # The generated pages use heading ids ({ #id }), tables and a table of contents, whatever the project enables.
        config.markdown_extensions.extend(name for name in MARKDOWN_EXTENSIONS if name not in config.markdown_extensions)
        self.own_nav = self.config.nav and not config.nav
        root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        try:
            config.site_dir = self.site.configure(
                root, templates, config.site_dir, memo=memo_applies(config.plugins, config.markdown_extensions),
                raw_blocks=raw_blocks_apply(config.plugins, config.markdown_extensions))
        except SiteError as exc:
            raise PluginError(str(exc)) from None
        assert self.site.stamp is not None
        config.extra["getchitty_build"] = self.site.stamp.as_json()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            self.site.check(config.docs_dir, strict=bool(config.strict))
        except SiteError as exc:
            raise PluginError(str(exc)) from None
        self.site.hold_folder(config.site_dir)

    @event_priority(-100)  # last: the files as every other plugin left them
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        shown = InclusionLevel.is_in_serve if self.site.serving else InclusionLevel.is_included
        collected = [(file.src_uri, file.abs_src_path, shown(file.inclusion)) for file in files]
        for src_uri, redacted in self.site.withheld(collected, config.docs_dir).items():
            file = files.get_file_from_path(src_uri)
            assert file is not None
            files.remove(file)
            if redacted is not None:
                files.append(File.generated(config, redacted[0], content=redacted[1], inclusion=file.inclusion))
        try:
            generated, nav = self.site.generated({file.src_uri: file for file in files.documentation_pages()},
                                                 directory_urls=config.use_directory_urls, docs_dir=config.docs_dir,
                                                 site_path=site_path(config.site_url))
        except SiteError as exc:
            raise PluginError(str(exc)) from None
        if self.own_nav:
            config.nav = nav
        for item in generated:
            # An author's page at a generated URL is replaced by the generated page, which carries the author's prose.
            if (existing := files.get_file_from_path(item.path)) is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if item.listed else InclusionLevel.NOT_IN_NAV
            if item.content is not None:
                file = File.generated(config, item.path, content=item.content, inclusion=inclusion)
            elif item.copied_from is not None:
                file = File.generated(config, item.path, abs_src_path=item.copied_from, inclusion=inclusion)
            else:
                file = RenderedPage(config, item.path, self.site.page_markdown, inclusion=inclusion)
            file.edit_uri = item.edit_uri
            files.append(file)
        return files

    # -- each page: the serve memo, the neutralized HTML, the banner ---------------------------

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.site.pages_start(files, config, config.config_file_path, nav)
        return nav

    @event_priority(-100)  # last: the Markdown as every other plugin left it
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        if not self.site.serving and page.file.src_uri in self.site.generated_pages:
            # MkDocs read the page into a copy without its front matter, and a build reads the file no more:
            # the generated text it held would double every generated page in memory until the build ends.
            page.file.content_string = ""
        return self.site.markdown(page, markdown)

    @event_priority(-100)
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        def convert(markdown: str) -> str:
            page.markdown = markdown
            page.render(config, files)
            return page.content

        return self.site.content(page, html, files, convert)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The theme's templates, compiled once per process: serve builds the theme's environment anew on every save.
        MkDocs has read every page by now and copies the files next: the render process has written them first."""
        try:
            self.site.rendered()
        except SiteError as exc:
            raise PluginError(str(exc)) from None
        if env.bytecode_cache is None:
            env.bytecode_cache = TEMPLATE_CACHE
        self.site.compact_aside(*_stylesheet_inputs(config))
        self.site.arrange([file.page for file in files.documentation_pages() if file.page is not None], config.plugins)
        # MkDocs writes nothing before this event's end: the static files come next, then the templates and pages.
        self.site.restore_folder([*(file.dest_uri for file in files), *config.theme.static_templates,
                                  *config.extra_templates])
        if self.site.copies is None:  # not serving: every file is written into a folder of its own
            return env
        # MkDocs writes every static file next; those the last build left as they are stay (serve_folder.py)
        static = {os.path.normpath(file.abs_dest_path): file for file in files if not file.is_documentation_page()}
        copies = [(file.abs_src_path, copy) for copy, file in static.items()
                  if file.generated_by is None and file.abs_src_path is not None]
        texts = [(copy, _text_of(file)) for copy, file in static.items()
                 if file.generated_by is not None and file.abs_src_path is None]
        for copy in self.site.copies.unchanged(copies, texts):
            # the one say a plugin has in whether MkDocs writes a file
            static[copy].copy_file = _left_as_it_is  # type: ignore[method-assign]
        return env

    @event_priority(100)  # first: a page written as it was lets its content go before the search plugin scans it
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        return self.site.context(page, context)

    # last: after every other plugin, so the search index never holds the banner, and the compacting process reads
    # the page as MkDocs wrote it, after every plugin
    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return self.site.written(page, output)

    @event_priority(-100)  # last: after every other plugin (search writes its index here) has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs aborts a strict build with warnings right after this event: then the site folder stays as it was.
        failed = config.strict and any(isinstance(handler, CountHandler) and handler.get_counts()
                                       for handler in logging.getLogger("mkdocs").handlers)
        if not failed:
            try:
                self.site.cut_stylesheets(config.site_dir, *_stylesheet_inputs(config))
            except SiteError as exc:
                raise PluginError(str(exc)) from None
        if (target := self.site.finish(succeeded=not failed)) is not None:
            config.site_dir = target
        self.idle_collector.collect_when_idle()

    def on_build_error(self, *, error: Exception) -> None:
        self.site.abort()
        self.idle_collector.collect_when_idle()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        self.site.watch(server, config.config_file_path)
        # What the first build left alive (the warm check, the compiled templates, the memos) lives as long as the
        # server: frozen, it is no longer walked by every full garbage collection of a rebuild (about 60 ms of a
        # real-content rebuild). Its garbage is collected first, or it would be frozen with it for good.
        gc.collect()
        gc.freeze()
        self.served = True
        return server


def _text_of(file: File) -> Callable[[], str]:
    """A generated file's text, read only when the copy it was written to stands as it was."""
    def text() -> str:
        return file.content_string

    return text


def _left_as_it_is(dirty: bool = False) -> None:
    """File.copy_file for a copy the last build left as this one would write it."""


def _stylesheet_inputs(config: MkDocsConfig) -> tuple[list[str], tuple[str, ...], list[str]]:
    """What the stylesheet cut reads beyond the pages: the theme's folders, the features it turns on, and the site's
    own scripts (extra_javascript, wherever they are)."""
    return config.theme.dirs, tuple(config.theme.get("features") or ()), [str(script) for script in config.extra_javascript]
