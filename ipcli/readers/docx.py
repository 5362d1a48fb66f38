"""DOCX → numbered lines with python-docx: paragraphs and tables in body order.

A paragraph is a line, with the label Word numbers it with automatically
(``一、`` from a list style) put back in front (``wordnum``); a soft line break
(``<w:br/>``) starts a new line; text boxes follow their paragraph; content
controls (``<w:sdt>``) are read through. A table with at least two rows and two
columns becomes a grid (vertical merges carried into every row they span,
horizontal ones into every column); a layout table (one column, nested tables,
whole articles in a cell) is read as lines. Page headers and footers, footnotes
and endnotes are furniture: listed in ``dropped`` (``page-header``,
``page-footer``, ``footnote``) — the headers before the body, the rest after.
Deleted tracked changes are not text; inserted ones are.

Lines are numbered 1, 2, 3… in that order (there are no lines in a .docx).
"""
from __future__ import annotations

from io import BytesIO

from ..errors import InputError
from .reading import Reading, ReadingBuilder, require
from .wordnum import Numbering, W

_TEXT_TAGS = {W + "t": None, W + "tab": " ", W + "br": "\n", W + "cr": "\n",
              W + "noBreakHyphen": "-", W + "softHyphen": ""}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_LONG_CELL = 800
_RELS = {"header": "page-header", "footer": "page-footer", "footnotes": "footnote",
         "endnotes": "endnote"}


def read_docx(data: bytes, name: str = "document.docx") -> Reading:
    """The lines and tables of a .docx file; ``InputError`` if it cannot be opened."""
    docx = require("docx", "python-docx", ".docx files")
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise InputError(f"{name}: cannot open as a Word document ({type(exc).__name__}: {exc})",
                         "open it in Word or LibreOffice and save it again as .docx") from None
    part = document.part
    numbering = Numbering(_part_element(part, "numbering"), _part_element(part, "styles"))
    out = ReadingBuilder()
    furniture = _furniture(part)
    for text, reason in furniture:
        if reason == "page-header":
            out.furniture(text, reason)
    _blocks(document.element.body, out, numbering)
    for text, reason in furniture:
        if reason != "page-header":
            out.furniture(text, reason)
    return out.build("docx")


def _part_element(part, kind: str):
    for rel in part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            return element if element is not None else _parse_xml(rel.target_part.blob)
    return None


def _parse_xml(blob: bytes):
    from lxml import etree
    return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))


def _furniture(part) -> list[tuple[str, str]]:
    """Text of headers, footers, footnotes and endnotes, each distinct line once."""
    found, seen = [], set()
    for rel in part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in _RELS or rel.is_external:
            continue
        root = getattr(rel.target_part, "element", None)
        root = root if root is not None else _parse_xml(rel.target_part.blob)
        for p in root.iter(W + "p"):
            for line in _paragraph_text(p).split("\n"):
                line = line.strip()
                if line and (line, _RELS[kind]) not in seen:
                    seen.add((line, _RELS[kind]))
                    found.append((line, _RELS[kind]))
    return found


def _blocks(container, out: ReadingBuilder, numbering: Numbering) -> None:
    for child in container:
        if child.tag == W + "p":
            _paragraph(child, out, numbering)
        elif child.tag == W + "tbl":
            _table(child, out, numbering)
        elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "smartTag"):
            content = child.find(W + "sdtContent")
            _blocks(content if content is not None else child, out, numbering)


def _paragraph(p, out: ReadingBuilder, numbering: Numbering) -> None:
    text = numbering.label(p) + _paragraph_text(p)
    for line in text.split("\n"):
        if line.strip():
            out.line(line)
    for box in _text_boxes(p):
        _blocks(box, out, numbering)


def _paragraph_text(p) -> str:
    """Visible text of a ``w:p``: runs, tabs, breaks; not deleted text, not text boxes."""
    parts = []
    for element in p.iter(*_TEXT_TAGS):
        if _inside_box_or_fallback(element, p):
            continue
        replacement = _TEXT_TAGS[element.tag]
        parts.append(element.text or "" if replacement is None else replacement)
    return "".join(parts)


def _inside_box_or_fallback(element, stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (W + "txbxContent", _MC_FALLBACK, W + "del"):
            return True
        parent = parent.getparent()
    return False


def _text_boxes(p):
    for box in p.iter(W + "txbxContent"):
        if not _inside_box_or_fallback(box, p):
            yield box


def _table(tbl, out: ReadingBuilder, numbering: Numbering) -> None:
    rows = [tr for tr in tbl.iter(W + "tr") if _owner(tr) is tbl]
    grid, own, cells = _grid(rows)
    if _is_grid(grid, cells, tbl):
        out.table([[text for text, _ in row] for row in grid], own, where="table")  # pads rows
        return
    for tr in rows:  # layout: each cell's content as ordinary lines
        for tc in tr.findall(W + "tc"):
            _blocks(tc, out, numbering)


def _owner(element):
    parent = element.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _grid(rows):
    """Rows of (text, colspan) slots with vertical merges filled from above."""
    grid: list[list[tuple[str, int]]] = []
    own: list[list[bool]] = []
    cells = []
    for r, tr in enumerate(rows):
        row, mine = [], []
        skip = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        row += [("", 1)] * skip
        mine += [True] * skip
        for tc in tr.findall(W + "tc"):
            span = _int(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(W + "val", "continue") == "continue"
            col = len(row)
            if continued and r and col < len(grid[r - 1]):
                text = grid[r - 1][col][0]
            else:
                text = "\n".join(_paragraph_text(p) for p in tc.iter(W + "p")
                                 if _owner(p) is _owner(tc))
                cells.append((text, tc))
            for k in range(span):
                row.append((text, span))
                mine.append(not continued and k == 0)
        grid.append(row)
        own.append(mine)
    return grid, own, cells


def _is_grid(grid, cells, tbl) -> bool:
    filled = [row for row in grid if any(text.strip() for text, _ in row)]
    if len(filled) < 2 or max(len(row) for row in filled) < 2 or len(cells) < 3:
        return False
    if any(_owner(t) is not None for t in tbl.iter(W + "tbl") if t is not tbl):
        return False
    return not any(len(text) > _LONG_CELL for text, _ in cells)


def _int(element, default: int) -> int:
    try:
        return max(0, int(element.get(W + "val"))) if element is not None else default
    except (TypeError, ValueError):
        return default
