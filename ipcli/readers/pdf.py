"""PDF → numbered lines with pdfplumber: paragraphs re-joined, tables as grids.

A page's characters are grouped into visual lines in reading order (top to
bottom); ruled tables (``find_tables``) are taken out of the flow and become
grids at their place, a cell merged over several rows or columns carried into
each; page numbers, running headers and footers and the red 文件头 are furniture
(``pdflayout.furniture``), listed in ``dropped`` after the text (the red header
before it); the remaining lines are re-joined into paragraphs
(``pdflayout.Joiner``), one readable line per paragraph.

A PDF without any text (a scan) is refused: ``no text layer; OCR it first``.
Lines are numbered 1, 2, 3… over the paragraphs, tables rows and furniture.
"""
from __future__ import annotations

import logging
from io import BytesIO

from ..errors import InputError
from .pdflayout import Joiner, PdfLine, furniture, join
from .reading import Reading, ReadingBuilder, require

_RED = 0.5  # a colour is red when its red part exceeds the others by this much


def read_pdf(data: bytes, name: str = "document.pdf") -> Reading:
    """The paragraphs, tables and furniture of a PDF with a text layer."""
    pdfplumber = require("pdfplumber", "pdfplumber", ".pdf files")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            items = []
            for number, page in enumerate(pdf.pages, start=1):
                items += _page_items(page, number)
                page.close()  # free the page's parsed objects: long PDFs stay small
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged or encrypted files
        kind = type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise InputError(f"{name} is encrypted", "decrypt it first, e.g. qpdf --decrypt "
                             f"{name} plain.pdf, then parse plain.pdf") from None
        raise InputError(f"{name}: cannot read as PDF ({kind}: {exc})",
                         "open it in a PDF viewer and save or print it to a new PDF") from None
    if not any(isinstance(item, PdfLine) and item.text.strip() for item in items):
        raise InputError(f"{name} has no text layer; OCR it first",
                         f"e.g. ocrmypdf -l chi_sim {name} ocr.pdf, then parse ocr.pdf")
    return _assemble(items).build("pdf")


def _page_items(page, number: int) -> list:
    """The page's visual lines and tables (as ``("table", top, rows)``), top to bottom."""
    tables = page.find_tables() if (page.lines or page.rects) else []
    boxes = [t.bbox for t in tables]
    flow = page.filter(lambda obj: obj.get("object_type") != "char" or not any(
        _inside(obj, box) for box in boxes)) if boxes else page
    items: list = []
    for line in flow.extract_text_lines(strip=True, return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        items.append(PdfLine(line["text"], number, chars[0]["x0"], line["x1"], line["top"],
                             line["bottom"], max(c["size"] for c in chars),
                             sum(_red(c) for c in chars) > len(chars) / 2, float(page.height)))
    items += [("table", table.bbox[1], _grid(table)) for table in tables]
    items.sort(key=lambda item: item.top if isinstance(item, PdfLine) else item[1])
    return items


def _inside(obj, box) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _red(char) -> bool:
    colour = char.get("non_stroking_color")
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return False
    if len(colour) == 3:
        r, g, b = colour
        return r - max(g, b) >= _RED
    if len(colour) == 4:  # CMYK: red is magenta and yellow without cyan
        c, m, y, k = colour
        return min(m, y) - c >= _RED and k < 0.5
    return False


def _assemble(items: list) -> ReadingBuilder:
    """Paragraphs and tables in order; furniture after them (the red header first)."""
    lines = [item for item in items if isinstance(item, PdfLine)]
    dropped = {id(lines[k]): reason for k, reason in furniture(lines).items()}
    out = ReadingBuilder()
    for line in lines:
        if dropped.get(id(line)) == "red-header":
            out.furniture(line.text, "red-header")
    _paragraphs([i for i in items if not isinstance(i, PdfLine) or id(i) not in dropped], out)
    for line in lines:
        reason = dropped.get(id(line))
        if reason and reason != "red-header":
            out.furniture(line.text, reason)
    return out


def _paragraphs(items: list, out: ReadingBuilder) -> None:
    """Visual lines re-joined into one line per paragraph; tables in between."""
    joiner = Joiner([item for item in items if isinstance(item, PdfLine)])
    paragraph, last = "", None
    for item in items:
        if isinstance(item, PdfLine) and last is not None and joiner.continues(last, item):
            paragraph = join(paragraph, item.text)
            last = item
            continue
        if paragraph:
            out.line(paragraph)
        if isinstance(item, PdfLine):
            paragraph, last = item.text.strip(" \u3000"), item
        else:
            paragraph, last = "", None
            _table(*item[2], out, item[1])
    if paragraph:
        out.line(paragraph)


def _grid(table) -> tuple[list[list[str]], list[list[bool]]]:
    """A pdfplumber table → a full grid and its ``own`` mask; a slot a merged cell
    covers (None in ``extract()``) takes its text from the cell to its left when
    that cell reaches over it, else from the cell above."""
    rows, bounds = table.extract(), [row.cells for row in table.rows]
    columns = [col.bbox for col in table.columns]
    grid: list[list[str]] = []
    own: list[list[bool]] = []
    for r, row in enumerate(rows):
        grid.append([])
        own.append([])
        for c, text in enumerate(row):
            own[r].append(text is not None)
            grid[r].append(_cell(text) if text is not None else _covered(grid, bounds, columns, r, c))
    keep = [r for r, row in enumerate(grid) if any(row)]
    return [grid[r] for r in keep], [own[r] for r in keep]


def _table(grid: list[list[str]], own: list[list[bool]], out: ReadingBuilder, top: float) -> None:
    if len(grid) < 2 or max(len(row) for row in grid) < 2:  # not a grid: its cells as lines
        for row, mine in zip(grid, own, strict=True):
            for cell, first in zip(row, mine, strict=True):
                if first and cell:
                    out.line(cell)
        return
    out.table(grid, own, where=f"table at {top:.0f}pt")


def _covered(grid, bounds, columns, r: int, c: int) -> str:
    left = next((k for k in range(c - 1, -1, -1) if bounds[r][k] is not None), None)
    if left is not None and bounds[r][left][2] > columns[c][0] + 1:
        return grid[r][left]
    above = next((k for k in range(r - 1, -1, -1)
                  if c < len(bounds[k]) and bounds[k][c] is not None), None)
    return grid[above][c] if above is not None and c < len(grid[above]) else ""


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    pieces = text.split("\n")
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = join(joined, piece)
    return joined
