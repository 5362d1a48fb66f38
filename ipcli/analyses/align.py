"""Clause units of documents, and a one-to-one alignment between two lists of them.

``units_of(doc)`` cuts every node's text into clauses — at ``。；！？`` (and ASCII ``;!?`` in Latin text), at line
breaks and at department tags — each keeping its document, node id, heading
path, position, and the tag that closes it (its departments, and which task it
belongs to).

``align(a, b, threshold)`` pairs units one to one:

1. identical texts first (same heading path preferred), similarity 1.0;
2. then by ``similarity.similarity`` (content bigrams and words, IDF-weighted
   cosine), highest first, each unit used once, pairs below ``threshold`` left
   unmatched; headings pair with headings only.

Candidates come from an inverted index of content bigrams: each unit looks up
the postings of its rarest bigrams and scores only the most promising partners,
so 2,000 × 2,000 units align in about a second instead of four million
comparisons.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Callable

from ..model import DeptRef, Document, FlatNode, flat_nodes
from ..parse.rules import title_end
from .similarity import Features, Packed, Scorer, Weights, features

_SENTENCE = re.compile(r"[^。；！？;!?\n]*(?:[。；！？;!?]+|\n|$)")
_TEXT = re.compile(r"[^\W_]")  # a letter or a digit
RARE_BIGRAMS, CANDIDATES = 8, 24


@dataclass(slots=True)  # 200,000 clauses in a diff of two years at 10,000 notices
class Unit:
    """One clause: ``Unit("cnipa-2022-work-points", "3", "三、严格…", "推进实用新型制度改革。")``."""

    doc: str
    node: str
    heading: str
    text: str
    depts: tuple[DeptRef, ...] = ()  # of the tag closing the clause
    title: bool = False
    task: int | None = None  # index of the task (in its document) the clause belongs to
    position: int = 0  # index among its document's units
    tokens: list[str] = field(default_factory=list, repr=False, compare=False)
    features: Features | Packed | None = field(default=None, repr=False, compare=False)

    @property
    def departments(self) -> tuple[tuple[str, str], ...]:
        """``((canonical or name, role), …)``."""
        return tuple((d.canonical or d.name, d.role) for d in self.depts)

    def ref(self) -> dict:
        return {"doc": self.doc, "node": self.node, "heading": self.heading, "text": self.text}


def _sentences(text: str) -> list[str]:
    """The clauses of a text: pieces ending at a stop or a line break, stripped, that
    hold a letter or digit (``"一、总体要求。\n（一）"`` → ``["一、总体要求。", "（一）"]``)."""
    has_text = _TEXT.search
    return [p for p in (p.strip(" \n") for p in _SENTENCE.findall(text)) if has_text(p)]


def units_of(doc: Document, nodes: list[FlatNode] | None = None) -> list[Unit]:
    """Clause units of a document's body (front and back matter are not compared).
    ``nodes``: its flat nodes when they were read as such (``database`` makes them from
    rows without building the tree), else they are taken from ``doc``."""
    units: list[Unit] = []
    tasks = 0
    doc_id = doc.id
    for node_id, kind, path, title, text, node_tasks in nodes if nodes is not None \
            else flat_nodes(doc):
        if kind == "front" or kind == "back":
            continue
        start = title_end(text, title) if title else 0
        if title and start:
            units.append(Unit(doc_id, node_id, path, title, title=True))
        for task in node_tasks:
            at = text.find(task.tag, start)
            # a tag not in the text (a table row's, made of its cells): the task covers the rest
            end = at + len(task.tag) if at >= 0 else len(text)
            at = at if at >= 0 else len(text)
            depts = tuple(task.departments)
            clauses = [Unit(doc_id, node_id, path, s, depts, task=tasks)
                       for s in _sentences(text[start:at])]
            if not clauses and units and units[-1].title and units[-1].node == node_id \
                    and units[-1].task is None:  # (二)加强…治理。(商标局负责): the title is the task
                units[-1].depts, units[-1].task = depts, tasks
            units += clauses
            start, tasks = end, tasks + 1
        units += [Unit(doc_id, node_id, path, s) for s in _sentences(text[start:])]
    for position, unit in enumerate(units):
        unit.position = position
    return units


def prepare(units: list[Unit], segment: Callable[[str], list[str]] | None = None,
            stopwords: frozenset[str] | None = None,
            cut_all: Callable[[list[str]], dict[str, list[str]]] | None = None,
            packed: bool = False) -> None:
    """Give every unit its tokens and features: jieba words (``words.Segmenter``)
    unless ``segment`` cuts each text, or ``cut_all`` all distinct texts at once (as
    ``Library.segmented`` does, from stored cuts); identical texts are cut once.
    ``packed``: features as ``Packed`` tuples (``align`` makes the sets of a pair's
    clauses as it compares them), for many clauses held at once."""
    from . import words
    todo = [u for u in units if u.features is None]
    if not todo:
        return
    if cut_all is None:
        cut = segment or words.segmenter()
        cut_all = lambda texts: {t: list(map(sys.intern, cut(t))) for t in texts}  # noqa: E731
    stop = words.stopwords() if stopwords is None else stopwords
    cuts = cut_all(list(dict.fromkeys(u.text for u in todo)))
    done: dict[str, tuple[list[str], Features]] = {}
    for unit in todo:
        found = done.get(unit.text)
        if found is None:
            tokens = cuts[unit.text]
            found = features(tokens, stop)
            found = done[unit.text] = (tokens, Packed.of(found) if packed else found)
        unit.tokens, unit.features = found


def align(a: list[Unit], b: list[Unit], threshold: float,
          weights: Weights | None = None) -> list[tuple[int, int, float]]:
    """(index in a, index in b, similarity) for every pair, best pairs first."""
    prepare(a + b)
    pairs, free_a, free_b = _exact(a, b)
    if weights is None:
        weights = Weights.of([u.features for u in a + b])
    sets_a, sets_b = [_sets(u.features) for u in a], [_sets(u.features) for u in b]
    scored = _scored(a, b, sets_a, sets_b, free_a, free_b, threshold, Scorer(weights))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_a, used_b = set(), set()
    for score, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, round(score, 4)))
    return pairs


_SETS: dict[int, tuple[Packed, Features]] = {}  # id of a Packed → it and its sets
_SETS_KEPT = 8192  # distinct clauses whose sets are kept between pairs (~20 MB)


def _sets(found: "Features | Packed") -> Features:
    """The ``Features`` of a unit, made from its ``Packed`` form when it is packed; kept
    for the next pairs (a clause repeated across documents is made into sets once),
    up to ``_SETS_KEPT`` of them. Each entry holds its ``Packed``, so no other object
    can take its id while it is kept."""
    if isinstance(found, Features):
        return found
    kept = _SETS.get(id(found))
    if kept is None or kept[0] is not found:
        if len(_SETS) >= _SETS_KEPT:
            _SETS.clear()
        kept = _SETS[id(found)] = (found, found.sets())
    return kept[1]


def forget_sets() -> None:
    """Let the kept sets go (after a comparison: they hold its clauses)."""
    _SETS.clear()


def _scored(a, b, sets_a: list[Features], sets_b: list[Features], free_a, free_b,
            threshold: float, score_of: Scorer) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of the promising candidates reaching the threshold."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j in free_b:
        for gram in sets_b[j].grams:
            postings[gram].append(j)
    scored = []
    for i in free_a:
        shared = postings.keys() & sets_a[i].grams  # bigrams the other side has
        # the rarest first (fewest postings, then text): tuples sorted in C, no key function
        rare = sorted(zip(map(len, map(postings.__getitem__, shared)), shared))[:RARE_BIGRAMS]
        hits = Counter(chain.from_iterable(map(postings.__getitem__, map(itemgetter(1), rare))))
        for j, _ in hits.most_common(CANDIDATES):
            if a[i].title != b[j].title:  # headings pair with headings only
                continue
            # rounded: sums over sets run in hash order, and ties must not depend on it
            score = round(score_of(sets_a[i], sets_b[j]), 9)
            if score >= threshold:
                scored.append((score, i, j))
    return scored


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


def in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest chain of ``(i, j)`` pairs increasing in both i and j: what a text
    diff keeps in place. Every matched pair off this chain has moved."""
    from .tokendiff import longest_chain
    return set(longest_chain(sorted(pairs)))
