"""The `getchitty` command: arguments, output streams and exit codes
(0 clean or only warnings, 1 errors or warnings with --strict, 2 usage or I/O)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from engine_support import GETCHITTY, PYTHON, REPO, run_cli, write

from getchitty import __version__, engine

TIMEOUT = 60


def add_error(eco) -> None:
    path = eco / "etc/chittyos/services/chittytrust.yml"
    path.write_text(path.read_text() + "colour: red\n")


def add_warning(eco) -> None:
    write(eco, "etc/chittyos/waivers.yml", """\
        waivers:
          - rule: deps/cycle
            entity: chittyid
            reason: Stale.
            owner: platform
            expires: 2999-12-31
        """)


def test_clean_exits_zero(eco, capsys):
    assert run_cli(capsys, "check", str(eco)) == (0, "0 errors, 0 warnings, 0 waived\n", "")


def test_strict_clean_exits_zero(eco, capsys):
    assert run_cli(capsys, "check", "--strict", str(eco))[0] == 0


def test_errors_exit_one(eco, capsys):
    add_error(eco)
    code, out, err = run_cli(capsys, "check", str(eco))
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "etc/chittyos/services/chittytrust.yml:7:1: error[schema/unknown-field] colour: unknown field"


def test_only_warnings_exit_zero(eco, capsys):
    add_warning(eco)
    code, out, _ = run_cli(capsys, "check", str(eco))
    assert code == 0 and out.endswith("0 errors, 1 warning, 0 waived\n")


def test_warnings_with_strict_exit_one(eco, capsys):
    add_warning(eco)
    assert run_cli(capsys, "check", "--strict", str(eco))[0] == 1
    assert run_cli(capsys, "check", str(eco), "--strict", "--format", "json")[0] == 1


def test_default_path_is_the_current_directory(eco, capsys, monkeypatch):
    monkeypatch.chdir(eco)
    assert run_cli(capsys, "check")[0] == 0
    add_error(eco)
    assert run_cli(capsys, "check")[0] == 1


def test_relative_path(eco, capsys, monkeypatch):
    monkeypatch.chdir(eco.parent)
    assert run_cli(capsys, "check", eco.name)[0] == 0


def test_nonexistent_path_exits_two(tmp_path, capsys):
    missing = tmp_path / "nope"
    code, out, err = run_cli(capsys, "check", str(missing))
    assert (code, out) == (2, "")
    assert err == f"getchitty check: {missing} is not a directory\n"


def test_file_as_path_exits_two(tmp_path, capsys):
    target = write(tmp_path, "file.yml", "a: 1\n")
    code, _, err = run_cli(capsys, "check", str(target))
    assert code == 2 and err == f"getchitty check: {target} is not a directory\n"


def test_path_without_sources_exits_two(tmp_path, capsys):
    (tmp_path / "etc").mkdir()
    code, out, err = run_cli(capsys, "check", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"getchitty check: {tmp_path} has no etc/chittyos/ folder: not a getchitty repository\n"


def test_sources_folder_is_a_file_exits_two(tmp_path, capsys):
    write(tmp_path, "etc/chittyos", "not a folder\n")
    assert run_cli(capsys, "check", str(tmp_path))[0] == 2


@pytest.mark.parametrize("args, fragment", [
    ([], "the following arguments are required: COMMAND"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (["check", "--bogus"], "unrecognized arguments: --bogus"),
    (["check", "a", "b"], "unrecognized arguments: b"),
    (["check", "--format"], "argument --format: expected one argument"),
])
def test_bad_arguments_exit_two(capsys, args, fragment):
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == ""
    assert fragment in err and "usage: getchitty" in err
    assert "Traceback" not in err


def test_version(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert (code, out) == (0, f"getchitty {__version__}\n")


def test_help(capsys):
    code, out, _ = run_cli(capsys, "check", "--help")
    assert code == 0 and "--strict" in out and "--no-cache" in out and "{github,json,sarif,text}" in out


@pytest.mark.parametrize("columns", [None, "60", "200", "0", "-3", "wide"])
def test_help_takes_the_width_argparse_would(monkeypatch, columns):
    """The help formatter finds the terminal's width without shutil, as shutil.get_terminal_size does."""
    import argparse

    from getchitty import cli

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._HelpFormatter("getchitty")._width == argparse.HelpFormatter("getchitty")._width
    parser = cli.build_parser()
    ours = parser.format_help()
    parser.formatter_class = argparse.HelpFormatter
    assert ours == parser.format_help()


def test_building_the_parser_imports_no_shutil():
    code = "import sys; from getchitty import cli; cli.build_parser(); print('shutil' in sys.modules)"
    assert subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_os_error_exits_two(eco, capsys, monkeypatch):
    def failing(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(eco / "etc/chittyos"))

    monkeypatch.setattr(engine, "check", failing)
    code, out, err = run_cli(capsys, "check", str(eco))
    assert (code, out) == (2, "")
    assert err == f"getchitty check: {eco / 'etc/chittyos'}: Permission denied\n"


def test_keyboard_interrupt_exits_130(eco, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "check", interrupted)
    assert run_cli(capsys, "check", str(eco))[0] == 130


def test_no_cache_writes_no_cache(eco, capsys, isolated_cache):
    assert run_cli(capsys, "check", "--no-cache", str(eco))[0] == 0
    assert list(isolated_cache.iterdir()) == []
    assert run_cli(capsys, "check", str(eco))[0] == 0
    assert len(list(isolated_cache.glob("*.json"))) == 1


def test_cli_and_engine_agree(eco, capsys):
    add_error(eco)
    add_warning(eco)
    result = engine.check(eco)
    data = json.loads(run_cli(capsys, "check", "--format", "json", str(eco))[1])
    assert [(f["rule"], f["path"], f["line"], f["col"]) for f in data["findings"]] == [
        (v.rule, v.path, v.line, v.col) for v in result.violations]


# --- the installed command ------------------------------------------------------------------------


def run_command(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(GETCHITTY), *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd,
                          env={**os.environ})


def test_installed_command_clean(eco):
    done = run_command("check", str(eco))
    assert (done.returncode, done.stdout, done.stderr) == (0, "0 errors, 0 warnings, 0 waived\n", "")


def test_installed_command_errors(eco):
    add_error(eco)
    done = run_command("check", "--format", "github", str(eco))
    assert done.returncode == 1
    assert done.stdout.startswith(
        "::error file=etc/chittyos/services/chittytrust.yml,line=7,col=1,title=schema/unknown-field::colour: unknown field")


def test_installed_command_usage(tmp_path):
    done = run_command("check", str(tmp_path / "nope"))
    assert done.returncode == 2 and "is not a directory" in done.stderr and "Traceback" not in done.stderr
    done = run_command("--nonsense")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_python_dash_m(eco):
    done = subprocess.run([str(PYTHON), "-m", "getchitty", "check", str(eco)], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=REPO)
    assert (done.returncode, done.stdout) == (0, "0 errors, 0 warnings, 0 waived\n")


def test_installed_command_flushes_what_it_wrote_before_it_leaves(eco):
    """The command leaves without the interpreter's teardown: a short report waits in the pipe's buffer and must
    be flushed first (a write larger than the buffer goes out at once, so only a short one shows the loss)."""
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    for command in ([str(GETCHITTY)], [str(PYTHON), "-m", "getchitty"]):
        done = subprocess.run([*command, "check", str(eco)], capture_output=True, text=True, timeout=TIMEOUT,
                              env=buffered)
        assert (done.returncode, done.stdout, done.stderr) == (0, "0 errors, 0 warnings, 0 waived\n", "")


class Left(Exception):
    """os._exit, stood in for: the test process must live on."""


@pytest.fixture
def exits(monkeypatch):
    from getchitty import cli

    def leave(code: int):
        raise Left(code)
    monkeypatch.setattr(cli, "main", lambda: 1)
    monkeypatch.setattr(cli.os, "_exit", leave)
    return cli


def test_run_leaves_without_teardown_when_alone(exits):
    with pytest.raises(Left) as left:
        exits.run()
    assert left.value.args == (1,)


def test_run_waits_for_a_thread_left_running(exits):
    import threading

    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as stopped:  # the usual exit, which waits for the thread
            exits.run()
        assert stopped.value.code == 1
    finally:
        release.set()
        worker.join()


def test_run_takes_the_usual_exit_when_its_output_cannot_be_flushed(exits, monkeypatch):
    class Closed:
        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")
    monkeypatch.setattr(exits.sys, "stdout", Closed())
    with pytest.raises(SystemExit) as stopped:
        exits.run()
    assert stopped.value.code == 1
