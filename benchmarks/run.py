"""Run every benchmark and print one table.

    python benchmarks/run.py [--quick] [--only NAME,...]

Each figure is the median of several runs after a warm-up, with min and max,
next to a baseline measured in the same run, and the ratio. Full run: about
5 minutes on 2 cores (15 at most); --quick: under 2 minutes. Generated data
goes to $IPCLI_BENCH_DIR (default /tmp/ipcli-bench), never into the repository.
A benchmark that crashes makes this script exit 1; slow figures never do.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
import traceback
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, compile_bytecode, print_table  # noqa: E402

BENCHMARKS = ["startup_bench", "normalize_bench", "parse_bench", "search_bench", "diff_bench",
              "match_bench", "readers_bench", "corpus_bench", "report_bench"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer runs (< 2 min)")
    parser.add_argument("--only", help="comma-separated benchmark names, e.g. search_bench")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else BENCHMARKS
    figures: list[Figure] = []
    failed = []
    compile_bytecode()
    started = time.perf_counter()
    for name in chosen:
        began = time.perf_counter()
        try:
            module = __import__(name)
            figures += module.run_benchmark(args.quick)
            print(f"{name}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
        except Exception:
            failed.append(name)
            traceback.print_exc()
    import os
    print(f"ipcli benchmarks, {date.today()}, {'quick' if args.quick else 'full'} run, "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{time.perf_counter() - started:.0f} s\n")
    print_table(figures)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
