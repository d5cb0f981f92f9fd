"""jsonschema-rs as the quick validator of a large check's plain documents (rules/schema.py, `_bulk`).

It may decide only where it provably agrees with the detailed validator: on
values as JSON has them (Document.plain), for schemas whose patterns mean the
same on both regular-expression engines and whose formats are checked by the
detailed validator's own functions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema_rs
import pytest
import re2
from engine_support import REPO, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from getchitty import fast_yaml
from getchitty import load as loader
from getchitty.resources import seed_schema
from getchitty.rules import schema as schema_rule
from getchitty.rules.schema_refs import SchemaFolder

# every pattern the seed's schemas hold is neutral but one (the sources schema's `\S`)
NEUTRAL = ["^[a-z][a-z0-9]*$", "^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$",
           "^ *(?:[Tt]ier[ _-]?)?[0-5](?:[^0-9].*)?$", "^(federation|codeowners)/[a-z0-9-]+$", "^.+:[0-9]+:[0-9]+$",
           "^@[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", r"^\d{4}-\d\d$", r"\w+\.\W", "a{2,}b{3}c{1,2}", "a*?b+?c??", "()",
           r"[\]\\\-^]", "[a^$]", "café", "#~&"]
REFUSED = [r"^\S+$", r"\s", r"\bword", r"\pL", r"\<", "a{,3}", "{2}", "a*{2}", "(?i)a", "(?P<x>a)", "(?=a)", "[a--b]",
           "[a&&b]", "[a~~b]", "[[:alpha:]]", "[]a]", "a]", "a}", r"\Qa\E", r"\x41", r"\n"]


@pytest.mark.parametrize("pattern", NEUTRAL)
def test_a_neutral_pattern_is_taken(pattern):
    assert schema_rule._engine_neutral(pattern)


@pytest.mark.parametrize("pattern", REFUSED)
def test_a_pattern_the_engines_may_read_apart_is_refused(pattern):
    assert not schema_rule._engine_neutral(pattern)


def _rust(pattern: str):
    return jsonschema_rs.Draft7Validator({"pattern": pattern}, pattern_options=jsonschema_rs.RegexOptions()).is_valid


def _re2(pattern: str):
    compiled = re2._re2.RE2(pattern.encode(), re2.Options())
    assert compiled.ok(), (pattern, compiled.error())  # RE2 reports a pattern it refuses here, not by raising
    return lambda text: compiled.Match(re2._Anchor.UNANCHORED, data := text.encode(), 0, len(data))[0][0] != -1


def _code_points():
    """Every code point but the surrogates, one at a time (not a module-level list: a million texts in every test
    process for the rest of the run)."""
    return (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@pytest.mark.parametrize("pattern", [f"^{form.format(escape)}$" for escape in (r"\d", r"\D", r"\w", r"\W")
                                     for form in ("{}", "[{}]", "[^{}]", "[a{}-]")])
def test_each_class_escape_taken_matches_the_same_characters_on_both_engines(pattern):
    """Over every code point, alone and in classes. (`\\s` and `\\S` differ at 20, `\\b` at some 140,000: they are
    refused.)"""
    assert schema_rule._engine_neutral(pattern)
    rust, linear = _rust(pattern), _re2(pattern)
    assert [hex(ord(c)) for c in _code_points() if rust(c) != linear(c)] == []


def test_a_dot_differs_only_where_a_plain_text_never_holds_a_character():
    rust, linear = _rust("^.$"), _re2("^.$")
    apart = [c for c in _code_points() if rust(c) != linear(c)]
    assert apart == ["\r", "\u2028", "\u2029"]
    for character in apart:
        for text in (f"a: x{character}y\n", f"a: 'x{character}y'\n", f'a: "x{character}y"\n'):
            assert fast_yaml.values(text, 100) is fast_yaml.UNSURE, text
    for escape in (r"\r", r"\L", r"\P", r"\u2028", r"\x0d"):
        assert fast_yaml.values(f'a: "x{escape}y"\n', 100) is fast_yaml.UNSURE, escape


def test_every_escape_and_construct_taken_compiles_on_both_engines():
    """A construct one engine refuses would leave the schema to the other validators: none is taken in vain."""
    for pattern in [*NEUTRAL, *(f"a\\{c}" for c in ".^$|?*+()[]{}\\/-"), *(f"[\\{c}]" for c in ".^$|?*+()[]{}\\/-")]:
        assert schema_rule._engine_neutral(pattern), pattern
        _rust(pattern)
        _re2(pattern)


# -- the verdict: the detailed validator's ------------------------------------------------------------------------

RICH = {
    "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "minLength": 2, "maxLength": 6},
        "tier": {"type": "integer", "minimum": 0, "maximum": 5, "multipleOf": 1},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 3},
        "url": {"type": "string", "format": "uri"},
        "since": {"type": "string", "format": "date"},
        "naming": {"type": "string", "format": "regex"},
        "kind": {"enum": ["a", 1, None, True]},
        "fixed": {"const": {"x": [1, "y"]}},
        "free": {"not": {"type": ["string", "number"]}},
        "either": {"oneOf": [{"type": "integer"}, {"type": "boolean"}, {"type": "null"}]},
        "line": {"type": "string", "pattern": "^.+:[0-9]+$"},
        "links": {"type": "array", "items": {"$ref": "#/definitions/link"}},
        "home": {"$ref": "#/definitions/link", "maxLength": 3},  # draft-07: beside $ref, a keyword is not read
    },
    "definitions": {"link": {"type": "string", "format": "uri", "enum": [{"format": "uri"}, "https://a.b", "x y", "a:"]}},
    "patternProperties": {"^x-[a-z]+$": {"type": ["string", "null"]}},
    "additionalProperties": False,
    "propertyNames": {"pattern": "^[a-z][a-z-]*$"},
    "if": {"properties": {"tier": {"const": 0}}, "required": ["tier"]},
    "then": {"required": ["url"]},
    "else": {"not": {"required": ["since"], "properties": {"since": {"pattern": "^2"}}}},
    "dependencies": {"tags": ["name"]},
}
TEXTS = st.one_of(
    st.sampled_from(["a", "ab", "a-1", "abcdefg", "x", "", "https://a.b", "https://a.b/c", "http://a b", "2024-02-29", "2023-02-29",
                     "2024-1-01", "٢٠٢٤-٠١-٠١", "a{", "^[A-Z]+$", "(?=a)", "f:1", ":1", "f:1\n", "é:9", "1", "true"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\u2028\u2029"), max_size=8))
PLAIN = st.recursive(st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXTS,
                     lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXTS, children, max_size=3),
                     max_leaves=6)
KEYS = st.sampled_from([*RICH["properties"], "x-a", "x-", "other", "X"])
PYTHON_SPACE = [c for c in map(chr, range(0x3001)) if re.match(r"\s", c)]  # the last is U+3000
URI_CHARACTERS = st.sampled_from(["a", "Z", "0", ".", "-", "é", "/", "?", "#", ":", "%", *PYTHON_SPACE])
URIS = st.tuples(st.sampled_from(["https", "h", "x+y.z-", "1a", ""]), st.sampled_from(["://", ":/", "//"]),
                 st.text(URI_CHARACTERS, max_size=4), st.text(URI_CHARACTERS, max_size=4),
                 st.sampled_from(["", "\n", "\n\n", " ", "\n "])).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, PLAIN, max_size=6))
def test_on_plain_values_jsonschema_rs_says_what_the_detailed_validator_says(data):
    """Negation (`not`, `if`, `oneOf`) too: a verdict merely stricter than the detailed one would pass a document
    the detailed validator refuses wherever the schema negates it."""
    bulk = schema_rule._bulk(RICH, [])
    assert bulk is not None
    valid = not list(schema_rule.validator(RICH).iter_errors(data))
    assert bulk(data) is valid, data


@pytest.mark.parametrize("change, taken", [
    (lambda s: s, True),
    (lambda s: s["properties"]["name"].update(pattern=r"^\S+$"), False),
    (lambda s: s["properties"]["url"].update(format="email"), False),
    (lambda s: s.update({"$schema": "http://json-schema.org/draft-04/schema#"}), False),
    (lambda s: s["properties"].update(pattern={"type": "string"}, format={"type": "string"}), True),
    (lambda s: s["properties"]["tier"].update(minimum="zero"), False),
])
def test_only_a_schema_it_agrees_on_is_given_to_jsonschema_rs(change, taken):
    schema = json.loads(json.dumps(RICH))
    change(schema)
    assert (schema_rule._bulk(schema, []) is not None) is taken
    assert schema_rule._bulk(RICH, ["https://get.chitty.cc/schemas/other.schema.json"]) is None


def test_it_decides_only_for_plain_documents_and_only_when_prepared_for_many(tmp_path):
    schema = seed_schema("getchitty-scopes")
    write(tmp_path, "s.schema.json", json.dumps(schema), dedent=False)
    compiled, problems = schema_rule.compile_schema(loader.load(tmp_path, "s.schema.json").document, SchemaFolder())
    assert problems == [] and compiled is not None
    plain = loader.parse(tmp_path, "a.yml", "scopes:\n  chittyid:\n  - identity:mint\n").document
    pyyaml = loader.parse(tmp_path, "b.yml", "scopes:\n  chittyid: !!seq\n  - identity:mint\n").document
    json_document = loader.parse(tmp_path, "c.json", '{"scopes": {"chittyid": ["identity:mint"]}}').document
    assert (plain.plain, pyyaml.plain, json_document.plain) == (True, False, False)

    compiled.prepare(schema_rule.BULK_DOCUMENTS - 1)
    assert not compiled._bulk_built
    compiled.prepare(schema_rule.BULK_DOCUMENTS)
    asked: list = []
    rust = compiled.bulk
    assert rust is not None
    compiled._bulk = lambda data: asked.append(data) or rust(data)
    assert compiled.accepts(plain) and compiled.accepts(pyyaml) and compiled.accepts(json_document)
    assert asked == [plain.data]
    assert not compiled.accepts(loader.parse(tmp_path, "d.yml", "scopes:\n  chittyid: identity:mint\n").document)


def test_a_large_plain_document_is_validated_by_jsonschema_rs_without_preparing(tmp_path):
    schema = seed_schema("getchitty-scopes")
    compiled = schema_rule.CompiledSchema(schema, "getchitty-scopes.schema.json", SchemaFolder())
    small = loader.parse(tmp_path, "a.yml", "scopes:\n  chittyid:\n  - identity:mint\n").document
    assert compiled.accepts(small) and not compiled._bulk_built
    entries = schema_rule.BULK_TEXT // len("  service0000000:\n  - identity:mint\n") + 1
    large = loader.parse(tmp_path, "b.yml", "scopes:\n" + "".join(f"  service{n:07}:\n  - identity:mint\n"
                                                                  for n in range(entries))).document
    assert large.plain and compiled.accepts(large) and compiled._bulk is not None


def test_a_check_of_few_documents_never_imports_jsonschema_rs(tmp_path):
    """Importing it costs 17 ms: this repository's cold check validates too few documents to gain it back."""
    code = ("import sys; from getchitty.engine import check; check(sys.argv[1], use_cache=False); "
            "print('jsonschema_rs' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


@settings(max_examples=3000, deadline=None)
@given(URIS)
@example("https://a.b\n")
@example("https://a.b\n\n")
@example("https://a.b/\t")
@example("https://a\x1cb")
def test_the_uri_pattern_given_to_jsonschema_rs_is_the_uri_check(text):
    """Every character Python's `\\s` takes, line breaks at the end and inside, schemes, hosts and paths."""
    assert _rust(schema_rule.URI_PATTERN)(text) is (schema_rule.URI.match(text) is not None), text


def test_a_uri_format_a_reference_reaches_elsewhere_is_checked_as_the_detailed_validator_checks_it():
    """Under `$defs` (not a draft-07 keyword, so not rewritten), the format keeps the detailed validator's own
    check: jsonschema-rs's RFC 3986 one refuses `http://[::1`, which under `not` would pass what it refuses."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "$defs": {"u": {"type": "string", "format": "uri"}},
              "properties": {"x": {"not": {"$ref": "#/$defs/u"}}}}
    bulk, detailed = schema_rule._bulk(schema, []), schema_rule.validator(schema)
    assert bulk is not None
    for value in ("http://[::1", "https://a", "nope", "http://a b"):
        assert bulk({"x": value}) is (not list(detailed.iter_errors({"x": value}))), value


def test_a_uri_format_becomes_the_pattern_only_where_schemas_are_read():
    uri = {"format": "uri"}
    schema = {"properties": {"a": uri, "format": {"type": "string"}}, "items": [uri], "not": uri, "enum": [uri],
              "const": uri, "default": uri, "definitions": {"d": {"allOf": [{"type": "string"}], **uri}},
              "dependencies": {"a": ["b"], "c": uri}, "format": "uri", "allOf": "broken"}
    rewritten = schema_rule._uris_as_patterns(schema)
    as_pattern = {"allOf": [{"pattern": schema_rule.URI_PATTERN}]}
    assert rewritten == {
        "properties": {"a": as_pattern, "format": {"type": "string"}}, "items": [as_pattern], "not": as_pattern,
        "enum": [uri], "const": uri, "default": uri,
        "definitions": {"d": {"allOf": [{"type": "string"}, {"pattern": schema_rule.URI_PATTERN}]}},
        "dependencies": {"a": ["b"], "c": as_pattern}, "format": "uri", "allOf": "broken"}
