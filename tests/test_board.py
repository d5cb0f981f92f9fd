"""The manifests under etc/chittyos/ must keep the January architecture board as history.

The board is the Notion export kept in the chittyconnect repository, of which
this repository keeps a copy (``etc/upstream/chittyconnect``, see its README). The test parses it: every service or application it lists under a
``(Layer N)`` heading must have a manifest, in ``etc/chittyos/services/`` or
``etc/chittyos/datalayers/``, that sits on that layer (``category`` or one of
``additional_categories``: the board's layers stay the architecture view) and
whose ``board`` history holds the board's label and the Canon status that
label maps to. The current ``status`` follows the status rule instead (see
test_content.py). The mapping is explained for authors in
docs/authors/status-mapping.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BOARD = REPO / "etc/upstream/chittyconnect/docs/architecture/notion-magnet-board/magnet-board.md"
MANIFEST_DIRS = (REPO / "etc/chittyos/services", REPO / "etc/chittyos/datalayers")

# Manifest category -> board layer number.
CATEGORY_LAYER = {
    "Governance": 0,
    "Foundation": 1,
    "Core": 2,
    "Data": 3,
    "Registry": 4,
    "Platform": 5,
    "Domain": 6,
    "Sync": 7,
    "Application": 8,
}

# Board names that do not turn into a service_name by lower-casing them and
# dropping the spaces ("ChittyID" -> "chittyid" needs no entry here).
NAME_MAP = {
    "ChittyOS Ecosystem Authority": "chittyauthority",
    "ChittyAuth App": "chittyauthapp",
    "Bane": "bane",
}

# Board label -> Canon status, where the label alone decides it.
STATUS_MAP = {
    "ACTIVE": "Active",
    "PLANNED": "Planned",
    "NOT IMPLEMENTED": "Planned",
    "COMPLETE (NOT DEPLOYED)": "Needs Deployment",
}

# The board's "COMPLETE" covers deployed, in-use and merely finished code, so
# each such entry is decided from its own status line.
STATUS_BY_ENTRY = {
    ("ChittyID", "COMPLETE"): "Live",  # "Live at id.chitty.cc"
    ("ChittyAuth", "COMPLETE"): "Active",  # "Active, Health Score 9/10"
    ("ChittySchema", "COMPLETE"): "Active",  # "Active, integrated with ChittySync"
    ("ChittyMCP", "COMPLETE"): "Needs Deployment",  # "Ready for mcp.chitty.cc"
}

LAYER_HEADING = re.compile(r"^##\s.*\(Layer\s+(\d+)\)")
SECTION_HEADING = re.compile(r"^##\s")
# ### [**canon.chitty.cc**](http://canon.chitty.cc) - ChittyCanon `ACTIVE`
DOMAIN_ENTRY = re.compile(
    r"^###\s+\[\*\*[^*]+\*\*\]\([^)]*\)\s+-\s+(?P<name>[^`]+?)\s+`(?P<status>[^`]+)`"
)
# **ChittyID** `COMPLETE` → [github.com/...](...)
BOLD_ENTRY = re.compile(r"^\*\*(?P<name>[^*]+?)\s*\*\*\s+`(?P<status>[^`]+)`")


@dataclass(frozen=True)
class BoardEntry:
    layer: int
    name: str
    status: str
    line: int

    @property
    def id(self) -> str:
        return f"L{self.layer}-{self.name.replace(' ', '')}"


def parse_board(text: str) -> list[BoardEntry]:
    """Entries listed under the board's ``(Layer N)`` headings, in order."""
    entries: list[BoardEntry] = []
    layer: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        heading = LAYER_HEADING.match(line)
        if heading:
            layer = int(heading.group(1))
            continue
        if SECTION_HEADING.match(line):  # any other "## " section ends the layers
            layer = None
            continue
        if layer is None:
            continue
        match = DOMAIN_ENTRY.match(line) or BOLD_ENTRY.match(line)
        if match:
            entries.append(
                BoardEntry(layer, match["name"].strip(), match["status"].strip(), number)
            )
    return entries


def service_name(board_name: str) -> str:
    return NAME_MAP.get(board_name, board_name.replace(" ", "").lower())


def canon_status(entry: BoardEntry) -> str:
    key = (entry.name, entry.status)
    if key in STATUS_BY_ENTRY:
        return STATUS_BY_ENTRY[key]
    if entry.status in STATUS_MAP:
        return STATUS_MAP[entry.status]
    raise LookupError(
        f"board label `{entry.status}` on {entry.name} (line {entry.line}) has no "
        "Canon status; add it to STATUS_MAP or STATUS_BY_ENTRY in tests/test_board.py "
        "and to docs/authors/status-mapping.md"
    )


def load_manifests(dirs=MANIFEST_DIRS) -> dict[str, dict]:
    manifests: dict[str, dict] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert isinstance(doc, dict), f"{path} is not a YAML mapping"
            name = doc.get("service_name")
            assert name == path.stem, f"{path}: service_name {name!r} differs from file name"
            assert name not in manifests, f"{name} has more than one manifest"
            manifests[name] = doc
    return manifests


def manifest_layers(manifest: dict) -> set[int]:
    default = "Data" if manifest.get("entity_type") == "DataLayer" else None
    categories = [manifest.get("category", default), *manifest.get("additional_categories", [])]
    return {CATEGORY_LAYER[c] for c in categories if c in CATEGORY_LAYER}


def problems(entry: BoardEntry, manifests: dict[str, dict]) -> list[str]:
    """What is wrong between one board entry and the manifests (empty if nothing)."""
    name = service_name(entry.name)
    manifest = manifests.get(name)
    if manifest is None:
        return [
            f"board line {entry.line}: {entry.name} (layer {entry.layer}) has no manifest "
            f"{name}.yml under etc/chittyos/services/ or etc/chittyos/datalayers/"
        ]
    found: list[str] = []
    layers = manifest_layers(manifest)
    if entry.layer not in layers:
        found.append(
            f"{name}: board lists {entry.name} on layer {entry.layer}, manifest is on "
            f"layer(s) {sorted(layers)} (category/additional_categories)"
        )
    expected = canon_status(entry)
    board = manifest.get("board") or {}
    # A service the board lists on two layers records the label of its primary listing (board.layer).
    label_differs = board.get("layer") == entry.layer and board.get("label") != entry.status
    if board.get("status") != expected or label_differs:
        found.append(
            f"{name}: board says `{entry.status}`, which maps to {expected!r}; "
            f"the manifest's board history is {board!r}"
        )
    if board.get("layer") not in layers:
        found.append(f"{name}: board.layer {board.get('layer')!r} is not one of the manifest's layers {sorted(layers)}")
    return found


def _board_entries() -> list[BoardEntry]:
    if not BOARD.is_file():
        return []
    return parse_board(BOARD.read_text(encoding="utf-8"))


ENTRIES = _board_entries()


def test_board_is_present_and_parsed():
    assert BOARD.is_file(), f"architecture board not found at {BOARD}"
    layers = {e.layer for e in ENTRIES}
    assert layers == set(range(9)), f"expected entries on layers 0-8, parsed {sorted(layers)}"
    # Sanity: the parser must find more than a handful of entries.
    assert len(ENTRIES) >= 20, f"only {len(ENTRIES)} board entries parsed"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_board_entry_has_matching_manifest(entry: BoardEntry):
    manifests = load_manifests()
    assert not problems(entry, manifests), "\n".join(problems(entry, manifests))


def test_every_board_label_has_a_canon_status():
    unknown = []
    for entry in ENTRIES:
        try:
            canon_status(entry)
        except LookupError as err:
            unknown.append(str(err))
    assert not unknown, "\n".join(unknown)


# --- the checks above must actually catch drift -------------------------------

SAMPLE_BOARD = """\
## 🏛️ **GOVERNANCE LAYER** (Layer 0)

### [**schema.chitty.cc**](http://schema.chitty.cc) - ChittySchema `ACTIVE`

- **Status:** ✅ Code complete

## ⚙️ **CORE SERVICES** (Layer 2)

**ChittySchema** `COMPLETE` (see above)

**ChittyGateway** `ACTIVE`

## 🔄 **SYNC & INTEGRATION** (Layer 7)

**ChittySync** `COMPLETE (NOT DEPLOYED)` → [spec](https://example.invalid)

## 📱 **APPLICATIONS** (Layer 8)

**ChittyAuth App** `ACTIVE`

## 🏛️ **CLASSIFICATION RULES**

**Mandatory** `fields` must not be read as an entry
"""


def test_parser_reads_both_entry_forms_and_stops_after_the_layers():
    entries = parse_board(SAMPLE_BOARD)
    assert [(e.layer, e.name, e.status) for e in entries] == [
        (0, "ChittySchema", "ACTIVE"),
        (2, "ChittySchema", "COMPLETE"),
        (2, "ChittyGateway", "ACTIVE"),
        (7, "ChittySync", "COMPLETE (NOT DEPLOYED)"),
        (8, "ChittyAuth App", "ACTIVE"),
    ]


def test_drift_is_reported():
    entries = parse_board(SAMPLE_BOARD)
    def history(status: str, label: str, layer: int) -> dict:
        return {"status": status, "label": label, "layer": layer}

    good = {
        "chittyschema": {"category": "Governance", "additional_categories": ["Core"],
                         "board": history("Active", "ACTIVE", 0)},
        "chittygateway": {"category": "Core", "board": history("Active", "ACTIVE", 2)},
        "chittysync": {"category": "Sync", "status": "In Progress",
                       "board": history("Needs Deployment", "COMPLETE (NOT DEPLOYED)", 7)},
        "chittyauthapp": {"category": "Application", "board": history("Active", "ACTIVE", 8)},
    }
    assert all(not problems(e, good) for e in entries)

    missing = {k: v for k, v in good.items() if k != "chittyauthapp"}
    assert problems(entries[-1], missing), "a missing manifest must be reported"

    wrong_layer = dict(good, chittyschema={"category": "Governance", "board": history("Active", "ACTIVE", 0)})
    assert problems(entries[1], wrong_layer), "the Core entry needs additional_categories: [Core]"

    wrong_status = dict(good, chittysync={"category": "Sync", "board": history("Live", "COMPLETE (NOT DEPLOYED)", 7)})
    assert problems(entries[3], wrong_status), "a wrong board status must be reported"

    no_history = dict(good, chittyauthapp={"category": "Application", "status": "Active"})
    assert problems(entries[-1], no_history), "a manifest without the board's history must be reported"


def test_ambiguous_label_needs_a_decision():
    with pytest.raises(LookupError):
        canon_status(BoardEntry(2, "ChittySomethingNew", "COMPLETE", 1))


def test_datalayer_defaults_to_the_data_layer():
    assert manifest_layers({"entity_type": "DataLayer", "status": "Active"}) == {3}
