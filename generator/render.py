"""Stage 4: the checked model rendered into Markdown pages and JSON files.

A pure view over the check's Result (the model and its governance view) and the
authors' pages the adapter hands over: no file is read or written here. Nothing
here imports MkDocs: the plugin adds these files to an MkDocs build, and
`getchitty render` writes them to a folder that any MkDocs-compatible engine can
build. Static files (the stylesheet, the scripts, the read model's JSON Schemas,
the theme overrides) are named, not read: the adapter copies them.

Every `{{ value }}` in a template is redacted (the result's `redact`) and
escaped for Markdown and HTML (escaping.md_escape) by the environment's
finalizer; only markup built here (`Markup`, from values that went through the
same two steps) and the templates' own text pass unchanged. Page titles reach
MkDocs as front matter, HTML-escaped, because themes print titles unescaped;
the read model is the validated data, redacted, as escaping.json_text writes it.
Raw HTML in a page (tables that scroll, pictures) is not read by MkDocs, so its
links are written as the final URLs (`directory_urls` says which form): from the
root of the site's own path (`site_path`, from site_url), because Zensical reads a
relative link in raw HTML from the Markdown file's folder, where MkDocs leaves it
to the browser, which reads it from the page's address, a folder deeper for a page
that is not an index. The SVG pictures get values already redacted and escape
them themselves.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from . import credentials
from .buildinfo import BuildStamp
from .checklist import Item as ChecklistItem
from .checklist import checklist
from .escaping import JsonPart, html_text, json_list_text, json_text, md_escape
from .facts import Facts, facts, facts_json
from .load import Document
from .model import (
    KINDS,
    MODEL_BY_NAME,
    OWN_PAGE_FIELDS,
    STATUS_STYLES,
    UNKNOWN_STATUS,
    UNKNOWN_STYLE,
    Display,
    Ecosystem,
    Entity,
    EntityKind,
    FieldSpec,
    Layer,
    Pages,
    RoadmapItem,
    Role,
    entity_values,
    manifest_keys,
    rule_slug,
    status_style,
    team_slugs,
)
from .pictures import DEPENDS_ON, NO_GROUP, Band, Edge, Node, ecosystem_map, neighbourhood
from .privacy import Published, role_names
from .record import RELATIONS, Source, record_json, sources_json
from .resources import TEMPLATES
from .result import EntityGovernance, GovernanceView, Result, WaiverRow
from .rules import Rule
from .scorecard import Group, Score, Scorecard, Tally, family, scorecard
from .shown import TemplateReader
from .status import MEANINGS as STATUS_MEANINGS
from .violations import Violation, summary

T = TypeVar("T")
STYLESHEET = "assets/getchitty.css"
SCRIPTS = ("assets/accessibility.js",)  # on every page; it loads CATALOG_SCRIPT where a page needs it
CATALOG_SCRIPT = "assets/catalog.js"
OVERRIDES = "overrides"  # theme overrides under the templates folder: the 404 page, the footer, the source link
# Fields of no place of their own that the read model's index lists: all but paragraphs and lists of records.
INDEXED = frozenset(Display) - {Display.PROSE, Display.RECORDS}


@dataclass(frozen=True)
class ApiFile:
    """A file of the read model: its site path ("{name}" for one per entity), its JSON Schema
    (a file under /schemas/, shipped in templates/schemas/) and what it holds."""

    path: str
    schema: str
    holds: str

    def matches(self, path: str) -> bool:
        """Whether `path` is this file, or one of them where "{name}" stands for an entity's name."""
        head, each, tail = self.path.partition("{name}")
        if not each:
            return path == self.path
        name = path[len(head):len(path) - len(tail)] if len(path) > len(head) + len(tail) else ""
        return path.startswith(head) and path.endswith(tail) and bool(name) and "/" not in name


API_FILES: tuple[ApiFile, ...] = (
    *(file for kind in KINDS for file in (
        ApiFile(kind.api_index, "api-index.schema.json",
                f"Every {kind.noun}: kind, status, tier, layer, owners, routes and a governance summary."),
        ApiFile(kind.api_path("{name}"), "api-entity.schema.json",
                f"One {kind.noun}: its manifest as validated, what the site computes about it, "
                "and every rule's outcome with its findings."))),
    ApiFile("api/layers.json", "api-layers.schema.json", "The layers of the board, each with its members."),
    ApiFile("api/teams.json", "api-teams.schema.json",
            "Every owner with what it owns, its open findings and its waivers."),
    ApiFile("api/scopes.json", "api-scopes.schema.json", "Granted scopes by service, and who requests each scope."),
    ApiFile("api/roadmap.json", "api-roadmap.schema.json", "The roadmap's items with their services and waivers."),
    ApiFile("api/waivers.json", "api-waivers.schema.json",
            "Every waiver with its expiry, the days left, whether it expires soon, and how many findings it accepts."),
    ApiFile("api/scorecard.json", "api-scorecard.schema.json",
            "The totals `getchitty check` prints, and each entity's state and counts."),
    ApiFile("api/build.json", "api-build.schema.json", "The commit the site was built from, and the day."),
    ApiFile("api/sources.json", "api-sources.schema.json",
            "Every synced repository with the commit read, and what it states about the ecosystem as a whole "
            "(governance models, compliance dimensions), each with its source line; what it states about one "
            "service is in that service's record."),
)
API_SCHEMAS = sorted({file.schema for file in API_FILES})
STATUS_STYLESHEET = "assets/getchitty-status.css"  # the status badges, made from model.STATUS_STYLES
STYLESHEETS = (STYLESHEET, STATUS_STYLESHEET)
# Loaded by the theme override (overrides/main.html) ahead of Material's own script, not as an extra script.
ON_DEMAND = "assets/on-demand.js"
# Static files of the site: site path → file name under the templates folder.
STATIC = {STYLESHEET: "getchitty.css",
          **{path: path.removeprefix("assets/") for path in (*SCRIPTS, CATALOG_SCRIPT, ON_DEMAND)}}
# Repositories the ecosystem registry lists that are not services: the catalog hides them until asked, by the
# registry's `type` (what each type is called there), and by `active: false` (archived).
NOT_SERVICES = {"org-config": "organization configuration", "documentation": "documentation", "template": "template"}
ARCHIVED = "archived"
SHORT_URL = 48  # characters of a link's text before the middle of its address is elided (the link keeps it whole)
# The Markdown extensions the generated pages are written for: the plugin turns them on.
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc")

_TICK = md_escape("`")


def md_code(escaped: str) -> Markup:
    """Rule texts written by the engine, already escaped: their `code` spans stay code.
    (A split, not a lazy regex: that one scanned to the end from every unclosed tick.)"""
    parts = escaped.split(_TICK)
    out = [parts[0]]
    index = 1
    while index < len(parts):
        if index + 1 < len(parts) and parts[index]:  # a closing tick follows, and the span is not empty
            out.append(f"<code>{parts[index]}</code>{parts[index + 1]}")
            index += 2
        else:
            out.append(_TICK + parts[index])
            index += 1
    return Markup("".join(out))


_NOT_IN_ANCHOR = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)  # a page names the same statuses and entities many times over
def _anchor_part(part: str) -> str:
    return _NOT_IN_ANCHOR.sub("-", part.lower()).strip("-")


def forget_memos() -> None:
    """Empties what a render memoizes for the whole process (anchors, redacted texts). A build calls it once its
    pages are rendered: the strings they hold sit among the freed model's objects and keep the allocator from
    handing that memory back (at 5,000 services, 252 arenas of 1 MiB held 31 MB of live objects)."""
    _anchor_part.cache_clear()
    credentials.redact.cache_clear()


def anchor(*parts: str) -> Markup:
    """A fragment id made of [a-z0-9-] only, hence safe to insert unescaped."""
    return Markup("-".join(_anchor_part(part) for part in parts if part))


def is_web_url(value: str) -> bool:
    return bool(re.match(r"https?://[^\s<>\"'\\`]+\Z", value or ""))


def short_url(url: str, limit: int = SHORT_URL) -> str:
    """A web address as a link's text: whole up to `limit` characters; else without its scheme and, if still
    longer, with the middle of its path elided, keeping the host, the leading segments that fit and the last
    one (a commit-pinned file: github.com/chittyos/chittyregistry/…/CHARTER.md)."""
    if len(url) <= limit:
        return url
    bare = re.sub(r"^https?://", "", url).rstrip("/")
    if len(bare) <= limit:
        return bare
    host, _, path = bare.partition("/")
    segments = [part for part in path.split("/") if part]
    last = segments.pop() if segments else ""
    if len(last) > limit // 2:
        last = last[: limit // 2 - 1] + "\u2026"
    kept = host
    for segment in segments:
        if len(kept) + len(segment) + len(last) + 4 > limit:
            break
        kept += "/" + segment
    return f"{kept}/\u2026/{last}" if last else f"{kept}/\u2026"


_BREAK_AFTER = re.compile("(/|@|" + re.escape(md_escape(":")) + "|" + re.escape(md_escape("_")) + ")")


def breakable(escaped: str) -> Markup:
    """Escaped text in which a long path, address, source or env name may wrap after each slash, at sign, colon
    or underscore, and nowhere else (a source: repository@commit:path:line)."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", escaped))


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL, relative to the site's root, that MkDocs gives the page at site path `page`."""
    stem = page.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def site_path(site_url: str | None) -> str | None:
    """The path the site is served under, from its site_url ("/" for https://get.chitty.cc/, "/portal/" for
    https://example.org/portal); None without a site_url. One leading slash: "//host/" would name another host."""
    if not site_url:
        return None
    path = "/" + urlsplit(site_url).path.lstrip("/")
    return path if path.endswith("/") else path + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """`to_url` as a link on the page at `from_url` (both relative to the site's root), as a browser resolves it."""
    base = from_url.rstrip("/") if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    relative = posixpath.relpath(to_url or ".", base or ".")
    return relative + "/" if (to_url.endswith("/") or not to_url) and relative != "." else (
        "./" if relative == "." else relative)


def deployed(entity: Entity) -> bool:
    """Whether the entity's status says it runs: the routes of one that does not are plans, not addresses."""
    return status_style(entity.status).deployed


def status_stylesheet() -> str:
    """The badges' colours, one class per status (`gc-status-<status>`), from the model's palette."""
    palette = {**STATUS_STYLES, UNKNOWN_STATUS: UNKNOWN_STYLE}
    rules = [f".gc-status-{anchor(status)} {{ background: {style.fill}; }}" for status, style in palette.items()]
    return "/* Made by getchitty from its status palette (getchitty.model.STATUS_STYLES). */\n" + "\n".join(
        [f".gc-status {{ background: {UNKNOWN_STYLE.fill}; }}", *rules]) + "\n"


_GITHUB_OWNER = re.compile(r"https://github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})/", re.ASCII)


_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}\Z", re.ASCII)
_COMMIT = re.compile(r"[0-9a-f]{7,40}\Z", re.ASCII)


def github_line(source: Source) -> str:
    """The address of a stated line on GitHub, pinned to the commit read; "" for a local file."""
    if not (_REPOSITORY.match(source.repository) and _COMMIT.match(source.commit)):
        return ""
    path = "/".join(quote(part) for part in source.path.split("/"))
    return f"https://github.com/{source.repository}/blob/{source.commit}/{path}" + (f"#L{source.line}" if source.line else "")


def github_repository(entity: Entity) -> str:
    """owner/name of the entity's GitHub repository address, as written; "" when it has none."""
    found = re.match(r"https://github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100})", entity.github_repo)
    return found.group(1).removesuffix(".git") if found else ""


def github_owner(entity: Entity) -> str:
    """The owner part of the entity's GitHub repository address, as written; "" when it has none."""
    found = _GITHUB_OWNER.match(entity.github_repo)
    return found.group(1) if found else ""


@dataclass(frozen=True)
class Team:
    """One owner (a team handle or an access-model role) as its page shows it: named as owner by manifests or
    sources, or as the holder of waivers or roadmap items."""

    name: str
    slug: str
    entities: tuple[Entity, ...]
    role: Role | None  # the access model's role of that name
    findings: tuple[Violation, ...]  # open findings (not waived) on what it owns
    waivers: tuple[WaiverRow, ...]  # waivers on what it owns, or held by it
    counts: Mapping[str, int]  # as `getchitty check` counts, over what it owns, plus passing rule checks
    roadmap: tuple[RoadmapItem, ...] = ()  # roadmap items it owns

    @property
    def page(self) -> str:
        return Pages.team(self.slug)


@dataclass(frozen=True)
class _TeamNames:
    """The teams by name, in the order their pages are listed: each one's page slug, and its handles as written
    with the entities they own."""

    slugs: dict[str, str]
    members: dict[str, tuple[frozenset[str], dict[str, Entity]]]


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process and kept in memory, checked against their source on every load.

    `mkdocs serve` renders the whole site again after every save, each time in a new Jinja
    environment (ours, and the theme's, which the plugin hands this cache too); compiling the
    same templates again took about a tenth of each rebuild.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def compiled(self) -> dict[str, bytes]:
        return dict(self._code)

    def add(self, compiled: Mapping[str, bytes]) -> None:
        """Templates compiled elsewhere (`compile_templates`): each still checked against its source when loaded."""
        self._code.update(compiled)


TEMPLATE_CACHE = CompiledTemplates()


@dataclass
class SiteFiles:
    """The generated site by site-relative path: Markdown pages, generated files (JSON), and
    static files to copy from the templates folder."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)
    static: dict[str, str] = field(default_factory=lambda: dict(STATIC))
    nav: list = field(default_factory=list)
    # Page → the repository file its facts come from (a manifest, a model file), for its edit link.
    sources: dict[str, str] = field(default_factory=dict)

    def nav_pages(self) -> set[str]:
        """Pages the nav lists; the rest (one per service and rule) are reached by links."""
        found: set[str] = set()

        def walk(items: Any) -> None:
            for item in items:
                if isinstance(item, str):
                    found.add(item)
                elif isinstance(item, dict):
                    for value in item.values():
                        walk([value] if isinstance(value, str) else value)

        walk(self.nav)
        return found


@dataclass(frozen=True)
class PageInputs:
    """What an entity's page is rendered from, declared once, beside the renderer that reads it.

    Besides its own entity (every field, and the manifest as written), the context the renderer passes for it and
    its author's page, a page reads what is named here. site.KeptPages keys every entity page by the digest of
    exactly this, and tests/test_page_inputs.py records every field read while the pages render: it fails on a
    read outside it.
    """

    renderer: frozenset[str]  # the Renderer's parameters a page depends on (besides `kept`, the memo itself)
    result: frozenset[str]  # fields of the Result
    governance: frozenset[str]  # fields of its governance view (each entity's outcomes: rule, state, findings)
    ecosystem_left_out: frozenset[str]  # Ecosystem fields read only through `entities`, each entity as below
    federation_left_out: frozenset[str]  # Federation fields read only through an entity's facts
    others_left_out: frozenset[str]  # fields of another entity that only that entity's own page reads
    others_facts: frozenset[str]  # what a page reads of another entity's facts (Renderer.facts)
    # The templates of the other pages that read no more than an entity page reads of the entities not its own,
    # besides their own author's page and the context passed to them: kept under the same inputs, with those.
    shared_only_templates: frozenset[str]


ENTITY_PAGE_INPUTS = PageInputs(
    renderer=frozenset({"result", "author_pages", "build", "directory_urls", "site_path", "templates"}),
    result=frozenset({"ecosystem", "violations", "rules", "today", "credentials", "governance"}),
    governance=frozenset({"entities", "totals", "waivers"}),
    ecosystem_left_out=frozenset({"pages", "synthesized"}),
    federation_left_out=frozenset({"declarations"}),
    others_left_out=OWN_PAGE_FIELDS | {"document"},
    others_facts=frozenset({"organization", "tier", "tier_label"}),
    shared_only_templates=frozenset({"access.md.j2", "api.md.j2", "index.md.j2", "ontology.md.j2", "roadmap.md.j2",
                                     "rule.md.j2", "scopes.md.j2", "secrets.md.j2", "team.md.j2", "teams.md.j2"}),
)


class EntityPages(Protocol):
    """Entity pages kept between renders (site.KeptPages): `page` gives the kept one while its inputs hold."""

    def page(self, renderer: Renderer, template: str, entity: Entity, context: Callable[[], dict[str, Any]]) -> str:
        """`entity`'s page, rendered from `context()` or kept while its inputs hold: the entity, its facts and its
        declaration, the shared inputs and its author's page (tests/test_page_inputs.py checks that the context
        made reads nothing else)."""
        ...

    def shared_only_page(self, renderer: Renderer, template: str, page: str, hide: tuple[str, ...],
                         context: dict[str, Any]) -> str:
        """A page of one of the `shared_only_templates`, kept while the shared inputs, its author's page and its
        context hold (tests/test_page_inputs.py checks that such a page reads nothing else)."""
        ...

    def entry(self, renderer: Renderer, entity: Entity, part: str, make: Callable[[], T]) -> T:
        """A part of the read model about one entity (its file, its index entry), made by `make` or kept with the
        entity's page of this render: it reads nothing beyond that page's inputs (tests/test_page_inputs.py)."""
        ...


class Renderer:
    def __init__(self, result: Result, *, templates: Path = TEMPLATES, author_pages: Mapping[str, str] | None = None,
                 build: BuildStamp | None = None, directory_urls: bool = True, site_path: str | None = None,
                 kept: EntityPages | None = None):
        self.result = result
        self.kept = kept
        self.build = build or BuildStamp(result.today.isoformat())
        self.directory_urls = directory_urls
        self.site_path = site_path
        self.eco: Ecosystem = result.ecosystem
        self.author_pages = author_pages or {}
        self.today = result.today
        self.templates = templates
        # What may be published: credentials redacted, and the e-mail addresses of people withheld (privacy.py).
        handles = [handle for place in self._handle_places() for handle, _ in place]
        self.redact = Published(result.redact, role_names(self.eco.entities, handles))
        self._texts: dict[str, str] = {}  # text → text(text)
        self._finalized: dict[str, Markup] = {}  # text → finalize(text)
        # Files holding a credential value: federated facts read from them are shown redacted.
        self._secret_files = frozenset(v.path for v in result.violations if v.secret)
        # The page addresses the templates ask for, with a rule's redacted. Made once per render: a class made
        # per page (there is one per service) is garbage that only a full collection frees.
        self._pages = type("PageHelpers", (Pages,), {"rule": staticmethod(self.rule_page)})
        self._teams: dict[str, Team] | None = None
        self._team_of: dict[str, Team] = {}
        # Site-relative paths only, so the result never depends on the working folder.
        self._relpath = functools.lru_cache(maxsize=None)(posixpath.relpath)
        self._facts: dict[str, Facts] = {}
        self._page = ""  # the page being rendered: the one the link helpers write addresses from
        self._checklists: dict[str, tuple[ChecklistItem, ...]] = {}
        self._shown_by: dict[str, frozenset[str]] = {}
        self._specs: dict[str, dict[str, FieldSpec]] = {}  # a kind's schema → its fields by name

    # What only rendering needs is made when the first page is rendered: a build's render process sends the list of
    # pages (page_makers, nav, sources) first, and MkDocs reads the authors' pages and makes the navigation while it
    # makes these (measured: the list went out 0.11 s sooner at 1,000 services, 0.66 s sooner at 5,000).

    @functools.cached_property
    def governance(self) -> GovernanceView:
        return self.result.governance

    @functools.cached_property
    def env(self) -> jinja2.Environment:
        env = _environment(self.templates, self, TEMPLATE_CACHE, _Templates)
        env.globals.update(anchor=self.anchor, **self._globals())
        return env

    @functools.cached_property
    def _template_reader(self) -> TemplateReader:
        return TemplateReader(self.env)

    # -- the boundary: every value placed in a page passes here ------------------------

    def text(self, value: Any) -> str:
        """A value as page text: redacted, then escaped for Markdown and HTML."""
        if type(value) is not str:
            return "" if value is None else md_escape(self.redact(value))
        done = self._texts.get(value)  # the same names, states and labels fill every page: escaped once each
        if done is None:
            done = self._texts[value] = md_escape(self.redact(value))
        return done

    def finalize(self, value: Any) -> Markup:
        if type(value) is not str:
            return value if isinstance(value, Markup) else Markup(self.text(value))
        done = self._finalized.get(value)
        if done is None:
            done = self._finalized[value] = Markup(self.text(value))
        return done

    def anchor(self, *parts: str) -> Markup:
        return anchor(*(self.redact(part) for part in parts if part))

    def rule_page(self, rule_id: str) -> str:
        return Pages.rule(self.redact(rule_id))

    # -- helpers the templates call ------------------------------------------------

    def prose(self, text: str) -> Markup:
        """Multi-line prose from a source: escaped line by line, paragraphs kept."""
        paragraphs = [self.text(p) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
        return Markup("\n\n".join(paragraphs))

    def code(self, value: Any) -> Markup:
        return md_code(self.text(value))

    def breakable(self, value: Any) -> Markup:
        """A path or an address as text that wraps after its slashes, not between any two characters."""
        return breakable(self.text(value))

    def badge(self, status: str) -> Markup:
        css = self.anchor(status) or "unknown"
        return Markup(f'<span class="gc-status gc-status-{css}">{self.text(status or "Unknown")}</span>')

    # -- what the templates read ----------------------------------------------------
    # Everything but the page itself is the same on every page: the templates' globals, set once per render, so
    # that the shared macros are imported without a page's context, made once instead of once per page (and with
    # no reference cycle left behind by each page). The helpers that write a link read the page being rendered.

    def _globals(self) -> dict[str, Any]:
        # Indexes built once per site: computed in every page's context (or per call
        # from a template loop) they made rendering quadratic in the number of services.
        entities = self.eco.entities.values()
        scopes_by_service = self.eco.scopes.by_service
        granted_to = _index((s, scope) for s, granted in scopes_by_service.items() for scope in granted)
        requested_by = _index((e.name, scope) for e in entities for scope in e.scopes)
        declared_by = _index((e.name, env) for e in entities for env in e.secrets)
        issued_by = _index((name, entry.service) for name, entry in self.eco.secrets.entries.items() if entry.service)
        return dict(eco=self.eco, result=self.result, governance_view=self.governance, href=self.href,
                    link=self.link, entity_link=self.entity_link, web=self.web, url=self.url, a=self.a,
                    entity_a=self.entity_a, team_link=self.team_link, teams=self.teams,
                    organization=self.organization, tier_of=self.tier_of, deployed=deployed, build=self.build,
                    layers_of=self.layers_of, issued_by=lambda name: list(issued_by.get(name, ())),
                    ecosystem_map=lambda: self.ecosystem_map(self._page),
                    neighbourhood=lambda e: self.neighbourhood(e, self._page),
                    api_files=API_FILES, today=self.today, layer_of=self.eco.layer_of, rules=self.result.rules,
                    rule_slug=rule_slug, pages=self._pages, statuses=self.eco.vocabulary.statuses,
                    status_meanings=STATUS_MEANINGS, cite=self.cite, records=self.result.records,
                    relations=RELATIONS, declared_names=frozenset(declared_by),
                    expiry_days=self.eco.waiver_notice_days, ontology_index=self.classifications(),
                    scope_index={scope for scopes in scopes_by_service.values() for scope in scopes},
                    granted_to=lambda scope: list(granted_to.get(scope, ())),
                    requested_by=lambda scope: list(requested_by.get(scope, ())),
                    declared_by=lambda env: list(declared_by.get(env, ())),
                    authored=lambda target: target in self.author_pages, scorecard=self.scorecard,
                    listing=self.listing, rule_families=self.rule_families, status_rank=self.status_rank,
                    not_on_the_board=self.not_on_the_board, team_of=self.team_of, checklist_of=self.checklist,
                    this_page=lambda: self._page)

    def href(self, target: str, fragment: str = "") -> str:
        relative = self._relpath(target, posixpath.dirname(self._page) or ".")
        return relative + (f"#{fragment}" if fragment else "")

    def link(self, text: Any, target: str, fragment: str = "") -> Markup:
        return Markup(f"[{self.text(text)}]({self.href(target, fragment)})")

    def entity_link(self, name: str) -> Markup:
        entity = self.eco.entities.get(name)
        if entity is None:
            return Markup(self.text(name))
        return self.link(entity.name, entity.page)

    def url(self, target: str, fragment: str = "") -> str:
        if target == self._page and fragment:
            return f"#{fragment}"
        return self.html_url(self._page, target) + (f"#{fragment}" if fragment else "")

    def a(self, text: Any, target: str, fragment: str = "", **attributes: str) -> Markup:
        """A link in raw HTML; its text escaped, unless it is markup made here (the `breakable` filter's)."""
        extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items())
        shown = text if isinstance(text, Markup) else self.text(text)
        return Markup(f'<a href="{escape(self.url(target, fragment))}"{extra}>{shown}</a>')

    def entity_a(self, name: str) -> Markup:
        entity = self.eco.entities.get(name)
        return self.a(entity.name, entity.page) if entity is not None else Markup(self.text(name))

    def team_link(self, owner: str, html: bool = False, as_team: bool = False) -> Markup:
        """A link to the owner's team page; `as_team` names the team as its page does (one spelling)."""
        team = self.team_of(owner)
        if team is None:
            return Markup(self.text(owner))
        shown = team.name if as_team else owner
        return self.a(shown, team.page, data_item="") if html else self.link(shown, team.page)

    def web(self, url: str, text: str | None = None) -> Markup:
        """A link to a web address, its text shortened (short_url) with the whole address in its title;
        any other value as text."""
        url = self.redact(url)
        if not is_web_url(url):
            return Markup(self.text(url))
        shown = text or short_url(url)
        if shown == url:
            return Markup(f'<a href="{escape(url)}">{self.text(shown)}</a>')
        return Markup(f'<a href="{escape(url)}" title="{escape(url)}">{breakable(self.text(shown))}</a>')

    def cite(self, source: Source | None) -> Markup:
        """Where a value is stated, short (`CHARTER.md:104`), linked to that line of the commit read when
        the repository is on GitHub (the address names the repository and the commit: a title repeating them
        weighed a tenth of a record's page); otherwise the whole `repository@commit:path:line` in a title."""
        if source is None:
            return Markup("")
        if source.role == "curated":  # this repository's manifest: the page's edit link leads to it
            return Markup(f'<span title="{escape(self.redact(source.text))}">manifest</span>')
        short = f"{source.path}:{source.line}" if source.line else source.path
        target = github_line(source)
        if not target:
            return Markup(f'<span title="{escape(self.redact(source.text))}">{self.text(short)}</span>')
        return Markup(f'<a href="{escape(self.redact(target))}">{self.text(short)}</a>')

    def _author_prose(self, page: str) -> Markup:
        text = self.author_pages.get(page, "")
        if not text:
            return Markup("")
        # Drop the author's own first heading: the generated page already has the title.
        text = re.sub(r"\A\s*#\s[^\n]*\n", "", text, count=1)
        return Markup(self.redact(text.strip()) + "\n")

    def classifications(self) -> dict[str, list[Entity]]:
        """Every classification some entity carries, with the entities that carry it."""
        carried: dict[str, list[Entity]] = {}
        for entity in self.eco.entities.values():
            for item in entity.ontology:
                carried.setdefault(item, []).append(entity)
        return dict(sorted(carried.items()))

    def facts(self, entity: Entity) -> Facts:
        """What the sources state about the entity, computed once per site."""
        view = self._facts.get(entity.name)
        if view is None:
            outcome = self.governance.entities.get(entity.name)
            findings = tuple(v for o in outcome.outcomes for v in o.findings) if outcome is not None else ()
            view = self._facts[entity.name] = facts(self.eco, entity, findings, self._secret_files)
        return view

    def tiered(self) -> dict[int | None, list[Facts]]:
        """Every entity's sources view by its ecosystem tier (None: no source states one)."""
        found: dict[int | None, list[Facts]] = {}
        for entity in self.eco.entities.values():
            view = self.facts(entity)
            found.setdefault(view.tier, []).append(view)
        return found

    def render(self, template: str, page: str, *, hide: tuple[str, ...] = (), **extra: Any) -> str:
        """A page from its template; `hide` names parts of the theme's frame to leave out (Material's `hide`)."""
        if self.kept is not None and template in ENTITY_PAGE_INPUTS.shared_only_templates:
            return self.kept.shared_only_page(self, template, page, hide, extra)
        return self.rendered(template, page, hide, extra)

    def rendered(self, template: str, page: str, hide: tuple[str, ...], extra: dict[str, Any]) -> str:
        """The page rendered now, whatever is kept."""
        outer, self._page = self._page, page
        try:
            markdown = self.env.get_template(template).render(page=page, author_prose=self._author_prose(page), **extra)
        finally:
            self._page = outer
        return with_title(markdown, hide)

    # -- the site ----------------------------------------------------------------

    def site(self) -> SiteFiles:
        out = SiteFiles()
        for page, make in self.page_makers().items():
            out.pages[page] = make()
        out.assets.update(self.read_model())
        out.nav = self.nav()
        out.sources = self.sources(out.pages)
        return out

    def page_makers(self) -> dict[str, Callable[[], str]]:
        """Every page of the site, in the order it is built, with what renders it: the pages are known before any
        is rendered (site.Site hands them to MkDocs while they are rendered in another process)."""
        eco = self.eco
        makers: dict[str, Callable[[], str]] = {Pages.home: functools.partial(self.render, "index.md.j2", Pages.home)}
        for entity in eco.entities.values():
            makers[entity.page] = functools.partial(self._entity_page, entity)
        for name in ("ontology", "scopes", "secrets", "access", "roadmap"):
            page = getattr(Pages, name)
            makers[page] = functools.partial(self.render, f"{name}.md.j2", page)
        # The map needs the width the table of contents would take.
        makers[Pages.architecture] = functools.partial(self.render, "architecture.md.j2", Pages.architecture,
                                                       hide=("toc",))
        if self.has_tiers:
            makers[Pages.tiers] = lambda: self.render("tiers.md.j2", Pages.tiers, tiered=self.tiered())
        for layer in eco.layers:
            makers[layer.page] = functools.partial(self.render, "layer.md.j2", layer.page, layer=layer,
                                                   members=eco.in_layer(layer))
        makers[Pages.governance] = functools.partial(self.render, "governance.md.j2", Pages.governance)
        # The scorecard's table wants the whole width, as the catalog's does.
        makers[Pages.scorecard] = functools.partial(self.render, "scorecard.md.j2", Pages.scorecard,
                                                    hide=("navigation", "toc"))
        for rule in sorted(self.result.rules.values(), key=lambda rule: rule.id):
            page = self.rule_page(rule.id)
            makers[page] = functools.partial(self._rule_page, rule, page)
        # The catalog's table wants the whole width; its page has no headings to list anyway.
        makers[Pages.catalog] = functools.partial(self.render, "catalog.md.j2", Pages.catalog,
                                                  hide=("navigation", "toc"))
        makers[Pages.teams] = functools.partial(self.render, "teams.md.j2", Pages.teams)
        for name, slug in self._team_names.slugs.items():
            makers[Pages.team(slug)] = functools.partial(self._team_page, name)
        makers[Pages.api] = functools.partial(self.render, "api.md.j2", Pages.api)
        return makers

    def _rule_page(self, rule: Rule, page: str) -> str:
        return self.render("rule.md.j2", page, rule=rule, findings=self.governance.by_rule.get(rule.id, ()))

    def _team_page(self, name: str) -> str:
        team = self.teams()[name]
        return self.render("team.md.j2", team.page, team=team)

    def _entity_page(self, entity: Entity) -> str:
        # A service the sources register but this repository has no manifest for gets the registered page.
        template = entity.entity_kind.template if entity.onboarded else "registered.md.j2"

        def context() -> dict[str, Any]:
            return dict(entity=entity, governance=self.governance.entities[entity.name], fields=self.fields(entity),
                        roadmap=self.roadmap_of(entity), facts=self.facts(entity), lacking=self.checklist(entity))

        return (self.kept.page(self, template, entity, context) if self.kept is not None
                else self.render(template, entity.page, **context()))

    def sources(self, pages: Collection[str]) -> dict[str, str]:
        """The repository file behind each page that has one: an entity's manifest, a model file, an author's page."""
        eco = self.eco
        out = {page: f"{self.result.docs_dir}/{page}" for page in pages if page in self.author_pages}
        for entity in eco.entities.values():
            out[entity.page] = entity.path
        models = {"ontology": eco.ontology.document, "scopes": eco.scopes.document, "secrets": eco.secrets.document,
                  "access": eco.access.document, "architecture": eco.layers_document}
        for name, document in models.items():
            if document is not None:
                out[getattr(Pages, name)] = document.path
        if eco.layers_document is not None:
            out.update({layer.page: eco.layers_document.path for layer in eco.layers})
        if eco.roadmap.items:
            out[Pages.roadmap] = MODEL_BY_NAME["roadmap"].path
        if eco.waivers:
            out[Pages.governance] = MODEL_BY_NAME["waivers"].path
        if eco.levels.document is not None:
            out[Pages.scorecard] = eco.levels.document.path
        return {page: self.redact.path(source) for page, source in out.items() if page in pages}

    # -- view helpers: what the templates ask about entities, teams and pictures -----------

    def organization(self, entity: Entity) -> str:
        """The organization the sources state for the entity; else the GitHub organization of its repository,
        spelt as the sources spell that organization elsewhere (GitHub ignores case); "" when neither says."""
        stated = self.facts(entity).organization
        if stated:
            return stated
        owner = github_owner(entity)
        return self._organizations.get(owner.lower(), owner.lower()) if owner else ""

    @functools.cached_property
    def _organizations(self) -> dict[str, str]:
        spelt = (self.facts(entity).organization for entity in self.eco.entities.values())
        return {name.lower(): name for name in sorted(filter(None, spelt), reverse=True)}

    def tier_of(self, entity: Entity) -> tuple[str, str]:
        """The entity's tier as shown, and its sort key: the ecosystem tier (0-5) the sources state, else the
        manifest's own tier."""
        view = self.facts(entity)
        if view.tier is not None:
            return view.tier_label or str(view.tier), str(view.tier)
        return entity.tier, entity.tier

    def layers_of(self, entity: Entity) -> list[Layer]:
        """Every layer the entity sits on (one per category that a layer holds), its own first."""
        layers = []
        for category in entity.categories:
            number = self.eco.layer_number(category)
            layer = next((item for item in self.eco.layers if item.number == number), None)
            if layer is not None and layer not in layers:
                layers.append(layer)
        return layers

    def _handle_places(self) -> tuple[Iterable[tuple[str, str | None]], ...]:
        """Every place that names an owner: each gives (handle, the entity the handle owns there, or None). Each
        handle named anywhere gets a team page; a new place (CODEOWNERS, charter roles) is one more line here."""
        eco, records = self.eco, self.result.records
        return (
            ((owner, name) for name in eco.entities for owner in records.owners(name)
             if owner.startswith("@") or owner in eco.access.roles),
            ((person.who, None) for name in eco.entities for person in records.people(name) if person.who.startswith("@")),
            ((waiver.owner, None) for waiver in eco.waivers),
            ((item.owner, None) for item in eco.roadmap.items if not item.unowned),
        )

    @functools.cached_property
    def _team_names(self) -> _TeamNames:
        """Every owner handle named anywhere (_handle_places), one team per handle however it is spelt: what the
        list of pages needs of the teams. GitHub reads team handles in any case, so "@ChittyOS/developers" and
        "@CHITTYOS/developers" are one team, named as it is written most often."""
        eco = self.eco
        spellings: dict[str, dict[str, int]] = {}  # one key per team: each way it is written, how often
        owned: dict[str, dict[str, Entity]] = {}
        for place in self._handle_places():
            for handle, entity in place:
                handle = handle.strip()
                if not handle:
                    continue
                key = handle.casefold() if handle.startswith("@") else handle
                written = spellings.setdefault(key, {})
                written[handle] = written.get(handle, 0) + 1
                if entity is not None:
                    owned.setdefault(key, {})[entity] = eco.entities[entity]
        names = {key: max(written, key=lambda handle: (written[handle], handle)) for key, written in spellings.items()}
        slugs = team_slugs(sorted(names.values(), key=str.lower), self.redact)
        ordered = sorted(spellings, key=lambda key: names[key].lower())
        return _TeamNames({names[key]: slugs[names[key]] for key in ordered},
                          {names[key]: (frozenset(spellings[key]), owned.get(key, {})) for key in ordered})

    def teams(self) -> dict[str, Team]:
        """Every team (_team_names) with what it owns, its open findings, its waivers and its roadmap items, built
        once per site, by name."""
        if self._teams is None:
            eco, known = self.eco, self._team_names
            self._teams = {}
            for name, slug in known.slugs.items():
                handles, entities = known.members[name]
                governed = [self.governance.entities[entity] for entity in sorted(entities)]
                found = [v for g in governed for outcome in g.outcomes for v in outcome.findings]
                counts = summary(found)
                counts["passing"] = sum(len(g.passing) for g in governed)
                waivers = tuple(row for row in self.governance.waivers
                                if row.waiver.entity in entities or row.waiver.owner.strip() in handles)
                roadmap = tuple(item for item in eco.roadmap.items if item.owner.strip() in handles)
                team = Team(name, slug, tuple(entities[n] for n in sorted(entities)), eco.access.roles.get(name),
                            tuple(v for v in found if not v.waived), waivers, counts, roadmap)
                self._teams[name] = team
                self._team_of.update((handle, team) for handle in handles)
        return self._teams

    def team_of(self, handle: str) -> Team | None:
        self.teams()
        return self._team_of.get(handle.strip())

    def html_url(self, page: str, target: str) -> str:
        """The address of the page at site path `target` in a link inside raw HTML (tables that scroll, pictures) on
        `page`, which no engine rewrites alike: from the root of the site's path; relative to the page's address
        where the site has no site_url (MkDocs reads that as the browser does, Zensical from the Markdown file's
        folder: the same folder only for an index page or with use_directory_urls: false)."""
        there = page_url(target, self.directory_urls)
        if self.site_path is not None:
            return self.site_path + there
        return relative_url(page_url(page, self.directory_urls), there)

    def _node(self, entity: Entity, page: str, linked: bool = True) -> Node:
        target = self.html_url(page, entity.page)
        layer = self.eco.layer_of(entity)
        group = self.redact(self.facts(entity).tier_label) or NO_GROUP if layer is None else ""
        return Node(entity.name, entity.name, target if linked else "", layer, self.redact(entity.status),
                    entity.entity_kind.noun, group)

    def ecosystem_map(self, page: str) -> Markup:
        """Every entity in the band of its layer, dependencies as arrows, each box a link to its page; those on no
        layer (registered, not onboarded) by ecosystem tier below the board."""
        entities = list(self.eco.entities.values())
        bands = [Band(layer.number, self.redact(layer.name)) for layer in self.eco.layers]
        tiers = [self.redact(self.eco.federation.tiers.label(tier.number)) for tier in self.eco.federation.tiers.items]
        return Markup(ecosystem_map(bands, [self._node(e, page) for e in entities], self.map_edges(),
                                    title="The ecosystem by layer", groups=[*tiers, NO_GROUP]))

    def not_on_the_board(self) -> list[tuple[str, list[Entity]]]:
        """The entities on no layer of the board, by ecosystem tier (the map's groups), for the map's list."""
        groups: dict[str, list[Entity]] = {self.eco.federation.tiers.label(tier.number): []
                                           for tier in self.eco.federation.tiers.items}
        for entity in self.eco.entities.values():
            if self.eco.layer_of(entity) is None:
                groups.setdefault(self.facts(entity).tier_label or NO_GROUP, []).append(entity)
        return [(group, members) for group, members in groups.items() if members]

    @functools.cached_property
    def scorecard(self) -> Scorecard:
        return scorecard(self.governance.entities, self.eco.levels)

    def listing(self, entity: Entity) -> str:
        """What the catalog lists the entity as: "service", or what the registry says a repository that is not
        one is (NOT_SERVICES by its `type`, ARCHIVED when it is not `active`)."""
        view = self.facts(entity)
        kind = view.stated("type")
        if isinstance(kind, str) and kind.lower() in NOT_SERVICES:
            return NOT_SERVICES[kind.lower()]
        return ARCHIVED if view.stated("active") is False else "service"

    def rule_families(self) -> dict[str, list[str]]:
        """Every rule family with the ids of its rules, by name."""
        found: dict[str, list[str]] = {}
        for rule_id in sorted(self.result.rules):
            found.setdefault(family(rule_id), []).append(rule_id)
        return dict(sorted(found.items()))

    def status_rank(self, status: str) -> int:
        """The status's place in the lifecycle (the schemas' order); past the end when it is not one of them."""
        statuses = self.eco.vocabulary.statuses
        return statuses.index(status) if status in statuses else len(statuses)

    def map_edges(self) -> list[Edge]:
        """One arrow per pair of entities the records relate: a dependency, or a dashed line between peers."""
        kinds: dict[tuple[str, str], str] = {}
        records = self.result.records
        for name in records:
            for edge in records.depends_on(name):
                if edge.target and edge.target != edge.source_entity:
                    pair = (edge.source_entity, edge.target)
                    kinds[pair] = DEPENDS_ON if edge.relation != "peer" or kinds.get(pair) == DEPENDS_ON else "peer"
        return [Edge(source, target, kind) for (source, target), kind in kinds.items()]

    def neighbourhood(self, entity: Entity, page: str) -> Markup:
        """What the entity depends on, what depends on it and what it is related to; empty when it stands alone."""
        known, record = self.eco.entities, self.result.records[entity.name]
        depends_on = [self._node(known[name], page) for name in dict.fromkeys(e.target for e in record.depends_on)
                      if name in known and name != entity.name]
        used_by = [self._node(known[name], page) for name in dict.fromkeys(e.source_entity for e in record.used_by)
                   if name in known and name != entity.name]
        related = [self._node(known[name], page) for name in entity.related if name in known and name != entity.name]
        if not (depends_on or used_by or related):
            return Markup("")
        return Markup(neighbourhood(self._node(entity, page, linked=False), depends_on, used_by, related))

    def checklist(self, entity: Entity) -> tuple[ChecklistItem, ...]:
        """What the entity still lacks, item by item, and what it has done (checklist.py)."""
        found = self._checklists.get(entity.name)
        if found is None:
            found = self._checklists[entity.name] = checklist(
                self.result, entity, self.result.records[entity.name], self.governance.entities[entity.name],
                self.eco.levels, self.facts(entity).compliance, self.eco.federation.repository_of(entity.name)
                or github_repository(entity))
        return found

    def roadmap_of(self, entity: Entity) -> list:
        return [item for item in self.eco.roadmap.items if entity.name in item.services]

    def fields(self, entity: Entity) -> list[tuple[FieldSpec, Any]]:
        """Every field the manifest holds that its page does not show in a place of its own (the template
        reads no `entity.<field>` for it), in the schema's order, each with how its schema says to show it:
        a field the schema gains appears on the page with no change here."""
        shown = self._shown(entity.entity_kind.template)
        specs = self._field_specs(entity.entity_kind)
        keys = [key for key in specs if key in entity.data] + [key for key in entity.data if key not in specs]
        return [(specs.get(key) or FieldSpec(key, Display.TEXT), entity.data[key]) for key in keys if key not in shown]

    def _field_specs(self, kind: EntityKind) -> dict[str, FieldSpec]:
        found = self._specs.get(kind.schema)
        if found is None:
            found = self._specs[kind.schema] = {spec.name: spec for spec in self.eco.fields(kind)}
        return found

    def _shown(self, template: str) -> frozenset[str]:
        found = self._shown_by.get(template)
        if found is None:
            found = self._shown_by[template] = self._template_reader.shown(template)
        return found

    @property
    def has_tiers(self) -> bool:
        return bool(self.eco.federation.tiers.items)

    def nav(self) -> list:
        # MkDocs themes print nav titles as HTML: a title from the sources is escaped here.
        layers = [{html_text(self.redact(f"Layer {layer.number} · {layer.name}")): layer.page} for layer in self.eco.layers]
        if self.has_tiers:
            layers.append({"Ecosystem tiers": Pages.tiers})
        guides = sorted(page for page in self.author_pages if page.startswith("authors/") and page != Pages.onboarding)
        nav: list = [{"Home": Pages.home}]
        if Pages.onboarding in self.author_pages:  # what readers come for first: a tab of its own
            nav.append({"Onboard a service": Pages.onboarding})
        nav += [
            {"Catalog": [Pages.catalog, {"Teams": Pages.teams}]},
            {"Architecture": [Pages.architecture, *layers]},
            {"Model": [{"Ontology": Pages.ontology}, {"Scopes": Pages.scopes}, {"Secrets": Pages.secrets},
                       {"Access": Pages.access}, {"Read API": Pages.api}]},
            {"Governance": [Pages.governance, {"Scorecard": Pages.scorecard}, {"Roadmap": Pages.roadmap}]},
        ]
        if guides:
            nav.append({"Guides": guides})
        return nav

    # -- machine-readable read model -----------------------------------------------

    def entity_json(self, entity: Entity, summary: bool = False) -> dict:
        """The manifest as validated, plus what the site computes about it."""
        eco = self.eco
        owner, defaulted = eco.owner_entity(entity)
        governance = self.governance.entities[entity.name]
        view = self.facts(entity)
        computed = {
            "name": view.name, "id": entity.name, "layer": eco.layer_of(entity),
            "owner_entity": owner or None, "owner_entity_is_default": defaulted,
            "used_by": list(dict.fromkeys(e.source_entity for e in self.result.records[entity.name].used_by)),
            "page": "/" + entity.url, "api": "/" + entity.api_path,
            "governance_summary": {"state": governance.state, **governance.counts},
        }
        if eco.federation.present:
            computed["onboarded"] = entity.onboarded
            computed["organization"] = view.organization or None
            computed["ecosystem_tier"] = view.tier
            computed["status_rule"] = view.decision.status if view.decision is not None else None
        if summary:
            # Index entries have every key, so that a reader can filter on any of them: each indexed field of
            # the kind's schema, as the entity holds it (None, [] or {} where it holds none).
            values = {**entity.data, **entity_values(entity)}
            index = {spec.name: _or_empty(values.get(spec.name), spec) if _conforms(values.get(spec.name), spec) else None
                     for spec in self.indexed(entity.entity_kind)}
            return {**index, **computed}
        kind_field = manifest_keys("kind")[0]  # its kind is its folder's, even where the manifest's is waived away
        detail = {
            **entity.data, kind_field: entity.kind, **computed,
            "governance": [self.outcome_json(outcome) for outcome in governance.outcomes],
            "roadmap": [item.id for item in self.roadmap_of(entity)],
        }
        if not entity.onboarded:  # no manifest: what the sources give, as the manifest's fields would hold it
            detail.update({key: value for key, value in entity_values(entity).items() if value not in ("", [], {})})
        detail["record"] = record_json(self.result.records[entity.name])
        detail["checklist"] = [item.json() for item in self.checklist(entity)]
        if eco.federation.present:
            detail["sources"] = facts_json(view)  # redacted with everything else on its way out (_json)
        return detail

    def indexed(self, kind: EntityKind) -> tuple[FieldSpec, ...]:
        """The fields of a kind its index lists: every field of its schema shown as a value or a list."""
        return tuple(spec for spec in self._field_specs(kind).values() if spec.display in INDEXED)

    def api_schema(self, name: str) -> str:
        """A read-model schema as published: the kinds it names and the index's entries made from the model."""
        assert self.env.loader is not None
        schema = json.loads(self.env.loader.get_source(self.env, f"schemas/{name}")[0])
        _name_kinds(schema)
        if name == INDEX_SCHEMA:
            # Each kind's index has every key of its kind; the keys every kind has are required of all.
            entry = schema["$defs"]["entry"]
            every: set[str] | None = None
            for kind in KINDS:
                source = self.eco.schemas.get(kind.schema)
                names = {spec.name for spec in self.indexed(kind)}
                every = names if every is None else every & names
                for spec in self.indexed(kind):
                    if spec.name not in entry["properties"] and source is not None:
                        entry["properties"][spec.name] = _nullable(source.data["properties"][spec.name])
            entry["required"] = sorted({*entry["required"], *(every or ())})
            (pattern,) = schema["patternProperties"]
            schema["patternProperties"] = {
                f"^({'|'.join(kind.api_index.removeprefix('api/').removesuffix('.json') for kind in KINDS)})$":
                    schema["patternProperties"][pattern]}
        return json_text(schema, indent=2)

    def outcome_json(self, outcome) -> dict:
        return {"rule": outcome.rule.id, "state": outcome.state, "findings": [
            {"field": v.field, "severity": v.severity.value, "message": v.message, "location": v.location,
             "waiver": ({"reason": v.waiver.reason, "owner": v.waiver.owner, "expires": v.waiver.expires}
                        if v.waiver else None)}
            for v in outcome.findings]}

    def _json(self, data: Any) -> str:
        """A file of the read model: every string (keys too) redacted on its way out."""
        return json_text(self.redact.data(data))

    def _entity_file(self, entity: Entity) -> str:
        return self._json(self.entity_json(entity))

    def _published_summary(self, entity: Entity) -> JsonPart:
        """The entity's entry of its kind's index, redacted as _json redacts the whole index."""
        return JsonPart.of(self.redact.data(self.entity_json(entity, summary=True)))

    def _entity_part(self, entity: Entity, part: str, make: Callable[[], T]) -> T:
        return make() if self.kept is None else self.kept.entry(self, entity, part, make)

    def read_model(self) -> dict[str, str]:
        return {path: make() for path, make in self.read_model_makers().items()}

    def read_model_makers(self) -> dict[str, Callable[[], str]]:
        """Every file of the read model, with what writes it: known before any is written, as the pages are."""
        eco = self.eco
        # Each entity's file first, its kind's index (every entity's summary at once) after: a build's render process
        # writes these between the pages, and a costly file early would hold the first pages up (site.Site).
        makers: dict[str, Callable[[], str]] = {
            entity.api_path: functools.partial(self._entity_part, entity, "file", functools.partial(self._entity_file, entity))
            for entity in eco.entities.values()}
        makers.update({kind.api_index: functools.partial(self._kind_index, kind) for kind in KINDS})
        makers["api/scopes.json"] = self._scopes_file
        makers["api/layers.json"] = lambda: self._json({"layers": [{
            "number": layer.number, "name": layer.name, "category": layer.category, "summary": layer.summary,
            "page": "/" + page_url(layer.page), "members": [e.name for e in eco.in_layer(layer)],
        } for layer in eco.layers]})
        makers["api/teams.json"] = lambda: self._json({"teams": [{
            "name": team.name, "page": "/" + page_url(team.page), "role": team.role.name if team.role else None,
            "owns": [e.name for e in team.entities], "roadmap": [item.id for item in team.roadmap],
            "counts": dict(team.counts),
            "open_findings": [self.finding_json(v) for v in team.findings],
            "waivers": [self.waiver_json(row) for row in team.waivers],
        } for team in self.teams().values()]})
        makers["api/roadmap.json"] = lambda: self._json({"items": [{
            "id": item.id, "title": item.title, "gap": item.gap, "action": item.action, "status": item.status,
            "services": list(item.services), "page": f"/{page_url(Pages.roadmap)}#{anchor(item.id)}",
            "waivers": [self.waiver_json(row) for row in self.governance.waivers if row.waiver.roadmap == item.id],
        } for item in eco.roadmap.items]})
        makers["api/waivers.json"] = lambda: self._json({
            "notice_days": eco.waiver_notice_days, "today": self.today.isoformat(),
            "waivers": [self.waiver_json(row) for row in self.governance.waivers]})
        makers["api/scorecard.json"] = lambda: self._json(self.scorecard_json())
        makers["api/sources.json"] = lambda: self._json({"sources": sources_json(self.eco)})
        # Not redacted: a commit id looks like a token to the redactor, and nothing here comes from the sources
        # (read_stamp takes only a hex commit and ISO dates).
        makers["api/build.json"] = lambda: json_text(self.build.as_json())
        for name, document in sorted(eco.schemas.items()):
            makers[f"schemas/{name}.schema.json"] = functools.partial(self._schema_file, document)
        for name in API_SCHEMAS:
            makers[f"schemas/{name}"] = functools.partial(self.api_schema, name)
        makers[STATUS_STYLESHEET] = status_stylesheet
        return makers

    def _kind_index(self, kind: EntityKind) -> str:
        members = [e for e in self.eco.entities.values() if e.kind == kind.entity_type]
        entries = [self._entity_part(e, "index", functools.partial(self._published_summary, e)) for e in members]
        return json_list_text(self.redact(f"{kind.page_folder}s"), entries)

    def _schema_file(self, document: Document) -> str:
        return json_text(self.redact.data(document.data), indent=2)

    def _scopes_file(self) -> str:
        eco = self.eco
        requested: dict[str, list[str]] = {}
        for entity in eco.entities.values():
            for scope in entity.scopes:
                requested.setdefault(scope, []).append(entity.name)
        return self._json({
            "scopes": {name: list(scopes) for name, scopes in eco.scopes.by_service.items()},
            "required_labels": list(eco.scopes.required_labels),
            "requested_by": dict(sorted(requested.items())),
        })

    def scorecard_json(self) -> dict:
        """The scorecard: the levels as the model defines them (with their rules), everyone's level and share
        of passing checks with its denominator, per team and overall, and the check's totals."""
        card, families = self.scorecard, self.rule_families()

        def share(tally: Tally) -> dict:
            return {"met": tally.met, "of": tally.of, "percent": tally.percent}

        def group(members: Group) -> dict:
            return {"checks": share(members.tally),
                    "at_level": [{"level": name or None, "count": count} for name, count in members.at_level.items()]}

        return {
            "totals": dict(self.governance.totals),
            "levels": [{"name": level.name, "summary": level.summary, "families": list(level.families),
                        "rules": [rule for name in level.families for rule in families.get(name, ())]}
                       for level in card.levels.items],
            "overall": group(card.overall),
            "teams": [{"name": team.name, "page": "/" + page_url(team.page),
                       **group(card.group(e.name for e in team.entities))} for team in self.teams().values()],
            "entities": [self._score_json(name, g, card.scores[name]) for name, g in self.governance.entities.items()],
        }

    @staticmethod
    def _score_json(name: str, g: EntityGovernance, score: Score) -> dict:
        def share(tally: Tally) -> dict:
            return {"met": tally.met, "of": tally.of, "percent": tally.percent}

        reached = score.level
        return {"name": name, "entity_type": g.entity.kind, "status": g.entity.status, "state": g.state,
                "page": "/" + g.entity.url, **g.counts, "onboarded": g.entity.onboarded,
                "level": reached.name if reached is not None else None, "checks": share(score.tally),
                "levels": [{"name": item.level.name, **share(item.tally), "reached": rank < score.rank}
                           for rank, item in enumerate(score.levels)]}

    @staticmethod
    def finding_json(v: Violation) -> dict:
        return {"rule": v.rule, "entity": v.entity, "field": v.field, "severity": v.severity.value,
                "message": v.message, "hint": v.hint, "location": v.location}

    @staticmethod
    def waiver_json(row: WaiverRow) -> dict:
        w = row.waiver
        return {"rule": w.rule, "entity": w.entity, "field": w.field, "owner": w.owner, "expires": w.expires,
                "days_left": row.days_left, "expiring": row.expiring, "reason": w.reason, "roadmap": w.roadmap,
                "covers": len(row.covers), "location": f"{w.path}:{w.line}:{w.col}"}


_HEADING = re.compile(r"# ([^\n]+)\n")


def with_title(page: str, hide: tuple[str, ...] = ()) -> str:
    """The page with its title (its first heading's text) as front matter.

    MkDocs takes a page's title from its first heading and themes print it
    unescaped (Material's <title> even unescapes it first, with `striptags`); a
    title from the front matter is printed as written, so it is written HTML-escaped.
    The heading is the renderer's own, with every value in it already escaped.
    """
    heading = _HEADING.match(page)
    if heading is None:
        return page
    title = heading.group(1).split(" { #", 1)[0].strip()
    hidden = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{hidden}---\n\n{page}"


INDEX_SCHEMA = "api-index.schema.json"


def _name_kinds(schema: Any) -> None:
    """Every `entity_type` a read-model schema names takes the model's kinds."""
    if isinstance(schema, dict):
        prop = schema.get("properties", {}).get("entity_type") if isinstance(schema.get("properties"), dict) else None
        if isinstance(prop, dict) and "enum" in prop:
            prop["enum"] = [kind.entity_type for kind in KINDS]
        for value in schema.values():
            _name_kinds(value)
    elif isinstance(schema, list):
        for value in schema:
            _name_kinds(value)


def _nullable(prop: Mapping[str, Any]) -> dict[str, Any]:
    """An index entry's schema for a manifest field: its JSON type, or null where the entity holds none.
    Values are not restricted further: a registered service's values come from its sources, not a manifest."""
    kinds = prop.get("type", [])
    kinds = list(kinds) if isinstance(kinds, list) else [kinds]
    described = {"description": prop["description"]} if isinstance(prop.get("description"), str) else {}
    if "array" in kinds or "object" in kinds:
        return {"type": kinds[0], **described}
    return {"type": sorted({*kinds, "null"} - {None}) if kinds else ["string", "null"], **described}


_JSON_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float),
                                            "boolean": (bool,), "array": (list, tuple), "object": (dict, Mapping)}


def _conforms(value: Any, spec: FieldSpec) -> bool:
    """Whether a value has a JSON type its field allows: an index lists only such values (a waiver may let
    a manifest hold another; the entity's own file keeps it as written)."""
    if value is None or not spec.types:
        return True
    if isinstance(value, bool) and "boolean" not in spec.types:
        return False
    return any(isinstance(value, _JSON_TYPES.get(name, ())) for name in spec.types)


def _or_empty(value: Any, spec: FieldSpec) -> Any:
    if value is None or value == "":
        return [] if spec.display in (Display.LIST, Display.ENTITIES) else {} if spec.display is Display.MAPPING else None
    return value


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(value, key) pairs → each key's values, in first-seen order, each value once."""
    found: dict[str, dict[str, None]] = {}
    for value, key in pairs:
        found.setdefault(key, {})[value] = None
    return {key: list(values) for key, values in found.items()}





def render_site(result: Result, *, author_pages: Mapping[str, str] | None = None, templates: Path = TEMPLATES,
                build: BuildStamp | None = None, directory_urls: bool = True, site_path: str | None = None,
                kept: EntityPages | None = None) -> SiteFiles:
    """The site's pages and files; with `kept`, entity pages whose inputs are unchanged since the render that
    filled it are taken from it (a long-lived process passes the same one each time). `site_path`: the path of
    site_url (site_path()), which links inside raw HTML start from."""
    return Renderer(result, templates=templates, author_pages=author_pages, build=build,
                    directory_urls=directory_urls, site_path=site_path, kept=kept).site()


# The template filters, by the Renderer method each calls.
FILTERS = {"anchor": "anchor", "badge": "badge", "raw_block": "prose", "code": "code", "organization": "organization",
           "breakable": "breakable"}


class _Templates(jinja2.Environment):
    """A Renderer's environment, which compiles each template as `compile_templates` does: with the Renderer class's
    finalizer and filters (the unbound methods). Jinja folds a template's constants through the finalizer and filters
    it has while it compiles; through a Renderer's own, the code would hold that render's redaction, and one template
    would have two codes in TEMPLATE_CACHE (which every render of the process shares) depending on who compiled it.
    Left unfolded, a constant is finalized where the page is rendered: the same text."""

    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        compiler: Any = _compiler()  # one call for both of Jinja's overloads (code, or its source with `raw`)
        return compiler.compile(source, name, filename, raw, defer_init)


@functools.cache
def _compiler() -> jinja2.Environment:
    """What compiling reads of an environment is its settings, finalizer and filters: never its templates folder."""
    return _environment(TEMPLATES, Renderer, None)


def _environment(templates: Path, renderer: Renderer | type[Renderer], cache: jinja2.BytecodeCache | None,
                 kind: type[jinja2.Environment] = jinja2.Environment) -> jinja2.Environment:
    """The templates' environment: a Renderer's, or (given the Renderer class) the one that compiles them."""
    env = kind(
        loader=jinja2.FileSystemLoader(str(templates)),
        # The finalizer escapes for Markdown and marks the result safe; autoescape
        # then only guarantees that macro output stays markup instead of text.
        autoescape=True,
        finalize=renderer.finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=cache,
    )
    env.filters.update({name: getattr(renderer, method) for name, method in FILTERS.items()})
    return env


def compile_templates(templates: Path = TEMPLATES) -> dict[str, bytes]:
    """Every template of `templates` compiled as a Renderer compiles it (_Templates), by cache key: for
    TEMPLATE_CACHE.add in another process (a build compiles them beside its check: site.py)."""
    cache = CompiledTemplates()
    env = _environment(templates, Renderer, cache)
    for name in env.list_templates(extensions=("j2",)):
        env.get_template(name)
    return cache.compiled()
