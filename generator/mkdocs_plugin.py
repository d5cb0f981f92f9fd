"""MkDocs adapter: run the governance check, then add the generated pages as virtual files.

The check runs in `on_pre_build`, before MkDocs touches any output. `mkdocs build`
writes into a temporary folder beside `site_dir`, which replaces `site_dir` only
when the whole build succeeded (strict warnings included), so a failing build —
the check's or any later step's — leaves the previous site exactly as it was; a
lock file beside `site_dir` keeps two builds from writing it at once. `mkdocs
serve` builds into its own temporary folder, and there a failing check keeps
serving the last good pages instead of stopping, each with a banner listing the
findings (file:line:col, rule, message, hint) until a check passes again. While
serving, the check stays warm (engine.Checker), the generator renders again
only the entity pages whose inputs changed (render.KeptPages), and MkDocs' work
on each page is reused while its inputs are unchanged (serve_memo).

The pages are rendered in `on_files` from the check's result and the authors'
pages MkDocs collected. Every line logged passes the result's redaction and
escaping.terminal; a file under docs/ where the check found a credential is
published redacted (Markdown and other text) or not at all (binary), even when
the finding is waived.

The plugin also wires what the pages need from the theme: the stylesheet and
scripts (served from the site), the theme overrides (404 page, footer with the
build stamp, a header source link that makes no request), and an edit link on
each generated page to the repository file its facts come from.
"""

from __future__ import annotations

import fcntl
import logging
import os
import posixpath
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import IO

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler
from watchdog.observers.polling import PollingObserver

from .buildinfo import BuildStamp, read_stamp
from .credentials import redact_tokens
from .engine import Checker
from .errors import UsageError
from .escaping import terminal
from .overlay import Finding, overlay_html
from .render import MARKDOWN_EXTENSIONS, OVERRIDES, SCRIPTS, STYLESHEETS, TEMPLATE_CACHE, KeptPages, SiteFiles, render_site
from .report import listing_order, notice_summary, published
from .resources import TEMPLATES
from .result import Result
from .serve_memo import OUTPUT, PageMemo, digest
from .serve_memo import applies as memo_applies
from .violations import summary

log = logging.getLogger("mkdocs.plugins.getchitty")
POLL_SECONDS = 0.1  # how often `mkdocs serve` looks for saved files


class GetChittyConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # repository holding etc/; default: the folder of mkdocs.yml
    templates = c.Optional(c.Dir(exists=True))
    nav = c.Type(bool, default=True)  # build the slim nav unless mkdocs.yml has its own


def _stat_keys(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under `folder` with its modification time and size: what says a file changed while serving."""
    return sorted((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                  for path in folder.rglob("*") if path.is_file())


def _say(level: int, message: str) -> None:
    """Log a message built from (redacted) source values: one escaped line per line."""
    for line in message.split("\n"):
        log.log(level, terminal(line))


class GetChittyPlugin(BasePlugin[GetChittyConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.result: Result | None = None  # the check of this build, when it passed
        self.last_good: SiteFiles | None = None
        self.site: SiteFiles | None = None
        self.own_nav = False
        self.target: Path | None = None  # the site_dir a build replaces when it succeeds
        self.stamp: BuildStamp | None = None
        self.failed: list[Finding] = []  # while serving the last good pages: the findings that stopped this build
        self.building: Path | None = None  # where that build writes meanwhile
        self.lock: IO | None = None
        self.checker: Checker | None = None  # while serving: the check kept warm between rebuilds
        self.memo: PageMemo | None = None  # while serving: what each page came to, reused while its inputs hold
        self.kept: KeptPages | None = None  # while serving: the entity pages of the last render, with their inputs
        self.nav = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    @property
    def templates(self) -> Path:
        return Path(self.config.templates) if self.config.templates else TEMPLATES

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_css.extend(sheet for sheet in STYLESHEETS if sheet not in config.extra_css)
        scripts = {str(script) for script in config.extra_javascript}
        config.extra_javascript.extend(script for script in SCRIPTS if script not in scripts)
        # Our overrides come after the project's own custom_dir (which wins) and before the theme's.
        overrides = str(self.templates / OVERRIDES)
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        self.stamp = read_stamp(self._root(config), date.today())
        config.extra["getchitty_build"] = self.stamp.as_json()
        # The generated pages use heading ids ({ #id }), tables and a table of contents,
        # whatever the host project enables.
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        self.own_nav = self.config.nav and not config.nav
        if not self.serving:
            self._build_aside(config)
        elif self.dirty or not memo_applies(config.plugins, config.markdown_extensions):
            # `serve --dirty` rebuilds only modified pages itself; other plugins and extensions may read
            # pages or files in ways the memo's keys do not see.
            self.memo = None
        elif self.memo is None:
            self.memo = PageMemo()
        return config

    # -- the site folder is replaced only by a build that succeeded ------------------------

    def _build_aside(self, config: MkDocsConfig) -> None:
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.parent / f".{target.name}.getchitty-lock", "a")  # noqa: SIM115 (held until the build ends)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise PluginError(f"getchitty: another build is writing {target}; run this one when it has finished") from None
        self.lock = lock
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
        if target.is_dir() and self.dirty:
            shutil.copytree(target, building, symlinks=True, dirs_exist_ok=True)
        self.target, self.building = target, building
        config.site_dir = str(building)

    def _failed_strict(self, config: MkDocsConfig) -> bool:
        """Whether MkDocs will abort this build for warnings in strict mode, right after on_post_build."""
        if not config.strict:
            return False
        return any(isinstance(handler, CountHandler) and handler.get_counts()
                   for handler in logging.getLogger("mkdocs").handlers)

    def _finish(self, config: MkDocsConfig, *, succeeded: bool) -> None:
        target, building = self.target, self.building
        self.target = self.building = None
        if target is not None and building is not None:
            config.site_dir = str(target)
            if succeeded:
                self._swap(building, target)
            else:
                shutil.rmtree(building, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    @staticmethod
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

    @event_priority(-100)  # last: after every other plugin (search writes its index here) has written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.memo is not None:
            self.memo.finish()
        self._finish(config, succeeded=not self._failed_strict(config))

    def on_build_error(self, *, error: Exception) -> None:
        if self.memo is not None:
            self.memo.forget()
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
            self.building = None
        self.target = None
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    # -- the check and the pages ----------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        try:
            if self.checker is None or self.checker.root != self._root(config):
                # While serving, the Checker stays warm: a rebuild re-checks what the edit touched. It scans
                # the folder this build publishes, wherever docs_dir points.
                self.checker = Checker(self._root(config), docs_dir=config.docs_dir)
            result = self.checker.recheck()
            if not self.serving:
                self.checker = None
        except UsageError as exc:
            raise PluginError(terminal(redact_tokens(f"getchitty: {exc}"))) from None
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
        if result.blocks_site(strict=bool(config.strict)):
            message = (f"governance check failed: {counts['errors']} error(s), {counts['warnings']} warning(s); "
                       "the site was not built")
            if not (self.serving and self.last_good is not None):
                raise PluginError(message)
            log.error(message + "; still serving the last good pages")
            self.failed = [Finding(redact.path(v.location), redact(v.rule), redact(v.message), redact(v.hint))
                           for v in result.site_blockers(strict=bool(config.strict))]
        else:
            if counts["waived"]:
                log.info(f"getchitty: {counts['waived']} waived finding(s), listed on /governance/")
            self.result = result

    def _withhold_credentials(self, files: Files, config: MkDocsConfig) -> None:
        """Files under docs/ in which the check found a credential: published redacted, or not at all."""
        if self.result is None:
            return
        root = self._root(config)
        flagged = {v.path for v in self.result.violations if v.secret}
        for file in list(files):
            if file.abs_src_path is None:
                continue
            relpath = Path(os.path.relpath(file.abs_src_path, root)).as_posix()
            if relpath not in flagged:
                continue
            redactor = self.result.redact
            try:
                text = file.content_bytes.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                files.remove(file)
                _say(logging.INFO, f"getchitty: {redactor.path(relpath)} holds a credential and is not published")
                continue
            files.remove(file)
            files.append(File.generated(config, redactor.path(file.src_uri), content=redactor(text),
                                        inclusion=file.inclusion))
            _say(logging.INFO, f"getchitty: {redactor.path(relpath)} holds a credential and is published redacted")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.result is not None:
            self._withhold_credentials(files, config)
            try:
                author_pages = {file.src_uri: file.content_string for file in files.documentation_pages()}
            except (OSError, UnicodeDecodeError) as exc:  # changed since the check read it
                raise PluginError(terminal(redact_tokens(f"getchitty: an author's page changed during the build: {exc}"))) from None
            self.site = self.last_good = render_site(self.result, author_pages=author_pages, templates=self.templates,
                                                     build=self.stamp, directory_urls=config.use_directory_urls,
                                                     kept=self._kept_pages())
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
        docs = os.path.relpath(config.docs_dir, self._root(config)).replace(os.sep, "/")
        for path, content in generated.items():
            inclusion = InclusionLevel.UNDEFINED if path in in_nav or path not in self.site.pages else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=content, inclusion=inclusion)
            source = self.site.sources.get(path)
            if source is not None and not docs.startswith(".."):
                # edit_uri points at docs_dir; the page's facts live in a file of the repository.
                file.edit_uri = posixpath.relpath(source, docs)
            files.append(file)
        for path, name in self.site.static.items():
            files.append(File.generated(config, path, abs_src_path=str(self.templates / name)))
        return files

    # -- serve: each page's work reused while its inputs are unchanged (serve_memo) -------------

    def _kept_pages(self) -> KeptPages | None:
        """While serving, the entity pages of the last render; new when a template changed."""
        if not self.serving:
            return None
        templates = digest(_stat_keys(self.templates))
        if self.kept is None or self.kept.context != templates:
            self.kept = KeptPages(context=templates)
        return self.kept

    def _configuration(self, config: MkDocsConfig) -> str:
        """What every page's output reads beyond its own source and the site's files."""
        # The theme's installed files do not change while serving; the project's overrides and ours may.
        overrides = [_stat_keys(Path(folder)) for folder in (config.theme.custom_dir, self.templates / OVERRIDES)
                     if folder]
        return digest(Path(config.config_file_path).read_bytes().hex(), config.site_url, config.use_directory_urls,
                      config.extra, config.markdown_extensions, config.mdx_configs, sorted(config.theme.items(), key=str),
                      config.theme.dirs, overrides)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self.memo is not None:
            self.memo.start(files, self._configuration(config))
            self.nav = nav
        return nav

    @event_priority(-100)  # last: the Markdown as every other plugin left it
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.memo.markdown(page, markdown) if self.memo is not None else markdown

    @event_priority(-100)
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.memo.content(page, html, files) if self.memo is not None else html

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The theme's templates, compiled once per process: serve builds the theme's environment anew on every save."""
        if env.bytecode_cache is None:
            env.bytecode_cache = TEMPLATE_CACHE
        if self.memo is not None:
            self.memo.arrange([file.page for file in files.documentation_pages() if file.page is not None], self.nav)
            search = next((plugin for name, plugin in config.plugins.items() if name in ("search", "material/search")), None)
            index = getattr(search, "search_index", None)
            entries = getattr(index, "entries", getattr(index, "_entries", None))
            if index is not None and isinstance(entries, list):  # Material's index, or MkDocs' own
                index.add_entry_from_context = self.memo.index_with(index.add_entry_from_context, entries)
        return env

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        if self.memo is not None and (output := self.memo.output(page)) is not None:
            context[OUTPUT] = output
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.memo is not None:
            self.memo.wrote(page, output)
        return self._with_banner(output) if self.failed else output

    def _with_banner(self, output: str) -> str:
        """While serving the last good pages, each one opens with the findings that keep it stale. The banner
        goes into the page as written, so the pages kept between rebuilds and the search index stay without it."""
        start = output.find("<article")
        if start < 0:
            start = output.find("<body")
        end = output.find(">", start) if start >= 0 else -1
        return output[:end + 1] + overlay_html(self.failed) + output[end + 1:]

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = self._root(config)
        self._poll_faster(server)
        for folder in (root / "etc", self.templates):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    @staticmethod
    def _poll_faster(server) -> None:
        """MkDocs polls the watched folders every half second, a quarter of a second added to each reload on
        average: the same polling observer, every POLL_SECONDS instead, with the paths MkDocs already watches."""
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
