"""How fast `getchitty check` is next to plain schema validators, on synthetic ecosystems.

    python bench/check_bench.py [--sizes 1000,5000] [--repeat 3] [--engine DIR]

For each size it generates an ecosystem (bench/synth.py) and times, in one run on
one machine, every tool as a subprocess, because that is how authors and CI meet
them (interpreter start-up included):

  getchitty cold     `getchitty check --no-cache`: schemas, every cross-file rule, positions
  getchitty re-check `getchitty check` after one manifest was edited, with a warm cache
  check-jsonschema   the same service schema over every manifest, one process
  ajv-cli            the same, one Node process (installed into bench/node_modules on demand)

Validators only do the schema part of getchitty's work, so they bound it from below;
the targets below come from the issue that asked for this benchmark. --engine DIR
times a patched copy of generator/ (DIR/generator) against the same baselines.
"""

from __future__ import annotations

import argparse
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
SCHEMA = "etc/authority/schema/getchitty-service.schema.json"
SERVICES = "etc/chittyos/services"
TARGET_N = 5000
TARGET_VS_CHECK_JSONSCHEMA = 10.0  # getchitty at least this many times faster
TARGET_VS_AJV = 2.0  # getchitty at most this many times slower
TARGET_RECHECK = 0.3  # seconds


@dataclass
class Timing:
    tool: str
    n: int
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


def best_of(tool: str, n: int, repeat: int, argv: list[str], cwd: Path, env: dict | None = None,
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
        # the copy's generator/ folder is importable as getchitty through a link beside it
        link = Path(tempfile.mkdtemp(prefix="getchitty-engine-")) / "getchitty"
        link.symlink_to((engine / "generator").resolve())
        return [sys.executable, "-m", "getchitty"], {**os.environ, "PYTHONPATH": str(link.parent)}
    script = Path(sys.executable).parent / "getchitty"
    return ([str(script)] if script.exists() else [sys.executable, "-m", "getchitty"]), dict(os.environ)


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
    return [str(binary), "validate", "--spec=draft7", "-c", "ajv-formats", "-s", SCHEMA,
            "-d", f"{SERVICES}/*.yml", "--errors=no"], f"ajv-cli {version} (reads the YAML manifests itself)"


def edit_one_manifest(root: Path, n: int):
    """A real content change in one manifest per repeat, so each re-check has one cache miss."""
    path = root / SERVICES / f"svc{n // 2:0{max(5, len(str(n - 1)))}d}.yml"
    original = path.read_text(encoding="utf-8")

    def edit(attempt: int) -> None:
        path.write_text(original.replace("description: ", f"description: Edit {attempt}. ", 1), encoding="utf-8")
    return edit


def bench_size(n: int, repeat: int, workdir: Path, ajv: list[str] | None, engine: Path | None) -> list[Timing]:
    root = synth.generate(n, workdir / f"eco{n}")
    manifests = sorted(str(p.relative_to(root)) for p in (root / SERVICES).glob("*.yml"))
    getchitty, env = getchitty_command(engine)
    env["GETCHITTY_CACHE_DIR"] = str(workdir / f"cache{n}")
    run(getchitty + ["check", "--no-cache", "."], root, env)  # must pass, and warms the page cache for everyone
    timings = [best_of("getchitty cold (--no-cache)", n, repeat, getchitty + ["check", "--no-cache", "."], root, env)]
    run(getchitty + ["check", "."], root, env)  # fills the cache
    timings.append(best_of("getchitty re-check (1 edited)", n, repeat, getchitty + ["check", "."], root, env,
                           before=edit_one_manifest(root, n)))
    # jsonschema skips format "uri" unless rfc3987 is installed, so this may do a little less than the others
    checker = Path(sys.executable).parent / "check-jsonschema"
    timings.append(best_of("check-jsonschema", n, repeat, [str(checker), "--schemafile", SCHEMA, *manifests], root))
    if ajv:
        timings.append(best_of("ajv-cli", n, repeat, ajv, root))
    return timings


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "none"
    return (f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}; Python {platform.python_version()}, "
            f"Node {node_version}, {platform.system()} {platform.release()}")


def report(timings: list[Timing], sizes: list[int]) -> None:
    print(f"\n{'tool':32} {'N':>6} {'seconds':>8} {'cpu s':>7} {'peak MB':>8}  ratio")
    for t in timings:
        cold = next(c for c in timings if c.n == t.n and c.tool.startswith("getchitty cold"))
        if t.tool == "check-jsonschema":
            ratio = f"check-jsonschema/getchitty = {t.seconds / cold.seconds:.1f}×"
        elif t.tool == "ajv-cli":
            ratio = f"getchitty/ajv = {cold.seconds / t.seconds:.1f}×"
        else:
            ratio = ""
        print(f"{t.tool:32} {t.n:>6} {t.seconds:>8.3f} {t.cpu:>7.3f} {t.rss_mb:>8.0f}  {ratio}")

    n = TARGET_N if TARGET_N in sizes else max(sizes)
    by_tool = {t.tool: t for t in timings if t.n == n}
    cold, recheck = by_tool["getchitty cold (--no-cache)"], by_tool["getchitty re-check (1 edited)"]
    print(f"\ntargets (N={n}{'' if n == TARGET_N else f'; the issue states them for N={TARGET_N}'}):")
    ratio = by_tool["check-jsonschema"].seconds / cold.seconds
    print(f"  {'met ' if ratio >= TARGET_VS_CHECK_JSONSCHEMA else 'MISS'}  getchitty >= {TARGET_VS_CHECK_JSONSCHEMA:.0f}x "
          f"faster than check-jsonschema: {ratio:.1f}x")
    if "ajv-cli" in by_tool:
        ratio = cold.seconds / by_tool["ajv-cli"].seconds
        print(f"  {'met ' if ratio <= TARGET_VS_AJV else 'MISS'}  getchitty within {TARGET_VS_AJV:.0f}x of ajv-cli: {ratio:.1f}x")
    else:
        print("  n/a   getchitty within 2x of ajv-cli: ajv-cli was skipped")
    print(f"  {'met ' if recheck.seconds < TARGET_RECHECK else 'MISS'}  re-check after one edit under "
          f"{TARGET_RECHECK} s: {recheck.seconds:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated numbers of manifests (default: 1000,5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best one counts (default: 3)")
    parser.add_argument("--engine", type=Path, help="time the generator/ package under this folder (a patched copy) "
                                                     "instead of the installed getchitty")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    print(f"machine: {machine()}")
    print(f"getchitty: {'generator/ under ' + str(args.engine) if args.engine else 'as installed in ' + sys.prefix}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine skews timings)")
    ajv, ajv_note = ajv_command()
    print(ajv_note)
    uri = subprocess.run([sys.executable, "-c", "import rfc3987"], capture_output=True).returncode == 0
    print(f"check-jsonschema: format 'uri' {'checked' if uri else 'not checked (rfc3987 is not installed)'}")
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="getchitty-bench-") as tmp:
        for n in sizes:
            print(f"N={n}: generating and timing (best of {args.repeat}) ...", flush=True)
            timings += bench_size(n, args.repeat, Path(tmp), ajv, args.engine)
    report(timings, sizes)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
