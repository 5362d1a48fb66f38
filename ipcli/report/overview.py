"""What the report shows about a selection, as plain data, from queries over the corpus
database (no ``Document`` is built here).

``documents(library, entries)`` → one row per document (title, 文号, 发文机关, date,
counts); ``heatmap(matrix_rows, entries)`` → departments × documents (or × years for
a large selection) with the 牵头/负责/参与 split of every cell, e.g. 知识产权保护司 ×
cnipa-2020-hq-guideline = 0 / 5 / 0; ``deadlines(library, entries)`` → tasks with a
``due`` date per department and month (``2023-12``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..analyses.workload import ROLES
from ..corpus import database

NO_YEAR = "年份不详"


@dataclass
class Limits:
    """How much of a large selection the page shows in full."""

    outlines: int = 40           # documents with an outline; the rest are listed
    heat_documents: int = 40     # more documents: the heatmap's columns are years
    heat_departments: int = 40   # busiest departments in the heatmap
    timeline_departments: int = 15
    trend_chars: int = 1_000_000  # characters segmented for keyword trends, all years
    trend_terms: int = 8         # rising and falling terms shown


def documents(library, entries: list) -> list[dict[str, Any]]:
    """Rows of the documents table: the entry's summary plus the issuer."""
    shas = list({e.sha256 for e in entries})
    issuers = library.query(entries, lambda c: _issuers(c, shas)) if entries else {}
    return [{"id": e.id, "title": e.summary.get("title"), "doc_number": e.summary.get("doc_number"),
             "issuer": issuers.get(e.sha256), "date": e.summary.get("date"), "year": e.year,
             **{k: e.summary.get(k) or 0 for k in ("sections", "subsections", "items", "tasks",
                                                    "warnings")}}
            for e in entries]


def _issuers(conn, shas: list[str]) -> dict[str, str | None]:
    found = {}
    for chunk in database.chunks(shas):
        found.update(conn.execute("SELECT sha256, issuer FROM documents WHERE sha256 IN "
                                  f"({database.marks(chunk)})", chunk).fetchall())
    return found


def heatmap(matrix_rows: list[dict], entries: list, limits: Limits) -> dict[str, Any]:
    """``{columns, rows, by, hidden, max}``: a row per department (busiest first, at most
    ``limits.heat_departments``), a cell per column with its count and role split.
    Columns are the documents, or their years when there are more than
    ``limits.heat_documents`` documents (``by`` says which)."""
    by_year = len(entries) > limits.heat_documents
    if by_year:
        years = sorted({e.year for e in entries if e.year is not None})
        columns = [{"key": str(y), "label": str(y), "title": f"{y} 年"} for y in years]
        if any(e.year is None for e in entries):
            columns.append({"key": NO_YEAR, "label": NO_YEAR, "title": NO_YEAR})
        column_of = {e.id: str(e.year) if e.year is not None else NO_YEAR for e in entries}
    else:
        columns = [{"key": e.id, "label": e.id, "title": e.summary.get("title") or e.id}
                   for e in entries]
        column_of = {e.id: e.id for e in entries}
    shown = matrix_rows[:limits.heat_departments]
    rows = [_heat_row(r, columns, column_of) for r in shown]
    peak = max((c["total"] for r in rows for c in r["cells"]), default=0)
    for row in rows:
        for cell in row["cells"]:
            cell["level"] = _level(cell["total"], peak)
    return {"columns": columns, "rows": rows, "by": "year" if by_year else "document",
            "hidden": len(matrix_rows) - len(shown), "max": peak}


def _heat_row(row: dict, columns: list[dict], column_of: dict[str, str]) -> dict:
    split: dict[str, Counter] = defaultdict(Counter)
    for doc, counts in row["documents"].items():
        split[column_of[doc]].update(counts)
    cells = [{"column": c["key"], **{r: split[c["key"]][r] for r in ROLES},
              "total": sum(split[c["key"]].values())} for c in columns]
    return {"department": row["department"], "known": row["known"],
            **{r: row[r] for r in ROLES}, "total": row["total"], "cells": cells}


def _level(count: int, peak: int) -> int:
    """Colour class 0–5: 0 for none, then five steps of a square-root scale."""
    if not count or not peak:
        return 0
    return min(5, 1 + int(5 * (count / peak) ** 0.5 * 0.999))


def deadlines(library, entries: list) -> tuple[Counter, dict[str, Counter]]:
    """Tasks with a ``due`` date by month (``YYYY-MM``): all of them, and per
    department (canonical name, else as printed; a task counts for every department
    it names)."""
    if not entries:
        return Counter(), {}
    per_sha = Counter(e.sha256 for e in entries)
    totals, rows = library.query(entries, lambda c: _due_counts(c, list(per_sha)))
    total: Counter = Counter()
    for sha, month, count in totals:
        total[month] += count * per_sha[sha]
    found: dict[str, Counter] = defaultdict(Counter)
    for sha, name, month, count in rows:
        found[name][month] += count * per_sha[sha]
    return total, dict(found)


def _due_counts(conn, shas: list[str]) -> tuple[list[tuple], list[tuple]]:
    totals, rows = [], []
    for chunk in database.chunks(shas):
        where = f"t.due IS NOT NULL AND t.sha256 IN ({database.marks(chunk)})"
        totals += conn.execute(f"SELECT t.sha256, substr(t.due, 1, 7), count(*) FROM tasks t "
                               f"WHERE {where} GROUP BY 1, 2", chunk).fetchall()
        rows += conn.execute(
            "SELECT t.sha256, coalesce(d.canonical, d.name), substr(t.due, 1, 7), "
            "count(DISTINCT t.task) FROM tasks t JOIN task_departments d ON d.task = t.task "
            f"WHERE {where} GROUP BY 1, 2, 3", chunk).fetchall()
    return totals, rows
