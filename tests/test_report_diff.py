"""``ipcli report --diff A B``: the 新旧对照 page, A's clause beside B's."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import SEEDS
from lxml import html as lxml_html
from test_report_fixtures import write_corpus

from ipcli.analyses.align import units_of
from ipcli.analyses.diff import compare
from ipcli.cli.session import Session
from ipcli.report.diffpage import comparison_rows, department_tasks


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "notices")


def _docs(folder, tmp_path, monkeypatch, a, b):
    monkeypatch.setenv("IPCLI_CACHE", str(tmp_path / "cache"))
    session = Session(str(folder))
    return session.documents([a]), session.documents([b])


def _cell_text(td) -> str:
    for span in td.xpath(".//span"):
        span.drop_tree()
    return td.text_content()


def _page(run_cli, tmp_path, folder, a, b):
    out = tmp_path / "diff.html"
    result = run_cli("--corpus", folder, "report", "--diff", a, b, "-o", out)
    assert result.code == 0, result
    report = json.loads(run_cli("--corpus", folder, "diff", a, b, "-f", "json").out)
    return lxml_html.fromstring(out.read_text(encoding="utf-8")), report


def _expected_rows(report) -> int:
    return (report["summary"]["unchanged"] + report["summary"]["changed"]
            + sum(len(g["units"]) for g in report["added"])
            + sum(len(g["units"]) for g in report["removed"]))


@pytest.mark.parametrize("where", ["fixture", "seeds"])
def test_every_clause_once_in_its_column_and_b_in_order(where, corpus, run_cli, tmp_path,
                                                        monkeypatch):
    folder, a, b = (corpus, "2023", "2024") if where == "fixture" else (SEEDS, "2020", "2022")
    tree, report = _page(run_cli, tmp_path, folder, a, b)
    rows = tree.xpath("//table[contains(@class, 'compare')]//tr[contains(@class, 'row')]")
    assert len(rows) == _expected_rows(report)
    assert not re.search(r"\b(None|True|False)\b", tree.xpath("//body")[0].text_content())
    left = [_cell_text(r.xpath("td")[0]) for r in rows]
    right = [_cell_text(r.xpath("td")[1]) for r in rows]
    docs_a, docs_b = _docs(folder, tmp_path, monkeypatch, a, b)
    units_a = [u.text for d in docs_a for u in units_of(d)]
    units_b = [u.text for d in docs_b for u in units_of(d)]
    assert [t for t in right if t] == units_b  # B's clauses, in B's order
    assert Counter(t for t in left if t) == Counter(units_a)
    if where == "fixture":  # nothing moved: A's clauses in A's order too
        assert report["summary"]["moved"] == 0
        assert [t for t in left if t] == units_a


def test_word_edits_removed_and_added_rows(corpus, run_cli, tmp_path):
    tree, report = _page(run_cli, tmp_path, corpus, "2023", "2024")
    assert report["pairs"][0]["by"] == "series"
    changed = tree.xpath("//tr[contains(@class, 'changed')]")
    assert len(changed) == report["summary"]["changed"] > 0
    inserted = {i.text_content() for i in tree.xpath("//tr[contains(@class,'changed')]//ins")}
    want = {op["text"] for pair in report["matched"]["changed"] for op in pair["ops"]
            if op["op"] == "insert"}
    assert inserted == want and "，发布海外风险预警" in inserted
    removed = tree.xpath("//tr[contains(@class, 'removed')]")
    assert "打击商标侵权" in [_cell_text(r.xpath("td")[0]) for r in removed]
    assert all(_cell_text(r.xpath("td")[1]) == "" for r in removed)
    added = tree.xpath("//tr[contains(@class, 'added')]/td[2]/ins/text()")
    assert added == ["加强地理标志保护", "开展地理标志专用标志使用核查。"]


def test_rows_are_grouped_under_b_headings(corpus, tmp_path, monkeypatch):
    docs_a, docs_b = _docs(corpus, tmp_path, monkeypatch, "2023", "2024")
    report = compare(docs_a, docs_b)
    groups = comparison_rows(docs_a, docs_b, report)
    for group in groups:
        assert group["side"] == "b"
        assert {r["b"]["heading"] for r in group["rows"] if "b" in r} == {group["heading"]}
    removed = [(g["heading"], r["a"]["text"]) for g in groups for r in g["rows"]
               if r["kind"] == "removed"]
    # A's (三) 打击商标侵权 went, B's (三) 加强地理标志保护 came: they stand together
    section = "一、强化知识产权行政保护 > （三）加强地理标志保护"
    assert (section, "打击商标侵权") in removed
    assert (section, "开展“蓝天”专项整治行动，严厉打击商标恶意注册行为。") in removed
    # a sentence dropped from a kept item stays with that item
    assert ("二、促进知识产权转化运用 > （二）发展知识产权金融", "<script>alert(1)</script>") in removed


def test_department_changes_list_the_tasks_behind_the_counts(corpus, tmp_path, monkeypatch):
    docs_a, docs_b = _docs(corpus, tmp_path, monkeypatch, "2023", "2024")
    report = compare(docs_a, docs_b)
    rows = {r["department"]: r for r in department_tasks(docs_a, docs_b, report)}
    assert rows, "the fixture assigns tasks in both years"
    for row in rows.values():
        assert len(row["gained_tasks"]) == row["gained"]
        assert len(row["lost_tasks"]) == row["lost"]
        assert len(row["role_tasks"]) == sum(r["count"] for r in row["roles"])
    trade = rows["市商务局"]["role_tasks"]
    assert [(c["from"], c["to"]) for c in trade] == [("lead", "participant")]
    assert [t["text"] for t in rows["市农业农村局"]["gained_tasks"]] == ["开展地理标志专用标志使用核查。"]
    assert rows["市市场监管局"]["lost"] == 1  # 打击商标侵权 went; 行政裁决 stayed


def test_department_section_and_print_stylesheet(corpus, run_cli, tmp_path):
    tree, report = _page(run_cli, tmp_path, corpus, "2023", "2024")
    table = tree.xpath("//section[@id='departments']//table/tbody/tr")
    assert len(table) == len(report["departments"]["table"])
    lists = tree.xpath("//details[contains(@class, 'dept')]/summary")
    assert any("市商务局" in s.text_content() and "角色变化 1" in s.text_content() for s in lists)
    style = tree.xpath("//style")[0].text
    printing = style[style.index("@media print"):]
    assert "size: A4" in printing and "break-inside: avoid" in printing
    assert "thead { display: table-header-group; }" in printing
