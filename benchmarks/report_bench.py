"""Report benchmark: the HTML report and the Excel ledger of a generated corpus.

    python benchmarks/report_bench.py [--quick]

Full: 10,000 generated notices (see gencorpus.py); quick: 1,000. The corpus is
parsed into its own cache first (not timed: the report reads parsed documents).
Figures, each against a baseline measured in the same run on the same corpus:

- ``ipcli report -o report.html``: wall time against ``ipcli extract -f json``
  (every task of the corpus, the ledger's own query); target < 60 s;
- the page's size (target < 20 MB) and the report's peak memory;
- ``ipcli extract -f xlsx -o ledger.xlsx`` against ``extract -f csv``.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gencorpus  # noqa: E402
from common import WORK, Figure, Stats, ipcli_command, run, run_alone  # noqa: E402


def _timed(args: list[str], env: dict, runs: int) -> tuple[Stats, Stats]:
    """Seconds and peak memory (MiB) of ``runs`` runs of a command."""
    seconds, memory = [], []
    for _ in range(runs):
        elapsed, rss = run(args, env)
        seconds.append(elapsed)
        memory.append(rss / 1024)
    return Stats.of(seconds), Stats.of(memory)


def run_benchmark(quick: bool) -> list[Figure]:
    count = 1000 if quick else 10_000
    corpus = gencorpus.ensure(WORK / f"corpus-{count}", count)
    env = {"IPCLI_CACHE": str(WORK / "report-cache")}
    base = [*ipcli_command(), "--corpus", str(corpus)]
    run([*base, "list", "-f", "json"], env)  # parse everything once (not timed)
    runs = 1 if quick else 3
    page, book = WORK / "report.html", WORK / "ledger.xlsx"
    report, memory = _timed([*base, "report", "-o", str(page)], env, runs)
    ledger, _ = _timed([*base, "extract", "-f", "json", "-o", str(WORK / "ledger.json")], env, runs)
    size = page.stat().st_size / 1e6
    xlsx, _ = _timed([*base, "extract", "-f", "xlsx", "-o", str(book)], env, 1)
    csv, _ = _timed([*base, "extract", "-f", "csv", "-o", str(WORK / "ledger.csv")], env, 1)
    target = f"{count:,} notices, warm cache"
    return [
        Figure("report: `ipcli report -o report.html`", report, "s", ledger,
               "extract -f json (all tasks)", note=f"{target}; target < 60 s"),
        Figure("report: size of report.html", Stats.of([size]), "MB",
               note=f"{target}; target < 20 MB"),
        Figure("peak memory: report", memory, "MiB", note=target),
        Figure("ledger: `extract -f xlsx -o ledger.xlsx`", xlsx, "s", csv, "extract -f csv",
               note=f"{target}; {book.stat().st_size / 1e6:.0f} MB workbook"),
    ]


if __name__ == "__main__":
    run_alone(run_benchmark)
