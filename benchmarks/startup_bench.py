"""Start-up: a warm-cache command against the import floor of its libraries.

    python benchmarks/startup_bench.py [--quick]

``ipcli extract --dept 保护司 -f json`` on the bundled seeds with a warm cache,
against ``python -c "import click, rich.console, yaml"`` — the cost of merely
importing the libraries a command line like this is built on. Target ≤ 1.5×.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, WORK, Figure, ipcli_command, print_table, run, timed_command  # noqa: E402


def run_benchmark(quick: bool) -> list[Figure]:
    env = {"IPCLI_CACHE": str(WORK / "startup-cache")}
    command = [*ipcli_command(), "--corpus", str(ROOT / "seeds"), "extract", "--dept", "保护司",
               "-f", "json"]
    run(command, env)  # fill the cache
    runs = 10 if quick else 30
    ours = timed_command(command, runs, env, warmup=2)
    floor = timed_command([sys.executable, "-c", "import click, rich.console, yaml"], runs,
                          warmup=2)
    how = "console script" if "-m" not in command[:3] else "python -m ipcli"
    return [Figure("start-up: `extract --dept 保护司 -f json`, warm cache", ours, "s", floor,
                   "import click, rich.console, yaml", note=f"via {how}; target ≤ 1.5×")]


if __name__ == "__main__":
    print_table(run_benchmark("--quick" in sys.argv))
