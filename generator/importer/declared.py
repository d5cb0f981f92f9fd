"""A service repository's own declarations turned into that service's manifest, read by the readers
`getchitty sync` uses.

A repository that declares a service of its own (`.chittyconnect.yml`,
`CHARTER.md`, `CHITTY.md`, `wrangler.*`) is read exactly as a sync reads it
(federation.tree.read_tree: the same confinement, limits and facts, each with
its file and line). Its facts then fill the manifest's fields
in the portal's order of precedence among a repository's own files, each choice
printed as a mapping decision; the status is the one the status rule gives from
this repository alone. Every fact no field takes, every line the readers could
not place and every problem they found is listed with its file and line.

Pages the rest of the import reads (docs/, etc/chittyos/, authority/services/)
are left to it; their facts are not repeated here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..federated import build as build_federation
from ..federated import read_snapshot
from ..federation.common import local_name
from ..federation.reconcile import file_rank
from ..federation.snapshot import dump, relpath_for
from ..federation.tree import Snapshot, read_tree
from ..federation.values import Fact, clip
from ..load import parse
from ..names import SAFE_NAME
from ..status import decide
from .services import CATEGORY_WORDS, Draft, Value
from .source import ImportLog, SourceTree

SERVICE_FILES = (".chittyconnect.yml", "CHARTER.md", "CHITTY.md", "wrangler.toml", "wrangler.jsonc", "wrangler.json")
# What the rest of the import reads on its own: governance and onboarding pages, scopes.yml, JSON manifests.
ELSEWHERE = ("docs/", "etc/", "authority/")
SECRET_FILES = ("wrangler.toml", "wrangler.jsonc", "wrangler.json", ".github/secret-catalog.json")
ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
SYNCED = "the service's page shows it once the repository is a sync source"


@dataclass
class Declared:
    """The service a repository declares for itself, as a manifest draft, and the values it was made of."""

    name: str
    draft: Draft
    used: list[Value] = field(default_factory=list)  # where each written field was read


def read(tree: SourceTree, log: ImportLog) -> Declared | None:
    """The repository's own service; None when it declares none (no service file at its root)."""
    present = [path for path in SERVICE_FILES if tree.is_file(path)]
    if not present:
        return None
    repository = local_name(tree.root.name)
    snapshot = read_tree(tree.root, repository, "")
    own = [f for f in snapshot.facts if f.subject and f.subject == snapshot.service and not _elsewhere(f.provenance.path)]
    if not snapshot.service or not SAFE_NAME.match(snapshot.service):
        log.skip(present[0], 0, f"declares the service '{snapshot.service}', which is not a safe name (a-z, 0-9, "
                                "starting with a letter); no manifest was made from this repository's own files")
        _unmapped(snapshot, set(), log)
        return None
    return _map(snapshot, own, log)


def _elsewhere(path: str) -> bool:
    return path.startswith(ELSEWHERE)


def _ranked(facts: list[Fact], name: str) -> list[Fact]:
    return sorted((f for f in facts if f.field == name), key=lambda f: (file_rank(f.provenance.path), f.provenance.line))


def _value(fact: Fact, value: Any = None) -> Value:
    return Value(fact.value if value is None else value, fact.provenance.path, fact.provenance.line)


def _map(snapshot: Snapshot, own: list[Fact], log: ImportLog) -> Declared:
    name = snapshot.service
    origin_fact = next(iter(_ranked(own, "name") + _ranked(own, "canonical_uri") + own), None)
    origin = _value(origin_fact, name) if origin_fact else Value(name, SERVICE_FILES[0], 1)
    declared = Declared(name, Draft(name, origin, sources=[]))
    # ids of the facts a field took, or that a decision names; the name is service_name
    taken: set[int] = {id(f) for f in own if f.field == "name" and f.value == name}

    def choose(key: str, facts: list[Fact], value: Any, *, why: str = "") -> None:
        """`value`, read from `facts[0]`, is the field `key`; the other statements are named beside it."""
        first = facts[0]
        written = _value(first, value)
        declared.draft.fields[key] = written
        declared.used.append(written)
        taken.update(id(f) for f in facts)
        others = [f"{f.provenance.location} says {_short(f.value)}" for f in facts[1:] if _differs(f.value, first.value)]
        if why or others:
            log.decide(first.provenance.path, first.provenance.line,
                       f"{key} {_short(value)}{f' {why}' if why else ''}"
                       + (f" ({'; '.join(others)}; kept the first, as the portal's precedence does)" if others else ""))

    tiers = [f for f in _ranked(own, "tier") if isinstance(f.value, int) and not isinstance(f.value, bool)]
    if tiers:
        choose("tier", tiers, tiers[0].value)
    categories = _ranked(own, "category")
    for fact in categories:
        words = [CATEGORY_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", str(fact.value)) if w.lower() in CATEGORY_WORDS]
        if words:
            chosen = [fact] + [f for f in categories if f is not fact]
            choose("category", chosen, words[-1])
            log.decide(fact.provenance.path, fact.provenance.line, f"category {_short(fact.value)} written as {words[-1]}")
            break
        log.skip(fact.provenance.path, fact.provenance.line, f"category {_short(fact.value)} names no board layer "
                                                             f"({', '.join(dict.fromkeys(CATEGORY_WORDS.values()))})")
        taken.add(id(fact))
    owners = _ranked(own, "owners")
    if owners and isinstance(owners[0].value, list):
        choose("owners", owners, owners[0].value)
    else:
        handles = [f for f in _ranked(own, "ownership") if isinstance(f.value, dict)
                   and str(f.value.get("owner", "")).startswith("@")]
        if handles:
            choose("owners", handles, list(dict.fromkeys(str(f.value["owner"]) for f in handles)),
                   why="taken from the charter's Ownership table (no CODEOWNERS line owns the whole repository)")
    repository = next((f for f in _ranked(own, "repository") if isinstance(f.value, str)), None)
    github = _github_url(repository.value) if repository is not None else None
    if repository is not None and github is not None:
        choose("github_repo", _ranked(own, "repository"), github, why=f"from the repository {repository.value}")
    domains = [f for f in _ranked(own, "domain") if isinstance(f.value, str)]
    if domains:
        choose("primary_domain", domains, domains[0].value.lower())
    descriptions = _ranked(own, "description") or _ranked(own, "mission")
    if descriptions and isinstance(descriptions[0].value, str) and descriptions[0].value.strip():
        choose("description", descriptions, descriptions[0].value.strip(),
               why="" if descriptions[0].field == "description" else "taken from the charter's Mission")
    _dependencies(own, declared, taken, log)
    _routes(own, domains, declared, taken, log)
    charter = next((f for f in own if f.field == "charter_url"), None)
    if charter is not None and github is not None:
        choose("charter_url", [charter], f"{github}/blob/HEAD/CHARTER.md", why="(the charter as it is on the default branch)")
    for fact in own:
        if fact.field == "secret" and fact.provenance.path in SECRET_FILES and isinstance(fact.value, dict):
            secret = str(fact.value.get("name", ""))
            if ENV_NAME.fullmatch(secret):
                if declared.draft.add_secret(secret, fact.provenance.path, fact.provenance.line):
                    declared.used.append(_value(fact, secret))
                taken.add(id(fact))
    taken |= _status(snapshot, own, declared, log)
    declared.draft.sources = list(dict.fromkeys(v.path for v in declared.used)) or [origin.path]
    _unmapped(snapshot, taken, log, name)
    log.decide(origin.path, origin.line, f"{name} declares itself here: to keep the portal reading it where it lives, "
                                         "add the repository to etc/federation/sources.yml and run `getchitty sync`")
    return declared


def _dependencies(own: list[Fact], declared: Declared, taken: set[int], log: ImportLog) -> None:
    """Upstream services are what it depends on; peers are related services. Storage and external
    systems are not services of the ecosystem, and a downstream service names this one in its own manifest."""
    for relation, key in (("upstream", "depends_on"), ("peer", "related_services")):
        facts = [f for f in own if f.field == "dependency" and isinstance(f.value, dict)
                 and f.value.get("relation") == relation and SAFE_NAME.match(str(f.value.get("service", "")))]
        if not facts:
            continue
        names = list(dict.fromkeys(str(f.value["service"]) for f in facts))
        value = _value(facts[0], names)
        declared.draft.fields[key] = value
        declared.used.append(value)
        taken.update(id(f) for f in facts)
        log.decide(facts[0].provenance.path, facts[0].provenance.line,
                   f"{key}: the {relation} services of the Dependencies table ({', '.join(names)})")


def _routes(own: list[Fact], domains: list[Fact], declared: Declared, taken: set[int], log: ImportLog) -> None:
    """routes.root from the API contract's base URL (else the production domain), routes.health from the
    health route on that host."""
    base = next((f for f in _ranked(own, "base_url") if isinstance(f.value, str) and f.value.startswith("https://")), None)
    if base is not None:
        root = _value(base)
        taken.add(id(base))
    elif domains:
        root = _value(domains[0], f"https://{domains[0].value.lower()}/")
        log.decide(root.path, root.line, f"routes.root {root.value} composed from the production domain")
    else:
        return
    declared.draft.routes["root"] = root
    declared.used.append(root)
    health = next((f for f in _ranked(own, "health_route") if isinstance(f.value, str)), None)
    if health is None:
        return
    url = health.value if health.value.startswith("https://") else \
        root.value.rstrip("/") + "/" + health.value.lstrip("/") if health.value.startswith("/") else None
    if url is None:
        return
    declared.draft.routes["health"] = _value(health, url)
    declared.used.append(declared.draft.routes["health"])
    taken.update(id(f) for f in _ranked(own, "health_route"))
    if url != health.value:
        log.decide(health.provenance.path, health.provenance.line,
                   f"routes.health {url}: the health route {health.value} on {root.value} ({root.origin})")


def _status(snapshot: Snapshot, own: list[Fact], declared: Declared, log: ImportLog) -> set[int]:
    """The status the portal's status rule gives this repository read alone (no registry, no board); the ids
    of the facts it rests on."""
    stated = next((str(f.value) for f in snapshot.facts if f.field == "repository" and f.subject == declared.name
                   and isinstance(f.value, str) and REPOSITORY.fullmatch(f.value)), snapshot.repository)
    try:
        relpath = relpath_for(stated)
    except ValueError:  # a name GitHub allows but no snapshot file could carry, such as owner/..
        stated, relpath = snapshot.repository, relpath_for(snapshot.repository)
    alone = replace(snapshot, repository=stated)
    document = parse(Path("."), relpath, dump(alone)).document
    files = [read_snapshot(document)] if document is not None else []
    federation = build_federation(present=True, snapshots=files, sources_document=None, tiers_document=None, manifests={})
    decision = decide(federation, declared.name)
    evidence = [(e.label, e.claim.provenance) for e in decision.evidence
                if e.claim is not None and e.claim.provenance is not None]
    where = Value(decision.status, evidence[0][1].path, evidence[0][1].line) if evidence \
        else Value(decision.status, declared.draft.origin.path, declared.draft.origin.line)
    declared.draft.fields["status"] = where
    declared.used.append(where)
    read = "; ".join(f"{label} at {provenance.location}" for label, provenance in evidence)
    log.decide(where.path, where.line, f"status {decision.status} by the status rule of docs/authors/status-mapping.md, "
                                       f"from this repository alone: {decision.reason}" + (f" ({read})" if read else ""))
    places = {(provenance.path, provenance.line) for _, provenance in evidence}
    return {id(f) for f in own if (f.provenance.path, f.provenance.line) in places
            and f.field in ("domain", "health_route", "route", "charter.status", "badge.status")}


def _unmapped(snapshot: Snapshot, taken: set[int], log: ImportLog, name: str = "") -> None:
    """Everything read from the repository's own files that no field took, each at its file and line."""
    for fact in snapshot.facts:
        path, line = fact.provenance.path, fact.provenance.line
        if id(fact) in taken or _elsewhere(path):
            continue
        about = "" if fact.subject == name else f"about {fact.subject or 'the ecosystem as a whole'}, not {name}: " \
            if name else ""
        what = fact.field + (f" {fact.key}" if fact.key and fact.key not in str(fact.value) else "")
        log.skip(path, line, f"{what} {_short(fact.value)}: {about}no manifest field takes it ({SYNCED})")
    for unmapped in snapshot.unmapped:
        if not _elsewhere(unmapped.path):
            log.skip(unmapped.path, unmapped.line, f"'{unmapped.text}' not mapped" + (f": {unmapped.reason}" if unmapped.reason else ""))
    for problem in snapshot.problems:
        if not _elsewhere(problem.path):
            log.skip(problem.path, problem.line, f"{problem.rule_id}: {problem.message}")


def add(own: Declared, drafts: dict[str, Draft], existing: set[str], log: ImportLog) -> None:
    """The repository's own service among the manifests the import writes. A manifest already in getchitty's
    format is kept as it is; one from an onboarding page or a JSON manifest comes first, and the repository's
    own declarations fill what it leaves open."""
    origin = own.draft.origin
    if own.name in existing:
        log.decide(origin.path, origin.line, f"etc/chittyos/services/{own.name}.yml exists upstream in getchitty's format "
                                             "and was copied unchanged; the repository's own declarations were not merged")
        for value in own.used:
            log.skip(value.path, value.line, f"{_short(value.value)} not used: the upstream manifest was copied unchanged")
        return
    base = drafts.get(own.name)
    if base is None:
        drafts[own.name] = own.draft
        return
    log.decide(origin.path, origin.line, f"{own.name} is also described by {base.sources[0]}: its values come first, "
                                         "and the repository's own declarations fill what it leaves open")
    for key, value in own.draft.fields.items():
        if key == "status" and (base.status_texts or "status" in base.fields):
            log.decide(value.path, value.line, f"status {value.value} (the status rule) not used: {base.sources[0]} "
                                               "states a status")
            continue
        base.set(key, value.value, value.path, value.line, log)
    for kind, value in own.draft.routes.items():
        base.routes.setdefault(kind, value)
    for secret in own.draft.secrets:
        base.add_secret(secret.value, secret.path, secret.line)
    base.sources += own.draft.sources


def _github_url(repository: str) -> str | None:
    if REPOSITORY.fullmatch(repository):
        return f"https://github.com/{repository}"
    if re.fullmatch(r"https://github\.com/[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}", repository):
        return repository.removesuffix(".git")
    return None


def _differs(one: Any, other: Any) -> bool:
    def norm(value: Any) -> Any:
        return value.strip().casefold() if isinstance(value, str) else value
    return norm(one) != norm(other)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return repr(clip(text, 100)) if isinstance(value, str) else clip(text, 100)
