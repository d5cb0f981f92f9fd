"""syntax/* and io/* through the whole check: a broken file is reported at its own
path and position, and the rest of the repository is still checked."""

from __future__ import annotations

import os

import pytest
from engine_support import findings, located, refuse_reading, run_check, write

SERVICES = "etc/chittyos/services"
CHITTYTRUST = f"{SERVICES}/chittytrust.yml"
CHITTYSYNC = f"{SERVICES}/chittysync.yml"


def test_syntax_error_in_a_manifest(eco):
    write(eco, CHITTYTRUST, "service_name: chittytrust\nowners: [platform\n", dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/invalid-yaml", CHITTYTRUST, 2, 18)
    assert v.message == "did not find expected ',' or ']' (while parsing a flow sequence started at line 2, column 9)"
    assert v.hint.startswith("Fix the YAML at the given position")


def test_other_manifests_are_still_checked(eco):
    write(eco, CHITTYTRUST, "service_name: [\n", dedent=False)
    text = (eco / CHITTYSYNC).read_text().replace("depends_on: [chittyauth, chittyledger]", "depends_on: [chittyghost]")
    write(eco, CHITTYSYNC, text, dedent=False)
    assert located(findings(eco)) == [
        ("deps/unknown", CHITTYSYNC, 9, 14),
        ("syntax/invalid-yaml", CHITTYTRUST, 1, 16),
    ]


def test_duplicate_key_in_a_manifest(eco):
    write(eco, CHITTYTRUST, (eco / CHITTYTRUST).read_text() + "status: Live\n", dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/duplicate-key", CHITTYTRUST, 7, 1)
    assert v.message == "duplicate key 'status' (first defined at line 4)"


def test_duplicate_key_in_a_model_file(eco):
    write(eco, "etc/chittyos/ontology.yml", (eco / "etc/chittyos/ontology.yml").read_text() + "domains: {}\n", dedent=False)
    assert located(findings(eco)) == [("syntax/duplicate-key", "etc/chittyos/ontology.yml", 8, 1)]


def test_duplicate_key_in_rules_json(eco):
    write(eco, "etc/authority/rules.json", '{\n  "rules": [],\n  "rules": []\n}\n', dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "syntax/duplicate-key", "etc/authority/rules.json", 3, 3, "duplicate key 'rules'")


def test_bom_in_a_manifest(eco):
    write(eco, CHITTYTRUST, b"\xef\xbb\xbf" + (eco / CHITTYTRUST).read_bytes())
    assert located(findings(eco)) == [("syntax/bom", CHITTYTRUST, 1, 1)]


def test_latin1_in_a_manifest(eco):
    raw = (eco / CHITTYTRUST).read_bytes().replace(b"Trust reputation", b"Trust r\xe9putation")
    write(eco, CHITTYTRUST, raw)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/encoding", CHITTYTRUST, 5, 21)


def test_top_level_list_manifest(eco):
    write(eco, CHITTYTRUST, "- service_name: chittytrust\n", dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "syntax/top-level-type", CHITTYTRUST, 1, 1, "the top level is a list; expected a mapping")


def test_empty_manifest(eco):
    write(eco, CHITTYTRUST, "", dedent=False)
    assert [(v.rule, v.message) for v in findings(eco)] == [("syntax/empty", f"{CHITTYTRUST} is empty")]


def test_required_model_file_missing(eco):
    (eco / "etc/chittyos/scopes.yml").unlink()
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "io/missing-source", "etc/chittyos/scopes.yml", 1, 1, "etc/chittyos/scopes.yml does not exist")


@pytest.mark.parametrize("name", ["scopes", "ontology", "secrets", "access", "layers"])
def test_every_required_model_file(eco, name):
    (eco / f"etc/chittyos/{name}.yml").unlink()
    assert ("io/missing-source", f"etc/chittyos/{name}.yml", 1, 1) in located(findings(eco))


@pytest.mark.parametrize("name", ["waivers", "roadmap"])
def test_optional_model_files(eco, name):
    (eco / f"etc/chittyos/{name}.yml").unlink(missing_ok=True)
    assert findings(eco) == []


def test_schema_file_missing(eco):
    (eco / "etc/authority/schema/getchitty-service.schema.json").unlink()
    write(eco, CHITTYTRUST, (eco / CHITTYTRUST).read_text() + "colour: red\n", dedent=False)
    assert located(findings(eco)) == [
        ("io/missing-source", "etc/authority/schema/getchitty-service.schema.json", 1, 1)]  # nothing to validate with


def test_model_file_is_a_directory(eco):
    (eco / "etc/chittyos/access.yml").unlink()
    (eco / "etc/chittyos/access.yml").mkdir()
    (v,) = [v for v in findings(eco) if v.rule.startswith("io/")]
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "io/not-a-file", "etc/chittyos/access.yml", 1, 1, "etc/chittyos/access.yml is a directory")


def test_manifest_is_a_directory(eco):
    (eco / f"{SERVICES}/chittyx.yml").mkdir()
    assert located(findings(eco)) == [("io/not-a-file", f"{SERVICES}/chittyx.yml", 1, 1)]


def test_manifest_is_a_fifo(eco):
    os.mkfifo(eco / f"{SERVICES}/chittyx.yml")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.message) == ("io/not-a-file", f"{SERVICES}/chittyx.yml", f"{SERVICES}/chittyx.yml is not a regular file")


def test_manifest_symlink_outside(eco, tmp_path):
    outside = write(tmp_path, "outside/chittyx.yml", "service_name: chittyx\n", dedent=False)
    (eco / f"{SERVICES}/chittyx.yml").symlink_to(outside)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("io/outside-repository", f"{SERVICES}/chittyx.yml", 1, 1)


def test_manifest_unreadable(eco, monkeypatch):
    refuse_reading(monkeypatch, "chittytrust.yml")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col, v.message) == (
        "io/unreadable", CHITTYTRUST, 1, 1, f"cannot read {CHITTYTRUST}: Permission denied")


def test_manifest_too_large(eco):
    write(eco, CHITTYTRUST, b"notes: " + b"x" * (10 * 1024 * 1024) + b"\n")
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/too-large", CHITTYTRUST, 1, 1)
    assert v.message == f"{CHITTYTRUST} is 10.0 MiB; sources may be at most 2 MiB"


def test_alias_bomb_in_a_model_file(eco):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    write(eco, "etc/chittyos/roadmap.yml", "\n".join(lines) + "\n", dedent=False)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/alias-expansion", "etc/chittyos/roadmap.yml", 2, 8)


def test_unparsed_manifest_is_not_a_page(eco):
    write(eco, CHITTYTRUST, "service_name: [\n", dedent=False)
    result = run_check(eco)
    assert "chittytrust" not in result.ecosystem.entities
    assert result.ecosystem.unparsed == frozenset({"chittytrust"})
