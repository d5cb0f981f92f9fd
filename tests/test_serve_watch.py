"""While serving, the plugin looks for saved files every POLL_SECONDS with MkDocs' own polling observer, and
MkDocs waits the same fifth of a poll for quiet that it waits after its own half-second poll."""

from __future__ import annotations

from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from generator.site import POLL_SECONDS, _poll_faster


def test_the_watched_folders_are_polled_faster_and_built_after_a_fifth_of_a_poll(tmp_path):
    (tmp_path / "docs").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert (server.observer.timeout, server.build_delay) == (0.5, 0.1)  # MkDocs' own, which this changes
        server.watch(str(tmp_path / "docs"))
        server.watch(str(tmp_path / "docs"))  # watched twice (MkDocs counts): unwatched once still watches it
        _poll_faster(server)
        assert isinstance(server.observer, PollingObserver) and server.observer.timeout == POLL_SECONDS
        assert server.build_delay == POLL_SECONDS / 5
        assert server._watched_paths == {str(tmp_path / "docs"): 2}
    finally:
        server.server_close()
