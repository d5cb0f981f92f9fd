"""Every figure the benchmarks of one `make bench` run measured, beside its target, in one table.

    python bench/summary.py bench/out/check.json bench/out/yaml.json bench/out/site.json

Each benchmark script writes its figures with --json; this reads them back, so the
table holds what was measured side by side in that run, with the machine and its
load average while each script ran (the machine is shared: read ratios, and the
load, before reading a figure).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def rows(result: dict) -> list[dict]:
    if result.get("bench") == "yaml":
        chosen = [name for name, verdict in result["verdicts"].items() if verdict == "adopt"]
        seconds = result["seconds"]
        base = seconds.get("getchitty (PyYAML C parser, load.parse)")
        speeds = ", ".join(f"{name} {base / value:.1f}x" for name, value in seconds.items()
                           if isinstance(value, float) and isinstance(base, float) and name in result["verdicts"])
        return [{"figure": f"a faster YAML parser with positions ({result['n']:,} manifests: {speeds} getchitty's speed)",
                 "measured": f"adopted: {', '.join(chosen)}" if chosen else "none adopted: none places nodes, none "
                             "behaves the same on the bad inputs (bench/yaml_bench.py)",
                 "target": "adopted only if it wins on speed, positions and behaviour", "met": None}]
    return result.get("targets", [])


def main(paths: list[str]) -> int:
    results = []
    for path in paths:
        try:
            results.append(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            print(f"summary: {path}: {exc} (that benchmark did not finish)")
    table = [row for result in results for row in rows(result)]
    machine = next((result["machine"] for result in results if isinstance(result.get("machine"), str)), "")
    print("\n== every figure beside its target")
    if machine:
        print(f"  machine: {machine}")
    for result in results:
        load = result.get("load")
        if load:
            print(f"  load average during {result.get('bench')}: {' '.join(f'{x:.2f}' for x in load[0])} at start, "
                  f"{' '.join(f'{x:.2f}' for x in load[1])} at end")
    width = max((len(row["figure"]) for row in table), default=10)
    for row in table:
        state = "----" if row["met"] is None else "met " if row["met"] else "MISS"
        print(f"  {state}  {row['figure']:<{width}}  {row['measured']}  (target {row['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
