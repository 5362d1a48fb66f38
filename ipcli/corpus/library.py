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
import sys
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..errors import InputError, NotFound, UsageError
from ..readers.files import display_path, read_bytes, size_limit, too_big
from . import database
from .files import SUFFIXES, Corpus, discover
from .store import Store, snapshot, transaction

if TYPE_CHECKING:  # the model is imported by the commands that build documents
    from ..model import Document, FlatNode

_YEAR = re.compile(r"(19|20)\d{2}")
_BATCH = 50  # documents per write transaction
_FEW = 8  # summaries wanted for fewer than 1/_FEW of a listing's entries: by row
_BULK, _BULK_PAGES = 200, 10_000  # from this many new files, checkpoint every 40 MB


class Entry:
    """A document of the corpus as known without building it: id, file, hash, summary
    (year, date, published, doc_number, title, script, counts: ``rows.summary_of``).

    From a stored listing the summary is read when first asked for: a command that
    shows a few documents (``extract --dept``, ``search``) reads only theirs
    (``fill_summaries``); asking one entry reads every pending one at once."""

    __slots__ = ("id", "path", "sha256", "_summary", "_source")

    def __init__(self, id: str, path: str, sha256: str, summary: dict | None = None,
                 source: "_Summaries | None" = None):
        self.id, self.path, self.sha256 = id, path, sha256  # path as found
        self._summary, self._source = summary, source

    @property
    def summary(self) -> dict:
        if self._summary is None:
            self._source.fill(None)
        return self._summary

    @property
    def year(self) -> int | None:
        return self.summary.get("year")

    @classmethod
    def of(cls, doc: Document) -> "Entry":
        """The entry of a document already in memory."""
        from ..model import document_summary
        summary = document_summary(doc)
        del summary["id"], summary["path"]
        return cls(doc.id, doc.source.path or doc.id, doc.source.sha256 or doc.id, summary)

    def row(self) -> dict:
        return {"id": self.id, **self.summary, "path": display_path(self.path)}

    def __repr__(self) -> str:
        return f"Entry({self.id!r}, {self.path!r}, {self.sha256[:12]!r}…)"


def fill_summaries(entries: Iterable[Entry]) -> None:
    """Read the pending summaries of these entries now, one query per listing (the
    others stay pending): for commands that show a few documents of many."""
    sources: dict[int, tuple[_Summaries, list[Entry]]] = {}
    for entry in entries:
        if entry._summary is None and entry._source is not None:
            sources.setdefault(id(entry._source), (entry._source, []))[1].append(entry)
    for source, chosen in sources.values():
        source.fill(chosen)


class _Summaries:
    """The summaries of entries taken from a folder's stored listing, unpacked when
    first asked for (``database.Listing``); a summary that does not read back is
    taken from the documents table, else by parsing the file again. A few entries
    of many (the 20 hits of a search in 10,000 notices) are read from the documents
    table instead: unpacking every summary costs ~18 ms, their rows ~1 ms."""

    def __init__(self, library: "Library", listing: "database.Listing",
                 entries: dict[int, Entry]):
        self.library, self.listing, self.pending = library, listing, entries  # seq → entry
        self.rows: list | dict | None = None

    def fill(self, entries: "list[Entry] | None") -> None:
        """Give ``entries`` (all pending ones when None) their summaries."""
        chosen = None if entries is None else set(entries)
        wanted = {seq: e for seq, e in self.pending.items()
                  if e._summary is None and (chosen is None or e in chosen)}
        if not wanted:
            return
        if len(wanted) * _FEW >= len(self.pending):  # else the rows of the few, by hash
            if self.rows is None:  # unpacked once, whatever the number of fills
                self.rows = self.listing.summaries() or {}
            rows = self.rows
            names = database.SUMMARY_SOURCES
            for seq, entry in wanted.items():
                if rows and (values := rows[seq]) is not None and len(values) == len(names):
                    entry._summary = dict(zip(names, values))
        missing = [(seq, e.id, e.path, e.sha256) for seq, e in wanted.items()
                   if e._summary is None]
        if missing:  # never once the checksum held; but never a wrong summary either
            for seq, _, _, _, summary in self.library._summaries_of(missing, strict=False):
                wanted[seq]._summary = summary
        for seq, entry in wanted.items():
            if entry._summary is None:  # could not be read any more: an empty summary
                entry._summary = dict.fromkeys(database.SUMMARY_SOURCES)
            del self.pending[seq]


class Library:
    """The corpus read through the database (which may be a private in-memory one)."""

    def __init__(self, corpus: Corpus, store: Store, cache_key: str, registry_path: str | None,
                 warn: Callable[[str], None], progress=None, workers: int | None = None,
                 max_bytes: int | None = None):
        self.corpus, self.store, self.cache_key = corpus, store, cache_key
        self.registry_path, self._warn, self._progress = registry_path, warn, progress
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.max_bytes = max_bytes
        self._entries: dict[str, Entry] = {}
        self._everything_listed: list[Entry] | None = None
        self._by_key: dict[str, str] | None = None  # files-table key → corpus id
        self._stored: set[str] = set()  # documents whose rows were seen in the database
        self._stored_as: tuple | None = None  # … in this state of it (``_state``)
        self._reported = False
        self.added = 0  # documents parsed and stored by this run
        self.failed: dict[str, str] = {}  # path → why it was skipped (unreadable, refused)

    # -- selectors -----------------------------------------------------------------
    def entries(self, selectors: Iterable[str] = ()) -> list[Entry]:
        """Entries named by the selectors (the whole corpus when none)."""
        selectors = list(selectors) or ["all"]
        chosen: dict[str, Entry] = {}
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
                self.failed[path] = why
                self._warn(f"Warning: skipping {path}: {why}")
        if self._everything_listed is None:
            root, digest = self.root_key, self._digest()
            listing = self.store.guarded(lambda c: database.listed(c, root, digest))
            if listing is not None:
                self._everything_listed = self._adopt(listing, root, digest)
            else:
                items = list(self.corpus.paths.items())
                self._everything_listed = self.load(items, strict=False, complete=True)
                self._remember(root, digest, items)
        return self._everything_listed

    def _digest(self) -> str:
        """What the whole corpus's entries depend on besides the database: every file's
        path (as found), size, times, inode, device, mode and owner, whether we may
        read it, and the file size limit. Ids are a function of the paths."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{os.fspath(self.corpus.root)}\0{size_limit(self.max_bytes)}\0{_EUID}\n".encode(
            "utf-8", "surrogateescape"))
        stats = self.corpus.stats
        digest.update("\0".join(stats).encode("utf-8", "surrogateescape"))
        rows = [(s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev, s.st_mode,
                 s.st_uid, _readable(s, path)) for path, s in stats.items()]
        try:  # packed, not formatted: half the time for 10,000 files
            digest.update(array("q", [n for row in rows for n in row]).tobytes())
        except OverflowError:  # an inode or device number past 2**63: as text
            digest.update(repr(rows).encode())
        return digest.hexdigest()

    def _adopt(self, listing: "database.Listing", root: str, digest: str) -> list[Entry]:
        """Entries from the folder's stored listing (summaries read on demand). Files
        that could not be read when it was stored are tried again (a failure may have
        been passing: the warning is given again, or the file takes its place)."""
        ids, paths, shas, known = listing.ids, listing.paths, listing.shas, self._entries
        pending: dict[int, Entry] = {}
        summaries = _Summaries(self, listing, pending)  # each pending entry holds it
        made = [None if sha is None or path in known else Entry(doc_id, path, sha, None, summaries)
                for doc_id, path, sha in zip(ids, paths, shas)]
        pending.update((seq, e) for seq, e in enumerate(made) if e is not None)
        known.update((e.path, e) for e in pending.values())
        self._stored.update(sha for sha in shas if sha is not None)  # all stored: triggers
        self.corpus.paths = paths_of = dict(zip(ids, paths))
        self._stored_as = self._state()
        failed = [(i, p) for i, p, sha in zip(ids, paths, shas) if sha is None]
        if failed and self.load(failed, strict=False):
            self._remember(root, digest, list(paths_of.items()))
        return [known[p] for p in paths if p in known]

    def _remember(self, root: str, digest: str, items: list[tuple[str, str]]) -> None:
        """Store the folder's listing after a whole comparison, so that the next run
        whose scan has the same digest needs no comparison (names that cannot be
        stored as text, as undecodable bytes, keep the file-by-file way)."""
        rows = []
        for doc_id, path in items:
            entry = self._entries.get(path)
            rows.append((doc_id, path, entry.sha256, entry.summary) if entry
                        else (doc_id, path, None, None))
        try:
            for row in rows:
                row[1].encode("utf-8")
        except UnicodeEncodeError:
            return
        self.store.guarded(lambda c: transaction(
            c, lambda c: database.remember_listing(c, root, digest, rows)))

    def _of_year(self, entries: list[Entry], selector: str) -> list[Entry]:
        found = [e for e in entries if e.year == int(selector)]
        if not found:  # no notice of that year, but one whose id it is (2023.txt)
            found = [e for e in entries if e.id == selector]
        if not found:
            years = sorted({e.year for e in entries if e.year})
            raise NotFound(f"no document from {selector} in the corpus ({self.corpus.root})",
                           "years present: " + (", ".join(map(str, years)) or "none"))
        return found

    def _resolve(self, selector: str) -> list[tuple[str, str]]:
        paths = self.corpus.paths
        if not selector.strip():
            raise UsageError("an empty selector selects nothing",
                             "give a document id, a path, a year or 'all'")
        if selector in paths:
            return [(selector, paths[selector])]
        shown = display_path(selector)  # an id typed as the name is (a\nb → a\x0ab)
        if shown != selector and shown in paths:
            return [(shown, paths[shown])]
        path = Path(selector)
        if path.is_dir():
            return self._in_corpus(list(discover(path).items()))
        if path.exists() or selector.endswith(SUFFIXES) or os.sep in selector:
            return self._in_corpus([(display_path(path.stem), selector)])
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

    def _in_corpus(self, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Files named by path keep their corpus id when they are corpus files
        (``show notices/sub/a.txt`` is ``sub/a``, not ``a``), so that one file never
        has two ids."""
        key, paths, found = _Keys(self.corpus.root), self.corpus.paths, []
        if self._by_key is None:
            self._by_key = {key(p): i for i, p in paths.items()}
        for doc_id, path in items:
            known = self._by_key.get(key(path))
            found.append((known, paths[known]) if known is not None else (doc_id, path))
        return found

    # -- loading -----------------------------------------------------------------------
    def load(self, items: list[tuple[str, str]], strict: bool,
             complete: bool = False) -> list[Entry]:
        """Entries for the files, parsing (in parallel) those not stored yet.

        ``complete``: ``items`` is the whole corpus, so files rows of vanished files
        under its folder are forgotten.
        """
        todo = [(i, p) for i, p in items if p not in self._entries]
        if todo:
            for doc_id, path, sha, summary in self._refresh(todo, strict, complete):
                self._entries[path] = Entry(doc_id, path, sha, summary)
        return [self._entries[p] for _, p in items if p in self._entries]

    def _refresh(self, todo: list[tuple[str, str]], strict: bool,
                 complete: bool) -> list[tuple[str, str, str, dict]]:
        """(id, path, sha256, summary) of the files, in order, each stored in the database.

        One query compares every file's (size, mtime, ctime, inode) and id with the
        files table (an edit keeping size and mtime still changes ctime) and brings
        the stored summaries; only what differs is read and hashed, and only new
        content is parsed. A file we may no longer read is never served from it.
        """
        key = _Keys(self.corpus.root)
        stats, scanned = self.corpus.stats, []
        for seq, (doc_id, path) in enumerate(todo):
            try:
                info = stats.get(path) or os.stat(path)
            except OSError as exc:
                self._fail(path, exc.strerror or str(exc), strict, "check the path")
                continue
            scanned.append((seq, key(path), doc_id, info.st_size, info.st_mtime_ns,
                            info.st_ctime_ns, info.st_ino, _readable(info, path)))
        known, gone = self.store.guarded(
            lambda c: database.compare_files(c, scanned, key.root if complete else None))
        done, hashed, changed = [], [], []
        limit = size_limit(self.max_bytes)
        for seq, file_key, doc_id, *signature, readable in scanned:
            path = todo[seq][1]
            if signature[0] > limit:  # over the limit in force, stored or not
                exc = too_big(display_path(path), signature[0], limit)
                self._fail(path, exc.message, strict, exc.hint)
                continue
            stored_id, sha, same, summary = known.get(seq, (None, None, False, None))
            same = same and readable
            if same and stored_id == doc_id and summary is not None:
                done.append((seq, doc_id, path, sha, summary))
                continue
            try:
                if not same:
                    sha = hashlib.sha256(read_bytes(path, self.max_bytes)).hexdigest()
            except InputError as exc:
                self._fail(path, exc.message, strict, exc.hint)
                continue
            hashed.append((seq, doc_id, path, sha))
            inside = file_key.startswith(key.prefix)
            changed.append((file_key, key.root if inside else None, doc_id, sha, *signature))
        if changed or gone:
            self.store.guarded(lambda c: transaction(c, lambda c: _record(c, changed, gone)))
        if hashed:
            done += self._summaries_of(hashed, strict)
        if changed or gone:  # documents no file refers to any more go (also after an
            # edited file was named alone: ``show n00000`` replaces its files row)
            self.store.guarded(lambda c: transaction(c, database.collect))
        return [row[1:] for row in sorted(done)]

    def _summaries_of(self, hashed: list[tuple], strict: bool) -> list[tuple]:
        """(seq, id, path, sha256, summary) of files whose hash was just read: stored
        summaries, or the files are parsed (in parallel) and stored now."""
        found = self.store.guarded(lambda c: database.summaries(c, [h[3] for h in hashed]))
        parsed = self._parse([(i, p) for _, i, p, sha in hashed if sha not in found],
                             strict, found)
        return [(seq, i, p, sha, found[sha]) for seq, i, p, s in hashed
                if (sha := parsed.get(p, s)) in found]

    def _parse(self, missing: list[tuple[str, str]], strict: bool,
               found: dict[str, dict]) -> dict[str, str]:
        """Parse files into the database; fills ``found``; path → sha256 of what was parsed."""
        from .parsing import Job, parse_all  # only when something is new
        from .rows import summary_of
        jobs = [Job(p, i, self.registry_path, self.max_bytes) for i, p in missing]
        parsed, batch = {}, []
        bulk = len(jobs) >= _BULK
        if bulk:  # the journal is copied back less often: a quarter less writing work
            self.store.guarded(lambda c: c.execute(f"PRAGMA wal_autocheckpoint = {_BULK_PAGES}"))
            self.store.guarded(lambda c: c.execute("PRAGMA cache_size = -65536"))
        try:
            for result in parse_all(jobs, self.workers, self._progress):
                if result.rows is None:
                    self._fail(result.path, result.error or "unreadable", strict, result.hint)
                    continue
                parsed[result.path] = result.rows.sha256
                found[result.rows.sha256] = summary_of(result.rows.document)
                batch.append(result.rows)
                if len(batch) >= _BATCH:
                    self._write(batch)
            self._write(batch)
        finally:
            if bulk:
                self.store.guarded(lambda c: c.execute("PRAGMA wal_autocheckpoint = 1000"))
                self.store.guarded(lambda c: c.execute("PRAGMA cache_size = -2000"))
        return parsed

    def _write(self, batch: list) -> None:
        if batch:
            self.added += self.store.guarded(
                lambda c: transaction(c, lambda c: database.insert(c, batch)))
            batch.clear()

    @property
    def root_key(self) -> str:
        """The corpus folder as stored in the files table's ``root`` column."""
        return _Keys(self.corpus.root).root

    # -- the database, complete for what was selected ------------------------------------
    def ensure(self, entries: list[Entry]) -> None:
        """Every entry's rows are in the database (after a switch to the in-memory
        database, or when another process cleared the cache, they are parsed again).
        Writing them may itself move the store to memory: then again, there."""
        for _ in range(3):  # the file, a rebuilt file, memory
            if self._stored_as != self._state():  # written or deleted since: ask again
                self._stored = set()
            every = {e.sha256 for e in entries}
            shas = every - self._stored  # not known to be stored: ask the database
            have = self.store.guarded(lambda c: database.present(c, shas)) if shas else set()
            missing = [e for e in entries if e.sha256 in shas and e.sha256 not in have]
            generation, there = self.store.generation, (every - shas) | have
            if missing:
                summaries: dict[str, dict] = {}
                parsed = self._parse([(e.id, e.path) for e in {e.path: e for e in missing}
                                      .values()], False, summaries)
                for entry in missing:  # edited since it was listed (another run then
                    now = parsed.get(entry.path)  # dropped the old content): the file now
                    if now is not None and now != entry.sha256:
                        entry.sha256, entry._summary = now, summaries[now]
                there |= set(parsed.values())
            if self.store.generation == generation:
                self._stored |= there
                self._stored_as = self._state()
                return

    def _state(self) -> tuple:
        """What ``_stored`` is true of: the database (its generation), the rows this
        connection changed, and the commits of other processes (``data_version``)."""
        changes = self.store.guarded(
            lambda c: (c.total_changes, c.execute("PRAGMA data_version").fetchone()[0]))
        return (self.store.generation, *changes)

    def query(self, entries: list[Entry], action: Callable[[Any], Any]) -> Any:
        """``action(conn)`` on a database holding every entry's rows, its queries in one
        read transaction."""
        for _ in range(3):
            self.ensure(entries)
            expected = self._stored_as

            def checked(conn):  # nothing committed between ``ensure`` and this snapshot
                conn.execute("SELECT 1 FROM documents LIMIT 1").fetchall()  # (it starts here)
                now = (self.store.generation, conn.total_changes,
                       conn.execute("PRAGMA data_version").fetchone()[0])
                return action(conn) if now == expected else _CHANGED
            found = self.store.guarded(lambda conn: snapshot(conn, checked))
            if found is not _CHANGED:
                return found
        return self.store.guarded(lambda conn: snapshot(conn, action))  # busy: as it stands

    def documents(self, entries: list[Entry], batch: int = 200) -> Iterator[Document]:
        """Full documents for the entries, in order, built a batch at a time."""
        return self._read(entries, batch, flat=False)

    def flat_documents(self, entries: list[Entry], batch: int = 200
                       ) -> Iterator[tuple[Document, list[FlatNode]]]:
        """(document without its tree, its ``FlatNode`` list) for the entries, in
        order: what ``diff`` needs, read from fewer columns and without a tree."""
        return self._read(entries, batch, flat=True)

    def _read(self, entries: list[Entry], batch: int, flat: bool) -> Iterator:
        for start in range(0, len(entries), batch):
            chunk = entries[start:start + batch]
            wanted = list(dict.fromkeys(e.sha256 for e in chunk))
            found = self.store.guarded(lambda c: database.stored_documents(c, wanted, flat))
            taken: set[str] = set()
            for entry in chunk:
                sha = entry.sha256
                item = found.pop(sha, None)
                if item is None and sha in taken:  # a second file with these bytes: its own
                    item = self.store.guarded(
                        lambda c: database.stored_documents(c, [sha], flat)).get(sha)
                taken.add(sha)
                if item is None:  # lost meanwhile: parse again
                    item = self._parse_again(entry, flat)
                    if item is None:
                        continue
                doc = item[0] if flat else item
                doc.id, doc.source.path = entry.id, display_path(entry.path)
                yield item

    def _parse_again(self, entry: Entry, flat: bool):
        """A document whose rows went missing, parsed and stored again (None, and a
        warning, when the file cannot be read any more)."""
        from .parsing import Job, parse_job
        from .rows import document_of, flat_document_of
        result = parse_job(Job(entry.path, entry.id, self.registry_path, self.max_bytes))
        if result.rows is None:
            self._fail(entry.path, result.error or "unreadable", False, result.hint)
            return None
        self._write([result.rows])
        rows = result.rows
        if flat:
            nodes = [(n[0], n[1], n[2], n[4], n[5], n[7], n[8])  # seq, id, parent, kind,
                     for n in rows.nodes]  # label, title, text (as rows.Rows.nodes)
            return flat_document_of(rows.document, nodes, rows.tasks, rows.departments)
        return document_of(rows.document, rows.nodes, rows.tasks, rows.departments,
                           rows.warnings)

    def segmented(self, texts: Iterable[str], segmenter) -> dict[str, list[str]]:
        """Each distinct text cut into words by ``segmenter`` (a ``words.Segmenter``):
        cuts stored by an earlier run are read back (``segments``), the others are cut
        (on every core when there are many) and stored for the next run."""
        from . import segments
        signature = segmenter.signature
        keys = {segments.key(signature, t): t for t in dict.fromkeys(texts)}
        stored = self.store.guarded(lambda c: segments.fetch(c, keys))
        found: dict[str, list[str]] = {}
        todo: list[bytes] = []
        for k, text in keys.items():
            words = segments.decode(text, stored.get(k))
            if words is None:
                todo.append(k)
            else:
                found[text] = words
        if todo:
            # each cut comes back as its stored form (one short string, not a list of
            # words: on 130,000 clauses the lists left ~300 MB behind them)
            cut = segmenter.cut_all([keys[k] for k in todo], self.workers, self._progress,
                                    then=lambda words: segments.encode(words) or words)
            rows = []
            for k, lengths in zip(todo, cut, strict=True):
                text = keys[k]
                words = segments.decode(text, lengths) if isinstance(lengths, str) else None
                if words is None:  # not storable (or not the text's words): kept as cut
                    words = lengths if isinstance(lengths, list) else segmenter(text)
                    words = list(map(sys.intern, words))
                else:
                    rows.append((k, lengths))
                found[text] = words
            for chunk in database.chunks(rows, 20_000):  # short write transactions
                self.store.guarded(lambda c: transaction(c, lambda c: segments.save(c, chunk)))
        return found

    def _fail(self, path: str, message: str, strict: bool, hint: str | None = None) -> None:
        shown = display_path(path)
        if strict:
            raise InputError(message if shown in message else f"{shown}: {message}",
                             hint or "check the path, or run `ipcli list`")
        note = f". Hint: {hint}" if hint else ""
        self.failed[shown] = message
        self._warn(f"Warning: skipping {shown}: {message.replace(shown, 'it')}{note}")


_CHANGED = object()  # another process wrote between ``ensure`` and a query
_EUID = os.geteuid() if hasattr(os, "geteuid") else -1


def _readable(info: os.stat_result, path: str) -> bool:
    """Whether we may still read the file (its stored parse is served only then):
    decided from the mode bits when they grant it, else asked of the system."""
    if _EUID == 0 or info.st_mode & 0o004 or (info.st_uid == _EUID and info.st_mode & 0o400):
        return True
    return os.access(path, os.R_OK)


class _Keys:
    """The files table's key for a file: its absolute path as printable text
    (computed by prefix for the corpus's own files: 10,000 ``abspath`` calls add up)."""

    def __init__(self, root: Path):
        self.given = os.fspath(root).rstrip(os.sep) + os.sep
        self.root = display_path(os.path.abspath(root))
        self.prefix = self.root.rstrip(os.sep) + os.sep

    def __call__(self, path: str) -> str:
        text = os.fspath(path)
        if text.startswith(self.given) and ".." not in text:
            return self.prefix + display_path(text[len(self.given):])
        return display_path(os.path.abspath(text))


def _record(conn, changed: list[tuple], gone: list[str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)", changed)
    for chunk in database.chunks(gone):
        conn.execute(f"DELETE FROM files WHERE path IN ({database.marks(chunk)})", chunk)
