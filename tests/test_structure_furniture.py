"""Web furniture around and inside a notice's title block is dropped with a reason.

By general cues (a news preface ending ``消息:``, a site's tagline, ``今天…给大家分享``,
``字体: 大 中 小``, ``打印本页``, ``关闭窗口``, ``分享到``), never by naming a site; in both
scripts and both punctuation widths. Text inside a node is never dropped.
"""
from __future__ import annotations

import pytest
from test_structure_front import VARIANTS

from ipcli.model import rebuild_text
from ipcli.parse import boilerplate
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize

NEWS = """\
首页 > 新闻中心 > 地方动态
字体：大 中 小　打印本页　关闭窗口
某某日报消息：近日，某某省知识产权局印发《关于加强专利代理行业监管的通知》，部署专项整治。
今天，小编给大家分享通知全文：
某某省知识产权局关于加强专利代理行业监管的通知
某知发〔2023〕11号
各设区市知识产权局：
为规范专利代理行为，现就有关事项通知如下。
一、加强日常监管
（一）开展专项检查。各地要把分享代理机构信息作为监管重点。
二、严厉打击违法行为
某某省知识产权局
2023年6月1日
分享到：微信 微博
【打印本页】【关闭窗口】
"""


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_news_page_keeps_only_the_notice(variant):
    text = VARIANTS[variant](NEWS)
    doc = parse_text(text, "news")
    assert [(d.lines, d.reason) for d in doc.dropped] == [
        ((1, 1), "breadcrumb"), ((2, 2), "post-info"), ((3, 3), "news-preface"),
        ((4, 4), "preface"), ((14, 15), "share-links")]
    assert (doc.meta.notice_title, doc.meta.doc_number, doc.meta.date) == (
        "某某省知识产权局关于加强专利代理行业监管的通知", "某知发〔2023〕11号", "2023-06-01")
    assert [n.kind for n in doc.walk()] == ["front", "paragraph", "section", "subsection",
                                            "section", "back"]
    assert "分享代理机构信息" in doc.find("1.1").text  # a body sentence stays in its node
    assert rebuild_text(doc) == punctuate(normalize(text).text)


WIKI = """\
跳至内容
某某市人民政府关于印发某某市知识产权强市建设纲要的通知
维基文库，自由的图书馆
某某市人民政府关于印发某某市知识产权强市建设纲要的通知
某府〔2021〕9号
2021年8月30日
发布机关：某某市人民政府
某某市人民政府关于印发某某市知识产权强市建设纲要的通知
某府〔2021〕9号
各区人民政府，市政府各部门：
现将《某某市知识产权强市建设纲要》印发给你们，请认真贯彻执行。
某某市人民政府
2021年8月30日
某某市知识产权强市建设纲要
一、总体要求
本作品是中华人民共和国的法律法规，属于公有领域。
"""


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_wiki_copy_drops_the_banner_and_the_page_title(variant):
    text = VARIANTS[variant](WIKI)
    doc = parse_text(text, "wiki")
    assert [(d.lines, d.reason) for d in doc.dropped] == [
        ((1, 1), "site-navigation"), ((2, 2), "page-title"), ((3, 3), "site-banner"),
        ((4, 4), "page-title"), ((5, 7), "metadata"), ((16, 16), "licence")]
    front = doc.nodes[0]
    assert front.kind == "front" and front.lines == (8, 14)
    meta = doc.meta
    assert (meta.title, meta.notice_title) == (
        "某某市知识产权强市建设纲要", "某某市人民政府关于印发某某市知识产权强市建设纲要的通知")
    assert (meta.doc_number, meta.date, meta.issuer) == ("某府〔2021〕9号", "2021-08-30", "某某市人民政府")


def test_furniture_inside_the_title_block_splits_the_front_without_losing_a_line():
    text = ("某某区市场监督管理局关于开展地理标志保护专项行动的通知\n发布时间：2023-07-03　来源：区市场监管局\n"
            "字体：【大】【中】【小】\n某市监〔2023〕21号\n各街道市场监管所：\n现将有关事项通知如下。\n一、工作目标")
    doc = parse_text(text, "n")
    assert [(n.id, n.lines) for n in doc.nodes if n.kind == "front"] == [("front", (1, 1)),
                                                                          ("front~2", (4, 5))]
    assert [(d.lines, d.reason) for d in doc.dropped] == [((2, 2), "metadata"), ((3, 3), "post-info")]
    assert (doc.meta.published, doc.meta.doc_number) == ("2023-07-03", "某市监〔2023〕21号")
    assert rebuild_text(doc) == punctuate(normalize(text).text)


@pytest.mark.parametrize("line, reason", [
    ("IPRdaily消息:近日,国家知识产权局发布通知。", "news-preface"),
    ("本报讯:记者从市知识产权局获悉", "news-preface"),
    ("维基文库,自由的图书馆", "site-banner"),
    ("维基百科,自由的百科全书", "site-banner"),
    ("今天,乐知网律师 给大家分享:《知识产权保护中心管理办法》讲解", "preface"),
    ("本期为大家整理了2023年知识产权政策汇编", "preface"),
    ("字体:大中小", "post-info"),
    ("【大】【中】【小】", "post-info"),
    ("大 中 小", "post-info"),
    ("打印本页", "share-links"),
    ("【打印本页】【关闭窗口】", "share-links"),
    ("关闭窗口", "share-links"),
    ("分享到:微信 微博", "share-links"),
    ("扫一扫在手机打开当前页", "share-links"),
    ("索引号:000014349/2023-00012 发布机构:某某区人民政府", "metadata"),
])
def test_cues(line, reason):
    assert boilerplate.line_reason(line) == reason


@pytest.mark.parametrize("line", [
    "为深入贯彻落实,现将有关情况向大家通报如下。", "各地要及时分享典型案例。", "关闭违规代理机构12家。",
    "文号管理工作由办公室负责。", "大力推进知识产权强省建设。", "中小企业知识产权托管服务。",
    "新华社北京10月19日电 近日,国务院办公厅印发《专利转化运用专项行动方案》。",  # a news lead is content
    "推广扫码维权等便民服务。",
])
def test_sentences_are_not_furniture(line):
    assert boilerplate.line_reason(line) is None
