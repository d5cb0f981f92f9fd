"""The theme's stylesheets cut to the rules the pages can use (generator/stylesheets.py): what goes, what stays
because a page, the theme's script or the configuration may need it, and the folder the cut writes into."""

from __future__ import annotations

from pathlib import Path

import pytest

from getchitty.stylesheets import ThemeStylesheets, UsedNames, cut, cut_heading, page_names, parsed, usage

PAGE = ('<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">'
        '<div class="md-search-result md-typeset"><table class="gc-table"></table></div></body>')


def cut_one(css: str, *, page: str = PAGE, scripts: tuple[str, ...] = (), features: tuple[str, ...] = (),
            other_css: tuple[str, ...] = ()) -> str:
    used = UsedNames()
    used.add_page(page)
    return cut({"main.css": parsed(css)}, usage(used, scripts, features, other_css))["main.css"]


@pytest.mark.parametrize(("css", "kept"), [
    (".md-typeset{color:red}", ".md-typeset{color:red}"),
    (".md-tabbed{color:red}", ""),
    # a selector list keeps the selectors that apply
    (".md-tabbed,.md-typeset table{color:red}", ".md-typeset table{color:red}"),
    # a class under a negation or a group never drops a rule
    (".md-typeset :not(.md-tabbed){color:red}", ".md-typeset :not(.md-tabbed){color:red}"),
    (":is(.md-tabbed,.md-typeset){color:red}", ":is(.md-tabbed,.md-typeset){color:red}"),
    # classes and attribute names compared without case (HTML's attribute names are case-blind)
    (".MD-Typeset{color:red}", ".MD-Typeset{color:red}"),
    ("[DIR=rtl] .md-typeset{margin:0}", ""),
    # a dot inside an attribute value names no class
    ('.md-typeset a[href$=".pdf"]{color:red}', '.md-typeset a[href$=".pdf"]{color:red}'),
    # the colour and direction the pages set
    ("[data-md-color-primary=pink]{--x:1}", ""),
    ("[data-md-color-primary=indigo]{color:red}", "[data-md-color-primary=indigo]{color:red}"),
    ("[dir=rtl] .md-typeset{margin:0}", ""),
    ("[dir=ltr] .md-typeset{margin:0}", "[dir=ltr] .md-typeset{margin:0}"),
    ("[data-md-toggle=search]:checked~.md-typeset{color:red}", "[data-md-toggle=search]:checked~.md-typeset{color:red}"),
    # an emptied group rule goes with its rules; other at-rules stay
    ("@media screen{.md-tabbed{color:red}}", ""),
    ("@media screen{.md-tabbed{color:red}.md-typeset{color:blue}}", "@media screen{.md-typeset{color:blue}}"),
    ("@keyframes spin{0%{opacity:0}}", "@keyframes spin{0%{opacity:0}}"),
    # the theme's source map describes the whole file
    (".md-typeset{color:red}\n/*# sourceMappingURL=main.css.map */", ".md-typeset{color:red}"),
])
def test_a_rule_stays_when_the_pages_can_use_it(css, kept):
    assert cut_one(css) == kept


def test_a_class_the_script_adds_stays_when_its_block_is_on_a_page():
    css = ".md-search-result__item{color:red}.md-tooltip2__inner{color:blue}"
    script = 'h("li",{class:"md-search-result__item"});h("div",{class:"md-tooltip2__inner"})'
    assert cut_one(css, scripts=(script,)) == ".md-search-result__item{color:red}"


def test_a_class_outside_the_themes_names_that_a_script_writes_counts_as_used():
    """Material's script swaps the root's "no-js" for "js"; a rule still needs the rest of its selector."""
    css = ".js .md-typeset{color:red}.js .md-typeset .tabbed-labels{color:blue}"
    assert cut_one(css) == ""
    assert cut_one(css, scripts=('e.classList.remove("no-js"),e.classList.add(`js`)',)) == ".js .md-typeset{color:red}"


def test_a_block_the_script_builds_stays_when_its_feature_is_on():
    css = ".md-clipboard{color:red}"
    script = 'h("button",{class:"md-clipboard md-icon"})'
    assert cut_one(css, scripts=(script,)) == ""
    assert cut_one(css, scripts=(script,), features=("content.code.copy",)) == css


def test_custom_properties_nothing_reads_go_one_after_another():
    css = ":root{--a:1;--b:var(--c);--c:2;--d:3}.md-typeset{color:var(--a)}"
    assert cut_one(css) == ":root{--a:1}.md-typeset{color:var(--a)}"
    # read by the portal's own stylesheet, a script or a page's style attribute: kept
    assert "--d:3" in cut_one(css, other_css=(".gc-table{width:var(--d)}",))
    assert "--d:3" in cut_one(css, scripts=('style.setProperty("x","var(--d)")',))
    assert "--d:3" in cut_one(css, page=PAGE + '<p style="width:var(--d)">')
    # read in another of the theme's sheets
    sheets = cut({"main.css": parsed(css), "palette.css": parsed(".md-typeset{width:var(--d)}")},
                 usage(UsedNames(), (), (), ()))
    assert "--d:3" not in sheets["main.css"] and sheets["palette.css"] == ""


def test_only_class_attributes_name_classes():
    used = UsedNames()
    used.add_page('<p data-x="md-tabbed">md-version</p><div class="md-typeset  gc-a">'
                  "<div CLASS = 'Admonition note'><span class=md-ellipsis>")
    assert used.classes == {"md-typeset", "gc-a", "admonition", "note", "md-ellipsis"}


def test_a_page_outside_ascii_names_its_classes_and_chosen_attributes_in_lower_case():
    names = page_names('<body dir="RTL" data-md-color-scheme="Slate" DATA-MD-COLOR-PRIMARY="Indigo">'
                       '<p>Zürich \u2122</p><i class="Äb  İX md-Typeset">\ud800</i><b class=\'gc-Ö\'>'
                       '<a href="/" class="" title="class=fake">x</a>')
    assert names.classes == {"äb", "i\u0307x", "md-typeset", "gc-ö", "fake"}
    assert names.attributes == {("dir", "rtl"), ("data-md-color-scheme", "slate"), ("data-md-color-primary", "indigo")}
    # HTML's whitespace is ASCII's: no space of another script ends an attribute's name
    assert page_names('<b class\u00a0="q">').classes == set()


def theme_and_site(tmp_path: Path) -> tuple[Path, Path]:
    theme = tmp_path / "theme"
    (theme / "assets" / "stylesheets").mkdir(parents=True)
    (theme / "assets" / "stylesheets" / "main.css").write_text(".md-typeset{color:red}.md-tabbed{color:blue}")
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "assets" / "stylesheets" / "main.css").write_text(cut_heading("main.css") + ".md-typeset{color:red}")
    (site / "assets" / "stylesheets" / "main.css.map").write_text("{}")
    (site / "assets" / "getchitty.css").write_text(".gc{color:red}")
    return theme, site


def test_the_cut_starts_from_the_themes_own_file_and_drops_its_map(tmp_path):
    theme, site = theme_and_site(tmp_path)
    sheets = ThemeStylesheets()
    sheets.start()
    sheets.used.add_page('<div class="md-typeset">')
    sheets.finish(site, [str(theme)], (), every_page=False)
    assert (site / "assets" / "stylesheets" / "main.css").read_text() == cut_heading("main.css") + ".md-typeset{color:red}"
    assert not (site / "assets" / "stylesheets" / "main.css.map").exists()
    assert (site / "assets" / "getchitty.css").read_text() == ".gc{color:red}"  # not the theme's: as written


def test_the_last_two_cuts_are_reused_while_serving(tmp_path, monkeypatch):
    """A serve's pages alternate between two sets of names (the banner of a failed check, then not): each build
    writes the cut of its own pages, and cuts again only for a third set of names."""
    from getchitty import stylesheets

    cuts = []
    monkeypatch.setattr(stylesheets, "cut", lambda sources, use: cuts.append(use) or cut(sources, use))
    theme, site = theme_and_site(tmp_path)
    sheets = ThemeStylesheets()
    written = []
    for page in ['<div class="md-typeset">', '<div class="md-tabbed">', '<div class="md-typeset">',
                 '<div class="md-tabbed">', '<div class="gc">', '<div class="md-typeset">']:
        sheets.start()
        sheets.used.add_page(page)
        sheets.finish(site, [str(theme)], (), every_page=False)
        written.append((site / "assets" / "stylesheets" / "main.css").read_text().removeprefix(cut_heading("main.css")))
    assert written == [".md-typeset{color:red}", ".md-tabbed{color:blue}"] * 2 + ["", ".md-typeset{color:red}"]
    assert [sorted(use.classes) for use in cuts] == [["md-typeset"], ["md-tabbed"], ["gc"], ["md-typeset"]]


def test_a_dirty_build_reads_every_page_in_the_folder(tmp_path):
    """`--dirty` writes only the pages that changed: the others are in the folder already."""
    theme, site = theme_and_site(tmp_path)
    (site / "kept").mkdir()
    (site / "kept" / "index.html").write_text('<div class="md-tabbed">')
    sheets = ThemeStylesheets()
    sheets.start()
    sheets.finish(site, [str(theme)], (), every_page=True)
    assert (site / "assets" / "stylesheets" / "main.css").read_text() == cut_heading("main.css") + ".md-tabbed{color:blue}"


def test_a_stylesheet_the_docs_put_at_the_themes_path_is_theirs(tmp_path):
    theme, site = theme_and_site(tmp_path)
    (site / "assets" / "stylesheets" / "main.css").write_text(".md-tabbed{color:green}")
    ThemeStylesheets().finish(site, [str(theme)], (), every_page=False)
    assert (site / "assets" / "stylesheets" / "main.css").read_text() == ".md-tabbed{color:green}"


def test_the_sites_own_scripts_count_wherever_they_are(tmp_path):
    theme, site = theme_and_site(tmp_path)
    (theme / "assets" / "stylesheets" / "main.css").write_text(".md-typeset .md-typeset__table{color:red}")
    (site / "js").mkdir()
    (site / "js" / "tables.js").write_text('table.classList.add("md-typeset__table")')
    (tmp_path / "outside.js").write_text('x.classList.add("md-typeset__table")')  # outside the site: not read
    sheets = ThemeStylesheets()
    sheets.used.add_page('<div class="md-typeset">')
    sheets.finish(site, [str(theme)], (), ["https://cdn.example/x.js", "../outside.js"], every_page=False)
    assert (site / "assets" / "stylesheets" / "main.css").read_text() == cut_heading("main.css")
    sheets.used.add_page('<div class="md-typeset">')
    sheets.finish(site, [str(theme)], (), ["js/tables.js"], every_page=False)
    assert (site / "assets" / "stylesheets" / "main.css").read_text().endswith(".md-typeset .md-typeset__table{color:red}")


def test_nothing_is_written_through_a_link(tmp_path):
    theme, site = theme_and_site(tmp_path)
    outside = tmp_path / "outside.css"
    outside.write_text("theirs")
    (site / "assets" / "stylesheets" / "main.css").unlink()
    (site / "assets" / "stylesheets" / "main.css").symlink_to(outside)
    ThemeStylesheets().finish(site, [str(theme)], (), every_page=False)
    assert outside.read_text() == "theirs"


def test_each_stylesheet_is_read_once_and_ahead_of_the_cut_when_prepared(tmp_path, monkeypatch):
    """Reading CSS is most of a cut's time: the theme's stylesheets are read once (ahead, by `prepare`, in the process
    that compacts a build's pages), and every later cut, for whatever names, reads none."""
    import tinycss2

    from getchitty import stylesheets

    reads = []
    parse = tinycss2.parse_stylesheet
    monkeypatch.setattr(stylesheets.tinycss2, "parse_stylesheet", lambda css, **kw: reads.append(css) or parse(css, **kw))
    theme, site = theme_and_site(tmp_path)
    sheets = ThemeStylesheets()
    sheets.prepare([str(theme)])
    assert len(reads) == 1
    for page in ['<div class="md-typeset">', '<div class="md-tabbed">']:
        sheets.start()
        sheets.used.add_page(page)
        sheets.finish(site, [str(theme)], (), every_page=False)
    assert len(reads) == 1
    assert (site / "assets" / "stylesheets" / "main.css").read_text() == cut_heading("main.css") + ".md-tabbed{color:blue}"


@pytest.mark.parametrize(("classes", "written"), [
    ({"a"}, ".a{color:red}@font-face{font-family:x}"),
    ({"b"}, ".b{color:var(--x)}@font-face{font-family:x}"),
    ({"a", "d"}, ".a{color:red}@media (min-width:1px){.d{color:blue}}@font-face{font-family:x}"),
    ({"e"}, "@font-face{font-family:x}"),
    (set(), "@font-face{font-family:x}"),
])
def test_the_cut_of_a_stylesheet_read_once(classes, written):
    """What a cut from the stylesheet read once writes: the bytes the cut that read the text twice wrote (taken
    from it), through groups, other at-rules, the source map comment and a chain of custom properties."""
    css = (".a{color:red;--x:1}.b,.c{color:var(--x)}@media (min-width:1px){.a{--y:2}.d{color:blue}}"
           "@font-face{font-family:x}.e{--z:var(--y)}/*# sourceMappingURL=main.css.map */")
    assert cut({"m": parsed(css)}, usage(UsedNames(classes=set(classes)), (), (), ()))["m"] == written
