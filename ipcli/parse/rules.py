"""Line rules for the body of a notice: numbering markers and heading titles.

Each rule recognises one marker style (GB/T 9704 levels, regulation numbering,
bullets and parts) on a normalised line, where brackets are already ASCII
(``（１）`` is ``(1)``, ``1．`` is ``1.``, ``1）`` is ``1)``):

====== ============================== ==========================================
rank   kind                            example line
====== ============================== ==========================================
0      part                            ``《知识产权信息公共服务工作指引》解读``
1      chapter                         ``第一章 总则``
2      division                        ``第二节 专利资助``
3      article                         ``第三条 本办法适用于…`` ``第3条``
4      section                         ``一、总体要求``
5      subsection                      ``(一)指导思想。坚持以…`` ``㈠指导思想``
6      item                            ``1.推进修订…`` ``1．`` ``1、`` ``1。`` ``⒈``
7      subitem                         ``(1)…`` ``①…`` ``⑴…``
8      subitem                         ``1)…`` ``1）…`` (at the start of a line only)
9      bullet                          ``——知识产权创造。深入实施…``
====== ============================== ==========================================

The Unicode enclosed forms are the same markers as the forms they stand for:
``⑴``–``⒇`` (U+2474–2487) as ``(1)``–``(20)``, ``⒈``–``⒛`` (U+2488–249B) as
``1.``–``20.``, ``㈠``–``㈩`` (U+3220–3229) as ``(一)``–``(十)``. They are
recognised here, like ``①``, not folded by the normaliser: its table maps each
code point to exactly one, so normalised lines stay aligned with the original
script (``--keep-script``) and the label is the character as printed.

``1)`` (a number with only a closing bracket) is a subitem one level below
``(1)``: style guides and notices use it under ``(1)`` (``一、 → (一) → 1. →
(1) → 1)``) or in its place, and a deeper rank nests correctly both ways since
levels may be skipped. Its kind stays ``subitem`` (node kinds are part of the
output schema); its numbering is checked apart from ``(1)``'s. It is a marker
only at the start of a line, followed by text (a CJK character, ``《“`` or a
letter; not ``1)。`` or ``3)×2``), and not when the line before leaves a bracket
open (``(详见附件`` / ``1)的要求)``); never inline, so ``见附件1)`` and
``(详见表1)`` in running text stay text.

A higher rank nests under a lower one; levels may be skipped (``一、`` directly
followed by ``1.``; ``第三条`` directly followed by ``(一)``, which then nests in
the article). Several markers may share a line: in
``一、完善知识产权制度 (一)完善法律法规 1。推进修订…`` each later marker of a
higher rank, after a space (or after ``。``/``;`` for bracketed markers), starts
a new node. A regulation marker's label keeps the space after it
(``第一章 `` + ``总则``), so ``label + text`` is still the line.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十百零〇两"
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESIZED = "".join(map(chr, range(0x2474, 0x2488)))  # ⑴…⒇ = (1)…(20)
_FULL_STOP = "".join(map(chr, range(0x2488, 0x249C)))      # ⒈…⒛ = 1.…20.
_IDEOGRAPHS = "".join(map(chr, range(0x3220, 0x322A)))     # ㈠…㈩ = (一)…(十)
_ENCLOSED = {c: n for forms in (_CIRCLED, _PARENTHESIZED, _FULL_STOP, _IDEOGRAPHS)
             for n, c in enumerate(forms, start=1)}

RANKS = {"part": 0, "chapter": 1, "division": 2, "article": 3, "section": 4,
         "subsection": 5, "item": 6, "subitem": 7, "bullet": 9}
_HALF_BRACKET = RANKS["subitem"] + 1  # 1): a subitem one level below (1), see above
_CN = f"[{CN_DIGITS}]{{1,6}}"
_REGULATION = {"chapter": "章(?!节)", "division": "节", "article": "条(?!款)"}
_MARKERS = (  # (kind, rank, pattern), tried in this order
    *((kind, RANKS[kind], re.compile(rf"第({_CN}|\d{{1,3}}){unit} ?"))
      for kind, unit in _REGULATION.items()),
    ("section", RANKS["section"], re.compile(rf"({_CN})[、.]")),
    ("subsection", RANKS["subsection"], re.compile(rf"\(({_CN})\)|([{_IDEOGRAPHS}])")),
    ("subitem", RANKS["subitem"], re.compile(rf"\((\d{{1,3}})\)|([{_CIRCLED}{_PARENTHESIZED}])")),
    ("item", RANKS["item"], re.compile(rf"(\d{{1,3}})[.、。](?![\d.])|([{_FULL_STOP}])")),
    ("subitem", _HALF_BRACKET, re.compile(r"([1-9]\d?)\)(?=[\u3400-\u9fff\uf900-\ufaff《“A-Za-z])")),
    ("bullet", RANKS["bullet"], re.compile(r"(——|--|—)(?![—-])")),
)
_GB_MARKERS = _MARKERS[len(_REGULATION):]  # a line not starting with 第 needs only these
_PART_LINE = re.compile(r"《[^《》]{2,80}》(?:讲解|解读|全文|原文|释义|说明|问答|摘要)?")
# by rank: the characters after which a marker may also start a node inside a line
_INLINE_BEFORE = {RANKS["subsection"]: " 。;", RANKS["subitem"]: " 。;", RANKS["item"]: " "}


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at ``start`` of a line: ``(六)`` → subsection 6."""

    kind: str
    label: str
    number: int | None
    start: int
    rank: int

    @property
    def end(self) -> int:
        return self.start + len(self.label)


def cn_to_int(text: str) -> int | None:
    """Chinese numeral → int: ``二十一`` → 21, ``一百零五`` → 105, ``十`` → 10."""
    total, digit = 0, 0
    for char in text:
        if char in _CN_VALUES:
            digit = _CN_VALUES[char]
        elif char in "十百":
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
        else:
            return None
    return total + digit if text else None


def _number(match: re.Match) -> int | None:
    raw = match.group(match.lastindex)  # the one group that took part
    if raw.isascii() and raw.isdigit():
        return int(raw)
    if raw in _ENCLOSED:
        return _ENCLOSED[raw]
    return cn_to_int(raw)


def _match_at(line: str, pos: int, previous: str) -> tuple[str, int, re.Match] | None:
    for kind, rank, pattern in (_MARKERS if line.startswith("第", pos) else _GB_MARKERS):
        match = pattern.match(line, pos)
        if match:
            if kind in ("item", "bullet") and match.end() == len(line):
                continue  # a bare "1." is more likely a stray page number
            if rank == _HALF_BRACKET and (pos or previous.count("(") > previous.count(")")):
                return None  # "(详见附件" / "1)…": the line closes the bracket left open
            return kind, rank, match
    return None


def marker_at(line: str, pos: int = 0, previous: str = "") -> Marker | None:
    """The marker starting exactly at ``pos``, if any; ``previous`` is the line before."""
    found = _match_at(line, pos, previous)
    if found is None:
        return None
    kind, rank, match = found
    # one string object per distinct label: "一、" × 100,000 is one object
    return Marker(kind, sys.intern(match.group()), _number(match), pos, rank)


def marker_kind(line: str, previous: str = "") -> str | None:
    """The kind of the marker a line starts with (no ``Marker`` built)."""
    found = _match_at(line, 0, previous)
    return found[0] if found else None


def is_part_line(line: str) -> bool:
    """``《知识产权保护中心管理办法》讲解`` standing alone starts an embedded document."""
    return _PART_LINE.fullmatch(line) is not None


def split_markers(line: str, previous: str = "") -> list[Marker]:
    """All markers that start nodes on this line, the first at position 0.

    ``一、完善知识产权制度 (一)完善法律法规 1。推进…`` → section, subsection, item.
    ``previous`` (the line before) matters only to ``1)`` at the start of the line.
    """
    first = marker_at(line, 0, previous)
    if first is None:
        return []
    found = [first]
    pos = first.end
    while pos < len(line):
        nxt = _next_inline(line, pos, found[-1].rank)
        if nxt is None:
            break
        found.append(nxt)
        pos = nxt.end
    return found


_INLINE_CANDIDATE = re.compile(
    f"(?<=[ 。;])[(\\d{_CIRCLED}{_PARENTHESIZED}{_FULL_STOP}{_IDEOGRAPHS}]")


def _next_inline(line: str, pos: int, rank: int) -> Marker | None:
    for candidate in _INLINE_CANDIDATE.finditer(line, pos):
        i = candidate.start()
        marker = marker_at(line, i)
        if marker is None or marker.rank <= rank or marker.rank not in _INLINE_BEFORE:
            continue
        allowed = _INLINE_BEFORE[marker.rank]
        if i > 0 and line[i - 1] in allowed and i - 1 >= pos:
            return marker
    return None


_TITLE_SPACE = re.compile(r"(?<=[\u3400-\u9fff》”)]) (?=[\u3400-\u9fff“《(])")


def heading_title(text: str) -> str:
    """The title of a heading from the text after its label.

    Up to the first ``。`` (``指导思想。坚持…`` → ``指导思想``), or up to a space
    between CJK words when running text follows (``服务主体 知识产权…`` →
    ``服务主体``; never a space inside ``《…》``: ``学习《中华人民共和国 专利法》``),
    or the whole first line; whichever ends first.
    """
    first_line = text.split("\n", 1)[0]
    end = len(first_line)
    stop = first_line.find("。")
    if stop >= 0:
        end = stop
    for space in _TITLE_SPACE.finditer(first_line, 0, end):
        before = first_line[:space.start()]
        if before.count("《") <= before.count("》"):  # not inside 《…》
            end = space.start()
            break
    return first_line[:end].strip(" :")


def title_end(text: str, title: str) -> int:
    """Offset in ``text`` where the running text after the title begins; a title
    joined from hard-wrapped lines matches across their line breaks."""
    if not title:
        return 0
    if text.startswith(title):
        end = len(title)
    else:
        end = _across_breaks(text, title)
        if end is None:
            return 0
    while end < len(text) and text[end] in "。: \n":
        end += 1
    return end


def _across_breaks(text: str, title: str) -> int | None:
    """Where ``title`` ends in ``text`` when ``text`` is the title with line breaks."""
    at = 0
    for char in title:
        while at < len(text) and text[at] == "\n" and char != "\n":
            at += 1
        if at >= len(text) or text[at] != char:
            return None
        at += 1
    return at
