"""Small judgements every reader shares: host names, tiers, service ids, repository names, credentials.

All of them work on bounded text with linear-time checks, so a hostile line
cannot slow a sync down.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..credentials import PREFIXED, SECRET_KEY, looks_like_credential

if TYPE_CHECKING:
    from .values import Reading

MAX_FILE_BYTES = 2 * 1024 * 1024
# Fields every source states in the same vocabulary, so that different values are a real disagreement.
COMPARED = ("tier", "category", "domain", "repository", "organization", "health_route", "canonical_uri",
            "owners", "path_owners")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TIER = re.compile(r"(?:tier[ _-]?)?([0-9]{1,2})(?![0-9])\s*(?:[-\u2013\u2014:/]\s*)?(.*)", re.I)
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_REPOSITORY = re.compile(r"([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})")
_HEX_ID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Keys under which Cloudflare writes account, namespace, database and store ids: identifiers, not credentials.
IDENTIFIER_KEYS = frozenset({"id", "account_id", "database_id", "store_id", "zone_id", "preview_id",
                             "namespace_id", "bucket_id", "cloudflare_account_id"})
TIER_RANGE = range(0, 6)
# Keys whose values name a secret rather than hold one.
NAME_KEYS = frozenset({"name", "binding", "store_secret", "service_token_key", "secret", "key"})


def is_host(text: Any) -> bool:
    """Whether `text` is a DNS host name such as `connect.chitty.cc` (not a URL, not prose)."""
    if not isinstance(text, str) or not 3 < len(text) <= 253:
        return False
    labels = text.lower().rstrip(".").split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) and labels[-1].isalpha()


def host_of(text: str) -> str | None:
    """The host of `https://host/...` or of a bare `host/path` pattern; None when there is none."""
    text = text.strip().lower()
    text = text.split("://", 1)[1] if "://" in text else text
    host = text.split("/", 1)[0].split(":", 1)[0].strip("*.")
    return host if is_host(host) else None


def route_path(value: Any) -> str | None:
    """The path of a route written as a path (`/health`) or as a full URL (`https://x.chitty.cc/health`); None
    for anything else. Query and fragment are not part of the route."""
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        return None
    text = value.strip()
    if "://" in text:
        try:
            parts = urlsplit(text)
            host = parts.hostname
        except ValueError:  # a malformed IPv6 host or port
            return None
        if parts.scheme not in ("http", "https") or not host:
            return None
        return parts.path or "/"
    if not text.startswith("/") or any(char.isspace() for char in text):
        return None
    return urlsplit(text).path or "/"


def parse_tier(value: Any) -> tuple[int, str] | None:
    """`2`, `"2 (Core Infrastructure)"`, `"Tier 3 - Operational"` → (number, label); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, "") if value in TIER_RANGE else None
    if not isinstance(value, str) or len(value) > 200:
        return None
    match = _TIER.fullmatch(value.strip())
    if not match or int(match.group(1)) not in TIER_RANGE:
        return None
    label = match.group(2).strip()
    if label.startswith("(") and label.endswith(")"):
        label = label[1:-1].strip()
    return int(match.group(1)), label


def service_id(name: Any) -> str | None:
    """The id a written service name stands for (`ChittyID` → `chittyid`); None for prose such as `Notion API`."""
    if not isinstance(name, str):
        return None
    text = name.strip().strip("`*_").strip().lower()
    return text if _ID.fullmatch(text) else None


# How a source read from a plain folder is named (sources.py, the importer): a name GitHub does not have.
LOCAL = "local/"


def local_name(folder: str) -> str:
    """The name of a source read from a plain folder: `local/` and the folder's name, made safe for a path."""
    return LOCAL + (re.sub(r"[^a-z0-9._-]+", "-", folder.lower()).strip(".-") or "repository")


def on_github(repository: str) -> bool:
    """Whether a source's name is a GitHub owner/name (not a plain folder's `local/` name)."""
    return "/" in repository and not repository.startswith(LOCAL)


def repository_name(value: Any) -> str | None:
    """`owner/name` from `CHITTYOS/chittyconnect`, `https://github.com/o/n(.git)` or `git@github.com:o/n`."""
    if not isinstance(value, str) or len(value) > 300:
        return None
    text = value.strip()
    for prefix in ("https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    text = text.removesuffix(".git").strip("/")
    match = _REPOSITORY.fullmatch(text)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def decode(reading: Reading, raw: bytes) -> str | None:
    """The file as text, or None with a problem when it is binary, not UTF-8 or too large."""
    if len(raw) > MAX_FILE_BYTES:
        reading.report("federation/unreadable-file", 1, f"{reading.path} is {len(raw) / 1_048_576:.1f} MiB; "
                                                         f"declaration files are read up to {MAX_FILE_BYTES // 1_048_576} MiB")
        return None
    if b"\x00" in raw:
        reading.report("federation/unreadable-file", 1, f"{reading.path} is a binary file, not text")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reading.report("federation/unreadable-file", line,
                       f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; {reading.path} was not read")
        return None


_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_\-]{32,}")


def credential_like(text: str, *, secret_key: bool = False) -> bool:
    """Whether `text` holds something that looks like a credential value.

    A known token format anywhere is one. A long high-entropy run is one when it
    mixes upper case, lower case and digits as generated keys do; a run in one
    case only (`MERCURY_EGRESS_ACCESS_CLIENT_SECRET`, `migrations/019_neon_auth_user_store`,
    a hex id or commit) is a name, path or identifier, and the parts of a path
    are judged one by one, unless the value stands under a key that names a secret.
    """
    if any(pattern.search(text) for _, pattern in PREFIXED):
        return True
    for match in _CANDIDATE.finditer(text):
        token = match.group()
        if secret_key:
            if looks_like_credential(token):
                return True
            continue
        # Outside a secret's key, `/` separates the parts of a path or URL, each judged alone.
        for part in token.split("/"):
            if part != part.lower() and part != part.upper() and looks_like_credential(part):
                return True
    return False


def guard(reading: Reading) -> None:
    """Replace every credential-looking value in the reading's facts and unmapped lines, reporting where.

    Runs on every file before its facts leave the reader, so that neither a
    snapshot, nor a message, nor a log can carry a credential value.
    """
    cleaned = []
    for fact in reading.facts:
        value, found = _scrub(fact.value, fact.field)
        if found:
            reading.report("federation/credential-value", fact.provenance.line,
                           f"{fact.field}{' ' + fact.key if fact.key else ''}: a value that looks like a credential "
                           "is written here; it was not recorded")
            fact = type(fact)(fact.subject, fact.field, value, fact.provenance, fact.key)
        cleaned.append(fact)
    reading.facts = cleaned
    unmapped = []
    for entry in reading.unmapped:
        if credential_like(entry.text) or credential_like(entry.reason):
            reading.report("federation/credential-value", entry.line,
                           "a value that looks like a credential is written on this line; it was not recorded")
            entry = type(entry)(entry.path, entry.line, REDACTED, "")
        unmapped.append(entry)
    reading.unmapped = unmapped


REDACTED = "[redacted]"


def _scrub(value: Any, key: str) -> tuple[Any, bool]:
    if isinstance(value, str):
        if key in IDENTIFIER_KEYS and _HEX_ID.fullmatch(value):
            return value, False
        if value.startswith("op://") and not any(p.search(value) for _, p in PREFIXED):
            return value, False
        if credential_like(value, secret_key=bool(SECRET_KEY.search(key)) and key not in NAME_KEYS):
            return REDACTED, True
        return value, False
    if isinstance(value, list):
        found = False
        out = []
        for item in value:
            item, hit = _scrub(item, key)
            out.append(item)
            found |= hit
        return out, found
    if isinstance(value, dict):
        found = False
        result = {}
        # A Worker variable such as CHITTYOS_ACCOUNT_ID holds an identifier, as the `id` keys do.
        named_id = isinstance(value.get("name"), str) and value["name"].upper().endswith("_ID")
        for name, item in value.items():
            item, hit = _scrub(item, "id" if named_id and name == "value" else str(name))
            result[name] = item
            found |= hit
        return result, found
    return value, False
