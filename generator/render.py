"""Stage 4: the checked model rendered into Markdown pages and JSON files.

Nothing here imports MkDocs: the plugin adds these files to an MkDocs build,
and `getchitty render` writes them to a folder that any MkDocs-compatible
engine can build.

Every `{{ value }}` in a template is escaped for Markdown and HTML by the
environment's finalizer; only markup built here (`Markup`) and the templates'
own text pass unchanged.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup, escape

from .engine import Ecosystem, Result
from .resources import TEMPLATES
from .model import Entity
from .rules import Rule, rule_slug
from .violations import Violation

EXPIRY_WARNING_DAYS = 30
MATRIX_COLUMNS = 40  # the /secrets/ grid of services × env names stays a grid up to this many names
STYLESHEET = "assets/getchitty.css"
STATUS_ORDER = ("Live", "Active", "Needs Deployment", "In Progress", "Planned", "Deprecated")

# Characters that could start Markdown or HTML syntax are written as entities:
# the browser shows the character, and no parser can read it as markup.
_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-!|<>&\"'~:="}
_ESCAPE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


def md_escape(value: Any) -> str:
    """Text safe to place anywhere in a Markdown page, including table cells and headings."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _ESCAPE.sub(lambda m: _ENTITIES[m.group()], text)


_CODE_SPAN = re.compile(r"&#96;((?:(?!&#96;).)+?)&#96;")


def md_code(value: Any) -> Markup:
    """Rule texts written by the engine: escaped like any value, but their `code` spans stay code."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", md_escape(value)))


def _finalize(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(md_escape(value))


def anchor(*parts: str) -> Markup:
    """A fragment id made of [a-z0-9-] only, hence safe to insert unescaped."""
    return Markup("-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts if part))


def is_web_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s<>\"']+$", value or ""))


@dataclass
class SiteFiles:
    """The generated site: Markdown pages and other files, by site-relative path."""

    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)
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
    def __init__(self, result: Result, *, templates: Path = TEMPLATES, author_pages: dict[str, str] | None = None,
                 today: date | None = None):
        self.result = result
        self.eco: Ecosystem = result.ecosystem
        self.author_pages = author_pages or {}
        self.today = today or date.today()
        self.templates = templates
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            # The finalizer escapes for Markdown and marks the result safe; autoescape
            # then only guarantees that macro output stays markup instead of text.
            autoescape=True,
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(anchor=anchor, badge=self.badge, raw_block=self.prose, code=md_code)
        self.env.globals.update(anchor=anchor)
        # Indexes built once per site: computed in every page's context (or per call
        # from a template loop) they made rendering quadratic in the number of services.
        entities = self.eco.entities.values()
        self._ontology_index = self.classifications()
        self._scope_index = {scope for scopes in self.eco.scopes.by_service.values() for scope in scopes}
        self._granted_to = _index((s, scope) for s, granted in self.eco.scopes.by_service.items() for scope in granted)
        self._requested_by = _index((e.name, scope) for e in entities for scope in e.scopes)
        self._declared_by = _index((e.name, env) for e in entities for env in e.secrets)
        self._governance: dict[str, list[dict]] = {}
        self._findings: dict[str, list[Violation]] = {}
        for violation in self.result.violations:
            self._findings.setdefault(violation.entity, []).append(violation)
        # Site-relative paths only, so the result never depends on the working folder.
        self._relpath = functools.lru_cache(maxsize=None)(posixpath.relpath)

    # -- helpers the templates call ------------------------------------------------

    def prose(self, text: str) -> Markup:
        """Multi-line prose from a source: escaped line by line, paragraphs kept."""
        paragraphs = [md_escape(p) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
        return Markup("\n\n".join(paragraphs))

    def badge(self, status: str) -> Markup:
        css = anchor(status) or "unknown"
        return Markup(f'<span class="gc-status gc-status-{css}">{md_escape(status or "Unknown")}</span>')

    def _context(self, page: str) -> dict:
        def href(target: str, fragment: str = "") -> str:
            relative = self._relpath(target, posixpath.dirname(page) or ".")
            return relative + (f"#{fragment}" if fragment else "")

        def link(text: Any, target: str, fragment: str = "") -> Markup:
            return Markup(f"[{md_escape(text)}]({href(target, fragment)})")

        def entity_link(name: str) -> Markup:
            entity = self.eco.entities.get(name)
            if entity is None:
                return Markup(md_escape(name))
            return link(entity.name, self.page_of(entity))

        def web(url: str, text: str | None = None) -> Markup:
            if not is_web_url(url):
                return Markup(md_escape(url))
            return Markup(f'<a href="{escape(url)}">{md_escape(text or url)}</a>')

        return dict(eco=self.eco, result=self.result, page=page, href=href, link=link, entity_link=entity_link,
                    web=web, today=self.today, author_prose=self._author_prose(page),
                    layer_of=self.eco.layer_of, rules=self.result.rules, rule_slug=rule_slug,
                    status_order=STATUS_ORDER, matrix_columns=MATRIX_COLUMNS, ontology_index=self._ontology_index, scope_index=self._scope_index,
                    granted_to=lambda scope: list(self._granted_to.get(scope, ())),
                    requested_by=lambda scope: list(self._requested_by.get(scope, ())),
                    declared_by=lambda env: list(self._declared_by.get(env, ())))

    def _author_prose(self, page: str) -> Markup:
        text = self.author_pages.get(page, "")
        if not text:
            return Markup("")
        # Drop the author's own first heading: the generated page already has the title.
        text = re.sub(r"\A\s*#\s[^\n]*\n", "", text, count=1)
        return Markup(text.strip() + "\n")

    def classifications(self) -> dict[str, list[Entity]]:
        """Every classification some entity carries, with the entities that carry it."""
        carried: dict[str, list[Entity]] = {}
        for entity in self.eco.entities.values():
            for item in entity.ontology:
                carried.setdefault(item, []).append(entity)
        return dict(sorted(carried.items()))

    def page_of(self, entity: Entity) -> str:
        return f"{entity.page_folder}/{entity.name}.md"

    def render(self, template: str, page: str, **extra: Any) -> str:
        context = self._context(page)
        context.update(extra)
        return self.env.get_template(template).render(context)

    # -- the site ----------------------------------------------------------------

    def site(self) -> SiteFiles:
        out = SiteFiles()
        eco = self.eco
        out.pages["index.md"] = self.render("index.md.j2", "index.md")
        for entity in eco.entities.values():
            page = self.page_of(entity)
            out.pages[page] = self.render(f"{entity.page_folder}.md.j2", page, entity=entity,
                                          governance=self.governance_rows(entity),
                                          roadmap=[item for item in eco.roadmap.items if entity.name in item.services])
        for name in ("ontology", "scopes", "secrets", "access", "roadmap"):
            out.pages[f"{name}.md"] = self.render(f"{name}.md.j2", f"{name}.md")
        out.pages["architecture/index.md"] = self.render("architecture.md.j2", "architecture/index.md")
        for layer in eco.layers:
            page = f"architecture/layer-{layer.number}.md"
            out.pages[page] = self.render("layer.md.j2", page, layer=layer, members=eco.in_layer(layer))
        out.pages["governance/index.md"] = self.render("governance.md.j2", "governance/index.md",
                                                       scorecard=self.scorecard(), waivers=self.waiver_rows())
        for rule in self.listed_rules():
            page = f"governance/rules/{rule_slug(rule.id)}.md"
            out.pages[page] = self.render("rule.md.j2", page, rule=rule, findings=self.findings_by_rule(rule.id))
        out.assets.update(self.read_model())
        out.assets[STYLESHEET] = (self.templates / "getchitty.css").read_text(encoding="utf-8")
        out.nav = self.nav()
        return out

    def nav(self) -> list:
        layers = [{f"{layer.number} · {layer.name}": f"architecture/layer-{layer.number}.md"} for layer in self.eco.layers]
        authored = sorted(page for page in self.author_pages
                          if page.startswith("authors/"))
        nav: list = [
            {"Home": "index.md"},
            {"Architecture": ["architecture/index.md", *layers]},
            {"Model": [{"Ontology": "ontology.md"}, {"Scopes": "scopes.md"}, {"Secrets": "secrets.md"}, {"Access": "access.md"}]},
            {"Governance": ["governance/index.md", {"Roadmap": "roadmap.md"}]},
        ]
        if authored:
            nav.append({"Authors": authored})
        return nav

    # -- governance views ----------------------------------------------------------

    def listed_rules(self) -> list[Rule]:
        return sorted(self.result.rules.values(), key=lambda rule: rule.id)

    def findings_by_rule(self, rule_id: str) -> list[Violation]:
        return [v for v in self.result.violations if v.rule == rule_id]

    def applicable_rules(self, entity: Entity) -> list[Rule]:
        """The rules whose outcome says something about this entity."""
        families = ("identity/", "ownership/", "deps/", "secrets/not-in-inventory", "schema/required")
        if entity.scopes or entity.name in self.eco.scopes.by_service:
            families += ("scopes/",)
        if entity.ontology:
            families += ("ontology/",)
        if entity.artifacts:
            families += ("artifacts/",)
        chosen = {rule_id for rule_id in self.result.rules if rule_id.startswith(families)}
        if entity.kind == "Service":
            chosen |= {rule.id for rule in self.eco.canon.rules if rule.applies_to(entity.data)}
        chosen |= {v.rule for v in self._findings.get(entity.name, ())}
        return [self.result.rules[rule_id] for rule_id in sorted(chosen) if rule_id in self.result.rules]

    def governance_rows(self, entity: Entity) -> list[dict]:
        """Every applicable rule's state for `entity`; the page, the scorecard and the JSON share one computation."""
        cached = self._governance.get(entity.name)
        if cached is None:
            cached = self._governance[entity.name] = self._governance_rows(entity)
        return cached

    def _governance_rows(self, entity: Entity) -> list[dict]:
        findings = self._findings.get(entity.name, [])
        rows = []
        for rule in self.applicable_rules(entity):
            hits = [v for v in findings if v.rule == rule.id]
            if not hits:
                state = "pass"
            elif all(v.waived for v in hits):
                state = "waived"
            else:
                state = hits[0].severity.value
            rows.append({"rule": rule, "state": state, "findings": hits})
        return rows

    def scorecard(self) -> dict:
        rows = []
        totals = {"pass": 0, "waived": 0, "warning": 0, "error": 0}
        for entity in self.eco.entities.values():
            states = [row["state"] for row in self.governance_rows(entity)]
            counts = {key: states.count(key) for key in totals}
            for key in totals:
                totals[key] += counts[key]
            rows.append({"entity": entity, **counts})
        return {"rows": rows, "totals": totals}

    def waiver_rows(self) -> list[dict]:
        soon = self.today + timedelta(days=EXPIRY_WARNING_DAYS)
        rows = []
        for waiver in sorted(self.eco.waivers, key=lambda w: (w.expires, w.entity, w.rule)):
            try:
                expires = date.fromisoformat(waiver.expires)
            except ValueError:
                expires = None
            rows.append({"waiver": waiver, "expiring": expires is not None and expires <= soon,
                         "roadmap": next((i for i in self.eco.roadmap.items if i.id == waiver.roadmap), None)})
        return rows

    # -- machine-readable read model -----------------------------------------------

    def entity_json(self, entity: Entity, summary: bool = False) -> dict:
        eco = self.eco
        out = {
            "name": entity.name, "entity_type": entity.kind, "category": entity.category,
            "additional_categories": list(entity.additional_categories),
            "layer": eco.layer_of(entity), "status": entity.status, "description": entity.description,
            "owners": list(entity.owners), "tier": entity.tier or None,
            "primary_domain": entity.primary_domain or None, "github_repo": entity.github_repo or None,
            "owner_entity": entity.owner_entity or eco.canon.config.get("default_owner_entity") or None,
            "ontology": list(entity.ontology), "scopes": list(entity.scopes),
            "secrets": list(entity.secrets), "depends_on": list(entity.depends_on),
            "used_by": [user.name for user in eco.used_by(entity.name)],
            "page": "/" + entity.url, "api": "/" + entity.api_path,
        }
        if summary:
            return out
        out.update({
            "exposes": dict(entity.exposes), "routes": dict(entity.routes), "charter_url": entity.charter_url or None,
            "oncall": entity.oncall or None, "runbooks": dict(entity.runbooks),
            "webhooks": [vars(hook) for hook in entity.webhooks],
            "governance": [{"rule": row["rule"].id, "state": row["state"],
                            "waiver": ({"reason": row["findings"][0].waiver.reason, "owner": row["findings"][0].waiver.owner,
                                        "expires": row["findings"][0].waiver.expires}
                                       if row["state"] == "waived" else None)}
                           for row in self.governance_rows(entity)],
            "roadmap": [item.id for item in eco.roadmap.items if entity.name in item.services],
        })
        return out

    def read_model(self) -> dict[str, str]:
        eco = self.eco
        files: dict[str, str] = {}
        services = list(eco.entities.values())
        files["api/services.json"] = _json({"services": [self.entity_json(e, summary=True) for e in services]})
        for entity in services:
            files[entity.api_path] = _json(self.entity_json(entity))
        requested: dict[str, list[str]] = {}
        for entity in services:
            for scope in entity.scopes:
                requested.setdefault(scope, []).append(entity.name)
        files["api/scopes.json"] = _json({
            "scopes": {name: list(scopes) for name, scopes in eco.scopes.by_service.items()},
            "required_labels": list(eco.scopes.required_labels),
            "requested_by": dict(sorted(requested.items())),
        })
        for name, relpath in sorted(eco.schema_paths.items()):
            files[f"schemas/{name}.schema.json"] = (eco.root / relpath).read_text(encoding="utf-8")
        return files


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(value, key) pairs → each key's values, in first-seen order, each value once."""
    found: dict[str, dict[str, None]] = {}
    for value, key in pairs:
        found.setdefault(key, {})[value] = None
    return {key: list(values) for key, values in found.items()}


def _json(data: Any) -> str:
    # Compact on purpose: with `indent`, json falls back from its C encoder to the Python one.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_author_pages(docs_dir: Path) -> dict[str, str]:
    """Author-written Markdown under docs/, by site-relative path."""
    pages: dict[str, str] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*.md")):
            pages[path.relative_to(docs_dir).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return pages


def render_site(result: Result, *, docs_dir: Path | None = None, templates: Path = TEMPLATES,
                today: date | None = None) -> SiteFiles:
    author_pages = read_author_pages(docs_dir) if docs_dir else {}
    return Renderer(result, templates=templates, author_pages=author_pages, today=today).site()
