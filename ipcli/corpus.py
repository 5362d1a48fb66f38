"""Where documents come from, how selectors name them, and loading them via the cache.

Corpus, in order: ``--corpus DIR`` / ``IPCLI_CORPUS``, ``./seeds`` when it
exists, else the seeds installed with the package. Files: ``*.txt``, ``*.md``
and ``*.html``/``*.htm``, recursively; ``README``/``LICENSE``-like files and
hidden folders are skipped. A document's id is its file stem (the relative
path without suffix when two stems clash).

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, NotFound, UsageError
from .model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm")
_NOT_NOTICES = re.compile(r"^(readme|changelog|license|licence|contributing|authors)\b", re.I)
_YEAR = re.compile(r"(19|20)\d{2}")


def bundled_seeds() -> Path:
    """The seeds shipped with the package (``ipcli/seeds`` once installed)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "seeds", package.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return package / "seeds"


@dataclass
class Corpus:
    root: Path
    origin: str
    paths: dict[str, Path] = field(default_factory=dict)  # id → path

    @classmethod
    def locate(cls, option: str | None) -> "Corpus":
        if option:
            root, origin = Path(option), "--corpus"
            if not root.is_dir():
                raise UsageError(f"corpus {root} is not a folder",
                                 "pass --corpus DIR (or IPCLI_CORPUS) naming a folder of notices")
        elif Path("seeds").is_dir():
            root, origin = Path("seeds"), "./seeds"
        else:
            root, origin = bundled_seeds(), "bundled seeds"
        return cls(root, origin, discover(root))


def discover(root: Path) -> dict[str, Path]:
    """id → path for every notice file under ``root``."""
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(names):
            if name.lower().endswith(SUFFIXES) and not name.startswith(".") \
                    and not _NOT_NOTICES.match(name):
                files.append(Path(folder) / name)
    stems: dict[str, int] = {}
    for path in files:
        stems[path.stem] = stems.get(path.stem, 0) + 1
    return {(p.stem if stems[p.stem] == 1 else p.relative_to(root).with_suffix("").as_posix()): p
            for p in files}


Parser = Callable[[bytes, str, str], Document]


class Library:
    """Documents of a corpus, parsed once and then read from the cache."""

    def __init__(self, corpus: Corpus, store, cache_key: str, parse: Parser,
                 warn: Callable[[str], None], progress=None):
        self.corpus, self.store, self.cache_key = corpus, store, cache_key
        self._parse, self._warn, self._progress = parse, warn, progress
        self._loaded: dict[Path, Document] = {}

    # -- selectors -----------------------------------------------------------------
    def select(self, selectors: Iterable[str] = ()) -> list[Document]:
        """Documents named by the selectors (the whole corpus when none)."""
        selectors = list(selectors) or ["all"]
        chosen: dict[Path, Document] = {}
        everything = None
        for selector in selectors:
            if selector == "all" or _YEAR.fullmatch(selector):
                if everything is None:
                    everything = self.load(list(self.corpus.paths.items()), strict=False)
                docs = everything if selector == "all" else self._of_year(everything, selector)
            else:
                docs = self.load(self._resolve(selector), strict=True)
            for doc in docs:
                chosen.setdefault(Path(doc.source.path or doc.id), doc)
        return list(chosen.values())

    def _of_year(self, docs: list[Document], selector: str) -> list[Document]:
        found = [d for d in docs if d.meta.year == int(selector)]
        if not found:
            years = sorted({d.meta.year for d in docs if d.meta.year})
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
    def load(self, items: list[tuple[str, Path]], strict: bool) -> list[Document]:
        """Parse or fetch from the cache; unreadable files raise (strict) or are skipped."""
        known = self.store.known_hashes([str(p.resolve()) for _, p in items])
        pending, new_files, data_of = [], [], {}
        for doc_id, path in items:
            if path in self._loaded:
                continue
            try:
                stat = path.stat()
                resolved = str(path.resolve())
                row = known.get(resolved)
                if row and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
                    sha = row[2]
                else:
                    data_of[path] = _read(path)
                    sha = hashlib.sha256(data_of[path]).hexdigest()
                    new_files.append((resolved, stat.st_size, stat.st_mtime_ns, sha))
            except (OSError, InputError) as exc:
                self._fail(path, exc, strict)
                continue
            pending.append((doc_id, path, sha))
        cached = self.store.get_documents(sorted({sha for *_, sha in pending}), self.cache_key)
        fresh = []
        for doc_id, path, sha in self._with_progress(pending, cached, data_of):
            data = cached.get(sha)
            if data is not None:
                doc = Document.from_dict(data)
                doc.id, doc.source.path = doc_id, str(path)
            else:
                try:
                    doc = self._parse(data_of.get(path) or _read(path), doc_id, str(path))
                except (OSError, InputError) as exc:
                    self._fail(path, exc, strict)
                    continue
                cached[sha] = doc.to_dict()
                fresh.append((sha, self.cache_key, cached[sha]))
            self._loaded[path] = doc
        self.store.put(new_files, fresh)
        return [self._loaded[p] for _, p in items if p in self._loaded]

    def _with_progress(self, pending, cached, data_of):
        todo = [p for p in pending if p[2] not in cached]
        if self._progress is None or len(todo) < 20:
            return pending
        return self._progress(pending, "parsing", total=len(pending))

    def _fail(self, path: Path, exc: Exception, strict: bool) -> None:
        if strict:
            if isinstance(exc, InputError):
                raise exc
            raise InputError(f"{path}: cannot read ({exc})", "check the path") from None
        message = exc.message if isinstance(exc, InputError) else str(exc)
        self._warn(f"Warning: skipping {path}: {message}")


def _read(path: Path) -> bytes:
    from .parser import read_bytes
    return read_bytes(path)
