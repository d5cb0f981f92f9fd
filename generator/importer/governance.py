"""The ecosystem-wide models: ontology, secrets inventory and access model, from their Markdown pages.

Each builder returns the entries of one etc/chittyos/*.yml file and reports,
at its source line, every part of the page it could not place.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from ..model import SAFE_NAME
from .emit import Entry
from .markdown import Item, Page, Section, key_name, plain, split_key
from .source import ImportLog

ENV_NAME = re.compile(r"(?<![A-Za-z0-9_$])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])")
# A host name starts only where a run of host characters starts (or after a hyphen that follows
# none), and its labels cannot be split two ways: linear on "a.a.a..." and "a-a-a..." lines.
HOST = re.compile(r"(?<![a-z0-9.])(?<![a-z0-9]-)(?:[a-z0-9]+(?:-+[a-z0-9]+)*\.)+(?:cc|com|io|dev|net|org|app|cloud)\b")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
ENV_PATTERN = "^[A-Z][A-Z0-9_]*$"
SERVICE_TOKEN_PATTERN = "^CHITTY_{SERVICE}_TOKEN$"
# A period in days; the digits start only where a number starts, so that a long run of digits or
# spaces is scanned once, not once per position.
DAYS = re.compile(r"(?<![0-9])([0-9]+) *(?:- *)?days?\b", re.I)
OPTIONAL = re.compile(r"\b(optional|where applicable|if needed|as needed|if applicable)\b", re.I)


def env_names(text: str) -> list[str]:
    names: list[str] = []
    for name in ENV_NAME.findall(plain(text)):
        if name not in names:
            names.append(name)
    return names


def item_env_names(item: Item) -> list[str]:
    """Env names a line defines; in a table, those of its name column when it has one."""
    if item.kind == "row":
        named = item.cell("name", "env", "variable", "secret")
        return env_names(named if named is not None else " ".join(item.cells))
    return env_names(item.text)


def split_list(text: str) -> list[str]:
    """`a, b; c and d` → [a, b, c, d]; parentheses are kept with the part they belong to."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "([{<"
        depth -= char in ")]}>" and depth > 0
        if depth == 0 and char in ",;":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    out: list[str] = []
    for part in parts:
        out += [p.strip() for p in re.split(r"\s+and\s+", part) if p.strip()] if depth == 0 else [part.strip()]
    return [p for p in out if p]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-")


def _section_kind(section: Section, kinds: list[tuple[str, tuple[str, ...]]]) -> str:
    key = section.key
    for kind, words in kinds:
        if any(re.search(rf"\b{word}", key) for word in words):
            return kind
    return ""


def _report_section(log: ImportLog, page: Page, section: Section, why: str) -> None:
    count = sum(1 for _ in section.walk())
    if count:
        title = f"section '{section.title}'" if section.title else "text before the first heading"
        log.skip(page.path, section.line if section.title else next(section.walk()).line,
                 f"{title} ({count} line{'s' if count != 1 else ''}) not mapped: {why}")


def _intro(page: Page) -> tuple[str, int] | None:
    for section in page.sections[:2]:
        if section.title and section.title != page.title:
            break
        for item in section.items:
            if item.kind == "para":
                return item.plain, item.line
    return None


# --- ontology ---------------------------------------------------------------------------------------

ONTOLOGY_KINDS = [("domains", ("domain",)), ("capabilities", ("capabilit", "verb", "action"))]


def ontology(page: Page | None, log: ImportLog) -> tuple[list[Entry], str]:
    if page is None:
        return [Entry("domains", {}), Entry("capabilities", {})], "no ontology page; empty (the check reports it)"
    found: dict[str, dict[str, dict]] = {"domains": {}, "capabilities": {}}
    origins: dict[str, dict[str, str]] = {"domains": {}, "capabilities": {}}
    undescribed: dict[str, list[str]] = {"domains": [], "capabilities": []}
    intro = _intro(page)
    for section in page.sections:
        kind = _section_kind(section, ONTOLOGY_KINDS)
        if not kind:
            if section.title == page.title or not section.title:
                rest = [i for i in section.items if not intro or i.line != intro[1]]
                if rest:
                    _report_section(log, page, Section(section.title, section.line, 0, rest), "no counterpart in ontology.yml")
            else:
                _report_section(log, page, section, "no counterpart in ontology.yml (only domains and capabilities are)")
            continue
        for item in section.walk():
            for name, description in _names(item):
                key = name.lower().replace(" ", "-")
                if key != name:
                    log.decide(page.path, item.line, f"'{name}' written as '{key}' (names are lowercase)")
                if not NAME.match(key):
                    log.skip(page.path, item.line, f"'{name}' is not a name of the form a-z, 0-9 and '-'; kept so the schema reports it")
                if key in found[kind]:
                    log.skip(page.path, item.line, f"{kind[:-1]} '{key}' is listed twice; the first entry was kept")
                    continue
                if not description:
                    undescribed[kind].append(key)
                    description = f"Listed in {page.path} without a description."
                found[kind][key] = {"description": description}
                origins[kind][key] = f"{page.path}:{item.line}"
            if not list(_names(item)):
                log.skip(page.path, item.line, f"'{item.plain}' names no {kind[:-1]}")
    for kind, names in undescribed.items():
        if names:
            log.decide(page.path, 0, f"{kind} {', '.join(names)} have no description upstream; "
                                     "each was given 'Listed in … without a description.'")
    entries = []
    if intro:
        entries.append(Entry("intro", intro[0], f"{page.path}:{intro[1]}"))
    entries += [Entry(kind, found[kind], "", origins[kind]) for kind in ("domains", "capabilities")]
    return entries, f"{len(found['domains'])} domains, {len(found['capabilities'])} capabilities"


def _names(item: Item) -> list[tuple[str, str]]:
    """The names an ontology line defines, each with its description ("" when none)."""
    if item.kind == "row":
        cells = [c for c in item.cells if c]
        if not cells:
            return []
        description = item.cell("description", "meaning", "purpose") or (cells[1] if len(cells) > 1 else "")
        return [(cells[0].strip(), description)]
    if item.kind != "bullet":
        return []
    pair = split_key(item.text, max_words=3)
    if pair and pair[1] and not split_list(pair[0])[1:]:
        return [(pair[0].strip(), pair[1])]
    named = re.fullmatch(r"([A-Za-z][\w-]*)\s*\((.+)\)", item.plain)
    if named:
        return [(named.group(1), named.group(2).strip())]
    names = [p.strip() for p in split_list(item.plain)]
    if all(re.fullmatch(r"[A-Za-z][A-Za-z0-9 -]{0,40}", n) for n in names) and len(names) >= 1:
        return [(n, "") for n in names]
    return []


# --- secrets ----------------------------------------------------------------------------------------

SECRETS_KINDS = [
    ("sources", ("source", "truth", "store", "vault", "where")),
    ("rotation", ("rotat",)),
    ("audit", ("audit", "revoc")),
    ("ci", ("github", r"ci\b", "action", "workflow", "pipeline")),
    ("provisioning", ("provision",)),
    ("names", ("env", "name", "inventory", "variable", "secret", "credential", "token", "key")),
]
KINDS = {"service token": "service-token", "service-token": "service-token", "token": "service-token",
         "api key": "api-key", "api-key": "api-key", "key": "api-key",
         "service account": "service-account", "service-account": "service-account",
         "ci credential": "ci-credential", "ci-credential": "ci-credential", "ci": "ci-credential",
         "repository secret": "ci-credential"}


@dataclass
class SecretsResult:
    entries: list[Entry]
    summary: str


def secrets(page: Page | None, log: ImportLog) -> SecretsResult:
    naming = {"env_name": ENV_PATTERN, "service_token": SERVICE_TOKEN_PATTERN}
    if page is None:
        return SecretsResult([Entry("naming", naming), Entry("secrets", {})],
                             "no secrets model; empty (the check reports it)")
    path = page.path
    inventory: dict[str, dict] = {}
    origins: dict[str, str] = {}
    sources: list[dict] = []
    provisioning: dict[str, str] = {}
    rotation: dict = {}
    audit: list[dict] = []
    for section in page.sections:
        kind = _section_kind(section, SECRETS_KINDS)
        for item in section.walk():
            text = item.plain
            names = item_env_names(item)
            for name in names:
                if name in inventory:
                    continue
                inventory[name] = _secret_entry(name, item, kind, path, log)
                origins[name] = f"{path}:{item.line}"
            if kind == "sources" and item.kind == "bullet":
                pair = split_key(item.text)
                head = pair[0] if pair and pair[1] else re.split(r"\s+(?:for|per|via|holds?)\s+", text, maxsplit=1)[0]
                sources.append({"name": head, "holds": text})
            elif kind == "rotation" and item.kind == "bullet":
                days = DAYS.search(text)
                if re.search(r"incident|compromis|leak|breach", text, re.I):
                    rotation["on_incident"] = text
                elif days and "default_days" not in rotation:
                    rotation["default_days"] = int(days.group(1))
                else:
                    log.skip(path, item.line, f"rotation line '{text}' has no period in days and is not about incidents")
            elif kind == "audit" and item.kind == "bullet":
                pair = split_key(item.text)
                endpoint = re.search(r"(?:https?://\S+|(?<!\w)/[\w./{}-]+)", text)
                if pair and re.match(r"^(https?://|/)", pair[0]):
                    audit.append({"endpoint": pair[0], "purpose": pair[1] or pair[0]})
                elif endpoint:
                    audit.append({"endpoint": endpoint.group(0).rstrip(".,;"), "purpose": text})
                else:
                    log.skip(path, item.line, f"audit line '{text}' names no endpoint")
            elif kind in ("ci", "provisioning") and item.kind == "bullet":
                lifetime = "ephemeral" if re.search(r"ephemeral|short-lived|per run", text, re.I) else \
                    "long-lived" if re.search(r"long-lived|persistent", text, re.I) else None
                if lifetime:
                    provisioning[lifetime] = f"{provisioning[lifetime]} {text}" if lifetime in provisioning else text
                elif not names:
                    log.skip(path, item.line, f"'{text}' says neither how ephemeral nor how long-lived credentials are provisioned")
            elif not names and item.kind != "code":
                why = "no env name in it" if kind == "names" else "no counterpart in secrets.yml"
                log.skip(path, item.line, f"'{text[:80]}' not mapped: {why}")
            elif item.kind == "code":
                log.skip(path, item.line, "code block not mapped")
    if "default_days" not in rotation:
        rotation["default_days"] = 90
        log.decide(path, 0, "no rotation period in days found; rotation.default_days set to the standard 90")
    log.decide(path, 0, f"naming patterns are the ChittyOS standard ({ENV_PATTERN}, {SERVICE_TOKEN_PATTERN}); "
                        "the secrets model does not state them as patterns")
    entries = [Entry("naming", naming)]
    if sources:
        entries.append(Entry("sources_of_truth", sources, _origin(page, "sources", SECRETS_KINDS)))
    if provisioning:
        entries.append(Entry("provisioning", provisioning, _origin(page, "ci", SECRETS_KINDS) or _origin(page, "provisioning", SECRETS_KINDS)))
    entries.append(Entry("rotation", rotation, _origin(page, "rotation", SECRETS_KINDS)))
    if audit:
        entries.append(Entry("audit", audit, _origin(page, "audit", SECRETS_KINDS)))
    entries.append(Entry("secrets", inventory, "", origins))
    return SecretsResult(entries, f"{len(inventory)} env names")


def _origin(page: Page, kind: str, kinds) -> str:
    for section in page.sections:
        if section.items and _section_kind(section, kinds) == kind:
            return f"{page.path}:{section.line}"
    return ""


def _secret_entry(name: str, item: Item, section_kind: str, path: str, log: ImportLog) -> dict:
    if item.kind == "row":
        purpose = item.cell("purpose", "description", "use", "notes", "what") or \
            "; ".join(c for c in item.cells if c and name not in c) or ""
        kind_cell = (item.cell("kind", "type") or "").lower()
        lifetime_cell = (item.cell("lifetime", "life") or "").lower()
        issuer = item.cell("issuer", "host", "vendor", "provider", "service", "owner") or ""
        optional_cell = (item.cell("optional", "required") or "").lower()
        text = " ".join(item.cells)
    else:
        text = item.plain
        pair = split_key(item.text)
        purpose = pair[1] if pair and name in pair[0] and pair[1] else _purpose(text, name)
        kind_cell = lifetime_cell = optional_cell = ""
        issuer = ""
    entry: dict = {"purpose": purpose or f"Listed in {path} without a purpose."}
    if not purpose:
        log.decide(path, item.line, f"{name} has no purpose written next to it; a placeholder purpose was written")
    host = HOST.search(issuer or text)
    vendor = re.search(r"\(([A-Z][\w .-]{1,30})\)", text)
    if issuer and SAFE_NAME.match(issuer):
        entry["service"] = issuer
    elif host:
        entry["issuer"] = host.group(0)
    elif issuer:
        entry["issuer"] = issuer
    elif vendor and not OPTIONAL.search(vendor.group(1)):
        entry["issuer"] = vendor.group(1).strip()
    kind = KINDS.get(kind_cell.strip())
    if kind_cell and not kind:
        log.skip(path, item.line, f"kind '{kind_cell}' of {name} is not one of service-token, api-key, service-account, "
                                  "ci-credential; the kind was inferred from the name instead")
    entry["kind"] = kind or _infer_kind(name, text, section_kind)
    if lifetime_cell:
        entry["lifetime"] = "ephemeral" if "ephemeral" in lifetime_cell or "short" in lifetime_cell else "long-lived"
    else:  # only a line that calls the credential itself ephemeral makes it so
        entry["lifetime"] = "ephemeral" if re.match(r"(ephemeral|short-lived)\b", purpose or "", re.I) else "long-lived"
    if OPTIONAL.search(optional_cell or text) or optional_cell in ("no", "false"):
        entry["optional"] = True
    return entry


def _purpose(text: str, name: str) -> str:
    """What a line says about the name: the rest of `NAME (what)` or `NAME: what`, else the whole sentence."""
    lead = re.match(rf"\s*(?:\(optional\)\s*)?{re.escape(name)}\b", text, re.I)
    if not lead:
        return text
    rest = re.sub(r"^\s*[:—–-]?\s*", "", text[lead.end():]).strip()
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        rest = rest[1:-1].strip()
    return rest if re.search(r"[A-Za-z]", rest) else ""


def _infer_kind(name: str, text: str, section_kind: str) -> str:
    lowered = text.lower()
    if section_kind == "ci" or "repository secret" in lowered or "github actions" in lowered:
        return "ci-credential"
    if "SERVICE_ACCOUNT" in name or "service account" in lowered:
        return "service-account"
    if name.startswith("CHITTY_") and name.endswith("_TOKEN"):
        return "service-token"
    return "api-key"


# --- access -----------------------------------------------------------------------------------------

ACCESS_KINDS = [
    ("gates", ("gate",)),
    ("principles", ("principle", "polic")),
    ("roles", ("role",)),
    ("cadence", ("cadence", "review", "schedule")),
    ("audit", ("audit", "trace", "logging")),
]
FREQUENCY = re.compile(r"^(daily|weekly|monthly|quarterly|yearly|annually|annual|biannually|bi-annually|"
                       r"semi-annually|every\s+\d+\s+\w+)\b", re.I)
WHEN_TAIL = re.compile(r"\s+((?:within|every|after|before|once)\b.*)$", re.I)


@dataclass(frozen=True)
class CodeOwner:
    line: int
    pattern: str
    owners: tuple[str, ...]


def codeowners(path: str, text: str, log: ImportLog) -> list[CodeOwner]:
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("\\#") else raw.strip()
        if not line:
            continue
        parts = line.split()
        owners = tuple(p for p in parts[1:] if p.startswith("@") or "@" in p)
        if not owners:
            log.skip(path, number, f"'{line}' names no owner")
            continue
        rules.append(CodeOwner(number, parts[0], owners))
    return rules


def owned(rules: list[CodeOwner], target: str) -> tuple[list[str], list[CodeOwner]]:
    """Owners of a path or glob as CODEOWNERS decides (last matching rule wins)."""
    target = target.lstrip("/")
    winner = None
    for rule in rules:
        pattern = rule.pattern.lstrip("/")
        if pattern.endswith("/"):
            pattern += "**"
        if pattern == "*" or pattern == target or fnmatch.fnmatch(target, pattern) or fnmatch.fnmatch(pattern, target) \
                or target.startswith(pattern.rstrip("*")) and pattern.endswith("/**"):
            winner = rule
    return (list(winner.owners), [winner]) if winner else ([], [])


def access(page: Page | None, owners: list[CodeOwner], codeowners_path: str, log: ImportLog) -> tuple[list[Entry], str]:
    if page is None:
        return [Entry("roles", {}), Entry("gates", [])], "no access model; empty (the check reports it)"
    path = page.path
    principles: list[str] = []
    roles: dict[str, dict] = {}
    role_origins: dict[str, str] = {}
    gates: list = []
    cadence: list[dict] = []
    audit: list[str] = []
    used: set[int] = set()
    for section in page.sections:
        kind = _section_kind(section, ACCESS_KINDS)
        if not kind:
            _report_section(log, page, section, "no counterpart in access.yml")
            continue
        for item in section.items:
            text = item.plain
            if kind == "principles":
                principles.append(text)
            elif kind == "audit":
                audit.append(text)
            elif kind == "roles":
                pair = _role(item)
                if not pair or not pair[1]:
                    log.skip(path, item.line, f"role line '{text}' is not written '<role>: <what it does>'")
                    continue
                name = slug(pair[0])
                if name in roles:
                    log.skip(path, item.line, f"role '{name}' is defined twice; the first definition was kept")
                    continue
                roles[name] = {"description": pair[1]}
                role_origins[name] = f"{path}:{item.line}"
                for rule in owners:
                    team = next((o for o in rule.owners if o.startswith("@") and o.rsplit("/", 1)[-1].lower() == name), None)
                    if team and "/" in team:
                        roles[name]["team"] = team
                        used.add(rule.line)
                        log.decide(codeowners_path, rule.line, f"role '{name}' given team {team} (a CODEOWNERS team of the same name)")
                        break
            elif kind == "cadence":
                cadence.append(_cadence(text, item, path, log))
            elif kind == "gates":
                gate = _gate(item, len(gates) + 1, section, path, log)
                if gate is None:
                    continue
                gates.append((gate, item.line))
            for child in item.children if kind != "gates" else ():
                for sub in child.walk():
                    log.skip(path, sub.line, f"nested line '{sub.plain}' not mapped")
    teams = {value["team"]: name for name, value in roles.items() if "team" in value}
    for gate, line in gates:
        if "reviewers" in gate:
            continue
        reviewers: list[str] = []
        for target in gate["paths"]:
            found, rules = owned(owners, target)
            reviewers += [r for r in (teams.get(o, o) for o in found) if r not in reviewers]
            used.update(rule.line for rule in rules)
        if reviewers:
            gate["reviewers"] = reviewers
            log.decide(path, line, f"gate '{gate['name']}' reviewers {', '.join(reviewers)}: the CODEOWNERS of its paths "
                                   f"({codeowners_path}), named by role where a role has that team")
    gates = [gate for gate, _ in gates]
    for rule in owners:
        if rule.line not in used:
            log.skip(codeowners_path, rule.line, f"'{rule.pattern}' → {' '.join(rule.owners)}: no gate path or role it maps to")
    entries = []
    if principles:
        entries.append(Entry("principles", principles, _origin(page, "principles", ACCESS_KINDS)))
    entries.append(Entry("roles", roles, "", role_origins))
    entries.append(Entry("gates", gates, _origin(page, "gates", ACCESS_KINDS)))
    if cadence:
        entries.append(Entry("cadence", cadence, _origin(page, "cadence", ACCESS_KINDS)))
    if audit:
        entries.append(Entry("audit", audit, _origin(page, "audit", ACCESS_KINDS)))
    return entries, f"{len(roles)} roles, {len(gates)} gates, {len(cadence)} reviews"


def _role(item: Item) -> tuple[str, str] | None:
    if item.kind == "row":
        if not item.cells or not item.cells[0]:
            return None
        return item.cells[0], item.cell("description", "responsib", "approves", "does") or " ".join(item.cells[1:]).strip()
    if item.kind == "bullet":
        return split_key(item.text, max_words=4)
    return None


def _cadence(text: str, item: Item, path: str, log: ImportLog) -> dict:
    head = FREQUENCY.match(text)
    if head:
        rest = text[head.end():].strip(" :—–-")
        return {"review": rest[:1].upper() + rest[1:] if rest else text, "when": head.group(1).capitalize()}
    tail = WHEN_TAIL.search(text)
    if tail:
        return {"review": text[:tail.start()].strip(), "when": tail.group(1)[:1].upper() + tail.group(1)[1:]}
    pair = split_key(item.text)
    if pair and pair[1]:
        return {"review": pair[0], "when": pair[1]}
    log.skip(path, item.line, f"review '{text}' says no frequency; its 'when' repeats the line")
    return {"review": text, "when": text}


def _gate(item: Item, number: int, section: Section, path: str, log: ImportLog) -> dict | None:
    pair = split_key(item.text, max_words=4)
    value = pair[1] if pair and pair[1] else item.plain
    paths = [p.strip() for p in split_list(value) if p.strip()]
    if not paths:
        log.skip(path, item.line, f"gate line '{item.plain}' names no paths")
        return None
    labels: list[str] = []
    reviewers: list[str] = []
    notes: list[str] = []
    for child in item.children:
        sub = split_key(child.text, max_words=5)
        key = key_name(sub[0]) if sub else ""
        if sub and "label" in key:
            labels += [p.split()[0] for p in split_list(sub[1]) if p.split() and p.split()[0] not in labels]
        elif sub and ("reviewer" in key or "approver" in key):
            reviewers += [p.split()[0] for p in split_list(sub[1]) if p.split()]
        else:
            notes.append(child.plain.rstrip("."))
        for grandchild in child.children:
            for deeper in grandchild.walk():
                log.skip(path, deeper.line, f"nested line '{deeper.plain}' not mapped")
    if not labels:
        log.skip(path, item.line, "gate names no required labels")
    gate: dict = {"name": f"gate-{number}"}
    description = "; ".join(notes)
    qualifier = re.search(r"\(([^)]*)\)", section.title)
    if qualifier:
        description = f"{qualifier.group(1)[:1].upper()}{qualifier.group(1)[1:]}" + (f". {description}" if description else "")
    if description:
        gate["description"] = description + ("" if description.endswith(".") else ".")
    gate["paths"] = paths
    gate["labels"] = labels
    if reviewers:
        gate["reviewers"] = reviewers
    log.decide(path, item.line, f"gate named '{gate['name']}' (the page gives it no name)")
    return gate
