"""Regulations (办法, 规定, 细则, 条例): 第X章 / 第X节 / 第X条 and what nests inside articles.

The fixtures are written in the style of municipal and provincial regulations as
government sites print them: full-width punctuation and ideographic spaces after the
markers, a Traditional copy with half-width punctuation, Arabic article numbers.
"""
from __future__ import annotations

import json

import pytest

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.text.normalize import normalize
from ipcli.text.script import to_simplified

REGULATION = """\
某某市专利资助管理办法
（2019年5月10日市人民政府第23次常务会议通过　2019年6月1日起施行）
第一章　总则
第一条　为了鼓励发明创造，促进专利转化运用，根据《中华人民共和国专利法》等法律法规，结合本市实际，制定本办法。
第二条　本办法适用于本市行政区域内专利资助的申请、审核和管理。
第二章　资助范围和标准
第一节　国内专利
第三条　下列专利申请可以获得资助：
（一）发明专利申请；
（二）实用新型专利申请，其中：
1.个人申请的，每件资助500元；
2.单位申请的，每件资助1000元。
第四条　市知识产权局负责资助资金的审核和拨付。（市知识产权局负责，市财政局配合）
第二节　国外专利
第五条【资助标准】通过《专利合作条约》途径提交的国际专利申请，每件资助1万元。
第三章　附则
第六条　本办法自2019年6月1日起施行。
"""

TRADITIONAL = """\
某某市專利資助管理辦法
第一章 總則
第一條 為了鼓勵發明創造,制定本辦法。
第二章 資助範圍
第二條 下列專利申請可以獲得資助:
(一)發明專利申請;
(二)實用新型專利申請。
第三條 本辦法自發布之日起施行。
"""


def structure(doc) -> list[tuple]:
    return [(n.id, n.kind, n.number, n.title) for n in doc.walk()
            if n.kind not in ("front", "paragraph", "back")]


def test_chapters_divisions_and_articles_nest_with_readable_ids():
    doc = parse_text(REGULATION, "reg")
    assert structure(doc) == [
        ("c1", "chapter", 1, "总则"),
        ("c1.a1", "article", 1, None),
        ("c1.a2", "article", 2, None),
        ("c2", "chapter", 2, "资助范围和标准"),
        ("c2.d1", "division", 1, "国内专利"),
        ("c2.d1.a3", "article", 3, None),
        ("c2.d1.a3.1", "subsection", 1, "发明专利申请；"),
        ("c2.d1.a3.2", "subsection", 2, "实用新型专利申请，其中"),
        ("c2.d1.a3.2.1", "item", 1, "个人申请的，每件资助500元；"),
        ("c2.d1.a3.2.2", "item", 2, "单位申请的，每件资助1000元"),
        ("c2.d1.a4", "article", 4, None),
        ("c2.d2", "division", 2, "国外专利"),
        ("c2.d2.a5", "article", 5, "资助标准"),
        ("c3", "chapter", 3, "附则"),
        ("c3.a6", "article", 6, None),
    ]
    assert not [w for w in doc.warnings if w.code.startswith("numbering")]


def test_labels_keep_the_space_so_the_text_rebuilds():
    doc = parse_text(REGULATION, "reg")
    article = doc.find("c1.a1")
    assert article.label == "第一条 " and article.text.startswith("为了鼓励发明创造")
    assert doc.find("c2").label == "第二章 " and doc.find("c2").text == "资助范围和标准"
    assert doc.find("c2.d2.a5").label == "第五条"
    assert rebuild_text(doc) == punctuate(normalize(REGULATION).text)


def test_a_subsection_under_an_article_does_not_swallow_the_next_article():
    doc = parse_text(REGULATION, "reg")
    article = doc.find("c2.d1.a3")
    assert [c.id for c in article.children] == ["c2.d1.a3.1", "c2.d1.a3.2"]
    assert doc.find("c2.d1.a4").text.startswith("市知识产权局负责")
    assert "第四条" not in doc.find("c2.d1.a3.2.2").text


def test_articles_carry_tasks():
    doc = parse_text(REGULATION, "reg")
    task, = doc.find("c2.d1.a4").tasks
    assert task.tag == "（市知识产权局负责，市财政局配合）"
    assert [d.name for d in task.departments] == ["市知识产权局", "市财政局"]
    assert task.departments[1].role == "participant"  # the roles are the tag grammar's
    assert task.text == "市知识产权局负责资助资金的审核和拨付。"


def test_traditional_half_width_copy_gives_the_same_kinds():
    doc = parse_text(TRADITIONAL, "trad")
    assert doc.source.script == "traditional"
    assert [(n.id, n.kind, n.title) for n in doc.walk() if n.kind != "front"] == [
        ("c1", "chapter", "总则"), ("c1.a1", "article", None), ("c2", "chapter", "资助范围"),
        ("c2.a2", "article", None), ("c2.a2.1", "subsection", "发明专利申请；"),
        ("c2.a2.2", "subsection", "实用新型专利申请"), ("c2.a3", "article", None)]
    assert rebuild_text(doc) == punctuate(to_simplified(normalize(TRADITIONAL).text))


@pytest.mark.parametrize("text, expected", [
    ("第1条 为规范管理,制定本规定。\n第2条 本规定自印发之日起施行。", [("a1", 1), ("a2", 2)]),
    ("第十一条 甲。\n第十二条 乙。", [("a11", 11), ("a12", 12)]),
    ("第一百零一条 甲。\n第一百零二条 乙。", [("a101", 101), ("a102", 102)]),
])
def test_article_numbers_in_every_form(text, expected):
    doc = parse_text(text, "n")
    assert [(n.id, n.number) for n in doc.walk() if n.kind == "article"] == expected


@pytest.mark.parametrize("line", ["第三条款规定的情形除外。", "第一章节的内容。"])
def test_words_that_only_start_like_a_marker_are_text(line):
    doc = parse_text(f"第一条 甲。\n{line}", "n")
    assert [n.kind for n in doc.walk()] == ["article"]


def test_articles_numbered_across_chapters_are_not_gaps_but_skips_are():
    doc = parse_text("第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n第四条 丙。", "n")
    assert [w.code for w in doc.warnings] == ["numbering-gap"]
    assert doc.warnings[0].message == "第四条 skips ahead of the previous article number 2"


# Commands speak the new kinds ------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "sz-2019-patent-funding.txt").write_text(REGULATION, encoding="utf-8")
    return folder


def test_parse_text_round_trips_the_regulation(run_cli, corpus):
    result = run_cli("parse", corpus / "sz-2019-patent-funding.txt", "-f", "text")
    assert result.code == 0 and result.out == punctuate(normalize(REGULATION).text) + "\n"


def test_search_kind_article_and_list_counts(run_cli, corpus):
    hits = json.loads(run_cli("--corpus", corpus, "search", "资助", "--kind", "article",
                              "-f", "json").out)["hits"]
    assert {h["node"] for h in hits} == {"c1.a2", "c2.d1.a3", "c2.d1.a4", "c2.d2.a5"}
    assert {h["kind"] for h in hits} == {"article"}
    row, = json.loads(run_cli("--corpus", corpus, "list", "-f", "json").out)
    assert (row["articles"], row["sections"], row["subsections"], row["items"]) == (6, 0, 2, 2)
    table = run_cli("--corpus", corpus, "list").out
    assert " art " in table.splitlines()[0]


def test_show_prints_chapters_and_articles(run_cli, corpus):
    out = run_cli("--corpus", corpus, "show", "sz-2019-patent-funding").out
    assert "c2.d1  第一节 国内专利" in out and "c2.d1.a3  第三条 下列专利申请可以获得资助" in out
    detail = run_cli("--corpus", corpus, "show", "sz-2019-patent-funding", "c2.d1.a4").out
    assert "第二章 资助范围和标准 > 第一节 国内专利 > 第四条" in detail and "article" in detail


def test_diff_names_the_article_that_changed(run_cli, tmp_path):
    before, after = tmp_path / "a.txt", tmp_path / "b.txt"
    before.write_text(REGULATION, encoding="utf-8")
    after.write_text(REGULATION.replace("每件资助1万元", "每件资助2万元"), encoding="utf-8")
    data = json.loads(run_cli("diff", before, after, "-f", "json").out)
    pair, = data["matched"]["changed"]
    assert pair["a"]["node"] == pair["b"]["node"] == "c2.d2.a5"
    assert pair["a"]["heading"] == "第二章 资助范围和标准 > 第二节 国外专利 > 第五条资助标准"
