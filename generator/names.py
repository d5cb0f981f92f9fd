"""The shape of a service name that becomes a page URL and a subdomain: shared by the model and the readers."""

from __future__ import annotations

import re

SAFE_NAME = re.compile(r"^[a-z][a-z0-9]*\Z")  # \Z: "$" would accept a trailing newline
MAX_NAME = 63  # a DNS label: names become page URLs and subdomains


def safe_name(name: str) -> bool:
    return len(name) <= MAX_NAME and SAFE_NAME.match(name) is not None
