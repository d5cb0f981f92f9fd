"""A build's templates compiled by a process of their own while the check runs (Site._compile_templates_aside): the
code the render then takes is the code it would have compiled itself, and the render process compiles none."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from site_support import changed_build, make_tree, mkdocs_build, tree_digest

from getchitty import render
from getchitty.engine import check
from getchitty.render import CompiledTemplates, Renderer, compile_templates
from getchitty.resources import TEMPLATES

# The render process says which templates it compiled itself (the compiling process, forked before it, does not).
COUNTED = """
import getchitty.render as render
made = render.Renderer.__init__
def rendering(self, *args, **kwargs):
    render.IN_RENDER = True
    made(self, *args, **kwargs)
render.Renderer.__init__ = rendering
dump = render.CompiledTemplates.dump_bytecode
def dumped(self, bucket):
    if getattr(render, "IN_RENDER", False):
        print("compiled in the render process", file=sys.stderr)
    dump(self, bucket)
render.CompiledTemplates.dump_bytecode = dumped
"""
NOT_ASIDE = """
import getchitty.site as site
site.Site._compile_templates_aside = lambda self: None
"""



@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return make_tree(tmp_path_factory.mktemp("templates") / "tree")


def test_a_renderer_compiles_each_template_to_the_code_the_compiling_process_makes(tree):
    # Jinja folds constants through the finalizer and filters an environment has when it compiles: a Renderer's own
    # would fold them (its code then held that render's redaction) where the Renderer class's cannot.
    renderer = Renderer(check(tree), templates=TEMPLATES)
    neutral = render._environment(TEMPLATES, Renderer, None)
    names = renderer.env.list_templates(extensions=("j2",))
    assert "service.md.j2" in names and "_macros.md.j2" in names
    for name in names:
        source, filename, _ = neutral.loader.get_source(neutral, name)
        assert renderer.env.compile(source, name, filename, raw=True) == neutral.compile(source, name, filename, raw=True)


def test_a_render_from_the_templates_compiled_aside_is_the_render_that_compiles_them(tree, monkeypatch):
    result = check(tree)
    monkeypatch.setattr(render, "TEMPLATE_CACHE", CompiledTemplates())
    itself = Renderer(result, templates=TEMPLATES).site()
    aside = CompiledTemplates()
    aside.add(compile_templates(TEMPLATES))
    compiled_here: list[str] = []
    monkeypatch.setattr(aside, "dump_bytecode", lambda bucket: compiled_here.append(bucket.key))
    monkeypatch.setattr(render, "TEMPLATE_CACHE", aside)
    renderer = Renderer(result, templates=TEMPLATES)
    assert renderer.site() == itself
    assert compiled_here == []  # every template came compiled
    assert set(renderer.env.filters) == set(render._environment(TEMPLATES, Renderer, CompiledTemplates()).filters)


def test_compile_templates_gives_every_template_once_by_its_cache_key():
    compiled = compile_templates(TEMPLATES)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
    names = env.list_templates(extensions=("j2",))
    assert len(compiled) == len(names)
    cache = CompiledTemplates()
    cache.add(compiled)
    assert all(isinstance(code, bytes) and code for code in cache.compiled().values())


def test_the_render_process_compiles_no_template_and_the_site_is_the_same(tree, tmp_path):
    aside = changed_build(tree, tmp_path / "aside", COUNTED, tmp_path / "cache1")
    assert aside.returncode == 0, aside.stdout
    assert "compiled in the render process" not in aside.stdout
    itself = changed_build(tree, tmp_path / "itself", COUNTED + NOT_ASIDE, tmp_path / "cache2")
    assert itself.returncode == 0, itself.stdout
    assert "compiled in the render process" in itself.stdout  # the count can see a compile
    assert tree_digest(tmp_path / "aside") == tree_digest(tmp_path / "itself")


@pytest.mark.parametrize(("change", "said"), [
    ("{% if %}", "{templates}/catalog.md.j2:1: Expected an expression, got 'end of statement block'"),
    ("{{ no_such_name }}", "'no_such_name' is undefined"),
], ids=["does not compile", "does not render"])
def test_a_template_that_fails_fails_the_build_with_where_and_why(tmp_path, change, said):
    tree = make_tree(tmp_path / "tree")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    catalog = templates / "catalog.md.j2"
    catalog.write_text(change + "\n" + catalog.read_text(encoding="utf-8"), encoding="utf-8")
    config = tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - getchitty\n" in text
    config.write_text(text.replace("\n  - getchitty\n", f"\n  - getchitty:\n      templates: {templates}\n"), encoding="utf-8")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "kept.html").write_text("the last site")
    before = tree_digest(site_dir)
    failed = mkdocs_build(tree, site_dir, cache_dir=tmp_path / "cache")
    assert failed.returncode == 1, failed.stdout
    assert f"getchitty: a template failed: {said.format(templates=templates)}" in failed.stdout
    assert "Traceback" not in failed.stdout
    assert tree_digest(site_dir) == before
