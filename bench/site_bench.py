"""How long the site takes to build, and how much of that is getchitty's own work, on synthetic ecosystems.

    python bench/site_bench.py [--sizes 100,1000,5000] [--serve-at real,1000] [--no-serve] [--profile 1000] [--keep]

For each size N it writes a buildable site tree: bench/synth.py's ecosystem of N
services, the repository's mkdocs.yml and a copy of its docs/ (so the author pages
are built too; the plugin's root defaults to the folder of mkdocs.yml). Then, side
by side, each in a fresh subprocess (bench/site_build_runner.py):

  (a) plugin build   `mkdocs build` of the tree with the getchitty plugin: wall time
                     of the subprocess, interpreter start-up included
  (b) plain build    `getchitty render --out` of the same tree (timed on its own),
                     then `mkdocs build` of that Markdown with no plugin
  (c) generator      the plugin's own time inside build (a): the runner wraps every
                     hook of GetChittyPlugin (on_config, on_pre_build with the
                     governance check and render_site, on_files) with timers and
                     adds them up; shown as a share of (a). MkDocs' work on the
                     generated pages (Markdown, theme, search) is MkDocs', not ours.
  (d) Zensical       `zensical build` of the tree (b) rendered: the engine after
                     Material, on the very Markdown MkDocs built in (b), so (d)/(b)
                     compares the two engines alone (wall and CPU: Zensical uses
                     every core, MkDocs one). Shown beside its MkDocs build, not
                     judged: no target is set for it.

Every build gets its own empty GETCHITTY_CACHE_DIR, so the check parses every file,
as on a fresh clone or a CI run. Peak memory is the build process's own maxrss
(getrusage in the runner; os.wait4 gives the same number for the child here).

Then `mkdocs serve` (live reload on) is started on each tree of --serve-at: a
temporary copy of this repository (`real`), and synthetic trees of N services; a
service manifest in the tree is edited and its page is polled until the new text
is served (serve_latency, one function for every tree). Then the manifest is
broken (a field the schema does not know) and the page is polled until it carries
the banner listing the finding, and fixed again until the banner is gone. The real
repository is never written to, and the server's process group is stopped on every
path out.

Targets (from the issues that asked for this benchmark):
  - the generator's own time is at most 5 % of build (a) at 1,000 and 5,000 services
    (smaller sizes are shown, not judged: start-up is most of a small build);
  - build (a) is linear in services: t(largest)/t(previous) <= 1.1 x their size
    ratio (5.5 for 5,000 against 1,000);
  - peak memory of build (a) at the largest size is at most 1.2 x that of build (b),
    plain MkDocs building the same pages (TARGET_RSS_RATIO);
  - on `mkdocs serve`, an edited manifest's page is served rebuilt within 1 s on
    this repository's real content and within 2 s at 1,000 services
    (TARGET_SERVE_S; the worst of --serve-edits edits counts), and so is the
    banner after an edit that breaks the check, and the page without it after
    the fix.

The machine has few cores and the largest build can take minutes: each build has
a time limit (--timeout) and is stopped when its memory passes --max-rss-mb, which
is then reported as a failure rather than left to take the machine down.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import synth  # noqa: E402  (bench/ is not a package)

RUNNER = BENCH / "site_build_runner.py"
TARGET_GENERATOR_SHARE = 5.0  # percent of build (a)
SHARE_FROM = 1000  # the share is judged from this many services up
TARGET_LINEAR_SLACK = 1.1  # t(big)/t(small) <= 1.1 x size ratio, i.e. 5.5 for 5,000 vs 1,000
TARGET_RSS_RATIO = 1.2
TARGET_SERVE_S = {"real": 1.0, "1000": 2.0}  # edit → page served, per --serve-at tree; others are shown, not judged
ZENSICAL = Path(sys.executable).parent / "zensical"
# What a copy of this repository to serve leaves out: builds, environments, caches, a build's leftovers beside site/.
SERVE_COPY_IGNORE = (".git", ".venv", "site", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache",
                     ".*.building-*")


# -- running one measured subprocess ---------------------------------------------------


@dataclass
class Measured:
    wall_s: float
    maxrss_mb: float
    cpu_s: float  # user + system: less sensitive than wall time to other load on a shared machine
    returncode: int | None
    stopped: str = ""  # why the bench stopped it, if it did
    result: dict = field(default_factory=dict)  # the runner's JSON
    reason: str = ""  # the last line of the log of a child that exited non-zero: its error, kept in the bench's output

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.stopped and not self.result.get("error")

    def failure(self) -> str:
        return (self.stopped or self.result.get("error")
                or f"exit {self.returncode}" + (f": {self.reason}" if self.reason else ""))

    def cell(self, value: str) -> str:
        """A table cell: the value, or a short reason the run did not finish (the full one is printed below)."""
        if self.ok:
            return value
        if self.stopped.startswith("stopped at"):
            return f"stopped: >{self.stopped.split()[2]} MB at {self.wall_s:.0f} s"
        if self.stopped:
            return f"stopped: time limit at {self.wall_s:.0f} s"
        return "FAILED"


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_measured(argv: list[str], *, cwd: Path, env: dict, log: Path, timeout: float, max_rss_mb: float,
                 result_path: Path | None = None) -> Measured:
    """Wall time and peak RSS of one child; stopped (whole process group) past the time or memory limit."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        stopped = ""
        try:
            while True:
                # wait4 reaps this one child and gives its own rusage (ru_maxrss in KiB on Linux).
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                elapsed = time.perf_counter() - started
                if elapsed > timeout:
                    stopped = f"stopped after {timeout:.0f} s (--timeout)"
                elif (rss := _rss_mb(proc.pid)) > max_rss_mb:
                    stopped = f"stopped at {rss:.0f} MB RSS after {elapsed:.0f} s (--max-rss-mb)"
                if stopped:
                    _kill_group(proc.pid)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.2)
        except BaseException:
            _kill_group(proc.pid)
            proc.wait()
            raise
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    result = {}
    if result_path is not None and result_path.is_file():
        result = json.loads(result_path.read_text(encoding="utf-8"))
    reason = "" if proc.returncode == 0 or stopped else last_error_line(log)
    return Measured(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode, stopped, result,
                    reason)


def last_error_line(log: Path, tail_bytes: int = 65536) -> str:
    """The log's last line that is not blank and not indented: a traceback's exception line (frames and carets
    are indented), or the last message of a tool that fails without one. The bench's folder may be temporary."""
    with open(log, "rb") as handle:
        handle.seek(max(0, handle.seek(0, os.SEEK_END) - tail_bytes))
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    return next((line.strip() for line in reversed(lines) if line.strip() and not line[:1].isspace()), "")


def _kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)  # the group this bench started for that child, by its id


def bench_env(cache_dir: Path) -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["GETCHITTY_CACHE_DIR"] = str(cache_dir)
    env.pop("GETCHITTY_SITE_URL", None)
    return env


# -- the machine -----------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB"

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return [
        ("nproc", f"{len(os.sched_getaffinity(0))} (cpu_count {os.cpu_count()})"),
        ("CPU", model),
        ("memory", memory),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("mkdocs", version("mkdocs")),
        ("mkdocs-material", version("mkdocs-material")),
        ("zensical", version("zensical")),
        ("Markdown", version("Markdown")),
        ("getchitty", version("getchitty")),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


# -- one size ----------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    plugin: Measured | None = None
    export: Measured | None = None
    plain: Measured | None = None
    zensical: Measured | None = None


def make_tree(n: int, work: Path, templates: Path | None) -> Path:
    tree = work / f"eco{n}"
    synth.generate(n, tree)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if templates is not None:  # what-if runs: the plugin renders from another templates folder
        plain = "  - getchitty\n"
        if config.count(plain) != 1:
            raise SystemExit("site_bench: cannot find the getchitty plugin entry in mkdocs.yml for --templates")
        config = config.replace(plain, f"  - getchitty:\n      templates: {json.dumps(str(templates))}\n")
    (tree / "mkdocs.yml").write_text(config, encoding="utf-8")
    if (tree / "docs").exists():
        shutil.rmtree(tree / "docs")
    shutil.copytree(REPO / "docs", tree / "docs")
    return tree


def bench_size(n: int, work: Path, args: argparse.Namespace) -> SizeResult:
    out = SizeResult(n)
    started = time.perf_counter()
    tree = make_tree(n, work, args.templates)
    print(f"\n== {n} services: tree written in {time.perf_counter() - started:.1f} s ({tree})", flush=True)
    limits = dict(timeout=args.timeout, max_rss_mb=args.max_rss_mb)

    def runner(mode: str, first: Path, second: Path, label: str, option: str | None = None) -> Measured:
        result_path = work / f"{label}.json"
        result_path.unlink(missing_ok=True)
        cache = work / f"cache-{label}"
        shutil.rmtree(cache, ignore_errors=True)  # cold: every file parsed, as on a fresh clone
        argv = [sys.executable, str(RUNNER), mode, str(first), str(second), str(result_path)]
        if option:
            argv += ["--profile" if mode == "build" else "--templates", option]
        measured = run_measured(argv, cwd=tree, env=bench_env(cache), log=work / f"{label}.log",
                                result_path=result_path, **limits)
        print_run(label, measured, work / f"{label}.log")
        return measured

    profile = str(work / f"build-{n}.prof") if n in args.profile else None
    site_a = work / f"site{n}-plugin"
    out.plugin = runner("build", tree / "mkdocs.yml", site_a, f"a-plugin-build-{n}", profile)
    exported = work / f"export{n}"
    shutil.rmtree(exported, ignore_errors=True)
    out.export = runner("export", tree, exported, f"b-render-out-{n}",
                        str(args.templates) if args.templates else None)
    if out.export.ok:
        out.plain = runner("build", exported / "mkdocs.yml", work / f"site{n}-plain", f"b-plain-build-{n}")
        label = f"d-zensical-build-{n}"
        out.zensical = run_measured([str(ZENSICAL), "build", "-f", str(exported / "mkdocs.yml")], cwd=exported,
                                    env=bench_env(work / f"cache-{label}"), log=work / f"{label}.log", **limits)
        print_run(label, out.zensical, work / f"{label}.log")
    if out.plugin.ok:
        print_breakdown(out.plugin)
    if profile and Path(profile).is_file():
        print_profile(Path(profile))
    if not args.keep:
        for path in (site_a, work / f"site{n}-plain", exported, tree):  # exported/site is Zensical's
            shutil.rmtree(path, ignore_errors=True)
    return out


def print_run(label: str, measured: Measured, log: Path) -> None:
    state = "ok" if measured.ok else f"FAILED: {measured.failure()} (log: {log})"
    print(f"   {label:<22} {measured.wall_s:8.1f} s wall {measured.cpu_s:8.1f} s CPU {measured.maxrss_mb:7.0f} MB  {state}",
          flush=True)


def print_breakdown(build: Measured) -> None:
    """Where build (a)'s time went, by phase and by page group, from the runner's timers."""
    times = build.result.get("times", {})
    search = times.get("search.on_page_context", 0.0)
    # The plugin's per-page hooks, and the waits for pages the render process has not sent yet, run inside MkDocs'
    # per-page timers: counted once, as the generator's.
    in_markdown = sum(times.get(f"plugin.{hook}", 0.0) for hook in ("on_page_markdown", "on_page_content", "page_markdown"))
    in_template = times.get("plugin.on_page_context", 0.0) + times.get("plugin.on_post_page", 0.0)
    template = times.get("mkdocs.page_template", 0.0) - search - in_template
    phases = [
        ("generator: governance check", times.get("generator.check", 0.0)),
        ("generator: render_site", times.get("generator.render_site", 0.0)),
        ("generator: other plugin hooks", build.result.get("plugin_s", 0.0) - times.get("generator.check", 0.0)
         - times.get("generator.render_site", 0.0)),
        ("mkdocs: Markdown -> HTML", times.get("mkdocs.markdown", 0.0) - in_markdown),
        ("mkdocs: theme template + write", template),
        ("search: page text extraction", search),
        ("search: index write", times.get("search.on_post_build", 0.0)),
    ]
    accounted = sum(spent for _, spent in phases)
    phases.append(("rest (start-up, config, nav, copying, ...)", build.wall_s - accounted))
    print("   where build (a) went:")
    for name, spent in phases:
        print(f"     {name:<44} {spent:8.1f} s  {100 * spent / build.wall_s:5.1f} %")
    memory = build.result.get("memory", {})
    if "plugin.on_files.rss_mb" in memory:
        print(f"   memory: {memory['plugin.on_files.rss_mb']:.0f} MB RSS once getchitty's hooks are done "
              f"(peak so far {memory['plugin.on_files.maxrss_mb']:.0f} MB); build peak {build.maxrss_mb:.0f} MB")
    groups = build.result.get("groups", {})
    ranked = sorted(groups.items(), key=lambda g: -(g[1].get("mkdocs.markdown", 0) + g[1].get("mkdocs.page_template", 0)))
    print("   page groups by MkDocs time (Markdown + template incl. search):")
    for name, parts in ranked[:6]:
        spent = parts.get("mkdocs.markdown", 0) + parts.get("mkdocs.page_template", 0)
        print(f"     {name:<30} {int(parts.get('pages', 0)):6d} page(s) {spent:8.1f} s"
              f"  (search {parts.get('search.on_page_context', 0):.1f} s)")


def print_profile(path: Path) -> None:
    print(f"   cProfile of build (a), {path}; top functions by cumulative time:")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


# -- mkdocs serve ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 5.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def mark_description(text: str, old: str | None, new: str) -> str:
    """The manifest with `new` placed in its description (replacing `old`, if it was placed before)."""
    if old is not None:
        return text.replace(old, new)
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(r"^description:\s*[>|][-+0-9]*\s*$", line):  # block scalar: add a first line
            indent = re.match(r"^(\s*)", lines[i + 1]).group(1) or "  "
            lines.insert(i + 1, f"{indent}{new}\n")
            return "".join(lines)
        if m := re.match(r"^description:\s*(\S.*?)\s*$", line):
            value = m.group(1)
            if value[0] in "'\"":
                lines[i] = f"description: {value[0]}{new} {value[1:]}\n"
            else:
                lines[i] = f"description: {new} {value}\n"
            return "".join(lines)
    raise SystemExit("site_bench: the manifest has no top-level description to edit")


def serve_tree(label: str, work: Path, args: argparse.Namespace) -> tuple[Path, Path]:
    """The tree `mkdocs serve` runs on for one --serve-at label, and the manifest whose edit is timed:
    `real` is a copy of this repository; a number N is a synthetic tree of N services (bench/synth.py)."""
    if label == "real":
        tree = work / "serve-repo"
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(*SERVE_COPY_IGNORE), symlinks=True)
    else:
        tree = make_tree(int(label), work, args.templates)
    services = sorted((tree / "etc/chittyos/services").glob("*.yml"))
    if args.serve_service:
        return tree, tree / "etc/chittyos/services" / f"{args.serve_service}.yml"
    return tree, services[0] if label == "real" else services[len(services) // 2]


def serve_latency(args: argparse.Namespace, work: Path, label: str = "real") -> dict:
    """Seconds from an edit of one manifest to its page served with the new text, per edit, on one tree."""
    copy, manifest = serve_tree(label, work, args)
    if not manifest.is_file():
        return {"tree": label, "error": f"no manifest {manifest.name} in etc/chittyos/services/"}
    name = manifest.stem
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    page_url = f"{base}/service/{name}/"
    log = work / f"serve-{label}.log"
    cache = work / f"cache-serve-{label}"
    shutil.rmtree(cache, ignore_errors=True)
    what = "the real content" if label == "real" else f"{int(label):,} services"
    print(f"\n== mkdocs serve of {what} (tree at {copy}), port {port}, editing {manifest.name}", flush=True)
    report: dict = {"tree": label, "service": name, "url": page_url, "latencies": []}
    with open(log, "wb") as out:
        started = time.perf_counter()
        env = bench_env(cache) | {"PYTHONUNBUFFERED": "1"}  # log lines reach the file as they happen
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                   *args.serve_args.split()],
                                  cwd=copy, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            while (page := fetch(page_url)) is None:
                if server.poll() is not None:
                    return {**report, "error": f"mkdocs serve exited ({server.returncode}); log: {log}"}
                if time.perf_counter() - started > args.serve_start_timeout:
                    return {**report, "error": f"not serving {page_url} after {args.serve_start_timeout:.0f} s; log: {log}"}
                time.sleep(0.1)
            report["startup_s"] = time.perf_counter() - started
            print(f"   serving after {report['startup_s']:.1f} s", flush=True)
            previous = None
            for attempt in range(args.serve_edits):
                time.sleep(args.serve_pause)  # let the server settle between edits
                marker = f"Zqbenchmark{attempt}x{int(time.time() * 1000) % 10**9}"  # letters and digits: unescaped
                text = mark_description(manifest.read_text(encoding="utf-8"), previous, marker)
                offset = log.stat().st_size
                manifest.write_text(text, encoding="utf-8")
                edited = time.perf_counter()
                previous = marker
                seen: dict[str, float] = {}  # server log line -> when it appeared, after the edit
                while True:
                    page = fetch(page_url)
                    waited = time.perf_counter() - edited
                    with open(log, "rb") as lines:
                        lines.seek(offset)
                        new = lines.read().decode("utf-8", errors="replace")
                    for event in ("Detected file changes", "Reloading browsers"):
                        if event in new and event not in seen:
                            seen[event] = waited
                    if page is not None and marker in page:
                        report["latencies"].append(waited)
                        report.setdefault("phases", []).append(seen)
                        print(f"   edit {attempt + 1}: new text served after {waited:.2f} s (server log: change "
                              f"detected by {fmt(seen.get('Detected file changes'), '{:.2f}')} s, rebuild done by "
                              f"{fmt(seen.get('Reloading browsers'), '{:.2f}')} s)", flush=True)
                        break
                    if waited > args.serve_wait or server.poll() is not None:
                        report["latencies"].append(None)
                        print(f"   edit {attempt + 1}: new text NOT served after {waited:.1f} s; log: {log}", flush=True)
                        break
                    time.sleep(0.02)
            report["banner"] = banner_latency(args, manifest, page_url, server)
        finally:
            stop_server(server)
    report["stopped"] = server.returncode is not None
    return report


BANNER = 'id="gc-error-overlay"'


def banner_latency(args: argparse.Namespace, manifest: Path, page_url: str, server: subprocess.Popen) -> list:
    """Seconds from an edit that breaks the check to the banner on the page, then from the fix to its end."""
    good = manifest.read_text(encoding="utf-8")
    found: list = []
    for label, text, done in (("banner shown", good + "benchmark_unknown_field: 1\n", lambda page: BANNER in page),
                              ("banner gone", good, lambda page: BANNER not in page)):
        time.sleep(args.serve_pause)
        manifest.write_text(text, encoding="utf-8")
        edited = time.perf_counter()
        while True:
            page = fetch(page_url)
            waited = time.perf_counter() - edited
            if page is not None and done(page):
                found.append(waited)
                print(f"   {label} after {waited:.2f} s", flush=True)
                break
            if waited > args.serve_wait or server.poll() is not None:
                found.append(None)
                print(f"   {label}: NOT after {waited:.1f} s", flush=True)
                break
            time.sleep(0.02)
    return found


def stop_server(server: subprocess.Popen) -> None:
    """Ctrl-C first (mkdocs shuts down cleanly), then SIGTERM, then SIGKILL, to the group this bench started."""
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if server.poll() is not None:
            break
        _kill_group(server.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=grace)


# -- report ------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "----" if ok is None else "PASS" if ok else "FAIL"


def fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "—" if value is None else pattern.format(value)


def generator_share(r: SizeResult) -> tuple[float | None, float | None]:
    if r.plugin is None or not r.plugin.ok:
        return None, None
    seconds = r.plugin.result.get("plugin_s", 0.0)
    return seconds, 100 * seconds / r.plugin.wall_s


def engine_ratio(r: SizeResult) -> tuple[float | None, float | None]:
    """Zensical's build (d) over MkDocs' build (b) of the same rendered tree: wall time, CPU time."""
    if r.plain is None or not r.plain.ok or r.zensical is None or not r.zensical.ok:
        return None, None
    return r.zensical.wall_s / r.plain.wall_s, r.zensical.cpu_s / r.plain.cpu_s


def print_table(results: list[SizeResult]) -> None:
    header = ["services", "pages", "(a) plugin build s", "(a) CPU s", "(a) peak MB", "(b) render --out s", "(b) plain build s",
              "(b) peak MB", "(c) generator s", "(c) % of (a)", "check s", "render_site s", "(d) Zensical s",
              "(d)/(b) wall"]
    rows = []
    for r in results:
        a_ok = r.plugin is not None and r.plugin.ok
        seconds, share = generator_share(r)
        times = r.plugin.result.get("times", {}) if a_ok else {}
        rows.append([
            f"{r.n:,}", str(r.plugin.result.get("pages", "—")) if a_ok else "—",
            r.plugin.cell(fmt(r.plugin.wall_s)) if r.plugin else "—",
            fmt(r.plugin.cpu_s) if a_ok else "—",
            fmt(r.plugin.maxrss_mb, "{:.0f}") if r.plugin else "—",
            r.export.cell(fmt(r.export.wall_s)) if r.export else "—",
            r.plain.cell(fmt(r.plain.wall_s)) if r.plain else "—",
            fmt(r.plain.maxrss_mb, "{:.0f}") if r.plain else "—",
            fmt(seconds, "{:.2f}"), fmt(share, "{:.1f} %"),
            fmt(times.get("generator.check"), "{:.2f}"), fmt(times.get("generator.render_site"), "{:.2f}"),
            r.zensical.cell(fmt(r.zensical.wall_s)) if r.zensical else "—",
            fmt(engine_ratio(r)[0], "{:.2f}"),
        ])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(header))
    print("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    for row in rows:
        print(line(row))
    for r in results:
        for label, run in (("(a)", r.plugin), ("(b) render --out", r.export), ("(b) plain build", r.plain),
                           ("(d) Zensical build", r.zensical)):
            if run is not None and not run.ok:
                print(f"  {r.n:,} services, {label}: {run.failure()}")


def targets(results: list[SizeResult], serves: list[dict]) -> list[dict]:
    """Each figure beside its target: {figure, measured, target, met} (met None: shown, not judged)."""
    out: list[dict] = []
    for r in results:
        seconds, share = generator_share(r)
        judged = r.n >= SHARE_FROM
        out.append({"figure": f"generator's own share of the site build, {r.n:,} services",
                    "measured": f"{fmt(share, '{:.1f} %')} ({fmt(seconds, '{:.2f} s')} of "
                                f"{fmt(r.plugin.wall_s if r.plugin else None)} s)",
                    "target": f"<= {TARGET_GENERATOR_SHARE:g} %" if judged else "shown only",
                    "met": (share is not None and share <= TARGET_GENERATOR_SHARE) if judged else None})
    engines = dict(machine())
    for r in results:
        wall, cpu = engine_ratio(r)
        figure = (f"Zensical {engines['zensical']} vs MkDocs {engines['mkdocs']} building the same rendered tree, "
                  f"{r.n:,} services")
        if wall is None or cpu is None or r.plain is None or r.zensical is None:
            runs = {"render --out": r.export, "MkDocs": r.plain, "Zensical": r.zensical}
            failed = [f"{name}: {run.failure()}" for name, run in runs.items() if run is not None and not run.ok]
            out.append({"figure": figure, "measured": f"no ratio ({'; '.join(failed) or 'not built'})",
                        "target": "shown only", "met": None})
            continue
        whole = ""
        if r.plugin is not None and r.plugin.ok and r.export is not None:
            whole = (f"; render --out + Zensical {(r.export.wall_s + r.zensical.wall_s) / r.plugin.wall_s:.2f}x "
                     f"the plugin build's wall time")
        out.append({"figure": figure, "target": "shown only", "met": None,
                    "measured": f"{wall:.2f}x wall ({r.zensical.wall_s:.1f} s vs {r.plain.wall_s:.1f} s), "
                                f"{cpu:.2f}x CPU ({r.zensical.cpu_s:.1f} s vs {r.plain.cpu_s:.1f} s), peak memory "
                                f"{r.zensical.maxrss_mb:.0f} MB vs {r.plain.maxrss_mb:.0f} MB{whole}"})
    if len(results) >= 2:
        small, big = sorted(results, key=lambda r: r.n)[-2:]
        limit = TARGET_LINEAR_SLACK * big.n / small.n
        figure = f"site build linear in services: t({big.n:,})/t({small.n:,})"
        if small.plugin and small.plugin.ok and big.plugin and big.plugin.ok:
            ratio = big.plugin.wall_s / small.plugin.wall_s
            cpu = big.plugin.cpu_s / small.plugin.cpu_s
            out.append({"figure": figure, "measured": f"{ratio:.2f} wall ({cpu:.2f} in CPU time)",
                        "target": f"<= {limit:.2f}", "met": ratio <= limit})
        else:
            out.append({"figure": figure, "target": f"<= {limit:.2f}", "met": False,
                        "measured": f"no ratio: build (a) of {big.n if not (big.plugin and big.plugin.ok) else small.n:,} failed"})
    if results:
        big = max(results, key=lambda r: r.n)
        rss = big.plugin.maxrss_mb if big.plugin else None
        plain = big.plain.maxrss_mb if big.plain and big.plain.ok else None
        finished = big.plugin is not None and big.plugin.ok
        ratio = rss / plain if rss is not None and plain else None
        out.append({"figure": f"peak memory of the site build against plain MkDocs of the same pages, {big.n:,} services",
                    "measured": f"{fmt(ratio, '{:.2f}x')} ({fmt(rss, '{:.0f} MB')} vs {fmt(plain, '{:.0f} MB')})"
                                + ("" if finished else f" when {big.plugin.failure()}"),
                    "target": f"<= {TARGET_RSS_RATIO:.1f}x", "met": finished and ratio is not None and ratio <= TARGET_RSS_RATIO})
    for serve in serves:
        label = serve.get("tree", "real")
        limit = TARGET_SERVE_S.get(label)
        latencies = serve.get("latencies", [])
        worst = max((x for x in latencies if x is not None), default=None)
        served = bool(latencies) and "error" not in serve and None not in latencies
        detail = serve.get("error") or ", ".join(fmt(x, "{:.2f} s") for x in latencies) + \
            f" (worst counts; {serve.get('service')}, server stopped: {serve.get('stopped')})"
        tree = "this repository's real content" if label == "real" else f"{int(label):,} services"
        out.append({"figure": f"mkdocs serve: edit -> page served, {tree}",
                    "measured": detail, "target": f"<= {limit:g} s" if limit is not None else "shown only",
                    "met": (served and worst is not None and worst <= limit) if limit is not None else None})
        banner = serve.get("banner") or [None, None]
        out.append({"figure": f"mkdocs serve: banner shown after a breaking edit, then gone after the fix, {tree}",
                    "measured": serve.get("error") or ", ".join(fmt(x, "{:.2f} s") for x in banner),
                    "target": f"<= {limit:g} s each" if limit is not None else "shown only",
                    "met": ("error" not in serve and all(x is not None and x <= limit for x in banner))
                    if limit is not None else None})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated service counts (default: 100,1000,5000)")
    parser.add_argument("--workdir", type=Path, help="where trees and sites go (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the trees, exports and sites")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one build may take (default 3600)")
    parser.add_argument("--max-rss-mb", type=float, default=4096, help="stop a build past this RSS (default 4096)")
    parser.add_argument("--profile", default="", help="comma-separated sizes whose build (a) runs under cProfile "
                        "(slower: its times then do not count for the targets)")
    parser.add_argument("--templates", type=Path, help="what-if: render from this templates folder instead")
    parser.add_argument("--serve-at", default="real,1000",
                        help="trees `mkdocs serve` is timed on: real (a copy of this repository) and numbers of "
                             "services (default: real,1000)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--serve-only", action="store_true", help="only the mkdocs serve measurement")
    parser.add_argument("--serve-service", help="service whose manifest is edited (default: the first one of the "
                                                "real content, the middle one of a synthetic tree)")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits to time (default 3; the worst counts)")
    parser.add_argument("--serve-pause", type=float, default=2.0, help="seconds between edits (default 2)")
    parser.add_argument("--serve-wait", type=float, default=60, help="give up on one edit after this (default 60 s)")
    parser.add_argument("--serve-start-timeout", type=float, default=300)
    parser.add_argument("--port", type=int, help="port for mkdocs serve (default: a free one)")
    parser.add_argument("--serve-args", default="", help="extra `mkdocs serve` options, e.g. --serve-args=--dirty")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    sizes = [] if args.serve_only else sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    args.profile = {int(s) for s in args.profile.split(",") if s.strip()}
    if args.templates is not None:
        args.templates = args.templates.resolve()

    print("site benchmark: getchitty + MkDocs (Material), and Zensical on the rendered tree")
    for key, value in machine():
        print(f"  {key:<22} {value}")

    own_work = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="getchitty-site-bench-")) if own_work else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"  {'work folder':<22} {work}")
    results: list[SizeResult] = []
    serves: list[dict] = []
    start_load = os.getloadavg()
    try:
        for n in sizes:
            results.append(bench_size(n, work, args))
        if not args.no_serve:
            serves = [serve_latency(args, work, label.strip()) for label in args.serve_at.split(",") if label.strip()]
    finally:
        if own_work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("\n== results" + (f" (what-if templates: {args.templates})" if args.templates else ""))
    print(f"  load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if results:
        print_table(results)
    verdicts = targets(results, serves)
    print()
    for row in verdicts:
        print(f"  {verdict(row['met'])}  {row['figure']}: {row['measured']} (target {row['target']})")
    if args.profile & set(sizes):
        print("  (builds run under cProfile are slower than plain builds: rerun without --profile for the targets)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "bench": "site", "machine": dict(machine()), "load": [start_load, os.getloadavg()],
            "sizes": [{"n": r.n, **{k: vars(getattr(r, k)) if getattr(r, k) else None
                                    for k in ("plugin", "export", "plain", "zensical")}} for r in results],
            "serve": serves, "targets": verdicts,
        }, indent=1, default=str), encoding="utf-8")
    return 0 if all(row["met"] is not False for row in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
