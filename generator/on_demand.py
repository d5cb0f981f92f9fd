"""A mapping that builds each value when it is first asked for (model.py, federated.py)."""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, Mapping
from typing import Any, TypeVar

V = TypeVar("V")


class BuiltOnDemand(Mapping[str, V]):
    """Values by key, each built from what is written of the key when first asked for: the secrets inventory, the
    scopes and the federation of a large ecosystem name thousands of secrets and services, and a re-check after an
    edit asks for the few its manifest names."""

    def __init__(self, written: Mapping[str, Any], build: Callable[[str, Any], V]):
        self._written = written
        self._build = build
        self._built: dict[str, V] = {}

    def __getitem__(self, name: str) -> V:
        if name not in self._built:
            self._built[name] = self._build(name, self._written[name])
        return self._built[name]

    @property
    def written(self) -> Mapping[str, Any]:
        """What is written of each key, as the values are built from."""
        return self._written

    def items(self) -> ItemsView[str, V]:
        """Every value, built, in the written order: without the Mapping's own view, which looks each key up
        through __getitem__ (a check reads every secret of the inventory)."""
        built, build = self._built, self._build
        return {name: built[name] if name in built else built.setdefault(name, build(name, written))
                for name, written in self._written.items()}.items()

    def __contains__(self, name: object) -> bool:
        return name in self._written

    def __iter__(self) -> Iterator[str]:
        return iter(self._written)

    def __len__(self) -> int:
        return len(self._written)

    def __repr__(self) -> str:  # what it holds: the memos while serving key the models by their repr
        return f"{type(self).__name__}({dict(self.items())!r})"
