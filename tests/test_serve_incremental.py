"""`mkdocs serve` rebuilds only what an edit touched, and writes exactly the site a cold build writes.

The repository's own content is served (in a subprocess, through MkDocs' serve path, see
serve_builds.py); after each step of edits its site is compared, file by file and byte for
byte, with the site a fresh serve of the same tree writes: an edited manifest, a new one,
a deleted one, a renamed one, an author's page whose title (in the navigation of every
page) changes, mkdocs.yml, a manifest whose lines all move (every position in it), a
dependency dropped (the other service's "used by" changes), a waiver's reason, a template and
a theme override each edited in place to the same size with their modification time put back
(only the content tells), the file mkdocs.yml inherits (`INHERIT:`, the footer of every page),
and a credential written into an author's page, which fails the check: that step is compared
with a serve that was at the step before and then took the same edit (last good pages, banner,
the page withheld as a build withholds it), and the step that removes it with a fresh serve.
The memos must also have been used: a step that touches one service reuses most pages, in
MkDocs and in the generator.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
HELPER = Path(__file__).resolve().parent / "serve_builds.py"
SERVICES = "etc/chittyos/services"
INHERITED = "inherited.yml"
TOKEN = "ghp_" + "Kt5" * 12  # a GitHub token shape, built from pieces so that no literal sits in this file


def copy_tree(target: Path) -> Path:
    """This repository's content, with its own copy of the templates and a parent configuration (INHERIT)."""
    target.mkdir(parents=True)
    for folder in ("docs", "etc"):
        shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "templates", target / "templates")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - getchitty\n" in config
    config = config.replace("  - getchitty\n", "  - getchitty:\n      templates: templates\n", 1)
    (target / "mkdocs.yml").write_text(f"INHERIT: {INHERITED}\n{config}", encoding="utf-8")
    (target / INHERITED).write_text("copyright: Kept by the platform team\n", encoding="utf-8")
    return target


def serve_builds(tree: Path, out: Path, steps: list) -> list:
    steps_file = out.parent / f"{out.name}-steps.json"
    steps_file.write_text(json.dumps(steps), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "GETCHITTY_SITE_URL": "http://127.0.0.1:8000/"}
    done = subprocess.run([sys.executable, str(HELPER), str(tree), str(out), str(steps_file)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads((out / "memo-hits.json").read_text(encoding="utf-8"))


def differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"only in incremental: {prefix}{name}" for name in compared.left_only)
        found.extend(f"only in cold: {prefix}{name}" for name in compared.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found.extend(f"differs: {prefix}{name}" for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def moved(text: str) -> str:
    """The manifest with a comment line on top: every line below it moves."""
    first, rest = text.split("\n", 1)
    return f"{first}\n# A comment that moves every line below it.\n{rest}"


def manifest(tree: Path, name: str) -> str:
    return (tree / SERVICES / f"{name}.yml").read_text(encoding="utf-8")


def test_every_incremental_rebuild_writes_the_cold_site(tmp_path):
    tree = copy_tree(tmp_path / "served")
    names = sorted(path.stem for path in (tree / SERVICES).glob("*.yml"))
    first = names[0]
    described = yaml.safe_load(manifest(tree, first))["description"]

    def added(name: str) -> str:
        return yaml.safe_dump({"service_name": name, "entity_type": "Service", "category": "Domain",
                               "status": "Planned", "owners": ["data"], "description": "A service added.",
                               "board": {"status": "Planned", "label": "PLANNED", "layer": 6}})

    preview = (tree / "docs/authors/preview.md").read_text(encoding="utf-8")
    retitled = preview.replace(preview.splitlines()[0], "# Previewing while you write, retitled", 1)
    assert retitled != preview
    service_template = (tree / "templates/service.md.j2").read_text(encoding="utf-8")
    footer = (tree / "templates/overrides/partials/copyright.html").read_text(encoding="utf-8")
    steps = [
        [["write", f"{SERVICES}/{first}.yml",
          manifest(tree, first).replace(described.splitlines()[0], "An edited description", 1)]],
        [["write", f"{SERVICES}/chittyzz.yml", added("chittyzz")]],
        # a rename: the file and the name it declares
        [["delete", f"{SERVICES}/chittyzz.yml"], ["write", f"{SERVICES}/chittyzy.yml", added("chittyzy")]],
        [["delete", f"{SERVICES}/chittyzy.yml"]],
        [["write", "docs/authors/preview.md", retitled]],
        [["write", "mkdocs.yml", (tree / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "site_description: ", "site_description: Edited. ", 1)]],
        [["write", f"{SERVICES}/bane.yml", moved(manifest(tree, "bane"))]],
        [["write", f"{SERVICES}/chittyregister.yml", edited(manifest(tree, "chittyregister"), "  - chittyverify\n", "")]],
        [["write", "etc/chittyos/waivers.yml", edited((tree / "etc/chittyos/waivers.yml").read_text(encoding="utf-8"),
                                                      "The name is ChittyConnect's own", "The name is ChittyConnect's")]],
        [["rewrite", "templates/service.md.j2", edited(service_template, "not documented", "not written up")]],
        [["rewrite", "templates/overrides/partials/copyright.html", footer.replace("Built on", "Build of")]],
        [["write", INHERITED, "copyright: Kept by the portal's maintainers\n"]],
        [["write", "docs/authors/preview.md", retitled + f"\nThe deploy token is {TOKEN}.\n"]],
        [["write", "docs/authors/preview.md", retitled]],
    ]
    failing = {len(steps) - 1}  # 1-based: the step after which the check fails

    # The incremental serve and a fresh serve of the tree after each step run side by side: each is a process of
    # its own, and fresh serves share nothing.
    from serve_builds import apply

    incremental = tmp_path / "incremental"
    fresh: list[tuple[int, Path, Path, list]] = []  # (step, tree, where its site goes, the steps that serve takes)
    cold_tree = copy_tree(tmp_path / "cold-tree")
    for number, step in enumerate(steps, start=1):
        at = tmp_path / f"cold-tree-{number}"
        if number in failing:
            # No serve starts on a failing tree: one that served the tree before the step takes the step.
            shutil.copytree(cold_tree, at, symlinks=True)
            fresh.append((number, at, tmp_path / f"cold-{number}", [step]))
            apply(cold_tree, step)
        else:
            apply(cold_tree, step)
            shutil.copytree(cold_tree, at, symlinks=True)
            fresh.append((number, at, tmp_path / f"cold-{number}", []))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        served = pool.submit(serve_builds, tree, incremental, steps)
        for done in [pool.submit(serve_builds, at, out, taken) for _, at, out, taken in fresh]:
            done.result()
        hits = served.result()

    for number, _, cold, taken in fresh:
        compared = cold / str(len(taken))
        if taken:
            assert not any(TOKEN.encode() in path.read_bytes() for path in compared.rglob("*") if path.is_file())
        assert differences(incremental / str(number), compared) == [], f"after step {number}: {steps[number - 1][0][:2]}"

    pages = sum(1 for _ in (incremental / "1").rglob("index.html"))
    entities = sum(1 for kind in ("service", "datalayer", "composite") if (incremental / "1" / kind).is_dir()
                   for _ in (incremental / "1" / kind).iterdir())
    assert hits[0][:3] == [0, 0, 0]
    # One edited service: its page and the pages that list it are built again, the rest reused.
    assert hits[1][0] >= pages * 0.8, (hits, pages)
    assert hits[1][1] == entities - 1, (hits, entities)
    # Of the other pages the generator keeps, only its team's is built again: the team it is given holds the
    # service as it is now; the scopes, the secrets, the rules and the other teams read nothing the edit changed.
    assert hits[1][2] == hits[1][3] - entities - 1 > 0, (hits, entities)
    # A service added changes what every page reads of the others: none is reused.
    assert hits[2][2] == 0, hits
    # The static files (the theme's, the read API) and the pages stand as the build before left them, but the edited
    # service's own file, its kind's index, the source maps of the stylesheets the build cuts and the pages that show
    # the edit.
    static = [path for path in (incremental / "1").rglob("*") if path.is_file() and path.suffix != ".html"]
    assert hits[0][4] == 0 and hits[1][4] >= len(static) - 10 + pages * 0.8 > 0, (hits, len(static), pages)


def test_templates_of_ones_own_keep_no_page(tmp_path):
    """The pages kept while serving are checked against what the package's own templates read: with a scopes page
    of one's own that lists every description, a description edit is on that page at once, as a cold serve has it."""
    from serve_builds import apply

    tree = copy_tree(tmp_path / "served")
    scopes = tree / "templates/scopes.md.j2"
    scopes.write_text(scopes.read_text(encoding="utf-8") + "\n{% for other in eco.entities.values() %}"
                      "{{ other.description }}\n{% endfor %}\n", encoding="utf-8")
    first = sorted(path.stem for path in (tree / SERVICES).glob("*.yml"))[0]
    described = yaml.safe_load(manifest(tree, first))["description"]
    step = [["write", f"{SERVICES}/{first}.yml",
             manifest(tree, first).replace(described.splitlines()[0], "A description edited for the scopes page", 1)]]
    cold_tree = tmp_path / "cold-tree"
    shutil.copytree(tree, cold_tree, symlinks=True)
    apply(cold_tree, step)
    with ThreadPoolExecutor(max_workers=2) as pool:
        served = pool.submit(serve_builds, tree, tmp_path / "incremental", [step])
        cold = pool.submit(serve_builds, cold_tree, tmp_path / "cold", [])
        hits, _ = served.result(), cold.result()
    assert differences(tmp_path / "incremental" / "1", tmp_path / "cold" / "0") == []
    assert "A description edited for the scopes page" in (tmp_path / "incremental/1/scopes/index.html").read_text(
        encoding="utf-8")
    assert hits[1][1:3] == [0, 0], hits  # no page kept, of the entities' or the others'


@pytest.mark.parametrize("edit", [
    lambda text: text + "\nhooks:\n  - hooks.py\n",
    lambda text: text.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n", 1),
], ids=["a plugin", "an extension that reads files"])
def test_what_the_memo_cannot_see_turns_it_off(tmp_path, edit):
    """A plugin or Markdown extension the memo does not know may read pages or files its keys miss (a snippet
    included from another file): every page is built again."""
    tree = copy_tree(tmp_path / "served")
    (tree / "hooks.py").write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n", encoding="utf-8")
    config = tree / "mkdocs.yml"
    edited_config = edit(config.read_text(encoding="utf-8"))
    assert edited_config != config.read_text(encoding="utf-8")
    config.write_text(edited_config, encoding="utf-8")
    assert serve_builds(tree, tmp_path / "out", [])[0][0] is None
