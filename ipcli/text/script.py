"""Traditional → Simplified conversion and script detection, from OpenCC's data.

``to_simplified("國家知識產權局負責")`` → ``"国家知识产权局负责"``.

The tables come from the dictionary files shipped with opencc-python-reimplemented
(``TSPhrases.txt`` first, then ``TSCharacters.txt``, first candidate of each entry),
so the output matches that package's ``OpenCC("t2s").convert`` while running about
20× faster: one regex for the few phrases whose conversion differs from
character-by-character conversion, and one ``str.translate`` table for the rest.

Every entry kept maps a string to one of the same length, so conversion never
changes a line's length; ``normalize`` relies on this to keep a script-preserving
copy of each line aligned with the Simplified one (``--keep-script``).
"""
from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from pathlib import Path

SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"


def _opencc_dictionary_dir() -> Path:
    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None:  # pragma: no cover - dependency missing
        raise RuntimeError("opencc-python-reimplemented is not installed")
    return Path(spec.origin).parent / "dictionary"


def _read_pairs(name: str) -> dict[str, str]:
    """``key → first candidate`` from one OpenCC dictionary file."""
    pairs: dict[str, str] = {}
    path = _opencc_dictionary_dir() / name
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0]
        if key and first and len(first) == len(key):
            pairs[key] = first
    return pairs


@functools.lru_cache(maxsize=None)
def _t2s_tables() -> tuple[dict[int, str], dict[str, str], tuple[int, ...]]:
    """The character table, the phrases that it alone would convert wrongly, and the
    phrases' lengths, longest first."""
    chars = {ord(k): v for k, v in _read_pairs("TSCharacters.txt").items()
             if len(k) == 1 and v != k}
    phrases = {k: v for k, v in _read_pairs("TSPhrases.txt").items()
               if k.translate(chars) != v}
    return chars, phrases, tuple(sorted({len(k) for k in phrases}, reverse=True))


@functools.lru_cache(maxsize=None)
def _phrase_re() -> re.Pattern:
    """One alternation of every phrase, longest first (compiled only for long texts:
    it takes ~40 ms, longer than scanning a query position by position)."""
    return re.compile("|".join(map(re.escape, sorted(_t2s_tables()[1], key=len, reverse=True))))


_SHORT = 200  # characters: below it, phrases are looked up position by position…
_SCANS = [20]  # … for the first texts of a process only (a query, a name); a parse
# converts thousands of lines, for which the compiled alternation is faster


def _phrase_matches(text: str, phrases: dict[str, str], lengths: tuple[int, ...]):
    """(start, end) of each phrase, leftmost first and longest at a place, as the
    alternation finds them."""
    if len(text) > _SHORT or _SCANS[0] <= 0:
        for match in _phrase_re().finditer(text):
            yield match.start(), match.end()
        return
    _SCANS[0] -= 1
    i, end = 0, len(text)
    while i < end:
        for size in lengths:
            if i + size <= end and text[i:i + size] in phrases:
                yield i, i + size
                i += size
                break
        else:
            i += 1


@functools.lru_cache(maxsize=None)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Traditional-only and Simplified-only characters."""
    chars = _t2s_tables()[0]
    simplified = {k for k, v in _read_pairs("STCharacters.txt").items()
                  if len(k) == 1 and v != k and ord(k) not in chars}
    return frozenset(map(chr, chars)), frozenset(simplified)


def t2s_characters() -> dict[int, str]:
    """The character table (code point → Simplified), to merge with other tables."""
    return _t2s_tables()[0]


def to_simplified(text: str, table: dict[int, str | int | None] | None = None) -> str:
    """Convert Traditional characters to Simplified; other text is unchanged.

    ``table`` replaces the character table, so a caller can fold other characters
    in the same pass (it must contain ``t2s_characters()``).

    >>> to_simplified("局內有關部門按職責分工負責")
    '局内有关部门按职责分工负责'
    """
    chars, phrases, lengths = _t2s_tables()
    if table is not None:
        chars = table
    if not phrases:
        return text.translate(chars)
    out: list[str] = []
    pos = 0
    for start, end in _phrase_matches(text, phrases, lengths):
        out.append(text[pos:start].translate(chars))
        out.append(phrases[text[start:end]])
        pos = end
    if not out:
        return text.translate(chars)
    out.append(text[pos:].translate(chars))
    return "".join(out)


def count_scripts(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts: ``國家`` → (2, 0)."""
    traditional, simplified = _script_sets()
    counts = Counter(text)  # counting in C, then looking at each distinct character once
    return (sum(n for c, n in counts.items() if c in traditional),
            sum(n for c, n in counts.items() if c in simplified))


_SAMPLE_CHUNKS, _SAMPLE_CHUNK = 16, 16_384


def _sample(text: str) -> str:
    """All of a normal notice; 16 evenly spread 16k-character chunks of a huge one."""
    if len(text) <= _SAMPLE_CHUNKS * _SAMPLE_CHUNK:
        return text
    step = len(text) // _SAMPLE_CHUNKS
    return "".join(text[i:i + _SAMPLE_CHUNK] for i in range(0, len(text), step))


def detect_script(text: str) -> str:
    """``simplified``, ``traditional`` or ``mixed`` (neither side reaches 90 %).

    Text with no script-specific character at all counts as Simplified. Texts
    over 256k characters are judged on an even sample of 256k characters.
    """
    trad, simp = count_scripts(_sample(text))
    total = trad + simp
    if total == 0 or simp >= 0.9 * total:
        return SIMPLIFIED
    if trad >= 0.9 * total:
        return TRADITIONAL
    return MIXED
