"""The corpus through its database: selectors, freshness, parsing what is new.

``Library(corpus, store, …).entries(["2020"])`` → the 2020 documents as entries
(id, path, sha256, summary) from the ``documents`` table, without building a
single ``Document``; ``documents(entries)`` builds full documents a batch at a
time, for the commands that need trees; ``query(action)`` runs SQL on the
database once every entry's rows are there.

Selectors, shared by every command that takes documents::

    cnipa-2020-hq-guideline   a document id (a unique prefix is enough)
    seeds/notice.txt          a path (a folder selects the files in it)
    2020                      every document whose meta.year is 2020
    all                       the whole corpus
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, NotFound, UsageError
from ..model import Document
from ..readers.files import display_path, read_bytes
from . import database
from .files import SUFFIXES, Corpus, discover
from .parsing import Job, parse_all, parse_job
from .rows import document_dict, summary_of
from .store import Store, transaction

_YEAR = re.compile(r"(19|20)\d{2}")
_BATCH = 50  # documents per write transaction


@dataclass
class Entry:
    """A document of the corpus as known without building it: id, file, hash, summary."""

    id: str
    path: Path
    sha256: str
    summary: dict  # year, date, doc_number, title, script, counts (see rows.summary_of)

    @property
    def year(self) -> int | None:
        return self.summary.get("year")

    @classmethod
    def of(cls, doc: Document) -> "Entry":
        """The entry of a document already in memory."""
        from ..model import document_summary
        summary = document_summary(doc)
        del summary["id"], summary["path"]
        return cls(doc.id, Path(doc.source.path or doc.id), doc.source.sha256 or doc.id, summary)

    def row(self) -> dict:
        return {"id": self.id, **self.summary, "path": display_path(self.path)}


class Library:
    """The corpus read through the database (which may be a private in-memory one)."""

    def __init__(self, corpus: Corpus, store: Store, cache_key: str, registry_path: str | None,
                 warn: Callable[[str], None], progress=None, workers: int | None = None,
                 max_bytes: int | None = None):
        self.corpus, self.store, self.cache_key = corpus, store, cache_key
        self.registry_path, self._warn, self._progress = registry_path, warn, progress
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.max_bytes = max_bytes
        self._entries: dict[Path, Entry] = {}
        self._reported = False
        self.added = 0  # documents parsed and stored by this run

    # -- selectors -----------------------------------------------------------------
    def entries(self, selectors: Iterable[str] = ()) -> list[Entry]:
        """Entries named by the selectors (the whole corpus when none)."""
        selectors = list(selectors) or ["all"]
        chosen: dict[Path, Entry] = {}
        everything = None
        for selector in selectors:
            if selector == "all" or _YEAR.fullmatch(selector):
                if everything is None:
                    everything = self._everything()
                found = everything if selector == "all" else self._of_year(everything, selector)
            else:
                found = self.load(self._resolve(selector), strict=True)
            for entry in found:
                chosen.setdefault(entry.path, entry)
        return list(chosen.values())

    def select(self, selectors: Iterable[str] = ()) -> list[Document]:
        """Full documents named by the selectors."""
        return list(self.documents(self.entries(selectors)))

    def _everything(self) -> list[Entry]:
        if not self._reported:
            self._reported = True
            for path, why in self.corpus.skipped:
                self._warn(f"Warning: skipping {path}: {why}")
        return self.load(list(self.corpus.paths.items()), strict=False, complete=True)

    def _of_year(self, entries: list[Entry], selector: str) -> list[Entry]:
        found = [e for e in entries if e.year == int(selector)]
        if not found:
            years = sorted({e.year for e in entries if e.year})
            raise NotFound(f"no document from {selector} in the corpus ({self.corpus.root})",
                           "years present: " + (", ".join(map(str, years)) or "none"))
        return found

    def _resolve(self, selector: str) -> list[tuple[str, Path]]:
        paths = self.corpus.paths
        if not selector.strip():
            raise UsageError("an empty selector selects nothing",
                             "give a document id, a path, a year or 'all'")
        if selector in paths:
            return [(selector, paths[selector])]
        path = Path(selector)
        if path.is_dir():
            return list(discover(path).items())
        if path.exists() or selector.endswith(SUFFIXES) or os.sep in selector:
            return [(display_path(path.stem), path)]
        matches = [i for i in paths if i.startswith(selector)] or \
                  [i for i in paths if selector in i]
        if len(matches) == 1:
            return [(matches[0], paths[matches[0]])]
        if matches:
            raise UsageError(f"{selector!r} matches several documents: {', '.join(matches[:10])}",
                             "give more of the id")
        known = ", ".join(list(paths)[:8]) + (" …" if len(paths) > 8 else "")
        raise NotFound(f"no document {selector!r} in the corpus ({self.corpus.root})",
                       f"known ids: {known or 'none'}; a selector is an id, a path, a year or 'all'")

    # -- loading -----------------------------------------------------------------------
    def load(self, items: list[tuple[str, Path]], strict: bool,
             complete: bool = False) -> list[Entry]:
        """Entries for the files, parsing (in parallel) those not stored yet.

        ``complete``: ``items`` is the whole corpus, so files rows of vanished files
        under its folder are forgotten.
        """
        todo = [(i, p) for i, p in items if p not in self._entries]
        hashed = self._hashes(todo, strict, complete)
        found = self.store.guarded(lambda c: database.summaries(c, [s for *_, s in hashed]))
        missing = [(doc_id, path) for doc_id, path, sha in hashed if sha not in found]
        parsed = self._parse(missing, strict, found)
        for doc_id, path, sha in hashed:
            sha = parsed.get(str(path), sha)
            if sha in found:
                self._entries[path] = Entry(doc_id, path, sha, found[sha])
        return [self._entries[p] for _, p in items if p in self._entries]

    def _hashes(self, todo: list[tuple[str, Path]], strict: bool,
                complete: bool) -> list[tuple[str, Path, str]]:
        """(id, path, sha256) per file: the stored hash when size, mtime, ctime and inode
        all match (an edit keeping size and mtime still changes ctime) and we may still
        read the file; else read and hash it. One query for all the files."""
        root = _key(self.corpus.root)
        keys = {p: _key(p) for _, p in todo}
        inside = {p: _key(p).startswith(root.rstrip(os.sep) + os.sep) for _, p in todo}
        known = self.store.guarded(lambda c: _known(c, list(keys.values()),
                                                    root if complete else None))
        hashed, changed = [], []
        for doc_id, path in todo:
            try:
                info = os.stat(path)
                signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                row = known.get(keys[path])
                if row and row[2:] == signature and row[0] == doc_id \
                        and os.access(path, os.R_OK):
                    hashed.append((doc_id, path, row[1]))
                    continue
                sha = row[1] if row and row[2:] == signature and os.access(path, os.R_OK) \
                    else hashlib.sha256(read_bytes(path, self.max_bytes)).hexdigest()
            except OSError as exc:
                self._fail(path, exc.strerror or str(exc), strict, "check the path")
                continue
            except InputError as exc:
                self._fail(path, exc.message, strict, exc.hint)
                continue
            hashed.append((doc_id, path, sha))
            changed.append((keys[path], root if inside[path] else None, doc_id, sha,
                            *signature))  # the stat from before reading
        gone = sorted(set(known) - set(keys.values())) if complete else []
        if changed or gone:
            self.store.guarded(lambda c: transaction(c, lambda c: _record(c, changed, gone)))
            if complete:  # documents no file refers to any more go (edited or removed)
                self.store.guarded(lambda c: transaction(c, database.collect))
        return hashed

    def _parse(self, missing: list[tuple[str, Path]], strict: bool,
               found: dict[str, dict]) -> dict[str, str]:
        """Parse files into the database; fills ``found``; path → sha256 of what was parsed."""
        jobs = [Job(str(p), i, self.registry_path, self.max_bytes) for i, p in missing]
        parsed, batch = {}, []
        for result in parse_all(jobs, self.workers, self._progress):
            if result.rows is None:
                self._fail(Path(result.path), result.error or "unreadable", strict, result.hint)
                continue
            parsed[result.path] = result.rows.sha256
            found[result.rows.sha256] = summary_of(result.rows.document)
            batch.append(result.rows)
            if len(batch) >= _BATCH:
                self._write(batch)
        self._write(batch)
        return parsed

    def _write(self, batch: list) -> None:
        if batch:
            self.added += self.store.guarded(
                lambda c: transaction(c, lambda c: database.insert(c, batch)))
            batch.clear()

    # -- the database, complete for what was selected ------------------------------------
    def ensure(self, entries: list[Entry]) -> None:
        """Every entry's rows are in the database (after a switch to the in-memory
        database, or when another process cleared the cache, they are parsed again)."""
        shas = {e.sha256 for e in entries}
        have = self.store.guarded(lambda c: database.present(c, shas))
        missing = [e for e in entries if e.sha256 not in have]
        if missing:
            self._parse([(e.id, e.path) for e in {e.sha256: e for e in missing}.values()],
                        False, {})

    def query(self, entries: list[Entry], action: Callable[[Any], Any]) -> Any:
        """``action(conn)`` on a database holding every entry's rows."""
        self.ensure(entries)
        return self.store.guarded(action)

    def documents(self, entries: list[Entry], batch: int = 200) -> Iterator[Document]:
        """Full documents for the entries, in order, built a batch at a time."""
        for start in range(0, len(entries), batch):
            chunk = entries[start:start + batch]
            wanted = list(dict.fromkeys(e.sha256 for e in chunk))
            found = self.store.guarded(lambda c: database.document_dicts(c, wanted))
            for entry in chunk:
                data = found.get(entry.sha256)
                if data is None:  # lost meanwhile: parse again
                    result = parse_job(Job(str(entry.path), entry.id, self.registry_path,
                                           self.max_bytes))
                    if result.rows is None:
                        self._fail(entry.path, result.error or "unreadable", False, result.hint)
                        continue
                    self._write([result.rows])
                    rows = result.rows
                    data = document_dict(rows.document, rows.nodes, rows.tasks,
                                         rows.departments, rows.warnings)
                doc = Document.from_dict(data)
                doc.id, doc.source.path = entry.id, display_path(entry.path)
                yield doc

    def _fail(self, path: Path, message: str, strict: bool, hint: str | None = None) -> None:
        shown = display_path(path)
        if strict:
            raise InputError(message if shown in message else f"{shown}: {message}",
                             hint or "check the path, or run `ipcli list`")
        note = f". Hint: {hint}" if hint else ""
        self._warn((f"Warning: skipping {message}" if shown in message
                    else f"Warning: skipping {shown}: {message}") + note)


def _key(path: Path) -> str:
    """The files table's key for a file: its absolute path as printable text."""
    return display_path(os.path.abspath(path))


def _known(conn, keys: list[str], root: str | None) -> dict[str, tuple]:
    """path → (id, sha256, size, mtime_ns, ctime_ns, inode), by folder or by path."""
    sql = "SELECT path, id, sha256, size, mtime_ns, ctime_ns, inode FROM files"
    if root is not None:
        return {r[0]: tuple(r[1:]) for r in conn.execute(sql + " WHERE root = ?", (root,))}
    found = {}
    for chunk in database.chunks(keys):
        found.update({r[0]: tuple(r[1:]) for r in conn.execute(
            sql + f" WHERE path IN ({database.marks(chunk)})", chunk)})
    return found


def _record(conn, changed: list[tuple], gone: list[str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)", changed)
    for chunk in database.chunks(gone):
        conn.execute(f"DELETE FROM files WHERE path IN ({database.marks(chunk)})", chunk)
