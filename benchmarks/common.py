"""Shared benchmark harness: timing with warm-up, peak memory of child processes, a table.

Every figure is the median of several runs after a warm-up run, with min and max,
next to a baseline measured in the same run, and the ratio between them. Nothing
here asserts a speed: benchmarks report, CI only checks that they run.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("IPCLI_BENCH_DIR", "/tmp/ipcli-bench"))


@dataclass
class Stats:
    median: float
    low: float
    high: float
    samples: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, samples: list[float]) -> "Stats":
        return cls(statistics.median(samples), min(samples), max(samples), samples)

    def p(self, percent: float) -> float:
        ordered = sorted(self.samples)
        index = min(len(ordered) - 1, max(0, round(percent / 100 * (len(ordered) - 1))))
        return ordered[index]


@dataclass
class Figure:
    name: str
    value: Stats | None
    unit: str
    baseline: Stats | None = None
    baseline_name: str = ""
    higher_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.value or not self.baseline or not self.baseline.median:
            return None
        return self.value.median / self.baseline.median


def timed(action: Callable[[], object], runs: int, warmup: int = 1) -> Stats:
    """Wall-clock seconds of ``action``: ``warmup`` unmeasured runs, then ``runs``."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return Stats.of(samples)


def ipcli_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m ipcli``."""
    script = Path(sys.executable).parent / "ipcli"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ipcli"]


def run(args: list[str], env: dict | None = None, check: bool = True) -> tuple[float, int]:
    """Run a command; (wall seconds, peak RSS of that process in KiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = proc.stderr.read().decode(errors="backslashreplace") if proc.stderr else ""
    if check and proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {error[-500:]}")
    return elapsed, usage.ru_maxrss


def timed_command(args: list[str], runs: int, env: dict | None = None, warmup: int = 1) -> Stats:
    return timed(lambda: run(args, env), runs, warmup)


def have(program: str) -> bool:
    return shutil.which(program) is not None


def fmt_stats(stats: Stats | None, unit: str) -> str:
    if stats is None:
        return "—"
    scale, suffix = {"s": (1000, "ms"), "MB/s": (1, "MB/s"), "MiB": (1, "MiB"),
                     "x": (1, "×")}.get(unit, (1, unit))
    if unit == "s" and stats.median >= 1:
        scale, suffix = 1, "s"
    def one(v):
        return f"{v * scale:,.1f}" if v * scale < 100 else f"{v * scale:,.0f}"
    if stats.low == stats.high:
        return f"{one(stats.median)} {suffix}"
    return f"{one(stats.median)} {suffix} ({one(stats.low)}–{one(stats.high)})"


def print_table(figures: list[Figure], out=sys.stdout) -> None:
    """One Markdown table: figure, ipcli, baseline, ratio, note."""
    out.write("| figure | ipcli (median, min–max) | baseline (same run) | ratio | note |\n")
    out.write("| --- | --- | --- | --- | --- |\n")
    for f in figures:
        ratio = f.ratio
        ratio_text = "—" if ratio is None else f"{ratio:.3g}×"
        baseline = (f"{f.baseline_name}: {fmt_stats(f.baseline, f.unit)}"
                    if f.baseline else (f.baseline_name or "—"))
        out.write(f"| {f.name} | {fmt_stats(f.value, f.unit)} | {baseline} | {ratio_text} "
                  f"| {f.note} |\n")
    out.flush()


def compile_bytecode() -> None:
    """Bring ipcli's bytecode up to date, as ``pip install`` does for the libraries the
    baselines import: with ``PYTHONDONTWRITEBYTECODE`` set (as on this project's
    machines), an editable install would otherwise compile every edited module from
    source in every timed run (~1 ms a module)."""
    import compileall
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "ipcli"), quiet=1)


def run_alone(run_benchmark) -> None:
    """``python benchmarks/X_bench.py [--quick]``: one benchmark's table, its time on stderr
    (``run.py`` calls ``run_benchmark`` itself)."""
    compile_bytecode()
    started = time.perf_counter()
    print_table(run_benchmark("--quick" in sys.argv))
    print(f"\n({time.perf_counter() - started:.0f} s)", file=sys.stderr)
