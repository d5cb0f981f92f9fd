"""The site's configuration as the check reads it, without MkDocs: mkdocs.yml and the folder it publishes.

The check must scan exactly the files the site publishes, so it reads `docs_dir`
where MkDocs does: from mkdocs.yml, following `INHERIT:` the way MkDocs merges a
parent configuration (the child's keys win, mappings merged key by key). Only
files inside the repository are read; a configuration that leads outside it is
a usage error, not a folder silently left unscanned.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from .errors import UsageError
from .load import Reader
from .model import DOCS_DIR

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as pages
MAX_INHERIT = 8  # parents followed before a chain of INHERIT is called a loop


@functools.cache
def _mkdocs_loader() -> type:
    """The loader of mkdocs.yml: `!ENV [NAME, default]` becomes its default, any other tag its plain value. Made
    when a configuration is first read: a check of a repository without one never imports PyYAML."""
    import yaml

    class MkDocsLoader(yaml.SafeLoader):
        pass

    def env_default(loader: yaml.SafeLoader, node: Any) -> Any:
        value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        return value[-1] if len(value) > 1 else None

    MkDocsLoader.add_constructor("!ENV", env_default)
    MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: (
        loader.construct_mapping(node) if isinstance(node, yaml.MappingNode)
        else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
        else loader.construct_scalar(node)))
    return MkDocsLoader


def config_file(root: Path) -> Path | None:
    """The repository's MkDocs configuration file, if it has one."""
    return next((root / name for name in CONFIG_FILES if (root / name).is_file()), None)


def _read(root: Path, relpath: str) -> dict:
    raw, errors = Reader(root).read(relpath)
    if raw is None:
        raise UsageError(f"{root / relpath} cannot be read: {errors[0].message if errors else 'unknown error'}")
    import yaml

    try:
        config = yaml.load(raw.decode("utf-8"), Loader=_mkdocs_loader())
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise UsageError(f"{root / relpath} cannot be read: {exc}") from None
    return config if isinstance(config, dict) else {}


def _merge(parent: dict, child: dict) -> dict:
    """MkDocs' INHERIT merge: the child's values win, mappings are merged key by key."""
    merged = dict(parent)
    for key, value in child.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged


def read_config(config_path: Path) -> dict:
    """The MkDocs configuration at `config_path` as plain data, its INHERIT chain merged ({} when there is none).

    Every file of the chain must lie inside the folder of `config_path`: Reader refuses links and paths
    leading out of it."""
    root = config_path.parent
    if not config_path.is_file():
        return {}
    chain: list[dict] = []
    relpath = config_path.name
    while True:
        config = _read(root, relpath)
        chain.append(config)
        parent = config.pop("INHERIT", None)
        if not isinstance(parent, str) or not parent:
            break
        if len(chain) > MAX_INHERIT:
            raise UsageError(f"{config_path}: INHERIT goes deeper than {MAX_INHERIT} files (a loop?)")
        relpath = os.path.normpath(os.path.join(os.path.dirname(relpath), parent)).replace(os.sep, "/")
        if relpath.startswith(".."):
            raise UsageError(f"{config_path}: INHERIT leads outside the repository ({parent})")
    merged: dict = {}
    for config in reversed(chain):
        merged = _merge(merged, config)
    return merged


def inherited_files(root: Path) -> list[str]:
    """The repository files the MkDocs configuration is made of: the file itself and every parent it inherits."""
    found = config_file(root)
    if found is None:
        return []
    files, relpath = [], found.name
    for _ in range(MAX_INHERIT + 1):
        files.append(relpath)
        try:
            parent = _read(root, relpath).get("INHERIT")
        except UsageError:
            break
        if not isinstance(parent, str) or not parent:
            break
        relpath = os.path.normpath(os.path.join(os.path.dirname(relpath), parent)).replace(os.sep, "/")
        if relpath.startswith(".."):
            break
    return files


def configured_docs_dir(root: Path) -> str:
    """The folder the site publishes, relative to the repository: mkdocs.yml's `docs_dir` (MkDocs' default
    `docs` when it names none, or when there is no mkdocs.yml)."""
    found = config_file(root)
    value = read_config(found).get("docs_dir") if found is not None else None
    return docs_dir_inside(root, value if isinstance(value, str) and value else DOCS_DIR)


def docs_dir_inside(root: Path, docs_dir: str | os.PathLike[str]) -> str:
    """`docs_dir` (absolute, or relative to the repository) as a relative POSIX path inside the repository."""
    path = Path(docs_dir)
    absolute = path if path.is_absolute() else Path(root) / path
    relative = os.path.relpath(os.path.normpath(absolute), os.path.normpath(root))
    if relative == os.curdir or relative.startswith(os.pardir):
        raise UsageError(f"docs_dir {docs_dir} is not a folder inside the repository {root}")
    return Path(relative).as_posix()


def published_files(root: Path, docs_dir: str = DOCS_DIR) -> list[str]:
    """Every file under `docs_dir`, as MkDocs publishes them: pages, images, data files, through links.

    All are read by the check, so that none is published unscanned and none leads
    outside the repository: a linked folder inside the repository is walked (once), a
    link leading outside is listed so that reading it reports where it leads. Names
    starting with a dot are left out, as MkDocs leaves them out.
    """
    base = root / docs_dir
    real_root = os.path.realpath(root)
    found: list[str] = []
    walked: set[str] = set()

    def walk(folder: Path, relative: str) -> None:
        real = os.path.realpath(folder)
        if real in walked:
            return
        walked.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            found.append(relative)  # reading it reports why the folder cannot be listed
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relpath = f"{relative}/{entry.name}"
            try:
                is_folder = entry.is_dir()  # through a link: MkDocs follows links
            except OSError:
                is_folder = False
            inside = os.path.realpath(entry.path).startswith(real_root + os.sep)
            if is_folder and inside:
                walk(Path(entry.path), relpath)
            else:
                found.append(relpath)

    if base.is_dir():
        walk(base, docs_dir)
    return found
