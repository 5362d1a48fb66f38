"""Dates as notices print them, to ISO ``YYYY-MM-DD``.

- ``parse_date("2020年4月20日")`` → ``2020-04-20``; also ``2020-04-20``,
  ``2020.4.20``, ``2020/4/20``, ``2020 年 4 月 20 日``
- Chinese numerals, with either zero: ``二○○八年五月二十日`` (○, a circle) and
  ``二〇二三年一月五日`` (〇, the ideographic zero) → ``2008-05-20``, ``2023-01-05``
- ``delivery_date("——2023年1月9日在某某市第十六届人民代表大会第二次会议上")``
  → ``2023-01-09`` (the line under a speech's or report's title)
- ``adoption_date("(2019年5月10日市人民政府第23次常务会议通过)")`` → ``2019-05-10``
  (the line under a regulation's title)
- ``posted_date("发布时间:2024-06-14 16:01:28")`` → ``2024-06-14``
"""
from __future__ import annotations

import re

from .rules import cn_to_int

_ZEROS = "〇零○◯OＯ0"
_ARABIC = r"(?P<y>(19|20)\d{2})\s*(年|-|\.|/)\s*(?P<m>\d{1,2})\s*(月|-|\.|/)\s*(?P<d>\d{1,2})\s*日?"
_CHINESE = (rf"(?P<y>[{_ZEROS}一二三四五六七八九]{{4}})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,2}})\s*月"
            r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日")
_DATES = (re.compile(_ARABIC), re.compile(_CHINESE))
_HINT = re.compile(r"[\d年]")
_BRACKETED = re.compile(r"^[(〔【]\s*(.*?)\s*[)〕】]$")
_DASH = r"(——|—|--|-)\s*"
_DELIVERY = re.compile(rf"^{_DASH}(?P<date>.{{6,20}}?日)\s*(在|于)")
_ADOPTION = re.compile(r"^\((?P<date>.{6,20}?日)[^()]{0,80}(通过|发布|公布|印发|施行|修订|修正)")
_POSTED = re.compile(r"(发布时间|发布日期|发表时间|更新时间|发稿时间|日期)\s*:\s*")


def parse_date(text: str, whole: bool = True) -> str | None:
    """An ISO date from a date line (``whole``; ``(2023年3月1日)`` in brackets too)
    or from anywhere in ``text``."""
    if not _HINT.search(text):
        return None  # no digit and no 年: the common case, answered by one scan
    if whole:
        text = text.strip()
        if text[:1] in "(〔【":
            text = _BRACKETED.sub(r"\1", text)
    for pattern in _DATES:
        match = pattern.fullmatch(text) if whole else pattern.search(text)
        if match:
            return _iso(match.group("y"), match.group("m"), match.group("d"))
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    if not year.isdigit():
        year = "".join("0" if c in _ZEROS else str(cn_to_int(c)) for c in year)
    m, d = (int(x) if x.isdigit() else cn_to_int(x) for x in (month, day))
    if m is None or d is None or not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def delivery_date(line: str) -> str | None:
    """``——2023年1月9日在…会议上``: the date a speech or report was delivered."""
    match = _DELIVERY.match(line)
    return parse_date(match.group("date")) if match else None


def adoption_date(line: str) -> str | None:
    """``(2019年5月10日…通过 …)`` under a regulation's title: its first date."""
    match = _ADOPTION.match(line)
    return parse_date(match.group("date")) if match else None


def posted_date(line: str) -> str | None:
    """The posting date of a ``发布时间:2024-06-14 16:01:28`` line."""
    match = _POSTED.search(line)
    return parse_date(line[match.end():], whole=False) if match else None


def date_after(line: str, start: int) -> str | None:
    """A date printed after position ``start``: ``某政发〔2011〕3号 2011年2月9日``."""
    return parse_date(line[start:], whole=False)
