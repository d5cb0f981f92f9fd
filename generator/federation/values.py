"""What a reader gives back: facts with their provenance, lines it could not place, and problems.

Every value here is frozen and plain, so readers can run in worker threads, a
snapshot can be written and read back without loss, and the engine can turn a
`Problem` into its own finding type without importing anything from here but
this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The subject of a fact about the service that the read repository declares for
# itself; replaced by that service's id once the whole repository has been read.
SELF = "@self"
ERROR = "error"
WARNING = "warning"
# Worth knowing and never a failure: what is expected while only some repositories are sources.
NOTICE = "notice"


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: repository ("owner/name", or a local label), commit, path, 1-based line."""

    repository: str
    commit: str
    path: str
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.repository}@{self.commit[:12]}:{self.path}:{self.line}"


@dataclass(frozen=True)
class Fact:
    """One thing a repository declares: `field` of `subject` is `value`.

    `subject` is a service id ("" for facts about the repository or the
    ecosystem as a whole). `key` tells apart the items of a field that holds
    many (one fact per secret, route, dependency...), so that two sources'
    values for the same item can be compared.
    """

    subject: str
    field: str
    value: Any
    provenance: Provenance
    key: str = ""


@dataclass(frozen=True)
class Unmapped:
    """A source line that no reader could place, kept so that nothing is dropped silently."""

    path: str
    line: int
    text: str
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    """Bad input, as a value: the engine reports it like any other finding."""

    rule_id: str
    severity: str
    path: str
    line: int
    col: int
    message: str
    hint: str
    related: tuple[Provenance, ...] = ()
    repository: str = ""


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    summary: str
    hint: str


RULES: dict[str, RuleInfo] = {info.id: info for info in (
    RuleInfo("federation/unreadable-file", WARNING,
             "A declaration file cannot be read as text (binary, not UTF-8, a link, or too large).",
             "Store the file as UTF-8 text of at most 2 MiB, as a regular file."),
    RuleInfo("federation/invalid-chittyconnect", ERROR,
             "A .chittyconnect.yml is not valid YAML or not a mapping with a `service` section.",
             "Fix the YAML at the reported line; the file needs `service: {name: ...}` at least."),
    RuleInfo("federation/invalid-front-matter", ERROR,
             "The YAML front matter of a CHARTER.md or CHITTY.md does not parse.",
             "Fix the YAML between the two `---` lines at the top of the file."),
    RuleInfo("federation/charter-no-classification", WARNING,
             "A CHARTER.md has no Classification section, so its tier, organization and domain are unknown.",
             "Add `## Classification` with `- **Tier**: N (Label)`, `- **Organization**: ...` and `- **Domain**: host`."),
    RuleInfo("federation/charter-bad-tier", WARNING,
             "A tier is not a number from 0 to 5.",
             "Write the tier as its number, optionally followed by its label: `2 (Platform)`."),
    RuleInfo("federation/charter-dependency-incomplete", WARNING,
             "A row of a Dependencies table lacks its type or its service.",
             "Fill in both the Type (Upstream, Peer, Storage, External...) and the Service cell of the row."),
    RuleInfo("federation/codeowners-invalid-pattern", ERROR,
             "A CODEOWNERS line uses syntax GitHub does not support; GitHub skips the line.",
             "Remove `!` negation and `[...]` ranges; escape spaces and a leading `#` with a backslash."),
    RuleInfo("federation/codeowners-invalid-owner", ERROR,
             "A CODEOWNERS owner is not @user, @org/team or an e-mail address.",
             "Write each owner as @user, @org/team or name@example.com."),
    RuleInfo("federation/codeowners-disagree", WARNING,
             "Two CODEOWNERS files of one repository name different owners for the same path.",
             "Keep one CODEOWNERS file; GitHub reads only the first of .github/, the root and docs/."),
    RuleInfo("federation/invalid-secret-catalog", ERROR,
             "A .github/secret-catalog.json does not parse or does not list secrets as objects with a name.",
             "Write `{\"secrets\": [{\"name\": \"ENV_NAME\", \"rotation_days\": 90, ...}]}`."),
    RuleInfo("federation/credential-value", ERROR,
             "A declaration file holds something that looks like a real credential value.",
             "Delete the value, rotate the credential now, and keep only its name and an op:// reference."),
    RuleInfo("federation/invalid-wrangler", ERROR,
             "A wrangler.toml or wrangler.jsonc does not parse.",
             "Fix the file at the reported line; `wrangler deploy` would refuse it too."),
    RuleInfo("federation/invalid-registry", ERROR,
             "The ecosystem registry or its compliance checks file does not parse or has the wrong shape.",
             "Fix the YAML at the reported line: `organizations: {ORG: {services: {name: {...}}}}`."),
    RuleInfo("federation/invalid-registration", ERROR,
             "A registrations/*.json file does not parse or has no name.",
             "Write a JSON object with at least `name`, and `metadata` for tier, domain and repository."),
    RuleInfo("federation/invalid-manifest", ERROR,
             "An authority/services/*.json manifest does not parse or has no service_name.",
             "Write a JSON object with `service_name` and the manifest's fields."),
    RuleInfo("federation/invalid-page", WARNING,
             "A governance or onboarding page could not be read.",
             "Store the page as UTF-8 Markdown."),
    RuleInfo("federation/invalid-sources", ERROR,
             "etc/federation/sources.yml cannot be used as it is written.",
             "Give each source exactly one of `repository: owner/name`, `url:` or `path:`, and a valid `ref`."),
    RuleInfo("federation/name-taken", ERROR,
             "Two sources declare the same service name.",
             "Rename one service, or remove the repository that should not declare it from the sources."),
    RuleInfo("federation/registry-repo-not-a-source", NOTICE,
             "An active service of the ecosystem registry lives in a repository that is not a source.",
             "Add the repository to etc/federation/sources.yml and run `getchitty sync`."),
    RuleInfo("federation/unknown-dependency", WARNING,
             "A charter depends on a service that no source and no registry entry knows.",
             "Fix the name in the charter's Dependencies table, or register the service."),
)}


def problem(rule_id: str, path: str, line: int, message: str, *, col: int = 1,
            related: tuple[Provenance, ...] = (), repository: str = "") -> Problem:
    info = RULES[rule_id]
    return Problem(rule_id, info.severity, path, line, col, message, info.hint, related, repository)


@dataclass
class Reading:
    """What one reader found in one file; the reader appends, nothing raises."""

    repository: str
    commit: str
    path: str
    facts: list[Fact] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # How an ambiguous line was read (for `getchitty import`'s report); not part of a snapshot.
    decisions: list[Unmapped] = field(default_factory=list)

    def at(self, line: int) -> Provenance:
        return Provenance(self.repository, self.commit, self.path, line)

    def fact(self, subject: str, name: str, value: Any, line: int, key: str = "") -> None:
        self.facts.append(Fact(subject, name, value, self.at(line), key))

    def skip(self, line: int, text: str, reason: str = "") -> None:
        entry = Unmapped(self.path, line, clip(text), reason)
        if entry not in self.unmapped:
            self.unmapped.append(entry)

    def decide(self, line: int, message: str) -> None:
        entry = Unmapped(self.path, line, "", message)
        if entry not in self.decisions:
            self.decisions.append(entry)

    def report(self, rule_id: str, line: int, message: str, *, col: int = 1,
               related: tuple[Provenance, ...] = ()) -> None:
        self.problems.append(problem(rule_id, self.path, line, message, col=col, related=related,
                                     repository=self.repository))


def clip(text: str, limit: int = 160) -> str:
    """One line of at most `limit` characters: enough to find the line, never a whole document."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
