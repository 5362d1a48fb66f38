"""Reading and writing documents in the corpus database (see ``schema``).

``insert(conn, [document_rows(doc)])`` stores parsed documents, each whole or not
at all, numbering their nodes and tasks; ``summaries(conn, shas)`` reads what
``ipcli list`` shows without touching a node; ``stored_documents(conn, shas)``
reads whole documents back. A row that does not read back as it was written
(a damaged cache) is deleted, so that its document is parsed again.
"""
from __future__ import annotations

import json
import sqlite3
import time
import zlib
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .schema import DOCUMENT_COLUMNS
from .schema import FTS_TABLE as LIVE  # the live search index (see searchindex)

if TYPE_CHECKING:
    from .rows import Rows

_CHUNK = 500


def chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def marks(items: list) -> str:
    return ",".join("?" * len(items))


def present(conn: sqlite3.Connection, shas: Iterable[str]) -> set[str]:
    """The hashes among ``shas`` that have a document row."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(shas))):
        found.update(r[0] for r in conn.execute(
            f"SELECT sha256 FROM documents WHERE sha256 IN ({marks(chunk)})", chunk))
    return found


def insert(conn: sqlite3.Connection, batch: list[Rows], fts: str = LIVE) -> int:
    """Insert documents not stored yet (in the caller's transaction); returns how many."""
    have = present(conn, [rows.sha256 for rows in batch])
    next_row = (conn.execute("SELECT max(row) FROM nodes").fetchone()[0] or 0) + 1
    next_task = (conn.execute("SELECT max(task) FROM tasks").fetchone()[0] or 0) + 1
    added, counts = 0, []
    for rows in batch:
        if rows.sha256 in have:
            continue
        have.add(rows.sha256)
        if conn.execute("SELECT 1 FROM tasks WHERE sha256 = ? UNION ALL SELECT 1 FROM warnings "
                        "WHERE sha256 = ? LIMIT 1", (rows.sha256, rows.sha256)).fetchone():
            delete(conn, [rows.sha256])  # rows left by a damaged cache: theirs, not ours
        document = {**rows.document, "first_node": next_row, "nodes": len(rows.nodes),
                    "created": time.time()}
        conn.execute(f"INSERT INTO documents VALUES ({marks(DOCUMENT_COLUMNS)})",
                     [document[c] for c in DOCUMENT_COLUMNS])
        conn.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         [(next_row + n[0], rows.sha256, *n) for n in rows.nodes])
        conn.executemany("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         [(next_task + i, rows.sha256, next_row + t[0], rows.nodes[t[0]][1], i,
                           *t[1:]) for i, t in enumerate(rows.tasks)])
        conn.executemany("INSERT INTO task_departments VALUES (?,?,?,?,?,?)",
                         [(next_task + d[0], *d[1:]) for d in rows.departments])
        conn.executemany("INSERT INTO warnings VALUES (?,?,?,?,?,?)",
                         [(rows.sha256, *w) for w in rows.warnings])
        counts += [(dept, rows.sha256, *c) for dept, *c in _department_counts(rows.departments)]
        conn.executemany(f"INSERT INTO {fts} (rowid, title, body) VALUES (?,?,?)",
                         [(next_row + seq, title, body) for seq, title, body in rows.search])
        next_row += len(rows.nodes)
        next_task += len(rows.tasks)
        added += 1
    counts.sort()  # in the table's order (by department): a batch fills each page once
    conn.executemany("INSERT INTO department_counts VALUES (?,?,?,?,?,?,?)", counts)
    return added


def compare_files(conn: sqlite3.Connection, scanned: list[tuple], root: str | None
                  ) -> tuple[dict[int, tuple], list[str]]:
    """Compare files as found (seq, key, id, size, mtime_ns, ctime_ns, inode, readable)
    with the files table in one query: seq → (stored id, sha256, same signature,
    summary or None) for the files known; and, with ``root``, the paths stored under
    it that were not found (gone), and those of files outside any scan (named by
    path: their documents must not weigh in the corpus's search scores and counts).
    A summary row that is damaged counts as missing."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS scan (seq INTEGER PRIMARY KEY, key TEXT, "
                 "id TEXT, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, "
                 "readable INTEGER)")
    conn.execute("DELETE FROM scan")
    conn.executemany("INSERT INTO scan VALUES (?,?,?,?,?,?,?,?)", scanned)
    known, damaged = {}, []
    for seq, doc_id, sha, same, stored, *columns in conn.execute(
            "SELECT s.seq, f.id, f.sha256, f.size = s.size AND f.mtime_ns = s.mtime_ns "
            "AND f.ctime_ns = s.ctime_ns AND f.inode = s.inode, d.sha256 IS NOT NULL, "
            f"{', '.join('d.' + c for c in SUMMARY_SOURCES)} FROM scan s "
            "JOIN files f ON f.path = s.key LEFT JOIN documents d ON d.sha256 = f.sha256"):
        summary = _summary(*columns) if stored else None
        if stored and summary is None:
            damaged.append(sha)
        known[seq] = (doc_id, sha, same, summary)
    if damaged:
        delete(conn, sorted(set(damaged)))
    gone = [] if root is None else [r[0] for r in conn.execute(
        "SELECT path FROM files WHERE (root = ? OR root IS NULL) "
        "AND path NOT IN (SELECT key FROM scan)", (root,))]
    return known, gone


class Listing:
    """A corpus folder's stored listing, as read back: ids, paths (as found) and
    sha256s in the files' order (sha256 None for a file that could not be read), and
    the summaries as packed (``summaries()`` unpacks them: only commands that show
    them pay for it)."""

    __slots__ = ("ids", "paths", "shas", "_packed")

    def __init__(self, ids: list, paths: list, shas: list, packed: bytes):
        self.ids, self.paths, self.shas, self._packed = ids, paths, shas, packed

    def summaries(self) -> list[list | None] | None:
        """One list of ``SUMMARY_SOURCES`` values per file (None for a file that could
        not be read); None if the text does not read back (never, once checked)."""
        try:
            rows = json.loads(self._packed)
        except ValueError:
            return None
        return rows if isinstance(rows, list) and len(rows) == len(self.ids) else None


def listed(conn: sqlite3.Connection, root: str, digest: str) -> Listing | None:
    """The corpus folder's files as last seen whole, when its digest is still
    ``digest``: one row, its checksum verified; else None (then the caller compares
    file by file, which repairs and writes it again). The triggers of ``schema``
    forget every listing when a documents row changes or goes, so a listing never
    names a document that is gone; a damaged or edited one fails its checksum."""
    row = conn.execute("SELECT digest, files, entries, summaries, checksum FROM listings "
                       "WHERE root = ?", (root,)).fetchone()
    if row is None or row[0] != digest:
        return None
    _, files, entries, packed, checksum = row
    if not (type(entries) is bytes and type(packed) is bytes
            and checksum == _checksum(root, digest, entries, packed)):
        return None
    try:
        ids, paths, shas = json.loads(entries)
    except ValueError:
        return None
    if not (type(files) is int and len(ids) == len(paths) == len(shas) == files):
        return None
    return Listing(ids, paths, shas, packed)


def remember_listing(conn: sqlite3.Connection, root: str, digest: str,
                     rows: list[tuple]) -> bool:
    """Store the folder's files (id, path, sha256, summary; None for both when the
    file could not be read) in order under ``digest`` (in the caller's write
    transaction). Not when a document it names is no longer stored (another process
    collected it since it was read): a listing must never name one, and the
    triggers keep that true only from here on. Returns whether it was stored."""
    ids, paths, shas, summaries = (list(column) for column in zip(*rows)) if rows \
        else ([], [], [], [])
    named = {sha for sha in shas if sha is not None}
    if len(present(conn, named)) != len(named):
        conn.execute("DELETE FROM listings WHERE root = ?", (root,))
        return False
    entries = json.dumps([ids, paths, shas], ensure_ascii=False).encode()
    packed = json.dumps([None if s is None else [s[k] for k in SUMMARY_SOURCES]
                         for s in summaries], ensure_ascii=False).encode()
    conn.execute("INSERT OR REPLACE INTO listings VALUES (?,?,?,?,?,?)",
                 (root, digest, len(rows), entries, packed,
                  _checksum(root, digest, entries, packed)))
    return True


def _checksum(root: str, digest: str, entries: bytes, packed: bytes) -> int:
    """What a listing's texts must sum to (with its folder and digest): a listing
    damaged, edited by hand or copied to another folder is not served. (CRC-32: a
    millisecond for 10,000 files, where a cryptographic hash of the text took ten.)"""
    check = zlib.crc32(f"{root}\0{digest}\0".encode("utf-8", "surrogatepass"))
    return zlib.crc32(packed, zlib.crc32(b"\0", zlib.crc32(entries, check)))


def summaries(conn: sqlite3.Connection, shas: Iterable[str]) -> dict[str, dict[str, Any]]:
    """sha256 → summary (as ``rows.summary_of``) for the documents stored; a damaged row
    is deleted, so that its document is parsed again."""
    found, damaged = {}, []
    for chunk in chunks(sorted(set(shas)), 900):
        for sha, *columns in conn.execute(
                f"SELECT sha256, {', '.join(SUMMARY_SOURCES)} FROM documents "
                f"WHERE sha256 IN ({marks(chunk)})", chunk):
            summary = _summary(*columns)
            if summary is None:
                damaged.append(sha)
            else:
                found[sha] = summary
    if damaged:
        delete(conn, damaged)
    return found


def _summary(year, date, published, number, title, script, *counts) -> dict[str, Any] | None:
    """The summary ``ipcli list`` shows, or None when the columns are not as written."""
    if not all(type(c) is int for c in counts) or not (year is None or type(year) is int):
        return None
    return {"year": year, "date": date, "published": published, "doc_number": number,
            "title": title, "script": script, "sections": counts[0], "subsections": counts[1],
            "items": counts[2], "articles": counts[3], "tasks": counts[4], "warnings": counts[5]}


_NODE_COLUMNS = ("seq, id, parent, depth, kind, label, number, title, text, line_start, "
                 "line_end, heading, depts, cells")
_FLAT_NODE_COLUMNS = "seq, id, parent, kind, label, title, text"  # headings: made again


def stored_documents(conn: sqlite3.Connection, shas: list[str], flat: bool = False) -> dict:
    """sha256 → ``Document`` for the documents stored (ids and paths unset). With
    ``flat``, sha256 → (the document without nodes, warnings and dropped lines, its
    ``FlatNode`` list): what ``diff`` reads, made from fewer columns and no tree."""
    found, damaged = {}, []
    for sha in shas:
        values = conn.execute(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents "
                              "WHERE sha256 = ?", (sha,)).fetchone()
        if values is None:
            continue
        row = dict(zip(DOCUMENT_COLUMNS, values, strict=True))
        if not _sound(row) or not _own_range(conn, sha, row["first_node"], row["nodes"]):
            damaged.append(sha)  # (before its numbers are used to read other rows)
            continue
        first_node = row["first_node"]
        nodes = conn.execute(
            f"SELECT {_FLAT_NODE_COLUMNS if flat else _NODE_COLUMNS} FROM nodes "
            "WHERE row >= ? AND row < ? ORDER BY row", (first_node, first_node + row["nodes"])
        ).fetchall()
        tasks = conn.execute(  # numbered in seq order when stored (checked below): by
            "SELECT task, seq, node_row, node, text, tag, deadline, due, note, line FROM tasks "
            "WHERE sha256 = ? ORDER BY task", (sha,)).fetchall()  # the index, no sort
        first_task = tasks[0][0] if tasks else 0
        try:
            departments = conn.execute(
                "SELECT task - ?, seq, name, canonical, role, kind FROM task_departments "
                "WHERE task >= ? AND task < ? ORDER BY task, seq",
                (first_task, first_task, first_task + len(tasks))).fetchall()
            warnings = [] if flat else conn.execute(
                "SELECT seq, code, line, message, snippet FROM warnings WHERE sha256 = ? "
                "ORDER BY seq", (sha,)).fetchall()
            if not _rows_sound(row, nodes, tasks, flat):
                raise ValueError("rows missing or changed")
            tasks = [(t[2] - first_node, *t[4:]) for t in tasks]
            from .rows import document_of, flat_document_of
            found[sha] = flat_document_of(row, nodes, tasks, departments) if flat \
                else document_of(row, nodes, tasks, departments, warnings)
        except (ValueError, TypeError, IndexError, KeyError):
            damaged.append(sha)
    if damaged:
        delete(conn, damaged)
    return found


def delete(conn: sqlite3.Connection, shas: list[str]) -> None:
    """Forget documents and all their rows. Their search tokens are taken back with
    the same bigrams they were indexed with; when the node rows are damaged too, the
    index is marked for a rebuild instead (a contentless index cannot tell)."""
    for sha in shas:
        row = conn.execute("SELECT first_node, nodes FROM documents WHERE sha256 = ?",
                           (sha,)).fetchone()
        nodes = conn.execute("SELECT row, title, text FROM nodes WHERE sha256 = ? ORDER BY row",
                             (sha,)).fetchall()
        intact = row is not None and [n[0] for n in nodes] == list(
            range(row[0], row[0] + row[1])) if isinstance(row and row[0], int) else False
        if intact:
            from .searchindex import bigrams
            conn.executemany(f"INSERT INTO {LIVE} ({LIVE}, rowid, title, body) "
                             "VALUES ('delete', ?, ?, ?)",
                             [(r, bigrams(title or ""), bigrams(text or "")) for r, title, text
                              in nodes])
        elif nodes or row:
            conn.execute("INSERT OR REPLACE INTO info VALUES ('search_stale', '1')")
        tasks = [r[0] for r in conn.execute("SELECT task FROM tasks WHERE sha256 = ?", (sha,))]
        for chunk in chunks(tasks):
            conn.execute(f"DELETE FROM task_departments WHERE task IN ({marks(chunk)})", chunk)
        for table in ("tasks", "warnings", "nodes", "department_counts", "documents"):
            conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))


_ROLE_COLUMN = {"lead": 1, "responsible": 2, "participant": 3}


def _department_counts(departments: list[tuple]) -> list[tuple]:
    """(department, kind, lead, responsible, participant, total) of one document's task
    departments: ``知识产权保护司`` leading 2 tasks and taking part in 1 gives
    ``("知识产权保护司", "cnipa-unit", 2, 0, 1, 3)``."""
    counts: dict[str, list] = {}
    for _, _, name, canonical, role, kind in departments:
        row = counts.setdefault(canonical or name, [kind, 0, 0, 0, 0])
        row[0] = row[0] or kind
        row[_ROLE_COLUMN[role]] += 1
        row[4] += 1
    return [(dept, *row) for dept, row in counts.items()]


def verify(conn: sqlite3.Connection) -> int:
    """Delete documents whose node or task rows are not all there (run when the index
    contradicts the tables: a damaged cache); returns how many go (to be parsed again)."""
    broken = [r[0] for r in conn.execute(
        "SELECT d.sha256 FROM documents d "
        "LEFT JOIN (SELECT sha256, count(*) c, min(row) lo, max(row) hi FROM nodes "
        "           GROUP BY sha256) n USING (sha256) "
        "LEFT JOIN (SELECT sha256, count(*) c FROM tasks GROUP BY sha256) t USING (sha256) "
        "WHERE n.c IS NOT d.nodes OR n.lo IS NOT d.first_node "
        "   OR n.hi IS NOT d.first_node + d.nodes - 1 OR coalesce(t.c, 0) IS NOT d.tasks")]
    delete(conn, broken)
    return len(broken)


def collect(conn: sqlite3.Connection) -> int:
    """Delete documents no file refers to any more (edited or removed files), so the
    database holds exactly the corpus and search scores match a fresh run."""
    stale = [r[0] for r in conn.execute(
        "SELECT sha256 FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM files)")]
    delete(conn, stale)
    return len(stale)


_COUNTS = ("sections", "subsections", "items", "articles", "tasks", "warnings")
SUMMARY_SOURCES = ("year", "date", "published", "doc_number", "title", "script", *_COUNTS)


def _typed(row: dict[str, Any]) -> bool:
    """The summary columns as written: whole-number counts, a year or nothing."""
    return all(type(row[k]) is int for k in _COUNTS) and (
        row["year"] is None or type(row["year"]) is int)


def _own_range(conn: sqlite3.Connection, sha: str, first: int, count: int) -> bool:
    """The document's node rows are exactly ``first`` .. ``first + count - 1``: its
    first and last rows are its own and the rows either side are not (a node count
    or first row changed would read part of another document, or lose its last
    nodes, unseen)."""
    if count <= 0:
        return count == 0
    owners = dict(conn.execute("SELECT row, sha256 FROM nodes WHERE row IN (?, ?, ?, ?)",
                               (first - 1, first, first + count - 1, first + count)))
    return (owners.get(first) == sha and owners.get(first + count - 1) == sha
            and owners.get(first - 1) != sha and owners.get(first + count) != sha)


def _rows_sound(row: dict[str, Any], nodes: list[tuple], tasks: list[tuple], flat: bool) -> bool:
    """A document's node and task rows as written: as many as its row says, numbered
    in order, each node's parent before it, the columns read typed as stored (a kind
    or id of text), each task on the node it names. Damage here must read as damage
    (the document is parsed again), never as a document with other nodes or tasks."""
    if len(nodes) != row["nodes"] or len(tasks) != row["tasks"]:
        return False
    kind, title, text = (3, 5, 6) if flat else (4, 7, 8)
    for i, node in enumerate(nodes):
        parent = node[2]
        if node[0] != i or type(node[1]) is not str or type(node[kind]) is not str \
                or not (parent is None or type(parent) is int and 0 <= parent < i) \
                or type(node[text]) not in (str, type(None)) \
                or type(node[title]) not in (str, type(None)):
            return False
    first_task, first_node = (tasks[0][0] if tasks else 0), row["first_node"]
    for i, (task, seq, node_row, node_id, text, tag, *_) in enumerate(tasks):
        at = node_row - first_node if type(node_row) is int else -1
        if task != first_task + i or seq != i or not 0 <= at < len(nodes) \
                or nodes[at][1] != node_id or type(text) is not str or type(tag) is not str:
            return False
    return True


def _sound(row: dict[str, Any]) -> bool:
    """A whole documents row as written: typed, a node range, JSON that parses."""
    try:
        if not _typed(row) or type(row["first_node"]) is not int or type(row["nodes"]) is not int:
            return False
        return isinstance(json.loads(row["meta"]), dict) and isinstance(
            json.loads(row["dropped"]), list)
    except (TypeError, ValueError, KeyError):
        return False
