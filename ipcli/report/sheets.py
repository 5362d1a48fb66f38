"""The sheets of ipcli's workbooks: the ledger (任务台账), the department × document
matrix, the documents and the unknown names.

``ledger_workbook(rows, fields, matrix_rows, doc_rows)`` → the three sheets of
``ipcli extract -f xlsx``: 任务台账 (one row per task, or per task × department
with ``--long``; headers 文件, 标题, 文号, …, 牵头单位, 责任单位, 参与单位, 任务, 完成时限,
截止日期), 部门×文件 (``ipcli depts``: 知识产权保护司 with its 牵头/负责/参与 counts and its
tasks per document) and 文件 (title, 文号, date, counts). Roles are shown in
Chinese (lead → 牵头); the ``due`` column holds Excel dates.
"""
from __future__ import annotations

from typing import Any

from .workbook import MAX_COLUMNS, Column, Sheet

ROLE_LABELS = {"lead": "牵头", "responsible": "负责", "participant": "参与"}
KIND_LABELS = {"task": "任务", "mention": "提及"}
_TASK_COLUMNS = [
    Column("doc", "文件", cap=28), Column("title", "标题", cap=36),
    Column("doc_number", "文号", cap=24), Column("year", "年份", "int"),
    Column("node", "条目", cap=10), Column("heading", "所属标题", cap=36),
    Column("kind", "类型", "label", labels=KIND_LABELS),
    Column("role", "角色", "label", labels=ROLE_LABELS), Column("department", "部门", cap=24),
    Column("canonical", "规范名称", cap=24), Column("co_departments", "协同部门", cap=36),
    Column("lead", "牵头单位", cap=30), Column("responsible", "责任单位", cap=30),
    Column("participant", "参与单位", cap=30), Column("dept_kind", "部门类别", cap=14),
    Column("text", "任务", "wrap", cap=60), Column("tag", "分工标注", cap=36),
    Column("deadline", "完成时限", cap=20), Column("due", "截止日期", "date"),
    Column("note", "备注", cap=30), Column("line", "行号", "int"),
]
_DOCUMENT_COLUMNS = [
    Column("id", "文件", cap=28), Column("title", "标题", cap=50),
    Column("doc_number", "文号", cap=24), Column("date", "日期", "date"),
    Column("year", "年份", "int"), Column("published", "发布日期", "date"),
    Column("script", "字形", "label", labels={"simplified": "简体", "traditional": "繁体"}),
    Column("sections", "一级标题", "int"), Column("subsections", "二级标题", "int"),
    Column("items", "条目", "int"), Column("tasks", "任务", "int"),
    Column("warnings", "警告", "int"), Column("path", "路径", cap=40),
]
_MATRIX_COLUMNS = [
    Column("department", "部门", cap=30), Column("known", "已登记"),
    Column("lead", "牵头", "int"), Column("responsible", "负责", "int"),
    Column("participant", "参与", "int"), Column("total", "合计", "int"),
]


def task_sheet(rows: list[dict[str, Any]], fields: list[str]) -> Sheet:
    """任务台账: the ledger rows, in the order of ``fields`` (``TASK_FIELDS`` or
    ``LONG_FIELDS``); fields without a column definition are shown as they are."""
    known = {c.key: c for c in _TASK_COLUMNS}
    return Sheet("任务台账", [known.get(f, Column(f, f)) for f in fields], rows)


def documents_sheet(rows: list[dict[str, Any]]) -> Sheet:
    """文件: one row per document (``Entry.row()``)."""
    return Sheet("文件", _DOCUMENT_COLUMNS, rows)


def matrix_sheet(rows: list[dict[str, Any]], doc_ids: list[str]) -> Sheet:
    """部门×文件: a department per row, its role counts, then its tasks in each
    document (an empty cell for none). More documents than Excel has columns give
    one row per department × document instead."""
    if len(doc_ids) + len(_MATRIX_COLUMNS) > MAX_COLUMNS:
        return _matrix_long(rows)
    flat = [{**r, **{f"doc:{i}": sum(d.values()) or None
                     for i, d in r["documents"].items()}} for r in rows]
    columns = _MATRIX_COLUMNS + [Column(f"doc:{i}", i, "int", cap=20) for i in doc_ids]
    return Sheet("部门×文件", columns, flat)


def _matrix_long(rows: list[dict[str, Any]]) -> Sheet:
    flat = [{"department": r["department"], "known": r["known"], "doc": doc, **counts,
             "total": sum(counts.values())}
            for r in rows for doc, counts in r["documents"].items()]
    columns = [_MATRIX_COLUMNS[0], _MATRIX_COLUMNS[1], Column("doc", "文件", cap=28),
               *_MATRIX_COLUMNS[2:]]
    return Sheet("部门×文件", columns, flat)


def unknown_sheet(rows: list[dict[str, Any]]) -> Sheet:
    """未登记名称: names in markers the registry does not know, where they occur."""
    return Sheet("未登记名称", [Column("name", "名称", cap=30), Column("count", "次数", "int"),
                           Column("places", "位置", "wrap", cap=60)], rows)
