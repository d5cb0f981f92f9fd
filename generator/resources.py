"""Where the package's own data lives: the templates and the Canon seed data.

In a wheel they sit inside the package (getchitty/templates, getchitty/seed), as
pyproject.toml maps them; in a checkout they are the repository's top-level
templates/ and etc/ folders beside generator/. Path lookups, not
importlib.resources, because setuptools' editable installs cannot map a data
folder that lies outside the package folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


def _data(installed: str, checkout: str) -> Path:
    inside = PACKAGE / installed
    return inside if inside.is_dir() else PACKAGE.parent / checkout


TEMPLATES = _data("templates", "templates")
SEED = _data("seed", "etc")  # authority/ (schemas, rules, config), profiles/, chittyos/layers.yml


def seed_schema(name: str) -> Any:
    """One of getchitty's own JSON Schemas from the seed data, parsed."""
    return json.loads((SEED / "authority" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
