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

The index is one FTS5 table over the ``nodes`` table of the corpus database (its
rowid is ``nodes.row``), filled in the same transaction as the document, from
bigrams computed in the parse workers. Damage is never served: a missing table or
a hit belonging to no document triggers a rebuild, and a rebuild (``ipcli index
--rebuild``) fills a new table aside from ``nodes`` and swaps it in with one
transaction (indexing first whatever was added meanwhile), so searches running
meanwhile, or a rebuild killed half-way, see the old index whole.
"""
from __future__ import annotations

import operator
import os
import re
import sqlite3
from bisect import bisect_right

from .schema import FTS, FTS_TABLE

RUN = re.compile(r"[^\W_]+")
TITLE_WEIGHT, BODY_WEIGHT = 5.0, 1.0
LIVE = FTS_TABLE
BATCH = 2000  # nodes per transaction when rebuilding


class IndexDamaged(Exception):
    """The index contradicts the documents (a hit that belongs to no document…)."""


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


def healthy(conn: sqlite3.Connection) -> bool:
    """True when the live index exists and nothing marked it stale."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (LIVE,)).fetchone()
    stale = conn.execute("SELECT 1 FROM info WHERE key = 'search_stale'").fetchone()
    return bool(exists) and not stale


def create(conn: sqlite3.Connection, name: str = LIVE) -> None:
    conn.execute(FTS.format(name=name))


def aside_name() -> str:
    """The table a rebuild by this process fills: ``search_fts_new_4242``."""
    return f"{LIVE}_new_{os.getpid()}"


def drop_abandoned(conn: sqlite3.Connection) -> None:
    """Tables of rebuilds whose process is gone (killed half-way): dropped."""
    prefix = f"{LIVE}_new_"
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name GLOB ?", (prefix + "*",)).fetchall():
        pid = name[len(prefix):]
        if pid.isdigit() and not _alive(int(pid)):  # not its shadow tables (…_data, …_idx)
            conn.execute(f"DROP TABLE IF EXISTS {name}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def fill(conn: sqlite3.Connection, name: str, after: int = 0, progress=None) -> int:
    """Index the nodes with ``row > after`` into table ``name``; returns the last row."""
    last = after
    while True:
        rows = conn.execute("SELECT row, title, text FROM nodes WHERE row > ? ORDER BY row "
                            "LIMIT ?", (last, BATCH)).fetchall()
        if not rows:
            return last
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(f"INSERT INTO {name} (rowid, title, body) VALUES (?,?,?)",
                             [(row, bigrams(title or ""), bigrams(text)) for row, title, text in rows])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        last = rows[-1][0]
        if progress:
            progress(len(rows))


def rebuild(conn: sqlite3.Connection, progress=None) -> None:
    """Build the index aside from ``nodes`` and swap it in (see the module docstring)."""
    drop_abandoned(conn)
    name = aside_name()
    conn.execute(f"DROP TABLE IF EXISTS {name}")
    create(conn, name)
    last = fill(conn, name, progress=progress)
    conn.execute("BEGIN IMMEDIATE")
    try:  # nobody writes now: index what others added meanwhile, then swap
        for row, title, text in conn.execute("SELECT row, title, text FROM nodes WHERE row > ?",
                                             (last,)).fetchall():
            conn.execute(f"INSERT INTO {name} (rowid, title, body) VALUES (?,?,?)",
                         (row, bigrams(title or ""), bigrams(text)))
        conn.execute(f"DROP TABLE IF EXISTS {LIVE}")
        conn.execute(f"ALTER TABLE {name} RENAME TO {LIVE}")
        conn.execute("DELETE FROM info WHERE key = 'search_stale'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Ranges:
    """Which document each node row belongs to: a document's nodes have consecutive
    rows, so a bisect over the first rows answers without a join."""

    def __init__(self, conn: sqlite3.Connection):
        rows = sorted(conn.execute("SELECT first_node, nodes, sha256 FROM documents"))
        self.starts = [r[0] for r in rows]
        self.ends = [r[0] + r[1] for r in rows]
        self.shas = [r[2] for r in rows]

    def sha(self, rowid: int) -> str | None:
        i = bisect_right(self.starts, rowid) - 1
        return self.shas[i] if i >= 0 and rowid < self.ends[i] else None


def count(conn: sqlite3.Connection, expression: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {LIVE} WHERE {LIVE} MATCH ?",
                        (expression,)).fetchone()[0]


def ranked(conn: sqlite3.Connection, expression: str | None, limit: int | None = None
           ) -> list[tuple[int, float]]:
    """(rowid, score) of matching nodes, best first; the ``limit`` best when given.

    Without an expression (a query of punctuation only, such as ``〔``) every node
    is a candidate, in index order, for the caller to check against its text.
    """
    if not expression:
        return [(r[0], 0.0) for r in conn.execute("SELECT row FROM nodes ORDER BY row")]
    sql = (f"SELECT rowid, -bm25({LIVE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
           f"FROM {LIVE} WHERE {LIVE} MATCH ?")
    if not limit:
        return conn.execute(sql + " ORDER BY score DESC, rowid", (expression,)).fetchall()
    # with every hit tied with the last one (the caller orders ties by document, not
    # rowid): fetched in the same pass when they fit in a window past the limit, since
    # each pass scores every match (0.6 s for a term in 400,000 nodes)
    window = max(10 * int(limit), 500)
    best = conn.execute(sql + f" ORDER BY score DESC, rowid LIMIT {window + 1}",
                        (expression,)).fetchall()
    if len(best) <= limit:
        return best
    last = best[limit - 1][1]
    if len(best) <= window or best[window][1] < last:
        return [row for row in best if row[1] >= last]
    return conn.execute(f"SELECT * FROM ({sql}) WHERE score >= ? ORDER BY score DESC, rowid",
                        (expression, last)).fetchall()


def attributes(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
    """row → (kind, depts), for filtering."""
    return _by_row(conn, "kind, depts", ids)


def details(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    """row → (node id, kind, heading, title, text, depts)."""
    return _by_row(conn, "id, kind, heading, title, text, depts", ids)


def _by_row(conn: sqlite3.Connection, columns: str, ids: list[int]) -> dict[int, tuple]:
    found = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT row, {columns} FROM nodes WHERE row IN ({marks})",
                                chunk):
            found[row[0]] = row[1:]
    return found
