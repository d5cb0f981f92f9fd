"""Responsibility follows ownership: another team's broken file is a finding on that team's service, never a
broken portal.

On a scratch copy of this repository, chittyops's export folder gets a `.chittyconnect.yml` without its
`service:` block (tests/fixtures/upstream_formats/chittyops-no-service/), as a new commit of chittyops.
Then `getchitty sync --mirror` succeeds and records the problem; `getchitty check` exits 0 with `federation/invalid-chittyconnect` as a
warning on chittyops, and 1 with `--strict` or with `upstream_problems: error` in etc/federation/sources.yml;
`mkdocs build --strict` (what `make site` runs) builds, and both /service/chittyops/ and /governance/ show the
finding. chittyregistry's .chittyconnect.yml, in a new commit too, declares another production domain than its
manifest here: the disagreement is a warning on chittyregistry that the strict build publishes as well. A warning about the
portal's own files alone still fails a strict build (test_site_failing_builds.py).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from site_support import FIXTURES, REPO, Site, build_env, text

sys.path.insert(0, str(REPO / "tests"))
from federation_support import ECOSYSTEM, run_sync, snapshot_file

pytest_plugins = ["site_fixtures"]

BROKEN = FIXTURES / "upstream_formats" / "chittyops-no-service" / ".chittyconnect.yml"
RULE = "federation/invalid-chittyconnect"
SNAPSHOT = "etc/federation/snapshot/chittyos/chittyops.yml"
COMMIT = "5e" * 20
DOMAIN_BEFORE, DOMAIN_AFTER = "production: registry.chitty.cc", "production: registry.chittyos.com"
DRIFT = "drift/domain"


def getchitty(*args: str) -> tuple[int, str]:
    from getchitty import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = cli.main([*args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A copy of this repository whose chittyops source now declares no `service:` block, synced."""
    base = tmp_path_factory.mktemp("upstream")
    root = base / "repo"
    root.mkdir()
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "etc"):
        shutil.copytree(REPO / folder, root / folder)
    mirror = base / "mirror"
    shutil.copytree(ECOSYSTEM, mirror)
    shutil.copyfile(BROKEN, mirror / "chittyops" / ".chittyconnect.yml")
    # The broken file comes with a new commit of chittyops: the sync reads it again.
    stamp = mirror / "chittyops" / ".snapshot"
    stamp.write_text(stamp.read_text(encoding="utf-8").replace(yaml.safe_load(stamp.read_text())["commit"], COMMIT),
                     encoding="utf-8")
    # chittyregistry's .chittyconnect.yml now declares another production domain than its manifest here, also in
    # a new commit.
    declared = mirror / "chittyregistry" / ".chittyconnect.yml"
    declared.write_text(declared.read_text(encoding="utf-8").replace(DOMAIN_BEFORE, DOMAIN_AFTER, 1), encoding="utf-8")
    stamp = mirror / "chittyregistry" / ".snapshot"
    stamp.write_text(stamp.read_text(encoding="utf-8").replace(yaml.safe_load(stamp.read_text())["commit"], COMMIT),
                     encoding="utf-8")
    code, out, err = run_sync(root, "--mirror", str(mirror))
    assert code == 0, out + err  # another team's broken file never stops the sync
    return root


@pytest.fixture(scope="module")
def built(scratch, tmp_path_factory) -> Site:
    site_dir = tmp_path_factory.mktemp("upstream-site") / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)], cwd=scratch,
                          env=build_env(tmp_path_factory.mktemp("upstream-cache")), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)
    assert done.returncode == 0, done.stdout
    return Site(scratch, site_dir, done.stdout)


def test_sync_records_the_problem_in_the_services_snapshot(scratch):
    recorded = yaml.safe_load(snapshot_file(scratch, "chittyos/chittyops").read_text(encoding="utf-8"))
    [problem] = [p for p in recorded["problems"] if p["rule"] == RULE]
    assert problem["at"] == ".chittyconnect.yml:1:1" and problem["severity"] == "warning"
    assert recorded["service"] == "chittyops" and recorded["commit"] == COMMIT


def test_check_passes_with_the_finding_as_a_warning_on_the_service(scratch):
    code, out = getchitty("check", "--no-cache", str(scratch))
    assert code == 0, out
    [line] = [line for line in out.splitlines() if f"[{RULE}]" in line]
    assert line.startswith(f"{SNAPSHOT}:") and f"warning[{RULE}]" in line
    assert f"(at chittyos/chittyops@{COMMIT[:12]}:.chittyconnect.yml:1:1)" in line
    from getchitty.engine import check

    result = check(scratch, use_cache=False)
    [finding] = [v for v in result.violations if v.rule == RULE]
    assert finding.entity == "chittyops" and result.upstream(finding)
    assert not result.blocks_site(strict=True)


def test_strict_check_fails_on_it(scratch):
    code, out = getchitty("check", "--no-cache", "--strict", str(scratch))
    assert code == 1 and f"warning[{RULE}]" in out


@pytest.mark.parametrize("setting", ["error", {RULE: "error"}])
def test_the_documented_setting_makes_it_an_error(scratch, tmp_path, setting):
    root = tmp_path / "repo"
    shutil.copytree(scratch, root)
    sources = root / "etc/federation/sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + yaml.safe_dump({"upstream_problems": setting}), encoding="utf-8")
    code, out = getchitty("check", "--no-cache", str(root))
    assert code == 1, out
    assert f"error[{RULE}]" in out
    # the other upstream warnings follow the setting only when it names every rule
    assert ("warning[codeowners/protection-overridden]" in out) is isinstance(setting, dict)


def test_make_site_builds_and_logs_the_finding_without_counting_it_as_a_strict_warning(built):
    assert f"warning[{RULE}]" in built.output
    warned = [line for line in built.output.splitlines() if line.startswith("WARNING") and RULE in line]
    assert warned == []  # logged at INFO: MkDocs' strict mode counts only WARNING lines


def test_the_service_page_shows_the_finding(built):
    article = built.article("/service/chittyops/")
    rows = [" ".join(text(row).split()) for row in article.select("tr") if RULE in text(row)]
    assert rows and ".chittyconnect.yml has no `service` mapping" in rows[0] and "warning" in rows[0], rows


def test_governance_shows_the_finding_and_counts_it_on_the_service(built):
    article = built.article("/governance/")
    problems = [text(row) for row in article.select("tr") if RULE in text(row)]
    assert any("chittyops" in row and "warning" in row for row in problems), problems
    [scorecard] = [entry for entry in built.json("/api/scorecard.json")["entities"] if entry["name"] == "chittyops"]
    assert scorecard["warnings"] >= 1 and scorecard["state"] == "warning"  # counted on the service


def test_a_manifest_the_synced_repository_contradicts_is_a_warning_that_builds(scratch, built):
    from getchitty.engine import check

    result = check(scratch, use_cache=False)
    [drift] = [v for v in result.violations if v.rule == DRIFT and v.entity == "chittyregistry"]
    assert (drift.path, drift.severity.value, drift.waived) == ("etc/chittyos/services/chittyregistry.yml", "warning", False)
    assert snapshot_file(scratch, "chittyos/chittyregistry").relative_to(scratch).as_posix() in {r.path for r in drift.related}
    assert result.upstream(drift) and not result.blocks_site(strict=True)
    assert getchitty("check", "--no-cache", "--strict", str(scratch))[0] == 1
    logged = [line for line in built.output.splitlines() if f"[{DRIFT}]" in line and "chittyregistry" in line]
    assert logged and all(line.startswith("INFO") for line in logged), logged
    article = built.article("/service/chittyregistry/")
    assert any(DRIFT in text(row) for row in article.select("tr"))
