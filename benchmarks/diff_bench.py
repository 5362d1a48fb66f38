"""Diff benchmark: clause alignment at scale, and `ipcli diff 2020 2022` cold.

    python benchmarks/diff_bench.py [--quick]

- 2,000 × 2,000 synthetic clauses (seed sentences; B holds edited copies of 70%
  of A plus new sentences), aligned by ``ipcli.analyses.align.align`` — word
  segmentation and clause features included (fresh clauses every run) — against a naive
  all-pairs ``difflib.SequenceMatcher(autojunk=False).ratio()`` baseline timed on
  a sample of pairs in the same run and extrapolated to all four million pairs.
  Quality: how often our partner for a sampled A clause is also difflib's best
  match found exhaustively over all of B.
- ``ipcli diff 2020 2022`` on the seeds with an empty cache (parse, jieba load,
  alignment, keywords), against the jieba load alone.
"""
from __future__ import annotations

import random
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ROOT,
    WORK,
    Figure,
    Stats,
    ipcli_command,
    run_alone,
    timed,
    timed_command,
)

from ipcli.analyses.align import Unit, align  # noqa: E402
from ipcli.parse.parser import parse_file  # noqa: E402


def sentences() -> list[str]:
    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for node in parse_file(path).walk():
            found += [s + "。" for s in node.text.replace("\n", "").split("。") if 10 <= len(s) <= 120]
    return sorted(set(found))


def edit(rng: random.Random, text: str, pool: list[str]) -> str:
    """Reword a clause: replace, delete or insert a few short spans."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars))
        span = rng.randint(1, 4)
        kind = rng.random()
        if kind < 0.4:
            donor = rng.choice(pool)
            start = rng.randrange(max(1, len(donor) - span))
            chars[at:at + span] = donor[start:start + span]
        elif kind < 0.7:
            del chars[at:at + span]
        else:
            donor = rng.choice(pool)
            chars[at:at] = donor[:span]
    return "".join(chars)


def spliced(rng: random.Random, pool: list[str], taken: set[str]) -> str:
    """A new clause: the start of one seed sentence and the end of another, unique."""
    while True:
        x, y = rng.sample(pool, 2)
        text = x[:len(x) // 2] + y[len(y) // 2:]
        if text not in taken:
            taken.add(text)
            return text


def synthetic_units(count: int, seed: int = 11) -> tuple[list[Unit], list[Unit]]:
    """A: distinct clauses; B: edited copies of 70% of A, plus new clauses."""
    rng = random.Random(seed)
    pool, taken = sentences(), set()
    a_texts = [spliced(rng, pool, taken) for _ in range(count)]
    kept = rng.sample(range(count), int(count * 0.7))
    b_texts = [edit(rng, a_texts[i], pool) for i in kept]
    b_texts += [edit(rng, spliced(rng, pool, taken), pool) for _ in range(count - len(b_texts))]
    rng.shuffle(b_texts)
    a = [Unit("a", str(i), "h", t) for i, t in enumerate(a_texts)]
    b = [Unit("b", str(i), "h", t) for i, t in enumerate(b_texts)]
    return a, b


def alignment_figures(count: int, runs: int) -> list[Figure]:
    from ipcli.analyses.words import segmenter
    segmenter()  # the dictionary load is timed by cold_diff_figure, not here
    fresh = [synthetic_units(count) for _ in range(runs + 1)]  # prepared while aligned

    def one_run() -> None:
        a, b = fresh.pop()
        align(a, b, 0.3)

    ours = timed(one_run, runs)
    a, b = synthetic_units(count)
    pairs = align(a, b, 0.3)
    rng = random.Random(5)
    sample_pairs = [(rng.choice(a).text, rng.choice(b).text) for _ in range(2000)]
    started = time.perf_counter()
    for x, y in sample_pairs:
        SequenceMatcher(None, x, y, autojunk=False).ratio()
    per_pair = (time.perf_counter() - started) / len(sample_pairs)
    naive = per_pair * len(a) * len(b)
    partner = {i: j for i, j, _ in pairs}
    checked = agree = 0
    for i in rng.sample(range(len(a)), 30):
        scores = [SequenceMatcher(None, a[i].text, u.text, autojunk=False).ratio() for u in b]
        best = max(range(len(b)), key=scores.__getitem__)
        if scores[best] >= 0.6:  # only where difflib sees a clear counterpart
            checked += 1
            agree += partner.get(i) == best
    note = (f"{count:,} × {count:,} clauses, {len(pairs):,} pairs; baseline extrapolated from "
            f"2,000 sampled pairs; agrees with exhaustive difflib best match on {agree}/{checked} "
            f"sampled clauses; target ≤ 3 s")
    return [Figure(f"diff: align {count:,} × {count:,} clauses", ours, "s",
                   Stats.of([naive]), "naive all-pairs difflib", note=note)]


def cold_diff_figure(runs: int) -> Figure:
    cache = WORK / "diff-cache"

    def cold() -> None:
        import shutil
        shutil.rmtree(cache, ignore_errors=True)
        from common import run
        run([*ipcli_command(), "--corpus", str(ROOT / "seeds"), "diff", "2020", "2022",
             "-f", "json"], env={"IPCLI_CACHE": str(cache)})

    jieba_only = timed_command([sys.executable, "-c",
                                "import jieba, logging; jieba.setLogLevel(60); jieba.initialize()"],
                               runs)
    return Figure("diff: `ipcli diff 2020 2022`, cold (empty cache)", timed(cold, runs), "s",
                  jieba_only, "jieba dictionary load alone", note="target < 2 s")


def run_benchmark(quick: bool) -> list[Figure]:
    return alignment_figures(2000, runs=2 if quick else 5) + [cold_diff_figure(3 if quick else 5)]


if __name__ == "__main__":
    run_alone(run_benchmark)
