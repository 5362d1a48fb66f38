"""From a PDF's visual lines to paragraphs: furniture apart, broken lines re-joined.

Works on plain line records (text, page, position, size, colour), so the
rules are tested without PDFs:

- **furniture**: in the top or bottom tenth of a page, a page number
  (``— 3 —``, ``- 3 -``, ``第3页 共5页``, ``3/5``, ``3``) is ``page-number``; a
  line found there on at least two pages (digits aside) is ``running-header``
  or ``running-footer``; red text opening page 1 (the 红头 ``国家知识产权局文件``)
  is ``red-header``.
- **paragraphs**: a line continues the one before unless that one stops short
  of the right margin, the next is indented (but a centred title's second line
  goes on), starts a numbering marker
  (``一、`` ``(一)`` ``1.`` ``(1)`` ``①`` ``——``), changes type size, follows a
  right-aligned line (signature, date) or sits after a wider gap;
  in a document without indents a sentence end (``。`` ``;`` ``:`` ``!`` ``?``)
  ends a paragraph too. ``"…加强知识产权"`` + ``"保护。"`` → ``"…加强知识产权保护。"``.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*|第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$", re.I)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十百]{1,4}[、.．]|[(（][一二三四五六七八九十百]{1,4}[)）]"
                     r"|\d{1,3}[.．、。](?!\d)|[(（]\d{1,3}[)）]|[①-⑳]|——|第[一二三四五六七八九十百\d]+[章节条部分])")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]$")
_BAND = 0.1  # top and bottom tenth of the page


@dataclass
class PdfLine:
    """One visual line of a page."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 12.0
    red: bool = False
    page_height: float = 842.0


def furniture(lines: list[PdfLine]) -> dict[int, str]:
    """Index → reason for the lines that are page furniture."""
    found: dict[int, str] = {}
    repeated: dict[tuple[str, str], set[int]] = {}
    for k, line in enumerate(lines):
        band = _band(line)
        if band:
            repeated.setdefault((band, re.sub(r"\d+", "#", line.text)), set()).add(line.page)
    for k, line in enumerate(lines):
        band = _band(line)
        if band and _PAGE_NUMBER.match(line.text.strip()):
            found[k] = "page-number"
        elif band and len(repeated[(band, re.sub(r"\d+", "#", line.text))]) >= 2:
            found[k] = "running-header" if band == "top" else "running-footer"
    for k, line in enumerate(lines):  # the red header opens the first page
        if line.page != lines[0].page or k in found:
            continue
        if not line.red:
            break
        found[k] = "red-header"
    return found


def _band(line: PdfLine) -> str | None:
    if line.bottom <= line.page_height * _BAND:
        return "top"
    if line.top >= line.page_height * (1 - _BAND):
        return "bottom"
    return None


class Joiner:
    """Decides, line by line, whether a visual line continues a paragraph."""

    def __init__(self, lines: list[PdfLine]):
        body = [line for line in lines if line.text.strip()]
        self.size = statistics.median([line.size for line in body]) if body else 12.0
        self.left = {p: _mode([round(line.x0) for line in body if line.page == p])
                     for p in {line.page for line in body}}
        self.right = {p: max(line.x1 for line in body if line.page == p)
                      for p in {line.page for line in body}}
        pitches = [b.top - a.top for a, b in zip(body, body[1:], strict=False)
                   if a.page == b.page and b.top > a.top]
        self.pitch = statistics.median(pitches) if pitches else self.size * 1.5
        self.indents = any(self.indented(line) for line in body)

    def indented(self, line: PdfLine) -> bool:
        return line.x0 - self.left.get(line.page, line.x0) >= self.size * 0.9

    def centered(self, line: PdfLine) -> bool:
        middle = (self.left.get(line.page, line.x0) + self.right.get(line.page, line.x1)) / 2
        return abs((line.x0 + line.x1) / 2 - middle) <= self.size * 0.5

    def full(self, line: PdfLine) -> bool:
        return self.right.get(line.page, line.x1) - line.x1 < self.size * 1.5

    def continues(self, before: PdfLine, line: PdfLine) -> bool:
        """True when ``line`` carries on the paragraph ``before`` ended on."""
        if _MARKER.match(line.text.lstrip(" \u3000")):
            return False
        if self.indented(line) and not (  # a centred title's second line goes on
                self.centered(line) and self.full(before) and self.centered(before)
                and not _SENTENCE_END.search(before.text.rstrip())):
            return False
        if not self.full(before):
            return False  # the line before stopped short of the margin
        if abs(before.size - line.size) > 1:
            return False  # a title in a larger type, then the text
        if before.x0 - self.left.get(before.page, before.x0) > self.size * 3 \
                and not self.centered(before):
            return False  # a right-aligned line (signature, date) stands alone
        if before.page == line.page and line.top - before.top > self.pitch * 1.6:
            return False
        return self.indents or not _SENTENCE_END.search(before.text.rstrip())


_LATIN_WORD_END = re.compile(r"(?:^|\s)[A-Za-z0-9][\w.,'’-]*$", re.ASCII)


def join(before: str, after: str) -> str:
    """Two pieces of one paragraph: ``"知识产"`` + ``"权"``; a space only where a Latin
    word that stood apart (``"… IPRdaily"`` + ``"is"``) was wrapped at a space."""
    before, after = before.rstrip(), after.lstrip(" \u3000")
    if after[:1].isascii() and after[:1].isalnum() and _LATIN_WORD_END.search(before):
        return before + " " + after
    return before + after


def _mode(values: list[int]) -> float:
    if not values:
        return 0.0
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return float(min(values) if max(counts.values()) == 1 else max(counts, key=counts.get))
