"""Keyword trends across the selected years: which words and phrases rise and fall.

``trends(library, entries, limits)`` groups the documents by year, segments the
clauses of a bounded, evenly spread sample of each year (jieba, as ``ipcli diff``
does), counts words and phrases per document (``keywords.document_counts``) and
compares the earlier half of the years with the later half with the weighted
log-odds z-score (``keywords.shifts``): ``数据知识产权`` 0 → 12 rises. Each term
carries its rate per 10,000 counted words in every year, for a sparkline.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from ..analyses import keywords
from ..analyses.align import units_of


def sample(entries: list, budget_docs: int) -> list:
    """At most ``budget_docs`` entries, evenly spread (``entries`` keep their order)."""
    if len(entries) <= budget_docs:
        return list(entries)
    step = len(entries) / budget_docs
    return [entries[int(i * step)] for i in range(budget_docs)]


def trends(library, entries: list, limits, progress=None) -> dict[str, Any]:
    """``{years, sampled, documents, rising, falling}``; fewer than two years with
    documents give empty lists."""
    by_year: dict[int, list] = {}
    for entry in entries:
        if entry.year is not None:
            by_year.setdefault(entry.year, []).append(entry)
    years = sorted(by_year)
    result = {"years": [str(y) for y in years], "documents": sum(map(len, by_year.values())),
              "sampled": 0, "rising": [], "falling": []}
    if len(years) < 2:
        return result
    per_year_chars = limits.trend_chars // len(years)
    chosen = {y: sample(by_year[y], max(1, per_year_chars // 4_000)) for y in years}
    counts = _year_counts(library, chosen, per_year_chars, progress)
    result["sampled"] = sum(len(c) for c in counts.values())
    half = len(years) // 2
    early = [c for y in years[:half] for c in counts[y]]
    late = [c for y in years[half:] for c in counts[y]]
    shifts = keywords.shifts(early, late, limits.trend_terms)
    totals = {y: _total(counts[y]) for y in years}
    words = {y: sum(n for t, n in totals[y].items() if " " not in t) or 1 for y in years}
    phrases = {t.replace(" ", ""): t for c in totals.values() for t in c if " " in t}
    for side in ("rising", "falling"):
        for row in shifts[side]:
            key = phrases.get(row["term"], row["term"]) if row["kind"] == "phrase" else row["term"]
            row["rates"] = [round(totals[y][key] / words[y] * 10_000, 2) for y in years]
        result[side] = shifts[side]
    return result


def _total(counters: list[Counter]) -> Counter:
    total: Counter = Counter()
    for counter in counters:
        total.update(counter)
    return total


def _year_counts(library, chosen: dict[int, list], budget: int,
                 progress: Callable | None) -> dict[int, list[Counter]]:
    """Per year, one counter per sampled document, stopping at ``budget`` characters."""
    from ..analyses import words
    segment = words.segmenter()
    todo = [e for entries in chosen.values() for e in entries]
    docs = library.flat_documents(todo)  # (document, its flat nodes): no tree built
    if progress is not None:
        docs = progress(docs, "keyword trends", len(todo))
    counts: dict[int, list[Counter]] = {y: [] for y in chosen}
    used: Counter = Counter()
    year_of = {e.id: y for y, es in chosen.items() for e in es}
    for doc, nodes in docs:
        year = year_of[doc.id]
        if used[year] >= budget:
            continue
        clauses = [u.text for u in units_of(doc, nodes)]
        used[year] += sum(map(len, clauses))
        counts[year].append(keywords.document_counts(segment(c) for c in clauses))
    return counts
