"""Recognising credential values, so that none is ever copied into a message, a page or a cache.

Prefixed token formats are recognised by their prefix alone; other long opaque
strings count when their entropy is high. `redact` is the one redaction every
text built from source values passes through before it leaves the engine.
"""

from __future__ import annotations

import math
import re
from collections import Counter

# Token formats whose prefix alone identifies them; each pattern is anchored on
# its prefix so that a position can be reported without quoting the value.
PREFIXED = [
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("an OpenAI/Anthropic-style API key", re.compile(r"\bsk-(?:[A-Za-z0-9_-]{20,})")),
    ("a Stripe live key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
    ("a Notion token", re.compile(r"\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
]
# A literal that every PREFIXED match contains. Almost no text holds any of them, and
# `in` says so far faster than the patterns, whose leading \b keeps `re` from
# skipping ahead to a literal: scanning was a third of a cold check.
NEEDLES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk-", "k_live_", "AKIA", "ASIA",
           "xox", "AIza", "npm_", "secret_", "ntn_", "eyJ", "-----BEGIN")
# Keys under which a high-entropy value is taken for a credential.
SECRET_KEY = re.compile(r"(token|secret|passw(or)?d|api[_-]?key|credential|private[_-]?key|access[_-]?key|auth)", re.I)
OPAQUE = re.compile(r"^[A-Za-z0-9+/=_\-.]{20,}$")
_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_\-]{32,}")


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def high_entropy(value: str) -> bool:
    return (bool(OPAQUE.match(value)) and any(c.isdigit() for c in value)
            and any(c.isalpha() for c in value) and entropy(value) >= 3.5)


def has_prefixed_token(text: str) -> bool:
    return any(needle in text for needle in NEEDLES) and any(pattern.search(text) for _, pattern in PREFIXED)


def looks_like_credential(value: str) -> bool:
    return has_prefixed_token(value) or (len(value) >= 32 and high_entropy(value))


def redact(text: str) -> str:
    """`text` with every credential-looking part replaced, so that a message quoting a value cannot leak it."""
    if any(needle in text for needle in NEEDLES):
        for _, pattern in PREFIXED:
            text = pattern.sub("[redacted]", text)
    return _CANDIDATE.sub(lambda m: "[redacted]" if high_entropy(m.group()) else m.group(), text)
