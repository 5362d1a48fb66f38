"""The corpus database's file: opening, sharing, surviving damage.

``Store.open(key="p2-r3f2a…", corpus=Path("seeds")).connection()`` is a SQLite
connection to ``ipcli-seeds-<hash>-<key>.sqlite`` in the cache folder: one file
per corpus folder, parser version and registry, so the database holds exactly
one corpus (search scores are those of a fresh run) and processes using other
registries never see or drop its data. The tables are described in ``schema``.

Failure rules — the database may make ipcli faster, never wrong or broken:

- several processes at once: WAL journal, a busy timeout, short transactions;
- a corrupt or truncated file: deleted and rebuilt, with one warning;
- a missing table: created again (what it held is parsed or indexed again);
- a read-only or full disk, ``--no-cache``, or any other I/O trouble: the store
  works on a private in-memory database for the run (one warning when it had to
  switch); callers find their rows missing and parse again, so results are
  the same, only slower. ``generation`` counts such switches.

Location: ``IPCLI_CACHE`` (a directory), else the user cache directory
(``$XDG_CACHE_HOME/ipcli``, ``~/Library/Caches/ipcli``, ``%LOCALAPPDATA%\\ipcli``).
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, Callable

from .schema import SCHEMA_VERSION, install

DB_PREFIX, DB_SUFFIX = "ipcli-", ".sqlite"
_CORRUPT = ("not a database", "malformed", "corrupt")
_MISSING = ("no such table", "no such column")
_LOCKED = ("locked", "busy")


def default_cache_dir() -> Path:
    if os.environ.get("IPCLI_CACHE"):
        return Path(os.path.abspath(os.environ["IPCLI_CACHE"]))  # db path prints it whole
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ipcli"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ipcli" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ipcli"


def db_name(key: str, corpus: Path | None = None) -> str:
    """The file holding one corpus folder's database for one parser version and
    registry: ``ipcli-seeds-1a2b3c4d-p2-r3f2a….sqlite``."""
    if corpus is None:
        return f"{DB_PREFIX}{key}{DB_SUFFIX}"
    folder = os.path.abspath(corpus)
    slug = re.sub(r"[^\w.-]+", "_", os.path.basename(folder))[:40] or "root"
    digest = hashlib.sha1(os.fsencode(folder)).hexdigest()[:8]
    return f"{DB_PREFIX}{slug}-{digest}-{key}{DB_SUFFIX}"


class Store:
    """A SQLite database that degrades to a private in-memory one instead of failing."""

    def __init__(self, path: Path | None, warn: Callable[[str], None]):
        self.path = path
        self._warn = warn
        self._conn: sqlite3.Connection | None = None
        self._rebuilt = False
        self.generation = 0
        self.disabled_reason: str | None = None if path else "disabled (--no-cache)"

    @classmethod
    def open(cls, directory: Path | None = None, enabled: bool = True,
             warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
             key: str = "default", corpus: Path | None = None) -> "Store":
        if not enabled:
            return cls(None, warn)
        return cls((directory or default_cache_dir()) / db_name(key, corpus), warn)

    # -- connection ------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        """True while the database on disk is in use (not the in-memory fallback)."""
        return self.disabled_reason is None

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = (self._connect() if self.enabled else None) or self._memory()
        return self._conn

    def usable(self) -> bool:
        """Connect now, without the warning a command would give when the file cannot be
        used (``ipcli db path`` makes that its error): True when the file is in use."""
        warn, self._warn = self._warn, lambda message: None
        try:
            self.connection()
        finally:
            self._warn = warn
        return self.enabled

    def _memory(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        install(conn)
        return conn

    def _connect(self) -> sqlite3.Connection | None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 30000")
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            conn.execute("PRAGMA temp_store = MEMORY")  # the per-command scan and selection
            self._retry(lambda: install(conn))
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
        self.generation += 1
        self._conn = self._connect()
        return self._conn

    def _disable(self, exc: Exception) -> None:
        """Leave the file for this run: work in memory (callers parse what is missing)."""
        if self.enabled:
            self.disabled_reason = why = _described(exc)
            self._warn(f"Warning: cache disabled for this run ({why}); results are unaffected")
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None
        self.generation += 1

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

    def guarded(self, action: Callable[[sqlite3.Connection], Any], retried: bool = False) -> Any:
        """Run ``action(conn)``; on trouble repair, rebuild or fall back to memory, and
        run it again there."""
        conn = self.connection()
        try:
            return self._retry(lambda: action(conn))
        except sqlite3.DatabaseError as exc:
            _rollback(conn)
            if _is_missing(exc) and not retried:  # a dropped table: create it again
                if not self._retry(lambda: install(conn)):
                    self._warn(f"Warning: tables were missing in {self.path}; parsing again")
                return self.guarded(action, retried=True)
            if not self.enabled:
                raise  # even memory failed: a real bug, let it show
            if not (_is_corrupt(exc) and self._rebuild(f"cache file {self.path} was damaged "
                                                       f"({exc})")):
                self._disable(exc)
        except OSError as exc:
            _rollback(conn)
            if not self.enabled:
                raise
            self._disable(exc)
        return self.guarded(action, retried=retried)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- what is in the folder ------------------------------------------------------
    def info(self) -> dict[str, Any]:
        size = sum(p.stat().st_size for p in self._files() if p.exists())
        counts = self.guarded(lambda c: {
            name: c.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("files", "documents", "nodes", "tasks")})
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


def transaction(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], Any]) -> Any:
    """``action(conn)`` inside ``BEGIN IMMEDIATE … COMMIT`` (rolled back on any error)."""
    return _within(conn, "BEGIN IMMEDIATE", action)


def _described(exc: Exception) -> str:
    """``IPCLI_CACHE=notes.txt``: "notes.txt is a file, not a folder", not
    "[Errno 17] File exists: 'notes.txt'"."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        path = Path(exc.filename)  # the folder asked for, or one above it, is a file
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()),
                        path)
        return f"{blocking} is a file, not a folder"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)


def snapshot(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], Any]) -> Any:
    """``action(conn)`` inside one read transaction (``BEGIN … COMMIT``): its queries
    (a count, then the rows) see one state of the database while another process
    writes. Inside a transaction already, it just runs."""
    return action(conn) if conn.in_transaction else _within(conn, "BEGIN", action)


def _within(conn: sqlite3.Connection, begin: str, action: Callable[[sqlite3.Connection], Any]
            ) -> Any:
    conn.execute(begin)
    try:
        result = action(conn)
        conn.execute("COMMIT")
        return result
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if getattr(conn, "in_transaction", True):
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    return any(word in str(exc).lower() for word in _CORRUPT)


def _is_missing(exc: sqlite3.DatabaseError) -> bool:
    return any(word in str(exc).lower() for word in _MISSING)
