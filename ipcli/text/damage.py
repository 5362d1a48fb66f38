"""Find encoding damage (mojibake) so it is reported instead of silently parsed.

``find_lost_characters("發展?fàn)顩r報告")`` → one hit at the ``?`` wedged between
a CJK character and pinyin residue. That rule runs on the decoded text *before*
width folding, so a genuine full-width ``？`` is never mistaken for a lost
character; the other rules run on the normalised text.

What counts as damage:

- U+FFFD, the replacement character a lossy decoder leaves behind;
- an ASCII ``?`` glued between CJK text and more text (``展?fàn``, ``》?,F``):
  GBK/UTF-8 round trips replace each unmappable character by ``?``;
- UTF-8 read as Latin-1/cp1252 (``å›½å®¶``), and the classic GBK artefacts
  ``锟斤拷`` / ``烫烫烫`` / ``屯屯屯``;
- private-use characters (U+E000–U+F8FF), which a wrong decoder produces for
  byte pairs it cannot map.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CJK_SIDE = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A "?" glued between CJK text and more text; run on the RAW text, where a
# genuine full-width "？" is still distinguishable. Starts with a literal so the
# regex engine jumps from "?" to "?".
_LOST_CHARACTER = re.compile(rf"\?(?<=[{_CJK_SIDE})\]]\?)\?*(?=[{_CJK_SIDE}A-Za-z,])")
# Run on NORMALISED text (pinyin gone, so tone letters do not look like Latin-1).
_MOJIBAKE_HINT = re.compile("[\ufffd\u00c0-\u00ef锟烫屯\ue000-\uf8ff]")
_MOJIBAKE = re.compile(
    r"\ufffd+"
    r"|(?:[\u00c0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    r"\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
    r"\u203a\u20ac\u2122]{1,2}){2,}"
    r"|锟斤拷|烫烫烫|屯屯屯"
    r"|[\ue000-\uf8ff]+"
)
_CONTEXT = 6


@dataclass(frozen=True)
class Damage:
    """One suspicious spot: ``text[offset:end]`` and the text around it."""

    offset: int
    end: int
    snippet: str


def _hits(pattern: re.Pattern, text: str) -> list[Damage]:
    hits = []
    for match in pattern.finditer(text):
        start = max(0, match.start() - _CONTEXT)
        end = min(len(text), match.end() + _CONTEXT)
        # keep only the line the damage sits on
        before = text[start:match.start()].rsplit("\n", 1)[-1]
        after = text[match.end():end].split("\n", 1)[0]
        hits.append(Damage(match.start(), match.end(), before + match.group() + after))
    return hits


def find_lost_characters(raw: str) -> list[Damage]:
    """``?`` standing in for characters a GBK/UTF-8 round trip could not map."""
    return _hits(_LOST_CHARACTER, raw) if "?" in raw else []


def find_mojibake(text: str) -> list[Damage]:
    """U+FFFD, UTF-8-read-as-Latin-1, 锟斤拷 and private-use characters."""
    return _hits(_MOJIBAKE, text) if _MOJIBAKE_HINT.search(text) else []
