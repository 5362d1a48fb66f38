"""Issue 14.7 and 14.20 in the parser and the normaliser: time grows linearly, memory is bounded.

Each time check runs the same input at 1×, 2× and 4× its size (the least CPU time of three
runs, the garbage collector paused: ``conftest.cpu_seconds``) and
asks for 4× to take at most 8× the time of 1× (``conftest.assert_linear_growth``) —
quadratic code takes 16×. Memory is the peak RSS of a child process (its ``VmHWM``), minus that of the
same command on a one-line file, per MB of input.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, assert_linear_growth, cpu_seconds, parsed, seed_paths

from ipcli.formats import (
    write_document_json,
    write_document_yaml,
    write_json,
    write_yaml,
)
from ipcli.parse.parser import parse_text
from ipcli.text.normalize import normalize, strip_ruby

needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
                                reason="peak memory is read from /proc/self/status")


def assert_linear(function, make, size: int) -> None:
    assert_linear_growth([cpu_seconds(lambda arg=make(size * k): function(arg))
                          for k in (1, 2, 4)])


@pytest.mark.slow
def test_repeated_numbering_is_linear():
    """``一、标题`` × 20,000 took 98 s: each repeated id probed ~2, ~3, … one by one."""
    assert_linear(parse_text, lambda n: "一、标题\n" * n, 8_000)
    doc = parse_text("一、标题\n" * 5)
    assert [n.id for n in doc.nodes] == ["1", "1~2", "1~3", "1~4", "1~5"]


@pytest.mark.slow
def test_cycling_numbers_are_linear():
    """Sections numbered 一…十 over and over: every id repeats many times."""
    digits = "一二三四五六七八九十"
    assert_linear(parse_text, lambda n: "\n".join(f"{digits[i % 10]}、推进专利转化"
                                                  for i in range(n)), 8_000)


@pytest.mark.slow
def test_long_node_is_linear():
    """A node continued over many lines: its text was extended line by line (quadratic)."""
    assert_linear(parse_text, lambda n: "一、总体要求\n" + "坚持创新驱动发展。\n" * n, 40_000)


@pytest.mark.slow
def test_nested_ruby_is_linear():
    """``(ā(ā(…(zhī)…)))`` 80 KB deep took 26 s: one regex pass per nesting level."""
    def nested(depth: int) -> str:
        return "知识产权" + "(ā" * depth + "zhī" + ")" * depth + "保护"
    assert strip_ruby(nested(3)) == "知识产权保护"
    assert_linear(strip_ruby, nested, 25_000)
    assert_linear(normalize, lambda depth: "一、标题\n" + nested(depth), 25_000)


def test_nested_ruby_removes_what_repeated_passes_removed():
    assert strip_ruby("知(ā(zhī))識(shí)產(chǎn)權(quán)") == "知識產權"
    assert strip_ruby("知(ā(x))识") == "知(ā(x))识"           # (x) is no syllable: nothing exposed
    assert strip_ruby("知(ā(zhī)x)識(shí)產(chǎn)") == "知識產"   # (āx) exposed, then removed
    assert strip_ruby("(TISC)(zhī)(2020)") == "(TISC)(2020)"


# The child reports its own high-water mark: ru_maxrss from wait4 would include the
# forked copy of this (large) pytest process from before the child's exec.
_CHILD = """\
import atexit, sys
def report():
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
    sys.stderr.write(f"\\nVmHWM {hwm}\\n")
atexit.register(report)
from ipcli.cli.app import main
sys.exit(main(sys.argv[1:]))
"""


def peak_rss_mb(path, tmp_path) -> float:
    """Peak RSS (MiB) of ``ipcli parse path -f json -o out`` in a child process."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, "parse", str(path), "-f", "json",
                           "-o", str(tmp_path / "out.json")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.split("VmHWM")[-1]) / 1024


def memory_per_input_mb(tmp_path, text: str) -> float:
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("一、标题\n", encoding="utf-8")
    big.write_text(text, encoding="utf-8")
    baseline, peak = peak_rss_mb(small, tmp_path), peak_rss_mb(big, tmp_path)
    size = big.stat().st_size / 1e6
    print(f"\n{size:.1f} MB: peak {peak:.0f} MiB, baseline {baseline:.0f} MiB")
    return (peak - baseline) / size


@pytest.mark.slow
@needs_proc
def test_memory_of_many_short_lines(tmp_path):
    """1M short lines (7 MB) peaked at 314 MiB (41 MiB per MB above start-up); now ~18."""
    assert memory_per_input_mb(tmp_path, "一二\n" * 500_000) < 25


@pytest.mark.slow
@needs_proc
def test_memory_of_many_numbered_lines(tmp_path):
    """Numbered lines with tasks and numbering warnings: 48 MiB per MB before, now ~31."""
    digits = "一二三四五六七八九十"
    lines = [[f"{digits[(i // 4) % 10]}、总体要求", f"({digits[i % 10]})指导思想。坚持创新。",
              f"{i % 50 + 1}.推进修订专利法。", "为贯彻落实,制定本方案。(保护司负责)"][i % 4]
             for i in range(60_000)]
    assert memory_per_input_mb(tmp_path, "\n".join(lines)) < 36


@pytest.mark.parametrize("make", [
    lambda: [parsed(p) for p in seed_paths()],
    lambda: [parse_text("", "empty"), parse_text("一、甲 'x' \"y\"\n: - [c]\n(一)乙\n1.丙\n三、丁", "q")],
], ids=["seeds", "edge-cases"])
def test_documents_are_written_piecewise_exactly_as_whole(make):
    """The parse writers convert one top-level node at a time (a second copy of a large
    tree was a third of the peak), yet print exactly what dumping ``to_dict()`` prints."""
    for doc in make():
        whole, piecewise = io.StringIO(), io.StringIO()
        write_json(doc.to_dict(), whole, trailing_newline=False)
        write_document_json(doc, piecewise)
        assert piecewise.getvalue() == whole.getvalue()
        assert json.loads(piecewise.getvalue()) == doc.to_dict()
        whole, piecewise = io.StringIO(), io.StringIO()
        write_yaml(doc.to_dict(), whole)
        write_document_yaml(doc, piecewise)
        assert piecewise.getvalue() == whole.getvalue()


def test_the_growth_check_passes_linear_and_fails_quadratic_times():
    assert_linear_growth([0.2, 0.43, 1.14])  # linear, in a slow spell
    assert_linear_growth([0.145, 0.505, 0.621])  # linear, one point jumped
    assert_linear_growth([0.001, 0.03, 0.05], floor=0.05)  # all timer noise
    for times in ([1.0, 4.0, 16.0], [1.0, 2.0, 9.0], [0.1, 0.5, 2.0]):  # quadratic, or worse
        with pytest.raises(AssertionError):
            assert_linear_growth(times)
