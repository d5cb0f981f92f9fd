"""While serving, the cyclic garbage collector is held off during each rebuild and run once the server is idle
(getchitty.idle_collector): it runs once after a rebuild, never during one, and a collector someone else disabled
stays disabled."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator

import pytest

from getchitty.idle_collector import IdleCollector


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture
def full_collections() -> Iterator[list[float]]:
    """When each full collection ended (a collection of the oldest generation, as gc.collect() runs)."""
    ended: list[float] = []

    def note(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            ended.append(time.monotonic())

    gc.callbacks.append(note)
    yield ended
    gc.callbacks.remove(note)


def _wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_rebuild_runs_without_the_collector_and_one_collection_follows_it(full_collections):
    gc.enable()
    collector = IdleCollector(idle_after=0.05)
    collector.hold()
    assert not gc.isenabled()
    collector.collect_when_idle()
    ended = time.monotonic()
    assert not gc.isenabled()  # not at once: the browser's reload comes first
    assert _wait_for(gc.isenabled)
    assert len(full_collections) == 1 and full_collections[0] >= ended + 0.05


def test_a_rebuild_starting_before_the_collection_cancels_it(full_collections):
    gc.enable()
    collector = IdleCollector(idle_after=0.2)
    collector.hold()
    collector.collect_when_idle()
    collector.hold()  # the next edit's rebuild
    time.sleep(0.4)
    assert not gc.isenabled() and full_collections == []
    collector.collect_when_idle()
    assert _wait_for(gc.isenabled) and len(full_collections) == 1


def test_stopping_the_server_collects_and_enables_at_once(full_collections):
    gc.enable()
    collector = IdleCollector(idle_after=60)
    collector.hold()
    collector.collect_when_idle()
    collector.collect_now()
    assert gc.isenabled() and len(full_collections) == 1
    assert [thread for thread in threading.enumerate() if isinstance(thread, threading.Timer)
            and thread.is_alive()] == []


def test_a_collector_someone_else_disabled_is_left_alone(full_collections):
    gc.disable()
    collector = IdleCollector(idle_after=0.01)
    collector.hold()
    collector.collect_when_idle()
    time.sleep(0.1)
    collector.collect_now()
    assert not gc.isenabled() and full_collections == []


def test_a_failed_rebuild_is_collected_after_too(full_collections):
    """The plugin calls collect_when_idle from on_build_error as from on_post_build; twice is once."""
    gc.enable()
    collector = IdleCollector(idle_after=0.05)
    collector.hold()
    collector.collect_when_idle()
    collector.collect_when_idle()
    assert _wait_for(gc.isenabled)
    time.sleep(0.1)
    assert len(full_collections) == 1
