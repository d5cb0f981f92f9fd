"""A credential the check flags never leaves the process: not in any format, field, fingerprint, page, log or cache.

One tree plants a token in every place a value can travel from: a mapping key, a
list value, a waiver reason, a Canon rule's path and message, an entity name, a
file name (a manifest, an author page, an image), files under docs/ that are not
Markdown, a schema's description, a value whose credential-value finding is
waived, and a high-entropy value under a secret-like key that appears again
under an ordinary key (only the exact value betrays it there). Every finding is
waived, so the site builds; then no byte of the site, of any output format, of
the build log or of the cache folder may hold a planted value.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_tree import waive_everything
from site_support import SITE_EXTRA, build_env, make_tree, mkdocs_build

TOKEN = "ghp_" + "Zq7" * 12  # a GitHub token shape: flagged wherever it is written
OPAQUE = "Qm9vdHN0cmFwVG9rZW4xMjM0"  # flagged only under a secret-like key; too short to look like one elsewhere
PLANTED = (TOKEN, OPAQUE)


def plant(tree: Path) -> Path:
    services = tree / "etc/chittyos/services"
    manifest = services / "chittyid.yml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("description: Mints and validates identities.", f"description: Mints {TOKEN} identities.")
    text += f"{TOKEN}: 1\n"
    manifest.write_text(text, encoding="utf-8")
    sync = services / "chittysync.yml"  # a clean file, cached, that repeats a value flagged elsewhere
    sync.write_text(sync.read_text(encoding="utf-8") + f"notes: the key is {OPAQUE}\n", encoding="utf-8")
    auth = services / "chittyauth.yml"
    auth.write_text(auth.read_text(encoding="utf-8") + f"api_key: {OPAQUE}\nowners_extra: [{TOKEN}]\n", encoding="utf-8")
    (services / f"{TOKEN.lower()}.yml").write_text(
        (services / "chittytrust.yml").read_text(encoding="utf-8").replace("service_name: chittytrust", f"service_name: {TOKEN}"),
        encoding="utf-8")
    waivers = tree / "etc/chittyos/waivers.yml"
    waivers.write_text(waivers.read_text(encoding="utf-8").replace("reason: ", f"reason: {TOKEN} ", 1), encoding="utf-8")
    rules = tree / "etc/authority/rules.json"
    canon = json.loads(rules.read_text(encoding="utf-8"))
    canon["rules"][0]["message"] += f" {TOKEN}"
    canon["rules"].append({"if": {"always": True}, "then": {"required": [TOKEN]}, "message": "x"})
    rules.write_text(json.dumps(canon, indent=2), encoding="utf-8")
    schema = tree / "etc/authority/schema/getchitty-service.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["description"] = f"Service manifest {TOKEN}"
    schema.write_text(json.dumps(data, indent=2), encoding="utf-8")
    docs = tree / "docs"
    (docs / "notes.txt").write_text(f"token {TOKEN}\n", encoding="utf-8")
    (docs / "data.json").write_text(json.dumps({"token": TOKEN}), encoding="utf-8")
    (docs / "picture.svg").write_text(f"<svg xmlns='http://www.w3.org/2000/svg'><text>{TOKEN}</text></svg>", encoding="utf-8")
    (docs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + TOKEN.encode() + b"\x00")
    (docs / "authors").mkdir(exist_ok=True)
    (docs / "authors" / f"{TOKEN}.md").write_text("# Page\n\nSome prose.\n", encoding="utf-8")
    (docs / "authors" / "guide.md").write_text(f"# Guide\n\nThe token {TOKEN} leaked here.\n", encoding="utf-8")
    return tree


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every output of the tree: the four formats, the site folder, the build log and the cache folder."""
    base = tmp_path_factory.mktemp("redaction")
    tree = plant(make_tree(base / "repo", SITE_EXTRA))
    cache = base / "cache"
    env = build_env(cache)
    formats = {}
    for name in ("text", "json", "github", "sarif"):
        done = subprocess.run([sys.executable, "-m", "getchitty", "check", "--format", name, str(tree)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert "Traceback" not in done.stderr, done.stderr
        formats[name] = done.stdout + done.stderr
    assert "secrets/credential-value" in formats["text"]
    waive_everything(tree)
    built = mkdocs_build(tree, base / "site", cache_dir=cache, strict=False)
    assert built.returncode == 0, built.stdout
    again = subprocess.run([sys.executable, "-m", "getchitty", "check", "--format", "json", str(tree)], env=env,
                           capture_output=True, text=True, timeout=300)
    return {"formats": formats, "site": base / "site", "log": built.stdout, "cache": cache, "waived": again.stdout}


@pytest.mark.parametrize("name", ["text", "json", "github", "sarif"])
def test_no_format_prints_a_credential(outputs, name):
    for value in PLANTED:
        assert value not in outputs["formats"][name], name
        assert value.lower() not in outputs["formats"][name].lower(), name


def test_sarif_fingerprints_and_rule_ids_are_redacted(outputs):
    log = json.loads(outputs["formats"]["sarif"])
    fingerprints = [r["partialFingerprints"]["getchitty/v1"] for r in log["runs"][0]["results"]]
    # digests of the redacted finding: nothing of a value can be read back from them
    assert fingerprints and all(re.fullmatch(r"[0-9a-f]{32}:[0-9]+", fingerprint) for fingerprint in fingerprints)
    assert not any(value in outputs["formats"]["sarif"] for value in PLANTED)


def test_waived_findings_print_no_credential(outputs):
    findings = json.loads(outputs["waived"])["findings"]
    assert any(f["waived"] and f["rule"] == "secrets/credential-value" for f in findings)
    assert not any(value in outputs["waived"] for value in PLANTED)


def test_no_byte_of_the_site_holds_a_credential(outputs):
    site = outputs["site"]
    files = [path for path in site.rglob("*")]
    assert any(path.name == "search_index.json" for path in files)
    for path in files:
        for value in PLANTED:
            assert value.lower() not in str(path.relative_to(site)).lower(), path
        if path.is_file():
            data = path.read_bytes().lower()
            for value in PLANTED:
                assert value.lower().encode() not in data, path
    assert (site / "notes.txt").read_text(encoding="utf-8") == "token [redacted]\n"
    assert not (site / "image.png").exists()
    assert "[redacted]" in (site / "authors/guide/index.html").read_text(encoding="utf-8")


def test_no_log_line_and_no_cache_entry_holds_a_credential(outputs):
    assert not any(value.lower() in outputs["log"].lower() for value in PLANTED)
    cached = [path for path in outputs["cache"].rglob("*") if path.is_file()]
    assert cached, "the cache folder is empty: nothing was tested"
    for path in cached:
        data = path.read_bytes()
        assert not any(value.encode() in data for value in PLANTED), path
