"""How fast `getchitty check` is next to plain schema validators, and how little a re-check after one edit costs.

    python bench/check_bench.py [--sizes 1000,5000,20000] [--repeat 3] [--engine DIR] [--json OUT]

For each size it generates an ecosystem (bench/synth.py) and times, in one run on
one machine, every tool as a subprocess, because that is how authors and CI meet
them (interpreter start-up included):

  getchitty cold        `getchitty check --no-cache`: schemas, every cross-file rule, positions
  getchitty re-check    `getchitty check` after one manifest was edited, with a warm cache folder
  getchitty in-process  `Checker.recheck([manifest])` after one edit, in a long-lived process
                        (what `mkdocs serve` pays per edit; bench/recheck_runner.py, median of 5)
  check-jsonschema      the same service schema over every manifest, one process (up to 5,000 manifests:
                        it takes minutes beyond)
  ajv-cli               the same, one Node process (installed into bench/node_modules on demand; strict
                        mode off, as it refuses the schemas' own x-getchitty-* keywords)
  interpreter floor     `python -c "import yaml, jsonschema"`: what any Python checker pays before it reads
                        a file, the bar a re-check is measured against
  cold, split           a cold check in a fresh process (bench/cold_runner.py): the CPU time of the parent
                        process and of the worker processes it forks, and the cold check's CPU time per
                        manifest at each size (flat from 1,000 to 20,000 when it scales)
  with a federation     at 5,000: a cold check and both CLI re-checks (nothing edited, one manifest edited)
                        with this repository's etc/federation/ beside the same manifests; shown, not a target

Every figure is wall time and CPU time (user + system, which other load on a shared
machine distorts least); a ratio target holds only when both ratios meet it.

The two re-checks are also timed on a copy of this repository (its real sources and
federation snapshots). Validators only do the schema part of getchitty's work, so
they bound it from below; the targets below come from the issues that asked for this
benchmark. The package is byte-compiled first, as an installed package is, whatever
PYTHONDONTWRITEBYTECODE says. --engine DIR times a patched copy of generator/
(DIR/generator) against the same baselines.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SCHEMA = "etc/authority/schema/getchitty-service.schema.json"
SERVICES = "etc/chittyos/services"
TARGET_N = 5000
LARGE_N = 20000
TARGET_VS_CHECK_JSONSCHEMA = 10.0  # getchitty at least this many times faster
TARGET_VS_AJV = 1.0  # a cold check at most this many times ajv-cli's time, at TARGET_N
TARGET_VS_AJV_LARGE = 1.5  # the same at LARGE_N
TARGET_VS_FLOOR = 2.0  # CLI re-check after one edit, at TARGET_N, at most this many times the interpreter floor
TARGET_FLAT = 1.2  # cold CPU time per manifest at the largest size at most this many times that at the smallest
TARGET_IN_PROCESS = 0.05  # seconds, Checker.recheck after one edit, on this repository's real sources
CHECK_JSONSCHEMA_UP_TO = 5000  # check-jsonschema is timed up to this many manifests
FLOOR = "interpreter floor (import yaml, jsonschema)"
COLD = "getchitty cold (--no-cache)"
REAL = "real"  # the size label of the copy of this repository
REAL_MANIFEST = "etc/chittyos/services/chittyid.yml"
COPY_IGNORE = (".git", ".venv", "site", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache", "out")


@dataclass
class Timing:
    tool: str
    n: int | str  # manifests, or "real" for the copy of this repository
    seconds: float  # best wall time of the repeats
    cpu: float  # user + system time of that best run
    rss_mb: float  # highest peak RSS over the repeats


def run(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one subprocess; exits on failure.

    wait4 gives the rusage of this one child, where getrusage(RUSAGE_CHILDREN)
    would only give the maximum over every child so far.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode(errors="replace")[-3000:]
            sys.exit(f"{' '.join(argv[:4])} ... exited {proc.returncode} in {cwd}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best_of(tool: str, n: int | str, repeat: int, argv: list[str], cwd: Path, env: dict | None = None,
            before=None) -> Timing:
    runs = []
    for attempt in range(repeat):
        if before:
            before(attempt)
        runs.append(run(argv, cwd, env))
    wall, cpu, _ = min(runs)
    return Timing(tool, n, wall, cpu, max(r[2] for r in runs))


def getchitty_command(engine: Path | None) -> tuple[list[str], dict]:
    """The CLI as installed, or the generator/ package under `engine` (a patched copy to compare)."""
    if engine:
        compileall.compile_dir(engine / "generator", quiet=1)
        # the copy's generator/ folder is importable as getchitty through a link beside it
        link = Path(tempfile.mkdtemp(prefix="getchitty-engine-")) / "getchitty"
        link.symlink_to((engine / "generator").resolve())
        return [sys.executable, "-m", "getchitty"], {**os.environ, "PYTHONPATH": str(link.parent)}
    import getchitty

    compileall.compile_dir(Path(getchitty.__file__).parent, quiet=1)
    script = Path(sys.executable).parent / "getchitty"
    return ([str(script)] if script.exists() else [sys.executable, "-m", "getchitty"]), dict(os.environ)


def in_process(root: Path, manifest: str, env: dict, work: Path) -> dict:
    """The in-process re-check after one edit (bench/recheck_runner.py in a fresh process), best and median."""
    result = work / "recheck.json"
    run([sys.executable, str(BENCH / "recheck_runner.py"), str(root), manifest, str(result), "--edits", "5"], root, env)
    return json.loads(result.read_text(encoding="utf-8"))


def ajv_command() -> tuple[list[str] | None, str]:
    """The ajv binary, installing ajv-cli into bench/node_modules (gitignored) if needed."""
    binary = BENCH / "node_modules/.bin/ajv"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None, "ajv-cli: skipped (npm not installed)"
        try:
            subprocess.run([npm, "view", "ajv-cli", "version"], check=True, capture_output=True, timeout=60)
            subprocess.run([npm, "install", "--prefix", str(BENCH), "--no-save", "--no-package-lock",
                            "--no-audit", "--no-fund", "ajv-cli@5", "ajv-formats@3"],
                           check=True, capture_output=True, timeout=300)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return None, "ajv-cli: skipped (npm unreachable)"
    version = subprocess.run(["node", "-e", "console.log(require('ajv-cli/package.json').version)"],
                             cwd=BENCH, capture_output=True, text=True).stdout.strip()
    # ajv-cli reads .yml data files itself (js-yaml), so no conversion is needed;
    # ajv-formats supplies the uri and date formats the draft-07 schema uses.
    return [str(binary), "validate", "--spec=draft7", "--strict=false", "-c", "ajv-formats", "-s", SCHEMA,
            "-d", f"{SERVICES}/*.yml", "--errors=no"], f"ajv-cli {version} (reads the YAML manifests itself)"


def edit_one_manifest(path: Path):
    """A real content change in one manifest per repeat, so each re-check has one cache miss."""
    original = path.read_text(encoding="utf-8")

    def edit(attempt: int) -> None:
        path.write_text(original.replace("description: ", f"description: Edit {attempt}. ", 1), encoding="utf-8")
    return edit


def middle_manifest(root: Path, n: int) -> str:
    return f"{SERVICES}/svc{n // 2:0{max(5, len(str(n - 1)))}d}.yml"


@dataclass
class InProcess:
    n: int | str
    best: float
    median: float
    entities: int


@dataclass
class Split:
    """One cold check's CPU time, the parent process's and its workers'."""

    n: int
    wall: float
    parent_cpu: float
    workers_cpu: float

    @property
    def parent_share(self) -> float:
        return self.parent_cpu / (self.parent_cpu + self.workers_cpu)


def cold_split(root: Path, n: int, env: dict, work: Path) -> Split:
    result = work / f"cold{n}.json"
    run([sys.executable, str(BENCH / "cold_runner.py"), str(root), str(result)], root, env)
    found = json.loads(result.read_text(encoding="utf-8"))
    return Split(n, found["wall_s"], found["parent_cpu_s"], found["workers_cpu_s"])


def workers() -> int:
    """The worker processes a cold check forks (engine._Pipeline._map)."""
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)


def bench_size(n: int, repeat: int, workdir: Path, ajv: list[str] | None, engine: Path | None
               ) -> tuple[list[Timing], InProcess, Split]:
    root = synth.generate(n, workdir / f"eco{n}")
    manifests = sorted(str(p.relative_to(root)) for p in (root / SERVICES).glob("*.yml"))
    getchitty, env = getchitty_command(engine)
    env["GETCHITTY_CACHE_DIR"] = str(workdir / f"cache{n}")
    run(getchitty + ["check", "--no-cache", "."], root, env)  # must pass, and warms the page cache for everyone
    timings = [best_of(COLD, n, repeat, getchitty + ["check", "--no-cache", "."], root, env)]
    run(getchitty + ["check", "."], root, env)  # fills the cache
    timings.append(best_of("getchitty re-check (1 edited)", n, repeat, getchitty + ["check", "."], root, env,
                           before=edit_one_manifest(root / middle_manifest(root, n))))
    found = in_process(root, middle_manifest(root, n), env, workdir)
    split = cold_split(root, n, env, workdir)
    if n <= CHECK_JSONSCHEMA_UP_TO:
        # jsonschema skips format "uri" unless rfc3987 is installed, so this may do a little less than the others
        checker = Path(sys.executable).parent / "check-jsonschema"
        timings.append(best_of("check-jsonschema", n, repeat, [str(checker), "--schemafile", SCHEMA, *manifests], root))
    if ajv:
        timings.append(best_of("ajv-cli", n, repeat, ajv, root))
    if n == TARGET_N:
        timings += with_federation(root, n, repeat, getchitty, {**env, "GETCHITTY_CACHE_DIR": f"{workdir}/cache{n}-federation"})
    return timings, InProcess(n, found["best_s"], found["median_s"], found["entities"]), split


def with_federation(root: Path, n: int, repeat: int, getchitty: list[str], env: dict) -> list[Timing]:
    """The same manifests beside this repository's federation (etc/federation/: five synced repositories and the
    registry), which reads every manifest and decides every service's status. Shown, not a target."""
    shutil.copytree(REPO / "etc/federation", root / "etc/federation")
    timings = [best_of("getchitty cold, with a federation", n, repeat, getchitty + ["check", "--no-cache", "."],
                       root, env)]
    run(getchitty + ["check", "."], root, env)  # fills the cache
    timings.append(best_of("getchitty re-check (none edited), federation", n, repeat, getchitty + ["check", "."],
                           root, env))
    timings.append(best_of("getchitty re-check (1 edited), federation", n, repeat, getchitty + ["check", "."], root,
                           env, before=edit_one_manifest(root / middle_manifest(root, n))))
    shutil.rmtree(root / "etc/federation")
    return timings


def bench_real(repeat: int, workdir: Path, engine: Path | None) -> tuple[list[Timing], InProcess]:
    """Both re-checks on a copy of this repository: 27 manifests, the real models and five federation snapshots."""
    root = workdir / "real"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    getchitty, env = getchitty_command(engine)
    env["GETCHITTY_CACHE_DIR"] = str(workdir / "cache-real")
    run(getchitty + ["check", "."], root, env)
    timings = [best_of("getchitty re-check (1 edited)", REAL, repeat, getchitty + ["check", "."], root, env,
                       before=edit_one_manifest(root / REAL_MANIFEST))]
    found = in_process(root, REAL_MANIFEST, env, workdir)
    return timings, InProcess(REAL, found["best_s"], found["median_s"], found["entities"])


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "none"
    return (f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}; Python {platform.python_version()}, "
            f"Node {node_version}, {platform.system()} {platform.release()}")


def _ratio(mine: Timing, theirs: Timing) -> tuple[float, float]:
    """(wall, CPU) of `mine` over `theirs`."""
    return mine.seconds / theirs.seconds, mine.cpu / theirs.cpu


def _against(figure: str, mine: Timing, theirs: Timing, target: float) -> dict:
    wall, cpu = _ratio(mine, theirs)
    return {"figure": figure, "target": f"<= {target:.1f}x (wall and CPU)", "met": wall <= target and cpu <= target,
            "measured": f"{wall:.2f}x wall ({mine.seconds:.2f} s vs {theirs.seconds:.2f} s), {cpu:.2f}x CPU "
                        f"({mine.cpu:.2f} s vs {theirs.cpu:.2f} s)"}


def targets(timings: list[Timing], kept: list[InProcess], splits: list[Split], sizes: list[int]) -> list[dict]:
    """Each figure of the issues beside its target: {figure, measured, target, met}."""
    n = TARGET_N if TARGET_N in sizes else max(sizes)
    scale = "" if n == TARGET_N else f" (measured at {n:,}; the target is stated for {TARGET_N:,})"
    by_tool = {t.tool: t for t in timings if t.n == n}
    cold, recheck = by_tool[COLD], by_tool["getchitty re-check (1 edited)"]
    floor = next(t for t in timings if t.tool == FLOOR)
    out = [_against(f"CLI re-check after one edit, {n:,} manifests{scale}, against the interpreter floor "
                    "(python -c 'import yaml, jsonschema')", recheck, floor, TARGET_VS_FLOOR)]
    real = next((k for k in kept if k.n == REAL), None)
    if real is not None:
        out.append({"figure": f"in-process re-check after one edit, this repository ({real.entities} manifests)",
                    "measured": f"{real.median * 1000:.1f} ms (median of 5; best {real.best * 1000:.1f} ms)",
                    "target": f"<= {TARGET_IN_PROCESS * 1000:.0f} ms", "met": real.median <= TARGET_IN_PROCESS})
    for size, limit in ((n, TARGET_VS_AJV), (LARGE_N, TARGET_VS_AJV_LARGE)):
        tools = {t.tool: t for t in timings if t.n == size}
        figure = f"cold check (every rule, positions) against ajv-cli, {size:,} manifests"
        if size not in sizes:
            continue
        if "ajv-cli" in tools:
            out.append(_against(figure + (scale if size == n else ""), tools[COLD],
                                tools["ajv-cli"], limit))
        else:
            out.append({"figure": figure, "measured": "ajv-cli was skipped", "target": f"<= {limit:.1f}x", "met": None})
    if "check-jsonschema" in by_tool:
        ratio = by_tool["check-jsonschema"].seconds / cold.seconds
        out.append({"figure": f"cold check against check-jsonschema, {n:,} manifests{scale}",
                    "measured": f"{ratio:.1f}x faster", "target": f">= {TARGET_VS_CHECK_JSONSCHEMA:.0f}x faster",
                    "met": ratio >= TARGET_VS_CHECK_JSONSCHEMA})
    colds = sorted((t for t in timings if t.tool == COLD and isinstance(t.n, int)),
                   key=lambda t: t.n)
    if len(colds) >= 2:
        per = [(t.n, t.cpu / t.n * 1000) for t in colds]
        flat = per[-1][1] / per[0][1]
        out.append({"figure": f"cold check's CPU time per manifest, {colds[0].n:,} to {colds[-1].n:,} manifests",
                    "measured": ", ".join(f"{size:,}: {ms:.3f} ms" for size, ms in per) + f" ({flat:.2f}x)",
                    "target": f"<= {TARGET_FLAT:.1f}x from the smallest to the largest", "met": flat <= TARGET_FLAT})
    share = 1 / (workers() + 1)
    for split in splits:
        if split.n in (n, max(sizes)):
            out.append({"figure": f"cold check's work in the parent process, {split.n:,} manifests, {workers()} workers",
                        "measured": f"{split.parent_share:.0%} ({split.parent_cpu:.2f} s of "
                                    f"{split.parent_cpu + split.workers_cpu:.2f} s CPU)",
                        "target": f"<= {share:.0%} (no more than a worker's share)", "met": split.parent_share <= share})
    return out


def report(timings: list[Timing], kept: list[InProcess], splits: list[Split], sizes: list[int]) -> list[dict]:
    print(f"\n{'tool':44} {'N':>6} {'seconds':>8} {'cpu s':>7} {'peak MB':>8}  ratio")
    floor = next((t for t in timings if t.tool == FLOOR), None)
    for t in timings:
        cold = next((c for c in timings if c.n == t.n and c.tool == COLD), None)
        if cold is not None and t.tool == "check-jsonschema":
            ratio = f"check-jsonschema/getchitty = {t.seconds / cold.seconds:.1f}x"
        elif cold is not None and t.tool == "ajv-cli":
            ratio = f"getchitty/ajv = {cold.seconds / t.seconds:.2f}x wall, {cold.cpu / t.cpu:.2f}x CPU"
        elif floor is not None and t.tool.startswith("getchitty re-check"):
            ratio = f"re-check/floor = {t.seconds / floor.seconds:.2f}x wall, {t.cpu / floor.cpu:.2f}x CPU"
        else:
            ratio = ""
        size = f"{t.n:,}" if isinstance(t.n, int) else t.n
        print(f"{t.tool:44} {size:>6} {t.seconds:>8.3f} {t.cpu:>7.3f} {t.rss_mb:>8.0f}  {ratio}")
    for k in kept:
        size = f"{k.n:,}" if isinstance(k.n, int) else k.n
        print(f"{'getchitty in-process re-check':44} {size:>6} {k.median:>8.3f} {'':>7} {'':>8}  "
              f"median of 5 edits (best {k.best:.3f} s), {k.entities} manifests")
    for split in splits:
        print(f"{'getchitty cold, parent | workers CPU':44} {split.n:>6,} {split.wall:>8.3f} "
              f"{split.parent_cpu:>7.3f} {'':>8}  workers {split.workers_cpu:.3f} s CPU; parent {split.parent_share:.0%}")
    found = targets(timings, kept, splits, sizes)
    print("\ntargets:")
    for row in found:
        print(f"  {'met ' if row['met'] else 'n/a ' if row['met'] is None else 'MISS'}  {row['figure']}: "
              f"{row['measured']} (target {row['target']})")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000",
                        help="comma-separated numbers of manifests (default: 1000,5000,20000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best one counts (default: 3)")
    parser.add_argument("--engine", type=Path, help="time the generator/ package under this folder (a patched copy) "
                                                     "instead of the installed getchitty")
    parser.add_argument("--json", type=Path, help="also write the figures and targets here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    print(f"machine: {machine()}")
    print(f"getchitty: {'generator/ under ' + str(args.engine) if args.engine else 'as installed in ' + sys.prefix}")
    start_load = os.getloadavg()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in start_load)} (other work on the machine skews timings)")
    ajv, ajv_note = ajv_command()
    print(ajv_note)
    uri = subprocess.run([sys.executable, "-c", "import rfc3987"], capture_output=True).returncode == 0
    print(f"check-jsonschema: format 'uri' {'checked' if uri else 'not checked (rfc3987 is not installed)'}")
    timings: list[Timing] = [best_of(FLOOR, "", args.repeat, [sys.executable, "-c", "import yaml, jsonschema"], REPO)]
    kept: list[InProcess] = []
    splits: list[Split] = []
    with tempfile.TemporaryDirectory(prefix="getchitty-bench-") as tmp:
        print("this repository: timing both re-checks ...", flush=True)
        found, real = bench_real(args.repeat, Path(tmp), args.engine)
        timings += found
        kept.append(real)
        for n in sizes:
            print(f"N={n}: generating and timing (best of {args.repeat}) ...", flush=True)
            found, in_proc, split = bench_size(n, args.repeat, Path(tmp), ajv, args.engine)
            timings += found
            kept.append(in_proc)
            splits.append(split)
            shutil.rmtree(Path(tmp) / f"eco{n}", ignore_errors=True)  # 20,000 manifests: do not keep them all
    rows = report(timings, kept, splits, sizes)
    end_load = os.getloadavg()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in end_load)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "bench": "check", "machine": machine(), "load": [start_load, end_load],
            "timings": [vars(t) for t in timings], "in_process": [vars(k) for k in kept],
            "splits": [{**vars(split), "parent_share": split.parent_share} for split in splits], "targets": rows,
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
