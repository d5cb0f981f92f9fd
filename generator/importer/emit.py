"""Writing imported sources as YAML that reviewers can trace back to the Markdown it came from.

Each top-level key (and each entry of a named mapping such as `secrets`) is
preceded by a `# from <file>:<line>` comment. No value is written before it has
passed the credential guard: a token that looks like a credential is replaced
and reported, never copied.

Text from the source repository reaches a written file in two ways only: as a
key or value, which the YAML emitter quotes and escapes, and inside a comment,
where every character YAML reads as a line break (and every other control
character) is written as an escape. A file name holding a line break therefore
stays in its comment instead of starting a key of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..credentials import looks_like_credential
from ..escaping import terminal
from .source import ImportLog

REDACTED = "<credential removed by getchitty import>"
_TOKEN = re.compile(r"[^\s\"'`,;()\[\]{}<>|]+")


def mask(value: str) -> str:
    """`value` with every token that looks like a credential replaced."""
    # one pass over the tokens (replacing each credential throughout the text was quadratic)
    out = _TOKEN.sub(lambda match: REDACTED if looks_like_credential(match.group()) else match.group(), value)
    if looks_like_credential(out):  # a credential spanning several tokens, such as a private key block
        out = REDACTED
    return out


def redact(value: str, log: ImportLog, where: tuple[str, int]) -> str:
    """`value` masked as `mask` does; each replacement is reported."""
    out = mask(value)
    if out != value:
        log.skip(where[0], where[1], "a value that looks like a credential was not copied "
                                     "(rotate it: it is written in the source repository)")
    return out


def scrub(data: Any, log: ImportLog, where: tuple[str, int]) -> Any:
    if isinstance(data, str):
        return redact(data, log, where)
    if isinstance(data, list):
        return [scrub(item, log, where) for item in data]
    if isinstance(data, dict):
        return {key: scrub(value, log, where) for key, value in data.items()}
    return data


@dataclass
class Entry:
    """One top-level key of a generated file, with where it came from."""

    key: str
    value: Any
    origin: str = ""  # "path:line", shown as a comment above the key
    sub_origins: dict[str, str] = field(default_factory=dict)  # for mappings: entry → "path:line"


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def comment(text: str) -> str:
    """A YAML comment that stays one line whatever `text` holds: line feed, carriage return, U+0085, U+2028
    and U+2029 are all line breaks to YAML."""
    return f"# {terminal(text)}" if text else "#"


def _key(key: str) -> list[str]:
    """The lines that open the mapping `key`, written by the emitter so that the key is quoted as it needs."""
    head = _dump({key: None}).rstrip("\n")
    return head.removesuffix(" null").split("\n")


def render(schema: str, entries: list[Entry], *, header: tuple[str, ...] = ()) -> str:
    """A YAML document: the schema comment on the first line, then each entry under its origin comment.

    `schema` is the `$schema` reference relative to the written file, e.g.
    `../../authority/schema/getchitty-service.schema.json`.
    """
    lines = [comment(f"yaml-language-server: $schema={schema}")]
    lines += [comment(text) for text in header]
    for entry in entries:
        if entry.origin:
            lines.append(comment(f"from {entry.origin}"))
        if entry.sub_origins and isinstance(entry.value, dict) and entry.value:
            lines += _key(entry.key)
            for name, value in entry.value.items():
                origin = entry.sub_origins.get(name)
                if origin:
                    lines.append("  " + comment(f"from {origin}"))
                block = _dump({name: value})
                lines += ["  " + line if line else line for line in block.rstrip("\n").split("\n")]
        else:
            lines += _dump({entry.key: entry.value}).rstrip("\n").split("\n")
    return "\n".join(lines) + "\n"


def plain_data(entries: list[Entry]) -> dict:
    return {entry.key: entry.value for entry in entries}
