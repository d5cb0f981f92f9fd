"""Field paths inside source data: `routes.health` as written by authors, (key, index, ...) as walked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def get_path(data: Any, dotted: str) -> Any:
    """Value at a dotted path such as `routes.health`, or None."""
    return at_path(data, dotted.split("."))


def at_path(data: Any, parts: Iterable[str]) -> Any:
    """Value at the path of these keys, or None."""
    for part in parts:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def dotted(path: tuple) -> str:
    """("webhooks", 0, "url") → "webhooks[0].url"; the empty path is the document itself."""
    if not path:
        return "(top level)"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
