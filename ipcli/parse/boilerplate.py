"""Recognise web-page chrome around a notice by general cues, never by site.

Only the edges are examined: the *header* (lines before the notice starts), the
*front* and the *prelude* (between the title block's lines and paragraphs), and
the *footer* (from the first footer cue after the body to the end). Text inside a
node is never dropped, so a sentence that happens to contain "免责" in the body
stays where it is.

- ``header_reason("当前位置:专利申请 > 资讯中心 >")`` → ``breadcrumb``
- ``footer_starts("免责声明:文章内容来自网络…")`` → True
- ``line_reason("编辑:王颖 校对:纵横君")`` → ``credits``
- ``line_reason("索引号:11440100/2023-00123 发布机构:某某区人民政府")`` → ``metadata``
- ``line_reason("IPRdaily消息:近日,…")`` → ``news-preface``; ``"今天,…给大家分享:…"``
  → ``preface``; ``"维基文库,自由的图书馆"`` → ``site-banner`` (a site's "X, the free/
  leading Y" tagline); ``"字体: 大 中 小"`` → ``post-info``; ``"【打印本页】"`` → ``share-links``

Every dropped line is listed with its reason; none disappears silently.
"""
from __future__ import annotations

import re

from . import dates, front, metablock

# Cues that a line is page furniture wherever it appears at an edge.
_WORD_END = r"(?:\s|:|$)"
_SHARE = ("分享到|分享|打印本页|打印正文|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|扫一扫|微信扫一扫|扫码关注"
          "|关注微信|关注微博|关注我们|返回顶部|返回首页|返回列表|top")
_REASONS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (reason, re.compile(pattern)) for reason, pattern in (
        ("metadata", metablock.STARTS.pattern),
        ("news-preface", r"^[^。,:\s]{2,30}(消息|讯)\s*:"),
        ("preface", r"^(今天|今日|近日|日前|本期|本文|小编)[^。]{0,40}(给|为|向|和|与)(大家|各位|读者)"
                    r"(分享|介绍|整理|带来|推荐|解读)"),
        ("site-banner", r"^[^。,:]{2,12},\s*(自由|开放|免费|权威|专业|领先|最大)的[^。,:]{1,16}$"),
        ("breadcrumb", r"^(首页|主页|当前位置|您的位置|您现在的位置)\s*[:>»]?|\s(>|>>|»)(\s|$)"),
        ("post-info", r"(发布时间|发布日期|发表时间|更新时间|发稿时间)\s*:|浏览(次数|量)?\s*:|阅读(次数|量)\s*:"
                      r"|点击(数|量|次数)\s*:|字号\s*:|字体\s*:|【字体"
                      r"|^[【\[(]?[大中小][】\])]?( ?[【\[(]?[大中小][】\])]?){2}$"),
        ("source", r"^(来源|来源于|稿源|出处|信息来源|文章来源|发布机构)\s*:"),
        ("credits", r"^(作者|编辑|责任编辑|责编|校对|审核|审校|核稿|记者|摄影|通讯员|供稿|编审)\s*:"),
        ("keywords", r"^(关键词|关键字|标签|tags?)\s*:"),
        ("disclaimer", r"^(免责声明|版权声明|特别声明|声明\s*:)|仅代表作者(个人)?(观点|立场)|不代表.{0,20}(观点|立场)"
                       r"|^本文(来自|来源|转自|系|为|由|经)|(如需|如若|如要|未经).{0,6}转载|转载(请|须|务必)"
                       r"|版权归(原)?作者|^版权所有|copyright|©|icp备|公网安备"),
        ("licence", r"^本作品|公有领域|public domain|知识共享许可|creative commons|\bcc[ -]by\b"),
        ("share-links", rf"^(?:[【\[](?:{_SHARE})[】\]]|(?:{_SHARE}){_WORD_END}|(微信)?扫一扫|扫码)"),
        ("site-navigation", rf"^(上一篇|下一篇|上一条|下一条|相关阅读|相关文章|相关推荐|为您推荐|热门推荐|推荐阅读"
                            rf"|延伸阅读|网站地图|跳至内容|跳到主要内容|登录|注册|搜索|导航){_WORD_END}"),
        ("contact", rf"^(联系我们|联系方式|在线咨询|客服|邮箱|电话|热线|咨询热线|服务热线|工作时间|qq){_WORD_END}"
                    r"|^[\d\s()\-+—]{7,}$"),
        ("promo", r"^(更多(关于|相关|精彩|资讯|内容|信息)|欢迎(关注|咨询|订阅)|点击(查看|阅读|下载|关注)|阅读原文"
                  r"|原文链接|附件下载)"),
        ("site-about", r"^[「【\[](关于|about).{1,30}[」】\]]$"),
        ("scrape-error", r"^(error|undefined|null|nan|loading\.*|加载中.*)\s*:?$"),
    ))

# A footer begins at the first line showing one of these cues after the body.
_FOOTER_REASONS = frozenset({"source", "credits", "keywords", "disclaimer", "licence", "post-info",
                             "share-links", "site-navigation", "promo", "site-about"})
_SHORT = 12  # header lines this short without a full stop are navigation


def line_reason(line: str) -> str | None:
    """The first furniture cue this line shows, or None."""
    lowered = line.lower()
    for reason, pattern in _REASONS:
        if pattern.search(lowered):
            return reason
    return None


def header_reason(line: str) -> str:
    """Why a line before the notice is dropped (``site-header`` when no cue names it;
    ``metadata`` for a 文号 or a date a site prints above the notice)."""
    reason = line_reason(line)
    if reason:
        return reason
    if front.doc_number(line) or dates.parse_date(line):
        return "metadata"
    if len(line) <= _SHORT and "。" not in line:
        return "site-navigation"
    return "site-header"


def is_header_chrome(line: str) -> bool:
    """True for lines that look like page furniture before a notice starts."""
    return line_reason(line) is not None or (len(line) <= _SHORT and "。" not in line)


def footer_starts(line: str) -> bool:
    """True when this line, after the body, opens the page footer."""
    return line_reason(line) in _FOOTER_REASONS


def footer_reason(line: str) -> str:
    """Why a footer line is dropped (``page-footer`` when no cue names it)."""
    return line_reason(line) or "page-footer"
