"""Rule 2: JSON Schema validation, reported at the offending key or value.

Valid documents, the common case, take a quick validator (code fastjsonschema
generates; shipped generated for the released schemas, released_validators.py);
only a document that fails it is walked by jsonschema to collect every error
with its path. Both run every `pattern` on the linear-time engine
(../patterns.py) and resolve `$ref`s only inside the schema folder
(schema_refs.py): a schema that needs more is a broken schema, not a fetch.

Both validators are imported and built only when a document has to be
validated: a re-check that finds every file unchanged needs neither.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..credentials import looks_like_credential
from ..fields import dotted as _dotted
from ..load import Document
from ..model import parse_date
from ..patterns import PYTHON_SPACES, pattern_problem, search
from ..violations import Violation
from . import Check, Input, Rule, SourceFile, Stage, error, every_entity
from .quick import Invalid, SearchOnly
from .released_schemas import RELEASED, content_digest, released
from .schema_refs import Handlers, SchemaFolder, problems, registry

if TYPE_CHECKING:
    import jsonschema

# One URI check for both validators, so that the quick path and the detailed
# path never disagree about what a valid URI is. The host part and the rest are
# disjoint character classes, so matching stays linear in the value's length.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+(?:[/?#]\S*)?$")


def _is_date(value: object) -> bool:
    """jsonschema's date format, without importing jsonschema on the quick path: four, two and two ASCII digits
    that make a real day (fastjsonschema's own takes any Unicode digit)."""
    return not isinstance(value, str) or parse_date(value) is not None


def _is_regex(value: object) -> bool:
    """A pattern a source may hold (the secrets naming standard): one the linear engine runs."""
    return not isinstance(value, str) or not pattern_problem(value.replace("{SERVICE}", "SERVICE"))


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or URI.match(value) is not None


@functools.cache
def _format_checker() -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("regex")(_is_regex)
    return checker


# jsonschema's pattern keywords, on the linear engine.
def _pattern(validator: Any, pattern: str, instance: Any, schema: Any):
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, properties: dict, instance: Any, schema: Any):
    if validator.is_type(instance, "object"):
        for pattern, subschema in properties.items():
            for key, value in instance.items():
                if search(pattern, key):
                    yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _extras(instance: dict, schema: Any) -> list[str]:
    allowed = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [key for key in instance if key not in allowed and not any(search(p, key) for p in patterns)]


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any):
    from jsonschema import ValidationError

    if not validator.is_type(instance, "object"):
        return
    extras = _extras(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, sorted(extras)))} unexpected)")


@functools.cache
def _validator_class() -> Any:
    import jsonschema

    return jsonschema.validators.extend(jsonschema.Draft7Validator, {
        "pattern": _pattern, "patternProperties": _pattern_properties, "additionalProperties": _additional_properties})


def validator(schema: Any, documents: Mapping[str, Any] | None = None) -> Any:
    """The detailed validator of `schema`: linear patterns; references resolved only in `documents`
    (other schema files of the folder), never fetched."""
    return _validator_class()(schema, format_checker=_format_checker(), registry=registry(documents or {}))

MAX_LISTED = 100  # findings of one rule listed per file: past them, their number, so no file's size sets the check's time

KEYWORD_RULES: dict[str, Rule] = {
    keyword: error(f"schema/{name}", summary, hint, applies=every_entity if keyword == "required" else None)
    for keyword, name, summary, hint in [
        ("required", "required", "A required field is missing.", "Add the field; the schema lists what every manifest must have."),
        ("additionalProperties", "unknown-field", "A field is not part of the schema.",
         "Remove the field or fix its spelling; the schema lists the allowed fields."),
        ("type", "type", "A value has the wrong type.", "Write the value with the type the schema asks for (text, list, mapping, …)."),
        ("enum", "enum", "A value is not one of the allowed choices.", "Use one of the values listed in the message."),
        ("const", "const", "A value differs from the only allowed value.", "Use the value given in the message."),
        ("pattern", "pattern", "A text value does not have the required form.", "Rewrite the value so that it matches the pattern in the message."),
        ("format", "format", "A value is not a valid URI, date or pattern.", "Write a full URI (https://…), a YYYY-MM-DD date or a valid regular expression."),
        ("minItems", "min-items", "A list has too few entries.", "Add entries to the list."),
        ("maxItems", "max-items", "A list has too many entries.", "Remove entries from the list."),
        ("uniqueItems", "unique-items", "A list repeats an entry.", "Remove the repeated entry."),
        ("minLength", "min-length", "A text value is empty or too short.", "Fill in the value."),
        ("minProperties", "min-properties", "A mapping has too few entries.", "Add entries to the mapping."),
        ("minimum", "minimum", "A number is below the allowed minimum.", "Raise the number."),
        ("maximum", "maximum", "A number is above the allowed maximum.", "Lower the number."),
        ("propertyNames", "key-name", "A key does not have the required form.", "Rename the key so that it matches the pattern in the message."),
    ]
}
OTHER = error("schema/invalid", "A value breaks a schema constraint.", "Change the value as the message says.")
BROKEN_SCHEMA = error("schema/broken-schema", "A JSON Schema file is itself invalid.",
                      "Fix the schema so that it is a valid draft-07 JSON Schema.")


@dataclass
class CompiledSchema:
    """A schema ready for validation; each validator is built the first time it is needed."""

    schema: Any
    name: str  # its file name, the base of its references when it has no $id
    folder: SchemaFolder
    reached: Iterable[str] | None = None  # URIs of the other documents its references reach; None: not yet known
    _quick: Any = field(default=None, repr=False)
    _quick_built: bool = field(default=False, repr=False)
    _bulk: Callable[[Any], bool] | None = field(default=None, repr=False)
    _bulk_built: bool = field(default=False, repr=False)
    _detailed: Any = field(default=None, repr=False)

    def prepare(self, documents: int) -> None:
        """Build, before worker processes are forked, what validating `documents` documents takes."""
        self.quick  # noqa: B018  (built on first use)
        if documents >= BULK_DOCUMENTS:
            self.bulk  # noqa: B018

    def accepts(self, document: Document) -> bool:
        """Whether a quick validator finds the document valid. False: the detailed validator decides."""
        if document.plain and (self._bulk_built or len(document.text or "") >= BULK_TEXT):
            bulk = self.bulk
            if bulk is not None:
                return bulk(document.data)
        quick = self.quick
        if quick is None:
            return False
        try:
            quick(document.data)
        except (Invalid, RecursionError):  # RecursionError: the detailed validator reports it, or the nesting
            return False
        return True

    @property
    def bulk(self) -> Callable[[Any], bool] | None:
        """jsonschema-rs's verdict on a plain document (see `_bulk`); None when it may disagree with the detailed
        validator on this schema."""
        if not self._bulk_built:
            self._bulk_built = True
            self._bulk = _bulk(self.schema, self._reached())
        return self._bulk

    @property
    def quick(self) -> Callable[[Any], Any] | None:
        """The quick validator (see `_quick`); None when fastjsonschema cannot compile it."""
        if not self._quick_built:
            self._quick_built = True
            self._quick = _quick(self.schema, self.folder)
        return self._quick

    @property
    def detailed(self) -> Any:
        if self._detailed is None:
            self._detailed = validator(self.schema, {uri: self.folder.documents[uri] for uri in self._reached()})
        return self._detailed

    def _reached(self) -> Iterable[str]:
        if self.reached is None:
            self.reached = problems(self.schema, self.name, self.folder)[1]
        return self.reached


def compile_schema(document: Document, folder: SchemaFolder | None = None) -> tuple[CompiledSchema | None, list[Violation]]:
    """The schema checked and compiled for both validators, or its problems as BROKEN_SCHEMA findings. `folder`
    holds the other schemas its references may reach (none without it)."""
    schema = document.data
    folder = folder or SchemaFolder()
    if not released(schema):
        if (broken := _metaschema_problem(document)) is not None:
            return None, [broken]
    name = document.path.rsplit("/", 1)[-1]
    unusable, reached = problems(schema, name, folder)
    if unusable:
        return None, [BROKEN_SCHEMA.finding(document.path, document.locate(field, value=True), f"{_dotted(field)}: {message}")
                      for field, message in unusable]
    compiled = CompiledSchema(schema, name, folder, reached)
    compiled.quick  # noqa: B018  (compiled now: a cold check compiles every schema anyway)
    return compiled, []


def _metaschema_problem(document: Document) -> Violation | None:
    """The first way the schema breaks the draft-07 metaschema, as a BROKEN_SCHEMA finding; None if it does not."""
    import jsonschema

    try:
        jsonschema.Draft7Validator.check_schema(document.data)
    except jsonschema.SchemaError as exc:
        field = tuple(exc.absolute_path)
        return BROKEN_SCHEMA.finding(document.path, document.locate(field, value=True), f"{_dotted(field)}: {exc.message}")
    except RecursionError:
        return BROKEN_SCHEMA.finding(document.path, (1, 1), "the schema nests too deeply to be checked")
    return None


def known_good(document: Document, folder: SchemaFolder) -> CompiledSchema:
    """A schema whose check found no problem while its folder was as it is now: compiled only when used."""
    return CompiledSchema(document.data, document.path.rsplit("/", 1)[-1], folder)


_FORMATS: Mapping[str, str | Callable[[Any], bool]] = {"uri": URI.pattern, "date": _is_date, "regex": _is_regex}


def _quick(schema: Any, folder: SchemaFolder) -> Callable[[Any], Any] | None:
    """The schema's quick validator, raising quick.Invalid for a document it refuses: the one this release ships
    for a schema whose content is released, else compiled now; None when fastjsonschema cannot compile it (the
    detailed validator then decides alone)."""
    return _shipped(schema) or _compile_quick(schema, folder)


def _shipped(schema: Any) -> Callable[[Any], Any] | None:
    """The quick validator generated ahead for a schema as this release ships it (released_validators.py).
    Compiling one took 2 to 12 ms a schema: about 60 ms of every cold check, and a tenth of a re-check after
    one edited manifest. A shipped schema reaches no other document, so its code depends on its content alone."""
    try:
        digest = content_digest(schema)
    except (TypeError, ValueError, RecursionError):
        return None
    if digest not in RELEASED:
        return None
    from . import released_validators

    function = released_validators.VALIDATORS.get(digest)
    return None if function is None else functools.partial(function, custom_formats=_FORMATS)


def _compile_quick(schema: Any, folder: SchemaFolder) -> Callable[[Any], Any] | None:
    import fastjsonschema

    try:
        definition = copy.deepcopy(schema)  # fastjsonschema rewrites every $ref it resolves, in place
        if _draft_07(definition):
            generator, resolver = _generated(definition, folder)
            # the bare code raises the one, and names the other only where it catches both
            state = {**generator.global_state, "JsonSchemaValueException": Invalid, "JsonSchemaValuesException": Invalid}
            exec(generator.func_code, state)  # as fastjsonschema.compile runs the code it generates
            _linear_patterns(state["REGEX_PATTERNS"])
            return functools.partial(state[resolver.get_scope_name()], custom_formats=_FORMATS)
        compiled = fastjsonschema.compile(definition, handlers=Handlers(folder), formats=_FORMATS)
        _linear_patterns(compiled.__globals__.get("REGEX_PATTERNS", {}))
    except (fastjsonschema.JsonSchemaDefinitionException, re.error, ValueError, TypeError, RecursionError):
        return None  # a pattern RE2 runs but Python's engine cannot compile, or a construct it does not support

    def quick(data: Any) -> Any:
        try:
            return compiled(data)
        except fastjsonschema.JsonSchemaValueException:
            raise Invalid from None
    return quick


# jsonschema-rs validates a manifest in 3 µs where fastjsonschema's code takes 20 µs, but importing it takes 17 ms:
# it validates when a check validates this many documents of a schema, or a document of this many characters (a
# model file: the secrets inventory of 20,000 services in 4 ms against 63 ms). A model file that large lists some
# 1,500 services or more, whose manifests jsonschema-rs validates too: the import is paid once.
BULK_DOCUMENTS = 1000
BULK_TEXT = 256 * 1024


def _bulk(schema: Any, reached: Iterable[str]) -> Callable[[Any], bool] | None:
    """jsonschema-rs's verdict on a plain document (Document.plain), for a schema on which it provably agrees with
    the detailed validator; None for any other.

    It reads a plain document's values as JSON's, exactly: yaml-rs gave them,
    and they hold no float, no integer past 64 bits, no surrogate, no
    non-text key (where a float or a tuple would read otherwise). The schema
    reaches no other document (nothing is fetched: offline), is draft-07, asks
    only for the formats whose checks are given here (the detailed validator's
    own), and each of its patterns means the same on jsonschema-rs's linear
    engine as on RE2 (`_engine_neutral`).
    """
    if reached or not _draft_07(schema) or not _neutral(schema):
        return None
    import jsonschema_rs

    try:
        validator = jsonschema_rs.Draft7Validator(
            _uris_as_patterns(schema), formats={"uri": _is_uri, "date": _is_date, "regex": _is_regex},
            validate_formats=True, pattern_options=jsonschema_rs.RegexOptions(), offline=True)
    except (ValueError, TypeError, OverflowError, RecursionError):  # a schema it refuses: the other validators decide
        return None
    return validator.is_valid


# `URI` as jsonschema-rs reads it, for the texts of a plain document: Python's `\s` written out, and its `$`, which
# also matches before a final line break. A check as a function costs jsonschema-rs 0.5 µs a value, and a
# manifest holds some six URIs.
URI_PATTERN = rf"^[A-Za-z][A-Za-z0-9+.-]*://[^{PYTHON_SPACES}/?#]+(?:[/?#][^{PYTHON_SPACES}]*)?\n?$"
# draft-07's keywords holding one schema, a list of schemas, a mapping of them
_SUBSCHEMA = frozenset({"additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else",
                        "not", "items"})
_SUBSCHEMAS = frozenset({"allOf", "anyOf", "oneOf", "items"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions", "dependencies"})


def _uris_as_patterns(schema: Any) -> Any:
    """The schema with each `"format": "uri"` a `pattern` (URI_PATTERN), where draft-07 reads schemas only: a
    value under `enum`, `const` or `default` stays as written. One that a `$ref` reaches elsewhere (under `$defs`,
    which draft-07 does not know) stays a format, checked by `_is_uri`."""
    if not isinstance(schema, dict):
        return schema
    rewritten: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            value = {name: _uris_as_patterns(sub) for name, sub in value.items()}
        elif key in _SUBSCHEMAS and isinstance(value, list):
            value = [_uris_as_patterns(sub) for sub in value]
        elif key in _SUBSCHEMA:
            value = _uris_as_patterns(value)
        rewritten[key] = value
    if rewritten.get("format") == "uri" and isinstance(rewritten.get("allOf", []), list):
        del rewritten["format"]
        rewritten["allOf"] = [*rewritten.get("allOf", []), {"pattern": URI_PATTERN}]
    return rewritten


def _neutral(schema: Any) -> bool:
    """Whether every pattern of the schema is engine-neutral and it asks for no format but those `_bulk` checks.
    Whatever could be a pattern or a format is looked at, keyword or not (a mapping there is the schema of a
    field so named): a false alarm only leaves the schema to fastjsonschema."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str) and not _engine_neutral(value):
                    return False
                if key == "format" and not isinstance(value, dict) and value not in ("uri", "date", "regex"):
                    return False
                if key == "patternProperties" and isinstance(value, dict) and not all(map(_engine_neutral, value)):
                    return False
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return True


# What a pattern is written with, where RE2 and jsonschema-rs's engine (which reads patterns as ECMAScript does)
# match the same texts: literal characters; escaped punctuation; \d, \D, \w and \W (ASCII on both); classes
# of those, without Rust's class operators (&&, --, ~~) or nested classes; groups without flags; `.` (it differs
# at CR, U+2028 and U+2029, which a plain document's texts never hold); repetitions in braces only after
# something they can repeat. Not `\s`, `\S` or `\b`: Unicode on one, ASCII on the other. Every alternative
# starts with its own characters: the match is linear in the pattern's length.
_ESCAPE = r"\\[dDwW.^$|?*+()\[\]{}\\/-]"
_IN_CLASS = rf"(?:[^\\\[\]&~-]|{_ESCAPE}|-(?!-))"
_REPEATABLE = rf"(?:[^\\\[\](){{}}|^$*+?]|{_ESCAPE}|\[\^?{_IN_CLASS}+\]|\))"
_ENGINE_NEUTRAL = rf"(?:{_REPEATABLE}(?:\{{[0-9]+(?:,[0-9]*)?\}})?|[|^$*+?]|\((?:\?:|(?!\?)))*"


def _engine_neutral(pattern: str) -> bool:
    return _neutral_pattern().fullmatch(pattern) is not None


@functools.cache
def _neutral_pattern() -> re.Pattern[str]:
    """Compiled when a large check first asks (a re-check after one edit never does)."""
    return re.compile(_ENGINE_NEUTRAL)


def _draft_07(definition: Any) -> bool:
    return isinstance(definition, dict) and "draft-07" in str(definition.get("$schema", ""))


def _generated(definition: dict, folder: SchemaFolder) -> tuple[Any, Any]:
    """fastjsonschema's code generator for a draft-07 schema (the class fastjsonschema.compile picks for one), run
    on it, raising a bare exception for every failure; and its reference resolver, which names the function
    validating the schema and holds every document the code was generated from.

    The quick path's exception only tells that the document is invalid: the
    detailed validator then finds and words the findings. By default the
    generated code writes the whole subschema into each of its raise
    statements, some 80 KB of code for the service schema, and compiling it
    was most of what validating one edited manifest costs a re-check; the
    library's own detailed_exceptions=False fails on a schema with `const`
    (its message names a value it does not pass)."""
    from fastjsonschema.ref_resolver import RefResolver

    resolver = RefResolver.from_schema(definition, handlers=Handlers(folder), store={})
    generator = _bare_generator()(definition, resolver=resolver, formats=_FORMATS)
    generator.func_code  # noqa: B018  (generated here: it resolves every reference, filling the resolver's store)
    return generator, resolver


def released_validators_source() -> str:
    """The text of released_validators.py: the quick validator of every schema the sources are validated against,
    as the seed holds it, generated as `_compile_quick` generates it (`make released-validators` writes it)."""
    from ..model import federation_schema_names, schema_names
    from ..resources import seed_schema

    patterns: dict[str, str] = {}
    blocks: list[str] = []
    names: list[str] = []
    for name in sorted(set(schema_names()) | set(federation_schema_names())):
        schema = seed_schema(name)
        generator, resolver = _generated(copy.deepcopy(schema), SchemaFolder())
        if not _draft_07(schema) or set(resolver.store) != {resolver.resolution_scope}:
            raise ValueError(f"{name}: only a draft-07 schema that reaches no other document is shipped compiled")
        for key, compiled in generator.global_state["REGEX_PATTERNS"].items():
            patterns[key] = f"re.compile({compiled.pattern!r})" if _format_pattern(key) else f"SearchOnly({key!r})"
        blocks.append(generator.func_code.removeprefix("NoneType = type(None)\n").strip("\n"))
        names.append(f"    {content_digest(schema)!r}: {resolver.get_scope_name()},  # {name}")
    code = "\n\n\n".join(blocks)
    # what else the code reads, test_every_name_the_shipped_code_reads_is_defined would find
    imports = [*(["import re"] if any(map(_format_pattern, patterns)) else []),
               *(["from decimal import Decimal"] if "Decimal" in code else [])]
    return "\n".join([
        '"""The quick validators of the schemas this release ships, as rules/schema.py generates them: written ahead,',
        "so that no check compiles them (rules/schema.py, `_shipped`). Written by `make released-validators`;",
        'tests/test_rules_schema.py fails when this is not what the seed\'s schemas generate. Do not edit."""',
        "# ruff: noqa",
        "# mypy: ignore-errors",
        *imports, "",
        "from .quick import Invalid as JsonSchemaValueException",
        "from .quick import Invalid as JsonSchemaValuesException",
        "from .quick import SearchOnly", "",
        "NoneType = type(None)", "",
        "REGEX_PATTERNS = {", *(f"    {key!r}: {value}," for key, value in patterns.items()), "}", "", "",
        code, "", "",
        "VALIDATORS = {", *names, "}", ""])


@functools.cache
def _bare_generator() -> type:
    """fastjsonschema's draft-07 code generator, raising bare exceptions."""
    from fastjsonschema.draft07 import CodeGeneratorDraft07

    class BareDraft07(CodeGeneratorDraft07):
        def exc(self, msg: str, *args: Any, append_to_msg: str | None = None, rule: str | None = None) -> None:
            self.l('raise JsonSchemaValueException("invalid")')

    return BareDraft07


def _linear_patterns(compiled: dict[str, Any]) -> None:
    """Swap the patterns fastjsonschema compiled with Python's engine (its REGEX_PATTERNS) for linear ones.

    Its generated code looks each pattern up by its text at call time and only
    calls `.search` on it; format patterns (`uri_re_pattern`, ours, linear) keep
    their compiled form.
    """
    for key in list(compiled):
        if not _format_pattern(key):
            compiled[key] = SearchOnly(key)


def _format_pattern(key: str) -> bool:
    """Whether a key of REGEX_PATTERNS is a format's pattern (ours, linear) rather than a schema's."""
    return key.endswith("_re_pattern")


def validate(document: Document, schema: CompiledSchema, entity: str | None = None) -> list[Violation]:
    if schema.accepts(document):
        return []
    try:
        errors = sorted(schema.detailed.iter_errors(document.data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:
        return [OTHER.finding(document.path, (1, 1), "the document nests too deeply to be validated", entity=entity)]
    return _listed(document, errors, entity)


def _listed(document: Document, errors: Iterable[jsonschema.ValidationError], entity: str | None) -> list[Violation]:
    """The findings of the errors, at most MAX_LISTED per rule; the others of a rule summarised in one finding
    at the first of them (only that one is located and worded)."""
    found: list[Violation] = []
    listed: dict[str, int] = {}
    omitted: dict[str, tuple[Rule, Violation, int]] = {}  # rule id → (rule, its first finding not listed, how many)
    for err in errors:
        rule, pending = _to_violations(document, err, entity)
        room = max(0, MAX_LISTED - listed.get(rule.id, 0))
        found += [make() for make in pending[:room]]
        listed[rule.id] = listed.get(rule.id, 0) + min(room, len(pending))
        if len(pending) > room:
            first, count = omitted[rule.id][1:] if rule.id in omitted else (pending[room](), 0)
            omitted[rule.id] = (rule, first, count + len(pending) - room)
    found = list(dict.fromkeys(found))
    for rule, first, count in omitted.values():
        found.append(rule.finding(
            first.path, (first.line, first.col),
            f"{count:,} more finding{'s' if count != 1 else ''} of this rule in this file "
            f"{'are' if count != 1 else 'is'} not listed (at most {MAX_LISTED} are); the first: {first.message}", entity=entity, field=first.field))
    return found


Pending = Callable[[], Violation]  # a finding, located and worded only when it is listed


def _to_violations(document: Document, err: jsonschema.ValidationError, entity: str | None) -> tuple[Rule, list[Pending]]:
    """The rule of a validation error, and its findings (one per missing or unknown field)."""
    # jsonschema types these as possibly unset; a reported error always has them
    validator: Any = err.validator
    expected: Any = err.validator_value
    schema: Any = err.schema
    path = tuple(err.absolute_path)
    rule = KEYWORD_RULES.get(validator, OTHER)
    where = _dotted(path)
    if validator == "required":
        # jsonschema raises one error per missing name without saying which; report each missing
        # name (_listed drops the repeats) instead of the first one several times
        missing = [name for name in expected if isinstance(err.instance, dict) and name not in err.instance]
        return rule, [functools.partial(_missing, rule, document, path, name, entity) for name in missing]
    if len(err.schema_path) >= 2 and err.schema_path[-2] == "propertyNames" and isinstance(err.instance, str):
        # a key breaks `propertyNames`: jsonschema reports it at the mapping; point at the key itself
        key = err.instance
        demand = f"does not match {expected}" if validator == "pattern" else _describe(err)
        names = KEYWORD_RULES["propertyNames"]
        return names, [lambda: names.finding(
            document.path, document.locate((*path, key)), f"{_dotted((*path, key))}: key {_show(key)} {demand}",
            entity=entity, field=_dotted((*path, key)))]
    if validator == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        instance: Any = err.instance
        extras = _extras(instance, schema)
        return rule, [functools.partial(_unknown, rule, document, path, key, allowed, entity) for key in extras]
    return rule, [lambda: rule.finding(document.path, document.locate(path, value=True), f"{where}: {_describe(err)}",
                                       entity=entity, field=where)]


def _missing(rule: Rule, document: Document, path: tuple, name: str, entity: str | None) -> Violation:
    return rule.finding(document.path, document.locate(path), f"{_dotted((*path, name))}: required field is missing",
                        entity=entity, field=_dotted((*path, name)))


def _unknown(rule: Rule, document: Document, path: tuple, key: str, allowed: set[str], entity: str | None) -> Violation:
    return rule.finding(document.path, document.locate((*path, key)),
                        f"{_dotted((*path, key))}: unknown field" + _suggestion(key, allowed),
                        entity=entity, field=_dotted((*path, key)))


def _suggestion(key: str, allowed: set[str]) -> str:
    if len(key) > 64:  # difflib's ratio is quadratic in the key's length; no field name is that long
        return ""
    import difflib  # with the first unknown field: a clean check does without it

    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(err: jsonschema.ValidationError) -> str:
    value: Any = err.instance
    expected: Any = err.validator_value
    shown = _show(value)
    if err.validator == "type":
        return f"expected {_type_names(expected)}, found {_kind(value)}"
    if err.validator == "enum":
        return f"{shown} is not one of: {', '.join(str(choice) for choice in expected)}"
    if err.validator == "const":
        return f"{shown} must be {expected!r}"
    if err.validator == "pattern":
        return f"{shown} does not match {expected}"
    if err.validator == "format":
        return f"{shown} is not a valid {expected}"
    if err.validator == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if err.validator == "maxItems":
        return f"allows at most {expected} item{'s' if expected != 1 else ''}"
    if err.validator == "uniqueItems":
        return "repeats an entry"
    if err.validator == "minLength":
        return "must not be empty" if expected == 1 else f"needs at least {expected} characters"
    if err.validator == "minProperties":
        return f"needs at least {expected} entr{'ies' if expected != 1 else 'y'}"
    if err.validator in ("minimum", "maximum"):
        return f"{shown} is {'below the minimum' if err.validator == 'minimum' else 'above the maximum'} {expected}"
    if err.validator == "propertyNames":
        return f"key {shown} does not match {expected.get('pattern', 'the allowed names')}" if isinstance(expected, dict) else "invalid key"
    return "does not satisfy the schema" + (f" ({err.validator})" if err.validator else "")


def _show(value: Any) -> str:
    if isinstance(value, str):
        if looks_like_credential(value):
            return "a value that looks like a credential (not shown)"
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    if isinstance(value, (dict, list)):
        return _kind(value)
    return repr(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _type_names(expected: Any) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
             "integer": "a whole number", "number": "a number", "null": "null"}
    if isinstance(expected, list):
        return " or ".join(names.get(t, str(t)) for t in expected)
    return names.get(expected, str(expected))


def check(source: SourceFile) -> Iterable[Violation]:
    document = source.loaded.document
    if document is not None and source.schema is not None:
        yield from validate(document, source.schema, source.entity)


# Schema files themselves are compiled while the engine loads them (compile_schema),
# before any source can be validated; their findings are BROKEN_SCHEMA's.
CHECK = Check("schema", Stage.FILE, (*KEYWORD_RULES.values(), OTHER, BROKEN_SCHEMA), check, reads=(Input.SCHEMAS,))
