"""Titles as pages print them: wrapped over up to three lines, behind a site prefix.

- ``某某省人民政府关于落实《政府工作报告》`` / ``重点工作分工的实施意见`` /
  ``某政发〔2023〕5号``: one title of two lines. What follows decides the join: a
  line that cannot continue a title (a 文号, an addressee line ending ``:``, a date,
  body text, a heading) ends it; a fragment continues it while the title so far is
  unfinished (no document type at its end, an open ``《``) or the next line reads
  as a continuation (``的通知``, ``(2021—2025年)``).
- ``site_prefix("【规范性文件】某某市人民政府办公厅关于…的通知")`` → ``【规范性文件】``;
  also ``政务服务丨…`` and ``(某某省)某某市…规划``. The parser drops the prefix with
  the reason ``site-prefix``; the title is read without it.
- ``原标题:`` before a reposted title is a label, not part of the title.
"""
from __future__ import annotations

import re

from . import boilerplate, dates, front, metablock
from .rules import marker_kind

MAX_LINES = 3
_MAX_FRAGMENT = 60
_MAX_TITLE = 120
_SHORT = 12  # a title-like line this short followed by a title is navigation (通知公告)
_PREFIX = re.compile(
    r"^(【[^【】]{1,12}】"                                                    # 【规范性文件】
    r"|[^\s丨|│]{1,12}\s*[丨|│]\s*"                                          # 政务服务丨
    r"|\([\u4e00-\u9fff]{2,10}(省|市|区|县|州|盟|旗|自治区|特别行政区)\))")  # (某某省)
_LABEL = re.compile(r"^原标题\s*:\s*")
_CONTINUATION = re.compile(r"^(的|之|及|和|与|暨|\(|“)")
_SENTENCE = re.compile(r"[。:]")
_BOOK = re.compile(r"《[^《》]*》")
_OPEN_END = re.compile(r"(转发|印发|批转|发布|公布|颁布|关于|的|和|及|与)$")


def site_prefix(line: str) -> str | None:
    """A site's prefix before a title (or the first line of a wrapped one), if any."""
    match = _PREFIX.match(line)
    if match is None or match.end() == len(line):
        return None
    rest = line[match.end():]
    if front.is_title_like(rest) or (is_fragment(rest) and _opens_title(rest)):
        return match.group()
    return None


def _opens_title(line: str) -> bool:
    """Long enough, or worded, to be the first line of a wrapped title."""
    return len(line) > _SHORT or "关于" in line or "《" in line or _OPEN_END.search(line) is not None


def clean(line: str) -> str:
    """A title line without its label (``原标题:``) and site prefix."""
    line = _LABEL.sub("", line)
    prefix = site_prefix(line)
    return line[len(prefix):] if prefix else line


def is_fragment(line: str) -> bool:
    """A line that can be part of a title: short, not a sentence, not a menu of
    words (``首页 机构概况 政务公开``), not furniture, not a 文号, a date, an
    addressee line, a heading or a metadata line."""
    if len(line) > _MAX_FRAGMENT or _SENTENCE.search(line):
        return False
    if "《" not in line and any(c in line for c in ",;!?"):
        return False
    if _BOOK.sub("", line).count(" ") > 1:
        return False
    return not (boilerplate.line_reason(line) or metablock.is_metadata(line)
                or front.doc_number(line) or dates.parse_date(line) or marker_kind(line))


def _continues(title: str, line: str) -> bool:
    """Whether ``line`` continues ``title`` (both cleaned).

    A line with ``关于`` opens a title of its own (``某某市人民政府关于…的通知`` under a
    site's name), except under an issuer standing alone (``国务院办公厅`` /
    ``关于印发…的通知``) or a title left open (``…关于转发`` / ``省政府办公厅关于…``)."""
    if not is_fragment(line) or len(title) + len(line) > _MAX_TITLE:
        return False
    if "关于" in line and not (front.is_org_line(title) or _OPEN_END.search(title)):
        return False
    unfinished = not front.is_complete_title(title) or title.count("《") > title.count("》")
    return unfinished or _CONTINUATION.match(line) is not None


def _title_line(line: str) -> bool:
    line = clean(line)
    return is_fragment(line) and front.is_title_like(line)


def title_span(lines: list[str], i: int, stop: int) -> int:
    """End (exclusive) of a title starting at line ``i``; ``i`` when none starts there."""
    first = clean(lines[i])
    if not is_fragment(first):
        return i
    issuer_alone = front.is_org_line(first) and i + 1 < stop and lines[i + 1].startswith("关于")
    if not front.is_title_like(first) and not _opens_title(first) and not issuer_alone:
        return i  # too short to open a wrapped title: navigation
    title, j = first, i + 1
    best = j if front.is_title_like(title) else i
    while j < stop and j - i < MAX_LINES and _continues(title, lines[j]):
        title += lines[j]
        j += 1
        if front.is_title_like(title):
            best = j
    if best == i + 1 and len(first) <= _SHORT and best < stop and _title_line(lines[best]):
        return i  # 通知公告 above the real title
    return best


def find_title(lines: list[str], name: str, start: int, stop: int) -> range | None:
    """The last place in ``[start, stop)`` where ``name`` stands as a title (on up to
    three lines): the document's own title below its wrapper."""
    found = None
    for i in range(start, stop):
        text, j = clean(lines[i]), i + 1
        if not text or not name.startswith(text):
            continue
        while text != name and j < stop and j - i < MAX_LINES and name.startswith(text + lines[j]):
            text += lines[j]
            j += 1
        if text == name:
            found = range(i, j)
    return found


def title_of(lines: list[str], span: range) -> str:
    """The title a span of lines prints, joined, without label and prefix."""
    return clean(lines[span.start]) + "".join(lines[k] for k in span[1:])
