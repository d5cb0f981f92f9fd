"""Shared fixtures for the governance engine's tests; helpers are in engine_support.py.

`eco` builds a complete, clean repository in a temporary folder: the fixture
ecosystem (tests/fixtures/eco: etc/chittyos/ and public/) plus this repository's
etc/authority/ and etc/profiles/. That tree passes `getchitty check` with no
finding at all, so every test starts clean and changes exactly one thing.

Every test gets its own cache folder (GETCHITTY_CACHE_DIR), so no test can see
results another test cached, and every SARIF log a test makes through the
formatter table (the CLI's path) is checked against the full OASIS schema.

No test skips: what a test needs is in the repository (etc/upstream/ holds the
real upstream files) or installed by `make test`, so a skip would only hide a
test that no longer runs. A skip is reported as a failure.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from engine_support import REPO, build_eco, check
from sarif_support import sarif_validate

from getchitty import report

# What `make test-fast` leaves out: the browser and build tests, and the modules that build sites, install
# packages, run external linters or replay long edit sequences. `make test` runs everything.
SLOW = {"site", "test_incremental.py", "test_serve_incremental.py", "test_fuzz.py", "test_wheel.py",
        "test_pre_commit.py", "test_sarif.py", "test_workflows.py", "test_federation_workflow.py", "test_import.py",
        "test_content.py", "test_extending.py"}


# This repository's content is checked as of this day: its waivers and roadmap dates are judged against it.
REPOSITORY_DAY = date(2026, 12, 1)


@pytest.fixture(scope="session")
def repository_result():
    """This repository checked once per test process (the modules that read it share the result)."""
    return check(REPO, today=REPOSITORY_DAY, use_cache=False)


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).resolve().parent
    for item in items:
        if Path(item.fspath).resolve().relative_to(tests).parts[0] in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report_ = outcome.get_result()
    if report_.skipped and not hasattr(report_, "wasxfail"):
        report_.outcome = "failed"
        report_.longrepr = f"{item.nodeid} skipped ({report_.longrepr}): the tests never skip; install or add what it needs"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch) -> Path:
    """A private cache folder per test; subprocesses inherit it through the environment."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GETCHITTY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def every_sarif_log_is_valid(monkeypatch):
    make = report.FORMATTERS["sarif"]

    def checked(*args, **kwargs) -> str:
        text = make(*args, **kwargs)
        sarif_validate(text)
        return text

    monkeypatch.setitem(report.FORMATTERS, "sarif", checked)


@pytest.fixture
def eco(tmp_path) -> Path:
    """Root of a clean, complete repository (fixture ecosystem + etc/authority + etc/profiles)."""
    return build_eco(tmp_path / "repo")
