"""`getchitty new` and the authoring/undecided rule: the path of an author adding a service."""

from __future__ import annotations

import html as html_lib
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from engine_support import REPO, build_eco, findings, run_check, run_cli, write

from getchitty.rules.authoring import UNDECIDED

SERVICE_SCHEMA = "etc/authority/schema/getchitty-service.schema.json"
DATALAYER_SCHEMA = "etc/authority/schema/getchitty-data-layer.schema.json"
BIN = REPO / ".venv" / "bin"


def undecided_fields(root: Path, entity: str) -> dict[str, str]:
    """field → rule of every error the check reports on `entity` (one finding per field expected)."""
    result = run_check(root)
    errors = [v for v in result.errors if v.entity == entity]
    fields = {v.field: v.rule for v in errors}
    assert len(fields) == len(errors), f"more than one finding for a field: {errors}"
    return fields


def manifest(root: Path, folder: str, name: str) -> str:
    return (root / "etc/chittyos" / folder / f"{name}.yml").read_text(encoding="utf-8")


# --- what `new` writes ------------------------------------------------------

def test_new_service_writes_manifest_and_page(capsys, eco):
    code, out, err = run_cli(capsys, "new", "service", "foo", str(eco))
    assert code == 0, err
    assert out.splitlines()[:2] == ["wrote etc/chittyos/services/foo.yml", "wrote docs/service/foo.md"]
    text = manifest(eco, "services", "foo")
    assert text.splitlines()[0] == \
        "# yaml-language-server: $schema=../../authority/schema/getchitty-service.schema.json"
    assert (eco / "etc/chittyos/services" / "../../authority/schema/getchitty-service.schema.json").resolve() == \
        (eco / SERVICE_SCHEMA).resolve()
    data = yaml.safe_load(text)
    assert data["service_name"] == "foo" and data["entity_type"] == "Service" and data["status"] == "Planned"
    page = (eco / "docs/service/foo.md").read_text(encoding="utf-8")
    assert page.startswith("<!--") and page.rstrip().endswith("-->")  # renders nothing until the author writes


def _decided(data: dict, values: dict) -> dict:
    return {key: values.get(key, value) for key, value in data.items()}


@pytest.mark.parametrize("kind, folder, schema, decisions", [
    ("service", "services", SERVICE_SCHEMA,
     {"category": "Core", "owners": ["@chittyos/platform"], "description": "Does foo."}),
    ("datalayer", "datalayers", DATALAYER_SCHEMA,
     {"owners": ["data"], "description": "Holds foo.", "data_classification": "Internal",
      "retention_policy": "One year."}),
])
def test_manifest_is_schema_shaped(capsys, eco, kind, folder, schema, decisions):
    """Only the marked values stand between the new manifest and a valid one."""
    assert run_cli(capsys, "new", kind, "foo", str(eco))[0] == 0
    data = yaml.safe_load(manifest(eco, folder, "foo"))
    validator = jsonschema.Draft7Validator(json.loads((eco / schema).read_text()))
    assert not validator.is_valid(data)
    assert list(validator.iter_errors(_decided(data, decisions))) == []


def test_service_check_names_exactly_the_undecided_fields(capsys, eco):
    assert run_cli(capsys, "new", "service", "foo", str(eco))[0] == 0
    assert undecided_fields(eco, "foo") == {
        "category": "schema/enum",  # a fixed choice: the schema lists the choices
        "owners": "ownership/placeholder",
        "description": "authoring/undecided",
    }


def test_layer_decides_the_category(capsys, eco):
    assert run_cli(capsys, "new", "service", "foo", "--layer", "2", str(eco))[0] == 0
    assert yaml.safe_load(manifest(eco, "services", "foo"))["category"] == "Core"
    assert undecided_fields(eco, "foo") == {"owners": "ownership/placeholder", "description": "authoring/undecided"}


def test_category_option_ignores_case(capsys, eco):
    assert run_cli(capsys, "new", "service", "foo", "--category", "sync", str(eco))[0] == 0
    assert yaml.safe_load(manifest(eco, "services", "foo"))["category"] == "Sync"


def test_datalayer_check_names_exactly_the_undecided_fields(capsys, eco):
    code, out, _ = run_cli(capsys, "new", "datalayer", "foo", str(eco))
    assert code == 0 and "wrote docs/datalayer/foo.md" in out
    assert manifest(eco, "datalayers", "foo").startswith(
        "# yaml-language-server: $schema=../../authority/schema/getchitty-data-layer.schema.json\n")
    assert undecided_fields(eco, "foo") == {
        "owners": "ownership/placeholder",
        "description": "authoring/undecided",
        "data_classification": "schema/enum",
        "retention_policy": "authoring/undecided",
    }


def test_undecided_findings_point_at_the_markers(capsys, eco):
    assert run_cli(capsys, "new", "service", "foo", "--layer", "1", str(eco))[0] == 0
    lines = manifest(eco, "services", "foo").splitlines()
    for v in findings(eco):
        if v.entity == "foo":
            assert lines[v.line - 1][v.col - 1] in "\"<", (v, lines[v.line - 1])


def test_no_page_option_and_existing_page_is_kept(capsys, eco):
    code, out, _ = run_cli(capsys, "new", "service", "foo", "--no-page", str(eco))
    assert code == 0 and "docs/" not in out and not (eco / "docs").exists()
    write(eco, "docs/service/bar.md", "Hand-written.\n")
    code, out, _ = run_cli(capsys, "new", "service", "bar", str(eco))
    assert code == 0 and "kept docs/service/bar.md" in out
    assert (eco / "docs/service/bar.md").read_text() == "Hand-written.\n"


def test_options_may_come_between_name_and_path(capsys, eco):
    assert run_cli(capsys, "new", "service", "foo", "--layer", "2", "--no-page", str(eco))[0] == 0
    assert (eco / "etc/chittyos/services/foo.yml").is_file()


# --- what `new` refuses -----------------------------------------------------

@pytest.mark.parametrize("name", ["../foo", "foo/../../x", "Foo", "1foo", "foo-bar", "foo_bar", "foo.yml",
                                  "", " foo", "foo\n", "a" * 64, "ｆoo"])
def test_unsafe_names_are_refused(capsys, eco, name):
    before = sorted(p.relative_to(eco) for p in eco.rglob("*"))
    code, out, err = run_cli(capsys, "new", "service", name, str(eco))
    assert code == 2 and "not a safe name" in err and out == ""
    assert sorted(p.relative_to(eco) for p in eco.rglob("*")) == before


@pytest.mark.parametrize("kind, name, holder", [
    ("service", "chittyid", "etc/chittyos/services/chittyid.yml"),
    ("service", "chittyledger", "etc/chittyos/datalayers/chittyledger.yml"),
    ("datalayer", "chittyauth", "etc/chittyos/services/chittyauth.yml"),
])
def test_taken_names_are_refused(capsys, eco, kind, name, holder):
    before = (eco / holder).read_bytes()
    code, _, err = run_cli(capsys, "new", kind, name, str(eco))
    assert code == 2 and f"taken by {holder}" in err
    assert (eco / holder).read_bytes() == before


def test_names_taken_by_composites_and_by_service_name_are_refused(capsys, eco):
    write(eco, "etc/chittyos/composites/chittysuite.yml", "service_name: chittysuite\nentity_type: Composite\n")
    write(eco, "etc/chittyos/services/oddfile.yml", "service_name: chittyodd\nentity_type: Service\n")
    assert "taken by etc/chittyos/composites/chittysuite.yml" in run_cli(capsys, "new", "service", "chittysuite", str(eco))[2]
    assert "taken by etc/chittyos/services/oddfile.yml" in run_cli(capsys, "new", "service", "chittyodd", str(eco))[2]


def test_bad_layer_or_category_is_refused(capsys, eco):
    code, _, err = run_cli(capsys, "new", "service", "foo", "--layer", "42", str(eco))
    assert code == 2 and "no layer 42" in err and "2 Core" in err
    code, _, err = run_cli(capsys, "new", "service", "foo", "--category", "Kernel", str(eco))
    assert code == 2 and "'Kernel' is not a layer category" in err
    code, _, _ = run_cli(capsys, "new", "service", "foo", "--layer", "1", "--category", "Core", str(eco))
    assert code == 2
    assert not (eco / "etc/chittyos/services/foo.yml").exists()


def test_outside_a_repository_is_a_usage_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "new", "service", "foo", str(tmp_path))
    assert code == 2 and "not a getchitty repository" in err


def test_a_symlinked_folder_cannot_lead_outside(capsys, eco, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(eco / "etc/chittyos/datalayers")
    (eco / "etc/chittyos/datalayers").symlink_to(outside)
    code, _, err = run_cli(capsys, "new", "datalayer", "foo", str(eco))
    assert code == 2 and "outside the repository" in err
    assert list(outside.iterdir()) == []


# --- the authoring/undecided rule on its own -------------------------------

def test_rule_flags_free_text_markers_anywhere(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", """\
        service_name: chittytrust
        entity_type: Service
        category: Foundation
        status: Planned
        description: Trust reputation scoring.
        owners: [platform]
        runbooks:
          deploy: "<how to deploy>"
          incident: Page the owners.
        notes: "  <anything else?>  "
        webhooks:
          - name: "<hook name>"
        """)
    got = [(v.field, v.line, v.col, v.message) for v in findings(eco, UNDECIDED.id)]
    assert got == [
        ("runbooks.deploy", 8, 11, "runbooks.deploy is undecided: <how to deploy>"),
        ("notes", 10, 8, "notes is undecided: <anything else?>"),
        ("webhooks[0].name", 12, 11, "webhooks[0].name is undecided: <hook name>"),
    ]


def test_rule_leaves_schema_and_owner_markers_to_their_rules(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", """\
        service_name: chittytrust
        entity_type: Service
        category: Foundation
        status: Planned
        description: Trust reputation scoring.
        owners: ["<owners>"]
        tier: "<tier>"
        charter_url: "<charter URL>"
        """)
    result = run_check(eco)
    assert findings(result, UNDECIDED.id) == []
    assert {(v.rule, v.field) for v in result.errors} == {
        ("ownership/placeholder", "owners"), ("schema/pattern", "tier"), ("schema/format", "charter_url")}


def test_rule_ignores_text_that_merely_contains_angle_brackets(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", """\
        service_name: chittytrust
        entity_type: Service
        category: Foundation
        status: Planned
        description: Scores trust; see <https://trust.chitty.cc> for the model.
        owners: [platform]
        notes: "<>"
        """)
    assert findings(eco, UNDECIDED.id) == []


def test_undecided_value_can_be_waived_like_any_finding(eco):
    write(eco, "etc/chittyos/services/chittytrust.yml", """\
        service_name: chittytrust
        entity_type: Service
        category: Foundation
        status: Planned
        description: "<describe it>"
        owners: [platform]
        """)
    write(eco, "etc/chittyos/waivers.yml", """\
        waivers:
          - rule: authoring/undecided
            entity: chittytrust
            field: description
            reason: The service's scope is being decided in the roadmap.
            owner: "@chittyos/platform"
            expires: "2099-01-01"
        """)
    result = run_check(eco)
    assert not result.failed()
    assert [(v.rule, v.field) for v in result.waived] == [("authoring/undecided", "description")]


# --- the whole author path --------------------------------------------------

def _author_tree(dest: Path) -> Path:
    """A small repository an author could work in: the fixture ecosystem plus the site's own files."""
    root = build_eco(dest)
    for name in ("mkdocs.yml",):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, root / name)
    for folder in ("docs", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=root, capture_output=True, text=True, env=env,
                          timeout=300)


def _fill(root: Path) -> None:
    path = root / "etc/chittyos/services/foo.yml"
    text = path.read_text(encoding="utf-8")
    for marker, value in [('"<layer category>"', "Core"), ('"<team/owners>"', '"@chittyos/platform"'),
                          ('"<describe what foo does, in a sentence or two>"', "Turns foo into bar for every service.")]:
        assert text.count(marker) == 1, marker
        text = text.replace(marker, value)
    path.write_text(text, encoding="utf-8")
    page = root / "docs/service/foo.md"
    page.write_text("## First request\n\nCall `GET /api/foo` with your service token.\n", encoding="utf-8")


@pytest.fixture
def author_repo(tmp_path):
    return _author_tree(tmp_path / "work")


def test_author_path_new_check_fill_check(author_repo):
    root = author_repo
    done = _run(root, "getchitty", "check", "--no-cache")
    assert done.returncode == 0, done.stdout

    done = _run(root, "getchitty", "new", "service", "foo")
    assert done.returncode == 0, done.stderr

    done = _run(root, "getchitty", "check", "--no-cache", "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert sorted((f["field"], f["rule"]) for f in report["findings"]) == [
        ("category", "schema/enum"), ("description", "authoring/undecided"), ("owners", "ownership/placeholder")]
    assert {f["path"] for f in report["findings"]} == {"etc/chittyos/services/foo.yml"}

    _fill(root)
    done = _run(root, "getchitty", "check", "--no-cache")
    assert done.returncode == 0, done.stdout


def test_author_path_ends_on_the_built_page(author_repo):
    root = author_repo
    if not (root / "mkdocs.yml").is_file():
        pytest.fail("mkdocs.yml is missing from the repository: the site cannot be built")
    assert _run(root, "getchitty", "new", "service", "foo").returncode == 0
    _fill(root)
    done = _run(root, "mkdocs", "build", "--site-dir", str(root / "site"))
    assert done.returncode == 0, done.stderr[-3000:]
    page = root / "site/service/foo/index.html"
    assert page.is_file(), sorted(p.name for p in (root / "site").iterdir())
    html = page.read_text(encoding="utf-8")
    assert "Turns foo into bar for every service." in html  # the generated summary
    assert "First request" in html and "GET /api/foo" in html  # the author's prose, merged under it
    # The /access/ gate table shows the gates `getchitty gate` applies.
    access_page = html_lib.unescape((root / "site/access/index.html").read_text(encoding="utf-8"))
    for gate in run_check(root).ecosystem.access.gates:
        assert gate.name in access_page and all(label in access_page for label in gate.labels)
        assert all(path in access_page for path in gate.paths)
