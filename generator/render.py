"""Stage 4: the checked model rendered into Markdown pages and JSON files.

A pure view over the check's Result (the model and its governance view) and the
authors' pages the adapter hands over: no file is read or written here. Nothing
here imports MkDocs: the plugin adds these files to an MkDocs build, and
`getchitty render` writes them to a folder that any MkDocs-compatible engine can
build. Static files (the stylesheet) are named, not read: the adapter copies them.

Every `{{ value }}` in a template is redacted (the result's `redact`) and
escaped for Markdown and HTML (escaping.md_escape) by the environment's
finalizer; only markup built here (`Markup`, from values that went through the
same two steps) and the templates' own text pass unchanged. Page titles reach
MkDocs as front matter, HTML-escaped, because themes print titles unescaped;
the read model is the validated data, redacted, as escaping.json_text writes it.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .escaping import html_text, json_text, md_escape
from .facts import Facts, facts, facts_json
from .model import KINDS, Ecosystem, Entity, Pages, rule_slug
from .resources import TEMPLATES
from .result import Result

MATRIX_COLUMNS = 40  # the /secrets/ grid of services × env names stays a grid up to this many names
STYLESHEET = "assets/getchitty.css"
# Static files of the site: site path → file name under the templates folder.
STATIC = {STYLESHEET: "getchitty.css"}
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


def anchor(*parts: str) -> Markup:
    """A fragment id made of [a-z0-9-] only, hence safe to insert unescaped."""
    return Markup("-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts if part))


def is_web_url(value: str) -> bool:
    return bool(re.match(r"https?://[^\s<>\"'\\`]+\Z", value or ""))


@dataclass
class SiteFiles:
    """The generated site by site-relative path: Markdown pages, generated files (JSON), and
    static files to copy from the templates folder."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)
    static: dict[str, str] = field(default_factory=lambda: dict(STATIC))
    nav: list = field(default_factory=list)

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


class Renderer:
    def __init__(self, result: Result, *, templates: Path = TEMPLATES, author_pages: Mapping[str, str] | None = None):
        self.result = result
        self.eco: Ecosystem = result.ecosystem
        self.governance = result.governance
        self.author_pages = author_pages or {}
        self.today = result.today
        self.templates = templates
        self.redact = result.redact
        # Files holding a credential value: federated facts read from them are shown redacted.
        self._secret_files = frozenset(v.path for v in result.violations if v.secret)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            # The finalizer escapes for Markdown and marks the result safe; autoescape
            # then only guarantees that macro output stays markup instead of text.
            autoescape=True,
            finalize=self.finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(anchor=self.anchor, badge=self.badge, raw_block=self.prose, code=self.code)
        self.env.globals.update(anchor=self.anchor)
        # Indexes built once per site: computed in every page's context (or per call
        # from a template loop) they made rendering quadratic in the number of services.
        entities = self.eco.entities.values()
        self._ontology_index = self.classifications()
        self._scope_index = {scope for scopes in self.eco.scopes.by_service.values() for scope in scopes}
        self._granted_to = _index((s, scope) for s, granted in self.eco.scopes.by_service.items() for scope in granted)
        self._requested_by = _index((e.name, scope) for e in entities for scope in e.scopes)
        self._declared_by = _index((e.name, env) for e in entities for env in e.secrets)
        # Site-relative paths only, so the result never depends on the working folder.
        self._relpath = functools.lru_cache(maxsize=None)(posixpath.relpath)
        self._facts: dict[str, Facts] = {}

    # -- the boundary: every value placed in a page passes here ------------------------

    def text(self, value: Any) -> str:
        """A value as page text: redacted, then escaped for Markdown and HTML."""
        return "" if value is None else md_escape(self.redact(value))

    def finalize(self, value: Any) -> Markup:
        return value if isinstance(value, Markup) else Markup(self.text(value))

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

    def badge(self, status: str) -> Markup:
        css = self.anchor(status) or "unknown"
        return Markup(f'<span class="gc-status gc-status-{css}">{self.text(status or "Unknown")}</span>')

    def _context(self, page: str) -> dict:
        def href(target: str, fragment: str = "") -> str:
            relative = self._relpath(target, posixpath.dirname(page) or ".")
            return relative + (f"#{fragment}" if fragment else "")

        def link(text: Any, target: str, fragment: str = "") -> Markup:
            return Markup(f"[{self.text(text)}]({href(target, fragment)})")

        def entity_link(name: str) -> Markup:
            entity = self.eco.entities.get(name)
            if entity is None:
                return Markup(self.text(name))
            return link(entity.name, entity.page)

        def web(url: str, text: str | None = None) -> Markup:
            url = self.redact(url)
            if not is_web_url(url):
                return Markup(self.text(url))
            return Markup(f'<a href="{escape(url)}">{self.text(text or url)}</a>')

        class PageHelpers(Pages):
            rule = staticmethod(self.rule_page)

        return dict(eco=self.eco, result=self.result, governance_view=self.governance, page=page, href=href,
                    link=link, entity_link=entity_link, web=web, today=self.today, author_prose=self._author_prose(page),
                    layer_of=self.eco.layer_of, rules=self.result.rules, rule_slug=rule_slug, pages=PageHelpers,
                    statuses=self.eco.vocabulary.statuses, matrix_columns=MATRIX_COLUMNS,
                    expiry_days=self.eco.waiver_notice_days, ontology_index=self._ontology_index, scope_index=self._scope_index,
                    granted_to=lambda scope: list(self._granted_to.get(scope, ())),
                    requested_by=lambda scope: list(self._requested_by.get(scope, ())),
                    declared_by=lambda env: list(self._declared_by.get(env, ())),
                    authored=lambda target: target in self.author_pages)

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

    def render(self, template: str, page: str, **extra: Any) -> str:
        context = self._context(page)
        context.update(extra)
        return with_title(self.env.get_template(template).render(context))

    # -- the site ----------------------------------------------------------------

    def site(self) -> SiteFiles:
        out = SiteFiles()
        eco = self.eco
        out.pages[Pages.home] = self.render("index.md.j2", Pages.home)
        for entity in eco.entities.values():
            # A service the sources register but this repository has no manifest for gets the registered page.
            template = entity.entity_kind.template if entity.onboarded else "registered.md.j2"
            out.pages[entity.page] = self.render(template, entity.page, entity=entity,
                                                 governance=self.governance.entities[entity.name],
                                                 fields=self.fields(entity), roadmap=self.roadmap_of(entity),
                                                 facts=self.facts(entity))
        for name in ("ontology", "scopes", "secrets", "access", "roadmap"):
            page = getattr(Pages, name)
            out.pages[page] = self.render(f"{name}.md.j2", page)
        out.pages[Pages.architecture] = self.render("architecture.md.j2", Pages.architecture)
        if self.has_tiers:
            out.pages[Pages.tiers] = self.render("tiers.md.j2", Pages.tiers, tiered=self.tiered())
        for layer in eco.layers:
            out.pages[layer.page] = self.render("layer.md.j2", layer.page, layer=layer, members=eco.in_layer(layer))
        out.pages[Pages.governance] = self.render("governance.md.j2", Pages.governance)
        for rule in sorted(self.result.rules.values(), key=lambda rule: rule.id):
            page = self.rule_page(rule.id)
            out.pages[page] = self.render("rule.md.j2", page, rule=rule,
                                          findings=self.governance.by_rule.get(rule.id, ()))
        out.assets.update(self.read_model())
        out.nav = self.nav()
        return out

    def roadmap_of(self, entity: Entity) -> list:
        return [item for item in self.eco.roadmap.items if entity.name in item.services]

    def fields(self, entity: Entity) -> list[tuple[str, Any]]:
        """Every field the manifest holds that the summary does not already show, in the schema's order,
        so a field the schema gains appears on the page with no change here."""
        shown = {"service_name", "entity_type", "status", "owners", "description", "notes", "category",
                 "additional_categories", "tier", "ontology", "scopes", "github_repo", "primary_domain",
                 "owner_entity", "routes", "webhooks", "secrets", "runbooks", "oncall", "depends_on", "charter_url",
                 "related_services", "related_entities", "overlaps_with", "aliases", "classification_status",
                 "data_classification", "retention_policy", "storage", "components", "board"}
        schema = self.eco.schemas.get(entity.entity_kind.schema)
        order = list(schema.data.get("properties", {})) if schema is not None else []
        keys = [key for key in order if key in entity.data] + [key for key in entity.data if key not in order]
        return [(key, entity.data[key]) for key in keys if key not in shown]

    @property
    def has_tiers(self) -> bool:
        return bool(self.eco.federation.tiers.items)

    def nav(self) -> list:
        # MkDocs themes print nav titles as HTML: a title from the sources is escaped here.
        layers = [{html_text(self.redact(f"{layer.number} · {layer.name}")): layer.page} for layer in self.eco.layers]
        if self.has_tiers:
            layers.append({"Ecosystem tiers": Pages.tiers})
        authored = sorted(page for page in self.author_pages
                          if page.startswith("authors/"))
        nav: list = [
            {"Home": Pages.home},
            {"Architecture": [Pages.architecture, *layers]},
            {"Model": [{"Ontology": Pages.ontology}, {"Scopes": Pages.scopes}, {"Secrets": Pages.secrets},
                       {"Access": Pages.access}]},
            {"Governance": [Pages.governance, {"Roadmap": Pages.roadmap}]},
        ]
        if authored:
            nav.append({"Authors": authored})
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
            "used_by": [user.name for user in eco.used_by(entity.name)],
            "page": "/" + entity.url, "api": "/" + entity.api_path,
            "governance_summary": {"state": governance.state, **governance.counts},
        }
        if eco.federation.present:
            computed["onboarded"] = entity.onboarded
            computed["organization"] = view.organization or None
            computed["ecosystem_tier"] = view.tier
            computed["status_rule"] = view.decision.status if view.decision is not None else None
        if summary:
            # Index entries have every key, so that a reader can filter on any of them.
            index = {
                "entity_type": entity.kind, "category": entity.category,
                "additional_categories": list(entity.additional_categories), "status": entity.status,
                "description": entity.description, "owners": list(entity.owners), "tier": entity.tier or None,
                "primary_domain": entity.primary_domain or None, "github_repo": entity.github_repo or None,
                "routes": dict(entity.routes), "ontology": list(entity.ontology), "scopes": list(entity.scopes),
                "secrets": list(entity.secrets), "depends_on": list(entity.depends_on),
            }
            return {**index, **computed}
        detail = {
            **entity.data, **computed,
            "governance": [self.outcome_json(outcome) for outcome in governance.outcomes],
            "roadmap": [item.id for item in self.roadmap_of(entity)],
        }
        if not entity.onboarded:
            detail.update({
                "entity_type": entity.kind, "status": entity.status, "description": entity.description,
                "owners": list(entity.owners), "primary_domain": entity.primary_domain or None,
                "github_repo": entity.github_repo or None, "charter_url": entity.charter_url or None})
        if eco.federation.present:
            detail["sources"] = facts_json(view)  # redacted with everything else on its way out (_json)
        return detail

    def outcome_json(self, outcome) -> dict:
        return {"rule": outcome.rule.id, "state": outcome.state, "findings": [
            {"field": v.field, "severity": v.severity.value, "message": v.message, "location": v.location,
             "waiver": ({"reason": v.waiver.reason, "owner": v.waiver.owner, "expires": v.waiver.expires}
                        if v.waiver else None)}
            for v in outcome.findings]}

    def _json(self, data: Any) -> str:
        """A file of the read model: every string (keys too) redacted on its way out."""
        return json_text(self.redact.data(data))

    def read_model(self) -> dict[str, str]:
        eco = self.eco
        files: dict[str, str] = {}
        for kind in KINDS:
            members = [e for e in eco.entities.values() if e.kind == kind.entity_type]
            files[kind.api_index] = self._json({f"{kind.page_folder}s": [self.entity_json(e, summary=True) for e in members]})
        for entity in eco.entities.values():
            files[entity.api_path] = self._json(self.entity_json(entity))
        requested: dict[str, list[str]] = {}
        for entity in eco.entities.values():
            for scope in entity.scopes:
                requested.setdefault(scope, []).append(entity.name)
        files["api/scopes.json"] = self._json({
            "scopes": {name: list(scopes) for name, scopes in eco.scopes.by_service.items()},
            "required_labels": list(eco.scopes.required_labels),
            "requested_by": dict(sorted(requested.items())),
        })
        for name, document in sorted(eco.schemas.items()):
            files[f"schemas/{name}.schema.json"] = json_text(self.redact.data(document.data), indent=2)
        return files


_HEADING = re.compile(r"# ([^\n]+)\n")


def with_title(page: str) -> str:
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
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{page}"


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(value, key) pairs → each key's values, in first-seen order, each value once."""
    found: dict[str, dict[str, None]] = {}
    for value, key in pairs:
        found.setdefault(key, {})[value] = None
    return {key: list(values) for key, values in found.items()}





def render_site(result: Result, *, author_pages: Mapping[str, str] | None = None,
                templates: Path = TEMPLATES) -> SiteFiles:
    return Renderer(result, templates=templates, author_pages=author_pages).site()
