"""Word segmentation for ``diff`` — jieba, loaded only when a diff needs it.

``Segmenter()("深入开展地理标志助力乡村振兴行动")`` → ``["深入开展", "地理", "标志", "助力",
"乡村振兴", "行动"]``: jieba's dictionary plus ``data/terms.txt`` (IP-policy
vocabulary) and any words the caller adds (department names), so domain terms
stay whole, and short 《titles》 as one word. Loading jieba costs ~0.7 s; no other
command imports this module's jieba (``stopwords()`` and ``lexicon()`` read small
data files).
"""
from __future__ import annotations

import functools
import logging
import os
import re
from importlib import resources
from typing import Any, Callable, Iterable

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


SEGMENTATION = "1"  # bump when what a segmenter returns changes (cached segmentations)
_ADDED: set[str] = set()  # words added to jieba's dictionary in this process


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    # jieba's only messages are its cache's: a failed write (another user's file in
    # /tmp) printed a traceback though nothing was wrong but speed
    jieba.setLogLevel(logging.CRITICAL)
    jieba.dt.tmp_dir = _private_folder()  # not /tmp: another user's file is loaded
    jieba.initialize()
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


class Segmenter:
    """jieba with ``data/terms.txt`` and ``extra_words`` (department names…) kept whole,
    and the inside of a short 《title》 as one word:
    ``Segmenter()("贯彻《专利法》")`` → ``["贯彻", "《", "专利法", "》"]``.

    What it returns depends only on the text and its ``signature`` (jieba's version,
    the words added), never on which documents are compared, so a clause's words can
    be stored once and reused (``corpus.segments``). jieba is loaded at the first cut,
    so a run whose clauses are all stored never loads it.
    """

    def __init__(self, extra_words: Iterable[str] = ()):
        self.words = lexicon() | {w for w in extra_words if 2 <= len(w) <= 12}
        self._cut: Callable[[str], list[str]] | None = None

    @property
    def signature(self) -> str:
        """Identifies what this segmenter returns: the same signature, the same words.
        Words added to jieba in this process by another segmenter count too (they
        share one dictionary)."""
        import hashlib
        from importlib.metadata import PackageNotFoundError, version
        try:
            jieba_version = version("jieba")
        except PackageNotFoundError:  # pragma: no cover (a vendored jieba)
            jieba_version = "?"
        text = "\n".join([SEGMENTATION, jieba_version, str(_WORD_FREQ),
                           *sorted(self.words | _ADDED)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def __call__(self, text: str) -> list[str]:
        if self._cut is None:
            jieba = _jieba()
            for word in sorted(self.words - _ADDED):
                jieba.add_word(word, freq=_WORD_FREQ)
            _ADDED.update(self.words)
            self._cut = jieba.lcut
        return keep_titles(self._cut(text))

    def cut_all(self, texts: list[str], workers: int = 1, progress=None,
                then: Callable[[list[str]], Any] | None = None) -> list:
        """``[self(t) for t in texts]``, in ``workers`` processes when there is enough
        text to pay for them (forked once jieba is loaded, so it loads once).
        ``progress(items, description, total)`` may wrap the cuts as they come;
        ``then`` is applied to each cut where it is made (``[then(self(t)) …]``: a
        compact form crosses from a worker faster than a list of words)."""
        from .forked import forked_map
        self("")  # load jieba and the words here, before any fork
        if sum(map(len, texts)) < _PARALLEL_CHARACTERS:
            workers = 1
        wrap = (lambda cuts: progress(cuts, "segmenting", len(texts))) if progress else None
        cut = self if then is None else lambda text: then(self(text))
        return forked_map(cut, texts, workers, chunksize=200, wrap=wrap)


_PARALLEL_CHARACTERS = 300_000  # about half a second of jieba on one core


def segmenter(extra_words: Iterable[str] = ()) -> Segmenter:
    """A function cutting text into words, with ``extra_words`` kept whole."""
    return Segmenter(extra_words)


def keep_titles(tokens: list[str]) -> list[str]:
    """The words between ``《`` and ``》`` joined into one when they are 2–12
    characters in all (a law or plan named in full: ``专利法``, ``商标法实施条例``)."""
    if "《" not in tokens:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        i += 1
        if token != "《":
            continue
        end, length = i, 0
        while end < len(tokens) and tokens[end] not in ("《", "》") and length <= 12:
            length += len(tokens[end])
            end += 1
        if end < len(tokens) and tokens[end] == "》" and 2 <= length <= 12 and end - i > 1:
            out.append("".join(tokens[i:end]))
            i = end
    return out


def is_word(token: str) -> bool:
    """A token that is a word: has letters, is not a number, date or punctuation."""
    return _WORDLIKE.search(token) is not None and not _NUMBER.match(token.strip())


def is_keyword(word: str) -> bool:
    """Words worth counting for keyword shifts: two characters or more, no
    stop-words, numbers or punctuation."""
    word = word.strip()
    return len(word) >= 2 and word not in stopwords() and is_word(word)
