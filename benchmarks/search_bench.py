"""Search benchmark: index build speed and query latency on a synthetic corpus.

    python benchmarks/search_bench.py [--quick]

Full: 10,000 generated notices (~140 MB, see gencorpus.py); quick: 1,000.
Figures, each against baselines measured in the same run:

- index build, cold (parse + index from raw files, fresh cache), MB/s of raw input,
  and its peak memory;
- warm query latency p50 / p95 over 6 queries of 2–6 characters, in-process with
  the corpus summaries loaded (as an editor plug-in or a server would), against
  ``rg -c`` and ``grep -rc`` scanning the same raw files (page cache warm);
- the same queries through the command line (``ipcli search Q --limit 20 -f json``),
  which adds start-up and reading the summaries of every document.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gencorpus  # noqa: E402
from common import (  # noqa: E402
    WORK,
    Figure,
    Stats,
    have,
    ipcli_command,
    run,
    run_alone,
    timed,
    timed_command,
)

QUERIES = ["海关", "蓝天", "质押融资", "维权援助", "专利导航", "数据知识产权"]


def corpus_size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6


def warm_page_cache(folder: Path) -> None:
    for path in folder.rglob("*.txt"):
        path.read_bytes()


def build_figures(corpus: Path, runs: int) -> tuple[list[Figure], Path]:
    megabytes = corpus_size(corpus)
    warm_page_cache(corpus)
    rates, memory = [], []
    cache = WORK / "search-cache"
    for attempt in range(runs + 1):  # the first build is the warm-up
        shutil.rmtree(cache, ignore_errors=True)
        seconds, rss = run([*ipcli_command(), "--corpus", str(corpus), "index"],
                           env={"IPCLI_CACHE": str(cache)})
        if attempt:
            rates.append(megabytes / seconds)
            memory.append(rss / 1024)
    target = f"{megabytes:.0f} MB, {len(list(corpus.rglob('*.txt'))):,} notices"
    return [Figure("search: index build, cold (parse + index)", Stats.of(rates), "MB/s",
                   higher_is_better=True, note=f"{target}; target ≥ 2 MB/s"),
            Figure("peak memory: index build", Stats.of(memory), "MiB", note=target)], cache


def query_figures(corpus: Path, cache: Path, runs: int) -> list[Figure]:
    os.environ["IPCLI_CACHE"] = str(cache)
    from ipcli.cli.session import Session
    session = Session(str(corpus))
    entries = session.entries([])
    searcher = session.searcher()
    ours, rg, grep, cli = [], [], [], []
    for query in QUERIES:
        ours += timed(lambda q=query: searcher.search(q, entries, session.library.ensure,
                                                      limit=20), runs, warmup=2).samples
        if have("rg"):
            rg += timed_command(["rg", "-c", query, str(corpus)], runs).samples
        grep += timed_command(["grep", "-rc", query, str(corpus)], runs).samples
        cli += timed_command([*ipcli_command(), "--corpus", str(corpus), "search", query,
                              "--limit", "20", "-f", "json"], max(3, runs // 3),
                             env={"IPCLI_CACHE": str(cache)}).samples
    ours_stats, grep_stats = Stats.of(ours), Stats.of(grep)
    rg_stats = Stats.of(rg) if rg else None
    figures = []
    for label, percent in (("p50", 50), ("p95", 95)):
        value = Stats(ours_stats.p(percent), min(ours), max(ours), ours)
        base = Stats(rg_stats.p(percent), min(rg), max(rg), rg) if rg_stats else None
        figures.append(Figure(f"search: warm query {label} ({len(QUERIES)} queries)", value, "s",
                              base, "rg -c" if base else "rg not installed (skipped)",
                              note="target p50 ≤ 50 ms and below rg" if percent == 50 else ""))
        figures.append(Figure(f"search: warm query {label} vs grep", value, "s",
                              Stats(grep_stats.p(percent), min(grep), max(grep), grep),
                              "grep -rc"))
    figures.append(Figure("search: CLI end to end, warm (--limit 20)", Stats.of(cli), "s",
                          Stats(grep_stats.median, min(grep), max(grep), grep), "grep -rc",
                          note="includes start-up and reading all summaries"))
    return figures


def run_benchmark(quick: bool) -> list[Figure]:
    count = 1000 if quick else 10_000
    corpus = gencorpus.ensure(WORK / f"corpus-{count}", count)
    figures, cache = build_figures(corpus, runs=1 if quick else 2)
    return figures + query_figures(corpus, cache, runs=5 if quick else 15)


if __name__ == "__main__":
    run_alone(run_benchmark)
