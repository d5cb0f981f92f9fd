"""The status rule: each service's current status, decided from what its synced sources state, and where those
sources disagree about it.

The rule is a table, ROWS, read from the top: a service gets the status of the first row whose condition holds.
A condition asks for kinds of evidence (KINDS) and nothing else: `decide(federation, name)` collects the pieces
of evidence the federation's claims give for one service (`evidence_of`) and `rule`, a pure function of the set of
kinds present, picks the row. The rows run from the end of the lifecycle (LIFECYCLE) back to its start and every
condition only asks for evidence to be present, so adding a piece of positive evidence can move a service later
in the lifecycle, never earlier. The legend on the pages (MEANINGS) and the table in
docs/authors/status-mapping.md are written from ROWS, so they say exactly what the rule checks. Nothing is
probed: every kind of evidence is a statement read from a synced file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from .federated import Claim, Declaration, Federation

REGISTRY_FILE = "compliance/service-registry.yml"
# Wrangler environments that deploy to production; the top level (no environment) is what `wrangler deploy` deploys.
PRODUCTION = frozenset({"production", "prod"})
# A checklist item about the service running, as charters word it ("Health endpoint operational at /health",
# "Cloudflare Workers deployment"), and not about a feature of it.
DEPLOYMENT_ITEM = re.compile(r"\bhealth(?!care)|\bdeploy", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence the status rule read, with where it was stated (None: no source states it), or, with
    `value` None, a kind of evidence no source gives."""

    label: str
    value: Any
    claim: Claim | None = None
    kind: str = ""  # its kind in the status rule's table (KINDS)
    decides: bool = False  # its kind is a condition of the row that decided the status


@dataclass(frozen=True)
class Decision:
    """The status the documented rule gives a service, the row of its table that decided it, and the evidence."""

    status: str
    branch: int  # the row of the status rule's table, counted from 1
    reason: str
    evidence: tuple[Evidence, ...]
    board: Claim | None = None  # the January board's status, kept as history


@dataclass(frozen=True)
class Kind:
    """One kind of evidence the rule reads."""

    id: str
    label: str  # the input, as the evidence table on each page names it
    phrase: str  # what it is, in the words of the legend and of the findings
    positive: bool = True  # False: it says the service is retired or unfinished


KINDS = (
    Kind("registry_inactive", "registry: active", "the ecosystem registry marks it inactive (active: false)",
         positive=False),
    Kind("registry_active", "registry: active", "the ecosystem registry marks it active (active: true)"),
    Kind("production_route", "production route (own Wrangler configuration)",
         "a route in the production environment of its Wrangler configuration (the top level, or env.production)"),
    Kind("custom_domain", "custom domain (own Wrangler configuration)",
         "a custom domain (custom_domain: true) in that production environment"),
    Kind("dashboard_routes", "routes set in the Cloudflare dashboard (own Wrangler configuration)",
         "a note in its Wrangler configuration that its routes are set in the Cloudflare dashboard"),
    Kind("deployment_ticked", "charter checklist: health endpoint or deployment",
         "a ticked item of its charter's checklist about its health endpoint or its deployment"),
    Kind("deployment_open", "charter checklist: health endpoint or deployment",
         "an open item of its charter's checklist about its health endpoint or its deployment", positive=False),
    Kind("charter_certified", "charter status (own charter or badge)", "its charter or badge says CERTIFIED"),
    Kind("charter_draft", "charter status (own charter or badge)", "its charter or badge says DRAFT", positive=False),
    Kind("worker_configured", "Worker or Pages project (own Wrangler configuration)",
         "its Wrangler configuration names a Worker (name or main) or a Pages project"),
    Kind("other_route", "route outside production (own Wrangler configuration)",
         "a route or custom domain in another Wrangler environment (staging, preview …)"),
    Kind("own_repository", "own repository is a source",
         "its repository is a source (a registration in the ops repository counts)"),
    Kind("production_domain", "production domain (own repository)", "they declare a production domain"),
    Kind("health_route", "health route (own repository)", "they declare a health route"),
    Kind("board", "board (2026-01), history only", "the January 2026 board's status, kept as history"),
)
KIND = {kind.id: kind for kind in KINDS}


@dataclass(frozen=True)
class Group:
    """Part of a condition: it holds when any of its kinds is present."""

    lead: str  # what the kinds have in common, as the legend says it; "" when one kind says it all
    kinds: tuple[str, ...]

    def holds(self, present: Collection[str]) -> bool:
        return any(kind in present for kind in self.kinds)

    @property
    def text(self) -> str:
        phrases = [KIND[kind].phrase for kind in self.kinds]
        series = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])}, or {phrases[-1]}"
        return f"{self.lead}: {series}" if self.lead else series


@dataclass(frozen=True)
class Row:
    """One row of the rule's table: the status, the condition (every group must hold) and why."""

    status: str
    needs: tuple[Group, ...]
    why: str
    otherwise: str = ""  # what the row that needs nothing means

    def holds(self, present: Collection[str]) -> bool:
        return all(group.holds(present) for group in self.needs)

    @property
    def meaning(self) -> str:
        """The condition in words: the legend's definition of the status."""
        text = "; and ".join(group.text for group in self.needs) if self.needs else self.otherwise
        return text[0].upper() + text[1:] + "."

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for group in self.needs for kind in group.kinds)


DEPLOYMENT = Group("its own repository shows a deployment",
                   ("production_route", "custom_domain", "dashboard_routes", "deployment_ticked"))
ROWS = (
    Row("Deprecated", (Group("", ("registry_inactive",)),),
        "The registry is where a repository is retired. A route or checklist that still says the service runs does "
        "not keep it current: the check reports that as status/sources-disagree."),
    Row("Active", (DEPLOYMENT, Group("", ("registry_active",))),
        "The Canon's Active is Live and in use; the registry is the ecosystem's record of what is in use."),
    Row("Live", (DEPLOYMENT,),
        "A route or custom domain tells Cloudflare to serve the Worker, a dashboard note says the routes are set "
        "outside the file, and a ticked item is the team's own statement. None of them is probed."),
    Row("Registered", (Group("an ecosystem authority lists it", ("registry_active", "charter_certified")),),
        "The ops registry or the certifier of its charter knows it as a current service, but no file read shows "
        "it deployed: Active would claim a deployment nobody read, In Progress would contradict the registry. The "
        "Canon has no word for this; Registered is the portal's addition to its list of statuses."),
    Row("Needs Deployment", (Group("its own repository configures a Worker or a Pages project",
                                   ("worker_configured", "other_route")),),
        "A Worker or a Pages project is set up to be deployed, and nothing read routes it in production."),
    Row("In Progress", (Group("its own files are read", ("own_repository", "production_domain", "health_route")),),
        "The service exists in its own files, which show nothing deployable yet."),
    Row("Planned", (),
        "Nothing read shows more than an intention. The January board is history: its label is shown beside the "
        "status and decides nothing.",
        otherwise="no source read meets any other condition: there is only a description (a manifest here, or the "
                  "January board, kept as history)"),
)
# The lifecycle, in order: the table's rows read from the bottom up (the schemas list the statuses in this order,
# which tests/test_status.py checks), and the order the rule never moves a service back along.
LIFECYCLE = tuple(row.status for row in reversed(ROWS))
MEANINGS = {status: next(row.meaning for row in ROWS if row.status == status) for status in LIFECYCLE}


def rank(status: str) -> int:
    """The status's place in the lifecycle."""
    return LIFECYCLE.index(status)


@dataclass(frozen=True)
class EvidenceSet:
    """The pieces of evidence the rule reads for one service."""

    pieces: tuple[Evidence, ...] = ()

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(piece.kind for piece in self.pieces)


def rule(evidence: EvidenceSet) -> tuple[int, Row]:
    """The first row of the table whose condition holds, numbered from 1: a function of the kinds present alone."""
    present = evidence.kinds
    return next((number, row) for number, row in enumerate(ROWS, 1) if row.holds(present))


def decide(federation: Federation, name: str) -> Decision:
    found = evidence_of(federation, name)
    number, row = rule(found)
    decisive = row.kinds
    pieces = tuple(dataclasses.replace(piece, decides=piece.kind in decisive) for piece in found.pieces)
    board = next((piece.claim for piece in pieces if piece.kind == "board"), None)
    reason = "; ".join(f"{piece.label}: {_text(piece.value)}" for piece in pieces if piece.decides) or row.otherwise
    return Decision(row.status, number, reason, _with_absent(pieces), board)


def evidence_of(federation: Federation, name: str) -> EvidenceSet:
    """Every piece of evidence the federation's claims give for the service, in the order of KINDS."""
    found = list(_pieces(federation, name))
    order = {kind.id: index for index, kind in enumerate(KINDS)}
    return EvidenceSet(tuple(sorted(found, key=lambda piece: order[piece.kind])))


def _piece(kind: str, value: Any, claim: Claim | None = None) -> Evidence:
    return Evidence(KIND[kind].label, value, claim, kind)


def _pieces(federation: Federation, name: str) -> Iterator[Evidence]:
    declaration = federation.declaration(name)
    for active in _registry(declaration, "active"):
        if isinstance(active.value, bool):
            yield _piece("registry_active" if active.value else "registry_inactive", active.value, active)
    routed = set()
    for claim in _own(declaration, "route"):
        value = claim.value if isinstance(claim.value, dict) else {"pattern": claim.value}
        routed.add(_at(claim))
        yield _route(str(value.get("pattern") or value.get("host") or ""), value, claim)
    for claim in _own(declaration, "custom_domain"):
        if _at(claim) not in routed:  # the Wrangler reader records a custom domain as a route too
            value = claim.value if isinstance(claim.value, dict) else {"host": claim.value}
            yield _route(str(value.get("host") or ""), {**value, "custom_domain": True}, claim)
    for claim in _own(declaration, "dashboard_routes"):
        yield _piece("dashboard_routes", claim.value, claim)
    for claim in _own(declaration, "compliance_claim"):
        item = claim.value if isinstance(claim.value, dict) else {}
        text = item.get("claim")
        if isinstance(text, str) and DEPLOYMENT_ITEM.search(text):
            yield _piece("deployment_ticked" if item.get("done") is True else "deployment_open", text, claim)
    for stated in (*_own(declaration, "charter.status"), *_own(declaration, "badge.status")):
        word = str(stated.value).strip().upper()
        if word in ("CERTIFIED", "DRAFT"):
            yield _piece("charter_certified" if word == "CERTIFIED" else "charter_draft", stated.value, stated)
    worker = _first(_own(declaration, "worker_name")) or _first(_own(declaration, "worker_main")) \
        or _first(_own(declaration, "pages_project"))
    if worker is not None:
        yield _piece("worker_configured", worker.value, worker)
    if federation.is_source(name):
        yield _piece("own_repository", True)
    for kind, field_name in (("production_domain", "domain"), ("health_route", "health_route")):
        declared = _first(_own(declaration, field_name))
        if declared is not None:
            yield _piece(kind, declared.value, declared)
    board = declaration.first("board.status", "board")
    if board is not None:
        yield _piece("board", board.value, board)


def _route(pattern: str, value: dict, claim: Claim) -> Evidence:
    environment = str(value.get("environment") or "")
    if environment and environment.lower() not in PRODUCTION:
        return _piece("other_route", f"{pattern} (env.{environment})", claim)
    shown = f"{pattern} (env.{environment})" if environment else pattern
    return _piece("custom_domain" if value.get("custom_domain") is True else "production_route", shown, claim)


def _with_absent(pieces: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The pieces, with one row for each input no source gives, where the table lists it."""
    present = {piece.label for piece in pieces}
    shown: list[Evidence] = []
    absent: set[str] = set()
    for kind in KINDS:
        of_kind = [piece for piece in pieces if piece.kind == kind.id]
        shown.extend(of_kind)
        if kind.label not in present and kind.label not in absent:
            absent.add(kind.label)
            shown.append(Evidence(kind.label, None, None, kind.id))
    return tuple(shown)


_ROUTED = ("production_route", "custom_domain", "dashboard_routes")
# A statement of each negative kind against which positive kinds (strongest first) is a disagreement. A checklist
# that ticks one deployment item and leaves another open disagrees with nothing outside itself.
CONFLICTS = (
    ("registry_inactive", (*_ROUTED, "deployment_ticked")),
    ("charter_draft", ("registry_active",)),
    ("deployment_open", (*_ROUTED, "registry_active")),
)


class Disagreement(NamedTuple):
    """A statement that the service is retired or unfinished, and the strongest statement against it."""

    said: Evidence
    said_at: Claim
    against: Evidence
    against_at: Claim


def disagreements(evidence: Iterable[Evidence]) -> Iterator[Disagreement]:
    stated = [(piece, piece.claim) for piece in evidence if piece.value is not None and piece.claim is not None]
    for negative, positives in CONFLICTS:
        for piece, claim in stated:
            if piece.kind != negative:
                continue
            against = next(((other, at) for kind in positives for other, at in stated if other.kind == kind), None)
            if against is not None:
                yield Disagreement(piece, claim, *against)


def _at(claim: Claim) -> tuple[str, int]:
    return (claim.provenance.path, claim.provenance.line) if claim.provenance is not None else (claim.local.path, 0)


def _first(claims: Iterable[Claim]) -> Claim | None:
    return next(iter(claims), None)


def _registry(declaration: Declaration, field_name: str) -> list[Claim]:
    return [claim for claim in declaration.all(field_name)
            if claim.provenance is not None and claim.provenance.path == REGISTRY_FILE]


def _own(declaration: Declaration, field_name: str) -> list[Claim]:
    """The service's own statements of a field, outside the registry file (its registry entry is not its own)."""
    return [claim for claim in declaration.all(field_name) if claim.role == "own"
            and claim.provenance is not None and claim.provenance.path != REGISTRY_FILE]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
