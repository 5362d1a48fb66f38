"""Inserted noise: a token a page puts between characters is removed with one warning."""
from __future__ import annotations

import pytest

from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_text
from ipcli.parse.punctuation import punctuate
from ipcli.text.noise import find_noise
from ipcli.text.normalize import normalize

CLEAN = """\
某某省知识产权局关于做好2023年专利转化专项计划实施工作的通知
某知发〔2023〕6号
各设区市知识产权局、省直有关单位：

为深入实施专利转化专项计划，现将有关事项通知如下。
一、总体要求
（一）工作目标。到2023年底，全省专利转化运用水平明显提升。
（二）基本原则。坚持市场主导、政府引导。
二、重点任务
（一）畅通转化渠道。推动高校院所专利向中小企业转移。
联系人及电话：王某某　0551-12345678　邮箱：zlzh@example.gov.cn
"""


def noisy(text: str, token: str, every: int = 3) -> str:
    """Insert the token after every third CJK character, as anti-copying pages do."""
    out, run = [], 0
    for char in text:
        out.append(char)
        run = run + 1 if "\u4e00" <= char <= "\u9fff" else 0
        if run == every:
            out.append(token)
            run = 0
    return "".join(out)


def outline(doc) -> list[tuple]:
    return [(n.id, n.kind, n.title, n.lines) for n in doc.walk()]


@pytest.mark.parametrize("token", ["@@", "##", "&", "~~", "\u200e\u200e"])
def test_the_token_is_removed_and_every_heading_found(token):
    text = noisy(CLEAN, token)
    assert text.count(token) > 40
    doc, clean = parse_text(text, "n"), parse_text(CLEAN, "n")
    assert outline(doc) == outline(clean)  # same ids, kinds, titles and original line numbers
    assert doc.meta == clean.meta
    warning, = [w for w in doc.warnings if w.code == "inserted-noise"]
    assert warning.line == 1 and repr(token) in warning.message
    assert f"removed {text.count(token)} occurrences" in warning.message
    assert token in warning.snippet


def test_a_traditional_full_width_page_with_noise():
    text = noisy("一、總體要求\n（一）工作目標。到2023年底，全省專利轉化運用水平明顯提升。\n", "@@")
    doc = parse_text(text, "t")
    assert [(n.id, n.title) for n in doc.walk()] == [("1", "总体要求"), ("1.1", "工作目标")]
    assert rebuild_text(doc) == punctuate(normalize(text).text)


def test_line_numbers_stay_exact_and_keep_script_stays_aligned():
    text = "\n\n" + noisy("一、總體要求\n\n（一）工作目標。全省專利轉化運用水平明顯提升。", "##")
    norm = normalize(text, keep_script=True)
    assert list(norm.line_numbers) == [3, 5]
    assert norm.original_lines == ["一、總體要求", "(一)工作目標。全省專利轉化運用水平明顯提升。"]
    assert norm.lines == ["一、总体要求", "(一)工作目标。全省专利转化运用水平明显提升。"]


def test_only_occurrences_next_to_chinese_go():
    text = noisy(CLEAN, "@")
    doc = parse_text(text, "n")
    assert "zlzh@example.gov.cn" in rebuild_text(doc)
    assert "@" not in rebuild_text(doc).replace("zlzh@example.gov.cn", "")


@pytest.mark.parametrize("text", [
    "#知识产权# 话题讨论。#专利# #商标# #版权# #地理标志# #集成电路#",   # hashtags: not between characters
    "1月~3月完成,4月~6月验收,7月~9月推广,10月~12月总结。",             # ranges: a digit on one side
    "A&B公司与C&D公司签订协议。",                                          # between letters
    "发明@专利、实用@新型、外观@设计、商标@注册",                          # four times: below the minimum
    "| 索引号 | 11440100/2023-00123 | 发布机构 | 某某市人民政府 | 文号 | 某府〔2023〕1号 |",
])
def test_ordinary_symbols_are_not_noise(text):
    assert find_noise(text) == []
    assert normalize(text).warnings == []


def test_two_tokens_give_two_warnings_and_normalising_again_changes_nothing():
    text = noisy(noisy(CLEAN, "##", every=5), "@@", every=2)
    norm = normalize(text)
    assert sorted(w.message.split("'")[1] for w in norm.warnings) == ["##", "@@"]
    again = normalize(norm.text)
    assert again.lines == norm.lines and again.warnings == []
