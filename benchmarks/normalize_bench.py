"""Decode + normalise throughput against opencc-python-reimplemented's converter.

    python benchmarks/normalize_bench.py [--quick]

Input: the five seeds concatenated and repeated to ≥ 10 MB (2 MB with --quick),
as bytes. ipcli: ``decode`` + ``normalize`` (width folding, junk removal, ruby
pinyin, spacing, Traditional → Simplified). Baseline, same run, same text:
``opencc.OpenCC("t2s").convert`` alone. Also checks that ipcli's Simplified
output equals OpenCC's conversion of the same normalised text on every seed.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, Figure, Stats, print_table, timed  # noqa: E402

from ipcli.text.decode import decode  # noqa: E402
from ipcli.text.normalize import normalize  # noqa: E402


def seed_bytes(megabytes: float) -> bytes:
    one = b"\n".join(p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt")))
    return one * max(1, int(megabytes * 1e6 / len(one)) + 1)


def same_output_on_seeds() -> str:
    import opencc
    converter = opencc.OpenCC("t2s")
    results = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        norm = normalize(path.read_text(encoding="utf-8"), keep_script=True)
        results.append("\n".join(norm.lines) == converter.convert("\n".join(norm.original_lines)))
    return f"same Simplified output as OpenCC on {sum(results)}/{len(results)} seeds"


def run_benchmark(quick: bool) -> list[Figure]:
    import opencc
    data = seed_bytes(2 if quick else 10)
    megabytes = len(data) / 1e6
    runs = 2 if quick else 3
    ours = timed(lambda: normalize(decode(data).text), runs)
    text = decode(data).text
    converter = opencc.OpenCC("t2s")
    theirs = timed(lambda: converter.convert(text), runs)
    rate = lambda s: Stats(megabytes / s.median, megabytes / s.high, megabytes / s.low)  # noqa: E731
    return [Figure("normalise: decode + normalise throughput", rate(ours), "MB/s", rate(theirs),
                   "opencc convert() alone", higher_is_better=True,
                   note=f"{megabytes:.1f} MB of seeds; {same_output_on_seeds()}; target ≥ 10×")]


if __name__ == "__main__":
    print_table(run_benchmark("--quick" in sys.argv))
