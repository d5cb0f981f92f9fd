"""Every fact of every committed snapshot cites a line that states it.

For each fact in etc/federation/snapshot/**, the cited `path:line` of the
repository's export folder in etc/upstream/ecosystem/ must hold the value or
the key it is stated under. Values are compared as authors write them:
Markdown markup, look-alike characters and case do not count; a list is
stated by its first item, a mapping by one of its values or its item key; a
value that runs over several lines starts on the cited one; a list or mapping
written under its key (`required_labels:` then the items) is stated by the key
line, its first item following. The only facts about a file rather than a line
(a charter's link) cite the file's first line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from engine_support import REPO

from getchitty.federation.markdown import normalize, plain
from getchitty.federation.snapshot import load_text
from getchitty.federation.values import Fact, Provenance

SNAPSHOTS = REPO / "etc/federation/snapshot"
UPSTREAM = REPO / "etc/upstream/ecosystem"
_URL = re.compile(r"https?://[^\s)`'\"]+")
FOLLOWING = 6  # lines below a key line in which its list or mapping starts
# Facts that state an entry itself (a registry entry, a registration, a manifest, an onboarding page), cited
# where the entry is named.
ENTRY_FACTS = ("registered", "registration", "manifest", "onboarding.page")
# A key with its list or mapping below: `required_labels:`, `"routes": [`, `crons = [`.
_KEY_LINE = re.compile(r"""^\s*(?:-\s+)?["']?[\w.$-]+["']?\s*[:=]\s*[\[{]?\s*$""")


def comparable(text: Any) -> str:
    return " ".join(plain(normalize(str(text))).replace("`", "").lower().split())


def needles(value: Any) -> list[str]:
    if isinstance(value, bool):
        return [str(value).lower(), "yes" if value else "no"]
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list):
        return needles(value[0]) if value else []
    if isinstance(value, dict):
        return [found for item in value.values() if not isinstance(item, bool) for found in needles(item)]
    return []


def key_needles(fact: Fact) -> list[str]:
    """The item key (a route's pattern after its environment), and the entry's name for an entry fact."""
    found = [fact.key, fact.key.split("/", 1)[-1]]
    if fact.field in ENTRY_FACTS:
        found.append(fact.subject.rsplit("/", 1)[-1])
    return [text for text in found if text]


def stated(fact: Fact, lines: list[str]) -> bool:
    number = fact.provenance.line
    if not 1 <= number <= len(lines):
        return False
    line = comparable(lines[number - 1])
    candidates = [comparable(text) for text in (*needles(fact.value), *key_needles(fact))]
    if any(candidate and candidate in line for candidate in candidates):
        return True
    if isinstance(fact.value, str):
        value = comparable(fact.value)
        if value[:24] and value[:24] in line:  # a value that runs over the following lines
            return True
        if any(comparable(url) in line for url in _URL.findall(fact.value)):  # a note rewritten around its URL
            return True
        if number == 1 and fact.value.endswith("/" + fact.provenance.path):  # a fact about the file itself
            return True
    if isinstance(fact.value, (list, dict)) and _KEY_LINE.match(lines[number - 1]):
        below = " ".join(comparable(text) for text in lines[number:number + FOLLOWING])
        return any(candidate and candidate in below for candidate in map(comparable, needles(fact.value)))
    return False


def export_folders() -> dict[str, Path]:
    found = {}
    for marker in sorted(UPSTREAM.glob("*/.snapshot")):
        found[str(yaml.safe_load(marker.read_text(encoding="utf-8"))["repository"]).lower()] = marker.parent
    return found


def test_every_fact_of_every_committed_snapshot_cites_a_line_that_states_it():
    folders = export_folders()
    checked, wrong = 0, []
    files = sorted(SNAPSHOTS.glob("*/*.yml"))
    assert files, "no committed snapshot"
    for path in files:
        snapshot = load_text(path.read_text(encoding="utf-8"), path.as_posix())
        folder = folders[snapshot.repository.lower()]
        texts: dict[str, list[str]] = {}
        for fact in snapshot.facts:
            where = fact.provenance
            if where.path not in texts:
                texts[where.path] = (folder / where.path).read_text(encoding="utf-8").splitlines()
            checked += 1
            if not stated(fact, texts[where.path]):
                shown = texts[where.path][where.line - 1] if 0 < where.line <= len(texts[where.path]) else "<no such line>"
                wrong.append(f"{snapshot.repository} {where.location} {fact.field} {str(fact.value)[:60]!r}: {shown.strip()[:80]!r}")
    assert checked > 1500
    assert wrong == [], f"{len(wrong)} of {checked} facts cite a line that does not state them:\n" + "\n".join(wrong)


def test_the_comparison_tells_a_stating_line_from_another():
    def fact(value: Any, line: int, key: str = "", subject: str = "x", field: str = "f") -> Fact:
        return Fact(subject, field, value, Provenance("o/r", "c" * 40, "f.txt", line), key)

    lines = ['  {', '    "pattern": "x.chitty.cc/*",', '  }', "required_labels:", "  - security-approved",
             "- **User profile store** — canonical writer for `neon_auth.user`,", "  and more"]
    assert not stated(fact({"pattern": "x.chitty.cc/*"}, 1), lines)
    assert stated(fact({"pattern": "x.chitty.cc/*"}, 2), lines)
    assert stated(fact(["security-approved", "docs-approved"], 4), lines)
    assert not stated(fact(["docs-approved"], 4), lines)
    assert stated(fact("User profile store — canonical writer for neon_auth.user, and more", 6), lines)
    assert not stated(fact("User profile store", 7), lines)
    assert not stated(fact("x", 99), lines)
    registry = ["organizations:", "  CHITTYOS:", "    services:", "      chittyx:", "        tier: 2"]
    assert stated(fact("CHITTYOS", 2, subject="chittyx", field="organization"), registry)
    assert not stated(fact("CHITTYOS", 4, subject="chittyx", field="organization"), registry)
    assert stated(fact(True, 4, subject="chittyos/chittyx", field="registered"), registry)
