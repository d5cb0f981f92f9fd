"""Rule 1: files that cannot be read or parsed. The loader says why (a `Failure`); this module owns the finding."""

from __future__ import annotations

from collections.abc import Iterable

from ..load import Failure
from ..violations import Violation
from . import Check, SourceFile, Stage, error

UNREADABLE = error(
    "io/unreadable", "A source file cannot be read.",
    "Check the file's permissions and that it is not locked by another program.")
NOT_A_FILE = error(
    "io/not-a-file", "A path where a source file is expected is a directory or a special file.",
    "Replace it with a regular file, or move the directory out of the sources.")
OUTSIDE = error(
    "io/outside-repository", "A source path leads outside the repository (symlink or '..').",
    "Keep every source inside the repository; replace the link with the file itself.",
    "Sources outside the repository are not reviewed with it and may not exist in CI.")
IGNORED = error(
    "io/ignored-source", "A file where sources are kept is not read: its suffix is not in lowercase, or it lies in a sub-folder.",
    "Rename it to end in `.yml` (lowercase) and keep it directly in the folder, beside the other sources; "
    "move it out of the folder if it is not a source.",
    "A manifest that is passed over is a service the portal silently leaves out, however invalid it is.")
MISSING = error(
    "io/missing-source", "A required source file does not exist.",
    "Create the file; docs/authors/sources.md describes its format.")
TOO_LARGE = error(
    "syntax/too-large", "A source file is larger than the engine accepts.",
    "Split the file; a manifest or model is a few kilobytes.",
    "A multi-megabyte source is almost always a mistake and would slow every build.")
ENCODING = error(
    "syntax/encoding", "A source file is not valid UTF-8.",
    "Re-save the file as UTF-8 (without a byte-order mark).")
BOM = error(
    "syntax/bom", "A source file starts with a UTF-8 byte-order mark.",
    "Re-save the file as UTF-8 without a byte-order mark.",
    "JSON parsers reject a byte-order mark, and it hides in diffs.")
EMPTY = error(
    "syntax/empty", "A source file has no content.",
    "Fill in the file or delete it.")
INVALID_YAML = error(
    "syntax/invalid-yaml", "A YAML source does not parse.",
    "Fix the YAML at the given position; indent with spaces, never tabs, and quote values containing ': ' or '#'.")
INVALID_JSON = error(
    "syntax/invalid-json", "A JSON source does not parse.",
    "Fix the JSON at the given position (trailing commas and comments are not allowed).")
DUPLICATE_KEY = error(
    "syntax/duplicate-key", "A mapping has the same key twice.",
    "Remove or rename one of the two keys; YAML would silently keep only the last one.",
    "A duplicated key silently discards the first value, so what reviewers read is not what is published.")
COMPLEX_KEY = error(
    "syntax/complex-key", "A mapping key is itself a list or a mapping.",
    "Use plain names as keys.")
ALIAS_EXPANSION = error(
    "syntax/alias-expansion", "YAML anchors and aliases expand to an excessive document.",
    "Write the values out, or use far fewer nested aliases.",
    "Nested aliases can expand exponentially (the 'billion laughs' attack).")
TOP_LEVEL = error(
    "syntax/top-level-type", "A source file's top level is not the expected kind of value.",
    "The top level of every source is a mapping of keys to values.")


RULES = {
    Failure.UNREADABLE: UNREADABLE, Failure.NOT_A_FILE: NOT_A_FILE, Failure.OUTSIDE: OUTSIDE, Failure.IGNORED: IGNORED,
    Failure.MISSING: MISSING, Failure.TOO_LARGE: TOO_LARGE, Failure.ENCODING: ENCODING, Failure.BOM: BOM,
    Failure.EMPTY: EMPTY, Failure.INVALID_YAML: INVALID_YAML, Failure.INVALID_JSON: INVALID_JSON,
    Failure.DUPLICATE_KEY: DUPLICATE_KEY, Failure.COMPLEX_KEY: COMPLEX_KEY,
    Failure.ALIAS_EXPANSION: ALIAS_EXPANSION, Failure.TOP_LEVEL: TOP_LEVEL,
}


def check(source: SourceFile) -> Iterable[Violation]:
    for problem in source.loaded.errors:
        if source.optional and problem.failure is Failure.MISSING:
            continue
        yield RULES[problem.failure].finding(problem.path, (problem.line, problem.col), problem.message,
                                             entity=source.entity)


CHECK = Check("syntax", Stage.FILE, tuple(RULES.values()), check)
