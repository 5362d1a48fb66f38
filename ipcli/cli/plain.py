"""Big tables as plain aligned text, computed in one pass (Rich's layout measures every
cell of every row again and again: 16 s for the 10,000 rows of ``ipcli list``).

``plain_table(["id", "title"], [["n1", "知识产权"]], width=80)`` →
``"id  title   \\nn1  知识产权\\n"``: columns padded to their display width (CJK
characters count two), the ``shrink`` columns cut with ``…`` when the line would
be wider than ``width``. Used for tables to a pipe or over a few hundred rows.
"""
from __future__ import annotations

import re

_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
BIG = 200  # rows: from here on a table is written plainly even on a terminal


def width_of(text: str) -> int:
    """Display width: wide (CJK, full-width) characters take two columns."""
    return len(text) + (len(_WIDE.findall(text)) if not text.isascii() else 0)


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending with ``…`` when cut."""
    if width_of(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = 2 if _WIDE.match(char) else 1
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def plain_table(headers: list[str], rows: list[list[str]], width: int | None = None,
                shrink: tuple[int, ...] = (), right: tuple[int, ...] = ()) -> str:
    """The table as text, one line per row; see the module docstring."""
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [width_of(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            w = width_of(value)
            if w > widths[i]:
                widths[i] = w
    if width is not None and shrink:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        for i in shrink:
            if excess <= 0:
                break
            give = min(excess, max(0, widths[i] - max(8, width_of(headers[i]))))
            widths[i] -= give
            excess -= give
    lines = []
    for row in [headers, *cells]:
        parts = []
        for i, value in enumerate(row):
            value = cut(value, widths[i]) if i in shrink else value
            pad = " " * (widths[i] - width_of(value))
            parts.append(pad + value if i in right else value + pad)
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


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
    lines = []
    for row in [grid.headers, *grid.rows]:
        stack = [v if isinstance(v, list) else [v] for v in row]
        for depth in range(max(len(s) for s in stack)):
            parts = []
            for i, lines_of in enumerate(stack):
                value = lines_of[depth] if depth < len(lines_of) else ""
                pad = " " * (grid.widths[i] - width_of(value))
                parts.append(pad + value if i in grid.right else value + pad)
            lines.append(gap.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def tasks(rows: list[dict], width: int) -> str:
    """``ipcli extract``: one line per task (or mention), text cut to fit."""
    headers = ["doc", "node", "role", "departments", "deadline", "text"]
    body = [[r["doc"], r["node"], r.get("role") or r.get("kind"),
             "、".join(r.get("co_departments") or [] if r.get("department")
                      else [*(r.get("lead") or []), *(r.get("responsible") or []),
                            *(r.get("participant") or [])]),
             r.get("deadline"), r.get("text")] for r in rows]
    return plain_table(headers, body, width, shrink=(5, 3))


def matrix(rows: list[dict], ids: list[str], width: int) -> str:
    """``ipcli depts``: the role totals, then one column per document while they fit."""
    head = ["department", "lead", "resp", "part", "total"]
    fixed = max([width_of(r["department"]) for r in rows] + [10]) + 5 * 8
    room = max(0, (width - fixed) // 6)
    shown = ids[:room] if len(ids) > room else ids
    body = [[r["department"], r["lead"], r["responsible"], r["participant"], r["total"],
             *(sum(r["documents"].get(i, {}).values()) or "·" for i in shown)] for r in rows]
    names = shown if fixed + sum(width_of(i) + 2 for i in shown) <= width else \
        [f"#{n}" for n in range(1, len(shown) + 1)]
    text = plain_table(head + names, body, None, right=tuple(range(1, len(head) + len(names))))
    if names != shown:
        text += "  ".join(f"#{n} {i}" for n, i in enumerate(shown, 1)) + "\n"
    if len(shown) < len(ids):
        text += f"({len(ids) - len(shown)} more document columns: -f csv has them all)\n"
    return text


def hits(results, width: int) -> str:
    """``ipcli search``: score, document, node, where, snippet (matches in [[…]])."""
    body = []
    for hit in results.hits:
        snippet, pos = [], 0
        for start, end in hit.snippet_matches:
            snippet += [hit.snippet[pos:start], "[[", hit.snippet[start:end], "]]"]
            pos = end
        snippet.append(hit.snippet[pos:])
        body.append([f"{hit.score:.2f}", hit.doc, hit.node, cut(hit.heading, 30),
                     "".join(snippet)])
    return plain_table(["score", "document", "node", "where", "snippet"], body, width,
                       shrink=(3, 4), right=(0,))
