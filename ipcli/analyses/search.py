"""Search: query syntax, exact-recall matching, bm25 ranking, snippets.

``Searcher(store).search("维权援助 -海外", entries, library.ensure)`` → every node containing
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
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..corpus import searchindex as index
from ..errors import UsageError
from ..model import Document

# a term: optionally excluded (- or full-width －), a phrase in quotes of either width
# ("…", “…”, ＂…＂, 「…」), or a run of non-spaces
_QUERY_TOKEN = re.compile(r'([-－]?)(?:"([^"]*)"|“([^”]*)”|＂([^＂]*)＂|「([^」]*)」|(\S+))')
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


_WIDTH = tuple(zip("，（）：；！？", ",():;!?"))  # printed forms → the query's folded forms


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` case-folded, Chinese punctuation in the query's (normalised) forms, and
    the original offset of each folded character (None when they are the same
    offsets: folding kept every character one character)."""
    folded = text.casefold()
    for chinese, ascii_mark in _WIDTH:  # 1 for 1: （保护司负责） matches (保护司负责)
        if chinese in folded:  # str.replace: 10× faster than str.translate here
            folded = folded.replace(chinese, ascii_mark)
    if len(folded) == len(text):
        return folded, None
    origin: list[int] = []
    for i, char in enumerate(text):
        origin.extend([i] * len(char.casefold()))
    return folded, origin


def parse_query(query: str) -> list[Term]:
    """``维权援助 "知识 产权" -海外`` → three terms, the last excluded. A term given
    twice (``维权援助 維權援助``: the same once normalised) counts once."""
    from ..text.query import normalize_query

    terms, seen = [], set()
    for match in _QUERY_TOKEN.finditer(query):
        minus, *alternatives = match.groups()
        raw = next(a for a in alternatives if a is not None)
        text = normalize_query(raw).casefold()
        if text and (text, bool(minus)) not in seen:
            seen.add((text, bool(minus)))
            terms.append(Term(text, bool(minus)))
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


Ensure = Callable[[list], None]  # makes the entries' rows present in the database


class Searcher:
    """Runs searches on the corpus database's index (see ``corpus.searchindex``).

    Documents are given as corpus entries (id, sha256, summary) and an ``ensure``
    function that puts missing ones in the database (``Library.ensure``); the
    index is filled with the documents, so a search only reads.
    """

    def __init__(self, store, progress: Callable | None = None,
                 warn: Callable[[str], None] = lambda message: None):
        self.store, self.progress, self.warn = store, progress, warn

    def search(self, query: str, entries: list, ensure: Ensure | None = None,
               dept: str | None = None, kind: str | None = None,
               limit: int | None = None, lazy: bool = False) -> Results:
        """The hits, best first; ``lazy``: ``hits`` is an iterator reading the hits' text
        a chunk at a time (for printing every hit of a frequent term in bounded memory)."""
        terms = parse_query(query)
        by_sha: dict[str, list] = {}
        for entry in entries:
            by_sha.setdefault(entry.sha256, []).append(entry)

        def action(conn):
            if not index.healthy(conn):
                self._repair(conn)
            return self._query(conn, terms, by_sha, dept, kind, limit, lazy)
        for attempt in range(2):
            if ensure is not None:
                ensure(entries)
            try:
                hits, total = self.store.guarded(action)
                return Results(query, total, hits)
            except index.IndexDamaged:  # rows missing under the index: parse again, rebuild
                if attempt:
                    raise
                self.store.guarded(self._repair)
        raise AssertionError("unreachable")  # pragma: no cover

    def _repair(self, conn) -> None:
        from ..corpus.database import verify
        self.warn("Warning: the search index in the cache was damaged; building it again")
        verify(conn)
        index.rebuild(conn)

    def rebuild(self) -> None:
        """Build the whole index again from the stored nodes (aside, then swapped in)."""
        self.store.guarded(lambda conn: index.rebuild(conn))

    def search_documents(self, query: str, docs: list[Document], **options) -> Results:
        """``search`` over documents already in memory (stored in this searcher's database)."""
        from ..corpus import database
        from ..corpus.library import Entry
        from ..corpus.rows import document_rows
        from ..corpus.store import transaction
        rows = [document_rows(d) for d in docs]
        self.store.guarded(lambda c: transaction(c, lambda c: database.insert(c, rows)))
        return self.search(query, [Entry.of(d) for d in docs], None, **options)

    def _query(self, conn, terms: list[Term], by_sha, dept, kind, limit, lazy=False):
        expression, check = _expression(terms)
        ranges = index.Ranges(conn)
        stored = set(ranges.shas)
        if not set(by_sha) <= stored:
            raise index.IndexDamaged("a selected document has no rows")  # cannot happen
        whole_index = len(stored) == len(by_sha) and all(len(v) == 1 for v in by_sha.values())
        focus: dict[int, list[int]] = {}  # row → the match a snippet shows (--dept)
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
            if dept:  # a match inside a clause assigned to the department, not anywhere
                focus = _in_clauses(conn, hits, [t for t in terms if not t.exclude], dept)
                hits = [h for h in hits if h[0] in focus]
            total = sum(len(by_sha[sha]) for _, _, sha in hits)  # duplicate files count twice
        expanded = sorted(((rowid, score, entry) for rowid, score, sha in hits
                           for entry in by_sha[sha]),  # ties in document order, whatever
                          key=lambda h: (-h[1], h[2].id, h[0]))[:limit or None]  # the rowids
        include = [t for t in terms if not t.exclude]
        from ..corpus.library import fill_summaries
        fill_summaries(entry for _, _, entry in expanded)  # their years, in one query
        if lazy:  # every hit must have its row before the first is printed
            rows = sorted({rowid for rowid, _, _ in expanded})
            present = sum(conn.execute(f"SELECT count(*) FROM nodes WHERE row IN "
                                       f"({','.join('?' * len(c))})", c).fetchone()[0]
                          for c in (rows[i:i + 900] for i in range(0, len(rows), 900)))
            if present < len(rows):
                raise index.IndexDamaged("a hit has no node row")
            return self._stream(expanded, include, focus), total
        return _hits(conn, expanded, include, focus), total

    def _stream(self, expanded: list, include: list[Term], focus: dict,
                chunk: int = 500) -> Iterator[Hit]:
        for start in range(0, len(expanded), chunk):
            part = expanded[start:start + chunk]
            yield from self.store.guarded(lambda conn: _hits(conn, part, include, focus))


def _in_clauses(conn, hits: list, include: list[Term], dept: str) -> dict[int, list[int]]:
    """row → the matches (start, end) inside a clause assigned to ``dept``, for the hit
    nodes that have one. A clause is a task's text through its tag: in
    ``加强维权援助。（保护司负责）开展维权援助培训。（公共服务司负责）`` only the first
    维权援助 is 保护司's."""
    rows = {h[0] for h in hits}
    clauses: dict[int, list[tuple[str, str]]] = {}
    for sql in ("td.canonical = ?", "td.canonical IS NULL AND td.name = ?"):
        for row, text, tag in conn.execute(
                "SELECT t.node_row, t.text, t.tag FROM task_departments td JOIN tasks t "
                f"USING (task) WHERE {sql}", (dept,)):
            if row in rows:
                clauses.setdefault(row, []).append((text or "", tag or ""))
    texts = index.details(conn, sorted(clauses))
    focus: dict[int, list[int]] = {}
    for row, found in clauses.items():
        node_text = texts[row][4] if row in texts else ""
        spans = []
        for text, tag in found:
            start = node_text.find(text) if text else node_text.find(tag)
            end = node_text.find(tag, start) if start >= 0 else -1
            if end >= 0:
                spans.append((start, end + len(tag)))
        inside = [m for t in include for m in t.spans(node_text)
                  if any(s <= m[0] and m[1] <= e for s, e in spans)]
        if inside:
            focus[row] = min(inside)
    return focus


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


def _hits(conn, expanded: list, include: list[Term], focus: dict | None = None) -> list[Hit]:
    info = index.details(conn, [rowid for rowid, _, _ in expanded])
    if len(info) < len({rowid for rowid, _, _ in expanded}):
        raise index.IndexDamaged("a hit has no node row")
    focus = focus or {}
    return [_hit(score, entry, info[rowid], include, focus.get(rowid))
            for rowid, score, entry in expanded]


def shown_score(score: float) -> float:
    """bm25 to 4 decimals; a tiny one (every term in over half of the nodes: FTS5 then
    floors the IDF to 1e-6) to 3 significant digits, so that it does not read as 0
    while the hits are still ranked by it: 10.2246, 2.35e-06."""
    return round(score, 4) if abs(score) >= 1e-3 or score == 0 else float(f"{score:.3g}")


def score_text(score: float) -> str:
    """A score in a table: ``10.22``; a tiny one ``2.3e-06``."""
    return f"{score:.2f}" if abs(score) >= 5e-3 or score == 0 else f"{score:.1e}"


def _hit(score: float, entry, info: tuple, terms: list[Term],
         shown: list[int] | None = None) -> Hit:
    node_id, kind, heading, title, text, depts = info
    matches = sorted(span for t in terms for span in t.spans(text))
    shown = shown or (matches[0] if matches else [0, 0])  # the match the snippet is around
    start = max(0, shown[0] - _CONTEXT)
    end = min(len(text), shown[1] + 2 * _CONTEXT)
    snippet = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    inside = [[s - start + len(prefix), e - start + len(prefix)] for s, e in matches
              if s >= start and e <= end]
    return Hit(entry.id, entry.year, node_id, kind, heading, title, shown_score(score),
               prefix + snippet + ("…" if end < len(text) else ""), inside, matches,
               [d for d in (depts or "").split("|") if d])
