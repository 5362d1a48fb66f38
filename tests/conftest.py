"""Shared fixtures: the seeds (found by content, never by file name), golden files."""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytest

# Tests never see the developer's own registry or corpus settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ipcli-test-config-")
for _name in ("IPCLI_REGISTRY", "IPCLI_CORPUS"):
    os.environ.pop(_name, None)

from ipcli.parse.parser import parse_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.yaml from the current parser output")
    parser.addoption("--screenshots", action="store_true",
                     help="save the browser test's screenshots to docs/ (for the README)")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@functools.lru_cache(maxsize=None)
def parsed(path: Path):
    return parse_file(path)


def seed(predicate) -> "object":
    """The one seed document satisfying ``predicate(doc)``."""
    matches = [parsed(p) for p in seed_paths() if predicate(parsed(p))]
    assert len(matches) == 1, f"expected one matching seed, got {len(matches)}"
    return matches[0]


def raw_text(doc) -> str:
    return Path(doc.source.path).read_text(encoding="utf-8")


# Seeds identified by what they contain.
def guideline_2020():
    return seed(lambda d: "高质量发展年度工作指引" in (d.meta.title or ""))


def rights_aid_2020():
    return seed(lambda d: "维权援助" in (d.meta.title or ""))


def plan_excerpt():
    return seed(lambda d: "十四五" in (d.meta.title or "") and "规划" in (d.meta.title or ""))


def work_points_2022():
    return seed(lambda d: "工作要点" in (d.meta.title or ""))


def compound_article():
    return seed(lambda d: sum(n.kind == "part" for n in d.nodes) >= 2)


def count(doc, kind: str, under=None) -> int:
    nodes = under.walk() if under is not None else doc.walk()
    return sum(1 for n in nodes if n.kind == kind)


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:  # shown by pytest on failure
        return f"CliResult(code={self.code}, err={self.err[-500:]!r}, out={self.out[:300]!r})"


@pytest.fixture
def run_cli(monkeypatch, tmp_path):
    """Run ``ipcli`` in-process: ``run_cli("parse", path, stdin=b"...")``."""
    import io
    import sys

    from ipcli.cli.app import main

    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("IPCLI_CORPUS", raising=False)
    monkeypatch.delenv("IPCLI_REGISTRY", raising=False)

    def run(*args, stdin: bytes = b"") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
            patch.setattr(sys, "stdout", out)
            patch.setattr(sys, "stderr", err)
            code = main([str(a) for a in args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def pytest_terminal_summary(terminalreporter):
    """Report how many fuzz cases ran (see tests/test_fuzz.py)."""
    try:
        from test_fuzz import FUZZ_STATS
    except ImportError:
        return
    if FUZZ_STATS["cases"]:
        terminalreporter.write_line(
            f"mutation fuzzing: {FUZZ_STATS['cases']} mutated seeds, {FUZZ_STATS['parsed']} parsed, "
            f"{FUZZ_STATS['refused']} refused cleanly")


GROWTH_4X = 8  # linear code measured up to 5.4× at 4× in slow spells; quadratic takes 16×


def assert_linear_growth(times: list[float], floor: float = 0.0) -> None:
    """CPU times at 1×, 2× and 4× an input's size grow linearly: 4× takes at most
    ``GROWTH_4X`` times 1× (quadratic code takes 16×). The 2× point is shown, not
    judged: on a shared machine one point can jump (3.5× at 2×, then 4.3× at 4×),
    and the 1×→4× span alone tells linear from quadratic. Times under ``floor``
    count as ``floor`` (timer noise)."""
    t1, _, t4 = (max(t, floor) for t in times)
    assert t4 <= GROWTH_4X * t1, f"1×: {times[0]:.3f}s, 2×: {times[1]:.3f}s, 4×: {times[2]:.3f}s"


def cpu_seconds(action, repeats: int = 3) -> float:
    """The least CPU time of ``repeats`` runs of ``action()``, the garbage collector paused:
    growth tests compare these, so that other processes on the machine do not count."""
    import gc
    import time
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            action()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def run_in_pty(args: list[str], env: dict, columns: int | None = None) -> bytes:
    """``python -m ipcli ARGS`` with its stdout and stderr on a pseudo-terminal (of
    ``columns`` columns when given): what a user at a terminal sees, bytes and all."""
    import pty
    import sys
    pid, fd = pty.fork()
    if pid == 0:  # child: stdout and stderr are the terminal
        if columns:
            import fcntl
            import struct
            import termios
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        os.execve(sys.executable, [sys.executable, "-m", "ipcli", *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks)
