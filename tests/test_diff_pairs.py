"""`ipcli diff` pairs documents first: by series, by elimination, by content; `--flat`."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.analyses.diff import compare
from ipcli.analyses.pairing import series
from ipcli.parse.parser import parse_text
from ipcli.text.normalize import normalize_query

PLAN_2021 = """2021年知识产权强国建设纲要和“十四五”规划实施推进计划
一、完善知识产权制度
(一)推进专利法实施细则修改。加快推进商标法修改,形成修改草案。研究数据知识产权保护规则。
二、强化知识产权保护
(二)开展知识产权保护示范区建设。深化专利侵权纠纷行政裁决规范化建设。
"""
# The next year's plan, in Traditional characters with full-width punctuation.
PLAN_2022 = """2022年知識產權強國建設綱要和“十四五”規劃實施年度推進計劃
一、完善知識產權制度
（一）推動完成專利法實施細則修改。推進商標法修改，形成商標法修改建議稿。
二、強化知識產權保護
（二）高標準開展國家知識產權保護示範區建設。深化專利侵權糾紛行政裁決規範化建設，推廣簡案快辦機制。
"""
POINTS_2021 = """国家知识产权局2021年工作要点
一、加强知识产权宣传
(一)办好全国知识产权宣传周活动。做好中国专利奖评选表彰。
二、深化国际合作
(二)深化“一带一路”知识产权合作。
"""
POINTS_2022 = """国家知识产权局2022年工作要点
一、加强知识产权宣传
(一)办好2022年全国知识产权宣传周和中国知识产权年会。做好中国专利奖评选表彰。
二、深化国际合作
(二)深化“一带一路”知识产权合作,推进与泰国等国家地理标志合作。
"""
NEW_2022 = """关于开展2022年数据知识产权地方试点工作的通知
一、试点内容
(一)探索数据知识产权登记制度。研究数据知识产权保护规则。
"""


def docs(*pairs):
    return [parse_text(text, doc_id) for doc_id, text in pairs]


@pytest.mark.parametrize("title, expected", [
    ("2021年知识产权强国建设纲要和“十四五”规划实施推进计划", "知识产权强国建设纲要和规划实施推进计划"),
    ("2022年知识产权强国建设纲要和“十四五”规划实施年度推进计划", "知识产权强国建设纲要和规划实施推进计划"),
    ("国家知识产权局2022年工作要点", "国家知识产权局工作要点"),
    ("推动知识产权高质量发展年度工作指引(2020)", "推动知识产权高质量发展工作指引"),
    ("知识产权强国建设纲要(2021-2035年)", "知识产权强国建设纲要"),
    ("第二批知识产权强省建设试点名单", "知识产权强省建设试点名单"),
    ("國家知識產權局2023年工作要點", "国家知识产权局工作要点"),
    ("二〇二三年上半年知识产权工作要点", "知识产权工作要点"),
])
def test_series_title_drops_years_plan_numbers_and_ordinals(title, expected):
    doc = parse_text(f"{title}\n一、总体要求\n(一)加强宣传。\n", "x")
    doc.meta.title = normalize_query(title)  # as the parser keeps titles: Simplified
    assert series(doc) == expected


def test_documents_are_paired_by_series_and_the_new_one_is_wholly_added():
    a = docs(("points-2021", POINTS_2021), ("plan-2021", PLAN_2021))
    b = docs(("plan-2022", PLAN_2022), ("new-2022", NEW_2022), ("points-2022", POINTS_2022))
    report = compare(a, b)
    pairs = [(p["a"], p["b"], p["by"]) for p in report["pairs"]]
    assert pairs == [("points-2021", "points-2022", "series"), ("plan-2021", "plan-2022", "series"),
                     (None, "new-2022", "unpaired")]
    assert all(0 < p["similarity"] <= 1 for p in report["pairs"] if p["a"] and p["b"])
    assert [g["doc"] for g in report["added"]] == ["new-2022"] * 2
    assert [u for g in report["removed"] for u in g["units"]] == ["研究数据知识产权保护规则。"]
    for pair in report["matched"]["changed"] + report["matched"]["unchanged"]:
        assert (pair["a"]["doc"], pair["b"]["doc"]) in {("points-2021", "points-2022"),
                                                        ("plan-2021", "plan-2022")}
    assert report["summary"]["pairs"] == 2 and report["summary"]["documents_b"] == 3


def test_clauses_align_within_their_pair_only():
    """In --flat mode a clause may find a partner in another document; paired, it may not."""
    a = docs(("points-2021", POINTS_2021), ("plan-2021", PLAN_2021))
    b = docs(("plan-2022", PLAN_2022), ("new-2022", NEW_2022), ("points-2022", POINTS_2022))
    paired = compare(a, b)
    flat = compare(a, b, flat=True)
    assert flat["pairs"] == [] and flat["options"]["flat"] is True
    moved_out = [p for p in flat["matched"]["unchanged"] if p["b"]["doc"] == "new-2022"]
    assert [(p["a"]["doc"], p["a"]["text"]) for p in moved_out] == [
        ("plan-2021", "研究数据知识产权保护规则。")]
    matched = paired["matched"]["changed"] + paired["matched"]["unchanged"]
    assert not any(p["b"]["doc"] == "new-2022" for p in matched)
    assert "研究数据知识产权保护规则。" in [u for g in paired["removed"] for u in g["units"]]


def test_one_document_on_each_side_is_paired_whatever_its_title():
    report = compare(docs(("old", PLAN_2021)), docs(("new", POINTS_2022)))
    assert [(p["a"], p["b"], p["by"]) for p in report["pairs"]] == [("old", "new", "only")]


def test_unrelated_documents_stay_unpaired():
    a = docs(("points-2021", POINTS_2021), ("other-2021", "关于举办培训班的通知\n一、培训对象\n(一)各省局业务骨干。\n"))
    b = docs(("new-2022", NEW_2022), ("plan-2022", PLAN_2022))
    report = compare(a, b)
    assert all(p["by"] == "unpaired" for p in report["pairs"])
    assert report["summary"]["pairs"] == 0 and report["matched"]["changed"] == []


def test_json_lists_the_pairs_and_the_rich_view_shows_them(run_cli, tmp_path):
    for name, text in (("plan-2021", PLAN_2021), ("points-2021", POINTS_2021),
                       ("plan-2022", PLAN_2022), ("points-2022", POINTS_2022), ("new-2022", NEW_2022)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    data = json.loads(run_cli("--corpus", tmp_path, "diff", "2021", "2022", "-f", "json").out)
    assert {(p["a"], p["b"]) for p in data["pairs"]} == {
        ("plan-2021", "plan-2022"), ("points-2021", "points-2022"), (None, "new-2022")}
    out = run_cli("--corpus", tmp_path, "diff", "2021", "2022").out
    assert "plan-2021 ↔ plan-2022  (series" in out
    assert "new-2022  added: no counterpart in A" in out
    assert "+ new-2022: the whole document (3)" in out
    flat = run_cli("--corpus", tmp_path, "diff", "2021", "2022", "--flat").out
    assert "flat (all of A against all of B)" in flat and "↔" not in flat


# --- the shortcuts of pairing against their definitions -----------------------------------
_TITLE = st.text(alphabet="知识产权保护工作要点计划", min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TITLE, min_size=1, max_size=8), st.lists(_TITLE, min_size=1, max_size=8))
def test_alike_titles_are_every_pair_whose_dice_reaches_the_threshold(xs, ys):
    """The bound only prunes: the pairs found are exactly the equal ones and those
    whose Dice reaches the series threshold, as comparing every pair finds."""
    from ipcli.analyses.pairing import (
        SERIES_SIMILARITY,
        _alike_titles,
        _close_lengths,
        _dice,
    )
    xs, ys = list(dict.fromkeys(xs)), list(dict.fromkeys(ys))
    expected = {(x, y) for x in xs for y in ys if x == y or (
        _close_lengths(x, y) and _dice(x, y) >= SERIES_SIMILARITY)}
    assert _alike_titles(xs, ys) == expected


_GRAMS = st.lists(st.frozensets(st.sampled_from([f"g{k}" for k in range(30)]), max_size=12),
                  min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(_GRAMS, _GRAMS, st.data())
def test_content_candidates_follow_their_definition(a, b, data):
    """Candidates counted per document (the holders of its rare bigrams, and those
    looking up one it holds) equal the definition: every pair of free documents
    scored by how many of either side's rarest bigrams (among those the other
    side's free documents have) it shares, each document's KEEP best partners kept."""
    from ipcli.analyses.pairing import _Content
    weights = {f"g{k}": data.draw(st.floats(0.1, 5.0)) for k in range(30)}
    content = _Content(a, b, weights)
    content.RARE, content.KEEP = 3, 2
    # documents an earlier step paired are not free: any subset, in order
    free_a = sorted(data.draw(st.sets(st.sampled_from(range(len(a))), min_size=1)))
    free_b = sorted(data.draw(st.sets(st.sampled_from(range(len(b))), min_size=1)))

    def rarest(grams, other_side):
        seen = frozenset().union(*other_side)
        return sorted(grams & seen, key=lambda g: (-weights[g], g))[:content.RARE]
    shared = {}
    for i in free_a:
        for j in free_b:
            n = len(set(rarest(a[i], [b[k] for k in free_b])) & b[j]) \
                + len(set(rarest(b[j], [a[k] for k in free_a])) & a[i])
            if n:
                shared[(i, j)] = n
    expected = set()
    for i in free_a:
        mine = sorted((-n, j) for (x, j), n in shared.items() if x == i)
        expected |= {(i, j) for _, j in mine[:content.KEEP]}
    for j in free_b:
        mine = sorted((-n, i) for (i, y), n in shared.items() if y == j)
        expected |= {(i, j) for _, i in mine[:content.KEEP]}
    assert content.candidates(free_a, free_b) == sorted(expected)
