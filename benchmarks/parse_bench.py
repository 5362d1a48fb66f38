"""Parse throughput on varied notices, and peak memory on a 50 MB file.

    python benchmarks/parse_bench.py [--quick]

- decode + normalise + parse, one process, on ≥ 10 MB of varied notices (the
  seeds and generated notices: GB18030 and Traditional among them), against
  opencc-python-reimplemented's ``convert()`` alone on the same decoded text;
- peak memory (max RSS) of ``ipcli parse BIG -f json -o FILE`` on a 50 MB file
  (10 MB with --quick), against the same command on one seed.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gencorpus  # noqa: E402
from common import ROOT, WORK, Figure, Stats, ipcli_command, print_table, run, timed  # noqa: E402

from ipcli.parse.parser import parse_bytes  # noqa: E402
from ipcli.text.decode import decode  # noqa: E402


def varied_notices(megabytes: float) -> list[bytes]:
    corpus = gencorpus.ensure(WORK / "corpus-1000", 1000)
    files = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted(corpus.rglob("*.txt")):
        if sum(map(len, files)) >= megabytes * 1e6:
            break
        files.append(path.read_bytes())
    return files


def big_file(megabytes: int) -> Path:
    path = WORK / f"big-{megabytes}mb.txt"
    if not path.exists() or path.stat().st_size < megabytes * 1e6:
        seeds = b"\n".join(p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(seeds * (int(megabytes * 1e6 / len(seeds)) + 1))
    return path


def run_benchmark(quick: bool) -> list[Figure]:
    import opencc
    files = varied_notices(2 if quick else 10)
    megabytes = sum(map(len, files)) / 1e6
    runs = 2 if quick else 3
    ours = timed(lambda: [parse_bytes(f, "bench") for f in files], runs)
    texts = [decode(f).text for f in files]
    converter = opencc.OpenCC("t2s")
    theirs = timed(lambda: [converter.convert(t) for t in texts], runs)
    rate = lambda s: Stats(megabytes / s.median, megabytes / s.high, megabytes / s.low)  # noqa: E731
    size = 10 if quick else 50
    big = big_file(size)
    out = WORK / "big.json"
    memory = [run([*ipcli_command(), "parse", str(big), "-f", "json", "-o", str(out)])[1] / 1024
              for _ in range(runs)]
    one_seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    small = [run([*ipcli_command(), "parse", str(one_seed), "-f", "json", "-o", str(out)])[1] / 1024
             for _ in range(runs)]
    return [Figure("parse: decode + normalise + parse, one process", rate(ours), "MB/s", rate(theirs),
                   "opencc convert() alone", higher_is_better=True,
                   note=f"{megabytes:.1f} MB, {len(files)} varied notices"),
            Figure(f"peak memory: `ipcli parse` of a {size} MB file", Stats.of(memory), "MiB",
                   Stats.of(small), "the same on one seed", note="output written to a file")]


if __name__ == "__main__":
    print_table(run_benchmark("--quick" in sys.argv))
