"""Recognise the wrapper notice's lines and read metadata from them.

- ``doc_number("某政字 〔2019〕 31号")`` → ``某政字〔2019〕31号``: every printed form
  (``[2018]``, ``(2023)第5号``, ``【2020】``, spaces) normalised to
  ``X〔YYYY〕N号``; ``doc_number_raw`` keeps the printed form
- ``is_notice_title("国家知识产权局关于印发《…》的通知")`` → True
- ``wrapped_name("关于印发某某市知识产权强市建设实施方案的通知")`` →
  ``某某市知识产权强市建设实施方案`` (the document a wrapper notice issues)
- ``recipients("各省…知识产权局(知识产权管理部门),四川省…中心;局机关各部门:")``
  → the addressees, split at ``,`` and ``;`` but not inside brackets.

Dates are read by ``dates``; titles that wrap over lines by ``titles``.
"""
from __future__ import annotations

import re

_DOC_TYPES = ("通知|通告|公告|决定|意见|办法|规划|纲要|要点|指引|计划|方案|规定|条例|细则|措施|指南|报告"
              "|安排|公示|章程|导则"
              "|规则|标准|公报|批复|函|讲解|解读|说明|问答|清单|目录|通报|决议|指示|令|讲话|致辞|发言"
              "|分工表|任务表|责任表|一览表|汇总表|台账")  # a 分工表 issued on its own
_TITLE_TAIL = r"(\((19|20)\d{2}[^()]{0,12}\)|\((附全文|全文|试行|暂行|征求意见稿|修订|修订版)\))*"
_TITLE_LIKE = re.compile(rf"^.{{2,118}}({_DOC_TYPES}){_TITLE_TAIL}$|《[^《》]{{2,80}}》")
_COMPLETE_TITLE = re.compile(rf"({_DOC_TYPES}){_TITLE_TAIL}$")
_NOTICE_TITLE = re.compile(r"^(原标题\s*:\s*)?(?P<title>.{0,160}?(印发|转发|发布|公布|颁布|关于).{0,150}?"
                           r"(通知|通告|公告|决定))$")
_ORIGINAL_TITLE = re.compile(r"^原标题\s*:\s*")
_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
_DOC_NUMBER = re.compile(r"(?P<org>[\u4e00-\u9fff]{1,15})\s*[〔\[(【〖{]\s*(?P<year>(19|20)\d{2})\s*"
                         r"[〕\])】〗}]\s*第?\s*(?P<n>\d{1,5})\s*号")
_WRAPPED = re.compile(r"(印发|转发|发布|公布|颁布)(?P<name>.{2,150}?)的(通知|通告|公告|决定)$")
_ORG_SUFFIX = ("局|部|院|委员会|委|办公厅|办公室|厅|政府|署|总局|中心|办|司|会|室|处|联席会议")
_ORG_LINE = re.compile(rf"^[\u4e00-\u9fff()、 ]{{2,60}}({_ORG_SUFFIX})(\s*\([^()]{{1,10}}\))?$")
_ISSUER_PREFIX = re.compile(rf"^(?P<org>[\u4e00-\u9fff]{{2,30}}?({_ORG_SUFFIX}))"
                            r"(关于|印发|转发|发布|\d{4}年|办公室关于)")
_LABELLED_ISSUER = re.compile(r"^(发布机关|发文机关|发布单位|发文单位|制发机关)\s*:\s*(?P<org>.+)$")
_RECIPIENTS = re.compile(r"^(?!附件|特此|来源|编辑|关键词|联系)[^:]{2,300}:$")
_ATTACHMENT = re.compile(r"^附件\s*(\d{1,2})?\s*[:.、]?\s*(?P<rest>.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}\s*[.、)]|[\u2488-\u249b])\s*(?P<rest>.+)$")  # 1. 1、 1) ⒈
_WEB_NOTE = re.compile(r"\((点击|下载|阅读原文|详见|见附件)[^()]*\)$")
_BACK_START = re.compile(r"^(附件|抄送|主题词|印发|印送|(\(?联系人|联系电话|联系方式))")
_CLOSING = re.compile(r"^(特此(通知|通告|公告|函告|批复)|此复)[。!]?$")
_CONTACT = re.compile(r"^\(?(联系人|联系电话|联系方式)")
_YEAR = re.compile(r"(19|20)\d{2}")


def is_title_like(line: str) -> bool:
    """A document title: ``国家知识产权局2022年工作要点``, ``《…》讲解``…

    Titles are not sentences: a line with ``。`` never is one, and one with
    ``,;!?`` only when it quotes a 《title》.
    """
    if len(line) > 160 or "。" in line or _TITLE_LIKE.search(line) is None:
        return False
    return "《" in line or not any(c in line for c in ",;!?")


def is_complete_title(text: str) -> bool:
    """Ends as a title ends: with a document type (``…的通知``, ``…规划(2021—2025年)``)."""
    return _COMPLETE_TITLE.search(text) is not None


def attachment_block(lines: list[str]) -> set[int]:
    """Indices of ``附件:1.X`` lines and the numbered titles continuing them."""
    found: set[int] = set()
    in_block = False
    for i, line in enumerate(lines):
        if _ATTACHMENT.match(line):
            found.add(i)
            in_block = True
        elif in_block and _NUMBERED.match(line) and "。" not in line and len(line) <= 80:
            found.add(i)
        else:
            in_block = False
    return found


def is_notice_title(line: str) -> bool:
    return _NOTICE_TITLE.match(line) is not None


def notice_title(line: str) -> str | None:
    """The wrapper notice's title, without a ``原标题:`` prefix."""
    match = _NOTICE_TITLE.match(line)
    return match.group("title") if match else None


def book_title(line: str) -> str | None:
    """The first 《…》 title in a line: ``关于印发《X》的通知`` → ``X``."""
    match = _BOOK_TITLE.search(line)
    return match.group(1) if match else None


def wrapped_name(notice: str) -> str | None:
    """The document a wrapper notice issues: ``印发《X》的通知``, ``转发某部《X》的通知``,
    ``印发X的通知`` → X; None for a notice that wraps nothing (``关于做好…的通知``)."""
    match = _WRAPPED.search(notice)
    if not match:
        return None
    return book_title(match.group("name")) or match.group("name")


def strip_original_title(line: str) -> str:
    return _ORIGINAL_TITLE.sub("", line)


def doc_number(line: str, original: str | None = None) -> str | None:
    """The 文号 in a line, normalised: ``国知发运字[2020]13号`` → ``国知发运字〔2020〕13号``.

    ``original``: the same line in its original script (as long as ``line``), whose
    characters the result then uses: ``國知發運字〔2020〕13號``."""
    match = _DOC_NUMBER.search(line) if "号" in line else None
    if match is None:
        return None
    chars = original if original is not None and len(original) == len(line) else line
    org = chars[match.start("org"):match.end("org")]
    return f"{org}〔{match['year']}〕{int(match['n'])}{chars[match.end() - 1]}"


def doc_number_raw(line: str) -> str | None:
    """The 文号 as printed: ``某政字 〔2019〕 31号``."""
    match = _DOC_NUMBER.search(line) if "号" in line else None
    return match.group() if match else None


def doc_number_end(line: str) -> int | None:
    """Where the 文号 ends in the line (a date may follow it)."""
    match = _DOC_NUMBER.search(line)
    return match.end() if match else None


def is_org_line(line: str) -> bool:
    """A signature line naming one or more bodies: ``国家知识产权局``."""
    return _ORG_LINE.match(line) is not None and "。" not in line


def issuer_from_title(title: str) -> str | None:
    """``国家知识产权局关于印发…`` / ``国务院印发《…》`` → the issuing body."""
    match = _ISSUER_PREFIX.match(title)
    return match.group("org") if match else None


def labelled_issuer(line: str) -> str | None:
    match = _LABELLED_ISSUER.match(line)
    return match.group("org").strip() if match else None


def is_recipients(line: str) -> bool:
    """``各省、自治区…知识产权局,…:`` — an addressee line ends with a colon."""
    return _RECIPIENTS.match(line) is not None and "。" not in line


def recipients(line: str) -> list[str]:
    """Split an addressee line at ``,``/``;`` outside brackets."""
    parts, depth, current = [], 0, []
    for char in line.rstrip(":"):
        if char in "(〔【":
            depth += 1
        elif char in ")〕】":
            depth -= 1
        if char in ",;" and depth <= 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def attachments(lines: list[str]) -> list[str]:
    """Titles from ``附件:1.X`` and the numbered lines that follow it."""
    found: list[str] = []
    in_block = False
    for line in lines:
        match = _ATTACHMENT.match(line)
        if match:
            rest = match.group("rest")
            numbered = _NUMBERED.match(rest)
            rest = numbered.group("rest") if numbered else rest
            if rest:
                found.append(_WEB_NOTE.sub("", rest).strip())
            in_block = True
        elif in_block and (numbered := _NUMBERED.match(line)):
            found.append(_WEB_NOTE.sub("", numbered.group("rest")).strip())
        else:
            in_block = False
    return [f for f in found if f]


def starts_back_matter(line: str) -> bool:
    """``附件:…``, ``抄送:…``, a contact line: the notice's closing furniture."""
    return _BACK_START.match(line) is not None


def is_closing(line: str) -> bool:
    return _CLOSING.match(line) is not None


def is_contact(line: str) -> bool:
    return _CONTACT.match(line) is not None


def year_in(text: str | None) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group()) if match else None
