"""Property-based fuzz of the engine and the formatters (Hypothesis, fixed budget, derandomized).

Manifests are generated from the service schema's own fields, with hostile values
(markup, control characters, line separators, huge numbers, deep nesting, wrong
types, a planted credential) and sometimes cut short so that they do not parse.
For every one: the check raises nothing, every finding lies inside its file (as
editors count lines and columns), and no output format prints the credential.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from engine_support import REPO, build_eco
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from getchitty.engine import check
from getchitty.report import FORMATTERS, format_result
from getchitty.rules import Rule
from getchitty.violations import Related, Severity, Violation, Waiver

TOKEN = "ghp_" + "Fz9" * 12
FRAGMENTS = ["<script>x</script>", "<img src=x onerror=y>", "[a](javascript:b)", "]]>", "{{ x }}", "{% y %}", "|", "`",
             "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x1b[2J", "\x00", "\x07", "\t", "::error::x", "##[error]",
             "%0A", "\ufeff", "\u202e", "é", "😀", "*a", "&a", "!!python/object:x", "- ", ": ", "# ", "'", '"', "\\",
             f" {TOKEN} ", "9" * 5000, "a" * 300]  # the token stands alone, as the check recognises it
FIELDS = sorted(json.loads((REPO / "etc/authority/schema/getchitty-service.schema.json").read_text())["properties"])
MANIFEST = "etc/chittyos/services/chittyfuzz.yml"
FUZZ = settings(max_examples=200, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=6).map("".join)
scalars = st.one_of(hostile_text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(hostile_text, inner, max_size=3)), max_leaves=12)


@st.composite
def manifests(draw) -> str:
    data = {"service_name": draw(st.sampled_from(["chittyfuzz", "chittyfuzz", "ChittyFuzz", TOKEN])),
            "entity_type": draw(st.sampled_from(["Service", "Service", "Other"]))}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=8, unique=True)):
        data[field] = draw(values)
    if draw(st.booleans()):
        data[draw(hostile_text)] = draw(values)
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    cut = draw(st.integers(min_value=0, max_value=3))
    if cut == 0 and len(text) > 4:
        text = text[: draw(st.integers(min_value=1, max_value=len(text) - 1))]  # cut short: invalid YAML
    elif cut == 1:
        text += draw(hostile_text)  # raw bytes after the document
    return text


def inside(root: Path, violation: Violation) -> bool:
    """Whether the finding's position lies in its file: line <= lines, col <= line length + 1."""
    path = root / violation.path
    try:
        if not path.is_file():
            return (violation.line, violation.col) == (1, 1)
        text = path.read_bytes().decode("utf-8", errors="replace")
    except (OSError, UnicodeEncodeError):
        return (violation.line, violation.col) == (1, 1)
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    if not 1 <= violation.line <= len(lines):
        return False
    return 1 <= violation.col <= len(lines[violation.line - 1].rstrip("\r")) + 1


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    os.environ.setdefault("GETCHITTY_CACHE_DIR", str(tmp_path_factory.mktemp("fuzz-cache")))
    return build_eco(tmp_path_factory.mktemp("fuzz") / "repo")


@FUZZ
@given(text=manifests())
@example(text="service_name: chittyfuzz\nowners: [x\n")  # an error at the very end of the file
@example(text="service_name: chittyfuzz\ndescription: 'a\u2028b\x85c'\ncolour: 1\n")
@example(text="service_name: chittyfuzz\ntier: " + "9" * 5000 + "\n")
def test_the_engine_on_generated_manifests(fuzz_root, text):
    (fuzz_root / MANIFEST).write_text(text, encoding="utf-8", errors="surrogatepass")
    result = check(fuzz_root, use_cache=False)
    for violation in result.violations:
        assert inside(fuzz_root, violation), (violation.rule, violation.location, violation.message)
    for name in FORMATTERS:
        out = format_result(name, result)
        assert TOKEN not in out, name
        out.encode("utf-8")


paths = st.one_of(hostile_text, st.just("etc/chittyos/services/a.yml"))
violations = st.builds(
    Violation, rule=hostile_text, severity=st.sampled_from(list(Severity)), path=paths,
    line=st.integers(min_value=1, max_value=10**6), col=st.integers(min_value=1, max_value=10**6),
    message=hostile_text, hint=hostile_text, entity=st.none() | hostile_text, field=st.none() | hostile_text,
    waiver=st.none() | st.builds(Waiver, rule=hostile_text, entity=hostile_text, reason=hostile_text, owner=hostile_text,
                                 expires=hostile_text, field=st.none() | hostile_text, path=paths),
    related=st.lists(st.builds(Related, path=paths, line=st.just(1), col=st.just(1), message=hostile_text), max_size=2).map(tuple))


@FUZZ
@given(found=st.lists(violations, max_size=4))
def test_the_formatters_on_generated_findings(found):
    from getchitty.report import published

    rules = {v.rule: Rule(v.rule, v.severity, v.message, v.hint, v.hint) for v in found}
    shown, described = published(found, rules)
    for name, formatter in FORMATTERS.items():
        out = formatter(shown, described)
        assert TOKEN not in out, name
        out.encode("utf-8")
        if name in ("text", "github"):
            for line in out.splitlines():
                stripped = line.lstrip()
                assert not stripped.startswith("##["), line
                assert not stripped.startswith("::") or (name == "github" and line.startswith(("::error file=", "::warning file=", "::notice file="))), line
        if name in ("json", "sarif"):
            json.loads(out)
