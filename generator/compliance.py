"""The registry's compliance dimensions, evaluated for one service from what the synced files can decide.

A service's registry `type` picks its profile (required / optional /
not_applicable per dimension). Within a dimension, only two kinds of check can
be decided offline: a file check on a file the sync fetches, and a config check
on a field of .chittyconnect.yml that the reader records. Everything else (a
workflow, a package.json, branch protection, a live probe, a file outside the
sparse sync) is "not checked offline"; a dimension is "passed" only when every
one of its checks was decided and passed. For `health_endpoint`, whose only
check is a live probe, the offline part is whether a production domain is
declared at all: without one there is nothing to probe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .federated import Claim, Declaration, Dimension, Federation
from .federation.tree import CODEOWNERS_PLACES, is_declaration

PASSED = "passed"
FAILED = "failed"
OFFLINE = "not checked offline"
NOT_A_SOURCE = "not checked (repository not a source)"
NOT_APPLICABLE = "not applicable"
CONNECT_FILE = ".chittyconnect.yml"
# checks.yml names .chittyconnect.yml fields by their path in that file; the reader records them as these facts.
CONFIG_FACTS = {
    "service.name": "name",
    "service.domains.production": "domain",
    "onboarding.endpoint": "onboarding_endpoint",
    "onboarding.provisions": "onboarding_provisions",
    "auth.provider": "auth_provider",
    "auth.service_token.key": "service_token_key",
}
HEALTH = "health_endpoint"


@dataclass(frozen=True)
class CheckResult:
    """One check of a compliance dimension on one service, and what could be decided of it."""

    kind: str  # file_checks, config_checks, ... as in the checks file
    description: str
    state: str  # passed, failed, not checked offline
    detail: str = ""
    claim: Claim | None = None  # the statement that decided it, when one did


@dataclass(frozen=True)
class DimensionResult:
    """One compliance dimension for one service: the level its type's profile sets and what could be decided."""

    dimension: Dimension
    level: str  # required, optional or not_applicable
    state: str  # passed, failed, not checked offline, not checked (repository not a source), not applicable
    checks: tuple[CheckResult, ...] = ()
    profile: Claim | None = None


def evaluate(federation: Federation, name: str) -> tuple[DimensionResult, ...]:
    """Every dimension of the service's profile; () when the registry gives it no type (no profile applies)."""
    entry = federation.registry.get(name)
    if entry is None or not entry.type:
        return ()
    compliance = federation.compliance
    profile = compliance.profile(entry.type)
    where = compliance.profile_claims.get(entry.type)
    snap = federation.snapshot_of(name) if federation.is_source(name) else None
    declaration = federation.declaration(name)
    results = []
    for dimension_id, dimension in compliance.dimensions.items():
        level = profile.get(dimension_id, "not_applicable")
        if level == "not_applicable" or not _applies(dimension, entry):
            results.append(DimensionResult(dimension, level, NOT_APPLICABLE, profile=where))
        elif snap is None:
            results.append(DimensionResult(dimension, level, NOT_A_SOURCE, profile=where))
        else:
            checks = tuple(_checks(dimension, declaration, frozenset(snap.snapshot.files)))
            results.append(DimensionResult(dimension, level, _state(checks), checks, where))
    return tuple(results)


def _applies(dimension: Dimension, entry: Any) -> bool:
    """`applicable_when` of the checks file, read against the registry entry (`domain` is_not_null, `type` equals)."""
    condition = dimension.applicable_when
    if not condition:
        return True
    value = getattr(entry, str(condition.get("field")), None)
    if condition.get("condition") == "is_not_null":
        return value not in (None, "")
    if condition.get("condition") == "equals":
        return value == condition.get("value")
    return True


def _state(checks: tuple[CheckResult, ...]) -> str:
    if any(check.state == FAILED for check in checks):
        return FAILED
    if not checks or any(check.state == OFFLINE for check in checks):
        return OFFLINE
    return PASSED


def _checks(dimension: Dimension, declaration: Declaration, files: frozenset[str]):
    for kind, checks in dimension.checks.items():
        items = checks if isinstance(checks, list) else [checks]
        for check in items:
            check = check if isinstance(check, dict) else {}
            description = str(check.get("description") or kind.replace("_", " "))
            if kind == "file_checks":
                yield _file(check, description, files)
            elif kind == "config_checks":
                yield _config(check, description, declaration, files)
            elif dimension.id == HEALTH and kind == "runtime_checks":
                domain = _connect(declaration, "domain") or declaration.first("domain")
                if domain is None:
                    yield CheckResult(kind, description, FAILED, "no production domain is declared, so there is "
                                                                 "nothing to probe")
                else:
                    yield CheckResult(kind, description, OFFLINE, f"a live probe of https://{domain.value}/health; "
                                                                  "declared, not probed offline", domain)
            else:
                yield CheckResult(kind, description, OFFLINE, _why_offline(kind))


def _why_offline(kind: str) -> str:
    return {"workflow_checks": "needs the repository's workflows, which the sync does not fetch",
            "node_checks": "needs package.json, which the sync does not fetch",
            "python_checks": "needs the repository's Python files, which the sync does not fetch",
            "runtime_checks": "needs a live request",
            "branch_protection": "needs the repository's settings on GitHub"}.get(kind, "cannot be decided from the synced files")


def _file(check: dict, description: str, files: frozenset[str]) -> CheckResult:
    path = str(check.get("path") or "")
    if not path or not is_declaration(path):
        return CheckResult("file_checks", description, OFFLINE, f"{path or 'the file'} is not among the files the sync fetches")
    # A check for a CODEOWNERS file is met wherever GitHub would find one.
    found = next((place for place in CODEOWNERS_PLACES if place in files), None) if path in CODEOWNERS_PLACES else None
    if path in files or found:
        return CheckResult("file_checks", description, PASSED, f"{found or path} is present")
    if check.get("required") is False:
        return CheckResult("file_checks", description, PASSED, f"{path} is absent, and optional")
    return CheckResult("file_checks", description, FAILED, f"{path} is missing")


def _connect(declaration: Declaration, fact: str) -> Claim | None:
    return next((claim for claim in declaration.all(fact) if claim.role == "own" and claim.provenance is not None
                 and claim.provenance.path == CONNECT_FILE), None)


def _config(check: dict, description: str, declaration: Declaration, files: frozenset[str]) -> CheckResult:
    field_path, in_file = str(check.get("field") or ""), str(check.get("in_file") or "")
    fact = CONFIG_FACTS.get(field_path)
    if in_file != CONNECT_FILE or fact is None:
        return CheckResult("config_checks", description, OFFLINE, f"{in_file or 'the file'}: {field_path or 'the field'} is not read")
    if CONNECT_FILE not in files:
        return CheckResult("config_checks", description, FAILED, f"{CONNECT_FILE} is missing, so {field_path} is not declared")
    claim = _connect(declaration, fact)
    if claim is None:
        return CheckResult("config_checks", description, FAILED, f"{CONNECT_FILE} declares no {field_path}")
    expected = check.get("expected_value")
    if expected is not None and str(claim.value).lower() != str(expected).lower():
        return CheckResult("config_checks", description, FAILED, f"{field_path} is {claim.value!r}, not {expected!r}", claim)
    wanted = check.get("expected_contains")
    if isinstance(wanted, list):
        have = {str(item).lower() for item in claim.value} if isinstance(claim.value, list) else set()
        missing = [str(item) for item in wanted if str(item).lower() not in have]
        if missing:
            return CheckResult("config_checks", description, FAILED, f"{field_path} lacks {', '.join(missing)}", claim)
    return CheckResult("config_checks", description, PASSED, f"{field_path} is declared", claim)
