"""The scheduled sync workflow: what it runs, with which permissions, and with which actions."""

from __future__ import annotations

import re

from test_workflows import WORKFLOWS, actionlint, load, runs, steps

SYNC = WORKFLOWS / "sync.yml"


def test_sync_workflow_passes_actionlint():
    done = actionlint(str(SYNC.relative_to(WORKFLOWS.parents[1])))
    assert done.returncode == 0, done.stdout + done.stderr


def test_sync_runs_weekly_and_on_demand():
    workflow = load(SYNC)
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert day == month == "*" and weekday.isdigit()
    assert "workflow_dispatch" in workflow["on"]


def test_sync_then_check_then_pull_request_with_git_and_gh():
    workflow = load(SYNC)
    script = runs(workflow, "sync")
    assert script.index("getchitty sync") < script.index("getchitty check") < script.index("gh pr create")
    assert "gh pr edit" in script and "git push" in script and "etc/federation" in script
    used = [step["uses"] for step in steps(workflow, "sync") if "uses" in step]
    assert all(re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action) for action in used), used


def test_sync_asks_only_for_what_it_writes():
    workflow = load(SYNC)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["sync"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    text = SYNC.read_text(encoding="utf-8")
    for permission in ("contents: write", "pull-requests: write"):
        assert re.search(rf"{permission}\s+# \S", text), f"{permission} needs a comment saying why"
