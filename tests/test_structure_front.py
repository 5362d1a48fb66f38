"""Front matter of notices from any government site: titles, 文号, dates, metadata blocks.

Each fixture is written in the style of a real page (provincial, city and district
governments, the State Council, a news site, a wiki) and checked as printed, in
Traditional characters, with the other punctuation width, and both: the exact
title, notice_title, doc_number, doc_number_raw, date, published and year, and the
kinds of the nodes.
"""
from __future__ import annotations

import pytest
from opencc import OpenCC

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize
from ipcli.text.script import to_simplified

_FULL, _HALF = "（）：，；！？", "():,;!?"
_TO_HALF, _TO_FULL = str.maketrans(_FULL, _HALF), str.maketrans(_HALF, _FULL)


def traditional(text: str) -> str:
    converted = OpenCC("s2t").convert(text)
    assert to_simplified(converted) == text  # the fixture survives the round trip
    return converted


def other_width(text: str) -> str:
    """Full-width punctuation becomes half-width if the text has any, else the reverse."""
    return text.translate(_TO_HALF) if any(c in text for c in _FULL) else text.translate(_TO_FULL)


VARIANTS = {"as-printed": lambda t: t, "traditional": traditional, "other-width": other_width,
            "traditional-other-width": lambda t: traditional(other_width(t))}


def check(text: str, expected: dict, kinds: list[str]):
    for name, variant in VARIANTS.items():
        doc = parse_text(variant(text), "fixture")
        meta = doc.meta.to_dict()
        assert {k: meta[k] for k in expected} == expected, name
        assert [n.kind for n in doc.walk()] == kinds, name
        assert rebuild_text(doc) == punctuate(normalize(variant(text)).text), name
    return parse_text(text, "fixture")


# A provincial opinion whose title wraps over two lines ---------------------------------------
PROVINCE = """\
首页 > 政务公开 > 政策文件
某某省人民政府关于落实《政府工作报告》
重点工作分工的实施意见
某政发〔2023〕5号
各市、县（市、区）人民政府，省政府各部门、各直属机构：
为全面落实省十四届人大一次会议审议通过的《政府工作报告》，现就重点工作分工提出如下意见。
一、总体要求
（一）指导思想。坚持稳中求进工作总基调。（省发展改革委牵头）
二、重点任务
（一）加强知识产权保护。（省知识产权局负责）
某某省人民政府
2023年2月20日
（此件公开发布）
"""


def test_a_title_wrapped_over_two_lines_then_the_number_and_addressees():
    doc = check(PROVINCE, {
        "title": "某某省人民政府关于落实《政府工作报告》重点工作分工的实施意见",
        "notice_title": None, "doc_number": "某政发〔2023〕5号", "doc_number_raw": "某政发〔2023〕5号",
        "date": "2023-02-20", "published": None, "year": 2023, "issuer": "某某省人民政府",
        "recipients": ["各市、县（市、区）人民政府", "省政府各部门、各直属机构"]},
        ["front", "paragraph", "section", "subsection", "section", "subsection", "back"])
    assert doc.nodes[0].lines == (2, 5)


@pytest.mark.parametrize("title_lines, title", [
    (["国务院关于印发“十四五”国家知识产权保护和运用规划", "的通知"],
     "国务院关于印发“十四五”国家知识产权保护和运用规划的通知"),
    (["某某市人民政府办公厅关于印发某某市知识产权", "强市建设实施方案的通知"],
     "某某市人民政府办公厅关于印发某某市知识产权强市建设实施方案的通知"),
    (["某某自治区人民政府办公厅关于印发", "某某自治区知识产权保护和运用", "“十四五”规划的通知"],
     "某某自治区人民政府办公厅关于印发某某自治区知识产权保护和运用“十四五”规划的通知"),
])
def test_titles_wrapped_over_up_to_three_lines(title_lines, title):
    text = "\n".join([*title_lines, "某府办〔2021〕12号", "各有关单位：", "现印发给你们，请认真贯彻执行。",
                      "一、总体要求"])
    doc = parse_text(text, "n")
    assert (doc.meta.notice_title, doc.meta.doc_number) == (title, "某府办〔2021〕12号")
    assert doc.meta.recipients == ["各有关单位"]


def test_a_complete_title_is_not_joined_with_the_issuer_below_it():
    doc = parse_text("国家知识产权局关于印发《专利转化运用专项行动方案》的通知\n国家知识产权局\n"
                     "2023年10月17日\n现印发给你们。\n一、总体要求", "n")
    assert doc.meta.notice_title == "国家知识产权局关于印发《专利转化运用专项行动方案》的通知"
    assert doc.meta.title == "专利转化运用专项行动方案" and doc.meta.date == "2023-10-17"


# A city notice under a metadata block, with a site prefix and its own title ------------------
CITY = """\
索引号: 11440100/2023-00123 发布机构: 某某市人民政府办公厅 文号: 某府办规〔2023〕7号 成文日期: 2023-05-17 发布日期: 2023-05-19
【规范性文件】某某市人民政府办公厅关于印发某某市专利转化运用
专项行动实施方案的通知
某府办规〔2023〕7号
各区人民政府,市政府各部门、各直属机构:
《某某市专利转化运用专项行动实施方案》已经市人民政府同意,现印发给你们,请认真组织实施。
某某市人民政府办公厅
2023年5月17日
某某市专利转化运用专项行动实施方案
为贯彻落实国家专利转化运用专项行动部署,制定本方案。
一、工作目标
二、重点任务
(一)梳理盘活存量专利。(市知识产权局牵头,市教育局、市科技局配合)
字体: 大 中 小 打印本页 关闭窗口
"""


def test_wrapper_and_own_title_under_a_metadata_block_with_a_site_prefix():
    doc = check(CITY, {
        "title": "某某市专利转化运用专项行动实施方案",
        "notice_title": "某某市人民政府办公厅关于印发某某市专利转化运用专项行动实施方案的通知",
        "doc_number": "某府办规〔2023〕7号", "doc_number_raw": "某府办规〔2023〕7号",
        "date": "2023-05-17", "published": "2023-05-19", "year": 2023,
        "issuer": "某某市人民政府办公厅"},
        ["front", "paragraph", "section", "section", "subsection"])
    lines = punctuate(normalize(CITY).text).split("\n")
    assert [(d.lines, d.reason, d.text) for d in doc.dropped] == [
        ((1, 1), "metadata", lines[0]), ((2, 2), "site-prefix", "【规范性文件】"),
        ((14, 14), "post-info", lines[-1])]
    assert lines[-1] == "字体：大中小打印本页 关闭窗口"  # as printed (spaces between CJK closed up)
    assert doc.nodes[0].text.startswith("某某市人民政府办公厅关于印发") and doc.nodes[0].lines == (2, 9)


# A district opinion under a | table, with a spaced number --------------------------------------
DISTRICT = """\
| 索引号 | 11440106/2019-00031 | 发布机构 | 某某区人民政府 |
| 标题 | 某某区人民政府关于加强知识产权保护工作的意见 |
| 文号 | 某政字 〔2019〕 31号 | 成文日期 | 2019年08月12日 |
| 发布日期 | 2019年08月15日 |
某某区人民政府关于加强知识产权保护工作的意见
某政字 〔2019〕 31号
各街道办事处，区政府各部门：
为加强知识产权保护，优化营商环境，提出如下意见。
一、总体要求
二、主要措施
（一）健全保护体系。（区市场监管局负责）
"""


def test_a_table_of_metadata_gives_the_dates_and_a_spaced_number():
    doc = check(DISTRICT, {
        "title": "某某区人民政府关于加强知识产权保护工作的意见", "notice_title": None,
        "doc_number": "某政字〔2019〕31号", "doc_number_raw": "某政字 〔2019〕 31号",
        "date": "2019-08-12", "published": "2019-08-15", "year": 2019, "issuer": "某某区人民政府",
        "recipients": ["各街道办事处", "区政府各部门"]},
        ["front", "paragraph", "section", "section", "subsection"])
    assert [(d.lines, d.reason) for d in doc.dropped] == [((1, 4), "metadata")]


@pytest.mark.parametrize("label", ["标题", "发文标题", "名称", "文件名称"])
def test_a_labelled_title_in_a_metadata_block(label):
    doc = parse_text(f"{label}：某某市知识产权局关于开展2023年知识产权宣传周活动的通知\n"
                     "发布机构：某某市知识产权局　成文日期：2023年04月06日\n"
                     "为做好宣传周工作，现将有关事项通知如下。\n一、活动主题", "n")
    meta = doc.meta
    assert meta.title == meta.notice_title == "某某市知识产权局关于开展2023年知识产权宣传周活动的通知"
    assert (meta.issuer, meta.date, meta.year) == ("某某市知识产权局", "2023-04-06", 2023)
    assert [(d.lines, d.reason) for d in doc.dropped] == [((1, 2), "metadata")]


def test_a_metadata_title_label_fills_a_missing_title():
    doc = parse_text("标题：关于开展2023年知识产权宣传周活动的通知\n发布日期：2023-04-10\n"
                     "为做好宣传周工作，现将有关事项通知如下。\n一、活动主题", "n")
    assert doc.meta.title == doc.meta.notice_title == "关于开展2023年知识产权宣传周活动的通知"
    assert (doc.meta.published, doc.meta.year) == ("2023-04-10", 2023)


def test_a_metadata_title_that_is_the_wrapper_of_the_printed_title():
    doc = parse_text("发文标题：某某市人民政府关于印发某某市知识产权保护条例实施细则的通知\n"
                     "某某市知识产权保护条例实施细则\n第一条 为了实施条例，制定本细则。", "n")
    assert doc.meta.notice_title == "某某市人民政府关于印发某某市知识产权保护条例实施细则的通知"
    assert doc.meta.title == "某某市知识产权保护条例实施细则"


# The State Council: the number in brackets on its own line, a date with ○ ---------------------
STATE_COUNCIL = """\
国务院办公厅关于加快推进知识产权强国建设的若干意见
（国办发〔2022〕30号）
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为深入实施知识产权强国战略，经国务院同意，现提出以下意见。
一、完善知识产权制度
（一）健全法律法规。（司法部、国家知识产权局按职责分工负责）
国务院办公厅
二○二二年九月十五日
（此件公开发布）
"""


def test_state_council_number_in_brackets_and_a_chinese_numeral_date():
    check(STATE_COUNCIL, {
        "title": "国务院办公厅关于加快推进知识产权强国建设的若干意见", "notice_title": None,
        "doc_number": "国办发〔2022〕30号", "doc_number_raw": "国办发〔2022〕30号",
        "date": "2022-09-15", "published": None, "year": 2022, "issuer": "国务院办公厅"},
        ["front", "paragraph", "section", "subsection", "back"])


@pytest.mark.parametrize("printed, normalised", [
    ("某政字 〔2019〕 31号", "某政字〔2019〕31号"), ("某政发[2018]12号", "某政发〔2018〕12号"),
    ("（国办发〔2022〕30号）", "国办发〔2022〕30号"), ("京知局发(2023)第5号", "京知局发〔2023〕5号"),
    ("粤知【2021】008号", "粤知〔2021〕8号"), ("某府函［2020］ 45 号", "某府函〔2020〕45号"),
])
def test_every_printed_form_of_a_number_is_normalised(printed, normalised):
    doc = parse_text(f"关于做好专利资助工作的通知\n{printed}\n各区知识产权局：\n特此通知。", "n")
    assert doc.meta.doc_number == normalised
    assert doc.meta.doc_number_raw == punctuate(normalize(printed).lines[0]).strip("()（）")


# Dates ------------------------------------------------------------------------------------
REGULATION_NOTICE = """\
某某市人民政府关于印发某某市专利资助办法的通知
某政发〔2011〕3号 2011年2月9日
各区、县人民政府，市政府各委、办、局：
现将《某某市专利资助办法》印发给你们，请遵照执行。
某某市专利资助办法
第一条 为鼓励发明创造，制定本办法。
第二条 本办法自发布之日起施行。
"""


def test_a_date_on_the_line_of_the_number_and_the_document_after_its_wrapper():
    check(REGULATION_NOTICE, {
        "title": "某某市专利资助办法", "notice_title": "某某市人民政府关于印发某某市专利资助办法的通知",
        "doc_number": "某政发〔2011〕3号", "date": "2011-02-09", "year": 2011},
        ["front", "article", "article"])


REPORT = """\
政府工作报告
——2023年1月9日在某某市第十六届人民代表大会第二次会议上
某某市市长 张三
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。
一、2022年工作回顾
二、2023年工作安排
（一）强化知识产权保护。
"""


def test_a_delivery_date_line_under_a_report():
    doc = check(REPORT, {"title": "政府工作报告", "notice_title": None, "doc_number": None,
                         "date": "2023-01-09", "published": None, "year": 2023,
                         "recipients": ["各位代表"]},
                ["front", "paragraph", "section", "section", "subsection"])
    assert doc.nodes[0].lines == (1, 4)


@pytest.mark.parametrize("line, date", [
    ("——二〇二三年一月五日在某某省第十四届人民代表大会第一次会议上", "2023-01-05"),
    ("——二○○八年五月二十日在全省知识产权工作会议上的讲话", "2008-05-20"),
    ("—2019年12月31日在某某区第三届人民代表大会第五次会议上", "2019-12-31"),
])
def test_delivery_dates_in_every_form(line, date):
    doc = parse_text(f"在全省知识产权工作会议上的讲话\n{line}\n同志们：\n今天召开会议。\n一、成绩", "n")
    assert doc.meta.date == date and doc.meta.year == int(date[:4])


def test_a_regulation_adoption_date_and_publication_date_labels():
    doc = parse_text("某某市专利资助管理办法\n（2019年5月10日市人民政府第23次常务会议通过）\n"
                     "第一章 总则\n第一条 为了鼓励发明创造，制定本办法。", "n")
    assert (doc.meta.title, doc.meta.date, doc.meta.year) == ("某某市专利资助管理办法", "2019-05-10", 2019)
    labelled = parse_text("成文日期：二〇二三年三月一日 发布日期：2023年03月06日\n"
                          "关于开展专利导航工作的通知\n各单位：\n现将有关事项通知如下。", "n")
    assert (labelled.meta.date, labelled.meta.published) == ("2023-03-01", "2023-03-06")


# Site prefixes ---------------------------------------------------------------------------
@pytest.mark.parametrize("prefix, title", [
    ("【规范性文件】", "某某市人民政府办公厅关于印发某某市知识产权质押融资管理办法的通知"),
    ("政务服务丨", "某某市人民政府关于进一步优化知识产权公共服务的通知"),
    ("（某某省）", "某某市知识产权保护和运用规划（2021—2025年）"),
    ("通知公告 | ", "某某县市场监督管理局关于开展商标代理行业专项整治的通知"),
])
def test_site_prefixes_are_dropped_from_the_title(prefix, title):
    text = f"{prefix}{title}\n各有关单位：\n现将有关事项通知如下。\n一、工作目标"
    doc = parse_text(text, "n")
    clean, line = (punctuate(normalize(t).lines[0]) for t in (title, text))
    assert clean in (doc.meta.title, doc.meta.notice_title)
    entry, = [d for d in doc.dropped if d.reason == "site-prefix"]
    assert entry.lines == (1, 1) and entry.text + clean == line
    assert doc.nodes[0].text.startswith(clean) and doc.nodes[0].lines[0] == 1
    assert rebuild_text(doc) == punctuate(normalize(text).text)


def test_keep_script_restores_a_wrapped_title_and_the_number():
    text = traditional(PROVINCE)
    assert text.count("某政發〔2023〕5號") == 1
    doc = parse_text(text.replace("某政發〔2023〕5號", "某政發[2023]5號"), "t", keep_script=True)
    assert doc.meta.title == "某某省人民政府關於落實《政府工作報告》重點工作分工的實施意見"
    assert (doc.meta.doc_number, doc.meta.doc_number_raw) == ("某政發〔2023〕5號", "某政發[2023]5號")


def test_a_space_inside_a_book_title_does_not_cut_it():
    text = ("某某市人民政府关于印发《某某市知识产权 强市建设纲要（2021—2035年）》的通知\n某府〔2021〕9号\n"
            "各区人民政府：\n现印发给你们。\n某某市知识产权 强市建设纲要（2021—2035年）\n"
            "一、学习《中华人民共和国 专利法》 全面提升保护水平\n（一）贯彻《知识产权 强国建设纲要》。加强保护。")
    doc = parse_text(text, "n")
    assert doc.meta.title == "某某市知识产权 强市建设纲要（2021—2035年）"
    assert [n.title for n in doc.walk() if n.kind != "front"] == [
        "学习《中华人民共和国 专利法》", "贯彻《知识产权 强国建设纲要》"]


@pytest.mark.parametrize("title_lines, title", [
    (["国务院办公厅", "关于印发知识产权强国建设纲要和“十四五”规划实施年度推进计划的通知"],
     "国务院办公厅关于印发知识产权强国建设纲要和“十四五”规划实施年度推进计划的通知"),
    (["某某市人民政府办公厅关于转发", "省政府办公厅关于加强专利保护工作的通知的通知"],
     "某某市人民政府办公厅关于转发省政府办公厅关于加强专利保护工作的通知的通知"),
    (["国家知识产权局印发", "《关于进一步加强知识产权维权援助工作的指导意见》的通知"],
     "国家知识产权局印发《关于进一步加强知识产权维权援助工作的指导意见》的通知"),
])
def test_where_official_titles_break(title_lines, title):
    doc = parse_text("\n".join([*title_lines, "国知发〔2022〕23号", "各有关单位：", "现印发给你们。"]), "n")
    assert doc.meta.notice_title == title and doc.nodes[0].lines[0] == 1


@pytest.mark.parametrize("above", [
    "关于开展专利转化专项行动的通知_某某市人民政府门户网站",   # the page's <title> with the site's name
    "某某市人民政府门户网站",
    "首页 机构概况 政务公开 政务服务 互动交流",
    "通知公告",
])
def test_a_line_above_the_title_is_not_joined_to_it(above):
    doc = parse_text(f"{above}\n某某市人民政府关于开展专利转化专项行动的通知\n某府〔2023〕1号\n各区人民政府：\n"
                     "现将有关事项通知如下。\n一、工作目标", "n")
    assert doc.meta.notice_title == "某某市人民政府关于开展专利转化专项行动的通知"
    assert doc.dropped[0].lines == (1, 1) and doc.nodes[0].lines == (2, 4)


def test_the_own_title_wrapped_below_its_wrapper_closes_the_front():
    doc = parse_text("某某市人民政府关于印发某某市知识产权强市建设实施方案的通知\n某府〔2022〕3号\n各区人民政府：\n"
                     "现印发给你们，请认真贯彻执行。\n某某市人民政府\n2022年3月1日\n某某市知识产权强市建设\n实施方案\n"
                     "为加快建设知识产权强市，制定本方案。\n一、总体要求", "n")
    assert doc.meta.title == "某某市知识产权强市建设实施方案"
    assert doc.nodes[0].lines == (1, 8) and [n.kind for n in doc.nodes] == ["front", "paragraph", "section"]


def test_a_speech_dated_in_brackets():
    doc = parse_text("在全市知识产权工作会议上的讲话\n（2023年3月1日）\n同志们：\n今天我们召开会议。\n一、成绩", "n")
    assert (doc.meta.title, doc.meta.date, doc.meta.year) == ("在全市知识产权工作会议上的讲话", "2023-03-01", 2023)


COUNTY_PAGE = """\
网站首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流
当前位置：首页 > 政务公开 > 政策文件 > 市政府办公室文件
某某市人民政府办公室关于印发某某市加快推进
知识产权强市建设若干措施的通知
信息来源：市政府办公室　发布时间：2022-11-08 10:30　浏览次数：1234
某府办发〔2022〕45号
各县（市、区）人民政府，市直各单位：
《某某市加快推进知识产权强市建设若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
某某市人民政府办公室
2022年11月4日
（此件公开发布）
某某市加快推进知识产权强市建设若干措施
为深入贯彻落实《知识产权强国建设纲要（2021—2035年）》，加快推进知识产权强市建设，制定以下措施。
一、提升知识产权创造质量
1.加大高价值专利培育力度。对获得中国专利金奖的，给予100万元奖励。（责任单位：市市场监管局）
2.支持企业海外布局。
二、加强知识产权保护
3.建设知识产权保护中心。
附件：1.某某市知识产权资助标准
2.申报材料清单
相关附件：
扫一扫在手机打开当前页
【打印本页】【关闭窗口】
主办：某某市人民政府办公室　承办：某某市大数据中心
网站标识码：1234567890　某ICP备12345678号
"""


def test_a_whole_city_page():
    doc = check(COUNTY_PAGE, {
        "title": "某某市加快推进知识产权强市建设若干措施",
        "notice_title": "某某市人民政府办公室关于印发某某市加快推进知识产权强市建设若干措施的通知",
        "doc_number": "某府办发〔2022〕45号", "date": "2022-11-04", "published": "2022-11-08",
        "year": 2022, "issuer": "某某市人民政府办公室", "origin": "市政府办公室",
        "attachments": ["某某市知识产权资助标准", "申报材料清单"]},
        ["front", "front", "paragraph", "section", "item", "item", "section", "item", "back"])
    assert [(d.lines, d.reason) for d in doc.dropped] == [
        ((1, 1), "site-header"), ((2, 2), "breadcrumb"), ((5, 5), "post-info"),
        ((22, 23), "share-links"), ((24, 24), "page-footer"), ((25, 25), "disclaimer")]


@pytest.mark.parametrize("text", [
    "通知公告\n" * 3000,                                             # short titles, one above another
    "某某市人民政府关于印发某某方案的通知\n" * 3000,                    # a title repeated (page-title copies)
    "某某市人民政府关于印发某某方案的通知\n某府〔2023〕1号\n" * 1500,
    "关于印发\n" * 3000,                                              # titles left open forever
    "【规范性文件】\n" * 1000 + "【规范性文件】某某市人民政府关于印发某某方案的通知",
])
def test_title_rules_on_pathological_pages(text):
    doc = parse_text(text, "n")
    assert not [w for w in doc.warnings if w.code == "internal-error"]
    assert rebuild_text(doc) == punctuate(normalize(text).text)


DISTRICT_HTML = """\
<html><head><title>某某区人民政府关于印发某某区知识产权保护若干措施的通知_某某区人民政府门户网站</title></head>
<body>
<div class="nav">首页 &gt; 政务公开 &gt; 政策文件</div>
<table class="xxgk">
<tr><td>索引号：</td><td>11440106/2023-00031</td><td>发布机构：</td><td>某某区人民政府</td></tr>
<tr><td>文号：</td><td>某府〔2023〕7号</td><td>成文日期：</td><td>2023年05月17日</td></tr>
<tr><td>标题：</td><td colspan="3">某某区人民政府关于印发某某区知识产权保护若干措施的通知</td></tr>
<tr><td>发布日期：</td><td>2023年05月19日</td><td>有效性：</td><td>有效</td></tr>
</table>
<h1>某某区人民政府关于印发某某区知识产权保护若干措施的通知</h1>
<p>某府〔2023〕7号</p>
<p>各街道办事处，区政府各部门：</p>
<p>现将《某某区知识产权保护若干措施》印发给你们，请认真贯彻执行。</p>
<p>某某区人民政府</p>
<p>2023年5月17日</p>
<p>某某区知识产权保护若干措施</p>
<p>一、加强行政保护</p>
<p>（一）开展专项行动。（区市场监管局负责）</p>
<p>【打印本页】【关闭窗口】</p>
</body></html>
"""


@pytest.mark.parametrize("variant", ["as-printed", "traditional"])
def test_a_metadata_block_printed_as_an_html_table(tmp_path, variant):
    """The site's 索引号/文号/成文日期/发布日期 table is read as metadata, not held as a task table."""
    from ipcli.parse.parser import parse_file
    path = tmp_path / "notice.html"
    path.write_text(VARIANTS[variant](DISTRICT_HTML), encoding="utf-8")
    doc = parse_file(path)
    meta = doc.meta
    assert (meta.title, meta.notice_title) == (
        "某某区知识产权保护若干措施", "某某区人民政府关于印发某某区知识产权保护若干措施的通知")
    assert (meta.doc_number, meta.date, meta.published, meta.issuer) == (
        "某府〔2023〕7号", "2023-05-17", "2023-05-19", "某某区人民政府")
    assert [n.kind for n in doc.walk()] == ["front", "section", "subsection"]
    assert [(d.lines, d.reason) for d in doc.dropped] == [
        ((1, 1), "site-header"), ((3, 3), "breadcrumb"), ((5, 8), "metadata"),
        ((19, 19), "share-links")]


@pytest.mark.parametrize("title", ["某市2023年知识产权工作安排", "某市知识产权局关于2023年度专利资助拟资助项目的公示",
                                   "某市知识产权保护协会章程", "某省专利导航服务导则"])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_titles_of_every_document_type_are_kept_with_their_date(title, name):
    """QA: a title ending 工作安排 was dropped as a site header, and its date with it."""
    doc = parse_text(VARIANTS[name](f"{title}\n2023年1月5日\n一、重点任务\n（一）开展维权援助。"
                                     "（市知识产权局负责）\n"), "n")
    assert (to_simplified(doc.meta.title or ""), doc.meta.date) == (title, "2023-01-05"), name
    assert not doc.dropped, name


@pytest.mark.parametrize("line", [
    "发布时间：2024-03-05   来源：保护司",           # spaces (lost in normalising)
    "发布时间：2024-03-05\u3000\u3000来源：保护司",  # ideographic spaces
    "發佈時間:2024-03-05 來源:保護司",               # Traditional, half-width colons
    "发布时间：2024-03-05来源：保护司 浏览次数：12",  # glued, and a counter after it
    "发布时间：2024-03-05来源：保护司浏览次数：12",   # the counter glued too
    "发布时间：2024-03-05 来源：保护司 【字体：大 中 小】",
    "发布时间：2024-03-05 来源：保护司【打印】【关闭】",
    "发布时间：2024-03-05 来源：保护司 [打印本页] [关闭窗口]",
    "发布时间：2024-03-05 来源：保护司 | 浏览次数：12",
    "|发布时间|2024-03-05|来源|保护司|",
])
def test_a_source_after_the_posting_date_is_the_origin(line):
    doc = parse_text(f"关于做好知识产权保护工作的通知\n{line}\n一、总体要求\n（一）加强保护。（保护司负责）\n")
    assert doc.meta.published == "2024-03-05"
    assert doc.meta.origin == "保护司"
    assert [d.reason for d in doc.dropped] == ["metadata"]


def test_a_data_source_is_no_origin():
    doc = parse_text("关于做好知识产权统计工作的通知\n发布时间：2024-03-05 数据来源：国家统计局\n"
                     "一、总体要求\n（一）加强统计。（保护司负责）\n")
    assert doc.meta.published == "2024-03-05" and doc.meta.origin is None
