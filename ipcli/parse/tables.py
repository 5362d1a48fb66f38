"""Tables → ``table`` and ``row`` nodes; rows of a 分工表 carry tasks like tags do.

A grid from a reader (``readers.reading.Table``) becomes a ``table`` node whose
text is its header row, with one ``row`` child per data row::

    序号 | 重点任务         | 牵头单位 | 责任单位   | 完成时限
    1    | 加强知识产权保护 | 保护司   | 公共服务司 | 2023年12月底前

→ row ``t1.r1``: ``cells`` {序号: 1, 重点任务: 加强知识产权保护, 牵头单位: 保护司, …},
one task: text ``加强知识产权保护``, departments 保护司 (lead) and 公共服务司
(responsible), deadline ``2023年12月底前`` — the same as the tag
``(保护司牵头,公共服务司负责,2023年12月底前)`` after that clause would give.

Headers are recognised by meaning, in either script (cells are normalised):
序号/编号 → number; (重点)任务, 工作任务, 具体措施, 工作内容 → the task;
牵头单位/部门 → lead; 责任/负责单位/部门 → responsible; 配合/参与/协办单位 →
participant; 完成时限/时间, 时间节点 → deadline. The header row is the row among
the first five with the most recognised cells; a table without one is still a
table (its first row is the header) but its rows carry no tasks. A row that is a
single merged cell across the table (``二、强化知识产权运用``) is a group row:
a row node without a task.
"""
from __future__ import annotations

import re

from ..model import DeptRef, Diagnostic, Node, Task
from ..readers.reading import CELL_SEPARATOR, Table
from ..text.normalize import normalize
from .deadlines import due
from .registry import Registry
from .rules import heading_title

_ROLES = (  # checked in order: 牵头负责单位 is a lead column
    ("number", re.compile(r"^(序号|编号|序|顺序号|no\.?)$", re.I)),
    ("lead", re.compile(r"牵头")),
    ("participant", re.compile(r"配合|参与|协办|协助|协同")),
    ("responsible", re.compile(r"责任|负责|主责|承办|实施(单位|部门|主体)")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|完成期限|时间安排|进度安排|完成日期")),
    ("task", re.compile(r"任务|措施|工作内容|事项|工作要点|重点工作|具体工作")),
)
_ASSIGNING = ("lead", "responsible", "participant")
_SPLIT = re.compile(r"[、,，;；/／\s]+")
_CONJUNCTION = re.compile(r"会同|和|及|与")
_ETC = re.compile(r"(等有关部门|等相关部门|等部门|等单位|等)$")
_HEADER_ROWS = 5


def column_roles(header: list[str]) -> list[str | None]:
    """The meaning of each header cell: ``["序号", "重点任务", "牵头单位"]`` →
    ``["number", "task", "lead"]``; None where nothing is recognised."""
    roles: list[str | None] = []
    for cell in header:
        bare = re.sub(r"\([^()]*\)", "", cell).replace(" ", "")
        roles.append(next((role for role, pattern in _ROLES if pattern.search(bare)), None)
                     if 0 < len(bare) <= 20 else None)
    return roles


def header_row(rows: list[list[str]]) -> tuple[int, list[str | None]]:
    """Index of the header row and its column roles (row 0 when none is recognised)."""
    best, best_roles, best_score = 0, column_roles(rows[0]) if rows else [], -1
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        roles = column_roles(row)
        score = len({r for r in roles if r})
        if score > best_score:
            best, best_roles, best_score = index, roles, score
    if best_score < 2:
        return 0, [None] * len(rows[0]) if rows else []
    return best, best_roles


def column_names(header: list[str]) -> list[str]:
    """Unique keys for ``cells``: empty headers become 第N列, repeats get `` (2)``."""
    names, seen = [], {}
    for c, cell in enumerate(header):
        name = cell or f"第{c + 1}列"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def normalise_cells(rows: list[list[str]], keep_script: bool) -> list[list[str]]:
    """Every cell normalised like the text (Simplified, one width), in one pass."""
    flat = [cell for row in rows for cell in row]
    norm = normalize("\n".join(flat), keep_script=keep_script)
    source = norm.original_lines if keep_script and norm.original_lines is not None else norm.lines
    done = [""] * len(flat)
    for number, text in zip(norm.line_numbers, source, strict=True):
        done[number - 1] = text
    width = len(rows[0]) if rows else 0
    return [done[r * width:(r + 1) * width] for r in range(len(rows))]


def department_names(cell: str, registry: Registry) -> list[str]:
    """Units named in a cell: ``保护司、公共服务司`` → both; ``文化和旅游部`` stays whole
    (the registry knows it); ``保护司和商标局`` splits when both sides are known."""
    names = []
    for part in _SPLIT.split(cell):
        part = _ETC.sub("", part.strip())
        if not part:
            continue
        pieces = [_ETC.sub("", p) for p in _CONJUNCTION.split(part)]
        if not registry.lookup(part) and len(pieces) > 1 and all(
                p and registry.lookup(p) for p in pieces):
            names += pieces
        else:
            names.append(part)
    return names


def row_task(cells: dict[str, str], roles: dict[str, str], registry: Registry,
             printed: dict[str, str] | None = None, year: int | None = None) -> Task | None:
    """The task a row carries, built as a ``(…负责)`` tag would be; None without one.

    ``roles`` maps column name → lead|responsible|participant|deadline|task;
    ``cells`` are Simplified (names are looked up so), ``printed`` the same
    cells as printed (``--keep-script``), from which the task's words are cut.
    """
    printed = printed or cells
    refs = []
    for column, role in roles.items():
        if role in _ASSIGNING:
            refs += _refs(cells.get(column, ""), printed.get(column, ""), role, registry)
    deadline = next((printed[c] for c, r in roles.items() if r == "deadline" and printed.get(c)),
                    None)
    if not refs and not deadline:
        return None  # roles say what the column prints, as for markers: nothing promoted
    tag = CELL_SEPARATOR.join(f"{column}:{printed[column]}" for column, role in roles.items()
                              if role in (*_ASSIGNING, "deadline") and printed.get(column))
    task_col = next((c for c, r in roles.items() if r == "task"), None)
    return Task(printed.get(task_col, "") if task_col else "", tag, refs, deadline,
                due(deadline, year))


def _refs(cell: str, printed: str, role: str, registry: Registry) -> list[DeptRef]:
    """Departments of one cell; names cut from the printed cell at the same offsets
    (normalising is length-preserving between scripts)."""
    refs, pos = [], 0
    for name in department_names(cell, registry):
        at = cell.find(name, pos)
        shown = printed[at:at + len(name)] if at >= 0 and len(printed) == len(cell) else name
        pos = at + len(name) if at >= 0 else pos
        found = registry.identify(name)
        refs.append(DeptRef(shown, found.canonical if found else None, role,
                            found.kind if found else None))
    return refs


def table_nodes(table: Table, index: int, texts: dict[int, str], title: str | None,
                registry: Registry, keep_script: bool = False, year: int | None = None
                ) -> tuple[Node | None, list[Diagnostic]]:
    """The ``table`` node (with its ``row`` children) for a reader's table.

    ``texts`` maps the table's line numbers to their normalised text; rows whose
    line has no text after normalising are left out. None when nothing is left.
    """
    lines = [n if n is not None and n in texts else None for n in table.lines]
    if not any(lines) or not table.rows:
        return None, []
    cells = normalise_cells(table.rows, keep_script)
    simple = normalise_cells(table.rows, False) if keep_script else cells
    head, roles_list = header_row(simple)
    names = column_names(cells[head])
    roles = {n: r for n, r in zip(names, roles_list, strict=True) if r}
    own_lines = [n for n in lines[:head + 1] if n is not None]
    first = own_lines[0] if own_lines else next(n for n in lines if n is not None)
    node = Node(f"t{index}", "table", None, index, title,
                "\n".join(texts[n] for n in own_lines), (first, own_lines[-1] if own_lines else first))
    for r in range(head + 1, len(cells)):
        if lines[r] is not None:
            node.children.append(_row_node(node, r - head, cells[r], simple[r], names, roles,
                                           table.own[r], texts[lines[r]], lines[r], registry,
                                           year))
    return node, [Diagnostic("unknown-department", row.lines[0],
                             f"{d.name} is not in the department registry", d.name)
                  for row in node.children for t in row.tasks for d in t.departments
                  if d.kind is None]


def _row_node(table: Node, k: int, cells: list[str], simple: list[str], names: list[str],
              roles: dict[str, str], own: list[bool], text: str, line: int,
              registry: Registry, year: int | None) -> Node:
    values = dict(zip(names, cells, strict=True))
    number_col = next((c for c, r in roles.items() if r == "number"), None)
    number = values.get(number_col, "") if number_col else ""
    task_col = next((c for c, r in roles.items() if r == "task"), None)
    row = Node(f"{table.id}.r{k}", "row", None, int(number) if number.isdigit() else None,
               heading_title(values[task_col]) or None if task_col and values[task_col] else None,
               text, (line, line), cells=values)
    group = sum(own) == 1 and len(set(cells)) == 1
    if roles and not group:
        task = row_task(dict(zip(names, simple, strict=True)), roles, registry, values, year)
        if task is not None:
            row.tasks.append(task)
    return row
