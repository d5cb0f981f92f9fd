"""Adversarial inputs against every regex, glob and loop fed by input: each case's time beside its bound.

Each case feeds a 100,000-character input shaped to make a backtracking regex,
a glob matcher or a quadratic loop take far longer than linear time (long runs
that almost match, repeated near-delimiters, many duplicates). The bound is
generous for a linear algorithm on this machine and far below what any of the
superlinear versions took (seconds to hours). Exit code 1 when a case exceeds
its bound, so the script can gate a change; unit tests check the results of the
same functions on small inputs.

The sync cases run `getchitty sync --mirror` on export folders built to stall or
swell it: a source whose reading would take far longer than its budget (two
70 KiB CODEOWNERS files compared line by line), a registry whose facts outgrow
what the check reads, folders that are links to the machine's own files. Their
bound is the budget plus the other sources' work: the point is that a sync
ends, and writes every other source, whatever one repository holds.

Run: .venv/bin/python bench/hostile_bench.py [--size N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from engine_support import build_eco  # noqa: E402
from federation_support import export_folder, write_sources  # noqa: E402

from getchitty import credentials, escaping, gate, load, pyyaml_path, render, report  # noqa: E402
from getchitty.engine import check  # noqa: E402
from getchitty.federation import governance, onboarding  # noqa: E402
from getchitty.federation import sync as federation_sync  # noqa: E402
from getchitty.federation.markdown import parse as parse_markdown  # noqa: E402
from getchitty.federation.markdown import plain, split_key  # noqa: E402
from getchitty.federation.tree import read_files  # noqa: E402
from getchitty.importer.emit import mask  # noqa: E402
from getchitty.importer.source import ImportLog  # noqa: E402
from getchitty.patterns import search  # noqa: E402
from getchitty.rules import ownership  # noqa: E402
from getchitty.rules.schema import URI  # noqa: E402


def cases(n: int) -> list[tuple[str, float, Callable[[], object]]]:
    """(name, bound in seconds, the work) for inputs of about `n` characters."""
    a = "a" * n
    half = n // 2
    segments = "/".join(["a"] * half)
    return [
        # -- globs: the gate's patterns and the changed files both come from a pull request
        ("gate glob *a*a*...ab on one long segment", 1.0, lambda: gate.matches("*a" * 11 + "b", a)),
        ("gate glob a/**/**/.../b on 50k segments", 1.0, lambda: gate.matches("a/" + "**/" * 20 + "b", segments + "/c")),
        ("gate glob with a 100k-character pattern", 1.0, lambda: gate.matches("*" + "?" * n + "x", a)),
        # -- patterns written in sources run on RE2
        ("Canon/schema pattern ^(a+)+$", 0.5, lambda: search("^(a+)+$", a + "!")),
        ("schema pattern (a|aa)*b", 0.5, lambda: search("^(a|aa)*b$", a)),
        ("schema pattern a*a*a*a*a*a*b", 0.5, lambda: search("a*a*a*a*a*a*b", a)),
        ("URI format on a 100k route", 0.5, lambda: URI.match("https://" + "a" * n + " ")),
        ("URI format on a://a://a://...", 0.5, lambda: URI.match("a://" * (n // 4) + " ")),
        # -- credentials: scanned in every file, redacted in every output
        ("credential scan of eyJ-eyJ-...", 1.0, lambda: list(credentials.redact("eyJ-" * (n // 4)))),
        ("credential redact of 100k opaque text", 1.0, lambda: credentials.redact(("aB3" * n)[:n])),
        ("credential redact of many tokens", 1.0, lambda: credentials.redact(("ghp_" + "a1" * 20 + " ") * (n // 45))),
        ("private key header repeated", 1.0, lambda: credentials.redact("-----BEGIN PRIVATE KEY-----" * (n // 27))),
        ("exact-value redaction, 1,000 flagged values", 1.0,
         lambda: credentials.Redactor(f"value{i:05d}xyz" for i in range(1000))("x" * n)),
        # -- loading
        ("YAML alias probe on '* * * ...'", 1.0, lambda: pyyaml_path._may_alias("* " * half)),
        ("YAML value of 100k characters", 2.0, lambda: load.parse(REPO, "a.yml", "a: " + "x" * n + "\n")),
        ("YAML with 50k U+2028, then an error", 2.0, lambda: load.parse(REPO, "a.yml", "a: \"" + "\u2028" * half + "\"\nb: [\n")),
        ("JSON number of 100k digits", 1.0, lambda: load.parse(REPO, "a.json", '{"a": ' + "1" * n + "}")),
        # -- what the yaml-rs path looks up grows with the file: bounded (fast_yaml.MAX_DOUBTS)
        ("YAML: 2 MiB of distinct quoted base-60 texts", 2.0, lambda: load.parse(REPO, "a.yml", "".join(
            f"k{i}: '1:{i % 60:02d}:{i}'\n" for i in range(2 * 1024 * 1024 // 24)))),
        ("YAML: an integer and 2 MiB of number-like words", 2.0, lambda: load.parse(REPO, "a.yml", "n: 1\nw: " + " ".join(
            f"{i}.0a" for i in range(2 * 1024 * 1024 // 9)) + "\n")),
        ("YAML: 2 MiB of compact sequences '- - - ...'", 2.0, lambda: load.parse(REPO, "a.yml", "- " * (1024 * 1024) + "x\n")),
        # -- output boundaries
        ("md_escape of 100k markup characters", 1.0, lambda: escaping.md_escape("<&`|" * (n // 4))),
        ("rule text with 100k backticks", 1.0, lambda: render.md_code(escaping.md_escape("`a" * half))),
        ("terminal line of 100k control characters", 1.0, lambda: escaping.terminal("\x1b\n" * half)),
        ("owner placeholder check on '<' + '>' * 100k", 0.5, lambda: ownership.PLACEHOLDER.match("<" + "> " * half + "x")),
        # -- the importer reads another repository's Markdown
        ("readers: heading '# a # a # ...'", 2.0, lambda: parse_markdown("x.md", "# " + "a # " * (n // 4) + "x\n")),
        ("readers: heading of spaces and hashes", 2.0, lambda: parse_markdown("x.md", "# a" + " #" * half + " x\n")),
        ("readers: heading '# a' + spaces + 'x'", 2.0, lambda: parse_markdown("x.md", "# a" + " " * n + "x\n")),
        ("readers: bold line '**a **a ...'", 2.0, lambda: parse_markdown("x.md", "**a " * (n // 4) + "\n")),
        ("readers: bold line '**a**' + spaces + 'x'", 2.0, lambda: parse_markdown("x.md", "**a**" + " " * n + "x\n")),
        ("readers: row, then a line of spaces", 2.0, lambda: parse_markdown("x.md", "| a |\n" + " " * n + "x\n")),
        ("readers: '[[[[...' link text", 2.0, lambda: plain("[" * n)),
        ("readers: '](](](...' link target", 2.0, lambda: plain("[a](" + "](" * half)),
        ("readers: '**a **a' emphasis", 2.0, lambda: plain("**a " * (n // 4))),
        ("readers: table separator '|--  |--  ...x'", 2.0, lambda: parse_markdown("x.md", "| a |\n" + "|--  " * (n // 5) + "x\n")),
        ("readers: key separator in spaces", 2.0, lambda: split_key("a" + " " * n + "b")),
        ("readers: host-like line a.a.a.a...", 2.0, lambda: governance.HOST_IN_TEXT.search("a." * half + "x")),
        ("readers: host-like line a-a-a-a...", 2.0, lambda: governance.HOST_IN_TEXT.search("a-" * half + "x")),
        ("readers: env names A_A_A_...a", 2.0, lambda: governance.ENV_NAME.findall("A_" * half + "a")),
        ("readers: notation a-a-a-a...", 2.0, lambda: onboarding.NOTATION.findall("a-" * half + "x")),
        ("readers: '1 ... days' with 100k spaces", 2.0, lambda: governance._DAYS.search("1" + " " * n + "x")),
        ("readers: 100k duplicate unmapped rows", 2.0, lambda: _skip_many(n)),
        ("readers: mask 2,000 credential tokens", 2.0,
         lambda: mask(" ".join(f"ghp_{i:036d}" for i in range(2000)) + " " + "x" * n)),
        ("finding suggestion for a 100k-character key", 1.0, lambda: _suggest("a" * n)),
        # -- sync reads other repositories' files up to 2 MiB each
        ("sync: two 61 KiB CODEOWNERS, distinct paths", 3.0,
         lambda: _codeowners(lambda i, o: f"/src/dir{i}/file{i}.py @org/team{o}")),
        ("sync: two 61 KiB CODEOWNERS, long patterns", 3.0, lambda: _codeowners(lambda i, o: "/" + "a*/" * 150 + f"{i} @o{o}")),
        ("sync: two 61 KiB CODEOWNERS, near-matching stars", 3.0,
         lambda: _codeowners(lambda i, o: "**/" + "*a" * 100 + f"{i} @o{o}")),
        ("sync: 2 MiB CHARTER.md of bullets", 6.0, lambda: _charter("- an item the readers cannot place\n")),
        ("sync: 2 MiB CHARTER.md of dependency rows", 6.0, lambda: _charter("| Upstream | ChittyX | y |\n")),
    ]


def _codeowners(line: Callable[[int, int], str], size: int = 61 * 1024) -> object:
    def fill(owner: int) -> bytes:
        lines: list[str] = []
        written = 0
        while written < size:
            lines.append(line(len(lines), owner))
            written += len(lines[-1]) + 1
        return ("\n".join(lines) + "\n").encode()

    files = {"CODEOWNERS": fill(1), ".github/CODEOWNERS": fill(2), "CHARTER.md": b"# X\n"}
    return read_files(files, "chittyos/chittyx", "c" * 40)


def _charter(unit: str, size: int = 2 * 1024 * 1024 - 4096) -> object:
    head = "# X Charter\n\n## Classification\n- **Tier**: 2\n\n## Dependencies\n\n| Type | Service |\n|---|---|\n"
    return read_files({"CHARTER.md": (head + unit * ((size - len(head)) // len(unit))).encode()}, "chittyos/chittyx", "c" * 40)


def _skip_many(n: int) -> None:
    log = ImportLog()
    for index in range(n):
        log.skip("docs/x.md", index % 1000, "a row that could not be mapped")


def _suggest(key: str) -> str:
    from getchitty.rules.schema import _suggestion

    return _suggestion(key, {"service_name", "description", "owners"})


def check_cases(n: int, work: Path) -> list[tuple[str, float, Callable[[], object]]]:
    """Whole checks of a repository whose sources hold the adversarial values."""
    root = build_eco(work / "repo")
    manifest = root / "etc/chittyos/services/chittyid.yml"
    original = manifest.read_text(encoding="utf-8")

    def with_manifest(text: str) -> Callable[[], object]:
        def run() -> object:
            manifest.write_text(text, encoding="utf-8")
            result = check(root, use_cache=False)
            report.format_result("github", result)
            return report.format_result("text", result)
        return run

    return [
        ("check: 100k-character unknown key", 5.0, with_manifest(original + "k" * n + ": 1\n")),
        ("check: 100k-character description", 5.0, with_manifest(original.replace(
            "description: Mints and validates identities.", "description: " + "<a `|" * (n // 5)))),
        ("check: 100k-character route (URI format)", 5.0, with_manifest(original + "charter_url: https://" + "a" * n + " x\n")),
        ("check: 10k unknown keys", 10.0, with_manifest(original + "".join(f"k{i}: 1\n" for i in range(10_000)))),
    ]


SYNC_BUDGET = 5.0


def sync_cases(work: Path) -> list[tuple[str, float, Callable[[], object]]]:
    """Whole syncs, in-process, of export folders shaped to stall or swell them; each also checks its outcome."""
    owners = "".join(f"/services/svc{i}/docs/** @chittyos/team{i % 50} @chittyos/owners\n" for i in range(1200))
    registry = "organizations:\n  CHITTYOS:\n    services:\n" + "".join(
        f"      chittygen{i}:\n        repo: CHITTYOS/chittygen{i}\n        tier: 3\n        type: cloudflare-worker\n"
        f"        domain: gen{i}.chitty.cc\n        active: true\n        description: \"Generated service {i}\"\n"
        for i in range(8000))
    outside = work / "machine"
    (outside / "governance").mkdir(parents=True)
    (outside / "governance/SECRETS_MODEL.md").write_text("# Secrets\n\n- MACHINE_ONLY_TOKEN — local\n", encoding="utf-8")

    def portal(name: str, folders: dict[str, dict[str, str]]) -> tuple[Path, Path]:
        root, mirror = work / name / "portal", work / name / "mirror"
        for folder, files in folders.items():
            export_folder(mirror, folder, {".chittyconnect.yml": f"service:\n  name: {folder}\n", **files})
        write_sources(root, [{"repository": f"chittyos/{folder}", "ref": "main"} for folder in folders])
        return root, mirror

    def run(root: Path, mirror: Path, expect: int, written: int) -> Callable[[], object]:
        def go() -> object:
            code = federation_sync.sync(root, mirror=mirror, say=lambda line: None, complain=lambda line: None)
            snapshots = list((root / "etc/federation/snapshot").rglob("*.yml"))
            if code != expect or len(snapshots) != written or any(p.stat().st_size > load.MAX_BYTES for p in snapshots):
                raise SystemExit(f"unexpected sync outcome in {root}: exit {code}, {len(snapshots)} snapshots")
            return code
        return go

    stalled = portal("stalled", {"chittystall": {"CODEOWNERS": owners, ".github/CODEOWNERS": owners.replace("owners", "other")},
                                 "chittyfine": {}})
    swollen = portal("swollen", {"chittyops": {"compliance/service-registry.yml": registry}})
    linked = portal("linked", {"chittylinked": {}})
    (linked[1] / "chittylinked/docs").symlink_to(outside, target_is_directory=True)
    return [
        ("sync: a source past its budget, the other written", SYNC_BUDGET + 3.0, lambda: _stalled(stalled)),
        ("sync: 1.6 MiB registry, snapshot within 2 MiB", 20.0, run(*swollen, expect=0, written=1)),
        ("sync: docs/ a link to the machine's files", 2.0, run(*linked, expect=0, written=1)),
    ]


def _stalled(portal: tuple[Path, Path]) -> object:
    """The stalled source either finishes within its budget (once CODEOWNERS files are compared in linear time)
    or is stopped there; either way the other source is written."""
    root, mirror = portal
    federation_sync.sync(root, mirror=mirror, timeout=SYNC_BUDGET, say=lambda line: None, complain=lambda line: None)
    if not (root / "etc/federation/snapshot/chittyos/chittyfine.yml").is_file():
        raise SystemExit("the source next to the stalled one was not written")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per adversarial input (default 100,000)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    try:
        over = 0
        width = 52
        print(f"{'case':<{width}} {'seconds':>9} {'bound':>7}")
        for name, bound, run in [*cases(args.size), *check_cases(args.size, work), *sync_cases(work)]:
            start = time.perf_counter()
            run()
            took = time.perf_counter() - start
            flag = "" if took <= bound else "  OVER"
            over += bool(flag)
            print(f"{name:<{width}} {took:>9.3f} {bound:>7.1f}{flag}", flush=True)
        print(json.dumps({"cases_over_bound": over}))
        return 1 if over else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
