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
