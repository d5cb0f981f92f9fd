"""syntax/* and io/* through the whole check: a broken file is reported at its own
path and position, and the rest of the repository is still checked."""

from __future__ import annotations

import os
import time

import pytest
from engine_support import ECO, TODAY, findings, located, refuse_reading, run_check, write

from getchitty import cache as cache_module

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


SECRETS = "etc/chittyos/secrets.yml"


def _secrets_of_size(eco, size: int) -> None:
    """The fixture's secrets inventory padded with a comment to `size` bytes: what it states is unchanged."""
    text = (ECO / SECRETS).read_bytes()
    write(eco, SECRETS, text + b"# " + b"x" * (size - len(text) - 3) + b"\n")
    assert (eco / SECRETS).stat().st_size == size


def test_a_model_file_may_grow_with_the_manifests(eco):
    """A model file lists every entity: past 2 MiB it is read while it holds no more than 4 KiB per manifest (five
    here), and refused beyond that, as a file of any size would be from hostile input."""
    from getchitty.load import MAX_BYTES, model_limit

    manifests = 5
    assert model_limit(manifests) == MAX_BYTES + 5 * 4096
    _secrets_of_size(eco, model_limit(manifests))
    assert findings(eco) == []
    _secrets_of_size(eco, model_limit(manifests) + 1)
    (v,) = findings(eco)
    assert (v.rule, v.path, v.line, v.col) == ("syntax/too-large", SECRETS, 1, 1)
    assert v.message == (f"{SECRETS} is 2.0 MiB; a model file may be at most 2.0 MiB with 5 manifests "
                         "(2 MiB and 4 KiB per manifest)")


def test_a_manifest_deleted_shrinks_the_model_files_limit_in_a_recheck(eco):
    """The limit is part of what a kept answer depends on: a re-check after a manifest was deleted refuses the model
    file a check from nothing refuses, though the file itself did not change."""
    from getchitty.engine import Checker
    from getchitty.load import model_limit

    _secrets_of_size(eco, model_limit(4) + 1)
    time.sleep(2 * cache_module.RACY_NS / 1e9)  # so that the first check trusts the file's stat key
    checker = Checker(eco, today=TODAY)
    assert "syntax/too-large" not in [v.rule for v in checker.check().violations]
    (eco / CHITTYTRUST).unlink()
    warm = located(checker.recheck([CHITTYTRUST]).violations)
    assert ("syntax/too-large", SECRETS, 1, 1) in warm
    assert warm == located(run_check(eco, use_cache=False).violations)


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
