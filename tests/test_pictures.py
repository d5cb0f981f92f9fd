"""The SVG pictures: golden files, structure, escaping, and the size at 100 and 300 services.

To regenerate the golden files after an intended change to getchitty.pictures, run

    GETCHITTY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pictures.py

and review the diff of tests/golden/pictures/ before committing it.
"""

from __future__ import annotations

import os
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from getchitty.pictures import (
    BOX_H,
    BOX_W,
    LABEL_CHARS,
    STATUS_ORDER,
    Band,
    Edge,
    Node,
    ecosystem_map,
    neighbourhood,
    safe_href,
)

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "pictures"
ARTIFACTS = REPO / "test-artifacts"
UPDATE = os.environ.get("GETCHITTY_UPDATE_GOLDEN") == "1"
SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
LAYER_NAMES = ("Governance", "Foundation", "Core", "Data", "Registry & Discovery", "Platform", "Domain",
               "Sync & Integration", "Applications")
BANDS = [Band(number, name) for number, name in enumerate(LAYER_NAMES)]

NODES = [
    Node("chittycanon", "chittycanon", "../service/chittycanon/", 0, "Active"),
    Node("chittyid", "chittyid", "../service/chittyid/", 1, "Live"),
    Node("chittytrust", "chittytrust", "../service/chittytrust/", 1, "In Progress"),
    Node("chittyauth", "chittyauth", "../service/chittyauth/", 2, "Live"),
    Node("chittyrouter", "chittyrouter", "../service/chittyrouter/", 2, "Needs Deployment"),
    Node("chittyledger", "chittyledger", "../datalayer/chittyledger/", 3, "Active", "data layer"),
    Node("chittyregistry", "chittyregistry", "../service/chittyregistry/", 4, "Live"),
    Node("chittymonitor", "chittymonitor", "../service/chittymonitor/", 5, "Live"),
    Node("chittyevidence", "chittyevidence", "../service/chittyevidence/", 6, "Planned"),
    Node("chittysync", "chittysync", "../service/chittysync/", 7, "Deprecated"),
    Node("chittyapp", "chittyapp with a rather long display name", "../service/chittyapp/", 8, ""),
    Node("stray", "stray", "../service/stray/", None, "Active"),
]
EDGES = [
    Edge("chittyauth", "chittyid"),
    Edge("chittyrouter", "chittyauth"),
    Edge("chittyregistry", "chittyauth"),
    Edge("chittyregistry", "chittyledger"),
    Edge("chittymonitor", "chittyregistry"),
    Edge("chittyevidence", "chittyledger"),
    Edge("chittyevidence", "chittyid"),
    Edge("chittysync", "chittyregistry"),
    Edge("chittyapp", "chittyauth"),
    Edge("chittyapp", "chittyevidence"),
    Edge("chittyid", "chittytrust"),  # side by side in one band
    Edge("chittytrust", "chittymonitor"),  # upward: against the layering
    Edge("chittyauth", "chittyrouter", "related"),
    Edge("chittyapp", "nowhere"),  # an end that is not drawn
    Edge("chittyid", "chittyid"),
]

HOSTILE_LABELS = [
    "<script>alert(1)</script>",
    '"onload="alert(1)',
    "]]><x>",
    "tab\tnew\nline\x00nul\x07bell\x1bescape\x7fdel",
    "\u202eevil\u202c & <b>bold</b>",
    "'single' &amp; entity",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "\\\\evil.example\\x",
    "https://ok.example/\"onmouseover=\"alert(1)",
    "../page/<script>",
    "https://ok.example/`x`",
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}a")


def nodes_of(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if "gc-pic-node" in e.get("class", "").split()]


def edges_of(root: ET.Element) -> list[ET.Element]:
    group = root.find(f"{SVG}g[@class='gc-pic-edges']")
    assert group is not None
    return group.findall(f"{SVG}path")


def rects(element: ET.Element) -> tuple[int, int, int, int]:
    rect = element.find(f"{SVG}rect")
    assert rect is not None
    return tuple(int(rect.get(k)) for k in ("x", "y", "width", "height"))


def check_accessible(root: ET.Element) -> None:
    """Role, title and description; every reference resolves to an element with text."""
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "graphics-document"
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    for attribute, tag in (("aria-labelledby", "title"), ("aria-describedby", "desc")):
        target = ids[root.get(attribute)]
        assert target.tag == f"{SVG}{tag}" and target.text and target.text.strip()
    assert root[0].tag == f"{SVG}title"
    for node in nodes_of(root):  # every box names itself and its status
        title = node.find(f"{SVG}title")
        assert title is not None and " \u2014 " in title.text


def check_edges(root: ET.Element) -> None:
    names = {node.get("data-node") for node in nodes_of(root)}
    for edge in edges_of(root):
        assert edge.get("data-source") in names, edge.attrib
        assert edge.get("data-target") in names, edge.attrib


def path_points(d: str, steps: int = 8) -> list[tuple[float, float]]:
    """Points along a path made of absolute M, L, V, Q and C commands."""
    points: list[tuple[float, float]] = []
    for command, args in re.findall(r"([MLVQC])([^MLVQC]*)", d):
        numbers = [float(n) for n in args.split()]
        if command in "ML":
            points.append((numbers[0], numbers[1]))
        elif command == "V":
            points.append((points[-1][0], numbers[0]))
        else:
            controls = [points[-1]] + list(zip(numbers[::2], numbers[1::2]))
            for step in range(1, steps + 1):
                t, level = step / steps, controls
                while len(level) > 1:  # de Casteljau
                    level = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(level, level[1:])]
                points.append(level[0])
            continue
        if command == "L" or command == "V":
            a, b = points[-2], points[-1]
            points[-1:-1] = [(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps) for i in range(1, steps)]
    return points


def check_no_edge_under_a_box(root: ET.Element) -> None:
    """No edge runs under a box, where it would seem to end at the wrong service."""
    boxes = [rects(n) for n in nodes_of(root)]
    for edge in edges_of(root):
        for px, py in path_points(edge.get("d")):
            for x, y, w, h in boxes:
                assert not (x + 1 < px < x + w - 1 and y + 1 < py < y + h - 1), (edge.attrib, (px, py), (x, y, w, h))


def compare_golden(name: str, svg: str) -> None:
    target = GOLDEN / name
    if UPDATE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
    assert target.is_file(), f"missing golden file {target}: run with GETCHITTY_UPDATE_GOLDEN=1"
    assert svg == target.read_text(encoding="utf-8"), f"{name} differs from its golden file"


# -- golden files -----------------------------------------------------------------------

def test_map_matches_golden():
    compare_golden("map.svg", ecosystem_map(BANDS, NODES, EDGES))


def test_neighbourhood_matches_golden():
    by_name = {n.name: n for n in NODES}
    svg = neighbourhood(by_name["chittyauth"], depends_on=[by_name["chittyid"]],
                        used_by=[by_name["chittyrouter"], by_name["chittyregistry"], by_name["chittyapp"]],
                        related=[by_name["chittyrouter"]])
    compare_golden("neighbourhood.svg", svg)


def test_lone_neighbourhood_matches_golden():
    compare_golden("neighbourhood-alone.svg", neighbourhood(NODES[0]))


# -- the map ----------------------------------------------------------------------------

def test_map_has_one_link_per_service_to_its_page():
    root = parse(ecosystem_map(BANDS, NODES, EDGES))
    check_accessible(root)
    hrefs = {a.get("data-node"): a.get(HREF) for a in links(root)}
    assert hrefs == {n.name: n.url for n in NODES}
    assert len(links(root)) == len(NODES)
    for a in links(root):  # the accessible name of each link is its title
        assert a[0].tag == f"{SVG}title"


def test_map_draws_each_edge_between_drawn_boxes_once():
    root = parse(ecosystem_map(BANDS, NODES, EDGES + EDGES[:3]))
    check_edges(root)
    check_no_edge_under_a_box(root)
    drawn = [(e.get("data-source"), e.get("data-target")) for e in edges_of(root)]
    expected = sorted((e.source, e.target) for e in EDGES if e.target != "nowhere" and e.source != e.target)
    assert sorted(drawn) == expected
    arrows = [e for e in edges_of(root) if e.get("marker-end")]
    assert len(arrows) == len(expected) - 1  # "related" is dotted, without an arrowhead
    markers = {m.get("id") for m in root.iter(f"{SVG}marker")}
    for edge in arrows:  # each arrow ends in the arrowhead of its own colour
        colour = next(c for c in edge.get("class").split() if re.fullmatch(r"gc-pic-edge-c\d", c))
        assert edge.get("marker-end") == f"url(#gc-map-arrow-{colour.removeprefix('gc-pic-edge-')})"
        assert edge.get("marker-end")[5:-1] in markers
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("11 services in 9 bands, Applications at the top and Governance at the bottom, and 1 service "
                           "not on the board yet in 1 group (No tier stated); ")
    assert "12 dependencies" in desc and "1 related relation as dotted lines" in desc


def test_edges_take_the_colour_of_the_service_they_leave():
    root = parse(ecosystem_map(BANDS, NODES, EDGES))
    colours: dict[str, set[str]] = {}
    for edge in edges_of(root):
        colours.setdefault(edge.get("data-source"), set()).add(edge.get("stroke"))
    assert all(len(strokes) == 1 for strokes in colours.values()), colours
    assert len(colours["chittyapp"] | colours["chittyauth"]) == 2  # neighbours in the reading order: two colours


def test_each_kind_of_edge_has_its_own_line():
    edges = [Edge("chittyauth", "chittyid"), Edge("chittyrouter", "chittyauth", "peer"),
             Edge("chittyregistry", "chittyauth", "related"), Edge("chittymonitor", "chittyauth", "something-else")]
    root = parse(ecosystem_map(BANDS, NODES, edges))
    styles = {e.get("data-source"): (e.get("class").split()[1], e.get("stroke-dasharray"), e.get("marker-end") is not None)
              for e in edges_of(root)}
    assert styles == {"chittyauth": ("gc-pic-edge-depends-on", None, True), "chittyrouter": ("gc-pic-edge-peer", "7 4", False),
                      "chittyregistry": ("gc-pic-edge-related", "2 4", False),
                      "chittymonitor": ("gc-pic-edge-related", "2 4", False)}
    legend = " ".join(root.find(f"{SVG}g[@class='gc-pic-legend']").itertext())
    assert "depends on" in legend and "peer" in legend and "related" in legend


def test_the_edge_check_sees_an_edge_under_a_box():
    root = parse(ecosystem_map(BANDS, NODES, EDGES))
    x, y, w, h = rects(nodes_of(root)[0])
    edges_of(root)[0].set("d", f"M{x - 20} {y + h // 2}L{x + w + 20} {y + h // 2}")
    with pytest.raises(AssertionError):
        check_no_edge_under_a_box(root)


def test_map_puts_applications_on_top_and_wraps_boxes_inside_their_band():
    nodes = [Node(f"s{i:02d}", f"s{i:02d}", f"s{i:02d}/", 8 if i < 20 else 0, "Live") for i in range(26)]
    root = parse(ecosystem_map(BANDS, nodes, [], width=900))
    bands = {g.get("aria-label"): rects(g) for g in root.iter(f"{SVG}g") if g.get("class") == "gc-pic-band"}
    assert list(bands)[0] == "Layer 8 \u00b7 Applications" and list(bands)[-1] == "Layer 0 \u00b7 Governance"
    boxes = {n.get("data-node"): rects(n) for n in nodes_of(root)}
    width = int(root.get("width"))
    for name, (x, y, w, h) in boxes.items():
        band = bands["Layer 8 \u00b7 Applications" if int(name[1:]) < 20 else "Layer 0 \u00b7 Governance"]
        assert band[1] <= y and y + h <= band[1] + band[3], name
        assert x + w <= width, name
    assert len({y for _, y, _, _ in boxes.values()}) == 7  # 4 columns: 20 boxes in 5 rows, 6 in 2 rows
    placed = sorted(boxes.values())
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
    empty = [g for g in root.iter(f"{SVG}g") if g.get("aria-label") == "Layer 4 \u00b7 Registry & Discovery"][0]
    assert "no services" in "".join(empty.itertext())


def test_map_draws_services_not_on_the_board_compactly_by_group():
    root = parse(ecosystem_map(BANDS, NODES, EDGES))
    bands = [g.get("aria-label") for g in root.iter(f"{SVG}g") if "gc-pic-band" in g.get("class", "").split()]
    assert bands[-1] == "Not on the board: No tier stated" and "No layer" not in bands
    assert parse(ecosystem_map(BANDS, NODES[:3], [])).find(f".//{SVG}g[@class='gc-pic-band gc-pic-group-band']") is None
    stray = [Node(f"registered{i:02d}", f"registered{i:02d}", f"r{i}/", None, "Live",
                  group=("Tier 2 \u00b7 Platform", "Tier 0 \u00b7 Trust Anchors", "")[i % 3]) for i in range(40)]
    svg = ecosystem_map(BANDS, NODES[:3] + stray, [Edge(stray[0].name, "chittyid")],
                        groups=["Tier 0 \u00b7 Trust Anchors", "Tier 2 \u00b7 Platform"])
    root = parse(svg)
    groups = [g.get("aria-label") for g in root.iter(f"{SVG}g") if "gc-pic-group-band" in g.get("class", "")]
    assert groups == ["Not on the board: Tier 0 \u00b7 Trust Anchors", "Not on the board: Tier 2 \u00b7 Platform",
                      "Not on the board: No tier stated"]
    chips = [n for n in nodes_of(root) if "gc-pic-chip" in n.get("class")]
    assert len(chips) == 40 and all(rects(c)[3] == 24 for c in chips)  # a line each, not a box of two lines
    placed = sorted(map(rects, chips))
    width = int(root.get("width"))
    for i, a in enumerate(placed):
        assert a[0] >= 0 and a[0] + a[2] <= width
        for b in placed[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
    assert edges_of(root) == []  # an edge with an end off the board is counted, not drawn across the chips
    assert "1 relation with a service not on the board" in root.find(f"{SVG}desc").text
    # 40 compact lines in three groups take less height than 40 boxes in one band, in rows of four
    def height(svg: str) -> int:
        return int(parse(svg).get("height"))
    alone = height(ecosystem_map(BANDS, NODES[:3], []))
    on_the_board = height(ecosystem_map(BANDS, NODES[:3] + [Node(n.name, n.label, n.url, 4, n.status) for n in stray], []))
    assert height(svg) - alone < (on_the_board - alone) * 0.8


def test_map_is_the_same_whatever_the_input_order():
    shuffled_nodes, shuffled_edges = NODES[:], EDGES[:]
    random.Random(3).shuffle(shuffled_nodes)
    random.Random(4).shuffle(shuffled_edges)
    assert ecosystem_map(list(reversed(BANDS)), shuffled_nodes, shuffled_edges) == ecosystem_map(BANDS, NODES, EDGES)


def test_long_names_take_two_lines_and_are_kept_whole_in_the_title():
    root = parse(ecosystem_map(BANDS, NODES, EDGES))
    app = [n for n in nodes_of(root) if n.get("data-node") == "chittyapp"][0]
    lines = [t.text for t in app.findall(f"{SVG}text")][:-1]
    assert lines == ["chittyapp with a", "rather long displa\u2026"]  # longer than two lines: the rest is in the title
    assert app.find(f"{SVG}title").text == "chittyapp with a rather long display name \u2014 Unknown, service"
    names = ["daily-comms-triage-realtime", "chittyfoundation/.github", "mcp-cloudflare-authless", "chitty-desktop-connector"]
    root = parse(ecosystem_map(BANDS, [Node(n, n, f"{n}/", 3, "Live") for n in names], []))
    for node in nodes_of(root):
        texts = [t.text for t in node.findall(f"{SVG}text")]
        assert "".join(texts[:-1]).replace(" ", "") == node.get("data-node"), texts  # whole, on two lines
        assert texts[-1] == "Live" and rects(node)[3] == 54
    assert all(len(t.text) <= LABEL_CHARS for n in nodes_of(root) for t in n.findall(f"{SVG}text"))


def test_every_status_shows_as_text_and_in_the_legend():
    nodes = [Node(s, s, f"{i}/", 1, s) for i, s in enumerate(STATUS_ORDER)]
    root = parse(ecosystem_map(BANDS, nodes, []))
    for node in nodes_of(root):
        assert node.findall(f"{SVG}text")[-1].text == node.get("data-node")
    legend = root.find(f"{SVG}g[@class='gc-pic-legend']")
    assert [t.text for t in legend.findall(f"{SVG}text")][1:-1] == list(STATUS_ORDER)


def test_id_prefix_must_be_a_plain_name():
    with pytest.raises(ValueError):
        ecosystem_map(BANDS, NODES, EDGES, id_prefix='x" onload="alert(1)')
    with pytest.raises(ValueError):
        neighbourhood(NODES[0], id_prefix="1abc")
    root = parse(ecosystem_map(BANDS, NODES, EDGES, id_prefix="arch-map"))
    assert root.get("id") == "arch-map" and root.get("aria-labelledby") == "arch-map-title"


# -- the neighbourhood ------------------------------------------------------------------

def group_frames(root: ET.Element) -> dict[str, tuple[int, int, int, int]]:
    return {g.get("class").split("gc-pic-group-")[1]: rects(g) for g in root.iter(f"{SVG}g")
            if "gc-pic-group" in g.get("class", "").split()}


def check_group_arrows(root: ET.Element) -> None:
    """One arrow per non-empty directed group, from the group's frame to the centre's box or back."""
    frames = group_frames(root)
    centre = rects([n for n in nodes_of(root) if "gc-pic-center" in n.get("class")][0])
    for edge in edges_of(root):
        ends = edge.get("data-from"), edge.get("data-to")
        assert ends in {("used-by", "center"), ("center", "depends-on")}, ends
        _, y1, y2 = map(int, re.fullmatch(r"M(\d+) (\d+)V(\d+)", edge.get("d")).groups())
        if ends[0] == "used-by":
            assert (y1, y2) == (frames["used-by"][1] + frames["used-by"][3], centre[1])
        else:
            assert (y1, y2) == (centre[1] + centre[3], frames["depends-on"][1])


def test_neighbourhood_links_every_neighbour_but_not_the_centre():
    by_name = {n.name: n for n in NODES}
    uses = [by_name[n] for n in ("chittyid", "chittyledger")]
    users = [by_name[n] for n in ("chittyapp", "chittyrouter", "chittymonitor", "chittysync", "chittyevidence")]
    related = [by_name["chittytrust"]]
    root = parse(neighbourhood(by_name["chittyauth"], uses, users, related))
    check_accessible(root)
    check_group_arrows(root)
    assert len(edges_of(root)) == 2
    assert root.find(f"{SVG}title").text == "Neighbourhood of chittyauth"
    assert sorted(a.get("data-node") for a in links(root)) == sorted(n.name for n in uses + users + related)
    centre = [n for n in nodes_of(root) if "gc-pic-center" in n.get("class")]
    assert len(centre) == 1 and centre[0].tag == f"{SVG}g" and centre[0].get("data-node") == "chittyauth"
    groups = {g.get("aria-label") for g in root.iter(f"{SVG}g") if g.get("role") == "group"}
    assert groups == {"Used by \u00b7 5", "Depends on \u00b7 2", "Related \u00b7 1"}
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("chittyauth depends on 2 services; 5 services depend on it; 1 related service.")
    frames = group_frames(root)
    for key, members in (("used-by", users), ("depends-on", uses), ("related", related)):
        fx, fy, fw, fh = frames[key]
        for node in nodes_of(root):
            if node.get("data-node") in {m.name for m in members} and node is not centre[0]:
                x, y, w, h = rects(node)
                assert fx < x and x + w < fx + fw and fy < y and y + h < fy + fh, (key, node.get("data-node"))
    assert frames["used-by"][1] + frames["used-by"][3] < rects(centre[0])[1] < frames["depends-on"][1]


def test_neighbourhood_stays_legible_with_many_neighbours():
    _, many, _ = synthetic(60)
    root = parse(neighbourhood(many[0], many[1:21], many[21:60]))
    check_group_arrows(root)
    assert len(links(root)) == 59 and len(edges_of(root)) == 2
    width = int(root.get("width"))
    assert all(x >= 0 and x + w <= width for x, _, w, _ in map(rects, nodes_of(root)))


def test_neighbourhood_says_when_a_group_is_empty():
    root = parse(neighbourhood(NODES[0]))
    text = " ".join(root.itertext())
    assert "nothing depends on it" in text and "it depends on nothing" in text and "no related services" in text
    assert links(root) == [] and edges_of(root) == []
    assert "1 service depends on it" in parse(neighbourhood(NODES[1], used_by=[NODES[3]])).find(f"{SVG}desc").text


def test_neighbourhood_keeps_a_neighbour_named_like_the_centre_apart():
    twin = Node("chittyid", "chittyid", "../chittyid/", 1, "Live")
    root = parse(neighbourhood(twin, depends_on=[twin], used_by=[twin]))
    assert len(nodes_of(root)) == 3 and len(links(root)) == 2 and len(edges_of(root)) == 2


# -- escaping ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_unsafe_urls_never_become_links(url):
    assert safe_href(url) is None


@pytest.mark.parametrize("url", ["../service/chittyid/", "service/x.md#top", "https://id.chitty.cc/", "HTTP://a.example",
                                 "?q=1", "#anchor", "./a%20b/"])
def test_web_and_relative_urls_are_links(url):
    assert safe_href(url) == url


def hostile_nodes() -> list[Node]:
    nodes = [Node(f"n{i}<&\">", label, HOSTILE_URLS[i % len(HOSTILE_URLS)], i % 9, label)
             for i, label in enumerate(HOSTILE_LABELS)]
    return nodes + [Node('good"><script>', "good", "../good/?a=1&b=2", 2, "Live")]


def check_inert(svg: str) -> ET.Element:
    root = parse(svg)  # well-formed XML despite the input
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", svg)
    for element in root.iter():
        assert element.tag.startswith(SVG), element.tag
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style")
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), attribute
            assert attribute != "href", "SVG 2 href breaks Material's instant navigation"
            if attribute == HREF:
                assert safe_href(value) == value and not value.lower().startswith(("javascript", "data", "vbscript"))
    assert "<script" not in svg and "]]>" not in svg
    return root


def test_hostile_labels_and_urls_stay_text():
    nodes = hostile_nodes()
    edges = [Edge(a.name, b.name, relation) for a, b, relation in zip(nodes, nodes[1:], ["depends_on", "<i>x</i>"] * 4)]
    root = check_inert(ecosystem_map(BANDS, nodes, edges, title="<title>map</title>"))
    check_edges(root)
    assert [a.get("data-node") for a in links(root)] == ['good"><script>']
    assert links(root)[0].get(HREF) == "../good/?a=1&b=2"  # "&amp;" in the XML, intact once parsed
    assert 'xlink:href="../good/?a=1&amp;b=2"' in ecosystem_map(BANDS, nodes, edges)
    assert root.find(f"{SVG}title").text == "<title>map</title>"
    titles = {n.get("data-node"): n.find(f"{SVG}title").text for n in nodes_of(root)}
    assert titles["n0<&\">"].startswith("<script>alert(1)</script> \u2014 ")
    assert titles["n3<&\">"].startswith("tab new line\ufffdnul\ufffdbell\ufffdescape\ufffddel \u2014 ")
    assert titles["n4<&\">"].startswith("\ufffdevil\ufffd & <b>bold</b>")


def test_hostile_neighbourhood_stays_text():
    nodes = hostile_nodes()
    root = check_inert(neighbourhood(nodes[0], nodes[1:3], nodes[3:5], nodes[5:]))
    check_group_arrows(root)
    assert root.find(f"{SVG}title").text == "Neighbourhood of <script>alert(1)</script>"


# -- size -------------------------------------------------------------------------------

def synthetic(count: int, seed: int = 13) -> tuple[list[Band], list[Node], list[Edge]]:
    """`count` services spread over the nine layers, each depending on up to three of its layer or below."""
    rnd = random.Random(seed)
    nodes = [Node(f"chitty-service-{i:03d}", f"chitty-service-{i:03d}", f"../service/chitty-service-{i:03d}/",
                  rnd.randrange(9), rnd.choice(STATUS_ORDER)) for i in range(count)]
    edges = []
    for node in nodes:
        below = [m for m in nodes if m.layer <= node.layer and m is not node]
        edges += [Edge(node.name, target.name) for target in rnd.sample(below, min(len(below), rnd.randrange(4)))]
    return BANDS, nodes, edges


@pytest.mark.parametrize("count", [100, 300])
def test_map_size_at_scale(count, capsys):
    bands, nodes, edges = synthetic(count)
    svg = ecosystem_map(bands, nodes, edges)
    root = parse(svg)
    check_edges(root)
    assert len(links(root)) == count
    width, height = int(root.get("width")), int(root.get("height"))
    boxes = [rects(n) for n in nodes_of(root)]
    assert all(w == BOX_W and h == BOX_H and x + w <= width and y + h <= height for x, y, w, h in boxes)
    assert len(set((x, y) for x, y, _, _ in boxes)) == count  # no two boxes in one place
    per_service = len(svg.encode()) / count
    assert per_service < 1000, per_service  # bytes per service: the size grows linearly
    check_no_edge_under_a_box(root)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"map-{count}.svg").write_text(svg, encoding="utf-8")
    with capsys.disabled():
        print(f"\n  ecosystem map, {count} services, {len(edges_of(root))} edges: {len(svg.encode()):,} bytes, "
              f"{width}x{height} px, {per_service:.0f} bytes per service")
