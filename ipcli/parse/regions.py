"""Split a notice's lines into regions, top to bottom.

::

    header   site furniture before the notice            → dropped
    front    wrapper notice and title block              → the ``front`` node
    prelude  lines between the title and the first heading → paragraphs
             (furniture cues there are dropped)
    body     from the first heading to the back matter   → the tree
    back     附件 / 抄送 / signature / date after the body  → the ``back`` node
    footer   from the first footer cue after the body    → dropped

Boundaries come from general cues: the first title (one to three lines, see
``titles``) that is not furniture; when the page prints that title again further
down (a page title or a ``原标题:`` above a repost), the last copy starts the
notice and the earlier ones are dropped as ``page-title``; the document's own
title (the X of ``关于印发《X》的通知`` standing alone); the lines that follow a
title (文号, dates, ``——2023年1月9日在…会议上``, addressees ending ``:``); the first
and last numbered heading; the first footer cue (``来源:``, ``免责声明``, ``上一篇``…).
Web furniture inside the front (``字体: 大 中 小``, ``分享到``…) is dropped too, and
a site prefix before the title (``【规范性文件】``) is dropped from its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import boilerplate, dates, front, metablock, titles
from .rules import is_part_line, marker_kind

_WINDOW = 500  # a notice's title is looked for among the first lines only
_SPEAKER = re.compile(r"^[\u4e00-\u9fff]{2,20}(市长|省长|区长|县长|主席|主任|书记|局长|部长|总理|厅长|委员)"
                      r"\s?[\u4e00-\u9fff·]{2,5}$")
_KEPT_IN_FRONT = frozenset({"source", "contact"})  # furniture reasons the front keeps


@dataclass(frozen=True)
class Regions:
    header: range
    front: range
    prelude: range
    body: range
    back: range
    footer: range
    notice: range | None = None  # the wrapper notice's title lines
    title: range | None = None   # the document's own title lines (without a wrapper: its title)
    prefix: tuple[int, str] | None = None  # (line, site prefix) dropped from a title line
    reasons: dict[int, str] = field(default_factory=dict)  # header/front lines dropped, and why


def is_heading(line: str, previous: str = "") -> bool:
    """A numbered heading (not a bullet) or a part title; ``previous`` is the line before."""
    kind = marker_kind(line, previous)
    return (kind is not None and kind != "bullet") or is_part_line(line)


def _furniture(line: str) -> bool:
    return boilerplate.line_reason(line) is not None or metablock.is_metadata(line)


def _front_start(lines: list[str], limit: int) -> tuple[int, range | None]:
    """Where the notice starts (its first title or text), and its first title."""
    start = None
    for i in range(limit):
        line = lines[i]
        if i >= _WINDOW and start is not None:
            break
        content = "。" in line or front.doc_number(line)
        if (i >= _WINDOW and not content) or _furniture(line):
            continue  # past the window only text can start the notice
        if i < _WINDOW and (end := titles.title_span(lines, i, limit)) > i:
            return (i if start is None else start), range(i, end)
        if start is None and content:
            start = i
    return (limit if start is None else start), None


def _last_copy(lines: list[str], start: int, span: range | None, limit: int
               ) -> tuple[int, range | None, set[int]]:
    """Move the start to the last copy of the first title; the copies before it."""
    copies: set[int] = set()
    if span is None:
        return start, span, copies
    text, j = titles.title_of(lines, span), span.stop
    while j < min(limit, _WINDOW):
        again = range(j, titles.title_span(lines, j, limit)) \
            if text.startswith(titles.clean(lines[j])) else range(j, j)
        if again and titles.title_of(lines, again) == text:
            copies.update(span)
            start, span, j = j, again, again.stop
        else:
            j += 1
    return start, span, copies


def _spans(lines: list[str], start: int, stop: int):
    """Title spans starting in ``[start, stop)``."""
    for i in range(start, min(stop, _WINDOW)):
        if (end := titles.title_span(lines, i, stop)) > i:
            yield range(i, end)


def _front_end(lines: list[str], start: int, limit: int, span: range | None
               ) -> tuple[int, range | None, range | None]:
    """(end of the front, the wrapper's title lines, the document's own title lines)."""
    notice = next((s for s in _spans(lines, start, limit)
                   if front.is_notice_title(titles.title_of(lines, s))), None)
    if notice is not None:
        name = front.wrapped_name(titles.title_of(lines, notice))
        own = titles.find_title(lines, name, notice.stop, min(limit, _WINDOW)) if name else None
        if own:
            return own.stop, notice, own
        furniture = [i for i in range(notice.start, limit) if _notice_furniture(lines[i])]
        return max(furniture, default=notice.stop - 1) + 1, notice, None
    if span is None:
        return start, None, None
    end = span.stop
    while end < limit and _follows_title(lines[end]):
        end += 1
    return end, None, span


def _notice_furniture(line: str) -> bool:
    return bool(front.doc_number(line) or front.is_recipients(line) or front.is_closing(line)
                or front.is_org_line(line) or dates.parse_date(line) or front.is_contact(line)
                or front.starts_back_matter(line) or front.labelled_issuer(line))


def _follows_title(line: str) -> bool:
    """What a title block holds under the title: 文号, dates, addressees, speaker…"""
    return bool(_notice_furniture(line) or dates.delivery_date(line)
                or dates.adoption_date(line) or _SPEAKER.match(line) or _furniture(line))


def _back_start(lines: list[str], start: int, stop: int) -> int:
    for i in range(start, stop):
        line = lines[i]
        if front.starts_back_matter(line) or dates.parse_date(line):
            return i
        if front.is_org_line(line) and i + 1 < stop and dates.parse_date(lines[i + 1]):
            return i
    return stop


def _front_reasons(lines: list[str], region: range) -> dict[int, str]:
    """Web furniture inside the front (``字体: 大 中 小``), dropped with its reason."""
    found = {}
    for i in region:
        reason = boilerplate.line_reason(lines[i])
        if reason and reason not in _KEPT_IN_FRONT:
            found[i] = reason
    return found


def find_regions(lines: list[str]) -> Regions:
    """Regions of a list of normalised, non-empty lines."""
    n = len(lines)
    attachments = front.attachment_block(lines)
    heads = [i for i, line in enumerate(lines)
             if i not in attachments and is_heading(line, lines[i - 1] if i else "")]
    first_head = heads[0] if heads else n
    start, span = _front_start(lines, first_head)
    start, span, copies = _last_copy(lines, start, span, first_head)
    front_end, notice, title = _front_end(lines, start, first_head, span)
    after_body = heads[-1] + 1 if heads else front_end
    footer = next((i for i in range(after_body, n) if boilerplate.footer_starts(lines[i])), n)
    back = _back_start(lines, after_body, footer)
    body_end = back if heads else first_head
    prelude_end = first_head if heads else back
    first_title = notice or title
    prefix = titles.site_prefix(lines[first_title.start]) if first_title else None
    return Regions(
        header=range(0, start), front=range(start, front_end),
        prelude=range(front_end, prelude_end), body=range(first_head, body_end),
        back=range(back, footer), footer=range(footer, n), notice=notice, title=title,
        prefix=(first_title.start, prefix) if prefix else None,
        reasons={**{i: "page-title" for i in copies}, **_front_reasons(lines, range(start, front_end))})
