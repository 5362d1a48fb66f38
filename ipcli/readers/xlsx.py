"""XLSX → numbered lines with openpyxl (read-only): every sheet a table.

Rows before the first row with two filled cells (a title merged across the
sheet, ``2023年重点工作任务分工表``) are lines before the table; from there on
the sheet is a grid, merged ranges carried into every cell they cover (read-only
mode does not expose them, so ``<mergeCells>`` is read from the sheet's XML).
A sheet with one column is read as lines. Cached formula values are read (not
formulas); a formula without a cached value (a workbook written by a script and
never opened in Excel: ``=SUM(10,20)`` reads as nothing) keeps its formula as the
cell's text and gets a ``formula-without-value`` warning in ``Reading.warnings``.
Whole-number floats print as integers, dates as ISO dates.

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
    merged, formulas = _sheet_xml(sheet)
    unvalued = {}  # (row, column) → formula, for cells that read as nothing
    for (r, c), formula in formulas.items():
        if r >= len(rows) or c >= len(rows[r]) or not rows[r][c]:
            unvalued[r, c] = formula
            rows += [[] for _ in range(r + 1 - len(rows))]
            rows[r] += [""] * (c + 1 - len(rows[r]))
            rows[r][c] = formula
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    own = [[True] * width for _ in rows]
    for top, left, bottom, right in merged:
        value = rows[top][left] if top < len(rows) and left < width else ""
        for r in range(top, min(bottom + 1, len(rows))):
            for c in range(left, min(right + 1, width)):
                if (r, c) != (top, left):
                    rows[r][c], own[r][c] = value, False
    start = next((r for r, row in enumerate(rows) if sum(1 for c, v in enumerate(row)
                                                          if v and own[r][c]) >= 2), None)
    lines: dict[int, int | None] = {}
    for r in range(len(rows) if start is None else start):
        text = " ".join(v for c, v in enumerate(rows[r]) if v and own[r][c])
        if text:
            lines[r] = out.line(text)
    if start is not None:
        table = out.table(rows[start:], own[start:], where=f"sheet {sheet.title}")
        lines.update(enumerate(table.lines, start=start))
    for (r, c), formula in sorted(unvalued.items()):
        out.warn("formula-without-value", lines.get(r),
                 f"sheet {sheet.title} cell {_letters(c)}{r + 1}: the formula has no saved value "
                 "(the workbook was not recalculated); its formula is kept as the cell's text "
                 "(open and save it in Excel or LibreOffice to keep the value)", formula)


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


def _sheet_xml(sheet) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], str]]:
    """From the sheet's XML: merged ranges as 0-based (top, left, bottom, right), and
    the formulas without a cached value by 0-based (row, column), as ``=SUM(10,20)``
    (a shared formula's follower, which has no text of its own, as ``=(shared formula)``)."""
    from lxml import etree
    merged, formulas = [], {}
    row, column = -1, -1
    formula = value = None
    source = sheet._get_source()  # openpyxl's own accessor for the sheet part
    try:
        for event, element in etree.iterparse(source, events=("start", "end"),
                                              resolve_entities=False, no_network=True,
                                              huge_tree=True):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "row":  # cells may leave out their reference (r="B3")
                    number = element.get("r")
                    row = int(number) - 1 if number and number.isdigit() else row + 1
                    column = -1
                continue
            if tag == "f":
                formula = element.text or ""
            elif tag == "v":
                value = element.text or ""
            elif tag == "c":
                at = _REF.match((element.get("r") or "").upper())
                row, column = (int(at.group(2)) - 1, _column(at.group(1))) if at else \
                    (max(row, 0), column + 1)
                if formula is not None and not value:
                    formulas[row, column] = "=" + (formula or "(shared formula)")
                formula = value = None
            elif tag == "mergeCell":
                span = _span(element.get("ref", ""))
                if span:
                    merged.append(span)
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError:
        pass  # the cells were read already; merges and formulas are a refinement
    finally:
        source.close()
    return merged, formulas


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


def _letters(column: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
