"""The scheduled sync workflow: what it runs, with which permissions, and with which actions."""

from __future__ import annotations

import re
from datetime import date, timedelta

from engine_support import run_cli, write
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


def test_sync_reports_waivers_about_to_expire():
    """The run shows them as notices (--format github), in its summary and in the pull request's description."""
    workflow = load(SYNC)
    report = next(step["run"] for step in steps(workflow, "sync") if step.get("name") == "Report waivers about to expire")
    assert "getchitty check . --format github" in report and "GITHUB_STEP_SUMMARY" in report
    assert "notice\\[waivers/expiring\\]" in report
    assert "notice\\[waivers/expiring\\]" in runs(workflow, "sync").split("gh auth setup-git")[1]


def test_an_expiring_waiver_is_a_notice_in_every_format_the_workflow_reads(eco, capsys):
    soon = (date.today() + timedelta(days=12)).isoformat()
    manifest = eco / "etc/chittyos/services/chittyauth.yml"
    manifest.write_text(manifest.read_text().replace("depends_on: [chittyid]", "depends_on: [chittyid, chittyledger]"))
    write(eco, "etc/chittyos/waivers.yml", f"""\
        waivers:
          - rule: deps/upward
            entity: chittyauth
            reason: The ledger moves to Core next quarter.
            owner: "@chittyos/platform"
            expires: "{soon}"
        """)
    code, out, _ = run_cli(capsys, "check", "--format", "github", str(eco))
    assert code == 0
    [notice] = [line for line in out.splitlines() if "title=waivers/expiring" in line]
    assert notice.startswith("::notice file=etc/chittyos/waivers.yml,line=2,")
    assert f"expires in 12 days ({soon})" in notice
    code, out, _ = run_cli(capsys, "check", "--notices", str(eco))  # as the workflow runs it
    assert code == 0 and "notice[waivers/expiring]" in out
    assert "getchitty check . --notices > check.txt" in SYNC.read_text(encoding="utf-8")
