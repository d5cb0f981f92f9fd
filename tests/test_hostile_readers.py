"""No upstream file can stall a sync: the readers' CPU time and memory on the largest files sync accepts.

Two CODEOWNERS files of 61 KiB each (compared with each other, probed for every declaration file) and a
2 MiB CHARTER.md, in the shapes that made the earlier readers quadratic. Each case runs in a process of its
own and bounds the CPU seconds it spends (and, for the charter, its peak memory): generous for linear work
on a busy machine, far below what the quadratic versions took (over 20 s for the CODEOWNERS pair, 25 s and
about 800 MB for the charter). bench/hostile_bench.py times the same cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from engine_support import REPO

KIB = 1024
CODEOWNERS_SIZE = 61 * KIB
CHARTER_SIZE = 2 * 1024 * KIB - 4 * KIB  # under sync's 2 MiB per file

# One line of each hostile shape, from its number and the owner it names.
CODEOWNERS_LINES = {
    "distinct literal paths": "'/src/dir%d/file%d.py @org/team%d' % (i, i, o)",
    "long patterns of many segments": "'/' + 'a*/' * 150 + '%d @o%d' % (i, o)",
    "stars that almost match": "'**/' + '*a' * 100 + '%d @o%d' % (i, o)",
}
CHARTER_UNITS = {
    "bullets": "- an item the readers cannot place\\n",
    "table rows": "| a | b | c |\\n",
    "paragraphs": "Some text the readers cannot place.\\n\\n",
    "dependency rows": "| Upstream | ChittyX | y |\\n",
}


def run(code: str) -> dict:
    """Run `code` in a fresh interpreter; it prints a JSON object on its last line."""
    script = textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("shape", sorted(CODEOWNERS_LINES))
def test_two_61_kib_codeowners_files_are_read_and_compared_in_bounded_cpu_time(shape):
    measured = run(f"""
        import json, time
        from getchitty.federation.tree import read_files

        def fill(owner):
            lines, size, i = [], 0, 0
            while size < {CODEOWNERS_SIZE}:
                o = owner
                line = {CODEOWNERS_LINES[shape]}
                lines.append(line)
                size += len(line) + 1
                i += 1
            return ("\\n".join(lines) + "\\n").encode()

        files = {{"CODEOWNERS": fill(1), ".github/CODEOWNERS": fill(2), "CHARTER.md": b"# X\\n"}}
        files.update({{f"registrations/r{{n}}.json": b'{{"name": "r"}}' for n in range(50)}})
        start = time.process_time()
        snap = read_files(files, "chittyos/chittyx", "c" * 40)
        print(json.dumps({{"cpu": time.process_time() - start,
                          "rules": sum(1 for f in snap.facts if f.field == "codeowners_rule"),
                          "disagree": [p.line for p in snap.problems if p.rule_id == "federation/codeowners-disagree"]}}))
    """)
    assert measured["cpu"] < 5.0, measured
    assert measured["rules"] > 200  # every line was read
    assert measured["disagree"]  # and the two files were compared


@pytest.mark.parametrize("shape", sorted(CHARTER_UNITS))
def test_a_2_mib_charter_is_read_in_bounded_cpu_time_and_memory(shape):
    measured = run(f"""
        import json, resource, time
        from getchitty.federation.tree import read_files

        head = "# X Charter\\n\\n## Classification\\n- **Tier**: 2\\n\\n## Dependencies\\n\\n| Type | Service | Purpose |\\n|---|---|---|\\n"
        unit = "{CHARTER_UNITS[shape]}"
        text = head + unit * (({CHARTER_SIZE} - len(head)) // len(unit))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.process_time()
        snap = read_files({{"CHARTER.md": text.encode()}}, "chittyos/chittyx", "c" * 40)
        print(json.dumps({{"cpu": time.process_time() - start, "size": len(text.encode()),
                          "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
                          "cut": [p.line for p in snap.problems if p.rule_id == "federation/unreadable-file"],
                          "tier": [f.value for f in snap.facts if f.field == "tier"]}}))
    """)
    assert measured["size"] > 2_000_000
    assert measured["cpu"] < 6.0, measured
    assert measured["grew_mb"] < 250, measured
    assert measured["tier"] == [2] and len(measured["cut"]) == 1  # read up to the limit, and said so
