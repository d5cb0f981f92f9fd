"""The services × env names matrix on /secrets/ is a grid while it fits a screen, one row per service beyond;
the longer of the two lists runs down the page."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine_support import build_eco, run_check

import getchitty.render as render


def _secrets_page(tmp_path: Path) -> str:
    return render.render_site(run_check(build_eco(tmp_path / "eco"))).pages["secrets.md"]


def test_small_inventory_is_a_grid(tmp_path):
    """A table in a region that scrolls both ways, with the env names as column headers and a row per service."""
    page = _secrets_page(tmp_path)
    assert ('<thead><tr><th scope="col">Service</th><th scope="col"><a href="#chitty-id-token">CHITTY&#95;ID&#95;TOKEN</a></th>'
            '<th scope="col"><a href="#chitty-auth-token">CHITTY&#95;AUTH&#95;TOKEN</a></th>') in page
    declared = '<td><span aria-label="declared" role="img">●</span></td>'
    assert f'<tr><th scope="row"><a href="../service/chittysync/">chittysync</a></th><td></td>{declared}{declared}</tr>' in page


def test_large_inventory_is_one_row_per_service(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "MATRIX_COLUMNS", 2)
    page = _secrets_page(tmp_path)
    assert "| Service | Env names |" in page
    assert ("| [chittysync](service/chittysync.md) | [NOTION&#95;API&#95;TOKEN](secrets.md#notion-api-token), "
            "[CHITTY&#95;AUTH&#95;TOKEN](secrets.md#chitty-auth-token) |") in page


def test_more_names_than_services_puts_the_names_in_rows(tmp_path):
    eco = build_eco(tmp_path / "eco")
    inventory = eco / "etc/chittyos/secrets.yml"
    inventory.write_text(inventory.read_text() + "  CHITTY_EXTRA_TOKEN: {purpose: Spare., issuer: Spare, kind: api-key, "
                         "lifetime: long-lived}\n  CHITTY_SPARE_TOKEN: {purpose: Spare., issuer: Spare, kind: api-key, "
                         "lifetime: long-lived}\n")
    sync = eco / "etc/chittyos/services/chittysync.yml"
    sync.write_text(sync.read_text().replace("secrets: [", "secrets: [CHITTY_SPARE_TOKEN, "))
    page = render.render_site(run_check(eco)).pages["secrets.md"]
    assert ('<thead><tr><th scope="col">Env name</th><th scope="col"><a href="../service/chittyauth/">chittyauth</a></th>'
            '<th scope="col"><a href="../service/chittyid/">chittyid</a></th>') in page
    assert "CHITTY&#95;EXTRA&#95;TOKEN</a></th>" not in page  # declared by no service: in the inventory, not the grid
    assert "Env names that no service declares (1 of them) are listed in\nthe inventory above" in page
