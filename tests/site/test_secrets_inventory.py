"""The inventory on /secrets/: one row per env name of the inventory, sortable and filterable (catalog.js), with
its detail in the row, and rotation stated for credentials only, decided by the inventory's kind."""

from __future__ import annotations

import sys
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine_support import build_eco, run_check

import getchitty.render as render


def _inventory(eco: Path) -> dict[str, list[str]]:
    """Each row of the inventory as the texts of its cells, by the name in its first cell."""
    page = render.render_site(run_check(eco)).pages["secrets.md"]
    table = BeautifulSoup(page, "html.parser").select_one("table#secrets-inventory")
    assert table is not None and "gc-catalog" in table["class"]
    return {row.find("td").get_text(): [cell.get_text() for cell in row.find_all("td")] for row in table.select("tbody tr")}


def test_a_row_per_name_with_who_issues_and_declares_it(tmp_path):
    rows = _inventory(build_eco(tmp_path / "eco"))
    assert list(rows) == ["CHITTY_ID_TOKEN", "CHITTY_AUTH_TOKEN", "NOTION_API_TOKEN"]
    name, kind, rotation, issuer, declared, purpose = rows["CHITTY_AUTH_TOKEN"]
    assert (kind, rotation, issuer, declared) == ("service-token", "every 90 days", "chittyauth", "chittyauth, chittysync")
    assert purpose.startswith("Calls auth.chitty.cc.")


def test_identifiers_are_listed_but_not_rotated(tmp_path):
    """An identifier names a thing and holds no secret: no rotation period, whatever the default."""
    eco = build_eco(tmp_path / "eco")
    inventory = eco / "etc/chittyos/secrets.yml"
    inventory.write_text(inventory.read_text() + "  CHITTY_DB_HOST: {purpose: Where the database is., issuer: Neon, "
                         "kind: identifier, lifetime: long-lived}\n  CHITTY_DB_KEY: {purpose: Opens it., issuer: Neon, "
                         "kind: api-key, lifetime: long-lived, rotation_days: 30}\n")
    rows = _inventory(eco)
    assert rows["CHITTY_DB_HOST"][2] == "not rotated (an identifier)"
    assert rows["CHITTY_DB_KEY"][2] == "every 30 days"
    assert rows["CHITTY_DB_HOST"][4] == "no service"  # declared by no manifest: a choice of the filter
