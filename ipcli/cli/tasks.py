"""Commands on department tasks: ``extract`` (one department's tasks) and ``depts``.

``ipcli extract --dept 保护司`` lists every task of 知识产权保护司 across the corpus.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .output import (
    CONTEXT,
    EXIT_NOTHING,
    EXIT_OK,
    emit,
    emit_data,
    format_option,
    show,
    warn,
)

if TYPE_CHECKING:
    from .session import Session


# --- extract / depts ---------------------------------------------------------------------
@click.command("extract", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli extract --dept 保护司                  # every task of 知识产权保护司, whole corpus
  ipcli extract --dept 國家知識產權局 2021 --role lead
  ipcli extract --dept 商标局 -f csv > tasks.csv
  ipcli extract --dept 市财政局 --due-before 2024-01-01
  ipcli extract --dept 保护司 --mentions""")
@click.option("--dept", "dept", required=True, metavar="NAME",
              help="Department: canonical name, short name or alias, either script.")
@click.argument("selectors", nargs=-1, metavar="[DOC|YEAR|PATH]...")
@click.option("--role", type=click.Choice(["lead", "responsible", "participant"]),
              help="Only tasks where the department has this role.")
@click.option("--due-before", "due_before", metavar="DATE",
              help="Only tasks due before DATE (YYYY-MM-DD), e.g. 2024-01-01; "
                   "mentions, which have no date, are left out.")
@click.option("--mentions", is_flag=True, help="Also list where it is named in running text.")
@format_option("table", "yaml", "json", "csv", default="table")
@click.pass_obj
def extract_command(session: "Session", dept, selectors, role, due_before, mentions,
                    fmt) -> int:
    """Every task assigned to a department, with role, co-departments and deadline."""
    from ..analyses.workload import (
        TASK_FIELDS,
        resolve_department,
        suggestions,
        tasks_of,
        with_mentions,
    )
    due_before = _iso_date(due_before)
    target = resolve_department(dept, session.registry)
    docs = session.documents(selectors)
    rows = tasks_of(docs, target, role, due_before)
    if mentions and not due_before:  # mentions have no due date
        rows = with_mentions(rows, docs, target, session.registry)
    if fmt == "table":
        if rows:
            from .render import tasks_table
            show(tasks_table(rows))
    else:
        emit_data(rows, fmt, TASK_FIELDS)
    if not rows:
        hint = ""
        if target.unit is None:
            close = suggestions(dept, session.registry, docs)
            hint = f"; did you mean {', '.join(close)}?" if close else "; see `ipcli depts`"
        warn(f"no tasks for {target.label} in {len(docs)} document(s){hint}")
        return EXIT_NOTHING
    warn(f"{sum(r['kind'] == 'task' for r in rows)} task(s) for {target.label}")
    return EXIT_OK


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


@click.command("depts", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli depts                   # department × document workload, whole corpus
  ipcli depts 2020 -f csv
  ipcli depts --unknown         # names the registry does not know yet""")
@click.argument("selectors", nargs=-1, metavar="[DOC|YEAR]...")
@click.option("--unknown", is_flag=True, help="List department names missing from the registry.")
@format_option("table", "json", "yaml", "csv", default="table")
@click.pass_obj
def depts_command(session: "Session", selectors, unknown, fmt) -> int:
    """Department workload: lead / responsible / participant counts per document."""
    from ..analyses.workload import matrix, unknown_names
    docs = session.documents(selectors)
    if unknown:
        rows = unknown_names(docs)
        if fmt == "table":
            emit("".join(f"{r['count']:>4}  {r['name']}  ({', '.join(r['places'][:5])})\n"
                         for r in rows))
        else:
            emit_data(rows, fmt, ["name", "count", "places"])
        return EXIT_OK if rows else EXIT_NOTHING
    rows = matrix(docs)
    if fmt == "table":
        from .render import matrix_table
        show(lambda width: matrix_table(rows, [d.id for d in docs], width))
    elif fmt == "csv":
        ids = [d.id for d in docs]
        flat = [{**{k: r[k] for k in ("department", "known", "lead", "responsible",
                                       "participant", "total")},
                 **{i: sum(r["documents"].get(i, {}).values()) for i in ids}} for r in rows]
        emit_data(flat, "csv", ["department", "known", "lead", "responsible", "participant",
                                "total", *ids])
    else:
        emit_data(rows, fmt)
    return EXIT_OK if rows else EXIT_NOTHING
