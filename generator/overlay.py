"""The banner listing governance findings on every page while `mkdocs serve` shows stale pages.

`overlay_html` is pure: plain values in, one escaped HTML block out. The block has
no blank line, so it can also sit in a Markdown page as one raw HTML block.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

BANNER_ID = "gc-error-overlay"
SHOWN = 50  # findings listed; the rest are counted, so that a broken tree does not bury the page

# Characters HTML cannot show (controls) and bidirectional overrides that could reorder a message.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass(frozen=True)
class Finding:
    """One finding as the banner shows it; `location` is "file:line:col"."""

    location: str
    rule: str
    message: str
    hint: str = ""


def _text(value: object) -> str:
    return html.escape(" ".join(_UNSAFE_CHARS.sub("\ufffd", str(value or "")).split()), quote=True)


def overlay_html(findings: Iterable[Finding | tuple[str, str, str] | tuple[str, str, str, str]], *,
                 shown: int = SHOWN) -> str:
    """An alert listing `findings` (Finding or (location, rule, message[, hint]) tuples) in their order."""
    items = [f if isinstance(f, Finding) else Finding(*f) for f in findings]
    count = len(items)
    heading = f"Governance check failed: {count} finding{'' if count == 1 else 's'}"
    lines = [
        f'<div class="gc-error-overlay" id="{BANNER_ID}" role="alert" aria-labelledby="{BANNER_ID}-title">',
        f'<p class="gc-error-title" id="{BANNER_ID}-title"><strong>{heading}</strong></p>',
        '<p class="gc-error-note">These pages come from the last build that passed. Fix the sources and save: '
        "this banner goes away with the next good build.</p>",
        '<ol class="gc-error-list">',
    ]
    for item in items[:shown]:
        hint = f'<br><span class="gc-error-hint">hint: {_text(item.hint)}</span>' if _text(item.hint) else ""
        lines.append(f'<li><code class="gc-error-location">{_text(item.location)}</code> '
                     f'<code class="gc-error-rule">{_text(item.rule)}</code> '
                     f'<span class="gc-error-message">{_text(item.message)}</span>{hint}</li>')
    lines.append("</ol>")
    if count > shown:
        lines.append(f'<p class="gc-error-more">and {count - shown} more: run <code>getchitty check</code> '
                     "to see them all.</p>")
    lines.append("</div>")
    return "\n".join(lines) + "\n"
