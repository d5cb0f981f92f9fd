"""The cache (getchitty.cache): reusing results must never change them, and a stale cache must never hide a new
finding. Most tests go through a check; the last ones run the cache alone, unit of work by unit of work, beside
the plain work it stands in for."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from engine_support import TODAY, cached_files, counting_reads, findings, forge_cached_file, located, run_check, write

from getchitty import cache as cache_module
from getchitty import load as loader

TRUST = "etc/chittyos/services/chittytrust.yml"
SYNC = "etc/chittyos/services/chittysync.yml"


def snapshot(result):
    return [(v.rule, v.path, v.line, v.col, v.message, v.hint, v.entity, v.field, v.waived) for v in result.violations]


def broken(eco):
    """A repository with per-file findings (cached) and cross-file findings (never cached)."""
    with (eco / TRUST).open("a") as handle:
        handle.write("colour: red\ndepends_on: [chittyghost]\n")
    return eco


def cache_file(isolated_cache):
    files = list(isolated_cache.glob("*.json"))
    assert len(files) == 1, files
    return files[0]


def test_cache_is_written_outside_the_repository(eco, isolated_cache):
    before = sorted(p.relative_to(eco) for p in eco.rglob("*"))
    run_check(eco)
    assert sorted(p.relative_to(eco) for p in eco.rglob("*")) == before
    # every file the check read: sources, every schema of the folder, the Canon, and the artifact a manifest names
    assert sorted(cached_files(cache_file(isolated_cache))) == sorted(
        [str(p.relative_to(eco)) for p in (eco / "etc").rglob("*") if p.is_file()] + ["public/openapi.yml"])


def test_second_check_gives_identical_findings(eco):
    broken(eco)
    first = run_check(eco)
    second = run_check(eco)
    assert snapshot(second) == snapshot(first)
    assert located(second.violations) == [
        ("schema/unknown-field", TRUST, 7, 1), ("deps/unknown", TRUST, 8, 14)]


def test_touching_a_file_gives_identical_findings(eco):
    broken(eco)
    first = run_check(eco)
    os.utime(eco / TRUST)
    os.utime(eco / SYNC)
    assert snapshot(run_check(eco)) == snapshot(first)


def test_cached_and_uncached_checks_agree(eco):
    broken(eco)
    run_check(eco)  # fills the cache
    assert snapshot(run_check(eco)) == snapshot(run_check(eco, use_cache=False))


def test_cache_is_actually_used(eco, monkeypatch):
    # trust a file at once: else a file written less than RACY before a check starts is read again by the next, and
    # how many checks that takes depends on how fast the first one runs
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    run_check(eco)
    read, parsed = counting_reads(monkeypatch)

    def manifests(paths):
        return [p for p in paths if p.startswith(("etc/chittyos/services/", "etc/chittyos/datalayers/"))]

    run_check(eco)
    assert manifests(read) == parsed == []  # nothing changed: no manifest is even read
    os.utime(eco / TRUST, ns=(1, 1))
    run_check(eco)
    assert (manifests(read), parsed) == ([TRUST], [])  # touched: read, found to hold the same bytes, not parsed
    with (eco / TRUST).open("a") as handle:
        handle.write("# edited\n")
    read.clear()
    run_check(eco)
    assert (manifests(read), parsed) == ([TRUST], [TRUST])  # edited: only that manifest is parsed again


def test_edit_is_found_after_a_cached_check(eco):
    assert findings(eco) == []
    with (eco / TRUST).open("a") as handle:
        handle.write("colour: red\n")
    assert located(findings(eco)) == [("schema/unknown-field", TRUST, 7, 1)]


def test_same_size_same_mtime_edit_is_found(eco):
    """An edit that keeps the size and restores the modification time is still noticed."""
    path = eco / TRUST
    assert findings(eco) == []
    info = os.stat(path)
    text = path.read_text()
    changed = text.replace("category: Foundation", "category: Foundatiox")
    assert len(changed) == len(text)
    path.write_text(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert located(findings(eco)) == [("schema/enum", TRUST, 3, 11)]


def test_fix_is_noticed_after_a_cached_check(eco):
    broken(eco)
    assert len(findings(eco)) == 2
    text = (eco / TRUST).read_text().replace("colour: red\n", "")
    (eco / TRUST).write_text(text)
    assert located(findings(eco)) == [("deps/unknown", TRUST, 7, 14)]


def test_cross_file_change_is_noticed(eco):
    """scopes.yml is not a cached manifest, but it changes what a cached manifest is allowed."""
    assert findings(eco) == []
    scopes = eco / "etc/chittyos/scopes.yml"
    scopes.write_text(scopes.read_text().replace("    - identity:validate\n", ""))
    assert located(findings(eco)) == [("scopes/not-granted", "etc/chittyos/services/chittyid.yml", 17, 5)]


def test_schema_change_invalidates_the_cache(eco):
    broken(eco)
    assert "schema/unknown-field" in [v.rule for v in findings(eco)]
    path = eco / "etc/authority/schema/getchitty-service.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["colour"] = {"type": "string"}
    path.write_text(json.dumps(schema, indent=2))
    assert [v.rule for v in findings(eco)] == ["deps/unknown"]


def test_deleted_manifest_disappears(eco, isolated_cache):
    broken(eco)
    run_check(eco)
    (eco / TRUST).unlink()
    assert findings(eco) == []
    path = cache_file(isolated_cache)
    assert TRUST not in cached_files(path) and len(headers(path)) == 1  # dropping an entry writes the file whole


def test_replaced_file_with_the_same_content_elsewhere(eco, tmp_path):
    """A file replaced by another (new inode) is re-read even if size and times match."""
    broken(eco)
    run_check(eco)
    clean = (eco / TRUST).read_text().replace("colour: red\n", "colour: rex\n")
    replacement = write(tmp_path, "new.yml", clean, dedent=False)
    info = os.stat(eco / TRUST)
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, eco / TRUST)
    assert [v.message for v in findings(eco, "schema/unknown-field")] == ["colour: unknown field"]
    assert [v.rule for v in findings(eco)] == ["schema/unknown-field", "deps/unknown"]


def test_corrupt_cache_is_ignored(eco, isolated_cache):
    broken(eco)
    expected = snapshot(run_check(eco))
    cache_file(isolated_cache).write_text("{not json")
    assert snapshot(run_check(eco)) == expected
    cache_file(isolated_cache).write_text('{"fingerprint": 1, "files": []}')
    assert snapshot(run_check(eco)) == expected


def test_forged_cache_entries_with_a_stale_key_are_ignored(eco, isolated_cache):
    run_check(eco)
    forge_cached_file(cache_file(isolated_cache), TRUST, {0: [0, 0, 0, 0], 2: []})  # not the file's stat key, nor keys
    with (eco / TRUST).open("a") as handle:
        handle.write("colour: red\n")
    assert [v.rule for v in findings(eco)] == ["schema/unknown-field"]


def test_a_cached_file_naming_its_keys_by_another_id_is_a_miss(eco, isolated_cache):
    """A line names its set of check keys by their fingerprint, which is what lets a line be written back as it was
    read: a line naming the same keys by another id is not trusted."""
    broken(eco)
    expected = snapshot(run_check(eco))
    path = cache_file(isolated_cache)
    header, *lines = path.read_text().split("\n")
    stored = json.loads(header)
    (keys_id,) = {cached_files(path)[TRUST][2]}
    stored["inputs"]["forged"] = stored["inputs"][keys_id]
    path.write_text("\n".join([json.dumps(stored), *lines]))
    forge_cached_file(path, TRUST, {2: "forged", 3: {}})
    assert snapshot(run_check(eco)) == expected
    forge_cached_file(path, TRUST, {2: keys_id, 3: {}})
    assert findings(eco, "schema/unknown-field") == []  # under its own id the forged row is trusted: the test can fail


def headers(path):
    """The cache file's header lines: the first, and one per save that appended to it."""
    return [line for line in path.read_text().split("\n") if line.startswith("{")]


def test_an_edit_is_appended_to_the_cache_file(eco, isolated_cache, monkeypatch):
    """A save after one edit appends a header and that file's line; what was there stays byte for byte, and the
    appended line is the one that stands."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # trust a file at once: the edit below comes fast
    run_check(eco)
    path = cache_file(isolated_cache)
    before = path.read_bytes()
    broken(eco)
    expected = snapshot(run_check(eco, use_cache=False))
    assert snapshot(run_check(eco)) == expected
    after = path.read_bytes()
    assert after.startswith(before + b"\n")
    appended = after[len(before) + 1:].decode().split("\n")
    assert [line[:2] for line in appended] == ['{"', f'["{TRUST}"'[:2]] and appended[1].startswith(f'["{TRUST}"')
    assert len(headers(path)) == 2
    assert cached_files(path)[TRUST][3]  # the appended row, with the findings, is the one read
    assert snapshot(run_check(eco)) == expected
    assert path.read_bytes() == after  # nothing changed: nothing written
    assert cache_module.Memory.load(eco.resolve(), _version()).appended == len(after) - len(before)


def _version():
    return f"{cache_module.__version__}|{cache_module._code_fingerprint()}"


def test_a_rewrite_writes_every_other_cached_file_back_as_it_was_read(eco, isolated_cache, monkeypatch):
    """Once what was appended would pass its share of the file, the file is written whole: only the entries that
    changed are encoded again, every other line is kept byte for byte (here one re-encoded with other spacing, as
    no save of the cache writes it), and the lines it replaced are gone."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    monkeypatch.setattr(cache_module, "APPENDED_FLOOR", 0)
    monkeypatch.setattr(cache_module, "APPENDED_SHARE", 0)
    run_check(eco)
    path = cache_file(isolated_cache)
    forge_cached_file(path, SYNC, {})
    _, *before = path.read_text().split("\n")
    (sync_line,) = [line for line in before if line.startswith(f'["{SYNC}", ')]
    broken(eco)
    run_check(eco)
    _, *after = path.read_text().split("\n")
    assert sync_line in after
    assert [line for line in before if line not in after] == [line for line in before if line.startswith(f'["{TRUST}"')]
    assert len(headers(path)) == 1


def test_appending_stops_at_the_files_share_and_the_file_is_written_whole(eco, isolated_cache, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    monkeypatch.setattr(cache_module, "APPENDED_FLOOR", 0)

    def edit_and_check(number):
        with (eco / TRUST).open("a") as handle:
            handle.write(f"# edit {number}\n")
        run_check(eco)
        return len(headers(path))

    run_check(eco)
    path = cache_file(isolated_cache)
    before = path.stat().st_size
    assert edit_and_check(1) == 2
    one_save = path.stat().st_size - before
    monkeypatch.setattr(cache_module, "APPENDED_SHARE", 1.5 * one_save / path.stat().st_size)  # room for one save
    assert edit_and_check(2) == 1  # a second save would pass the share: the file is written whole
    assert edit_and_check(3) == 2  # and appended to again
    assert snapshot(run_check(eco)) == snapshot(run_check(eco, use_cache=False))


def test_a_cache_file_written_by_another_process_meanwhile_is_written_whole(eco, isolated_cache, monkeypatch):
    """Two processes that read the same file: the first appends, the second finds the file changed under it and
    writes it whole instead of appending to what it never read."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    run_check(eco)
    path = cache_file(isolated_cache)
    first, second = (cache_module.Memory.load(eco.resolve(), _version()) for _ in range(2))
    for memory in (first, second):
        memory.files[TRUST] = replace(memory.files[TRUST], line=None)
        memory.save()
    assert len(headers(path)) == 1
    assert first.on_disk is not None and second.on_disk is not None and first.on_disk != second.on_disk
    assert snapshot(run_check(eco)) == snapshot(run_check(eco, use_cache=False))


def test_a_torn_append_is_a_miss_for_that_file_alone(eco, isolated_cache, monkeypatch):
    """An append cut short (a crash while writing) leaves a partial last line: only its file is read again, every
    other file is still answered from the cache, and the findings are those of a check without it."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    run_check(eco)
    broken(eco)
    expected = snapshot(run_check(eco, use_cache=False))
    run_check(eco)
    read, _ = counting_reads(monkeypatch)
    run_check(eco)
    every_check = sorted(read)  # what a check reads with nothing changed (the Canon's files, say)
    path = cache_file(isolated_cache)
    torn = path.read_bytes()[:-20]
    assert torn.rsplit(b"\n", 1)[1].startswith(f'["{TRUST}"'.encode())  # the cut falls in the appended line
    path.write_bytes(torn)
    read.clear()
    assert snapshot(run_check(eco)) == expected
    assert sorted(read) == sorted([*every_check, TRUST])
    assert snapshot(run_check(eco)) == expected


def test_each_repository_has_its_own_cache(tmp_path, isolated_cache):
    from engine_support import build_eco
    one = build_eco(tmp_path / "one")
    two = build_eco(tmp_path / "two")
    broken(two)
    assert findings(one) == []
    assert len(findings(two)) == 2
    assert findings(one) == []
    assert len(list(isolated_cache.glob("*.json"))) == 2


def test_file_edited_while_it_is_read(eco, monkeypatch):
    """An edit landing between reading a manifest and caching it must not pin the old result to the new file."""
    run_check(eco, use_cache=False)
    real_read = loader.Reader.read
    edited = []

    def read_then_edit(self, relpath, *args, **kwargs):
        result = real_read(self, relpath, *args, **kwargs)
        if relpath == TRUST and not edited:
            edited.append(relpath)
            with (self.root / relpath).open("a") as handle:
                handle.write("colour: red\n")
        return result

    monkeypatch.setattr(loader.Reader, "read", read_then_edit)
    assert findings(eco) == []  # this check read the file before the edit
    monkeypatch.setattr(loader.Reader, "read", real_read)
    assert [v.rule for v in findings(eco)] == ["schema/unknown-field"]


def test_credentials_are_not_copied_into_the_cache(eco, isolated_cache):
    token = "gh" + "p_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    with (eco / TRUST).open("a") as handle:
        handle.write(f"notes: {token}\n")
    assert [v.rule for v in findings(eco)] == ["secrets/credential-value"]
    assert token not in cache_file(isolated_cache).read_text()
    assert [v.rule for v in findings(eco)] == ["secrets/credential-value"]  # and found again without the cache


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GETCHITTY_CACHE_DIR", str(tmp_path / "c"))
    assert cache_module.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("GETCHITTY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.cache_dir() == tmp_path / "xdg" / "getchitty"


def test_unwritable_cache_dir_only_costs_speed(eco, monkeypatch, tmp_path):
    blocker = write(tmp_path, "file", "not a folder\n", dedent=False)
    monkeypatch.setenv("GETCHITTY_CACHE_DIR", str(blocker / "sub"))
    broken(eco)
    assert len(findings(eco)) == 2


def test_a_folder_moved_out_of_the_repository_and_linked_back(eco, tmp_path):
    """Moving a folder and linking it back changes no file's own times: every file's key holds where it really
    lies, so each manifest is read again and found outside the repository."""
    services = eco / "etc/chittyos/services"
    assert findings(eco) == []
    (tmp_path / "outside").mkdir()
    os.replace(services, tmp_path / "outside/services")
    services.symlink_to(tmp_path / "outside/services", target_is_directory=True)
    expected = [("io/outside-repository", f"etc/chittyos/services/{name}.yml", 1, 1)
                for name in ("chittyauth", "chittyid", "chittysync", "chittytrust")]
    assert located(findings(eco)) == expected
    assert located(run_check(eco, use_cache=False).violations) == expected


def test_a_folder_moved_inside_the_repository_and_linked_back(eco):
    """A link that stays inside the repository changes nothing a check finds."""
    services = eco / "etc/chittyos/services"
    broken(eco)
    before = snapshot(run_check(eco))
    os.replace(services, eco / "etc/moved")
    services.symlink_to(eco / "etc/moved", target_is_directory=True)
    assert snapshot(run_check(eco)) == before == snapshot(run_check(eco, use_cache=False))


def _forged(eco, isolated_cache):
    """A cache file that says the manifest is clean while it is not: what another user could plant."""
    path = eco / TRUST
    path.write_text(path.read_text().replace("category: Foundation", "category: Foundatiox"))
    assert located(findings(eco)) == [("schema/enum", TRUST, 3, 11)]
    forge_cached_file(cache_file(isolated_cache), TRUST, {3: {}})


@pytest.mark.parametrize("how", ["owned by another user", "writable by others"])
def test_a_cache_file_another_user_could_write_is_ignored(eco, isolated_cache, monkeypatch, how):
    _forged(eco, isolated_cache)
    assert findings(eco) == []  # the user's own cache file is trusted: what the forgery would achieve
    if how == "writable by others":
        cache_file(isolated_cache).chmod(0o606)
    elif os.geteuid() == 0:
        os.chown(cache_file(isolated_cache), 4242, 4242)
    else:  # only root may give a file away: the check runs as another user instead
        monkeypatch.setattr(cache_module.os, "geteuid", lambda: os.getuid() + 1)
    assert located(findings(eco)) == [("schema/enum", TRUST, 3, 11)]


# --- the cache as one object: each unit of work it answers equals what the plain work gives --------------------


def _unit(examined, keep=True):
    """What a unit of work gave; the cache may answer a manifest without parsing it (its entity is built from the
    file when something asks), so its document is compared where it has one, and always for a source kept as data."""
    document = examined.document if keep else None
    return (examined.path, examined.loaded, examined.missing, dict(examined.found), examined.card,
            None if document is None else document.data)


class Twin:
    """Every unit of work done twice, by the plain work and by the cache; the two answers must be equal."""

    def __init__(self, plain, cached):
        self.plain, self.cached = plain, cached
        self.units = 0

    def _same(self, plain, cached, what):
        assert plain == cached, what
        self.units += 1

    def examine(self, source):
        cached = self.cached.examine(source)
        keep = source.keep or cached.document is not None
        self._same(_unit(self.plain.examine(source), keep), _unit(cached, keep), source.path)
        return cached

    def examine_all(self, sources, map_):
        cached = self.cached.examine_all(sources, map_)
        for source, plain, answer in zip(sources, self.plain.examine_all(sources, map_), cached, strict=True):
            keep = source.keep or answer.document is not None
            self._same(_unit(plain, keep), _unit(answer, keep), source.path)
        return cached

    def schemas(self, documents):
        plain, found = self.plain.schemas(documents)
        compiled, cached_found = self.cached.schemas(documents)
        self._same((sorted(name for name, schema in plain.items() if schema is None), found),
                   (sorted(name for name, schema in compiled.items() if schema is None), cached_found), "schemas")
        return compiled, cached_found

    def models(self, build):
        plain, cached = self.plain.models(build), self.cached.models(build)
        fields = ("layers", "scopes", "ontology", "secrets", "access", "roadmap", "waivers", "canon", "vocabulary")
        self._same([getattr(plain, name) for name in fields], [getattr(cached, name) for name in fields], "models")
        return cached

    def snapshot(self, document, read):
        return self.cached.snapshot(document, read)

    def ecosystem(self, check, eco):
        cached = self.cached.ecosystem(check, eco)
        self._same(tuple(check.run(eco)), cached, check.name)
        return cached

    def finish(self, result):
        self.cached.finish(result)


def twin_check(root, cache, changed=()):
    """A check whose every unit of work the cache answers beside the plain work (engine.Plain)."""
    from getchitty.engine import Checker, Plain, _Pipeline
    from getchitty.examine import Examiner
    from getchitty.load import Reader

    checker = Checker(root, today=TODAY, use_cache=False)
    examiner = Examiner(Reader(checker.root))
    twin = Twin(Plain(examiner), cache.run(examiner, changed))
    result = _Pipeline(checker, examiner, twin).result()
    twin.finish(result)
    assert twin.units > 20
    return result


def test_each_answer_of_the_cache_equals_the_plain_work(eco, tmp_path, monkeypatch):
    """Along edits of every kind of source, and with the cache read back from its file each time (a new process)
    or kept (a long-lived one), each source examined, the schemas, the models and every ECOSYSTEM check's findings
    are the plain work's, one by one."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # trust a file at once: the edits below come fast
    kept = cache_module.Cache(eco)
    edits = [
        lambda: None,
        lambda: broken(eco),
        lambda: write(eco, "etc/chittyos/scopes.yml", (eco / "etc/chittyos/scopes.yml").read_text().replace(
            "    - identity:validate\n", ""), dedent=False),
        lambda: write(eco, "etc/authority/schema/service.schema.json", '{"type": "object", "maxProperties": 2}'),
        lambda: write(eco, SYNC, "service_name: [unclosed\n", dedent=False),
        lambda: (eco / TRUST).unlink(),
        lambda: write(eco, "docs/guide.md", "# Guide\n"),
        lambda: (os.replace(eco / "etc/chittyos/services", tmp_path / "services"),
                 (eco / "etc/chittyos/services").symlink_to(tmp_path / "services", target_is_directory=True)),
    ]
    for edit in edits:
        edit()
        twin_check(eco, kept)
        twin_check(eco, cache_module.Cache(eco))


def test_every_input_is_fingerprinted_from_what_makes_it(eco):
    """Each input a rule may read is fingerprinted from the sources that feed it (Source.feeds) or from the
    ecosystem: an input nothing made would have the same fingerprint whatever the tree holds."""
    from getchitty.engine import Checker, _Pipeline
    from getchitty.examine import Examiner
    from getchitty.load import Reader
    from getchitty.rules import Input

    checker = Checker(eco, today=TODAY, use_cache=False)
    examiner = Examiner(Reader(checker.root))
    run = cache_module.Cache(eco).run(examiner)
    run.finish(_Pipeline(checker, examiner, run).result())
    assert set(run.fed).isdisjoint(cache_module.ECOSYSTEM_INPUTS)
    assert set(run.fed) | set(cache_module.ECOSYSTEM_INPUTS) == set(Input)
    assert set(run.inputs) == set(Input)  # every one was read by some rule, and fingerprinted


def test_a_recheck_after_an_edit_imports_no_pyyaml(eco, isolated_cache):
    """PyYAML (a tenth of a re-check's time to import) parses only a text yaml-rs may not read and locates only
    what no run located before: a re-check after a plain edit, with no mkdocs.yml to read, needs it nowhere. A text
    yaml-rs leaves to PyYAML still imports it."""
    import subprocess
    import sys

    code = ("import sys; from getchitty.engine import check; check(sys.argv[1]); "
            "print('yaml' in sys.modules)")

    def recheck_imports_pyyaml() -> bool:
        run = subprocess.run([sys.executable, "-c", code, str(eco)], capture_output=True, text=True, check=True)
        return run.stdout.strip() == "True"

    assert not (eco / "mkdocs.yml").exists()
    recheck_imports_pyyaml()  # fills the cache, and keeps what it located
    text = (eco / TRUST).read_text(encoding="utf-8")
    write(eco, TRUST, text.replace("description: ", "description: Edited. ", 1), dedent=False)
    assert recheck_imports_pyyaml() is False
    write(eco, TRUST, text.replace("description: ", "description: &anchor Edited. ", 1), dedent=False)
    assert recheck_imports_pyyaml() is True
