"""`getchitty render --out DIR`: the whole site as plain Markdown plus a ready mkdocs.yml.

The result builds with `mkdocs build -f DIR/mkdocs.yml` and no getchitty plugin,
so any engine that reads mkdocs.yml (Zensical, for one) can publish the same site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .model import DOCS_DIR, Pages
from .render import MARKDOWN_EXTENSIONS, STYLESHEET, render_site
from .resources import TEMPLATES
from .result import Result


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` becomes its default, any other tag its plain value."""


def _env_default(loader: yaml.SafeLoader, node: Any) -> Any:
    value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    return value[-1] if len(value) > 1 else None


_MkDocsLoader.add_constructor("!ENV", _env_default)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_mapping(node) if isinstance(node, yaml.MappingNode)
    else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
    else loader.construct_scalar(node)))


def export_config(config_path: Path, nav: list) -> dict:
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_MkDocsLoader) if config_path.is_file() else {}
    config = config if isinstance(config, dict) else {}
    plugins = config.get("plugins") or ["search"]
    config["plugins"] = [p for p in plugins if p != "getchitty" and not (isinstance(p, dict) and "getchitty" in p)]
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    config["nav"] = nav
    # Pages reached through links rather than the nav, so MkDocs does not list them as omitted.
    config["not_in_nav"] = "\n".join(f"/{folder}*.md" for folder in Pages.linked_only)
    extensions = list(config.get("markdown_extensions") or [])
    named = {next(iter(item)) if isinstance(item, dict) else item for item in extensions}
    config["markdown_extensions"] = extensions + [name for name in MARKDOWN_EXTENSIONS if name not in named]
    extra_css = list(config.get("extra_css") or [])
    if STYLESHEET not in extra_css:
        extra_css.append(STYLESHEET)
    config["extra_css"] = extra_css
    return config


def read_author_pages(docs: Path) -> dict[str, str]:
    """Author-written Markdown under docs/, by site-relative path."""
    if not docs.is_dir():
        return {}
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(docs.rglob("*.md"))}


def export(result: Result, root: Path, out: Path, *, templates: Path = TEMPLATES) -> list[Path]:
    """Write the site's sources to `out`; returns the files written."""
    docs = root / DOCS_DIR
    site = render_site(result, author_pages=read_author_pages(docs), templates=templates)
    written: list[Path] = []
    target_docs = out / "docs"
    if docs.is_dir():
        for source in sorted(docs.rglob("*")):
            relative = source.relative_to(docs).as_posix()
            if source.is_file() and relative not in site.pages:
                destination = target_docs / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                written.append(destination)
    for relative, content in {**site.pages, **site.assets}.items():
        destination = target_docs / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(content, encoding="utf-8")
        written.append(destination)
    for relative, name in site.static.items():
        destination = target_docs / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(templates / name, destination)
        written.append(destination)
    config = export_config(root / "mkdocs.yml", site.nav)
    config_path = out / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    written.append(config_path)
    return written
