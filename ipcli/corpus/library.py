"""The corpus through the cache: selectors, summaries, parsing in parallel.

``Library(corpus, store, key, …).entries(["2020"])`` → the 2020 documents as
entries (id, path, sha256, summary) without decoding a single parse;
``documents(entries)`` yields full ``Document`` objects a batch at a time.

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
from typing import Callable, Iterable, Iterator

from ..errors import InputError, NotFound, UsageError
from ..model import Document
from .files import SUFFIXES, Corpus, discover

_YEAR = re.compile(r"(19|20)\d{2}")


@dataclass
class Entry:
    """A document of the corpus as known without decoding it: id, file, hash, summary."""

    id: str
    path: Path
    sha256: str
    summary: dict  # document_summary() without id and path: year, title, counts…

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
        return {"id": self.id, **self.summary, "path": str(self.path)}


def parse_job(job: tuple[str, str, str | None]) -> tuple:
    """Parse one file (in a worker process or in-process): the packed document and summary."""
    path, doc_id, registry_path = job
    from ..model import document_summary
    from ..parse.parser import parse_bytes
    from ..parse.registry import Registry
    from ..readers.files import read_bytes
    from .store import pack
    try:
        data = read_bytes(path)
        doc = parse_bytes(data, doc_id, path=path, registry=Registry.shared(registry_path))
    except InputError as exc:
        return ("error", path, exc.message, exc.hint)
    summary = document_summary(doc)
    del summary["id"], summary["path"]
    return ("ok", path, doc.source.sha256, pack(doc.to_dict()), summary)


class Library:
    """The corpus through the cache: summaries for every file, documents on demand."""

    def __init__(self, corpus: Corpus, store, cache_key: str, registry_path: str | None,
                 warn: Callable[[str], None], progress=None, workers: int | None = None):
        self.corpus, self.store, self.cache_key = corpus, store, cache_key
        self.registry_path, self._warn, self._progress = registry_path, warn, progress
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._entries: dict[Path, Entry] = {}
        self._summaries: dict[str, dict] = {}  # sha256 → summary, for this run
        self._packed: dict[str, bytes] = {}  # parses kept in memory when the cache is off

    # -- selectors -----------------------------------------------------------------
    def entries(self, selectors: Iterable[str] = ()) -> list[Entry]:
        """Entries named by the selectors (the whole corpus when none)."""
        selectors = list(selectors) or ["all"]
        chosen: dict[Path, Entry] = {}
        everything = None
        for selector in selectors:
            if selector == "all" or _YEAR.fullmatch(selector):
                if everything is None:
                    everything = self.load(list(self.corpus.paths.items()), strict=False)
                found = everything if selector == "all" else self._of_year(everything, selector)
            else:
                found = self.load(self._resolve(selector), strict=True)
            for entry in found:
                chosen.setdefault(entry.path, entry)
        return list(chosen.values())

    def select(self, selectors: Iterable[str] = ()) -> list[Document]:
        """Full documents named by the selectors."""
        return list(self.documents(self.entries(selectors)))

    def _of_year(self, entries: list[Entry], selector: str) -> list[Entry]:
        found = [e for e in entries if e.year == int(selector)]
        if not found:
            years = sorted({e.year for e in entries if e.year})
            raise NotFound(f"no document from {selector} in the corpus ({self.corpus.root})",
                           "years present: " + (", ".join(map(str, years)) or "none"))
        return found

    def _resolve(self, selector: str) -> list[tuple[str, Path]]:
        paths = self.corpus.paths
        if selector in paths:
            return [(selector, paths[selector])]
        path = Path(selector)
        if path.is_dir():
            return list(discover(path).items())
        if path.exists() or selector.endswith(SUFFIXES) or os.sep in selector:
            return [(path.stem, path)]
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
    def load(self, items: list[tuple[str, Path]], strict: bool) -> list[Entry]:
        """Entries for the files, parsing (in parallel) those not cached yet."""
        hashed = self._hashes([(i, p) for i, p in items if p not in self._entries], strict)
        wanted = sorted({sha for *_, sha in hashed} - set(self._summaries))
        self._summaries.update(self.store.get_summaries(wanted, self.cache_key))
        missing = [(doc_id, path) for doc_id, path, sha in hashed if sha not in self._summaries]
        self._summaries.update(self._parse_all(missing, strict))
        for doc_id, path, sha in hashed:
            if sha in self._summaries:
                self._entries[path] = Entry(doc_id, path, sha, self._summaries[sha])
        return [self._entries[p] for _, p in items if p in self._entries]

    def _hashes(self, todo: list[tuple[str, Path]], strict: bool) -> list[tuple[str, Path, str]]:
        """(id, path, sha256) per file: from the stat cache when size and mtime match,
        else by reading the file (and remembering it)."""
        from ..readers.files import read_bytes
        known = self.store.known_hashes([os.path.abspath(p) for _, p in todo]) if todo else {}
        hashed, new_files = [], []
        for doc_id, path in todo:
            try:
                stat = path.stat()
                absolute = os.path.abspath(path)
                row = known.get(absolute)
                if row and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
                    hashed.append((doc_id, path, row[2]))
                    continue
                sha = hashlib.sha256(read_bytes(path)).hexdigest()
            except OSError as exc:
                self._fail(path, exc.strerror or str(exc), strict, "check the path")
                continue
            except InputError as exc:
                self._fail(path, exc.message, strict, exc.hint)
                continue
            hashed.append((doc_id, path, sha))
            new_files.append((absolute, stat.st_size, stat.st_mtime_ns, sha))
        self.store.put(new_files, [])
        return hashed

    def _parse_all(self, missing: list[tuple[str, Path]], strict: bool) -> dict[str, dict]:
        """Parse files into the cache (or memory); sha256 → summary."""
        jobs = [(str(p), i, self.registry_path) for i, p in missing]
        if not jobs:
            return {}
        summaries, batch = {}, []
        for result in self._run(jobs):
            if result[0] == "error":
                self._fail(Path(result[1]), result[2], strict, result[3])
                continue
            _, path, sha, blob, summary = result
            summaries[sha] = summary
            batch.append((sha, self.cache_key, blob, summary))
            if not self.store.enabled:
                self._packed[sha] = blob
            if len(batch) >= 200:
                self._flush(batch)
        self._flush(batch)
        return summaries

    def _flush(self, batch: list) -> None:
        self.store.put([], batch)
        if not self.store.enabled:  # the cache turned itself off: keep parses in memory
            self._packed.update({sha: blob for sha, _, blob, _ in batch})
        batch.clear()

    def _run(self, jobs: list[tuple]):
        if self._progress is not None and len(jobs) >= 20:
            progress = lambda items: self._progress(items, "parsing", total=len(jobs))  # noqa: E731
        else:
            progress = lambda items: items  # noqa: E731
        if self.workers > 1 and len(jobs) >= 64:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=self.workers) as pool:
                yield from progress(pool.map(parse_job, jobs, chunksize=16))
        else:
            yield from progress(map(parse_job, jobs))

    def documents(self, entries: list[Entry], batch: int = 200) -> Iterator[Document]:
        """Full documents for the entries, in order, decoded a batch at a time."""
        from .store import unpack
        for start in range(0, len(entries), batch):
            chunk = entries[start:start + batch]
            wanted = sorted({e.sha256 for e in chunk if e.sha256 not in self._packed})
            found = self.store.get_documents(wanted, self.cache_key) if wanted else {}
            for entry in chunk:
                data = found.get(entry.sha256)
                if data is None and entry.sha256 in self._packed:
                    data = unpack(self._packed[entry.sha256])
                if data is None:  # the cache lost it meanwhile: parse again
                    result = parse_job((str(entry.path), entry.id, self.registry_path))
                    if result[0] == "error":
                        self._fail(entry.path, result[2], False, result[3])
                        continue
                    data = unpack(result[3])
                doc = Document.from_dict(data)
                doc.id, doc.source.path = entry.id, str(entry.path)
                yield doc

    def _fail(self, path: Path, message: str, strict: bool, hint: str | None = None) -> None:
        if strict:
            raise InputError(message if str(path) in message else f"{path}: {message}",
                             hint or "check the path, or run `ipcli list`")
        self._warn(f"Warning: skipping {path}: {message}" + (f". Hint: {hint}" if hint else ""))
