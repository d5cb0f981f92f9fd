"""What a serve rebuild's writes cost: into a folder MkDocs emptied, against over the last build's files kept in place.

    python bench/serve_folder_bench.py [SITE] [--rounds N]

SITE is a built site (default: site/, after `make site`; without one, 244 pages of 30 KB in folders the way
the portal lays them out). Each round writes every file of it the way MkDocs writes a page (`makedirs`, then
open and write), first after MkDocs' `clean_directory`, then after serve_folder.KeptFolder held and restored
the folder and with its prune after; both in one run, side by side, with the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.utils import clean_directory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.serve_folder import KeptFolder

REPO = Path(__file__).resolve().parent.parent


def site_files(site: Path | None) -> list[tuple[str, bytes]]:
    if site is not None and site.is_dir():
        return [(path.relative_to(site).as_posix(), path.read_bytes()) for path in sorted(site.rglob("*"))
                if path.is_file() and not path.is_symlink()]
    page = b"<p>" + b"x" * 30_000 + b"</p>"
    return [(f"service/svc{number:03}/index.html", page) for number in range(200)] + \
           [(f"rules/rule{number:02}/index.html", page) for number in range(44)]


def write_all(root: Path, files: list[tuple[str, bytes]]) -> None:
    for relative, data in files:
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)


def emptied(root: Path, files: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    clean_directory(str(root))
    write_all(root, files)
    return time.perf_counter() - started


def kept(root: Path, files: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    folder = KeptFolder()
    folder.hold(str(root))
    clean_directory(str(root))
    folder.restore(relative for relative, _ in files)
    write_all(root, files)
    folder.prune()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = site_files(args.site)
    print(f"{len(files)} files, {sum(len(data) for _, data in files) / 1e6:.1f} MB"
          f" ({'from ' + str(args.site) if args.site.is_dir() else 'synthetic'}); {args.rounds} rounds, medians")
    work = Path(tempfile.mkdtemp(prefix="serve-folder-bench-"))
    try:
        times: dict[str, list[float]] = {"emptied": [], "kept": []}
        for way in (emptied, kept):
            write_all(work / way.__name__, files)
        for _ in range(args.rounds):  # alternated, so that both see the same machine
            for way in (emptied, kept):
                times[way.__name__].append(way(work / way.__name__, files))
        cold, warm = statistics.median(times["emptied"]), statistics.median(times["kept"])
        print(f"  MkDocs' way (emptied, every folder and file made anew): {cold * 1000:7.1f} ms")
        print(f"  kept in place (hold, restore, overwrite, prune):        {warm * 1000:7.1f} ms")
        print(f"  ratio: {cold / warm:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
