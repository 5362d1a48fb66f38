"""Issue 21 point 1: every text ipcli prints has Chinese punctuation in Chinese text.

The expected values are written by hand from GB/T 15834 (the Chinese forms
``，（）：；！？`` in Chinese text; ASCII inside Latin/number runs).
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import _line, punctuate
from ipcli.text.normalize import normalize

ASCII_MARKS = str.maketrans("，（）：；！？", ",():;!?")


@pytest.mark.parametrize("folded, printed", [
    ("高标准落实《意见》,推进(保护司负责)", "高标准落实《意见》，推进（保护司负责）"),
    ("(一)推进。(办公室负责)", "（一）推进。（办公室负责）"),
    ("(1)研究论证", "（1）研究论证"),
    ("工作指引(2020)", "工作指引（2020）"),
    ("技术与创新支持中心(TISC)建设", "技术与创新支持中心（TISC）建设"),
    ("中心(TISC)(WIPO)", "中心（TISC）（WIPO）"),
    ("联系电话:010-62086849", "联系电话：010-62086849"),
    ("是否需要?请回复!", "是否需要？请回复！"),
    ("2020年,全面推进", "2020年，全面推进"),
    ("第一句;第二句", "第一句；第二句"),
    ("完成时限: 2023年底前", "完成时限： 2023年底前"),
    # Latin and number runs keep ASCII
    ("资助1,000元", "资助1,000元"),
    ("上午9:00开始", "上午9:00开始"),
    ("Patent Cooperation Treaty (PCT)", "Patent Cooperation Treaty (PCT)"),
    ("详见 http://www.cnipa.gov.cn/a?id=3 。", "详见 http://www.cnipa.gov.cn/a?id=3 。"),
    ("WIPO, 1.5, 2021-2035", "WIPO, 1.5, 2021-2035"),
    ("f(x)", "f(x)"),
    # a context never crosses a line
    ("资助\n(PCT)", "资助\n(PCT)"),
    # a mark beside a Chinese bracket, inside it, and the rest of its run
    ("(:,2023年底前,保护司负责)", "（：，2023年底前，保护司负责）"),
    ("(保护司负责,;)", "（保护司负责，；）"),
    ("时间:9:00", "时间：9:00"),
])
def test_gb_t_15834_forms(folded, printed):
    assert punctuate(folded) == printed


def test_already_chinese_and_ascii_only_texts_are_unchanged():
    for text in ["", "ASCII only, (none): here!", "（保护司负责）", "一、总体要求\n"]:
        assert punctuate(text) == text


LINE = st.text(alphabet="保护司负责年月,():;!? aZ19.《》“”\u3000", max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8).map("\n".join))
def test_fast_path_agrees_with_the_line_rule_and_keeps_lengths(text):
    printed = punctuate(text)
    assert printed == "\n".join(_line(line) for line in text.split("\n"))
    assert len(printed) == len(text) and printed.translate(ASCII_MARKS) == text


def test_every_field_of_a_document_is_printed_and_cut_from_the_same_place():
    text = ("某某市知识产权局关于印发《2023年工作要点》的通知\n某知发(2023)5号\n"
            "各区(县)知识产权局:\n一、重点任务\n"
            "(一)加强保护。建设技术与创新支持中心(TISC)。(市知识产权局牵头,市公安局配合;2023年底前)\n"
            "完成时限:年内\n")
    doc = parse_text(text, "t")
    assert doc.meta.recipients == ["各区（县）知识产权局"]
    assert doc.meta.doc_number_raw == "某知发（2023）5号"
    node = doc.find("1.1")
    assert node.label == "（一）" and node.title == "加强保护"
    (task,) = node.tasks
    assert task.text == "建设技术与创新支持中心（TISC）。"
    assert task.tag == "（市知识产权局牵头，市公安局配合；2023年底前）\n完成时限：年内"
    assert task.tag in node.text and task.text in node.text
    assert [(d.name, d.role) for d in task.departments] == [
        ("市知识产权局", "lead"), ("市公安局", "participant")]
    assert rebuild_text(doc) == punctuate(normalize(text).text)
    assert rebuild_text(doc).translate(ASCII_MARKS) == normalize(text).text


def test_keep_script_prints_the_original_characters_with_chinese_punctuation():
    doc = parse_text("一、重點任務\n1、推動海外佈局,加強保護。(商務局負責)\n", "t", keep_script=True)
    (task,) = [t for n in doc.walk() for t in n.tasks]
    assert (task.text, task.tag) == ("推動海外佈局，加強保護。", "（商務局負責）")


def test_cli_prints_chinese_punctuation_in_every_format(run_cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("一、重点任务\n1、推进专利转化,统一标准。(保护司负责)\n", encoding="utf-8")
    data = json.loads(run_cli("parse", path, "-f", "json").out)
    (task,) = data["nodes"][0]["children"][0]["tasks"]
    assert (task["text"], task["tag"]) == ("推进专利转化，统一标准。", "（保护司负责）")
    assert "推进专利转化，统一标准。（保护司负责）" in run_cli("parse", path, "-f", "text").out
    rows = json.loads(run_cli("--corpus", tmp_path, "extract", "-f", "json").out)
    assert [r["text"] for r in rows] == ["推进专利转化，统一标准。"]
    csv = run_cli("--corpus", tmp_path, "extract", "-f", "csv").out
    assert "推进专利转化，统一标准。" in csv and "（保护司负责）" in csv


def test_search_matches_either_width_and_snippets_print_chinese_forms(run_cli, tmp_path):
    (tmp_path / "n.txt").write_text("一、重点任务\n1、推进专利转化，统一标准。（保护司负责）\n",
                                    encoding="utf-8")
    for query in ["转化,统一", "转化，统一", "(保护司负责)"]:
        result = run_cli("--corpus", tmp_path, "search", query, "-f", "json")
        assert result.code == 0, (query, result)
        hits = json.loads(result.out)["hits"]
        assert hits and "，" in hits[0]["snippet"], (query, hits)


def test_warning_messages_print_labels_as_the_notice_does():
    doc = parse_text("一、甲\n(一)乙。\n(三)丙。\n", "x")
    (gap,) = [w for w in doc.warnings if w.code == "numbering-gap"]
    assert gap.message.startswith("（三） skips ahead") and gap.snippet == "（三）丙。"


def test_a_warning_quotes_its_bracket_as_the_node_text_prints_it():
    """Found by the task property test: a bracket starting with marks (``（：，…``) was
    printed ``（:,…`` in its warning, punctuated without the text before it."""
    doc = parse_text("一、重点任务\n1、加强知识产权保护。（：，2023年12月底前，保护司负责）\n", "g")
    (warning,) = [w for w in doc.warnings if w.code == "unclassified-marker"]
    (item,) = [n for n in doc.walk() if n.kind == "item"]
    assert warning.snippet == "（：，2023年12月底前，保护司负责）" and warning.snippet in item.text
