"""How fast `getchitty sync` is on 100 local git repositories, cold and with nothing changed.

    python bench/sync_bench.py [--repositories 100] [--repeat 3] [--jobs N]

The repositories are made from the five real snapshots in
etc/upstream/ecosystem, each with its own service name, and listed in a
sources.yml as local paths (the same git fetch as for GitHub, over file://).
Both cases run as a subprocess, as authors and the scheduled workflow meet
them, interpreter start-up included, best of --repeat, side by side in one run:

  cold            no lock and no snapshot: every repository fetched and read
  nothing changed a second run: one `git ls-remote` per repository, nothing fetched

Targets on this machine (from the issue that asked for sync): cold <= 10 s,
nothing changed <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
ECOSYSTEM = REPO / "etc" / "upstream" / "ecosystem"
BASES = ("chittyops", "chittyconnect", "chittyregistry", "chittysync", "chittymcp")
TARGET_COLD = 10.0
TARGET_UNCHANGED = 1.0
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@get.chitty.cc", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@get.chitty.cc", "GIT_AUTHOR_DATE": "2026-08-21T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-08-21T12:00:00+00:00"}


def make_repositories(base: Path, count: int) -> list[dict]:
    """`count` git repositories, each a real snapshot with the service renamed; their sources.yml entries."""
    entries = []
    env = {**os.environ, **GIT_ENV}
    for index in range(count):
        origin = BASES[index % len(BASES)]
        name = f"{origin}{index:03d}"
        folder = base / name
        shutil.copytree(ECOSYSTEM / origin, folder, ignore=shutil.ignore_patterns(".snapshot"))
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        config = folder / ".chittyconnect.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(f"name: {origin}", f"name: {name}"),
                          encoding="utf-8")
        for argv in (["init", "--quiet", "--initial-branch=main"], ["add", "-A"], ["commit", "--quiet", "-m", "bench"]):
            subprocess.run(["git", *argv], cwd=folder, env=env, check=True, capture_output=True)
        entry = {"path": str(folder), "recorded_as": f"bench/{name}", "ref": "main"}
        if origin == "chittyops" and index == 0:
            entry["role"] = "registry"
        entries.append(entry)
    return entries


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repositories", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to getchitty sync --jobs (default: its own)")
    args = parser.parse_args()
    if not ECOSYSTEM.is_dir():
        sys.exit(f"the real snapshots are missing: {ECOSYSTEM}")
    getchitty = Path(sys.executable).parent / "getchitty"
    with tempfile.TemporaryDirectory(prefix="getchitty-sync-bench-") as scratch:
        base = Path(scratch)
        started = time.perf_counter()
        entries = make_repositories(base / "upstream", args.repositories)
        root = base / "portal"
        (root / "etc/federation").mkdir(parents=True)
        (root / "etc/federation/sources.yml").write_text(yaml.safe_dump({"sources": entries}, sort_keys=False),
                                                        encoding="utf-8")
        print(f"made {args.repositories} repositories in {time.perf_counter() - started:.1f} s; "
              f"{os.cpu_count()} processors; timing best of {args.repeat}")
        argv = [str(getchitty), "sync", str(root), *(["--jobs", str(args.jobs)] if args.jobs else [])]
        cold, unchanged = [], []
        for _ in range(args.repeat):
            shutil.rmtree(root / "etc/federation/snapshot", ignore_errors=True)
            (root / "etc/federation/sources.lock.json").unlink(missing_ok=True)
            cold.append(timed(argv, root))
            unchanged.append(timed(argv, root))
        snapshots = len(list((root / "etc/federation/snapshot").rglob("*.yml")))
        if snapshots != args.repositories:
            sys.exit(f"expected {args.repositories} snapshots, found {snapshots}")
    rows = [("cold", min(cold), TARGET_COLD), ("nothing changed", min(unchanged), TARGET_UNCHANGED)]
    print(f"\n{'case':<16} {'seconds':>8} {'target':>8} {'of target':>10}")
    for case, seconds, target in rows:
        print(f"{case:<16} {seconds:>8.2f} {target:>8.1f} {seconds / target:>9.0%}")
    print(f"\nnothing changed / cold: {min(unchanged) / min(cold):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
