"""Conventions every command follows (see the cli module docstring)."""
from __future__ import annotations

import ast
import os
import subprocess
import sys

import click
import pytest
from conftest import ROOT, SEEDS, run_in_pty

from ipcli.cli.app import all_commands

PACKAGE = ROOT / "ipcli"


def commands() -> list[tuple[str, click.Command]]:
    found = []
    for name, command in all_commands().items():
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize("name", [n for n, _ in commands()])
def test_every_command_has_help_with_an_example_and_is_in_the_readme(run_cli, name):
    result = run_cli(*name.split(), "--help")
    assert result.code == 0 and "Usage:" in result.out
    command = dict(commands())[name]
    if not name.startswith("cache "):
        assert "Examples:" in result.out and "ipcli " in result.out.split("Examples:")[1]
    assert f"ipcli {name.split()[0]}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert command.help


def run(args, env=None, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "ipcli", *args], capture_output=True,
                          env=env, text=True, **kw)


def test_no_escape_codes_when_piped(tmp_path):
    for args in (["list"], ["show", "cnipa-2020-hq-guideline"], ["depts"],
                 ["extract", "--dept", "保护司"]):
        result = run(["--corpus", str(SEEDS), *args], env={"IPCLI_CACHE": str(tmp_path)})
        assert result.returncode == 0 and "\x1b[" not in result.stdout + result.stderr


def _in_pty(args, env) -> bytes:
    return run_in_pty(args, env)


def test_colour_in_a_terminal_and_none_with_no_color(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path), "TERM": "xterm",
           "COLUMNS": "150"}
    env.pop("NO_COLOR", None)
    args = ["--corpus", str(SEEDS), "list"]
    assert b"\x1b[" in _in_pty(args, env)
    assert b"\x1b[" not in _in_pty(args, {**env, "NO_COLOR": "1"})


def test_quiet_on_a_broken_pipe(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    for args in ("list", "parse seeds/*.txt", "show cnipa-2020-hq-guideline", "depts",
                 "search 知识产权 -f json"):
        for reader in ("head -1", "head -c 0", "true"):  # closes late, at once, never reads
            result = subprocess.run(f"{sys.executable} -m ipcli {args} | {reader}; "
                                    "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                                    capture_output=True, text=True, env=env, cwd=ROOT)
            assert result.returncode == 0 and result.stderr == "", (args, reader, result)


def test_a_closed_stderr_is_quiet_and_keeps_the_status(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    for args, code in (("extract", 0), ("extract --dept 海关总署 -f json", 0),
                       ("show nosuchdoc", 2), ("search 不存在的词语", 1)):
        for redirect, reader in (("2>&1", "head -1"), ("2>&1 >/dev/null", "true"),
                                 ("2>&1 >/dev/null", "head -c 0")):
            result = subprocess.run(f"{sys.executable} -m ipcli {args} {redirect} | {reader}; "
                                    "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                                    capture_output=True, text=True, env=env, cwd=ROOT)
            assert result.returncode == code and result.stderr == "", (args, redirect, reader, result)


@pytest.mark.parametrize("args, words", [
    (["nosuchcommand"], "no such command 'nosuchcommand'. Hint: see `ipcli --help`"),
    (["list", "-f", "nosuchformat"], "'nosuchformat' is not one of"),
    (["show"], "missing argument 'DOC'. Hint: see `ipcli show --help`"),
    (["extract", "--nosuch"], "no such option '--nosuch'"),
    (["search", "--limit", "x", "海关"], "'x' is not a valid integer"),
])
def test_usage_errors_are_one_line_with_a_hint(run_cli, args, words):
    result = run_cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("Error: ") and words in result.err
    assert ". Hint: see `ipcli" in result.err


def test_version(run_cli):
    assert run_cli("--version").code == 0


def test_debug_shows_a_traceback(run_cli, tmp_path):
    assert "Traceback" not in run_cli("parse", tmp_path / "x.txt").err
    assert "Traceback" in run_cli("--debug", "parse", tmp_path / "x.txt").err


def _imported(args, tmp_path) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['ipcli', *sys.argv[1:]]\n"
            "from ipcli.cli.app import main\nimport io, contextlib\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
            "print(' '.join(sorted(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            env=env, cwd=ROOT)
    return set(result.stdout.split())


@pytest.mark.parametrize("args", [["list", "-f", "json"], ["extract", "--dept", "保护司", "-f", "json"],
                                  ["parse", "seeds/cnipa-2022-work-points.txt"], ["depts", "-f", "csv"],
                                  ["check"], ["show", "cnipa-2022-work-points", "-f", "json"]])
def test_commands_that_do_not_segment_never_import_jieba(args, tmp_path):
    modules = _imported(args, tmp_path)
    assert "ipcli.cli.app" in modules and "jieba" not in modules
    if "json" in args or "csv" in args:
        assert "rich" not in modules


def test_yaml_is_only_ever_loaded_and_dumped_safely():
    """No yaml.load without a Safe loader, no unsafe_load/full_load, no unsafe dumper."""
    vetted = 0
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                    "unsafe_load", "full_load", "load_all", "UnsafeLoader", "FullLoader",
                    "Loader", "Dumper", "CLoader", "CDumper"):
                raise AssertionError(f"{path}: yaml.{node.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("load", "dump"):
                keywords = {k.arg: ast.unparse(k.value) for k in node.keywords}
                if getattr(node.func.value, "id", "") in ("yaml", "_yaml") or "Loader" in keywords \
                        or "Dumper" in keywords:
                    chosen = keywords.get("Loader", keywords.get("Dumper", ""))
                    assert chosen and ("Safe" in chosen or chosen in ("loader", "_dumper()")), \
                        f"{path.name}: {ast.unparse(node)}"
                    vetted += 1
    assert vetted >= 3  # formats.load_yaml, dumps_yaml, write_yaml


def test_a_command_runs_full_garbage_collections_rarely_but_still_collects_young_cycles():
    """``main`` keeps CPython's young collections and makes full ones 100× rarer (they
    walked every live object: 2.8 of 14 s of ``diff`` at 10,000 notices)."""
    script = ("import gc, io, contextlib\n"
              "from ipcli.cli.app import main, FULL_COLLECTION_EVERY\n"
              "with contextlib.redirect_stdout(io.StringIO()): main(['--version'])\n"
              "young, middle, full = gc.get_threshold()\n"
              "assert full == FULL_COLLECTION_EVERY == 1000 and young > 0 and middle > 0\n"
              "class Cycle: pass\n"
              "before = gc.get_stats()[0]['collected']\n"
              "for _ in range(20000):\n"
              "    c = Cycle(); c.me = c\n"
              "assert gc.get_stats()[0]['collected'] - before >= 10000, gc.get_stats()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
