"""Files for people: ``-f xlsx`` workbooks and the ``report`` command (HTML pages).

``ipcli extract 2020 -f xlsx -o 台账.xlsx`` writes the ledger as a workbook;
``ipcli report 2020 -o report.html`` the overview page; ``ipcli report --diff 2020
2022 -o diff.html`` the 新旧对照 page. Binary or page output goes to ``-o FILE``, or
to stdout when stdout is not a terminal (``… -f xlsx > 台账.xlsx``).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from ..errors import IpcliError, UsageError
from .output import CONTEXT, EXIT_OK, emit, output_guard, warn
from .strict import StrictCommand

if TYPE_CHECKING:
    from .session import Session


def check_output(fmt: str, output: str | None) -> None:
    """``-o`` writes data formats; a workbook needs ``-o`` or a redirected stdout."""
    if output and fmt in ("table", "text", "tree", "rich"):
        raise UsageError(f"-o writes data formats, not -f {fmt}",
                         "add -f xlsx, csv, json or yaml, or leave out -o")
    if fmt == "xlsx":
        require_target(output)


def require_target(output: str | None, what: str = "a workbook", suffix: str = "xlsx") -> None:
    """Before any work: ``-o FILE``, or a stdout that is not a terminal."""
    if (not output or output == "-") and sys.stdout.isatty():
        raise UsageError(f"{what} is not shown on a terminal",
                         f"write it to a file with -o FILE (e.g. -o out.{suffix}) "
                         f"or redirect standard output")


def write_binary(write: Callable, output: str | None) -> None:
    """``write(stream)`` to ``-o FILE`` (atomically, see ``outfile``) or to stdout."""
    if output and output != "-":
        from .outfile import write_file
        try:
            write_file(Path(output), write, binary=True)
        except OSError as exc:
            raise IpcliError(f"cannot write {output}: {exc.strerror or exc}",
                             "check that the folder exists and is writable") from None
        return
    buffer = io.BytesIO()  # a zip needs a seekable stream; stdout may be a pipe
    write(buffer)
    with output_guard():
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()


def emit_workbook(sheets: list, output: str | None) -> None:
    """The sheets as an .xlsx workbook to ``-o FILE`` or stdout."""
    from ..report.workbook import write_workbook
    write_binary(lambda stream: write_workbook(sheets, stream), output)


def ledger_sheets(session: "Session", entries: list, rows: list[dict], fields: list[str]) -> list:
    """任务台账, 部门×文件 and 文件 for ``extract -f xlsx``."""
    from ..analyses.ledger import matrix
    from ..report.sheets import documents_sheet, matrix_sheet, task_sheet
    return [task_sheet(rows, fields),
            matrix_sheet(matrix(session.library, entries), [e.id for e in entries]),
            documents_sheet([e.row() for e in entries])]


@click.command("report", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
One self-contained HTML file (no network: CSS, charts and script inline) that
opens offline and can be mailed. Written to -o FILE, or to stdout when it is
not a terminal. Exit status: 0 written, 2 error.
\b
Examples:
  ipcli report -o report.html                  # the whole corpus
  ipcli report 2020 2022 -o report.html        # documents of 2020 and 2022
  ipcli report --diff 2020 2022 -o diff.html   # 新旧对照: A's clauses beside B's
  ipcli report --diff old.txt new.txt > diff.html""")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@click.option("--diff", "diff", nargs=2, metavar="A B",
              help="The 新旧对照 page comparing A with B (selectors) instead.")
@click.option("-o", "--output", metavar="FILE", help="Write the page to FILE.")
@click.option("--outlines", type=click.IntRange(min=0), default=40,
              show_default=True, help="Documents shown with their outline (the rest are listed).")
@click.option("--min-similarity", type=click.FloatRange(0, 1), default=0.3, show_default=True,
              metavar="X", help="With --diff: least similarity for two clauses to pair.")
@click.option("--title", metavar="TEXT", help="The page's title.")
@click.pass_obj
def report_command(session: "Session", selectors, diff, output, outlines, min_similarity,
                   title) -> int:
    """An HTML report of the selected documents (documents, department heatmap,
    deadlines, keyword trends, outlines), or with --diff a 新旧对照 page."""
    require_target(output, "an HTML page", "html")
    if diff:
        if selectors:
            raise UsageError("--diff compares its own two selectors",
                             "leave out the other selectors: ipcli report --diff A B -o diff.html")
        html = _diff_html(session, diff, min_similarity, title)
    else:
        from ..report.overview import Limits
        from ..report.page import report_page
        from .session import progress
        entries = session.entries(selectors)
        html = report_page(session.library, entries, selectors, Limits(outlines=outlines),
                           progress, title or "政策文件分析报告")
    emit(lambda stream: stream.write(html), output)
    if output and output != "-":
        warn(f"wrote {output} ({len(html.encode('utf-8')) / 1e6:.1f} MB)")
    return EXIT_OK


def _diff_html(session: "Session", sides: tuple[str, str], min_similarity: float,
               title: str | None) -> str:
    from ..analyses.diff import compare
    from ..report.page import diff_page
    from .diff import stored_cuts
    docs = []
    for side, selector in zip("AB", sides):
        found = session.documents([selector]) if selector.strip() else []
        if not found:
            raise UsageError(f"{side} ({selector!r}) selects no document",
                             "a selector is a document id, a path, a year or 'all'")
        docs.append(found)
    report = compare(docs[0], docs[1], selectors=([sides[0]], [sides[1]]),
                     min_similarity=min_similarity, cut_all=stored_cuts(session),
                     workers=session.library.workers)
    return diff_page(docs[0], docs[1], report, title or f"新旧对照：{sides[0]} → {sides[1]}")
