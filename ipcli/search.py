"""Search: query syntax, exact-recall matching, bm25 ranking, snippets.

``Searcher(store, key).search("维权援助 -海外", docs)`` → every node containing
``维权援助`` and not ``海外``, best first. Query and text are compared after the
same normalisation, so ``維權援助`` finds ``维权援助`` and ``ＴＩＳＣ`` finds ``TISC``;
Latin letters match regardless of case.

Syntax: terms separated by spaces must all occur (AND); ``"…"`` (or ``“…”``)
quotes a term containing spaces; ``-term`` excludes. Each term must occur as an
exact substring: the index finds candidates by bigram phrases (see
``searchindex``) and, for terms holding punctuation or spaces, the candidates are
checked against the text.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

from . import searchindex as index
from .errors import UsageError
from .model import Document

_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"|“([^”]*)”|(\S+))')
_FAILED = object()
_CONTEXT = 30


@dataclass
class Term:
    text: str          # normalised and casefolded
    exclude: bool

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(re.escape(self.text), re.IGNORECASE)


def parse_query(query: str) -> list[Term]:
    """``维权援助 "知识 产权" -海外`` → three terms, the last excluded."""
    from .normalize import normalize_query

    terms = []
    for match in _QUERY_TOKEN.finditer(query):
        minus, *alternatives = match.groups()
        raw = next(a for a in alternatives if a is not None)
        text = normalize_query(raw).casefold()
        if text:
            terms.append(Term(text, minus == "-"))
    if not any(not t.exclude for t in terms):
        raise UsageError(f"nothing to search for in {query!r}",
                         "give at least one term that is not excluded, e.g. ipcli search 维权援助")
    return terms


@dataclass
class Hit:
    doc: str
    year: int | None
    node: str
    kind: str
    heading: str
    title: str
    score: float
    snippet: str
    snippet_matches: list[list[int]]
    matches: list[list[int]]
    departments: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]


class Searcher:
    """Runs searches on the cache's index, or on a private in-memory one when the
    cache is unavailable (results are the same, only slower)."""

    def __init__(self, store, key: str, progress: Callable | None = None):
        self.store, self.key, self.progress = store, key, progress
        self._memory: sqlite3.Connection | None = None

    def _run(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        if self._memory is None and self.store.enabled:
            result = self.store.guarded(action, _FAILED)
            if result is not _FAILED:
                return result
        if self._memory is None:
            self._memory = sqlite3.connect(":memory:", isolation_level=None)
        return action(self._memory)

    def build(self, docs: list[Document], rebuild: bool = False) -> int:
        """Index what is missing (everything with ``rebuild``); returns documents added."""
        def action(conn):
            if rebuild:
                index.drop(conn)
            index.create(conn, self.key)
            return index.add(conn, docs, self.key, self.progress)
        return self._run(action)

    def search(self, query: str, docs: list[Document], dept: str | None = None,
               kind: str | None = None, limit: int | None = None) -> Results:
        terms = parse_query(query)
        by_sha: dict[str, list[Document]] = {}
        for doc in docs:
            by_sha.setdefault(doc.source.sha256, []).append(doc)

        def action(conn):
            index.create(conn, self.key)
            index.add(conn, docs, self.key, self.progress)
            return self._query(conn, terms, by_sha, dept, kind, limit)
        hits, total = self._run(action)
        return Results(query, total, hits)

    def _query(self, conn, terms: list[Term], by_sha, dept, kind, limit):
        include = [t for t in terms if not t.exclude]
        exclude = [t for t in terms if t.exclude]
        expression = " AND ".join(f"({p})" for t in include if (p := index.phrase(t.text)))
        fts_not = [p for t in exclude if index.exact_in_index(t.text) and (p := index.phrase(t.text))]
        if fts_not:
            expression = f"({expression}) NOT ({' OR '.join(fts_not)})"
        rows = index.candidates(conn, expression, self.key)
        rows = [r for r in rows if r[1] in by_sha and (kind is None or r[2] == kind)
                and (dept is None or f"|{dept}|" in (r[3] or ""))]
        check = [t for t in terms if not index.exact_in_index(t.text)]
        if check:  # terms with punctuation/spaces: confirm on the text itself
            texts = index.details(conn, [r[0] for r in rows])
            rows = [r for r in rows if all(bool(t.pattern.search(texts[r[0]][4])) != t.exclude
                                           for t in check)]
        expanded = [(r, doc) for r in rows for doc in by_sha[r[1]]]
        shown = expanded if limit is None else expanded[:limit]
        info = index.details(conn, [r[0] for r, _ in shown])
        return [_hit(row, doc, info[row[0]], include) for row, doc in shown], len(expanded)


def _hit(row: tuple, doc: Document, info: tuple, terms: list[Term]) -> Hit:
    node_id, kind, heading, title, text, depts = info
    matches = sorted([m.start(), m.end()] for t in terms for m in t.pattern.finditer(text))
    first = matches[0][0] if matches else 0
    start = max(0, first - _CONTEXT)
    end = min(len(text), (matches[0][1] if matches else 0) + 2 * _CONTEXT)
    snippet = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    inside = [[s - start + len(prefix), e - start + len(prefix)] for s, e in matches
              if s >= start and e <= end]
    return Hit(doc.id, doc.meta.year, node_id, kind, heading, title, round(row[4], 4),
               prefix + snippet + ("…" if end < len(text) else ""), inside, matches,
               [d for d in (depts or "").split("|") if d])
