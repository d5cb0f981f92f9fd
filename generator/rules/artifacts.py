"""Rule 10: a manifest that points at a local OpenAPI or MCP artifact must point at a
file that exists and parses. A manifest that points at none gets no artifact check,
so repositories without artifacts are never failed for files they do not have."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from ..load import Failure, Reader
from ..model import Card, Ecosystem, Entity
from ..violations import Violation
from . import Check, Input, Stage, error


def _has_artifacts(entity: Entity, eco: Ecosystem) -> bool:
    return bool(entity.artifacts)


MISSING = error(
    "artifacts/missing", "A manifest points at a local artifact that does not exist.",
    "Commit the artifact at that path (relative to the repository root), or remove the pointer from `artifacts`.",
    applies=_has_artifacts)
INVALID = error(
    "artifacts/invalid", "A local artifact does not parse or is not what it claims to be.",
    "Fix the artifact: an OpenAPI file needs `openapi: 3.x` and `paths`; an MCP file must be a JSON or YAML mapping.",
    applies=_has_artifacts)

OPENAPI_VERSION = re.compile(r"^3\.\d+(\.\d+)?$")


NOT_FOUND = (Failure.MISSING, Failure.NOT_A_FILE, Failure.OUTSIDE)


def check(eco: Ecosystem) -> Iterable[Violation]:
    reader = Reader(eco.root)
    for card in eco.pages.values():
        for kind, relpath in sorted(card.artifacts):
            field = f"artifacts.{kind}"

            def at(card: Card = card, kind: str = kind) -> tuple[int, int]:  # located only for a finding: it reads the file
                return eco.entity_of(card).document.locate(("artifacts", kind), value=True)

            normalized = PurePosixPath(relpath)
            if normalized.is_absolute() or ".." in normalized.parts:
                yield MISSING.finding(card.path, at(), f"{kind} artifact '{relpath}' must be a path inside the repository",
                                      entity=card.name, field=field)
                continue
            result = reader.load(str(normalized))
            if result.document is None:
                first = result.errors[0]
                if first.failure in NOT_FOUND:
                    yield MISSING.finding(card.path, at(), f"{kind} artifact {relpath}: {first.message}",
                                          entity=card.name, field=field)
                else:
                    yield INVALID.finding(card.path, at(),
                                          f"{kind} artifact {relpath} does not parse ({first.path}:{first.line}:{first.col}: {first.message})",
                                          entity=card.name, field=field)
                continue
            if kind == "openapi":
                version = result.document.data.get("openapi")
                if isinstance(version, float) and 3 <= version < 4:
                    yield INVALID.finding(card.path, at(),
                                          f"{relpath}: 'openapi: {version}' is a number; write the version in quotes, "
                                          "e.g. openapi: \"3.1.0\"", entity=card.name, field=field)
                elif not (isinstance(version, str) and OPENAPI_VERSION.match(version)):
                    yield INVALID.finding(card.path, at(), f"{relpath} has no 'openapi: 3.x' version",
                                          entity=card.name, field=field)
                elif not isinstance(result.document.data.get("paths"), dict):
                    yield INVALID.finding(card.path, at(), f"{relpath} has no 'paths' mapping",
                                          entity=card.name, field=field)


CHECK = Check("artifacts", Stage.ECOSYSTEM, (MISSING, INVALID), check, reads=(Input.INDEX, Input.ARTIFACTS))
