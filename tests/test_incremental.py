"""A re-check answered from what was kept gives exactly what a check from nothing gives.

After every edit of a federated tree (manifests, model files, schemas, Canon files,
waivers, snapshots, authors' pages, artifacts; edits, additions, deletions, renames,
touches; links anywhere on a path, folders moved, manifests that break and recover,
same-size edits with the modification time put back, sources that stop loading),
three checks run: a cold one (no cache), the CLI's (the cache folder, a new
process's view of it) and a long-lived Checker's `recheck` (what `mkdocs serve`
keeps in memory). Their output must be byte-identical in every format. Each edit is
tried on its own (then again, then undone), and in seeded random sequences that
together draw every edit, so that what one edit leaves behind meets others.

Every test works in its own copy of the tree and its own cache folder: they run in
parallel (pytest -n).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from engine_support import TODAY, run_cli
from federation_support import federated_tree, snapshot_file

from getchitty import report
from getchitty.engine import Checker, check
from getchitty.report import format_result

SERVICES = "etc/chittyos/services"
FORMATS = ("text", "json", "github", "sarif")
TOKEN = "gh" + "p_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"


def outputs(result, root: Path, *, validated: bool = True) -> dict[str, str]:
    """Every output of a check. A SARIF log is validated against the full schema (conftest) where `validated`; the
    others are compared byte for byte with a validated one."""
    formatters = report.FORMATTERS if validated else {**report.FORMATTERS, "sarif": report.format_sarif}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "FORMATTERS", formatters)
        found = {name: format_result(name, result, root=root) for name in FORMATS}
        found["text --show-waived"] = format_result("text", result, root=root, show_waived=True)
    found["rules"] = "\n".join(sorted(result.rules))
    found["totals"] = json.dumps(result.governance.totals, sort_keys=True)
    return found


def state(root: Path) -> str:
    """The tree as a check can see it: every path under the root, through links, with its bytes, where it leads
    (a link) or that it is a folder. A cold check is a function of it (its outputs name no absolute path)."""
    found = hashlib.blake2b()
    for folder, folders, names in os.walk(root, followlinks=True):
        folders.sort()
        for name in [*folders, *sorted(names)]:
            path = Path(folder, name)
            found.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            if path.is_symlink():
                found.update(os.readlink(path).encode("utf-8", "surrogateescape"))
            if path.is_file():
                found.update(path.read_bytes())
            found.update(b"\0" if path.is_dir() else b"\1")
    return found.hexdigest()


# A cold check's outputs by tree state (state()): a tree found again (a touch, an edit and its undoing, the pristine
# tree of every test) is not checked cold again. Each worker process has its own.
COLD: dict[str, dict[str, str]] = {}


class Trio:
    """The three ways to check one tree, kept side by side across edits."""

    def __init__(self, root: Path):
        self.root = root
        self.checker = Checker(root, today=TODAY)
        self.checker.check()  # also fills the cache folder

    def agree(self, changed: list[str], what: str) -> None:
        key = state(self.root)
        if key not in COLD:
            COLD[key] = outputs(check(self.root, today=TODAY, use_cache=False), self.root)
        expected = COLD[key]
        from_cache = outputs(check(self.root, today=TODAY), self.root, validated=False)
        in_memory = outputs(self.checker.recheck(changed), self.root, validated=False)
        for name, text in expected.items():
            assert from_cache[name] == text, f"after {what}: the cache folder's {name} differs from a cold check"
            assert in_memory[name] == text, f"after {what}: recheck's {name} differs from a cold check"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The fixture ecosystem with the five real snapshots, an authors' page, and a standing cross-file finding in
    every manifest (a dependency on a service nobody declares), whose position must follow its file's edits."""
    root = federated_tree(tmp_path_factory.mktemp("incremental") / "repo")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/guide.md").write_text("# A guide\n\nHow to onboard.\n", encoding="utf-8")
    for relpath in _manifests(root):
        data = yaml.safe_load((root / relpath).read_text(encoding="utf-8"))
        data["depends_on"] = [*data.get("depends_on", []), "chittyghost"]
        _dump(root, relpath, data)
    return root


@pytest.fixture
def tree(pristine, tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(pristine, root)
    return root


# --- edits: each changes the tree and returns the paths it changed ---------------------------------------------

Edit = Callable[[Path, random.Random], list[str]]


def _manifests(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / SERVICES).glob("*.yml"))


def _pick(root: Path, rng: random.Random) -> str:
    return rng.choice(_manifests(root) or [f"{SERVICES}/chittytrust.yml"])


def _data(root: Path, relpath: str, original: Path) -> dict:
    """The file's data; a file a previous edit broke or removed starts again from the pristine tree."""
    try:
        data = yaml.safe_load((root / relpath).read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        pass
    fallback = original / relpath if (original / relpath).is_file() else original / SERVICES / "chittytrust.yml"
    return yaml.safe_load(fallback.read_text(encoding="utf-8"))


def _dump(root: Path, relpath: str, data: dict) -> list[str]:
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return [relpath]


def _manifest_edit(change: Callable[[dict, random.Random, Path], None]) -> Callable[[Path, random.Random, Path], list[str]]:
    def edit(root: Path, rng: random.Random, original: Path) -> list[str]:
        relpath = _pick(root, rng)
        data = _data(root, relpath, original)
        change(data, rng, root)
        return _dump(root, relpath, data)
    return edit


def describe(data, rng, root):
    data["description"] = f"Now says something else ({rng.randrange(1000)})."


def recategorize(data, rng, root):
    data["category"] = rng.choice(["Foundation", "Core", "Platform", "Application", "Nowhere"])


def depend(data, rng, root):
    names = [Path(p).stem for p in _manifests(root)] + ["chittyghost"]
    data["depends_on"] = [*data.get("depends_on", []), rng.choice(names)]


def unknown_field(data, rng, root):
    data["colour"] = "red"


def claim_domain(data, rng, root):
    data["primary_domain"] = rng.choice(["id.chitty.cc", "auth.chitty.cc", "new.chitty.cc"])


def placeholder_owner(data, rng, root):
    data["owners"] = ["TBD"]


def go_live(data, rng, root):
    data["status"] = rng.choice(["Live", "Active", "Planned", "In Progress"])


def leak(data, rng, root):
    data["notes"] = f"token {TOKEN}"


def undecided(data, rng, root):
    data["description"] = "<describe it in a sentence>"


def shift(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = _pick(root, rng)
    path = root / relpath
    if not path.is_file():
        return []
    path.write_text("# a comment and a blank line push every finding down\n\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return [relpath]


def break_yaml(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = _pick(root, rng)
    return _write(root, relpath, "service_name: [unclosed\n")


def _write(root: Path, relpath: str, content: str | bytes) -> list[str]:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return [relpath]


def duplicate(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = _pick(root, rng)
    copy = f"{SERVICES}/copy{rng.randrange(100)}.yml"
    if not (root / relpath).is_file():
        return []
    shutil.copyfile(root / relpath, root / copy)
    return [copy]


def rename(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = _pick(root, rng)
    if not (root / relpath).exists():
        return []
    target = f"{SERVICES}/renamed{rng.randrange(100)}.yml"
    os.replace(root / relpath, root / target)
    return [relpath, target]


def delete(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = _pick(root, rng)
    (root / relpath).unlink(missing_ok=True)
    return [relpath]


def add(root: Path, rng: random.Random, original: Path) -> list[str]:
    name = f"chittynew{rng.randrange(100)}"
    data = _data(original, f"{SERVICES}/chittytrust.yml", original)
    data["service_name"] = name
    return _dump(root, f"{SERVICES}/{name}.yml", data)


def touch(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = rng.choice([*_manifests(root), "etc/chittyos/scopes.yml", "etc/authority/rules.json"])
    if (root / relpath).exists():
        os.utime(root / relpath, ns=(rng.randrange(1, 10**9), rng.randrange(1, 10**9)))
    return []  # a watcher would not report a touch that changed nothing


def restore(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A file back as it was (a deleted manifest comes back; an added one is removed)."""
    relpath = rng.choice([*(str(p.relative_to(original)) for p in original.rglob("*") if p.is_file()),
                          *_manifests(root)])
    if (original / relpath).is_file():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original / relpath, root / relpath)
    else:
        (root / relpath).unlink(missing_ok=True)
    return [relpath]


def _model_edit(relpath: str, change: Callable[[dict, random.Random], None]) -> Callable[[Path, random.Random, Path], list[str]]:
    def edit(root: Path, rng: random.Random, original: Path) -> list[str]:
        data = _data(root, relpath, original)
        change(data, rng)
        return _dump(root, relpath, data)
    return edit


def ungrant(data, rng):
    grants = data.get("scopes") or {}
    if grants:
        service = rng.choice(sorted(grants))
        grants[service] = grants[service][1:] or ["identity:mint"]
    grants.setdefault("chittyghost", ["identity:mint"])


def drop_domain(data, rng):
    domains = data.get("domains") or {}
    if domains:
        domains.pop(rng.choice(sorted(domains)))


def drop_secret(data, rng):
    secrets = data.get("secrets") or {}
    if secrets:
        secrets.pop(rng.choice(sorted(secrets)))


def drop_role(data, rng):
    roles = data.get("roles") or {}
    if roles:
        roles.pop(rng.choice(sorted(roles)))


def reshape_layers(data, rng):
    layers = data.get("layers") or []
    if layers and rng.random() < 0.5:
        layers.pop(rng.randrange(len(layers)))
    elif layers:
        layers.append({"number": layers[0]["number"], "name": "Again", "category": "Again"})


def waive(data, rng):
    data["waivers"] = [*(data.get("waivers") or []), {
        "rule": rng.choice(["schema/unknown-field", "identity/duplicate-domain", "deps/unknown", "canon/required/charter_url"]),
        "entity": rng.choice(["chittytrust", "chittyid", "chittyauth", "chittysync"]), "reason": "Known.",
        "owner": "@chittyos/platform", "expires": rng.choice(["2025-06-10", "2025-01-01", "2099-01-01"])}]


def unwaive(data, rng):
    data["waivers"] = (data.get("waivers") or [])[1:]


def schema_allows_colour(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "etc/authority/schema/getchitty-service.schema.json"
    schema = json.loads((original / relpath).read_text(encoding="utf-8"))
    schema["properties"]["colour"] = {"type": "string"}
    (root / relpath).write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return [relpath]


def break_schema(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = rng.choice(["etc/authority/schema/getchitty-service.schema.json",
                          "etc/authority/schema/getchitty-scopes.schema.json"])
    (root / relpath).write_text('{"type": "object", "required": "all"}', encoding="utf-8")
    return [relpath]


def edit_referenced_schema(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "etc/authority/schema/service.schema.json"
    (root / relpath).write_text(json.dumps({"type": "object", "maxProperties": rng.randrange(1, 5)}), encoding="utf-8")
    return [relpath]


def canon_rule(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "etc/authority/rules.json"
    rules = json.loads((original / relpath).read_text(encoding="utf-8"))
    rules["rules"].append({"if": {"always": True}, "then": {"required": [rng.choice(["tier", "github_repo", "nowhere"])]},
                           "message": "Every service names it"})
    (root / relpath).write_text(json.dumps(rules, indent=2), encoding="utf-8")
    return [relpath]


def profile(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "etc/profiles/profile.json"
    (root / relpath).write_text(json.dumps({"active": rng.choice(["chittyos", "missing", "bad name"])}), encoding="utf-8")
    return [relpath]


def snapshot_tier(root: Path, rng: random.Random, original: Path) -> list[str]:
    path = snapshot_file(root, "chittyos/chittysync")
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(field: tier\n  value: )\d+", lambda m: f"{m.group(1)}{rng.randrange(6)}", text, count=1),
                    encoding="utf-8")
    return [str(path.relative_to(root))]


def drop_snapshot(root: Path, rng: random.Random, original: Path) -> list[str]:
    path = snapshot_file(root, rng.choice(["chittyos/chittymcp", "chittyos/chittysync"]))
    path.unlink(missing_ok=True)
    return [str(path.relative_to(root))]


def drift_severity(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "etc/federation/sources.yml"
    data = _data(root, relpath, original)
    data["drift"] = {"tier": rng.choice(["error", "notice", "warning"])}
    return _dump(root, relpath, data)


def page(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = rng.choice(["docs/guide.md", "docs/service/chittyid.md", "docs/new.md"])
    content = rng.choice(["# Page\n\nPlain prose.\n", f"# Page\n\nA token {TOKEN} pasted.\n", "# Other\n"])
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(content, encoding="utf-8")
    return [relpath]


def drop_page(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = rng.choice(["docs/guide.md", "docs/new.md"])
    (root / relpath).unlink(missing_ok=True)
    return [relpath]


def break_artifact(root: Path, rng: random.Random, original: Path) -> list[str]:
    relpath = "public/openapi.yml"
    (root / relpath).write_text(rng.choice(["openapi: 3.0\n", "not: [valid\n", "openapi: '3.1.0'\npaths: {}\n"]),
                                encoding="utf-8")
    return [relpath]


def _outside(root: Path) -> Path:
    """A folder beside the repository: outside it."""
    folder = root.parent / "outside"
    folder.mkdir(exist_ok=True)
    return folder


# Folders on the paths of the sources, from the top down
FOLDERS = ["etc", "etc/chittyos", SERVICES, "etc/chittyos/datalayers", "etc/authority/schema", "etc/federation",
           "etc/federation/snapshot/chittyos", "docs"]


def link_folder(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A folder anywhere on the sources' paths moved and linked back: outside the repository, every file under it
    is then outside; inside it, nothing changes. A file's own times change neither way."""
    relpath = rng.choice(FOLDERS)
    folder = root / relpath
    if not folder.is_dir():
        return []
    target = (_outside(root) if rng.random() < 0.5 else root) / f"moved{rng.randrange(10**6)}"
    os.replace(folder, target)
    folder.symlink_to(target, target_is_directory=True)
    return [relpath]


def link_file(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A source moved elsewhere, outside the repository or inside it, and a link to it left in its place."""
    relpath = rng.choice([*_manifests(root), "etc/chittyos/scopes.yml", "etc/authority/rules.json"])
    path = root / relpath
    if not path.is_file():
        return []
    target = (_outside(root) if rng.random() < 0.5 else root) / f"moved{rng.randrange(10**6)}{path.suffix}"
    os.replace(path, target)
    path.symlink_to(target)
    return [relpath]


def move_folder(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A folder moved away within the repository: the sources under it are gone."""
    relpath = rng.choice([SERVICES, "etc/chittyos/datalayers", "etc/federation/snapshot/chittyos", "docs"])
    if (root / relpath).exists():
        os.replace(root / relpath, root / f"away{rng.randrange(10**6)}")
    return [relpath]


def folder_back(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A folder as it was, in place of what a move, a link or other edits left there."""
    relpath = rng.choice(FOLDERS)
    path = root / relpath
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(original / relpath, path)
    return [relpath]


def same_size(root: Path, rng: random.Random, original: Path) -> list[str]:
    """One letter changed for another, the modification time put back: only the change time, which nobody can set
    back, tells (and a stat key taken moments after a change is not trusted)."""
    relpath = rng.choice([*_manifests(root), "etc/chittyos/scopes.yml", "etc/chittyos/secrets.yml",
                          "etc/authority/schema/getchitty-service.schema.json", "etc/authority/rules.json",
                          str(snapshot_file(root, "chittyos/chittysync").relative_to(root))])
    path = root / relpath
    if not path.is_file():
        return []
    info = os.stat(path)
    raw = bytearray(path.read_bytes())
    letters = [index for index, byte in enumerate(raw) if chr(byte).isalpha() and chr(byte).isascii()]
    if not letters:
        return []
    at = rng.choice(letters)
    raw[at] = ord(rng.choice([c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if ord(c) != raw[at]]))
    path.write_bytes(bytes(raw))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    return [relpath]


def breaks_or_recovers(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A manifest that loads stops loading; one that does not load loads again (as it was, or as a new service)."""
    relpath = _pick(root, rng)
    try:
        loads = isinstance(yaml.safe_load((root / relpath).read_text(encoding="utf-8")), dict)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        loads = False
    if loads:
        return _write(root, relpath, "service_name: [unclosed\n")
    data = _data(original, relpath, original)
    return _dump(root, relpath, {**data, "service_name": Path(relpath).stem})


def stops_loading(root: Path, rng: random.Random, original: Path) -> list[str]:
    """Which files load changes while no neighbour does: a source becomes a folder, bytes that are not UTF-8, an
    empty file, or is gone (an optional model file, a federation file)."""
    relpath = rng.choice([*_manifests(root), "etc/chittyos/tiers.yml", "etc/chittyos/roadmap.yml",
                          "etc/chittyos/waivers.yml", "etc/federation/sources.lock.json", "etc/authority/config.json"])
    path = root / relpath
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    how = rng.choice(["folder", "latin-1", "empty", "gone"])
    if how == "folder":
        path.mkdir(parents=True)
    elif how != "gone":
        _write(root, relpath, b"service_name: caf\xe9\n" if how == "latin-1" else b"")
    return [relpath]


def declare_upstream_dependency(root: Path, rng: random.Random, original: Path) -> list[str]:
    """A manifest for a service an upstream repository depends on: whether it loads decides a federation finding."""
    data = _data(original, f"{SERVICES}/chittytrust.yml", original)
    return _dump(root, f"{SERVICES}/chittycanon.yml", {**data, "service_name": "chittycanon"})



EDITS: dict[str, Callable[[Path, random.Random, Path], list[str]]] = {
    "manifest: description": _manifest_edit(describe),
    "manifest: category": _manifest_edit(recategorize),
    "manifest: dependency": _manifest_edit(depend),
    "manifest: unknown field": _manifest_edit(unknown_field),
    "manifest: another's domain": _manifest_edit(claim_domain),
    "manifest: placeholder owner": _manifest_edit(placeholder_owner),
    "manifest: status": _manifest_edit(go_live),
    "manifest: credential": _manifest_edit(leak),
    "manifest: undecided marker": _manifest_edit(undecided),
    "manifest: lines above": shift,
    "manifest: invalid YAML": break_yaml,
    "manifest: duplicate": duplicate,
    "manifest: rename": rename,
    "manifest: delete": delete,
    "manifest: add": add,
    "touch": touch,
    "restore a file": restore,
    "scopes": _model_edit("etc/chittyos/scopes.yml", ungrant),
    "ontology": _model_edit("etc/chittyos/ontology.yml", drop_domain),
    "secrets inventory": _model_edit("etc/chittyos/secrets.yml", drop_secret),
    "access roles": _model_edit("etc/chittyos/access.yml", drop_role),
    "layers": _model_edit("etc/chittyos/layers.yml", reshape_layers),
    "waivers: add": _model_edit("etc/chittyos/waivers.yml", waive),
    "waivers: remove": _model_edit("etc/chittyos/waivers.yml", unwaive),
    "schema: new field": schema_allows_colour,
    "schema: broken": break_schema,
    "schema: referenced file": edit_referenced_schema,
    "canon: rule": canon_rule,
    "canon: profile": profile,
    "snapshot: tier": snapshot_tier,
    "snapshot: delete": drop_snapshot,
    "sources: drift severity": drift_severity,
    "authors' page": page,
    "authors' page: delete": drop_page,
    "artifact": break_artifact,
    "link: a folder on the path": link_folder,
    "link: a file": link_file,
    "folder: moved away": move_folder,
    "folder: back": folder_back,
    "same size, modification time put back": same_size,
    "manifest: breaks or recovers": breaks_or_recovers,
    "which files load": stops_loading,
    "manifest: a service upstream depends on": declare_upstream_dependency,
}


GROUPS = 6  # the edits tried alone are split in this many tests, so that parallel workers share them out


@pytest.mark.parametrize("group", range(GROUPS))
def test_each_edit_again_then_undone(tree, pristine, group):
    """Each edit, then the same edit again, then the pristine tree back. The edits of a group share one tree and
    one Checker: each starts from the pristine tree with what the Checker kept from the edits before."""
    trio = Trio(tree)
    for name in sorted(EDITS)[group::GROUPS]:
        rng = random.Random(name)
        trio.agree(EDITS[name](tree, rng, pristine), name)
        trio.agree(EDITS[name](tree, rng, pristine), f"{name}, twice")
        changed = [str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file()]
        shutil.rmtree(tree)
        shutil.copytree(pristine, tree)
        trio.agree(changed, f"{name}, undone")


SEEDS = (1, 2, 3)
DRAWN = 3  # edits drawn at random in each sequence, besides its share of every edit


def sequence(seed: int) -> list[str]:
    """The edits of one seeded sequence: its share of all the edits (the sequences together make each once), and
    a few more drawn at random, in a random order."""
    names = sorted(EDITS)
    random.Random(0).shuffle(names)
    rng = random.Random(seed)
    drawn = names[SEEDS.index(seed)::len(SEEDS)] + [rng.choice(sorted(EDITS)) for _ in range(DRAWN)]
    rng.shuffle(drawn)
    return drawn


def test_the_random_sequences_draw_every_edit():
    assert set().union(*(sequence(seed) for seed in SEEDS)) == set(EDITS)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_sequences_of_edits(tree, pristine, seed):
    trio = Trio(tree)
    rng = random.Random(seed)
    done = []
    for name in sequence(seed):
        changed = EDITS[name](tree, rng, pristine)
        done.append(name)
        # a watcher may report a change or miss it: a missed change must cost time, never correctness
        trio.agree(changed if rng.random() < 0.7 else [], " -> ".join(done))


def test_a_rename_that_keeps_the_order_of_the_files(tree):
    """The cards in the same order with the same content, but one file named otherwise: its name no longer matches."""
    trio = Trio(tree)
    layers = "etc/chittyos/datalayers"  # the last manifest, and the last still once a misnamed copy goes last
    os.replace(tree / layers / "chittyledger.yml", tree / layers / "chittyledgex.yml")
    trio.agree([f"{layers}/chittyledger.yml", f"{layers}/chittyledgex.yml"], "a rename in place")
    assert "identity/name-mismatch" in outputs(check(tree, today=TODAY), tree)["text"]


def test_a_manifest_that_breaks_and_recovers(tree, pristine):
    """Which manifests loaded is an input of the federation's rules: an upstream repository depends on ChittyCanon,
    which only a manifest here declares, so the warning about it comes and goes as that manifest breaks and
    recovers."""
    trio = Trio(tree)
    canon = f"{SERVICES}/chittycanon.yml"
    data = _data(pristine, f"{SERVICES}/chittytrust.yml", pristine)
    trio.agree(_dump(tree, canon, {**data, "service_name": "chittycanon"}), "a manifest declares chittycanon")
    assert "depends on ChittyCanon" not in outputs(check(tree, today=TODAY, use_cache=False), tree)["text"]
    (tree / canon).write_text("service_name: [unclosed\n", encoding="utf-8")
    trio.agree([canon], "it breaks")
    assert "depends on ChittyCanon" in outputs(check(tree, today=TODAY, use_cache=False), tree)["text"]
    trio.agree(_dump(tree, canon, {**data, "service_name": "chittycanon"}), "it recovers")


def test_a_recheck_keeps_the_objects_of_what_did_not_change(tree):
    """What a long-lived process may rely on to redo only what an edit touched: an unchanged manifest keeps its
    entity object, and unchanged models their objects, from one recheck to the next."""
    checker = Checker(tree, today=TODAY)
    before = checker.check().ecosystem
    edited = f"{SERVICES}/chittyid.yml"
    (tree / edited).write_text((tree / edited).read_text(encoding="utf-8").replace("Mints", "Issues"), encoding="utf-8")
    after = checker.recheck([edited]).ecosystem
    assert after.entities["chittyid"] is not before.entities["chittyid"]
    assert after.entities["chittyid"].description.startswith("Issues")
    assert all(after.entities[name] is entity for name, entity in before.manifests.items() if name != "chittyid")
    assert (after.scopes, after.secrets, after.canon) == (before.scopes, before.secrets, before.canon)
    assert after.scopes is before.scopes and after.secrets is before.secrets


def test_the_cli_with_its_cache_prints_what_a_cold_check_prints(tree, pristine, capsys):
    rng = random.Random(7)
    for name in ("manifest: dependency", "manifest: lines above", "scopes", "manifest: rename", "waivers: add"):
        EDITS[name](tree, rng, pristine)
        for fmt in FORMATS:
            cold = run_cli(capsys, "check", "--no-cache", "--format", fmt, str(tree))
            assert run_cli(capsys, "check", "--format", fmt, str(tree)) == cold, f"{name}: --format {fmt}"
