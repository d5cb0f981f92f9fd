"""Formatters: text, json and github, on hand-made findings and on real checks (SARIF: test_sarif.py)."""

from __future__ import annotations

import json

import pytest
from engine_support import run_check, run_cli, write
from sarif_support import sarif_validate

from getchitty.report import FORMATTERS, format_github, format_json, format_text, summary
from getchitty.rules.registry import CATALOGUE
from getchitty.violations import Severity, Violation, Waiver

ERROR = Violation("deps/upward", Severity.ERROR, "etc/chittyos/services/chittyauth.yml", 14, 24,
                  "chittyauth (layer 2) depends on chittyledger (layer 3)", "Depend only on lower layers.",
                  entity="chittyauth", field="depends_on")
WARNING = Violation("waivers/unused", Severity.WARNING, "etc/chittyos/waivers.yml", 2, 5,
                    "waiver for deps/cycle on chittyid matches no finding", "Delete the waiver.", entity="chittyid")
WAIVER = Waiver("deps/unknown", "chittysync", "Ghost ships in Q3.", "@chittyos/platform", "2099-12-31",
                path="etc/chittyos/waivers.yml", written_at=(7, 5))
WAIVED = Violation("deps/unknown", Severity.ERROR, "etc/chittyos/services/chittysync.yml", 9, 40,
                   "'chittyghost' has no manifest", "Fix the name.", entity="chittysync", field="depends_on", waiver=WAIVER)
ALL = [ERROR, WARNING, WAIVED]


# --- summary -------------------------------------------------------------------------


def test_summary():
    assert summary(ALL) == {"errors": 1, "warnings": 1, "waived": 1, "notices": 0}
    assert summary([]) == {"errors": 0, "warnings": 0, "waived": 0, "notices": 0}


# --- text -------------------------------------------------------------------------------


def test_text_lists_waived_findings_when_asked():
    assert format_text(ALL, CATALOGUE, show_waived=True) == (
        "etc/chittyos/services/chittysync.yml:9:40: waived error[deps/unknown] 'chittyghost' has no manifest\n"
        "    waived until 2099-12-31 (@chittyos/platform): Ghost ships in Q3.\n"
        "etc/chittyos/waivers.yml:2:5: warning[waivers/unused] waiver for deps/cycle on chittyid matches no finding\n"
        "    hint: Delete the waiver.\n"
        "etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)\n"
        "    hint: Depend only on lower layers.\n"
        "1 error, 1 warning, 1 waived\n"
    )


def test_text_counts_waived_findings_on_one_line_by_default():
    assert format_text(ALL, CATALOGUE) == (
        "etc/chittyos/waivers.yml:2:5: warning[waivers/unused] waiver for deps/cycle on chittyid matches no finding\n"
        "    hint: Delete the waiver.\n"
        "etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)\n"
        "    hint: Depend only on lower layers.\n"
        "1 error, 1 warning, 1 waived (not listed: `getchitty check --show-waived` lists them)\n"
    )


NOTICES = [Violation("roadmap/no-owner", Severity.NOTICE, "etc/chittyos/roadmap.yml", line, 3, f"gap {line} has no owner",
                     "Name an owner.") for line in (4, 9)] + [
           Violation("roadmap/no-target", Severity.NOTICE, "etc/chittyos/roadmap.yml", 12, 3, "no target", "Set one.")]


def test_text_counts_notices_one_line_per_rule_after_the_errors():
    assert format_text([*NOTICES, ERROR, WARNING], CATALOGUE).splitlines() == [
        "etc/chittyos/waivers.yml:2:5: warning[waivers/unused] waiver for deps/cycle on chittyid matches no finding",
        "    hint: Delete the waiver.",
        "etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)",
        "    hint: Depend only on lower layers.",
        f"2 notices roadmap/no-owner: {CATALOGUE['roadmap/no-owner'].summary}",
        f"1 notice roadmap/no-target: {CATALOGUE['roadmap/no-target'].summary}",
        "1 error, 1 warning, 0 waived, 3 notices (not listed: `getchitty check --notices` lists them)",
    ]


def test_text_lists_notices_when_asked_and_never_between_errors():
    lines = format_text([ERROR, *NOTICES, WAIVED, WARNING], CATALOGUE, show_notices=True, show_waived=True).splitlines()
    assert [line.split(": ", 1)[1].split("[")[0] for line in lines[:-1] if not line.startswith(" ")] == [
        "notice", "notice", "notice", "waived error", "warning", "error"]
    assert lines[-1] == "1 error, 1 warning, 1 waived, 3 notices"
    assert format_text([WAIVED] * 48, CATALOGUE).splitlines() == [
        "0 errors, 0 warnings, 48 waived (not listed: `getchitty check --show-waived` lists them)"]


def test_text_clean():
    assert format_text([], CATALOGUE) == "0 errors, 0 warnings, 0 waived\n"


def test_text_plurals():
    assert format_text([ERROR, ERROR], CATALOGUE).endswith("2 errors, 0 warnings, 0 waived\n")


def test_text_keeps_each_finding_on_its_line():
    """A newline or escape sequence quoted from the sources cannot forge a finding or drive the terminal."""
    forged = Violation("ownership/invalid-owner", Severity.ERROR, "a.yml", 6, 10,
                       "owner 'x\nb.yml:1:1: error[fake/rule] forged \x1b[2J' is not a team handle", "tab\tstays")
    assert format_text([forged], CATALOGUE).splitlines() == [
        "a.yml:6:10: error[ownership/invalid-owner] owner 'x\\nb.yml:1:1: error[fake/rule] forged \\x1b[2J' is not a team handle",
        "    hint: tab\tstays",
        "1 error, 0 warnings, 0 waived",
    ]


def test_text_on_a_value_with_a_newline(eco, capsys):
    path = eco / "etc/chittyos/services/chittytrust.yml"
    path.write_text(path.read_text().replace("owners: [platform]", 'owners: ["x\\netc/fake.yml:1:1: error[fake] y"]'))
    code, out, _ = run_cli(capsys, "check", str(eco))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3
    assert lines[0].startswith("etc/chittyos/services/chittytrust.yml:6:10: error[ownership/invalid-owner] owner 'x\\netc/fake.yml")


# --- json ------------------------------------------------------------------------------------


def test_json():
    data = json.loads(format_json(ALL, CATALOGUE))
    assert data["summary"] == {"errors": 1, "warnings": 1, "waived": 1, "notices": 0}
    assert data["findings"][0] == {
        "rule": "deps/upward", "severity": "error", "path": "etc/chittyos/services/chittyauth.yml",
        "line": 14, "col": 24, "message": "chittyauth (layer 2) depends on chittyledger (layer 3)",
        "hint": "Depend only on lower layers.", "entity": "chittyauth", "field": "depends_on", "waived": False, "related": [],
    }
    assert data["findings"][1]["severity"] == "warning" and data["findings"][1]["field"] is None
    assert data["findings"][2]["waived"] is True
    assert data["findings"][2]["waiver"] == {
        "reason": "Ghost ships in Q3.", "owner": "@chittyos/platform", "expires": "2099-12-31",
        "roadmap": None, "path": "etc/chittyos/waivers.yml", "line": 7,
    }


def test_json_clean():
    assert json.loads(format_json([], CATALOGUE)) == {"summary": {"errors": 0, "warnings": 0, "waived": 0, "notices": 0}, "findings": []}


# --- github -----------------------------------------------------------------------------------


def test_github():
    assert format_github(ALL, CATALOGUE).splitlines() == [
        "::error file=etc/chittyos/services/chittyauth.yml,line=14,col=24,title=deps/upward::"
        "chittyauth (layer 2) depends on chittyledger (layer 3)%0Ahint: Depend only on lower layers.",
        "::warning file=etc/chittyos/waivers.yml,line=2,col=5,title=waivers/unused::"
        "waiver for deps/cycle on chittyid matches no finding%0Ahint: Delete the waiver.",
        "::notice file=etc/chittyos/services/chittysync.yml,line=9,col=40,title=deps/unknown::"
        "'chittyghost' has no manifest%0Awaived until 2099-12-31: Ghost ships in Q3.",
        "getchitty: 1 error, 1 warning, 1 waived",
    ]


def test_github_escaping():
    tricky = Violation("schema/pattern", Severity.ERROR, "etc/a,b:c.yml", 1, 2,
                       "100% wrong\nsecond line\r", "fix: it, now", entity=None)
    (line, _) = format_github([tricky], CATALOGUE).splitlines()
    assert line == ("::error file=etc/a%2Cb%3Ac.yml,line=1,col=2,title=schema/pattern::"
                    "100%25 wrong%0Asecond line%0D%0Ahint: fix: it, now")


def test_github_escapes_control_characters():
    sneaky = Violation("x/y", Severity.ERROR, "a.yml", 1, 1, "bell\x07 escape\x1b[31m", "h")
    assert format_github([sneaky], CATALOGUE).splitlines()[0] == "::error file=a.yml,line=1,col=1,title=x/y::bell\\x07 escape\\x1b[31m%0Ahint: h"


def test_github_output_is_one_line_per_finding():
    multi = Violation("x/y", Severity.ERROR, "a.yml", 1, 1, "a\nb\nc", "d\ne")
    assert len(format_github([multi], CATALOGUE).splitlines()) == 2  # the finding and the summary


# --- on real checks ----------------------------------------------------------------------------------


def broken_eco(eco):
    """Three findings: an error, a waived error and an unused-waiver warning."""
    auth = eco / "etc/chittyos/services/chittyauth.yml"
    auth.write_text(auth.read_text().replace("depends_on: [chittyid]", "depends_on: [chittyid, chittyledger, chittyghost]"))
    write(eco, "etc/chittyos/waivers.yml", """\
        waivers:
          - rule: deps/unknown
            entity: chittyauth
            reason: Ghost is being onboarded.
            owner: "@chittyos/platform"
            expires: 2999-12-31
          - rule: deps/cycle
            entity: chittyid
            reason: Stale.
            owner: platform
            expires: 2999-12-31
        """)
    return eco


def test_text_on_a_real_check(eco, capsys):
    code, out, err = run_cli(capsys, "check", str(broken_eco(eco)))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "etc/chittyos/waivers.yml:7:5: warning[waivers/unused] waiver for deps/cycle on chittyid matches no finding",
        "    hint: " + CATALOGUE["waivers/unused"].hint,
        "etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)",
        "    hint: " + CATALOGUE["deps/upward"].hint,
        "1 error, 1 warning, 1 waived (not listed: `getchitty check --show-waived` lists them)",
    ]


def test_text_with_waived_findings_on_a_real_check(eco, capsys):
    code, out, err = run_cli(capsys, "check", "--show-waived", str(broken_eco(eco)))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == "etc/chittyos/services/chittyauth.yml:14:38: waived error[deps/unknown] 'chittyghost' has no manifest"
    assert lines[1] == "    waived until 2999-12-31 (@chittyos/platform): Ghost is being onboarded."
    assert lines[2] == "etc/chittyos/waivers.yml:7:5: warning[waivers/unused] waiver for deps/cycle on chittyid matches no finding"
    assert lines[4] == "etc/chittyos/services/chittyauth.yml:14:24: error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)"
    assert lines[5] == "    hint: " + CATALOGUE["deps/upward"].hint
    assert lines[-1] == "1 error, 1 warning, 1 waived"


def test_json_on_a_real_check(eco, capsys):
    code, out, _ = run_cli(capsys, "check", "--format", "json", str(broken_eco(eco)))
    data = json.loads(out)
    assert code == 1
    assert data["summary"] == {"errors": 1, "warnings": 1, "waived": 1, "notices": 0}
    assert [(f["rule"], f["path"], f["line"], f["col"], f["waived"]) for f in data["findings"]] == [
        ("deps/upward", "etc/chittyos/services/chittyauth.yml", 14, 24, False),
        ("deps/unknown", "etc/chittyos/services/chittyauth.yml", 14, 38, True),
        ("waivers/unused", "etc/chittyos/waivers.yml", 7, 5, False),
    ]


def test_github_on_a_real_check(eco, capsys):
    code, out, _ = run_cli(capsys, "check", "--format", "github", str(broken_eco(eco)))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=etc/chittyos/services/chittyauth.yml,line=14,col=24,title=deps/upward::")
    assert lines[1].startswith("::notice file=etc/chittyos/services/chittyauth.yml,line=14,col=38,title=deps/unknown::")
    assert lines[2].startswith("::warning file=etc/chittyos/waivers.yml,line=7,col=5,title=waivers/unused::")
    assert lines[3] == "getchitty: 1 error, 1 warning, 1 waived"


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_every_format_on_a_clean_check(eco, capsys, fmt):
    code, out, err = run_cli(capsys, "check", "--format", fmt, str(eco))
    assert (code, err) == (0, "")
    expected = {
        "text": "0 errors, 0 warnings, 0 waived\n",
        "github": "getchitty: 0 errors, 0 warnings, 0 waived\n",
    }
    if fmt in expected:
        assert out == expected[fmt]
    elif fmt == "json":
        assert json.loads(out) == {"summary": {"errors": 0, "warnings": 0, "waived": 0, "notices": 0}, "findings": []}
    else:
        assert sarif_validate(out)["runs"][0]["results"] == []


def test_every_rule_in_the_catalogue_has_text():
    result_rules = dict(CATALOGUE)
    assert len(result_rules) >= 50
    for rule_id, rule in result_rules.items():
        assert rule.id == rule_id and "/" in rule_id
        assert rule.summary.strip() and rule.hint.strip(), rule_id


def test_real_check_findings_all_have_positions(eco):
    broken_eco(eco)
    for v in run_check(eco).violations:
        assert v.line >= 1 and v.col >= 1 and v.path and not v.path.startswith("/")
