"""axe-core in a Playwright page: the accessibility findings a page has, as plain dicts.

axe-core comes from npm (package.json pins it; tools/test-deps runs `npm ci`) and is
injected from node_modules as an inline script, so checking a page makes no request.
Only "serious" and "critical" findings fail a test by default; the others are
reported by `describe` when a test wants to show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# WCAG 2.x A and AA, plus axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_problem() -> str | None:
    if not AXE.is_file():
        return f"{AXE} is missing: run tools/test-deps (npm ci) to install axe-core"
    return None


def run_axe(page: Page, *, tags: Iterable[str] = TAGS, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every violation axe-core finds on the page as it is now, with the nodes concerned."""
    problem = axe_problem()
    if problem:
        raise AssertionError(problem)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document;
            return await window.axe.run(context, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
        }""",
        [list(tags), list(exclude)],
    )
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "helpUrl": v["helpUrl"],
             "nodes": [{"target": n["target"], "html": n["html"], "summary": n.get("failureSummary", "")}
                       for n in v["nodes"]]}
            for v in result["violations"]]


def blocking_violations(page: Page, *, impacts: Iterable[str] = BLOCKING, **options) -> list[dict[str, Any]]:
    """The violations of the given impacts (serious and critical by default)."""
    wanted = set(impacts)
    return [v for v in run_axe(page, **options) if v["impact"] in wanted]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} - {v['help']} ({len(v['nodes'])} node(s))")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]!r}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      ")[:400])
    return "\n".join(lines) or "no violation"
