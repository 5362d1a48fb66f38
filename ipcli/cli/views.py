"""What people read in tables: Chinese role names, empty cells for nothing, documents
by title and 文号, and layouts that fit the terminal (shared by ``render`` and ``plain``).

``role_label("lead")`` → ``牵头``; ``cell(None)`` → ``""``, ``cell(True)`` → ``yes``
(as the CSV ``known`` column); ``doc_label({"title": "推动知识产权高质量发展年度工作指引(2020)",
"doc_number": "国知发运字〔2020〕13号"})`` → ``推动知识产权高质量发展年度工作指引(2020)
国知发运字〔2020〕13号``; ``where("三、突出维权援助工作重点 > (十)积极探索社会共治", "积极探索社会共治")``
→ ``三、突出维权援助工作重点 > (十)`` (the snippet already shows the item's title).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .plain import cut, width_of, widths_of

ROLE_LABELS = {"lead": "牵头", "responsible": "负责", "participant": "参与"}
KIND_LABELS = {"task": "任务", "mention": "提及"}
SCRIPT_SHORT = {"simplified": "简", "traditional": "繁", "mixed": "混"}
WAY_OUT = "-f csv has them all, or widen the terminal (COLUMNS=200)"


def role_label(role: str | None) -> str:
    """``lead`` → ``牵头`` (JSON, YAML and CSV keep the English values)."""
    return ROLE_LABELS.get(role or "", role or "")


def cell(value: Any) -> str:
    """A table cell: nothing for None, yes/no for booleans, lists joined with 、."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value)
    return str(value)


def doc_label(summary: dict | None) -> str:
    """The document's title and 文号, as far as they are known."""
    summary = summary or {}
    return "  ".join(p for p in (summary.get("title"), summary.get("doc_number")) if p)


def legend_rows(entries: list, shown: set[str]) -> dict[str, dict]:
    """id → ``Entry.row()`` of the documents a table shows (its legend names only
    these), their summaries read in one query: ``legend_rows(entries, {"cnipa-2022"})``."""
    from ..corpus.library import fill_summaries
    chosen = [e for e in entries if e.id in shown]
    fill_summaries(chosen)
    return {e.id: e.row() for e in chosen}


def legend(ids: list[str], docs: dict[str, dict], width: int,
           numbered: bool = False) -> list[str]:
    """One line per document: ``[#n ]id  title  文号``, cut to ``width``."""
    lines = []
    for n, doc_id in enumerate(ids, 1):
        head = f"#{n} {doc_id}" if numbered else doc_id
        lines.append(cut(f"{head}  {doc_label(docs.get(doc_id))}".rstrip(), width))
    return lines


def where(heading: str, title: str | None) -> str:
    """The heading path without the item's own title at its end (its label stays)."""
    if title and heading.endswith(title) and len(heading) > len(title):
        heading = heading[:-len(title)].rstrip()
        return heading[:-1].rstrip() if heading.endswith(">") else heading
    return heading


def departments_by_role(row: dict) -> str:
    """``牵头 国家知识产权局；负责 商务部、外交部`` (a ledger row's departments)."""
    parts = [f"{ROLE_LABELS[r]} {'、'.join(row[r])}" for r in ROLE_LABELS if row.get(r)]
    return "；".join(parts)


def dropped_note(command: str, names: list[str], width: int) -> str:
    """The stderr line naming the columns a narrow terminal left out."""
    return f"{command}: {', '.join(names)} left out at {width} columns; {WAY_OUT}"


# --- ipcli list ------------------------------------------------------------------------
@dataclass
class Grid:
    """A laid-out table: headers, cells (a list of lines for a stacked cell), widths."""

    keys: list[str]
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]
    right: tuple[int, ...]
    gap: int
    dropped: list[str] = field(default_factory=list)


_LIST = [("id", "id", "id"), ("year", "year", "year"), ("date", "date", "date"),
         ("published", "published", "published"), ("doc_number", "doc number", "文号"),
         ("title", "title", "title"), ("script", "script", "scr"),
         ("sections", "sec", "sec"), ("subsections", "sub", "sub"), ("items", "items", "itm"),
         ("articles", "art", "art"), ("tasks", "tasks", "tsk"), ("warnings", "warn", "wrn")]
_COUNTS = ("year", "sections", "subsections", "items", "articles", "tasks", "warnings")
_DROP_ORDER = ("year", "subsections", "items", "articles", "sections", "script", "warnings",
               "published", "tasks", "date")


def list_grid(rows: list[dict], width: int) -> Grid:
    """``ipcli list`` laid out for ``width`` columns. In turn: one line per document
    (title cut to fit), short headers with single gaps, then the title and 文号
    stacked under the id; columns left out only when even that is too wide."""
    specs = [s for s in _LIST if s[0] != "articles" or any(r.get("articles") for r in rows)]
    for short, gap, least in ((False, 2, 20), (True, 1, 16)):
        grid = _line(specs, rows, short, gap)
        room = width - (sum(grid.widths) - grid.widths[grid.keys.index("title")]) \
            - gap * (len(specs) - 1)
        if room >= least or room >= grid.widths[grid.keys.index("title")]:
            return _shrink(grid, "title", room)
    specs = [s for s in specs if s[0] not in ("title", "doc_number")]
    dropped = []
    while True:
        grid = _stacked(specs, rows, width)
        if grid is not None or len(specs) == 1:
            break
        drop = next(k for k in _DROP_ORDER if any(s[0] == k for s in specs))
        dropped.append(drop)
        specs = [s for s in specs if s[0] != drop]
    grid = grid or _stacked(specs, rows, width, force=True)
    grid.dropped = dropped
    return grid


def _value(key: str, row: dict, short: bool) -> str:
    if key == "script" and short:
        return SCRIPT_SHORT.get(row.get(key) or "", cell(row.get(key)))
    return cell(row.get(key))


def _line(specs, rows, short: bool, gap: int) -> Grid:
    keys = [s[0] for s in specs]
    headers = [s[2] if short else s[1] for s in specs]
    columns = [_column(k, rows, short) for k in keys]
    body = [list(row) for row in zip(*columns)]
    widths = [max(width_of(h), max(widths_of(c), default=0))
              for h, c in zip(headers, columns, strict=True)]
    return Grid(keys, headers, body, widths, _right(keys), gap)


def _column(key: str, rows: list[dict], short: bool) -> list[str]:
    """One column's cells (as ``_value``), a whole column of text or of numbers at once."""
    values = [r.get(key) for r in rows]
    kinds = set(map(type, values))
    if key == "script" and short or not kinds <= {str, int, type(None)}:
        return [_value(key, r, short) for r in rows]
    if type(None) in kinds:
        values = ["" if v is None else v for v in values]
    return values if kinds <= {str, type(None)} else list(map(str, values))


def _shrink(grid: Grid, key: str, room: int) -> Grid:
    i = grid.keys.index(key)
    grid.widths[i] = min(grid.widths[i], max(room, 1))
    for row in grid.rows:
        row[i] = cut(row[i], grid.widths[i])
    return grid


def _stacked(specs, rows, width: int, force: bool = False) -> Grid | None:
    """The id column holds the id, then the title and the 文号 indented (cut to fit)."""
    grid = _line(specs, rows, True, 1)
    grid.headers[0] = "id/title/文号"
    room = width - sum(grid.widths[1:]) - (len(specs) - 1)
    if room < 16 and not force:
        return None
    wanted = max([grid.widths[0]] + [width_of(r.get(k) or "") + 2 for r in rows
                                     for k in ("title", "doc_number")])
    grid.widths[0] = doc = max(min(wanted, room), 12 if force else 16)
    for row, source in zip(grid.rows, rows, strict=True):
        lines = _fold(row[0], doc)
        lines += ["  " + cut(v, doc - 2)
                  for v in (source.get("title"), source.get("doc_number")) if v]
        row[0] = lines
    return grid


def _fold(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` columns (ids are never cut)."""
    lines, line = [], ""
    for char in text:
        if width_of(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def _right(keys: list[str]) -> tuple[int, ...]:
    return tuple(i for i, k in enumerate(keys) if k in _COUNTS)


# --- documents in extract, search and depts ----------------------------------------------
def doc_keys(ids: list[str], width: int) -> tuple[dict[str, str], bool]:
    """What a document column shows: the ids while they take at most a quarter of
    ``width``, else ``#1``, ``#2``, … (a legend then maps them to ids and titles)."""
    unique = list(dict.fromkeys(ids))
    if max(map(width_of, unique), default=0) <= width // 4:
        return {d: d for d in unique}, False
    return {d: f"#{n}" for n, d in enumerate(unique, 1)}, True


def task_cells(row: dict) -> tuple[str, str]:
    """(role, departments) of an ``extract`` row: with ``--dept``, the department's role
    (牵头/负责/参与, 提及 for a mention) and the others; else every department by role."""
    if row.get("kind") == "mention":
        return KIND_LABELS["mention"], ""
    if row.get("department"):
        return role_label(row.get("role")), cell(row.get("co_departments"))
    return "", departments_by_role(row)


@dataclass
class MatrixLayout:
    """``ipcli depts``: the department column's width, the document columns shown
    (headers and ids) and the ids left out."""

    department: int
    headers: list[str]
    shown: list[str]
    numbered: bool
    left_out: list[str]


ROLE_HEADERS = ["牵头", "负责", "参与", "合计"]


def matrix_layout(rows: list[dict], ids: list[str], width: int,
                  gap: int = 2) -> MatrixLayout:
    """The department names get up to what the document columns leave (at least 16
    columns, cut or wrapped beyond); document columns are ids when all fit, else #n.
    ``gap``: the columns between two columns (2 in plain text, 3 in a Rich table)."""
    natural = max([width_of(r["department"]) for r in rows] + [10])
    digits = max([len(str(r["total"])) for r in rows] + [1])
    fixed = 4 * (max(4, digits) + gap)
    by_id = fixed + sum(max(width_of(i), digits) + gap for i in ids)
    if natural + by_id <= width:
        return MatrixLayout(natural, list(ids), list(ids), False, [])
    cell_w = max(len(f"#{len(ids)}"), digits) + gap
    department = min(natural, max(16, width - fixed - cell_w * len(ids)))
    room = max(0, (width - department - fixed) // cell_w)
    shown = ids[:room]
    return MatrixLayout(department, [f"#{n}" for n in range(1, len(shown) + 1)], shown, True,
                        ids[room:])


def left_out_note(command: str, ids: list[str], width: int) -> str:
    """The stderr line naming the document columns a narrow terminal left out."""
    names = ids if len(ids) <= 5 else [*ids[:3], f"… ({len(ids)} in all)"]
    return dropped_note(command, ["the columns of " + ", ".join(names)], width)
