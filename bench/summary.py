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
        seconds = result["seconds"]
        engine, pyyaml_path = (seconds.get(result.get(name, "")) for name in ("engine", "pyyaml_path"))
        if not (isinstance(engine, float) and isinstance(pyyaml_path, float)):
            return []
        return [{"figure": f"YAML read by yaml-rs where its values are provably PyYAML's ({result['n']:,} manifests)",
                 "measured": f"{pyyaml_path / engine:.1f}x the PyYAML path's speed ({engine:.3f} s vs {pyyaml_path:.3f} s); "
                             f"{result.get('fast', 0):,} of {result['n']:,} manifests read by yaml-rs",
                 "target": "shown", "met": None}]
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
