"""Corpus: folders of notices, selectors (``2020``, an id, a path), the SQLite cache.

``ipcli list 2020`` → ``Library.entries(["2020"])``: the notices whose 成文日期 is in 2020,
parsed once (in parallel), then served from ``ipcli.sqlite`` with the search index.
May import ``ipcli.parse`` and everything below it.
"""
