"""The rule for e-mail addresses: one that names a role stays, a person's is withheld, at every output of the
render (pages, titles, the read model)."""

from __future__ import annotations

import pytest

from getchitty.credentials import REDACTED, Redactor
from getchitty.privacy import WITHHELD, Published, role_names, withhold_personal

KNOWN = role_names(["chittysync", "chittyregistry", "chittymcp", "bane"], ["@chittyos/platform", "data"])


@pytest.mark.parametrize("address", ["security@chitty.cc", "ops@chitty.cc", "Support@example.com", "noreply@github.com",
                                     "sync@chitty.cc", "registry@chitty.cc", "mcp@chitty.cc", "chittysync@chitty.cc",
                                     "platform@chittyos.com", "data@chitty.cc"])
def test_role_addresses_stay(address):
    text = f"Write to {address}, please."
    assert withhold_personal(text, KNOWN) == text


@pytest.mark.parametrize("address", ["nick@nevershitty.com", "nick@chittycorp.com", "jane.doe+cc@chitty.cc",
                                     "J_Smith@example.org", "bane.owner@chitty.cc"])
def test_personal_addresses_are_withheld_whatever_their_domain(address):
    assert withhold_personal(f"Inboxes ({address}) and more", KNOWN) == f"Inboxes ({WITHHELD}) and more"


def test_text_without_an_address_is_unchanged():
    for text in ("@chittyos/platform owns it", "user@", "@host.example", "a@b", "x" * 5000 + "@", "repo@1a2b3c:path"):
        assert withhold_personal(text, KNOWN) == text


def test_published_applies_both_the_credential_redaction_and_the_rule():
    published = Published(Redactor(["s3cr3t-value-123"]), KNOWN)
    assert published("key s3cr3t-value-123 of nick@chittycorp.com via ops@chitty.cc") == (
        f"key {REDACTED} of {WITHHELD} via ops@chitty.cc")
    assert published.data({"nick@chittycorp.com": ["nick@chittycorp.com", 3]}) == {WITHHELD: [WITHHELD, 3]}


def test_a_long_text_is_searched_in_linear_time():
    """No input can make the search backtrack: a megabyte of near-addresses is read once."""
    import time

    text = ("a." * 30 + "@" + "b-" * 30) * 5_000
    started = time.process_time()
    withhold_personal(text, KNOWN)
    assert time.process_time() - started < 5


def test_published_data_walks_every_shape_the_read_model_holds():
    """Each string is published wherever it stands (a key, in a list, in a tuple, nested, a str subclass), the second
    time from what the first gave; numbers, booleans and None pass; an empty string stays empty."""
    from enum import StrEnum

    class Shade(StrEnum):
        OWNER = "nick@chittycorp.com"

    published = Published(Redactor(["s3cr3t-value-123"]), KNOWN)
    value = {"nick@chittycorp.com": ["s3cr3t-value-123", 3, 2.5, True, None, ""],
             "nested": {"again": ("nick@chittycorp.com", {"s3cr3t-value-123": "fine"})},
             "shade": Shade.OWNER, 7: "s3cr3t-value-123"}
    for _ in range(2):  # the second walk answers from what the first published
        assert published.data(value) == {
            WITHHELD: [REDACTED, 3, 2.5, True, None, ""],
            "nested": {"again": [WITHHELD, {REDACTED: "fine"}]},
            "shade": WITHHELD, "7": REDACTED}  # a key is published as text, whatever it was


def test_published_data_is_the_same_once_the_memory_of_published_texts_is_full():
    published = Published(Redactor(["s3cr3t-value-123"]), KNOWN)
    published._published.update({f"filler {n}": f"filler {n}" for n in range(200_000)})
    assert published.data({"s3cr3t-value-123": ["nick@chittycorp.com"]}) == {REDACTED: [WITHHELD]}
    assert "s3cr3t-value-123" not in published._published
