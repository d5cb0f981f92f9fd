"""Service manifests from onboarding pages, status notes and upstream JSON manifests.

Onboarding pages are read by getchitty.federation.onboarding, as `getchitty
sync` reads them; this module adds what only the import needs: the status
notes of docs/services/, upstream JSON manifests, and the turning of a draft
into a manifest. Values are kept as written wherever the schema can judge
them, so a placeholder owner or an out-of-range tier is reported by the check
at the line of the written manifest rather than silently corrected here.
"""

from __future__ import annotations

import dataclasses
import json
import re

from ..federation.governance import HOST_IN_TEXT as HOST
from ..federation.governance import names_in as env_names
from ..federation.markdown import Page, key_name, plain, split_key
from ..federation.onboarding import PLACEHOLDER, URL, Draft, Value, read_page
from ..model import KIND_BY_TYPE, enum_of, field_specs
from ..names import SAFE_NAME
from ..resources import seed_schema
from .emit import Entry
from .source import ImportLog

_SERVICE_SCHEMA = seed_schema(KIND_BY_TYPE["Service"].schema)
CATEGORIES = enum_of(_SERVICE_SCHEMA, "category")  # the board's categories, in layer order
CATEGORY_WORDS = {c.lower(): c for c in CATEGORIES} | {"applications": "Application", "apps": "Application",
                                                       "app": "Application", "integration": "Sync"}

MANIFEST_ORDER = tuple(spec.name for spec in field_specs(_SERVICE_SCHEMA))  # written in the schema's order
__all__ = ["Draft", "read_page", "read_status_note", "read_json_manifest", "merge", "map_status", "build"]

STATUSES = enum_of(_SERVICE_SCHEMA, "status")


# --- status note --------------------------------------------------------------------------------------

def read_status_note(draft: Draft, page: Page, log: ImportLog) -> None:
    """docs/services/<name>.md: a status line, a category where stated, and the secrets it lists."""
    draft.sources.append(page.path)
    for section in page.sections:
        is_secrets = bool(re.search(r"secret|credential|\benv", section.key))
        mapped = 0
        for item in section.walk():
            pair = split_key(item.text) if item.kind in ("bullet", "para") else None
            key, value = (key_name(pair[0]), pair[1]) if pair else ("", "")
            if key in ("status", "current status", "state") and value and not URL.match(value):
                draft.status_texts.append(Value(value, page.path, item.line))
                mapped += 1
            elif key in ("category", "layer", "board layer") and value:
                draft.set("category", value, page.path, item.line, log)
                mapped += 1
            elif is_secrets and env_names(item.text):
                for name in env_names(item.text):
                    if draft.add_secret(name, page.path, item.line) and draft.sources[0] != page.path:
                        log.decide(page.path, item.line, f"secret {name} added from the status note (the onboarding page does not list it)")
                mapped += 1
            elif is_secrets:
                log.skip(page.path, item.line, f"'{item.plain}' names no env variable")
                mapped += 1
        rest = sum(1 for _ in section.walk()) - mapped
        if rest > 0:
            title = f"section '{section.title}'" if section.title and section.title != page.title else "text under the title"
            first = next(i.line for i in section.walk())
            log.skip(page.path, section.line if section.title != page.title else first,
                     f"{title} ({rest} line{'s' if rest != 1 else ''}) not mapped: a status note only gives status, "
                     "category and secrets")


# --- upstream JSON manifest ---------------------------------------------------------------------------

def read_json_manifest(path: str, text: str, allowed: set[str], log: ImportLog) -> Draft | None:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        log.skip(path, line, f"does not parse as JSON ({getattr(exc, 'msg', exc)}); not imported")
        return None
    if not isinstance(data, dict):
        log.skip(path, 1, "is not a JSON object; not imported")
        return None
    name = data.get("service_name")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        log.skip(path, _json_line(text, "service_name"), f"service_name {name!r} is not a safe name; not imported")
        return None
    if data.get("entity_type", "Service") != "Service":
        log.skip(path, _json_line(text, "entity_type"), f"entity_type {data.get('entity_type')!r} is not Service; not imported")
        return None
    draft = Draft(name, Value(name, path, _json_line(text, "service_name")), sources=[path])
    for key, value in data.items():
        line = _json_line(text, key)
        if key in ("service_name", "entity_type"):
            continue
        if key not in allowed:
            log.skip(path, line, f"field '{key}' is not part of the getchitty service schema; not imported")
            continue
        draft.fields[key] = Value(value, path, line)
        draft.json_fields.add(key)
    return draft


def _json_line(text: str, key: str) -> int:
    needle = json.dumps(key)
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def merge(base: Draft, page: Draft, log: ImportLog) -> Draft:
    """An onboarding page fills what an upstream JSON manifest leaves open; on a conflict the manifest wins."""
    for key, value in page.fields.items():
        base.set(key, value.value, value.path, value.line, log)
    keyed = [item.name for item in dataclasses.fields(Draft) if item.name != "fields" and isinstance(getattr(base, item.name), dict)]
    for name in keyed:  # the mappings a draft keeps key by key (routes, runbooks...)
        mine, theirs = getattr(base, name), getattr(page, name)
        for key, value in theirs.items():
            mine.setdefault(key, value)
    for secret in page.secrets:
        base.add_secret(secret.value, secret.path, secret.line)
    base.notes += page.notes
    base.status_texts += page.status_texts
    base.scope_refs += page.scope_refs
    base.sources += page.sources
    return base


# --- status mapping -----------------------------------------------------------------------------------

STATUS_RULES = [
    (re.compile(r"deprecat|decommission|retir(ed|ing)|sunset|end[- ]of[- ]life|being removed", re.I), "Deprecated"),
    (re.compile(r"not (?:yet )?deployed|undeployed|pending deploy|awaiting deploy|ready (?:to|for) (?:be )?deploy|"
                r"needs? deploy|before deploy|complete \(not deployed\)|not (?:yet )?live", re.I), "Needs Deployment"),
    (re.compile(r"in progress|in development|under development|being (?:built|implemented|developed)|\bwip\b|"
                r"partially implemented|prototyp|scaffold", re.I), "In Progress"),
    (re.compile(r"not (?:yet )?(?:implemented|started|built)|\bplanned\b|\bproposal\b|\bproposed\b|design only|"
                r"\bidea\b|not implemented", re.I), "Planned"),
    (re.compile(r"\bactive\b", re.I), "Active"),
    (re.compile(r"\blive\b|\bdeployed\b|in production|\bproduction\b|\bga\b", re.I), "Live"),
]


def map_status(text: str) -> str | None:
    """A Canon status for a free-text status line; None when the text does not decide it.

    The first clause (up to the first `;`) decides when it can, so that "Live at
    id.chitty.cc; MCP planned" is Live; the whole line is read only when the
    first clause says nothing about the state.
    """
    text = plain(text)
    stripped = text.strip(" .").lower()
    for status in STATUSES:
        if stripped == status.lower() or re.match(rf"{status.lower()}\s*(?:[:;,.(—–-]|$)", stripped):
            return status
    first = text.split(";", 1)[0]
    for candidate in (first, text):
        for pattern, status in STATUS_RULES:
            if pattern.search(candidate):
                return status
    return None


# --- building the manifest ----------------------------------------------------------------------------

def build(draft: Draft, grants: dict[str, list[str]] | None, scopes_path: str, log: ImportLog) -> list[Entry]:
    """The manifest's entries in the usual order, each with the source line it came from."""
    out: dict[str, Value] = {}
    fields = dict(draft.fields)
    planned_host = fields.pop("_planned_host", None)
    out.update(fields)

    _tier_and_category(draft, out, log)
    _status(draft, out, log)
    _scopes(draft, out, grants, scopes_path, log)
    if "primary_domain" not in out:
        host_source = next((v for v in list(draft.routes.values()) + ([planned_host] if planned_host else [])
                            if v is not None), None)
        if host_source is not None:
            host = re.sub(r"^https?://", "", host_source.value).split("/")[0].split(":")[0].lower()
            if HOST.fullmatch(host):
                out["primary_domain"] = Value(host, host_source.path, host_source.line)
                log.decide(host_source.path, host_source.line, f"primary_domain {host} taken from the host of {host_source.value}")
    if "secrets" not in out and draft.secrets:
        out["secrets"] = Value([s.value for s in draft.secrets], draft.secrets[0].path, draft.secrets[0].line)
    if "routes" not in out and draft.routes:
        first = min(draft.routes.values(), key=lambda v: v.line)
        order = ("root", "api", "docs", "health", "mcp", "status")
        out["routes"] = Value({k: draft.routes[k].value for k in order if k in draft.routes}, first.path, first.line)
    if "exposes" not in out and draft.exposes:
        first = min(draft.exposes.values(), key=lambda v: v.line)
        out["exposes"] = Value({k: v.value for k, v in draft.exposes.items()}, first.path, first.line)
    if "runbooks" not in out and draft.runbooks:
        first = min(draft.runbooks.values(), key=lambda v: v.line)
        out["runbooks"] = Value({k: draft.runbooks[k].value for k in ("deploy", "incident", "rollback")
                                 if k in draft.runbooks}, first.path, first.line)
    notes = [n.value.rstrip(".") + "." for n in draft.notes]
    notes += [f"Status as written in {s.path}: {s.value.rstrip('.')}." for s in draft.status_texts
              if s.value.strip(" .") not in STATUSES]
    notes += [f"Scopes as written in {s.path}: {s.value.rstrip('.')}." for s in draft.scope_refs]
    if notes and "notes" not in out:
        first = (draft.notes + [s for s in draft.status_texts if s.value.strip(" .") not in STATUSES]
                 + draft.scope_refs)[0]
        out["notes"] = Value(" ".join(notes), first.path, first.line)
    out["service_name"] = Value(draft.name, draft.origin.path, draft.origin.line)
    out["entity_type"] = Value("Service", draft.origin.path, draft.origin.line)

    if "owners" not in out:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no owners found; the check reports it")
    entries = []
    for key in MANIFEST_ORDER + tuple(k for k in out if k not in MANIFEST_ORDER):
        if key in out:
            entries.append(Entry(key, out[key].value, "" if key == "entity_type" else out[key].origin))
    return entries


def _tier_and_category(draft: Draft, out: dict[str, Value], log: ImportLog) -> None:
    tier = out.get("tier")
    if tier is not None and isinstance(tier.value, str) and "tier" not in draft.json_fields:
        text = tier.value.strip()
        match = re.search(r"\btier[\s_-]*([123])\b", text, re.I) or re.fullmatch(r"t?([123])", text, re.I)
        placeholder = PLACEHOLDER.search(text)
        words = [CATEGORY_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in CATEGORY_WORDS]
        if match and not placeholder:
            value = f"tier{match.group(1)}"
            if value != text:
                log.decide(tier.path, tier.line, f"tier '{text}' written as {value}")
            out["tier"] = Value(value, tier.path, tier.line)
        else:
            log.decide(tier.path, tier.line, f"tier '{text}' is not tier1, tier2 or tier3; kept as written so the schema reports it")
        if words and "category" not in out:
            chosen = words[-1]
            out["category"] = Value(chosen, tier.path, tier.line)
            others = [w for w in dict.fromkeys(words) if w != chosen]
            log.decide(tier.path, tier.line, f"category {chosen} taken from tier '{text}'"
                       + (f" (the most specific of {', '.join(dict.fromkeys(words))}; {', '.join(others)} not recorded)" if others else ""))
    category = out.get("category")
    if category is not None and isinstance(category.value, str) and category.value not in CATEGORIES:
        text = category.value
        number = re.search(r"\b([0-8])\b", text)
        words = [CATEGORY_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in CATEGORY_WORDS]
        if words:
            out["category"] = Value(words[-1], category.path, category.line)
            log.decide(category.path, category.line, f"category '{text}' written as {words[-1]}")
        elif number:
            chosen = CATEGORIES[int(number.group(1))]
            out["category"] = Value(chosen, category.path, category.line)
            log.decide(category.path, category.line, f"category '{text}' written as {chosen} (layer {number.group(1)})")
        else:
            log.decide(category.path, category.line, f"category '{text}' is not a board category; kept so the schema reports it")
    if "category" not in out:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no category (board layer) stated; the check reports it")


def _status(draft: Draft, out: dict[str, Value], log: ImportLog) -> None:
    if "status" in out and "status" in draft.json_fields:
        return
    candidates = ([out.pop("status")] if "status" in out else []) + draft.status_texts
    chosen: tuple[str, Value] | None = None
    for candidate in candidates:
        mapped = map_status(str(candidate.value))
        if mapped is None:
            log.skip(candidate.path, candidate.line, f"status '{candidate.value}' does not say which Canon state it is "
                                                     f"({', '.join(STATUSES)})")
            continue
        if chosen is None:
            chosen = (mapped, candidate)
            if mapped != candidate.value:
                log.decide(candidate.path, candidate.line, f"status '{candidate.value}' mapped to {mapped}")
        elif mapped != chosen[0]:
            log.decide(candidate.path, candidate.line, f"status here maps to {mapped}, but {chosen[1].origin} "
                                                       f"says {chosen[0]}; kept {chosen[0]}")
    if chosen is not None:
        out["status"] = Value(chosen[0], chosen[1].path, chosen[1].line)
    elif candidates:
        first = candidates[0]
        out["status"] = Value(str(first.value), first.path, first.line)
        log.decide(first.path, first.line, "status kept as written so the schema reports it")
    else:
        log.skip(draft.origin.path, draft.origin.line, f"{draft.name}: no status stated; the check reports it")


def _scopes(draft: Draft, out: dict[str, Value], grants: dict[str, list[str]] | None, scopes_path: str,
            log: ImportLog) -> None:
    granted = (grants or {}).get(draft.name)
    for ref in draft.scope_refs:
        tail = re.split(r"→|->|=>", ref.value, maxsplit=1)[-1] if re.search(r"→|->|=>", ref.value) else ref.value
        named = [n for n in re.findall(r"\b([a-z][a-z0-9]*)\b", tail) if grants and n in grants or n == draft.name]
        for other in dict.fromkeys(n for n in named if n != draft.name):
            log.decide(ref.path, ref.line, f"the scope note points at {other}'s scopes in {scopes_path}; a manifest "
                                           f"requests only its own, so they are kept in the notes")
        if PLACEHOLDER.search(ref.value):
            log.skip(ref.path, ref.line, f"scope note '{ref.value}' is a template placeholder")
    if "scopes" in out:
        return
    if granted:
        line = draft.scope_refs[0] if draft.scope_refs else draft.origin
        out["scopes"] = Value(list(granted), line.path, line.line)
        log.decide(line.path, line.line, f"scopes {', '.join(granted)} are those {scopes_path} grants {draft.name}")
    elif draft.scope_refs:
        ref = draft.scope_refs[0]
        log.skip(ref.path, ref.line, f"{scopes_path} has no entry for {draft.name}, so it requests no scope; scope "
                                     "grants are a security-reviewed change and none was invented")
