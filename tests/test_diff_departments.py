"""`ipcli diff` answers "for whom": per-department tasks gained, lost, role changes; --dept."""
from __future__ import annotations

import json

import pytest

from ipcli.analyses.diff import compare
from ipcli.analyses.workload import resolve_department
from ipcli.parse.parser import parse_text
from ipcli.parse.registry import Registry

# 2021: 保护司 leads, 条法司 takes part; 商标局 has a task that disappears.
PLAN_2021 = """2021年知识产权保护工作推进计划
一、强化知识产权保护
(一)完善保护政策。加强知识产权保护宣传。(保护司牵头,条法司参与)
(二)加强商标恶意注册行为治理,依法打击商标囤积。(商标局负责)
二、加强国际合作
(三)深化“一带一路”知识产权合作。(国际合作司负责)
"""
# 2022, in Traditional characters and full-width punctuation: the lead swaps, 商标局's
# task is gone, 公共服务司 gains a new one and joins the international task.
PLAN_2022 = """2022年知識產權保護工作推進計劃
一、強化知識產權保護
（一）完善保護政策。加強知識產權保護宣傳。（條法司牽頭，保護司參與）
（二）加快知識產權保護信息平台建設，推動數據開放共享。（公共服務司負責）
二、加強國際合作
（三）深化“一帶一路”知識產權合作，推進與泰國等國家地理標誌合作。（國際合作司牽頭，公共服務司參與）
"""


@pytest.fixture(scope="module")
def report():
    return compare([parse_text(PLAN_2021, "plan-2021")], [parse_text(PLAN_2022, "plan-2022")])


def rows(report) -> dict:
    return {r["department"]: r for r in report["departments"]["table"]}


def test_a_lead_swap_is_two_role_changes(report):
    table = rows(report)
    protect, legal = table["知识产权保护司"], table["条法司"]
    assert (protect["a"], protect["b"], protect["kept"], protect["gained"], protect["lost"]) == (1, 1, 1, 0, 0)
    assert protect["roles"] == [{"from": "lead", "to": "participant", "count": 1}]
    assert legal["roles"] == [{"from": "participant", "to": "lead", "count": 1}]
    swap = [c for c in report["departments"]["changes"] if c["a"]["node"] == "1.1"]
    assert len(swap) == 1 and swap[0]["gained"] == swap[0]["lost"] == []
    assert swap[0]["roles"] == [{"department": "知识产权保护司", "from": "lead", "to": "participant"},
                                {"department": "条法司", "from": "participant", "to": "lead"}]
    assert swap[0]["before"] == [["知识产权保护司", "lead"], ["条法司", "participant"]]


def test_tasks_gained_and_lost_per_department(report):
    table = rows(report)
    trademarks = table["商标局"]
    assert (trademarks["a"], trademarks["b"], trademarks["kept"], trademarks["lost"]) == (1, 0, 0, 1)
    service = table["公共服务司"]
    assert (service["a"], service["b"], service["gained"], service["lost"]) == (0, 2, 2, 0)
    international = table["国际合作司"]
    assert international["kept"] == 1 and international["roles"] == [
        {"from": "responsible", "to": "lead", "count": 1}]
    joined = [c for c in report["departments"]["changes"] if c["a"]["node"] == "2.3"]
    assert joined and joined[0]["gained"] == ["公共服务司"]
    assert report["summary"]["department_changes"] == 2


def test_the_rich_view_says_who_changed_role(run_cli, tmp_path):
    (tmp_path / "plan-2021.txt").write_text(PLAN_2021, encoding="utf-8")
    (tmp_path / "plan-2022.txt").write_text(PLAN_2022, encoding="utf-8")
    result = run_cli("--corpus", tmp_path, "diff", "2021", "2022")
    assert result.code == 1
    assert "知识产权保护司 lead → participant; 条法司 participant → lead" in result.out
    summary = "\n".join(result.out.splitlines()[:10])
    assert "知识产权保护司 1 → 1 tasks: lead → participant ×1" in summary
    assert "+∅" not in result.out  # the old view showed "+∅ -∅" for a lead swap


def test_dept_restricts_the_whole_report(run_cli, tmp_path):
    (tmp_path / "plan-2021.txt").write_text(PLAN_2021, encoding="utf-8")
    (tmp_path / "plan-2022.txt").write_text(PLAN_2022, encoding="utf-8")
    data = json.loads(run_cli("--corpus", tmp_path, "diff", "2021", "2022", "--dept", "商標局",
                              "-f", "json").out)
    assert data["options"]["department"] == "商标局"
    assert [r["department"] for r in data["departments"]["table"]] == ["商标局"]
    assert data["departments"]["changes"] == []
    assert data["matched"]["changed"] == data["matched"]["unchanged"] == [] and data["added"] == []
    assert [u for g in data["removed"] for u in g["units"]] == ["加强商标恶意注册行为治理，依法打击商标囤积"]
    assert data["summary"]["units_a"] == 1 and data["summary"]["units_b"] == 0
    keywords = [k["term"] for k in data["keywords"]["falling"]]
    assert "宣传" not in keywords and "一带一路" not in keywords  # other clauses are out


def test_dept_keeps_clauses_that_only_mention_the_department():
    before = parse_text("一、甲\n(一)乙。支持保护司开展培训。\n(二)丙。加强宣传。\n", "a")
    after = parse_text("一、甲\n(一)乙。支持保护司开展专题培训。\n(二)丙。加强宣传推广。\n", "b")
    target = resolve_department("保护司", Registry.shared())
    report = compare([before], [after], department=target, segment=list)
    assert [p["a"]["text"] for p in report["matched"]["changed"]] == ["支持保护司开展培训。"]
    assert report["summary"]["changed"] == 1


def test_a_department_dropped_from_a_tag_is_lost_and_listed():
    before = parse_text("一、甲\n(一)乙。加强宣传。(保护司负责)\n", "a")
    after = parse_text("一、甲\n(一)乙。加强宣传。(公共服务司牵头,保护司参与)\n", "b")
    report = compare([before], [after], segment=list)
    changes = report["departments"]["changes"]
    assert len(changes) == 1 and changes[0]["gained"] == ["公共服务司"] and changes[0]["lost"] == []
    assert changes[0]["roles"] == [{"department": "知识产权保护司", "from": "responsible",
                                    "to": "participant"}]
    dropped = compare([after], [before], segment=list)
    assert rows(dropped)["公共服务司"]["lost"] == 1 and dropped["departments"]["changes"][0]["lost"] == [
        "公共服务司"]


def _division_table(year: int, lead: str, partner: str) -> bytes:
    """A provincial 分工方案 whose tasks are the rows of a Word table."""
    import io

    import docx
    document = docx.Document()
    document.add_paragraph(f"{year}年浙江省知识产权保护重点工作任务分工方案")
    document.add_paragraph(f"浙知发〔{year}〕5号")
    table = document.add_table(rows=0, cols=5)
    for values in [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
                   ["1", "完善知识产权侵权纠纷行政裁决制度。", lead, partner, f"{year}年12月底前"],
                   ["2", "加强地理标志保护,开展专项整治行动。", "省市场监管局", "省农业农村厅",
                    f"{year}年10月底前"]]:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    document.add_paragraph("浙江省知识产权局")
    document.add_paragraph(f"{year}年3月1日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_tasks_from_table_rows_count_for_their_departments():
    from ipcli.parse.parser import parse_bytes
    before = parse_bytes(_division_table(2022, "省市场监管局", "省公安厅"), "zj-2022", path="zj-2022.docx")
    after = parse_bytes(_division_table(2023, "省司法厅", "省公安厅"), "zj-2023", path="zj-2023.docx")
    assert [t.tag in n.text for n in before.walk() for t in n.tasks] == [False, False]  # tags of cells
    report = compare([before], [after], segment=list)
    table = rows(report)
    assert (table["省市场监管局"]["a"], table["省市场监管局"]["b"], table["省市场监管局"]["lost"]) == (2, 1, 1)
    assert (table["省司法厅"]["a"], table["省司法厅"]["b"], table["省司法厅"]["gained"]) == (0, 1, 1)
    assert table["省公安厅"]["kept"] == 1 and table["省农业农村厅"]["kept"] == 1
    changes = report["departments"]["changes"]
    assert len(changes) == 1 and changes[0]["gained"] == ["省司法厅"] and changes[0]["lost"] == ["省市场监管局"]
