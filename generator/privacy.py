"""What the site publishes about people: an e-mail address that names a role stays, a person's is withheld.

The rule: an address is published when its local part (before the @) names a role rather than a person:
one of the role mailboxes of RFC 2142 (security@, abuse@, support@...) or a few team words (ops@, team@,
privacy@...), or the name of something in the ecosystem that a mailbox may stand for (a service, without
or with its "chitty" prefix: sync@ for chittysync; a team handle's team: platform@ for @chittyos/platform).
Every other address is replaced by WITHHELD, whatever its domain: a person's address at the ecosystem's own
domain is still a person's.

Applied at the render boundary, on top of the credential redaction (credentials.Redactor): every value a page,
a title, the navigation, a picture or a JSON file of the read model receives passes through `Published`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .credentials import Redactor

WITHHELD = "(e-mail withheld)"
# RFC 2142's mailbox names, and the team words ChittyOS repositories use for shared mailboxes.
ROLE_MAILBOXES = frozenset({
    "abuse", "ftp", "hostmaster", "info", "marketing", "news", "noc", "postmaster", "sales", "security", "support",
    "usenet", "uucp", "webmaster", "www",
    "admin", "billing", "compliance", "contact", "dev", "engineering", "hello", "help", "legal", "no-reply",
    "noreply", "ops", "oncall", "privacy", "team",
})
# A local part of at most 64 characters, an @, and a domain of labels: no two parts of the pattern can match the
# same characters, so a search stays linear whatever the text.
EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)")


def role_names(services: Iterable[str], teams: Iterable[str]) -> frozenset[str]:
    """The local parts that stand for something of the ecosystem: each service's name, without its "chitty"
    prefix too, and the team part of each team handle ("@chittyos/platform" → "platform")."""
    names = set()
    for service in services:
        name = service.lower()
        names.add(name)
        if name.startswith("chitty") and len(name) > len("chitty"):
            names.add(name.removeprefix("chitty").lstrip("-"))
    for team in teams:
        names.add(team.lower().rpartition("/")[2].lstrip("@"))
    return frozenset(filter(None, names))


def is_role_address(local: str, known: frozenset[str] = frozenset()) -> bool:
    local = local.lower()
    return local in ROLE_MAILBOXES or local in known


def withhold_personal(text: str, known: frozenset[str] = frozenset()) -> str:
    """`text` with every e-mail address that names a person replaced by WITHHELD."""
    if "@" not in text:
        return text
    return EMAIL.sub(lambda found: found.group(0) if is_role_address(found.group(1), known) else WITHHELD, text)


_AS_IS = frozenset({int, float, bool, type(None)})  # values a walk of the read model passes through


class Published:
    """A Redactor whose output also withholds personal e-mail addresses: what the site may publish."""

    def __init__(self, redactor: Redactor, known: frozenset[str] = frozenset()):
        self.redactor = redactor
        self.known = known
        self.values = redactor.values  # the flagged credentials, for the render's inputs digest
        self._published: dict[str, str] = {}  # a render publishes the same texts (keys, names, states) many times

    def __call__(self, text: Any) -> str:
        done = self._published.get(text) if type(text) is str else None
        if done is None:
            done = withhold_personal(self.redactor(text), self.known)
            if type(text) is str and len(self._published) < 200_000:
                self._published[text] = done
        return done

    def path(self, text: str) -> str:
        return withhold_personal(self.redactor.path(text), self.known)

    def data(self, value: Any) -> Any:
        """`value` with every string published as text is, mapping keys included."""
        # The read model is walked whole (about 400 values per service): a string published before (`or`: an empty
        # one is published again, to the same "") or a number is taken where it stands, without a call of its own.
        published = self._published

        def walk(item: Any) -> Any:
            kind = type(item)
            if kind is str:
                return published.get(item) or self(item)
            if kind in _AS_IS:
                return item
            if kind is dict or isinstance(item, dict):
                return {published.get(k) or self(k):
                        (published.get(v) or self(v)) if type(v) is str else v if type(v) in _AS_IS else walk(v)
                        for k, v in item.items()}
            if kind is list or isinstance(item, (list, tuple)):
                return [(published.get(v) or self(v)) if type(v) is str else v if type(v) in _AS_IS else walk(v)
                        for v in item]
            return self(item) if isinstance(item, str) else item

        return walk(value)

    def leaks(self, text: str) -> bool:
        return self.redactor.leaks(text)
