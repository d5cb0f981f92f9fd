"""The status rule (generator/status.py) as a table over evidence sets: monotonic, the only source of the legend
and of docs/authors/status-mapping.md, and applied to services shaped like the real ChittyOS repositories.

The pure part needs no files: the rule is a function of the kinds of evidence present. The second part syncs a
small ecosystem of export folders whose files are written as the real repositories write theirs (a certified
charter with a ticked health item and a Wrangler file whose routes live in the dashboard, a route in
`[env.production]` without a health route, a DRAFT charter in a registered service...), and checks each status,
each row and each `status/sources-disagree` finding at its exact location.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import re
from types import MappingProxyType

import pytest
import yaml
from engine_support import REPO, TODAY, check, located, write
from federation_support import entry_line, export_folder, federated_tree, snapshot_file
from hypothesis import given, settings
from hypothesis import strategies as st

from getchitty import status
from getchitty.federated import Declaration
from getchitty.model import KINDS as ENTITY_KINDS
from getchitty.model import enum_of

KIND_IDS = [kind.id for kind in status.KINDS]
POSITIVE = [kind.id for kind in status.KINDS if kind.positive]
NEGATIVE = [kind.id for kind in status.KINDS if not kind.positive]


def evidence(kinds) -> status.EvidenceSet:
    return status.EvidenceSet(tuple(piece(kind) for kind in sorted(kinds)))


def piece(kind: str) -> status.Evidence:
    return status.Evidence(status.KIND[kind].label, True, None, kind)


def decided(kinds) -> str:
    return status.rule(evidence(kinds))[1].status


# --- the rule as a function of an evidence set -------------------------------------------------------------------

@settings(max_examples=600, deadline=None)
@given(st.frozensets(st.sampled_from(KIND_IDS)), st.sampled_from(POSITIVE))
def test_adding_a_piece_of_positive_evidence_never_lowers_the_status(kinds, added):
    grown = status.EvidenceSet((*evidence(kinds).pieces, piece(added)))
    before, after = decided(kinds), status.rule(grown)[1].status
    assert status.rank(after) >= status.rank(before), (sorted(kinds), added, before, after)


@settings(max_examples=300, deadline=None)
@given(st.frozensets(st.sampled_from(KIND_IDS)))
def test_only_the_registry_retires_a_service(kinds):
    assert (decided(kinds) == "Deprecated") == ("registry_inactive" in kinds)
    # a DRAFT charter or an open checklist item is shown and reported, and decides nothing
    assert decided(kinds | {"charter_draft", "deployment_open"}) == decided(kinds)


def test_the_first_row_that_holds_is_the_latest_status_of_the_lifecycle_whose_condition_holds():
    """Over every evidence set: why reading the table from the top can only move a service forwards."""
    for size in range(len(KIND_IDS) + 1):
        for kinds in itertools.combinations(KIND_IDS, size):
            holding = [row.status for row in status.ROWS if row.holds(kinds)]
            assert decided(kinds) == max(holding, key=status.rank), kinds


def test_the_rule_is_the_monotonic_order_it_documents():
    assert [row.status for row in status.ROWS] == list(reversed(status.LIFECYCLE))
    assert not status.ROWS[-1].needs  # the last row always holds: every service gets a status
    assert decided(()) == "Planned"
    assert decided({"board"}) == "Planned"  # the January board is history
    assert decided({"registry_active"}) == "Registered"
    assert decided({"registry_active", "own_repository", "worker_configured"}) == "Registered"
    assert decided({"production_route"}) == "Live"
    assert decided({"deployment_ticked", "registry_active"}) == "Active"
    assert decided({"other_route"}) == "Needs Deployment"
    assert decided({"health_route"}) == "In Progress"


def test_the_lifecycle_is_the_schemas_status_vocabulary_in_order():
    for kind in ENTITY_KINDS:
        schema = json.loads((REPO / f"etc/authority/schema/{kind.schema}.schema.json").read_text())
        assert enum_of(schema, "status") == status.LIFECYCLE, kind.schema


# --- the legend and the documentation are the rule's own table ---------------------------------------------------

PROBES = re.compile(r"\b(answer|answers|respond|responds|responding|passes|passing|probed|reachable|healthy|serving|"
                    r"uptime|in use|live at)\b", re.IGNORECASE)


def test_each_status_is_defined_by_exactly_the_evidence_its_row_reads():
    assert list(status.MEANINGS) == list(status.LIFECYCLE)
    phrases = {kind.id: kind.phrase for kind in status.KINDS}
    for one, other in itertools.permutations(phrases.values(), 2):
        assert one not in other, (one, other)  # each phrase names one kind, and only that one
    for row in status.ROWS:
        meaning = status.MEANINGS[row.status]
        named = {kind for kind, phrase in phrases.items() if phrase.casefold() in meaning.casefold()}
        assert named == row.kinds, row.status
        assert not PROBES.search(meaning), (row.status, meaning)


def test_the_legend_used_to_claim_a_probe_and_no_longer_does():
    assert PROBES.search("Deployed, and its health endpoint answers.")  # the former legend's Live
    for folder in ("templates", "docs"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".j2", ".md"):
                assert "health endpoint answers" not in path.read_text(encoding="utf-8"), path


def table_lines() -> list[str]:
    return [f"| {number} | {row.status} | {row.meaning} | {row.why} |" for number, row in enumerate(status.ROWS, 1)]


def test_the_authors_documentation_is_the_table_of_the_rule():
    text = (REPO / "docs/authors/status-mapping.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines.index("| Row | Status | When | Why |")
    assert lines[header + 2:header + 2 + len(status.ROWS)] == table_lines()
    for kind in status.KINDS:
        assert f"| {kind.label} | {kind.phrase} |" in text, kind.id  # the evidence table names every kind


# --- the rule on the real snapshot -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_result():
    return check(REPO, today=TODAY, use_cache=False)


@pytest.fixture(scope="module")
def real(real_result):
    return real_result.ecosystem


def test_decide_is_the_rule_applied_to_the_evidence_the_claims_give(real):
    federation = real.federation
    for name, decision in real.statuses.items():
        found = status.evidence_of(federation, name)
        number, row = status.rule(found)
        assert (decision.status, decision.branch) == (row.status, number), name
        declaration = federation.declaration(name)
        claims = [claim for claims in declaration.claims.values() for claim in claims]
        for item in found.pieces:
            assert item.claim in claims or (item.kind, item.claim) == ("own_repository", None), (name, item)


def positive_claims(eco):
    """Every claim of the real snapshot that is a piece of positive evidence for its service."""
    found = []
    for name in eco.statuses:
        for item in status.evidence_of(eco.federation, name).pieces:
            if item.claim is not None and status.KIND[item.kind].positive:
                found.append(item.claim)
    return found


@pytest.fixture(scope="module")
def pool(real):
    return positive_claims(real)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_adding_a_real_claim_to_any_service_never_lowers_its_status(real, pool, data):
    """The same property through `decide`: a claim the real sources make, stated for another service."""
    name = data.draw(st.sampled_from(sorted(real.statuses)))
    claim = data.draw(st.sampled_from(pool))
    first = data.draw(st.booleans())
    federation = real.federation
    declaration = federation.declaration(name)
    fields = dict(declaration.claims)
    held = fields.get(claim.field, ())
    fields[claim.field] = (claim, *held) if first else (*held, claim)
    declarations = {**federation.declarations, name: Declaration(name, MappingProxyType(fields))}
    grown = dataclasses.replace(federation, declarations=MappingProxyType(declarations))
    before, after = status.decide(federation, name).status, status.decide(grown, name).status
    assert status.rank(after) >= status.rank(before), (name, claim.field, claim.value, before, after)


def test_the_architecture_legend_is_the_rules_table_in_words(real_result):
    from getchitty.export import read_author_pages
    from getchitty.render import render_site

    page = render_site(real_result, author_pages=read_author_pages(REPO, "docs")).pages["architecture/index.md"]
    legend = re.search(r'<ul class="gc-legend" aria-label="Statuses">(.*?)</ul>', page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", legend, re.S)
    assert len(items) == len(status.LIFECYCLE)
    for item, name in zip(items, status.LIFECYCLE, strict=True):
        assert html.unescape(item).endswith(f">{name}</span> {status.MEANINGS[name]}"), name
    assert "nothing\nelse: no address is probed" in page


# --- services shaped like the real repositories ------------------------------------------------------------------

REGISTRY = """\
compliance_profiles:
  cloudflare-worker:
    connect: required
organizations:
  CHITTYOS:
    services:
      chittyalpha:
        repo: CHITTYOS/chittyalpha
        type: cloudflare-worker
        domain: alpha.chitty.cc
        active: true
      chittybeta:
        repo: CHITTYOS/chittybeta
        type: cloudflare-worker
        domain: beta.chitty.cc
        active: true
      chittygamma:
        repo: CHITTYOS/chittygamma
        type: cloudflare-worker
        domain: gamma.chitty.cc
        active: true
      chittychron:
        repo: CHITTYOS/chittychron
        type: cloudflare-worker
        domain: chron.chitty.cc
        active: true
      chittyretired:
        repo: CHITTYOS/chittyretired
        type: cloudflare-worker
        active: false
      chittydash:
        repo: CHITTYOS/chittydash
        type: cloudflare-worker
        domain: dash.chitty.cc
        active: true
"""
CHECKS = """\
checks:
  connect:
    name: Connect
    file_checks:
      - path: .chittyconnect.yml
        required: true
"""


def connect(name: str) -> str:
    return (f"service:\n  name: {name}\n  domains:\n    production: {name[6:]}.chitty.cc\n"
            "onboarding:\n  endpoint: https://get.chitty.cc/api/onboard\n")


def charter(name: str, state: str, *items: str) -> str:
    checklist = "".join(f"- {item}\n" for item in items)
    return (f"---\nuri: chittycanon://docs/ops/policy/{name}-charter\nversion: 1.0.0\nstatus: {state}\n---\n\n"
            f"# {name} Charter\n\n## Mission\n\nIt does one thing.\n\n## Compliance\n\n{checklist}")


# A certified charter with its health endpoint ticked and a Wrangler file whose routes live in the dashboard.
BETA_WRANGLER = """\
name = "chittybeta"
main = "src/index.ts"
compatibility_date = "2026-01-15"
# Routes are configured in the Cloudflare dashboard (custom domain beta.chitty.cc).
"""
# As chittyapps/chittychronicle writes it: production routes under [env.production], no health route anywhere.
CHRON_WRANGLER = """\
name = "chittychron"
compatibility_date = "2024-01-01"

[env.production]
name = "chittychron"
routes = [
  { pattern = "chron.chitty.cc/*", zone_name = "chitty.cc" }
]

[env.preview]
name = "chittychron-preview"
routes = [
  { pattern = "preview.chron.chitty.cc/*", zone_name = "chitty.cc" }
]
"""
RETIRED_WRANGLER = '{\n  "name": "chittyretired",\n  "routes": [{"pattern": "retired.chitty.cc", "custom_domain": true}]\n}\n'
STAGE_WRANGLER = """\
{
  "name": "chittystage",
  "main": "src/index.ts",
  "env": {
    "staging": {"routes": [{"pattern": "stage-staging.chitty.cc/*", "zone_name": "chitty.cc"}]}
  }
}
"""


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    base = tmp_path_factory.mktemp("shapes")
    mirror = base / "mirror"
    export_folder(mirror, "shapesops", {"compliance/service-registry.yml": REGISTRY, "compliance/checks.yml": CHECKS})
    export_folder(mirror, "chittybeta", {
        ".chittyconnect.yml": connect("chittybeta"), "wrangler.toml": BETA_WRANGLER,
        "CHARTER.md": charter("chittybeta", "CERTIFIED", "[x] Service registered in ChittyRegistry",
                              "[x] Health endpoint operational at /health", "[ ] OpenAPI specification published")})
    export_folder(mirror, "chittygamma", {
        ".chittyconnect.yml": connect("chittygamma"), "wrangler.toml": 'name = "chittygamma"\nmain = "src/index.ts"\n',
        "CHARTER.md": charter("chittygamma", "DRAFT", "[ ] Health endpoint operational at /health",
                              "[ ] Self-healing discovery endpoint live")})
    export_folder(mirror, "chittychron", {".chittyconnect.yml": connect("chittychron"), "wrangler.toml": CHRON_WRANGLER})
    export_folder(mirror, "chittyretired", {"wrangler.jsonc": RETIRED_WRANGLER})
    export_folder(mirror, "chittystage", {"wrangler.jsonc": STAGE_WRANGLER})
    export_folder(mirror, "chittydeclared", {".chittyconnect.yml": connect("chittydeclared")})
    export_folder(mirror, "chittydash", {".chittyconnect.yml": connect("chittydash"),
                                         "wrangler.toml": 'name = "chittydash"\nmain = "src/index.ts"\n'})
    sources = [{"repository": "chittyos/shapesops", "role": "registry"},
               *({"repository": f"chittyos/{name}"} for name in ("chittybeta", "chittygamma", "chittychron",
                                                                 "chittyretired", "chittystage", "chittydeclared",
                                                                 "chittydash"))]
    root = federated_tree(base / "repo", sources, mirror)
    manifest = "etc/chittyos/services/chittyid.yml"
    write(root, manifest, (root / manifest).read_text() + "board:\n  status: Live\n  label: COMPLETE\n  layer: 1\n",
          dedent=False)
    # The Wrangler reader does not record a dashboard note yet: the fact it is to record, as the rule reads it.
    dash = snapshot_file(root, "chittyos/chittydash")
    data = yaml.safe_load(dash.read_text())
    data["facts"].append({"at": "wrangler.toml:1", "subject": "chittydash", "field": "dashboard_routes",
                          "value": "Routes are configured in the Cloudflare dashboard"})
    dash.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return root


@pytest.fixture(scope="module")
def shaped(shapes):
    return check(shapes, today=TODAY, use_cache=False)


@pytest.mark.parametrize("name, expected, row", [
    ("chittyretired", "Deprecated", 1),  # routed to a custom domain, but the registry retired it
    ("chittybeta", "Active", 2),  # ticked health item + registry: Active, as it was before its repository was read
    ("chittychron", "Active", 2),  # a route in [env.production] is a deployment, health route or not
    ("chittydash", "Active", 2),  # routes set in the dashboard, as its Wrangler file says
    ("chittyalpha", "Registered", 4),  # the registry alone: exactly what is known
    ("chittygamma", "Registered", 4),  # its repository adds a Worker and a DRAFT charter: never below the registry
    ("chittystage", "Needs Deployment", 5),  # routed in staging only
    ("chittydeclared", "In Progress", 6),
    ("chittyid", "Planned", 7),  # the board said Live in January; nothing read says so now
])
def test_statuses_follow_their_evidence(shaped, name, expected, row):
    decision = shaped.ecosystem.statuses[name]
    assert (decision.status, decision.branch) == (expected, row), decision.reason


def test_the_evidence_table_marks_what_decided(shaped):
    decision = shaped.ecosystem.statuses["chittychron"]
    rows = {(e.kind, e.value): e for e in decision.evidence}
    assert rows["production_route", "chron.chitty.cc/* (env.production)"].decides
    assert not rows["other_route", "preview.chron.chitty.cc/* (env.preview)"].decides
    assert rows["registry_active", True].decides
    assert rows["health_route", None].claim is None  # shown as missing, and it did not matter
    assert decision.reason == ("registry: active: true; production route (own Wrangler configuration): "
                               "chron.chitty.cc/* (env.production)")
    beta = {e.kind: e for e in shaped.ecosystem.statuses["chittybeta"].evidence}
    assert beta["deployment_ticked"].value == "Health endpoint operational at /health"
    assert beta["charter_certified"].value == "CERTIFIED" and not beta["charter_certified"].decides


def registry_line(service: str) -> int:
    """The line of the service's `active` flag in REGISTRY."""
    lines = REGISTRY.splitlines()
    start = lines.index(f"      {service}:")
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.strip().startswith("active:"))


def finding_of(result, name):
    return [v for v in result.violations if v.rule == "status/sources-disagree" and v.entity == name]


def test_sources_that_disagree_about_a_status_are_a_finding_at_both_locations(shapes, shaped):
    gamma = snapshot_file(shapes, "chittyos/chittygamma")
    registry = snapshot_file(shapes, "chittyos/shapesops")
    local = str(gamma.relative_to(shapes))
    draft, open_item = finding_of(shaped, "chittygamma")
    assert located([draft, open_item]) == [
        ("status/sources-disagree", local, entry_line(gamma, "CHARTER.md:4", "charter.status"), 3),
        ("status/sources-disagree", local, entry_line(gamma, "CHARTER.md:15", "compliance_claim"), 3)]
    flag = registry_line("chittygamma")
    registry_entry = entry_line(registry, f"compliance/service-registry.yml:{flag}", "active")
    for finding in (draft, open_item):
        assert finding.severity.value == "warning" and finding.field == "status"
        assert [(r.path, r.line) for r in finding.related] == [
            (local, finding.line), (str(registry.relative_to(shapes)), registry_entry)]
    assert draft.message == (
        "the sources disagree about its status: its charter or badge says DRAFT: “DRAFT”, stated at "
        f"chittyos/chittygamma@{'ab' * 6}:CHARTER.md:4; but the ecosystem registry marks it active (active: true), "
        f"stated at chittyos/shapesops@{'ab' * 6}:compliance/service-registry.yml:{flag}. The status rule gives "
        "Registered")
    assert "“Health endpoint operational at /health”" in open_item.message
    # "Self-healing discovery endpoint live" is about a feature, not about the service running
    assert not [v for v in finding_of(shaped, "chittygamma") if "Self-healing" in v.message]


def test_a_retired_service_still_routed_is_a_finding_on_the_registry_entry(shapes, shaped):
    [finding] = finding_of(shaped, "chittyretired")
    registry = snapshot_file(shapes, "chittyos/shapesops")
    wrangler = snapshot_file(shapes, "chittyos/chittyretired")
    assert located([finding]) == [("status/sources-disagree", str(registry.relative_to(shapes)),
                                   entry_line(registry, f"compliance/service-registry.yml:{registry_line('chittyretired')}",
                                              "active"), 3)]
    assert finding.related[1].path == str(wrangler.relative_to(shapes))
    assert finding.related[1].line == entry_line(wrangler, "wrangler.jsonc:3", "route")
    assert "a custom domain (custom_domain: true) in that production environment: “retired.chitty.cc”" in finding.message


def test_sources_that_agree_make_no_disagreement(shaped):
    for name in ("chittybeta", "chittychron", "chittydash", "chittyalpha", "chittystage", "chittydeclared"):
        assert not finding_of(shaped, name), name
    assert "status/sources-disagree" in shaped.rules


def test_the_board_alone_is_history_and_the_manifest_is_told(shapes, shaped):
    manifest = "etc/chittyos/services/chittyid.yml"
    [finding] = [v for v in shaped.violations if v.rule == "status/evidence" and v.entity == "chittyid"]
    line = next(n for n, text in enumerate((shapes / manifest).read_text().splitlines(), 1) if text.startswith("status:"))
    assert located([finding]) == [("status/evidence", manifest, line, 9)]
    assert finding.message.startswith("status is Live, but the status rule gives Planned (row 7: no source read meets")
    board = [e for e in shaped.ecosystem.statuses["chittyid"].evidence if e.kind == "board"]
    assert [(e.value, e.decides) for e in board] == [("Live", False)]
