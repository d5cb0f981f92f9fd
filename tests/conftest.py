"""Shared fixtures for the governance engine's tests; helpers are in engine_support.py.

`eco` builds a complete, clean repository in a temporary folder: the fixture
ecosystem (tests/fixtures/eco: etc/chittyos/ and public/) plus this repository's
etc/authority/ and etc/profiles/. That tree passes `getchitty check` with no
finding at all, so every test starts clean and changes exactly one thing.

Every test gets its own cache folder (GETCHITTY_CACHE_DIR), so no test can see
results another test cached, and every SARIF log a test makes through the
formatter table (the CLI's path) is checked against the full OASIS schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import build_eco
from sarif_support import sarif_validate

from getchitty import report


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
