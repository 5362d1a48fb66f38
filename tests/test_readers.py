"""Word, PDF and Excel notices parse to the same tasks as their text version.

The fixtures in tests/fixtures/readers/ are made by make_fixtures.py (see its
docstring): each document exists as .txt and as .docx/.pdf/.xlsx(/.html).
"""
from __future__ import annotations

import functools
import io
import json
import zipfile
from pathlib import Path

import pytest

from ipcli.errors import InputError
from ipcli.model import rebuild_text
from ipcli.parse.parser import parse_bytes, parse_file
from ipcli.parse.punctuation import punctuate
from ipcli.readers.dispatch import read
from ipcli.text.normalize import normalize

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"


@functools.lru_cache(maxsize=None)
def doc(name: str):
    return parse_file(FIXTURES / name)


def assignments(document) -> list[tuple]:
    """Every task as (departments with canonical names and roles, deadline)."""
    return [(tuple((d.name, d.canonical, d.role) for d in t.departments), t.deadline)
            for n in document.walk() for t in n.tasks]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_the_guideline_gives_the_same_tasks_in_every_format(fmt):
    text, other = doc("guideline.txt"), doc(f"guideline.{fmt}")
    assert len(assignments(text)) == 18
    assert assignments(other) == assignments(text)
    assert [t.text for n in other.walk() for t in n.tasks] == \
        [t.text for n in text.walk() for t in n.tasks]
    assert [n.id for n in other.walk() if n.tasks] == [n.id for n in text.walk() if n.tasks]
    assert other.meta.doc_number == text.meta.doc_number == "国知发运字〔2020〕13号"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "html"])
def test_the_fengong_table_gives_the_same_tasks_as_its_tags(fmt):
    text, table = doc("fengong.txt"), doc(f"fengong.{fmt}")
    expected = assignments(text)
    assert len(expected) == 5 and expected[2] == (
        (("保护司", "知识产权保护司", "lead"), ("商标局", "商标局", "responsible")), "2023年12月底前")
    assert assignments(table) == expected
    rows = [n for n in table.walk() if n.kind == "row" and n.tasks]
    assert [r.tasks[0].text for r in rows][:2] == ["推动专利法实施细则修改配套规章制定。",
                                                  "完善知识产权侵权纠纷行政裁决制度。"]
    # the same task texts and ISO due dates as the (X牵头,Y负责,…) version
    tasks = [(t.text, t.due) for n in text.walk() for t in n.tasks]
    assert [(t.text, t.due) for r in rows for t in r.tasks] == tasks
    assert tasks[0] == ("推动专利法实施细则修改配套规章制定。", "2023-06-30")


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()
                                        if p.name != "scanned.pdf"))
def test_nothing_is_lost_and_text_rebuilds(name):
    data = (FIXTURES / name).read_bytes()
    reading = read(data, name, path=name)
    document = parse_bytes(data, "x", path=name)
    assert rebuild_text(document) == punctuate(normalize(reading.text).text)
    assert document.source.format == name.rsplit(".", 1)[1].replace("txt", "text")


def test_pdf_paragraphs_are_the_texts_paragraphs_without_the_furniture():
    document = doc("guideline.pdf")
    furniture = [d for d in document.dropped if d.reason in ("page-number", "running-header")]
    assert len(furniture) >= 10  # 9 pages: — N — and the running header on each
    assert {d.reason for d in furniture} == {"page-number", "running-header"}
    assert any(d.text == "— 3 —" for d in furniture)
    shown = {n for d in furniture for n in range(d.lines[0], d.lines[1] + 1)}
    reading = read((FIXTURES / "guideline.pdf").read_bytes(), "guideline.pdf")
    norm = normalize(reading.text)
    body = [line for n, line in zip(norm.line_numbers, norm.lines, strict=True) if n not in shown]
    text = (FIXTURES / "guideline.txt").read_text(encoding="utf-8")
    assert body == normalize(text).lines  # broken lines re-joined into the same paragraphs


def test_pdf_red_header_and_page_x_of_y_are_dropped_with_reasons():
    dropped = {d.reason: d.text for d in doc("fengong.pdf").dropped}
    assert dropped["red-header"] == "国家知识产权局办公室文件"
    assert dropped["page-number"] == "第1页 共1页"


def test_an_image_only_pdf_is_refused(run_cli):
    result = run_cli("parse", FIXTURES / "scanned.pdf")
    assert result.code == 2 and result.out == ""
    assert "no text layer; OCR it first" in result.err and "Hint:" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_docx_numbering_from_a_list_style_and_its_header_and_footer():
    document = doc("guideline.docx")
    sections = [n for n in document.walk() if n.kind == "section"]
    assert [n.label for n in sections] == ["一、", "二、", "三、", "四、", "五、"]
    assert sections[0].title == "总体要求"
    reasons = {d.reason: d.text for d in document.dropped}
    assert reasons["page-header"] == "推动知识产权高质量发展年度工作指引"
    assert reasons["page-footer"] == "— 1 —"


def test_docx_and_xlsx_merged_cells_are_carried_into_every_row():
    for name in ("fengong.docx", "fengong.xlsx"):
        rows = [n for n in doc(name).walk() if n.kind == "row"]
        third = next(r for r in rows if r.number == 3)
        assert third.cells["牵头单位"] == "保护司" and third.cells["完成时限"] == "2023年12月底前"
        assert "保护司" not in third.text  # printed once, in the row where the merge starts
        group = next(r for r in rows if r.number is None)
        assert group.text == "一、健全知识产权保护制度" and not group.tasks


def test_xlsx_headers_in_traditional_script_are_recognised():
    table = next(n for n in doc("fengong.xlsx").walk() if n.kind == "table")
    assert table.text == "序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限"  # from 序號 | 重點任務…
    assert table.title == "2023年知识产权保护重点工作任务分工表"  # the merged title row


def test_keep_script_keeps_table_cells_as_printed():
    document = parse_file(FIXTURES / "fengong.xlsx", keep_script=True)
    row = next(n for n in document.walk() if n.kind == "row" and n.number == 2)
    assert row.cells["牽頭單位"] == "保護司"
    assert row.tasks[0].departments[0].name == "保護司"
    assert row.tasks[0].departments[0].canonical == "知识产权保护司"



def test_xlsx_formula_without_a_saved_value_keeps_its_formula_and_warns():
    """A workbook written by a script (openpyxl, pandas) and never opened in Excel has
    formulas but no saved values: read for values only, the cells would vanish."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分工表"
    sheet.append(["2023年知识产权保护重点工作任务分工表"])
    sheet.append(["序号", "重点任务", "牵头单位", "经费(万元)"])
    sheet.append([1, "加强知识产权行政保护,开展专项整治。", "保护司", "=SUM(10,20)"])
    sheet.append(["=ROW()-2", "完善知识产权纠纷多元化解机制。", "条法司", 30])
    buffer = io.BytesIO()
    book.save(buffer)
    reading = read(buffer.getvalue(), "fengong.xlsx")
    lines = reading.text.split("\n")
    assert lines[2] == "1 | 加强知识产权行政保护,开展专项整治。 | 保护司 | =SUM(10,20)"
    assert lines[3] == "=ROW()-2 | 完善知识产权纠纷多元化解机制。 | 条法司 | 30"
    assert [(w.code, w.line, w.snippet) for w in reading.warnings] == [
        ("formula-without-value", 3, "=SUM(10,20)"), ("formula-without-value", 4, "=ROW()-2")]
    assert "分工表 cell D3" in reading.warnings[0].message
    document = parse_bytes(buffer.getvalue(), "x", path="x.xlsx")
    rows = [n for n in document.walk() if n.kind == "row"]
    assert rows[0].cells["经费（万元）"] == "=SUM(10,20)" and rows[1].tasks[0].departments[0].name == "条法司"
    assert [w.line for w in document.warnings if w.code == "formula-without-value"] == [3, 4]


def test_xlsx_formulas_with_saved_values_read_as_values():
    for name in ("fengong.xlsx",):
        assert read((FIXTURES / name).read_bytes(), name).warnings == []


# --- choosing by content; formats ipcli cannot read --------------------------------------
def test_a_pdf_named_txt_is_read_as_a_pdf():
    data = (FIXTURES / "fengong.pdf").read_bytes()
    assert parse_bytes(data, "x", path="attachment.txt").source.format == "pdf"


@pytest.mark.parametrize("data, name, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "通知.doc", ["Word 97-2003", "soffice"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "通知.wps", ["WPS", "--convert-to docx"]),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "scan.png", ["image (PNG)", "OCR it first"]),
    (b"\xff\xd8\xff\xe0" + bytes(64), "scan.jpg", ["image (JPEG)", "OCR"]),
])
def test_unreadable_formats_are_named_with_a_conversion_hint(data, name, words):
    with pytest.raises(InputError) as caught:
        read(data, name)
    said = caught.value.message + " " + caught.value.hint
    assert all(word in said for word in words), said


@pytest.mark.parametrize("name, words", [
    ("关于印发分工方案的通知.docx", ["not a valid Word document (.docx)", "save it again as .docx"]),
    ("分工表.xlsx", ["not a valid Excel workbook (.xlsx)", "Excel or WPS"]),
    ("附件1.pdf", ["not a valid PDF file", "download it again"]),
    ("附件2.doc", ["not a valid Word 97-2003 document (.doc)", "save it again as .docx"]),
])
def test_random_bytes_named_as_a_binary_format_are_no_valid_file_of_that_kind(name, words):
    with pytest.raises(InputError) as caught:
        read(bytes(range(256)) * 8, name)  # neither the format's signature nor text
    said = caught.value.message + " " + caught.value.hint
    assert all(word in said for word in words) and "plain-text" not in said, said
    assert caught.value.message.startswith(f"{name} is not a valid ") and "NUL byte" in said


def test_a_text_notice_named_docx_is_still_read_as_text():
    text = "2023年知识产权保护工作要点\n一、加强保护\n(一)完善行政裁决制度。(保护司负责)\n"
    assert read(text.encode("gb18030"), "要点.docx").format == "text"


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_ofd_damaged_docx_and_plain_zip_are_one_line_errors(run_cli, tmp_path):
    cases = {"a.ofd": _zip({"OFD.xml": b"<ofd/>"}), "b.docx": _zip({"word/document.xml": b"<w:"}),
             "c.zip": _zip({"x.txt": b"1"}), "d.docx": b"PK\x03\x04broken",
             "e.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF",
             "f.xlsx": _zip({"xl/workbook.xml": b"<workbook/>"})}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = run_cli("parse", tmp_path / name)
        assert result.code == 2 and "Traceback" not in result.err, (name, result.err)
        assert result.err.startswith("Error:") and len(result.err.strip().splitlines()) == 1
    assert "OFD" in run_cli("parse", tmp_path / "a.ofd").err


def test_a_mixed_corpus_reads_every_format_and_reports_the_rest(run_cli, tmp_path):
    for source in FIXTURES.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run_cli("--corpus", tmp_path, "list", "-f", "json")
    ids = {row["id"] for row in json.loads(result.out)}
    assert result.code == 0 and {"fengong.docx", "fengong.pdf", "fengong.xlsx", "fengong.txt",
                                 "guideline.pdf"} <= ids
    skipped = [line for line in result.err.splitlines() if "skipping" in line]
    assert len(skipped) == 3  # old.doc, photo.png, scanned.pdf: each on one line
    assert any("old.doc" in s and "soffice --headless --convert-to docx" in s for s in skipped)
    assert any("scanned.pdf" in s and "no text layer" in s for s in skipped)
    extract = run_cli("--corpus", tmp_path, "extract", "--dept", "商标局", "-f", "json")
    docs = {row["doc"] for row in json.loads(extract.out)}
    assert {"fengong.docx", "fengong.pdf", "fengong.xlsx", "fengong.html", "fengong.txt"} <= docs


def test_parse_warns_that_encoding_is_ignored_for_binary_formats(run_cli):
    result = run_cli("parse", FIXTURES / "fengong.docx", "--encoding", "gb18030", "-f", "text")
    assert result.code == 0 and "--encoding is ignored" in result.err
    assert "1 | 推动专利法实施细则修改配套规章制定。 | 条法司 | 保护司 | 2023年6月底前" in result.out
    assert "— 1 —" in result.out  # the footer, dropped but part of the rebuilt text
    plain = run_cli("parse", FIXTURES / "fengong.txt", "--encoding", "gb18030", "-f", "text")
    assert plain.code == 0 and "ignored" not in plain.err


@pytest.mark.parametrize("args", [["list", "-f", "json"], ["extract", "--dept", "保护司", "-f", "json"],
                                  ["parse", "seeds/cnipa-2022-work-points.txt", "-f", "json"]])
def test_text_only_commands_import_no_reader_library(args, tmp_path):
    from test_cli_conventions import _imported
    modules = _imported(args, tmp_path)
    assert "ipcli.cli.app" in modules
    heavy = {"docx", "pdfplumber", "pdfminer", "openpyxl", "lxml", "pypdfium2"} & {
        m.split(".")[0] for m in modules}
    assert not heavy, heavy


def test_reading_a_docx_imports_python_docx_but_not_pdf_or_excel(tmp_path):
    from test_cli_conventions import _imported
    modules = {m.split(".")[0] for m in _imported(
        ["parse", str(FIXTURES / "fengong.docx"), "-f", "json"], tmp_path)}
    assert "docx" in modules and not {"pdfplumber", "pdfminer", "openpyxl"} & modules


@pytest.mark.parametrize("caption", ["2023年知识产权保护重点任务分工表",
                                     "2023年度知識產權工作任務台賬"])
def test_a_task_table_issued_on_its_own_is_titled_by_its_caption(tmp_path, caption):
    """A Word 分工表 with a caption and a table: the caption went to ``dropped`` as
    ``site-header``, so the document had no title and no year (absent from ``list
    2023``, ``extract 2023`` and the report)."""
    import docx
    made = docx.Document()
    made.add_paragraph(caption)
    table = made.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "完善行政裁决制度。", "保护司"], strict=True):
        cell.text = text
    made.save(tmp_path / "fg.docx")
    document = parse_file(tmp_path / "fg.docx")
    assert document.meta.title and document.meta.title.startswith("2023年")
    assert document.meta.year == 2023
    assert not [d for d in document.dropped if d.reason == "site-header"]
    assert [t.text for n in document.walk() for t in n.tasks] == ["完善行政裁决制度。"]
