"""Faster YAML parsers on the package index, measured against the engine's two ways of reading YAML.

    python bench/yaml_bench.py [--n 5000] [--repeat 3] [--json OUT]

Parsing is most of a cold check. The engine reads a source with yaml-rs where
generator/fast_yaml.py shows its values are PyYAML's, and with its own
composition over PyYAML's C parser otherwise (and for every position a
finding needs). Measured here side by side in one run:

  speed      the N synthetic manifests of bench/synth.py to Python data: the engine
             (load.parse), its PyYAML path alone, and each parser as it is called
             in a loop over the files (best of --repeat); with the share of the
             manifests the engine read with yaml-rs
  positions  a line and column for every key and value of a source, counted as
             editors count them (load.LineIndex): what every finding needs
  behaviour  the bad inputs the engine's tests cover, each expected to give what
             getchitty gives: duplicate keys, an alias bomb, tags, YAML 1.1
             scalars, merge keys, complex keys, nesting, tabs, line separators,
             encodings

A parser would replace PyYAML only if it wins on all three. Candidates:
rapidyaml (C++; its Python binding gives a tree, walked here into data with
scalars left as text, which only favours it), yaml-rs and fastyaml-rs (Rust).
They are installed with pip into bench/out/yaml-parsers on first use.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import synth  # noqa: E402

from getchitty import fast_yaml, load, pyyaml_path  # noqa: E402
from getchitty.reading import MAX_DEPTH  # noqa: E402

PARSERS = BENCH / "out" / "yaml-parsers"
PACKAGES = {"rapidyaml": "ryml", "yaml-rs": "yaml_rs", "fastyaml-rs": "fast_yaml"}  # distribution → module


def candidates() -> tuple[dict[str, Callable[[str], Any]], list[str]]:
    """Each parser as a function from text to data (raising on what it refuses), and notes on those missing."""
    notes = []
    missing = [dist for dist, module in PACKAGES.items() if not _importable(module)]
    if missing:
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--target", str(PARSERS), *missing], capture_output=True, text=True)
        if done.returncode != 0:
            notes.append(f"pip could not install {', '.join(missing)}: {done.stderr.strip().splitlines()[-1:]}")
        sys.path_importer_cache.pop(str(PARSERS), None)  # looked up while the folder did not exist yet
        importlib.invalidate_caches()
    sys.path.insert(0, str(PARSERS))
    found: dict[str, Callable[[str], Any]] = {}
    with contextlib.suppress(ImportError):
        import ryml
        found["rapidyaml"] = lambda text: _ryml_data(ryml, text)
    with contextlib.suppress(ImportError):
        import yaml_rs
        found["yaml-rs"] = lambda text: yaml_rs.loads(text, parse_datetime=False)
    with contextlib.suppress(ImportError):
        import fast_yaml
        found["fastyaml-rs"] = fast_yaml.safe_load
    notes += [f"{dist}: not available" for dist in PACKAGES if dist not in found]
    return found, notes


def _importable(module: str) -> bool:
    sys.path.insert(0, str(PARSERS))
    try:
        __import__(module)
        return True
    except ImportError:
        return False
    finally:
        sys.path.remove(str(PARSERS))


@contextlib.contextmanager
def _quiet_stderr():
    """Standard error closed at the descriptor: rapidyaml's C++ side prints every parse error there itself."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _ryml_data(ryml: Any, text: str) -> Any:
    """rapidyaml's tree walked into data; every scalar stays text (a lower bound on a full loader's cost)."""
    with _quiet_stderr():
        tree = ryml.parse_in_arena(text.encode("utf-8"))

    def walk(node: int) -> Any:
        if tree.is_map(node):
            out = {}
            child = tree.first_child(node)
            while child != ryml.NONE:
                out[bytes(tree.key(child)).decode()] = walk(child)
                child = tree.next_sibling(child)
            return out
        if tree.is_seq(node):
            items = []
            child = tree.first_child(node)
            while child != ryml.NONE:
                items.append(walk(child))
                child = tree.next_sibling(child)
            return items
        return bytes(tree.val(node)).decode() if tree.has_val(node) else None

    return walk(tree.root_id())


ENGINE = "getchitty (load.parse: yaml-rs where sure)"
PYYAML_PATH = "getchitty's PyYAML path (pyyaml_path.parse)"


class Refused(ValueError):
    """What getchitty reports instead of data: the kind of its finding (load.Failure)."""


def getchitty_data(text: str) -> Any:
    """What the engine makes of a file holding `text`: its data, or the failure a finding reports."""
    loaded = load.load_bytes(REPO, "input.yml", text.encode("utf-8", "surrogatepass"))
    if loaded.document is None:
        raise Refused(loaded.errors[0].failure.value)
    return loaded.document.data


# -- speed -------------------------------------------------------------------------------------------------


def speed(parsers: dict[str, Callable[[str], Any]], texts: list[str], repeat: int) -> dict[str, float | str]:
    seconds: dict[str, float | str] = {}
    for name, parse in parsers.items():
        best = None
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                for text in texts:
                    parse(text)
            except Exception as exc:  # a parser that cannot read the manifests at all has no time
                seconds[name] = f"fails: {type(exc).__name__}"
                break
            spent = time.perf_counter() - started
            best = spent if best is None else min(best, spent)
        else:
            seconds[name] = best if best is not None else "n/a"
    return seconds


# -- positions ---------------------------------------------------------------------------------------------


def positions(texts: list[str]) -> dict[str, str]:
    """How each parser places the nodes of the given sources, against the editor's count."""
    wrong = total = 0
    for text in texts:
        lines = load.LineIndex(text)
        stack = [yaml.compose(text, Loader=yaml.CSafeLoader)]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            total += 1
            if (node.start_mark.line + 1, node.start_mark.column + 1) != lines.position(node.start_mark.index):
                wrong += 1
            if isinstance(node, yaml.MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
    return {
        "PyYAML C (marks, via load.LineIndex)": f"every node: {total:,} nodes; its own line/column differs on {wrong:,} "
                                                "(line separators), which LineIndex corrects from the offset",
        "rapidyaml": "none for nodes: its Python binding gives a location only with a parse error",
        "yaml-rs": "none for nodes: line and column only in an error message",
        "fastyaml-rs": "none for nodes: a Mark only with an error",
    }


# -- behaviour ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    text: str


BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(6))
CASES = [
    Case("duplicate key", "a: 1\nb: 2\na: 3\n"),
    Case("alias bomb (billion laughs)", BOMB),
    Case("python tag", "a: !!python/object/apply:os.system ['true']\n"),
    Case("unknown tag", "a: !foo bar\n"),
    Case("binary tag kept as text", "a: !!binary aGVsbG8=\n"),
    Case("dates kept as text", "a: 2024-01-02\nb: 2024-01-02T10:00:00Z\n"),
    Case("YAML 1.1 booleans", "a: yes\nb: no\nc: on\nd: off\n"),
    Case("YAML 1.1 numbers", "a: 0755\nb: 1_000\nc: 1:20\nd: 0x1F\ne: 1e3\n"),
    Case("keys kept as written", "1: a\ntrue: b\non: c\n"),
    Case("merge key", "x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n"),
    Case("complex key", "? [a, b]\n: c\n"),
    Case("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
    Case("tab indentation", "a:\n\t- b\n"),
    Case("unclosed flow", "a: [1, 2\nb: 3\n"),
    Case("next-line character in a value", 'a: "x\u0085y"\nb: c\n'),
    Case("line separator in a value", 'a: "x\u2028y"\nb: c\n'),
    Case("byte-order mark", "\ufeffa: 1\n"),
    Case("integer of 5,000 digits", "a: " + "9" * 5000 + "\n"),
]


def outcome(parse: Callable[[str], Any], text: str) -> tuple[str, Any]:
    try:
        return "data", parse(text)
    except RecursionError:
        return "error", "recursion"
    except Refused as exc:
        return "error", str(exc)
    except Exception as exc:
        return "error", type(exc).__name__


def behaviour(parsers: dict[str, Callable[[str], Any]]) -> dict[str, list[tuple[str, bool, str]]]:
    """Per parser: (case, same as getchitty, what it gave)."""
    found: dict[str, list[tuple[str, bool, str]]] = {name: [] for name in parsers}
    for case in CASES:
        kind, expected = outcome(getchitty_data, case.text)
        for name, parse in parsers.items():
            got_kind, got = outcome(parse, case.text)
            same = got_kind == kind and (kind == "error" or got == expected)
            shown = f"refused ({got})" if got_kind == "error" else _short(got)
            found[name].append((case.name, same, shown))
    return found


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        text = "a number of more than 4,300 digits"
    return text if len(text) <= 70 else text[:67] + "..."


# -- report ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="synthetic manifests to parse (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per parser; the best counts (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    start_load = os.getloadavg()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in start_load)}")
    found, notes = candidates()
    for note in notes:
        print(f"  {note}")
    parsers: dict[str, Callable[[str], Any]] = {
        ENGINE: getchitty_data,
        PYYAML_PATH: lambda text: pyyaml_path.parse("input.yml", text)[0],
        "PyYAML C (yaml.load CSafeLoader)": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
        **found,
    }
    with tempfile.TemporaryDirectory(prefix="getchitty-yaml-bench-") as tmp:
        root = synth.generate(args.n, Path(tmp) / "eco")
        texts = [path.read_text(encoding="utf-8") for path in sorted((root / "etc/chittyos/services").glob("*.yml"))]
    sources = [path.read_text(encoding="utf-8") for path in sorted((REPO / "etc/chittyos").rglob("*.yml"))]
    sources += [case.text for case in CASES if "separator" in case.name or "next-line" in case.name]

    timed = speed(parsers, texts, args.repeat)
    base = timed[PYYAML_PATH]
    fast = sum(fast_yaml.values(text, MAX_DEPTH) is not fast_yaml.UNSURE for text in texts)
    print(f"\nspeed: {len(texts):,} manifests ({sum(map(len, texts)) / 1e6:.1f} MB) to data, best of {args.repeat}")
    for name, seconds in timed.items():
        ratio = f"{base / seconds:.1f}x the PyYAML path's speed" if isinstance(seconds, float) and isinstance(base, float) \
            else ""
        print(f"  {name:50} {seconds if isinstance(seconds, str) else f'{seconds:7.3f} s'}  {ratio}")
    print(f"  the engine read {fast:,} of the {len(texts):,} manifests with yaml-rs, the others with PyYAML")

    placed = positions(sources)
    print(f"\npositions (this repository's {len(sources) - 2} model and manifest files, and two values holding line "
          "separators):")
    for name, text in placed.items():
        print(f"  {name:42} {text}")

    behaved = behaviour(found)
    print(f"\nbehaviour on {len(CASES)} bad or tricky inputs, against what getchitty does today:")
    for name, rows in behaved.items():
        print(f"  {name}: {sum(same for _, same, _ in rows)} of {len(rows)} the same")
        for case, same, shown in rows:
            if not same:
                expected = outcome(getchitty_data, next(c.text for c in CASES if c.name == case))
                wanted = f"refused ({expected[1]})" if expected[0] == "error" else _short(expected[1])
                print(f"    differs: {case}: gives {shown}; getchitty {wanted}")

    print("\nverdict as the only parser (adopted only if faster, placing every node, and behaving the same on every case):")
    verdicts = {}
    for name in found:
        faster = isinstance(timed[name], float) and isinstance(base, float) and timed[name] < base
        same = all(same for _, same, _ in behaved[name])
        verdicts[name] = "adopt" if faster and same and not placed[name].startswith("none") else "reject"
        reasons = [("faster" if faster else "not faster"), "no node positions" if placed[name].startswith("none")
                   else "positions", "same behaviour" if same else "different behaviour"]
        print(f"  {name:12} {verdicts[name]}: {', '.join(reasons)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "bench": "yaml", "load": [start_load, os.getloadavg()], "n": len(texts), "seconds": timed, "fast": fast,
            "engine": ENGINE, "pyyaml_path": PYYAML_PATH,
            "positions": placed,
            "behaviour": {name: [list(row) for row in rows] for name, rows in behaved.items()}, "verdicts": verdicts,
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
