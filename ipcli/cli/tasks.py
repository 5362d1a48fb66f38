"""Commands on department tasks: ``extract`` (one department's tasks) and ``depts``.

``ipcli extract --dept 保护司`` lists every task of 知识产权保护司 across the corpus.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .empty import filters_text, scope, unknown_department
from .output import (
    CONTEXT,
    EXIT_NOTHING,
    EXIT_OK,
    emit,
    emit_data,
    format_option,
    output_option,
    show,
    warn,
)
from .strict import StrictCommand

_ROLES = {"牵头": "lead", "负责": "responsible", "参与": "participant",
          "牽頭": "lead", "負責": "responsible", "參與": "participant"}  # as the tables print them

if TYPE_CHECKING:
    from .session import Session


# --- extract / depts ---------------------------------------------------------------------
@click.command("extract", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Without --dept: the ledger (任务台账), every task of the selected documents.
\b
Examples:
  ipcli extract --dept 保护司                  # every task of 知识产权保护司, whole corpus
  ipcli extract 2020 -f csv > 台账.csv         # the whole ledger of 2020
  ipcli extract 2020 -f xlsx -o 台账.xlsx      # as an Excel workbook (3 sheets)
  ipcli extract --dept 國家知識產權局 --role lead
  ipcli extract --dept 商标局 --dept 保护司 --long -f csv
  ipcli extract --dept 市财政局 --due-before 2024-01-01
  ipcli extract --unknown-only                 # tasks naming units the registry lacks
  ipcli extract --dept 保护司 --mentions""")
@click.option("--dept", "depts", multiple=True, metavar="NAME",
              help="Department (repeatable: any of them): canonical name, short name or "
                   "alias, either script. Without it, every task.")
@click.argument("selectors", nargs=-1, metavar="[DOC|YEAR|PATH]...")
@click.option("--role", type=click.Choice(["lead", "responsible", "participant", *_ROLES]),
              callback=lambda ctx, param, value: _ROLES.get(value, value),
              help="Only tasks where the department (any, without --dept) has this role "
                   "(牵头, 负责, 参与 as the tables print them, or lead, responsible, participant).")
@click.option("--due-before", "due_before", metavar="DATE",
              help="Only tasks due before DATE (YYYY-MM-DD), e.g. 2024-01-01.")
@click.option("--unknown-only", is_flag=True,
              help="Only tasks naming a unit the registry does not know.")
@click.option("--long", "long_form", is_flag=True,
              help="One row per task and department (for pivot tables).")
@click.option("--mentions", is_flag=True,
              help="Also list where the department is named in running text (one --dept).")
@format_option("table", "yaml", "json", "csv", "xlsx", default="table")
@output_option()
@click.pass_obj
def extract_command(session: "Session", depts, selectors, role, due_before, unknown_only,
                    long_form, mentions, fmt, output) -> int:
    """Every task of a department (or of all), with roles, co-departments and deadlines."""
    from ..analyses.ledger import (
        LONG_FIELDS,
        TASK_FIELDS,
        Filters,
        ledger,
        long_rows,
        public,
    )
    from ..analyses.workload import resolve_department
    from ..errors import UsageError
    if mentions and len(depts) != 1:
        raise UsageError("--mentions needs exactly one --dept",
                         "name the department whose mentions you want, e.g. --dept 保护司")
    if mentions and (role or due_before or long_form or unknown_only):
        raise UsageError("mentions have no role, due date or departments to filter on",
                         "leave out --role, --due-before, --long and --unknown-only, "
                         "or --mentions")
    from .report import check_output
    check_output(fmt, output)
    chosen = {}  # --dept 保护司 --dept 知识产权保护司 is one department, said once
    for query in depts:
        target = resolve_department(_department(query), session.registry)
        chosen.setdefault(target.label, (query, target))
    depts, targets = tuple(q for q, _ in chosen.values()), [t for _, t in chosen.values()]
    filters = Filters(targets, role, _iso_date(due_before), unknown_only)
    entries = session.entries(selectors)
    rows = ledger(session.library, entries, filters)
    if mentions:
        rows = _with_mentions(session, entries, targets[0], rows)
    fields = LONG_FIELDS if long_form else TASK_FIELDS
    out = long_rows(rows) if long_form else public(rows)
    if fmt == "xlsx":
        from .report import emit_workbook, ledger_sheets
        emit_workbook(ledger_sheets(session, entries, out, fields), output)
    elif fmt == "table":
        from . import plain
        from .views import legend_rows
        docs = legend_rows(entries, {r["doc"] for r in out})
        if out and plain.wanted(out):
            emit(plain.tasks(out, plain.terminal_width(), docs))
        elif out:
            from .render import tasks_table
            show(tasks_table(out, docs))
    else:
        emit_data(out, fmt, fields, output)
    what = "、".join(t.label for t in targets) or "any department"
    if not rows:
        warn(f"no tasks for {what}{_filters_text(filters)} in {scope(selectors, entries)}"
             + _why_empty(session, entries, depts, targets, filters))
        return EXIT_NOTHING
    warn(f"{sum(r['kind'] == 'task' for r in rows)} task(s) for {what}")
    return EXIT_OK


def _department(name: str) -> str:
    from ..errors import UsageError
    if not name.strip():
        raise UsageError("--dept is empty", "name a department, e.g. --dept 保护司")
    return name


def _with_mentions(session: "Session", entries: list, target, rows: list[dict]) -> list[dict]:
    from ..analyses.ledger import mentions, public
    order = {e.id: i for i, e in enumerate(entries)}
    found = mentions(session.library, entries, target, session.registry)
    return sorted(public(rows) + found, key=lambda r: (order[r["doc"]], r["kind"] == "mention"))


def _filters_text(filters) -> str:
    return filters_text(role=filters.role, due_before=filters.due_before,
                        unknown_only=filters.unknown_only)


def _why_empty(session: "Session", entries: list, depts, targets, filters) -> str:
    """Why nothing came back: close names for an unknown department, else how many
    tasks there are without the filters that emptied the result."""
    from ..analyses.ledger import Filters, ledger
    for query, target in zip(depts, targets, strict=True):
        if target.unit is None and (unknown := unknown_department(session, query)):
            return unknown
    if not _filters_text(filters):
        return ""
    alone = ledger(session.library, entries, Filters(targets))
    return f" (without these filters: {sum(r['kind'] == 'task' for r in alone)} task(s))"


def _iso_date(text: str | None) -> str | None:
    """``2024-1-1`` → ``2024-01-01``; anything else that is not a date → UsageError."""
    import datetime

    from ..errors import UsageError
    if text is None:
        return None
    try:
        year, month, day = (int(p) for p in text.split("-"))
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise UsageError(f"--due-before {text!r} is not a date",
                         "write it as YYYY-MM-DD, e.g. --due-before 2024-01-01") from None


@click.command("depts", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli depts                   # department × document workload, whole corpus
  ipcli depts 2020 -f csv
  ipcli depts 2020 -f xlsx -o 分工.xlsx
  ipcli depts --unknown         # names the registry does not know yet""")
@click.argument("selectors", nargs=-1, metavar="[DOC|YEAR]...")
@click.option("--unknown", is_flag=True, help="List department names missing from the registry.")
@format_option("table", "json", "yaml", "csv", "xlsx", default="table")
@output_option()
@click.pass_obj
def depts_command(session: "Session", selectors, unknown, fmt, output) -> int:
    """Department workload: lead / responsible / participant counts per document."""
    from ..analyses.ledger import matrix, unknown_names
    from .report import check_output
    check_output(fmt, output)
    entries = session.entries(selectors)
    if unknown:
        rows = unknown_names(session.library, entries)
        if fmt == "xlsx":
            from ..report.sheets import unknown_sheet
            from .report import emit_workbook
            emit_workbook([unknown_sheet(rows)], output)
        elif fmt == "table":  # nothing to print is still written (a full disk is said)
            emit("".join(f"{r['count']:>4}  {r['name']}  ({', '.join(r['places'][:5])})\n"
                         for r in rows))
        else:
            emit_data(rows, fmt, ["name", "count", "places"], output)
        if not rows:
            warn(f"no unknown department names in {scope(selectors, entries)}: every name "
                 "in a task is in the registry or a local unit")
        return EXIT_OK if rows else EXIT_NOTHING
    rows = matrix(session.library, entries, per_document=fmt != "csv")
    ids = [e.id for e in entries]
    if fmt == "xlsx":
        from ..report.sheets import documents_sheet, matrix_sheet
        from .report import emit_workbook
        emit_workbook([matrix_sheet(rows, ids), documents_sheet([e.row() for e in entries])],
                      output)
    elif fmt == "table" and not rows:
        emit("")  # no header-only table; a stdout that cannot be written is still said
    elif fmt == "table":
        _matrix_table(rows, ids, {e.id: e.row() for e in entries})
    elif fmt == "csv":
        from ..analyses.ledger import matrix_columns
        from ..formats import dumps_csv_rows
        emit(dumps_csv_rows(["department", "known", "lead", "responsible", "participant",
                             "total", *ids], matrix_columns(rows, ids), plain=True, digits_from=6),
             output)
    else:
        emit_data(rows, fmt, output=output)
    if not rows:
        warn(f"no tasks in {scope(selectors, entries)}: no department is assigned a task "
             "there (`ipcli show DOC` shows the structure)")
    return EXIT_OK if rows else EXIT_NOTHING


def _matrix_table(rows: list[dict], ids: list[str], docs: dict[str, dict]) -> None:
    """The department × document table; document columns a narrow terminal left out
    are named on stderr."""
    from . import plain
    left_out: list[str] = []
    if plain.wanted(rows):
        text, left_out = plain.matrix(rows, ids, plain.terminal_width(), docs)
        emit(text)
    else:
        from .render import matrix_table

        def build(width: int):
            view, left_out[:] = matrix_table(rows, ids, width, docs)
            return view
        show(build)
    if left_out:
        from .views import left_out_note
        warn(left_out_note("depts", left_out, plain.terminal_width()))
