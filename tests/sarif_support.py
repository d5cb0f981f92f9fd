"""SARIF checks shared by the tests: the full OASIS schema and the SARIF multitool's GitHub rules.

tests/fixtures/sarif/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema as published
with errata 01 (oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json, commit 0a8091f7),
unchanged. Its `uri` and `uri-reference` formats are checked for real: jsonschema checks
them only when `rfc3987` is installed, which the test requirements pin, and
test_report.py proves that a malformed URI is rejected.

The multitool (npm @microsoft/sarif-multitool, installed by `npm ci` through
tools/test-deps) runs its SARIF and GitHub (`Gh`) rule sets; a SARIF file passes when
the tool reports no error and no warning.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from engine_support import FIXTURES, REPO

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FORMATS = jsonschema.FormatChecker()
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=FORMATS)
MULTITOOL = REPO / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


def sarif_validate(text: str) -> dict:
    """The log, after checking it against the full schema with URI formats checked."""
    log = json.loads(text)
    VALIDATOR.validate(log)
    return log


def multitool_findings(*files: Path, out: Path) -> list[dict]:
    """The multitool's error and warning results for `files` (SARIF and GitHub rules)."""
    if not MULTITOOL.exists():
        pytest.fail("the SARIF multitool is not installed: run `npm ci` in the repository root "
                    "(`make test` does it through tools/test-deps)")
    done = subprocess.run(
        [str(MULTITOOL), "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning",
         "--output", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300,
        # The tool's HTTP checks of helpUri and $schema are notes; nothing else needs the network.
        # Invariant globalization: the .NET runtime inside the package then needs no libicu.
        env={"PATH": "/usr/bin:/bin", "HOME": str(out.parent), "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
             "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"})
    if not out.exists():
        pytest.fail(f"the multitool wrote no report:\n{done.stdout}\n{done.stderr}")
    report = json.loads(out.read_text(encoding="utf-8-sig"))
    return [{"rule": r["ruleId"], "level": r.get("level", "warning"), "message": r["message"].get("text") or " | ".join(r["message"].get("arguments", []))}
            for run in report["runs"] for r in run.get("results", [])
            if r.get("level", "warning") in ("error", "warning")]
