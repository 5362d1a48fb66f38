"""Human output of ``ipcli diff``: inline word changes, added/removed clauses,
department and keyword tables. Returns a renderable; ``cli.diff`` prints it."""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text


def _ref(ref: dict) -> str:
    return f"{ref['doc']} #{ref['node']}"


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}"), "keep": ("", "")}


def _changed(pairs: list[dict], plain: bool) -> list[Any]:
    """Inline word changes: struck red / green, or [-…-]{+…+} without colour."""
    parts: list[Any] = []
    for pair in pairs:
        head = Text(f"~ {pair['similarity']:.2f}  {_ref(pair['a'])} → {_ref(pair['b'])}",
                    style="dim")
        line = Text("  ")
        for op in pair["ops"]:
            style = {"delete": "strike red", "insert": "bold green"}.get(op["op"], "")
            opening, closing = _MARKS[op["op"]] if plain else ("", "")
            line.append(opening + op["text"] + closing, style=style)
        parts += [head, line]
    return parts


def _units(groups: list[dict], sign: str, style: str) -> list[Any]:
    parts: list[Any] = []
    for group in groups:
        parts.append(Text(f"{group['doc']} #{group['node']}  {group['heading']}", style="dim"))
        parts += [Text(f"  {sign} ", style=style).append(Text(u, style=style))
                  for u in group["units"]]
    return parts


def diff_view(report: dict, only: str | None = None, plain: bool = False) -> Group:
    s = report["summary"]
    parts: list[Any] = [
        Text(f"A: {', '.join(report['a']['documents'])}   B: {', '.join(report['b']['documents'])}",
             style="bold"),
        Text(f"{s['units_a']} → {s['units_b']} clauses: {s['unchanged']} unchanged, "
             f"{s['changed']} changed, {s['added']} added, {s['removed']} removed, "
             f"{s['moved']} moved, {s['department_changes']} department changes")]
    if only in (None, "changed") and report["matched"]["changed"]:
        parts += [_section("changed")] + _changed(report["matched"]["changed"], plain)
    if only in (None, "removed") and report["removed"]:
        parts += [_section("removed (only in A)")] + _units(report["removed"], "-", "red")
    if only in (None, "added") and report["added"]:
        parts += [_section("added (only in B)")] + _units(report["added"], "+", "green")
    if only is None:
        parts += _departments(report["departments"]) + _keywords(report["keywords"])
    return Group(*parts)


def _departments(departments: dict) -> list[Any]:
    parts: list[Any] = []
    if departments["changes"]:
        parts.append(_section("department changes"))
        for change in departments["changes"]:
            parts.append(Text(f"{_ref(change['a'])} → {_ref(change['b'])}: "
                              f"+{'、'.join(change['gained']) or '∅'} "
                              f"-{'、'.join(change['lost']) or '∅'}"))
    if departments["table"]:
        table = Table(title="tasks per department", title_justify="left", show_edge=False,
                      header_style="bold")
        for name in ("department", "A", "B", "Δ"):
            table.add_column(name, justify="left" if name == "department" else "right")
        for row in departments["table"]:
            style = "green" if row["delta"] > 0 else "red" if row["delta"] < 0 else "dim"
            table.add_row(Text(row["department"]), str(row["a"]), str(row["b"]),
                          Text(f"{row['delta']:+d}", style=style))
        parts += [Text(""), table]
    return parts


def _keywords(keywords: dict) -> list[Any]:
    table = Table(title="keyword shifts (per 10,000 characters)", title_justify="left",
                  show_edge=False, header_style="bold")
    for name in ("rising", "A→B", "falling", "A→B "):
        table.add_column(name)
    rising, falling = keywords["rising"], keywords["falling"]
    for i in range(max(len(rising), len(falling))):
        cells = []
        for rows, style in ((rising, "green"), (falling, "red")):
            if i < len(rows):
                r = rows[i]
                cells += [Text(r["term"], style=style), f"{r['a_per_10k']:g} → {r['b_per_10k']:g}"]
            else:
                cells += ["", ""]
        table.add_row(*cells)
    return [Text(""), table] if rising or falling else []
