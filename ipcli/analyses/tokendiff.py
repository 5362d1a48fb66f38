"""Word-level diff of two token lists in near-linear time.

``opcodes(["深入开展", "地理", "标志", "助力", "精准扶贫"], ["深入开展", "地理", "标志",
"助力", "乡村振兴", "行动"])`` → ``[("equal", 0, 4, 0, 4), ("replace", 4, 5, 4, 6)]``,
the same shape as ``difflib.SequenceMatcher.get_opcodes()``.

``SequenceMatcher`` (with ``autojunk=False``, which Chinese needs: its default
junks the commonest tokens of long sequences, i.e. 知识产权) is quadratic in the
worst case: two 40,000-word clauses without punctuation took 40 s. Here it only
ever sees small pieces:

1. the common prefix and suffix are split off;
2. a small middle goes to ``SequenceMatcher``;
3. a large one is cut at *anchors* — runs of ``k`` tokens (k = 1, 2, 4, 8)
   occurring exactly once on each side — keeping the longest chain of anchors
   that is in order on both sides (patience diff), and each gap between
   anchors is diffed the same way;
4. a region with no anchor at all is one replacement.

Every region costs work proportional to its size, and a budget of
``_BUDGET × (len(a) + len(b))`` tokens of such work bounds the total: past it, the
remaining regions are replacements. So the time is linear whatever the input;
only adversarial inputs (repetitive, reordered) get a coarser diff.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from typing import Sequence

_SMALL = 40_000  # len(a) * len(b) below which SequenceMatcher is used directly
_BUDGET = 24  # work allowed per input token (tokens scanned while finding anchors)
_ANCHOR_SIZES = (1, 2, 4, 8)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """``equal`` / ``replace`` / ``delete`` / ``insert`` spans turning ``a`` into ``b``."""
    blocks = matching_blocks(a, b)
    ops, i, j = [], 0, 0
    for ai, bj, size in blocks + [(len(a), len(b), 0)]:
        if i < ai and j < bj:
            ops.append(("replace", i, ai, j, bj))
        elif i < ai:
            ops.append(("delete", i, ai, j, j))
        elif j < bj:
            ops.append(("insert", i, i, j, bj))
        if size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return ops


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Non-overlapping ``(i, j, size)`` with ``a[i:i+size] == b[j:j+size]``, in order."""
    budget = [_BUDGET * (len(a) + len(b)) + _SMALL]
    blocks: list[tuple[int, int, int]] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        region = todo.pop()
        found, gaps = _split(a, b, region, budget)
        blocks += found
        todo += gaps
    return _merged(sorted(blocks))


def _split(a, b, region, budget) -> tuple[list, list]:
    """Blocks found directly in a region, and the sub-regions still to diff."""
    blocks, (a0, a1, b0, b1) = _trim(a, b, region)
    if a0 == a1 or b0 == b1:
        return blocks, []
    if (a1 - a0) * (b1 - b0) <= _SMALL:
        matcher = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
        blocks += [(a0 + i, b0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]
        return blocks, []
    budget[0] -= len(_ANCHOR_SIZES) * ((a1 - a0) + (b1 - b0))
    anchors = _anchors(a, b, a0, a1, b0, b1) if budget[0] >= 0 else []
    gaps, i, j = [], a0, b0
    for ai, bj, size in anchors:
        blocks.append((ai, bj, size))
        gaps.append((i, ai, j, bj))
        i, j = ai + size, bj + size
    gaps.append((i, a1, j, b1))
    return blocks, [g for g in gaps if g[0] < g[1] and g[2] < g[3]] if anchors else []


def _trim(a, b, region) -> tuple[list, tuple[int, int, int, int]]:
    """The common prefix and suffix of a region as blocks, and what is left between."""
    a0, a1, b0, b1 = region
    blocks = []
    start = 0
    while a0 + start < a1 and b0 + start < b1 and a[a0 + start] == b[b0 + start]:
        start += 1
    if start:
        blocks.append((a0, b0, start))
        a0, b0 = a0 + start, b0 + start
    end = 0
    while a0 < a1 - end and b0 < b1 - end and a[a1 - end - 1] == b[b1 - end - 1]:
        end += 1
    if end:
        blocks.append((a1 - end, b1 - end, end))
        a1, b1 = a1 - end, b1 - end
    return blocks, (a0, a1, b0, b1)


def _anchors(a, b, a0, a1, b0, b1) -> list[tuple[int, int, int]]:
    """The longest in-order chain of k-token runs unique on both sides (smallest k
    that gives any), as ``(i, j, k)``."""
    for k in _ANCHOR_SIZES:
        if k > min(a1 - a0, b1 - b0):
            break
        in_a = _unique_runs(a, a0, a1, k)
        in_b = _unique_runs(b, b0, b1, k)
        common = sorted((i, in_b[run]) for run, i in in_a.items() if run in in_b)
        if common:
            chain = longest_chain(common)
            return _non_overlapping(chain, k)
    return []


def _unique_runs(seq, start: int, stop: int, k: int) -> dict[tuple, int]:
    runs = [tuple(seq[i:i + k]) for i in range(start, stop - k + 1)]
    counts = Counter(runs)
    return {run: start + i for i, run in enumerate(runs) if counts[run] == 1}


def longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of ``pairs`` (sorted by i) increasing in j (patience sort)."""
    tails: list[int] = []  # j at the end of the best chain of each length
    tail_index: list[int] = []
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        at = bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_index.append(n)
        else:
            tails[at], tail_index[at] = j, n
        back[n] = tail_index[at - 1] if at else -1
    chain, n = [], tail_index[-1] if tail_index else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _non_overlapping(chain: list[tuple[int, int]], k: int) -> list[tuple[int, int, int]]:
    kept: list[tuple[int, int, int]] = []
    for i, j in chain:
        if not kept or (i >= kept[-1][0] + k and j >= kept[-1][1] + k):
            kept.append((i, j, k))
    return kept


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent blocks joined: (0, 0, 2) + (2, 2, 3) → (0, 0, 5)."""
    merged: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged
