"""`mkdocs build` refuses to publish a tree that fails the governance check.

Each case breaks one thing in a clean tree, over a site directory that holds a
previous build plus a sentinel file, and checks that the build exits 1, prints the
finding with its file:line:col and rule id, prints no traceback (and never the
leaked token), and leaves the previous site byte for byte as it was.
"""

from __future__ import annotations

import errno
import gc
import os
import shutil
import signal
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from site_support import make_tree, mkdocs_build, tree_digest

pytest_plugins = ["site_fixtures"]

# Built from pieces so that no credential-looking literal sits in this file.
TOKEN = "ghp" + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
SERVICES = "etc/chittyos/services"


def replace(relpath: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(tree: Path) -> None:
        path = tree / relpath
        source = path.read_text(encoding="utf-8")
        assert old in source, f"{relpath} has no {old!r}"
        path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return apply


def write(relpath: str, content: str) -> Callable[[Path], None]:
    def apply(tree: Path) -> None:
        (tree / relpath).write_text(content, encoding="utf-8")
    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(tree: Path) -> None:
        for step in steps:
            step(tree)
    return apply


# (case, change to a clean tree, expected "file:line:col: error[rule]")
CASES = [
    ("syntax: invalid YAML",
     write(f"{SERVICES}/chittytrust.yml", "service_name: chittytrust\nentity_type: Service\ncategory: [Foundation\nstatus: Planned\n"),
     f"{SERVICES}/chittytrust.yml:4:7: error[syntax/invalid-yaml]"),
    ("schema: unknown field",
     replace(f"{SERVICES}/chittytrust.yml", "owners: [platform]\n", "owners: [platform]\ncolour: blue\n"),
     f"{SERVICES}/chittytrust.yml:7:1: error[schema/unknown-field]"),
    ("canon: Live without routes.health",
     replace(f"{SERVICES}/chittyid.yml", "  health: https://id.chitty.cc/health\n", ""),
     f"{SERVICES}/chittyid.yml:21:1: error[canon/required/routes.health]"),
    ("scopes: not granted",
     replace(f"{SERVICES}/chittyauth.yml", "scopes: [access:provision]", "scopes: [access:provision, identity:mint]"),
     f"{SERVICES}/chittyauth.yml:9:28: error[scopes/not-granted]"),
    ("secrets: undeclared env name",
     replace(f"{SERVICES}/chittysync.yml", "secrets: [NOTION_API_TOKEN, CHITTY_AUTH_TOKEN]",
             "secrets: [NOTION_API_TOKEN, CHITTY_AUTH_TOKEN, STRIPE_API_KEY]"),
     f"{SERVICES}/chittysync.yml:10:48: error[secrets/not-in-inventory]"),
    ("secrets: leaked GitHub token",
     replace(f"{SERVICES}/chittytrust.yml", "description: Trust reputation scoring.",
             f"description: Trust scoring, token {TOKEN} for now."),
     f"{SERVICES}/chittytrust.yml:5:35: error[secrets/credential-value]"),
    ("ownership: placeholder owner",
     replace(f"{SERVICES}/chittytrust.yml", "owners: [platform]", "owners: [platform, TBD]"),
     f"{SERVICES}/chittytrust.yml:6:20: error[ownership/placeholder]"),
    ("deps: cycle",
     both(replace(f"{SERVICES}/chittyauth.yml", "depends_on: [chittyid]", "depends_on: [chittyid, chittygate]"),
          write(f"{SERVICES}/chittygate.yml", "service_name: chittygate\nentity_type: Service\ncategory: Core\n"
                "status: Planned\ndescription: Gateway.\nowners: [platform]\ndepends_on: [chittyauth]\n")),
     f"{SERVICES}/chittyauth.yml:14:24: error[deps/cycle]"),
    ("waivers: expired",
     write("etc/chittyos/waivers.yml", "waivers:\n  - rule: canon/required/routes.health\n    entity: chittyid\n"
           "    reason: Old waiver.\n    owner: \"@chittyos/platform\"\n    expires: \"2020-01-31\"\n"),
     "etc/chittyos/waivers.yml:2:5: error[waivers/expired]"),
]

UNUSED_WAIVER = write("etc/chittyos/waivers.yml", "waivers:\n  - rule: deps/cycle\n    entity: chittyid\n"
                      "    reason: Nothing to waive.\n    owner: \"@chittyos/platform\"\n    expires: \"2099-01-01\"\n")


@pytest.fixture
def previous_site(site, tmp_path) -> Path:
    """A site directory holding a previous good build and a sentinel file."""
    folder = tmp_path / "site"
    shutil.copytree(site.dir, folder)
    (folder / "SENTINEL").write_text("left by the previous deploy\n", encoding="utf-8")
    return folder


def assert_clean_failure(output: str) -> None:
    assert "Traceback" not in output, output
    assert 'File "' not in output, output
    assert "Aborted with a BuildError" in output or "Aborted" in output, output


@pytest.mark.parametrize("change, expected", [(change, expected) for _, change, expected in CASES],
                         ids=[case for case, _, _ in CASES])
def test_failing_check_fails_the_build_and_keeps_the_previous_site(tmp_path, previous_site, session_cache,
                                                                    change, expected):
    tree = make_tree(tmp_path / "repo")
    change(tree)
    before = tree_digest(previous_site)
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=False)
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout, result.stdout
    assert "governance check failed" in result.stdout
    assert_clean_failure(result.stdout)
    assert TOKEN not in result.stdout
    assert TOKEN[4:24] not in result.stdout  # not even part of it
    assert (previous_site / "SENTINEL").is_file()
    assert tree_digest(previous_site) == before, "the failed build touched the previous site"


def test_warning_is_printed_and_the_build_succeeds(tmp_path, previous_site, session_cache):
    tree = make_tree(tmp_path / "repo")
    UNUSED_WAIVER(tree)
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=False)
    assert result.returncode == 0, result.stdout
    assert "etc/chittyos/waivers.yml:2:5: warning[waivers/unused]" in result.stdout
    assert "WARNING" in result.stdout
    assert "Traceback" not in result.stdout
    assert (previous_site / "service" / "chittyid" / "index.html").is_file()


def test_warning_fails_a_strict_build_and_keeps_the_previous_site(tmp_path, previous_site, session_cache):
    tree = make_tree(tmp_path / "repo")
    UNUSED_WAIVER(tree)
    before = tree_digest(previous_site)
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=True)
    assert result.returncode == 1, result.stdout
    assert "etc/chittyos/waivers.yml:2:5: warning[waivers/unused]" in result.stdout
    assert "0 error(s), 1 warning(s)" in result.stdout
    assert_clean_failure(result.stdout)
    assert (previous_site / "SENTINEL").is_file()
    assert tree_digest(previous_site) == before


def test_clean_tree_builds_over_the_previous_site(tmp_path, previous_site, session_cache):
    """The counterpart: a passing check does replace the previous site."""
    tree = make_tree(tmp_path / "repo")
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=True)
    assert result.returncode == 0, result.stdout
    assert not (previous_site / "SENTINEL").exists()
    assert (previous_site / "service" / "chittyid" / "index.html").is_file()
    assert [p.name for p in previous_site.parent.iterdir() if ".building-" in p.name] == [], "a temporary folder was left"


def checked_site(tmp_path: Path, monkeypatch, *, forks: bool, raw_blocks: bool = False):
    """A build's Site over a clean tree, its check passed; `forks`: whether it may render in a forked process;
    `raw_blocks`: whether the generated pages' raw HTML blocks skip Markdown."""
    from getchitty import site as site_module
    from getchitty.resources import TEMPLATES

    monkeypatch.setattr(site_module, "can_fork", lambda: forks)
    tree = make_tree(tmp_path / "repo")
    site = site_module.Site(serving=False, dirty=False)
    site.configure(tree, TEMPLATES, str(tmp_path / "site"), memo=False, raw_blocks=raw_blocks)
    site.check(str(tree / "docs"), strict=False)
    assert site.result is not None
    return site, tree


def read_as_mkdocs_does(site, files) -> dict[str, str]:
    """What MkDocs reads of a build's generated pages, in their order (a page the render process is still making
    comes from Site.page_markdown), and then, before it copies the generated files, Site.rendered."""
    pages = {file.path: file.content if file.content is not None else site.page_markdown(file.path)
             for file in files if file.copied_from is None and file.path.endswith(".md")}
    site.rendered()
    return pages


@pytest.mark.parametrize("forks", [True, False])
def test_a_build_lets_go_of_the_check_and_hands_the_read_api_over_on_disk(tmp_path, monkeypatch, forks):
    """Once the pages are rendered, nothing holds the model any more, no memo holds the render's strings, and the
    read API's files are on disk where the build writes the site (the same bytes the renderer made), each its own
    source, so MkDocs leaves it in place; whether the render ran in a forked process or here."""
    from getchitty.credentials import redact as redacted
    from getchitty.render import _anchor_part as anchors
    from getchitty.render import forget_memos, render_site
    from getchitty.resources import TEMPLATES

    site, tree = checked_site(tmp_path, monkeypatch, forks=forks)
    assert site.result is not None
    model = weakref.ref(site.result.ecosystem)
    expected = render_site(site.result, templates=TEMPLATES, build=site.stamp).assets
    forget_memos()  # what this test's own render left, not the build's
    gc.collect()
    files, _ = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    assert model() is None, "the check's model outlived the render"
    read_as_mkdocs_does(site, files)
    assert anchors.cache_info().currsize == redacted.cache_info().currsize == 0, "a memo kept the render's strings"
    handed = {file.path: file for file in files if file.path in expected}
    assert sorted(handed) == sorted(expected) and any(path.startswith("api/") for path in handed)
    for path, file in handed.items():
        assert file.content is None and file.copied_from is not None
        assert Path(file.copied_from).read_bytes() == expected[path].encode("utf-8"), path
        assert Path(file.copied_from) == Path(site.building or "") / path
    site.finish(succeeded=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.getchitty-lock", "repo", "site"]


@pytest.mark.parametrize("forks", [True, False])
def test_a_build_renders_in_a_forked_process_where_it_can(tmp_path, monkeypatch, forks):
    """The render runs in a forked process (its garbage never reaches the one that runs MkDocs), which sends the
    pages it would have made here while MkDocs reads them; where this process cannot fork, it renders here."""
    from getchitty import site as site_module
    from getchitty.render import render_site
    from getchitty.resources import TEMPLATES

    rendered_in: set[int] = set()
    render = site_module.Renderer.render

    def recording(self, *args, **kwargs):
        rendered_in.add(os.getpid())
        (tmp_path / "rendered-in").write_text(str(os.getpid()), encoding="utf-8")
        return render(self, *args, **kwargs)

    site, tree = checked_site(tmp_path, monkeypatch, forks=forks)
    assert site.result is not None
    expected = render_site(site.result, templates=TEMPLATES, build=site.stamp)
    monkeypatch.setattr(site_module.Renderer, "render", recording)
    files, nav = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    pages = read_as_mkdocs_does(site, files)
    site.finish(succeeded=True)
    assert (int((tmp_path / "rendered-in").read_text(encoding="utf-8")) != os.getpid()) is forks
    assert rendered_in == (set() if forks else {os.getpid()})
    assert all(file.content is None for file in files if file.path in pages) is forks
    assert list(pages.items()) == list(expected.pages.items())  # the same pages, in the same order
    assert nav == expected.nav


@pytest.mark.parametrize("forks", [True, False])
def test_the_render_process_sets_the_raw_blocks_aside_and_the_pages_convert_the_same(tmp_path, monkeypatch, forks):
    """With raw blocks on, the render process sets each page's blocks aside (and takes their anchors) as it sends
    the page, beside MkDocs' work; this process only puts them back. Every page converts to the HTML and anchors
    of its whole Markdown, as where this process sets them aside itself."""
    from types import SimpleNamespace

    from site_support import converted

    from getchitty import site as site_module
    from getchitty.render import render_site
    from getchitty.resources import TEMPLATES

    set_aside_in: set[int] = set()
    set_aside = site_module.set_aside

    def recording(markdown):
        set_aside_in.add(os.getpid())
        with open(tmp_path / "set-aside-in", "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return set_aside(markdown)

    site, tree = checked_site(tmp_path, monkeypatch, forks=forks, raw_blocks=True)
    assert site.result is not None
    expected = render_site(site.result, templates=TEMPLATES, build=site.stamp).pages
    monkeypatch.setattr(site_module, "set_aside", recording)
    files, _ = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    put_back = 0
    for file in files:
        if file.copied_from is not None or not file.path.endswith(".md"):
            continue
        page = SimpleNamespace(file=SimpleNamespace(src_uri=file.path), present_anchor_ids=None)
        text = site.markdown(page, file.content if file.content is not None else site.page_markdown(file.path))
        html, page.present_anchor_ids = converted(text)
        put_back += file.path in site.set_aside
        html = site.content(page, html, None, convert=pytest.fail)
        whole_html, whole_anchors = converted(expected[file.path])
        assert (html, page.present_anchor_ids) == (site_module.neutralized(whole_html), whole_anchors), file.path
    site.rendered()
    site.finish(succeeded=True)
    assert put_back >= 10 and site.set_aside == {}  # pages with blocks: not a test of nothing
    pids = set((tmp_path / "set-aside-in").read_text(encoding="utf-8").split())
    assert (pids == {str(os.getpid())}) is not forks and (set_aside_in == {os.getpid()}) is not forks


def test_pages_asked_for_out_of_their_order_are_kept_until_asked(tmp_path, monkeypatch):
    from getchitty.site import SiteError

    site, tree = checked_site(tmp_path, monkeypatch, forks=True)
    files, _ = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    streamed = [file.path for file in files if file.content is None and file.copied_from is None]
    last, first = streamed[-1], streamed[0]
    assert site.streamed is not None
    assert site.page_markdown(last) and len(site.streamed.arrived) == len(streamed) - 1
    assert site.page_markdown(first) and first not in site.streamed.arrived
    with pytest.raises(SiteError, match=f"^getchitty: the render process sent no page {last}$"):
        site.page_markdown(last)
    site.rendered()
    assert site.streamed.sent.pid is None, "the render process was not reaped"
    site.finish(succeeded=True)


def test_a_page_the_render_process_fails_on_raises_its_error_where_mkdocs_reads_it(tmp_path, monkeypatch):
    from getchitty import site as site_module

    render = site_module.Renderer.render

    def failing(self, template, page, **kwargs):
        if template == "catalog.md.j2":
            raise ValueError("the catalog cannot be drawn")
        return render(self, template, page, **kwargs)

    monkeypatch.setattr(site_module.Renderer, "render", failing)
    site, tree = checked_site(tmp_path, monkeypatch, forks=True)
    files, _ = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    with pytest.raises(ValueError, match="^the catalog cannot be drawn$"):
        read_as_mkdocs_does(site, files)
    site.abort()
    assert site.streamed is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.getchitty-lock", "repo"]


def test_a_build_the_system_refuses_a_fork_renders_here(tmp_path, monkeypatch):
    """No memory or processes left for a second process: the build renders in its own, and lets go as such."""
    from getchitty.render import _anchor_part as anchors
    from getchitty.render import forget_memos, render_site
    from getchitty.resources import TEMPLATES

    def refuse() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    site, tree = checked_site(tmp_path, monkeypatch, forks=True)
    assert site.result is not None
    expected = render_site(site.result, templates=TEMPLATES, build=site.stamp)
    forget_memos()
    monkeypatch.setattr(os, "fork", refuse)
    files, _ = site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))
    site.finish(succeeded=True)
    assert {file.path: file.content for file in files if file.content is not None} == expected.pages
    assert anchors.cache_info().currsize == 0, "rendered here, but the render's memos were kept"


@pytest.mark.parametrize("forks", [True, False])
def test_a_read_api_file_that_cannot_be_written_stops_the_build_with_a_message(tmp_path, monkeypatch, forks):
    from getchitty import site as site_module

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "write_inside", full)
    site, tree = checked_site(tmp_path, monkeypatch, forks=forks)
    with pytest.raises(site_module.SiteError, match=r"^getchitty: could not write the generated files: \[Errno 28\] "
                                                    "No space left on device$"):
        # A render process writes them after the pages: the build stops before MkDocs copies them.
        read_as_mkdocs_does(site, site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))[0])
    site.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.getchitty-lock", "repo"]


@pytest.mark.parametrize("when", ["before the list of pages", "after some pages"])
def test_a_render_process_that_dies_stops_the_build_with_a_message(tmp_path, monkeypatch, when):
    from getchitty import site as site_module

    render = site_module.Renderer.render

    def dying(self, template, page, **kwargs):
        if template == "catalog.md.j2":
            os.kill(os.getpid(), signal.SIGKILL)
        return render(self, template, page, **kwargs)

    if when == "before the list of pages":
        monkeypatch.setattr(site_module.Renderer, "page_makers", lambda self: os.kill(os.getpid(), signal.SIGKILL))
    else:
        monkeypatch.setattr(site_module.Renderer, "render", dying)
    site, tree = checked_site(tmp_path, monkeypatch, forks=True)
    with pytest.raises(site_module.SiteError, match="^getchitty: the site's pages were not rendered: the forked "
                                                    "process was killed by signal 9 before it had sent everything$"):
        read_as_mkdocs_does(site, site.generated({}, directory_urls=True, docs_dir=str(tree / "docs"))[0])
    site.abort()
    assert site.streamed is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.getchitty-lock", "repo"]


# --- failures after the check passed: MkDocs has written pages by then ------------------------

def test_a_broken_link_under_strict_keeps_the_previous_site(tmp_path, previous_site, session_cache):
    """The check passes; MkDocs writes every page, then aborts for the warning: the site stays as it was."""
    tree = make_tree(tmp_path / "repo")
    (tree / "docs/authors").mkdir(parents=True)
    (tree / "docs/authors/guide.md").write_text("# Guide\n\nSee [nowhere](missing.md).\n", encoding="utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=True)
    assert result.returncode == 1, result.stdout
    assert "missing.md" in result.stdout
    assert tree_digest(previous_site) == before, "the aborted build touched the previous site"
    assert [p.name for p in previous_site.parent.iterdir() if ".building-" in p.name] == [], "a temporary folder was left"


def test_a_failing_template_keeps_the_previous_site(tmp_path, previous_site, session_cache):
    tree = make_tree(tmp_path / "repo")
    templates = tmp_path / "templates"
    from getchitty.resources import TEMPLATES

    shutil.copytree(TEMPLATES, templates)
    (templates / "layer.md.j2").write_text("{{ no_such_value.field }}\n", encoding="utf-8")
    config = tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - getchitty", f"  - getchitty:\n      templates: {templates}"),
                      encoding="utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=False)
    assert result.returncode == 1, result.stdout
    assert tree_digest(previous_site) == before


def test_a_concurrent_build_is_refused_while_one_holds_the_lock(tmp_path, previous_site, session_cache):
    import fcntl

    tree = make_tree(tmp_path / "repo")
    before = tree_digest(previous_site)
    with open(previous_site.parent / f".{previous_site.name}.getchitty-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=True)
    assert result.returncode == 1, result.stdout
    assert "another build is writing" in result.stdout
    assert_clean_failure(result.stdout)
    assert tree_digest(previous_site) == before
    again = mkdocs_build(tree, previous_site, cache_dir=session_cache, strict=True)
    assert again.returncode == 0, again.stdout


def test_a_long_rule_id_from_a_schema_field_builds(tmp_path, session_cache):
    """A Canon rule on a 300-character field passes the check and must then build."""
    import json

    tree = make_tree(tmp_path / "repo")
    field = "x" * 300
    schema_path = tree / "etc/authority/schema/getchitty-service.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"][field] = {"type": "string"}
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    rules_path = tree / "etc/authority/rules.json"
    rules = json.loads(rules_path.read_text(encoding="utf-8"))
    rules["rules"].append({"if": {"status": "Planned"}, "then": {"pattern": {field: "^x"}}})
    rules_path.write_text(json.dumps(rules), encoding="utf-8")
    result = mkdocs_build(tree, tmp_path / "site", cache_dir=session_cache, strict=True)
    assert result.returncode == 0, result.stdout
    pages = [p for p in (tmp_path / "site/governance/rules").iterdir() if p.name.startswith("canon-pattern-xxx")]
    assert len(pages) == 1 and len(pages[0].name) <= 120
