"""The ecosystem-wide models of an import: ontology, secrets inventory and access model.

The pages are read by getchitty.federation.governance, exactly as `getchitty
sync` reads them; this module turns those facts into the entries of the
etc/chittyos/*.yml files, adds the defaults getchitty's schemas require where
a page states nothing (each one reported as a decision), and joins the access
model to the repository's CODEOWNERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..federation import governance as pages
from ..federation.codeowners import CodeOwners, representative
from ..federation.values import Fact, Reading
from .emit import Entry
from .source import ImportLog

ENV_PATTERN = "^[A-Z][A-Z0-9_]*$"
SERVICE_TOKEN_PATTERN = "^CHITTY_{SERVICE}_TOKEN$"


@dataclass(frozen=True)
class Source:
    """A page of the imported repository: where it is and what it says."""

    path: str
    text: str


def read(reader: Callable[[Reading, str], None], source: Source, log: ImportLog) -> list[Fact]:
    """The page's facts; what it could not place and how it read ambiguous lines go to the import log."""
    reading = Reading("", "", source.path)
    reader(reading, source.text)
    for entry in reading.unmapped:
        log.skip(entry.path, entry.line, entry.reason or f"'{entry.text}' not mapped")
    for entry in reading.decisions:
        log.decide(entry.path, entry.line, entry.reason)
    return reading.facts


def _origin(fact: Fact) -> str:
    return f"{fact.provenance.path}:{fact.provenance.line}"


def _first(facts: list[Fact], field: str) -> str:
    return next((_origin(f) for f in facts if f.field == field), "")


# --- ontology ---------------------------------------------------------------------------------------

def ontology(source: Source | None, log: ImportLog) -> tuple[list[Entry], str]:
    if source is None:
        return [Entry("domains", {}), Entry("capabilities", {})], "no ontology page; empty (the check reports it)"
    facts = read(pages.read_ontology, source, log)
    found: dict[str, dict[str, dict]] = {"domains": {}, "capabilities": {}}
    origins: dict[str, dict[str, str]] = {"domains": {}, "capabilities": {}}
    undescribed: dict[str, list[str]] = {"domains": [], "capabilities": []}
    entries = []
    for fact in facts:
        if fact.field == "ontology.intro":
            entries.append(Entry("intro", fact.value, _origin(fact)))
        elif fact.field in ("ontology.domain", "ontology.capability"):
            kind = "domains" if fact.field == "ontology.domain" else "capabilities"
            description = fact.value.get("description")
            if not description:
                undescribed[kind].append(fact.key)
                description = f"Listed in {source.path} without a description."
            found[kind][fact.key] = {"description": description}
            origins[kind][fact.key] = _origin(fact)
    for kind, names in undescribed.items():
        if names:
            log.decide(source.path, 0, f"{kind} {', '.join(names)} have no description upstream; "
                                       "each was given 'Listed in … without a description.'")
    entries += [Entry(kind, found[kind], "", origins[kind]) for kind in ("domains", "capabilities")]
    return entries, f"{len(found['domains'])} domains, {len(found['capabilities'])} capabilities"


# --- secrets ----------------------------------------------------------------------------------------

@dataclass
class SecretsResult:
    entries: list[Entry]
    summary: str


def secrets(source: Source | None, log: ImportLog) -> SecretsResult:
    naming = {"env_name": ENV_PATTERN, "service_token": SERVICE_TOKEN_PATTERN}
    if source is None:
        return SecretsResult([Entry("naming", naming), Entry("secrets", {})],
                             "no secrets model; empty (the check reports it)")
    path = source.path
    facts = read(pages.read_secrets_model, source, log)
    inventory: dict[str, dict] = {}
    origins: dict[str, str] = {}
    sources: list[dict] = []
    provisioning: dict[str, str] = {}
    rotation: dict = {}
    audit: list[dict] = []
    policy: list[str] = []
    for fact in facts:
        value = fact.value
        if fact.field == "secrets_model.secret":
            entry = dict(value)
            if "purpose" not in entry:
                entry = {"purpose": f"Listed in {path} without a purpose.", **entry}
                log.decide(path, fact.provenance.line,
                           f"{fact.key} has no purpose written next to it; a placeholder purpose was written")
            inventory[fact.key] = entry
            origins[fact.key] = _origin(fact)
        elif fact.field == "secrets_model.source_of_truth":
            sources.append({"name": value["name"], "holds": value["holds"]})
        elif fact.field == "secrets_model.provisioning":
            lifetime = value["lifetime"]
            provisioning[lifetime] = f"{provisioning[lifetime]} {value['text']}" if lifetime in provisioning else value["text"]
        elif fact.field == "secrets_model.rotation":
            text = value.get("text") or f"{value['category']}: {value['interval']}" + \
                (f" ({value['method']})" if value.get("method") else "")
            if value.get("on_incident"):
                rotation["on_incident"] = text
            elif value.get("days") and "default_days" not in rotation:
                rotation["default_days"] = value["days"]
        elif fact.field == "secrets_model.audit":
            audit.append({"endpoint": value["endpoint"], "purpose": value["purpose"]})
        elif fact.field in ("secrets_model.naming_pattern", "secrets_model.policy"):
            policy.append(value["text"].rstrip(".") + ".")
    if "default_days" not in rotation:
        rotation = {"default_days": 90, **rotation}
        log.decide(path, 0, "no rotation period in days found; rotation.default_days set to the standard 90")
    else:
        rotation = {"default_days": rotation["default_days"], **rotation}
    if policy:
        naming["summary"] = " ".join(policy)
        log.decide(path, 0, f"naming patterns are the ChittyOS standard ({ENV_PATTERN}, {SERVICE_TOKEN_PATTERN}); "
                            "the page's own naming patterns and policy are kept, as written, in naming.summary")
    else:
        log.decide(path, 0, f"naming patterns are the ChittyOS standard ({ENV_PATTERN}, {SERVICE_TOKEN_PATTERN}); "
                            "the secrets model does not state them as patterns")
    entries = [Entry("naming", naming, _first(facts, "secrets_model.naming_pattern"))]
    if sources:
        entries.append(Entry("sources_of_truth", sources, _first(facts, "secrets_model.source_of_truth")))
    if provisioning:
        entries.append(Entry("provisioning", provisioning, _first(facts, "secrets_model.provisioning")))
    entries.append(Entry("rotation", rotation, _first(facts, "secrets_model.rotation")))
    if audit:
        entries.append(Entry("audit", audit, _first(facts, "secrets_model.audit")))
    entries.append(Entry("secrets", inventory, "", origins))
    return SecretsResult(entries, f"{len(inventory)} env names")


# --- access -----------------------------------------------------------------------------------------

def access(source: Source | None, owners: CodeOwners | None, codeowners_path: str,
           log: ImportLog) -> tuple[list[Entry], str]:
    if source is None:
        return [Entry("roles", {}), Entry("gates", [])], "no access model; empty (the check reports it)"
    path = source.path
    facts = read(pages.read_access, source, log)
    rules = owners.rules if owners else ()
    principles: list[str] = []
    roles: dict[str, dict] = {}
    role_origins: dict[str, str] = {}
    gates: list[tuple[dict, int]] = []
    cadence: list[dict] = []
    audit: list[str] = []
    used: set[int] = set()
    for fact in facts:
        if fact.field == "access.principle":
            principles.append(fact.value)
        elif fact.field == "access.audit":
            audit.append(fact.value)
        elif fact.field == "access.cadence":
            cadence.append(fact.value)
        elif fact.field == "access.role":
            name = fact.key
            roles[name] = dict(fact.value)
            role_origins[name] = _origin(fact)
            for rule in rules:
                team = next((o for o in rule.owners if o.startswith("@") and o.rsplit("/", 1)[-1].lower() == name), None)
                if team and "/" in team:
                    roles[name]["team"] = team
                    used.add(rule.line)
                    log.decide(codeowners_path, rule.line, f"role '{name}' given team {team} (a CODEOWNERS team of the same name)")
                    break
        elif fact.field == "access.gate":
            gate = {"name": f"gate-{len(gates) + 1}", **fact.value}
            log.decide(path, fact.provenance.line, f"gate named '{gate['name']}' (the page gives it no name)")
            gates.append((gate, fact.provenance.line))
    teams = {value["team"]: name for name, value in roles.items() if "team" in value}
    for gate, line in gates:
        if "reviewers" in gate or owners is None:
            continue
        reviewers: list[str] = []
        for target in gate["paths"]:
            owning = owners.owner_rule(representative(target))
            if owning is None:
                continue
            reviewers += [r for r in (teams.get(o, o) for o in owning.owners) if r not in reviewers]
            used.add(owning.line)
        if reviewers:
            gate["reviewers"] = reviewers
            log.decide(path, line, f"gate '{gate['name']}' reviewers {', '.join(reviewers)}: the CODEOWNERS of its paths "
                                   f"({codeowners_path}), named by role where a role has that team")
    for rule in rules:
        if rule.line not in used:
            log.skip(codeowners_path, rule.line,
                     f"'{rule.pattern.text}' → {' '.join(rule.owners)}: no gate path or role it maps to")
    entries = []
    if principles:
        entries.append(Entry("principles", principles, _first(facts, "access.principle")))
    entries.append(Entry("roles", roles, "", role_origins))
    entries.append(Entry("gates", [gate for gate, _ in gates], _first(facts, "access.gate")))
    if cadence:
        entries.append(Entry("cadence", cadence, _first(facts, "access.cadence")))
    if audit:
        entries.append(Entry("audit", audit, _first(facts, "access.audit")))
    return entries, f"{len(roles)} roles, {len(gates)} gates, {len(cadence)} reviews"
