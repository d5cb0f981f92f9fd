"""`getchitty new`: start a manifest (and its optional prose page) for a new entity.

The manifest is valid YAML in the shape of its schema, with the editor's schema
modeline on line 1. Every value only the author can decide is written as a
`<...>` marker, so that `getchitty check` names each one until it is decided:
owners (ownership/placeholder), free text (authoring/undecided), and a choice
from a fixed list (the schema's enum finding, which lists the choices).
"""

from __future__ import annotations

import json
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
    field_specs,
    manifest_keys,
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


def render_manifest(root: Path, kind: EntityKind, name: str, category: str | None) -> str:
    """A new manifest of `kind`, made from its schema: every required field (and those `new` asks for anyway)
    with its value or a `<...>` marker, then every other field as a comment with its example or description."""
    document = load(root, schema_path(kind.schema)).document
    schema = document.data if document is not None else {}
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    name_field, kind_field = manifest_keys("name")[0], manifest_keys("kind")[0]
    category_field, status_field = manifest_keys("category")[0], manifest_keys("status")[0]
    lines = [
        f"# yaml-language-server: $schema=../../authority/schema/{kind.schema}.schema.json",
        f"# {kind.noun.capitalize()} {name}, started by `getchitty new {kind.command}`. Each \"<...>\" value",
        "# is a decision for you; `getchitty check` names every one still open. The",
        "# authors' guide (/authors/adding-a-service/) explains each field.",
    ]
    later = []
    for spec in field_specs(schema):
        prop = properties[spec.name]
        if spec.name == name_field:
            lines.append(f"{spec.name}: {name}")
        elif spec.name == kind_field:
            lines.append(f"{spec.name}: {kind.entity_type}")
        elif spec.name == category_field and (category or spec.required):
            lines += [*_layer_comment(root), f"{spec.name}: {category}" if category else f'{spec.name}: "<layer category>"']
        elif spec.name == category_field:
            lines.append(f"# {kind.noun.capitalize()}s sit on the {kind.default_category} layer unless a category says otherwise.")
        elif spec.name == status_field:
            statuses = enum_of(schema, status_field)
            lines += ["# Every entity starts at the beginning of the lifecycle; the status rule and the",
                      "# check say when the sources show more.", f"{spec.name}: {statuses[0] if statuses else '<status>'}"]
        elif spec.required or spec.name in kind.asks:
            lines += [*_comment(spec.description), *_marker(spec.name, prop, name)]
        else:
            later.append(f"# {spec.name}: {_example(prop)}")
    if later:
        lines += ["# Add the rest as it becomes true; the guide lists every field.", *later]
    return "\n".join([*lines, ""])


def _comment(text: str) -> list[str]:
    words, lines = text.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) > 76:
            lines.append("")
        lines[-1] += (" " if lines[-1] else "") + word
    return [f"# {line}" for line in lines if line]


ASK_KEYWORD = "x-getchitty-ask"  # a schema annotation: what `getchitty new` asks the author to write in a field


def _marker(field_name: str, prop: dict, name: str) -> list[str]:
    """The field with what the author must decide, as the marker the check names: an owner placeholder,
    a choice from the schema's list, or free text."""
    if prop.get("type") == "array":
        owners = field_name == manifest_keys("owners")[0]
        return [f"{field_name}:", f"  - {_quote('<team/owners>' if owners else f'<{field_name}>')}"]
    words = field_name.replace("_", " ")
    asked = prop.get(ASK_KEYWORD)
    if isinstance(asked, str) and asked:
        words = asked.replace("{name}", name)
    elif not prop.get("enum"):
        words = f"{words} of {name}"
    return [f"{field_name}: {_quote(f'<{words}>')}"]


def _example(prop: dict) -> str:
    """A commented field's value: the schema's first example, else what it holds."""
    examples = prop.get("examples")
    if isinstance(examples, list) and examples:
        return json.dumps(examples[0], ensure_ascii=False)
    description = str(prop.get("description") or "").split(". ")[0].rstrip(".")
    return f"... {('# ' + description) if description else ''}".rstrip()


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
    try:
        _write_new(root, manifest, render_manifest(root, kind, name, chosen))
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
