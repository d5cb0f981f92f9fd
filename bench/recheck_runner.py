"""The in-process re-check, timed in a fresh process by bench/check_bench.py: what `mkdocs serve` pays per edit.

    python bench/recheck_runner.py ROOT MANIFEST RESULT_JSON [--edits 5]

A `Checker` checks ROOT once (its cache folder warm or not: the first check is not
timed), then MANIFEST (relative to ROOT) is edited --edits times, each time with a
new first line of its description (or, without a one-line description, a new
comment), and `recheck([MANIFEST])` is timed, as a watcher reporting that file
would call it. A re-check with nothing changed is timed too. The file is restored
at the end.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from getchitty.engine import Checker


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("manifest")
    parser.add_argument("result", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)

    path = args.root / args.manifest
    original = path.read_text(encoding="utf-8")
    checker = Checker(args.root)
    started = time.perf_counter()
    checker.check()
    first = time.perf_counter() - started
    times = []
    try:
        for attempt in range(args.edits):
            edited, count = re.subn(r"^description: (?=[^>|\s])", f"description: Edit {attempt}. ", original, count=1,
                                    flags=re.M)
            path.write_text(edited if count else f"{original}# edit {attempt}\n", encoding="utf-8")
            started = time.perf_counter()
            result = checker.recheck([args.manifest])
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        checker.recheck()
        unchanged = time.perf_counter() - started
    finally:
        path.write_text(original, encoding="utf-8")
    args.result.write_text(json.dumps({
        "first_s": first, "recheck_s": times, "best_s": min(times), "median_s": statistics.median(times),
        "unchanged_s": unchanged, "findings": len(result.violations), "entities": len(result.ecosystem.index),
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
