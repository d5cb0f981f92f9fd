"""The status rule: each service's current status, decided from what its sources state.

docs/authors/status-mapping.md explains every branch for authors. The branches,
in order (the first that holds decides):

1. The ecosystem registry lists the service with `active: false` → Deprecated.
2. The registry lists it as active and its type runs nothing behind a host (a tool, an npm package, a client
   SDK, documentation, an organization's configuration) → Active: there is no deployment to look for.
3. Its own repository is a source:
   a. it declares a production domain and a health route, and its Wrangler configuration routes a host (the
      Worker is deployed somewhere) → Active when the registry lists it as active, otherwise Live;
   b. otherwise → In Progress: the repository declares the service, the synced files show no deployment.
4. Only the registry speaks for it and lists it as active → Active, as the registry states.
5. The January board named it → the status the board's label maps to (the manifest's `board.status`).
6. Otherwise → Planned.

A charter's certification (`status: CERTIFIED` in its front matter) is shown as
evidence but decides nothing: it certifies the charter, not a deployment.
"""

from __future__ import annotations

from .federated import Claim, Decision, Declaration, Evidence, Federation

REGISTRY_FILE = "compliance/service-registry.yml"
UNDEPLOYED_TYPES = ("tool", "npm-package", "client-sdk", "documentation", "org-config")


def _registry(declaration: Declaration, field_name: str) -> Claim | None:
    return next((claim for claim in declaration.all(field_name)
                 if claim.provenance is not None and claim.provenance.path == REGISTRY_FILE), None)


def _own(declaration: Declaration, field_name: str) -> Claim | None:
    """The service's own statement of a field, outside the registry file (its registry entry is not a declaration)."""
    return next((claim for claim in declaration.all(field_name) if claim.role == "own"
                 and claim.provenance is not None and claim.provenance.path != REGISTRY_FILE), None)


def decide(federation: Federation, name: str) -> Decision:
    declaration = federation.declaration(name)
    active = _registry(declaration, "active")
    kind = _registry(declaration, "type")
    domain = _own(declaration, "domain")
    health = _own(declaration, "health_route")
    route = _own(declaration, "route")
    certification = _own(declaration, "charter.status") or _own(declaration, "badge.status")
    board = declaration.first("board.status", "board")
    own = federation.is_source(name)
    evidence = (
        Evidence("registry: active", active.value if active else None, active),
        Evidence("registry: type", kind.value if kind else None, kind),
        Evidence("own repository is a source", own, None),
        Evidence("production domain (own repository)", domain.value if domain else None, domain),
        Evidence("health route (own repository)", health.value if health else None, health),
        Evidence("Worker route (own Wrangler configuration)", _route_text(route), route),
        Evidence("charter certification", certification.value if certification else None, certification),
        Evidence("board (2026-01)", board.value if board else None, board),
    )

    def decision(status: str, branch: int, reason: str) -> Decision:
        return Decision(status, branch, reason, evidence, board)

    registered_active = active is not None and active.value is True
    if active is not None and active.value is False:
        return decision("Deprecated", 1, "the ecosystem registry lists it as inactive")
    if registered_active and kind is not None and kind.value in UNDEPLOYED_TYPES:
        return decision("Active", 2, f"the registry lists it as active, and its type ({kind.value}) has no deployment to look for")
    if own:
        if domain is not None and health is not None and route is not None:
            if registered_active:
                return decision("Active", 3, "its repository declares a production domain and a health route, its Worker "
                                             "is routed, and the registry lists it as active")
            return decision("Live", 3, "its repository declares a production domain and a health route and its Worker "
                                       "is routed; the registry does not list it as active")
        missing = [what for what, claim in (("production domain", domain), ("health route", health),
                                            ("Worker route", route)) if claim is None]
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        return decision("In Progress", 3, f"its repository declares the service, but the synced files show no {listed}")
    if registered_active:
        return decision("Active", 4, "only the registry speaks for it, and it lists the service as active; its "
                                     "repository is not a source, so nothing more is checked")
    if board is not None and isinstance(board.value, str):
        return decision(board.value, 5, "no source states more than the January board, whose label maps to this status")
    return decision("Planned", 6, "no source shows more than an intention")


def _route_text(route: Claim | None) -> str | None:
    if route is None:
        return None
    value = route.value
    return str(value.get("pattern") or value.get("host") or "") if isinstance(value, dict) else str(value)
