"""Search: query syntax, exact-recall matching, bm25 ranking, snippets.

``Searcher(store, key).search("维权援助 -海外", docs)`` → every node containing
``维权援助`` and not ``海外``, best first. Query and text are compared after the
same normalisation, so ``維權援助`` finds ``维权援助`` and ``ＴＩＳＣ`` finds ``TISC``;
Latin letters match regardless of case, by Unicode case folding (``İstanbul``,
``ﬁle`` = ``file``), with match offsets in the original text.

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
from typing import Any, Callable, Iterator

from ..corpus import searchindex as index
from ..errors import UsageError
from ..model import Document

_QUERY_TOKEN = re.compile(r'(-?)(?:"([^"]*)"|“([^”]*)”|(\S+))')
_FAILED = object()
_CONTEXT = 30
MAX_TERMS, MAX_QUERY = 32, 1000  # a query past these is refused, not run for minutes


@dataclass
class Term:
    text: str          # normalised and casefolded
    exclude: bool

    def spans(self, text: str) -> list[list[int]]:
        """[start, end) of each occurrence in ``text``, compared case-folded."""
        folded, origin = fold(text)
        found, size = [], len(self.text)
        pos = folded.find(self.text)
        while pos >= 0 and size:
            found.append([pos, pos + size] if origin is None
                         else [origin[pos], origin[pos + size - 1] + 1])
            pos = folded.find(self.text, pos + size)
        return found

    def occurs_in(self, text: str) -> bool:
        return self.text in fold(text)[0]


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` case-folded, and the original offset of each folded character (None
    when they are the same offsets: folding kept every character one character)."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, None
    origin: list[int] = []
    for i, char in enumerate(text):
        origin.extend([i] * len(char.casefold()))
    return folded, origin


def parse_query(query: str) -> list[Term]:
    """``维权援助 "知识 产权" -海外`` → three terms, the last excluded."""
    from ..text.normalize import normalize_query

    terms = []
    for match in _QUERY_TOKEN.finditer(query):
        minus, *alternatives = match.groups()
        raw = next(a for a in alternatives if a is not None)
        text = normalize_query(raw).casefold()
        if text:
            terms.append(Term(text, minus == "-"))
    if len(terms) > MAX_TERMS or len(query) > MAX_QUERY:
        raise UsageError(f"the query is too long ({len(terms)} terms, {len(query)} characters)",
                         f"search for at most {MAX_TERMS} terms and {MAX_QUERY} characters at once")
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


Loader = Callable[[list], Iterator[Document]]


class Searcher:
    """Runs searches on the cache's index, or on a private in-memory one when the
    cache is unavailable (results are the same, only slower).

    Documents are given as corpus entries (id, sha256, summary) plus a ``load``
    function yielding full documents; only documents missing from the index are
    loaded, a batch at a time.
    """

    def __init__(self, store, key: str, progress: Callable | None = None,
                 warn: Callable[[str], None] = lambda message: None):
        self.store, self.key, self.progress, self.warn = store, key, progress, warn
        self._memory: sqlite3.Connection | None = None

    def _run(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        if self._memory is None and self.store.enabled:
            result = self.store.guarded(action, _FAILED)
            if result is not _FAILED:
                return result
        if self._memory is None:
            self._memory = sqlite3.connect(":memory:", isolation_level=None)
        return action(self._memory)

    def _ensure(self, conn, entries: list, load: Loader, rebuild: bool = False) -> int:
        """Index the entries missing from the index. A rebuild fills tables aside and
        swaps them in at the end, so nobody ever sees a half-built index."""
        suffix = ""
        if rebuild:
            index.drop_abandoned(conn)
            suffix = index.aside_suffix()
            index.drop(conn, suffix)
            index.create(conn, suffix)
        elif not index.create(conn):
            self.warn("Warning: the search index in the cache was damaged; building it again")
        have = index.indexed(conn, self.key, suffix)
        missing = list({e.sha256: e for e in entries if e.sha256 not in have}.values())
        batches = [missing[i:i + index.BATCH] for i in range(0, len(missing), index.BATCH)]
        if self.progress and len(batches) > 1:
            batches = self.progress(batches, "indexing", total=len(batches))
        added = sum(index.add(conn, list(load(batch)), self.key, suffix) for batch in batches)
        if rebuild:
            index.swap(conn, suffix)
        return added

    def build(self, entries: list, load: Loader, rebuild: bool = False) -> int:
        """Index what is missing (everything with ``rebuild``); returns documents added."""
        return self._run(lambda conn: self._ensure(conn, entries, load, rebuild))

    def search(self, query: str, entries: list, load: Loader, dept: str | None = None,
               kind: str | None = None, limit: int | None = None) -> Results:
        terms = parse_query(query)
        by_sha: dict[str, list] = {}
        for entry in entries:
            by_sha.setdefault(entry.sha256, []).append(entry)

        def action(conn):
            self._ensure(conn, entries, load)
            try:
                return self._query(conn, terms, by_sha, dept, kind, limit)
            except index.IndexDamaged:
                self.warn("Warning: the search index in the cache was damaged; building it again")
                index.drop(conn)
                self._ensure(conn, entries, load)
                return self._query(conn, terms, by_sha, dept, kind, limit)
        hits, total = self._run(action)
        return Results(query, total, hits)

    def search_documents(self, query: str, docs: list[Document], **options) -> Results:
        """``search`` over documents already in memory."""
        entries, load = _in_memory(docs)
        return self.search(query, entries, load, **options)

    def build_documents(self, docs: list[Document], rebuild: bool = False) -> int:
        entries, load = _in_memory(docs)
        return self.build(entries, load, rebuild)

    def _query(self, conn, terms: list[Term], by_sha, dept, kind, limit):
        expression, check = _expression(terms)
        ranges = index.Ranges(conn, self.key)
        whole_index = (set(ranges.shas) <= set(by_sha)
                       and all(len(v) == 1 for v in by_sha.values()))
        if expression and whole_index and not (check or kind or dept):
            # nothing to filter: SQLite counts and ranks, we fetch only the top hits
            total = index.count(conn, expression)
            hits = [(rowid, score, ranges.sha(rowid))
                    for rowid, score in index.ranked(conn, expression, limit)]
            if any(sha is None for _, _, sha in hits):
                raise index.IndexDamaged("a hit belongs to no indexed document")
        else:
            hits = [(rowid, score, sha) for rowid, score in index.ranked(conn, expression)
                    if (sha := ranges.sha(rowid)) in by_sha]
            if kind or dept:
                attrs = index.attributes(conn, [h[0] for h in hits])
                hits = [h for h in hits if (not kind or attrs[h[0]][0] == kind)
                        and (not dept or f"|{dept}|" in (attrs[h[0]][1] or ""))]
            if check:  # terms with punctuation/spaces: confirm on the text itself
                texts = index.details(conn, [h[0] for h in hits])
                if len(texts) < len(hits):
                    raise index.IndexDamaged("a hit has no node row")
                hits = [h for h in hits if all(t.occurs_in(texts[h[0]][4]) != t.exclude
                                               for t in check)]
            total = sum(len(by_sha[sha]) for _, _, sha in hits)  # duplicate files count twice
        expanded = [(rowid, score, entry) for rowid, score, sha in hits
                    for entry in by_sha[sha]][:limit or None]
        info = index.details(conn, [rowid for rowid, _, _ in expanded])
        if len(info) < len({rowid for rowid, _, _ in expanded}):
            raise index.IndexDamaged("a hit has no node row")
        include = [t for t in terms if not t.exclude]
        return [_hit(score, entry, info[rowid], include) for rowid, score, entry in expanded], total


def _expression(terms: list[Term]) -> tuple[str | None, list[Term]]:
    """The FTS5 expression for the terms, and the terms to confirm on the text.

    Included terms are AND-ed bigram phrases; excluded terms without punctuation
    become ``NOT``; every term holding punctuation or spaces (and every excluded
    term when nothing can be looked up) is confirmed on the text instead.
    """
    include = [t for t in terms if not t.exclude]
    expression = " AND ".join(f"({p})" for t in include if (p := index.phrase(t.text))) or None
    excluded = [p for t in terms if t.exclude and index.exact_in_index(t.text)
                and (p := index.phrase(t.text))]
    if excluded and expression:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    check = [t for t in terms if not index.exact_in_index(t.text)
             or (t.exclude and not expression)]
    return expression, check


def _in_memory(docs: list[Document]) -> tuple[list, Loader]:
    from ..corpus.library import Entry
    entries = [Entry.of(d) for d in docs]
    by_id = {id(e): d for e, d in zip(entries, docs, strict=True)}
    return entries, lambda chosen: (by_id[id(e)] for e in chosen)


def _hit(score: float, entry, info: tuple, terms: list[Term]) -> Hit:
    node_id, kind, heading, title, text, depts = info
    matches = sorted(span for t in terms for span in t.spans(text))
    first = matches[0][0] if matches else 0
    start = max(0, first - _CONTEXT)
    end = min(len(text), (matches[0][1] if matches else 0) + 2 * _CONTEXT)
    snippet = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    inside = [[s - start + len(prefix), e - start + len(prefix)] for s, e in matches
              if s >= start and e <= end]
    return Hit(entry.id, entry.year, node_id, kind, heading, title, round(score, 4),
               prefix + snippet + ("…" if end < len(text) else ""), inside, matches,
               [d for d in (depts or "").split("|") if d])
