"""Stage 1: getchitty.load reads YAML and JSON into plain data and keeps positions.

Every problem must come back as a finding with an exact position, never as an
exception.
"""

from __future__ import annotations

import json
import os

import pytest
from engine_support import TRUST_MANIFEST, load_findings, located, refuse_reading, run_check, write

from getchitty import load as loader
from getchitty.load import Document, Failure, Reader, decode, iter_files, list_sources, load, parse


def only(result) -> tuple[str, int, int, str]:
    assert result.document is None
    found = load_findings(result)
    assert len(found) == 1, found
    v = found[0]
    return v.rule, v.line, v.col, v.message


# --- plain data ---------------------------------------------------------------


def test_yaml_loads_to_plain_data(tmp_path):
    write(tmp_path, "a.yml", """\
        name: chittyid
        owners: ["@org/team", security]
        nested: {x: 1, y: [true, null]}
        """)
    result = load(tmp_path, "a.yml")
    assert result.errors == []
    assert result.document.data == {"name": "chittyid", "owners": ["@org/team", "security"],
                                    "nested": {"x": 1, "y": [True, None]}}
    assert result.document.path == "a.yml"
    assert result.text.startswith("name: chittyid\n")


def test_keys_keep_their_text_and_dates_stay_strings(tmp_path):
    """`on:` must not turn into True, `1:` not into 1, and a date must stay text for JSON Schema."""
    write(tmp_path, "a.yml", """\
        on: push
        1: one
        expires: 2025-01-31
        stamp: 2025-01-31T10:00:00Z
        """)
    data = load(tmp_path, "a.yml").document.data
    assert data == {"on": "push", "1": "one", "expires": "2025-01-31", "stamp": "2025-01-31T10:00:00Z"}
    assert all(isinstance(key, str) for key in data)


def test_json_loads_to_plain_data(tmp_path):
    write(tmp_path, "a.json", '{"rules": [{"if": {"always": true}}]}\n')
    result = load(tmp_path, "a.json")
    assert result.errors == []
    assert result.document.data == {"rules": [{"if": {"always": True}}]}


def test_expect_list(tmp_path):
    write(tmp_path, "a.yml", "- 1\n- 2\n")
    assert load(tmp_path, "a.yml", expect=list).document.data == [1, 2]


# --- positions ----------------------------------------------------------------

POSITIONED = """\
# a comment line
service_name: chittyid
routes:
  api: https://id.chitty.cc/api
  health:   https://id.chitty.cc/health
owners:
  - "@org/one"
  - security
"""


@pytest.mark.parametrize("field_path, value, expected", [
    (("service_name",), False, (2, 1)),
    (("service_name",), True, (2, 15)),
    (("routes", "api"), False, (4, 3)),
    (("routes", "api"), True, (4, 8)),
    (("routes", "health"), True, (5, 13)),
    (("owners", 0), True, (7, 5)),
    (("owners", 1), True, (8, 5)),
    (("owners", 1), False, (8, 5)),
    # a missing path points at its deepest existing ancestor's key
    (("routes", "docs"), False, (3, 1)),
    (("routes", "docs", "deeper"), False, (3, 1)),
    (("owners", 7), False, (6, 1)),
    # a missing top-level key points at the document itself
    (("charter_url",), False, (2, 1)),
    ((), True, (2, 1)),
])
def test_locate(tmp_path, field_path, value, expected):
    write(tmp_path, "a.yml", POSITIONED)
    document = load(tmp_path, "a.yml").document
    assert document.locate(field_path, value=value) == expected


def test_locate_in_json(tmp_path):
    write(tmp_path, "a.json", '{\n  "rules": [\n    {"if": {"status": "Live"}}\n  ]\n}\n')
    document = load(tmp_path, "a.json").document
    assert document.locate(("rules", 0), value=True) == (3, 5)
    assert document.locate(("rules", 0, "if", "status"), value=True) == (3, 23)


def test_locate_reads_the_file_lazily(tmp_path):
    """A document rebuilt from the cache has no text; positions still resolve from disk."""
    write(tmp_path, "a.yml", POSITIONED)
    document = Document(tmp_path, "a.yml", {"service_name": "chittyid"})
    assert document.text is None
    assert document.locate(("routes", "api"), value=True) == (4, 8)


def test_what_was_located_in_the_same_bytes_is_answered_without_reading_the_file(tmp_path, monkeypatch):
    """The check's cache keeps what was located in a file with the file's digest: a document answered from the cache
    answers those again without reading the file, and keeps what it locates anew."""
    raw = write(tmp_path, "a.yml", POSITIONED).read_bytes()
    positions = {json.dumps([True, "routes", "api"]): [4, 8]}
    document = Document(tmp_path, "a.yml", {}, positions=positions, digest=loader.digest(raw))
    refuse_reading(monkeypatch, "a.yml")
    assert document.locate(("routes", "api"), value=True) == (4, 8) and document.text is None
    monkeypatch.undo()
    assert document.locate(("owners", 1), value=True) == (8, 5)
    assert document.locate(("owners", b"not text"), value=True) == (7, 3)  # located, not kept: JSON cannot hold it
    assert positions == {json.dumps([True, "routes", "api"]): [4, 8], json.dumps([True, "owners", 1]): [8, 5]}


def test_nothing_is_kept_of_a_file_that_changed_since_its_positions(tmp_path):
    """The file's bytes are no longer those the positions were located in (edited while the check ran): what is
    located now is right, and is not kept under the digest of the bytes before."""
    write(tmp_path, "a.yml", POSITIONED)
    positions: dict[str, list[int]] = {}
    document = Document(tmp_path, "a.yml", {}, positions=positions, digest=loader.digest(b"service_name: before\n"))
    assert document.locate(("routes", "api"), value=True) == (4, 8)
    assert positions == {} and document.positions is None


def test_locate_without_a_parseable_file_is_line_one(tmp_path):
    document = Document(tmp_path, "gone.yml", {})
    assert document.locate(("anything",)) == (1, 1)


def test_locate_in_an_empty_file_is_line_one(tmp_path):
    write(tmp_path, "empty.yml", "")
    assert Document(tmp_path, "empty.yml", None).locate(("anything",)) == (1, 1)


def test_locate_through_aliases_and_deep_nesting(tmp_path):
    """Positions come from a reduced tree built with a stack: a shared (aliased) node is reduced once and keeps
    its own position wherever it is reached from, and nesting as deep as libyaml allows (1,000) locates, where a
    recursive walk would pass Python's recursion limit."""
    write(tmp_path, "a.yml", "base: &b\n  port: 1\nfirst: *b\nsecond: *b\n")
    document = Document(tmp_path, "a.yml", {})
    assert document.locate(("second", "port"), value=True) == (2, 9)
    assert document.locate(("second",)) == (4, 1)
    assert document.locate(("second", "missing")) == (4, 1)
    depth = 990
    write(tmp_path, "deep.yml", "a: " + "[" * depth + "x" + "]" * depth + "\n")
    deep = Document(tmp_path, "deep.yml", {})
    assert deep.locate(("a", *([0] * depth)), value=True) == (1, 4 + depth)
    assert deep.locate(("a", *([0] * depth), 0)) == (1, 4 + depth)


def test_has(tmp_path):
    write(tmp_path, "a.yml", POSITIONED)
    document = load(tmp_path, "a.yml").document
    assert document.has(("routes", "api"))
    assert document.has(("owners", 1))
    assert not document.has(("owners", 2))
    assert not document.has(("routes", "docs"))
    assert not document.has(("service_name", "x"))


# --- syntax findings ---------------------------------------------------------


def test_duplicate_yaml_key(tmp_path):
    write(tmp_path, "a.yml", "a: 1\nb: 2\na: 3\n")
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/duplicate-key", 3, 1, "duplicate key 'a' (first defined at line 1)")


def test_duplicate_nested_yaml_key(tmp_path):
    write(tmp_path, "a.yml", "outer:\n  x: 1\n  y: 2\n  x: 2\n")
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/duplicate-key", 4, 3, "duplicate key 'x' (first defined at line 2)")


def test_same_key_in_different_mappings_is_fine(tmp_path):
    write(tmp_path, "a.yml", "a: {x: 1}\nb: {x: 2}\n")
    assert load(tmp_path, "a.yml").document.data == {"a": {"x": 1}, "b": {"x": 2}}


def test_duplicate_json_key(tmp_path):
    write(tmp_path, "a.json", '{\n  "a": 1,\n  "a": 2\n}\n')
    assert only(load(tmp_path, "a.json")) == ("syntax/duplicate-key", 3, 3, "duplicate key 'a'")


def test_duplicate_json_key_points_at_the_object_that_repeats_it(tmp_path):
    """The same key legitimately appears in many JSON objects; only the repeat inside one object is reported."""
    write(tmp_path, "a.json", (
        '{\n'
        '  "rules": [\n'
        '    {"if": {"always": true}, "message": "a"},\n'
        '    {"if": {"always": true}, "message": "b", "message": "c"}\n'
        '  ]\n'
        '}\n'))
    assert only(load(tmp_path, "a.json")) == ("syntax/duplicate-key", 4, 46, "duplicate key 'message'")


def test_complex_key(tmp_path):
    write(tmp_path, "a.yml", "ok: 1\n? [a, b]\n: 2\n")
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/complex-key", 2, 3, "a mapping key must be a plain name, not a list or mapping")


def test_mapping_as_key(tmp_path):
    write(tmp_path, "a.yml", "{a: 1}: x\n")
    rule, line, col, _ = only(load(tmp_path, "a.yml"))
    assert (rule, line, col) == ("syntax/complex-key", 1, 1)


def test_bom(tmp_path):
    write(tmp_path, "a.yml", b"\xef\xbb\xbfname: x\n")
    assert only(load(tmp_path, "a.yml")) == ("syntax/bom", 1, 1, "file starts with a UTF-8 byte-order mark")


@pytest.mark.parametrize("raw, line, col", [
    (b"name: caf\xe9\n", 1, 10),
    (b"a: 1\nb: caf\xe9\n", 2, 7),
    # the column counts characters: the two-byte e-acute before the bad byte is one column
    ("a: 1\nb: \u00e9".encode() + b"\xe9\n", 2, 5),
])
def test_latin1(tmp_path, raw, line, col):
    write(tmp_path, "a.yml", raw)
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/encoding", line, col, "byte 0xe9 is not valid UTF-8 (the file may be Latin-1 or Windows-1252)")


def test_decode_accepts_utf8():
    assert decode("a.yml", "name: caf\u00e9\n".encode()) == ("name: caf\u00e9\n", [])


# comments a parser refuses too (a control character, a tab, NEL): whether a text is comments alone is asked
# only once it gave no values, and the answer is the same
@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "# one\n\n  # two\n---\n...\n",
                                  "# a bell \x07\n", "\t# tabbed\n", "# an inner \ufeff mark\n---\n"])
def test_empty(tmp_path, text):
    write(tmp_path, "a.yml", text, dedent=False)
    assert only(load(tmp_path, "a.yml")) == ("syntax/empty", 1, 1, "a.yml is empty")


def test_empty_json(tmp_path):
    write(tmp_path, "a.json", " \n")
    assert only(load(tmp_path, "a.json")) == ("syntax/empty", 1, 1, "a.json is empty")


@pytest.mark.parametrize("text, kind, position", [
    ("- a\n- b\n", "a list", (1, 1)),
    ("null\n", "empty (null)", (1, 1)),
    ("~\n", "empty (null)", (1, 1)),
    ("--- \n# c\n\n", None, None),  # comment-only: reported as empty, see test_empty
    ("just text\n", "a string", (1, 1)),
    ("# header\n42\n", "a number", (2, 1)),
    ("true\n", "a boolean", (1, 1)),
])
def test_top_level_type(tmp_path, text, kind, position):
    write(tmp_path, "a.yml", text, dedent=False)
    rule, line, col, message = only(load(tmp_path, "a.yml"))
    if kind is None:
        assert rule == "syntax/empty"
        return
    assert (rule, (line, col), message) == ("syntax/top-level-type", position, f"the top level is {kind}; expected a mapping")


def test_top_level_list_in_json(tmp_path):
    write(tmp_path, "a.json", "\n[1, 2]\n")
    assert only(load(tmp_path, "a.json")) == (
        "syntax/top-level-type", 2, 1, "the top level is a list; expected a mapping")


def test_alias_bomb(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    write(tmp_path, "a.yml", "\n".join(lines) + "\n")
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/alias-expansion", 2, 10, "aliases expand to more than 200,000 values")


def test_a_few_aliases_are_fine(tmp_path):
    write(tmp_path, "a.yml", "base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert load(tmp_path, "a.yml").document.data == {"base": {"x": 1}, "copy": {"x": 1}, "merged": {"x": 1, "y": 2}}


def test_recursive_alias(tmp_path):
    write(tmp_path, "a.yml", "name: x\nloop: &a [*a]\n")
    rule, line, col, message = only(load(tmp_path, "a.yml"))
    assert (rule, line, col) == ("syntax/invalid-yaml", 2, 7)
    assert message == "found unconstructable recursive node"  # no bogus tab advice


@pytest.mark.parametrize("text, position", [
    ("a:\n\tb: 1\n", (2, 1)),
    ("a:\n  b: 1\n\tc: 2\n", (3, 1)),
])
def test_tabs(tmp_path, text, position):
    write(tmp_path, "a.yml", text, dedent=False)
    rule, line, col, message = only(load(tmp_path, "a.yml"))
    assert (rule, (line, col)) == ("syntax/invalid-yaml", position)
    assert message.endswith("(indent with spaces, not tabs)")


def test_truncated_yaml_names_what_was_left_open(tmp_path):
    write(tmp_path, "a.yml", 'name: x\nowners: ["@org/team"\n', dedent=False)
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/invalid-yaml", 2, 21,
        "did not find expected ',' or ']' (while parsing a flow sequence started at line 2, column 9)")


def test_unterminated_string(tmp_path):
    write(tmp_path, "a.yml", 'name: "unterminated\n', dedent=False)
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/invalid-yaml", 1, 20,
        "found unexpected end of stream (while scanning a quoted scalar started at line 1, column 7)")


@pytest.mark.parametrize("depth, expected", [
    (300, ("syntax/invalid-yaml", 1, 1, "nesting is too deep (more than 100 levels)")),
    (5000, ("syntax/invalid-yaml", 1, 1003, "exceeded maximum nesting depth "
                                         "(while increasing flow level started at line 1, column 1003)")),
])
def test_deep_nesting(tmp_path, depth, expected):
    write(tmp_path, "a.yml", "a: " + "[" * depth + "]" * depth + "\n", dedent=False)
    assert only(load(tmp_path, "a.yml")) == expected


def test_moderate_nesting_is_fine(tmp_path):
    write(tmp_path, "a.yml", "a: " + "[" * 50 + "]" * 50 + "\n", dedent=False)
    assert load(tmp_path, "a.yml").errors == []


@pytest.mark.parametrize("text, expected", [
    ("a: 1\n---\nb: 2\n", (2, 1, "but found another document "
                                 "(expected a single document in the stream started at line 1, column 1)")),
    ("a: *x\n", (1, 4, "found undefined alias")),
    ("a: !custom 1\n", (1, 4, "could not determine a constructor for the tag '!custom'")),
    ('a: "\\q"\n', (1, 5, "found unknown escape character (while parsing a quoted scalar started at line 1, column 4)")),
    ("a: b: c\n", (1, 5, "mapping values are not allowed in this context")),
])
def test_other_yaml_errors(tmp_path, text, expected):
    write(tmp_path, "a.yml", text, dedent=False)
    assert only(load(tmp_path, "a.yml")) == ("syntax/invalid-yaml", *expected)


def test_explicit_document_markers_are_fine(tmp_path):
    write(tmp_path, "a.yml", "---\na: 1\n...\n", dedent=False)
    assert load(tmp_path, "a.yml").document.data == {"a": 1}


def test_python_tags_are_refused(tmp_path):
    write(tmp_path, "a.yml", "a: !!python/object/apply:os.system [echo hi]\n")
    rule, line, col, message = only(load(tmp_path, "a.yml"))
    assert (rule, line, col) == ("syntax/invalid-yaml", 1, 4)
    assert "could not determine a constructor" in message


def test_invalid_json(tmp_path):
    write(tmp_path, "a.json", '{\n  "a": 1,\n}\n')
    assert only(load(tmp_path, "a.json")) == (
        "syntax/invalid-json", 3, 1, "Expecting property name enclosed in double quotes")


def test_json_nesting_too_deep(tmp_path):
    write(tmp_path, "a.json", "{\"a\": " + "[" * 100_000 + "]" * 100_000 + "}")
    assert only(load(tmp_path, "a.json")) == ("syntax/invalid-json", 1, 1, "nesting is too deep")


def test_too_large(tmp_path):
    write(tmp_path, "a.yml", b"a: " + b"x" * (10 * 1024 * 1024) + b"\n")
    assert only(load(tmp_path, "a.yml")) == (
        "syntax/too-large", 1, 1, "a.yml is 10.0 MiB; sources may be at most 2 MiB")


def test_at_the_size_limit_is_fine(tmp_path):
    body = b"a: " + b"x" * (loader.MAX_BYTES - 4) + b"\n"
    assert len(body) == loader.MAX_BYTES
    write(tmp_path, "a.yml", body)
    assert load(tmp_path, "a.yml").errors == []



@pytest.mark.parametrize("expected", [0, 5, 99, 100, 101, 4096])
def test_a_file_is_read_whole_whatever_size_it_measured_when_opened(tmp_path, expected):
    """The first read is sized by the size the file measured; one that grew or shrank since is still read whole,
    and no further than the limit."""
    body = bytes(range(256)) * 4
    (tmp_path / "a").write_bytes(body[:100])
    (tmp_path / "big").write_bytes(body)
    for name, size, whole in (("a", 1000, body[:100]), ("big", 1000, body[:1000]), ("big", 1025, body)):
        descriptor = os.open(tmp_path / name, os.O_RDONLY)
        try:
            assert loader._read_at_most(descriptor, size, expected) == whole
        finally:
            os.close(descriptor)


# --- files that are not files -----------------------------------------------------


def test_missing(tmp_path):
    assert only(load(tmp_path, "nope.yml")) == ("io/missing-source", 1, 1, "nope.yml does not exist")


def test_directory(tmp_path):
    (tmp_path / "a.yml").mkdir()
    assert only(load(tmp_path, "a.yml")) == ("io/not-a-file", 1, 1, "a.yml is a directory")


def test_fifo_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "a.yml")
    assert only(load(tmp_path, "a.yml")) == ("io/not-a-file", 1, 1, "a.yml is not a regular file")


def test_symlink_outside(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write(tmp_path, "outside.yml", "a: 1\n")
    (root / "a.yml").symlink_to(tmp_path / "outside.yml")
    assert only(load(root, "a.yml")) == (
        "io/outside-repository", 1, 1, "a.yml resolves to a path outside the repository")


def test_dotdot_outside(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    write(tmp_path, "outside.yml", "a: 1\n")
    assert only(load(root, "../outside.yml")) == (
        "io/outside-repository", 1, 1, "../outside.yml resolves to a path outside the repository")


def test_symlink_inside_is_followed(tmp_path):
    write(tmp_path, "real.yml", "a: 1\n")
    (tmp_path / "link.yml").symlink_to(tmp_path / "real.yml")
    assert load(tmp_path, "link.yml").document.data == {"a": 1}


def test_dangling_symlink(tmp_path):
    (tmp_path / "a.yml").symlink_to(tmp_path / "gone.yml")
    assert only(load(tmp_path, "a.yml")) == ("io/missing-source", 1, 1, "a.yml does not exist")


def test_unreadable(tmp_path, monkeypatch):
    """Tests run as root, where chmod 000 does not stop a read: make opening refuse instead."""
    write(tmp_path, "a.yml", "a: 1\n")
    refuse_reading(monkeypatch, "a.yml")
    assert only(load(tmp_path, "a.yml")) == ("io/unreadable", 1, 1, "cannot read a.yml: Permission denied")


# --- parse() and iter_files() -----------------------------------------------------


def test_parse_never_raises_on_garbage(tmp_path):
    for text in ["{{{{", "]]", ": : :", "'", "\x00\x01", "&a", "*a", "!<tag:x> y", "%YAML 9.9\n---\na: 1"]:
        result = parse(tmp_path, "g.yml", text)
        assert result.document is None or isinstance(result.document.data, dict)
        for v in load_findings(result):
            assert v.rule.startswith("syntax/") and v.line >= 1 and v.col >= 1


def test_iter_files(tmp_path):
    for name in ["b.yml", "a.yaml", ".hidden.yml", "notes.md", "c.json"]:
        write(tmp_path, f"etc/x/{name}", "a: 1\n")
    (tmp_path / "etc/x/dir.yml").mkdir()
    assert list(iter_files(tmp_path, "etc/x")) == ["etc/x/a.yaml", "etc/x/b.yml", "etc/x/dir.yml"]
    assert list(iter_files(tmp_path, "etc/x", (".json",))) == ["etc/x/c.json"]
    assert list(iter_files(tmp_path, "etc/none")) == []


def test_list_sources_reports_what_it_passes_over(tmp_path):
    """A file an author takes for a source is listed or reported, never passed over without a word."""
    for name in ["b.yml", "a.yaml", "C.YML", "d.Yaml", ".hidden.YML", "notes.md", "sub/e.yml", "sub/deeper/f.YAML",
                 "sub/g.txt", ".archive/h.yml", "sub/.i.yml"]:
        write(tmp_path, f"etc/x/{name}", "a: 1\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "etc/x/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "etc/x/sub/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    files, ignored = list_sources(tmp_path, "etc/x")
    assert files == ["etc/x/a.yaml", "etc/x/b.yml"]
    assert [(e.failure, e.path, e.line, e.col) for e in ignored] == [
        (Failure.IGNORED, "etc/x/C.YML", 1, 1), (Failure.IGNORED, "etc/x/d.Yaml", 1, 1),
        (Failure.IGNORED, "etc/x/linked", 1, 1),
        (Failure.IGNORED, "etc/x/sub/e.yml", 1, 1), (Failure.IGNORED, "etc/x/sub/linked", 1, 1),
        (Failure.IGNORED, "etc/x/sub/deeper/f.YAML", 1, 1)]
    assert ignored[0].message == "etc/x/C.YML is not read: a source's name ends in .yml or .yaml, in lowercase"
    assert ignored[3].message == "etc/x/sub/e.yml is not read: sources lie directly in etc/x/, not in a sub-folder"
    assert ignored[2].message == "etc/x/linked links to a folder and is not read: sources lie directly in etc/x/"
    assert list_sources(tmp_path, "etc/none") == ([], [])


def test_a_manifest_the_check_passes_over_is_a_finding(eco):
    """A manifest named *.YML, or kept in a sub-folder of services/, fails the check where it lies."""
    write(eco, "etc/chittyos/services/chittynew.YML", TRUST_MANIFEST.replace("chittytrust", "chittynew"), dedent=False)
    write(eco, "etc/chittyos/services/legacy/chittyold.yml", "service_name: [unclosed\n", dedent=False)
    result = run_check(eco)
    assert located(result.violations) == [
        ("io/ignored-source", "etc/chittyos/services/chittynew.YML", 1, 1),
        ("io/ignored-source", "etc/chittyos/services/legacy/chittyold.yml", 1, 1)]
    assert [v.entity for v in result.violations] == ["chittynew", "chittyold"]
    assert result.failed(strict=False)


def test_json_round_trip_of_loaded_data(tmp_path):
    """Loaded data is plain JSON data: the cache stores it as JSON."""
    write(tmp_path, "a.yml", POSITIONED)
    data = load(tmp_path, "a.yml").document.data
    assert json.loads(json.dumps(data)) == data


def test_a_listed_file_is_read_without_an_lstat_and_whatever_replaced_it_is_still_refused(tmp_path, monkeypatch):
    """A file the listing saw as a regular file is opened without looking at it first, without following a link;
    one swapped for a link, a FIFO or a file past the limit since the listing is refused as any other file is."""
    root = tmp_path / "repository"
    for name in ("a", "b", "c", "d", "e"):
        write(root, f"etc/x/{name}.yml", f"name: {name}\n")
    write(tmp_path, "secret.yml", "token: x\n")
    reader = Reader(root)
    assert reader.list_sources("etc/x")[0] == [f"etc/x/{name}.yml" for name in "abcde"]
    looked = []
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda path, *a, **k: looked.append(str(path)) or real_lstat(path, *a, **k))
    assert reader.read("etc/x/a.yml") == (b"name: a\n", []) and str(root / "etc/x/a.yml") not in looked
    looked.clear()  # the folder was resolved once: now nothing at all is looked at before opening
    assert reader.read("etc/x/a.yml") == (b"name: a\n", []) and looked == []

    (root / "etc/x/b.yml").unlink()
    (root / "etc/x/b.yml").symlink_to(tmp_path / "secret.yml")
    (root / "etc/x/c.yml").unlink()
    os.mkfifo(root / "etc/x/c.yml")
    (root / "etc/x/d.yml").write_bytes(b"x: 1\n" * 100)
    (root / "etc/x/e.yml").unlink()
    found = {name: reader.read(f"etc/x/{name}.yml", limit=64) for name in "bcde"}
    assert {name: [e.failure for e in errors] for name, (_, errors) in found.items()} == {
        "b": [Failure.OUTSIDE], "c": [Failure.NOT_A_FILE], "d": [Failure.TOO_LARGE], "e": [Failure.MISSING]}
    assert all(raw is None for raw, _ in found.values())
    assert found["d"][1][0].message.startswith("etc/x/d.yml is 0.0 MiB;")


def test_a_file_listed_through_a_linked_folder_is_looked_at_first(tmp_path):
    """Opening without following a link refuses a link at the end of the path only: a folder on the way is
    resolved first."""
    root = tmp_path / "repository"
    write(tmp_path, "elsewhere/a.yml", "name: a\n")
    (root / "etc").mkdir(parents=True)
    (root / "etc/x").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    reader = Reader(root)
    assert reader.list_sources("etc/x")[0] == ["etc/x/a.yml"]
    raw, errors = reader.read("etc/x/a.yml")
    assert raw is None and [e.failure for e in errors] == [Failure.OUTSIDE]
