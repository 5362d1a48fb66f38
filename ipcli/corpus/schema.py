"""The corpus database: one SQLite file that other tools can open.

``ipcli db path`` prints where it is (one file per parser version and registry:
``ipcli-p2-r3f2a….sqlite`` in the cache folder). Every parsed notice is stored
once per content (``sha256``), as rows an analyst can query directly::

    files             one row per notice file seen: path, root (the corpus folder),
                      id (the document id in that corpus), sha256, size, mtime_ns,
                      ctime_ns, inode (how freshness is checked)
    documents         one row per parsed content: sha256, title, notice_title,
                      doc_number, issuer, date, published, year, script, encoding,
                      format (text, html, docx, pdf, xlsx), counts (sections, subsections, items,
                      articles, tasks, warnings),
                      first_node and nodes (its rows in ``nodes``), meta and dropped
                      (JSON), created
    nodes             the tree in document order: row, sha256, seq, id (``3.6``),
                      parent (seq of the parent, or null), depth, kind, label,
                      number, title, text, line_start, line_end, heading (the path
                      ``三、… > (六)…``), depts (``|知识产权保护司|…|``), cells (JSON)
    tasks             task, sha256, node_row, node, seq, text, tag, deadline, due,
                      note, line
    task_departments  task, seq, name (as printed), canonical (registry name or
                      null), role (lead / responsible / participant), kind
    department_counts department (canonical, else as printed), sha256, kind, lead,
                      responsible, participant, total: the tasks per department
                      and document, by role (stored by department, so a whole
                      department × document matrix is one ordered scan)
    warnings          sha256, seq, code, line, message, snippet
    listings          root, digest, files, entries, summaries, checksum: a corpus
                      folder as last seen whole, packed for the next run. ``digest``
                      is of every file's path and stat; ``entries`` is UTF-8 JSON
                      ``[ids, paths, sha256s]`` in order (sha256 null for a file that
                      could not be read: tried again each run); ``summaries`` is JSON,
                      one list per file (year … warnings, as ``SUMMARY_SOURCES``);
                      ``checksum`` (CRC-32) covers all of it. A warm run whose scan has the
                      same digest reads this one row; any change to ``documents``
                      (a row added, changed or deleted) forgets every listing
                      (triggers), so none names a document that is gone, and a
                      document stored for a file outside the scan (named by path)
                      is collected by the next whole run
    search_fts        FTS5 over nodes (rowid = nodes.row): title and body as
                      character bigrams (see ``searchindex``)
    segments          key, lengths: clauses ``diff`` has cut into words (key: a
                      hash of the segmenter and the text; lengths: one character
                      per word, see ``segments``), so jieba cuts a clause once

A document and all its rows are written in one transaction, so a reader never
sees half a document. Example (every task of 知识产权保护司 with its file)::

    SELECT f.id, t.node, td.role, t.text FROM task_departments td
      JOIN tasks t USING (task) JOIN files f USING (sha256)
     WHERE td.canonical = '知识产权保护司' ORDER BY f.id, t.seq;
"""
from __future__ import annotations

SCHEMA_VERSION = "12"

TABLES = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, root TEXT, id TEXT, sha256 TEXT,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER);
CREATE INDEX IF NOT EXISTS files_root ON files (root);
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY, title TEXT, notice_title TEXT, doc_number TEXT, issuer TEXT,
    date TEXT, published TEXT, year INTEGER, script TEXT, encoding TEXT, format TEXT,
    sections INTEGER, subsections INTEGER, items INTEGER, articles INTEGER, tasks INTEGER,
    warnings INTEGER,
    first_node INTEGER, nodes INTEGER, meta TEXT, dropped TEXT, created REAL);
CREATE INDEX IF NOT EXISTS documents_ranges ON documents (first_node, nodes, sha256);
CREATE TABLE IF NOT EXISTS nodes (
    row INTEGER PRIMARY KEY, sha256 TEXT, seq INTEGER, id TEXT, parent INTEGER,
    depth INTEGER, kind TEXT, label TEXT, number INTEGER, title TEXT, text TEXT,
    line_start INTEGER, line_end INTEGER, heading TEXT, depts TEXT, cells TEXT);
CREATE TABLE IF NOT EXISTS tasks (
    task INTEGER PRIMARY KEY, sha256 TEXT, node_row INTEGER, node TEXT, seq INTEGER,
    text TEXT, tag TEXT, deadline TEXT, due TEXT, note TEXT, line INTEGER);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks (sha256);
CREATE TABLE IF NOT EXISTS task_departments (
    task INTEGER, seq INTEGER, name TEXT, canonical TEXT, role TEXT, kind TEXT,
    PRIMARY KEY (task, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS task_departments_canonical ON task_departments (canonical);
CREATE INDEX IF NOT EXISTS task_departments_name ON task_departments (name);
CREATE TABLE IF NOT EXISTS department_counts (
    department TEXT, sha256 TEXT, kind TEXT, lead INTEGER, responsible INTEGER,
    participant INTEGER, total INTEGER, PRIMARY KEY (department, sha256)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS department_counts_doc ON department_counts (sha256);
CREATE TABLE IF NOT EXISTS warnings (
    sha256 TEXT, seq INTEGER, code TEXT, line INTEGER, message TEXT, snippet TEXT,
    PRIMARY KEY (sha256, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listings (
    root TEXT PRIMARY KEY, digest TEXT, files INTEGER, entries BLOB, summaries BLOB,
    checksum INTEGER);
CREATE TABLE IF NOT EXISTS segments (key BLOB PRIMARY KEY, lengths TEXT NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS listings_forget_inserted AFTER INSERT ON documents
    BEGIN DELETE FROM listings; END;
CREATE TRIGGER IF NOT EXISTS listings_forget_deleted AFTER DELETE ON documents
    BEGIN DELETE FROM listings; END;
CREATE TRIGGER IF NOT EXISTS listings_forget_updated AFTER UPDATE ON documents
    BEGIN DELETE FROM listings; END;
"""

FTS_TABLE = "search_fts"
FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5("
       "title, body, content='', tokenize='ascii')")


_DOCUMENT_TABLES = ("documents", "nodes", "tasks", "task_departments", "department_counts",
                    "warnings")


_LISTING_TRIGGERS = {"listings_forget_inserted", "listings_forget_deleted",
                     "listings_forget_updated"}
_LISTING_COLUMNS = ["root", "digest", "files", "entries", "summaries", "checksum"]


def install(conn) -> bool:
    """Create whatever table is missing; returns False when stored documents had to be
    dropped because a table holding part of them was gone (a damaged cache: they are
    parsed again). A search index created while documents are stored is marked for a
    rebuild. Listings are a copy: one of another shape is dropped, and all are
    forgotten when ``documents`` or a trigger that keeps them true was missing (rows
    may have gone meanwhile, unseen)."""
    present = {name: kind for name, kind in conn.execute(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')")}
    partial = "documents" in present and not set(_DOCUMENT_TABLES) <= present.keys()
    if "listings" in present and [r[1] for r in conn.execute(
            "PRAGMA table_info(listings)")] != _LISTING_COLUMNS:
        conn.execute("DROP TABLE listings")
    if "words" in present:  # an empty table of caches before 2026-11-24, never filled
        conn.execute("DROP TABLE words")
    conn.executescript(TABLES)
    if "documents" not in present or not _LISTING_TRIGGERS <= present.keys():
        conn.execute("DELETE FROM listings")
    if partial:
        for table in _DOCUMENT_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    if FTS_TABLE not in present or partial:
        conn.execute(FTS.format(name=FTS_TABLE))
        if conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
            conn.execute("INSERT OR REPLACE INTO info VALUES ('search_stale', '1')")
    return not partial


DOCUMENT_COLUMNS = ("sha256", "title", "notice_title", "doc_number", "issuer", "date",
                    "published", "year", "script", "encoding", "format", "sections", "subsections",
                    "items", "articles", "tasks", "warnings", "first_node", "nodes", "meta",
                    "dropped", "created")
SUMMARY_COLUMNS = ("year", "date", "doc_number", "title", "script", "sections", "subsections",
                   "items", "articles", "tasks", "warnings")
