"""Keyword shifts between two sets of documents: which words and phrases B uses
more, or less, than A.

``document_counts([["深入开展", "地理", "标志", "助力", "乡村振兴", "行动"], …])`` → a
``Counter`` of one document's words and candidate phrases (``"数据 知识产权"``: two
or three adjacent words, joined by a space). ``shifts(counts_a, counts_b)`` sums
those per-document counters, so they can be computed once per document (and kept
with it) instead of segmenting every document again for every diff.

The statistic is the weighted log-odds ratio with an informative Dirichlet prior
("Fightin' Words", Monroe, Colaresi & Quinn 2008, eqs. 16–22): for a term with
counts ``y_a``, ``y_b`` among ``n_a``, ``n_b`` counted words, and a prior
``α_w = y_a + y_b`` (the pooled counts; ``α_0 = n_a + n_b``)::

    δ = log((y_b + α_w) / (n_b + α_0 - y_b - α_w)) - log((y_a + α_w) / (n_a + α_0 - y_a - α_w))
    z = δ / sqrt(1 / (y_a + α_w) + 1 / (y_b + α_w))

``z`` > 0: more frequent in B. Unlike a ratio of rates it accounts for how much
evidence there is: a word seen twice does not outrank one seen forty times.
Words are jieba tokens without stop-words (``data/stopwords.txt``) or numbers;
phrases are runs of two or three such words (or lexicon terms such as 知识产权:
数据 + 知识产权 = 数据知识产权) seen at least ``MIN_PHRASE`` times in A and B together.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from typing import Iterable

from . import words

MIN_WORD, MIN_PHRASE = 2, 3
MIN_Z = 0.5  # shifts within half a standard error are noise, not listed


@functools.lru_cache(maxsize=1 << 17)  # tokens repeat across documents: judge each once
def _kind(token: str) -> tuple[bool, bool]:
    """(usable in a phrase, a keyword) for a token (the word lists are fixed data)."""
    usable = words.is_word(token) and (token not in words.stopwords() or token in words.lexicon())
    return usable, words.is_keyword(token)


def document_counts(clauses: Iterable[list[str]]) -> Counter:
    """Words and candidate phrases of one document, from its clauses' tokens."""
    found: list[str] = []  # counted at the end, in C
    for tokens in clauses:
        found += _clause_terms(tuple(tokens))
    return Counter(found)


def clause_terms(tokens: list[str]) -> tuple[str, ...]:
    """The keywords and candidate phrases of one clause, in order (as counted)."""
    return _clause_terms(tuple(tokens))


@functools.lru_cache(maxsize=1 << 12)  # notices repeat clauses (boilerplate, series); each
# entry holds the clause's terms (~2 KB): 65,536 of them held 140 MB on distinct clauses
def _clause_terms(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords and candidate phrases of one clause, in order."""
    tokens = [t for t in (t.strip() for t in tokens) if t]
    kinds = [_kind(t) for t in tokens]
    usable = [k[0] for k in kinds]
    keyword = [k[1] for k in kinds]
    found = [t for t, k in zip(tokens, keyword) if k]
    for i, (u1, u2, k1, k2) in enumerate(zip(usable, usable[1:], keyword, keyword[1:])):
        if u1 and u2:
            if k1 or k2:
                found.append(tokens[i] + " " + tokens[i + 1])
            if i + 2 < len(tokens) and usable[i + 2] and (k1 or k2 or keyword[i + 2]):
                found.append(" ".join(tokens[i:i + 3]))
    return tuple(found)


def shifts(a_counts: Iterable[Counter], b_counts: Iterable[Counter], count: int = 20) -> dict:
    """``{"rising": […], "falling": […]}``: the ``count`` terms with the largest
    positive and negative z (at least ``MIN_Z`` away from 0), each
    ``{term, kind, a, b, z}``."""
    y_a, y_b = Counter(), Counter()
    for counts in a_counts:
        y_a.update(counts)  # in place: sum() would copy the growing total each time
    for counts in b_counts:
        y_b.update(counts)
    n_a = sum(n for t, n in y_a.items() if " " not in t)
    n_b = sum(n for t, n in y_b.items() if " " not in t)
    rows = []
    for term in set(y_a) | set(y_b):
        phrase = " " in term
        if y_a[term] + y_b[term] < (MIN_PHRASE if phrase else MIN_WORD):
            continue
        z = _z(y_a[term], y_b[term], n_a, n_b)
        rows.append({"term": term.replace(" ", ""), "kind": "phrase" if phrase else "word",
                     "a": y_a[term], "b": y_b[term], "z": round(z, 2), "_parts": term.split()})
    rows = _without_redundant(rows)
    rising = sorted((r for r in rows if r["z"] >= MIN_Z), key=lambda r: (-r["z"], r["term"]))
    falling = sorted((r for r in rows if r["z"] <= -MIN_Z), key=lambda r: (r["z"], r["term"]))
    for row in rows:
        del row["_parts"]
    return {"rising": rising[:count], "falling": falling[:count]}


def _z(y_a: int, y_b: int, n_a: int, n_b: int) -> float:
    """Monroe et al.'s z of the log-odds ratio B vs A, prior α_w = y_a + y_b."""
    alpha = y_a + y_b
    alpha0 = n_a + n_b
    if not alpha:
        return 0.0
    odds_b = (y_b + alpha) / max(n_b + alpha0 - y_b - alpha, 1e-9)
    odds_a = (y_a + alpha) / max(n_a + alpha0 - y_a - alpha, 1e-9)
    delta = math.log(odds_b) - math.log(odds_a)
    return delta / math.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))


def _without_redundant(rows: list[dict]) -> list[dict]:
    """Drop a word or phrase that only ever occurs inside a longer phrase listed
    with the same counts (生产力 when every 生产力 is in 新质生产力)."""
    inside: set[tuple] = set()  # (part of a longer phrase, its counts)
    for row in rows:
        parts = row["_parts"]
        for size in range(1, len(parts)):
            for i in range(len(parts) - size + 1):
                inside.add((tuple(parts[i:i + size]), row["a"], row["b"]))
    return [row for row in rows if (tuple(row["_parts"]), row["a"], row["b"]) not in inside]
