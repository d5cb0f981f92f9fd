"""Hostile and faulty input, class by class: what each boundary must hold (results on small inputs;
the timings of the same cases at 100,000 characters are in bench/hostile_bench.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from engine_support import PYTHON, TRUST_MANIFEST, findings, forge_cached_file, located, run_check, run_cli, write

from getchitty import credentials, escaping, gate, load, render, report
from getchitty.cache import Memory
from getchitty.export import write_inside
from getchitty.federation.governance import _DAYS as DAYS
from getchitty.federation.governance import HOST_IN_TEXT as HOST
from getchitty.federation.markdown import parse as parse_markdown
from getchitty.federation.markdown import plain
from getchitty.federation.onboarding import NOTATION
from getchitty.importer.source import ImportLog
from getchitty.patterns import pattern_problem, search

TRUST = "etc/chittyos/services/chittytrust.yml"
SERVICE_SCHEMA = "etc/authority/schema/getchitty-service.schema.json"
TOKEN = "ghp_" + "Ab1" * 12


# --- escaping ---------------------------------------------------------------------------------

def test_md_escape_leaves_no_markup_and_no_line_break():
    text = escaping.md_escape("<img src=x onerror=a()> [x](javascript:a) | `c` {{ x }} {% y %} ]]>\nb\u2028c\x1bd\udcff")
    assert not re.search(r"[<>\[\]()|`{}\n\u2028\x1b\udcff]", text)
    assert "\\x1b" in text.replace("&#92;", "\\") and "\\udcff" in text.replace("&#92;", "\\")


def test_html_text_and_json_text():
    assert escaping.html_text("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#x27;"
    text = escaping.json_text({"a": "</script><!-- \u2028 &", "b": "\udcff"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 &", "b": "\udcff"}


@pytest.mark.parametrize("line", ["::error::forged", "  ::warning file=x::y", "##[error]old style", "\t::stop-commands::t"])
def test_terminal_line_cannot_start_a_workflow_command(line):
    shown = escaping.terminal(line)
    assert not shown.lstrip().startswith(("::", "##["))


def test_terminal_line_keeps_to_one_line():
    shown = escaping.terminal("a\nb\rc\x1b[2Jd\u2028e\u202ef\udcffg\th")
    assert shown == "a\\nb\\rc\\x1b[2Jd\\u2028e\\u202ef\\udcffg\th"
    shown.encode("utf-8")


def test_workflow_command_parts():
    assert escaping.workflow_data("a%b\nc\r::d\x1b") == "a%25b%0Ac%0D::d\\x1b"
    assert escaping.workflow_property("a:b,c\nd") == "a%3Ab%2Cc%0Ad"


def test_rule_text_code_spans():
    assert render.md_code(escaping.md_escape("use `a` and ``b` c")) == (
        "use <code>a</code> and &#96;<code>b</code> c")


# --- forged CI output and terminal control --------------------------------------------------

def _forging_owner(eco: Path) -> None:
    write(eco, TRUST, TRUST_MANIFEST.replace("owners: [platform]", 'owners: ["x\\n::error file=a.yml::forged\\n\\u001b[2J"]'),
          dedent=False)


@pytest.mark.parametrize("name", ["text", "github"])
def test_check_output_forges_no_workflow_command(eco, capsys, name):
    _forging_owner(eco)
    code, out, _ = run_cli(capsys, "check", "--format", name, str(eco))
    assert code == 1
    commands = [line for line in out.splitlines() if line.lstrip().startswith("::")]
    assert all(line.startswith(("::error file=etc/chittyos", "::warning file=etc/", "::notice file=etc/")) for line in commands)
    assert "\x1b" not in out
    assert len(commands) == (1 if name == "github" else 0)


def test_gate_file_names_forge_no_command(eco, capsys):
    names = [".github/workflows/a\n::error::forged", "::warning::x/../.github/workflows/b", ".github/workflows/\x1b[2J"]
    for fmt in ("text", "github"):
        code, out, _ = run_cli(capsys, "gate", "--root", str(eco), "--format", fmt, "--changed", *names)
        assert code == 1
        assert "\x1b" not in out
        commands = [line for line in out.splitlines() if line.lstrip().startswith(("::", "##["))]
        assert all(line.startswith("::error file=.github/workflows/") for line in commands), commands
        assert len(commands) == (2 if fmt == "github" else 0)


def test_non_utf8_file_name_with_strict_utf8_output(eco):
    name = os.fsdecode(b"etc/chittyos/services/chitty\xff.yml")
    (eco / name).write_text(TRUST_MANIFEST, encoding="utf-8")
    for fmt in ("text", "json", "github", "sarif"):
        done = subprocess.run([str(PYTHON), "-m", "getchitty", "check", "--format", fmt, str(eco)], capture_output=True,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"}, timeout=120)
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
        assert b"syntax/encoding" in done.stdout and b"not valid UTF-8" in done.stdout
        done.stdout.decode("utf-8")


# --- credentials ------------------------------------------------------------------------------

def test_formatters_redact_every_field():
    from getchitty.rules import Rule
    from getchitty.violations import Related, Severity, Violation, Waiver

    v = Violation(f"canon/required/{TOKEN}", Severity.ERROR, f"etc/{TOKEN}.yml", 1, 1, "m", "h", entity=TOKEN,
                  field=TOKEN, related=(Related(f"{TOKEN}.yml", 1, 1, TOKEN),),
                  waiver=Waiver(TOKEN, TOKEN, TOKEN, TOKEN, "2099-01-01", TOKEN, path=TOKEN))
    rules = {v.rule: Rule(v.rule, Severity.ERROR, TOKEN, TOKEN, TOKEN)}
    violations, described = report.published([v], rules)
    for name, formatter in report.FORMATTERS.items():
        assert TOKEN not in formatter(violations, described), name


def test_flagged_values_are_redacted_exactly():
    redact = credentials.Redactor(["short-but-flagged-1"])
    assert redact("a short-but-flagged-1 b") == "a [redacted] b"
    assert redact.data({"short-but-flagged-1": ["short-but-flagged-1"]}) == {"[redacted]": ["[redacted]"]}
    for place in ("etc/chittyos/services/chittymonitor2024-something.yml", "https://github.com/chittyos/chittyregistry2/blob/main/x"):
        assert redact.path(place) == place and redact(place) == place  # paths and URLs are not opaque values
    assert redact("aws wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "aws [redacted]"


@pytest.mark.parametrize("text", [
    "", "plain text", *credentials.NEEDLES, *(f"x{needle}y\n" for needle in credentials.NEEDLES),
    "gh p_", "AKI A", "-----BEGI N", "sk_", "k_live", "\udcffghp_", "é" * 50 + "eyJ", "ntn", "xo x"])
def test_one_pass_finds_a_needle_where_each_one_would(text):
    assert credentials.holds_needle(text) is any(needle in text for needle in credentials.NEEDLES)


def test_a_credential_in_a_file_name_is_flagged(eco):
    write(eco, f"docs/{TOKEN}.txt", "hello\n")
    (v,) = findings(eco)
    assert (v.rule, v.line, v.col, v.secret) == ("secrets/credential-value", 1, 1, True)
    assert TOKEN not in v.message


def test_files_under_docs_are_scanned_whatever_their_kind(eco):
    for name in ("a.txt", "b.json", "c.html", "d.svg"):
        write(eco, f"docs/{name}", f"x\n{TOKEN}\n")
    write(eco, "docs/e.png", b"\x89PNG\x00" + TOKEN.encode())
    assert sorted((v.path, v.line) for v in findings(eco, "secrets/credential-value")) == [
        ("docs/a.txt", 2), ("docs/b.json", 2), ("docs/c.html", 2), ("docs/d.svg", 2), ("docs/e.png", 1)]


def test_the_folder_mkdocs_publishes_is_the_one_scanned(eco):
    """docs_dir: content publishes content/, so that is what the check reads, wherever mkdocs.yml says it."""
    write(eco, "mkdocs.yml", "site_name: x\ndocs_dir: content\n")
    write(eco, "content/guide.md", f"# Guide\n\n{TOKEN}\n")
    write(eco, "docs/unpublished.md", f"# Not published\n\n{TOKEN}\n")
    assert located(findings(eco, "secrets/credential-value")) == [("secrets/credential-value", "content/guide.md", 3, 1)]


def test_docs_dir_is_read_through_inherit(eco):
    # as in MkDocs, a path in a parent configuration is relative to the file that inherits it
    write(eco, "base/site.yml", "docs_dir: pages\nsite_name: base\n")
    write(eco, "mkdocs.yml", "INHERIT: base/site.yml\nsite_name: child\n")
    write(eco, "pages/a.md", f"{TOKEN}\n")
    assert located(findings(eco, "secrets/credential-value")) == [("secrets/credential-value", "pages/a.md", 1, 1)]


@pytest.mark.parametrize("config", ["docs_dir: ../outside\n", "docs_dir: .\n", "INHERIT: ../elsewhere.yml\n"])
def test_a_docs_dir_outside_the_repository_is_a_usage_error(eco, capsys, config):
    write(eco, "mkdocs.yml", config)
    code, _, err = run_cli(capsys, "check", str(eco))
    assert code == 2 and ("docs_dir" in err or "INHERIT" in err), err


def test_the_cache_keeps_no_entry_quoting_a_flagged_value(eco, isolated_cache):
    value = "Qm9vdHN0cmFwVG9rZW4xMjM0"
    write(eco, TRUST, TRUST_MANIFEST + f"notes: {value}\n", dedent=False)
    write(eco, "etc/chittyos/services/chittyauth.yml",
          (eco / "etc/chittyos/services/chittyauth.yml").read_text() + f"api_key: {value}\n", dedent=False)
    run_check(eco)
    for path in isolated_cache.rglob("*"):
        assert not path.is_file() or value.encode() not in path.read_bytes()


# --- the check reaches nothing outside the repository ------------------------------------------

@pytest.fixture
def counting_server():
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _with_ref(eco: Path, ref: str, **extra) -> None:
    schema = json.loads((eco / SERVICE_SCHEMA).read_text())
    schema["properties"]["description"] = {"$ref": ref}
    schema.update(extra)
    (eco / SERVICE_SCHEMA).write_text(json.dumps(schema, indent=2))


@pytest.mark.parametrize("ref", ["{url}/schema.json", "{url}/schema.json#/x", "file:///etc/passwd",
                                 "/etc/passwd", "../../../../etc/passwd#/x", "getchitty-missing.schema.json"])
def test_refs_leading_outside_the_schema_folder_are_findings(eco, counting_server, ref):
    url, hits = counting_server
    _with_ref(eco, ref.format(url=url))
    found = findings(eco, "schema/broken-schema")
    assert len(found) == 1 and "leads outside etc/authority/schema/" in found[0].message
    assert found[0].path == SERVICE_SCHEMA and found[0].line > 1
    assert hits == []


def test_a_ref_into_the_schema_folder_resolves_without_a_fetch(eco, counting_server):
    _, hits = counting_server
    _with_ref(eco, "getchitty-layers.schema.json#/properties/layers/items/properties/name")
    assert findings(eco) == []
    write(eco, TRUST, TRUST_MANIFEST.replace("description:", "description: [1]\nx_description:"), dedent=False)
    assert [v.rule for v in findings(eco)] == ["schema/type", "schema/unknown-field"] or hits == []
    assert hits == []


@pytest.mark.parametrize("definitions", [
    {"a": {"$ref": "#/definitions/a"}},
    {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
    {"a": {"not": {"anyOf": [{"$ref": "#/definitions/a"}]}}},
])
def test_a_ref_cycle_is_a_finding(eco, definitions):
    _with_ref(eco, "#/definitions/a", definitions=definitions)
    (v,) = findings(eco)
    assert v.rule == "schema/broken-schema" and "$ref cycle" in v.message


def test_a_recursive_schema_with_progress_is_fine(eco):
    _with_ref(eco, "#/definitions/tree", definitions={"tree": {"type": ["string", "array"], "items": {"$ref": "#/definitions/tree"}}})
    write(eco, TRUST, TRUST_MANIFEST.replace("description:", "description: [[[a]]]\nx:"), dedent=False)
    assert [v.rule for v in findings(eco)] == ["schema/unknown-field"]


def test_a_symlink_under_docs_leading_outside_is_a_finding(eco, tmp_path):
    (tmp_path / "secret.txt").write_text("outside\n")
    (eco / "docs").mkdir(exist_ok=True)
    (eco / "docs/link.txt").symlink_to(tmp_path / "secret.txt")
    (eco / "docs/folder").symlink_to(tmp_path)
    assert sorted(located(findings(eco))) == [("io/outside-repository", "docs/folder", 1, 1),
                                              ("io/outside-repository", "docs/link.txt", 1, 1)]


# --- linear time (results; timings in bench/hostile_bench.py) ----------------------------------

def test_patterns_from_sources_run_on_the_linear_engine():
    assert search("^(a+)+$", "a" * 40) and not search("^(a+)+$", "a" * 40 + "!")
    assert not search("^[a-z]+$", "abc\n")  # `$` is the end of the text, as in JSON Schema
    assert "lookaround" in pattern_problem("(?=a)a") and pattern_problem("(a+)+") == ""


def test_a_catastrophic_canon_pattern_is_applied(eco):
    rules = json.loads((eco / "etc/authority/rules.json").read_text())
    rules["rules"] = [{"if": {"always": True}, "then": {"pattern": {"description": "^(a+)+$"}}}]
    (eco / "etc/authority/rules.json").write_text(json.dumps(rules))
    write(eco, TRUST, TRUST_MANIFEST.replace("description:", "description: " + "a" * 30 + "!\nx_description:"), dedent=False)
    assert "canon/pattern/description" in [v.rule for v in findings(eco)]


def test_a_catastrophic_schema_pattern_is_applied(eco):
    schema = json.loads((eco / SERVICE_SCHEMA).read_text())
    schema["properties"]["description"]["pattern"] = "^(a|aa)*$"
    (eco / SERVICE_SCHEMA).write_text(json.dumps(schema))
    write(eco, TRUST, TRUST_MANIFEST.replace("description:", "description: " + "a" * 40 + "b\nx_description:"), dedent=False)
    assert ("schema/pattern", TRUST) in [(v.rule, v.path) for v in findings(eco)]


def test_a_lookaround_pattern_is_a_broken_schema(eco):
    schema = json.loads((eco / SERVICE_SCHEMA).read_text())
    schema["properties"]["description"]["pattern"] = "^(?!x)"
    (eco / SERVICE_SCHEMA).write_text(json.dumps(schema))
    (v,) = findings(eco)
    assert v.rule == "schema/broken-schema" and "linear-time engine" in v.message


def test_glob_results_on_adversarial_shapes():
    assert gate.matches("*a" * 11 + "b", "a" * 30 + "b") and not gate.matches("*a" * 11 + "b", "a" * 30)
    assert gate.matches("a/**/**/**/b", "a/x/y/b") and not gate.matches("a/**/**/b", "a/" * 50 + "c")


def test_reader_patterns_on_adversarial_shapes():
    assert HOST.search("see a.a.a.x") is None and HOST.search("id at my-id.chitty.cc.").group() == "my-id.chitty.cc"
    assert HOST.search("a-a-a-a") is None and HOST.fullmatch("x.chitty.cc")
    assert NOTATION.findall("a-a-a-a identity:mint x-y:z") == ["identity:mint", "x-y:z"]
    assert DAYS.search("rotate every 90 days").group(1) == "90" and DAYS.search("1" + " " * 50 + "x") is None
    assert plain("[" * 20 + "a](b)") == "[" * 19 + "a (b)"
    assert plain("**a **b**") == "**a b"
    page = parse_markdown("x.md", "# Title ##\n\n**Domains**:\n\n- a\n\n| h |\n|---|\n| 1 |\n# a" + " " * 40 + "x\n")
    assert [s.title for s in page.sections] == ["Title", "Domains", "a x"]


def test_unmapped_rows_are_kept_once_in_order():
    log = ImportLog()
    for index in range(3000):
        log.skip("x.md", index % 3, "row")
    assert [note.line for note in log.unmapped] == [0, 1, 2]


# --- special files ------------------------------------------------------------------------------

def test_a_fifo_cache_file_does_not_block(eco, isolated_cache):
    cache = Memory(eco.resolve(), "x")
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache.path)
    assert Memory.load(eco.resolve(), "x").files == {}
    run_check(eco)  # neither reading nor writing the cache blocks


def test_new_refuses_a_fifo_where_the_manifest_goes(eco, capsys):
    os.mkfifo(eco / "etc/chittyos/services/chittyfoo.yml")
    code, _, err = run_cli(capsys, "new", "service", "chittyfoo", str(eco))
    assert code == 2 and "taken by" in err or "exists" in err


def test_a_fifo_under_docs_is_a_finding(eco):
    (eco / "docs").mkdir(exist_ok=True)
    os.mkfifo(eco / "docs/pipe.md")
    assert located(findings(eco)) == [("io/not-a-file", "docs/pipe.md", 1, 1)]


def test_render_out_never_writes_through_links(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside"
    (out / "docs").mkdir(parents=True)
    outside.mkdir()
    (outside / "victim.txt").write_text("keep")
    (out / "mkdocs.yml").symlink_to(outside / "victim.txt")
    (out / "docs/service").symlink_to(outside)
    write_inside(out, "mkdocs.yml", b"new")
    write_inside(out, "docs/service/victim.txt", b"new")
    assert (outside / "victim.txt").read_text() == "keep" and sorted(os.listdir(outside)) == ["victim.txt"]
    assert (out / "mkdocs.yml").read_bytes() == b"new" and not (out / "mkdocs.yml").is_symlink()
    for bad in ("../x", "/etc/x", "a/../../x", ""):
        with pytest.raises(Exception, match="not a path inside"):
            write_inside(out, bad, b"x")


def test_render_force_into_a_folder_of_links(eco, tmp_path, capsys):
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (out / "docs").symlink_to(outside)
    code, _, err = run_cli(capsys, "render", str(eco), "--out", str(out), "--force")
    assert code == 0, err
    assert sorted(os.listdir(outside)) == ["keep.txt"] and (outside / "keep.txt").read_text() == "keep"
    assert (out / "docs/index.md").is_file() and not (out / "docs").is_symlink()


# --- exit 0 when wrong ----------------------------------------------------------------------------

def test_a_domain_with_a_trailing_newline_is_still_a_duplicate(eco):
    write(eco, "etc/chittyos/services/chittyauth.yml", (eco / "etc/chittyos/services/chittyauth.yml").read_text()
          .replace("primary_domain: auth.chitty.cc", 'primary_domain: "ID.chitty.cc\\n"'), dedent=False)
    rules = [v.rule for v in findings(eco)]
    assert "identity/duplicate-domain" in rules


def test_a_gate_whose_paths_is_text_stops_the_gate(eco, capsys):
    access = eco / "etc/chittyos/access.yml"
    access.write_text(access.read_text().replace(
        "paths: [etc/chittyos/scopes.yml, etc/chittyos/secrets.yml, .github/workflows/**]", "paths: etc/chittyos/scopes.yml"))
    code, out, err = run_cli(capsys, "gate", "--root", str(eco), "--changed", "etc/chittyos/scopes.yml")
    assert code == 2 and "'paths' must be a non-empty list" in err


@pytest.mark.parametrize("expires", ["２０２０-01-01", "2020-０1-01", "2020-1-1", "20200101"])
def test_a_waiver_date_in_other_digits_is_a_finding(eco, expires):
    write(eco, "etc/chittyos/waivers.yml", f"waivers:\n  - {{rule: schema/unknown-field, entity: chittytrust, "
                                           f"reason: r, owner: o, expires: '{expires}'}}\n", dedent=False)
    write(eco, TRUST, TRUST_MANIFEST + "colour: red\n", dedent=False)
    result = run_check(eco)
    assert result.failed() and "schema/format" in [v.rule for v in result.violations]


@pytest.mark.parametrize("rule", ["123", "[a, b]", "{a: 1}", "true"])
def test_a_waiver_with_a_non_text_rule_is_a_finding(eco, capsys, rule):
    write(eco, "etc/chittyos/waivers.yml", f"waivers:\n  - {{rule: {rule}, entity: chittytrust, reason: r, owner: o, "
                                           f"expires: '2099-01-01'}}\n", dedent=False)
    code, out, err = run_cli(capsys, "check", "--format", "sarif", str(eco))
    assert code == 1 and "schema/type" in out and err == ""


@pytest.mark.parametrize("row", [[1, "error", "p", 1, 1, "m", "h", None, None], ["r", "fatal", "p", 1, 1, "m", "h", None, None],
                                 ["r", "error", "p", 0, 1, "m", "h", None, None], ["r"], "row", None])
def test_a_cache_row_of_the_wrong_shape_is_a_miss(eco, isolated_cache, row):
    expected = located(findings(eco))
    path = Memory(eco.resolve(), "x").path
    forge_cached_file(next(isolated_cache.rglob("*.json")), TRUST, {3: {"schema": [row]}})
    assert located(findings(eco)) == expected and path.name.endswith(".json")


def test_a_canon_rule_cannot_take_a_built_in_id_or_another_rules_page(eco):
    rules = json.loads((eco / "etc/authority/rules.json").read_text())
    rules["rules"] = [{"if": {"always": True}, "then": {"required": ["tier"]}, "id": "canon/invalid-rule"},
                      {"if": {"always": True}, "then": {"required": ["tier"]}, "id": "canon/x.y"},
                      {"if": {"always": True}, "then": {"required": ["tier"]}, "id": "canon/x-y"}]
    (eco / "etc/authority/rules.json").write_text(json.dumps(rules))
    messages = [v.message for v in findings(eco)]
    assert any("is the id of a built-in rule" in m for m in messages)
    assert any("would share one page" in m for m in messages)


def test_a_category_without_a_layer_is_a_finding(eco):
    layers = eco / "etc/chittyos/layers.yml"
    layers.write_text(layers.read_text().replace("  - {number: 2, name: Core, category: Core}\n", ""))
    assert located(findings(eco)) == [("layers/unknown-category", "etc/chittyos/services/chittyauth.yml", 3, 11)]


# --- positions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_line_separators_inside_a_value_do_not_shift_positions(eco, separator):
    text = TRUST_MANIFEST.replace("description:", f'description: "a{separator}b"\nx_description:')
    write(eco, TRUST, text + "colour: red\n", dedent=False)
    colour = next(v for v in findings(eco) if v.field == "colour")
    assert colour.line == text.count("\n") + 1


def test_a_control_character_is_reported_where_it_is(tmp_path):
    write(tmp_path, "a.yml", "a: b\nc: 'd\x07e'\n", dedent=False)
    (error,) = load.load(tmp_path, "a.yml").errors
    assert (error.line, error.col) == (2, 6)


def test_a_huge_integer_is_reported_where_it_is(tmp_path):
    write(tmp_path, "a.yml", "a: b\nc: " + "9" * 5000 + "\n", dedent=False)
    write(tmp_path, "b.json", '{"a":\n  ' + "9" * 5000 + "}", dedent=False)
    assert [(e.line, e.col) for e in load.load(tmp_path, "a.yml").errors] == [(2, 4)]
    assert [(e.line, e.col) for e in load.load(tmp_path, "b.json").errors] == [(2, 3)]


def test_an_error_at_the_end_of_a_file_lies_inside_it(tmp_path):
    for text, expected in [("a: [\n", (1, 5)), ("a: [", (1, 5)), ("a: 1\nb: 'x", (2, 6)), ("a: 1\r\nb: [\r\n", (2, 5))]:
        write(tmp_path, "a.yml", text, dedent=False)
        (error,) = load.load(tmp_path, "a.yml").errors
        assert (error.line, error.col) == expected, text
