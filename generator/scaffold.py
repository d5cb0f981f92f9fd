"""`getchitty new`: start a manifest (and its optional prose page) for a new entity.

The manifest is valid YAML in the shape of its schema, with the editor's schema
modeline on line 1. Every value only the author can decide is written as a
`<...>` marker, so that `getchitty check` names each one until it is decided:
owners (ownership/placeholder), free text (authoring/undecided), and a choice
from a fixed list (the schema's enum finding, which lists the choices).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .load import iter_files, load
from .model import PAGE_FOLDERS, SAFE_NAME, build_layers

SOURCES = "etc/chittyos"
MAX_NAME = 63
ENTITY_FOLDERS = ("services", "datalayers", "composites")


@dataclass(frozen=True)
class Kind:
    command: str  # `getchitty new <command>`
    entity_type: str
    folder: str  # under etc/chittyos/
    schema: str

    @property
    def page_folder(self) -> str:
        return PAGE_FOLDERS[self.entity_type]


KINDS = {
    "service": Kind("service", "Service", "services", "getchitty-service"),
    "datalayer": Kind("datalayer", "DataLayer", "datalayers", "getchitty-data-layer"),
}

FALLBACK_CATEGORIES = ("Governance", "Foundation", "Core", "Data", "Registry", "Platform", "Domain", "Sync", "Application")


class ScaffoldError(Exception):
    """The entity cannot be created as asked (exit code 2)."""


def check_name(name: str) -> None:
    if not SAFE_NAME.fullmatch(name) or len(name) > MAX_NAME:
        raise ScaffoldError(
            f"'{name}' is not a safe name: use lowercase letters and digits only, starting with a letter "
            f"(at most {MAX_NAME} characters), e.g. chittyfoo; the name becomes the file name and the page URL")


def taken_by(root: Path, name: str) -> str | None:
    """The manifest that already uses `name` as its file name or service_name, if any."""
    for folder in ENTITY_FOLDERS:
        for relpath in iter_files(root, f"{SOURCES}/{folder}"):
            if Path(relpath).stem.lower() == name:
                return relpath
            try:
                data = yaml.safe_load((root / relpath).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if isinstance(data, dict) and data.get("service_name") == name:
                return relpath
    return None


def layers(root: Path) -> list[tuple[int, str, str]]:
    """(number, name, category) of every layer in etc/chittyos/layers.yml, or the schema's categories."""
    document = load(root, f"{SOURCES}/layers.yml").document
    found = [(layer.number, layer.name, layer.category) for layer in build_layers(document) if layer.category]
    return found or [(n, category, category) for n, category in enumerate(FALLBACK_CATEGORIES)]


def resolve_category(root: Path, layer: int | None, category: str | None) -> str | None:
    known = layers(root)
    listing = ", ".join(f"{number} {cat}" for number, _, cat in known)
    if layer is not None:
        for number, _, cat in known:
            if number == layer:
                return cat
        raise ScaffoldError(f"there is no layer {layer}; the layers are {listing}")
    if category is not None:
        for _, _, cat in known:
            if cat.lower() == category.strip().lower():
                return cat
        raise ScaffoldError(f"'{category}' is not a layer category; choose one of {listing}")
    return None


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _layer_comment(root: Path) -> list[str]:
    names = [f"{cat} ({number})" for number, _, cat in layers(root)]
    lines = ["# The layer it sits on, by category (layer number in brackets):", "#"]
    for index, name in enumerate(names):
        item = f" {name}" + ("." if index == len(names) - 1 else ",")
        if len(lines[-1]) + len(item) > 78:
            lines.append("#")
        lines[-1] += item
    return lines


def render_service(root: Path, name: str, category: str | None) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../authority/schema/{KINDS['service'].schema}.schema.json",
        f"# Manifest of {name}, started by `getchitty new service`. Each \"<...>\" value",
        "# is a decision for you; `getchitty check` names every one still open. The",
        "# authors' guide (/authors/adding-a-service/) explains each field.",
        f"service_name: {name}",
        "entity_type: Service",
        *_layer_comment(root),
        f"category: {category}" if category else 'category: "<layer category>"',
        "# Planned until it has a repository and a *.chitty.cc domain; any other",
        "# status needs github_repo and primary_domain as well.",
        "status: Planned",
        "# Who answers for it: team handles (@org/team) or roles from",
        "# etc/chittyos/access.yml.",
        "owners:",
        '  - "<team/owners>"',
        f"description: {_quote(f'<describe what {name} does, in a sentence or two>')}",
        "# Add the rest as it becomes true; the guide lists every field.",
        f"# github_repo: https://github.com/chittyos/{name}",
        f"# primary_domain: {name}.chitty.cc",
        "# tier: tier2",
        "# ontology: [identity:validate]    # <domain>:<capability> from etc/chittyos/ontology.yml",
        "# scopes: [identity:validate]      # granted to it in etc/chittyos/scopes.yml",
        "# depends_on: [chittyid]           # same or lower layers only",
        "# secrets: [CHITTY_AUTH_TOKEN]     # env names listed in etc/chittyos/secrets.yml",
        "# exposes: {api: true, health: true}",
        f"# routes: {{api: https://{name}.chitty.cc/api, health: https://{name}.chitty.cc/health}}",
        "# oncall: \"@chittyos/yourteam\"",
        "# runbooks: {deploy: ..., incident: ..., rollback: ...}",
        "",
    ]
    return "\n".join(lines)


def render_datalayer(root: Path, name: str, category: str | None) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../authority/schema/{KINDS['datalayer'].schema}.schema.json",
        f"# Data layer {name}, started by `getchitty new datalayer`. Each \"<...>\" value",
        "# is a decision for you; `getchitty check` names every one still open. The",
        "# authors' guide (/authors/adding-a-service/) explains each field.",
        f"service_name: {name}",
        "entity_type: DataLayer",
    ]
    if category:
        lines += [*_layer_comment(root), f"category: {category}"]
    else:
        lines += ["# Data layers sit on the Data layer unless a category says otherwise."]
    lines += [
        "status: Planned",
        "# Who answers for it: team handles (@org/team) or roles from",
        "# etc/chittyos/access.yml.",
        "owners:",
        '  - "<team/owners>"',
        f"description: {_quote(f'<describe what {name} holds, in a sentence or two>')}",
        "# One of Public, Internal, Confidential or Restricted.",
        'data_classification: "<classification>"',
        f"retention_policy: {_quote('<how long records are kept, and what happens to them then>')}",
        "# Add the rest as it becomes true; the guide lists every field.",
        "# storage: Where the data lives today.",
        "# jurisdiction: US",
        "# depends_on: [chittyid]",
        "",
    ]
    return "\n".join(lines)


def render_page(kind: Kind, name: str) -> str:
    return (
        "<!--\n"
        f"Optional prose for {name}. The site shows it on /{kind.page_folder}/{name}/, below the\n"
        f"summary generated from {SOURCES}/{kind.folder}/{name}.yml. Write what a newcomer needs\n"
        "that the manifest cannot say: a first request, how to get access, common\n"
        "errors, who to ask. Delete this file if the summary says enough.\n"
        "-->\n"
    )


def _inside(root: Path, target: Path) -> bool:
    return target.resolve().is_relative_to(root.resolve())


def _write_new(root: Path, relpath: str, text: str) -> None:
    target = root / relpath
    if not _inside(root, target):
        raise ScaffoldError(f"{relpath} resolves to a path outside the repository")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # never overwrite
        handle.write(text)


def create(root: Path, kind_name: str, name: str, *, layer: int | None = None, category: str | None = None,
           page: bool = True) -> list[str]:
    """Write the new entity's files; returns what was written. Raises ScaffoldError."""
    kind = KINDS[kind_name]
    check_name(name)
    if not (root / SOURCES).is_dir():
        raise ScaffoldError(f"{root} has no {SOURCES}/ folder: not a getchitty repository")
    owner = taken_by(root, name)
    if owner:
        raise ScaffoldError(f"the name '{name}' is taken by {owner}")
    chosen = resolve_category(root, layer, category)
    manifest = f"{SOURCES}/{kind.folder}/{name}.yml"
    render = render_service if kind.entity_type == "Service" else render_datalayer
    try:
        _write_new(root, manifest, render(root, name, chosen))
    except FileExistsError:
        raise ScaffoldError(f"{manifest} already exists") from None
    written = [manifest]
    if page:
        relpage = f"docs/{kind.page_folder}/{name}.md"
        try:
            _write_new(root, relpage, render_page(kind, name))
            written.append(relpage)
        except FileExistsError:
            pass  # an existing author page is kept as it is
    return written


def run(args: argparse.Namespace) -> int:
    root = Path(args.path)
    try:
        written = create(root, args.kind, args.name, layer=args.layer, category=args.category, page=not args.no_page)
    except ScaffoldError as exc:
        print(f"getchitty new: {exc}", file=sys.stderr)
        return 2
    for relpath in written:
        print(f"wrote {relpath}")
    kind = KINDS[args.kind]
    if not args.no_page and f"docs/{kind.page_folder}/{args.name}.md" not in written:
        print(f"kept docs/{kind.page_folder}/{args.name}.md as it was")
    print("next: decide every \"<...>\" value (`getchitty check` lists them), then preview with `make serve`")
    return 0


class _IntermixedParser(argparse.ArgumentParser):
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


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new", help="start the manifest of a new service or data layer",
        description="Write etc/chittyos/<folder>/NAME.yml with every value you must decide marked \"<...>\" "
                    "(getchitty check names each one), and an optional prose page under docs/.")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND", parser_class=_IntermixedParser)
    for kind in KINDS.values():
        sub = kinds.add_parser(kind.command, help=f"a new {kind.entity_type} under {SOURCES}/{kind.folder}/")
        sub.add_argument("name", metavar="NAME", help="lowercase letters and digits, starting with a letter")
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--layer", type=int, metavar="N", help="the layer number (etc/chittyos/layers.yml)")
        where.add_argument("--category", metavar="C", help="the layer category, e.g. Core")
        sub.add_argument("--no-page", action="store_true", help=f"do not start docs/{kind.page_folder}/NAME.md")
        sub.add_argument("path", nargs="?", default=".", metavar="PATH", help="repository root (default: the current directory)")
        sub.set_defaults(run=run)
