"""Human output: Rich tables and trees. Functions return renderables; cli prints them.

Document text always enters Rich as ``Text(...)``, never as markup, so a ``[`` in
a notice can never turn into a style tag. ``make_console()`` emits no ANSI codes
when the stream is not a terminal or ``NO_COLOR`` is set.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..model import Document, Node, heading_paths
from .plain import marked
from .views import role_label

ROLE_STYLE = {"lead": "bold magenta", "responsible": "cyan", "participant": "green"}


def is_plain(stderr: bool = False) -> bool:
    """No colour: the stream is not a terminal, NO_COLOR is set, or TERM=dumb."""
    stream = sys.stderr if stderr else sys.stdout
    return (bool(os.environ.get("NO_COLOR")) or not stream.isatty()
            or os.environ.get("TERM", "").lower() in ("dumb", "unknown"))


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    plain = is_plain(stderr)
    width = None if tty else int(os.environ.get("COLUMNS") or 160)
    return Console(file=stream, color_system=None if plain else "auto", no_color=plain,
                   force_terminal=tty, markup=False, highlight=False, emoji=False,
                   width=width, soft_wrap=False)


def _natural(rows: list[dict[str, Any]], key: str, header: str) -> int:
    """Display width of a column's widest cell (CJK counts double)."""
    from rich.cells import cell_len
    return max([cell_len(header)] + [cell_len(str(r.get(key) or "")) for r in rows])


def documents_table(rows: list[dict[str, Any]], width: int = 160) -> tuple[Table, list[str]]:
    """``ipcli list`` laid out by ``views.list_grid`` (title cut, or stacked under the
    id when narrow); returns the table and the columns left out."""
    from .views import list_grid
    grid = list_grid(rows, width)
    table = Table(show_edge=False, header_style="bold", pad_edge=False, box=None,
                  padding=(0, grid.gap, 0, 0), collapse_padding=True)
    for i, header in enumerate(grid.headers):
        table.add_column(header, no_wrap=True, width=grid.widths[i],
                         justify="right" if i in grid.right else "left")
    for row, source in zip(grid.rows, rows, strict=True):
        cells = []
        for key, value in zip(grid.keys, row, strict=True):
            text = Text("\n".join(value)) if isinstance(value, list) else Text(value)
            if key == "id":
                text.stylize("bold", 0, len(value[0]) if isinstance(value, list) else None)
            elif key == "warnings":
                text.stylize("yellow" if source.get("warnings") else "dim")
            cells.append(text)
        table.add_row(*cells)
    return table, grid.dropped


def _head(node: Node, width: int = 40) -> Text:
    head = Text((node.label or "") + (node.title or node.text.split("\n", 1)[0]))
    head.truncate(width, overflow="ellipsis")
    return head


def _departments(node: Node) -> str:
    names = dict.fromkeys(d.canonical or d.name for t in node.tasks for d in t.departments)
    return "、".join(names)


def document_tree(doc: Document, depth: int | None = None) -> Tree:
    from .views import doc_label
    title = Text(f"{doc.id}  ", style="bold")
    title.append(doc_label(vars(doc.meta)))
    tree = Tree(title)

    def add(parent: Tree, node: Node, level: int) -> None:
        label = Text(f"{node.id}  ", style="dim")
        label.append_text(_head(node))
        if node.tasks:
            label.append(f"  [{len(node.tasks)} task{'s' * (len(node.tasks) > 1)}: ", style="dim")
            label.append(_departments(node), style="cyan")
            label.append("]", style="dim")
        branch = parent.add(label)
        if depth is None or level < depth:
            for child in node.children:
                add(branch, child, level + 1)
        elif node.children:
            branch.add(Text(f"… {len(node.children)} more", style="dim"))

    for node in doc.nodes:
        add(tree, node, 1)
    return tree


def node_detail(doc: Document, node: Node) -> Group:
    from .views import doc_label
    path = heading_paths(doc)[node.id]
    head = Text(f"{doc.id}  ", style="bold")
    head.append(doc_label(vars(doc.meta)), style="dim")
    parts: list[Any] = [head, Text(f"# {node.id}   {path}", style="bold"),
                        Text(f"{node.kind}, lines {node.lines[0]}–{node.lines[1]}", style="dim"),
                        Text(""), Text((node.label or "") + node.text), Text("")]
    if node.tasks:
        table = Table(title="tasks", show_edge=False, header_style="bold", title_justify="left")
        for name in ("role", "departments", "deadline", "text"):
            table.add_column(name, overflow="fold")
        for task in node.tasks:
            for i, dept in enumerate(task.departments or [None]):
                table.add_row(Text(role_label(dept.role) if dept else "", style=ROLE_STYLE.get(
                    dept.role if dept else "", "")),
                    Text((dept.canonical or dept.name) if dept else ""),
                    Text(task.deadline or "") if i == 0 else Text(""),
                    Text(task.text) if i == 0 else Text("〃", style="dim"))
        parts.append(table)
    if node.children:
        parts.append(Text("children:", style="bold"))
        parts.extend(Text("  ").append_text(Text(f"{c.id}  ", style="dim")).append_text(_head(c, 60))
                     for c in node.children)
    return Group(*parts)


def tasks_table(rows: list[dict[str, Any]], docs: dict[str, dict] | None = None) -> Group:
    """One table per document, headed by its id, title and 文号: node, heading path,
    role (牵头/负责/参与) and co-departments — or, for the ledger, every department by
    role — and text."""
    from .views import doc_label, task_cells
    ledger = not any(r.get("department") or r.get("kind") == "mention" for r in rows)
    tables: list[Any] = []
    for doc_id in dict.fromkeys(r["doc"] for r in rows):
        mine = [r for r in rows if r["doc"] == doc_id]
        title = Text(doc_id, style="bold")
        summary = (docs or {}).get(doc_id, mine[0])
        title.append(f"  {doc_label(summary)}  ({mine[0]['year'] or '—'})".replace("    ", "  "))
        table = Table(title=title, title_justify="left", show_edge=False, header_style="bold",
                      expand=True)
        table.add_column("node", no_wrap=True, min_width=4)
        table.add_column("heading", overflow="fold", ratio=1, min_width=10)
        if not ledger:
            table.add_column("role", no_wrap=True, min_width=4)
        table.add_column("departments" if ledger else "with", overflow="fold", ratio=1,
                         min_width=4)
        table.add_column("text", overflow="fold", ratio=3, min_width=10)
        for r in mine:
            role, departments = task_cells(r)
            cells = [Text(r["node"]), Text(r["heading"] or "")]
            if not ledger:
                cells.append(Text(role, style=ROLE_STYLE.get(r.get("role") or "", "yellow")))
            table.add_row(*cells, Text(departments), Text(r["text"] or ""))
        tables += [table, Text("")]
    return Group(*tables[:-1])


def _heat(value: int, top: int) -> str:
    if value == 0:
        return "dim"
    share = value / max(top, 1)
    return "red" if share > 0.66 else "yellow" if share > 0.33 else "green"


def matrix_table(rows: list[dict[str, Any]], doc_ids: list[str], width: int = 160,
                 docs: dict[str, dict] | None = None) -> tuple[Group, list[str]]:
    """Department rows (names wrapped when narrow), role totals (牵头/负责/参与/合计),
    then one column per document (#n with a legend of titles when narrow); returns
    the view and the ids of the document columns left out."""
    from .views import ROLE_HEADERS, legend, matrix_layout
    layout = matrix_layout(rows, doc_ids, width, gap=3)
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("department", overflow="fold", max_width=layout.department)
    for name in ROLE_HEADERS:
        table.add_column(name, justify="right", no_wrap=True)
    for header in layout.headers:
        table.add_column(header, justify="right", no_wrap=True)
    top = max((r["total"] for r in rows), default=1)
    for r in rows:
        cells = [Text(r["department"], style="" if r["known"] else "italic")]
        cells += [Text(str(r[k]), style=_heat(r[k], top))
                  for k in ("lead", "responsible", "participant", "total")]
        for doc_id in layout.shown:
            n = sum(r["documents"].get(doc_id, {}).values())
            cells.append(Text(str(n) if n else "·", style=_heat(n, top)))
        table.add_row(*cells)
    parts: list[Any] = [table]
    if layout.shown:
        parts += [Text(line, style="dim")
                  for line in legend(layout.shown, docs or {}, width, layout.numbered)]
    return Group(*parts), layout.left_out


def hits_table(results, limit_note: str | None = None, width: int = 160,
               docs: dict[str, dict] | None = None) -> Group:
    """Ranked hits with the matches highlighted in each snippet; where (the path above
    the hit, without its own title) and snippet share the width; a legend of titles."""
    from ..analyses.search import score_text
    from .views import doc_keys, legend, where
    keys, numbered = doc_keys([h.doc for h in results.hits], width)
    table = Table(show_edge=False, header_style="bold", pad_edge=False, expand=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("document", no_wrap=True)
    table.add_column("node", no_wrap=True)
    table.add_column("where", overflow="fold", ratio=1)
    table.add_column("snippet", overflow="fold", ratio=2)
    plain = is_plain()  # no colour to show the matches: mark them [[…]]
    for hit in results.hits:
        snippet = Text(marked(hit)) if plain else Text(hit.snippet)
        for start, end in [] if plain else hit.snippet_matches:
            snippet.stylize("bold reverse", start, end)
        if hit.departments:
            snippet.append(f"  [{'、'.join(hit.departments)}]", style="cyan")
        table.add_row(score_text(hit.score), Text(keys[hit.doc]), Text(hit.node),
                      Text(where(hit.heading, hit.title)), snippet)
    parts: list[Any] = [table]
    if limit_note:
        parts.append(Text(limit_note, style="dim"))
    parts += [Text(line, style="dim") for line in legend(list(keys), docs or {}, width,
                                                          numbered)]
    return Group(*parts)
