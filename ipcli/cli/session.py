"""One command's view of the world: global options, registry, cache, corpus, search.

``Session(corpus=None, registry=None, no_cache=False)`` builds each piece lazily,
so a command pays only for what it uses (``list`` never loads the registry,
nothing but ``diff`` loads jieba). No click here: ``cli.app`` creates the session
from the command line, and scripts or tests can create one directly::

    session = Session("seeds")
    session.entries(["2020"])                     # summaries of the 2020 documents
    session.searcher().search("海关", session.entries([]), session.library.ensure)
"""
from __future__ import annotations

import sys
from typing import Callable


def _stderr(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except OSError:  # stderr closed or full: the message is lost, the command goes on
        from .output import silence
        silence(sys.stderr)


class Session:
    def __init__(self, corpus: str | None = None, registry: str | None = None,
                 no_cache: bool = False, debug: bool = False,
                 warn: Callable[[str], None] = _stderr, max_file_size: str | None = None):
        self.corpus, self.registry_path = corpus, registry
        self.max_file_size = max_file_size
        self.no_cache, self.debug, self.warn = no_cache, debug, warn
        self._registry = self._store = self._library = self._corpus = None

    @property
    def cache_key(self) -> str:
        """Parses are cached per parser version and registry."""
        from ..parse.registry_file import signature  # not the registry itself: 15 ms
        from ..versions import PARSER_VERSION
        return f"p{PARSER_VERSION}-r{signature(self.registry_path)}"

    @property
    def max_bytes(self) -> int:
        """The largest file read (``--max-file-size``, ``IPCLI_MAX_FILE_SIZE``, 200 MB)."""
        from ..readers.files import parse_size, size_limit
        return parse_size(self.max_file_size) if self.max_file_size else size_limit()

    @property
    def registry(self):
        if self._registry is None:
            from ..corpus.registry_cache import compiled_registry
            from ..corpus.store import default_cache_dir
            self._registry = compiled_registry(
                self.registry_path, None if self.no_cache else default_cache_dir())
        return self._registry

    @property
    def corpus_folder(self):
        """The corpus (``--corpus``, ``./seeds`` or the bundled seeds), scanned once."""
        if self._corpus is None:
            from ..corpus.files import Corpus
            self._corpus = Corpus.locate(self.corpus)
        return self._corpus

    @property
    def store(self):
        """The corpus database: one per corpus folder, parser version and registry."""
        if self._store is None:
            from ..corpus.store import Store
            self._store = Store.open(enabled=not self.no_cache, warn=self.warn,
                                     key=self.cache_key, corpus=self.corpus_folder.root)
        return self._store

    @property
    def library(self):
        """The corpus, read through its database."""
        if self._library is None:
            from ..corpus.library import Library
            self._library = Library(self.corpus_folder, self.store, self.cache_key,
                                    self.registry_path, self.warn, progress=progress,
                                    max_bytes=self.max_bytes)
        return self._library

    def documents(self, selectors) -> list:
        """Full documents (for commands that need their text and tree)."""
        return self.library.select(selectors)

    def entries(self, selectors) -> list:
        """Summaries only (fast: nothing is decoded)."""
        return self.library.entries(selectors)

    def searcher(self):
        from ..analyses.search import Searcher
        return Searcher(self.store, progress=progress, warn=self.warn)


def progress(items, description: str, total: int):
    """A Rich progress bar on stderr when it is a terminal; else (a CI log) a plain line
    every ~5 s: ``parsing: 2,400/10,000 (24%), 31 s``."""
    if not sys.stderr.isatty():
        from ..corpus.parsing import log_progress
        yield from log_progress(items, description, total, _stderr)
        return
    from rich.progress import track

    from .render import make_console
    yield from track(items, description=description, total=total, transient=True,
                     console=make_console(stderr=True))
