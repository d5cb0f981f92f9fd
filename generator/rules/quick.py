"""What a quick validator's generated code runs with: the one exception it raises, and its patterns run on the
linear-time engine.

rules/schema.py compiles that code for a schema at run time; released_validators.py
holds it, generated ahead, for the schemas this release ships.
"""

from __future__ import annotations

from collections.abc import Callable

from ..patterns import compile_pattern


class Invalid(Exception):
    """The document does not follow the schema: the detailed validator then finds and words every way it does not."""


class SearchOnly:
    """A schema's pattern as the generated code uses it (it only calls `.search`), on the linear-time engine.

    Compiled when first searched with, not when the module of the released validators is imported; from then on
    `search` is the compiled pattern's own, which the generated code calls without a step between (a manifest is
    searched with half a dozen patterns)."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def __getattr__(self, name: str) -> Callable[[str], bool]:
        if name != "search":
            raise AttributeError(name)
        search = compile_pattern(self.pattern).search
        self.search = search
        return search
