"""`ipcli diff` under attack (issue 14): long unpunctuated clauses; and the
word-level diff it relies on."""
from __future__ import annotations

import random
import time
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.analyses import tokendiff, words
from ipcli.analyses.diff import compare
from ipcli.parse.parser import parse_text

VOCAB = ("知识产权 保护 运用 地理标志 乡村振兴 专利 商标 审查 质量 服务 体系 推进 加强 完善 制度 "
         "创新 企业 高校 科研 数据 平台 信息 公共 维权 援助 纠纷 调解 仲裁 执法 行政 司法 海外 "
         "合作 国际 规则 标准 品牌 产业 集群 区域 运营 转化 许可 质押 融资 评估 保险 人才").split()


def long_clause_documents(words_count: int, seed: int = 7):
    """One clause of ``words_count`` words without punctuation; B edits it every ~500 words."""
    rng = random.Random(seed)
    a = [rng.choice(VOCAB) for _ in range(words_count)]
    b = list(a)
    for _ in range(max(1, words_count // 500)):
        at = rng.randrange(len(b))
        b[at:at + 2] = ["冬奥会", "营商环境"]
    head = "一、总体要求\n(一)长句。"
    return parse_text(head + "".join(a) + "\n", "a"), parse_text(head + "".join(b) + "\n", "b")


def cpu_seconds(action, repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.slow
def test_diff_of_long_unpunctuated_clauses_is_linear():
    """40,000 words took 43 s (difflib with autojunk=False is quadratic); now ~1 s."""
    words.segmenter()  # the dictionary load is not part of the growth
    times, reports = [], []
    for size in (4_000, 8_000, 16_000):
        a, b = long_clause_documents(size)
        times.append(cpu_seconds(lambda: reports.append(compare([a], [b]))))
    assert times[1] <= 2.5 * times[0] and times[2] <= 5 * times[0], times
    report = reports[-1]
    assert report["summary"]["changed"] == 1
    ops = report["matched"]["changed"][0]["ops"]
    kept = sum(len(op["text"]) for op in ops if op["op"] == "keep")
    assert kept > 0.9 * len(report["matched"]["changed"][0]["a"]["text"])  # still a fine diff


def rebuilt(a: list[str], b: list[str]) -> list[str]:
    out, at_a, at_b = [], 0, 0
    for tag, i1, i2, j1, j2 in tokendiff.opcodes(a, b):
        assert (i1, j1) == (at_a, at_b)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        at_a, at_b = i2, j2
    assert (at_a, at_b) == (len(a), len(b))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("甲乙丙丁戊"), max_size=60), st.lists(st.sampled_from("甲乙丙丁戊"), max_size=60))
def test_word_operations_rebuild_both_sides(a, b):
    assert rebuilt(a, b) == b


def test_word_operations_on_small_inputs_are_difflibs():
    a = ["深入开展", "地理", "标志", "助力", "精准扶贫", "和", "增收致富", "工作"]
    b = ["深入开展", "地理", "标志", "助力", "乡村振兴", "行动"]
    assert tokendiff.opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_large_inputs_are_cut_at_unique_anchors():
    rng = random.Random(3)
    a = [rng.choice(VOCAB) for _ in range(30_000)]
    b = a[:10_000] + ["冬奥会"] + a[10_000:20_000] + a[20_001:]
    ops = [op for op in tokendiff.opcodes(a, b) if op[0] != "equal"]
    assert ops == [("insert", 10_000, 10_000, 10_000, 10_001), ("delete", 20_000, 20_001, 20_001, 20_001)]
