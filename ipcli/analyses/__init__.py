"""Analyses: questions asked of parsed documents — tasks, search, diff.

``tasks_of(docs, resolve_department("保护司", registry))`` → every task of 知识产权保护司;
``compare(docs_2020, docs_2022)`` → what changed; ``Searcher`` ranks nodes with bm25.
May import ``ipcli.corpus`` and everything below it; never click or Rich.
"""
