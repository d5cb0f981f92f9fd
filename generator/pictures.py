"""Pictures of the ecosystem, drawn at build time as SVG text.

Pure functions over the plain values defined here: no I/O, no browser, no
request. The same input always gives the same bytes, so the output is
golden-tested.

Orientation: Applications (layer 8) are drawn at the top and Governance
(layer 0) at the bottom, as a building stands on its foundations. A service
may depend only on its own layer or below, so nearly every arrow points down
and an upward arrow stands out as the exception it is.

Every value from the input passes through `_xml` (text and attributes) or
`safe_href` (links): names, labels and URLs cannot add markup, and only http(s)
or relative URLs become links.

The SVG is meant to be inlined in a page, where the links work and the page's
stylesheet (getchitty.css, classes `gc-pic*`) adapts the neutral colours to the
light or dark scheme; the presentation attributes written here are the defaults
for the picture on its own.

Links use `xlink:href`, not SVG 2's `href`: Material's instant navigation makes
every `[href]` of a page it loads absolute by assigning `element.href`, which
throws on an SVG `<a>` (its `href` is read-only) and stops the page from being
shown. Every browser follows `xlink:href`, and that selector does not match it.
Chromium neither exposes such a link as a link nor counts it as focusable in its
accessibility tree, so the role and the tab stop are stated.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import STATUS_STYLES, UNKNOWN_STATUS, UNKNOWN_STYLE

# The status palette, the model's (the badges' stylesheet is made from it too), and the legend's order.
STATUS_FILLS = {**{status: style.fill for status, style in STATUS_STYLES.items()}, UNKNOWN_STATUS: UNKNOWN_STYLE.fill}
STATUS_ORDER = tuple(STATUS_FILLS)
DEPENDS_ON = "depends_on"

BOX_W, BOX_H = 152, 40
GAP_X, GAP_Y = 14, 28
PAD = 12
GUTTER = 176  # band labels on the left of the map
LABEL_CHARS = 19  # what fits on one line of a box at 12 px
BAND_GAP = 10
LEGEND_H = 40
HEADING_H = 26
CENTER_W, CENTER_H = 2 * BOX_W, BOX_H + 8
NEUTRAL = "#5f6368"  # edges and arrowheads; getchitty.css swaps it per scheme
BAND_FILL = "#f2f3f5"
INK = "#1f2328"

_ID_PREFIX = re.compile(r"^[a-z][a-z0-9-]*$")
# Characters XML 1.0 cannot carry, plus C1 controls and the bidirectional
# overrides that could make a label read differently from what it is.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NOT_IN_URL = re.compile(r"[\s\\<>\"'`]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WEB = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)


@dataclass(frozen=True)
class Band:
    """One layer of the board: drawn as a horizontal band."""

    number: int
    name: str


@dataclass(frozen=True)
class Node:
    """One service (or other entity) as a box; `url` is its page, relative to the page showing the picture."""

    name: str
    label: str
    url: str
    layer: int | None = None
    status: str = ""
    kind: str = "service"


@dataclass(frozen=True)
class Edge:
    """`source` depends on `target` (relation "depends_on"), or any other named relation between two nodes."""

    source: str
    target: str
    relation: str = DEPENDS_ON


@dataclass(frozen=True)
class _Box:
    node: Node
    x: int
    y: int
    w: int = BOX_W
    h: int = BOX_H

    @property
    def cx(self) -> int:
        return self.x + self.w // 2


# -- escaping -----------------------------------------------------------------------------

def _clean(value: object) -> str:
    """The text of a value as one line, without characters XML cannot carry."""
    return " ".join(_UNSAFE_CHARS.sub("\ufffd", str(value)).split())


def _xml(value: object) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    return html.escape(_clean(value), quote=True)


def safe_href(url: str) -> str | None:
    """`url` when it is an http(s) or relative URL, else None (no link is drawn).

    Browsers drop tabs and newlines from URLs and trim spaces, so "java\\tscript:" would
    still run: any whitespace, control character or backslash disqualifies a URL, as do
    quotes and angle brackets (a well-formed URL has them percent-encoded) and a
    protocol-relative "//host" (another site).
    """
    if not url or _UNSAFE_CHARS.search(url) or _NOT_IN_URL.search(url) or url.startswith("//"):
        return None
    if _SCHEME.match(url):
        return url if _WEB.match(url) else None
    return url


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _status(node: Node) -> str:
    return _clean(node.status) or UNKNOWN_STATUS


def _fill(status: str) -> str:
    return STATUS_FILLS.get(status, UNKNOWN_STYLE.fill)


def _short(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "\u2026"


def _check_prefix(id_prefix: str) -> None:
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must match {_ID_PREFIX.pattern}: {id_prefix!r}")


def _unique(nodes: Iterable[Node]) -> list[Node]:
    """Nodes by name, first occurrence kept, in a stable reading order."""
    seen: dict[str, Node] = {}
    for node in nodes:
        seen.setdefault(node.name, node)
    return sorted(seen.values(), key=lambda n: (_clean(n.label or n.name).casefold(), n.name))


# -- drawing ----------------------------------------------------------------------------

def _open(kind: str, width: int, height: int, id_prefix: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="{id_prefix}" '
        f'class="gc-pic gc-pic-{kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="graphics-document" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="{id_prefix}-title">{_xml(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_xml(desc)}</desc>',
        f'<defs><marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path class="gc-pic-arrow" d="M0 0L10 5L0 10z" fill="{NEUTRAL}"/></marker></defs>',
    ]


def _box(box: _Box, extra_class: str = "", linked: bool = True) -> str:
    node = box.node
    status = _status(node)
    label = _clean(node.label or node.name)
    kind = _clean(node.kind)
    classes = f"gc-pic-node gc-pic-status-{_slug(status) or 'unknown'}{extra_class}"
    tooltip = f"{label} \u2014 {status}" + (f", {kind}" if kind else "")
    inner = (
        f"<title>{_xml(tooltip)}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="6" fill="{_fill(status)}"/>'
        f'<text x="{box.x + 8}" y="{box.y + 17}" font-size="12" font-weight="700">'
        f"{_xml(_short(label, LABEL_CHARS * box.w // BOX_W))}</text>"
        f'<text x="{box.x + 8}" y="{box.y + 32}" font-size="11">{_xml(status)}</text>'
    )
    href = safe_href(node.url) if linked else None
    if href is None:
        return f'<g class="{classes}" data-node="{_xml(node.name)}" fill="#fff">{inner}</g>'
    return (f'<a class="{classes}" xlink:href="{_xml(href)}" role="link" tabindex="0" data-node="{_xml(node.name)}" '
            f'fill="#fff">{inner}</a>')


def _spread(start: int, length: int, count: int, index: int) -> int:
    """The index-th of `count` points spread evenly along a box side, so arrowheads do not pile up."""
    return start + length * (index + 1) // (count + 1)


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _rounded(points: list[tuple[int, int]], radius: int = 6) -> str:
    """An orthogonal polyline as a path with rounded corners."""
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    out = [f"M{points[0][0]} {points[0][1]}"]
    for (ax, ay), (px, py), (bx, by) in zip(points, points[1:], points[2:]):
        r = min(radius, (abs(px - ax) + abs(py - ay)) // 2, (abs(bx - px) + abs(by - py)) // 2)
        out.append(f"L{px - r * _sign(px - ax)} {py - r * _sign(py - ay)}"
                   f"Q{px} {py} {px + r * _sign(bx - px)} {py + r * _sign(by - py)}")
    out.append(f"L{points[-1][0]} {points[-1][1]}")
    return "".join(out)


def _edge_paths(boxes: dict[str, _Box], edges: Sequence[tuple[str, str, str]], lanes: Sequence[int],
                id_prefix: str) -> list[str]:
    """Paths for (source, target, relation) between `boxes`, routed so they never pass under a box.

    Between neighbouring rows a curve crosses the gap between them; between boxes side by side
    an arc rises into the gap above the row. Any farther edge leaves its box into the gap, runs
    to the nearest vertical lane (the gaps between columns, at x in `lanes`), follows it to the
    gap next to the target's row and enters the target there. Edges sharing a lane or a gap
    are offset by a few pixels so that they stay apart.
    """
    rows = sorted({box.y for box in boxes.values()})
    routes = []
    for source, target, relation in edges:
        src, dst = boxes[source], boxes[target]
        if dst.y == src.y:
            routes.append((source, target, relation, "top", "top"))
        else:
            down = dst.y > src.y
            routes.append((source, target, relation, "bottom" if down else "top", "top" if down else "bottom"))
    ports: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for i, (source, target, _, out_side, in_side) in enumerate(routes):
        ports.setdefault((source, out_side), []).append((boxes[target].cx, i))
        ports.setdefault((target, in_side), []).append((boxes[source].cx, i))
    slot = {}
    for (key, side), users in ports.items():
        users.sort()
        for index, (_, i) in enumerate(users):
            slot[(key, side, i)] = _spread(boxes[key].x, boxes[key].w, len(users), index)

    lane_use: dict[int, int] = {}
    paths = []
    for i, (source, target, relation, out_side, in_side) in enumerate(routes):
        src, dst = boxes[source], boxes[target]
        x1, x2 = slot[(source, out_side, i)], slot[(target, in_side, i)]
        y1 = src.y + src.h if out_side == "bottom" else src.y
        y2 = dst.y if in_side == "top" else dst.y + dst.h
        between = [row for row in rows if min(src.y, dst.y) < row < max(src.y, dst.y)]
        if out_side == in_side:
            lift = GAP_Y - 8
            d = f"M{x1} {y1}C{x1} {y1 - lift} {x2} {y2 - lift} {x2} {y2}"
        elif not between:
            bend = (y2 - y1) // 2
            d = f"M{x1} {y1}C{x1} {y1 + bend} {x2} {y2 - bend} {x2} {y2}"
        else:
            lane = min(lanes, key=lambda x: (abs(x - x1) + abs(x - x2), abs(x - x2), x))
            used = lane_use[lane] = lane_use.get(lane, -1) + 1
            lane += (used % 5 - 2) * 2
            step = 1 if y2 > y1 else -1
            leave, enter = y1 + step * (GAP_Y // 2 + (i % 5 - 2) * 2), y2 - step * (GAP_Y // 2 + (i % 3 - 1) * 2)
            d = _rounded([(x1, y1), (x1, leave), (lane, leave), (lane, enter), (x2, enter), (x2, y2)])
        relation = _clean(relation)
        style = f' marker-end="url(#{id_prefix}-arrow)"' if relation == DEPENDS_ON else ' stroke-dasharray="5 4"'
        paths.append(f'<path class="gc-pic-edge gc-pic-edge-{_slug(relation) or "related"}" d="{d}"{style} '
                     f'data-source="{_xml(src.node.name)}" data-target="{_xml(dst.node.name)}"/>')
    return paths


def _edge_group(paths: list[str], opacity: str = ".6") -> str:
    """The edges, under the boxes; their stroke is set once here and inherited."""
    return (f'<g class="gc-pic-edges" aria-hidden="true" fill="none" stroke="{NEUTRAL}" stroke-opacity="{opacity}" '
            f'stroke-width="1.25">' + "".join(paths) + "</g>")


def _legend(statuses: Iterable[str], y: int, id_prefix: str) -> str:
    parts = [f'<g class="gc-pic-legend" aria-hidden="true"><text class="gc-pic-ink" x="{PAD}" y="{y + 16}" '
             f'font-size="12" font-weight="700" fill="{INK}">Status</text>']
    x = PAD + 56
    for status in statuses:
        width = 14 + 7 * len(status)
        parts.append(f'<rect x="{x}" y="{y + 3}" width="{width}" height="18" rx="9" fill="{_fill(status)}"/>'
                     f'<text x="{x + 7}" y="{y + 16}" font-size="11" fill="#fff">{_xml(status)}</text>')
        x += width + 8
    x += 16
    parts.append(f'<path class="gc-pic-edge" d="M{x} {y + 12}H{x + 30}" fill="none" stroke="{NEUTRAL}" '
                 f'stroke-width="1.25" marker-end="url(#{id_prefix}-arrow)"/>'
                 f'<text class="gc-pic-ink" x="{x + 38}" y="{y + 16}" font-size="12" fill="{INK}">depends on</text></g>')
    return "".join(parts)


def _legend_statuses(nodes: Iterable[Node]) -> list[str]:
    present = {_status(n) for n in nodes}
    known = [s for s in STATUS_ORDER if s in present]
    return known + sorted(present - set(known))


def _rows(count: int, columns: int) -> int:
    return max(1, -(-count // columns))


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


# -- the ecosystem map -------------------------------------------------------------------

def ecosystem_map(bands: Sequence[Band], nodes: Sequence[Node], edges: Sequence[Edge], *,
                  title: str = "Ecosystem map", width: int = 880, id_prefix: str = "gc-map") -> str:
    """Every node in the band of its layer (highest layer at the top), dependencies as arrows.

    Boxes wrap into rows within a band, so the picture grows in height and never shrinks
    its text. The default width gives four columns and fits Material's content column
    without the table of contents beside it. Nodes whose layer is not among `bands` sit in a last "No layer" band. Edges
    whose ends are not both among `nodes`, and edges from a node to itself, are left out.
    """
    _check_prefix(id_prefix)
    columns = max(1, (width - GUTTER - PAD) // (BOX_W + GAP_X))
    nodes = _unique(nodes)
    numbers = {band.number for band in bands}
    # (number shown, band name, accessible name, members)
    ordered: list[tuple[str, str, str, list[Node]]] = []
    for band in sorted({b.number: b for b in bands}.values(), key=lambda b: -b.number):
        name = _clean(band.name)
        ordered.append((str(band.number), name, f"Layer {band.number} \u00b7 {name}",
                        [n for n in nodes if n.layer == band.number]))
    homeless = [n for n in nodes if n.layer not in numbers]
    if homeless:
        ordered.append(("\u2013", "No layer", "No layer", homeless))

    boxes: dict[str, _Box] = {}
    parts: list[str] = []
    y = PAD
    for number, name, accessible, members in ordered:
        height = 2 * PAD + _rows(len(members), columns) * (BOX_H + GAP_Y) - GAP_Y
        parts.append(
            f'<g class="gc-pic-band" role="group" aria-label="{_xml(accessible)}">'
            f'<rect class="gc-pic-band-bg" x="0" y="{y}" width="{width}" height="{height}" rx="8" fill="{BAND_FILL}"/>'
            f'<text class="gc-pic-ink" x="{PAD}" y="{y + 30}" font-size="22" font-weight="700" fill="{INK}">{_xml(number)}</text>'
            f'<text class="gc-pic-ink" x="{PAD}" y="{y + 50}" font-size="12" fill="{INK}">{_xml(_short(name, 22))}</text>'
        )
        if not members:
            parts.append(f'<text class="gc-pic-ink" x="{GUTTER}" y="{y + PAD + 24}" font-size="12" font-style="italic" '
                         f'fill="{INK}">no services</text>')
        parts.append("</g>")
        for index, node in enumerate(members):
            row, column = divmod(index, columns)
            boxes[node.name] = _Box(node, GUTTER + column * (BOX_W + GAP_X), y + PAD + row * (BOX_H + GAP_Y))
        y += height + BAND_GAP

    drawn = sorted({(e.source, e.target, e.relation) for e in edges
                    if e.source in boxes and e.target in boxes and e.source != e.target})
    dependencies = sum(1 for _, _, relation in drawn if _clean(relation) == DEPENDS_ON)
    others = len(drawn) - dependencies
    layers = [name for number, name, _, _ in ordered if number != "\u2013"]
    placing = f", {layers[0]} at the top and {layers[-1]} at the bottom" if layers else ""
    desc = (f"{_plural(len(nodes), 'service')} in {_plural(len(ordered), 'band')}{placing}; "
            f"{_plural(dependencies, 'dependency', 'dependencies')} drawn as arrows "
            "from a service to the one it depends on"
            + (f", {_plural(others, 'other relation')} as dashed lines" if others else "")
            + ". Each box names a service and its status and links to its page.")
    out = _open("map", width, y + LEGEND_H, id_prefix, title, desc)
    out.append('<g class="gc-pic-bands">' + "".join(parts) + "</g>")
    lanes = [GUTTER - GAP_X // 2 + k * (BOX_W + GAP_X) for k in range(columns + 1)]
    out.append(_edge_group(_edge_paths(boxes, drawn, lanes, id_prefix)))
    out.append('<g class="gc-pic-nodes">' + "".join(_box(boxes[n.name]) for n in nodes) + "</g>")
    out.append(_legend(_legend_statuses(nodes), y, id_prefix))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- one service's neighbourhood ------------------------------------------------------------

def neighbourhood(center: Node, depends_on: Sequence[Node] = (), used_by: Sequence[Node] = (),
                  related: Sequence[Node] = (), *, width: int = 760, id_prefix: str = "gc-nb") -> str:
    """`center` between what depends on it (above) and what it depends on (below); related services last.

    Each group sits in a frame, and one arrow joins a frame to the centre: every member of a
    group stands in the same relation to the centre, so one arrow says it for all of them,
    however many there are. Arrows point from a service to the one it depends on, as on the
    map. Related services have a dashed frame and no arrow: the relation has no direction.
    The centre is the page the picture sits on, so it is the only box without a link.
    """
    _check_prefix(id_prefix)
    inner = width - 4 * PAD
    columns = max(1, (inner + GAP_X) // (BOX_W + GAP_X))
    label = _clean(center.label or center.name)
    groups = {
        "used-by": ("Used by", "nothing depends on it", _unique(used_by)),
        "depends-on": ("Depends on", "it depends on nothing", _unique(depends_on)),
        "related": ("Related", "no related services", _unique(related)),
    }
    parts: list[str] = []
    frames: dict[str, tuple[int, int]] = {}  # group -> (top, bottom) of its frame
    center_y = y = PAD
    for key, (heading, empty, members) in groups.items():
        if key == "depends-on":  # the centre sits between what uses it and what it uses
            center_y = y
            y += CENTER_H + 2 * GAP_Y
        heading = f"{heading} \u00b7 {len(members)}"
        rows = _rows(len(members), columns) if members else 0
        height = HEADING_H + PAD + (rows * (BOX_H + GAP_X) - GAP_X if members else 20)
        dashed = ' stroke-dasharray="6 4"' if key == "related" else ""
        parts.append(f'<g class="gc-pic-group gc-pic-group-{key}" role="group" aria-label="{_xml(heading)}">'
                     f'<rect class="gc-pic-frame" x="{PAD}" y="{y}" width="{width - 2 * PAD}" height="{height}" '
                     f'rx="10" fill="none" stroke="{NEUTRAL}"{dashed}/>'
                     f'<text class="gc-pic-ink" x="{2 * PAD}" y="{y + 18}" font-size="13" font-weight="700" '
                     f'fill="{INK}">{_xml(heading)}</text>')
        top = y + HEADING_H
        if members:
            row_width = min(len(members), columns) * (BOX_W + GAP_X) - GAP_X
            left = (width - row_width) // 2
            for index, node in enumerate(members):
                row, column = divmod(index, columns)
                box = _Box(node, left + column * (BOX_W + GAP_X), top + row * (BOX_H + GAP_X))
                parts.append(_box(box))
        else:
            parts.append(f'<text class="gc-pic-ink" x="{2 * PAD}" y="{top + 14}" font-size="12" '
                         f'font-style="italic" fill="{INK}">{_xml(empty)}</text>')
        parts.append("</g>")
        frames[key] = (y, y + height)
        y += height + (2 * GAP_Y if key == "used-by" else GAP_Y)

    center_box = _Box(center, (width - CENTER_W) // 2, center_y, CENTER_W, CENTER_H)
    arrows = []
    cx = width // 2
    if groups["used-by"][2]:
        arrows.append(f'<path class="gc-pic-edge" d="M{cx} {frames["used-by"][1]}V{center_box.y}" '
                      f'marker-end="url(#{id_prefix}-arrow)" data-from="used-by" data-to="center"/>')
    if groups["depends-on"][2]:
        arrows.append(f'<path class="gc-pic-edge" d="M{cx} {center_box.y + center_box.h}V{frames["depends-on"][0]}" '
                      f'marker-end="url(#{id_prefix}-arrow)" data-from="center" data-to="depends-on"/>')
    counts = {key: len(members) for key, (_, _, members) in groups.items()}
    desc = (f"{label} depends on {_plural(counts['depends-on'], 'service')}; "
            f"{_plural(counts['used-by'], 'service')} {'depends' if counts['used-by'] == 1 else 'depend'} on it; "
            f"{_plural(counts['related'], 'related service')}. Arrows point from a service to the one it depends "
            "on; every other box links to its page.")
    neighbours = [node for _, _, members in groups.values() for node in members]
    out = _open("neighbourhood", width, y + LEGEND_H - GAP_Y + PAD, id_prefix, f"Neighbourhood of {label}", desc)
    out.append(_edge_group(arrows, opacity=".9"))
    out.append('<g class="gc-pic-groups">' + "".join(parts) + "</g>")
    out.append(_box(center_box, " gc-pic-center", linked=False))
    out.append(_legend(_legend_statuses([center, *neighbours]), y - GAP_Y + PAD, id_prefix))
    out.append("</svg>")
    return "\n".join(out) + "\n"
