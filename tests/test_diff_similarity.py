"""How `ipcli diff` matches clauses."""
from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from ipcli.analyses.diff import compare
from ipcli.parse.parser import parse_text

sys.path.insert(0, str(ROOT / "benchmarks"))
import match_bench  # noqa: E402


@pytest.fixture(scope="module")
def labelled():
    pairs, context = match_bench.load_pairs(), match_bench.background()
    return pairs, context, [related for related, _, _ in pairs]


def test_the_labelled_set_is_as_documented(labelled):
    pairs, _, labels = labelled
    assert len(pairs) >= 150 and 0.25 < sum(labels) / len(pairs) < 0.5
    origins = [line.split("\t")[1] for line in match_bench.PAIRS.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")][1:]
    assert sum(o == "written" for o in origins) == 70 and sum(o != "written" for o in origins) == 217


def test_the_matcher_beats_the_old_measure_on_labelled_pairs(labelled):
    """Measured: P 0.86 R 0.80 F1 0.83 against Dice over all bigrams, P 0.77 R 0.55 F1 0.64."""
    pairs, context, labels = labelled
    from ipcli.analyses.diff import DEFAULT_SIMILARITY
    ours = match_bench.precision_recall_f1(labels, match_bench.scores_ours(pairs, context),
                                           DEFAULT_SIMILARITY)
    today = match_bench.precision_recall_f1(labels, match_bench.scores_today(pairs, context),
                                            DEFAULT_SIMILARITY)
    assert ours[2] >= 0.78 and ours[2] > today[2] + 0.1
    assert ours[0] >= today[0] and ours[1] > today[1]


def one_clause(text: str, doc_id: str):
    return parse_text(f"一、总体要求\n(一)重点任务。{text}\n", doc_id)


@pytest.mark.parametrize("a, b", [
    ("著力做好北京冬奥会、冬残奥会、杭州亚运会的知识产权立体化保护", "做好北京2022年冬奥会和冬残奥会奥林匹克标志知识产权保护"),
    ("优化国内营商环境评价指标体系中的知识产权相关指标", "配合做好中国营商环境评价知识产权指标考核"),
])
def test_related_clauses_under_the_old_threshold_are_matched(a, b):
    """Two related pairs of the seeds that the old measure scored under 0.3 (0.27 and
    0.23 in the issue); a third (质押融资, 0.22) still scores under 0.3 (README)."""
    from conftest import guideline_2020, work_points_2022

    from ipcli.analyses.align import units_of
    docs = [guideline_2020(), work_points_2022()]
    report = compare(docs[:1], docs[1:])
    pair = next(p for p in report["matched"]["changed"] if a in p["a"]["text"])
    assert b in pair["b"]["text"] and pair["similarity"] >= 0.3
    context = [u.text for d in docs for u in units_of(d)]
    old = match_bench.scores_today([(True, pair["a"]["text"], pair["b"]["text"])], context)[0]
    assert old < 0.3


@pytest.mark.parametrize("a, b", [
    ("加快建设知识产权大数据中心。", "加快建设知识产权强国。"),
    ("建立健全知识产权风险预警机制。", "建立健全知识产权统计监测机制。"),
    ("推動出台促進知識產權服務業高質量發展的意見。", "推動出台加強知識產權糾紛調解工作的意見。"),
])
def test_clauses_sharing_only_their_framing_are_not_matched(a, b):
    report = compare([one_clause(a, "a")], [one_clause(b, "b")])
    assert report["matched"]["changed"] == []
    assert report["summary"]["added"] == report["summary"]["removed"] == 1
