"""Build a site the way `mkdocs serve` does, once and then after each step of edits, in one process.

    python serve_builds.py TREE OUT STEPS.json

Each build goes through MkDocs' own serve path (the configuration loaded again, the plugin
instances kept, the one site folder cleaned and rebuilt) and its site is copied to OUT/<n>:
OUT/0 after the first build, OUT/<n> after step n. A step is a list of edits:
["write", path, text], ["delete", path], or ["rewrite", path, text]: new content of the same size, with the
file's modification time put back, so that only its content tells the change. Run with no steps, it gives
the site a cold serve writes. OUT/memo-hits.json: per build, how many pages MkDocs wrote as they were,
how many entity pages and how many pages kept under the shared inputs the generator reused, how many pages
it keeps in all, and how many static files it left as the build before wrote them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def apply(tree: Path, edits: list[list[str]]) -> None:
    for edit in edits:
        kind, path = edit[0], tree / edit[1]
        if kind == "write":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit[2], encoding="utf-8")
        elif kind == "delete":
            path.unlink()
        elif kind == "rewrite":
            before = path.stat()
            data = edit[2].encode("utf-8")
            if len(data) != before.st_size:
                raise SystemExit(f"a rewrite keeps the size: {edit[1]}")
            path.write_bytes(data)
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        else:
            raise SystemExit(f"unknown edit {kind}")


def main() -> None:
    tree, out, steps_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    steps = json.loads(steps_file.read_text(encoding="utf-8"))
    os.chdir(tree)
    site = tempfile.mkdtemp(prefix="serve-site-")
    memo_hits = []
    for number in range(len(steps) + 1):
        if number:
            apply(tree, steps[number - 1])
        config = load_config("mkdocs.yml", site_dir=site)
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
        shutil.copytree(site, out / str(number))
        state = config.plugins["getchitty"].site
        kept = state.kept
        memo_hits.append([state.memo.hits if state.memo is not None else None,
                          kept.reused if kept is not None else None,
                          kept.reused_shared_only if kept is not None else None,
                          len(kept.pages) if kept is not None else None,
                          len(state.copies.spared) if state.copies is not None else None])
    (out / "memo-hits.json").write_text(json.dumps(memo_hits), encoding="utf-8")


if __name__ == "__main__":
    main()
