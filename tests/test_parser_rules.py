"""Parser rules on constructed notices: marker styles, levels, numbering, front matter."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.parse.rules import cn_to_int, heading_title, split_markers
from ipcli.text.normalize import normalize

NOTICE = """\
首页 > 政策 > 通知
江苏省人民政府关于印发《江苏省知识产权强省建设实施方案》的通知
苏政发〔2022〕7号
各市、县(市、区)人民政府,省各委办厅局,省各直属单位:
现将《江苏省知识产权强省建设实施方案》印发给你们,请认真贯彻落实。
附件:1.任务分工表
2.重点项目清单
江苏省人民政府
二〇二二年三月五日
(此件公开发布)
江苏省知识产权强省建设实施方案
为加快建设知识产权强省,制定本方案。
{body}
来源:江苏省人民政府网站
上一篇
"""


def doc_of(body: str):
    return parse_text(NOTICE.format(body=body), "constructed")


def kinds(doc) -> list[tuple]:
    return [(n.kind, n.number) for n in doc.walk() if n.kind not in ("front", "paragraph", "back")]


# Front matter ------------------------------------------------------------------------
def test_front_matter_of_a_provincial_notice():
    doc = doc_of("一、总体要求\n(一)指导思想。坚持创新。")
    meta = doc.meta
    assert meta.notice_title == "江苏省人民政府关于印发《江苏省知识产权强省建设实施方案》的通知"
    assert meta.title == "江苏省知识产权强省建设实施方案"
    assert meta.doc_number == "苏政发〔2022〕7号"
    assert meta.issuer == "江苏省人民政府"
    assert meta.date == "2022-03-05" and meta.year == 2022
    assert meta.recipients == ["各市、县（市、区）人民政府", "省各委办厅局", "省各直属单位"]
    assert meta.attachments == ["任务分工表", "重点项目清单"]
    assert meta.origin == "江苏省人民政府网站"
    assert [d.reason for d in doc.dropped] == ["breadcrumb", "source", "site-navigation"]
    assert doc.nodes[0].kind == "front" and doc.nodes[1].kind == "paragraph"


@pytest.mark.parametrize("number, normalised, printed", [
    ("国发〔2021〕20号", "国发〔2021〕20号", "国发〔2021〕20号"),
    ("国知战联办〔2021〕15号", "国知战联办〔2021〕15号", "国知战联办〔2021〕15号"),
    ("国知发运字[2020]13号", "国知发运字〔2020〕13号", "国知发运字[2020]13号"),
    ("京知局发(2023)第5号", "京知局发〔2023〕5号", "京知局发（2023）第5号"),  # brackets in Chinese text
    ("粤府办〔2019〕 3号", "粤府办〔2019〕3号", "粤府办〔2019〕 3号")])
def test_document_numbers(number, normalised, printed):
    doc = parse_text(f"关于做好某项工作的通知\n{number}\n各单位:\n特此通知。", "n")
    assert (doc.meta.doc_number, doc.meta.doc_number_raw) == (normalised, printed)


# Marker styles ---------------------------------------------------------------------------
@pytest.mark.parametrize("item", ["1.", "1．", "1、", "1。", "⒈"])
@pytest.mark.parametrize("sub", ["(一)", "（一）", "㈠"])
@pytest.mark.parametrize("subitem", ["(1)", "（1）", "①", "⑴", "1)", "1）"])
def test_every_marker_style_nests(item, sub, subitem):
    body = (f"一、完善制度\n{sub}完善法规。加强立法。\n{item}推进修订专利法。\n"
            f"{subitem}研究论证。\n——开展评估。\n二、强化保护")
    doc = doc_of(body)
    assert kinds(doc) == [("section", 1), ("subsection", 1), ("item", 1), ("subitem", 1),
                          ("bullet", None), ("section", 2)]
    assert [n.id for n in doc.walk() if n.kind not in ("front", "paragraph", "back")] == [
        "1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.1.b1", "2"]


def test_skipped_levels_and_run_on_numbering():
    doc = doc_of("一、甲\n1.一\n2.二\n二、乙\n3.三\n(一)丙\n4.四")
    assert [n.id for n in doc.walk() if n.kind == "item"] == ["1.1", "1.2", "2.3", "2.1.4"]
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_numbering_restarts_under_new_parent():
    doc = doc_of("一、甲\n(一)a\n(二)b\n二、乙\n(一)c\n(二)d\n三、丙\n(三)e")
    assert [n.id for n in doc.walk() if n.kind == "subsection"] == ["1.1", "1.2", "2.1", "2.2", "3.3"]
    assert not doc.warnings


@pytest.mark.parametrize("body, code", [
    ("一、甲\n二、乙\n四、丁", "numbering-gap"),
    ("一、甲\n二、乙\n二、乙", "numbering-duplicate"),
    ("一、甲\n1.a\n2.b\n3.c\n1.x\n5.y", "numbering-gap"),
    ("一、甲\n1.a\n3.c\n2.b", "numbering-order"),
])
def test_numbering_problems_are_warnings(body, code):
    doc = doc_of(body)
    assert code in [w.code for w in doc.warnings]
    ids = [n.id for n in doc.walk()]
    assert len(ids) == len(set(ids))


def test_duplicate_numbers_get_unique_ids():
    doc = doc_of("一、甲\n一、甲\n一、甲")
    assert [n.id for n in doc.nodes if n.kind == "section"] == ["1", "1~2", "1~3"]


def test_inline_markers_on_one_line():
    doc = doc_of("一、完善知识产权制度 (一)完善知识产权法律法规规章 1。推进修订专利法。\n继续研究。\n"
                 "(二)改革完善重大政策 2。研究制定方案。")
    assert kinds(doc) == [("section", 1), ("subsection", 1), ("item", 1), ("subsection", 2),
                          ("item", 2)]
    item = doc.find("1.1.1")
    assert item.text == "推进修订专利法。\n继续研究。"


def test_numbers_inside_running_text_are_not_markers():
    doc = doc_of("一、甲\n增长1.5倍,达到2020年水平,见第(一)项。")
    assert kinds(doc) == [("section", 1)]


def test_parts_restart_numbering():
    body = ("《甲办法》讲解\n介绍甲。\n一、背景\n二、内容\n"
            "《乙指引》解读\n一、背景\n(一)缘起\n1.说明\n")
    doc = doc_of(body)
    parts = [n for n in doc.nodes if n.kind == "part"]
    assert [p.id for p in parts] == ["p1", "p2"]
    assert [c.id for c in parts[1].walk()][1:] == ["p2/1", "p2/1.1", "p2/1.1.1"]
    assert not doc.warnings


@pytest.mark.parametrize("text, title", [
    ("指导思想。坚持以…", "指导思想"),
    ("服务主体 知识产权信息公共服务的", "服务主体"),
    ("总体要求", "总体要求"),
    ("出台背景意义 “打通全链条”", "出台背景意义"),
    ("推进 TISC 建设。其余", "推进 TISC 建设"),
])
def test_heading_titles(text, title):
    assert heading_title(text) == title


@pytest.mark.parametrize("numeral, value", [("一", 1), ("十", 10), ("十三", 13), ("二十一", 21),
                                            ("九十九", 99), ("一百零五", 105)])
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_marker_needs_its_delimiter():
    assert split_markers("2020年底,知识产权") == []
    assert split_markers("一是加强保护") == []


# Properties ---------------------------------------------------------------------------------
LINES = st.sampled_from([
    "一、总体要求", "二、强化保护", "(一)指导思想。坚持创新。", "(三)加强领导", "1.推进修订。", "12、开展评估",
    "(2)研究", "——知识产权创造。深入实施。", "为贯彻落实,制定本方案。", "(保护司负责)", "(TISC)",
    "国家知识产权局", "2020年4月20日", "附件:1.清单", "2.表格", "来源:某网站", "免责声明:x",
    "《某办法》讲解", "关于印发《某方案》的通知", "各单位:", "特此通知。", "", "  ", "((((", "))",
    "一、甲 (一)乙 1。丙", "〔2020〕", "国知发运字〔2020〕13号", "上一篇",
    "⑴研究论证。", "⒉推进", "㈢加强", "1)开展调研", "2）形成草案", "(详见附件", "1)的要求)", "3)×2",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=30).map("\n".join))
def test_structured_inputs_never_raise_and_rebuild_exactly(text):
    doc = parse_text(text, "generated")
    assert rebuild_text(doc) == punctuate(normalize(text).text)
    assert not [w for w in doc.warnings if w.code == "internal-error"]
    ids = [n.id for n in doc.walk()]
    assert len(ids) == len(set(ids))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises_and_rebuilds(text):
    doc = parse_text(text, "any")
    assert rebuild_text(doc) == punctuate(normalize(text).text)
    assert not [w for w in doc.warnings if w.code == "internal-error"]


@pytest.mark.parametrize("broken", ["normalize", "_parse"])
def test_an_internal_failure_still_keeps_every_line(monkeypatch, broken):
    import ipcli.parse.parser as parser

    def fail(*args, **kwargs):
        raise RuntimeError("injected")
    monkeypatch.setattr(parser, broken, fail)
    doc = parser.parse_text("一、甲\r\n\r\n(一)乙\r第三行\n", "x")
    assert [w.code for w in doc.warnings] == ["internal-error"]
    assert [n.text for n in doc.nodes] == ["一、甲", "（一）乙", "第三行"]
    assert [n.lines for n in doc.nodes] == [(1, 1), (3, 3), (4, 4)]
