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

import math
import re
from collections import Counter
from dataclasses import dataclass

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
    give their IDF.
    """
    content = {(i, j): round(_cosine(x, y, weights.grams), 4)
               for i, x in enumerate(a_grams) for j, y in enumerate(b_grams)}
    chosen: dict[int, tuple[int, str]] = {}
    for by in ("series", "only", "content"):
        free_a = [i for i in range(len(a_docs)) if i not in chosen]
        taken = {j for j, _ in chosen.values()}
        free_b = [j for j in range(len(b_docs)) if j not in taken]
        candidates = [(i, j) for i in free_a for j in free_b]
        if by == "series":
            candidates = [(i, j) for i, j in candidates if _same_series(a_docs[i], b_docs[j])]
        elif by == "only" and not len(free_a) == len(free_b) == 1:
            candidates = []
        elif by == "content":
            candidates = _mutual_best(candidates, content)
        for i, j in sorted(candidates, key=lambda p: (-content[p], p)):
            if i not in chosen and j not in taken:
                chosen[i] = (j, by)
                taken.add(j)
    pairs = [DocPair(x, b_docs[chosen[i][0]], chosen[i][1], content[(i, chosen[i][0])])
             if i in chosen else DocPair(x, None, "unpaired") for i, x in enumerate(a_docs)]
    taken = {j for j, _ in chosen.values()}
    return pairs + [DocPair(None, y, "unpaired") for j, y in enumerate(b_docs) if j not in taken]


def _mutual_best(candidates: list[tuple[int, int]], content: dict) -> list[tuple[int, int]]:
    """Pairs each of whose documents is the other's most similar, and alike enough."""
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    for i, j in candidates:
        best_a[i] = max(best_a.get(i, (-1.0, -1)), (content[(i, j)], -j))
        best_b[j] = max(best_b.get(j, (-1.0, -1)), (content[(i, j)], -i))
    return [(i, j) for i, j in candidates if content[(i, j)] >= CONTENT_SIMILARITY
            and best_a[i][1] == -j and best_b[j][1] == -i]


def _same_series(x: Document, y: Document) -> bool:
    if x.meta.issuer and y.meta.issuer and x.meta.issuer != y.meta.issuer:
        return False
    sx, sy = series(x), series(y)
    if not sx or not sy:
        return False
    return sx == sy or _dice(sx, sy) >= SERIES_SIMILARITY


def _dice(x: str, y: str) -> float:
    gx = Counter(x[i:i + 2] for i in range(len(x) - 1))
    gy = Counter(y[i:i + 2] for i in range(len(y) - 1))
    total = sum(gx.values()) + sum(gy.values())
    return 2 * sum((gx & gy).values()) / total if total else 0.0


def _cosine(x: frozenset[str], y: frozenset[str], weight: dict[str, float]) -> float:
    shared = sum(weight.get(g, 1.0) ** 2 for g in x & y)
    norm = math.sqrt(sum(weight.get(g, 1.0) ** 2 for g in x) * sum(weight.get(g, 1.0) ** 2 for g in y))
    return shared / norm if norm else 0.0
