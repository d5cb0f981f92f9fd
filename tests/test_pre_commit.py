"""The pre-commit hook as a user gets it: `pre-commit try-repo` on a repository of manifests.

pre-commit builds the hook's environment with `pip install .` of this repository.
The tests let pip reach no index: it installs from the wheelhouse that `make test`
fills with the locked wheels of requirements/check.txt and requirements/build.txt.
That wheelhouse holds no MkDocs, Jinja2 or Markdown, so a passing install also
proves that the check needs none of the site stack.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from engine_support import REPO, build_eco, write
from sarif_support import sarif_validate

BIN = Path(sys.executable).parent
WHEELHOUSE = REPO / ".venv" / "wheelhouse"
LARGEST_HOOK_ENVIRONMENT = 40 * 1024 * 1024
SITE_STACK = ("mkdocs", "material", "jinja2", "markdown", "pymdownx")


def offline(tmp_path: Path) -> dict[str, str]:
    if not any(WHEELHOUSE.glob("*.whl")):
        pytest.fail(f"{WHEELHOUSE} is empty: `make test` downloads the locked wheels into it")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PRE_COMMIT"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(WHEELHOUSE), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return env


def manifests_repository(tmp_path: Path, env: dict[str, str]) -> Path:
    tree = build_eco(tmp_path / "manifests")
    subprocess.run(["git", "init", "--quiet"], cwd=tree, env=env, check=True)
    return tree


def try_repo(tree: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", "--all"], cwd=tree, env=env, check=True)
    return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(REPO), "getchitty-check", "--all-files"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=600)


def test_try_repo_passes_and_fails(tmp_path):
    env = offline(tmp_path)
    tree = manifests_repository(tmp_path, env)
    passed = try_repo(tree, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "getchitty check" in passed.stdout and "Passed" in passed.stdout

    auth = tree / "etc/chittyos/services/chittyauth.yml"
    auth.write_text(auth.read_text().replace("depends_on: [chittyid]", "depends_on: [chittyid, chittyledger, chittyghost]"))
    write(tree, "etc/chittyos/waivers.yml", """\
        waivers:
          - rule: deps/unknown
            entity: chittyauth
            reason: Ghost is being onboarded.
            owner: "@chittyos/platform"
            expires: 2999-12-31
        """)
    failed = try_repo(tree, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert ("etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] "
            "chittyauth (layer 2) depends on chittyledger (layer 3)") in failed.stdout
    # the waived finding is counted, not listed
    assert "chittyghost" not in failed.stdout
    assert "1 error, 0 warnings, 1 waived (not listed: `getchitty check --show-waived` lists them)" in failed.stdout


def test_the_documented_rev_becomes_a_commit(tmp_path):
    """The authors' guide pins `rev` with one command; run as written, it yields a commit of this repository."""
    guide = (REPO / "docs/authors/adding-a-service.md").read_text(encoding="utf-8")
    config = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", guide, re.S).group(1)
    command = re.search(r"```sh\n(pre-commit autoupdate [^\n]*)\n```", guide).group(1)
    url = "https://github.com/chittyos/getchitty"
    assert url in config and url in command
    env = offline(tmp_path)
    tree = manifests_repository(tmp_path, env)
    (tree / ".pre-commit-config.yaml").write_text(config.replace(url, str(REPO)), encoding="utf-8")
    done = subprocess.run([str(BIN / "pre-commit"), *command.replace(url, str(REPO)).split()[1:]],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    rev = re.search(r"rev: (\S+)", (tree / ".pre-commit-config.yaml").read_text()).group(1)
    assert re.fullmatch(r"[0-9a-f]{40}", rev)
    assert subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=REPO).returncode == 0


def test_the_hook_environment_is_small_and_has_no_site_stack(tmp_path):
    """The environment pre-commit makes: a virtualenv plus `pip install .`, measured on disk."""
    env = offline(tmp_path)
    venv = tmp_path / "hook-env"
    subprocess.run([sys.executable, "-m", "virtualenv", "--quiet", str(venv)], env=env, check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(REPO)],
                   env=env, check=True, capture_output=True, timeout=600)
    size = sum(path.stat().st_size for path in venv.rglob("*") if path.is_file() and not path.is_symlink())
    assert size < LARGEST_HOOK_ENVIRONMENT, f"{size / 2**20:.1f} MiB"
    for module in SITE_STACK:
        found = subprocess.run([str(venv / "bin" / "python"), "-c", f"import {module}"], capture_output=True)
        assert found.returncode == 1, f"{module} is installed in the hook environment"
    tree = manifests_repository(tmp_path, env)
    done = subprocess.run([str(venv / "bin" / "getchitty"), "check", str(tree)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "0 errors, 0 warnings, 0 waived\n", "")
    render = subprocess.run([str(venv / "bin" / "getchitty"), "render", "--out", str(tmp_path / "out"), str(tree)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert render.returncode == 2 and "pip install 'getchitty[site]'" in render.stderr, render.stderr


def test_the_check_imports_no_site_module(eco):
    """Where the site stack is installed too, a check still loads none of it."""
    audit = (
        "import sys\n"
        "from getchitty import cli\n"
        f"code = cli.main(['check', '--format', 'sarif', {str(eco)!r}])\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {SITE_STACK!r})\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", audit], capture_output=True, text=True, timeout=300)
    assert done.stderr.strip().splitlines()[-1] == "0 []", done.stderr
    assert sarif_validate(done.stdout)["runs"][0]["results"] == []
