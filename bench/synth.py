"""A synthetic ChittyOS ecosystem of N services, in getchitty's formats, that passes `getchitty check`.

    python bench/synth.py 5000 /tmp/eco5000

The benchmark needs ecosystems far larger than the real one, shaped like it: every
manifest fills in most of the schema (about 25 fields), and every cross-file rule
has real work to do (scopes granted per service, tokens in the inventory,
dependencies down the layers, waivers that match findings). The output is seeded,
so every run and every machine checks the same bytes.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMA_HEADER = "# yaml-language-server: $schema={}/authority/schema/getchitty-{}.schema.json\n"

# Layer order is the board's; weights follow its shape: few Governance and
# Foundation services at the bottom, many Domain services and applications on top.
CATEGORIES = ("Governance", "Foundation", "Core", "Data", "Registry", "Platform", "Domain", "Sync", "Application")
CATEGORY_WEIGHTS = (2, 4, 10, 8, 6, 12, 22, 8, 28)
STATUSES = ("Live", "Active", "Needs Deployment", "In Progress", "Planned", "Deprecated")
STATUS_WEIGHTS = (35, 25, 10, 10, 10, 10)

DOMAINS = ("identity", "access", "registry", "verify", "certify", "connect", "evidence", "ledger", "finance",
           "legal", "property", "schema", "sync", "monitor", "notify", "search", "trust", "audit", "content", "chat")
CAPABILITIES = ("mint", "validate", "provision", "audit", "broker", "orchestrate", "check", "issue", "record",
                "read", "write", "index", "resolve", "score", "notify", "export", "import", "schedule", "render",
                "sign", "archive", "query", "publish", "subscribe")
ROLES = {"service-owner": None, "security": "@chittyos/security", "data": None,
         "platform": "@chittyos/platform", "docs": "@chittyos/docs"}
TEAMS = tuple(f"@chittyos/team-{n:02d}" for n in range(40))
VENDOR_SECRETS = {  # name -> issuer; names only, never values
    "NOTION_API_TOKEN": "Notion", "OPENAI_API_KEY": "OpenAI", "STRIPE_API_KEY": "Stripe",
    "GOOGLE_SERVICE_ACCOUNT": "Google Cloud", "NEON_DATABASE_URL": "Neon", "CLOUDFLARE_API_TOKEN": "Cloudflare",
    "GITHUB_APP_KEY": "GitHub", "SENDGRID_API_KEY": "SendGrid", "TWILIO_AUTH_TOKEN": "Twilio",
    "SENTRY_DSN": "Sentry", "R2_ACCESS_KEY": "Cloudflare R2", "MAPBOX_API_TOKEN": "Mapbox",
}
LICENSES = ("MIT", "Apache-2.0", "Proprietary")
WORDS = ("records", "identities", "evidence", "claims", "documents", "tenants", "leases", "payments",
         "events", "schemas", "credentials", "sessions", "cases", "contracts", "assets", "messages")
VERBS = ("Stores", "Validates", "Indexes", "Routes", "Reconciles", "Publishes", "Scores", "Archives", "Syncs")
ARTIFACT_EVERY = 50  # like the real repository, only a few services commit a local OpenAPI file
WAIVED = 3  # Live services whose missing health route is waived, so the waiver path is exercised too


def token(name: str) -> str:
    return f"CHITTY_{name.upper()}_TOKEN"


def _prose(rng: random.Random, name: str, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        a, b = rng.sample(WORDS, 2)
        out.append(f"{rng.choice(VERBS)} {a} and the {b} they reference for {name}, "
                   f"with every change recorded in the ledger and visible to its owners.")
    return " ".join(out)


def manifest(rng: random.Random, index: int, name: str, category: str, status: str,
             deps: list[str], waived: bool) -> dict:
    host = f"{name}.chitty.cc"
    ontology = sorted({f"{rng.choice(DOMAINS)}:{rng.choice(CAPABILITIES)}" for _ in range(rng.randint(1, 3))})
    scopes = sorted({f"{rng.choice(DOMAINS)}:{rng.choice(CAPABILITIES)}" for _ in range(rng.randint(1, 3))})
    owners = [rng.choice(TEAMS)] if rng.random() < 0.7 else [rng.choice(tuple(ROLES))]
    if rng.random() < 0.2:
        owners.append("security")
    exposes = {"api": True, "openapi": rng.random() < 0.6, "docs": True, "health": status in ("Live", "Active")}
    routes = {"root": f"https://{host}/", "api": f"https://{host}/api",
              "docs": f"https://{host}/docs", "health": f"https://{host}/health"}
    if waived:
        del routes["health"]
    secrets = [token(name)] + [token(d) for d in deps[:2]]
    if rng.random() < 0.3:
        secrets.append(rng.choice(tuple(VENDOR_SECRETS)))
    data = {
        "service_name": name,
        "entity_type": "Service",
        "category": category,
        "status": status,
        "tier": f"tier{1 + min(2, CATEGORIES.index(category) // 3)}",
        "description": _prose(rng, name, 1),
        "owners": owners,
        "owner_entity": "ChittyCorp LLC",
        "github_repo": f"https://github.com/chittyos/{name}",
        "primary_domain": host,
        "version": f"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "api_versions": ["v1"] + (["v2"] if rng.random() < 0.3 else []),
        "license": rng.choice(LICENSES),
        "classification_status": "Final",
        "ontology": ontology,
        "scopes": scopes,
        "exposes": exposes,
        "routes": routes,
        "secrets": list(dict.fromkeys(secrets)),
        "depends_on": deps,
        "oncall": owners[0] if owners[0].startswith("@") else "@chittyos/oncall",
        "runbooks": {"deploy": ".github/workflows/deploy.yml",
                     "incident": f"Page {owners[0]} and open an incident in the {category} channel.",
                     "rollback": "Redeploy the previous release with wrangler rollback."},
        "webhooks": [{"name": f"{w}-changed", "url": f"https://{host}/hooks/{w}", "description": f"Sent when {w} change."}
                     for w in rng.sample(WORDS, rng.randint(0, 2))],
        "related_services": sorted({*deps[:1], f"svc{rng.randrange(index):0{len(name) - 3}d}"}) if index else [],
        "notes": _prose(rng, name, 2),
    }
    if category == "Foundation":
        data["charter_url"] = f"https://charter.chitty.cc/{name}"
    if status == "Deprecated":
        data["deprecation_policy"] = "Read-only for 90 days, then removed; consumers move to the successor."
    if rng.random() < 0.2:
        data["aliases"] = [f"{name}-legacy"]
    if exposes["openapi"] and index % ARTIFACT_EVERY == 0:
        data["artifacts"] = {"openapi": f"public/openapi/{name}.yml"}
    return data


def generate(n: int, outdir: Path | str, seed: int = 42) -> Path:
    """Write the ecosystem under `outdir` (created; existing sources there are replaced)."""
    rng = random.Random(seed)
    out = Path(outdir)
    services = out / "etc/chittyos/services"
    if services.exists():
        shutil.rmtree(services)  # a smaller N must not leave stale manifests behind
    services.mkdir(parents=True)
    for folder in ("authority", "profiles"):  # the real Canon, schemas and profile
        shutil.copytree(REPO / "etc" / folder, out / "etc" / folder, dirs_exist_ok=True)

    width = max(5, len(str(n - 1)))
    by_layer: list[list[str]] = [[] for _ in CATEGORIES]
    scopes: dict[str, list[str]] = {}
    inventory: dict[str, dict] = {}
    waivers: list[dict] = []
    for index in range(n):
        name = f"svc{index:0{width}d}"
        layer = rng.choices(range(len(CATEGORIES)), CATEGORY_WEIGHTS)[0]
        category = CATEGORIES[layer]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        # Only earlier services of the same or a lower layer: no upward edge and no cycle can arise.
        deps: list[str] = []
        if category != "Foundation":
            for _ in range(rng.randint(0, 4)):
                pool = by_layer[rng.randint(0, layer)]
                if pool:
                    deps.append(rng.choice(pool))
        deps = list(dict.fromkeys(deps))
        waived = status == "Live" and len(waivers) < WAIVED
        data = manifest(rng, index, name, category, status, deps, waived)
        if waived:
            waivers.append({"rule": "canon/required/routes.health", "entity": name, "field": "routes.health",
                            "reason": "Health route ships with the next release.", "owner": data["owners"][0],
                            "expires": "2099-12-31"})  # far out, so a generated tree keeps passing
        by_layer[layer].append(name)
        scopes[name] = sorted(set(data["scopes"]) | {f"{rng.choice(DOMAINS)}:read"})
        inventory[token(name)] = {"purpose": f"Authenticates calls to {name}.chitty.cc.", "service": name,
                                  "kind": "service-token", "lifetime": "long-lived"}
        _write(services / f"{name}.yml", data, "../..", "service")
        if "artifacts" in data:
            _write_openapi(out / data["artifacts"]["openapi"], name)

    for secret, issuer in VENDOR_SECRETS.items():
        inventory[secret] = {"purpose": f"Calls {issuer} on behalf of a service.", "issuer": issuer,
                             "kind": "api-key", "lifetime": "long-lived"}
    _write_models(out, scopes, inventory, waivers)
    return out


def _write_models(out: Path, scopes: dict, inventory: dict, waivers: list) -> None:
    models = out / "etc/chittyos"
    _write(models / "scopes.yml", {
        "scopes": scopes,
        "review": {"required_labels": ["security-approved", "docs-approved", "access-reviewed"]},
        "enforcement": "A service may only request scopes listed for it here.",
    }, "..", "scopes")
    _write(models / "ontology.yml", {
        "intro": "Every classification and scope is written <domain>:<capability>.",
        "domains": {d: {"description": f"Everything about {d}."} for d in DOMAINS},
        "capabilities": {c: {"description": f"The {c} capability."} for c in CAPABILITIES},
    }, "..", "ontology")
    _write(models / "secrets.yml", {
        "naming": {"env_name": "^[A-Z][A-Z0-9_]*$", "service_token": "^CHITTY_{SERVICE}_TOKEN$",
                   "summary": "Upper snake case; service tokens are CHITTY_<SERVICE>_TOKEN."},
        "sources_of_truth": [{"name": "1Password", "holds": "Every long-lived credential."}],
        "provisioning": {"long-lived": "Stored in 1Password, pushed to Wrangler secrets.",
                         "ephemeral": "Minted per workflow run through ChittyConnect."},
        "rotation": {"default_days": 90, "on_incident": "Rotate at once and audit every use."},
        "audit": [{"endpoint": "/api/credentials/audit", "purpose": "Lists recent credential provisions."}],
        "secrets": inventory,
    }, "..", "secrets")
    _write(models / "access.yml", {
        "principles": ["Grant the least privilege that does the job."],
        "roles": {role: {"description": f"The {role} role.", **({"team": team} if team else {})}
                  for role, team in ROLES.items()},
        "gates": [{"name": "sensitive-paths", "paths": [".github/workflows/**", "etc/chittyos/scopes.yml",
                                                        "etc/chittyos/secrets.yml"],
                   "labels": ["security-approved", "docs-approved", "access-reviewed"], "reviewers": ["security"]}],
        "cadence": [{"review": "Access review", "when": "Quarterly", "role": "security"}],
    }, "..", "access")
    _write(models / "layers.yml", {
        "layers": [{"number": n, "name": c, "category": c, "summary": f"The {c} layer."}
                   for n, c in enumerate(CATEGORIES)],
    }, "..", "layers")
    _write(models / "waivers.yml", {"waivers": waivers}, "..", "waivers")


def _write_openapi(path: Path, name: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = {"openapi": "3.1.0", "info": {"title": name, "version": "1"},
            "paths": {"/health": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def _write(path: Path, data: dict, up: str, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=88)
    path.write_text(SCHEMA_HEADER.format(up, schema) + text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: python bench/synth.py N OUTDIR", file=sys.stderr)
        return 2
    out = generate(int(argv[0]), argv[1])
    print(f"wrote {argv[0]} service manifests under {out / 'etc/chittyos/services'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
