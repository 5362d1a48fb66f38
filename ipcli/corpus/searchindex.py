"""The search index: node texts as overlapping character bigrams in SQLite FTS5.

``bigrams("海关总署")`` → ``"海关 关总 总署 署"``. Every run of letters, digits
and CJK characters becomes its overlapping bigrams plus its last character, so:

- a query of 2+ characters is the FTS5 *phrase* of its bigrams
  (``维权援助`` → ``"维权 权援 援助"``), which matches exactly where the string
  occurs and nowhere else — adjacent positions inside one run can only come from
  adjacent characters, and a run's trailing single character never joins a phrase;
- a 1-character query is the prefix query ``"海" *``, since every character of
  a run starts a token.

So recall is exact (``海关`` finds ``海关总署``, which a word-segmented index would
miss), and bm25 ranks by frequency, rarity and title matches (title weight 5).

The index lives in the cache database next to the parsed documents, keyed like
them by content sha256 + parser version + registry: changed documents are added
on the next search, and a key change (a new parser version) rebuilds it.
"""
from __future__ import annotations

import operator
import re
import sqlite3
from bisect import bisect_right

from ..model import Document, heading_paths

RUN = re.compile(r"[^\W_]+")
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
_TABLES = """
CREATE TABLE IF NOT EXISTS search_docs (sha256 TEXT, key TEXT, first_id INTEGER,
                                        nodes INTEGER, PRIMARY KEY (sha256, key));
CREATE TABLE IF NOT EXISTS search_nodes (id INTEGER PRIMARY KEY, sha256 TEXT, key TEXT,
    node_id TEXT, kind TEXT, heading TEXT, title TEXT, text TEXT, depts TEXT);
CREATE INDEX IF NOT EXISTS search_nodes_doc ON search_nodes (sha256, key);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title, body, content='', tokenize='ascii');
"""
BATCH = 200


def bigrams(text: str) -> str:
    """The token string FTS5 indexes for ``text`` (casefolded)."""
    out = []
    for run in RUN.findall(text.casefold()):
        if len(run) > 1:
            out.append(" ".join(map(operator.add, run, run[1:])))
        out.append(run[-1])
    return " ".join(out)


def phrase(term: str) -> str | None:
    """The FTS5 expression matching ``term`` (casefolded) exactly, or None."""
    parts = []
    for run in RUN.findall(term.casefold()):
        if len(run) == 1:
            parts.append(f'"{run}" *')
        else:
            parts.append('"' + " ".join(map(operator.add, run, run[1:])) + '"')
    return " AND ".join(parts) if parts else None


def exact_in_index(term: str) -> bool:
    """True when the FTS phrase alone decides a match (no punctuation or spaces)."""
    return RUN.fullmatch(term) is not None


def create(conn: sqlite3.Connection, key: str) -> None:
    """Create the tables; drop an index built under another key (parser version)."""
    conn.executescript(_TABLES)
    stale = conn.execute("SELECT 1 FROM search_docs WHERE key != ? LIMIT 1", (key,)).fetchone()
    if stale:
        conn.executescript("DROP TABLE search_fts; DELETE FROM search_nodes; "
                           "DELETE FROM search_docs;")
        conn.executescript(_TABLES)


def drop(conn: sqlite3.Connection) -> None:
    conn.executescript("DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_nodes; "
                       "DROP TABLE IF EXISTS search_docs;")


def indexed(conn: sqlite3.Connection, key: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT sha256 FROM search_docs WHERE key = ?", (key,))}


def _rows(doc: Document) -> list[tuple]:
    paths = heading_paths(doc)
    rows = []
    for node in doc.walk():
        depts = dict.fromkeys(d.canonical or d.name for t in node.tasks for d in t.departments)
        rows.append((node.id, node.kind, paths[node.id], node.title or "", node.text,
                     "|" + "|".join(depts) + "|" if depts else "",
                     bigrams(node.title or ""), bigrams(node.text)))
    return rows


def add(conn: sqlite3.Connection, docs: list[Document], key: str) -> int:
    """Index one batch of documents in one transaction; returns how many were added.

    Documents indexed meanwhile by another process (same sha256 and key) are skipped.
    """
    prepared = [(doc.source.sha256, _rows(doc)) for doc in docs]  # outside the write lock
    added = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = indexed(conn, key)
        next_id = (conn.execute("SELECT max(id) FROM search_nodes").fetchone()[0] or 0) + 1
        for sha, rows in prepared:
            if sha in have:
                continue
            have.add(sha)
            ids = range(next_id, next_id + len(rows))
            next_id += len(rows)
            conn.executemany("INSERT INTO search_nodes VALUES (?,?,?,?,?,?,?,?,?)",
                             [(i, sha, key, *r[:6]) for i, r in zip(ids, rows, strict=True)])
            conn.executemany("INSERT INTO search_fts (rowid, title, body) VALUES (?,?,?)",
                             [(i, r[6], r[7]) for i, r in zip(ids, rows, strict=True)])
            conn.execute("INSERT INTO search_docs VALUES (?,?,?,?)",
                         (sha, key, ids.start, len(rows)))
            added += 1
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return added


class Ranges:
    """Which document each node rowid belongs to: a document's nodes have
    consecutive rowids, so a bisect over the first rowids answers without a join."""

    def __init__(self, conn: sqlite3.Connection, key: str):
        rows = sorted(conn.execute(
            "SELECT first_id, nodes, sha256 FROM search_docs WHERE key = ?", (key,)))
        self.starts = [r[0] for r in rows]
        self.ends = [r[0] + r[1] for r in rows]
        self.shas = [r[2] for r in rows]

    def sha(self, rowid: int) -> str | None:
        i = bisect_right(self.starts, rowid) - 1
        return self.shas[i] if i >= 0 and rowid < self.ends[i] else None


def count(conn: sqlite3.Connection, expression: str) -> int:
    return conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                        (expression,)).fetchone()[0]


def ranked(conn: sqlite3.Connection, expression: str | None, limit: int | None = None
           ) -> list[tuple[int, float]]:
    """(rowid, score) of matching nodes, best first; the ``limit`` best when given.

    Without an expression (a query of punctuation only, such as ``〔``) every node
    is a candidate, in index order, for the caller to check against its text.
    """
    if not expression:
        return [(r[0], 0.0) for r in conn.execute("SELECT id FROM search_nodes ORDER BY id")]
    sql = (f"SELECT rowid, -bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
           "FROM search_fts WHERE search_fts MATCH ? ORDER BY score DESC, rowid")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return conn.execute(sql, (expression,)).fetchall()


def attributes(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
    """id → (kind, depts), for filtering."""
    found = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT id, kind, depts FROM search_nodes WHERE id IN ({marks})",
                                chunk):
            found[row[0]] = row[1:]
    return found


def details(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    """id → (node_id, kind, heading, title, text, depts)."""
    found = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT id, node_id, kind, heading, title, text, depts "
                                f"FROM search_nodes WHERE id IN ({marks})", chunk):
            found[row[0]] = row[1:]
    return found
