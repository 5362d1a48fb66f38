"""Split a notice's lines into regions, top to bottom.

::

    header   site furniture before the notice            → dropped
    front    wrapper notice and title block              → the ``front`` node
    prelude  lines between the title and the first heading → paragraphs
             (furniture cues there are dropped)
    body     from the first heading to the back matter   → the tree
    back     附件 / 抄送 / signature / date after the body  → the ``back`` node
    footer   from the first footer cue after the body    → dropped

Boundaries come from general cues: the first title-like line (``…的通知``,
``…工作要点``, ``《…》``) that is not furniture; the document's own title line
(the 《X》 of ``关于印发《X》的通知`` standing alone); the first and last
numbered heading; the first footer cue (``来源:``, ``免责声明``, ``上一篇``…).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import boilerplate, front
from .rules import is_part_line, marker_at


@dataclass(frozen=True)
class Regions:
    header: range
    front: range
    prelude: range
    body: range
    back: range
    footer: range
    notice_index: int | None = None
    title_index: int | None = None


def is_heading(line: str) -> bool:
    """A numbered heading (not a bullet) or a part title."""
    marker = marker_at(line)
    return (marker is not None and marker.kind != "bullet") or is_part_line(line)


def _content_like(line: str) -> bool:
    return "。" in line and boilerplate.line_reason(line) is None


def _front_start(lines: list[str], limit: int) -> tuple[int, int | None]:
    """Where the notice starts, and its first title-like line (if any)."""
    title = next((i for i in range(limit) if front.is_title_like(lines[i])
                  and boilerplate.line_reason(lines[i]) is None), None)
    content = next((i for i in range(limit) if _content_like(lines[i])
                    or front.doc_number(lines[i])), limit)
    return min(content, title if title is not None else limit), title


def _front_end(lines: list[str], start: int, limit: int, title: int | None
               ) -> tuple[int, int | None, int | None]:
    notice = next((i for i in range(start, limit) if front.is_notice_title(lines[i])), None)
    if notice is not None:
        name = front.book_title(lines[notice])
        own = [i for i in range(notice + 1, limit) if name and lines[i].strip() == name]
        if own:
            return own[-1] + 1, notice, own[-1]
        furniture = [i for i in range(notice, limit) if _notice_furniture(lines[i])]
        return max(furniture, default=notice) + 1, notice, None
    if title is not None and title < limit:
        return title + 1, None, title
    return start, None, None


def _notice_furniture(line: str) -> bool:
    return bool(front.doc_number(line) or front.is_recipients(line) or front.is_closing(line)
                or front.is_org_line(line) or front.parse_date(line) or front.is_contact(line)
                or front.starts_back_matter(line) or front.labelled_issuer(line))


def _back_start(lines: list[str], start: int, stop: int) -> int:
    for i in range(start, stop):
        line = lines[i]
        if front.starts_back_matter(line) or front.parse_date(line):
            return i
        if front.is_org_line(line) and i + 1 < stop and front.parse_date(lines[i + 1]):
            return i
    return stop


def find_regions(lines: list[str]) -> Regions:
    """Regions of a list of normalised, non-empty lines."""
    n = len(lines)
    attachments = front.attachment_block(lines)
    heads = [i for i, line in enumerate(lines) if i not in attachments and is_heading(line)]
    first_head = heads[0] if heads else n
    start, title = _front_start(lines, first_head)
    front_end, notice, title_index = _front_end(lines, start, first_head, title)
    after_body = heads[-1] + 1 if heads else front_end
    footer = next((i for i in range(after_body, n) if boilerplate.footer_starts(lines[i])), n)
    back = _back_start(lines, after_body, footer)
    body_end = back if heads else first_head
    prelude_end = first_head if heads else back
    return Regions(
        header=range(0, start), front=range(start, front_end),
        prelude=range(front_end, prelude_end), body=range(first_head, body_end),
        back=range(back, footer), footer=range(footer, n),
        notice_index=notice, title_index=title_index)
