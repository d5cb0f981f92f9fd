"""federation/lock-mismatch: every committed snapshot is the one etc/federation/sources.lock.json records.

`getchitty sync` writes a source's snapshot, then the lock, which records the commit and the digest of each
snapshot it goes with. A sync interrupted between the two, a snapshot edited by hand, or a lock and
snapshots merged from different branches leave them disagreeing: the site would show one commit's facts
under another commit's name. The next sync reads such a source again; until then this check says which
file disagrees with which.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..federation import LOCK
from ..load import Document, Reader
from ..model import Ecosystem
from ..violations import Violation
from . import Check, Input, Stage, error

ENTITY = "federation"
RULE = error(
    "federation/lock-mismatch",
    "A committed snapshot is not the one etc/federation/sources.lock.json records for its source.",
    "Run `getchitty sync` again (it reads such a source again) and commit the snapshots and the lock together; "
    "never edit either by hand.",
    "The lock says which commit each snapshot was read at; pages cite that commit for every fact, so a snapshot "
    "and a lock written by different syncs would attribute facts to a commit that does not state them.")


def _lock(eco: Ecosystem) -> tuple[Document | None, dict[str, Any]]:
    """The lock as the check read it (its syntax and schema are reported by the file stage), with its
    entries; (None, {}) when there is none or it cannot be used."""
    loaded = Reader(eco.root).load(LOCK)
    document = loaded.document
    sources = document.data.get("sources") if document is not None else None
    if not isinstance(sources, dict):
        return document, {}
    return document, {name: entry for name, entry in sources.items() if isinstance(entry, dict)}


def _snapshot_path(name: str, entry: dict[str, Any]) -> str:
    from ..federation.snapshot import relpath_for  # as in check()

    written = entry.get("snapshot")
    if isinstance(written, str) and written:
        return written
    try:
        return relpath_for(name)
    except ValueError:
        return ""


def check(eco: Ecosystem) -> Iterable[Violation]:
    federation = eco.federation
    if not federation.present:
        return
    # The snapshot reader is imported only here: every repository runs this check, most without a federation.
    from ..federation.snapshot import digest

    lock, entries = _lock(eco)
    if lock is None and (eco.root / LOCK).exists():
        return  # a lock that does not load is a syntax or schema finding; comparing against it would only repeat that
    by_path = {_snapshot_path(name, entry): (name, entry) for name, entry in entries.items()}
    loaded = {snap.document.path for snap in federation.snapshots}
    for snap in federation.snapshots:
        document, snapshot = snap.document, snap.snapshot
        path = document.path
        if path not in by_path:
            yield RULE.finding(path, document.locate(("repository",)),
                               f"{path} is not in the lock ({LOCK}): it was not written by `getchitty sync`, or the "
                               "sync stopped before it wrote the lock", entity=ENTITY)
            continue
        name, entry = by_path[path]
        commit = str(entry.get("commit", ""))
        if snapshot.repository.lower() != name.lower():
            yield RULE.finding(path, document.locate(("repository",), value=True),
                               f"{path} holds {snapshot.repository}, but the lock records it as the snapshot of {name}",
                               entity=ENTITY)
        elif snapshot.commit != commit:
            yield RULE.finding(path, document.locate(("commit",), value=True),
                               f"{path} was read at {snapshot.commit[:12]}, but the lock records {commit[:12]} for "
                               f"{name}: the two were written by different syncs (one stopped halfway?)", entity=ENTITY)
        elif entry.get("digest") and digest(document.source_text().encode("utf-8")) != entry["digest"]:
            yield RULE.finding(path, document.locate(("commit",), value=True),
                               f"{path} is not the snapshot the lock records for {name} at {commit[:12]} (its digest "
                               "differs): it was edited by hand, or written by a sync that did not write the lock",
                               entity=ENTITY)
    for path, (name, entry) in sorted(by_path.items()):
        if path and path not in loaded and lock is not None and not (eco.root / path).exists():
            yield RULE.finding(LOCK, lock.locate(("sources", name)),
                               f"the lock records {name} at {str(entry.get('commit', ''))[:12]}, but its snapshot "
                               f"{json.dumps(path)} does not exist", entity=ENTITY)


CHECK = Check("federation-lock", Stage.ECOSYSTEM, (RULE,), check, reads=(Input.FEDERATION,))
