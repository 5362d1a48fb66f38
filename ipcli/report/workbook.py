"""Sheets → an .xlsx workbook (openpyxl, write-only): what an analyst opens in Excel.

``write_workbook([Sheet("任务台账", [Column("text", "任务", "wrap")], rows)], stream)``
writes each sheet with its header row frozen, an auto-filter over the data, column
widths fitted to the text (a CJK character counts double: ``知识产权保护司`` is 14
wide), wrapped long text, ISO dates (``2023-12-31``) as Excel dates and whole
numbers as numbers. Empty values (``None``, ``[]``) are empty cells, never the
text ``None``; lists are joined with ``、``; a string starting with ``=`` stays
text (no formula injection); characters XML cannot hold become ``_x0007_``, as
Excel itself writes them; text beyond Excel's 32,767 characters per cell is cut
with a note; a sheet beyond 1,048,575 data rows continues on ``任务台账 (2)``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

MAX_ROWS = 1_048_575  # Excel's rows, less the header
MAX_COLUMNS = 16_384
MAX_CELL = 32_767
SAMPLED = 2_000  # rows looked at to fit column widths
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Column:
    """One column: the row key, its header, how values are written, the widest it gets.

    ``kind``: ``text``, ``wrap`` (long text, wrapped), ``int``, ``date`` (ISO text →
    Excel date), or ``label`` (``labels`` maps values, e.g. lead → 牵头)."""

    key: str
    label: str
    kind: str = "text"
    cap: int = 30
    labels: dict = field(default_factory=dict)


@dataclass
class Sheet:
    title: str  # at most 31 characters, none of []:*?/\
    columns: list[Column]
    rows: list[dict]


def write_workbook(sheets: Iterable[Sheet], stream) -> None:
    """Write the sheets as one workbook to a binary ``stream``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        rows = sheet.rows
        for part, start in enumerate(range(0, max(len(rows), 1), MAX_ROWS)):
            title = sheet.title if not part else f"{sheet.title} ({part + 1})"
            _write_sheet(book, Sheet(title, sheet.columns, rows[start:start + MAX_ROWS]))
    book.save(stream)


def _write_sheet(book, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(sheet.title)
    columns = sheet.columns[:MAX_COLUMNS]
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = _width(column, sheet.rows)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
    bold = _styles()["header"]
    ws.append([_styled(ws, c.label, bold) for c in columns])
    writers = [_writer(ws, c) for c in columns]
    for row in sheet.rows:
        ws.append([write(row.get(c.key)) for write, c in zip(writers, columns)])


def _styles() -> dict:
    from openpyxl.styles import Alignment, Font
    return {"header": Font(bold=True), "wrap": Alignment(wrap_text=True, vertical="top")}


def _styled(ws, value, font=None, alignment=None, number_format=None):
    from openpyxl.cell import WriteOnlyCell
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=SUM(…)" in a notice stays text
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _writer(ws, column: Column) -> Callable[[Any], Any]:
    """A function turning a row value into what openpyxl appends for this column."""
    if column.kind == "date":
        return lambda v: _styled(ws, d, number_format="yyyy-mm-dd") \
            if (d := as_date(v)) is not None else text(v)
    if column.kind == "int":
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else text(v)
    if column.kind == "wrap":
        wrap = _styles()["wrap"]
        return lambda v: _styled(ws, t, alignment=wrap) if (t := text(v)) is not None else None
    return lambda v: _plain(ws, text(_shown(column, v)))


def _plain(ws, value: str | None):
    """Text as is, except that text starting with ``=`` is marked as text."""
    return _styled(ws, value) if value is not None and value.startswith("=") else value


def text(value: Any) -> str | None:
    """A cell's text: None and [] → None (an empty cell); lists joined with 、;
    booleans 是/否; XML-illegal characters escaped; cut at Excel's cell limit."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value if v is not None)
    value = str(value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if len(value) > MAX_CELL:
        note = f"…(截断：共 {len(value):,} 字；完整内容见 -f json)"
        value = value[:MAX_CELL - len(note)] + note
    return value


def as_date(value: Any) -> datetime.datetime | None:
    """``2023-12-31`` → a datetime (Excel stores dates as numbers); else None."""
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    try:
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return datetime.datetime(day.year, day.month, day.day) if day else None


def display_width(value: Any) -> int:
    """Columns a text takes: a CJK (3-byte UTF-8) character counts 2, ASCII 1.
    ``display_width("保护司 A")`` → 8."""
    shown = text(value)
    if shown is None:
        return 0
    line = max(shown.split("\n"), key=len)
    return (len(line.encode("utf-8")) + len(line)) // 2


def _width(column: Column, rows: list[dict]) -> float:
    """The column's width: its widest header or value (of up to ``SAMPLED`` rows,
    evenly spread), at most ``cap``, plus a margin."""
    if column.kind == "date":
        return 12
    step = max(1, len(rows) // SAMPLED)
    widest = max((display_width(_shown(column, r.get(column.key))) for r in rows[::step]),
                 default=0)
    return min(max(widest, display_width(column.label)), column.cap) + 2


def _shown(column: Column, value: Any) -> Any:
    if column.kind == "label" and isinstance(value, str):
        return column.labels.get(value, value)
    return value
