"""CODEOWNERS as GitHub applies it: the last matching pattern wins, so a broad line below the lines that
protect .github/, .github/workflows/, the CODEOWNERS file or .chittyconnect.yml takes those paths over.
`codeowners/protection-overridden` says so at the broad line, each protecting line a related location."""

from __future__ import annotations

import pytest

from getchitty.federation.tree import read_files

COMMIT = "c" * 40
RULE = "codeowners/protection-overridden"
REAL_LAYOUT = """\
# Code Ownership — Required reviewers for pull requests

# Protect all GitHub Actions workflows
/.github/workflows/ @nickbianchi @CHITTYOS/cicd-admins

# Protect CI/CD and compliance configuration
/.github/ @nickbianchi @CHITTYOS/cicd-admins
/CODEOWNERS @nickbianchi
/.chittyconnect.yml @nickbianchi @CHITTYOS/cicd-admins

# Default owners
* @CHITTYOS/developers
"""


def overrides(files: dict[str, str]) -> list[tuple[str, int, int, list[tuple[str, int]]]]:
    snap = read_files({path: text.encode() for path, text in files.items()}, "chittyos/chittyx", COMMIT)
    return [(p.path, p.line, p.col, [(r.path, r.line) for r in p.related]) for p in snap.problems if p.rule_id == RULE]


def test_a_final_catch_all_takes_over_every_protection_above_it():
    [(path, line, col, related)] = overrides({"CODEOWNERS": REAL_LAYOUT})
    assert (path, line, col) == ("CODEOWNERS", 12, 1)
    assert related == [("CODEOWNERS", 4), ("CODEOWNERS", 7), ("CODEOWNERS", 8), ("CODEOWNERS", 9)]
    snap = read_files({"CODEOWNERS": REAL_LAYOUT.encode()}, "chittyos/chittyx", COMMIT)
    message = next(p.message for p in snap.problems if p.rule_id == RULE)
    assert message.startswith("`*` (@CHITTYOS/developers) comes after the protecting lines 4 (`/.github/workflows/`), "
                              "7 (`/.github/`), 8 (`/CODEOWNERS`), 9 (`/.chittyconnect.yml`)")


def test_the_catch_all_first_protects_as_intended():
    fixed = "* @CHITTYOS/developers\n" + "".join(line + "\n" for line in REAL_LAYOUT.splitlines()[:-1])
    assert overrides({"CODEOWNERS": fixed}) == []


@pytest.mark.parametrize("text, expected", [
    # a broader pattern of another kind takes .chittyconnect.yml over
    ("/.chittyconnect.yml @org/admins\n*.yml @org/devs\n", [(2, [1])]),
    ("/.github/workflows/ @org/admins\n/.github/** @org/devs\n", [(2, [1])]),
    ("  /.github/ @org/admins\n    ** @org/devs\n", [(2, [1])]),
    # a more specific line below refines the protection: intended
    ("/.github/ @org/admins\n/.github/workflows/ @org/ci\n", []),
    # the same owners, in another case: nothing changes hands
    ("/.github/ @CHITTYOS/admins\n* @chittyos/ADMINS\n", []),
    # a broad line that does not reach the protected paths
    ("/.github/workflows/ @org/admins\n*.md @org/docs\n/src/ @org/devs\n", []),
    # nothing protected to begin with
    ("* @org/devs\n/docs/ @org/docs\n", []),
    # protecting lines of the CODEOWNERS file GitHub uses, at its own path
    ("/.github/CODEOWNERS @org/admins\n* @org/devs\n", "github"),
])
def test_which_later_lines_take_a_protection_over(text, expected):
    if expected == "github":
        assert [(line, [r for _, r in related]) for _, line, _, related in overrides({".github/CODEOWNERS": text})] \
            == [(2, [1])]
        return
    assert [(line, [r for _, r in related]) for _, line, _, related in overrides({"CODEOWNERS": text})] == expected


def test_only_the_file_github_uses_is_judged():
    files = {".github/CODEOWNERS": "* @org/devs\n/.github/ @org/admins\n", "CODEOWNERS": REAL_LAYOUT}
    assert overrides(files) == []
    assert overrides({"docs/CODEOWNERS": REAL_LAYOUT})[0][:2] == ("docs/CODEOWNERS", 12)
