"""Tables in the tree (parse/tables.py, parse/held.py) and PDF line joining (pdflayout)."""
from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcli.errors import InputError
from ipcli.model import Document, rebuild_text
from ipcli.parse.parser import parse_bytes
from ipcli.parse.punctuation import punctuate
from ipcli.parse.registry import Registry
from ipcli.parse.tables import column_roles, department_names, header_row
from ipcli.readers.dispatch import read
from ipcli.readers.pdflayout import Joiner, PdfLine, furniture, join
from ipcli.text.normalize import normalize


@pytest.mark.parametrize("header, roles", [
    (["序号", "重点任务", "牵头单位", "责任单位", "完成时限"],
     ["number", "task", "lead", "responsible", "deadline"]),
    (["序號", "工作任務", "牽頭部門", "配合部門", "完成時間"],  # Traditional (as normalised)
     ["number", "task", "lead", "participant", "deadline"]),
    (["编号", "具体措施", "牵头单位(部门)", "协办单位", "时间节点"],
     ["number", "task", "lead", "participant", "deadline"]),
    (["地区", "人口", "备注"], [None, None, None]),
])
def test_headers_are_recognised_by_meaning(header, roles):
    assert column_roles([normalize(h).text for h in header]) == roles


def test_the_header_row_is_found_below_a_title_row():
    rows = [["2023年分工表", "", "", ""], ["序号", "任务", "牵头单位", "完成时限"], ["1", "甲", "乙", "丙"]]
    assert header_row(rows)[0] == 1
    assert header_row([["地区", "人口"], ["北京", "2000"]]) == (0, [None, None])


def test_department_cells_split_like_tag_lists():
    registry = Registry.shared()
    assert department_names("条法司、公共服务司", registry) == ["条法司", "公共服务司"]
    assert department_names("保护司\n商标局", registry) == ["保护司", "商标局"]
    assert department_names("文化和旅游部", registry) == ["文化和旅游部"]
    assert department_names("保护司和商标局等单位", registry) == ["保护司", "商标局"]


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, rows):
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    return table


def test_text_continuing_after_a_table_becomes_its_own_paragraph():
    def build(document):
        document.add_paragraph("一、重点任务")
        document.add_paragraph("(一)落实分工。各单位按下表分工落实:")
        _table(document, [["序号", "重点任务", "牵头单位"], ["1", "加强保护。", "保护司"],
                          ["2", "完善制度。", "条法司"]])
        document.add_paragraph("以上任务年底前完成。(办公室负责)")
        document.add_paragraph("(二)抓好落实。(运用促进司负责)")
    data = _docx(build)
    parsed = parse_bytes(data, "x", path="x.docx")
    kinds = [(n.id, n.kind) for n in parsed.nodes]
    assert ("t1", "table") in kinds
    after = next(n for n in parsed.walk() if n.text.startswith("以上任务"))
    assert after.kind == "paragraph" and after.tasks[0].departments[0].name == "办公室"
    assert parsed.find("1.1").text == "落实分工。各单位按下表分工落实："  # cut before the table
    assert parsed.find("1.2").tasks[0].departments[0].canonical == "知识产权运用促进司"
    assert rebuild_text(parsed) == punctuate(normalize(read(data, "x.docx").text).text)
    assert [r.tasks[0].departments[0].role for r in parsed.find("t1").children] == ["lead", "lead"]


def test_a_table_without_recognised_headers_has_rows_but_no_tasks():
    data = _docx(lambda d: _table(d, [["地区", "人口"], ["北京", "2189万"], ["上海", "2487万"]]))
    parsed = parse_bytes(data, "x", path="x.docx")
    table = parsed.find("t1")
    assert table.text == "地区 | 人口" and [r.cells for r in table.children] == [
        {"地区": "北京", "人口": "2189万"}, {"地区": "上海", "人口": "2487万"}]
    assert not [t for n in parsed.walk() for t in n.tasks]


def test_only_rows_print_cells_and_documents_round_trip():
    data = _docx(lambda d: _table(d, [["序号", "重点任务", "责任单位", "配合单位"],
                                      ["1", "推进。", "保护司", "商标局"]]))
    parsed = parse_bytes(data, "x", path="x.docx")
    as_dict = parsed.to_dict()
    table = as_dict["nodes"][0]
    assert "cells" not in table and table["children"][0]["cells"]["配合单位"] == "商标局"
    assert list(table["children"][0]) == ["id", "kind", "label", "number", "title", "text",
                                          "lines", "cells", "tasks", "children"]
    assert Document.from_dict(as_dict) == parsed
    roles = [(d.name, d.role) for d in parsed.find("t1.r1").tasks[0].departments]
    assert roles == [("保护司", "responsible"), ("商标局", "participant")]  # as (保护司负责,商标局配合)


def test_unknown_units_in_a_table_warn_like_tags():
    data = _docx(lambda d: _table(d, [["序号", "重点任务", "牵头单位"], ["1", "推进。", "某某处"],
                                      ["2", "落实。", "保护司"]]))
    warnings = parse_bytes(data, "x", path="x.docx").warnings
    assert [(w.code, w.snippet) for w in warnings] == [("unknown-department", "某某处")]


# --- PDF lines -------------------------------------------------------------------------
def line(text, page=1, x0=70.0, x1=520.0, top=100.0, size=12.0, red=False) -> PdfLine:
    return PdfLine(text, page, x0, x1, top, top + size, size, red)


def test_page_numbers_running_headers_and_the_red_header_are_furniture():
    lines = [line("国家知识产权局文件", top=40, red=True, size=26, x0=150, x1=440),
             line("正文第一行。", top=120),
             line("— 1 —", top=790, x0=280, x1=310),
             line("年度工作指引", page=2, top=40, x0=250, x1=340),
             line("正文。", page=2, top=120),
             line("第2页 共3页", page=2, top=790),
             line("年度工作指引", page=3, top=40, x0=250, x1=340),
             line("3/3", page=3, top=800)]
    assert furniture(lines) == {0: "red-header", 2: "page-number", 3: "running-header",
                                5: "page-number", 6: "running-header", 7: "page-number"}


def test_broken_lines_rejoin_unless_the_layout_says_a_paragraph_ends():
    lines = [line("一、总体要求", x1=150, top=100),
             line("加强知识产权保护,完善", x0=94, top=120),  # indented: starts a paragraph
             line("制度体系。", x1=130, top=140),           # continues; stops short
             line("(一)指导思想", x1=160, top=160),         # a marker
             line("以习近平新时代中国特色社会主义", x0=94, top=180),
             line("思想为指导,全面贯彻。", page=2, top=100)]  # goes on over the page break
    joiner = Joiner(lines)
    decisions = [joiner.continues(a, b) for a, b in zip(lines, lines[1:])]
    assert decisions == [False, True, False, False, True]
    assert join("知识产", "权保护") == "知识产权保护"
    assert join("see the IPRdaily", "website") == "see the IPRdaily website"
    assert join("知識(c", "hǎn)權") == "知識(chǎn)權"


_CELLS = ["", "序号", "重点任务", "牵头单位", "责任单位", "完成时限", "1", "加强保护。", "保护司",
          "条法司、商标局", "2023年底前", "一、总体要求", "(一)推进。(办公室负责)", "某某处"]


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_any_word_table_parses_without_losing_text(data):
    """Word tables of any shape, with merges anywhere, between paragraphs: parsing never
    fails and rebuilds the text read."""
    rows = data.draw(st.integers(1, 5))
    cols = data.draw(st.integers(1, 4))
    texts = data.draw(st.lists(st.sampled_from(_CELLS), min_size=rows * cols,
                               max_size=rows * cols))
    merges = data.draw(st.lists(st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1),
                                          st.integers(0, rows - 1), st.integers(0, cols - 1)),
                                max_size=3))

    def build(document):
        document.add_paragraph(data.draw(st.sampled_from(_CELLS)))
        table = document.add_table(rows=rows, cols=cols)
        for k, text in enumerate(texts):
            table.cell(k // cols, k % cols).text = text
        for r1, c1, r2, c2 in merges:
            try:
                table.cell(r1, c1).merge(table.cell(r2, c2))
            except Exception:  # python-docx refuses overlapping merges; so would Word
                pass
        document.add_paragraph(data.draw(st.sampled_from(_CELLS)))
    payload = _docx(build)
    try:
        reading = read(payload, "x.docx")
    except InputError:  # only when there is no text at all
        assert not any(texts)
        return
    parsed = parse_bytes(payload, "x", path="x.docx")
    assert rebuild_text(parsed) == punctuate(normalize(reading.text).text)
    assert not [w for w in parsed.warnings if w.code == "internal-error"]
