"""federation/* and codeowners/*: problems in what the synced repositories declare, reported on their service.

Each reader's problem is recorded in its repository's snapshot by `getchitty
sync`; the check reports it at that entry of etc/federation/snapshot/, naming
the upstream location (repository@commit:path:line) in the message. Problems
only several snapshots show together (a name declared twice, a registry entry
whose repository is not read, a dependency nobody declares) are found when the
model is built and reported at the fact they concern.

Responsibility follows ownership: a problem in a file another repository owns
is a finding on that repository's service (its page, its compliance, the
scorecard), a warning that never stops `sync` or the site build.
`upstream_problems:` in etc/federation/sources.yml raises (or lowers) them:
one severity for every such warning, or one per rule. Only
`federation/invalid-sources`, a mistake in the portal's own sources.yml, is an
error by default; `getchitty sync` reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..model import Ecosystem
from ..violations import Related, Severity, Violation
from . import Check, Input, Rule, Stage

WHY = ("What a repository declares is read where it lives, and its team fixes it there: the finding shows on that "
       "service's page and in the scorecard, and never stops the portal's build unless etc/federation/sources.yml "
       "raises it.")
WHY_SOURCES = "The portal's own list of sources: a mistake there is the portal team's to fix before anything is read."
WHY_CODEOWNERS = ("On GitHub the last CODEOWNERS pattern that matches a path decides its owners, so a broad line below "
                  "a protection silently replaces it; a repository that means to protect its workflows, its "
                  "CODEOWNERS or its .chittyconnect.yml should learn that it does not.")
ALL_UPSTREAM = "*"  # upstream_problems written as one severity: every upstream warning rule


def _upstream(id: str, summary: str, hint: str, why: str = WHY, severity: Severity = Severity.WARNING) -> Rule:
    return Rule(id, severity, summary, hint, why)


RULES: tuple[Rule, ...] = (
    _upstream("federation/unreadable-file",
              "A declaration file cannot be read as text (binary, not UTF-8, a link, or too large), or only its "
              "beginning is read.",
              "Store the file as UTF-8 text of at most 2 MiB (a Markdown page: 256 KiB), as a regular file."),
    _upstream("federation/invalid-chittyconnect",
              "A .chittyconnect.yml is not valid YAML or not a mapping with a `service` section.",
              "Fix the YAML at the reported line; the file needs `service: {name: ...}` at least."),
    _upstream("federation/invalid-front-matter",
              "The YAML front matter of a CHARTER.md or CHITTY.md does not parse.",
              "Fix the YAML between the two `---` lines at the top of the file."),
    _upstream("federation/charter-no-classification",
              "A CHARTER.md has no Classification section, so its tier, organization and domain are unknown.",
              "Add `## Classification` with `- **Tier**: N (Label)`, `- **Organization**: ...` and `- **Domain**: host` "
              "(or a table of the same keys)."),
    _upstream("federation/charter-bad-tier",
              "A tier is not a number from 0 to 5.",
              "Write the tier as its number, optionally followed by its label: `2 (Platform)`."),
    _upstream("federation/charter-dependency-incomplete",
              "A row of a Dependencies table lacks its relation or its service, or the table has no relation column.",
              "Give each row its relation (Upstream, Downstream, Peer, Storage, External...) in a Type or "
              "Relationship column, and the service it names."),
    _upstream("federation/charter-unknown-relation",
              "A Dependencies row states a relation getchitty does not know; it is recorded as written, not as a "
              "service dependency.",
              "Write the relation as Upstream, Downstream, Peer, Storage or External (a note may follow in "
              "parentheses: `Upstream (optional)`)."),
    _upstream("federation/codeowners-invalid-pattern",
              "A CODEOWNERS line uses syntax GitHub does not support; GitHub skips the line.",
              "Remove `!` negation and `[...]` ranges; escape spaces and a leading `#` with a backslash."),
    _upstream("federation/codeowners-invalid-owner",
              "A CODEOWNERS owner is not @user, @org/team or an e-mail address.",
              "Write each owner as @user, @org/team or name@example.com."),
    _upstream("federation/codeowners-disagree",
              "Two CODEOWNERS files of one repository name different owners for the same path.",
              "Keep one CODEOWNERS file; GitHub reads only the first of .github/, the root and docs/."),
    _upstream("codeowners/protection-overridden",
              "A later CODEOWNERS line takes over a path an earlier line protects (.github/, .github/workflows/, "
              "CODEOWNERS, .chittyconnect.yml): the last matching pattern wins.",
              "Move the protecting lines below the broad one (put `* @team` first), or give the broad line the same "
              "owners.", WHY_CODEOWNERS),
    _upstream("federation/invalid-secret-catalog",
              "A .github/secret-catalog.json does not parse or does not list secrets as objects with a name.",
              "Write `{\"secrets\": [{\"name\": \"ENV_NAME\", \"rotation_days\": 90, ...}]}`."),
    _upstream("federation/credential-value",
              "A declaration file holds something that looks like a real credential value (never recorded or "
              "repeated).",
              "Delete the value, rotate the credential now, and keep only its name and an op:// reference."),
    _upstream("federation/invalid-wrangler",
              "A wrangler.toml or wrangler.jsonc does not parse.",
              "Fix the file at the reported line; `wrangler deploy` would refuse it too."),
    _upstream("federation/invalid-registry",
              "The ecosystem registry or its compliance checks file does not parse or has the wrong shape.",
              "Fix the YAML at the reported line: `organizations: {ORG: {services: {name: {...}}}}`."),
    _upstream("federation/invalid-registration",
              "A registrations/*.json file does not parse or has no name.",
              "Write a JSON object with at least `name`, and `metadata` for tier, domain and repository."),
    _upstream("federation/invalid-manifest",
              "An authority/services/*.json manifest does not parse or has no service_name.",
              "Write a JSON object with `service_name` and the manifest's fields."),
    _upstream("federation/invalid-page",
              "A governance or onboarding page could not be read.",
              "Store the page as UTF-8 Markdown."),
    _upstream("federation/name-taken",
              "Two sources declare the same service name.",
              "Rename one service, or remove the repository that should not declare it from the sources."),
    _upstream("federation/unknown-dependency",
              "A charter depends on a service that no source and no registry entry knows.",
              "Fix the name in the charter's Dependencies table, or register the service."),
    _upstream("federation/registry-repo-not-a-source",
              "An active service of the ecosystem registry lives in a repository that is not a source.",
              "Add the repository to etc/federation/sources.yml and run `getchitty sync`.",
              severity=Severity.NOTICE),
    Rule("federation/invalid-sources", Severity.ERROR,
         "etc/federation/sources.yml cannot be used as it is written (reported by `getchitty sync`).",
         "Give each source exactly one of `repository: owner/name`, `url:` or `path:`, and a valid `ref`.",
         WHY_SOURCES),
)
FEDERATION_RULES: Mapping[str, Rule] = {rule.id: rule for rule in RULES}


def _rule(rule_id: str, recorded: str) -> Rule:
    known = FEDERATION_RULES.get(rule_id)
    if known is not None:
        return known
    return Rule(rule_id, {"notice": Severity.NOTICE, "warning": Severity.WARNING}.get(recorded, Severity.ERROR),
                "A problem a snapshot records under a rule this version of getchitty does not know.",
                "Run `getchitty sync` again with this version, or fix the problem in the repository.", WHY)


def severity(rule: Rule, configured: Mapping[str, str]) -> Severity:
    """The rule's severity as etc/federation/sources.yml sets it: by its id, else (for a warning) as every
    upstream warning is set, else its own."""
    chosen = configured.get(rule.id)
    if chosen is None and rule.severity is Severity.WARNING:
        chosen = configured.get(ALL_UPSTREAM)
    return Severity(chosen) if chosen else rule.severity


def check(eco: Ecosystem) -> Iterable[Violation]:
    federation = eco.federation
    for located in federation.problems:
        problem = located.problem
        rule = _rule(problem.rule_id, problem.severity)
        related = []
        for provenance in problem.related:
            local = federation.locate(provenance)
            if local is not None:
                line, col = local.position()
                related.append(Related(local.path, line, col, str(provenance)))
        finding = rule.finding(located.local.path, located.local.position(), f"{problem.message} (at {located.upstream})",
                               entity=located.entity, related=tuple(related))
        chosen = severity(rule, federation.problem_severity)
        yield finding if chosen is rule.severity else replace(finding, severity=chosen)


def describe(eco: Ecosystem) -> Iterable[Rule]:
    """Rules of problems recorded by another version's readers, so that every finding has a catalogue entry."""
    for located in eco.federation.problems:
        if located.problem.rule_id not in FEDERATION_RULES:
            yield _rule(located.problem.rule_id, located.problem.severity)


# A charter that depends on a service with a manifest here names a known service, so which manifests have pages is
# an input as much as the snapshots are: the cards (INDEX) say which. An edit that leaves every card as it was
# leaves these findings as they were.
CHECK = Check("federation", Stage.ECOSYSTEM, RULES, check, reads=(Input.FEDERATION, Input.INDEX, Input.NAMES),
              describe=describe)
