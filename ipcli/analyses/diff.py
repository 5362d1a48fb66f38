"""What changed between two sets of documents: aligned clauses, word-level edits,
moves, department changes and keyword shifts.

``compare(docs_2020, docs_2022)`` → a report (plain dicts, schema 1)::

    schema, a, b                      the selectors and document ids compared
    summary                           counts of everything below
    matched: {unchanged, changed}     aligned clause pairs with their similarity;
                                      changed pairs carry word-level operations
    added / removed                   clauses only in B / only in A, grouped by node
    moved                             matched clauses whose heading path differs
    departments: {changes, table}     tasks whose units differ; tasks per department
    keywords: {rising, falling}       terms per 10,000 characters, biggest shifts

Clauses and their alignment come from ``align``; words from ``words`` (jieba with
the IP-policy lexicon). Word operations come from ``tokendiff``, linear in the
length of the clauses (``difflib.SequenceMatcher`` alone is quadratic on long
clauses without punctuation).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Callable

from ..model import Document
from . import tokendiff, words
from .align import Unit, align, units_of

SCHEMA = 1
DEFAULT_SIMILARITY = 0.3
BOOK_TITLE = re.compile(r"《([^《》]{2,12})》")


def compare(a_docs: list[Document], b_docs: list[Document], *, selectors=((), ()),
            min_similarity: float = DEFAULT_SIMILARITY, keyword_count: int = 20,
            segment: Callable[[str], list[str]] | None = None) -> dict:
    """The report for A → B (see the module docstring)."""
    a_units = [u for d in a_docs for u in units_of(d)]
    b_units = [u for d in b_docs for u in units_of(d)]
    pairs = align(a_units, b_units, min_similarity)
    if segment is None:
        segment = words.segmenter(_domain_words(a_docs + b_docs))
    unchanged, changed, moved = [], [], []
    for i, j, score in sorted(pairs, key=lambda p: (p[0], p[1])):
        a, b = a_units[i], b_units[j]
        pair = {"similarity": score, "a": a.ref(), "b": b.ref()}
        if a.text == b.text:
            unchanged.append(pair)
        else:
            pair.update(_word_ops(segment(a.text), segment(b.text)))
            changed.append(pair)
        if a.heading != b.heading:
            moved.append({"similarity": score, "a": a.ref(), "b": b.ref()})
    matched_a = {i for i, _, _ in pairs}
    matched_b = {j for _, j, _ in pairs}
    removed = _grouped([u for i, u in enumerate(a_units) if i not in matched_a])
    added = _grouped([u for j, u in enumerate(b_units) if j not in matched_b])
    departments = _departments(a_units, b_units, pairs, a_docs, b_docs)
    keywords = _keywords(a_units, b_units, segment, keyword_count)
    return {
        "schema": SCHEMA,
        "a": {"selectors": list(selectors[0]), "documents": [d.id for d in a_docs]},
        "b": {"selectors": list(selectors[1]), "documents": [d.id for d in b_docs]},
        "summary": {"units_a": len(a_units), "units_b": len(b_units),
                    "unchanged": len(unchanged), "changed": len(changed),
                    "added": sum(len(g["units"]) for g in added),
                    "removed": sum(len(g["units"]) for g in removed),
                    "moved": len(moved), "department_changes": len(departments["changes"])},
        "matched": {"unchanged": unchanged, "changed": changed},
        "added": added, "removed": removed, "moved": moved,
        "departments": departments, "keywords": keywords,
    }


def differs(report: dict, only: str | None = None) -> bool:
    """True when the report shows a difference (in the ``only`` section if given)."""
    counts = report["summary"]
    keys = [only] if only else ["changed", "added", "removed", "moved", "department_changes"]
    return any(counts[k] for k in keys)


def _domain_words(docs: list[Document]) -> set[str]:
    """Department names and short 《titles》 in the texts: kept whole by the segmenter."""
    found = {d.name for doc in docs for _, _, d in doc.assignments()}
    for doc in docs:
        for node in doc.walk():
            found.update(BOOK_TITLE.findall(node.text))
    return found


def _word_ops(a_words: list[str], b_words: list[str]) -> dict:
    """kept / deleted / inserted runs of words, and the words deleted and inserted."""
    ops, deleted, inserted = [], [], []
    for tag, i1, i2, j1, j2 in tokendiff.opcodes(a_words, b_words):
        if tag == "equal":
            ops.append({"op": "keep", "text": "".join(a_words[i1:i2])})
            continue
        if i2 > i1:
            ops.append({"op": "delete", "text": "".join(a_words[i1:i2])})
            deleted += [w for w in a_words[i1:i2] if w.strip()]
        if j2 > j1:
            ops.append({"op": "insert", "text": "".join(b_words[j1:j2])})
            inserted += [w for w in b_words[j1:j2] if w.strip()]
    return {"ops": ops, "deleted_words": deleted, "inserted_words": inserted}


def _grouped(units: list[Unit]) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for unit in units:
        key = (unit.doc, unit.node)
        group = groups.setdefault(key, {"doc": unit.doc, "node": unit.node,
                                        "heading": unit.heading, "units": []})
        group["units"].append(unit.text)
    return list(groups.values())


def _departments(a_units, b_units, pairs, a_docs, b_docs) -> dict:
    changes = []
    for i, j, score in pairs:
        before, after = set(a_units[i].departments), set(b_units[j].departments)
        if a_units[i].departments and b_units[j].departments and before != after:
            changes.append({"similarity": score, "a": a_units[i].ref(), "b": b_units[j].ref(),
                            "before": [list(d) for d in a_units[i].departments],
                            "after": [list(d) for d in b_units[j].departments],
                            "gained": sorted({n for n, _ in after} - {n for n, _ in before}),
                            "lost": sorted({n for n, _ in before} - {n for n, _ in after})})
    counts = {"a": _task_counts(a_docs), "b": _task_counts(b_docs)}
    names = sorted(set(counts["a"]) | set(counts["b"]),
                   key=lambda n: (-(counts["b"][n] - counts["a"][n]), n))
    table = [{"department": n, "a": counts["a"][n], "b": counts["b"][n],
              "delta": counts["b"][n] - counts["a"][n]} for n in names]
    return {"changes": changes, "table": table}


def _task_counts(docs: list[Document]) -> Counter:
    return Counter(d.canonical or d.name for doc in docs for _, _, d in doc.assignments())


_SMOOTHING = 0.5  # per 10,000 characters, so that terms absent on one side stay finite


def _keywords(a_units, b_units, segment, count: int) -> dict:
    """Terms whose frequency per 10,000 characters rose or fell most (seen ≥ 2 times).

    "Most" is measured as the log-ratio of the two smoothed rates (an effect size
    that does not depend on how long each side is), so a term used 5 times in A
    and never in B outranks a common word whose rate merely drifts; terms present
    on one side only are included. Ties go to the larger absolute change.
    """
    def frequencies(units):
        text = "\n".join(u.text for u in units)  # units never contain tags
        found = Counter(w for w in segment(text) if words.is_keyword(w))
        return found, max(len(text), 1)

    (a_counts, a_chars), (b_counts, b_chars) = frequencies(a_units), frequencies(b_units)
    rows = []
    for term in set(a_counts) | set(b_counts):
        if max(a_counts[term], b_counts[term]) < 2:
            continue
        a_rate = a_counts[term] * 10_000 / a_chars
        b_rate = b_counts[term] * 10_000 / b_chars
        rows.append({"term": term, "a": a_counts[term], "b": b_counts[term],
                     "a_per_10k": round(a_rate, 2), "b_per_10k": round(b_rate, 2),
                     "shift": round(b_rate - a_rate, 2),
                     "log2_ratio": round(math.log2((b_rate + _SMOOTHING) / (a_rate + _SMOOTHING)), 3)})
    rising = sorted((r for r in rows if r["shift"] > 0),
                    key=lambda r: (-r["log2_ratio"], -r["shift"], r["term"]))
    falling = sorted((r for r in rows if r["shift"] < 0),
                     key=lambda r: (r["log2_ratio"], r["shift"], r["term"]))
    return {"rising": rising[:count], "falling": falling[:count]}
