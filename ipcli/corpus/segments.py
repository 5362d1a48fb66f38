"""Clause segmentations stored in the corpus database, so jieba cuts a clause once.

``diff`` cuts every clause of the two selections into words. A clause cut once is
stored in ``segments`` under a key of the segmenter's signature and the text, as
the lengths of its words: ``"加强知识产权保护。"`` cut as 加强 / 知识产权 / 保护 / 。
is stored as the lengths ``2, 4, 2, 1`` (one character each, ``"\\x02\\x04\\x02\\x01"``).
A row is used only when it is valid UTF-8 and its lengths add up to the text's
length; any other row is cut again and replaced (a row edited by hand to other
lengths of the same total would be misread). A clause whose words cannot be
written so (a word of 55,296 characters or more) is not stored: it is cut on
every run.
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys
from itertools import accumulate
from typing import Iterable

from .database import chunks, marks

_LONGEST = 0xD7FF  # lengths are code points below the surrogates


def key(signature: str, text: str) -> bytes:
    """The row key of ``text`` cut by the segmenter with ``signature`` (16 bytes)."""
    return hashlib.blake2b(f"{signature}\0{text}".encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


def encode(words: list[str]) -> str | None:
    """The stored form of a cut (None when it cannot be stored)."""
    if not words or any(not w or len(w) > _LONGEST for w in words):
        return None
    return "".join(chr(len(w)) for w in words)


def decode(text: str, lengths: str | None) -> list[str] | None:
    """``text`` cut at the stored ``lengths``; None when they do not fit the text."""
    if not lengths or not isinstance(lengths, str) or len(lengths) > len(text):
        return None
    ends = list(accumulate(map(ord, lengths)))
    if ends[-1] != len(text) or "\0" in lengths:
        return None
    # interned: a word is one object however many clauses use it (130,000 clauses of
    # two years hold 2.6 million words, most of them the same few thousand)
    return list(map(sys.intern, map(text.__getitem__, map(slice, [0, *ends[:-1]], ends))))


def fetch(conn: sqlite3.Connection, keys: Iterable[bytes]) -> dict[bytes, str]:
    """The stored lengths of those keys that have a row."""
    found: dict[bytes, str] = {}
    for chunk in chunks(list(keys)):
        for k, raw in conn.execute("SELECT key, CAST(lengths AS BLOB) FROM segments "
                                   f"WHERE key IN ({marks(chunk)})", chunk):
            try:  # read as bytes: invalid UTF-8 in one row must not stop the query
                found[k] = raw.decode("utf-8")
            except (AttributeError, UnicodeDecodeError):
                pass  # not stored, as far as we know: cut again and replaced
    return found


def save(conn: sqlite3.Connection, rows: list[tuple[bytes, str]]) -> None:
    """Store (key, lengths) rows (replacing a damaged row of the same key)."""
    conn.executemany("INSERT OR REPLACE INTO segments VALUES (?, ?)", rows)
