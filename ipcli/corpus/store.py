"""The cache: parsed documents (and the search index) in SQLite files.

``Store.open(key="p1-r3f2a…").get_documents([sha], key)`` returns cached parses.
Each parser version and registry has its own file, ``ipcli-<key>.sqlite``, so
processes using different registries never see (or drop) each other's data;
within a file, parses are keyed by the content's sha256, so an edited file is
parsed again and an unchanged one never is. A stat table (path, size, mtime,
ctime, inode) spares re-hashing unchanged files.

Failure rules — the cache may make ipcli faster, never wrong or broken:

- several processes at once: WAL journal, a busy timeout, short transactions;
- a corrupt or truncated file: deleted and rebuilt, with one warning;
- a damaged row (a flipped bit in a blob, invalid summary JSON): that row is
  deleted and its document parsed again from its file, with one warning;
- a missing table: created again (the search index rebuilds what it lacks);
- a read-only or full disk, or any other I/O trouble: the cache switches itself
  off for this run, with one warning, and results are computed directly.

Location: ``IPCLI_CACHE`` (a directory), else the user cache directory
(``$XDG_CACHE_HOME/ipcli``, ``~/Library/Caches/ipcli``, ``%LOCALAPPDATA%\\ipcli``).
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Callable

SCHEMA_VERSION = "6"
DB_PREFIX, DB_SUFFIX = "ipcli-", ".sqlite"
_TABLES = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                                  ctime_ns INTEGER, inode INTEGER, sha256 TEXT);
CREATE TABLE IF NOT EXISTS documents (sha256 TEXT, key TEXT, summary TEXT, created REAL,
                                      data BLOB, PRIMARY KEY (sha256, key));
-- data comes last: reading a summary then never walks the blob's overflow pages
"""
_CORRUPT = ("not a database", "malformed", "corrupt")
_MISSING = ("no such table", "no such column")
_LOCKED = ("locked", "busy")


def default_cache_dir() -> Path:
    if os.environ.get("IPCLI_CACHE"):
        return Path(os.environ["IPCLI_CACHE"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ipcli"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ipcli" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ipcli"


class Store:
    """A SQLite cache that degrades to "no cache" instead of failing."""

    def __init__(self, path: Path | None, warn: Callable[[str], None]):
        self.path = path
        self._warn = warn
        self._conn: sqlite3.Connection | None = None
        self._rebuilt = False
        self.disabled_reason: str | None = None if path else "disabled (--no-cache)"

    @classmethod
    def open(cls, directory: Path | None = None, enabled: bool = True,
             warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
             key: str = "default") -> "Store":
        if not enabled:
            return cls(None, warn)
        return cls((directory or default_cache_dir()) / db_name(key), warn)

    # -- connection ------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self.disabled_reason is None

    def connection(self) -> sqlite3.Connection | None:
        if self._conn is None and self.enabled:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> sqlite3.Connection | None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 30000")
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            self._retry(lambda: conn.executescript(_TABLES))
            version = conn.execute("SELECT value FROM info WHERE key='schema'").fetchone()
            if version is None:
                conn.execute("INSERT OR IGNORE INTO info VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version[0] != SCHEMA_VERSION:
                conn.close()
                return self._rebuild(f"cache format {version[0]} is outdated")
            return conn
        except sqlite3.DatabaseError as exc:
            if _is_corrupt(exc):
                return self._rebuild(f"cache file {self.path} was unreadable ({exc})")
            self._disable(exc)
        except OSError as exc:
            self._disable(exc)
        return None

    def _rebuild(self, why: str) -> sqlite3.Connection | None:
        if self._rebuilt:
            self._disable(RuntimeError(why))
            return None
        self._rebuilt = True
        if "outdated" not in why:
            self._warn(f"Warning: {why}; rebuilding it")
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        for path in self._files():
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self._conn = self._connect()
        return self._conn

    def _disable(self, exc: Exception) -> None:
        if self.enabled:
            self.disabled_reason = str(exc)
            self._warn(f"Warning: cache disabled for this run ({exc}); results are unaffected")
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None

    @staticmethod
    def _retry(action: Callable[[], Any], attempts: int = 50) -> Any:
        for attempt in range(attempts):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if attempt + 1 == attempts or not any(w in str(exc) for w in _LOCKED):
                    raise
                time.sleep(0.05)
        return None  # pragma: no cover

    def guarded(self, action: Callable[[sqlite3.Connection], Any], default: Any = None,
                retried: bool = False) -> Any:
        """Run ``action(conn)``; on trouble rebuild or disable, and return ``default``."""
        conn = self.connection()
        if conn is None:
            return default
        try:
            return self._retry(lambda: action(conn))
        except sqlite3.DatabaseError as exc:
            if _is_missing(exc) and not retried:  # a dropped table: create it again
                self._retry(lambda: conn.executescript(_TABLES))
                return self.guarded(action, default, retried=True)
            if _is_corrupt(exc) and self._rebuild(f"cache file {self.path} was damaged ({exc})"):
                return self.guarded(action, default)
            self._disable(exc)
        except OSError as exc:
            self._disable(exc)
        return default

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- files and documents -----------------------------------------------------
    def known_hashes(self, paths: list[str]) -> dict[str, tuple[int, int, int, int, str]]:
        """path → (size, mtime_ns, ctime_ns, inode, sha256) for the paths seen before."""
        def read(conn):
            rows = {}
            for chunk in _chunks(paths, 500):
                marks = ",".join("?" * len(chunk))
                rows.update({r[0]: tuple(r[1:]) for r in conn.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, inode, sha256 FROM files "
                    f"WHERE path IN ({marks})", chunk)})
            return rows
        return self.guarded(read, {})

    def _by_hash(self, column: str, hashes: list[str], key: str, decode) -> dict[str, Any]:
        """sha256 → decode(column) for the rows cached under ``key``; a row that does
        not decode is deleted (its document is then parsed again) with one warning."""
        def read(conn):
            found, damaged = {}, []
            for chunk in _chunks(hashes, 500):
                marks = ",".join("?" * len(chunk))
                for sha, value in conn.execute(
                        f"SELECT sha256, {column} FROM documents "
                        f"WHERE key = ? AND sha256 IN ({marks})", [key, *chunk]):
                    try:
                        found[sha] = decode(value)
                    except (ValueError, TypeError, zlib.error):
                        damaged.append(sha)
            if damaged:
                conn.executemany("DELETE FROM documents WHERE sha256 = ? AND key = ?",
                                 [(sha, key) for sha in damaged])
                self._warn(f"Warning: {len(damaged)} damaged cache entr"
                           f"{'y' if len(damaged) == 1 else 'ies'} in {self.path}; parsing again")
            return found
        return self.guarded(read, {})

    def get_summaries(self, hashes: list[str], key: str) -> dict[str, dict]:
        """sha256 → document summary (small), for those cached under ``key``."""
        return self._by_hash("summary", hashes, key, _summary)

    def get_documents(self, hashes: list[str], key: str) -> dict[str, dict]:
        """sha256 → document dict, for those cached under ``key``."""
        return self._by_hash("data", hashes, key, _document)

    def put(self, files: list[tuple[str, int, int, int, int, str]],
            documents: list[tuple[str, str, bytes, dict]]) -> None:
        """Record file hashes and packed documents with their summaries, in one transaction."""
        if not files and not documents:
            return

        def write(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", files)
                conn.executemany(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                    [(sha, key, json.dumps(summary, ensure_ascii=False), time.time(), blob)
                     for sha, key, blob, summary in documents])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        self.guarded(write)

    def info(self) -> dict[str, Any]:
        size = sum(p.stat().st_size for p in self._files() if p.exists())
        counts = self.guarded(lambda c: {
            "documents": c.execute("SELECT count(*) FROM documents").fetchone()[0],
            "files": c.execute("SELECT count(*) FROM files").fetchone()[0]}, {})
        others = [p.name for p in self._siblings() if p != self.path]
        return {"path": str(self.path) if self.path else None, "enabled": self.enabled,
                "disabled_reason": self.disabled_reason, "bytes": size, **counts,
                "other_caches": others}

    def clear(self) -> int:
        """Delete every cache file in the folder (all keys); returns the bytes freed."""
        from ..errors import IpcliError
        self.close()
        freed = 0
        for main in self._siblings():
            for path in [main, *(Path(f"{main}{s}") for s in ("-wal", "-shm", "-journal"))]:
                try:
                    size = path.stat().st_size
                    path.unlink()
                    freed += size
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise IpcliError(f"cannot delete {path}: {exc.strerror or exc}",
                                     "check the cache folder's permissions (IPCLI_CACHE)") from None
        return freed

    def _files(self) -> list[Path]:
        if self.path is None:
            return []
        return [Path(f"{self.path}{s}") for s in ("", "-wal", "-shm", "-journal")]

    def _siblings(self) -> list[Path]:
        """Every cache database in this cache's folder (one per parser version and registry)."""
        if self.path is None or not self.path.parent.is_dir():
            return []
        found = {p for p in self.path.parent.glob(f"{DB_PREFIX}*{DB_SUFFIX}") if p.is_file()}
        legacy = self.path.parent / "ipcli.sqlite"  # before one file per key
        return sorted(found | ({legacy} if legacy.is_file() else set()))


def pack(data: dict) -> bytes:
    """A document dict as stored: compact JSON, zlib level 1 (about 5× smaller)."""
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def unpack(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


def _summary(text: str) -> dict:
    value = json.loads(text)
    if not isinstance(value, dict) or "title" not in value:
        raise ValueError("not a summary")
    return value


def _document(blob: bytes) -> dict:
    value = unpack(blob)
    if not isinstance(value, dict) or not {"id", "source", "meta", "nodes"} <= set(value):
        raise ValueError("not a document")
    return value


def db_name(key: str) -> str:
    """The file holding one parser version's and registry's cache."""
    return f"{DB_PREFIX}{key}{DB_SUFFIX}"


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    return any(word in str(exc).lower() for word in _CORRUPT)


def _is_missing(exc: sqlite3.DatabaseError) -> bool:
    return any(word in str(exc).lower() for word in _MISSING)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
