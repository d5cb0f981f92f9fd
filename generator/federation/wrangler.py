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
PAGES_FACTS = {"name": "pages_project"}
SINGLE_BINDINGS = {"ai": "ai", "browser": "browser", "images": "images", "version_metadata": "version-metadata"}


# A comment saying the routes (or custom domains) are set in the Cloudflare dashboard: the Worker is served
# there although the file routes nothing. Bounded gaps keep the scan linear in the line's length.
_DASHBOARD = re.compile(r"\b(?:routes?|custom[ -]domains?|domains?)\b.{0,80}?\bdashboard\b|"
                        r"\bdashboard\b.{0,80}?\b(?:routes?|custom[ -]domains?|domains?)\b", re.I)


def _dashboard_notes(reading: Reading, text: str, marker: str) -> None:
    """Whole-line comments (`#` in TOML, `//` in JSONC) that say the routes are set in the dashboard."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(marker) and len(stripped) <= 400 and _DASHBOARD.search(stripped):
            reading.fact(SELF, "dashboard_routes", stripped[len(marker):].strip(), number)


def read_toml(reading: Reading, text: str) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reading.report(RULE, line, f"{reading.path} is not valid TOML: {str(exc).split(' (at')[0]}", col=col)
        return
    _environment(reading, _toml_tree(data, text), "")
    _dashboard_notes(reading, text, "#")


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
    _dashboard_notes(reading, text, "//")


def _environment(reading: Reading, root: Node, environment: str, pages: bool = False) -> None:
    # A Pages project (`pages_build_output_dir`) deploys no Worker: its `name` is the Pages project's.
    pages = pages or "pages_build_output_dir" in root.children
    for key, node in root.children.items():
        if key in TOP_FACTS and not isinstance(node.value, dict):
            field = PAGES_FACTS.get(key, TOP_FACTS[key]) if pages else TOP_FACTS[key]
            reading.fact(SELF, field if not environment else f"{field}.{environment}", node.value, node.line)
        elif key == "pages_build_output_dir" and isinstance(node.value, str):
            reading.fact(SELF, "pages_output_dir" if not environment else f"pages_output_dir.{environment}",
                         node.value, node.line)
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
                  {"binding": node.value["binding"], "kind": SINGLE_BINDINGS[key]}, _line(node, "binding"), environment)
        elif key == "durable_objects" and isinstance(node.value, dict):
            bindings = node.get("bindings")
            for child in (bindings.children.values() if bindings else []):
                value = child.value if isinstance(child.value, dict) else {}
                _item(reading, "binding", str(value.get("name")),
                      {"binding": value.get("name"), "kind": "durable-object", "target": value.get("class_name")},
                      _line(child, "name"), environment)
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
                       "store_secret": value.get("secret_name")}, _line(child, "binding"), environment)
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
                    _environment(reading, child, str(name), pages)
        else:
            where = f"env.{environment}." if environment else ""
            reading.skip(node.line, f"{where}{key}", "Worker setting with no counterpart in getchitty")


def _line(node: Node, *keys: str) -> int:
    """The line that states an entry: its naming key's (`"pattern": ...`), not the `{` above it."""
    for key in keys:
        child = node.children.get(key)
        if child is not None:
            return child.line
    return node.line


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
    line = _line(node, "pattern")
    _item(reading, "route", value["pattern"], route, line, environment)
    if value.get("custom_domain") is True and host:
        _item(reading, "custom_domain", host, {"host": host}, line, environment)


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
    _item(reading, field, name, binding, _line(node, name_key), environment)


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
                      _line(entry, "binding"), environment)
            elif role == "consumers" and isinstance(value.get("queue"), str):
                _item(reading, "queue_consumer", value["queue"], {"queue": value["queue"]}, _line(entry, "queue"),
                      environment)
            else:
                reading.skip(entry.line, f"queues.{role} entry", "names no binding or queue")


# --- TOML positions ---------------------------------------------------------------------------------

_HEADER = re.compile(r"\[\[?\s*([^\[\]]{1,300}?)\s*\]\]?")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _Positions:
    """The line of every key, array item and inline-table key of a TOML text, in one pass (tomllib keeps no
    positions). Values are skipped over, not parsed: tomllib has already checked the text."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        self.table: tuple = ()
        self.counters: dict[tuple, int] = {}
        # Open arrays and inline tables: [path, "array" | "table", next item index, expecting a key]
        self.frames: list[list] = []
        self.pending: tuple | None = None  # the path of the value that comes next (after `key =`)
        self.closing = ""  # the quotes of a multi-line string still open
        for number, raw in enumerate(text.splitlines(), 1):
            self.line(number, raw)

    def line(self, number: int, raw: str) -> None:
        pos = 0
        if self.closing:
            end = raw.find(self.closing)
            if end < 0:
                return
            self.closing, pos = "", end + 3
        elif not self.frames and self.pending is None:
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                return
            if stripped.startswith("["):
                self.header(number, stripped)
                return
            self.pending = self.table
            pos = self.key(number, raw, len(raw) - len(raw.lstrip()))
            if pos < 0:
                self.pending = None
                return
        self.values(number, raw, pos)

    def header(self, number: int, stripped: str) -> None:
        match = _HEADER.match(stripped)
        if not match:
            return
        path = _dotted(match.group(1))
        if stripped.startswith("[["):
            index = self.counters.get(path, 0)
            self.counters[path] = index + 1
            path = (*path, index)
        self.table = path
        self.lines.setdefault(path, number)

    def key(self, number: int, raw: str, pos: int) -> int:
        """Read `a.b."c" =` at `pos` under the pending path; returns where the value starts, or -1."""
        parts: list[str] = []
        while pos < len(raw):
            char = raw[pos]
            if char in " \t.":
                pos += 1
            elif char in "\"'":
                end = raw.find(char, pos + 1)
                if end < 0:
                    return -1
                parts.append(raw[pos + 1:end])
                pos = end + 1
            elif char == "=":
                path = (*(self.pending or ()), *parts)
                self.lines.setdefault(path, number)
                self.pending = path
                return pos + 1
            else:
                match = _BARE_KEY.match(raw, pos)
                if not match:
                    return -1
                parts.append(match.group())
                pos = match.end()
        return -1

    def values(self, number: int, raw: str, pos: int) -> None:
        while pos < len(raw):
            char = raw[pos]
            frame = self.frames[-1] if self.frames else None
            if char in " \t":
                pos += 1
            elif char == "#":
                return
            elif frame is not None and frame[1] == "table" and frame[3] and char not in "},":
                self.pending = frame[0]
                frame[3] = False
                pos = self.key(number, raw, pos)
                if pos < 0:
                    return
            elif char == ",":
                if frame is not None and frame[1] == "table":
                    frame[3] = True
                pos += 1
            elif char in "]}":
                if self.frames:
                    self.frames.pop()
                pos += 1
            else:
                path = self.start_value(number)
                if char in "[{":
                    self.frames.append([path, "array" if char == "[" else "table", 0, char == "{"])
                    pos += 1
                elif char in "\"'":
                    pos = self.string(raw, pos)
                else:
                    while pos < len(raw) and raw[pos] not in ",]}# \t":
                        pos += 1

    def start_value(self, number: int) -> tuple:
        if self.pending is not None:
            path, self.pending = self.pending, None
            return path
        frame = self.frames[-1] if self.frames else None
        if frame is None or frame[1] != "array":
            return ()
        path = (*frame[0], frame[2])
        frame[2] += 1
        self.lines.setdefault(path, number)
        return path

    def string(self, raw: str, pos: int) -> int:
        quote = raw[pos]
        if raw.startswith(quote * 3, pos):
            end = raw.find(quote * 3, pos + 3)
            if end < 0:
                self.closing = quote * 3
                return len(raw)
            return end + 3
        index = pos + 1
        while index < len(raw):
            if raw[index] == "\\" and quote == '"':
                index += 2
                continue
            if raw[index] == quote:
                return index + 1
            index += 1
        return len(raw)


def _toml_tree(data: dict, text: str) -> Node:
    """`data` as a Node tree whose lines come from one pass over the text."""
    return _node(data, (), _Positions(text).lines, 1)


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
