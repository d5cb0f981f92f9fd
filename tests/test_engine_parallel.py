"""Cold checks of many files parse them in worker processes; the findings must not change."""

from __future__ import annotations

import multiprocessing

from engine_support import TRUST_MANIFEST, located, run_check, write

import getchitty.engine as engine


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
    real_context = multiprocessing.get_context

    def spy(method=None):
        forked.append(method)
        return real_context(method)

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(engine.threading, "active_count", lambda: 1)
    monkeypatch.setattr(engine.multiprocessing, "get_context", spy)
    parallel = located(run_check(eco, use_cache=False).violations)

    assert forked == ["fork"]
    assert parallel == sequential
    assert ("syntax/invalid-yaml", "etc/chittyos/services/chittybroken.yml", 1, 24) in sequential
    assert ("schema/unknown-field", "etc/chittyos/services/chittyodd.yml", 7, 1) in sequential


def test_no_workers_while_other_threads_run(eco, monkeypatch):
    _broken_and_clean_manifests(eco)
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(engine.threading, "active_count", lambda: 2)
    monkeypatch.setattr(engine.multiprocessing, "get_context",
                        lambda method=None: (_ for _ in ()).throw(AssertionError("forked with threads running")))
    assert run_check(eco, use_cache=False).violations
