"""The JSON Schemas this release ships (etc/authority/schema/ of the seed data), by the digest of their content.

Checking a schema against the draft-07 metaschema takes jsonschema, whose
import alone is about 70 ms, and the check another 20 ms: close to a tenth of
a cold check of 5,000 manifests, for schemas that nearly every repository
holds as the release shipped them. The check's outcome depends on the schema's
content alone, and tests/test_rules_schema.py checks every schema listed here
against the metaschema and fails when the seed's schemas and this list part.
A schema whose content is not listed, edited or an author's own, is checked on
every run, as before.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

RELEASED = frozenset({
    "b678bcc4766e8e905e92667fca9f5f3d9cc232b40b656c256acc1d2d1beac54e",  # composite
    "4795984605903105b40d31ec27bc555912135bdf344d90159d5b394253774cde",  # data-layer
    "ae1e609b2e58f7221296eb81f266f71fbc4e6322cdcf421c5d1df86ad3342a32",  # domain
    "4f3c7ea51f188b59c18376515f18bcb7de3a1faec988e016e90e334b7502474b",  # evidence
    "0710d8635378e4911e72e53efc52be90db43ab288a9ba73bf56f6617938e3786",  # getchitty-access
    "3f7e4861368efd45d30dc7aa1ae0b2fd6eaaf01d3be847278526414a908df538",  # getchitty-composite
    "d47004cd0fd0da01cb4922b57a4557599122da5b9f2d43b18c5f61d3c60d1492",  # getchitty-data-layer
    "0e974f793d54a2f7502066a3c88f57a575cc10a9030dfe5b12e6382e3d2dcbde",  # getchitty-layers
    "cf3be011e9d70b5c677b0a5250bd67f6a94b9a0062e073ab1b7a0d12918819af",  # getchitty-levels
    "c7b9c499683943a9cdc4b20ea2816b9c9049bd405e425b81d7df5a21b34a6ddd",  # getchitty-lock
    "9fa2459d5061a0b0594a4230d8479f123f845a472eb5c4c6c23a81948c66d995",  # getchitty-ontology
    "1fefa5db87894bad838872e6d6f120458e82f3d99a4f6fe1140a4725bbff896f",  # getchitty-roadmap
    "19515f7f12eb188f8f908a2631bba3b38eed896d9fb7c2b4dc36a614628af918",  # getchitty-scopes
    "5a63f6b4d65121de5d2d626c6170e1c87e6a3762414fa2bf62aee876ae4ec261",  # getchitty-secrets
    "bb604160c2c81669023d0a1a54ab858af1f946fc66862b566649e760433d48b8",  # getchitty-service
    "adf51e1a75f226980d310179c8a178cd3a6ee0a3f3dee540930f4364d0321433",  # getchitty-snapshot
    "cae4349462411f70420a1109a0afaca5d629a49f0ab7bcbb1a02c21756ef1d20",  # getchitty-sources
    "3c0c7a33f4c781df9a9619a9ecafcb74ed48e4bbef38e924ddc17418b2fa2073",  # getchitty-tiers
    "bb123fb957e805923e363831bf0a6883defaf2a8af7a1b2c8ecd0d2f3e693cd7",  # getchitty-waivers
    "82746131832aeb8a59d0d36452fea7c4cce560112983c71d7a72fbfecb8d5402",  # infrastructure
    "0ed6eacea744754e79063102cbb1dad016a54c8c8472d112f3a45057f66c5e84",  # service
    "759e96fc73b945c6fba3cb9df8c31fbb5691d73b59a9d87a9ab1da37a117ac35",  # unstructured-data
    "2b04675cd1184ecff75b2139b50e8701fcfd4eecf4a182115beb4443375de2f4",  # version-control
})


def content_digest(schema: Any) -> str:
    """The digest of a schema's content: the same for any two files that parse to the same data."""
    text = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def released(schema: Any) -> bool:
    """Whether `schema` is, in content, one this release ships (and so passed the metaschema check)."""
    try:
        return content_digest(schema) in RELEASED
    except (TypeError, ValueError, RecursionError):  # what JSON text cannot hold, or nesting past the interpreter's
        return False
