"""What keeping the site folder saves a serve rebuild: the same rebuilds with the folder kept and with it emptied.

    python bench/serve_folder_bench.py [--pairs N] [--edits N]

This repository's content is copied to a temporary folder and served the way `mkdocs serve` builds (the
configuration loaded again for every rebuild, the plugin kept), in a child process per run: once as the plugin
does it (serve_folder.KeptFolder around MkDocs' cleaning), once with the folder left to MkDocs, which empties it
before every rebuild. Each run saves one manifest --edits times and times each rebuild; the two ways alternate
--pairs times, so both see the same machine, and the medians are printed side by side with their ratio.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_bench import SERVE_COPY_IGNORE

REPO = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


def child(tree: Path, site: Path, way: str, edits: int) -> list[float]:
    """Rebuild times of one serve of `tree`, the site folder kept or emptied (`way`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.disable(logging.WARNING)

    def config():
        loaded = load_config(str(tree / "mkdocs.yml"), site_dir=str(site))
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    if way == "emptied":
        first.plugins["getchitty"].site.folder = None
    build(first, serve_url=SERVE_URL)
    gc.collect()
    gc.freeze()  # as the plugin's on_serve does
    manifest = tree / "etc/chittyos/services/bane.yml"
    text = manifest.read_text(encoding="utf-8")
    times = []
    for edit in range(edits):
        manifest.write_text(text.replace("description:", f"description: edit {edit}", 1), encoding="utf-8")
        started = time.perf_counter()
        build(config(), serve_url=SERVE_URL)
        times.append(time.perf_counter() - started)
    manifest.write_text(text, encoding="utf-8")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--child", nargs=3, metavar=("TREE", "SITE", "WAY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        tree, site, way = args.child
        print(json.dumps(child(Path(tree), Path(site), way, args.edits)))
        return
    work = Path(tempfile.mkdtemp(prefix="serve-folder-bench-"))
    try:
        tree = work / "repo"
        shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(*SERVE_COPY_IGNORE), symlinks=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GETCHITTY_CACHE_DIR": str(work / "cache")}
        times: dict[str, list[float]] = {"kept": [], "emptied": []}
        for _ in range(args.pairs):
            for way in times:
                done = subprocess.run([sys.executable, __file__, "--edits", str(args.edits), "--child", str(tree),
                                       str(work / f"site-{way}"), way], env=env, capture_output=True, text=True,
                                      check=True)
                times[way].extend(json.loads(done.stdout.splitlines()[-1]))
        kept, emptied = statistics.median(times["kept"]), statistics.median(times["emptied"])
        print(f"serve rebuilds after an edit of this repository's bane.yml, {args.pairs} pairs of {args.edits}, medians")
        print(f"  folder emptied by MkDocs, every file written anew: {emptied * 1000:7.0f} ms")
        print(f"  folder kept, files overwritten in place:           {kept * 1000:7.0f} ms")
        print(f"  ratio: {emptied / kept:.2f}x (saved {(emptied - kept) * 1000:.0f} ms a rebuild)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
