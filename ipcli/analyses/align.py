"""Clause units of documents, and a one-to-one alignment between two lists of them.

``units_of(doc)`` cuts every node's text into clauses — at ``。;!?``, at line
breaks and at department tags — each keeping its document, node id and heading
path, and the departments of the tag that closes it (if any).

``align(a, b, threshold)`` pairs units one to one:

1. identical texts first (same heading path preferred), similarity 1.0;
2. then by similarity — a Dice coefficient over the two texts' sets of character
   bigrams (punctuation ignored), each bigram weighted by its inverse document
   frequency among all units, so that ubiquitous ones (知识, 产权) count for little
   and distinctive ones (乡村, 振兴) for much — highest first, each unit used once,
   pairs below ``threshold`` left unmatched.

Candidates come from an inverted index of bigrams: each unit looks up the postings
of its rarest bigrams and scores only the most promising partners, so 2,000 ×
2,000 units align in well under a second instead of four million comparisons.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from ..model import Document, heading_paths
from ..parse.rules import title_end

_SENTENCE = re.compile(r"[^。;!?\n]*(?:[。;!?]+|\n|$)")
_NOT_TEXT = re.compile(r"[^\w]|_")
RARE_BIGRAMS, CANDIDATES = 8, 24


@dataclass
class Unit:
    doc: str
    node: str
    heading: str
    text: str
    departments: tuple[tuple[str, str], ...] = ()  # (canonical or name, role)
    title: bool = False
    grams: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        plain = _NOT_TEXT.sub("", self.text)
        self.grams = frozenset(plain[i:i + 2] for i in range(len(plain) - 1)) or frozenset(plain)

    def ref(self) -> dict:
        return {"doc": self.doc, "node": self.node, "heading": self.heading, "text": self.text}


def _sentences(text: str) -> list[str]:
    pieces = (p.strip(" \n") for p in _SENTENCE.findall(text))
    return [p for p in pieces if _NOT_TEXT.sub("", p)]


def units_of(doc: Document) -> list[Unit]:
    """Clause units of a document's body (front and back matter are not compared)."""
    units: list[Unit] = []
    paths = heading_paths(doc)
    for node in doc.walk():
        if node.kind in ("front", "back"):
            continue
        path, text = paths[node.id], node.text
        start = title_end(text, node.title) if node.title else 0
        if node.title and start:
            units.append(Unit(doc.id, node.id, path, node.title, title=True))
        for task in node.tasks:
            at = text.find(task.tag, start)
            if at < 0:
                continue
            depts = tuple((d.canonical or d.name, d.role) for d in task.departments)
            units += [Unit(doc.id, node.id, path, s, depts) for s in _sentences(text[start:at])]
            start = at + len(task.tag)
        units += [Unit(doc.id, node.id, path, s) for s in _sentences(text[start:])]
    return units


def idf_weights(units: list[Unit]) -> dict[str, float]:
    """Bigram → log((N + 1) / (df + 1)) + 1 over the given units."""
    df = Counter(g for u in units for g in u.grams)
    n = len(units)
    return {g: math.log((n + 1) / (d + 1)) + 1.0 for g, d in df.items()}


def similarity(a: frozenset, b: frozenset, weight: dict[str, float]) -> float:
    """IDF-weighted Dice of two bigram sets, 0..1."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(weight[g] for g in small if g in large)
    return 2 * shared / (sum(weight[g] for g in a) + sum(weight[g] for g in b))


def align(a: list[Unit], b: list[Unit], threshold: float) -> list[tuple[int, int, float]]:
    """(index in a, index in b, similarity) for every pair, best pairs first."""
    pairs, free_a, free_b = _exact(a, b)
    weight = idf_weights(a + b)
    postings: dict[str, list[int]] = defaultdict(list)
    for j in free_b:
        for gram in b[j].grams:
            postings[gram].append(j)
    scored = []
    for i in free_a:
        grams = a[i].grams
        shared = [g for g in grams if g in postings]  # only bigrams the other side has
        rare = sorted(shared, key=lambda g: len(postings[g]))[:RARE_BIGRAMS]
        hits = Counter(j for g in rare for j in postings[g])
        for j, _ in hits.most_common(CANDIDATES):
            if a[i].title != b[j].title:  # headings pair with headings only
                continue
            score = similarity(grams, b[j].grams, weight)
            if score >= threshold:
                scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_a, used_b = set(), set()
    for score, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, round(score, 4)))
    return pairs


def _exact(a: list[Unit], b: list[Unit]) -> tuple[list, list[int], list[int]]:
    """Pairs of identical texts — under the same heading first, then anywhere."""
    by_place: dict[tuple, deque] = defaultdict(deque)
    by_text: dict[str, deque] = defaultdict(deque)
    for j, unit in enumerate(b):
        by_place[(unit.text, unit.heading)].append(j)
        by_text[unit.text].append(j)
    taken: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    pending = list(range(len(a)))
    for key_of in (lambda u: by_place[(u.text, u.heading)], lambda u: by_text[u.text]):
        unmatched = []
        for i in pending:
            j = _first_free(key_of(a[i]), taken)
            if j is None:
                unmatched.append(i)
            else:
                taken.add(j)
                pairs.append((i, j, 1.0))
        pending = unmatched
    return pairs, pending, [j for j in range(len(b)) if j not in taken]


def _first_free(queue: deque, taken: set[int]) -> int | None:
    while queue and queue[0] in taken:
        queue.popleft()
    return queue.popleft() if queue else None
