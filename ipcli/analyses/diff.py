"""What changed between two sets of documents, and for whom.

``compare(docs_2020, docs_2022)`` → a report (plain dicts, schema 2)::

    schema, a, b, options             what was compared, and how
    summary                           counts of everything below
    pairs                             documents paired by series (``pairing``)
    matched: {unchanged, changed}     aligned clause pairs with their similarity;
                                      changed pairs carry word-level operations
    added / removed                   clauses only in B / only in A, grouped by node
    moved                             matched pairs off the longest in-order chain
                                      of matches within their document pair
    departments: {table, changes}     per department: tasks in A and B, gained,
                                      lost, role changes (``assignments``)
    keywords: {rising, falling}       log-odds z-scores of words and phrases (``keywords``)

Documents are paired first, clauses aligned within each pair (``align``);
``flat=True`` aligns all of A against all of B instead. ``department`` (a
``workload.Target``) keeps only clauses that name or are assigned to it;
``only`` ("added", "removed", "changed") empties every other section.
Clauses are segmented once (jieba with the IP-policy lexicon, ``words``; the CLI
stores every clause's words, so the next diff reads them back); word operations
come from ``tokendiff`` (near-linear, even on 40,000-word clauses).
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from itertools import chain
from typing import Callable, Iterable, Iterator

from ..model import Document
from ..parse.registry import key
from . import keywords, tokendiff
from .align import Unit, align, forget_sets, in_order, prepare, units_of
from .assignments import department_changes
from .forked import forked_map
from .pairing import DocPair, pair_documents
from .similarity import Weights, by_identity, counted

SCHEMA = 2
_PARALLEL_UNITS = 20_000  # clauses to align before a second core pays (about 0.3 s)
_ALIGN_CHUNK = 8  # document pairs sent to a worker at once (one at a time: ~15 % slower)
_ALIGN_WORKERS = 2  # each copies the pages it touches (~100 MB at 3,000 distinct notices)
DEFAULT_SIMILARITY = 0.3
ONLY = ("added", "removed", "changed")


def compare(a_docs: Iterable[Document], b_docs: Iterable[Document], *, selectors=((), ()),
            min_similarity: float = DEFAULT_SIMILARITY, keyword_count: int = 20,
            segment: Callable[[str], list[str]] | None = None,
            cut_all: Callable[[list[str]], dict[str, list[str]]] | None = None,
            flat: bool = False, department=None, only: str | None = None,
            workers: int = 1) -> dict:
    """The report for A → B (see the module docstring). The documents may come one at
    a time (a generator), each a ``Document`` or (document, its ``FlatNode`` list):
    each is cut into units as it comes and only its metadata is kept, so two years
    of notices are never all in memory as trees. Clauses are cut into words by
    ``segment``, else by ``cut_all`` (all distinct texts at once: ``Library.segmented``
    reads stored cuts), else by ``words.Segmenter()``. Document pairs are aligned in
    ``workers`` processes when there are many clauses."""
    a_docs, a_units = _cut(a_docs)
    b_docs, b_units = _cut(b_docs)
    all_a, all_b = [u for us in a_units for u in us], [u for us in b_units for u in us]
    prepare(all_a + all_b, segment, cut_all=None if segment else cut_all, packed=True)
    weights = Weights.of([u.features for u in all_a + all_b])
    pairs = [] if flat else pair_documents(a_docs, b_docs, _grams(a_units), _grams(b_units), weights)
    groups = [(all_a, all_b)] if flat else _groups(pairs, a_docs, b_docs, a_units, b_units)
    matches, moved, lone_a, lone_b = _align_groups(groups, min_similarity, weights, workers)
    forget_sets()
    del weights, groups
    for unit in chain(all_a, all_b):  # the report needs words, not features: let them go
        unit.features = None
    involves = _involvement(department)
    report = _report(
        [m for m in matches if involves(m[0]) or involves(m[1])], moved,
        [u for u in lone_a if involves(u)], [u for u in lone_b if involves(u)], keyword_count)
    report["departments"] = department_changes(
        all_a, all_b, matches,
        keep=None if department is None else lambda d: department.matches(d.name, d.canonical))
    report["summary"]["department_changes"] = len(report["departments"]["changes"])
    options = {"min_similarity": min_similarity, "flat": flat,
               "department": department.label if department is not None else None, "only": only}
    return _only({**_head(a_docs, b_docs, selectors, options, pairs, report.pop("summary")),
                  **report}, only)


def _head(a_docs, b_docs, selectors, options: dict, pairs: list[DocPair], summary: dict) -> dict:
    """What was compared, how, and the counts."""
    return {"schema": SCHEMA,
            "a": {"selectors": list(selectors[0]), "documents": [d.id for d in a_docs]},
            "b": {"selectors": list(selectors[1]), "documents": [d.id for d in b_docs]},
            "options": options,
            "summary": {"documents_a": len(a_docs), "documents_b": len(b_docs),
                        "pairs": sum(1 for p in pairs if p.a and p.b), **summary},
            "pairs": [p.to_dict() for p in pairs]}


def differs(report: dict, only: str | None = None) -> bool:
    """True when the report shows a difference (in the ``only`` section if given)."""
    counts = report["summary"]
    keys = [only] if only else ["changed", "added", "removed", "moved", "department_changes"]
    return any(counts[k] for k in keys)


def _cut(docs: Iterable) -> tuple[list[Document], list[list[Unit]]]:
    """Each document's units, and the document without its tree (the units hold all
    the text the comparison needs). A document may come as (document, its flat nodes),
    as ``Library.flat_documents`` reads them."""
    kept, units = [], []
    for doc in docs:
        doc, nodes = doc if isinstance(doc, tuple) else (doc, None)
        units.append(units_of(doc, nodes))
        kept.append(dataclasses.replace(doc, nodes=[], warnings=[], dropped=[]))
    return kept, units


def _grams(units_per_doc: list[list[Unit]]) -> list[frozenset[str]]:
    return [frozenset(chain.from_iterable(u.features.grams for u in units))
            for units in units_per_doc]


def _groups(pairs: list[DocPair], a_docs, b_docs, a_units, b_units) -> list[tuple[list, list]]:
    """(A units, B units) to align, per document pair; unpaired documents face nothing."""
    index_a = {id(d): i for i, d in enumerate(a_docs)}
    index_b = {id(d): i for i, d in enumerate(b_docs)}
    return [(a_units[index_a[id(p.a)]] if p.a else [], b_units[index_b[id(p.b)]] if p.b else [])
            for p in pairs]


def _align_groups(groups, threshold: float, weights: Weights, workers: int = 1):
    """Matched (a, b, score) unit pairs, the set of moved ones, and unmatched units.
    The groups are aligned on ``workers`` cores when they hold many clauses (only
    their indexes go to the workers and only (i, j, score) come back)."""
    def found_in(k: int) -> list[tuple[int, int, float]]:
        a, b = groups[k]
        return align(a, b, threshold, weights)
    both = [k for k, (a, b) in enumerate(groups) if a and b]  # the others match nothing
    if sum(len(groups[k][0]) + len(groups[k][1]) for k in both) < _PARALLEL_UNITS \
            or len(both) < 2:
        workers = 1  # too little to pay for a fork, or one pair (--flat): no gain
    aligned = dict(zip(both, forked_map(found_in, both, min(workers, _ALIGN_WORKERS),
                                        chunksize=_ALIGN_CHUNK), strict=True))
    founds = [aligned.get(k, []) for k in range(len(groups))]
    matches, moved, lone_a, lone_b = [], set(), [], []
    for (a, b), found in zip(groups, founds, strict=True):
        by_docs = defaultdict(list)
        for i, j, _ in found:
            by_docs[(a[i].doc, b[j].doc)].append((a[i].position, b[j].position))
        kept = {docs: in_order(positions) for docs, positions in by_docs.items()}
        for i, j, score in sorted(found, key=lambda p: (p[0], p[1])):
            matches.append((a[i], b[j], score))
            if (a[i].position, b[j].position) not in kept[(a[i].doc, b[j].doc)]:
                moved.add((id(a[i]), id(b[j])))
        matched_a, matched_b = {i for i, _, _ in found}, {j for _, j, _ in found}
        lone_a += [u for i, u in enumerate(a) if i not in matched_a]
        lone_b += [u for j, u in enumerate(b) if j not in matched_b]
    return matches, moved, lone_a, lone_b


def _involvement(department) -> Callable[[Unit], bool]:
    """Does a clause name, or is it assigned to, the department? (always, without one)"""
    if department is None:
        return lambda unit: True
    names = department.unit.names if department.unit else [key(department.query)]
    pattern = re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)))
    return lambda unit: (any(department.matches(d.name, d.canonical) for d in unit.depts)
                         or pattern.search(unit.text) is not None)


def _report(matches, moved, lone_a, lone_b, keyword_count: int) -> dict:
    """Summary, matched, added, removed, moved and keywords of the kept clauses."""
    unchanged, changed, moves = [], [], []
    ops: dict[tuple[str, str], dict] = {}  # the same two texts are diffed once
    for a, b, score in matches:
        pair = {"similarity": score, "moved": (id(a), id(b)) in moved, "a": a.ref(), "b": b.ref()}
        if a.text == b.text:
            unchanged.append(pair)
        else:
            found = ops.get((a.text, b.text))
            if found is None:
                found = ops[(a.text, b.text)] = _word_ops(a.tokens, b.tokens)
            changed.append({**pair, **found})
        if pair["moved"]:
            moves.append({"similarity": score, "a": a.ref(), "b": b.ref()})
    removed, added = _grouped(lone_a), _grouped(lone_b)
    units_a = [a for a, _, _ in matches] + lone_a
    units_b = [b for _, b, _ in matches] + lone_b
    return {
        "summary": {"units_a": len(units_a), "units_b": len(units_b),
                    "unchanged": len(unchanged), "changed": len(changed), "moved": len(moves),
                    "added": len(lone_b), "removed": len(lone_a)},
        "matched": {"unchanged": unchanged, "changed": changed},
        "added": added, "removed": removed, "moved": moves,
        "departments": {"table": [], "changes": []},
        "keywords": keywords.shifts(_counts(units_a), _counts(units_b), keyword_count),
    }


def _counts(units: list[Unit], batch: int = 10_000) -> Iterator[Counter]:
    """Keyword Counters as ``shifts`` sums them, each distinct cut counted once times
    its occurrences (clauses with the same text share their words), ``batch`` cuts
    at a time: a few large sums, never every clause's terms at once."""
    distinct = by_identity(u.tokens for u in units)
    return (counted(distinct[start:start + batch], keywords.clause_terms)
            for start in range(0, len(distinct), batch))


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
    """Clauses by node, in order: ``{doc, node, heading, units: [text, …]}``."""
    groups: dict[tuple, dict] = {}
    for unit in units:
        group = groups.get((unit.doc, unit.node))
        if group is None:  # a dict per node, not per clause
            group = groups[(unit.doc, unit.node)] = {"doc": unit.doc, "node": unit.node,
                                                     "heading": unit.heading, "units": []}
        group["units"].append(unit.text)
    return list(groups.values())


def _only(report: dict, only: str | None) -> dict:
    """With ``only``, every section but that one is emptied (the summary stays whole)."""
    if only is None:
        return report
    if only not in ONLY:
        raise ValueError(f"only must be one of {', '.join(ONLY)}")
    changed = report["matched"]["changed"] if only == "changed" else []
    report["matched"] = {"unchanged": [], "changed": changed}
    for section in ("added", "removed"):
        if section != only:
            report[section] = []
    report["moved"] = []
    report["departments"] = {"table": [], "changes": []}
    report["keywords"] = {"rising": [], "falling": []}
    return report
