"""`getchitty new`: start a manifest (and its optional prose page) for a new entity.

The manifest is valid YAML in the shape of its schema, with the editor's schema
modeline on line 1. Every value only the author can decide is written as a
`<...>` marker, so that `getchitty check` names each one until it is decided:
owners (ownership/placeholder), free text (authoring/undecided), and a choice
from a fixed list (the schema's enum finding, which lists the choices).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import UsageError
from .load import iter_files, load
from .model import (
    DOCS_DIR,
    KIND_BY_COMMAND,
    KINDS,
    MODEL_BY_NAME,
    SOURCES_DIR,
    EntityKind,
    build_layers,
    enum_of,
    schema_path,
)
from .names import MAX_NAME, safe_name


class ScaffoldError(UsageError):
    """The entity cannot be created as asked (exit code 2)."""


def check_name(name: str) -> None:
    if not safe_name(name):
        raise ScaffoldError(
            f"'{name}' is not a safe name: use lowercase letters and digits only, starting with a letter "
            f"(at most {MAX_NAME} characters), e.g. chittyfoo; the name becomes the file name and the page URL")


def taken_by(root: Path, name: str) -> str | None:
    """The manifest that already uses `name` as its file name or service_name, if any."""
    for kind in KINDS:
        for relpath in iter_files(root, kind.folder):
            if Path(relpath).stem.lower() == name:
                return relpath
            result = load(root, relpath)
            data = result.document.data if result.document is not None else None
            if isinstance(data, dict) and data.get("service_name") == name:
                return relpath
    return None


def layers(root: Path) -> list[tuple[int, str, str]]:
    """(number, name, category) of every layer in etc/chittyos/layers.yml, or else the service schema's
    categories, which the Canon lists in layer order."""
    document = load(root, MODEL_BY_NAME["layers"].path).document
    found = [(layer.number, layer.name, layer.category) for layer in build_layers(document) if layer.category]
    if found:
        return found
    schema = load(root, schema_path(KIND_BY_COMMAND["service"].schema)).document
    categories = enum_of(schema.data, "category") if schema is not None else ()
    return [(n, category, category) for n, category in enumerate(categories)]


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
        f"# yaml-language-server: $schema=../../authority/schema/{KIND_BY_COMMAND['service'].schema}.schema.json",
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
        "# tier: 2",
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
        f"# yaml-language-server: $schema=../../authority/schema/{KIND_BY_COMMAND['datalayer'].schema}.schema.json",
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


def render_page(kind: EntityKind, name: str) -> str:
    return (
        "<!--\n"
        f"Optional prose for {name}. The site shows it on /{kind.page_folder}/{name}/, below the\n"
        f"summary generated from {kind.manifest(name)}. Write what a newcomer needs\n"
        "that the manifest cannot say: a first request, how to get access, common\n"
        "errors, who to ask. Delete this file if the summary says enough.\n"
        "-->\n"
    )


def _write_new(root: Path, relpath: str, text: str) -> None:
    """Create `relpath` under `root`: never overwriting, never through a link, never blocking on a FIFO."""
    target = root / relpath
    parent = target.parent
    if not parent.resolve().is_relative_to(root.resolve()):
        raise ScaffoldError(f"{relpath} resolves to a path outside the repository")
    parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(target, flags, 0o644)  # O_EXCL: an existing file, link or FIFO is FileExistsError
    with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ScaffoldError(f"{relpath} is not a regular file")
        handle.write(text)


def create(root: Path, command: str, name: str, *, layer: int | None = None, category: str | None = None,
           page: bool = True) -> list[str]:
    """Write the new entity's files; returns what was written. Raises ScaffoldError."""
    kind = KIND_BY_COMMAND[command]
    check_name(name)
    if not (root / SOURCES_DIR).is_dir():
        raise ScaffoldError(f"{root} has no {SOURCES_DIR}/ folder: not a getchitty repository")
    owner = taken_by(root, name)
    if owner:
        raise ScaffoldError(f"the name '{name}' is taken by {owner}")
    chosen = resolve_category(root, layer, category)
    manifest = kind.manifest(name)
    render = render_service if kind.command == "service" else render_datalayer
    try:
        _write_new(root, manifest, render(root, name, chosen))
    except FileExistsError:
        raise ScaffoldError(f"{manifest} already exists") from None
    written = [manifest]
    if page:
        relpage = page_path(kind, name)
        try:
            _write_new(root, relpage, render_page(kind, name))
            written.append(relpage)
        except FileExistsError:
            pass  # an existing author page is kept as it is
    return written


def page_path(kind: EntityKind, name: str) -> str:
    """The author's prose page merged into the entity's generated page."""
    return f"{DOCS_DIR}/{kind.page(name)}"
