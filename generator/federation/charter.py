"""`CHARTER.md` and `CHITTY.md`: a service's charter and its one-page badge.

Charters come with YAML front matter or without it, with extra sections,
missing sections, numbered section titles (`## 3. Dependencies`) and tables
whose columns vary, so sections are recognised by their titles' words and
table columns by their headers, never by position alone. Known sections become
facts:

- Classification bullets: canonical URI, tier (`2 (Core Infrastructure)` is
  tier 2 with the category `Core Infrastructure`), organization, territory,
  role, and the domain when it is a host name (`N/A ...` and other prose are
  kept as `domain_note`, never as a domain);
- Status: the front matter's `status`, or a `**Status**: ...` line under the title;
- Mission (or Overview): its first paragraph;
- Scope: one fact per bullet the service IS and IS NOT responsible for;
- Dependencies: one typed relation per named service (Upstream, Downstream,
  Peer), storage and external rows kept as such, service names turned into ids;
- API contract (or Endpoints, Routes; in the badge too): the base URL, every
  endpoint of its tables or of its `GET /path — what for` list items, and the
  health route;
- Ownership: one fact per role;
- Compliance: the checklist, item by item.

Every other block (paragraph, bullet, table row, code block) is listed as
unmapped at its line, so nothing is dropped without a trace. The file's
existence gives `charter_url`.
"""

from __future__ import annotations

import re
from typing import Any

from .common import host_of, is_host, on_github, parse_tier, route_path, service_id
from .markdown import Item, Page, Section, key_name, page_of, split_key
from .values import SELF, Reading, clip
from .yamlnodes import YamlError
from .yamlnodes import parse as parse_yaml

FRONT_MATTER = {
    "uri": "uri", "namespace": "namespace", "type": "type", "version": "version", "status": "status",
    "registered_with": "registered_with", "title": "title", "certifier": "certifier", "visibility": "visibility",
    "last_updated": "last_updated",
}
FRONT_MATTER_SHARED = {"organization": "organization", "territory": "territory"}
# Classification keys as authors write them (key_name form) → the fact they give.
CLASSIFICATION_KEYS = {"canonical uri": "canonical_uri", "uri": "canonical_uri", "tier": "tier",
                       "organization": "organization", "org": "organization", "territory": "territory",
                       "role": "role", "domain": "domain", "host": "domain", "primary domain": "domain",
                       "production domain": "domain"}
SERVICE_RELATIONS = ("upstream", "downstream", "peer", "unspecified")
# How charters write a relation (key_name form, matched as whole words at either end) → the relation.
_RELATION_WORDS = (
    ("upstream", "upstream"), ("depends on", "upstream"), ("requires", "upstream"), ("uses", "upstream"),
    ("consumes", "upstream"), ("calls", "upstream"),
    ("downstream", "downstream"), ("used by", "downstream"), ("consumed by", "downstream"),
    ("called by", "downstream"), ("consumer", "downstream"), ("consumers", "downstream"),
    ("dependent", "downstream"), ("dependents", "downstream"),
    ("peer", "peer"), ("peers", "peer"), ("bidirectional", "peer"), ("sibling", "peer"),
    ("storage", "storage"), ("database", "storage"), ("datastore", "storage"), ("data store", "storage"),
    ("external", "external"), ("third party", "external"), ("3rd party", "external"), ("vendor", "external"),
    ("source of truth", "source-of-truth"),
    # Words that say less, tried last (`External service` is external, `Service` alone a dependency).
    ("integration", "peer"), ("integrates with", "peer"), ("cache", "storage"), ("queue", "storage"),
    ("saas", "external"), ("required", "upstream"), ("optional", "upstream"), ("dependency", "upstream"),
    ("service", "upstream"), ("services", "upstream"))
# Titles of the column that gives a row's relation; a header word starting with one of them counts
# (`Relationship`, `Types`, `Dependency Type`).
_RELATION_COLUMNS = ("type", "relation", "kind", "direction")
# How an API contract's section is titled: `## API`, `## API Contract`, `## Endpoints`, `## Routes`.
_API_WORDS = ("api", "endpoints", "endpoint", "routes", "http interface")
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_URL = re.compile(r"https?://[^\s<>`'\")]+")
_ROUTE = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/{}\[\]-]*")


def read(reading: Reading, text: str, *, badge: bool = False) -> None:
    """Facts of a CHARTER.md (or, with `badge`, of a CHITTY.md) into `reading`."""
    page = page_of(reading, text)
    prefix = "badge" if badge else "charter"
    if page.front_matter:
        _front_matter(reading, text, page.front_matter, prefix)
    if not badge:
        reading.fact(SELF, "charter_url", _blob_url(reading), 1)
    if page.title:
        reading.fact(SELF, f"{prefix}.heading", page.title, page.title_line)
    group = ""
    classified = False
    for section in page.sections:
        if section.level <= 2 or not group:
            group = _group(section)
        kind = _kind(section, group)
        if kind == "classification":
            classified = True
        if section.level == 7 and not kind:
            # A lead-in line above a list (`Ephemeral credential provisioning:`), read as its heading.
            reading.skip(section.line, section.title, "a lead-in line with no counterpart in getchitty")
        handler = (_BADGE_HANDLERS if badge else _HANDLERS).get(kind)
        if handler is None:
            for item in section.walk():
                reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                             f"section '{section.title or page.title}' has no counterpart in getchitty")
        else:
            handler(reading, section, page)
    if not badge and not classified:
        reading.report("federation/charter-no-classification", page.title_line or 1,
                       f"{reading.path} has no Classification section: its tier, organization and domain are unknown")


def _blob_url(reading: Reading) -> str:
    if on_github(reading.repository):
        return f"https://github.com/{reading.repository}/blob/{reading.commit}/{reading.path}"
    return reading.path


def _front_matter(reading: Reading, text: str, span: tuple[int, int], prefix: str) -> None:
    first, last = span
    block = "\n".join(text.splitlines()[first - 1:last])
    try:
        tree = parse_yaml(block, first_line=first).root
    except YamlError as exc:
        reading.report("federation/invalid-front-matter", exc.line, f"the front matter is not valid YAML: {exc.message}",
                       col=exc.col)
        return
    if tree is None:
        return
    if not isinstance(tree.value, dict):
        reading.report("federation/invalid-front-matter", tree.line, "the front matter is not a mapping")
        return
    for key, node in tree.children.items():
        if isinstance(node.value, (dict, list)):
            reading.skip(node.line, f"{key}: (structured value)", "front matter key with a structured value")
        elif key in FRONT_MATTER:
            reading.fact(SELF, f"{prefix}.{FRONT_MATTER[key]}", node.value, node.line)
        elif key in FRONT_MATTER_SHARED:
            reading.fact(SELF, FRONT_MATTER_SHARED[key], node.value, node.line)
        elif key == "tier":
            _tier(reading, node.value, node.line)
        else:
            reading.skip(node.line, f"{key}: {node.value}", "front matter key with no counterpart in getchitty")


def _group(section: Section) -> str:
    return section.key


def _kind(section: Section, group: str) -> str:
    key = section.key
    for name, words in (("classification", ("classification",)),
                        ("mission", ("mission", "purpose", "what it does", "overview")),
                        ("dependencies", ("dependencies", "dependency")),
                        ("ownership", ("ownership", "owners")),
                        ("compliance", ("compliance",)),
                        ("certification", ("certification",)),
                        ("dna", ("chittydna",))):
        if any(key == word or key.startswith(word + " ") for word in words):
            return name
    if _is_dependencies(key) or (_is_dependencies(group) and key != group):
        return "dependencies"  # `## Upstream Dependencies`, or `### Upstream` under `## Dependencies`
    if "not responsible" in key or key == "out of scope":
        return "not-responsible"
    if "responsible" in key or key == "in scope":
        return "responsible"
    if key.startswith(_API_WORDS) or group.startswith(_API_WORDS):
        return "api"
    if key == "scope":
        return "scope"
    return ""


def _is_dependencies(key: str) -> bool:
    return key in ("dependencies", "dependency") or key.endswith((" dependencies", " dependency"))


# --- sections ---------------------------------------------------------------------------------------

def _classification(reading: Reading, section: Section, page: Page) -> None:
    """`- **Key**: value` lines, or a table: `| Field | Value |` rows, or one column per key (`| Tier |
    Organization | Domain |` over a row of values)."""
    headers_read: set[int] = set()
    for item in section.walk():
        if item.kind == "row":
            _classification_row(reading, item, headers_read)
            continue
        pair = split_key(item.text) if item.kind in ("bullet", "para") else None
        if pair is None or not pair[1] or not _classify(reading, pair[0], pair[1], item.line):
            reading.skip(item.line, item.text, "a Classification line is written `- **Key**: value` or as a table row")


def _classification_row(reading: Reading, row: Item, headers_read: set[int]) -> None:
    keyed = [index for index, name in enumerate(row.header) if name in CLASSIFICATION_KEYS]
    value_at = _column(row.header, ("value", "setting", "details")) or 1
    if row.cells and key_name(row.cells[0]) in CLASSIFICATION_KEYS:  # `| Tier | 2 (Platform) |`
        if keyed == [0] and row.header_line not in headers_read and len(row.header_cells) > value_at:
            # `| **Tier** | 2 |` as the first line: Markdown makes it the header, the author meant a row.
            headers_read.add(row.header_line)
            _classify(reading, row.header_cells[0], row.header_cells[value_at], row.header_line)
        if len(row.cells) > value_at and _classify(reading, row.cells[0], row.cells[value_at], row.line):
            return
    elif keyed:  # one column per key, values below
        for index in keyed:
            if index < len(row.cells) and row.cells[index].strip():
                _classify(reading, row.header_cells[index], row.cells[index], row.line)
        return
    reading.skip(row.line, row.text, "a Classification row is `| Key | Value |` with a key getchitty knows")


def _classify(reading: Reading, written_key: str, written_value: str, line: int) -> bool:
    """One classification entry as a fact; False when the key is not one getchitty knows."""
    key, value = CLASSIFICATION_KEYS.get(key_name(written_key)), written_value.strip().strip("`").strip()
    if key is None or not value:
        return False
    if key == "tier":
        _tier(reading, value, line)
    elif key == "domain":
        host = value.lower() if is_host(value) else host_of(value) if "://" in value else None
        if host is not None:
            reading.fact(SELF, "domain", host, line)
        else:
            reading.fact(SELF, "domain_note", value, line)
    else:
        reading.fact(SELF, key, value, line)
    return True


def _tier(reading: Reading, value: Any, line: int) -> None:
    tier = parse_tier(value)
    if tier is None:
        reading.report("federation/charter-bad-tier", line, f"tier '{value}' is not a number from 0 to 5")
        return
    reading.fact(SELF, "tier", tier[0], line)
    if tier[1]:
        reading.fact(SELF, "category", tier[1], line)


def _mission(reading: Reading, section: Section, page: Page) -> None:
    first = True
    for item in section.walk():
        if first and item.kind == "para":
            reading.fact(SELF, "mission", item.plain, item.line)
            first = False
        else:
            reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                         "only the first paragraph of the mission is read")


def _responsible(field: str):
    def handler(reading: Reading, section: Section, page: Page) -> None:
        for item in section.items:
            if item.kind == "bullet":
                reading.fact(SELF, field, item.plain, item.line)
                for child in item.children:
                    for sub in child.walk():
                        reading.skip(sub.line, sub.text, "nested under a scope bullet")
            else:
                reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                             "only the bullets of a scope list are read")
    return handler


def _scope(reading: Reading, section: Section, page: Page) -> None:
    for item in section.walk():
        reading.skip(item.line, item.text, "text under Scope outside its IS / IS NOT lists")


def _dependencies(reading: Reading, section: Section, page: Page) -> None:
    # Under `### Upstream` (a sub-section of Dependencies) the title gives the rows their relation.
    implied = _relation(section.title)
    tables: set[int] = set()
    for item in section.items:
        if item.kind == "row":
            _dependency_row(reading, item, implied, tables)
        elif item.kind == "bullet":
            pair = split_key(item.text, max_words=3)
            relation = _relation(pair[0]) if pair else ""
            if pair and relation and pair[1]:
                _relate(reading, relation, pair[0], pair[1], "", item.line)
            elif implied and (name := (pair[0] if pair else item.plain).strip()):
                _relate(reading, implied, section.title, name, pair[1] if pair else "", item.line)
            else:
                reading.skip(item.line, item.text, "a dependency bullet is written `- Upstream: ChittyID, ChittyAuth`")
        else:
            reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                         "only the rows of the Dependencies table are read")


def _dependency_row(reading: Reading, row: Item, implied: str, tables: set[int]) -> None:
    header = row.header
    type_at = _relation_column(header)
    name_at = _column(header, ("service", "name", "dependency", "component", "system"), besides=type_at)
    purpose_at = _column(header, ("purpose", "description", "why", "notes", "use", "role"), besides=type_at)
    if name_at is None:
        name_at = next((i for i in range(len(row.cells)) if i != type_at), None)
    cells = row.cells
    written = row.written_cells
    kind = cells[type_at].strip() if type_at is not None and type_at < len(cells) else ""
    names = cells[name_at].strip() if name_at is not None and name_at < len(cells) else ""
    purpose = cells[purpose_at].strip() if purpose_at is not None and purpose_at < len(cells) else ""
    missing = [label for label, value, wanted in (("type", kind, type_at is not None), ("service", names, True))
               if wanted and not value]
    if missing:
        short = f" (the row has {written} of {len(header)} cells)" if header and written < len(header) else ""
        reading.report("federation/charter-dependency-incomplete", row.line,
                       f"dependency row without its {' and '.join(missing)}{short}")
        if not names:
            return
    if type_at is None and not implied and row.header_line not in tables:
        tables.add(row.header_line)
        reading.report("federation/charter-dependency-incomplete", row.header_line or row.line,
                       "the Dependencies table has no relation column (Type, Relationship, Kind or Direction), "
                       "so its rows are recorded without a relation")
    if not kind:
        _relate(reading, implied or "unspecified", "", names, purpose, row.line)
        return
    relation = _relation(kind)
    if not relation:
        reading.report("federation/charter-unknown-relation", row.line,
                       f"relation '{clip(kind, 60)}' is not Upstream, Downstream, Peer, Storage or External; "
                       f"{clip(names, 60)} is recorded with the relation as written")
    _relate(reading, relation or "other", kind, names, purpose, row.line)


def _relate(reading: Reading, relation: str, written: str, names: str, purpose: str, line: int) -> None:
    note = re.search(r"\(([^()]{1,80})\)", written or "")
    parts = _names(names) if relation in SERVICE_RELATIONS else [names.strip()]
    for part in filter(None, parts):
        # `ChittyLedger (writes entries)`: the service, and what for in its parentheses.
        said = _said_for(part) if relation in SERVICE_RELATIONS else None
        name = said[0] if said else part
        value: dict[str, Any] = {"relation": relation, "name": name}
        if said and not purpose:
            value["purpose"] = said[1]
        if relation in SERVICE_RELATIONS:
            value["service"] = service_id(name)
        if purpose:
            value["purpose"] = purpose
        if note:
            value["note"] = note.group(1)
        if relation not in (*SERVICE_RELATIONS, "storage", "external", "source-of-truth"):
            value["written_as"] = written
        reading.fact(SELF, "dependency", value, line, key=(service_id(name) or name.lower()))


def _said_for(part: str) -> tuple[str, str] | None:
    """`ChittyLedger (writes entries)` → (`ChittyLedger`, `writes entries`); None without such parentheses."""
    opened = part.rfind("(")
    if not part.endswith(")") or opened <= 0:
        return None
    name, said = part[:opened].strip(), part[opened + 1:-1].strip()
    if not name or not said or "(" in name or ")" in name or ")" in said:
        return None
    return name, said


def _names(names: str) -> list[str]:
    """The services of a comma-separated list, a comma inside parentheses kept: `A (reads, writes), B`."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(names):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(names[start:index].strip())
            start = index + 1
    parts.append(names[start:].strip())
    return parts


def _relation(text: str) -> str:
    key = key_name(re.sub(r"\([^()]*\)", "", text))
    for word, relation in _RELATION_WORDS:
        if key == word or key.startswith(word + " ") or key.endswith(" " + word):
            return relation
    return ""


def _relation_column(header: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if any(word.startswith(_RELATION_COLUMNS) for word in name.split()):
            return index
    return None


def _column(header: tuple[str, ...], words: tuple[str, ...], besides: int | None = None) -> int | None:
    for word in words:
        for index, name in enumerate(header):
            if index != besides and word in name.split():
                return index
    return None


def _api(reading: Reading, section: Section, page: Page) -> None:
    for item in section.items:
        pair = split_key(item.text) if item.kind in ("para", "bullet") else None
        if pair and key_name(pair[0]) in ("base url", "base", "url", "endpoint") and (url := _URL.search(pair[1])):
            reading.fact(SELF, "base_url", url.group(0).rstrip(".,;"), item.line)
            continue
        if item.kind == "row":
            _endpoint(reading, item)
            continue
        written = _endpoint_line(item.plain) if item.kind in ("para", "bullet") else None
        if written:
            method, path, purpose = written
            _endpoint_fact(reading, item.line, path, method, purpose=purpose)
            continue
        for sub in item.walk():
            reading.skip(sub.line, sub.text if sub.kind != "code" else "(code block)",
                         "only the base URL and the endpoint tables of the API contract are read")


def _leading_method(text: str) -> str:
    """The HTTP method a text starts with (`GET /health`, `` `post https://x/y` ``), upper-cased; "" for none."""
    first = text.replace("`", " ").split(None, 1)[:1]
    return first[0].upper() if first and first[0].upper() in _METHODS else ""


def _endpoint_line(text: str) -> tuple[str, str, str] | None:
    """An endpoint written as a list item: `` `GET /health` — liveness``, `POST /v1/invoices: submit one`."""
    words = text.replace("`", " ").split(None, 2)
    if len(words) < 2 or not _leading_method(words[0]) or not words[1].startswith("/"):
        return None
    purpose = words[2].lstrip("—–-: ").strip() if len(words) > 2 else ""
    return words[0].upper(), words[1].rstrip(":"), purpose


def _endpoint(reading: Reading, row: Item) -> None:
    path_at = _column(row.header, ("endpoint", "path", "route", "url", "uri", "address"))
    method_at = _column(row.header, ("method", "verb"))
    purpose_at = _column(row.header, ("purpose", "description", "summary", "what", "notes"))
    auth_at = _column(row.header, ("auth", "authentication", "authorization", "access", "scope", "scopes"))
    if path_at is None or path_at >= len(row.cells):
        reading.skip(row.line, row.text, "a table under the API contract without an Endpoint, Path, Route or URL column")
        return
    cell = row.cells[path_at]
    url = _URL.search(cell)
    # A full URL (`https://x.chitty.cc/health`) names its path; the host is the base URL's.
    path = route_path(url.group(0).rstrip(".,;")) if url else (route.group(0) if (route := _ROUTE.search(cell)) else None)
    if path is None:
        reading.skip(row.line, row.text, "the endpoint cell holds no path")
        return
    method = row.cells[method_at].strip().upper() if method_at is not None and method_at < len(row.cells) else ""
    method = method or _leading_method(cell)  # `GET /health` in the one column
    verbs = [verb for verb in re.split(r"[\s,/|]+", method) if verb]
    # `GET, POST` (or `GET/POST`) in one cell: an endpoint per method; anything else is kept as written.
    purpose = row.cells[purpose_at] if purpose_at is not None and purpose_at < len(row.cells) else ""
    auth = row.cells[auth_at] if auth_at is not None and auth_at < len(row.cells) else ""
    for one in verbs if len(verbs) > 1 and all(verb in _METHODS for verb in verbs) else [method]:
        _endpoint_fact(reading, row.line, path, one, purpose=purpose, auth=auth)


def _endpoint_fact(reading: Reading, line: int, path: str, method: str, *, purpose: str = "", auth: str = "") -> None:
    """One endpoint (a table row or a list item), and the health route when it is one a GET (or no method) reaches."""
    value = {"path": path, **({"method": method} if method else {}), **({"purpose": purpose} if purpose else {}),
             **({"auth": auth} if auth else {})}
    reading.fact(SELF, "endpoint", value, line, key=f"{method} {path}".strip())
    if (path == "/health" or path.endswith("/health")) and method in ("", "GET"):
        reading.fact(SELF, "health_route", path, line)


def _ownership(reading: Reading, section: Section, page: Page) -> None:
    for item in section.walk():
        if item.kind == "row" and len(item.cells) >= 2:
            role_at = _column(item.header, ("role",))
            owner_at = _column(item.header, ("owner", "team", "contact", "who"))
            role = item.cells[role_at if role_at is not None else 0]
            owner = item.cells[owner_at if owner_at is not None else 1]
        elif item.kind == "bullet" and (pair := split_key(item.text)):
            role, owner = pair
        else:
            reading.skip(item.line, item.text, "an Ownership line is a `Role | Owner` row")
            continue
        if not role or not owner:
            reading.skip(item.line, item.text, "an ownership row needs both a role and an owner")
            continue
        reading.fact(SELF, "ownership", {"role": role, "owner": owner}, item.line, key=key_name(role))


def _compliance(reading: Reading, section: Section, page: Page) -> None:
    for item in section.walk():
        if item.kind == "bullet" and item.checked is not None:
            reading.fact(SELF, "compliance_claim", {"claim": item.plain, "done": item.checked}, item.line,
                         key=key_name(item.plain)[:80])
        else:
            reading.skip(item.line, item.text, "the compliance section is read as a `- [x]` checklist")


def _footer(reading: Reading, section: Section, page: Page) -> None:
    """Unknown sections, except the closing `*Charter Version: ... | Last Updated: ...*` line."""
    for item in section.walk():
        pairs = [split_key(part) for part in item.plain.split(" | ")] if item.kind == "para" else []
        known = {key_name(p[0]): p[1] for p in pairs if p}
        if section.level <= 1 and list(known) == ["status"] and known["status"]:
            # `**Status**: CERTIFIED` under the title, as front matter would say it.
            reading.fact(SELF, "charter.status", known["status"].strip("`* "), item.line)
            continue
        if "charter version" in known or "last updated" in known:
            if "charter version" in known:
                reading.fact(SELF, "charter.version", known["charter version"], item.line)
            if "last updated" in known:
                reading.fact(SELF, "charter.last_updated", known["last updated"], item.line)
            continue
        reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                     f"section '{section.title or page.title}' has no counterpart in getchitty")


_HANDLERS = {
    "classification": _classification,
    "mission": _mission,
    "responsible": _responsible("responsible_for"),
    "not-responsible": _responsible("not_responsible_for"),
    "scope": _scope,
    "dependencies": _dependencies,
    "api": _api,
    "ownership": _ownership,
    "compliance": _compliance,
    "": _footer,
}


# --- CHITTY.md --------------------------------------------------------------------------------------

def _badge_header(reading: Reading, section: Section, page: Page) -> None:
    """`> chittycanon://... | Tier 2 (Platform) | connect.chitty.cc` under the title; the rest is unmapped."""
    for item in section.walk():
        parts = [part.strip().strip("`") for part in item.plain.split(" | ")] if item.kind == "para" else []
        if len(parts) >= 2 and any(part.startswith("chittycanon://") for part in parts):
            for part in parts:
                if part.startswith("chittycanon://"):
                    reading.fact(SELF, "canonical_uri", part, item.line)
                elif part.lower().startswith("tier"):
                    _tier(reading, part, item.line)
                elif is_host(part):
                    reading.fact(SELF, "domain", part.lower(), item.line)
                else:
                    reading.skip(item.line, part, "part of the badge line getchitty does not read")
            continue
        reading.skip(item.line, item.text if item.kind != "code" else "(code block)",
                     f"section '{section.title or page.title}' of the badge has no counterpart in getchitty")


def _certification(reading: Reading, section: Section, page: Page) -> None:
    for item in section.walk():
        pair = split_key(item.text) if item.kind == "bullet" else None
        key = key_name(pair[0]) if pair else ""
        if pair and key in ("badge", "certifier", "last certified"):
            reading.fact(SELF, f"certification.{key.replace(' ', '_')}", pair[1].strip("`"), item.line)
        else:
            reading.skip(item.line, item.text, "a certification line getchitty does not read")


def _dna(reading: Reading, section: Section, page: Page) -> None:
    for item in section.walk():
        pair = split_key(item.text) if item.kind == "bullet" else None
        if pair and key_name(pair[0]) == "chittyid":
            reading.fact(SELF, "chitty_id", pair[1], item.line)
        else:
            reading.skip(item.line, item.text, "a ChittyDNA line getchitty does not read")


_BADGE_HANDLERS = {"certification": _certification, "dna": _dna, "api": _api, "": _badge_header}
