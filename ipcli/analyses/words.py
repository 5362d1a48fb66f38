"""Word segmentation for ``diff`` — jieba, loaded only when a diff needs it.

``segment("深入开展地理标志助力乡村振兴行动")`` → ``["深入开展", "地理", "标志", "助力",
"乡村振兴", "行动"]``: jieba's dictionary plus ``data/terms.txt`` (IP-policy
vocabulary) and any words the caller adds (department names, short 《titles》),
so domain terms stay whole. Loading jieba costs ~0.7 s; no other command imports
this module's jieba (``stopwords()`` and ``lexicon()`` read small data files).
"""
from __future__ import annotations

import functools
import logging
import os
import re
from importlib import resources
from typing import Callable, Iterable

_WORD_FREQ = 20_000  # high enough that added terms win over their parts
_NUMBER = re.compile(r"^[\d.,%%〇零一二三四五六七八九十百千万亿两第年月日号个项家条]+$")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _data_lines(name: str) -> list[str]:
    """Entries of a data file: whitespace-separated, ``#`` starts a comment."""
    text = resources.files("ipcli.data").joinpath(name).read_text("utf-8")
    return [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """``data/stopwords.txt``: words that say nothing about what a clause is about."""
    return frozenset(_data_lines("stopwords.txt"))


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """``data/terms.txt``: IP-policy terms kept whole (知识产权, 维权援助, …)."""
    return frozenset(_data_lines("terms.txt"))


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    # jieba's only messages are its cache's: a failed write (another user's file in
    # /tmp) printed a traceback though nothing was wrong but speed
    jieba.setLogLevel(logging.CRITICAL)
    jieba.dt.tmp_dir = _private_folder()  # not /tmp: another user's file is loaded
    jieba.initialize()
    for term in lexicon():
        jieba.add_word(term, freq=_WORD_FREQ)
    return jieba


def _private_folder() -> str | None:
    """The user's ipcli cache folder for jieba's dictionary cache (``marshal`` data,
    which must not come from a file another user could write), when we may write it."""
    from ..corpus.store import default_cache_dir
    folder = default_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder) if os.access(folder, os.W_OK | os.X_OK) else None


def segmenter(extra_words: Iterable[str] = ()) -> Callable[[str], list[str]]:
    """A function cutting text into words, with ``extra_words`` kept whole."""
    jieba = _jieba()
    for word in extra_words:
        if 2 <= len(word) <= 12:
            jieba.add_word(word, freq=_WORD_FREQ)
    return jieba.lcut


def is_word(token: str) -> bool:
    """A token that is a word: has letters, is not a number, date or punctuation."""
    return _WORDLIKE.search(token) is not None and not _NUMBER.match(token.strip())


def is_keyword(word: str) -> bool:
    """Words worth counting for keyword shifts: two characters or more, no
    stop-words, numbers or punctuation."""
    word = word.strip()
    return len(word) >= 2 and word not in stopwords() and is_word(word)
