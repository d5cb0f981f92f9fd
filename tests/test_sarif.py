"""SARIF as GitHub code scanning reads it, checked against the full OASIS schema and the SARIF multitool.

Decisions the tests pin (README and docs/authors/reading-findings.md say why):
- artifact paths are RFC 3986 URI references relative to %SRCROOT%, percent-encoded as UTF-8;
- columns are UTF-16 code units (`columnKind: utf16CodeUnits`), converted from the
  engine's code-point columns by reading the flagged line;
- a region runs from the reported position to the end of its line;
- fingerprints name the finding (rule, file, entity, field, message), never its line;
- waived findings are not results (GitHub ignores `suppressions`), they are listed with
  their suppression in the run's property bag `waivedResults`.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from engine_support import run_cli, write
from sarif_support import FORMATS, VALIDATOR, multitool_findings, sarif_validate

from getchitty import __version__
from getchitty.report import SARIF_LEVELS, artifact_uri, format_sarif
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
ODD_NAME = "etc/chittyos/services/a b%,c:d#ü?.yml"


def run_of(text: str) -> dict:
    (run,) = sarif_validate(text)["runs"]
    return run


def broken_eco(eco):
    """An error, a waived error and an unused-waiver warning, as in test_report.py."""
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


# --- the schema check itself ---------------------------------------------------------------------


def test_the_format_checker_really_checks_uris():
    """Without rfc3987 jsonschema passes any string as a URI; the schema check would then prove nothing."""
    assert {"uri", "uri-reference"} <= set(FORMATS.checkers)
    log = json.loads(format_sarif([ERROR], CATALOGUE))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    for bad in ("etc/a b.yml", "etc/100%.yml", "etc/{x}.yml"):
        location["uri"] = bad
        with pytest.raises(jsonschema.ValidationError, match="uri-reference"):
            VALIDATOR.validate(log)
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "governance/rules/x/"
    location["uri"] = "etc/x.yml"
    with pytest.raises(jsonschema.ValidationError, match="'uri'"):
        VALIDATOR.validate(log)


def test_the_schema_rejects_broken_logs():
    good = json.loads(format_sarif([ERROR, WARNING, WAIVED], CATALOGUE))
    broken = [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
        lambda log: log["runs"][0]["results"][0].update(level="fatal"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda log: log["runs"][0]["results"][0].pop("message"),
        lambda log: log["runs"][0].update(columnKind="bytes"),
        lambda log: log["runs"][0]["results"][0].update(suppressions=[{"kind": "waiver"}]),
    ]
    for change in broken:
        log = json.loads(json.dumps(good))
        change(log)
        with pytest.raises(jsonschema.ValidationError):
            VALIDATOR.validate(log)


# --- structure -------------------------------------------------------------------------------------


def test_structure():
    log = sarif_validate(format_sarif([ERROR, WARNING, WAIVED], CATALOGUE))
    assert (log["version"], log["$schema"]) == ("2.1.0", "https://json.schemastore.org/sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "getchitty", __version__, "https://get.chitty.cc/governance/")
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"description": {"text": "The root of the checked repository."}}}
    assert [rule["id"] for rule in driver["rules"]] == ["deps/unknown", "deps/upward", "waivers/unused"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in run["results"]] == [
        ("deps/upward", 1, "error"), ("waivers/unused", 2, "warning")]
    first = run["results"][0]
    assert first["message"]["text"] == "chittyauth (layer 2) depends on chittyledger (layer 3). Hint: Depend only on lower layers."
    assert first["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "etc/chittyos/services/chittyauth.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 14, "startColumn": 24, "endLine": 14, "endColumn": 25}}}]
    assert "suppressions" not in first


def test_every_rule_is_described_in_full():
    """GitHub requires fullDescription; help carries text and Markdown; nothing is ever empty."""
    findings = [Violation(rule.id, rule.severity, "etc/a.yml", 1, 1, "m", rule.hint) for rule in CATALOGUE.values()]
    run = run_of(format_sarif(findings, CATALOGUE))
    assert len(run["tool"]["driver"]["rules"]) == len(CATALOGUE)
    for descriptor in run["tool"]["driver"]["rules"]:
        rule = CATALOGUE[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == (rule.why or rule.summary)
        assert descriptor["help"]["text"].startswith(rule.hint) and descriptor["help"]["markdown"].startswith(rule.hint)
        assert descriptor["helpUri"].startswith("https://get.chitty.cc/governance/rules/")
        assert descriptor["defaultConfiguration"] == {"level": SARIF_LEVELS[rule.severity]}
        for text in (descriptor["shortDescription"]["text"], descriptor["fullDescription"]["text"],
                     descriptor["help"]["text"], descriptor["help"]["markdown"]):
            assert text.strip(), descriptor["id"]


def test_a_rule_missing_from_the_catalogue_is_still_described():
    stray = Violation("made/up", Severity.ERROR, "a.yml", 1, 1, "m", "Do the thing.")
    (descriptor,) = run_of(format_sarif([stray], {}))["tool"]["driver"]["rules"]
    assert descriptor["shortDescription"]["text"] == "getchitty rule made/up"
    assert descriptor["fullDescription"]["text"] == "Reported by getchitty as made/up."
    assert descriptor["help"]["text"].startswith("Do the thing.")
    assert descriptor["helpUri"] == "https://get.chitty.cc/governance/"


def test_clean():
    run = run_of(format_sarif([], CATALOGUE))
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == [] and run["properties"] == {"waivedResults": []}


def test_a_base_uri_is_never_a_relative_uri():
    """SARIF 3.14.14: an originalUriBaseIds entry without a uriBaseId has an absolute uri or none."""
    for entry in run_of(format_sarif([ERROR], CATALOGUE))["originalUriBaseIds"].values():
        assert "uri" not in entry or ":" in entry["uri"]


# --- artifact URIs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path, uri", [
    ("etc/chittyos/services/chittyauth.yml", "etc/chittyos/services/chittyauth.yml"),
    ("etc/a b.yml", "etc/a%20b.yml"),
    ("etc/100%.yml", "etc/100%25.yml"),
    ("etc/a,b:c.yml", "etc/a%2Cb%3Ac.yml"),
    ("c:/x.yml", "c%3A/x.yml"),  # would otherwise read as the scheme `c:`
    ("etc/#?[]@!$&'()*+;=.yml", "etc/%23%3F%5B%5D%40%21%24%26%27%28%29%2A%2B%3B%3D.yml"),
    ("etc/ünï/🚀.yml", "etc/%C3%BCn%C3%AF/%F0%9F%9A%80.yml"),
    ("etc/a-b_c.d~e.yml", "etc/a-b_c.d~e.yml"),
])
def test_artifact_uri(path, uri):
    assert artifact_uri(path) == uri
    sarif_validate(format_sarif([Violation("x/y", Severity.ERROR, path, 1, 1, "m", "h")], {}))


# --- columns and regions ---------------------------------------------------------------------------


def test_columns_are_utf16_code_units(tmp_path):
    """The engine counts code points; an astral character before the position is two UTF-16 units."""
    write(tmp_path, "a.yml", 'depends_on: ["🚀🛰", chittyghost]  \n', dedent=False)
    ghost = Violation("deps/unknown", Severity.ERROR, "a.yml", 1, 20, "'chittyghost' has no manifest", "h")
    assert 'depends_on: ["🚀🛰", chittyghost]'[19:30] == "chittyghost"
    (result,) = run_of(format_sarif([ghost], CATALOGUE, root=tmp_path))["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    text16 = 'depends_on: ["🚀🛰", chittyghost]'.encode("utf-16-le")
    assert text16[(region["startColumn"] - 1) * 2:(region["endColumn"] - 1) * 2].decode("utf-16-le") == "chittyghost]"
    assert region == {"startLine": 1, "startColumn": 22, "endLine": 1, "endColumn": 34}


def test_columns_before_any_astral_character_stay_the_same(tmp_path):
    write(tmp_path, "a.yml", "x: 1\nowners: [é, 🚀]\r\nz: 3\n", dedent=False)
    owner = Violation("ownership/invalid-owner", Severity.ERROR, "a.yml", 2, 10, "m", "h")
    region = run_of(format_sarif([owner], CATALOGUE, root=tmp_path))["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 16}


def test_a_position_past_the_end_of_its_line_or_after_a_byte_order_mark(tmp_path):
    write(tmp_path, "a.yml", "\ufeffk: 🚀\n", dedent=False)
    after_bom = Violation("x/y", Severity.ERROR, "a.yml", 1, 4, "m", "h")
    past_end = Violation("x/y", Severity.ERROR, "a.yml", 1, 9, "m", "h")
    regions = [r["locations"][0]["physicalLocation"]["region"]
               for r in run_of(format_sarif([after_bom, past_end], {}, root=tmp_path))["results"]]
    assert regions == [{"startLine": 1, "startColumn": 4, "endLine": 1, "endColumn": 6},
                       {"startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 11}]


@pytest.mark.parametrize("path, line", [("missing.yml", 1), ("a.yml", 99), ("../outside.yml", 1)])
def test_a_line_that_cannot_be_read_gives_a_one_character_region(tmp_path, path, line):
    (tmp_path / "root").mkdir()
    write(tmp_path, "root/a.yml", "x: 1\n")
    write(tmp_path, "outside.yml", "x: 🚀🚀🚀\n")
    v = Violation("x/y", Severity.ERROR, path, line, 4, "m", "h")
    region = run_of(format_sarif([v], {}, root=tmp_path / "root"))["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": 4, "endLine": line, "endColumn": 5}


# --- fingerprints ----------------------------------------------------------------------------------


def fingerprints(text: str) -> dict[str, dict]:
    return {r["message"]["text"]: r["partialFingerprints"] for r in run_of(text)["results"]}


def test_fingerprints_survive_unrelated_edits(eco, capsys):
    before = fingerprints(run_cli(capsys, "check", "--format", "sarif", str(broken_eco(eco)))[1])
    auth = eco / "etc/chittyos/services/chittyauth.yml"
    auth.write_text("# a comment and a blank line push every finding down\n\n" + auth.read_text())
    after_text = run_cli(capsys, "check", "--format", "sarif", str(eco))[1]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run_of(after_text)["results"]]
    assert lines[0] == 16  # moved from line 14
    assert fingerprints(after_text) == before
    for prints in before.values():
        assert set(prints) == {"primaryLocationLineHash", "getchitty/v1"}
        assert prints["primaryLocationLineHash"] == prints["getchitty/v1"]


def test_fingerprints_tell_findings_apart():
    ghost = Violation("deps/unknown", Severity.ERROR, "a.yml", 3, 5, "'ghost' has no manifest", "h", entity="x", field="depends_on")
    other = Violation("deps/unknown", Severity.ERROR, "a.yml", 3, 12, "'other' has no manifest", "h", entity="x", field="depends_on")
    twin = Violation("deps/unknown", Severity.ERROR, "a.yml", 3, 20, "'ghost' has no manifest", "h", entity="x", field="depends_on")
    results = run_of(format_sarif([ghost, other, twin], CATALOGUE))["results"]
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == 3
    assert hashes[0].endswith(":1") and hashes[2] == hashes[0][:-2] + ":2"


# --- waived findings -------------------------------------------------------------------------------


def test_waived_findings_are_not_results():
    """GitHub code scanning ignores `suppressions`: a waived result would be an open alert."""
    run = run_of(format_sarif([WAIVED], CATALOGUE))
    assert run["results"] == []
    (kept,) = run["properties"]["waivedResults"]
    assert kept["ruleId"] == "deps/unknown" and kept["level"] == "error"
    assert kept["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "Ghost ships in Q3. (owner @chittyos/platform, expires 2099-12-31)",
        "location": {"physicalLocation": {
            "artifactLocation": {"uri": "etc/chittyos/waivers.yml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7, "startColumn": 5}}},
    }]
    # what is kept is a valid SARIF result, so a consumer that honours suppressions can put it back
    VALIDATOR.validate({"version": "2.1.0", "runs": [{**run, "results": run["properties"]["waivedResults"]}]})


def test_waived_findings_on_a_real_check(eco, capsys):
    code, out, _ = run_cli(capsys, "check", "--format", "sarif", str(broken_eco(eco)))
    assert code == 1
    run = run_of(out)
    assert [r["ruleId"] for r in run["results"]] == ["deps/upward", "waivers/unused"]
    assert all("suppressions" not in r for r in run["results"])
    assert [r["ruleId"] for r in run["properties"]["waivedResults"]] == ["deps/unknown"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"deps/upward", "waivers/unused", "deps/unknown"}


def test_canon_rules_are_described(eco, capsys):
    (eco / "etc/authority/config.json").write_text("{}\n")
    (rule,) = run_of(run_cli(capsys, "check", "--format", "sarif", str(eco))[1])["tool"]["driver"]["rules"]
    assert rule["id"] == "canon/required/owner_entity"
    assert rule["shortDescription"]["text"] == "owner_entity required for domain ownership (fallback allowed via config)"
    assert rule["helpUri"] == "https://get.chitty.cc/governance/rules/canon-required-owner-entity/"
    assert rule["fullDescription"]["text"] == "Canon rule from etc/authority/rules.json: when every service, `owner_entity` is set."


def test_an_odd_file_name_on_a_real_check(eco, capsys):
    write(eco, ODD_NAME, "service_name: x\n")
    run = run_of(run_cli(capsys, "check", "--format", "sarif", str(eco))[1])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "etc/chittyos/services/a%20b%25%2Cc%3Ad%23%C3%BC%3F.yml" in uris


# --- the SARIF multitool's SARIF and GitHub rules --------------------------------------------------------


def test_the_multitool_finds_nothing(eco, capsys, tmp_path):
    """Waived findings, odd file names, unknown rules, astral characters and a clean run."""
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "clean.sarif").write_text(run_cli(capsys, "check", "--format", "sarif", str(eco))[1])
    broken_eco(eco)
    write(eco, ODD_NAME, 'service_name: x\ndescription: "🚀 launch"\n')
    (logs / "broken.sarif").write_text(run_cli(capsys, "check", "--format", "sarif", str(eco))[1])
    stray = [Violation("made/up", Severity.WARNING, "etc/ünï code/🚀.yml", 2, 3, "m", "h"), WAIVED, ERROR]
    (logs / "unknown.sarif").write_text(format_sarif(stray, CATALOGUE))
    every = [Violation(rule.id, rule.severity, "etc/a.yml", 1, 1, "m", rule.hint) for rule in CATALOGUE.values()]
    (logs / "catalogue.sarif").write_text(format_sarif(every, CATALOGUE))
    for log in logs.iterdir():
        sarif_validate(log.read_text())
    assert multitool_findings(*sorted(logs.iterdir()), out=tmp_path / "report.sarif") == []


def test_the_multitool_does_catch_mistakes(tmp_path):
    """A control: a rule without fullDescription (GitHub's GH2012) and a raw path as URI fail."""
    log = json.loads(format_sarif([ERROR], CATALOGUE))
    del log["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "etc/a b%,c.yml"
    bad = tmp_path / "bad.sarif"
    bad.write_text(json.dumps(log))
    found = {f["rule"] for f in multitool_findings(bad, out=tmp_path / "report.sarif")}
    assert "GH2012" in found
