"""The services × env names matrix on /secrets/ is a grid while it fits a screen, one row per service beyond."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine_support import build_eco, run_check

import getchitty.render as render


def _secrets_page(tmp_path: Path) -> str:
    return render.render_site(run_check(build_eco(tmp_path / "eco"))).pages["secrets.md"]


def test_small_inventory_is_a_grid(tmp_path):
    page = _secrets_page(tmp_path)
    assert "| Service | CHITTY&#95;ID&#95;TOKEN | CHITTY&#95;AUTH&#95;TOKEN | NOTION&#95;API&#95;TOKEN | " in page
    assert "| [chittysync](service/chittysync.md) |  | ● | ● | " in page


def test_large_inventory_is_one_row_per_service(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "MATRIX_COLUMNS", 2)
    page = _secrets_page(tmp_path)
    assert "| Service | Env names |" in page
    assert ("| [chittysync](service/chittysync.md) | [NOTION&#95;API&#95;TOKEN](secrets.md#notion-api-token), "
            "[CHITTY&#95;AUTH&#95;TOKEN](secrets.md#chitty-auth-token) |") in page
