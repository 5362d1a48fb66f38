"""Human output of ``ipcli diff``: a summary first, then the details.

1. summary — document pairs, clause counts, the top department changes and
   keyword shifts;
2. changed clauses with word-level highlights (struck red / green, or
   ``[-deleted-]{+inserted+}`` whenever colour is not shown), moved pairs marked;
3. moved clauses;
4. removed and added clauses collapsed per heading with counts (``full``
   lists every clause);
5. departments (tasks in A and B, kept, gained, lost, role changes) and the
   changes of assignment (``a #1.1 → b #1.1: 知识产权保护司 lead → participant;
   条法司 participant → lead``); keyword shifts with counts and z-scores.

With ``only`` set in the report, the summary and that one section are shown.
Returns a renderable; ``cli.diff`` prints it. Document text enters as ``Text``.
"""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}"), "keep": ("", "")}
_STYLE = {"delete": "strike red", "insert": "bold green", "keep": ""}
_TOP = 5


def diff_view(report: dict, plain: bool = False, full: bool = False, width: int = 100,
              names: dict[str, str] | None = None) -> Group:
    """The report for a terminal; ``names``: document id → its title and 文号, shown
    beside the id in the documents lines."""
    only = report["options"].get("only")
    parts: list[Any] = _summary(report, names or {})
    if only in (None, "changed"):
        parts += _changed(report["matched"]["changed"], plain)
    if only is None:
        parts += _moved(report["moved"], width)
    alone_a = {p["a"] for p in report["pairs"] if not p["b"]}
    alone_b = {p["b"] for p in report["pairs"] if not p["a"]}
    if only in (None, "removed"):
        parts += _units(report["removed"], "removed (only in A)", "-", "red", full, width, alone_a)
    if only in (None, "added"):
        parts += _units(report["added"], "added (only in B)", "+", "green", full, width, alone_b)
    if only is None:
        parts += _departments(report["departments"]) + _keywords(report["keywords"])
    return Group(*parts)


def _ref(ref: dict) -> str:
    return f"{ref['doc']} #{ref['node']}"


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _summary(report: dict, names: dict[str, str]) -> list[Any]:
    s, options = report["summary"], report["options"]
    head = Text(f"A: {', '.join(report['a']['documents'])}  →  B: {', '.join(report['b']['documents'])}",
                style="bold")
    scope = [f"only {options['only']}" if options.get("only") else "",
             f"department {options['department']}" if options.get("department") else "",
             "flat (all of A against all of B)" if options.get("flat") else ""]
    lines = [head] + ([Text("  " + "; ".join(x for x in scope if x), style="dim")]
                      if any(scope) else [])
    lines += _labelled("documents", _pair_lines(report["pairs"], names))
    lines.append(_line("clauses", f"{s['units_a']} → {s['units_b']}: {s['changed']} changed, "
                       f"{s['moved']} moved, {s['unchanged']} unchanged, {s['added']} added, "
                       f"{s['removed']} removed; {s['department_changes']} changes of assignment"))
    lines += _labelled("departments", _top_departments(report["departments"]["table"]))
    lines += _top_keywords(report["keywords"])
    return lines


def _line(label: str, text: str) -> Text:
    return Text(f"{label:<12}", style="bold").append(Text(text))


def _labelled(label: str, texts: list[str]) -> list[Text]:
    return [_line(label if n == 0 else "", text) for n, text in enumerate(texts)]


def _pair_lines(pairs: list[dict], names: dict[str, str]) -> list[str]:
    """Each pair (or lone document) on a line, then each document's title and 文号:
    ``cnipa-2020-hq-guideline  推动知识产权高质量发展年度工作指引（2020） 国知发运字〔2020〕13号``."""
    lines = []
    for p in pairs:
        if p["a"] and p["b"]:
            lines.append(f"{p['a']} ↔ {p['b']}  ({p['by']}, {p['similarity']:.2f})")
        elif p["a"]:
            lines.append(f"{p['a']}  removed: no counterpart in B")
        else:
            lines.append(f"{p['b']}  added: no counterpart in A")
    docs = [d for p in pairs for d in (p["a"], p["b"]) if d and names.get(d)]
    return lines + [f"  {doc}  {names[doc]}" for doc in dict.fromkeys(docs)]


def _top_departments(table: list[dict]) -> list[str]:
    lines = []
    for row in table[:_TOP]:
        bits = [f"gained {row['gained']}" if row["gained"] else "",
                f"lost {row['lost']}" if row["lost"] else ""]
        bits += [f"{r['from']} → {r['to']} ×{r['count']}" for r in row["roles"]]
        if any(bits):
            lines.append(f"{row['department']} {row['a']} → {row['b']} tasks: "
                         + ", ".join(b for b in bits if b))
    return lines


def _top_keywords(keywords: dict) -> list[Text]:
    lines = []
    for label, rows in (("rising", keywords["rising"]), ("falling", keywords["falling"])):
        if rows:
            terms = ", ".join(f"{r['term']} {r['a']}→{r['b']}" for r in rows[:_TOP])
            lines.append(_line(label, terms))
    return lines


def _changed(pairs: list[dict], plain: bool) -> list[Any]:
    """Inline word changes: struck red / green, or [-…-]{+…+} without colour."""
    if not pairs:
        return []
    parts: list[Any] = [_section(f"changed ({len(pairs)})")]
    for pair in pairs:
        moved = "  moved" if pair.get("moved") else ""
        parts.append(Text(f"~ {pair['similarity']:.2f}  {_ref(pair['a'])} → {_ref(pair['b'])}{moved}",
                          style="dim"))
        line = Text("  ")
        for op in pair["ops"]:
            opening, closing = _MARKS[op["op"]] if plain else ("", "")
            line.append(opening + op["text"] + closing, style=_STYLE[op["op"]])
        parts.append(line)
    return parts


def _moved(moves: list[dict], width: int) -> list[Any]:
    if not moves:
        return []
    parts: list[Any] = [_section(f"moved ({len(moves)}): out of order within their document pair")]
    for move in moves:
        parts.append(_clipped(f"↕ {_ref(move['a'])} → {_ref(move['b'])}  {move['b']['text']}", width))
    return parts


def _clipped(text: str, width: int, style: str = "") -> Text:
    """One line, cut with an ellipsis at the terminal's width."""
    text = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    text.truncate(max(width, 20), overflow="ellipsis")
    return text


def _units(groups: list[dict], title: str, sign: str, style: str, full: bool, width: int,
           whole: set[str]) -> list[Any]:
    """Clauses per heading: one line per heading with a count (one per document
    for a document ``whole``ly added or removed), or every clause."""
    if not groups:
        return []
    total = sum(len(g["units"]) for g in groups)
    hint = "" if full else ", one line per heading; --full lists them"
    parts: list[Any] = [_section(f"{title}: {total} clauses under {len(groups)} headings{hint}")]
    current = None
    for group in groups:
        if group["doc"] != current:
            current = group["doc"]
            if group["doc"] in whole and not full:
                count = sum(len(g["units"]) for g in groups if g["doc"] == current)
                parts.append(Text(f"{sign} {current}: the whole document ({count})", style=style))
            else:
                parts.append(Text(current, style="bold"))
        if group["doc"] in whole and not full:
            continue
        head = f"#{group['node']} {group['heading'].split(' > ')[-1]}"
        if full:
            parts.append(Text(f"  {head}", style="dim"))
            parts += [Text(f"  {sign} ", style=style).append(Text(u, style=style))
                      for u in group["units"]]
        else:
            first = next((u for u in group["units"] if not group["heading"].endswith(u)),
                         group["units"][0])
            parts.append(_clipped(f"{sign} {head}  ({len(group['units'])}) {first}", width, style))
    return parts


def _departments(departments: dict) -> list[Any]:
    parts: list[Any] = []
    rows = departments["table"]
    if rows:
        table = Table(title="departments (tasks)", title_justify="left", show_edge=False,
                      header_style="bold")
        for name in ("department", "A", "B", "Δ", "kept", "gained", "lost", "role changes"):
            table.add_column(name, justify="left" if name in ("department", "role changes") else "right")
        for row in rows:
            style = "green" if row["delta"] > 0 else "red" if row["delta"] < 0 else "dim"
            roles = ", ".join(f"{r['from']} → {r['to']} ×{r['count']}" for r in row["roles"])
            table.add_row(Text(row["department"]), str(row["a"]), str(row["b"]),
                          Text(f"{row['delta']:+d}", style=style), str(row["kept"]),
                          str(row["gained"]), str(row["lost"]), Text(roles))
        parts += [Text(""), table]
    if departments["changes"]:
        parts.append(_section(f"changes of assignment ({len(departments['changes'])})"))
        parts += [_assignment(change) for change in departments["changes"]]
    return parts


def _assignment(change: dict) -> Text:
    """``a #3.6 → b #3: 知识产权保护司 lead → participant; +条法司; −商标局``."""
    bits = [f"{r['department']} {r['from']} → {r['to']}" for r in change["roles"]]
    bits += [f"+{name}" for name in change["gained"]] + [f"−{name}" for name in change["lost"]]
    text = Text(f"{_ref(change['a'])} → {_ref(change['b'])}: ", style="dim")
    text.append("; ".join(bits))
    return text.append(Text(f"\n  {change['b']['text']}", style="dim"))


def _keywords(keywords: dict) -> list[Any]:
    rising, falling = keywords["rising"], keywords["falling"]
    if not rising and not falling:
        return []
    table = Table(title="keyword shifts (log-odds z-score; counts A→B)",
                  title_justify="left", show_edge=False, header_style="bold")
    for name in ("rising", "A→B", "z", "falling", "A→B ", "z "):
        table.add_column(name, justify="right" if name.strip() == "z" else "left")
    for i in range(max(len(rising), len(falling))):
        cells: list[Any] = []
        for rows, style in ((rising, "green"), (falling, "red")):
            if i < len(rows):
                r = rows[i]
                cells += [Text(r["term"], style=style), f"{r['a']}→{r['b']}", f"{r['z']:+.2f}"]
            else:
                cells += ["", "", ""]
        table.add_row(*cells)
    return [Text(""), table]
