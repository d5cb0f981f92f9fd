"""`wrangler.toml` and `wrangler.jsonc`: the Cloudflare Worker a repository deploys.

What becomes a fact, per environment (the top level and each `env.<name>`):
routes and custom domains; `vars`, which are configuration; bindings (KV, D1,
R2, queues, Durable Objects, services, AI...), which are bindings; and the
secrets the file declares (`secrets_store_secrets`, `secrets.required`), which
are the only secrets. Names listed in comments are not declarations and are
not read. Account, namespace and database ids are identifiers, not credentials.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from .common import host_of
from .jsonc import JsonError, Node
from .jsonc import parse as parse_jsonc
from .values import SELF, Reading

RULE = "federation/invalid-wrangler"
TOP_FACTS = {"name": "worker_name", "main": "worker_main", "account_id": "cloudflare_account_id",
             "compatibility_date": "compatibility_date", "compatibility_flags": "compatibility_flags",
             "workers_dev": "workers_dev"}
# binding list key → (kind, the member naming the binding, the member naming what it binds to)
BINDING_LISTS = {
    "kv_namespaces": ("kv", "binding", None),
    "d1_databases": ("d1", "binding", "database_name"),
    "r2_buckets": ("r2", "binding", "bucket_name"),
    "services": ("service", "binding", "service"),
    "vectorize": ("vectorize", "binding", "index_name"),
    "analytics_engine_datasets": ("analytics-engine", "binding", "dataset"),
    "hyperdrive": ("hyperdrive", "binding", None),
    "dispatch_namespaces": ("dispatch-namespace", "binding", "namespace"),
    "workflows": ("workflow", "binding", "name"),
    "mtls_certificates": ("mtls-certificate", "binding", None),
    "send_email": ("send-email", "name", None),
    "tail_consumers": ("tail-consumer", "service", "service"),
    "ai_search_namespaces": ("ai-search", "binding", "namespace"),
}
SINGLE_BINDINGS = {"ai": "ai", "browser": "browser", "images": "images", "version_metadata": "version-metadata"}


def read_toml(reading: Reading, text: str) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reading.report(RULE, line, f"{reading.path} is not valid TOML: {str(exc).split(' (at')[0]}", col=col)
        return
    _environment(reading, _toml_tree(data, text), "")


def read_jsonc(reading: Reading, text: str) -> None:
    try:
        parsed = parse_jsonc(text, comments=True)
    except JsonError as exc:
        reading.report(RULE, exc.line, f"{reading.path} is not valid JSON with comments: {exc.message}", col=exc.col)
        return
    for key, first, second in parsed.duplicates:
        reading.skip(first, f'"{key}"', f"written again on line {second}; Wrangler uses the later value")
    if not isinstance(parsed.root.value, dict):
        reading.report(RULE, parsed.root.line, f"{reading.path} must be a JSON object")
        return
    _environment(reading, parsed.root, "")


def _environment(reading: Reading, root: Node, environment: str) -> None:
    for key, node in root.children.items():
        if key in TOP_FACTS and not isinstance(node.value, dict):
            name = TOP_FACTS[key] if not environment else f"{TOP_FACTS[key]}.{environment}"
            reading.fact(SELF, name, node.value, node.line)
        elif key in ("routes", "route"):
            for child in (node.children.values() if isinstance(node.value, list) else [node]):
                _route(reading, child, environment)
        elif key == "vars" and isinstance(node.value, dict):
            for name, child in node.children.items():
                _item(reading, "config", name, {"name": name, "value": child.value}, child.line, environment)
        elif key in BINDING_LISTS and isinstance(node.value, list):
            for child in node.children.values():
                _binding(reading, key, child, environment)
        elif key in SINGLE_BINDINGS and isinstance(node.value, dict) and "binding" in node.value:
            _item(reading, "binding", str(node.value["binding"]),
                  {"binding": node.value["binding"], "kind": SINGLE_BINDINGS[key]}, node.line, environment)
        elif key == "durable_objects" and isinstance(node.value, dict):
            bindings = node.get("bindings")
            for child in (bindings.children.values() if bindings else []):
                value = child.value if isinstance(child.value, dict) else {}
                _item(reading, "binding", str(value.get("name")),
                      {"binding": value.get("name"), "kind": "durable-object", "target": value.get("class_name")},
                      child.line, environment)
        elif key == "queues" and isinstance(node.value, dict):
            _queues(reading, node, environment)
        elif key == "secrets_store_secrets" and isinstance(node.value, list):
            for child in node.children.values():
                value = child.value if isinstance(child.value, dict) else {}
                if not isinstance(value.get("binding"), str):
                    reading.skip(child.line, "secrets_store_secrets entry", "names no binding")
                    continue
                _item(reading, "secret", value["binding"],
                      {"name": value["binding"], "declared_in": "secrets_store_secrets",
                       "store_secret": value.get("secret_name")}, child.line, environment)
        elif key == "secrets" and isinstance(node.value, dict) and (required := node.get("required")) and isinstance(required.value, list):
            for child in required.children.values():
                if isinstance(child.value, str):
                    _item(reading, "secret", child.value, {"name": child.value, "declared_in": "secrets.required"},
                          child.line, environment)
        elif key == "triggers" and isinstance(node.value, dict) and (crons := node.get("crons")):
            for child in crons.children.values():
                _item(reading, "cron", str(child.value), {"schedule": child.value}, child.line, environment)
        elif key == "env" and not environment and isinstance(node.value, dict):
            for name, child in node.children.items():
                if isinstance(child.value, dict):
                    _environment(reading, child, str(name))
        else:
            where = f"env.{environment}." if environment else ""
            reading.skip(node.line, f"{where}{key}", "Worker setting with no counterpart in getchitty")


def _item(reading: Reading, field: str, name: str, value: dict, line: int, environment: str) -> None:
    if environment:
        value = {**value, "environment": environment}
    reading.fact(SELF, field, value, line, key=f"{environment}/{name}" if environment else name)


def _route(reading: Reading, node: Node, environment: str) -> None:
    value = node.value
    if isinstance(value, str):
        value = {"pattern": value}
    if not isinstance(value, dict) or not isinstance(value.get("pattern"), str):
        reading.skip(node.line, str(node.value)[:80], "a route needs a `pattern`")
        return
    route = {"pattern": value["pattern"]}
    host = host_of(value["pattern"])
    if host:
        route["host"] = host
    if value.get("zone_name"):
        route["zone"] = value["zone_name"]
    if value.get("custom_domain") is True:
        route["custom_domain"] = True
    _item(reading, "route", value["pattern"], route, node.line, environment)
    if value.get("custom_domain") is True and host:
        _item(reading, "custom_domain", host, {"host": host}, node.line, environment)


def _binding(reading: Reading, list_key: str, node: Node, environment: str) -> None:
    kind, name_key, target_key = BINDING_LISTS[list_key]
    value = node.value if isinstance(node.value, dict) else {}
    name = value.get(name_key)
    if not isinstance(name, str):
        reading.skip(node.line, f"{list_key} entry", f"names no `{name_key}`")
        return
    binding: dict[str, Any] = {"binding": name, "kind": kind}
    if target_key and value.get(target_key) is not None:
        binding["target"] = value[target_key]
    field = "binding" if kind != "tail-consumer" else "tail_consumer"
    _item(reading, field, name, binding, node.line, environment)


def _queues(reading: Reading, node: Node, environment: str) -> None:
    for role, child in node.children.items():
        if role not in ("producers", "consumers") or not isinstance(child.value, list):
            reading.skip(child.line, f"queues.{role}", "queue setting with no counterpart in getchitty")
            continue
        for entry in child.children.values():
            value = entry.value if isinstance(entry.value, dict) else {}
            if role == "producers" and isinstance(value.get("binding"), str):
                _item(reading, "binding", value["binding"],
                      {"binding": value["binding"], "kind": "queue-producer", "target": value.get("queue")},
                      entry.line, environment)
            elif role == "consumers" and isinstance(value.get("queue"), str):
                _item(reading, "queue_consumer", value["queue"], {"queue": value["queue"]}, entry.line, environment)
            else:
                reading.skip(entry.line, f"queues.{role} entry", "names no binding or queue")


# --- TOML positions ---------------------------------------------------------------------------------

_HEADER = re.compile(r"\[\[?\s*([^\[\]]{1,300}?)\s*\]\]?")
_KEY = re.compile(r"([A-Za-z0-9_\-\"'. ]{1,200}?)\s*=")


def _toml_tree(data: dict, text: str) -> Node:
    """`data` as a Node tree whose lines come from one pass over the text (tomllib keeps no positions)."""
    lines: dict[tuple, int] = {}
    table: tuple = ()
    counters: dict[tuple, int] = {}
    multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if multiline:
            if stripped.count(multiline) % 2 == 1:
                multiline = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        header = _HEADER.match(stripped) if stripped.startswith("[") else None
        if header:
            path = _dotted(header.group(1))
            if stripped.startswith("[["):
                index = counters.get(path, 0)
                counters[path] = index + 1
                path = (*path, index)
            table = path
            lines.setdefault(path, number)
            continue
        key = _KEY.match(stripped)
        if key:
            lines.setdefault((*table, *_dotted(key.group(1))), number)
            rest = stripped[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    multiline = quote
    return _node(data, (), lines, 1)


def _dotted(text: str) -> tuple:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def _node(value: Any, path: tuple, lines: dict[tuple, int], inherited: int) -> Node:
    line = lines.get(path, inherited)
    node = Node(value, line)
    if isinstance(value, dict):
        for key, child in value.items():
            node.children[key] = _node(child, (*path, key), lines, line)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            node.children[index] = _node(child, (*path, index), lines, line)
    return node
