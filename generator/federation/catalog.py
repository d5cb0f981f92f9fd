"""`.github/secret-catalog.json`: the secrets a repository needs, with rotation period, owner and kind.

Two layouts are in use: entries with `source`/`vault`/`scope` and entries with
an `op_ref` into 1Password and an `owner`; `secrets` is a list of entries
with a `name`, or an object keyed by name. Each becomes one `secret` fact per
name. An `op://` path is a reference to a vault item, kept as a reference; a
catalog never holds values, so any key that could carry one (`value`, `token`,
`password`...) is a problem even when its content looks harmless, and the
content is never recorded or repeated.
"""

from __future__ import annotations

import re

from .jsonc import JsonError, Node, parse
from .values import SELF, Reading

PATH = ".github/secret-catalog.json"
RULE = "federation/invalid-secret-catalog"
ENTRY_FIELDS = {"rotation_days": "rotation_days", "owner": "owner", "scope": "kind", "kind": "kind", "type": "kind",
                "source": "source", "vault": "vault", "op_ref": "reference", "ref": "reference",
                "reference": "reference", "description": "description", "purpose": "description",
                "required": "required", "environments": "environments"}
TOP_FIELDS = {"service": "secret_catalog.service", "version": "secret_catalog.version",
              "last_audit": "secret_catalog.last_audit", "vault": "secret_catalog.vault",
              "owner": "secret_catalog.owner"}
VALUE_KEYS = re.compile(r"^(value|secret|token|password|passwd|key|api_key|credential|private_key)$", re.I)
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")


def read(reading: Reading, text: str) -> None:
    try:
        parsed = parse(text)
    except JsonError as exc:
        reading.report(RULE, exc.line, f"{reading.path} is not valid JSON: {exc.message}", col=exc.col)
        return
    root = parsed.root
    for key, first, second in parsed.duplicates:
        reading.skip(second, f'"{key}" (again)', f"duplicate key; line {first} is overridden by this one")
    if not isinstance(root.value, dict):
        reading.report(RULE, root.line, f"{reading.path} must be a JSON object with a `secrets` list")
        return
    secrets = root.get("secrets")
    if secrets is None or not isinstance(secrets.value, (list, dict)):
        reading.report(RULE, secrets.line if secrets else root.line, f"{reading.path} has no `secrets` list")
    for key, node in root.children.items():
        if key == "secrets":
            continue
        if key in TOP_FIELDS and not isinstance(node.value, (dict, list)):
            reading.fact(SELF, TOP_FIELDS[key], node.value, node.line)
        elif VALUE_KEYS.match(key):
            reading.report("federation/credential-value", node.line,
                           f"`{key}` at the top of the catalog would hold a value; a catalog lists names and references only")
        else:
            reading.skip(node.line, f'"{key}"', "catalog key with no counterpart in getchitty")
    if secrets is not None and isinstance(secrets.value, list):
        for node in secrets.children.values():
            _entry(reading, node)
    elif secrets is not None and isinstance(secrets.value, dict):
        # Entries keyed by their name: {"NAME": {...}} or {"NAME": "what it is for"}.
        for name, node in secrets.children.items():
            _entry(reading, node, keyed=name)


def _entry(reading: Reading, node: Node, keyed: str | None = None) -> None:
    if keyed is not None and not isinstance(node.value, (dict, list)):
        node = Node({"description": node.value}, node.line, {"description": node}) if node.value else Node({}, node.line)
    if not isinstance(node.value, dict):
        reading.report(RULE, node.line, "a catalog entry is not an object with a `name`")
        return
    name_node = node.get("name") if keyed is None else Node(keyed, node.line)
    name = name_node.value if name_node else None
    if not isinstance(name, str) or not ENV_NAME.fullmatch(name):
        reading.report(RULE, name_node.line if name_node else node.line,
                       "a catalog entry has no `name` written as an environment variable name")
        return
    value: dict = {"name": name}
    for key, child in node.children.items():
        if key == "name" and keyed is None:
            continue
        if VALUE_KEYS.match(key):
            reading.report("federation/credential-value", child.line,
                           f"{name}: `{key}` would hold the secret itself; the catalog lists names and references only "
                           "(the content was not recorded)")
        elif key in ENTRY_FIELDS and not isinstance(child.value, dict):
            field = ENTRY_FIELDS[key]
            if field == "reference" and isinstance(child.value, str) and not child.value.startswith("op://"):
                reading.skip(child.line, f"{name}.{key}", "a reference is an op:// path; this one was not recorded")
                continue
            value[field] = child.value
        else:
            reading.skip(child.line, f"{name}.{key}", "catalog field with no counterpart in getchitty")
    # The line that names the secret, not the `{` above it.
    reading.fact(SELF, "secret", value, name_node.line if name_node is not None else node.line, key=name)
