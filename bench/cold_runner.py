"""One cold check in a fresh process, split into the parent's and the worker processes' CPU time.

    python bench/cold_runner.py ROOT RESULT_JSON

Run by bench/check_bench.py: a cold check (`use_cache=False`, findings only, as
`getchitty check --no-cache` runs it) of ROOT, then the CPU seconds of this
process (imports included) and of the worker processes it forked and reaped,
so the benchmark can tell how the work is spread.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

from getchitty.engine import check  # noqa: E402  (the import is part of what is timed)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    root, out = Path(argv[0]), Path(argv[1])
    result = check(root, use_cache=False, documents=False)
    out.write_text(json.dumps({
        "wall_s": time.perf_counter() - STARTED, "parent_cpu_s": _cpu(resource.RUSAGE_SELF),
        "workers_cpu_s": _cpu(resource.RUSAGE_CHILDREN), "findings": len(result.violations),
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
