"""The theme's stylesheets cut down to the rules a built site can use.

Material ships one stylesheet for every feature and every colour it offers (137 KB and 12 KB of a service page's
first load); a site uses a fraction. A rule is kept when each class its selector requires is one the site's pages
carry, or one the theme's script adds to something the pages carry (its BEM block is on a page, or the script builds
it for a feature the configuration turns on; a class outside the theme's md- names that a script writes in a string
is always taken as used), and when the colour or direction it is written for is the one the
pages set. Unsure means kept: a class inside a functional pseudo-class (`:not(.x)`, `:is(.x)`) never drops a rule.
Custom properties that nothing reads (`var(--x)` nowhere in the site's stylesheets, pages or scripts) go with them.

Always cut from the theme's own file: a `--dirty` build keeps the previous, already cut copy in the site folder. A
cut file opens with a comment that says so (cut_heading); a file of the same name that is neither the theme's nor a
cut (the docs' own, another plugin's) is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2.ast import AtRule, Declaration, Node, QualifiedRule

# Read in the page's UTF-8 bytes in lower case: HTML's attribute names are case-blind, and a class is compared
# lower-cased on both sides (a rule kept for a class that differs only in case costs bytes, never a style);
# lower-casing first lets each pattern start at a fixed word, several times faster than a case-blind pattern. Bytes,
# because str.lower() takes three to four times as long on a page with any character outside ASCII (nearly every
# page) as encoding it and lower-casing the bytes; the values found are lower-cased again as text, so a class outside
# ASCII compares as before. Whitespace around `=` and in an unquoted value is HTML's own, ASCII's (a class may be
# taken for used where a page names it oddly; never the reverse). A class attribute's value, in any of HTML's three
# ways of writing it, is a run without its delimiter: linear.
_CLASS_ATTRIBUTE = re.compile(rb"""class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
# The attributes whose value picks rules: the reading direction and the palette (body and the palette toggle).
CHOSEN_ATTRIBUTES = ("dir", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent")
_CHOSEN_ATTRIBUTE = re.compile(rb'(dir|data-md-color-(?:scheme|primary|accent))\s*=\s*"([^"<>]*)"')
_SCRIPT_CLASS = re.compile(r"md-[a-z0-9][a-z0-9_-]*")
# A script's short string literals: where the classes outside the theme's own md- names (the root's "js" for
# "no-js", "focus-visible", the controls of tabbed content) are written. Each alternative a bounded run: linear.
_SCRIPT_STRING = re.compile(r""""([^"\\\n]{1,200})"|'([^'\\\n]{1,200})'|`([^`\\\n]{1,200})`""")
_CLASS_WORD = re.compile(r"[A-Za-z][\w-]*")
# Blocks the theme's script builds from nothing, by the feature that asks for them.
SCRIPT_BLOCKS: Mapping[str, tuple[str, ...]] = {
    "content.code.copy": ("md-clipboard", "md-code"),
    "content.code.select": ("md-code",),
    "content.code.annotate": ("md-annotation", "md-tooltip"),
    "content.tooltips": ("md-tooltip", "md-tooltip2"),
    "navigation.instant.progress": ("md-progress",),
}
_STRING = re.compile(r'"[^"]*"|\'[^\']*\'')
_PARENTHESES = re.compile(r"\([^()]*\)")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_SELECTOR_ATTRIBUTE = re.compile(r"\[\s*([\w-]+)\s*=\s*\"?([\w-]+)\"?\s*\]")
_VARIABLE_USE = re.compile(r"var\(\s*(--[\w-]+)")
_DECLARED = re.compile(r"[{;]\s*(--[\w-]+)\s*:")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")


def block(name: str) -> str:
    """A BEM class's block: md-search-result__item and md-header--shadow belong to md-search-result and md-header."""
    return name.split("__", 1)[0].split("--", 1)[0]


@dataclass(frozen=True)
class PageNames:
    """What one page carries that the cut reads."""

    classes: frozenset[str]
    attributes: frozenset[tuple[str, str]]
    variables: frozenset[str]  # custom properties a style attribute or element reads


def page_names(html: str) -> PageNames:
    """The classes (lower-cased), the palette and direction attributes and the custom properties read in `html`,
    in linear time."""
    lowered = html.encode("utf-8", "surrogatepass").lower()
    # each distinct attribute once: a page repeats the same few dozen class attributes hundreds of times
    values = b" ".join(b"".join(groups) for groups in set(_CLASS_ATTRIBUTE.findall(lowered)))
    chosen = frozenset((name.decode("ascii"), _text(value).lower()) for name, value in _CHOSEN_ATTRIBUTE.findall(lowered))
    return PageNames(frozenset(_text(values).lower().split()), chosen,
                     frozenset(_VARIABLE_USE.findall(html)) if "var(" in html else frozenset())


def _text(found: bytes) -> str:
    return found.decode("utf-8", "surrogatepass")


@dataclass
class UsedNames:
    """What the pages of one build carry, gathered as MkDocs writes them."""

    classes: set[str] = field(default_factory=set)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)

    def add(self, names: PageNames | UsedNames) -> None:
        self.classes |= names.classes
        self.attributes |= names.attributes
        self.variables |= names.variables

    def add_page(self, html: str) -> None:
        self.add(page_names(html))


@dataclass(frozen=True)
class Usage:
    """What the cut keeps rules for: the pages' names, with the classes the scripts add."""

    classes: frozenset[str]
    attributes: frozenset[tuple[str, str]]
    variables: frozenset[str]  # custom properties read outside the stylesheets being cut


def usage(used: UsedNames, scripts: Iterable[str], features: Iterable[str], other_css: Iterable[str]) -> Usage:
    """The classes a site can show: on its pages, and those the theme's `scripts` add, by the rule above."""
    blocks = {block(name) for name in used.classes}
    blocks.update(name for feature in features for name in SCRIPT_BLOCKS.get(feature, ()))
    added = {name for text in scripts for name in _SCRIPT_CLASS.findall(text) if block(name) in blocks}
    # The few other classes a script writes are all kept: a rule still needs the rest of its selector on a page.
    added.update(word.lower() for text in scripts for literal in _SCRIPT_STRING.findall(text)
                 for word in "".join(literal).split() if _CLASS_WORD.fullmatch(word) and not word.startswith("md-"))
    return Usage(classes=frozenset(used.classes | added), attributes=frozenset(used.attributes),
                 variables=frozenset(used.variables.union(*(_VARIABLE_USE.findall(text) for text in (*scripts, *other_css)))))


def _selector_applies(selector: str, use: Usage) -> bool:
    outside = selector
    while (inner := _PARENTHESES.sub("", outside)) != outside:  # innermost first: nested groups go one level a pass
        outside = inner
    if not all((name.lower(), value.lower()) in use.attributes for name, value in _SELECTOR_ATTRIBUTE.findall(outside)
               if name.lower() in CHOSEN_ATTRIBUTES):
        return False
    # [href$=".pdf"] names no class
    return all(name.lower() in use.classes for name in _SELECTOR_CLASS.findall(_STRING.sub("", outside)))


def _selectors(prelude: list[Node]) -> list[str]:
    """A selector list split at its top-level commas (a comma inside :is(...) or [...] belongs to its group)."""
    parts: list[list[Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


@dataclass(frozen=True)
class _Rule:
    """A style rule, read: its selectors one by one, its declarations as written, and each of them on its own with
    the custom property it sets (None: it sets none)."""

    selectors: tuple[str, ...]
    body: str
    declarations: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class _Group:
    """An @media or @supports rule, read: its head (`@media screen`) and the rules inside."""

    head: str
    rules: Parsed


Parsed = tuple[_Rule | _Group | str, ...]  # a stylesheet's rules, read; a str is an at-rule kept as written


def parsed(css: str) -> Parsed:
    """A theme's stylesheet read once, its source map comment dropped: the cut for any use of its rules is then made
    without reading CSS again (reading is most of a cut's time)."""
    def walk(rules: Iterable[Node]) -> Parsed:
        out: list[_Rule | _Group | str] = []
        for rule in rules:
            if isinstance(rule, QualifiedRule):
                declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                out.append(_Rule(tuple(_selectors(rule.prelude)), tinycss2.serialize(rule.content), tuple(
                    (item.name if isinstance(item, Declaration) and item.name.startswith("--") else None,
                     tinycss2.serialize([item]).removesuffix(";")) for item in declarations)))
            elif isinstance(rule, AtRule) and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                out.append(_Group(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}",
                                  walk(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))))
            elif rule.type not in ("whitespace", "comment"):
                out.append(tinycss2.serialize([rule]))
        return tuple(out)

    return walk(tinycss2.parse_stylesheet(_SOURCE_MAP.sub("", css), skip_whitespace=True, skip_comments=True))


@dataclass(frozen=True)
class _Kept:
    """A rule with the selectors a use can show: as written, or with only the declarations `left`."""

    selectors: str
    rule: _Rule
    left: tuple[tuple[str | None, str], ...] | None = None

    def text(self) -> str:
        body = self.rule.body if self.left is None else ";".join(text for _, text in self.left)
        return f"{self.selectors}{{{body}}}"


_Cut = list["_Kept | tuple[str, _Cut] | str"]  # a cut stylesheet: its rules, its groups (head, rules), its at-rules


def _applied(rules: Parsed, use: Usage) -> _Cut:
    """The rules with only the selectors `use` can show; a rule or group left empty goes."""
    out: _Cut = []
    for rule in rules:
        if isinstance(rule, _Rule):
            if selectors := [selector for selector in rule.selectors if _selector_applies(selector, use)]:
                out.append(_Kept(",".join(selectors), rule))
        elif isinstance(rule, _Group):
            if inner := _applied(rule.rules, use):
                out.append((rule.head, inner))
        else:
            out.append(rule)
    return out


def _without(rules: _Cut, unread: set[str]) -> _Cut:
    """The rules without their declarations of the custom properties in `unread`; a rule or group left empty goes."""
    out: _Cut = []
    for rule in rules:
        if isinstance(rule, _Kept):
            declarations = rule.rule.declarations if rule.left is None else rule.left
            if any(name in unread for name, _ in declarations):
                if left := tuple((name, text) for name, text in declarations if name not in unread):
                    out.append(_Kept(rule.selectors, rule.rule, left))
            else:
                out.append(rule)
        elif isinstance(rule, tuple):
            if inner := _without(rule[1], unread):
                out.append((rule[0], inner))
        else:
            out.append(rule)
    return out


def _written(rules: _Cut) -> str:
    return "".join(rule.text() if isinstance(rule, _Kept) else f"{rule[0]}{{{_written(rule[1])}}}"
                   if isinstance(rule, tuple) else rule for rule in rules)


def cut(sources: Mapping[str, Parsed], use: Usage) -> dict[str, str]:
    """Each of the theme's stylesheets (name → its text as the theme ships it, `parsed`) with only the rules `use`
    can show."""
    rules = {name: _applied(sheet, use) for name, sheet in sources.items()}
    # Judged over all the sheets at once (one sets what another reads), until nothing more goes: a property dropped
    # may have been the only reader of another.
    while True:
        sheets = {name: _written(kept) for name, kept in rules.items()}
        read = use.variables | {name for text in sheets.values() for name in _VARIABLE_USE.findall(text)}
        unread = {name for text in sheets.values() for name in _DECLARED.findall(text)} - read
        if not unread:
            return sheets
        rules = {name: _without(kept, unread) for name, kept in rules.items()}


def cut_heading(name: str) -> str:
    """The first line of a cut stylesheet: says what it is to a reader, and tells the next build it is a cut."""
    return f"/* {name} as the theme ships it, cut to the rules this site's pages use (getchitty) */\n"


def theme_stylesheets(site_dir: Path, theme_dirs: Iterable[str]) -> dict[Path, str]:
    """The theme's stylesheets in `site_dir/assets/stylesheets` (as the theme ships them, or cut by an earlier
    build that a `--dirty` build kept): the file written → the theme's own text. A file of the same name that the
    docs or another plugin put there is theirs, and left as it is."""
    written = site_dir / "assets" / "stylesheets"
    found: dict[Path, str] = {}
    if not written.is_dir() or written.is_symlink():
        return found
    for sheet in sorted(written.glob("*.css")):
        own = next((Path(directory) / "assets" / "stylesheets" / sheet.name for directory in theme_dirs
                    if (Path(directory) / "assets" / "stylesheets" / sheet.name).is_file()), None)
        if own is None or sheet.is_symlink() or not sheet.is_file():
            continue
        text, own_text = sheet.read_bytes(), own.read_bytes()
        if text == own_text or text.startswith(cut_heading(sheet.name).encode()):
            found[sheet] = own_text.decode("utf-8")
    return found


CUTS_KEPT = 2  # a serve's pages alternate between two sets of names: with the banner of a failed check and without


class ThemeStylesheets:
    """Cuts the theme's stylesheets in each build's site folder; kept across the builds of one process, which while
    serving mostly find the same pages and cut to the same text (the last CUTS_KEPT cuts are kept)."""

    def __init__(self) -> None:
        self.used = UsedNames()
        self._cuts: dict[tuple[tuple[tuple[str, str], ...], Usage], dict[str, str]] = {}  # oldest first
        self._parsed: dict[str, Parsed] = {}  # the theme's stylesheets read, by their text

    def start(self) -> None:
        self.used = UsedNames()

    def prepare(self, theme_dirs: Iterable[str]) -> None:
        """Read every stylesheet the theme ships ahead of the cut, which then reads none (theme_stylesheets finds
        which of them a build writes only once it has written them)."""
        for directory in theme_dirs:
            for sheet in sorted((Path(directory) / "assets" / "stylesheets").glob("*.css")):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    self._read(sheet.read_text(encoding="utf-8"))

    def _read(self, css: str) -> Parsed:
        found = self._parsed.get(css)
        if found is None:
            found = self._parsed[css] = parsed(css)
        return found

    def finish(self, site_dir: Path, theme_dirs: Iterable[str], features: Iterable[str], extra_scripts: Iterable[str] = (),
               *, every_page: bool) -> None:
        """Write the cut stylesheets into `site_dir`. `extra_scripts`: scripts the pages load from outside the
        assets folder (site paths or addresses; only those inside `site_dir` are read). `every_page`: read the pages
        from the folder (a `--dirty` build writes only those that changed) rather than from what this build wrote."""
        sheets = theme_stylesheets(site_dir, theme_dirs)
        if not sheets:
            return
        if every_page:
            for page in site_dir.rglob("*.html"):
                if page.is_file() and not page.is_symlink():
                    self.used.add_page(page.read_text(encoding="utf-8", errors="replace"))
        elif (not_found := site_dir / "404.html").is_file() and not not_found.is_symlink():  # written from a template
            self.used.add_page(not_found.read_text(encoding="utf-8", errors="replace"))
        assets = site_dir / "assets"
        root = site_dir.resolve()
        extra = [root / script.lstrip("/") for script in extra_scripts if "://" not in script]
        script_files = sorted({*assets.rglob("*.js"), *(path for path in extra if path.resolve().is_relative_to(root))})
        scripts = [path.read_text(encoding="utf-8", errors="replace") for path in script_files
                   if path.is_file() and not path.is_symlink()]
        other_css = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(assets.rglob("*.css"))
                     if path.is_file() and not path.is_symlink() and path not in sheets]
        use = usage(self.used, scripts, features, other_css)
        key = (tuple((written.name, own) for written, own in sheets.items()), use)
        texts = self._cuts.pop(key, None)
        if texts is None:
            texts = cut({name: self._read(own) for name, own in key[0]}, use)
            self._parsed = {own: self._parsed[own] for _, own in key[0]}  # a theme's files change only with the theme
        self._cuts[key] = texts  # the newest last
        while len(self._cuts) > CUTS_KEPT:
            del self._cuts[next(iter(self._cuts))]
        for written in sheets:
            fresh = written.with_name(f".{written.name}.cut")
            fresh.write_text(cut_heading(written.name) + texts[written.name], encoding="utf-8")
            os.replace(fresh, written)
            source_map = written.with_name(written.name + ".map")
            if source_map.is_file() and not source_map.is_symlink():
                source_map.unlink()  # it maps the theme's whole file
