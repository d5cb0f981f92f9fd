"""What a quick validator's generated code runs with: the one exception it raises, and its patterns run on the
linear-time engine.

rules/schema.py compiles that code for a schema at run time; released_validators.py
holds it, generated ahead, for the schemas this release ships.
"""

from __future__ import annotations

from ..patterns import search


class Invalid(Exception):
    """The document does not follow the schema: the detailed validator then finds and words every way it does not."""


class SearchOnly:
    """A schema's pattern as the generated code uses it (it only calls `.search`), on the linear-time engine."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def search(self, text: str) -> bool:
        return search(self.pattern, text)
