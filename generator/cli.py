"""The `getchitty` command. Exit codes: 0 clean, 1 findings, 2 usage or I/O errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, gate, importer, scaffold
from .engine import UsageError, check
from .report import FORMATTERS


def _check(args: argparse.Namespace) -> int:
    result = check(Path(args.path), use_cache=not args.no_cache)
    output = FORMATTERS[args.format](list(result.violations), result.rules, root=Path(args.path),
                                     show_waived=args.show_waived)
    sys.stdout.write(output)
    return 1 if result.failed(strict=args.strict) else 0


def _render(args: argparse.Namespace) -> int:
    root = Path(args.path)
    result = check(root)
    if result.failed(strict=args.strict):
        sys.stdout.write(FORMATTERS["text"](list(result.violations), result.rules))
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
    print(f"getchitty: wrote {len(written)} files to {out}; build them with: mkdocs build -f {out / 'mkdocs.yml'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="getchitty", description="Governance check and site generator for get.chitty.cc.")
    parser.add_argument("--version", action="version", version=f"getchitty {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    checker = commands.add_parser("check", help="run every governance rule and print every finding")
    checker.add_argument("path", nargs="?", default=".", help="repository root (default: the current directory)")
    checker.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    checker.add_argument("--strict", action="store_true", help="fail on warnings too")
    checker.add_argument("--show-waived", action="store_true",
                         help="list waived findings in the text format too (other formats always carry them)")
    checker.add_argument("--no-cache", action="store_true", help="re-parse every file instead of reusing unchanged results")
    checker.set_defaults(run=_check)

    renderer = commands.add_parser("render", help="write the site as Markdown plus a ready mkdocs.yml, for any MkDocs-compatible engine")
    renderer.add_argument("path", nargs="?", default=".", help="repository root (default: the current directory)")
    renderer.add_argument("--out", required=True, help="folder to write into")
    renderer.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    renderer.add_argument("--strict", action="store_true", help="refuse to render when there are warnings")
    renderer.set_defaults(run=_render)
    gate.add_parser(commands)
    scaffold.add_parser(commands)
    importer.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"getchitty: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"getchitty: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
