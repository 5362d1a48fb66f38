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

The index lives in the cache database next to the parsed documents (one database
per parser version and registry), keyed by content sha256: changed documents are
added on the next search. Damage is never served: ``check`` finds missing or
inconsistent tables, and a rebuild (``ipcli index --rebuild``) fills new tables
aside and swaps them in with one transaction, so searches running meanwhile, or
a rebuild killed half-way, see the old index whole.
"""
from __future__ import annotations

import operator
import os
import re
import sqlite3
from bisect import bisect_right

from ..model import Document, heading_paths

RUN = re.compile(r"[^\W_]+")
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
_TABLES = """
CREATE TABLE IF NOT EXISTS search_docs{s} (sha256 TEXT, key TEXT, first_id INTEGER,
                                        nodes INTEGER, PRIMARY KEY (sha256, key));
CREATE TABLE IF NOT EXISTS search_nodes{s} (id INTEGER PRIMARY KEY, sha256 TEXT, key TEXT,
    node_id TEXT, kind TEXT, heading TEXT, title TEXT, text TEXT, depts TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts{s} USING fts5(
    title, body, content='', tokenize='ascii');
"""
NAMES = ("search_docs", "search_nodes", "search_fts")
BATCH = 200


class IndexDamaged(Exception):
    """The index contradicts itself (a hit that belongs to no document…): rebuild it."""


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


def create(conn: sqlite3.Connection, suffix: str = "") -> bool:
    """Create the tables; returns False when they had to be reset because some were
    missing or contradicted each other (a damaged cache), True when all was well."""
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?)",
        [n + suffix for n in NAMES])}
    healthy = len(present) in (0, 3) and (not present or _consistent(conn, suffix))
    if not healthy:
        drop(conn, suffix)
    conn.executescript(_TABLES.format(s=suffix))
    return healthy


def _consistent(conn: sqlite3.Connection, suffix: str) -> bool:
    """The last node row is where the last document's range ends (cheap: two lookups)."""
    last_node = conn.execute(f"SELECT max(id) FROM search_nodes{suffix}").fetchone()[0]
    last_doc = conn.execute(f"SELECT max(first_id + nodes - 1) FROM search_docs{suffix}"
                            ).fetchone()[0]
    return last_node == last_doc


def drop(conn: sqlite3.Connection, suffix: str = "") -> None:
    conn.executescript("".join(f"DROP TABLE IF EXISTS {n}{suffix};" for n in NAMES))


def aside_suffix() -> str:
    """Table-name suffix for a rebuild by this process: ``_new_4242``."""
    return f"_new_{os.getpid()}"


def drop_abandoned(conn: sqlite3.Connection) -> None:
    """Tables of rebuilds whose process is gone (killed half-way): dropped."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name LIKE 'search_docs_new_%'").fetchall():
        pid = name.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            drop(conn, name[len("search_docs"):])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def swap(conn: sqlite3.Connection, suffix: str) -> None:
    """Replace the live index by the one built aside, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in NAMES:
            conn.execute(f"DROP TABLE IF EXISTS {name}")
            conn.execute(f"ALTER TABLE {name}{suffix} RENAME TO {name}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def indexed(conn: sqlite3.Connection, key: str, suffix: str = "") -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT sha256 FROM search_docs{suffix} WHERE key = ?",
                                       (key,))}


def _rows(doc: Document) -> list[tuple]:
    paths = heading_paths(doc)
    rows = []
    for node in doc.walk():
        depts = dict.fromkeys(d.canonical or d.name for t in node.tasks for d in t.departments)
        rows.append((node.id, node.kind, paths[node.id], node.title or "", node.text,
                     "|" + "|".join(depts) + "|" if depts else "",
                     bigrams(node.title or ""), bigrams(node.text)))
    return rows


def add(conn: sqlite3.Connection, docs: list[Document], key: str, suffix: str = "") -> int:
    """Index one batch of documents in one transaction; returns how many were added.

    Documents indexed meanwhile by another process (same sha256 and key) are skipped.
    """
    prepared = [(doc.source.sha256 or doc.id, _rows(doc)) for doc in docs]  # as Entry.of
    added = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = indexed(conn, key, suffix)
        next_id = (conn.execute(f"SELECT max(id) FROM search_nodes{suffix}").fetchone()[0] or 0) + 1
        for sha, rows in prepared:
            if sha in have:
                continue
            have.add(sha)
            ids = range(next_id, next_id + len(rows))
            next_id += len(rows)
            conn.executemany(f"INSERT INTO search_nodes{suffix} VALUES (?,?,?,?,?,?,?,?,?)",
                             [(i, sha, key, *r[:6]) for i, r in zip(ids, rows, strict=True)])
            conn.executemany(f"INSERT INTO search_fts{suffix} (rowid, title, body) VALUES (?,?,?)",
                             [(i, r[6], r[7]) for i, r in zip(ids, rows, strict=True)])
            conn.execute(f"INSERT INTO search_docs{suffix} VALUES (?,?,?,?)",
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
