"""Word's automatic numbering, recovered as the text a reader would see.

A paragraph with ``<w:numPr>`` (directly or through its style) shows a label
that is not in its text: numbering.xml says level 0 of list 3 is
``chineseCounting`` with ``lvlText="%1、"``, so the third such paragraph reads
``三、``. ``Numbering(numbering_xml, styles_xml).label(paragraph)`` → ``"三、"``.

Counters run per list (``numId``) and restart the deeper levels whenever a
shallower one advances, as Word does; ``w:start`` and ``w:startOverride`` are
honoured. Formats: decimal (and full-width, zero-padded), chineseCounting(Thousand),
ideographTraditional (甲乙丙), ideographDigital, decimalEnclosedCircle (①),
letters, roman numerals, bullet and none.
"""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """``11`` → ``十一``, ``20`` → ``二十``, ``105`` → ``一百零五`` (up to 9999)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                out += "零"
            out += ("" if unit == "十" and digit == 1 and not out else _CN[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter in a Word number format: ``(3, "chineseCounting")`` → ``三``."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "chineseLegalSimplified", "koreanCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt.startswith("decimalEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n).upper() if fmt == "upperLetter" else _letters(n)
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "none":
        return ""
    return str(n)


def _val(element, path: str, default=None):
    found = element.find(path) if element is not None else None
    return found.get(W + "val", default) if found is not None else default


class Numbering:
    """Labels for numbered paragraphs, in document order (it keeps counters)."""

    def __init__(self, numbering, styles):
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering) -> None:
        abstract = {a.get(W + "abstractNumId"): a for a in numbering.iter(W + "abstractNum")}
        for num in numbering.iter(W + "num"):
            num_id, base = num.get(W + "numId"), abstract.get(_val(num, W + "abstractNumId"))
            overrides = {o.get(W + "ilvl"): o for o in num.iter(W + "lvlOverride")}
            for lvl in (base.iter(W + "lvl") if base is not None else ()):
                ilvl = lvl.get(W + "ilvl", "0")
                override = overrides.get(ilvl)
                if override is not None and override.find(W + "lvl") is not None:
                    lvl = override.find(W + "lvl")
                start = _val(override, W + "startOverride") or _val(lvl, W + "start", "1")
                self.levels[(num_id, int(ilvl))] = (
                    _int(start, 1), _val(lvl, W + "numFmt", "decimal"),
                    _val(lvl, W + "lvlText", ""))

    def _read_styles(self, styles) -> None:
        raw = {}
        for style in styles.iter(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            raw[style.get(W + "styleId")] = (
                _val(num_pr, W + "numId"), _val(num_pr, W + "ilvl"), _val(style, W + "basedOn"))
        for style_id in raw:
            num_id, ilvl, seen, current = None, None, set(), style_id
            while current in raw and current not in seen:
                seen.add(current)
                n, i, current = raw[current]
                num_id, ilvl = num_id or n, ilvl if ilvl is not None else i
            self.style_num[style_id] = (num_id, _int(ilvl, None))

    def label(self, paragraph) -> str:
        """The label Word shows before ``paragraph`` (a ``w:p``), or ``""``."""
        ppr = paragraph.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        style_num = self.style_num.get(_val(ppr, W + "pStyle"), (None, None))
        num_id = _val(num_pr, W + "numId") or style_num[0]
        ilvl = _int(_val(num_pr, W + "ilvl"), None)
        ilvl = ilvl if ilvl is not None else (style_num[1] or 0)
        if not num_id or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        start = self.levels[(num_id, ilvl)][0]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        return self._render(num_id, ilvl, counters)

    def _render(self, num_id: str, ilvl: int, counters: list[int | None]) -> str:
        _, fmt, text = self.levels[(num_id, ilvl)]
        if fmt == "bullet":
            return ""  # bullets are glyphs (often private-use), not numbering
        for level in range(ilvl, -1, -1):
            token = f"%{level + 1}"
            if token in text:
                _, level_fmt, _ = self.levels.get((num_id, level), (1, "decimal", ""))
                value = counters[level] if counters[level] is not None else \
                    self.levels.get((num_id, level), (1,))[0]
                text = text.replace(token, format_number(value, level_fmt))
        return text


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
