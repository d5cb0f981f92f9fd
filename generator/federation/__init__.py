"""Federation: what the ChittyOS repositories declare about themselves, read where it lives.

`getchitty sync` fetches the repositories named in etc/federation/sources.yml
and writes, per repository, a reviewable snapshot of the facts its declaration
files state (each with repository, commit, path and line), the lines no reader
could place, and the problems found. Everything else reads those committed
snapshots offline.

The package itself holds only where the federation's files lie: the check
needs those names in every repository, and a repository without
etc/federation/ must not pay for importing the readers to learn them.
"""

SNAPSHOT_DIR = "etc/federation/snapshot"
SOURCES = "etc/federation/sources.yml"
LOCK = "etc/federation/sources.lock.json"
