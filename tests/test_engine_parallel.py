"""Checks of many files parse them in worker processes, with the cache or without; the findings must not change."""

from __future__ import annotations

from engine_support import TRUST_MANIFEST, located, run_check, write

import getchitty.engine as engine
import getchitty.forking as forking
from getchitty.rules import schema as schema_rule


def _broken_and_clean_manifests(eco):
    for number in range(6):
        write(eco, f"etc/chittyos/services/chittyextra{number}.yml",
              TRUST_MANIFEST.replace("chittytrust", f"chittyextra{number}"), dedent=False)
    write(eco, "etc/chittyos/services/chittybroken.yml", "service_name: [unclosed\n", dedent=False)
    write(eco, "etc/chittyos/services/chittyodd.yml",
          TRUST_MANIFEST.replace("chittytrust", "chittyodd") + "colour: red\ndepends_on: [chittyghost]\n", dedent=False)


def test_worker_processes_find_exactly_what_one_process_finds(eco, monkeypatch):
    _broken_and_clean_manifests(eco)
    sequential = located(run_check(eco, use_cache=False).violations)

    forked = []
    real_in_forked_workers = forking.in_forked_workers

    def spy(work, tasks, children):
        forked.append(tasks)
        return real_in_forked_workers(work, tasks, children)

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(forking, "can_fork", lambda: True)  # pytest-xdist runs threads
    monkeypatch.setattr(forking, "in_forked_workers", spy)
    parallel = located(run_check(eco, use_cache=False).violations)

    assert forked == [1]  # the manifests, in one span (16 or more a span)
    assert parallel == sequential
    assert ("syntax/invalid-yaml", "etc/chittyos/services/chittybroken.yml", 1, 24) in sequential
    assert ("schema/unknown-field", "etc/chittyos/services/chittyodd.yml", 7, 1) in sequential


def test_no_workers_while_other_threads_run(eco, monkeypatch):
    _broken_and_clean_manifests(eco)
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    monkeypatch.setattr(forking, "in_forked_workers", lambda *_: (_ for _ in ()).throw(AssertionError("forked with threads running")))
    assert run_check(eco, use_cache=False).violations


def test_worker_processes_answer_through_the_cache(eco, monkeypatch):
    """A check through the cache sends only what must be examined to the workers, and keeps what they hand back:
    a warm check after an edit, forked, finds exactly what a cold one finds, and documents=False still builds
    every entity on demand."""
    _broken_and_clean_manifests(eco)
    forks = []
    real_in_forked_workers = forking.in_forked_workers
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(forking, "can_fork", lambda: True)  # pytest-xdist runs threads
    monkeypatch.setattr(forking, "in_forked_workers", lambda *args: forks.append(args[1]) or real_in_forked_workers(*args))
    forked = run_check(eco)
    write(eco, "etc/chittyos/services/chittyextra3.yml",
          TRUST_MANIFEST.replace("chittytrust", "chittyextra3") + "colour: blue\n", dedent=False)
    warm = engine.check(eco, documents=False)
    assert located(warm.violations) == located(run_check(eco, use_cache=False).violations)
    assert ("schema/unknown-field", "etc/chittyos/services/chittyextra3.yml", 7, 1) in located(warm.violations)
    assert located(forked.violations) != located(warm.violations)
    assert warm.ecosystem.entities["chittyextra3"].document.data["colour"] == "blue"
    assert forks == [1] * 3  # the first check, the warm one (for the edited file alone) and the cold one: a span each


def test_a_refused_fork_leaves_the_work_to_this_process(eco, monkeypatch):
    _broken_and_clean_manifests(eco)
    sequential = located(run_check(eco, use_cache=False).violations)

    asked = []

    def refused(*args):
        asked.append(args[1:])
        raise forking.NotForked("Resource temporarily unavailable")

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(forking, "can_fork", lambda: True)
    monkeypatch.setattr(forking, "in_forked_workers", refused)
    assert located(run_check(eco, use_cache=False).violations) == sequential
    assert len(asked) == 1  # the workers were asked for, and refused


def test_a_large_checks_manifests_validated_by_jsonschema_rs_give_the_same_findings(eco, monkeypatch):
    """Past BULK_DOCUMENTS manifests, jsonschema-rs decides which are valid: the findings are the same."""
    _broken_and_clean_manifests(eco)
    before = located(run_check(eco, use_cache=False).violations)
    built = []
    real_bulk = schema_rule._bulk
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(schema_rule, "BULK_DOCUMENTS", 1)
    monkeypatch.setattr(schema_rule, "_bulk", lambda schema, reached: built.append(schema["$id"]) or real_bulk(schema, reached))
    assert located(run_check(eco, use_cache=False).violations) == before
    assert ("schema/unknown-field", "etc/chittyos/services/chittyodd.yml", 7, 1) in before
    assert "https://get.chitty.cc/schemas/getchitty-service.schema.json" in built
