"""Deadlines in markers: is a phrase a time limit, and which date does it fix?

``due("2023年12月底前")`` → ``'2023-12-31'``; ``due("2024年6月前")`` →
``'2024-05-31'`` (before June: the end of May); ``due("年内", 2023)`` and
``due("年底前", 2023)`` → ``'2023-12-31'`` (the document's year);
``due("2023-12-31前")``, ``due("2023.12.31")`` → ``'2023-12-31'``;
``due("长期坚持")`` and ``due("持续推进")`` → None.

Rules, on normalised (Simplified, half-width) text:

- a year (``2023年``, ``二〇二三年``) alone, or with ``底``/``末``/``内``/``年底``,
  is its last day; ``上半年``/``下半年`` end on 06-30/12-31, a quarter
  (``第三季度``, ``三季度``) on its last day;
- a month (``12月``, ``十二月``) is its last day, also with ``底``/``末``/``下旬``;
  ``上旬``/``中旬`` end on the 10th/20th; a day (``6月30日``) is that day;
- a numeric date (``2023-12-31``, ``2023.12.31``, ``2023/12/31``, one separator
  throughout, as typed or as a spreadsheet's date cell prints) is that day;
- ``前``/``之前``/``以前`` right after a month or a year without a day or part
  means *before* it starts: ``6月前`` → the end of May, ``2025年前`` → 2024-12-31;
- a month or ``年内``/``年底`` without a year takes the year last named in the
  text, else the document's; with neither, no date;
- several dates (``6月底前启动,12月底前完成``): the last one is the due date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CN_YEAR = "[〇○零一二三四五六七八九]{4}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"[12]\d|3[01]|0?[1-9]"
_BEFORE = r"之前|以前|前"
_NUMERIC = (rf"(?P<nyear>\d{{4}})(?P<sep>[-./])(?P<nmonth>1[0-2]|0?[1-9])(?P=sep)(?P<nday>{_DAY})"
            r"(?!\d|[.]\d)(?:底|末)?")
_WHEN = re.compile(
    rf"{_NUMERIC}(?P<nbefore>{_BEFORE})?|"
    rf"(?:(?P<year>\d{{4}}|{_CN_YEAR})年度?|(?P<this>今年|本年度|本年|当年))?"
    rf"(?:(?P<half>[上下]半年)"
    rf"|第?(?P<quarter>[一二三四1-4])季度"
    rf"|(?P<month>{_MONTH})月份?(?:(?P<day>{_DAY})日|(?P<part>[上中下]旬|底|末))?"
    rf"|(?P<end>年底|年末|年内|底|末|内))?"
    rf"(?P<before>{_BEFORE})?")

# A whole chunk that is a time limit: dates, then an optional verb of progress.
_YEAR = rf"(?:\d{{4}}|{_CN_YEAR})(?:[-—–~至到](?:\d{{4}}|{_CN_YEAR}))?年度?"
_PERIOD = (rf"(?:[上下]半年|第?[一二三四1-4]季度|(?:{_MONTH})月份?(?:(?:{_DAY})日|[上中下]旬|底|末)?"
           r"|年?底|年?末|年内|内)")
_NUMERIC_DATE = rf"\d{{4}}([-./])(?:1[0-2]|0?[1-9])\1(?:{_DAY})(?!\d|[.]\d)(?:底|末)?"
_DATE = (rf"(?:(?:{_YEAR}|今年|本年度|本年|当年|每年){_PERIOD}?|{_PERIOD}|{_NUMERIC_DATE})"
         rf"(?:{_BEFORE}|起|以内)?")
_ONGOING = r"(?:持续|长期|逐步|常态化|全面|逐年|分步|分阶段|每年)"
_VERB = r"(?:完成|启动|实施|推进|落实|开展|见效|到位|建成|出台|印发|坚持|部署|执行)"
_DEADLINE = re.compile(rf"(?:{_DATE})+(?:{_ONGOING}?{_VERB})?|{_ONGOING}{_VERB}?")
_COMPLETION = re.compile(rf"前|底|末|年内|以内|起|{_VERB}|{_ONGOING}")


def is_deadline(text: str) -> bool:
    """``2023年12月底前``, ``2023年底前完成``, ``年内持续推进``, ``长期坚持``; not ``专利导航``."""
    return bool(text) and _DEADLINE.fullmatch(text) is not None


def is_deadline_alone(text: str) -> bool:
    """A time limit that makes a marker on its own: ``(持续推进)``; not ``(2022—2025年)``."""
    return is_deadline(text) and _COMPLETION.search(text) is not None


def due(text: str | None, year: int | None = None) -> str | None:
    """The ISO date a deadline text fixes, or None (see the module docstring)."""
    if not text:
        return None
    found: list[date] = []
    current = year
    for match in _WHEN.finditer(text):
        if not match.group(0):
            continue
        if match.group("nyear"):
            current = int(match.group("nyear"))
        elif match.group("year"):
            current = int(match.group("year").translate(_DIGITS))
        elif match.group("this"):
            current = year
        when = _date_of(match, current)
        if when is not None:
            found.append(when)
    return max(found).isoformat() if found else None


def _date_of(match: re.Match, year: int | None) -> date | None:
    g = match.groupdict()
    explicit = g["year"] or g["this"]
    if year is None or not 1900 <= year <= 2200:
        return None
    if g["nyear"]:
        return _month_date(year, int(g["nmonth"]), g["nday"], None, None)
    if g["half"]:
        return date(year, 6, 30) if g["half"] == "上半年" else date(year, 12, 31)
    if g["quarter"]:
        quarter = g["quarter"]
        return _month_end(year, 3 * (int(quarter) if quarter.isdigit()
                                     else "一二三四".index(quarter) + 1))
    if g["month"]:
        return _month_date(year, _month(g["month"]), g["day"], g["part"], g["before"])
    if g["end"]:
        if g["end"] in ("底", "末", "内") and not explicit:
            return None  # a bare 底/末/内 is no date
        return date(year, 12, 31)
    if g["year"]:
        return date(year - 1, 12, 31) if g["before"] else date(year, 12, 31)
    return None


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + ("一二".index(text[1]) + 1 if len(text) > 1 else 0)
    return "一二三四五六七八九".index(text) + 1


def _month_date(year: int, month: int, day: str | None, part: str | None,
                before: str | None) -> date | None:
    if day:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, int(day)) if int(day) <= last else None
    if part in ("上旬", "中旬"):
        return date(year, month, 10 if part == "上旬" else 20)
    if before and not part:
        return date(year, month, 1) - timedelta(days=1)
    return _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
