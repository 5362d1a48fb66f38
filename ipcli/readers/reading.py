"""What every reader returns: numbered lines of text, the tables among them, and furniture.

A reader turns a file into *readable text*: one line per paragraph, heading,
list item or table row, in reading order, each line numbered where it came
from (a text or HTML file's own line; for DOCX, PDF and XLSX the running
count of lines read). ``ReadingBuilder`` assembles it::

    out = ReadingBuilder()
    out.line("附件1:2023年重点工作任务分工表", at=12)        # line 12
    out.table([["序号", "重点任务", "牵头单位"],
               ["1", "加强知识产权保护", "保护司"]])         # lines 13 and 14
    out.furniture("— 3 —", "page-number")                  # line 15, dropped later
    reading = out.build("pdf", encoding=None)

``reading.text`` is the lines joined by newlines (a blank line wherever a
number was skipped), ``reading.tables`` the tables with the line of each row,
``reading.furniture`` the lines the parser must list in ``dropped`` with their
reason (page numbers, running headers, Word headers and footers), and
``reading.warnings`` what the reader could not read as it should
(``Diagnostic("formula-without-value", 14, …, "=SUM(10,20)")``), for the
document's warnings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Diagnostic

CELL_SEPARATOR = " | "
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Table:
    """A grid table: every slot holds its cell's text, merged cells carried into
    every row and column they span; ``own[r][c]`` is True where the cell starts
    (so a merged value is printed once); ``lines[r]`` is row r's line, or None
    when the row printed nothing of its own."""

    rows: list[list[str]]
    own: list[list[bool]]
    lines: list[int | None]
    where: str = ""  # provenance, e.g. "table 2", "page 3", "sheet 分工表"


@dataclass
class Reading:
    """A file as text: what the parser reads, and what it must hold apart."""

    text: str
    encoding: str | None
    format: str  # "text" | "html" | "docx" | "pdf" | "xlsx"
    tables: list[Table] = field(default_factory=list)
    furniture: dict[int, str] = field(default_factory=dict)  # line → reason
    warnings: list[Diagnostic] = field(default_factory=list)
    # what the file says of itself outside its text, as printed: a page's
    # <meta name="PubDate" content="2024-03-05 10:30"> → {"published": "2024-03-05 10:30"}
    metadata: dict[str, str] = field(default_factory=dict)


def require(module: str, package: str, what: str):
    """The library a reader needs, imported now (lazily, not at start-up), or one
    ``InputError``: ``require("docx", "python-docx", ".docx files")``."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - a dependency
        raise InputError(f"reading {what} needs {package}, which is not installed",
                         f"pip install {package} (or reinstall ipcli)") from None


def clean_cell(text: str) -> str:
    """One line per cell: ``"保护司\\n 公共服务司"`` → ``"保护司 公共服务司"``."""
    return _SPACES.sub(" ", text).strip()


def row_line(cells: list[str], own: list[bool]) -> str:
    """The printed row: the cells that start in it, non-empty, joined by `` | ``."""
    return CELL_SEPARATOR.join(c for c, mine in zip(cells, own, strict=True) if mine and c)


class ReadingBuilder:
    """Collects lines (with their numbers), tables and furniture in reading order."""

    def __init__(self) -> None:
        self._lines: dict[int, str] = {}
        self._last = 0
        self.tables: list[Table] = []
        self.furniture_lines: dict[int, str] = {}
        self.warnings: list[Diagnostic] = []
        self.metadata: dict[str, str] = {}

    def line(self, text: str, at: int | None = None) -> int:
        """Add one line; ``at`` asks for a number (the next free one is used when
        it is taken). Newlines inside ``text`` become spaces."""
        number = max(at or 0, self._last + 1)
        self._lines[number] = text.replace("\r", " ").replace("\n", " ")
        self._last = number
        return number

    def furniture(self, text: str, reason: str, at: int | None = None) -> int:
        number = self.line(text, at)
        self.furniture_lines[number] = reason
        return number

    def warn(self, code: str, line: int | None, message: str, snippet: str | None = None) -> None:
        self.warnings.append(Diagnostic(code, line, message, snippet))

    def table(self, rows: list[list[str]], own: list[list[bool]] | None = None,
              at: list[int | None] | None = None, where: str = "") -> Table:
        """Add a grid table, one line per row (``at``: wanted numbers per row)."""
        width = max((len(row) for row in rows), default=0)
        rows = [[clean_cell(c) for c in row] + [""] * (width - len(row)) for row in rows]
        own = [list(o) + [True] * (width - len(o)) for o in own] if own else \
            [[True] * width for _ in rows]
        lines: list[int | None] = []
        for r, row in enumerate(rows):
            text = row_line(row, own[r])
            lines.append(self.line(text, at[r] if at else None) if text else None)
        table = Table(rows, own, lines, where)
        self.tables.append(table)
        return table

    def build(self, fmt: str, encoding: str | None = None) -> Reading:
        out = [""] * self._last
        for number, text in self._lines.items():
            out[number - 1] = text
        return Reading("\n".join(out), encoding, fmt, self.tables, self.furniture_lines,
                       self.warnings, self.metadata)


def resolve_spans(rows: list[list[tuple[str, int, int]]]) -> tuple[list[list[str]], list[list[bool]]]:
    """Cells given as (text, rowspan, colspan) per row → a full grid and its ``own`` mask.

    ``[[("1",1,1), ("保护司",2,1)], [("2",1,1)]]`` → rows ``[["1","保护司"],["2","保护司"]]``,
    own ``[[True,True],[True,False]]``. Spans are capped to the table (a rowspan of
    1000 in a 3-row table covers 3 rows); ragged rows are padded with empty cells.
    """
    grid: dict[tuple[int, int], tuple[str, bool]] = {}
    height = len(rows)
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, height - r))
            colspan = max(1, min(colspan, 1000))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, dr == 0 and dc == 0))
            c += colspan
            width = max(width, c)
    cells = [[grid.get((r, c), ("", True)) for c in range(width)] for r in range(height)]
    return [[t for t, _ in row] for row in cells], [[o for _, o in row] for row in cells]
