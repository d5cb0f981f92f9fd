"""MkDocs adapter: run the governance check, then add the generated pages as virtual files.

The check runs in `on_pre_build`, before MkDocs cleans the site directory, so a
failing build leaves the previous site exactly as it was. The pages are rendered
in `on_files` from the check's result and the authors' pages MkDocs collected.
During `mkdocs serve` a failing check keeps serving the last good pages instead
of stopping.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .engine import check
from .errors import UsageError
from .render import MARKDOWN_EXTENSIONS, STYLESHEET, SiteFiles, render_site
from .resources import TEMPLATES
from .result import Result
from .violations import Severity, summary

log = logging.getLogger("mkdocs.plugins.getchitty")


class GetChittyConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # repository holding etc/; default: the folder of mkdocs.yml
    templates = c.Optional(c.Dir(exists=True))
    nav = c.Type(bool, default=True)  # build the slim nav unless mkdocs.yml has its own


class GetChittyPlugin(BasePlugin[GetChittyConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.result: Result | None = None  # the check of this build, when it passed
        self.last_good: SiteFiles | None = None
        self.site: SiteFiles | None = None
        self.own_nav = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @property
    def templates(self) -> Path:
        return Path(self.config.templates) if self.config.templates else TEMPLATES

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The generated pages use heading ids ({ #id }), tables and a table of contents,
        # whatever the host project enables.
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        self.own_nav = self.config.nav and not config.nav
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        try:
            result = check(self._root(config))
        except UsageError as exc:
            raise PluginError(f"getchitty: {exc}") from None
        for v in result.violations:
            line = f"{v.location}: {'waived ' if v.waived else ''}{v.severity.value}[{v.rule}] {v.message}"
            if v.blocking:
                log.error(f"{line}\n    hint: {v.hint}")
            elif v.open_warning:
                log.warning(f"{line}\n    hint: {v.hint}")
            elif v.severity is Severity.NOTICE:
                log.info(line)
            else:
                log.debug(line)  # waived: the count below and /governance/ list them
        counts = summary(result.violations)
        self.result = None
        if result.failed(strict=bool(config.strict)):
            message = (f"governance check failed: {counts['errors']} error(s), {counts['warnings']} warning(s); "
                       "the site was not built")
            if not (self.serving and self.last_good is not None):
                raise PluginError(message)
            log.error(message + "; still serving the last good pages")
        else:
            if counts["waived"]:
                log.info(f"getchitty: {counts['waived']} waived finding(s), listed on /governance/")
            self.result = result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.result is not None:
            author_pages = {file.src_uri: file.content_string for file in files.documentation_pages()}
            self.site = self.last_good = render_site(self.result, author_pages=author_pages, templates=self.templates)
        else:
            self.site = self.last_good
        assert self.site is not None
        if self.own_nav:
            config.nav = self.site.nav
        in_nav = self.site.nav_pages()
        generated = {**self.site.pages, **self.site.assets}
        for path in [*generated, *self.site.static]:
            # An author's page at a generated URL is replaced by the generated
            # page, which already carries the author's prose.
            if (existing := files.get_file_from_path(path)) is not None:
                files.remove(existing)
        for path, content in generated.items():
            inclusion = InclusionLevel.UNDEFINED if path in in_nav or path not in self.site.pages else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        for path, name in self.site.static.items():
            files.append(File.generated(config, path, abs_src_path=str(self.templates / name)))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = self._root(config)
        for folder in (root / "etc", self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        return server
