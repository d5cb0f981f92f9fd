"""While serving: Python's cyclic garbage collector held off during each rebuild, and run once the server is idle.

After the first build, the server's heap is frozen (the plugin's `on_serve`), but a rebuild still makes hundreds of
thousands of objects, and the collector's full passes over them and over everything the server has kept since
(three or four per rebuild) cost a rebuild of 1,000 services 0.25-0.5 s of its 3 s. Held off, the rebuild leaves
its cyclic garbage behind; one full collection, a moment after the rebuild ended (the browser has been told to
reload by then), takes it back. An edit within that moment cancels it, and the collection follows the next
rebuild instead, so garbage never outlives two quick rebuilds. Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import threading

IDLE_AFTER_S = 1.0  # after a rebuild: the browser's reload and its requests come first


class IdleCollector:
    def __init__(self, idle_after: float = IDLE_AFTER_S):
        self.idle_after = idle_after
        self._lock = threading.Lock()
        self._holding = False  # the collector is disabled by this object, to be run and enabled again
        self._pending: threading.Timer | None = None

    def hold(self) -> None:
        """At the start of a rebuild: no collection until it ends. A collector someone else disabled stays theirs."""
        with self._lock:
            self._cancel()
            if not self._holding and gc.isenabled():
                gc.disable()
                self._holding = True

    def collect_when_idle(self) -> None:
        """At the end of a rebuild, whether it succeeded or not."""
        with self._lock:
            if self._holding and self._pending is None:
                self._pending = threading.Timer(self.idle_after, self._collect)
                self._pending.daemon = True
                self._pending.start()

    def collect_now(self) -> None:
        """When serving stops: nothing is left held."""
        with self._lock:
            self._cancel()
            self._release()

    def _collect(self) -> None:
        with self._lock:  # a rebuild starting meanwhile waits: it would only walk the same heap again
            if self._pending is not threading.current_thread():
                return  # cancelled by a rebuild that started while this timer fired
            self._pending = None
            self._release()

    def _release(self) -> None:
        if self._holding:
            gc.collect()
            gc.enable()
            self._holding = False

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
