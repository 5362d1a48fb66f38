"""Issue 21 point 11: every ``ipcli …`` line in the README's code blocks runs.

Each line is run as a user would type it (through the shell, with ``ipcli`` the
installed console script), in a fresh folder holding a copy of the bundled
``seeds/``, with an empty cache. Exit status: ``diff`` 1 (the seeds differ, like
``diff(1)``), everything else 0.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in FENCE.findall(text):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()  # a trailing comment
            if line.startswith("ipcli "):
                commands.append(line)
    return commands


def test_the_readme_has_the_commands_it_promises():
    commands = readme_commands()
    assert len(commands) >= 9  # the four in the introduction and the five recipes
    assert "ipcli diff 2020 2022" in commands


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs_on_the_seeds(command, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(SEEDS, work / "seeds")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "ipcli").exists(), "the console script is installed beside python"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "IPCLI_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("IPCLI_CORPUS", None)
    result = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                            timeout=300)
    want = 1 if command.split()[1] == "diff" else 0
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == want, (command, stderr)
    assert result.stdout or "-o " in command, command
    for name in re.findall(r"-o (\S+)", command):
        assert (work / name).stat().st_size > 0, (command, name)


def test_the_readme_lists_the_ledger_sheet_columns_as_written():
    """The 任务台账 columns in "Workbook and report", wide and ``--long``."""
    from ipcli.analyses.ledger import LONG_FIELDS, TASK_FIELDS
    from ipcli.report.sheets import task_sheet
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    wide = re.search(r"one row per task: ([^;]+);", text).group(1)
    long = re.search(r"with `--long`: ([^)]+)\)", text).group(1)
    for listed, fields in ((wide, TASK_FIELDS), (long, LONG_FIELDS)):
        headers = [c.label for c in task_sheet([], fields).columns]
        assert [h.strip() for h in listed.split(",")] == headers


def help_examples() -> list[str]:
    """The ``ipcli …`` example lines of every command's ``--help`` that need no file
    the seeds lack (``notice.txt``, ``~/notices``) and no other program (jq, datasette)."""
    import click

    from ipcli.cli.app import cli

    def commands(group):
        for name in group.list_commands(None):
            command = group.get_command(None, name)
            yield from commands(command) if isinstance(command, click.Group) else [command]
    lines = [re.sub(r"\s+#\s.*$", "", line).strip() for command in commands(cli)
             for line in (command.epilog or "").splitlines()]
    outside = re.compile(r"~/|notice|old\.txt|new\.txt|\.docx|\.pdf|big5|\bjq\b|datasette")
    return [line for line in lines if line.startswith("ipcli ") and not outside.search(line)]


@pytest.mark.slow
def test_every_help_example_runs_on_the_seeds(tmp_path):
    """A user copying an example from ``--help`` onto the bundled seeds gets a result or
    "nothing found" (exit 0 or 1), never an error such as ``no document from 2023``."""
    examples = help_examples()
    assert len(examples) >= 30
    work = tmp_path / "work"
    shutil.copytree(SEEDS, work / "seeds")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "IPCLI_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("IPCLI_CORPUS", None)
    failed = []
    for command in examples:
        result = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                                timeout=300)
        if result.returncode not in (0, 1) or b"Traceback" in result.stderr:
            failed.append((command, result.returncode, result.stderr.decode()[-300:]))
    assert not failed
