"""Radical code points → the ideographs they stand for: ``⼀、总体要求`` → ``一、总体要求``.

PDFs printed by Chrome with Noto CJK fonts often map a glyph to its radical code
point instead of the unified ideograph: ``⼯作`` (U+2F2F) for ``工作``, ``⻓期``
(U+2ED3) for ``长期``. Every Kangxi radical (U+2F00–U+2FD5) has an NFKC mapping
to one ideograph; the CJK Radicals Supplement (U+2E80–U+2EF3) has only two, so
the supplement's forms that are also whole characters are listed here, each
checked against its Unicode name (``CJK RADICAL C-SIMPLIFIED GATE`` → ``门``).
Component-only forms (``⺡`` WATER ONE, ``⻖`` MOUND TWO) have no ideograph
that means the same in running text and are left alone.

Each entry maps one character to one, so line lengths and offsets never change.
"""
from __future__ import annotations

import unicodedata

# radical → ideograph; the Unicode name of each radical is in the comment and in
# tests/test_normalize.py, which checks it.
SUPPLEMENT: dict[str, str] = {
    "⺁": "厂",  # CLIFF
    "⺇": "几",  # TABLE
    "⺊": "卜",  # DIVINATION
    "⺜": "日",  # SUN
    "⺝": "月",  # MOON
    "⺟": "母",  # MOTHER
    "⺠": "民",  # CIVILIAN
    "⺦": "丬",  # SIMPLIFIED HALF TREE TRUNK
    "⺩": "王",  # JADE
    "⺬": "示",  # SPIRIT ONE
    "⻁": "虎",  # TIGER
    "⻄": "西",  # WEST TWO
    "⻅": "见",  # C-SIMPLIFIED SEE
    "⻆": "角",  # SIMPLIFIED HORN
    "⻉": "贝",  # C-SIMPLIFIED SHELL
    "⻋": "车",  # C-SIMPLIFIED CART
    "⻑": "長",  # LONG ONE
    "⻓": "长",  # C-SIMPLIFIED LONG
    "⻔": "门",  # C-SIMPLIFIED GATE
    "⻘": "青",  # BLUE
    "⻙": "韦",  # C-SIMPLIFIED TANNED LEATHER
    "⻚": "页",  # C-SIMPLIFIED LEAF
    "⻛": "风",  # C-SIMPLIFIED WIND
    "⻜": "飞",  # C-SIMPLIFIED FLY
    "⻝": "食",  # EAT ONE
    "⻡": "首",  # HEAD
    "⻢": "马",  # C-SIMPLIFIED HORSE
    "⻣": "骨",  # BONE
    "⻤": "鬼",  # GHOST
    "⻥": "鱼",  # C-SIMPLIFIED FISH
    "⻦": "鸟",  # C-SIMPLIFIED BIRD
    "⻧": "卤",  # C-SIMPLIFIED SALT
    "⻨": "麦",  # SIMPLIFIED WHEAT
    "⻩": "黄",  # SIMPLIFIED YELLOW
    "⻪": "黾",  # C-SIMPLIFIED FROG
    "⻬": "齐",  # C-SIMPLIFIED EVEN
    "⻮": "齿",  # C-SIMPLIFIED TOOTH
    "⻰": "龙",  # C-SIMPLIFIED DRAGON
    "⻳": "龟",  # C-SIMPLIFIED TURTLE
}


def radical_table() -> dict[int, str]:
    """``str.translate`` table: ``ord("⼯")`` → ``"工"``, ``ord("⻓")`` → ``"长"``."""
    table = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
    table[0x2FAD] = "青"  # KANGXI RADICAL BLUE: NFKC gives the variant 靑 (U+9751)
    table.update({ord(k): v for k, v in SUPPLEMENT.items()})
    return table
