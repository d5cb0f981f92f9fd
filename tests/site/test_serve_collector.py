"""`mkdocs serve` rebuilds without Python's cyclic garbage collector and collects once the server is idle
(getchitty.idle_collector, wired in the plugin): the first build runs with it, every rebuild after `on_serve`
without it, and it is running again a moment after the rebuild."""

from __future__ import annotations

import json
import subprocess
import sys

from site_support import build_env, make_tree

# MkDocs' serve path in one process (as tests/serve_builds.py), with on_serve called as `mkdocs serve` calls it.
SERVED = """
import gc, json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
import getchitty.site as site_module

URL = "http://127.0.0.1:8000/"
during = []
generated = site_module.Site.generated
def recording(self, *args, **kwargs):
    during.append(gc.isenabled())
    return generated(self, *args, **kwargs)
site_module.Site.generated = recording

def load():
    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.site_url = URL
    return config

config = load()
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=URL)
plugin = config.plugins["getchitty"]
plugin.idle_collector.idle_after = 0.2
server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=sys.argv[1])
plugin.on_serve(server, config=config, builder=None)
server.server_close()
served = gc.isenabled()
with open(sys.argv[2], "a", encoding="utf-8") as manifest:
    manifest.write("# edited\\n")
build(load(), serve_url=URL)
right_after = gc.isenabled()
time.sleep(1.0)
print(json.dumps({"during": during, "served": served, "right_after": right_after, "idle": gc.isenabled()}))
"""


def test_rebuilds_run_without_the_collector_and_it_runs_again_when_idle(tmp_path):
    tree = make_tree(tmp_path / "tree")
    done = subprocess.run([sys.executable, "-c", SERVED, str(tmp_path / "site"), "etc/chittyos/services/chittyid.yml"],
                          cwd=tree, env=build_env(tmp_path / "cache"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"during": [True, False], "served": True, "right_after": False, "idle": True}
