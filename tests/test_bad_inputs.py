"""Bad inputs through the command line: every one gives a clear message at a
location and exit code 1 (findings) or 2 (usage/IO), never a traceback or a hang.

Each case breaks one thing in a clean repository and names the exact finding
line the text format must print for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from engine_support import GETCHITTY, REPO, TRUST_MANIFEST, refuse_reading, run_cli, write

TIMEOUT = 60
SERVICES = "etc/chittyos/services"
TRUST = f"{SERVICES}/chittytrust.yml"
CHITTYID = f"{SERVICES}/chittyid.yml"
SYNC = f"{SERVICES}/chittysync.yml"
RULES = "etc/authority/rules.json"
SERVICE_SCHEMA = "etc/authority/schema/getchitty-service.schema.json"

TRUST_TEXT = TRUST_MANIFEST


def put(relpath: str, content: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        write(root, relpath, content, dedent=False)
    return setup


def replace(relpath: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        text = (root / relpath).read_text()
        assert text.count(old) == 1, old
        (root / relpath).write_text(text.replace(old, new))
    return setup


def truncate_chittyid(root: Path) -> None:
    """Cut chittyid.yml off in the middle of its quoted owner, as an interrupted save would."""
    text = (root / CHITTYID).read_text()
    (root / CHITTYID).write_text(text[: text.index("@chittyfoundation/identity") + 10])


def directory(relpath: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / relpath).unlink(missing_ok=True)
        (root / relpath).mkdir()
    return setup


def symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.yml"
    outside.write_text(TRUST_TEXT.replace("chittytrust", "chittyevil"))
    (root / f"{SERVICES}/chittyevil.yml").symlink_to(outside)


def symlink_loop(root: Path) -> None:
    (root / f"{SERVICES}/chittyloop.yml").symlink_to(root / f"{SERVICES}/chittyloop.yml")


def alias_bomb(root: Path) -> None:
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    write(root, TRUST, TRUST_TEXT + "\n".join(lines) + "\n", dedent=False)


def custom_schema(change) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / SERVICE_SCHEMA
        schema = json.loads(path.read_text())
        change(schema)
        path.write_text(json.dumps(schema, indent=2) + "\n")
    return setup


def unlink(relpath: str) -> Callable[[Path], None]:
    return lambda root: (root / relpath).unlink()


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Path], None]
    expected: str  # the exact finding line of the text format
    code: int = 1


CASES = [
    Case("truncated-yaml", truncate_chittyid,
         f"{CHITTYID}:9:16: error[syntax/invalid-yaml] found unexpected end of stream "
         "(while scanning a quoted scalar started at line 9, column 5)"),
    Case("tab-indentation", put(TRUST, TRUST_TEXT + "routes:\n\tapi: https://trust.chitty.cc/api\n"),
         f"{TRUST}:8:1: error[syntax/invalid-yaml] found character that cannot start any token (indent with spaces, not tabs)"),
    Case("duplicate-yaml-key", put(TRUST, TRUST_TEXT + "owners: [security]\n"),
         f"{TRUST}:7:1: error[syntax/duplicate-key] duplicate key 'owners' (first defined at line 6)"),
    Case("duplicate-json-key", put(RULES, '{\n  "rules": [\n    {"if": {"always": true}, "if": {"status": "Live"}, '
                                          '"then": {"required": ["x"]}}\n  ]\n}\n'),
         f"{RULES}:3:30: error[syntax/duplicate-key] duplicate key 'if'"),
    Case("bom-yaml", put(TRUST, b"\xef\xbb\xbf" + TRUST_TEXT.encode()),
         f"{TRUST}:1:1: error[syntax/bom] file starts with a UTF-8 byte-order mark"),
    Case("bom-json", lambda root: (root / RULES).write_bytes(b"\xef\xbb\xbf" + (root / RULES).read_bytes()),
         f"{RULES}:1:1: error[syntax/bom] file starts with a UTF-8 byte-order mark"),
    Case("latin-1", put(TRUST, TRUST_TEXT.replace("reputation", "r\xe9putation").encode("latin-1")),
         f"{TRUST}:5:21: error[syntax/encoding] byte 0xe9 is not valid UTF-8 (the file may be Latin-1 or Windows-1252)"),
    Case("ten-megabytes", put(TRUST, TRUST_TEXT.encode() + b"notes: " + b"x" * (10 * 1024 * 1024) + b"\n"),
         f"{TRUST}:1:1: error[syntax/too-large] {TRUST} is 10.0 MiB; sources may be at most 2 MiB"),
    Case("billion-laughs", alias_bomb,
         f"{TRUST}:8:12: error[syntax/alias-expansion] aliases expand to more than 200,000 values"),
    Case("recursive-alias", put(TRUST, TRUST_TEXT + "notes: &n [*n]\n"),
         f"{TRUST}:7:8: error[syntax/invalid-yaml] found unconstructable recursive node"),
    Case("yaml-nesting-bomb", put(TRUST, TRUST_TEXT + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         f"{TRUST}:7:1007: error[syntax/invalid-yaml] exceeded maximum nesting depth "
         "(while increasing flow level started at line 7, column 1007)"),
    Case("python-tag", put(TRUST, TRUST_TEXT + "notes: !!python/object/apply:os.system [true]\n"),
         f"{TRUST}:7:8: error[syntax/invalid-yaml] could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object/apply:os.system'"),
    Case("directory-for-a-model-file", directory("etc/chittyos/secrets.yml"),
         "etc/chittyos/secrets.yml:1:1: error[io/not-a-file] etc/chittyos/secrets.yml is a directory"),
    Case("directory-for-a-manifest", lambda root: (root / f"{SERVICES}/chittydir.yml").mkdir(),
         f"{SERVICES}/chittydir.yml:1:1: error[io/not-a-file] {SERVICES}/chittydir.yml is a directory"),
    Case("directory-for-rules-json", directory(RULES),
         f"{RULES}:1:1: error[io/not-a-file] {RULES} is a directory"),
    Case("symlink-outside", symlink_outside,
         f"{SERVICES}/chittyevil.yml:1:1: error[io/outside-repository] "
         f"{SERVICES}/chittyevil.yml resolves to a path outside the repository"),
    Case("symlink-loop", symlink_loop,
         f"{SERVICES}/chittyloop.yml:1:1: error[io/unreadable] cannot read {SERVICES}/chittyloop.yml: it is a symbolic link loop"),
    Case("missing-model-file", unlink("etc/chittyos/layers.yml"),
         "etc/chittyos/layers.yml:1:1: error[io/missing-source] etc/chittyos/layers.yml does not exist"),
    Case("wrong-type-top-level-field", put(TRUST, TRUST_TEXT.replace("owners: [platform]", "owners: platform")),
         f"{TRUST}:6:9: error[schema/type] owners: expected a list, found text"),
    Case("wrong-type-nested-field", put(TRUST, TRUST_TEXT + "routes:\n  api: 42\n"),
         f"{TRUST}:8:8: error[schema/type] routes.api: expected text, found a number"),
    Case("wrong-type-list-item", put(TRUST, TRUST_TEXT + "depends_on: [1]\n"),
         f"{TRUST}:7:14: error[schema/type] depends_on[0]: expected text, found a number"),
    Case("wrong-type-deep", put(TRUST, TRUST_TEXT + "webhooks:\n  - name: [a]\n"),
         f"{TRUST}:8:11: error[schema/type] webhooks[0].name: expected text, found a list"),
    Case("wrong-type-mapping-for-list", put(TRUST, TRUST_TEXT + "exposes: [api]\n"),
         f"{TRUST}:7:10: error[schema/type] exposes: expected a mapping, found a list"),
    Case("wrong-type-layers", put("etc/chittyos/layers.yml", "layers: {number: 1}\n"),
         "etc/chittyos/layers.yml:1:9: error[schema/type] layers: expected a list, found a mapping"),
    Case("wrong-type-scopes", put("etc/chittyos/scopes.yml", "scopes: [chittyid]\n"),
         "etc/chittyos/scopes.yml:1:9: error[schema/type] scopes: expected a mapping, found a list"),
    Case("wrong-type-secret-entry", replace("etc/chittyos/secrets.yml",
                                            "NOTION_API_TOKEN: {purpose: Reads Notion., issuer: Notion, kind: api-key, lifetime: long-lived}",
                                            "NOTION_API_TOKEN: long-lived"),
         "etc/chittyos/secrets.yml:9:21: error[schema/type] secrets.NOTION_API_TOKEN: expected a mapping, found text"),
    Case("wrong-type-waiver", put("etc/chittyos/waivers.yml", "waivers:\n  - just text\n"),
         "etc/chittyos/waivers.yml:2:5: error[schema/type] waivers[0]: expected a mapping, found text"),
    Case("wrong-type-ontology", put("etc/chittyos/ontology.yml", "domains: [identity]\ncapabilities: {mint: {description: x}}\n"),
         "etc/chittyos/ontology.yml:1:10: error[schema/type] domains: expected a mapping, found a list"),
    Case("wrong-type-access", put("etc/chittyos/access.yml", "roles: {security: yes}\ngates: []\n"),  # YAML 1.1: yes is a boolean
         "etc/chittyos/access.yml:1:19: error[schema/type] roles.security: expected a mapping, found a boolean"),
    Case("wrong-type-rules-json", put(RULES, '{\n  "rules": {"if": {"always": true}}\n}\n'),
         f"{RULES}:2:12: error[canon/invalid-rule] expected a list under 'rules'"),
    Case("wrong-type-rule-then", put(RULES, '{\n  "rules": [\n    {"if": {"always": true}, "then": {"required": "tier"}}\n  ]\n}\n'),
         f"{RULES}:3:51: error[canon/invalid-rule] rule 1: 'then.required' must be a list of field paths"),
    Case("wrong-type-config-json", put("etc/authority/config.json", '["default_owner_entity"]\n'),
         "etc/authority/config.json:1:1: error[syntax/top-level-type] the top level is a list; expected a mapping"),
    Case("wrong-type-profile-active", put("etc/profiles/profile.json", '{"active": 5}\n'),
         "etc/profiles/profile.json:1:12: error[canon/invalid-rule] 'active' must name a profile folder under etc/profiles/"),
    Case("unknown-field", put(TRUST, TRUST_TEXT + "sevice_tier: gold\n"),
         f"{TRUST}:7:1: error[schema/unknown-field] sevice_tier: unknown field (did you mean 'service_name'?)"),
    Case("dotdot-in-name", put(TRUST, TRUST_TEXT.replace("service_name: chittytrust", "service_name: ../../etc/passwd")),
         f"{TRUST}:1:15: error[schema/pattern] service_name: '../../etc/passwd' does not match ^[a-z][a-z0-9]*$"),
    Case("dotdot-in-dependency", replace(SYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [../chittyauth]"),
         f"{SYNC}:9:14: error[deps/unknown] '../chittyauth' has no manifest"),
    Case("self-dependency", replace(SYNC, "depends_on: [chittyauth, chittyledger]", "depends_on: [chittysync]"),
         f"{SYNC}:9:14: error[deps/cycle] chittysync depends on itself"),
    Case("empty-file", put(TRUST, ""), f"{TRUST}:1:1: error[syntax/empty] {TRUST} is empty"),
    Case("whitespace-file", put(TRUST, "\n \n\t\n"), f"{TRUST}:1:1: error[syntax/empty] {TRUST} is empty"),
    Case("comment-only-file", put(TRUST, "# TODO: fill in\n# later\n"), f"{TRUST}:1:1: error[syntax/empty] {TRUST} is empty"),
    Case("top-level-list", put(TRUST, "- service_name: chittytrust\n"),
         f"{TRUST}:1:1: error[syntax/top-level-type] the top level is a list; expected a mapping"),
    Case("top-level-scalar", put(TRUST, "chittytrust\n"),
         f"{TRUST}:1:1: error[syntax/top-level-type] the top level is a string; expected a mapping"),
    Case("null-document", put(TRUST, "# nothing yet\n---\nnull\n"),
         f"{TRUST}:3:1: error[syntax/top-level-type] the top level is empty (null); expected a mapping"),
    Case("complex-key", put(TRUST, TRUST_TEXT + "? [a, b]\n: c\n"),
         f"{TRUST}:7:3: error[syntax/complex-key] a mapping key must be a plain name, not a list or mapping"),
    Case("number-key", put(TRUST, TRUST_TEXT + "1: one\n"), f"{TRUST}:7:1: error[schema/unknown-field] 1: unknown field"),
    Case("boolean-key", put(TRUST, TRUST_TEXT + "on: push\n"), f"{TRUST}:7:1: error[schema/unknown-field] on: unknown field"),
    Case("null-key", put(TRUST, TRUST_TEXT + "~: x\n"), f"{TRUST}:7:1: error[schema/unknown-field] ~: unknown field"),
    Case("invalid-json-rules", put(RULES, '{\n  "rules": [\n    {"if": {"always": true}},\n  ]\n}\n'),
         f"{RULES}:4:3: error[syntax/invalid-json] Expecting value"),
    # cut short inside its last object: the parser stops on the last line left
    Case("invalid-json-schema", lambda root: (root / SERVICE_SCHEMA).write_text((root / SERVICE_SCHEMA).read_text()[:-10]),
         f"{SERVICE_SCHEMA}:{len((REPO / SERVICE_SCHEMA).read_text()[:-10].splitlines())}:3: error[syntax/invalid-json] "
         "Expecting ',' delimiter"),
    Case("json-nesting-bomb", put(RULES, '{"rules": ' + "[" * 50_000 + "]" * 50_000 + "}"),
         f"{RULES}:1:1: error[syntax/invalid-json] nesting is too deep"),
    Case("broken-schema", custom_schema(lambda s: s["properties"]["status"].update({"enum": "Live"})),
         f"{SERVICE_SCHEMA}:40:15: error[schema/broken-schema] properties.status.enum: 'Live' is not of type 'array'"),
    Case("schema-top-level-list", put(SERVICE_SCHEMA, "[]\n"),
         f"{SERVICE_SCHEMA}:1:1: error[syntax/top-level-type] the top level is a list; expected a mapping"),
    Case("unreadable-file", put(TRUST, TRUST_TEXT),  # the read itself is refused in the test, see below
         f"{TRUST}:1:1: error[io/unreadable] cannot read {TRUST}: Permission denied"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(eco, capsys, monkeypatch, case):
    case.setup(eco)
    if case.id == "unreadable-file":
        refuse_reading(monkeypatch, "chittytrust.yml")
    code, out, err = run_cli(capsys, "check", str(eco))
    assert "Traceback" not in out + err
    assert err == ""
    assert code == case.code
    lines = out.splitlines()
    assert case.expected in lines, "\n".join(lines)
    hint = lines[lines.index(case.expected) + 1]
    assert hint.startswith("    hint: ") and len(hint) > len("    hint: ") + 10
    assert lines[-1].startswith(tuple(f"{n} error" for n in range(1, 100)))


def test_there_are_enough_cases():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


# --- through the installed command, where a hang or a crash would show ------------------------------


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(GETCHITTY), *args], capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ})


@pytest.mark.parametrize("relpath", [f"{SERVICES}/chittyfifo.yml", "etc/chittyos/scopes.yml", RULES])
def test_fifo_does_not_hang(eco, relpath):
    (eco / relpath).unlink(missing_ok=True)
    os.mkfifo(eco / relpath)
    done = run_command("check", str(eco))  # a read of the FIFO would block until the timeout
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert f"{relpath}:1:1: error[io/not-a-file] {relpath} is not a regular file" in done.stdout.splitlines()


def test_fifo_artifact_does_not_hang(eco):
    (eco / "public/openapi.yml").unlink()
    os.mkfifo(eco / "public/openapi.yml")
    done = run_command("check", str(eco))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("etc/chittyos/services/chittyauth.yml:17:12: error[artifacts/missing] "
            "openapi artifact public/openapi.yml: public/openapi.yml is not a regular file") in done.stdout.splitlines()


def test_many_bad_files_at_once(eco):
    """Every case above in one repository: still one report, no crash."""
    for case in CASES:
        if case.id in ("unreadable-file", "ten-megabytes"):
            continue
        with contextlib.suppress(AssertionError, OSError, ValueError):  # an earlier case may have changed the file
            case.setup(eco)
    done = run_command("check", "--format", "json", str(eco))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["errors"] == len([f for f in data["findings"] if not f["waived"] and f["severity"] == "error"])
    assert data["summary"]["errors"] >= 10


def test_nonexistent_path(tmp_path):
    done = run_command("check", str(tmp_path / "no" / "such"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"getchitty check: {tmp_path / 'no' / 'such'} is not a directory\n"


def test_path_without_sources(tmp_path):
    (tmp_path / "etc" / "authority").mkdir(parents=True)
    done = run_command("check", str(tmp_path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"getchitty check: {tmp_path} has no etc/chittyos/ folder: not a getchitty repository\n"


@pytest.mark.parametrize("args", [["check", "--format", "yaml"], ["check", "--strict=yes"], ["lint"], []])
def test_bad_cli_arguments(args):
    done = run_command(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("usage: getchitty") and "error:" in done.stderr
    assert "Traceback" not in done.stderr


def test_path_is_a_symlink_loop(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    done = run_command("check", str(tmp_path / "loop"))
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"getchitty check: {tmp_path / 'loop'}: cannot resolve the path")
