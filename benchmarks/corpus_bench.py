"""The corpus as a database: every command on 10,000 notices, warm (issue 18).

    python benchmarks/corpus_bench.py [--quick]

On the generated corpus (gencorpus.py; quick: 1,000 notices) with its database
built once, each command through the console script against a baseline measured
in the same run:

- ``extract --dept 保护司 -f json``, ``extract --dept 保护司`` (table, to a pipe),
  ``list`` (table), ``list -f json``, ``depts -f csv``: against the import floor
  (``python -c "import click, rich.console, yaml"``);
- ``search Q --limit 20`` for queries of different frequency, end to end: against
  ``rg -c Q`` over the same files (page cache warm); the median over the queries,
  and the worst (知识产权, in most nodes);
- ``diff 2020 2022 -f json``: against loading jieba's dictionary, and its peak memory;
  also on the corpus with reworded sentences (``gencorpus --reword 0.9``), whose
  clauses are distinct as real notices' are: the first run (every clause cut by
  jieba and stored) and a warm one (the words read back);
- the cold build (parse + store + index, every core) in MB/s of raw input.
"""
from __future__ import annotations

import shutil
import statistics
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
    timed_command,
)

QUERIES = ["海关", "蓝天", "质押融资", "维权援助", "专利导航", "知识产权"]
FLOOR = [sys.executable, "-c", "import click, rich.console, yaml"]
JIEBA = [sys.executable, "-c", "import jieba, logging; jieba.setLogLevel(logging.WARNING); "
                               "jieba.initialize()"]


def run_benchmark(quick: bool) -> list[Figure]:
    count = 1000 if quick else 10_000
    corpus = gencorpus.ensure(WORK / f"corpus-{count}", count)
    cache = WORK / "corpus-bench-cache"
    env = {"IPCLI_CACHE": str(cache)}
    ipcli = [*ipcli_command(), "--corpus", str(corpus)]
    megabytes = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
    shutil.rmtree(cache, ignore_errors=True)
    seconds, rss = run([*ipcli, "index"], env)
    figures = [Figure("corpus: cold build (parse + store + index)", Stats.of([megabytes / seconds]),
                      "MB/s", higher_is_better=True,
                      note=f"{megabytes:.0f} MB, {count:,} notices, peak {rss / 1024:.0f} MiB; "
                           "was 3.0 MB/s (README, 2026-11-21)")]
    runs = 5 if quick else 10
    floor = timed_command(FLOOR, runs, warmup=2)
    for args, target in ((["extract", "--dept", "保护司", "-f", "json"], "≤ 2×"),
                         (["extract", "--dept", "保护司"], "≤ 3×"), (["list"], "≤ 3×"),
                         (["list", "-f", "json"], "≤ 3×"), (["depts", "-f", "csv"], "≤ 3×")):
        ours = timed_command([*ipcli, *args], runs, env)
        figures.append(Figure(f"corpus: `{' '.join(args)}`", ours, "s", floor,
                              "import click, rich.console, yaml", note=f"target {target}"))
    figures += _search(ipcli, corpus, env, runs)
    figures += _diff(ipcli, env, max(2, runs // 3))
    figures += _reworded_diff(count, max(2, runs // 3))
    return figures


def _search(ipcli: list[str], corpus: Path, env: dict, runs: int) -> list[Figure]:
    ratios, worst = [], None
    for query in QUERIES:
        ours = timed_command([*ipcli, "search", query, "--limit", "20"], runs, env)
        base = timed_command(["rg", "-c", query, str(corpus)] if have("rg")
                             else ["grep", "-rc", query, str(corpus)], runs)
        ratios.append(ours.median / base.median)
        if query == "知识产权":
            worst = Figure("corpus: `search 知识产权` (hits in most nodes)", ours, "s", base,
                           "rg -c" if have("rg") else "grep -rc", note="target ≤ 2×")
    median = statistics.median(ratios)
    figures = [Figure(f"corpus: `search Q --limit 20`, median ratio over {len(QUERIES)} queries",
                      Stats.of([median]), "x", note="ratio to rg -c per query; target ≤ 1×")]
    return figures + ([worst] if worst else [])


def _diff(ipcli: list[str], env: dict, runs: int) -> list[Figure]:
    ours = timed_command([*ipcli, "diff", "2020", "2022", "-f", "json"], runs, env)
    _, rss = run([*ipcli, "diff", "2020", "2022", "-f", "json"], env)
    jieba = timed_command(JIEBA, runs)
    return [Figure("corpus: `diff 2020 2022 -f json`", ours, "s", jieba,
                   "jieba dictionary load", note=f"target ≤ 8×; peak {rss / 1024:.0f} MiB "
                                                 "(target ≤ 500 MiB)")]


def _reworded_diff(count: int, runs: int) -> list[Figure]:
    """``diff 2020 2022`` where clauses are distinct: cut by jieba once, then read back."""
    import sqlite3
    corpus = gencorpus.ensure(WORK / f"corpus-{count}-reworded", count, reword=0.9)
    cache = WORK / "reworded-cache"
    env = {"IPCLI_CACHE": str(cache)}
    ipcli = [*ipcli_command(), "--corpus", str(corpus)]
    run([*ipcli, "index"], env)  # parsed and stored (once: kept between runs)
    for path in cache.glob("*.sqlite"):  # no clause cut yet
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM segments")
    diff = [*ipcli, "diff", "2020", "2022", "-f", "json"]
    first, first_rss = run(diff, env, check=False)
    warm = timed_command(diff, runs, env, warmup=0)
    _, rss = run(diff, env, check=False)
    jieba = timed_command(JIEBA, runs)
    return [Figure("corpus, reworded: `diff 2020 2022 -f json`, first run", Stats.of([first]),
                   "s", jieba, "jieba dictionary load",
                   note=f"distinct clauses, every one cut and stored; peak {first_rss / 1024:.0f} MiB"),
            Figure("corpus, reworded: `diff 2020 2022 -f json`, warm", warm, "s", jieba,
                   "jieba dictionary load",
                   note=f"the clauses' words read back; peak {rss / 1024:.0f} MiB")]


if __name__ == "__main__":
    run_alone(run_benchmark)
