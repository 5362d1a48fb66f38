"""``-f xlsx``: the ledger, the department matrix and the documents as a workbook,
read back with openpyxl and checked for types, not only strings."""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS
from openpyxl import load_workbook
from test_report_fixtures import write_corpus

from ipcli.report import workbook
from ipcli.report.workbook import Column, Sheet, display_width, write_workbook


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "notices")


def _json(run_cli, *args):
    result = run_cli(*args, "-f", "json")
    assert result.code == 0, result
    return json.loads(result.out)


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_extract_workbook_sheets_header_filter_types(run_cli, corpus, tmp_path):
    tasks = _json(run_cli, "--corpus", corpus, "extract")
    out = tmp_path / "台账.xlsx"
    result = run_cli("--corpus", corpus, "extract", "-f", "xlsx", "-o", out)
    assert result.code == 0 and result.out == "", result
    book = load_workbook(out)
    assert book.sheetnames == ["任务台账", "部门×文件", "文件"]
    ws = book["任务台账"]
    rows = _rows(ws)
    header = rows[0]
    assert len(rows) - 1 == len(tasks) == 12
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{len(tasks) + 1}"
    col = {name: i for i, name in enumerate(header)}
    for key in ("文件", "文号", "牵头单位", "责任单位", "参与单位", "任务", "完成时限", "截止日期"):
        assert key in col
    for task, row in zip(tasks, rows[1:]):
        assert row[col["文件"]] == task["doc"] and row[col["任务"]] == task["text"]
        assert row[col["年份"]] == task["year"] and isinstance(row[col["年份"]], int)
        assert isinstance(row[col["行号"]], int)
        assert row[col["责任单位"]] == ("、".join(task["responsible"]) or None)
        if task["due"]:
            assert isinstance(row[col["截止日期"]], datetime.datetime)
            assert row[col["截止日期"]].date().isoformat() == task["due"]
        else:
            assert row[col["截止日期"]] is None
    dated = [r for r in rows[1:] if r[col["截止日期"]] is not None]
    assert len(dated) == 6  # 2023-12-31, 2023-06-30, 2024-05-31, 2024-12-31, 2024-09-30, 2025-05-31
    text_cells = [ws.cell(r, col["任务"] + 1) for r in range(2, len(rows) + 1)]
    assert all(c.alignment.wrap_text for c in text_cells)
    assert all(ws.cell(r, col["截止日期"] + 1).number_format == "yyyy-mm-dd"
               for r in range(2, len(rows) + 1) if rows[r - 1][col["截止日期"]])


def test_no_python_literals_in_any_cell(run_cli, corpus, tmp_path):
    out = tmp_path / "x.xlsx"
    assert run_cli("--corpus", corpus, "extract", "--long", "-f", "xlsx", "-o", out).code == 0
    for ws in load_workbook(out):
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value in ("None", "True", "False", "[]"))


def test_column_widths_fit_chinese_text(run_cli, corpus, tmp_path):
    out = tmp_path / "x.xlsx"
    run_cli("--corpus", corpus, "extract", "-f", "xlsx", "-o", out)
    ws = load_workbook(out)["任务台账"]
    header = [c.value for c in ws[1]]
    width = {name: ws.column_dimensions[ws.cell(1, i + 1).column_letter].width
             for i, name in enumerate(header)}
    # 标题 2023年知识产权保护工作要点: 4 ASCII + 11 CJK = 26 columns, plus the margin
    assert width["标题"] == 26 + 2
    # the widest tasks: 26 wide characters (Chinese punctuation ，“” included), e.g.
    # 建立海外知识产权纠纷应对指导机制，发布海外风险预警。; 扩大…规模。<script>alert(1)</script> is 26 + 25
    assert width["任务"] == 2 * 26 + 2
    assert width["所属标题"] == 36 + 2  # 一、强化知识产权行政保护 > (一)… is longer: capped
    assert width["年份"] == 4 + 2  # the header 年份 is wider than 2023
    assert display_width("保护司 A") == 8 and display_width("（一）") == 6


def test_long_form_one_row_per_task_and_department(run_cli, corpus, tmp_path):
    long_rows = _json(run_cli, "--corpus", corpus, "extract", "--long")
    tasks = _json(run_cli, "--corpus", corpus, "extract")
    assert len(long_rows) == sum(len(t["lead"] + t["responsible"] + t["participant"])
                                 for t in tasks) == 18  # 9 per year
    out = tmp_path / "long.xlsx"
    run_cli("--corpus", corpus, "extract", "--long", "-f", "xlsx", "-o", out)
    rows = _rows(load_workbook(out)["任务台账"])
    assert len(rows) - 1 == len(long_rows)
    roles = [r[rows[0].index("角色")] for r in rows[1:]]
    assert set(roles) == {"牵头", "负责", "参与"}


def test_matrix_and_documents_sheets(run_cli, corpus, tmp_path):
    matrix = _json(run_cli, "--corpus", corpus, "depts")
    docs = _json(run_cli, "--corpus", corpus, "list")
    out = tmp_path / "d.xlsx"
    assert run_cli("--corpus", corpus, "depts", "-f", "xlsx", "-o", out).code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["部门×文件", "文件"]
    rows = _rows(book["部门×文件"])
    ids = [d["id"] for d in docs]
    assert rows[0] == ["部门", "已登记", "牵头", "负责", "参与", "合计", *ids]
    assert len(rows) - 1 == len(matrix)
    for want, row in zip(matrix, rows[1:]):
        assert row[0] == want["department"] and row[5] == want["total"]
        assert row[1] == ("是" if want["known"] else "否")
        for i, doc in enumerate(ids):
            count = sum(want["documents"].get(doc, {}).values())
            assert row[6 + i] == (count or None)
    listed = _rows(book["文件"])
    assert listed[0][:5] == ["文件", "标题", "文号", "日期", "年份"]
    assert [r[0] for r in listed[1:]] == ids
    assert listed[1][3] == datetime.datetime(2023, 3, 1) and listed[2][2] == "杭知发〔2024〕3号"
    assert listed[0][5] == "发布日期"  # the posting date is its own column (issue 21.7)
    assert book["文件"].freeze_panes == "A2" and book["文件"].auto_filter.ref == "A1:M3"


def test_list_and_unknown_names_as_workbooks(run_cli, corpus, tmp_path):
    out = tmp_path / "l.xlsx"
    assert run_cli("--corpus", corpus, "list", "-f", "xlsx", "-o", out).code == 0
    assert load_workbook(out).sheetnames == ["文件"]
    unknown = _json(run_cli, "--corpus", corpus, "depts", "--unknown")
    assert unknown, "the fixture names units the registry lacks"
    assert run_cli("--corpus", corpus, "depts", "--unknown", "-f", "xlsx", "-o", out).code == 0
    rows = _rows(load_workbook(out)["未登记名称"])
    assert [(r[0], r[1]) for r in rows[1:]] == [(u["name"], u["count"]) for u in unknown]


def test_workbook_on_a_pipe_and_refused_on_a_terminal(tmp_path, corpus):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPCLI_CACHE": str(tmp_path / "c")}
    piped = subprocess.run([sys.executable, "-m", "ipcli", "--corpus", str(corpus), "list",
                            "-f", "xlsx"], capture_output=True, env=env)
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"
    (tmp_path / "p.xlsx").write_bytes(piped.stdout)
    assert load_workbook(tmp_path / "p.xlsx").sheetnames == ["文件"]
    from test_cli_conventions import _in_pty
    shown = _in_pty(["--corpus", str(corpus), "extract", "-f", "xlsx"], env).decode()
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "-o FILE" in lines[0], shown


def test_output_option_for_data_formats_and_not_for_tables(run_cli, tmp_path):
    out = tmp_path / "tasks.json"
    assert run_cli("--corpus", SEEDS, "extract", "--dept", "保护司", "-f", "json", "-o", out).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))
    result = run_cli("--corpus", SEEDS, "list", "-o", tmp_path / "x.txt")
    assert result.code == 2 and "Hint:" in result.err and not (tmp_path / "x.txt").exists()


def test_cells_that_excel_would_misread_or_refuse(tmp_path):
    rows = [{"a": "=HYPERLINK(\"http://x\")", "b": "响\x07铃", "c": "长" * 40_000, "d": None,
             "e": True, "f": ["保护司", "条法司"], "g": "2023-02-30"}]
    columns = [Column("a", "公式"), Column("b", "控制字符"), Column("c", "长文本", "wrap"),
               Column("d", "空"), Column("e", "是否"), Column("f", "列表"),
               Column("g", "日期", "date")]
    out = tmp_path / "t.xlsx"
    with open(out, "wb") as stream:
        write_workbook([Sheet("表", columns, rows)], stream)
    ws = load_workbook(out)["表"]
    values = [c.value for c in ws[2]]
    assert ws.cell(2, 1).data_type == "s" and values[0].startswith("=HYPERLINK")
    assert values[1] == "响_x0007_铃"
    assert len(values[2]) == workbook.MAX_CELL and values[2].endswith("完整内容见 -f json)")
    assert values[3] is None and values[4] == "是" and values[5] == "保护司、条法司"
    assert values[6] == "2023-02-30"  # not a date: kept as printed


def test_rows_beyond_excel_continue_on_another_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    out = tmp_path / "t.xlsx"
    with open(out, "wb") as stream:
        write_workbook([Sheet("任务台账", [Column("n", "序号", "int")],
                              [{"n": i} for i in range(7)])], stream)
    book = load_workbook(out)
    assert book.sheetnames == ["任务台账", "任务台账 (2)", "任务台账 (3)"]
    assert [[c.value for c in r] for r in book["任务台账 (3)"].iter_rows()] == [["序号"], [6]]


def test_a_workbook_imports_no_segmenter_template_engine_or_rich(tmp_path, corpus):
    from test_cli_conventions import _imported
    modules = _imported(["--corpus", str(corpus), "extract", "-f", "xlsx", "-o",
                         str(tmp_path / "t.xlsx")], tmp_path)
    assert "openpyxl" in modules and "ipcli.report.workbook" in modules
    assert not {"jieba", "jinja2", "rich"} & modules
