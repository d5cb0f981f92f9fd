"""While serving, the site folder is kept between builds and what a build did not write is removed after it:
the folder ends as a build into an empty folder leaves it (serve_folder.py; the whole site is compared in
tests/test_serve_incremental.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs.utils import clean_directory

from generator import serve_folder
from generator.serve_folder import HELD_PREFIX, KeptFolder, UnchangedCopies


def tree(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix() + ("/" if path.is_dir() else ""):
            ("" if path.is_dir() else path.read_text(encoding="utf-8"))
            for path in sorted(root.rglob("*"))}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def last_build(root: Path) -> None:
    write(root, {"index.html": "home", "404.html": "lost", "service/a/index.html": "a", "service/b/index.html": "b",
                 "assets/main.css": "css", "old/index.html": "old", ".kept/note": "hidden"})


def emptied(root: Path) -> KeptFolder:
    """The last build, held, then its folder emptied as MkDocs empties it before a build."""
    last_build(root)
    folder = KeptFolder()
    folder.hold(str(root))
    clean_directory(str(root))
    return folder


def rebuild(root: Path, writes: dict[str, str], folder: KeptFolder | None = None) -> KeptFolder:
    """One build as MkDocs runs it while serving, with the plugin's three calls around its cleaning."""
    folder = folder or KeptFolder()
    folder.hold(str(root))
    clean_directory(str(root))
    folder.restore(writes)
    write(root, writes)
    folder.prune()
    return folder


def test_a_rebuild_leaves_what_a_build_into_an_empty_folder_leaves(tmp_path):
    site = tmp_path / "site"
    last_build(site)
    writes = {"index.html": "home", "404.html": "lost", "service/a/index.html": "a, edited",
              "service/c/index.html": "c", "assets/main.css": "css"}
    rebuild(site, writes)
    # service/b and old/ were not written again; the hidden entry MkDocs keeps is kept.
    assert tree(site) == {".kept/": "", ".kept/note": "hidden", "404.html": "lost", "assets/": "",
                          "assets/main.css": "css", "index.html": "home", "service/": "", "service/a/": "",
                          "service/a/index.html": "a, edited", "service/c/": "", "service/c/index.html": "c"}


def test_the_files_are_overwritten_in_place_not_made_anew(tmp_path):
    """A second name for the last build's file, outside the site, reads what the rebuild wrote only if the rebuild
    wrote into that same file (an inode number could be reused by a file made anew; a link's content cannot)."""
    site = tmp_path / "site"
    last_build(site)
    (tmp_path / "second-name").hardlink_to(site / "service" / "a" / "index.html")
    rebuild(site, {"service/a/index.html": "a, rebuilt"})
    assert (tmp_path / "second-name").read_text(encoding="utf-8") == "a, rebuilt"


def test_a_file_written_again_with_the_same_bytes_stays(tmp_path):
    site = tmp_path / "site"
    last_build(site)
    rebuild(site, {"service/a/index.html": "a", "service/b/index.html": "b"})
    assert tree(site)["service/a/index.html"] == "a" and tree(site)["service/b/index.html"] == "b"
    assert "old/" not in tree(site) and "assets/main.css" not in tree(site)


def test_an_empty_file_written_again_stays(tmp_path):
    site = tmp_path / "site"
    write(site, {"assets/empty.txt": "", "assets/gone.txt": ""})
    rebuild(site, {"assets/empty.txt": ""})
    assert tree(site) == {"assets/": "", "assets/empty.txt": ""}


def test_what_stands_in_the_way_of_a_write_goes(tmp_path):
    site = tmp_path / "site"
    write(site, {"docs/guide": "a file where a folder now goes", "docs/page/index.html": "a folder where a file goes"})
    rebuild(site, {"docs/guide/index.html": "guide", "docs/page": "page"})
    assert tree(site) == {"docs/": "", "docs/guide/": "", "docs/guide/index.html": "guide", "docs/page": "page"}


def test_an_entry_another_plugin_wrote_meanwhile_stands(tmp_path):
    site = tmp_path / "site"
    folder = emptied(site)
    write(site, {"old/index.html": "the plugin's"})
    folder.restore({"old/index.html": ""})
    folder.prune()
    assert tree(site) == {".kept/": "", ".kept/note": "hidden", "old/": "", "old/index.html": "the plugin's"}


def test_a_failed_build_puts_the_last_site_back(tmp_path):
    site = tmp_path / "site"
    folder = emptied(site)
    assert [entry.name for entry in site.iterdir() if entry.name.startswith(HELD_PREFIX)]
    folder.abort()
    folder.prune()
    # The top-level files were MkDocs' to remove; every folder is back, and no held folder is left.
    assert tree(site) == {".kept/": "", ".kept/note": "hidden", "assets/": "", "assets/main.css": "css", "old/": "",
                          "old/index.html": "old", "service/": "", "service/a/": "", "service/a/index.html": "a",
                          "service/b/": "", "service/b/index.html": "b"}


def test_a_link_inside_the_folder_leaves_the_cleaning_to_mkdocs(tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("not the site's", encoding="utf-8")
    site = tmp_path / "site"
    last_build(site)
    (site / "service" / "link.html").symlink_to(outside)
    rebuild(site, {"service/a/index.html": "a"})
    assert tree(site) == {".kept/": "", ".kept/note": "hidden", "service/": "", "service/a/": "",
                          "service/a/index.html": "a"}
    assert outside.read_text(encoding="utf-8") == "not the site's"


def test_a_linked_site_folder_is_left_to_mkdocs(tmp_path):
    real = tmp_path / "real"
    last_build(real)
    site = tmp_path / "site"
    site.symlink_to(real, target_is_directory=True)
    folder = KeptFolder()
    folder.hold(str(site))
    assert folder.held is None and not [entry for entry in real.iterdir() if entry.name.startswith(HELD_PREFIX)]


def test_a_clock_gone_back_keeps_every_file(tmp_path):
    site = tmp_path / "site"
    folder = emptied(site)
    folder.restore(())
    assert folder.since is not None
    folder.since = time.time_ns() + 3600 * 10**9  # as if the clock went an hour back since the mark
    folder.prune()
    assert "old/index.html" in tree(site) and "service/b/index.html" in tree(site)
    assert not [name for name in os.listdir(site) if name.startswith(".getchitty-")]


def test_without_a_mark_the_folder_is_emptied_as_mkdocs_empties_it(tmp_path, monkeypatch):
    site = tmp_path / "site"
    last_build(site)
    monkeypatch.setattr(serve_folder, "_mark_after", lambda folder, after: None)
    folder = rebuild(site, {"service/a/index.html": "a"})
    assert folder.held is None
    assert tree(site) == {".kept/": "", ".kept/note": "hidden", "service/": "", "service/a/": "",
                          "service/a/index.html": "a"}


def test_a_move_back_that_fails_leaves_nothing_of_the_last_build(tmp_path, monkeypatch):
    site = tmp_path / "site"
    folder = emptied(site)
    renamed = []

    def rename_once(source, target):
        if renamed:
            raise OSError("no room")
        renamed.append(target)
        os.replace(source, target)

    monkeypatch.setattr(serve_folder.os, "rename", rename_once)
    folder.restore({"service/a/index.html": ""})
    monkeypatch.undo()
    write(site, {"service/a/index.html": "a"})
    folder.prune()
    assert renamed and tree(site) == {".kept/": "", ".kept/note": "hidden", "service/": "", "service/a/": "",
                                      "service/a/index.html": "a"}


# -- static files left as the last build wrote them ----------------------------------------------------------------

def serve_static(root: Path, theme: Path, texts: dict[str, str], copies: UnchangedCopies,
                 folder: KeptFolder) -> set[str]:
    """One serving build of static files only: the theme's files copied, `texts` written, but for the copies left as
    they stand. Returns the site paths written."""
    folder.hold(str(root))
    clean_directory(str(root))
    sources = {f"assets/{path.name}": path for path in sorted(theme.iterdir())}
    folder.restore([*sources, *texts])
    left = copies.unchanged([(str(source), str(root / path)) for path, source in sources.items()],
                            [(str(root / path), (lambda text=text: text)) for path, text in texts.items()])
    written = set()
    for path, source in sources.items():
        if str(root / path) not in left:
            write(root, {path: source.read_text(encoding="utf-8")})
            written.add(path)
    for path, text in texts.items():
        if str(root / path) not in left:
            write(root, {path: text})
            written.add(path)
    folder.prune(left)
    copies.record()
    return written


def test_static_files_that_stand_as_they_were_are_left_and_kept(tmp_path):
    site, theme = tmp_path / "site", tmp_path / "theme"
    write(theme, {"a.js": "a", "b.css": "b"})
    copies, folder = UnchangedCopies(), KeptFolder()
    texts = {"api/x.json": "{}", "api/y.json": "[]"}
    assert serve_static(site, theme, texts, copies, folder) == {"assets/a.js", "assets/b.css", "api/x.json", "api/y.json"}
    assert serve_static(site, theme, texts, copies, folder) == set()
    assert tree(site) == {"api/": "", "api/x.json": "{}", "api/y.json": "[]", "assets/": "", "assets/a.js": "a",
                          "assets/b.css": "b"}


def test_a_changed_source_text_or_copy_is_written_again(tmp_path):
    site, theme = tmp_path / "site", tmp_path / "theme"
    write(theme, {"a.js": "a", "b.css": "b", "c.svg": "c"})
    copies, folder = UnchangedCopies(), KeptFolder()
    serve_static(site, theme, {"api/x.json": "{}"}, copies, folder)
    before = (theme / "c.svg").stat()
    (theme / "a.js").write_text("a, edited", encoding="utf-8")  # a source edited
    os.utime(theme / "c.svg", ns=(before.st_atime_ns, before.st_mtime_ns))  # touched, its times put back: ctime tells
    (site / "assets/b.css").write_text("b", encoding="utf-8")  # the copy written over, with the same bytes
    written = serve_static(site, theme, {"api/x.json": '{"x": 1}'}, copies, folder)
    assert written == {"assets/a.js", "assets/b.css", "assets/c.svg", "api/x.json"}
    assert tree(site)["assets/a.js"] == "a, edited" and tree(site)["api/x.json"] == '{"x": 1}'


def test_a_copy_replaced_by_a_link_or_gone_is_written_again(tmp_path):
    site, theme = tmp_path / "site", tmp_path / "theme"
    write(theme, {"a.js": "a", "b.css": "b"})
    copies, folder = UnchangedCopies(), KeptFolder()
    serve_static(site, theme, {}, copies, folder)
    (site / "assets/a.js").unlink()
    (site / "assets/a.js").symlink_to(theme / "a.js")
    (site / "assets/b.css").unlink()
    assert serve_static(site, theme, {}, copies, folder) == {"assets/a.js", "assets/b.css"}
    assert not (site / "assets/a.js").is_symlink()


def test_after_a_failed_build_every_static_file_is_written_again(tmp_path):
    site, theme = tmp_path / "site", tmp_path / "theme"
    write(theme, {"a.js": "a"})
    copies, folder = UnchangedCopies(), KeptFolder()
    serve_static(site, theme, {"api/x.json": "{}"}, copies, folder)
    copies.forget()
    assert serve_static(site, theme, {"api/x.json": "{}"}, copies, folder) == {"assets/a.js", "api/x.json"}
