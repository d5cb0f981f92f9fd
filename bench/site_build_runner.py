"""One measured MkDocs build (or one `getchitty render --out`), run by bench/site_bench.py in a fresh process.

    python bench/site_build_runner.py build  CONFIG SITE_DIR RESULT_JSON [--profile OUT.prof]
    python bench/site_build_runner.py export ROOT OUT_DIR RESULT_JSON [--templates DIR]

Each build runs in its own process, so `getrusage(RUSAGE_SELF).ru_maxrss` is the
peak resident memory of that one build (Python start and imports included), and
`RUSAGE_CHILDREN` the largest of the processes it forks (site_bench.py reads both
through `os.wait4`, which reports the larger).

`build` runs exactly what `mkdocs build -q -f CONFIG -d SITE_DIR` runs (the
click command, plugin start-up and shutdown events included), with timers
wrapped around:

- every hook of the getchitty plugin (`on_config`, `on_pre_build`, `on_files`,
  the per-page ones, `on_post_build`): their sum is the generator's own share
  of the build. `on_pre_build` holds the governance check and `on_files` the
  render, which are also timed on their own (the check's `recheck`; the render
  from its fork to its list of pages, and then every wait for a page it has not
  sent yet when MkDocs asks for it, which is counted as the generator's too);
- MkDocs' per-page work: `_populate_page` (Markdown to HTML) and `_build_page`
  (theme template, the search plugin's `on_page_context`, writing the file),
  per page, so the result can name the pages and page groups that cost most;
- the search plugins' `on_page_context` and `on_post_build` (index writing).

A wrapper costs two `perf_counter()` calls per call, a few microseconds per
page: nothing next to a build. The result is written as JSON to RESULT_JSON.
"""

from __future__ import annotations

import functools
import json
import resource
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

START = time.perf_counter()
TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
PAGES: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
# The plugin's hooks MkDocs calls for every page, inside `_populate_page` (the first two) and `_build_page`.
PAGE_HOOKS = ("on_page_markdown", "on_page_content", "on_page_context", "on_post_page")
MEMORY: dict[str, float] = {}  # MB, taken right after each getchitty hook: where the peak builds up


def _memory(key: str) -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        rss = next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), 0.0)
    MEMORY[f"{key}.rss_mb"] = rss
    MEMORY[f"{key}.maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(key: str, function, memory: bool = False, page_of=None):
    """Wrap `function` to add its time under `key` (and per page, when `page_of` finds the page)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            TIMES[key] += spent
            CALLS[key] += 1
            if memory:
                _memory(key)
            page = page_of(args, kwargs) if page_of else None
            if page is not None:
                PAGES[page.file.src_uri][key] += spent
    return wrapper


def _instrument() -> None:
    from mkdocs.commands import build as mkbuild

    from getchitty import mkdocs_plugin
    from getchitty import site as site_module

    plugin = mkdocs_plugin.GetChittyPlugin
    for hook in [name for name in vars(plugin) if name.startswith("on_")]:
        # Once per build: sampled for memory too. Per page (PAGE_HOOKS): inside MkDocs' per-page timers below.
        setattr(plugin, hook, _timed(f"plugin.{hook}", getattr(plugin, hook), memory=hook not in PAGE_HOOKS))
    # The plugin's site module calls these through its own module's names.
    site_module.Checker.recheck = _timed("generator.check", site_module.Checker.recheck)
    # A build renders in a forked process (site.Site._rendered_aside): timed from here, from the fork to the list of
    # pages, the render's own timer running in the other process; then, while MkDocs converts the pages, each wait for
    # a page still to come (Site.page_markdown, inside MkDocs' own per-page timer): the generator's time as well.
    site_module.Site._rendered_aside = _timed("generator.render_site", site_module.Site._rendered_aside)
    site_module.Site.page_markdown = _timed("plugin.page_markdown",
                                            _timed("generator.render_site", site_module.Site.page_markdown))

    first_page = lambda a, k: a[0] if a else k.get("page")  # noqa: E731
    mkbuild._populate_page = _timed("mkdocs.markdown", mkbuild._populate_page, page_of=first_page)
    mkbuild._build_page = _timed("mkdocs.page_template", mkbuild._build_page, page_of=first_page)
    search_classes = []
    try:
        from material.plugins.search.plugin import SearchPlugin as MaterialSearch
        search_classes.append(MaterialSearch)
    except ImportError:
        pass
    from mkdocs.contrib.search import SearchPlugin as MkDocsSearch
    search_classes.append(MkDocsSearch)
    for cls in search_classes:
        cls.on_page_context = _timed("search.on_page_context", cls.on_page_context,
                                     page_of=lambda a, k: k.get("page"))
        cls.on_post_build = _timed("search.on_post_build", cls.on_post_build)


def _group(src_uri: str) -> str:
    """service/x.md -> service/*; governance/rules/x.md -> governance/rules/*; secrets.md stays."""
    head, _, _ = src_uri.rpartition("/")
    return f"{head}/*" if head else src_uri


def _build(config: str, site_dir: str, profile: str | None) -> dict:
    _instrument()
    from mkdocs.__main__ import cli

    argv = ["build", "-q", "-f", config, "-d", site_dir]
    error = None
    started = time.perf_counter()
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    try:
        cli.main(argv, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            error = f"exit {exc.code}"
    except BaseException as exc:  # the build's own failure is a result, not a crash of the bench
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
    build_s = time.perf_counter() - started

    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for uri, parts in PAGES.items():
        group = groups[_group(uri)]
        group["pages"] += 1
        for key, spent in parts.items():
            group[key] += spent
    top = sorted(PAGES.items(), key=lambda item: -(item[1]["mkdocs.markdown"] + item[1]["mkdocs.page_template"]))
    plugin_s = sum(spent for key, spent in TIMES.items() if key.startswith("plugin."))
    return {
        "error": error,
        "build_s": build_s,
        "plugin_s": plugin_s,
        "times": dict(TIMES),
        "memory": MEMORY,
        "calls": dict(CALLS),
        "pages": len(PAGES),
        "groups": {name: dict(parts) for name, parts in groups.items()},
        "top_pages": [{"page": uri, **parts} for uri, parts in top[:8]],
    }


def _export(root: str, out: str, templates: str | None) -> dict:
    from getchitty import cli, export

    if templates:  # what-if runs: the same export, rendered from another templates folder
        export.render_site = functools.partial(export.render_site, templates=Path(templates))
    started = time.perf_counter()
    code = cli.main(["render", root, "--out", out])
    return {"error": None if code == 0 else f"exit {code}", "build_s": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    mode, first, second, result_path, *rest = argv
    option = rest[1] if len(rest) == 2 else None
    result = _build(first, second, option) if mode == "build" else _export(first, second, option)
    result["process_s"] = time.perf_counter() - START  # from this module's first line
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    # The largest of the processes it forked and waited for (the check's workers, the build's render).
    result["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(result_path).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 1 if result["error"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
