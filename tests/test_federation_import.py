"""`getchitty import` reads governance pages with the federation readers: the August 2026 secrets model
(a set of tables) keeps its policy and rotation and invents nothing from links or code blocks."""

from __future__ import annotations

import contextlib
import io

import yaml
from federation_support import ECOSYSTEM

from getchitty import cli


def test_import_of_the_table_layout_secrets_model(tmp_path):
    target = tmp_path / "imported"
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(["import", str(ECOSYSTEM / "chittyconnect"), "--into", str(target)])
    assert code in (0, 1), err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    model = yaml.safe_load((target / "etc/chittyos/secrets.yml").read_text(encoding="utf-8"))
    names = list(model["secrets"])
    assert len(names) == 50 and names[0] == "GITHUB_APP_ID" and names[-1] == "INTERNAL_WEBHOOK_SECRET"
    for invented in ("SECRET_NAME", "CREDENTIAL_OWNERSHIP_LAW", "CF_ACCOUNT_ID", "IDEMP_KV", "ENVIRONMENT"):
        assert invented not in names
    assert model["rotation"] == {"default_days": 90, "on_incident":
                                 "Emergency: Immediate on incident (EMERGENCY_REVOKE_TOKEN + audit all provisions)"}
    assert "Preferred global pattern: CHITTYAUTH_ISSUED_<SERVICE>_TOKEN." in model["naming"]["summary"]
    assert [a["endpoint"] for a in model["audit"]] == ["/api/credentials/audit", "/api/credentials/revoke",
                                                       "/api/v1/credentials/status"]
    assert "docs/governance/SECRETS_MODEL.md:10: code block not mapped" in out.getvalue()
