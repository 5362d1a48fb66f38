"""Read a document's metadata from its front matter, back matter and dropped lines.

For the 2020 guideline this gives ``doc_number: 国知发运字〔2020〕13号``,
``issuer: 国家知识产权局`` (the signature above ``2020年4月20日``), ``date:
2020-04-20``, the recipients from the line ending in ``:`` and two attachments.
Each field falls back along a documented chain; see ``extract_meta``.
"""
from __future__ import annotations

import re

from ..model import Meta
from . import front
from .regions import Regions

_SOURCE = re.compile(r"^(来源|来源于|稿源|出处|信息来源|文章来源|发布机构)\s*:\s*(?P<name>.+)$")
_NOT_ISSUER = re.compile(r"(网站|网|报|社|平台|公众号|日报|新闻|微信|微博|app)$", re.IGNORECASE)
_PUBLISHED_VERB = re.compile(r"(印发|发布|转发|公布|颁布)《")


def extract_meta(lines: list[str], regions: Regions, dropped_at: list[range]) -> Meta:
    """Metadata, each field from the first place that has it:

    - title: the document's own title line, else the 《X》 of the notice title or
      of a ``…印发《X》`` headline, else the first title-like line;
    - issuer: ``发布机关:X``, a signature line above a date, the notice title's
      prefix (``国家知识产权局关于…``), else a ``来源:`` that names a body;
    - date: the date under a signature, else a standalone date line;
      published: a ``发布时间:`` line; year: date, published, then title.
    """
    dropped_lines = _Lines(lines, dropped_at)
    front_lines = [lines[i] for i in regions.front]
    back_lines = [lines[i] for i in regions.back]
    notice = front.notice_title(lines[regions.notice_index]) \
        if regions.notice_index is not None else None
    title = _title(lines, regions, notice)
    everything = _Lines(lines, [regions.front, regions.back, *dropped_at])
    origin = next((m.group("name").strip() for line in everything
                   if (m := _SOURCE.match(line))), None)
    signed_issuer, signed_date = _signature(front_lines + back_lines)
    date = signed_date or next((d for line in front_lines + back_lines
                                if (d := front.parse_date(line))), None)
    published = next((d for line in _Lines(lines, [*dropped_at, regions.front])
                      if (d := front.posted_date(line))), None)
    issuer = (next((o for line in everything if (o := front.labelled_issuer(line))), None)
              or signed_issuer
              or front.issuer_from_title(notice or "")
              or front.issuer_from_title(_headline(lines, regions) or "")
              or (origin if origin and front.is_org_line(origin)
                  and not _NOT_ISSUER.search(origin) else None))
    start = (regions.notice_index or regions.front.start)
    recipients = next((front.recipients(lines[i]) for i in range(start, regions.front.stop)
                       if front.is_recipients(lines[i])), [])
    year = next((int(v[:4]) for v in (date, published) if v), None) or front.year_in(title)
    return Meta(
        title=title, notice_title=notice,
        doc_number=next((n for line in everything if (n := front.doc_number(line))), None),
        issuer=issuer, date=date, published=published, year=year,
        recipients=recipients, attachments=front.attachments(front_lines + back_lines),
        origin=origin)


class _Lines:
    """The lines at some index ranges, iterated lazily as often as needed (a
    million-line footer is never copied)."""

    def __init__(self, lines: list[str], ranges: list[range]):
        self.lines, self.ranges = lines, ranges

    def __iter__(self):
        return (self.lines[i] for r in self.ranges for i in r)


def _headline(lines: list[str], regions: Regions) -> str | None:
    return lines[regions.title_index] if regions.title_index is not None else None


def _title(lines: list[str], regions: Regions, notice: str | None) -> str | None:
    headline = _headline(lines, regions)
    if headline and regions.notice_index is not None and regions.title_index != regions.notice_index:
        return headline
    if notice:
        return front.book_title(notice) or notice
    if headline:
        headline = front.strip_original_title(headline)
        if _PUBLISHED_VERB.search(headline):
            return front.book_title(headline)
        return headline
    return None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, date) from an organisation line followed by a date line."""
    for i in range(len(lines) - 1):
        date = front.parse_date(lines[i + 1])
        if date and front.is_org_line(lines[i]):
            return lines[i], date
    return None, None
