"""`getchitty gate`: the review gates of etc/chittyos/access.yml, and the glob matcher behind them."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from engine_support import REPO, run_check, run_cli, write

from getchitty.gate import GateMatch, compile_glob, matches, merge, required_labels
from getchitty.model import AccessModel, Gate

SECURITY_LABELS = ("security-approved", "docs-approved", "access-reviewed")


# --- the glob matcher -------------------------------------------------------

@pytest.mark.parametrize("pattern, path, expected", [
    # `**` spans any number of directories
    (".github/workflows/**", ".github/workflows/site.yml", True),
    (".github/workflows/**", ".github/workflows/nested/deep/x.yml", True),
    (".github/workflows/**", ".github/workflows", False),
    (".github/workflows/**", ".github/workflowsx/site.yml", False),
    (".github/workflows/**", "x/.github/workflows/site.yml", False),
    ("**/wrangler.toml", "wrangler.toml", True),
    ("**/wrangler.toml", "workers/api/wrangler.toml", True),
    ("**/wrangler.toml", "wrangler.toml.bak", False),
    ("src/**/auth.ts", "src/auth.ts", True),
    ("src/**/auth.ts", "src/a/b/auth.ts", True),
    ("src/**/auth.ts", "srcx/auth.ts", False),
    ("**", "any/file/at/all", True),
    # `*` and `?` stay inside one segment
    ("etc/chittyos/*.yml", "etc/chittyos/scopes.yml", True),
    ("etc/chittyos/*.yml", "etc/chittyos/services/chittyid.yml", False),
    ("*", "README.md", True),
    ("*", "docs/index.md", False),
    ("*.yml", ".hidden.yml", True),
    ("etc/?.yml", "etc/a.yml", True),
    ("etc/?.yml", "etc/ab.yml", False),
    ("a?b", "a/b", False),
    ("src/auth**", "src/auth/x.ts", False),  # `**` inside a segment is just `*`
    ("src/auth**", "src/authz.ts", True),
    # sets
    ("etc/[ab].yml", "etc/a.yml", True),
    ("etc/[ab].yml", "etc/c.yml", False),
    ("etc/[!ab].yml", "etc/c.yml", True),
    ("etc/[!ab].yml", "etc/a.yml", False),
    ("x[!a]y", "x/y", False),
    ("x[", "x[", True),
    # literal characters are literal, anchoring is exact
    ("etc/chittyos/scopes.yml", "etc/chittyos/scopes.yml", True),
    ("etc/chittyos/scopes.yml", "etc/chittyos/scopes.yml.orig", False),
    ("etc/chittyos/scopes.yml", "etc/chittyos/scopesXyml", False),
    ("etc/chittyos/scopes.yml", "other/etc/chittyos/scopes.yml", False),
    ("a+b(c).yml", "a+b(c).yml", True),
    # folder shorthand, leading slash, path normalisation
    ("src/auth/", "src/auth/login.ts", True),
    ("/etc/chittyos/scopes.yml", "etc/chittyos/scopes.yml", True),
    ("etc/chittyos/scopes.yml", "./etc/chittyos/scopes.yml", True),
    ("Etc/chittyos/scopes.yml", "etc/chittyos/scopes.yml", False),
])
def test_glob(pattern, path, expected):
    assert matches(pattern, path) is expected, compile_glob(pattern).parts


def test_glob_does_not_backtrack_badly():
    deep = "a/" * 60 + "y"
    started = time.monotonic()
    assert not matches("/".join(["**"] * 10 + ["x"]), deep)
    assert not matches("/".join(["**", "a"] * 10 + ["x"]), deep)
    assert matches("/".join(["**", "a"] * 10 + ["y"]), deep)
    assert time.monotonic() - started < 2


# --- required_labels --------------------------------------------------------

ACCESS = AccessModel(roles={}, gates=(
    Gate("sensitive", (".github/workflows/**", "etc/chittyos/scopes.yml"), SECURITY_LABELS, reviewers=("security",)),
    Gate("data", ("etc/chittyos/datalayers/**",), ("data-approved", "docs-approved")),
))


def test_required_labels_names_files_and_missing_labels():
    found = required_labels(ACCESS, ["etc/chittyos/scopes.yml", "README.md", ".github/workflows/site.yml"],
                            ["docs-approved"])
    assert found == [GateMatch(ACCESS.gates[0], (".github/workflows/site.yml", "etc/chittyos/scopes.yml"),
                               ("security-approved", "access-reviewed"))]
    assert not found[0].satisfied


def test_required_labels_without_labels_lists_every_label():
    (match,) = required_labels(ACCESS, ["etc/chittyos/datalayers/chittyledger.yml"])
    assert match.gate.name == "data" and match.missing == ("data-approved", "docs-approved")


def test_required_labels_satisfied_and_untouched_gates():
    found = required_labels(ACCESS, ["etc/chittyos/scopes.yml"], [" security-approved", "docs-approved", "access-reviewed "])
    assert [(m.gate.name, m.satisfied) for m in found] == [("sensitive", True)]
    assert required_labels(ACCESS, ["docs/index.md"]) == []
    assert required_labels(ACCESS, []) == []


def test_merge_keeps_every_gate_once():
    other = AccessModel(roles={}, gates=(ACCESS.gates[1], Gate("new", ("x/**",), ("x-ok",))))
    assert [g.name for g in merge(ACCESS, other).gates] == ["sensitive", "data", "new"]


def test_the_site_and_the_command_read_the_same_gates(eco):
    """The /access/ page gets its gates from the checked ecosystem; they are the ones the command applies."""
    access = run_check(eco).ecosystem.access
    (match,) = required_labels(access, ["etc/chittyos/scopes.yml"])
    assert match.gate.name == "sensitive" and match.missing == SECURITY_LABELS


# --- the command ------------------------------------------------------------

def test_scopes_change_without_labels_fails(capsys):
    code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--labels", "", "--changed", "etc/chittyos/scopes.yml")
    assert code == 1
    assert "etc/chittyos/scopes.yml" in out
    for label in SECURITY_LABELS:
        assert label in out.split("missing labels", 1)[1].splitlines()[0]


def test_scopes_change_with_labels_passes(capsys):
    code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--labels", ",".join(SECURITY_LABELS),
                           "--changed", "etc/chittyos/scopes.yml")
    assert code == 0, out
    assert "satisfied" in out


def test_some_labels_are_not_enough(capsys):
    code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--labels", "docs-approved",
                           "--labels", "security-approved", "--changed", "etc/chittyos/scopes.yml")
    assert code == 1
    first = out.splitlines()[0]
    assert "access-reviewed" in first.split("(needs")[0] and "docs-approved" not in first.split("(needs")[0]


def test_secrets_model_and_access_model_need_the_security_labels(capsys):
    for path in ("etc/chittyos/secrets.yml", "etc/chittyos/access.yml"):
        code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--changed", path)
        assert code == 1 and path in out and all(label in out for label in SECURITY_LABELS)


def test_ungated_change_passes(capsys):
    code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--changed", "README.md", "docs/authors/waivers.md")
    assert code == 0
    assert "no review gate applies" in out


def test_github_format_annotates_each_gated_file(capsys):
    code, out, _ = run_cli(capsys, "gate", "--root", str(REPO), "--format", "github",
                           "--changed", "etc/chittyos/scopes.yml", ".github/workflows/site.yml")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert [a.split(",")[0] for a in annotations] == ["::error file=.github/workflows/site.yml",
                                                      "::error file=etc/chittyos/scopes.yml"]


def test_missing_access_model_is_a_usage_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "gate", "--root", str(tmp_path), "--changed", "x")
    assert code == 2 and "access model" in err


def test_changed_or_base_is_required(capsys):
    code, _, err = run_cli(capsys, "gate", "--root", str(REPO))
    assert code == 2 and "--changed" in err


# --- --base: the diff comes from git ----------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                           "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(eco):
    """The fixture ecosystem as a git repository with one commit on `main` and a branch `change`."""
    git(eco, "init", "-q", "-b", "main")
    git(eco, "add", "-A")
    git(eco, "commit", "-q", "-m", "base")
    git(eco, "checkout", "-q", "-b", "change")
    return eco


def commit(root: Path, relpath: str, text: str) -> None:
    write(root, relpath, text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"change {relpath}")


def test_base_diff_finds_the_scopes_change(capsys, repo):
    commit(repo, "etc/chittyos/scopes.yml", (repo / "etc/chittyos/scopes.yml").read_text() + "# reviewed\n")
    code, out, _ = run_cli(capsys, "gate", "--root", str(repo), "--base", "main", "--labels", "")
    assert code == 1 and "etc/chittyos/scopes.yml" in out
    code, out, _ = run_cli(capsys, "gate", "--root", str(repo), "--base", "main", "--labels", ",".join(SECURITY_LABELS))
    assert code == 0, out


def test_base_diff_counts_both_sides_of_a_rename(capsys, repo):
    git(repo, "mv", "etc/chittyos/scopes.yml", "etc/chittyos/scopes-old.yml")
    git(repo, "commit", "-q", "-m", "move")
    code, out, _ = run_cli(capsys, "gate", "--root", str(repo), "--base", "main")
    assert code == 1 and "etc/chittyos/scopes.yml" in out


def test_a_change_cannot_lift_its_own_gate(capsys, repo):
    """Dropping scopes.yml from the gates in the same change does not exempt the scopes change."""
    access = (repo / "etc/chittyos/access.yml").read_text()
    commit(repo, "etc/chittyos/access.yml", access.replace("etc/chittyos/scopes.yml, ", ""))
    commit(repo, "etc/chittyos/scopes.yml", (repo / "etc/chittyos/scopes.yml").read_text() + "# sneaky\n")
    code, out, _ = run_cli(capsys, "gate", "--root", str(repo), "--base", "main")
    assert code == 1 and "etc/chittyos/scopes.yml" in out


def test_unknown_base_is_a_usage_error(capsys, repo):
    code, out, err = run_cli(capsys, "gate", "--root", str(repo), "--base", "no-such-branch")
    assert code == 2 and out == ""
    assert "no-such-branch" in err and "git diff" in err


def test_base_outside_a_git_repository_is_a_usage_error(capsys, eco):
    code, _, err = run_cli(capsys, "gate", "--root", str(eco), "--base", "main")
    assert code == 2 and "git" in err


def test_option_like_base_is_refused(capsys, repo):
    code, _, err = run_cli(capsys, "gate", "--root", str(repo), "--base=--output=/tmp/x")
    assert code == 2 and "not a git revision" in err


def test_installed_command(repo):
    """The console script, as CI calls it."""
    commit(repo, ".github/workflows/site.yml", "name: x\n")
    exe = REPO / ".venv" / "bin" / "getchitty"
    done = subprocess.run([str(exe), "gate", "--root", str(repo), "--base", "main", "--labels", "docs-approved"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert ".github/workflows/site.yml" in done.stdout and "security-approved" in done.stdout
