"""Which document of A continues which document of B.

``series("2021年知识产权强国建设纲要和“十四五”规划实施推进计划")`` →
``知识产权强国建设纲要和规划实施推进计划``: the title without years, five-year-plan
numbers, ordinals (第二批) and punctuation. ``pair_documents(a_docs, b_docs, …)``
pairs documents in three steps, each on what the previous left over:

1. **series**: same issuer (or an unknown one) and the same series title — or
   two series titles at least ``SERIES_SIMILARITY`` alike (年度工作要点 ↔ 工作要点);
2. **only**: one document left on each side (``ipcli diff old.txt new.txt``);
3. **content**: two documents each of which is the other's most similar by
   content (IDF-weighted cosine of their content bigrams), at least
   ``CONTENT_SIMILARITY`` alike — documents of the same kind under a new title:
   the 2020 年度工作指引 and the 2022 工作要点 of the seeds score 0.27; other
   pairs of seeds 0.17–0.29, so this step is a heuristic, and says so (``by``).

What is left over is wholly added (B) or removed (A). Every pair carries the
content similarity of its two documents, whatever step paired them.
"""
from __future__ import annotations

import functools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Iterable

from ..model import Document
from .similarity import Weights

SERIES_SIMILARITY, CONTENT_SIMILARITY = 0.8, 0.25
_NOISE = [
    r"[(\[(【〔]?\s*(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}\s*年?\s*[)\])】〕]?",  # 2021-2035年
    r"[(\[(【〔]\s*(?:19|20)\d{2}\s*年?度?\s*[)\])】〕]",  # (2020)
    r"(?:19|20)\d{2}\s*年?度?",  # 2022年, 2022年度
    r"[〇零一二三四五六七八九]{4}年度?",  # 二〇二二年
    r"十[一二三四五六七八九]?五",  # 十四五
    r"第[一二三四五六七八九十百零〇\d]+[批次届期轮号]",  # 第二批
    r"[上下]半年|[一二三四]季度|第[一二三四]季度",
    r"年度",
    r"[^\w]|_",  # punctuation, quotes, spaces
]
_NOISE_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE))


@dataclass
class DocPair:
    a: Document | None
    b: Document | None
    by: str  # series | only | content | unpaired
    similarity: float | None = None

    def to_dict(self) -> dict:
        return {"a": self.a.id if self.a else None, "b": self.b.id if self.b else None,
                "by": self.by, "similarity": self.similarity}


def series(doc: Document) -> str:
    """The series a document belongs to: its title (else its id) without years,
    plan numbers, ordinals and punctuation."""
    return _NOISE_RE.sub("", doc.meta.title or doc.meta.notice_title or doc.id)


def pair_documents(a_docs: list[Document], b_docs: list[Document], a_grams: list[frozenset[str]],
                   b_grams: list[frozenset[str]], weights: Weights) -> list[DocPair]:
    """Pairs (and unpaired documents) in A's order, then B's leftovers.

    ``a_grams[i]``: the content bigrams of ``a_docs[i]``'s clauses; ``weights``
    give their IDF. Nothing here compares every document with every other (1,000 ×
    1,000 documents took minutes): series titles are grouped, and content
    candidates are the documents sharing one of a document's rarest bigrams.
    """
    content = _Content(a_grams, b_grams, weights.grams)
    chosen: dict[int, tuple[int, str]] = {}
    for by in ("series", "only", "content"):
        free_a = [i for i in range(len(a_docs)) if i not in chosen]
        taken = {j for j, _ in chosen.values()}
        free_b = [j for j in range(len(b_docs)) if j not in taken]
        if by == "series":
            candidates = _series_pairs(a_docs, b_docs, free_a, free_b)
        elif by == "only":
            candidates = [(free_a[0], free_b[0])] if len(free_a) == len(free_b) == 1 else []
        else:
            candidates = _mutual_best(content.candidates(free_a, free_b), content)
        for i, j in sorted(candidates, key=lambda p: (-content(*p), p)):
            if i not in chosen and j not in taken:
                chosen[i] = (j, by)
                taken.add(j)
    pairs = [DocPair(x, b_docs[chosen[i][0]], chosen[i][1], content(i, chosen[i][0]))
             if i in chosen else DocPair(x, None, "unpaired") for i, x in enumerate(a_docs)]
    taken = {j for j, _ in chosen.values()}
    return pairs + [DocPair(None, y, "unpaired") for j, y in enumerate(b_docs) if j not in taken]


class _Content:
    """IDF-weighted cosine of two documents' content bigrams, norms computed once and
    each pair at most once; ``candidates`` finds the pairs worth scoring."""

    RARE = 40  # a document's rarest bigrams looked up for candidates
    KEEP = 12  # candidates scored per document: those sharing the most of them

    def __init__(self, a: list[frozenset[str]], b: list[frozenset[str]], weight: dict[str, float]):
        self.a, self.b, self.weight = a, b, weight
        self.squared = {g: w * w for g, w in weight.items()}
        self.norm_a = [self._norm(x) for x in a]
        self.norm_b = [self._norm(y) for y in b]
        self.cache: dict[tuple[int, int], float] = {}
        # every bigram's place in (highest weight, then text) order, made once: each
        # document's rarest are then sorted by a lookup instead of a Python key
        self.order = sorted(weight, key=lambda g: (-weight[g], g))
        self.rank = {g: r for r, g in enumerate(self.order)}

    def _norm(self, grams: frozenset[str]) -> float:
        squared = self.squared
        return math.sqrt(math.fsum(map(squared.get, grams, repeat(1.0))))

    def __call__(self, i: int, j: int) -> float:
        found = self.cache.get((i, j))
        if found is None:
            squared = self.squared  # fsum: the same score in whatever order the set runs
            shared = math.fsum(map(squared.get, self.a[i] & self.b[j], repeat(1.0)))
            norm = self.norm_a[i] * self.norm_b[j]
            found = self.cache[(i, j)] = round(shared / norm, 4) if norm else 0.0
        return found

    def candidates(self, free_a: list[int], free_b: list[int]) -> list[tuple[int, int]]:
        """Pairs sharing one of either document's ``RARE`` highest-weighted bigrams among
        those the other side has at all (the very rarest are in one document only)."""
        seen_a = frozenset().union(*map(self.a.__getitem__, free_a))
        seen_b = frozenset().union(*map(self.b.__getitem__, free_b))
        rare_a = [self._rarest(self.a[i], seen_b) for i in free_a]
        rare_b = [self._rarest(self.b[j], seen_a) for j in free_b]
        # postings of the bigrams some document looks up, not of every bigram (~10×
        # fewer: most of a document's bigrams are common ones); and which documents
        # look each one up
        wanted_a, wanted_b = frozenset().union(*rare_a), frozenset().union(*rare_b)
        postings_a = _postings((k, self.a[k] & wanted_b) for k in free_a)
        postings_b = _postings((k, self.b[k] & wanted_a) for k in free_b)
        looked_up_a, looked_up_b = _postings(zip(free_a, rare_a)), _postings(zip(free_b, rare_b))
        # a pair's pre-score: the rare bigrams of either document that the other holds.
        # Each document counts its partners at once, in C: the holders of its own rare
        # bigrams, and those looking up a bigram it holds (so no dict of every pair)
        m = max(len(self.a), len(self.b)) + 1
        found = set()
        for i, rare in zip(free_a, rare_a):
            for k in _best(rare, postings_b, self.a[i] & wanted_b, looked_up_b, m, self.KEEP):
                found.add((i, k % m))
        for j, rare in zip(free_b, rare_b):
            for k in _best(rare, postings_a, self.b[j] & wanted_a, looked_up_a, m, self.KEEP):
                found.add((k % m, j))
        return sorted(found)

    def _rarest(self, grams: frozenset[str], other: frozenset[str]) -> list[str]:
        """This document's ``RARE`` highest-weighted bigrams among the ``other`` side's."""
        shared = other & grams
        try:  # sorting small numbers is much faster than sorting text by a key
            return list(map(self.order.__getitem__,
                            sorted(map(self.rank.__getitem__, shared))[:self.RARE]))
        except KeyError:  # a bigram without a weight (weighs 1.0)
            return sorted(shared, key=lambda g: (-self.weight.get(g, 1.0), g))[:self.RARE]


def _best(rare: list[str], holders: dict[str, list[int]], held: frozenset[str],
          seekers: dict[str, list[int]], m: int, keep: int) -> list[int]:
    """A document's ``keep`` best partners on the other side, as ``other - n * m``
    (most shared rare bigrams ``n`` first, then the lower number; ``% m`` gives the
    partner back): ``n`` counts the partner once for each of this document's ``rare``
    bigrams it holds (``holders``) and each bigram this document holds (``held``)
    that the partner looks up (``seekers``)."""
    hits = Counter(chain(chain.from_iterable(map(holders.__getitem__, rare)),
                         chain.from_iterable(map(seekers.__getitem__, held))))
    return sorted(map(operator.sub, hits, map(m.__mul__, hits.values())))[:keep]


def _postings(documents: Iterable[tuple[int, Iterable[str]]]) -> dict[str, list[int]]:
    """Bigram → the documents listing it, from (document, its bigrams) in order: the
    holders of the looked-up bigrams, or the documents looking each one up."""
    found: dict[str, list[int]] = {}
    for k, grams in documents:
        for gram in grams:
            found.setdefault(gram, []).append(k)
    return found


def _series_pairs(a_docs: list[Document], b_docs: list[Document], free_a: list[int],
                  free_b: list[int]) -> list[tuple[int, int]]:
    """Pairs of the same series: equal series titles by lookup; alike ones among the
    distinct titles (far fewer than the documents), then the issuers checked."""
    by_title: dict[str, list[int]] = {}
    for j in free_b:
        if (title := series(b_docs[j])):
            by_title.setdefault(title, []).append(j)
    titles_a: dict[str, list[int]] = {}
    for i in free_a:
        if (title := series(a_docs[i])):
            titles_a.setdefault(title, []).append(i)
    alike = _alike_titles(list(titles_a), list(by_title))
    return [(i, j) for x, y in alike for i in titles_a[x] for j in by_title[y]
            if _same_issuer(a_docs[i], b_docs[j])]


def _close_lengths(x: str, y: str) -> bool:
    """Dice ≥ 0.8 needs lengths within a third of each other."""
    return 3 * min(len(x), len(y)) >= 2 * max(len(x), len(y))


def _alike_titles(xs: list[str], ys: list[str]) -> set[tuple[str, str]]:
    """(x, y) for equal titles and titles whose Dice reaches ``SERIES_SIMILARITY``.
    Dice is computed only where a bound allows it: each distinct bigram of one title
    that the other lacks costs at least one shared bigram, and the distinct bigrams
    each ``y`` shares with ``x`` are counted for all ``y`` at once, in C, from an
    index of their bigrams (comparing every pair took ~0.5 s at 10,000 notices)."""
    grams_y = {y: _bigram_counts(y) for y in ys}
    postings: dict[str, list[str]] = {}
    for y, grams in grams_y.items():
        for gram in grams:
            postings.setdefault(gram, []).append(y)
    found = {(x, x) for x in xs if x in grams_y}
    for x in xs:
        gx, lx = _bigram_counts(x), len(x) - 1
        shared = Counter(chain.from_iterable(map(postings.get, gx, repeat(()))))
        for y, common in shared.items():
            ly = len(y) - 1
            bound = min(lx - len(gx) + common, ly - len(grams_y[y]) + common)
            if 2 * bound / (lx + ly) >= SERIES_SIMILARITY and _close_lengths(x, y) \
                    and _dice(x, y) >= SERIES_SIMILARITY:
                found.add((x, y))
    return found


def _same_issuer(x: Document, y: Document) -> bool:
    return not (x.meta.issuer and y.meta.issuer and x.meta.issuer != y.meta.issuer)


def _mutual_best(candidates: list[tuple[int, int]], content) -> list[tuple[int, int]]:
    """Pairs each of whose documents is the other's most similar, and alike enough."""
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for i, j in candidates:
        best_a[i] = max(best_a.get(i, (-1.0, -1)), (content(i, j), -j))
        best_b[j] = max(best_b.get(j, (-1.0, -1)), (content(i, j), -i))
    return [(i, j) for i, j in candidates if content(i, j) >= CONTENT_SIMILARITY
            and best_a[i][1] == -j and best_b[j][1] == -i]


def _dice(x: str, y: str) -> float:
    gx, gy = _bigram_counts(x), _bigram_counts(y)
    total = (len(x) - 1 if x else 0) + (len(y) - 1 if y else 0)
    if not total:
        return 0.0
    if len(gx) > len(gy):
        gx, gy = gy, gx
    return 2 * sum(min(n, gy[g]) for g, n in gx.items() if g in gy) / total


@functools.lru_cache(maxsize=1 << 14)  # each title is compared with many others
def _bigram_counts(text: str) -> Counter:
    return Counter(text[i:i + 2] for i in range(len(text) - 1))
