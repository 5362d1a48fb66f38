"""Read a document's metadata from its front matter, back matter and dropped lines.

For the 2020 guideline this gives ``doc_number: 国知发运字〔2020〕13号``,
``issuer: 国家知识产权局`` (the signature above ``2020年4月20日``), ``date:
2020-04-20``, the recipients from the line ending in ``:`` and two attachments.
A site's metadata block (``索引号: … 发布机构: … 文号: … 成文日期: … 发布日期: …``)
fills what the text does not print. Each field falls back along a documented
chain; see ``extract_meta``.
"""
from __future__ import annotations

import re

from ..model import Meta
from . import dates, front, metablock, titles
from .regions import Regions

_SOURCE = re.compile(r"^(来源|来源于|稿源|出处|信息来源|文章来源|发布机构)\s*:\s*(?P<name>.+)$")
_NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fff]{2,6}\s*:")  # 来源:X 发布时间:… → X
# where a source's name ends on a page: 来源:X【打印】, X|浏览次数:12, X浏览次数:12 (glued)
_ORIGIN_END = re.compile(r"[【\[|]|\s{2,}|(?:浏览次数|浏览量|点击数|点击量|点击率|阅读数|阅读量|访问量"
                         r"|访问次数|字号|字体|作者|责任编辑|编辑|打印|关闭|分享)")
_NOT_ISSUER = re.compile(r"(网站|网|报|社|平台|公众号|日报|新闻|微信|微博|app)$", re.IGNORECASE)
_PUBLISHED_VERB = re.compile(r"(印发|发布|转发|公布|颁布)《")


class _Lines:
    """The lines at some index ranges, iterated lazily as often as needed (a
    million-line footer is never copied)."""

    def __init__(self, lines: list[str], ranges: list[range]):
        self.lines, self.ranges = lines, ranges

    def __iter__(self):
        return (self.lines[i] for r in self.ranges for i in r)


def extract_meta(lines: list[str], regions: Regions, dropped_at: list[range]) -> Meta:
    """Metadata, each field from the first place that has it:

    - title / notice_title: see ``_titles``;
    - doc_number: the first 文号 in the front, the back, then dropped lines
      (a metadata block's ``文号:`` among them), normalised; doc_number_raw as printed;
    - date: see ``_date``; published: a metadata ``发布日期``, else a ``发布时间:`` line;
    - issuer: ``发布机关:X`` (or a metadata block's 发布机构), a signature line
      above a date, the notice title's prefix (``国家知识产权局关于…``), else a
      ``来源:`` that names a body; year: date, published, then title.
    """
    kept = _Lines(lines, [regions.front, regions.back])
    everything = _Lines(lines, [regions.front, regions.back, *dropped_at])
    block = metablock.merged(everything)
    notice, title = _titles(lines, regions, block.get("title"))
    origin = next((m.group("name") for line in everything if (m := _SOURCE.match(line))),
                  None) or block.get("origin")
    origin = _ORIGIN_END.split(_NEXT_LABEL.split(origin, 1)[0], 1)[0].strip() if origin else None
    signed_issuer, signed_date = _signature(list(kept))
    raw = next((r for line in everything if (r := front.doc_number_raw(line))), None)
    date = signed_date or _date(kept, block)
    published = (dates.parse_date(block.get("published", ""), whole=False)
                 or next((d for line in _Lines(lines, [*dropped_at, regions.front])
                          if (d := dates.posted_date(line))), None))
    headline = titles.title_of(lines, regions.title) if regions.title else None
    issuer = (block.get("issuer")
              or next((o for line in everything if (o := front.labelled_issuer(line))), None)
              or signed_issuer or _issuer_of(notice, headline, origin))
    start = (regions.notice or regions.front).start
    recipients = next((front.recipients(lines[i]) for i in range(start, regions.front.stop)
                       if front.is_recipients(lines[i])), [])
    year = next((int(v[:4]) for v in (date, published) if v), None) or front.year_in(title)
    return Meta(title=title, notice_title=notice,
                doc_number=front.doc_number(raw) if raw else None, doc_number_raw=raw,
                issuer=issuer, date=date, published=published, year=year, recipients=recipients,
                attachments=front.attachments(list(kept)), origin=origin)


def _issuer_of(notice: str | None, headline: str | None, origin: str | None) -> str | None:
    """The body a title names (``国家知识产权局关于…``), else a ``来源:`` naming a body."""
    return (front.issuer_from_title(notice or "") or front.issuer_from_title(headline or "")
            or (origin if origin and front.is_org_line(origin)
                and not _NOT_ISSUER.search(origin) else None))


def _titles(lines: list[str], regions: Regions, labelled: str | None
            ) -> tuple[str | None, str | None]:
    """(notice_title, title): the wrapper ``…关于印发《X》的通知`` and the document X.

    X is the document's own title where it stands alone below the wrapper, else
    the name the wrapper gives. Without a wrapper, the title is the front's title
    (a ``…印发《X》`` headline gives X), else a metadata block's ``标题:``, which
    may itself be the wrapper of the title printed in the text.
    """
    own = titles.title_of(lines, regions.title) if regions.title else None
    if regions.notice is not None:
        notice = titles.title_of(lines, regions.notice)
        return notice, own or front.wrapped_name(notice) or notice
    if labelled and front.is_notice_title(labelled):
        return labelled, own or front.wrapped_name(labelled) or labelled
    if own:
        return None, (front.book_title(own) or own) if _PUBLISHED_VERB.search(own) else own
    return None, labelled


def _date(kept: _Lines, block: dict[str, str]) -> str | None:
    """The signed date when there is no signature: a metadata ``成文日期``, a date line,
    a date after the 文号 (``某政发〔2011〕3号 2011年2月9日``), a delivery date
    (``——2023年1月9日在…``), a regulation's adoption date (``(2019年5月10日…通过)``)."""
    if found := dates.parse_date(block.get("date", ""), whole=False):
        return found
    for read in (dates.parse_date, _after_number, dates.delivery_date, dates.adoption_date):
        if found := next((d for line in kept if (d := read(line))), None):
            return found
    return None


def _after_number(line: str) -> str | None:
    end = front.doc_number_end(line)
    return dates.date_after(line, end) if end is not None else None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, date) from an organisation line followed by a date line."""
    for i in range(len(lines) - 1):
        date = dates.parse_date(lines[i + 1])
        if date and front.is_org_line(lines[i]):
            return lines[i], date
    return None, None
