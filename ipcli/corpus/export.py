"""A clean copy of the corpus database, for sharing (``ipcli export --sqlite FILE``).

``export(conn, "corpus.sqlite", root)`` copies the database with ``VACUUM INTO``,
then keeps only the corpus folder's own files and the documents they hold (paths
relative to the folder; the stat columns and the folder's stored listing, which
mean nothing on another machine, and the stored clause segmentations cleared), so the copy
opens in ``sqlite3``, Datasette or DuckDB with exactly the corpus in it.
"""
from __future__ import annotations

import sqlite3

from . import database
from .schema import SCHEMA_VERSION


def export(conn: sqlite3.Connection, path: str, root: str) -> dict[str, int]:
    """Write the copy to ``path`` (which must not exist); returns what it holds."""
    conn.execute("VACUUM INTO ?", (path,))
    copy = sqlite3.connect(path, isolation_level=None)
    try:
        copy.execute("BEGIN")
        copy.execute("DELETE FROM files WHERE root IS NOT ?", (root,))
        copy.execute("UPDATE files SET path = substr(path, length(root) + 2), root = '.', "
                     "size = NULL, mtime_ns = NULL, ctime_ns = NULL, inode = NULL")
        database.collect(copy)
        copy.execute("DELETE FROM listings")  # this machine's folder as last seen
        copy.execute("DELETE FROM segments")  # diff's work, of any corpus
        copy.execute("DELETE FROM info")
        copy.execute("INSERT INTO info VALUES ('schema', ?)", (SCHEMA_VERSION,))
        copy.execute("COMMIT")
        copy.execute("VACUUM")
        return {name: copy.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in ("files", "documents", "nodes", "tasks")}
    finally:
        copy.close()
