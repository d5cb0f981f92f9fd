"""fast_yaml: yaml-rs's values are taken only where they are PyYAML's, and everywhere else PyYAML parses.

Each divergence found between the two parsers is a case below; three seeded
generators then compare both on texts of every kind (whole documents built from
tricky scalars, flow collections and indentation; mutations of this
repository's sources, as an author's typos make them; short strings of YAML's
indicator characters), checking that whenever `values` answers, PyYAML gives the
same values, in the same order, and no error.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from engine_support import REPO

from getchitty import fast_yaml, pyyaml_path
from getchitty.load import _only_comments
from getchitty.patterns import PYTHON_SPACES
from getchitty.reading import MAX_DEPTH


def fast(text: str):
    return fast_yaml.values(text, MAX_DEPTH)


def reference(text: str):
    data, problems = pyyaml_path.parse("x.yml", text)
    return data, [problem.message for problem in problems]


def disagreement(text: str) -> str | None:
    """How `values` and PyYAML part on the text, or None: when `values` left it to PyYAML, or gave exactly PyYAML's
    values, in the same order, where PyYAML reports no error."""
    got = fast(text)
    if got is fast_yaml.UNSURE or not text.strip() or _only_comments(text):
        return None
    data, problems = reference(text)
    if problems:
        return f"yaml-rs gave {got!r}, PyYAML refuses it: {problems}"
    return None if data == got and repr(data) == repr(got) else f"yaml-rs gave {got!r}, PyYAML {data!r}"



# Each text yaml-rs reads otherwise than PyYAML (or where only PyYAML refuses it), and why the two part.
DIVERGENT = {
    "a: |\n": "an empty block scalar: yaml-rs gives a line break",
    "a: |\n  x": "a block scalar at the end of a text without a final line break: yaml-rs adds one",
    "|\n- a\n": "a top-level block scalar whose lines are not indented: PyYAML refuses it",
    "...\n- a\n": "a document end before the document",
    "a: 1\n---\nb: 2\n": "a second document",
    "a: [?b]\n": "PyYAML reads `?` in flow as a key",
    "a: {b: |c}\n": "PyYAML refuses `|` starting a flow scalar",
    "a: {b c:}\n": "PyYAML refuses a plain key ending with `:` in flow",
    "a: [b,\n  c]\n": "flow across lines: yaml-rs takes less indented lines PyYAML refuses",
    "a: _1\nb: 2\n": "yaml-rs reads `_1` as 1",
    "a: 0755\nb: 2\n": "YAML 1.1 reads 0755 as octal, yaml-rs as decimal",
    "a: 0B101\n": "yaml-rs reads 0B101 as 5",
    "a: 0X1F\n": "yaml-rs reads 0X1F as 31",
    "a: 0o17\n": "YAML 1.2 octal is text in YAML 1.1",
    "a: 1e3\n": "a float YAML 1.1 reads as text",
    "a: " + "9" * 5000 + "\n": "an integer Python refuses to read from its 5,000 digits",
    "a: yes\n": "a YAML 1.1 boolean",
    "a: 1:20\n": "a YAML 1.1 base-60 number",
    "a: =\n": "PyYAML has no constructor for the `=` value",
    "a: x\x85y\n": "NEL is a line break in YAML 1.1",
    "a: x\u2028y\n": "U+2028 is a line break in YAML 1.1",
    "a: b\tc\n": "a tab",
    "a: b\r\n": "a carriage return",
    "a: \ufeffb\n": "a byte-order mark inside the text",
    "a: x\x07\n": "a control character PyYAML's reader refuses",
    "a: &x b\nc: *x\n": "an anchor and its alias",
    "a: !!str 1\n": "a tag",
    "<<: {a: 1}\n": "a merge key",
    "%YAML 1.1\n---\na: 1\n": "a directive",
    '"a\\/b": 1\n': "an escape PyYAML may not know",
    "1: a\n": "a key yaml-rs reads as a number (PyYAML keeps its text)",
    "a: 1\nb: 2\na: 3\n": "a repeated key (PyYAML reports where it is)",
    "a:\n  b: 1\n  'b': 2\n": "a repeated key, once quoted",
    f"{'k' * 600}: a\n": "a long key (PyYAML refuses plain keys over 1,024 characters)",
    "- - - a\n": "compact nested sequences: yaml-rs recurses once per level",
    "? a\n: b\n": "an explicit key",
    "- ? |\n": "an explicit key in a sequence, an empty block scalar (yaml-rs reads the key as a line break)",
    "a:\n" + " " * 40 + "b: 1\n": "indentation of 40 columns",
}


@pytest.mark.parametrize("text", list(DIVERGENT), ids=list(DIVERGENT.values()))
def test_divergent_texts_go_to_pyyaml(text):
    assert fast(text) is fast_yaml.UNSURE


CLEAN = {
    "a: b\nc: [d, 'e f', \"g\"]\nh: {i: j}\n": {"a": "b", "c": ["d", "e f", "g"], "h": {"i": "j"}},
    "tier: 5\nlayer: 0\nport: -1\nok: true\nnone: ~\nlist: []\n": {"tier": 5, "layer": 0, "port": -1, "ok": True,
                                                                     "none": None, "list": []},
    "date: 2026-01-02\nversion: '1.0'\nflag: \"yes\"\nid: 03-1-USA-000\n": {
        "date": "2026-01-02", "version": "1.0", "flag": "yes", "id": "03-1-USA-000"},
    "url: https://x.chitty.cc/{name}/a?b=1\nenv: ${TOKEN}\n": {"url": "https://x.chitty.cc/{name}/a?b=1",
                                                             "env": "${TOKEN}"},
    "text: >-\n  folded\n  lines\nkeep: |\n  a\n\n  b\n": {"text": "folded lines", "keep": "a\n\nb\n"},
    "---\n- a: 1\n  b: [x, {y: z}]\n": [{"a": 1, "b": ["x", {"y": "z"}]}],
}


@pytest.mark.parametrize("text", list(CLEAN))
def test_plain_texts_take_the_fast_path_with_pyyamls_values(text):
    assert fast(text) == CLEAN[text] == reference(text)[0]
    assert repr(fast(text)) == repr(reference(text)[0])  # the same keys in the same order


def test_text_values_another_type_in_yaml_1_1_are_taken_only_quoted():
    assert fast("a: 'yes'\nb: \"1:20\"\n") == {"a": "yes", "b": "1:20"}
    assert fast("a: 'yes'\nb: yes\n") is fast_yaml.UNSURE  # `yes` unquoted too: which one is the text is unknown
    assert fast("a: 'true'\nb: true\n") == {"a": "true", "b": True}  # yaml-rs reads `true` as a boolean unquoted


def test_integers_only_where_every_word_read_as_one_is_decimal():
    assert fast("a: 1\nb: -12\nc: word 0755\n") is fast_yaml.UNSURE  # 0755 would be read as an integer elsewhere
    assert fast("a: 1\nb: text 1_000 here\n") is fast_yaml.UNSURE
    assert fast("a: 1\nb: release 3.\nc: 2026-01-02\n") == {"a": 1, "b": "release 3.", "c": "2026-01-02"}
    assert fast("a: 0755 words\n") == {"a": "0755 words"}  # no integer in the values: nothing to doubt


def test_the_words_an_integer_could_be_are_found_as_pythons_lookbehind_finds_them():
    """The words in doubt are found on RE2, which has no lookbehind: a word at the text's start, and one after a
    space or flow character, where `patterns.PYTHON_SPACES` must be what Python's `\\s` takes, character for character."""
    import re

    spaces = re.compile(f"[{PYTHON_SPACES}]")
    assert all(bool(re.match(r"\s", c)) is bool(spaces.match(c)) for c in map(chr, range(sys.maxunicode + 1)))
    lookbehind = re.compile(r"(?<![^\s,\[\]{}:#])[-+_.0-9][0-9A-Za-z_+.-]*")
    pieces = [*" \n,[]{}:#-+_.0aZ", "\xa0", "\u2003", "\u3000", "\x85", "\u2028", "é", "07", "1_0", "x9"]
    generator = random.Random(7)
    for _ in range(20_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 16)))
        first = fast_yaml._FIRST_NUMBER_WORD(text)
        found = fast_yaml._NUMBER_WORDS(text) + ([first.group()] if first else [])
        assert sorted(found) == sorted(lookbehind.findall(text)), repr(text)


def test_what_is_looked_up_is_bounded():
    """A value or word in doubt costs a parse or a count over the whole text: past MAX_DOUBTS of them, PyYAML
    parses the text, so a file of thousands stays linear."""
    doubts = fast_yaml.MAX_DOUBTS
    quoted = "".join(f"k{i}: '1:{i % 60:02d}:{i // 60}'\n" for i in range(doubts))
    assert fast(quoted) is not fast_yaml.UNSURE
    assert fast(quoted + f"k: '1:00:{doubts}'\n") is fast_yaml.UNSURE
    words = "n: 1\nwords: " + " ".join(f"{i}.0a" for i in range(doubts)) + "\n"  # each looks like a number
    assert fast(words) is not fast_yaml.UNSURE
    assert fast(words.replace("words: ", f"words: {doubts}.0a ")) is fast_yaml.UNSURE


def test_deep_nesting_never_reaches_yaml_rs():
    """yaml-rs recurses once per level and, at some 20,000, overflows the stack and ends the process: each text is
    refused in a child process, which would die with it."""
    texts = ["- " * 30_000 + "x\n", "a: " + "[" * 30_000 + "]" * 30_000 + "\n", "a: " + "{a: " * 30_000 + "\n",
             "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x: 1\n",
             "".join(" " * i + "-\n" for i in range(60)) + " " * 60 + "x\n",
             "".join("  " * i + f"k{i}:\n" + "  " * i + "-\n" for i in range(30)) + "  " * 30 + "x\n"]
    code = ("import sys\nfrom getchitty import fast_yaml\n"
            "sys.exit(0 if fast_yaml.values(sys.stdin.read(), 100) is fast_yaml.UNSURE else 1)")
    for text in texts:
        run = subprocess.run([sys.executable, "-c", code], input=text, text=True, capture_output=True, timeout=60)
        assert run.returncode == 0, (text[:40], run.returncode, run.stderr[-300:])


def test_the_implicit_types_are_pyyamls():
    """fast_yaml writes PyYAML's table out rather than importing PyYAML: the two stay equal. Taking the whitespace
    out of a verbose pattern keeps its meaning only outside a character class; none of these has any there."""
    import re

    import yaml

    resolvers = yaml.SafeLoader.yaml_implicit_resolvers
    typed = {regexp for entries in resolvers.values() for tag, regexp in entries
             if tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")}
    assert all(regexp.flags & re.X or not re.search(r"\s", regexp.pattern) for regexp in typed)
    assert not any(re.search(r"\[[^\]]*\s", regexp.pattern) for regexp in typed)
    assert sorted(fast_yaml._TYPED_PATTERNS) == sorted({re.sub(r"\s+", "", regexp.pattern) for regexp in typed})
    assert frozenset(first for first in resolvers if first) == fast_yaml._TYPED_STARTS


def test_the_repository_sources_read_the_same_and_mostly_fast():
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "etc").rglob("*.y*ml"))]
    assert len(texts) > 40
    assert [disagreement(text) for text in texts] == [None] * len(texts)
    assert sum(fast(text) is not fast_yaml.UNSURE for text in texts) >= 0.8 * len(texts)


# -- the generators ------------------------------------------------------------------------------------------------

SCALARS = [
    "a", "b c", "yes", "No", "on", "OFF", "y", "n", "true", "False", "TRUE", "tRUE", "null", "Null", "nULL", "~", "",
    "0", "00", "08", "0755", "0o17", "0O17", "0x1F", "0X1F", "0b101", "0B101", "1_000", "_1", "1_", "+_1", "1__0",
    "1e3", "1.0e3", "1.0e+3", ".5", "+.5", "1.", "-1", "+1", "-0", "0.", "0_0", "1:20", "07:30", "190:20:30", ".inf",
    "-.Inf", ".nan", "NaN", "=", "<<", "2024-01-02", "2024-01-02T10:00:00Z", "03-1-USA", "1.2.3", "٣", "１",
    "1" * 4300, "1" * 4301, "1_" * 2200 + "1", "http://x.y/z?q=1#f", "${X}", "a{b}", "x/{y}", "a[0]", "[a]b", "a}b",
    "^[A-Z][A-Z0-9_]*$", "a^[b", "x*[y]", "a+{b}", "(x)[y]", "a][b", "a}{",
    "a: b", "a #b", "a#b", "a:b", "-a", "- a", "?a", "? a", ":a", ",a", "@a", "`a", "%a", "|a", ">a", "!x", "&x", "*x",
    "'a'", '"a"', "'it''s'", "'[a]'", '"{a: b}"', '"a\\tb"', '"\\/"', "é", "日本", "😀", "\u00a0x", "a\u2028b",
    "a\x85b", "a\tb", "a\rb", "\ufeffa", "a\x00b", "very " * 30, "k" * 1100, "|", ">", "|-", ">+", "|2", "[]", "{}",
    "[a, b]", "{a: 1}", "[a: 1]", "{a, b}", "[a, [b, c]]", "{a: [1, 2]}", "[a,\nb]", "'multi\n  line'", "'multi\nline'",
    '"dq\nline"', "plain\ncont", "plain\n cont", "a\n\n  b", "x #", "'", '"', "''", "[", "]", "{", "}", "#", "-", "---",
    "...",
]
KEYS = ["a", "b", "c", "1", "01", "true", "on", "null", "~", "1.5", "=", "'q'", '"on"', "k k", "k:k", "k#k", "é",
        "x" * 600, "x" * 1030, "? a", "-", "[a]", "{a: 1}", "&a a", "!t a", "<<", "2024-01-01", "a{b}", "${K}", "a "]
FLOW_TOKENS = ["a", "b c", "?a", ": a", "-a", "|a", ">a", "a:b", "a: b", "a :b", "'q'", '"q"', "[]", "{}", "a#b",
               "a #b", "@a", "1", "0755", "_1", "yes", "null", "", " ", "http://x/y?z=1", "a]", "x\n y", "?", ":", "-"]


def _scalar(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(SCALARS) + rng.choice([" ", "", ":", "#", " #", ": ", "-", "\n"]) + rng.choice(SCALARS)
    return rng.choice(SCALARS)


def _flow(rng: random.Random, depth: int = 0) -> str:
    def item() -> str:
        return rng.choice(FLOW_TOKENS) if rng.random() < 0.8 or depth > 1 else _flow(rng, depth + 1)
    if rng.random() < 0.5:
        return "[" + rng.choice([", ", ","]).join(item() for _ in range(rng.randint(0, 3))) + "]"
    pairs = (rng.choice(FLOW_TOKENS) + rng.choice([": ", ":", ""]) + item() for _ in range(rng.randint(0, 3)))
    return "{" + ", ".join(pairs) + "}"


def _block(rng: random.Random, depth: int, indent: int) -> list[str]:
    lines: list[str] = []
    mapping = rng.random() < 0.55 or depth > 3
    for _ in range(rng.randint(1, 4)):
        lead = " " * indent + (f"{rng.choice(KEYS) if rng.random() < 0.3 else rng.choice('abcde')}:" if mapping
                               else "-")
        if rng.random() < 0.3 and depth < 4:
            lines.append(lead)
            lines += _block(rng, depth + 1, indent + rng.choice([2, 2, 4, 1, 0, 3]))
        else:
            lines.append(f"{lead} {_flow(rng) if rng.random() < 0.15 else _scalar(rng)}")
    if rng.random() < 0.15:
        lines.insert(rng.randrange(len(lines)), " " * rng.randint(0, 6) + rng.choice(
            ["# c", "", "|", ">", "  more text", "- x", "x: |", "---", "...", "? q", ": v", "\t", "z:"]))
    return lines


def documents(rng: random.Random):
    while True:
        text = "\n".join(_block(rng, 0, 0)) + rng.choice(["\n", "", "\n\n", "\n# end\n"])
        yield ("---\n" + text) if rng.random() < 0.05 else text


MUTATIONS = list(" \n:-#'\"[]{},|>?!&*%@`~.0123456789abcyYnN_") + ["  ", "\n  ", ": ", "- ", " #", "\t", "é"]


def mutants(rng: random.Random):
    sources = [path.read_text(encoding="utf-8") for path in sorted((REPO / "etc").rglob("*.y*ml"))
               if path.stat().st_size < 20_000]
    while True:
        lines = rng.choice(sources).split("\n")
        for _ in range(rng.randint(1, 3)):
            at, choice = rng.randrange(len(lines)), rng.random()
            line = lines[at]
            if choice < 0.25:
                body = line.lstrip(" ")
                lines[at] = " " * max(0, len(line) - len(body) + rng.choice([-4, -2, -1, 1, 2, 4])) + body
            elif choice < 0.35:
                lines.insert(at, lines[rng.randrange(len(lines))])
            elif choice < 0.45 and len(lines) > 1:
                del lines[at]
            elif choice < 0.55:
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], lines[at]
            else:
                cut = rng.randint(0, len(line))
                lines[at] = (line[:cut] + line[cut + 1:]) if rng.random() < 0.5 and line[cut:] else \
                    line[:cut] + rng.choice(MUTATIONS) + line[cut:]
        yield "\n".join(lines)


ALPHABET = ["a", "b", "1", "0", "_", "^", "*", "(", "@", ":", " ", " ", "\n", "\n", "-", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">",
            "?", ".", "~", "y", "n", "$", "/", "=", "+", "e", "x", "o", "é", ": ", "- ", "\n  ", "\n- ", "a: ", "\n  a: "]


def strings(rng: random.Random):
    while True:
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 30))) + "\n"


@pytest.mark.parametrize(("generator", "count", "fast_at_least"), [
    (documents, 60_000, 4_000), (mutants, 15_000, 4_000), (strings, 200_000, 5_000)])
def test_generated_texts_agree(generator, count, fast_at_least):
    texts = generator(random.Random(20261207))
    taken = 0
    for _ in range(count):
        text = next(texts)
        assert disagreement(text) is None, (text, disagreement(text))
        taken += fast(text) is not fast_yaml.UNSURE
    assert taken >= fast_at_least  # the generator still reaches the fast path: the comparison is not vacuous


def test_a_cold_check_reads_sources_through_the_fast_path(monkeypatch):
    """Every YAML source a check parses goes through `values` first: counted here, for this repository."""
    from getchitty.engine import check

    calls: list[bool] = []
    original = fast_yaml.values
    monkeypatch.setattr(fast_yaml, "values", lambda text, depth: calls.append(True) or original(text, depth))
    check(REPO, use_cache=False)
    assert len(calls) >= len(list((REPO / "etc/chittyos/services").glob("*.yml")))



def test_the_characters_taken_as_plain_text_are_the_class_on_every_code_point():
    """The class is matched on RE2 (Python's engine took 5 ms to compile it): the same verdict on every code point
    but the surrogates, inside ASCII text; a surrogate, which UTF-8 cannot hold, sends the text to PyYAML."""
    import re

    python = re.compile(fast_yaml._NOT_PLAIN_TEXT)
    texts = (f"a{chr(code)}b\n" for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    assert [text for text in texts if fast_yaml._printable(text, text.encode()) is bool(python.search(text))] == []
    assert fast_yaml.values("a: x\ud800y\n", 100) is fast_yaml.UNSURE
