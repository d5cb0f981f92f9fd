"""The `getchitty` command: every subcommand is registered here.

Exit codes: 0 clean, 1 findings (or missing review labels), 2 usage or I/O
errors. Every UsageError and OSError becomes exit code 2 with a message that
names the file, in `main` and nowhere else.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .credentials import redact_tokens
from .errors import UsageError
from .escaping import terminal
from .model import KIND_BY_COMMAND
from .report import FORMATTERS, format_result


def _check(args: argparse.Namespace) -> int:
    from .engine import check

    result = check(Path(args.path), use_cache=not args.no_cache, documents=False)  # findings only: no page is built
    sys.stdout.write(format_result(args.format, result, root=Path(args.path), show_waived=args.show_waived,
                                   show_notices=args.notices))
    return 1 if result.failed(strict=args.strict) else 0


def _render(args: argparse.Namespace) -> int:
    from .engine import check

    root = Path(args.path)
    result = check(root)
    if result.failed(strict=args.strict):
        sys.stdout.write(format_result("text", result))
        print("getchitty: not rendered: fix the errors above first", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.exists() and any(out.iterdir()) and not args.force:
        raise UsageError(f"{out} is not empty; pass --force to write into it")
    try:
        from .export import export  # Jinja2 and the templates load only for this command
    except ImportError as exc:
        raise UsageError(f"render needs the site extra ({exc.name} is missing): pip install 'getchitty[site]'") from exc

    written = export(result, root.resolve(), out)
    print(terminal(f"getchitty: wrote {len(written)} files to {out}; build them with: mkdocs build -f {out / 'mkdocs.yml'}"))
    return 0


def _gate(args: argparse.Namespace) -> int:
    from . import gate

    found, changed = gate.evaluate(Path(args.root), gate.split_labels(args.labels), changed=args.changed, base=args.base)
    sys.stdout.write(gate.format_github(found, changed) if args.format == "github" else gate.format_text(found, changed))
    return 1 if any(match.missing for match in found) else 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import create, page_path

    written = create(Path(args.path), args.kind, args.name, layer=args.layer, category=args.category,
                     page=not args.no_page)
    for relpath in written:
        print(terminal(f"wrote {relpath}"))
    page = page_path(KIND_BY_COMMAND[args.kind], args.name)
    if not args.no_page and page not in written:
        print(f"kept {page} as it was")
    print("next: decide every \"<...>\" value (`getchitty check` lists them), then preview with `make serve`")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importer import import_repository

    return import_repository(Path(args.src), Path(args.into) if args.into else None, force=args.force,
                             format=args.format, strict=args.strict)


# What `--only` takes: owner/name or name. A path ("." or "../portal") never looks like one.
SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9._-]{1,100})?")


def _sync(args: argparse.Namespace) -> int:
    from .federation.sync import sync

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more (without it, twice the processors, at most 8)")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise UsageError("--timeout must be a number of seconds greater than 0")
    only, path = list(args.only), args.path
    # `--only a b PATH`: the list takes every word after it, the repository's path included
    if only and not SOURCE_NAME.fullmatch(only[-1]) and path is None:
        path = only.pop()
    for name in only:
        if not SOURCE_NAME.fullmatch(name):
            raise UsageError(f"'{name}' is not a source name (owner/name or name); give the repository's path once, "
                             "before --only or as the last word")
    root = Path(path or ".")
    if not root.exists():
        raise UsageError(f"{root} does not exist")
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder")
    return sync(root, jobs=args.jobs, only=tuple(only), timeout=args.timeout,
                mirror=Path(args.mirror) if args.mirror else None)


def _columns() -> int:
    """shutil.get_terminal_size().columns, as shutil finds it: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, at the width it would take, found without importing shutil: argparse makes a formatter for
    every argument a parser is given, so every command paid that import (3 ms, with the compression modules shutil
    loads) for help it seldom prints."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help goes through _HelpFormatter (its subcommands' parsers are of its class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


class _IntermixedParser(_Parser):
    """Lets PATH follow the options, as in `getchitty new service foo --layer 2 ../repo`."""

    _inner = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inner:
            return super().parse_known_args(args, namespace)
        self._inner = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inner = False


FORMATS = sorted(FORMATTERS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="getchitty", description="Governance check and site generator for get.chitty.cc.")
    parser.add_argument("--version", action="version", version=f"getchitty {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    checker = commands.add_parser("check", help="run every governance rule and print every finding")
    checker.add_argument("path", nargs="?", default=".", help="repository root (default: the current directory)")
    checker.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    checker.add_argument("--strict", action="store_true", help="fail on warnings too")
    checker.add_argument("--show-waived", action="store_true",
                         help="list waived findings in the text format too (other formats always carry them)")
    checker.add_argument("--notices", action="store_true",
                         help="list every notice in the text format (by default one line per rule counts them)")
    checker.add_argument("--no-cache", action="store_true", help="re-parse every file instead of reusing unchanged results")
    checker.set_defaults(run=_check)

    renderer = commands.add_parser("render", help="write the site as Markdown plus a ready mkdocs.yml, for any MkDocs-compatible engine")
    renderer.add_argument("path", nargs="?", default=".", help="repository root (default: the current directory)")
    renderer.add_argument("--out", required=True, help="folder to write into")
    renderer.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    renderer.add_argument("--strict", action="store_true", help="refuse to render when there are warnings")
    renderer.set_defaults(run=_render)

    gate = commands.add_parser(
        "gate", help="check that a change carries the review labels its paths require",
        description="Apply the review gates of etc/chittyos/access.yml to a change: every gate whose path globs "
                    "match a changed file needs all of its labels. Exit 0 when every gate is satisfied, 1 when "
                    "labels are missing, 2 when the change or the access model cannot be read.")
    gate.add_argument("--labels", action="append", metavar="L1,L2",
                      help="labels the pull request carries, comma-separated (may be repeated or empty)")
    source = gate.add_mutually_exclusive_group(required=True)
    source.add_argument("--changed", nargs="+", metavar="FILE", help="the changed files, relative to the repository root")
    source.add_argument("--base", metavar="REF",
                        help="diff against REF (git diff REF...HEAD); the gates of access.yml at REF apply as well")
    gate.add_argument("--root", default=".", metavar="PATH", help="repository root (default: the current directory)")
    gate.add_argument("--format", choices=("text", "github"), default="text",
                      help="text, or github for workflow annotations on the gated files (default: text)")
    gate.set_defaults(run=_gate)

    new = commands.add_parser(
        "new", help="start the manifest of a new service or data layer",
        description="Write the manifest of a new entity with every value you must decide marked \"<...>\" "
                    "(getchitty check names each one), and an optional prose page under docs/.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND", parser_class=_IntermixedParser)
    for command, kind in KIND_BY_COMMAND.items():
        sub = kinds.add_parser(command, help=f"a new {kind.entity_type} under {kind.folder}/")
        sub.add_argument("name", metavar="NAME", help="lowercase letters and digits, starting with a letter")
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--layer", type=int, metavar="N", help="the layer number (etc/chittyos/layers.yml)")
        where.add_argument("--category", metavar="C", help="the layer category, e.g. Core")
        sub.add_argument("--no-page", action="store_true", help=f"do not start docs/{kind.page_folder}/NAME.md")
        sub.add_argument("path", nargs="?", default=".", metavar="PATH", help="repository root (default: the current directory)")
        sub.set_defaults(run=_new)

    importer = commands.add_parser(
        "import", help="turn a ChittyOS repository's governance documents into getchitty sources, then check them",
        description="Read the governance documents of an existing ChittyOS repository (scopes.yml, onboarding pages, "
                    "the ontology, secrets and access models, CODEOWNERS, etc/authority), write them as getchitty "
                    "sources into DIR, report what could not be mapped, and run `getchitty check` on the result.")
    importer.add_argument("src", metavar="SRC", help="the repository to import (read only)")
    importer.add_argument("--into", metavar="DIR", help="where to write the sources (default: ./imported-<name of SRC>)")
    importer.add_argument("--force", action="store_true", help="overwrite files that already exist in DIR")
    importer.add_argument("--format", choices=FORMATS, default="text",
                          help="format of the check's findings (default: text); with any other format the import "
                               "report goes to standard error")
    importer.add_argument("--strict", action="store_true", help="fail on warnings too")
    importer.set_defaults(run=_import)

    sync = commands.add_parser(
        "sync", help="fetch the repositories in etc/federation/sources.yml and write their snapshots",
        description="Fetch every source of etc/federation/sources.yml at its ref (shallow, only the declaration "
                    "files), and write what each declares to etc/federation/snapshot/ and the commits read to "
                    "etc/federation/sources.lock.json. A source whose ref has not moved is not fetched again. "
                    "Exit status: 0 when every source is synced or unchanged, 2 when sources.yml is unusable or "
                    "a source failed (its previous snapshot is kept).")
    sync.add_argument("path", nargs="?", default=None, metavar="PATH", help="repository root (default: the current directory)")
    sync.add_argument("--jobs", type=int, default=None, metavar="N",
                      help="sources worked on at once (default: twice the processors, at most 8)")
    sync.add_argument("--only", nargs="+", default=(), metavar="NAME", help="sync only these sources (owner/name or name)")
    sync.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                      help="each source's budget for fetching and reading; a source that takes longer is stopped and "
                           "reported, the others are synced (default: 120)")
    sync.add_argument("--mirror", metavar="DIR",
                      help="fetch nothing: read each source from the export folder DIR/<name>, whose .snapshot file "
                           "names the repository, commit and date its files come from")
    sync.set_defaults(run=_sync)
    return parser


def _error(message: str) -> None:
    """A message that names a file: the name may hold anything a file name can."""
    print(terminal(redact_tokens(message)), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Sources are acyclic data: the collector would only re-walk the growing heap. A
    # command is one short run, so the process does without it.
    gc.disable()
    try:
        return args.run(args)
    except UsageError as exc:
        _error(f"getchitty {args.command}: {exc}")
        return 2
    except OSError as exc:
        _error(f"getchitty {args.command}: {exc.filename or ''}: {exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        gc.enable()


def run() -> NoReturn:
    """The console script and `python -m getchitty`: `main`, then out without the interpreter's teardown when
    nothing else is running. A check holds every file's entry and finding to its end, and freeing them one by one
    takes a re-check of 5,000 manifests a twentieth of its time, for memory the system takes back at once."""
    code = main()
    if _alone():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)  # the usual exit reports what could not be written
        os._exit(code)
    sys.exit(code)


def _alone() -> bool:
    """No other thread and no child process is left to wait for (the modules are looked up, not imported: a
    command that never imported them started neither)."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is None or not multiprocessing.active_children()


if __name__ == "__main__":
    run()
