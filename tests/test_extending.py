"""Where the domain's shape is written down: a new field and a new entity kind, end to end, with no other change.

- A new optional field is one schema edit: the check validates it, the page shows it (linked, since the
  schema says it is a URL), the read model publishes it (the entity's file and its kind's index, valid
  against the published schemas), `getchitty new` offers it and `getchitty import` carries it over.
- A new entity kind is one `KINDS` row in model.py, its schema and its page template: its manifests are
  checked, rendered, listed in the catalog, drawn on the map, published under /api/ and named by the read
  model's schemas, and `getchitty new` scaffolds them.

Both run a scratch copy of the package (its code, templates and seed data, as a checkout lays them out) in a
subprocess, so the proof cannot lean on anything but the edits it makes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
from engine_support import REPO, TRUST_MANIFEST, build_eco, run_check, write

SCHEMA = "etc/authority/schema/getchitty-service.schema.json"
STATUS_PAGE = "https://status.chitty.cc/trust"


def scratch_package(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the package as a checkout lays it out (generator/, templates/, etc/), importable as
    `getchitty`; returns the copy and the environment that runs it."""
    copy = tmp_path / "package"
    shutil.copytree(REPO / "generator", copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", copy / "templates")
    shutil.copytree(REPO / "etc" / "authority", copy / "etc" / "authority")
    shutil.copytree(REPO / "etc" / "profiles", copy / "etc" / "profiles")
    (copy / "etc/chittyos").mkdir()
    shutil.copy(REPO / "etc/chittyos/layers.yml", copy / "etc/chittyos/layers.yml")
    (copy / "path").mkdir()
    (copy / "path" / "getchitty").symlink_to(copy / "generator")
    env = {**os.environ, "PYTHONPATH": str(copy / "path"), "NO_MKDOCS_2_WARNING": "1"}
    return copy, env


RENDER = textwrap.dedent("""
    import json, sys, getchitty
    from pathlib import Path
    from getchitty.engine import check
    from getchitty.render import render_site
    assert Path(getchitty.__file__).resolve().is_relative_to(Path(sys.argv[2]).resolve()), getchitty.__file__
    result = check(sys.argv[1], use_cache=False)
    site = render_site(result)
    json.dump({"findings": [v.location + " " + v.rule for v in result.violations],
               "pages": site.pages, "assets": site.assets}, sys.stdout)
""")


def render_with(package: Path, env: dict[str, str], tree: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", RENDER, str(tree), str(package)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli(package: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    code = "import sys; from getchitty.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300)


def edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data, indent=2))


def valid(document: object, schema_text: str) -> None:
    jsonschema.Draft202012Validator(json.loads(schema_text)).validate(document)


# --- a field ------------------------------------------------------------------------------------------------


def add_status_page(schema: dict) -> None:
    schema["properties"]["status_page"] = {"type": "string", "format": "uri",
                                           "description": "Where the service publishes its status."}


def test_a_new_optional_linked_field_is_one_schema_edit(tmp_path):
    package, env = scratch_package(tmp_path)
    edit_json(package / SCHEMA, add_status_page)
    tree = build_eco(tmp_path / "repo")
    shutil.copy(package / SCHEMA, tree / SCHEMA)
    write(tree, "etc/chittyos/services/chittytrust.yml", TRUST_MANIFEST + f"status_page: {STATUS_PAGE}\n", dedent=False)

    site = render_with(package, env, tree)
    assert site["findings"] == []
    page = site["pages"]["service/chittytrust.md"]
    assert f'<a href="{STATUS_PAGE}">' in page, "shown as a link, from `format: uri`"
    assert "status&#95;page" in page
    entity = json.loads(site["assets"]["api/services/chittytrust.json"])
    index = json.loads(site["assets"]["api/services.json"])
    assert entity["status_page"] == STATUS_PAGE
    assert [e["status_page"] for e in index["services"] if e["id"] == "chittytrust"] == [STATUS_PAGE]
    valid(index, site["assets"]["schemas/api-index.schema.json"])
    valid(entity, site["assets"]["schemas/api-entity.schema.json"])

    assert cli(package, env, "new", "service", "chittynew", str(tree)).returncode == 0
    assert "# status_page: " in (tree / "etc/chittyos/services/chittynew.yml").read_text(), "offered by `new`"

    upstream = tmp_path / "upstream"
    write(upstream, "authority/services/chittyfoo.json", json.dumps({
        "service_name": "chittyfoo", "entity_type": "Service", "category": "Core", "status": "Planned",
        "owners": ["@chittyos/platform"], "status_page": "https://status.chitty.cc/foo"}))
    imported = cli(package, env, "import", str(upstream), "--into", str(tmp_path / "imported"))
    assert imported.returncode in (0, 1), imported.stderr
    assert "status_page: https://status.chitty.cc/foo" in (tmp_path / "imported/etc/chittyos/services/chittyfoo.yml").read_text()


def test_an_unknown_field_is_still_refused(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", TRUST_MANIFEST + "cost_center: CC-1042\n", dedent=False)
    assert [v.rule for v in run_check(eco).violations] == ["schema/unknown-field"]


# --- a kind -------------------------------------------------------------------------------------------------

KIND_ROW = '''    EntityKind("Component", f"{SOURCES_DIR}/components", "getchitty-component", "component", "component",
               command="component"),
'''
COMPONENT_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://get.chitty.cc/schemas/getchitty-component.schema.json",
    "title": "A component of a ChittyOS service",
    "type": "object",
    "required": ["service_name", "entity_type", "status", "owners"],
    "properties": {
        "service_name": {"type": "string", "pattern": "^[a-z][a-z0-9]*$"},
        "entity_type": {"type": "string", "enum": ["Component"]},
        "status": {"$ref": "getchitty-service.schema.json#/properties/status"},
        "owners": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "description": {"type": "string", "minLength": 1},
        "depends_on": {"type": "array", "items": {"type": "string"}, "x-getchitty-show": "entities"},
    },
    "additionalProperties": False,
}
COMPONENT_TEMPLATE = """\
{% import "_macros.md.j2" as m with context %}
{% import "_record.md.j2" as rec with context %}
{% set record = records[entity.name] %}
# {{ entity.name }}

{{ entity.status | badge }} {{ entity.description }}

- Owners: {{ m.owner_links(entity.owners) }}

{{ rec.dependencies(record) }}

{{ m.other_fields(fields) }}

{{ m.governance_table(governance) }}
"""


def test_a_new_entity_kind_is_a_kinds_row_a_schema_and_a_template(tmp_path):
    package, env = scratch_package(tmp_path)
    model = package / "generator/model.py"
    text = model.read_text()
    anchor = "KINDS: tuple[EntityKind, ...] = (\n"
    assert text.count(anchor) == 1
    model.write_text(text.replace(anchor, anchor + KIND_ROW))
    schema = json.dumps(COMPONENT_SCHEMA, indent=2)
    (package / "etc/authority/schema/getchitty-component.schema.json").write_text(schema)
    (package / "templates/component.md.j2").write_text(COMPONENT_TEMPLATE)

    tree = build_eco(tmp_path / "repo")
    write(tree, "etc/authority/schema/getchitty-component.schema.json", schema, dedent=False)
    write(tree, "etc/chittyos/components/widget.yml", """\
        service_name: widget
        entity_type: Component
        status: Planned
        owners: ["@chittyos/platform"]
        description: Draws the widgets.
        depends_on: [chittytrust]
        """)

    site = render_with(package, env, tree)
    assert site["findings"] == []  # checked: the schema validates it, and its dependency resolves
    assert "Draws the widgets." in site["pages"]["component/widget.md"]
    assert "widget" in site["pages"]["catalog/index.md"]
    assert 'data-node="widget"' in site["pages"]["architecture/index.md"], "drawn on the map"
    index = json.loads(site["assets"]["api/components.json"])
    assert [entry["id"] for entry in index["components"]] == ["widget"]
    assert json.loads(site["assets"]["api/components/widget.json"])["depends_on"] == ["chittytrust"]
    for name in ("api-index", "api-entity", "api-scorecard"):
        assert "Component" in site["assets"][f"schemas/{name}.schema.json"], name
    valid(index, site["assets"]["schemas/api-index.schema.json"])
    trust = json.loads(site["assets"]["api/services/chittytrust.json"])
    assert "widget" in trust["used_by"]

    made = cli(package, env, "new", "component", "gizmo", str(tree))
    assert made.returncode == 0, made.stderr
    assert "entity_type: Component" in (tree / "etc/chittyos/components/gizmo.yml").read_text()
