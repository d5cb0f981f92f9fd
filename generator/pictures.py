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

import bisect
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import STATUS_STYLES, UNKNOWN_STATUS, UNKNOWN_STYLE

# The status palette, the model's (the badges' stylesheet is made from it too), and the legend's order.
STATUS_FILLS = {**{status: style.fill for status, style in STATUS_STYLES.items()}, UNKNOWN_STATUS: UNKNOWN_STYLE.fill}
STATUS_ORDER = tuple(STATUS_FILLS)
# The kinds of edge and how each is drawn: (stroke-dasharray or "", whether it ends in an arrowhead, legend text).
DEPENDS_ON = "depends-on"
EDGE_KINDS = {
    DEPENDS_ON: ("", True, "depends on"),
    "peer": ("7 4", False, "peer"),
    "related": ("2 4", False, "related"),
}
# Edges take a colour by the service they start from, so that the arrows leaving one box can be followed
# through a crowd: strokes of at least 3:1 against the bands (getchitty.css swaps in the dark scheme's).
EDGE_COLOURS = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#a64d00", "#00695c")

BOX_W, BOX_H = 152, 40
TWO_LINE_H = 54  # a box whose name takes two lines
GAP_X, GAP_Y = 14, 28
PAD = 12
GUTTER = 176  # band labels on the left of the map
LABEL_CHARS = 19  # what fits on one line of a box at 12 px
BAND_GAP = 10
LEGEND_H = 40
HEADING_H = 26
CENTER_W, CENTER_H = 2 * BOX_W, BOX_H + 8
CHIP_H, CHIP_GAP = 24, 8  # the compact boxes of services not on the board
NAME_PX, STATUS_PX = 6.7, 6.0  # the width of a character of a chip's name (bold) and status, at 11 px
NEUTRAL = "#5f6368"  # edges and arrowheads; getchitty.css swaps it per scheme
BAND_FILL = "#f2f3f5"
INK = "#1f2328"
NO_GROUP = "No tier stated"

_ID_PREFIX = re.compile(r"^[a-z][a-z0-9-]*$")
# Characters XML 1.0 cannot carry, plus C1 controls and the bidirectional
# overrides that could make a label read differently from what it is.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NOT_IN_URL = re.compile(r"[\s\\<>\"'`]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WEB = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)
_BREAK_AFTER = "-/._ "  # where a long name may go on to a second line


@dataclass(frozen=True)
class Band:
    """One layer of the board: drawn as a horizontal band."""

    number: int
    name: str


@dataclass(frozen=True)
class Node:
    """One service (or other entity) as a box; `url` is its page, relative to the page showing the picture.
    A node on no band of the map is drawn compactly in the group named by `group` (a tier, an organization)."""

    name: str
    label: str
    url: str
    layer: int | None = None
    status: str = ""
    kind: str = "service"
    group: str = ""


@dataclass(frozen=True)
class Edge:
    """`source` depends on `target` ("depends-on", the default), is its peer, or is related to it: a kind of
    EDGE_KINDS (another is drawn as "related")."""

    source: str
    target: str
    kind: str = DEPENDS_ON


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


def _lines(label: str, chars: int = LABEL_CHARS) -> list[str]:
    """A name on one line, or on two broken after a hyphen, slash, dot or space (else after `chars`): names
    are never cut short below twice a line's length, and the box's title always holds the whole name."""
    if len(label) <= chars:
        return [label]
    cut = max((label.rfind(mark, 0, chars) for mark in _BREAK_AFTER), default=-1) + 1 or chars
    return [label[:cut].rstrip(), _short(label[cut:].lstrip(), chars)]


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

def _open(kind: str, width: int, height: int, id_prefix: str, title: str, desc: str, colours: int = 0) -> list[str]:
    markers = [f'<marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
               f'markerHeight="7" orient="auto"><path class="gc-pic-arrow" d="M0 0L10 5L0 10z" fill="{NEUTRAL}"/></marker>']
    markers += [f'<marker id="{id_prefix}-arrow-c{index}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
                f'markerHeight="7" orient="auto"><path class="gc-pic-arrow-c{index}" d="M0 0L10 5L0 10z" '
                f'fill="{EDGE_COLOURS[index]}"/></marker>' for index in range(colours)]
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="{id_prefix}" '
        f'class="gc-pic gc-pic-{kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="graphics-document" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="{id_prefix}-title">{_xml(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_xml(desc)}</desc>',
        f'<defs>{"".join(markers)}</defs>',
    ]


def _tooltip(node: Node) -> str:
    kind = _clean(node.kind)
    return f"{_clean(node.label or node.name)} \u2014 {_status(node)}" + (f", {kind}" if kind else "")


def _linked(box_node: Node, classes: str, inner: str, linked: bool) -> str:
    href = safe_href(box_node.url) if linked else None
    if href is None:
        return f'<g class="{classes}" data-node="{_xml(box_node.name)}" fill="#fff">{inner}</g>'
    return (f'<a class="{classes}" xlink:href="{_xml(href)}" role="link" tabindex="0" data-node="{_xml(box_node.name)}" '
            f'fill="#fff">{inner}</a>')


def _box(box: _Box, extra_class: str = "", linked: bool = True) -> str:
    node = box.node
    status = _status(node)
    lines = _lines(_clean(node.label or node.name), LABEL_CHARS * box.w // BOX_W)
    classes = f"gc-pic-node gc-pic-status-{_slug(status) or 'unknown'}{extra_class}"
    names = "".join(f'<text x="{box.x + 8}" y="{box.y + 17 + 14 * row}" font-size="12" font-weight="700">{_xml(line)}</text>'
                    for row, line in enumerate(lines))
    inner = (
        f"<title>{_xml(_tooltip(node))}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="6" fill="{_fill(status)}"/>'
        f"{names}"
        f'<text x="{box.x + 8}" y="{box.y + 17 + 15 * len(lines)}" font-size="11">{_xml(status)}</text>'
    )
    return _linked(node, classes, inner, linked)


def _chip_width(node: Node) -> int:
    return int(16 + NAME_PX * len(_clean(node.label or node.name)) + STATUS_PX * (3 + len(_status(node))))


def _chip(node: Node, x: int, y: int) -> str:
    """A service not on the board: its name and status on one line, in the colour of its status."""
    status = _status(node)
    classes = f"gc-pic-node gc-pic-chip gc-pic-status-{_slug(status) or 'unknown'}"
    inner = (
        f"<title>{_xml(_tooltip(node))}</title>"
        f'<rect x="{x}" y="{y}" width="{_chip_width(node)}" height="{CHIP_H}" rx="12" fill="{_fill(status)}"/>'
        f'<text x="{x + 8}" y="{y + 16}" font-size="11"><tspan font-weight="700">{_xml(_clean(node.label or node.name))}'
        f'</tspan> \u00b7 {_xml(status)}</text>'
    )
    return _linked(node, classes, inner, True)


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


def _edge_kind(kind: str) -> str:
    kind = _clean(kind).lower().replace("_", "-")
    return kind if kind in EDGE_KINDS else "related"


def _edge_paths(boxes: dict[str, _Box], edges: Sequence[tuple[str, str, str]], lanes: Sequence[int],
                id_prefix: str, colour_of: dict[str, int]) -> list[str]:
    """Paths for (source, target, kind) between `boxes`, routed so they never pass under a box.

    Between neighbouring rows a curve crosses the gap between them; between boxes side by side
    an arc rises into the gap above the row. Any farther edge leaves its box into the gap, runs
    to the nearest vertical lane (the gaps between columns, at x in `lanes`), follows it to the
    gap next to the target's row and enters the target there. Edges sharing a lane or a gap
    are offset by a few pixels so that they stay apart, and each takes the colour of its source.
    """
    rows = sorted({box.y for box in boxes.values()})
    routes = []
    for source, target, kind in edges:
        src, dst = boxes[source], boxes[target]
        if dst.y == src.y:
            routes.append((source, target, kind, "top", "top"))
        else:
            down = dst.y > src.y
            routes.append((source, target, kind, "bottom" if down else "top", "top" if down else "bottom"))
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
    for i, (source, target, kind, out_side, in_side) in enumerate(routes):
        src, dst = boxes[source], boxes[target]
        x1, x2 = slot[(source, out_side, i)], slot[(target, in_side, i)]
        y1 = src.y + src.h if out_side == "bottom" else src.y
        y2 = dst.y if in_side == "top" else dst.y + dst.h
        # Whether a row of boxes lies between the two ends: searched, since the map has a row per few services.
        low, high = sorted((src.y, dst.y))
        between = bisect.bisect_right(rows, low) < bisect.bisect_left(rows, high)
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
        dashes, arrow, _ = EDGE_KINDS[kind]
        colour = colour_of[source]
        style = (f' stroke="{EDGE_COLOURS[colour]}"'
                 + (f' marker-end="url(#{id_prefix}-arrow-c{colour})"' if arrow else "")
                 + (f' stroke-dasharray="{dashes}"' if dashes else ""))
        paths.append(f'<path class="gc-pic-edge gc-pic-edge-{kind} gc-pic-edge-c{colour}" d="{d}"{style} '
                     f'data-source="{_xml(src.node.name)}" data-target="{_xml(dst.node.name)}"/>')
    return paths


def _edge_group(paths: list[str], opacity: str = ".6") -> str:
    """The edges, under the boxes; their stroke is set once here and inherited."""
    return (f'<g class="gc-pic-edges" aria-hidden="true" fill="none" stroke="{NEUTRAL}" stroke-opacity="{opacity}" '
            f'stroke-width="1.25">' + "".join(paths) + "</g>")


def _legend(statuses: Iterable[str], y: int, id_prefix: str, kinds: Iterable[str] = (DEPENDS_ON,),
            marker: str = "") -> str:
    parts = [f'<g class="gc-pic-legend" aria-hidden="true"><text class="gc-pic-ink" x="{PAD}" y="{y + 16}" '
             f'font-size="12" font-weight="700" fill="{INK}">Status</text>']
    x = PAD + 56
    for status in statuses:
        width = 14 + 7 * len(status)
        parts.append(f'<rect x="{x}" y="{y + 3}" width="{width}" height="18" rx="9" fill="{_fill(status)}"/>'
                     f'<text x="{x + 7}" y="{y + 16}" font-size="11" fill="#fff">{_xml(status)}</text>')
        x += width + 8
    for kind in kinds:
        dashes, arrow, words = EDGE_KINDS[kind]
        x += 16
        parts.append(f'<path class="gc-pic-edge" d="M{x} {y + 12}H{x + 30}" fill="none" stroke="{NEUTRAL}" '
                     f'stroke-width="1.25"' + (f' marker-end="url(#{marker or id_prefix + "-arrow"})"' if arrow else "")
                     + (f' stroke-dasharray="{dashes}"' if dashes else "") + "/>"
                     f'<text class="gc-pic-ink" x="{x + 38}" y="{y + 16}" font-size="12" fill="{INK}">{words}</text>')
        x += 38 + 7 * len(words)
    parts.append("</g>")
    return "".join(parts)


def _legend_statuses(nodes: Iterable[Node]) -> list[str]:
    present = {_status(n) for n in nodes}
    known = [s for s in STATUS_ORDER if s in present]
    return known + sorted(present - set(known))


def _rows(count: int, columns: int) -> int:
    return max(1, -(-count // columns))


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def _flow(members: list[Node], left: int, right: int, top: int) -> tuple[list[tuple[Node, int, int]], int]:
    """Chips placed left to right, wrapping at `right`: each with its position, and the bottom of the last row."""
    placed, x, y = [], left, top
    for node in members:
        width = _chip_width(node)
        if x > left and x + width > right:
            x, y = left, y + CHIP_H + CHIP_GAP
        placed.append((node, x, y))
        x += width + CHIP_GAP
    return placed, y + CHIP_H


# -- the ecosystem map -------------------------------------------------------------------

def ecosystem_map(bands: Sequence[Band], nodes: Sequence[Node], edges: Sequence[Edge], *,
                  title: str = "Ecosystem map", width: int = 880, id_prefix: str = "gc-map",
                  groups: Sequence[str] = ()) -> str:
    """Every node in the band of its layer (highest layer at the top), edges as lines in the colour of the
    service they leave: dependencies as arrows, peers dashed, related services dotted.

    Boxes wrap into rows within a band, so the picture grows in height and never shrinks its text; a name
    too long for one line takes two. The default width gives four columns and fits Material's content
    column without the table of contents beside it. Nodes whose layer is not among `bands` (services the
    sources register that are not on the board yet) follow in compact bands, one per `group` they name in
    the order of `groups` (others after, by name; NO_GROUP without one), each a line of its name and status.
    Edges are drawn between boxes on the board; those with an end off it, or whose ends are not among
    `nodes`, and edges from a node to itself are left out (the description counts the first).
    """
    _check_prefix(id_prefix)
    columns = max(1, (width - GUTTER - PAD) // (BOX_W + GAP_X))
    nodes = _unique(nodes)
    numbers = {band.number for band in bands}
    box_h = TWO_LINE_H if any(len(_lines(_clean(n.label or n.name))) > 1 for n in nodes if n.layer in numbers) else BOX_H
    # (number shown, band name, accessible name, members)
    ordered: list[tuple[str, str, str, list[Node]]] = []
    for band in sorted({b.number: b for b in bands}.values(), key=lambda b: -b.number):
        name = _clean(band.name)
        ordered.append((str(band.number), name, f"Layer {band.number} \u00b7 {name}",
                        [n for n in nodes if n.layer == band.number]))
    homeless = [n for n in nodes if n.layer not in numbers]
    named = list(dict.fromkeys(_clean(g) for g in groups))
    found = sorted({_clean(n.group) or NO_GROUP for n in homeless} - set(named))
    grouped = [(g, [n for n in homeless if (_clean(n.group) or NO_GROUP) == g]) for g in [*named, *found]]
    grouped = [(g, members) for g, members in grouped if members]

    boxes: dict[str, _Box] = {}
    parts: list[str] = []
    chips: list[str] = []
    y = PAD
    for number, name, accessible, members in ordered:
        height = 2 * PAD + _rows(len(members), columns) * (box_h + GAP_Y) - GAP_Y
        parts.append(
            f'<g class="gc-pic-band" role="group" aria-label="{_xml(accessible)}">'
            f'<rect class="gc-pic-band-bg" x="0" y="{y}" width="{width}" height="{height}" rx="8" fill="{BAND_FILL}"/>'
            f'<text class="gc-pic-ink" x="{PAD}" y="{y + 30}" font-size="22" font-weight="700" fill="{INK}">{_xml(number)}</text>'
            + "".join(f'<text class="gc-pic-ink" x="{PAD}" y="{y + 50 + 14 * row}" font-size="12" fill="{INK}">{_xml(line)}</text>'
                      for row, line in enumerate(_lines(name, 22)))
        )
        if not members:
            parts.append(f'<text class="gc-pic-ink" x="{GUTTER}" y="{y + PAD + 24}" font-size="12" font-style="italic" '
                         f'fill="{INK}">no services</text>')
        parts.append("</g>")
        for index, node in enumerate(members):
            row, column = divmod(index, columns)
            boxes[node.name] = _Box(node, GUTTER + column * (BOX_W + GAP_X),
                                    y + PAD + row * (box_h + GAP_Y), h=box_h)
        y += height + BAND_GAP
    if grouped:
        y += 8
        parts.append(f'<text class="gc-pic-ink" x="{PAD}" y="{y + 14}" font-size="13" font-weight="700" fill="{INK}">'
                     f'Not on the board yet \u00b7 {_plural(len(homeless), "service")}</text>')
        y += 26
    for group, members in grouped:
        placed, bottom = _flow(members, PAD, width - PAD, y + PAD + 20)
        height = bottom + PAD - y
        parts.append(
            f'<g class="gc-pic-band gc-pic-group-band" role="group" aria-label="{_xml(f"Not on the board: {group}")}">'
            f'<rect class="gc-pic-band-bg" x="0" y="{y}" width="{width}" height="{height}" rx="8" fill="{BAND_FILL}"/>'
            f'<text class="gc-pic-ink" x="{PAD}" y="{y + PAD + 12}" font-size="12" font-weight="700" fill="{INK}">'
            f'{_xml(group)} \u00b7 {len(members)}</text></g>')
        chips.extend(_chip(node, x, top) for node, x, top in placed)
        y += height + BAND_GAP

    every = {n.name for n in nodes}
    wanted = {(e.source, e.target, _edge_kind(e.kind)) for e in edges
              if e.source in every and e.target in every and e.source != e.target}
    drawn = sorted(e for e in wanted if e[0] in boxes and e[1] in boxes)
    off_board = len(wanted) - len(drawn)
    counted = {kind: sum(1 for _, _, k in drawn if k == kind) for kind in EDGE_KINDS}
    layers = [name for number, name, _, _ in ordered]
    placing = f", {layers[0]} at the top and {layers[-1]} at the bottom" if layers else ""
    relations = [_plural(counted[DEPENDS_ON], "dependency", "dependencies")
                 + " drawn as arrows from a service to the one it depends on"]
    relations += [f"{_plural(counted[kind], kind + ' relation')} as {'dashed' if kind == 'peer' else 'dotted'} lines"
                  for kind in EDGE_KINDS if kind != DEPENDS_ON and counted[kind]]
    desc = (f"{_plural(len(nodes) - len(homeless), 'service')} in {_plural(len(ordered), 'band')}{placing}"
            + (f", and {_plural(len(homeless), 'service')} not on the board yet in "
               f"{_plural(len(grouped), 'group')} ({', '.join(g for g, _ in grouped)})" if homeless else "")
            + "; " + ", ".join(relations) + ", each in the colour of the service it leaves"
            + (f"; {_plural(off_board, 'relation')} with a service not on the board, listed on its page" if off_board else "")
            + ". Each box names a service and its status and links to its page.")
    colours = sorted({n.name for n in nodes if n.name in boxes})
    colour_of = {name: index % len(EDGE_COLOURS) for index, name in enumerate(colours)}
    used = sorted({colour_of[source] for source, _, _ in drawn})
    out = _open("map", width, y + LEGEND_H, id_prefix, title, desc, colours=max(used, default=-1) + 1)
    out.append('<g class="gc-pic-bands">' + "".join(parts) + "</g>")
    lanes = [GUTTER - GAP_X // 2 + k * (BOX_W + GAP_X) for k in range(columns + 1)]
    out.append(_edge_group(_edge_paths(boxes, drawn, lanes, id_prefix, colour_of), opacity=".85"))
    out.append('<g class="gc-pic-nodes">' + "".join(_box(boxes[n.name]) for n in nodes if n.name in boxes)
               + "".join(chips) + "</g>")
    kinds = [kind for kind in EDGE_KINDS if counted[kind] or kind == DEPENDS_ON]
    out.append(_legend(_legend_statuses(nodes), y, id_prefix, kinds))
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
    everyone = [node for _, _, members in groups.values() for node in members]
    box_h = TWO_LINE_H if any(len(_lines(_clean(n.label or n.name))) > 1 for n in everyone) else BOX_H
    parts: list[str] = []
    frames: dict[str, tuple[int, int]] = {}  # group -> (top, bottom) of its frame
    center_y = y = PAD
    for key, (heading, empty, members) in groups.items():
        if key == "depends-on":  # the centre sits between what uses it and what it uses
            center_y = y
            y += CENTER_H + 2 * GAP_Y
        heading = f"{heading} \u00b7 {len(members)}"
        rows = _rows(len(members), columns) if members else 0
        height = HEADING_H + PAD + (rows * (box_h + GAP_X) - GAP_X if members else 20)
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
                box = _Box(node, left + column * (BOX_W + GAP_X), top + row * (box_h + GAP_X), h=box_h)
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
