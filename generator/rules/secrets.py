"""Rule 7: declared env names exist in the inventory and follow its naming standard;
no credential value is ever written into the sources.

A finding about a leaked credential names its kind and location only: the value
must not travel further through messages, reports or logs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..credentials import PREFIXED, SECRET_KEY, flagged_value, high_entropy, holds_needle
from ..load import LineIndex
from ..model import Ecosystem, Entity, Models
from ..patterns import LinearPattern, PatternError, compile_pattern
from ..violations import Violation
from . import Check, Input, SourceFile, Stage, error, every_entity

NOT_IN_INVENTORY = error(
    "secrets/not-in-inventory", "A service declares an env name the secrets inventory does not list.",
    "Add the name to etc/chittyos/secrets.yml (purpose, kind, lifetime) in a reviewed change, or remove it from the manifest.",
    "Every credential a service holds must be known, owned and rotated; an unlisted name is an unreviewed credential.",
    applies=every_entity)
NAMING = error(
    "secrets/naming", "An env name in the inventory breaks the naming standard.",
    "Rename it: env names are UPPER_SNAKE_CASE and service tokens follow one of the naming standards of secrets.yml.",
    "One naming standard lets CI, Wrangler and 1Password refer to the same credential without a mapping table.")
UNKNOWN_SERVICE = error(
    "secrets/unknown-service", "An inventory entry names an owning service that has no manifest.",
    "Fix the service name, or add the service's manifest.")
CREDENTIAL = error(
    "secrets/credential-value", "A value in the sources looks like a real credential.",
    "Delete the value, rotate the credential now, and keep only its env name in the secrets inventory.",
    "Sources are public and reviewed in pull requests; a committed credential is a leaked credential.")



def scan_text(path: str, text: str) -> Iterator[Violation]:
    if not holds_needle(text):
        return
    lines = LineIndex(text)
    found = sorted(((match.start(), label, flagged_value(text, match))
                    for label, pattern in PREFIXED for match in pattern.finditer(text)), key=lambda hit: hit[0])
    for start, label, value in found:
        yield CREDENTIAL.finding(path, lines.position(start), f"{label} is written here; the value is not shown",
                                 credentials=(value,))


def scan_name(path: str) -> Iterator[Violation]:
    """A credential in a file's own name: the name would be printed and published with the file."""
    if not holds_needle(path):
        return
    for label, pattern in PREFIXED:
        for match in pattern.finditer(path):
            yield CREDENTIAL.finding(path, (1, 1), f"the file's name holds {label}; the value is not shown",
                                     credentials=(match.group(),))


@functools.lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    return bool(SECRET_KEY.search(key))


def scan_values(document, data: Any) -> list[Violation]:
    """High-entropy strings stored under secret-like keys (prefixed tokens are found by scan_text).

    Iterative, and by exact type (parsed data holds plain dicts, lists and texts): every manifest is walked, and a
    walk of generators cost as much as validating it; this one costs 8 µs a manifest, by isinstance 13.5 µs."""
    found = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            for key, value in node.items():
                kind = type(value)
                if kind is str:
                    if _secret_key(key) and high_entropy(value) and not any(p.search(value) for _, p in PREFIXED):
                        found.append(CREDENTIAL.finding(
                            document.path, document.locate((*path, key), value=True),
                            f"'{key}' holds a high-entropy value that looks like a credential; the value is not shown",
                            field=".".join(map(str, (*path, key))), credentials=(value,)))
                elif kind is dict or kind is list:
                    stack.append(((*path, key), value))
        elif type(node) is list:
            for index, item in enumerate(node):
                if type(item) is dict or type(item) is list:
                    stack.append(((*path, index), item))
    return found


def service_token_regex(pattern: str) -> LinearPattern | None:
    """The naming standard as one (linear-time) pattern whose `service` group captures the {SERVICE} part.

    Compiled once per check rather than once per inventory entry: the owning
    service is compared with the captured group instead.
    """
    try:
        return compile_pattern(pattern.replace("{SERVICE}", "(?P<service>[A-Z0-9_]+?)", 1))
    except PatternError:
        return None


def short_service_name(service: str) -> str:
    """chittyauth → AUTH: the part of a service token's name that names its service."""
    upper = service.upper()
    return upper[len("CHITTY"):] if upper.startswith("CHITTY") else upper


def _follows_standard(name: str, standard: LinearPattern, service: str) -> bool:
    if not service or not standard.has_group("service"):
        return standard.search(name)
    return standard.group(name, "service") == short_service_name(service)


def check_declared(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    inventory = models.secrets

    def check(entity: Entity) -> Iterator[Violation]:
        if inventory.document is None:
            return
        for index, name in enumerate(entity.secrets):
            if name not in inventory.entries:
                yield NOT_IN_INVENTORY.finding(
                    entity.path, entity.document.locate(("secrets", index), value=True),
                    f"{name} is not in the secrets inventory", entity=entity.name, field="secrets")
    return check


def check_inventory(eco: Ecosystem) -> Iterable[Violation]:
    inventory = eco.secrets
    if inventory.document is None:
        return
    doc = inventory.document
    try:
        env_name = compile_pattern(inventory.env_name_pattern) if inventory.env_name_pattern else None
    except PatternError:
        env_name = None  # the schema's format check reports the broken pattern
    standards = [(pattern, service_token_regex(pattern)) for pattern in inventory.service_token_patterns]
    compiled = [regex for _, regex in standards if regex is not None]
    for name, kind, service in inventory.kinds():
        if env_name and not env_name.search(name):
            yield NAMING.finding(doc.path, doc.locate(("secrets", name)), f"{name} does not match the env name pattern {inventory.env_name_pattern}",
                                 entity="secrets", field=f"secrets.{name}")
        elif kind == "service-token" and standards:
            if compiled and not any(_follows_standard(name, regex, service) for regex in compiled):
                shape = " or ".join(pattern.replace("{SERVICE}", "<SERVICE>") for pattern, _ in standards)
                yield NAMING.finding(doc.path, doc.locate(("secrets", name)),
                                     f"service token {name} should be named {shape}" + (f" for service {service}" if service else ""),
                                     entity="secrets", field=f"secrets.{name}")
        if service and not eco.known(service):
            yield UNKNOWN_SERVICE.finding(doc.path, doc.locate(("secrets", name, "service"), value=True),
                                          f"{name} names owning service '{service}', which has no manifest",
                                          entity="secrets", field=f"secrets.{name}.service")


def scan(source: SourceFile) -> Iterable[Violation]:
    """Credentials written into any file the check reads (or into its name), whether it parses or not."""
    for finding in scan_name(source.path):
        yield replace(finding, entity=source.entity)
    if source.loaded.text is not None:
        for finding in scan_text(source.path, source.loaded.text):
            yield replace(finding, entity=source.entity)
    document = source.loaded.document
    if document is not None:
        for finding in scan_values(document, document.data):
            yield replace(finding, entity=source.entity)


SCAN = Check("credentials", Stage.FILE, (CREDENTIAL,), scan)
DECLARED = Check("secrets", Stage.ENTITY, (NOT_IN_INVENTORY,), check_declared, reads=(Input.SECRETS,))
INVENTORY = Check("secrets-inventory", Stage.ECOSYSTEM, (NAMING, UNKNOWN_SERVICE), check_inventory,
                  reads=(Input.SECRETS, Input.NAMES))
