"""The `getchitty sync` subcommand; everything it needs is imported when it runs, not when getchitty starts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "sync", help="fetch the repositories in etc/federation/sources.yml and write their snapshots",
        description="Fetch every source of etc/federation/sources.yml at its ref (shallow, only the declaration "
                    "files), and write what each declares to etc/federation/snapshot/ and the commits read to "
                    "etc/federation/sources.lock.json. A source whose ref has not moved is not fetched again. "
                    "Exit status: 0 when every source is synced or unchanged, 2 when sources.yml is unusable or "
                    "a source failed (its previous snapshot is kept).")
    parser.add_argument("path", nargs="?", default=".", help="repository root (default: the current directory)")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="sources fetched at once (default: twice the processors, at most 8)")
    parser.add_argument("--only", nargs="+", default=(), metavar="NAME",
                        help="sync only these sources (owner/name or name)")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="give up on a git command after this long (default: 120)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from .sync import sync

    if args.jobs < 0 or args.timeout <= 0:
        print("getchitty sync: --jobs must be 0 or more and --timeout more than 0", file=sys.stderr)
        return 2
    return sync(Path(args.path), jobs=args.jobs, only=tuple(args.only), timeout=args.timeout)
