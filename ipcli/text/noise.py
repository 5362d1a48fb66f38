"""Inserted noise: a token a page puts between characters to defeat copying.

``各省@@、自治区@@、直辖市@@…`` (and ``一@@、总体要求``, which hides the heading) →
``各省、自治区、直辖市…`` with one ``inserted-noise`` warning naming the token and
how often it was removed.

A *token* is a run of 1–4 characters that never occur in ordinary Chinese text
(``@ # $ ^ & * ~ = _ \\ ```, and invisible format characters such as the
left-to-right mark that the width folding leaves). It is noise when, across the
whole document (each token on its own), it sits at least ``MIN_COUNT`` times between two CJK characters
(ideographs or CJK punctuation) and at least half of its occurrences do. Only
occurrences touching a CJK character are removed, so ``name@example.com`` keeps
its ``@``; newlines are never touched, so line numbers stay exact.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

MIN_COUNT = 5
_TOKEN_CHARS = "@#$^&*~=_\\\\`\u200e\u200f\u202a-\u202e\u2061-\u2064\u2066-\u206f"
_CJK = "\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u2014\u2026\u201c\u201d\u2018\u2019"
_ANY_TOKEN_CHAR = re.compile(f"[{_TOKEN_CHARS}]")
_RUN = re.compile(f"[{_TOKEN_CHARS}]+")  # greedy from its first character: a whole run
_CJK_CHAR = re.compile(f"[{_CJK}]")


@dataclass(frozen=True)
class Noise:
    """The token found, how many occurrences were removed, and where the first was."""

    token: str
    count: int
    line: int
    snippet: str


def find_noise(text: str) -> list[str]:
    """The inserted tokens of ``text`` (usually none, at most a few), most frequent first."""
    if not _ANY_TOKEN_CHAR.search(text):
        return []
    between, total = Counter(), Counter()
    for run in _RUN.finditer(text):  # token runs are rare: check their neighbours here
        token, start, end = run.group(), run.start(), run.end()
        total[token] += 1
        if len(token) <= 4 and start and end < len(text) and \
                _CJK_CHAR.match(text, start - 1) and _CJK_CHAR.match(text, end):
            between[token] += 1
    return [token for token, n in between.most_common()
            if n >= MIN_COUNT and n * 2 >= total[token]]


def _pattern(token: str) -> re.Pattern:
    """The token as a whole run with a CJK character on at least one side."""
    run = f"(?<![{_TOKEN_CHARS}]){re.escape(token)}(?![{_TOKEN_CHARS}])"
    return re.compile(f"(?:(?<=[{_CJK}]){run}|{run}(?=[{_CJK}]))")


def remove_noise(text: str, token: str) -> tuple[str, Noise]:
    """``text`` without the token's occurrences next to CJK characters."""
    pattern = _pattern(token)
    first = pattern.search(text)
    start = text.rfind("\n", 0, first.start()) + 1
    end = text.find("\n", first.start())
    line_text = text[start:len(text) if end < 0 else end]
    snippet = line_text[max(0, first.start() - start - 12):first.start() - start + 12]
    cleaned, count = pattern.subn("", text)
    return cleaned, Noise(token, count, text.count("\n", 0, first.start()) + 1, snippet)
