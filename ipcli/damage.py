"""Find encoding damage (mojibake) so it is reported instead of silently parsed.

``find_damage("發展?fàn)顩r報告")`` → one hit at the ``?`` wedged between a CJK
character and pinyin residue. Detection runs on the decoded text *before* width
folding, so a genuine full-width ``？`` is never mistaken for a lost character.

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
# Every alternative starts with a literal or a character class, so the regex
# engine can skip clean text quickly (a lookbehind first would test each position).
_DAMAGE_RE = re.compile(
    r"\ufffd+"
    rf"|\?(?<=[{_CJK_SIDE})\]]\?)\?*(?=[{_CJK_SIDE}A-Za-z,])"
    r"|(?:[\u00c0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    r"\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
    r"\u203a\u20ac\u2122]{1,2}){2,}"
    r"|锟斤拷|烫烫烫|屯屯屯"
    r"|[\ue000-\uf8ff]+"
)
_CONTEXT = 6


@dataclass(frozen=True)
class Damage:
    """One suspicious spot: where it is and the text around it."""

    offset: int
    snippet: str


def find_damage(text: str) -> list[Damage]:
    """Every suspicious spot in ``text``, with ±6 characters of context."""
    hits = []
    for match in _DAMAGE_RE.finditer(text):
        start = max(0, match.start() - _CONTEXT)
        end = min(len(text), match.end() + _CONTEXT)
        # keep only the line the damage sits on
        before = text[start:match.start()].rsplit("\n", 1)[-1]
        after = text[match.end():end].split("\n", 1)[0]
        hits.append(Damage(match.start(), before + match.group() + after))
    return hits
