"""waivers/*: a waiver accepts one finding until a date; it never hides it."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from engine_support import TODAY, findings, located, run_check, run_cli, write

from getchitty.violations import Severity

CHITTYAUTH = "etc/chittyos/services/chittyauth.yml"
WAIVERS = "etc/chittyos/waivers.yml"


def upward(eco) -> None:
    """chittyauth (Core, layer 2) depends on chittyledger (Data, layer 3): one deps/upward error at 14:24."""
    text = (eco / CHITTYAUTH).read_text()
    (eco / CHITTYAUTH).write_text(text.replace("depends_on: [chittyid]", "depends_on: [chittyid, chittyledger]"))


def waiver(eco, *, rule="deps/upward", entity="chittyauth", expires="2025-12-31", field=None, extra="") -> None:
    lines = [
        "waivers:",
        f"  - rule: {rule}",
        f"    entity: {entity}",
        "    reason: The ledger moves to Core next quarter.",
        '    owner: "@chittyos/platform"',
        f"    expires: {expires}",
    ]
    if field:
        lines.append(f"    field: {field}")
    write(eco, WAIVERS, "\n".join(lines) + "\n" + extra, dedent=False)


def test_without_a_waiver_the_finding_fails(eco):
    upward(eco)
    result = run_check(eco)
    assert located(result.violations) == [("deps/upward", CHITTYAUTH, 14, 24)]
    assert result.failed()


def test_waiver_marks_the_finding_waived(eco):
    upward(eco)
    waiver(eco)
    result = run_check(eco)
    (v,) = result.violations
    assert (v.rule, v.path, v.line, v.col) == ("deps/upward", CHITTYAUTH, 14, 24)  # still reported
    assert v.waived and not v.blocking
    assert (v.waiver.reason, v.waiver.owner, v.waiver.expires) == (
        "The ledger moves to Core next quarter.", "@chittyos/platform", "2025-12-31")
    assert (v.waiver.path, v.waiver.line, v.waiver.col) == (WAIVERS, 2, 5)
    assert result.errors == [] and result.warnings == [] and result.waived == [v]
    assert not result.failed() and not result.failed(strict=True)


def test_waived_check_exits_zero(eco, capsys):
    upward(eco)
    waiver(eco, expires="2999-12-31")  # the CLI uses the real date
    code, out, _ = run_cli(capsys, "check", str(eco))
    assert code == 0
    assert out.splitlines() == ["0 errors, 0 warnings, 1 waived (not listed: `getchitty check --show-waived` lists them)"]
    code, out, _ = run_cli(capsys, "check", "--show-waived", str(eco))
    assert code == 0
    assert out.splitlines() == [
        f"{CHITTYAUTH}:14:24: waived error[deps/upward] chittyauth (layer 2) depends on chittyledger (layer 3)",
        "    waived until 2999-12-31 (@chittyos/platform): The ledger moves to Core next quarter.",
        "0 errors, 0 warnings, 1 waived",
    ]
    assert run_cli(capsys, "check", "--strict", str(eco))[0] == 0


def test_waiver_valid_on_its_expiry_day(eco):
    upward(eco)
    waiver(eco, expires="2025-06-01")
    result = run_check(eco, today=date(2025, 6, 1))
    assert [(v.rule, v.waived) for v in result.violations] == [("deps/upward", True), ("waivers/expiring", False)]
    assert result.violations[1].message.endswith("expires today (2025-06-01)")
    assert not result.failed(strict=True)  # a notice never fails a check


@pytest.mark.parametrize("days, expected", [(31, []), (30, ["waivers/expiring"]), (1, ["waivers/expiring"])])
def test_expiring_waiver_is_announced_within_the_notice_period(eco, days, expected):
    upward(eco)
    waiver(eco, expires=(date(2025, 6, 1) + timedelta(days=days)).isoformat())
    notices = [v for v in run_check(eco, today=date(2025, 6, 1)).violations if v.severity.value == "notice"]
    assert [v.rule for v in notices] == expected
    if notices:
        assert (notices[0].path, notices[0].line) == (WAIVERS, 2)


def test_notice_period_is_configurable(eco):
    upward(eco)
    waiver(eco, expires="2025-06-20")
    text = (eco / WAIVERS).read_text()
    (eco / WAIVERS).write_text("notice_days: 7\n" + text)
    assert [v.rule for v in run_check(eco, today=date(2025, 6, 1)).violations] == ["deps/upward"]


def test_expired_waiver(eco):
    upward(eco)
    waiver(eco, expires="2025-05-31")
    result = run_check(eco, today=TODAY)
    assert located(result.violations) == [("deps/upward", CHITTYAUTH, 14, 24), ("waivers/expired", WAIVERS, 2, 5)]
    finding, expired = result.violations
    assert not finding.waived  # an expired waiver covers nothing
    assert expired.severity is Severity.ERROR
    assert expired.message == "waiver for deps/upward on chittyauth expired on 2025-05-31"
    assert len(result.errors) == 2 and result.failed()


def test_expired_waiver_exits_one(eco, capsys):
    upward(eco)
    waiver(eco, expires="2001-01-01")
    code, out, _ = run_cli(capsys, "check", str(eco))
    assert code == 1
    assert f"{WAIVERS}:2:5: error[waivers/expired] waiver for deps/upward on chittyauth expired on 2001-01-01" in out.splitlines()


def test_expired_waiver_is_an_error_even_when_the_finding_is_fixed(eco):
    waiver(eco, expires="2025-05-31")
    assert located(findings(eco)) == [("waivers/expired", WAIVERS, 2, 5)]


def test_unused_waiver(eco):
    waiver(eco, rule="deps/cycle")
    result = run_check(eco)
    (v,) = result.violations
    assert (v.rule, v.severity, v.path, v.line, v.col) == ("waivers/unused", Severity.WARNING, WAIVERS, 2, 5)
    assert v.message == "waiver for deps/cycle on chittyauth matches no finding"
    assert not result.failed() and result.failed(strict=True)


def test_unused_waiver_exit_codes(eco, capsys):
    waiver(eco, rule="deps/cycle", expires="2999-12-31")
    code, out, _ = run_cli(capsys, "check", str(eco))
    assert code == 0
    assert out.splitlines()[0] == f"{WAIVERS}:2:5: warning[waivers/unused] waiver for deps/cycle on chittyauth matches no finding"
    assert out.splitlines()[-1] == "0 errors, 1 warning, 0 waived"
    assert run_cli(capsys, "check", "--strict", str(eco))[0] == 1


def test_waiver_for_another_entity_does_not_apply(eco):
    upward(eco)
    waiver(eco, entity="chittysync")
    assert [(v.rule, v.waived) for v in findings(eco)] == [("deps/upward", False), ("waivers/unused", False)]


def test_waiver_narrowed_to_a_field(eco):
    upward(eco)
    waiver(eco, field="depends_on")
    assert [v.waived for v in findings(eco)] == [True]


def test_waiver_narrowed_to_another_field(eco):
    upward(eco)
    waiver(eco, field="secrets")
    got = findings(eco)
    assert [(v.rule, v.waived) for v in got] == [("deps/upward", False), ("waivers/unused", False)]
    assert got[1].message == "waiver for deps/upward on chittyauth (secrets) matches no finding"


def test_one_waiver_covers_every_matching_finding(eco):
    text = (eco / CHITTYAUTH).read_text()
    (eco / CHITTYAUTH).write_text(text.replace("depends_on: [chittyid]", "depends_on: [chittyid, chittyghost, chittyphantom]"))
    waiver(eco, rule="deps/unknown")
    got = findings(eco)
    assert [(v.rule, v.col, v.waived) for v in got] == [("deps/unknown", 24, True), ("deps/unknown", 37, True)]


def test_waiver_for_a_canon_rule(eco):
    config = eco / "etc/authority/config.json"
    config.write_text(json.dumps({"allow_chain_bootstrap": True}))
    waiver(eco, rule="canon/required/owner_entity")
    got = findings(eco)
    assert [(v.rule, v.entity, v.waived) for v in got] == [
        ("canon/required/owner_entity", "chittyauth", True),
        ("canon/required/owner_entity", "chittysync", False),
        ("canon/required/owner_entity", "chittytrust", False),
    ]


def test_incomplete_waiver_waives_nothing(eco):
    upward(eco)
    write(eco, WAIVERS, """\
        waivers:
          - rule: deps/upward
            entity: chittyauth
            owner: "@chittyos/platform"
            expires: 2025-12-31
        """)
    got = findings(eco)
    assert located(got) == [("deps/upward", CHITTYAUTH, 14, 24), ("schema/required", WAIVERS, 2, 5)]
    assert got[1].message == "waivers[0].reason: required field is missing"
    assert not got[0].waived


def test_malformed_expiry_is_a_schema_error_not_a_crash(eco):
    upward(eco)
    waiver(eco, expires="someday")
    got = findings(eco)
    assert [(v.rule, v.waived) for v in got] == [("deps/upward", True), ("schema/format", False)]
    assert located(got)[1] == ("schema/format", WAIVERS, 6, 14)


def test_second_waiver_position(eco):
    waiver(eco, extra=(
        "  - rule: deps/unknown\n"
        "    entity: chittysync\n"
        "    reason: x\n"
        "    owner: platform\n"
        "    expires: 2025-12-31\n"))
    assert located(findings(eco)) == [("waivers/unused", WAIVERS, 2, 5), ("waivers/unused", WAIVERS, 7, 5)]


def test_a_waiver_written_twice_waives_once_and_the_copy_is_unused(eco):
    upward(eco)
    waiver(eco, extra=(
        "  - rule: deps/upward\n"
        "    entity: chittyauth\n"
        "    reason: The ledger moves to Core next quarter.\n"
        "    owner: \"@chittyos/platform\"\n"
        "    expires: 2025-12-31\n"))
    got = findings(eco)
    assert [(v.rule, v.waived) for v in got] == [("deps/upward", True), ("waivers/unused", False)]
    assert located(got)[1] == ("waivers/unused", WAIVERS, 7, 5) and got[0].waiver.line == 2


def test_a_waivers_place_is_located_only_when_asked_and_kept_located(eco, monkeypatch):
    """A text report lists no waiver's place: the waivers file is composed again (PyYAML's import, in a check whose
    findings are located elsewhere) only when a report or a finding shows one; the check's cache keeps the place,
    not what locates it."""
    import pickle

    from getchitty.load import Document

    located_waivers = []
    real_locate = Document.locate

    def spying(document, path, **options):
        if path[:1] == ("waivers",):
            located_waivers.append(path)
        return real_locate(document, path, **options)

    monkeypatch.setattr(Document, "locate", spying)
    upward(eco)
    waiver(eco)
    result = run_check(eco, use_cache=False)
    (accepted,) = [v.waiver for v in result.violations if v.waiver]
    assert located_waivers == []
    assert (accepted.line, accepted.col, accepted.line) == (2, 5, 2) and located_waivers == [("waivers", 0)]
    kept = pickle.loads(pickle.dumps(accepted))
    assert kept == accepted and (kept.line, kept.col, kept.index) == (2, 5, 0) and kept.written_at == (2, 5)
    assert len(pickle.dumps(accepted)) < 1000 and located_waivers == [("waivers", 0)]
