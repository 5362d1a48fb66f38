"""XLSX → numbered lines with openpyxl (read-only): every sheet a table.

Rows before the first row with two filled cells (a title merged across the
sheet, ``2023年重点工作任务分工表``) are lines before the table; from there on
the sheet is a grid, merged ranges carried into every cell they cover (read-only
mode does not expose them, so ``<mergeCells>`` is read from the sheet's XML).
A sheet with one column is read as lines. Cached formula values are read (not
formulas); whole-number floats print as integers, dates as ISO dates.

Lines are numbered 1, 2, 3… over the sheets in workbook order.
"""
from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

from ..errors import InputError
from .reading import Reading, ReadingBuilder, clean_cell, require

_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def read_xlsx(data: bytes, name: str = "workbook.xlsx") -> Reading:
    """The lines and tables of an .xlsx workbook; ``InputError`` if it cannot be opened."""
    openpyxl = require("openpyxl", "openpyxl", ".xlsx files")
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise InputError(f"{name}: cannot open as an Excel workbook ({type(exc).__name__}: {exc})",
                         "open it in Excel or LibreOffice and save it again as .xlsx") from None
    out = ReadingBuilder()
    try:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                _sheet(sheet, out)
    finally:
        book.close()
    return out.build("xlsx")


def _sheet(sheet, out: ReadingBuilder) -> None:
    sheet.reset_dimensions()  # trust the cells, not a stale <dimension>
    rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    own = [[True] * width for _ in rows]
    for top, left, bottom, right in _merged(sheet):
        value = rows[top][left] if top < len(rows) and left < width else ""
        for r in range(top, min(bottom + 1, len(rows))):
            for c in range(left, min(right + 1, width)):
                if (r, c) != (top, left):
                    rows[r][c], own[r][c] = value, False
    start = next((r for r, row in enumerate(rows) if sum(1 for c, v in enumerate(row)
                                                          if v and own[r][c]) >= 2), None)
    for r in range(len(rows) if start is None else start):
        text = " ".join(v for c, v in enumerate(rows[r]) if v and own[r][c])
        if text:
            out.line(text)
    if start is not None:
        out.table(rows[start:], own[start:], where=f"sheet {sheet.title}")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return clean_cell(str(value))


def _merged(sheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges as 0-based (top, left, bottom, right), from the sheet's XML."""
    from lxml import etree
    found = []
    source = sheet._get_source()  # openpyxl's own accessor for the sheet part
    try:
        for _, element in etree.iterparse(source, events=("end",), resolve_entities=False,
                                          no_network=True, huge_tree=True):
            if element.tag.endswith("}mergeCell"):
                span = _span(element.get("ref", ""))
                if span:
                    found.append(span)
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError:
        pass  # the cells were read already; merges are a refinement
    finally:
        source.close()
    return found


def _span(ref: str) -> tuple[int, int, int, int] | None:
    corners = [_REF.match(part) for part in ref.upper().split(":")]
    if len(corners) != 2 or not all(corners):
        return None
    (c1, r1), (c2, r2) = ((_column(m.group(1)), int(m.group(2)) - 1) for m in corners)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _column(letters: str) -> int:
    n = 0
    for char in letters:
        n = n * 26 + ord(char) - 64
    return n - 1
