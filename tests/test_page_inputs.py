"""An entity page reads nothing that render.ENTITY_PAGE_INPUTS does not declare: the inputs site.KeptPages keys it by.

This repository's content is checked and rendered with every field read of the objects the declaration speaks
of recorded (Result, its governance view, Ecosystem, Federation, each Entity and each entity's Facts: their
attribute lookup is wrapped while the renderer is built and while each entity page renders), and every read is
compared with the declaration. Reads inside the views the declaration names stand for what the view gives (the
ecosystem's `entities`, the result's `governance`, the renderer's `facts`): their products are what is recorded.
An entity's own declaration in the federation is read as its own input. The context of an entity page is made
while its reads are recorded, so what the renderer computes for it (its checklist, its fields) is checked too.
The authors' pages are a mapping that records whose text is read. A new parameter of the Renderer is a new input.

A scratch copy of the templates in which a service's page reads what it must not (another entity's notes,
the findings by rule) shows the comparison failing, and why it matters: that page is kept while the other
entity's notes change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from getchitty import facts as facts_module
from getchitty import federated, model
from getchitty import result as result_module
from getchitty.engine import check
from getchitty.render import ENTITY_PAGE_INPUTS, Renderer
from getchitty.resources import TEMPLATES
from getchitty.site import KeptPages

REPO = Path(__file__).resolve().parent.parent
RECORDED = {"Result": result_module.Result, "GovernanceView": result_module.GovernanceView,
            "Ecosystem": model.Ecosystem, "Federation": federated.Federation, "Entity": model.Entity,
            "Facts": facts_module.Facts}
ECOSYSTEM_VIEWS = ("entities", "manifests", "all_entities", "names")  # cached views of `pages` and `synthesized`


class AuthorPages(dict):
    """The authors' pages by site path, recording whose text is read (a page reads its own, and the others' names)."""

    def __init__(self, pages: dict[str, str], reads: Reads):
        super().__init__(pages)
        self.reads = reads

    def get(self, key: Any, default: Any = None) -> Any:
        self.reads.text(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.reads.text(key)
        return super().__getitem__(key)

    def items(self):  # type: ignore[override]
        self.reads.text(None)
        return super().items()

    def values(self):  # type: ignore[override]
        self.reads.text(None)
        return super().values()


class Reads:
    """Every field read of the recorded classes while `recording`, and the reads the declaration does not cover."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.active = False
        self.paused = 0
        self.own: Any = None  # the entity whose page renders (None: the renderer being built, for every page)
        self.own_facts: Any = None
        self.own_page: str | None = None  # the page rendering, whose own author's page it reads
        self.undeclared: set[str] = set()
        for label, cls in RECORDED.items():
            fields = frozenset(f.name for f in dataclasses.fields(cls))
            monkeypatch.setattr(cls, "__getattribute__", self._recording(label, cls.__getattribute__, fields))
        for name in ECOSYSTEM_VIEWS:
            view = functools.cached_property(self._pausing(model.Ecosystem.__dict__[name].func))
            view.__set_name__(model.Ecosystem, name)
            monkeypatch.setattr(model.Ecosystem, name, view)
        governance = functools.cached_property(self._pausing(result_module.Result.__dict__["governance"].func))
        governance.__set_name__(result_module.Result, "governance")
        monkeypatch.setattr(result_module.Result, "governance", governance)
        monkeypatch.setattr(Renderer, "facts", self._pausing(Renderer.facts))
        declaration = federated.Federation.declaration
        own_declaration = self._pausing(declaration)

        def declaration_of(federation, name):  # its own declaration is an input of the page; another's is not
            return (own_declaration if self.own is not None and name == self.own.name else declaration)(federation, name)
        monkeypatch.setattr(federated.Federation, "declaration", declaration_of)

    def _pausing(self, function):
        @functools.wraps(function)
        def paused(*args, **kwargs):
            self.paused += 1
            try:
                return function(*args, **kwargs)
            finally:
                self.paused -= 1
        return paused

    def _recording(self, label: str, lookup, fields: frozenset[str]):
        reads = self

        def __getattribute__(obj, name):
            if name in fields and reads.active and not reads.paused:
                reads.field(label, obj, name)
            return lookup(obj, name)
        return __getattribute__

    @contextlib.contextmanager
    def recording(self, own: Any = None, own_facts: Any = None, own_page: str | None = None) -> Iterator[None]:
        self.active, self.own, self.own_facts = True, own, own_facts
        self.own_page = own.page if own is not None else own_page
        try:
            yield
        finally:
            self.active, self.own, self.own_facts, self.own_page = False, None, None, None

    def field(self, label: str, obj: Any, name: str) -> None:
        declared = ENTITY_PAGE_INPUTS
        if label == "Entity" and obj is not self.own:
            covered, where = name not in declared.others_left_out, "another entity's"
        elif label == "Facts" and obj is not self.own_facts:
            covered, where = name in declared.others_facts, "another entity's facts:"
        elif label == "Result":
            covered, where = name in declared.result, "the result's"
        elif label == "GovernanceView":
            covered, where = name in declared.governance, "the governance view's"
        elif label in ("Ecosystem", "Federation"):
            left_out = declared.ecosystem_left_out if label == "Ecosystem" else declared.federation_left_out
            repr_fields = {f.name for f in dataclasses.fields(RECORDED[label]) if f.repr}
            covered, where = name in repr_fields and name not in left_out, f"the {label.lower()}'s"
        else:
            covered, where = True, ""  # the page's own entity and facts: all of them are its inputs
        if not covered:
            self.undeclared.add(f"{where} {name}")

    def text(self, page: str | None) -> None:
        if self.active and not self.paused and (page is None or page != self.own_page):
            self.undeclared.add(f"the author's page {page or '(every one)'}")


class RecordingPages:
    """Stands in for KeptPages: renders each entity page, and makes each part of the read model kept with it (the
    entity's file and index entry), while their reads are recorded as that page's."""

    def __init__(self, reads: Reads):
        self.reads = reads
        self.rendered = 0
        self.parts: list[tuple[str, str]] = []
        self.shared_only: set[str] = set()  # the templates of the other pages kept under the shared inputs

    def page(self, renderer: Renderer, template: str, entity: Any, context) -> str:
        self.rendered += 1
        with self.reads.recording(own=entity, own_facts=renderer.facts(entity)):
            return renderer.rendered(template, entity.page, (), context())

    def shared_only_page(self, renderer: Renderer, template: str, page: str, hide: tuple[str, ...],
                         context: dict[str, Any]) -> str:
        self.shared_only.add(template)
        with self.reads.recording(own_page=page):
            return renderer.rendered(template, page, hide, context)

    def entry(self, renderer: Renderer, entity: Any, part: str, make):
        self.parts.append((entity.name, part))
        with self.reads.recording(own=entity, own_facts=renderer.facts(entity)):
            return make()


@pytest.fixture(scope="module")
def checked():
    result = check(REPO, use_cache=False)
    assert len(result.ecosystem.entities) > 20 and result.ecosystem.federation.present
    return result


def undeclared_reads(result, monkeypatch, templates: Path = TEMPLATES) -> tuple[list[str], int]:
    """Every read of the entity pages (and of the parts of the read model kept with them) that the declaration does
    not cover, and how many pages were rendered."""
    reads = Reads(monkeypatch)
    name = next(iter(result.ecosystem.entities.values())).page
    pages = AuthorPages({name: "# Author\n\nProse.\n", "authors/guide.md": "# Guide\n"}, reads)
    kept = RecordingPages(reads)
    with reads.recording():
        renderer = Renderer(result, templates=templates, author_pages=pages, kept=kept)
    renderer.site()
    assert sorted(kept.parts) == sorted((name, part) for name in result.ecosystem.entities for part in ("file", "index"))
    return sorted(reads.undeclared), kept.rendered


def test_every_entity_page_reads_only_what_is_declared(checked, monkeypatch):
    undeclared, rendered = undeclared_reads(checked, monkeypatch)
    assert rendered == len(checked.ecosystem.entities)
    assert undeclared == []


def shared_only_reads(result, monkeypatch, templates: Path = TEMPLATES) -> tuple[list[str], set[str]]:
    """Every read outside the shared inputs of the pages kept under them, and their templates. Each page renders in
    a renderer of its own, so that whatever the renderer makes on demand for it (a view of the teams, say) is made
    while its reads are recorded, not taken from an entity page rendered before it."""
    reads = Reads(monkeypatch)
    pages = AuthorPages({"authors/guide.md": "# Guide\n", "scopes.md": "# Scopes\n\nProse.\n"}, reads)
    entity_pages = {entity.page for entity in result.ecosystem.entities.values()}
    templates_seen: set[str] = set()
    for page in [page for page in Renderer(result, templates=templates).page_makers() if page not in entity_pages]:
        kept = RecordingPages(reads)
        with reads.recording():
            renderer = Renderer(result, templates=templates, author_pages=pages, kept=kept)
        renderer.page_makers()[page]()
        templates_seen |= kept.shared_only
    return sorted(reads.undeclared), templates_seen


def test_every_page_kept_under_the_shared_inputs_reads_only_them(checked, monkeypatch):
    undeclared, templates_seen = shared_only_reads(checked, monkeypatch)
    assert templates_seen == ENTITY_PAGE_INPUTS.shared_only_templates  # each declared template was rendered
    assert undeclared == []


def test_a_shared_only_page_reading_an_entitys_own_field_fails_the_comparison(checked, monkeypatch, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "scopes.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n{% for other in eco.entities.values() %}"
                    "{{ other.description }}{% endfor %}\n", encoding="utf-8")
    undeclared, _ = shared_only_reads(checked, monkeypatch, templates)
    assert undeclared == ["another entity's description"]


def test_every_parameter_of_the_renderer_is_declared():
    parameters = set(inspect.signature(Renderer.__init__).parameters) - {"self", "kept"}
    assert parameters <= ENTITY_PAGE_INPUTS.renderer, parameters - ENTITY_PAGE_INPUTS.renderer


@pytest.fixture
def scratch_templates(tmp_path) -> Path:
    """The templates, with a service page that reads another entity's notes and the findings by rule."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "service.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n{% for other in eco.entities.values() %}"
                    "{{ other.notes }}{% endfor %} {{ governance_view.by_rule | length }}\n", encoding="utf-8")
    return templates


def test_a_template_reading_an_undeclared_value_fails_the_comparison(checked, monkeypatch, scratch_templates):
    undeclared, _ = undeclared_reads(checked, monkeypatch, scratch_templates)
    assert undeclared == ["another entity's notes", "the governance view's by_rule"]


def test_what_an_undeclared_read_costs_a_kept_page(tmp_path, scratch_templates):
    """With that template a service's page is kept after another entity's notes changed: the page it shows is stale."""
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "etc", tree / "etc")
    shutil.copy(REPO / "mkdocs.yml", tree / "mkdocs.yml")
    (tree / "docs").mkdir()
    kept = KeptPages()
    before = check(tree, use_cache=False)
    service = next(e for e in before.ecosystem.entities.values() if e.kind == "Service" and e.onboarded)
    other = next(e for e in before.ecosystem.entities.values() if e.onboarded and e.name != service.name and e.notes)
    Renderer(before, templates=scratch_templates, kept=kept).site()
    manifest = tree / other.path
    first_words = " ".join(other.notes.split()[:3])
    text = manifest.read_text(encoding="utf-8")
    assert first_words in text
    manifest.write_text(text.replace(first_words, "An undeclared read shows this.", 1), encoding="utf-8")
    after = check(tree, use_cache=False)
    assert "An undeclared read shows this." in after.ecosystem.entities[other.name].notes
    kept_page = Renderer(after, templates=scratch_templates, kept=kept).site().pages[service.page]
    fresh_page = Renderer(after, templates=scratch_templates).site().pages[service.page]
    assert "An undeclared read shows this." in fresh_page
    assert kept_page != fresh_page and kept.reused > 0
