"""Helpers shared by the governance engine's tests (fixtures live in conftest.py).

Import them with `from engine_support import ...`, not from `conftest`: the site
tests have their own tests/site/conftest.py, and under pytest's default import
mode both are the module `conftest`, so `from conftest import` may find the other one.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
ECO = FIXTURES / "eco"
# The fixture's smallest valid manifest, the base most single-file cases start from.
TRUST_MANIFEST = (ECO / "etc/chittyos/services/chittytrust.yml").read_text()
UPSTREAM = REPO / "etc" / "upstream" / "chittyconnect"
GETCHITTY = REPO / ".venv" / "bin" / "getchitty"
PYTHON = Path(sys.executable)

# A fixed day for everything date-dependent (waiver expiry).
TODAY = date(2025, 6, 1)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from getchitty import cli  # noqa: E402
from getchitty import load as loader_module  # noqa: E402
from getchitty.engine import Result, check  # noqa: E402
from getchitty.rules import syntax  # noqa: E402
from getchitty.violations import Violation  # noqa: E402


def build_eco(dest: Path) -> Path:
    """Copy the fixture ecosystem plus the repository's authority and profiles into `dest`."""
    shutil.copytree(ECO, dest)
    shutil.copytree(REPO / "etc" / "authority", dest / "etc" / "authority")
    shutil.copytree(REPO / "etc" / "profiles", dest / "etc" / "profiles")
    return dest


def write(root: Path, relpath: str, text: str | bytes, *, dedent: bool = True) -> Path:
    """Write a source file below `root`; text is dedented so tests can indent it naturally."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
    return path


def load_findings(result) -> list[Violation]:
    """The findings the syntax rules make of a LoadResult's errors."""
    return [syntax.RULES[e.failure].finding(e.path, (e.line, e.col), e.message) for e in result.errors]


def run_check(root: Path, *, today: date = TODAY, use_cache: bool = True) -> Result:
    return check(root, today=today, use_cache=use_cache)


def findings(root_or_result, rule: str | None = None, *, today: date = TODAY) -> list[Violation]:
    """Findings of a check (or of an existing result), optionally only those of one rule id."""
    result = root_or_result if isinstance(root_or_result, Result) else run_check(root_or_result, today=today)
    return [v for v in result.violations if rule is None or v.rule == rule]


def located(violations) -> list[tuple[str, str, int, int]]:
    """(rule, path, line, col) of each finding: the shape most assertions compare."""
    return [(v.rule, v.path, v.line, v.col) for v in violations]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run `getchitty` in-process; return (exit code, stdout, stderr). argparse exits are caught."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def refuse_reading(monkeypatch, suffix: str) -> None:
    """Make the loader's opening of files ending in `suffix` fail with EACCES.

    Tests run as root, where chmod 000 does not stop a read.
    """
    real_open = loader_module.open_descriptor

    def refusing_open(path, **options):
        if str(path).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, **options)

    monkeypatch.setattr(loader_module, "open_descriptor", refusing_open)


def counting_reads(monkeypatch) -> tuple[list[str], list[str]]:
    """The relative paths the loader reads and parses from then on."""
    read: list[str] = []
    parsed: list[str] = []
    real_read, real_parse = loader_module.Reader.read, loader_module.parse

    def counting_read(self, relpath, *args, **kwargs):
        read.append(relpath)
        return real_read(self, relpath, *args, **kwargs)

    def counting_parse(root, relpath, *args, **kwargs):
        parsed.append(relpath)
        return real_parse(root, relpath, *args, **kwargs)

    monkeypatch.setattr(loader_module.Reader, "read", counting_read)
    monkeypatch.setattr(loader_module, "parse", counting_parse)
    return read, parsed


def cached_files(cache_file: Path) -> dict[str, list]:
    """Each file's row in a cache file, by path: [stat key, digest, id of its set of check keys, findings by
    check, card, kept data, what was located in it] (the layout getchitty.cache writes: one line per file after a header line, then what
    later saves appended, a header and the lines that changed, of which the last line for a path stands)."""
    _, *lines = cache_file.read_text().split("\n")
    return {row[0]: row[1:] for row in map(json.loads, lines) if isinstance(row, list)}


def forge_cached_file(cache_file: Path, relpath: str, changes: dict[int, Any]) -> None:
    """Overwrite fields of a file's row in a cache file (by their index in the `cached_files` row), as anyone able
    to write the file could."""
    header, *lines = cache_file.read_text().split("\n")
    for number, line in enumerate(lines):
        row = json.loads(line)
        if isinstance(row, list) and row[0] == relpath:
            for index, value in changes.items():
                row[1 + index] = value
            lines[number] = json.dumps(row)
    cache_file.write_text("\n".join([header, *lines]))
