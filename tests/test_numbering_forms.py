"""Numbering printed with the Unicode enclosed forms and the half bracket.

``⑴…⒇`` is ``(1)`` (subitem), ``⒈…⒛`` is ``1.`` (item), ``㈠…㈩`` is ``(一)``
(subsection); ``1)`` / ``1）`` is a subitem one level below ``(1)``, at the start
of a line only. Full-width ``（１）``, ``1．``, ``１）`` are folded by the normaliser.
The notices are written as provincial and municipal 实施方案 print them, in
Simplified and Traditional, with full- and half-width punctuation.
"""
from __future__ import annotations

import pytest
from opencc import OpenCC

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.parse.rules import split_markers
from ipcli.text.normalize import normalize

S2T = OpenCC("s2t")
HALF = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}

PLAN = """\
某某市知识产权局关于印发《某某市知识产权保护工作实施方案》的通知
各区知识产权局，局机关各处室：
现将《某某市知识产权保护工作实施方案》印发给你们，请认真贯彻落实。
某某市知识产权局
2023年3月1日
某某市知识产权保护工作实施方案
为全面加强知识产权保护，制定本方案。
{body}
"""

BODY_PAREN = """\
一、重点任务
⑴完善知识产权保护制度，健全行政裁决机制。（保护司负责）
⑵加强专利侵权纠纷行政裁决，提高办案质量。（运用促进司负责）
⑶建设知识产权保护中心，推动快速协同保护。（公共服务司牵头，专利局参与）
二、保障措施
加强组织领导。"""


def parse(body: str, *, keep_script: bool = False):
    return parse_text(PLAN.format(body=body), "plan", keep_script=keep_script)


def numbered(doc) -> list[tuple]:
    return [(n.id, n.kind, n.number) for n in doc.walk()
            if n.kind not in ("front", "paragraph", "back")]


def tags(doc) -> dict[str, list[tuple]]:
    """node id → [(tag, [(name, canonical, role)])] for nodes with tasks."""
    return {n.id: [(t.tag, [(d.name, d.canonical, d.role) for d in t.departments])
                   for t in n.tasks] for n in doc.walk() if n.tasks}


def variants(text: str) -> dict[str, str]:
    return {"full": text, "half": text.translate(HALF), "traditional": S2T.convert(text),
            "traditional-half": S2T.convert(text).translate(HALF)}


EXPECTED_PAREN_TAGS = {
    "1.1": [("（保护司负责）", [("保护司", "知识产权保护司", "responsible")])],
    "1.2": [("（运用促进司负责）", [("运用促进司", "知识产权运用促进司", "responsible")])],
    "1.3": [("（公共服务司牵头，专利局参与）",
             [("公共服务司", "公共服务司", "lead"), ("专利局", "专利局", "participant")])],
}


# ⑴ ⒈ ㈠ as (1) 1. (一) ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["full", "half", "traditional", "traditional-half"])
def test_parenthesized_digits_are_subitems_with_their_tasks(name):
    doc = parse(variants(BODY_PAREN)[name])
    assert numbered(doc) == [("1", "section", 1), ("1.1", "subitem", 1), ("1.2", "subitem", 2),
                             ("1.3", "subitem", 3), ("2", "section", 2)]
    assert [n.label for n in doc.find("1").children] == ["⑴", "⑵", "⑶"]
    assert doc.find("1").text == "重点任务" and not doc.find("1").tasks
    assert tags(doc) == EXPECTED_PAREN_TAGS  # Simplified, Chinese punctuation, in every variant
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_traditional_keeps_its_script_and_the_printed_label():
    doc = parse(S2T.convert(BODY_PAREN), keep_script=True)
    second = doc.find("1.2")
    assert second.label == "⑵"
    assert second.text == "加強專利侵權糾紛行政裁決，提高辦案質量。（運用促進司負責）"
    assert second.tasks[0].tag == "（運用促進司負責）"
    assert second.tasks[0].departments[0].canonical == "知识产权运用促进司"


def test_dotted_digits_and_parenthesized_ideographs_nest_like_their_plain_forms():
    body = ("一、主要任务\n㈠强化知识产权创造\n⒈提升专利质量。（专利局负责）\n"
            "⒉培育高价值专利。\n⑴开展专利导航。（运用促进司负责）\n⑵建设运营中心。\n"
            "㈡加强知识产权运用\n⒈推动转化实施。（运用促进司负责）\n二、组织实施")
    doc = parse(body)
    assert numbered(doc) == [
        ("1", "section", 1), ("1.1", "subsection", 1), ("1.1.1", "item", 1), ("1.1.2", "item", 2),
        ("1.1.2.1", "subitem", 1), ("1.1.2.2", "subitem", 2), ("1.2", "subsection", 2),
        ("1.2.1", "item", 1), ("2", "section", 2)]
    assert doc.find("1.1").title == "强化知识产权创造"
    assert doc.find("1.1.1").title == "提升专利质量"
    assert {k: [t for t, _ in v] for k, v in tags(doc).items()} == {
        "1.1.1": ["（专利局负责）"], "1.1.2.1": ["（运用促进司负责）"], "1.2.1": ["（运用促进司负责）"]}
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


@pytest.mark.parametrize("forms, kind", [
    ("⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇", "subitem"),
    ("⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛", "item"),
    ("㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩", "subsection"),
])
def test_every_enclosed_number_has_its_value(forms, kind):
    for value, char in enumerate(forms, start=1):
        [marker] = split_markers(f"{char}加强保护")
        assert (marker.kind, marker.number, marker.label) == (kind, value, char)


def test_enclosed_numbers_split_inline_like_their_plain_forms():
    """A later marker of a deeper rank after a space (bracketed ones also after 。;)."""
    doc = parse("一、总体要求 ⒈指导思想。坚持创新。\n二、基本原则。坚持保护。⑴依法保护;⑵严格保护\n"
                "三、重点任务 ㈠完善制度 ⒈修订办法\n四、保障措施。⒈加强领导")
    assert numbered(doc) == [("1", "section", 1), ("1.1", "item", 1), ("2", "section", 2),
                             ("2.1", "subitem", 1), ("3", "section", 3), ("3.1", "subsection", 1),
                             ("3.1.1", "item", 1), ("4", "section", 4)]
    assert doc.find("2.1").text == "依法保护；⑵严格保护"  # a sibling never splits inline: as (1);(2)


def test_a_space_after_an_enclosed_number_is_closed_up():
    lines = normalize("⑴ 完善制度\n⒉ 推进\n㈢ 指导\n① 研究\n见表 ⑴ 所列").lines
    assert lines == ["⑴完善制度", "⒉推进", "㈢指导", "①研究", "见表 ⑴所列"]
    assert normalize("\n".join(lines)).lines == lines
    doc = parse("一、任务\n⑴ 完善制度。（保护司负责）")
    assert (doc.find("1.1").label, doc.find("1.1").text) == ("⑴", "完善制度。（保护司负责）")


# 1) below (1) --------------------------------------------------------------------------
FULL_CHAIN = """\
一、重点任务
（一）完善知识产权法律制度
1.推进地方立法。
（1）研究起草条例。（法规处负责）
1）开展立法调研。（保护处负责）
2）形成条例草案。
（2）修订配套办法。
1）梳理现行规定。
——组织专家论证。
2.加强执法保护。
二、保障措施"""


@pytest.mark.parametrize("name", ["full", "half", "traditional", "traditional-half"])
def test_half_bracket_nests_below_parenthesized_digit(name):
    doc = parse(variants(FULL_CHAIN)[name])
    assert numbered(doc) == [
        ("1", "section", 1), ("1.1", "subsection", 1), ("1.1.1", "item", 1),
        ("1.1.1.1", "subitem", 1), ("1.1.1.1.1", "subitem", 1), ("1.1.1.1.2", "subitem", 2),
        ("1.1.1.2", "subitem", 2), ("1.1.1.2.1", "subitem", 1), ("1.1.1.2.1.b1", "bullet", None),
        ("1.1.2", "item", 2), ("2", "section", 2)]
    assert [n.label for n in doc.find("1.1.1.1").children] == ["1）", "2）"]
    assert {k: len(v) for k, v in tags(doc).items()} == {"1.1.1.1": 1, "1.1.1.1.1": 1}
    assert doc.find("1.1.1.1.1").tasks[0].text == "开展立法调研。"
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_half_bracket_in_place_of_parenthesized_digit():
    body = ("一、重点任务\n1.强化审查。\n1)优化审查流程。(专利局负责)\n2)压缩审查周期。\n"
            "2.加强运用。\n1)推动专利转化。(运用促进司负责)\n二、保障措施")
    doc = parse(body)
    assert numbered(doc) == [("1", "section", 1), ("1.1", "item", 1), ("1.1.1", "subitem", 1),
                             ("1.1.2", "subitem", 2), ("1.2", "item", 2), ("1.2.1", "subitem", 1),
                             ("2", "section", 2)]
    assert {k: [t for t, _ in v] for k, v in tags(doc).items()} == {
        "1.1.1": ["（专利局负责）"], "1.2.1": ["（运用促进司负责）"]}
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_half_bracket_numbering_is_checked_apart_from_parenthesized_digits():
    doc = parse("一、任务\n1.甲\n(1)乙\n1)丙\n2)丁\n3)戊\n(2)己\n4)庚\n1)辛\n")
    assert not [w for w in doc.warnings if w.code == "numbering-duplicate"]
    doc = parse("一、任务\n1.甲\n(1)乙\n1)丙\n3)戊")
    assert [w.code for w in doc.warnings if w.code.startswith("numbering")] == ["numbering-gap"]


@pytest.mark.parametrize("printed, label", [("１）", "1)"), ("1）", "1)"), ("（１）", "(1)"),
                                            ("1．", "1."), ("１．", "1.")])
def test_full_width_forms_are_already_folded(printed, label):
    [marker] = split_markers(normalize(f"{printed}加强保护").lines[0])
    assert marker.label == label and marker.number == 1


# What stays text -----------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "按要求报送材料(详见附件1)。",
    "相关标准见附件1)及说明。",
    "各单位按照第⑴项要求落实。",
    "发明专利增长率达到(3)㈠类标准。",
])
def test_numbers_inside_prose_are_not_markers(line):
    doc = parse(f"一、重点任务\n{line}")
    assert numbered(doc) == [("1", "section", 1)]


@pytest.mark.parametrize("line", ["3)×2", "1)。", "2),", "1)", "0)加强", "123)加强", "1) 2023年"])
def test_a_half_bracket_without_text_after_it_is_not_a_marker(line):
    assert split_markers(normalize(line).lines[0]) == []


def test_a_half_bracket_closing_the_line_before_is_not_a_marker():
    doc = parse("一、重点任务\n(一)加强审查。按照规定执行(详见附件\n1)的要求),确保质量。\n"
                "(二)强化运用")
    assert numbered(doc) == [("1", "section", 1), ("1.1", "subsection", 1), ("1.2", "subsection", 2)]
    assert doc.find("1.1").text.endswith("（详见附件\n1）的要求），确保质量。")


def test_a_half_bracket_is_never_inline():
    doc = parse("一、重点任务\n主要包括:1)专利;2)商标; 3)地理标志。")
    assert numbered(doc) == [("1", "section", 1)]


def test_attachment_lists_with_half_brackets_and_dotted_digits_stay_in_the_front():
    for first, second in (("1)", "2)"), ("⒈", "⒉")):
        text = PLAN.replace("某某市知识产权局\n2023年3月1日",
                            f"附件:{first}任务分工表\n{second}重点项目清单\n某某市知识产权局\n2023年3月1日")
        doc = parse_text(text.format(body="一、重点任务\n1.加强保护。"), "plan")
        assert doc.meta.attachments == ["任务分工表", "重点项目清单"]
        assert numbered(doc) == [("1", "section", 1), ("1.1", "item", 1)]


def test_everything_rebuilds_exactly():
    for body in (BODY_PAREN, FULL_CHAIN, S2T.convert(FULL_CHAIN).translate(HALF)):
        text = PLAN.format(body=body)
        assert rebuild_text(parse_text(text, "plan")) == punctuate(normalize(text).text)
