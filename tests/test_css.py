"""getchitty.css and the status stylesheet made from the model's palette, parsed: contrast of every coloured
text, and status colours that differ at a glance.

Contrast follows WCAG 2.x (relative luminance, ratio (L1 + 0.05) / (L2 + 0.05));
text needs 4.5:1. "Differ at a glance" is a CIEDE2000 colour difference of at
least 20 between any two status fills: the former Live and Active greens
(#2e7d32, #00796b), which readers mistook for each other, are 17.2 apart.
The page backgrounds are Material's: white, and hsl(225deg 15% 14%) on the
slate (dark) scheme.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
import tinycss2

from getchitty.model import STATUS_STYLES
from getchitty.pictures import STATUS_FILLS
from getchitty.render import status_stylesheet
from getchitty.resources import TEMPLATES

CSS = TEMPLATES / "getchitty.css"
WHITE = "#ffffff"
SLATE = "#1e2129"  # Material's --md-default-bg-color on [data-md-color-scheme=slate]
SLATE_SELECTOR = '[data-md-color-scheme="slate"] '
MIN_CONTRAST = 4.5
MIN_DIFFERENCE = 20.0


def rules() -> dict[str, dict[str, str]]:
    """Declarations by selector (each selector of a list on its own), top level and inside @media."""
    found: dict[str, dict[str, str]] = {}

    def walk(nodes):
        for node in nodes:
            if node.type == "qualified-rule":
                declarations = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                values = {d.lower_name: tinycss2.serialize(d.value).strip()
                          for d in declarations if d.type == "declaration"}
                for selector in tinycss2.serialize(node.prelude).split(","):
                    found.setdefault(" ".join(selector.split()), {}).update(values)
            elif node.type == "at-rule" and node.content is not None:
                walk(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))
            elif node.type == "error":
                raise AssertionError(f"{CSS}: {node.message} at line {node.source_line}")

    for text in (CSS.read_text(encoding="utf-8"), status_stylesheet()):
        walk(tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True))
    return found


RULES = rules()


def hex_colour(selector: str, prop: str) -> str:
    value = RULES[selector][prop]
    assert re.fullmatch(r"#[0-9a-f]{6}", value), f"{selector} {{{prop}: {value}}}: write colours as #rrggbb"
    return value


def channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def luminance(colour: str) -> float:
    def linear(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    def linear(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, channels(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.9505  # D65 white: the sums of the matrix rows
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.089
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(one: str, two: str) -> float:
    return ciede2000_lab(lab(one), lab(two))


def ciede2000_lab(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu and Dalal's formulation)."""
    (l1, a1, b1), (l2, a2, b2) = one, two
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c, d_h = l2 - l1, c2 - c1, 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = (-2 * math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def slug(status: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", status.lower())


def test_the_measures_match_published_values():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast("#ef6c00", WHITE) == pytest.approx(3.08, abs=0.01)  # the former "waived" orange
    assert lab(WHITE) == pytest.approx((100, 0, 0), abs=0.01)
    # Test pairs 1, 7, 17 and 25 published with Sharma, Wu and Dalal's CIEDE2000 paper (2005).
    assert ciede2000_lab((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000_lab((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000_lab((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert ciede2000_lab((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) == pytest.approx(1.2644, abs=1e-4)
    assert ciede2000("#2e7d32", "#00796b") == pytest.approx(17.2, abs=0.1)


def test_every_status_the_schemas_allow_has_a_colour():
    from engine_support import REPO

    from getchitty.engine import check

    statuses = check(REPO, use_cache=False).ecosystem.vocabulary.statuses
    assert statuses and set(statuses) == set(STATUS_STYLES), "model.STATUS_STYLES must colour every status, no more"


def test_every_status_has_a_badge_with_its_picture_colour():
    assert RULES[".gc-status"]["color"] == "#fff"
    assert RULES[".gc-status"]["background"] == STATUS_FILLS["Unknown"]
    for status, fill in STATUS_FILLS.items():
        assert hex_colour(f".gc-status-{slug(status)}", "background") == fill, status


@pytest.mark.parametrize("status", list(STATUS_FILLS))
def test_badge_text_contrast(status, capsys):
    ratio = contrast(WHITE, hex_colour(f".gc-status-{slug(status)}", "background"))
    with capsys.disabled():
        print(f"\n  badge {status:<17} white on {STATUS_FILLS[status]}: {ratio:.2f}:1", end="")
    assert ratio >= MIN_CONTRAST


def test_status_fills_differ_at_a_glance():
    pairs = {(a, b): ciede2000(STATUS_FILLS[a], STATUS_FILLS[b]) for a, b in itertools.combinations(STATUS_FILLS, 2)}
    closest = min(pairs, key=pairs.get)
    assert pairs[closest] >= MIN_DIFFERENCE, (closest, pairs[closest])
    assert ciede2000("#2e7d32", "#00796b") < MIN_DIFFERENCE  # the threshold rejects the pair it was set by


@pytest.mark.parametrize("state", ["pass", "waived", "warning", "fail"])
def test_state_words_are_legible_in_both_schemes(state, capsys):
    light = contrast(hex_colour(f".gc-{state}", "color"), WHITE)
    dark = contrast(hex_colour(f"{SLATE_SELECTOR}.gc-{state}", "color"), SLATE)
    with capsys.disabled():
        print(f"\n  state {state:<8} light {light:.2f}:1, dark {dark:.2f}:1", end="")
    assert light >= MIN_CONTRAST and dark >= MIN_CONTRAST


def test_other_coloured_text_is_legible():
    assert contrast(hex_colour(".gc-expiring", "color"), hex_colour(".gc-expiring", "background")) >= MIN_CONTRAST
    banner = ".md-typeset .gc-error-overlay"
    assert contrast(hex_colour(banner, "color"), hex_colour(banner, "background")) >= MIN_CONTRAST
    dark = f"{SLATE_SELECTOR}.gc-error-overlay"
    assert contrast(hex_colour(dark, "color"), hex_colour(dark, "background")) >= MIN_CONTRAST


def test_the_check_fails_on_a_low_contrast_colour():
    assert contrast("#ef6c00", WHITE) < MIN_CONTRAST  # the orange the "waived" state used before
    assert contrast("#f9a825", WHITE) < MIN_CONTRAST  # and the former "warning" yellow
