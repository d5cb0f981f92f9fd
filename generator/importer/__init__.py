"""`getchitty import SRC [--into DIR]`: an existing ChittyOS repository's governance documents
turned into getchitty sources, followed by the governance check on the result.

The import never invents what the documents do not say and never corrects what
they say wrongly: a placeholder owner, an out-of-range tier or a scope granted
to a service with no onboarding page is written as it stands, so that the check
reports it at the line of the written file. Whatever the importer cannot place
is listed with its source file and line. See docs/authors/importing.md.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..credentials import redact_tokens
from ..engine import check
from ..errors import UsageError
from ..escaping import terminal
from ..federation import codeowners as codeowners_reader
from ..federation.markdown import parse as parse_markdown
from ..federation.values import Reading
from ..load import parse as parse_source
from ..model import KIND_BY_TYPE, KINDS, MODEL_BY_NAME, MODEL_FILES, SCHEMA_DIR, field_specs
from ..names import SAFE_NAME
from ..report import format_result
from ..resources import SEED, seed_schema
from ..rules import secrets as secret_rules
from . import declared, governance, services
from .emit import Entry, mask, plain_data, render, scrub
from .governance import Source
from .source import ImportLog, Note, SourceTree


@dataclass
class Plan:
    """Every file the import will write, relative to the target folder, with what it holds."""

    files: dict[str, bytes] = field(default_factory=dict)
    what: dict[str, str] = field(default_factory=dict)

    def add(self, relpath: str, content: bytes | str, what: str) -> None:
        self.files[relpath] = content.encode("utf-8") if isinstance(content, str) else content
        self.what[relpath] = what


def import_repository(src: Path, into: Path | None = None, *, force: bool = False, format: str = "text",
                      strict: bool = False) -> int:
    """Import `src` into `into`, print the report and the check's findings; returns the exit code."""
    if not src.is_dir():
        return _usage(f"{src} is not a directory")
    into = into or Path.cwd() / f"imported-{_folder_name(src)}"
    if into.exists() and not into.is_dir():
        return _usage(f"{into} exists and is not a directory")
    log = ImportLog()
    try:
        plan = build_plan(src, log)
    except UsageError:
        raise
    except Exception as exc:  # a bug in the importer must still not end in a traceback
        return _usage(f"internal error while importing {src}: {type(exc).__name__}: {exc} (please report this)")
    for relpath in plan.files:
        target = into / relpath
        linked = next((p for p in target.parents if p != into and into in p.parents and p.is_symlink()), None)
        if linked is not None:
            return _usage(f"{linked} is a link; refusing to write {relpath} through it")
        if target.is_dir():
            return _usage(f"{target} is a directory; a file is to be written there")
        if (target.exists() or target.is_symlink()) and not force:
            return _usage(f"{target} already exists; nothing was written (use --force to overwrite it)")
    try:
        for relpath, content in plan.files.items():
            target = into / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink():
                target.unlink()  # never write through a link planted in the target
            target.write_bytes(content)
    except OSError as exc:
        return _usage(f"cannot write {exc.filename or into}: {exc.strerror or exc}")
    log.written = [(relpath, plan.what[relpath]) for relpath in sorted(plan.files)]
    result = check(into, use_cache=False)
    report_stream = sys.stdout if format == "text" else sys.stderr
    report_stream.write(format_report(src, into, log))
    if format == "text":
        sys.stdout.write(f"\nCheck of {into}:\n")
    sys.stdout.write(format_result(format, result))
    return 1 if result.failed(strict=strict) else 0


def _usage(message: str) -> int:
    print(terminal(redact_tokens(f"getchitty import: {message}")), file=sys.stderr)
    return 2


def _folder_name(src: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", src.resolve().name).strip(".-")
    return name or "repository"


def format_report(src: Path, into: Path, log: ImportLog) -> str:
    lines = [terminal(f"Imported {src} into {into}"), "", f"Written ({len(log.written)} files):"]
    width = max((len(path) for path, _ in log.written), default=0)
    lines += [terminal(redact_tokens(f"  {path.ljust(width)}  {what}")) for path, what in log.written]
    lines += ["", f"Mapping decisions ({len(log.decisions)}):"]
    lines += _notes(log.decisions) or ["  none"]
    lines += ["", f"Not mapped ({len(log.unmapped)}):"]
    lines += _notes(log.unmapped) or ["  none: every line was mapped"]
    return "\n".join(lines) + "\n"


def _notes(notes: list[Note]) -> list[str]:
    """One line per note, in source order; a credential quoted from the source is masked here too."""
    return [terminal(f"  {redact_tokens(note.location)}: {mask(note.message)}") for note in sorted(notes, key=lambda n: (n.path, n.line))]


# --- planning ---------------------------------------------------------------------------------------

def build_plan(src: Path, log: ImportLog) -> Plan:
    """Everything to write, worked out in memory; nothing touches the target folder here."""
    if not (_ours(SCHEMA_DIR)).is_dir():
        raise UsageError(f"getchitty's own schemas are missing from {_ours(SCHEMA_DIR)}; reinstall getchitty")
    tree = SourceTree(src, log)
    plan = Plan()
    copied = _copy_models(tree, plan, log)
    grants = _grants(plan, copied.get("scopes"), log)
    existing = _copy_entities(tree, plan, log)

    owners_path, owners = _codeowners(tree, log)
    pages = {
        "ontology": _page(tree, "docs/ontology/CLASSIFICATIONS.md"),
        "secrets": _page(tree, "docs/governance/SECRETS_MODEL.md"),
        "access": _page(tree, "docs/governance/ACCESS_CONTROL.md"),
    }
    for model, page in pages.items():
        if model in copied and page is not None:
            log.decide(page.path, 0, f"not used: {copied[model]} is already in getchitty's format and was copied instead")
    if "scopes" not in copied:
        plan.add("etc/chittyos/scopes.yml", render(_schema_ref("scopes"), [Entry("scopes", {})], header=_header(None)),
                 "no scopes.yml upstream: empty, no service has a scope")
        log.decide("etc/chittyos/scopes.yml", 0, "does not exist upstream; an empty scopes.yml was written")
    if "ontology" not in copied:
        entries, summary = governance.ontology(pages["ontology"], log)
        _add_generated(plan, "ontology", entries, pages["ontology"], summary, log)
    if "secrets" not in copied:
        result = governance.secrets(pages["secrets"], log)
        _add_generated(plan, "secrets", result.entries, pages["secrets"], result.summary, log)
    if "access" not in copied:
        entries, summary = governance.access(pages["access"], owners, owners_path, log)
        _add_generated(plan, "access", entries, pages["access"], summary, log)
    if "layers" not in copied:
        layers = MODEL_BY_NAME["layers"].path
        plan.add(layers, _ours(layers).read_bytes(), "the board layers, copied from getchitty")
    if "waivers" not in copied:
        plan.add("etc/chittyos/waivers.yml",
                 render(_schema_ref("waivers"), [Entry("waivers", [])],
                        header=("No finding is waived by the import; add waivers here, each with an owner and an expiry.",)),
                 "no waivers")

    _services(tree, plan, grants, existing, owners, owners_path, log, declared.read(tree, log))
    _copy_authority(tree, plan, log)
    _site(src, plan, log)
    return plan


def _ours(relpath: str) -> Path:
    """getchitty's own copy of a Canon file (`etc/...`), from the installed package's seed data."""
    return SEED / relpath.removeprefix("etc/")


def _schema_ref(model: str, depth: int = 1) -> str:
    return "../" * depth + f"authority/schema/getchitty-{model}.schema.json"


def _header(page: Source | None) -> tuple[str, ...]:
    if page is None:
        return ("Written by `getchitty import`; review it before publishing.",)
    return (f"Written by `getchitty import` from {page.path}; review it before publishing.",)


def _page(tree: SourceTree, relpath: str) -> Source | None:
    if not tree.is_file(relpath):
        return None
    text = tree.read_text(relpath)
    if text is None:
        return None
    if not text.strip():
        tree.log.skip(relpath, 0, "is empty; nothing to import")
        return None
    return Source(relpath, text)


def _add_generated(plan: Plan, model: str, entries: list[Entry], page: Source | None, summary: str, log: ImportLog) -> None:
    relpath = f"etc/chittyos/{model}.yml"
    where = (page.path if page else relpath, 0)
    entries = [Entry(e.key, scrub(e.value, log, _where(e, where)), e.origin, e.sub_origins) for e in entries]
    text = render(_schema_ref(model), entries, header=_header(page))
    _verify(relpath, text, entries, log)
    plan.add(relpath, text, f"{summary}" + (f" ← {page.path}" if page else ""))
    if page is None:
        log.decide(relpath, 0, f"no usable source page for the {model} model upstream; an empty {model}.yml was "
                               "written (the check reports what it lacks)")


def _where(entry: Entry, default: tuple[str, int]) -> tuple[str, int]:
    if entry.origin and ":" in entry.origin:
        path, _, line = entry.origin.rpartition(":")
        return path, int(line) if line.isdigit() else 0
    return default


def _verify(relpath: str, text: str, entries: list[Entry], log: ImportLog) -> None:
    """The written YAML must read back as exactly the data meant; anything else is an importer bug."""
    try:
        if yaml.safe_load(text) != plain_data(entries):
            log.skip(relpath, 0, "internal: the written YAML does not read back as the imported data (please report this)")
    except yaml.YAMLError as exc:
        log.skip(relpath, 0, f"internal: the written YAML does not parse ({exc}); please report this")


# --- files already in getchitty's format ------------------------------------------------------------

def _credential_free(tree: SourceTree, relpath: str, raw: bytes, log: ImportLog) -> bool:
    """Whether a file may be copied byte for byte: it holds nothing the check would call a credential."""
    text = raw.decode("utf-8", errors="replace")
    found = list(secret_rules.scan_text(relpath, text))
    if relpath.endswith((".json", ".yml", ".yaml")):
        loaded = parse_source(tree.root, relpath, text)
        if loaded.document is not None:
            found += list(secret_rules.scan_values(loaded.document, loaded.document.data))
    for finding in found:
        log.skip(relpath, finding.line, f"{finding.message}; the file was not copied (rotate the credential)")
    return not found


def _copy(tree: SourceTree, plan: Plan, relpath: str, target: str, what: str, log: ImportLog) -> bool:
    raw = tree.read_bytes(relpath)
    if raw is None:
        return False
    if b"\x00" in raw:
        log.skip(relpath, 0, "is a binary file; not copied")
        return False
    if not _credential_free(tree, relpath, raw, log):
        return False
    plan.add(target, raw, what)
    return True


def _copy_models(tree: SourceTree, plan: Plan, log: ImportLog) -> dict[str, str]:
    """Upstream etc/chittyos/<model>.yml files are already in getchitty's format: copied unchanged."""
    copied: dict[str, str] = {}
    for model in MODEL_FILES:
        for suffix in (".yml", ".yaml"):
            relpath = model.path.removesuffix(".yml") + suffix
            if not tree.is_file(relpath):
                continue
            target = model.path
            if _copy(tree, plan, relpath, target, f"copied unchanged ← {relpath}", log):
                copied[model.name] = relpath
                if suffix != ".yml":
                    log.decide(relpath, 0, f"copied as {target} (getchitty reads .yml)")
            break
    return copied


def _grants(plan: Plan, relpath: str | None, log: ImportLog) -> dict[str, list[str]] | None:
    """The scopes each service is granted in the upstream scopes.yml, as far as it parses."""
    if relpath is None:
        return None
    raw = plan.files["etc/chittyos/scopes.yml"]
    loaded = parse_source(Path("."), "etc/chittyos/scopes.yml", raw.decode("utf-8", errors="replace"))
    if loaded.document is None:
        log.skip(relpath, loaded.errors[0].line if loaded.errors else 0,
                 "does not parse; copied unchanged (the check reports where), but no service's scopes are known")
        return None
    scopes = loaded.document.data.get("scopes")
    grants = {name: [s for s in values if isinstance(s, str)] for name, values in scopes.items()
              if isinstance(values, list)} if isinstance(scopes, dict) else {}
    plan.what["etc/chittyos/scopes.yml"] += f" ({len(grants)} services)"
    return grants


def _copy_entities(tree: SourceTree, plan: Plan, log: ImportLog) -> set[str]:
    names: set[str] = set()
    for kind in KINDS:
        for relpath in tree.files(kind.folder, suffixes=(".yml", ".yaml")):
            stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if not SAFE_NAME.match(stem):
                log.skip(relpath, 0, f"'{stem}' is not a safe file name (a-z, 0-9, starting with a letter); not copied")
                continue
            target = kind.manifest(stem)
            if target in plan.files:
                log.skip(relpath, 0, f"{target} is already imported from another file; not copied")
                continue
            if _copy(tree, plan, relpath, target, f"copied unchanged ← {relpath}", log):
                names.add(stem)
    return names


def _copy_authority(tree: SourceTree, plan: Plan, log: ImportLog) -> None:
    """etc/authority/** and etc/profiles/** unchanged; getchitty's own schemas and missing Canon files added."""
    for folder in ("etc/authority", "etc/profiles"):
        for relpath in tree.files(folder, recursive=True):
            _copy(tree, plan, relpath, relpath, f"copied unchanged ← {relpath}", log)
    for schema in sorted(_ours(SCHEMA_DIR).glob("getchitty-*.schema.json")):
        relpath = f"{SCHEMA_DIR}/{schema.name}"
        ours = schema.read_bytes()
        if relpath in plan.files:
            if plan.files[relpath] != ours:
                log.decide(relpath, 0, "upstream has its own version of this getchitty schema; it was kept and the check uses it")
            continue
        plan.add(relpath, ours, "getchitty schema, added from getchitty")
    for relpath, what in (("etc/authority/rules.json", "the Canon rules"), ("etc/authority/config.json", "the Canon defaults")):
        if relpath not in plan.files and _ours(relpath).is_file():
            why = "was not copied (see above)" if tree.is_file(relpath) else "does not exist upstream"
            plan.add(relpath, _ours(relpath).read_bytes(), f"{what}, added from getchitty")
            log.decide(relpath, 0, f"{why}; getchitty's copy of {what} was added")
    if "etc/profiles/profile.json" not in plan.files and _ours("etc/profiles").is_dir():
        for path in sorted(_ours("etc/profiles").rglob("*")):
            relpath = "etc/" + path.relative_to(SEED).as_posix()
            if path.is_file() and relpath not in plan.files:
                plan.add(relpath, path.read_bytes(), "Canon profile, added from getchitty")
        why = "was not copied (see above)" if tree.is_file("etc/profiles/profile.json") else "does not exist upstream"
        log.decide("etc/profiles/profile.json", 0, f"{why}; getchitty's profiles were added")


# --- site -------------------------------------------------------------------------------------------

MKDOCS = """\
# Written by `getchitty import`: the imported sources as a site. `mkdocs build --strict`
# runs the governance check first and refuses to build while an error stands.
site_name: {name} (imported)
site_description: Governance sources imported from the {name} repository
docs_dir: docs

theme:
  name: material
  font: false

plugins:
  - search
  - getchitty

markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: true

not_in_nav: |
  /imported.md

validation:
  omitted_files: info
  not_found: warn
  absolute_links: info
  unrecognized_links: warn
  anchors: warn
"""


def _site(src: Path, plan: Plan, log: ImportLog) -> None:
    """An mkdocs.yml for the imported tree, and docs/imported.md: where the sources came from."""
    name = _folder_name(src)
    plan.add("mkdocs.yml", MKDOCS.format(name=json.dumps(name)[1:-1].replace(":", "-")),
             "MkDocs configuration: the imported sources as a site (getchitty plugin)")
    blocks = [("Files written", [f"{path}  {plan.what[path]}" for path in sorted(plan.files)]),
              ("Mapping decisions", [line.strip() for line in _notes(log.decisions)] or ["none"]),
              ("Not mapped", [line.strip() for line in _notes(log.unmapped)] or ["none: every line was mapped"])]
    page = (f"# Imported from {name}\n\n"
            f"These sources were written by `getchitty import` from the governance documents of the {name} "
            "repository. Every value the import could place is in `etc/chittyos/`; what it could not place, and every "
            "choice it made, is listed below with the source file and line.\n")
    for title, lines in blocks:
        body = "\n".join(lines)
        fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
        page += f"\n## {title}\n\n{fence}text\n{body}\n{fence}\n"
    plan.add("docs/imported.md", page, "this import's report, as a page of the site")


# --- services ---------------------------------------------------------------------------------------

def _codeowners(tree: SourceTree, log: ImportLog) -> tuple[str, codeowners_reader.CodeOwners | None]:
    """The CODEOWNERS file GitHub uses, read with GitHub's pattern semantics; lines GitHub skips are reported."""
    found = [relpath for relpath in codeowners_reader.PRECEDENCE if tree.is_file(relpath)]
    if not found:
        return "CODEOWNERS", None
    for ignored in found[1:]:
        log.skip(ignored, 0, f"not read: GitHub uses {found[0]} when both exist")
    text = tree.read_text(found[0])
    if text is None:
        return found[0], None
    reading = Reading("", "", found[0])
    owners = codeowners_reader.parse(reading, text)
    for problem in reading.problems:
        log.skip(problem.path, problem.line, problem.message)
    return found[0], owners


def _services(tree: SourceTree, plan: Plan, grants: dict[str, list[str]] | None, existing: set[str],
              owners: codeowners_reader.CodeOwners | None, owners_path: str, log: ImportLog,
              own: declared.Declared | None) -> None:
    allowed = _service_fields()
    drafts: dict[str, services.Draft] = {}
    for folder in ("authority/services", "etc/authority/services"):
        for relpath in tree.files(folder, suffixes=(".json",)):
            text = tree.read_text(relpath)
            draft = services.read_json_manifest(relpath, text, allowed, log) if text is not None else None
            if draft is None:
                continue
            if draft.name in existing or draft.name in drafts:
                log.skip(relpath, draft.origin.line, f"{draft.name} is already imported from another file; not used")
                continue
            drafts[draft.name] = draft
    for relpath in tree.files("docs/onboarding", suffixes=(".md",)):
        if not relpath.rsplit("/", 1)[-1].lower().startswith("service-"):
            continue
        text = tree.read_text(relpath)
        if text is None:
            continue
        if not text.strip():
            log.skip(relpath, 0, "is empty; no service imported from it")
            continue
        draft = services.read_page(parse_markdown(relpath, text), log)
        if draft is None:
            continue
        if draft.name in existing:
            log.skip(relpath, draft.origin.line, f"etc/chittyos/services/{draft.name}.yml exists upstream and was "
                                                 "copied unchanged; this page was not used")
            continue
        if draft.name in drafts and drafts[draft.name].sources[0].endswith(".md"):
            log.skip(relpath, draft.origin.line, f"{draft.name} already has an onboarding page "
                                                 f"({drafts[draft.name].sources[0]}); this one was not used")
            continue
        drafts[draft.name] = services.merge(drafts[draft.name], draft, log) if draft.name in drafts else draft
        _owner_hint(draft, relpath, owners, owners_path, log)
    for relpath in tree.files("docs/services", suffixes=(".md",)):
        name = relpath.rsplit("/", 1)[-1][:-3].lower()
        if name not in drafts:
            log.skip(relpath, 0, f"status note for '{name}', which has no onboarding page; no manifest is made from "
                                 "a status note alone")
            continue
        text = tree.read_text(relpath)
        if text is not None:
            services.read_status_note(drafts[name], parse_markdown(relpath, text), log)
    if own is not None:
        declared.add(own, drafts, existing, log)
    for name, draft in sorted(drafts.items()):
        entries = services.build(draft, grants, "etc/chittyos/scopes.yml", log)
        entries = [Entry(e.key, scrub(e.value, log, _where(e, (draft.origin.path, draft.origin.line))), e.origin)
                   for e in entries]
        relpath = f"etc/chittyos/services/{name}.yml"
        text = render(_schema_ref("service", depth=2), entries,
                      header=(f"Written by `getchitty import` from {', '.join(dict.fromkeys(draft.sources))}; "
                              "review it before publishing.",))
        _verify(relpath, text, entries, log)
        plan.add(relpath, text, f"service {name} ← {', '.join(dict.fromkeys(draft.sources))}")
    for name in sorted(set(grants or {}) - set(drafts) - existing):
        log.decide("etc/chittyos/scopes.yml", 0, f"grants scopes to {name}, which has no onboarding page: no manifest "
                                                 "was invented (the check reports it as scopes/unknown-service)")


def _owner_hint(draft: services.Draft, relpath: str, owners: codeowners_reader.CodeOwners | None, owners_path: str,
                log: ImportLog) -> None:
    written = draft.fields.get("owners")
    if owners is None or written is None or not any(services.PLACEHOLDER.search(o) for o in written.value):
        return
    rule = owners.owner_rule(relpath)
    if rule and rule.owners and rule.pattern.text not in ("*", "/*", "**", "/**"):
        log.decide(relpath, written.line, f"{owners_path}:{rule.line} assigns this page to {' '.join(rule.owners)}; the "
                                          "page's placeholder owners were kept so that the check flags them")


def _service_fields() -> set[str]:
    return {spec.name for spec in field_specs(seed_schema(KIND_BY_TYPE["Service"].schema))}
