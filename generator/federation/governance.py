"""The ecosystem-wide governance pages: the ontology, the secrets model, the access model and the scopes.

The pages are hand-written and have changed layout over time (the secrets model
was a set of bullet lists in January 2026 and a set of tables by August), so
sections are recognised by the words of their titles and tables by their
column headers. Environment names are taken only from prose and table cells,
never from code blocks or link targets, so that a shell example or a link to
`CREDENTIAL_OWNERSHIP_LAW.md` never becomes a secret. Whole sections with no
counterpart are listed as unmapped with their line count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .common import is_host
from .markdown import Item, Page, Section, key_name, page_of, plain, split_key
from .values import Reading
from .yamlnodes import YamlError
from .yamlnodes import parse as parse_yaml

ENV_NAME = re.compile(r"(?<![A-Za-z0-9_$<])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_>])")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
OPTIONAL = re.compile(r"\b(optional|where applicable|if needed|as needed|if applicable)\b", re.I)
_PATTERN_TOKEN = re.compile(r"[A-Z][A-Z0-9_]{0,60}<[A-Z_]{1,40}>[A-Z0-9_]{0,60}")
_DAYS = re.compile(r"(\d{1,5})\s*(?:-\s*)?days?\b", re.I)  # one run of spaces to split, not two
_INCIDENT = re.compile(r"incident|compromis|leak|breach", re.I)
_ENDPOINT = re.compile(r"(?:https?://\S+|(?<!\w)/[\w./{}-]+)")
_METHOD = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+", re.I)


def names_in(text: str) -> list[str]:
    """Env names written in `text` (inline Markdown allowed), link targets left out."""
    names: list[str] = []
    for name in ENV_NAME.findall(plain(text, targets=False)):
        if name not in names:
            names.append(name)
    return names


def item_names(item: Item) -> list[str]:
    """Env names a line defines; in a table, those of its name column when it has one; none in code."""
    if item.kind == "code":
        return []
    if item.kind == "row":
        named = item.cell("name", "env", "variable", "secret")
        return names_in(named if named is not None else " ".join(item.cells))
    return names_in(item.text)


def split_list(text: str) -> list[str]:
    """`a, b; c and d` → [a, b, c, d]; parentheses are kept with the part they belong to."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += char in "([{<"
        depth -= char in ")]}>" and depth > 0
        if depth == 0 and char in ",;":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    out: list[str] = []
    for part in parts:
        out += [p.strip() for p in re.split(r"\s+and\s+", part) if p.strip()] if depth == 0 else [part.strip()]
    return [p for p in out if p]


def slug(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", plain(text).lower()).split())


def section_kind(section: Section, kinds: list[tuple[str, tuple[str, ...]]]) -> str:
    key = section.key
    for kind, words in kinds:
        if any(re.search(rf"\b{word}", key) for word in words):
            return kind
    return ""


def skip_section(reading: Reading, section: Section, why: str, items: list[Item] | None = None) -> None:
    """One unmapped entry for a whole section: its title line and how many lines it holds."""
    walked = [sub for item in (section.items if items is None else items) for sub in item.walk()]
    if walked:
        title = f"section '{section.title}'" if section.title else "text before the first heading"
        line = section.line if section.title else walked[0].line
        reading.skip(line, section.title or walked[0].text,
                     f"{title} ({len(walked)} line{'s' if len(walked) != 1 else ''}) not mapped: {why}")


def intro(page: Page) -> tuple[str, int] | None:
    for section in page.sections[:2]:
        if section.title and section.title != page.title:
            break
        for item in section.items:
            if item.kind == "para":
                return item.plain, item.line
    return None


# --- ontology ---------------------------------------------------------------------------------------

ONTOLOGY_KINDS = [("domain", ("domain",)), ("capability", ("capabilit", "verb", "action"))]


def read_ontology(reading: Reading, text: str) -> None:
    """docs/ontology/CLASSIFICATIONS.md: one fact per domain and per capability, with its description."""
    page = page_of(reading, text)
    lead = intro(page)
    if lead:
        reading.fact("", "ontology.intro", lead[0], lead[1])
    seen: dict[str, set[str]] = {"domain": set(), "capability": set()}
    for section in page.sections:
        kind = section_kind(section, ONTOLOGY_KINDS)
        if not kind:
            if section.title == page.title or not section.title:
                rest = [i for i in section.items if not lead or i.line != lead[1]]
                skip_section(reading, section, "no counterpart in ontology.yml", rest)
            else:
                skip_section(reading, section, "no counterpart in ontology.yml (only domains and capabilities are)")
            continue
        for item in section.walk():
            named = ontology_names(item)
            for name, description in named:
                key = name.lower().replace(" ", "-")
                if key != name:
                    reading.decide(item.line, f"'{name}' written as '{key}' (names are lowercase)")
                if not NAME.match(key):
                    reading.skip(item.line, name, f"'{name}' is not a name of the form a-z, 0-9 and '-'; kept so the "
                                                  "schema reports it")
                if key in seen[kind]:
                    reading.skip(item.line, name, f"{kind} '{key}' is listed twice; the first entry was kept")
                    continue
                seen[kind].add(key)
                reading.fact("", f"ontology.{kind}", {"description": description} if description else {}, item.line,
                             key=key)
            if not named:
                reading.skip(item.line, item.text, f"'{item.plain}' names no {kind}")


def ontology_names(item: Item) -> list[tuple[str, str]]:
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
    named = re.fullmatch(r"([A-Za-z][\w-]{0,60})\s*\((.+)\)", item.plain)
    if named:
        return [(named.group(1), named.group(2).strip())]
    names = [p.strip() for p in split_list(item.plain)]
    if names and all(re.fullmatch(r"[A-Za-z][A-Za-z0-9 -]{0,40}", n) for n in names):
        return [(n, "") for n in names]
    return []


# --- secrets model ----------------------------------------------------------------------------------

SECRETS_KINDS = [
    ("excluded", (r"vars?\b", "binding", "alias", "environments\\b", "ownership", "matrix")),
    ("sources", ("source", "truth", "store", "vault", "where", "architecture")),
    ("rotation", ("rotat",)),
    ("audit", ("audit", "revoc")),
    ("policy", ("polic",)),
    ("ci", ("github", r"ci\b", "action", "workflow", "pipeline")),
    ("provisioning", ("provision",)),
    ("names", ("env", "name", "inventory", "variable", "secret", "credential", "token", "key")),
]
KINDS = {"service token": "service-token", "service-token": "service-token", "token": "service-token",
         "api key": "api-key", "api-key": "api-key", "key": "api-key",
         "service account": "service-account", "service-account": "service-account",
         "ci credential": "ci-credential", "ci-credential": "ci-credential", "ci": "ci-credential",
         "repository secret": "ci-credential"}
HOST_IN_TEXT = re.compile(r"\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:cc|com|io|dev|net|org|app|cloud)\b")
SAFE_SERVICE = re.compile(r"^[a-z][a-z0-9]*\Z")


def read_secrets_model(reading: Reading, text: str) -> None:
    """docs/governance/SECRETS_MODEL.md, bullet or table layout: the inventory (one fact per env name),
    sources of truth, provisioning, rotation, audit endpoints, naming patterns and policy statements."""
    page = page_of(reading, text)
    inventory: set[str] = set()
    group = ""
    for section in page.sections:
        kind = section_kind(section, SECRETS_KINDS)
        if section.level <= 2:
            group = kind if section.level == 2 else ""
        elif section.level <= 6 and group == "names" and kind not in ("excluded", "policy"):
            kind = "names"  # `### GitHub Integration` under `## Secret Inventory` lists secrets, not CI settings
        if kind == "excluded":
            skip_section(reading, section, "vars, bindings, aliases and environments are not secrets")
            continue
        for item in section.walk():
            _secrets_item(reading, section, kind, item, inventory)


def _secrets_item(reading: Reading, section: Section, kind: str, item: Item, inventory: set[str]) -> None:
    text = item.plain
    line = item.line
    if item.kind == "code":
        reading.skip(line, "(code block)", "code block not mapped")
        return
    names = item_names(item) if kind not in ("rotation", "audit", "sources") or item.kind != "row" else []
    if kind == "policy" and item.kind == "bullet":
        _policy(reading, text, line)
        return
    pattern = _PATTERN_TOKEN.search(text) if item.kind == "para" else None
    if pattern and re.match(r"(?i)\s*(preferred\s+)?(global\s+)?pattern\b", text):
        reading.fact("", "secrets_model.naming_pattern", {"pattern": pattern.group(0), "text": text}, line,
                     key=pattern.group(0))
        return
    for name in names:
        if name not in inventory:
            inventory.add(name)
            reading.fact("", "secrets_model.secret", _secret_entry(reading, name, item, kind), line, key=name)
    if kind == "sources" and item.kind in ("bullet", "row"):
        if item.kind == "row":
            name, holds = item.cells[0], "; ".join(c for c in item.cells[1:] if c)
        else:
            pair = split_key(item.text)
            name = pair[0] if pair and pair[1] else re.split(r"\s+(?:for|per|via|holds?)\s+", text, maxsplit=1)[0]
            holds = text
        if name and holds:
            reading.fact("", "secrets_model.source_of_truth", {"name": name, "holds": holds}, line, key=name)
        else:
            reading.skip(line, text, f"'{text[:80]}' names no source of truth and what it holds")
    elif kind == "rotation" and item.kind in ("bullet", "row"):
        _rotation(reading, item, text, line)
    elif kind == "audit" and item.kind in ("bullet", "row"):
        _audit(reading, item, text, line)
    elif kind in ("ci", "provisioning") and item.kind == "bullet":
        lifetime = "ephemeral" if re.search(r"ephemeral|short-lived|per run", text, re.I) else \
            "long-lived" if re.search(r"long-lived|persistent", text, re.I) else None
        if lifetime:
            reading.fact("", "secrets_model.provisioning", {"lifetime": lifetime, "text": text}, line, key=lifetime)
        elif not names:
            reading.skip(line, text, f"'{text}' says neither how ephemeral nor how long-lived credentials are provisioned")
    elif not names:
        why = "no env name in it" if kind == "names" else "no counterpart in secrets.yml"
        reading.skip(line, text, f"'{text[:80]}' not mapped: {why}")


def _policy(reading: Reading, text: str, line: int) -> None:
    pattern = _PATTERN_TOKEN.search(text)
    if pattern:
        reading.fact("", "secrets_model.naming_pattern",
                     {"pattern": pattern.group(0), "text": text,
                      **({"preferred": True} if re.search(r"prefer", text, re.I) else {})}, line, key=pattern.group(0))
        return
    reading.fact("", "secrets_model.policy", {"text": text, "names": names_in(text)}, line, key=str(line))


def _rotation(reading: Reading, item: Item, text: str, line: int) -> None:
    if item.kind == "row":
        category = item.cell("category", "credential", "what", "secret", "kind") or (item.cells[0] if item.cells else "")
        interval = item.cell("interval", "period", "every", "frequency", "when") or \
            (item.cells[1] if len(item.cells) > 1 else "")
        method = item.cell("method", "how", "tool") or ""
        days = _DAYS.search(interval)
        value: dict[str, str | int | bool] = {"category": category, "interval": interval}
        if method:
            value["method"] = method
        if days:
            value["days"] = int(days.group(1))
        if _INCIDENT.search(interval) or _INCIDENT.search(category):
            value["on_incident"] = True
        reading.fact("", "secrets_model.rotation", value, line, key=key_name(category) or str(line))
        return
    days = _DAYS.search(text)
    if _INCIDENT.search(text):
        reading.fact("", "secrets_model.rotation", {"text": text, "on_incident": True}, line, key=str(line))
    elif days:
        reading.fact("", "secrets_model.rotation", {"text": text, "days": int(days.group(1))}, line, key=str(line))
    else:
        reading.skip(line, text, f"rotation line '{text}' has no period in days and is not about incidents")


def _audit(reading: Reading, item: Item, text: str, line: int) -> None:
    if item.kind == "row":
        cell = item.cell("endpoint", "path", "route") or (item.cells[0] if item.cells else "")
        purpose = item.cell("purpose", "description") or " ".join(item.cells[1:]).strip()
        method = _METHOD.match(cell)
        endpoint = cell[method.end():].strip() if method else cell.strip()
        if not endpoint.startswith(("/", "http")):
            reading.skip(line, text, f"audit row '{text}' names no endpoint")
            return
        value = {"endpoint": endpoint, "purpose": purpose or endpoint}
        if method:
            value["method"] = method.group(1).upper()
        reading.fact("", "secrets_model.audit", value, line, key=endpoint)
        return
    pair = split_key(item.text)
    mentioned = _ENDPOINT.search(text)
    if pair and re.match(r"^(https?://|/)", pair[0]):
        reading.fact("", "secrets_model.audit", {"endpoint": pair[0], "purpose": pair[1] or pair[0]}, line, key=pair[0])
    elif mentioned:
        address = mentioned.group(0).rstrip(".,;")
        reading.fact("", "secrets_model.audit", {"endpoint": address, "purpose": text}, line, key=address)
    else:
        reading.skip(line, text, f"audit line '{text}' names no endpoint")


def _secret_entry(reading: Reading, name: str, item: Item, section_kind: str) -> dict:
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
    entry: dict = {"purpose": purpose} if purpose else {}
    host = HOST_IN_TEXT.search(issuer or text)
    vendor = re.search(r"\(([A-Z][\w .-]{1,30})\)", text)
    if issuer and SAFE_SERVICE.match(issuer):
        entry["service"] = issuer
    elif host and is_host(host.group(0)):
        entry["issuer"] = host.group(0)
    elif issuer:
        entry["issuer"] = issuer
    elif vendor and not OPTIONAL.search(vendor.group(1)):
        entry["issuer"] = vendor.group(1).strip()
    kind = KINDS.get(kind_cell.strip())
    if kind_cell and not kind:
        reading.skip(item.line, kind_cell, f"kind '{kind_cell}' of {name} is not one of service-token, api-key, "
                                           "service-account, ci-credential; the kind was inferred from the name instead")
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
    if name.startswith("CHITTY") and name.endswith("_TOKEN"):
        return "service-token"
    return "api-key"


# --- access model -----------------------------------------------------------------------------------

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


def read_access(reading: Reading, text: str) -> None:
    """docs/governance/ACCESS_CONTROL.md: principles, roles, review gates, review cadence and audit."""
    page = page_of(reading, text)
    roles: set[str] = set()
    gates = 0
    for section in page.sections:
        kind = section_kind(section, ACCESS_KINDS)
        if not kind:
            skip_section(reading, section, "no counterpart in access.yml")
            continue
        for item in section.items:
            text_ = item.plain
            if kind == "principles":
                reading.fact("", "access.principle", text_, item.line, key=str(item.line))
            elif kind == "audit":
                reading.fact("", "access.audit", text_, item.line, key=str(item.line))
            elif kind == "roles":
                pair = _role(item)
                if not pair or not pair[1]:
                    reading.skip(item.line, text_, f"role line '{text_}' is not written '<role>: <what it does>'")
                    continue
                name = slug(pair[0])
                if name in roles:
                    reading.skip(item.line, text_, f"role '{name}' is defined twice; the first definition was kept")
                    continue
                roles.add(name)
                reading.fact("", "access.role", {"description": pair[1]}, item.line, key=name)
            elif kind == "cadence":
                reading.fact("", "access.cadence", _cadence(reading, text_, item), item.line, key=str(item.line))
            elif kind == "gates":
                gate = _gate(reading, item, section)
                if gate is not None:
                    gates += 1
                    reading.fact("", "access.gate", gate, item.line, key=str(gates))
            for child in item.children if kind != "gates" else ():
                for sub in child.walk():
                    reading.skip(sub.line, sub.text, f"nested line '{sub.plain}' not mapped")


def _role(item: Item) -> tuple[str, str] | None:
    if item.kind == "row":
        if not item.cells or not item.cells[0]:
            return None
        return item.cells[0], item.cell("description", "responsib", "approves", "does") or " ".join(item.cells[1:]).strip()
    if item.kind == "bullet":
        return split_key(item.text, max_words=4)
    return None


def _cadence(reading: Reading, text: str, item: Item) -> dict:
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
    reading.skip(item.line, text, f"review '{text}' says no frequency; its 'when' repeats the line")
    return {"review": text, "when": text}


def _gate(reading: Reading, item: Item, section: Section) -> dict | None:
    pair = split_key(item.text, max_words=4)
    value = pair[1] if pair and pair[1] else item.plain
    paths = [p.strip() for p in split_list(value) if p.strip()]
    if not paths:
        reading.skip(item.line, item.text, f"gate line '{item.plain}' names no paths")
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
                reading.skip(deeper.line, deeper.text, f"nested line '{deeper.plain}' not mapped")
    if not labels:
        reading.skip(item.line, item.text, "gate names no required labels")
    gate: dict = {}
    description = "; ".join(notes)
    qualifier = re.search(r"\(([^()]*)\)", section.title)
    if qualifier:
        description = f"{qualifier.group(1)[:1].upper()}{qualifier.group(1)[1:]}" + (f". {description}" if description else "")
    if description:
        gate["description"] = description + ("" if description.endswith(".") else ".")
    gate["paths"] = paths
    gate["labels"] = labels
    if reviewers:
        gate["reviewers"] = reviewers
    return gate


# --- scopes -----------------------------------------------------------------------------------------

def read_scopes(reading: Reading, text: str) -> None:
    """etc/chittyos/scopes.yml: the scopes granted to each service, and the labels a scope change needs."""
    try:
        root = parse_yaml(text).root
    except YamlError as exc:
        reading.skip(exc.line, "(whole file)", f"does not parse as YAML ({exc.message}); no grant was read")
        return
    if root is None or not isinstance(root.value, dict):
        reading.skip(1, "(whole file)", "is not a mapping; no grant was read")
        return
    for key, node in root.children.items():
        if key == "scopes" and isinstance(node.value, dict):
            for service, grants in node.children.items():
                if isinstance(grants.value, list) and all(isinstance(g, str) for g in grants.value):
                    reading.fact(str(service), "scopes.granted", grants.value, grants.line)
                else:
                    reading.skip(grants.line, str(service), "a grant is a list of `<domain>:<capability>` scopes")
        elif key == "review" and isinstance(node.value, dict) and isinstance(node.value.get("required_labels"), list):
            reading.fact("", "scopes.review_labels", node.value["required_labels"], node.line_of("required_labels"))
        else:
            reading.skip(node.line, str(key), "scopes key with no counterpart in getchitty")


READERS: dict[str, Callable[[Reading, str], None]] = {
    "docs/ontology/CLASSIFICATIONS.md": read_ontology,
    "docs/governance/SECRETS_MODEL.md": read_secrets_model,
    "docs/governance/ACCESS_CONTROL.md": read_access,
    "etc/chittyos/scopes.yml": read_scopes,
}

