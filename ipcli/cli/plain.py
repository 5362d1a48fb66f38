"""Big tables as plain aligned text, computed in one pass (Rich's layout measures every
cell of every row again and again: 16 s for the 10,000 rows of ``ipcli list``).

``plain_table(["id", "title"], [["n1", "知识产权"]], width=80)`` →
``"id  title   \\nn1  知识产权\\n"``: columns padded to their display width (CJK
characters count two), the ``shrink`` columns cut with ``…`` when the line would
be wider than ``width``. Used for tables to a pipe or over a few hundred rows.
"""
from __future__ import annotations

import functools
import re

_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
BIG = 200  # rows: from here on a table is written plainly even on a terminal


_NARROW = re.compile("[^" + _WIDE.pattern[1:])  # every other character


@functools.lru_cache(maxsize=1 << 16)  # ids, nodes and roles repeat down a column
def width_of(text: str) -> int:
    """Display width: wide (CJK, full-width) characters take two columns. Counted
    as twice the length less the narrow ones: in Chinese text they are the few
    (collecting every wide character took five times as long)."""
    return len(text) if text.isascii() else 2 * len(text) - len(_NARROW.findall(text))


def widths_of(cells) -> list[int]:
    """The display width of each cell; a column all ASCII (ids, dates, numbers) is
    measured by length alone, with no call per cell: ``widths_of(["n1", "2020"])``
    → ``[2, 4]``, ``widths_of(["知识产权"])`` → ``[8]``."""
    cells = list(cells)
    if "".join(cells).isascii():
        return list(map(len, cells))
    return list(map(width_of, cells))


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending with ``…`` when cut: the longest
    prefix that fits in ``width - 1`` columns. Its first ``(width - 1) // 2``
    characters always fit (two columns at most each) and are measured at once; only
    the few after them are taken one at a time."""
    if width_of(text) <= width:
        return text
    room = width - 1
    taken = max(room // 2, 0)
    used = len(text[:taken]) + len(_WIDE.findall(text, 0, taken))
    for char in text[taken:]:
        used += 2 if _WIDE.match(char) else 1
        if used > room:
            break
        taken += 1
    return text[:taken] + "…"


def plain_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                shrink: tuple[int, ...] = (), right: tuple[int, ...] = ()) -> str:
    """The table as text, one line per row (each as long as ``headers``); see the
    module docstring. Laid out a column at a time, each cell measured once (3,000
    tasks of ``extract`` to a pipe)."""
    table = [headers, *([("" if v is None else str(v)).replace("\n", " ") for v in row]
                        for row in rows)]
    columns = list(zip(*table))
    measured = [widths_of(column) for column in columns]
    widths = [max(column) for column in measured]
    if width is not None and shrink:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for i in shrink:
            if excess <= 0:
                break
            give = min(excess, max(0, widths[i] - max(8, measured[i][0])))
            widths[i] -= give
            excess -= give
    padded = []
    for i, (column, sizes, room) in enumerate(zip(columns, measured, widths, strict=True)):
        if i in shrink and max(sizes) > room:  # only the cells too wide are cut and measured
            cells = [v if n <= room else cut(v, room) for v, n in zip(column, sizes)]
            sizes = [n if n <= room else width_of(v) for v, n in zip(cells, sizes)]
            column = cells
        pads = [" " * (room - n) for n in sizes]
        padded.append(list(map(str.__add__, pads, column)) if i in right
                      else list(map(str.__add__, column, pads)))
    return "\n".join(map(str.rstrip, map("  ".join, zip(*padded)))) + "\n"


def terminal_width() -> int:
    """Columns for plain tables: the terminal's, else ``COLUMNS``, else 160 (as Rich)."""
    import os
    import shutil
    import sys
    if sys.stdout.isatty():
        return shutil.get_terminal_size((160, 24)).columns
    return int(os.environ.get("COLUMNS") or 160)


def wanted(rows: list) -> bool:
    """Plain text for a pipe, or for a table too big to lay out with Rich."""
    import sys
    return len(rows) > BIG or not sys.stdout.isatty()


def documents(rows: list[dict], width: int) -> tuple[str, list[str]]:
    """``ipcli list`` laid out by ``views.list_grid``: the text and the columns left out."""
    from .views import list_grid
    grid = list_grid(rows, width)
    return grid_text(grid), grid.dropped


def grid_text(grid) -> str:
    """A ``views.Grid`` as text; a stacked cell (a list) continues on the next lines."""
    gap = " " * grid.gap
    table = [grid.headers, *grid.rows]
    cells = list(zip(*table))
    if not any(list in set(map(type, column)) for column in cells):
        return _one_line_rows(cells, grid.widths, grid.right, gap)
    lines = []
    for row in table:
        stack = [v if isinstance(v, list) else [v] for v in row]
        for depth in range(max(len(s) for s in stack)):
            parts = []
            for i, lines_of in enumerate(stack):
                value = lines_of[depth] if depth < len(lines_of) else ""
                pad = " " * (grid.widths[i] - width_of(value))
                parts.append(pad + value if i in grid.right else value + pad)
            lines.append(gap.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def _one_line_rows(columns: list[tuple[str, ...]], widths: list[int], right: tuple[int, ...],
                   gap: str) -> str:
    """Rows of one line each, padded a column at a time (10,000 rows of ``ipcli list``
    without a Python call per cell)."""
    padded = []
    for i, (column, width) in enumerate(zip(columns, widths, strict=True)):
        pads = [" " * (width - n) for n in widths_of(column)]
        padded.append(list(map(str.__add__, pads, column)) if i in right
                      else list(map(str.__add__, column, pads)))
    return "\n".join(map(str.rstrip, map(gap.join, zip(*padded)))) + "\n"


def tasks(rows: list[dict], width: int, docs: dict[str, dict] | None = None) -> str:
    """``ipcli extract``: one line per task (or mention), text cut to fit; documents by
    id or ``#n``, then a legend with their titles and 文号."""
    from .views import doc_keys, legend, task_cells
    keys, numbered = doc_keys([r["doc"] for r in rows], width)
    headers = ["doc", "node", "role", "departments", "deadline", "text"]
    body = [[keys[r["doc"]], r["node"], *task_cells(r), r.get("deadline"), r.get("text")]
            for r in rows]
    if not any(b[2] for b in body):  # the ledger: every department by role
        headers, body = headers[:2] + headers[3:], [b[:2] + b[3:] for b in body]
    else:
        headers[3] = "with"
    dept, fixed = len(headers) - 3, 2 * (len(headers) - 1)
    for i in (0, 1, dept - 1, dept + 1):
        fixed += max([width_of(headers[i])] + [width_of(b[i] or "") for b in body])
    room = width - fixed  # the departments get up to half of it, the text the rest (≥ 30)
    for b in body:
        b[dept] = cut(b[dept], max(10, room - max(30, room // 2)))
    text = plain_table(headers, body, width, shrink=(len(headers) - 1, dept))
    docs = docs or {r["doc"]: r for r in rows}
    return text + "\n" + "\n".join(legend(list(keys), docs, width, numbered)) + "\n"


def matrix(rows: list[dict], ids: list[str], width: int,
           docs: dict[str, dict] | None = None) -> tuple[str, list[str]]:
    """``ipcli depts``: the role totals, then one column per document while they fit;
    returns the text and the ids of the columns left out."""
    from .views import ROLE_HEADERS, legend, matrix_layout
    layout = matrix_layout(rows, ids, width)
    body = [[cut(r["department"], layout.department), r["lead"], r["responsible"],
             r["participant"], r["total"],
             *(sum(r["documents"].get(i, {}).values()) or "·" for i in layout.shown)]
            for r in rows]
    head = ["department", *ROLE_HEADERS, *layout.headers]
    text = plain_table(head, body, None, right=tuple(range(1, len(head))))
    if layout.shown:
        text += "\n" + "\n".join(legend(layout.shown, docs or {}, width, layout.numbered))
        text += "\n"
    return text, layout.left_out


def hits(results, width: int, docs: dict[str, dict] | None = None) -> str:
    """``ipcli search``: score, document, node, where, snippet (matches in [[…]]); the
    where and snippet columns get the room, documents are mapped in a legend."""
    from ..analyses.search import score_text
    from .views import doc_keys, legend, where
    keys, numbered = doc_keys([h.doc for h in results.hits], width)
    body = []
    for hit in results.hits:
        body.append([score_text(hit.score), keys[hit.doc], hit.node, where(hit.heading, hit.title),
                     marked(hit)])
    fixed = sum(max([width_of(h)] + [width_of(b[i]) for b in body])
                for i, h in enumerate(["score", "document", "node"])) + 8
    room = max(16, width - fixed)
    for b in body:
        b[3] = cut(b[3], max(8, room // 3))
        b[4] = around_match(b[4], max(12, room - room // 3))
    text = plain_table(["score", "document", "node", "where", "snippet"], body, width,
                       shrink=(4, 3), right=(0,))
    return text + "\n" + "\n".join(legend(list(keys), docs or {}, width, numbered)) + "\n"


def around_match(snippet: str, width: int) -> str:
    """A marked snippet that will be cut to ``width`` columns, started so that its first
    ``[[…]]`` stays in view: ``…专利转化运用。建设知识产权[[维权援助]]中心…``."""
    at = snippet.find("[[")
    if at < 0 or width_of(snippet) <= width or width_of(snippet[:at]) <= width // 3:
        return snippet
    start = at
    while start > 0 and width_of(snippet[start - 1:at]) <= width // 3:
        start -= 1
    return "…" + snippet[start:]


def marked(hit) -> str:
    """The snippet with its matches in ``[[…]]`` (for output without colour):
    ``…开展知识产权[[维权援助]]工作…``."""
    snippet, pos = [], 0
    for start, end in hit.snippet_matches:
        snippet += [hit.snippet[pos:start], "[[", hit.snippet[start:end], "]]"]
        pos = end
    snippet.append(hit.snippet[pos:])
    return "".join(snippet)
