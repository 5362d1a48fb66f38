"""Files for people: ``-f xlsx`` workbooks.

``ipcli extract 2023 -f xlsx -o 台账.xlsx`` writes the ledger as a workbook. Binary
output goes to ``-o FILE``, or to stdout when stdout is not a terminal
(``… -f xlsx > 台账.xlsx``).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import IpcliError, UsageError
from .output import output_guard

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

