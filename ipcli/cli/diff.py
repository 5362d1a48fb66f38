"""Command ``diff``: what changed between two selections of documents.

``ipcli diff 2020 2022`` compares every 2020 document with every 2022 one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from .output import (
    CONTEXT,
    EXIT_NOTHING,
    EXIT_OK,
    emit_data,
    format_option,
    show,
)

if TYPE_CHECKING:
    from .session import Session

_SELECTOR_HINT = "a selector is a document id, a path (a file, or a folder of .txt/.md/.html notices), a year or 'all'"


# --- diff -------------------------------------------------------------------------------------
@click.command("diff", context_settings=CONTEXT, epilog="""\b
A and B are selectors: a year (all documents of that year together), a document
id or a path. Exit status: 0 nothing differs, 1 differences, 2 error.
\b
Examples:
  ipcli diff 2020 2022
  ipcli diff 2020 2022 -f json | jq '.keywords.rising[:5]'
  ipcli diff old.txt new.txt --only changed
  ipcli diff 2020 2022 --min-similarity 0.5""")
@click.argument("a")
@click.argument("b")
@format_option("rich", "json", "yaml", default="rich")
@click.option("--min-similarity", type=click.FloatRange(0, 1), default=None, metavar="X",
              help="Least similarity (0–1) for two clauses to count as the same one "
                   "[default: 0.3].")
@click.option("--only", type=click.Choice(["added", "removed", "changed"]),
              help="Show (and decide the exit status on) one kind of difference.")
@click.pass_obj
def diff_command(session: "Session", a, b, fmt, min_similarity, only) -> int:
    """What changed from A to B: aligned clauses with word-level edits, added and
    removed clauses, moves, department changes and keyword shifts."""
    from ..analyses.diff import DEFAULT_SIMILARITY, compare, differs
    docs_a, docs_b = _selection(session, a, "A"), _selection(session, b, "B")
    report = compare(docs_a, docs_b, selectors=([a], [b]),
                     min_similarity=DEFAULT_SIMILARITY if min_similarity is None else min_similarity)
    if only:
        report["only"] = only
        for section in {"added", "removed", "changed"} - {only}:
            if section == "changed":
                report["matched"]["changed"] = []
            else:
                report[section] = []
    if fmt == "rich":
        from .render import make_console
        from .render_diff import diff_view
        plain = make_console().color_system is None  # a pipe, NO_COLOR, TERM=dumb
        show(diff_view(report, only, plain=plain))
    else:
        emit_data(report, fmt)
    return EXIT_NOTHING if differs(report, only) else EXIT_OK


def _selection(session: "Session", selector: str, side: str) -> list:
    """The documents a selector names; nothing selected is an error, not "all added"."""
    if not selector.strip():
        raise UsageError(f"{side} is an empty selector", _SELECTOR_HINT)
    docs = session.documents([selector])
    if not docs:
        raise UsageError(f"{side} ({selector}) selects no document", _SELECTOR_HINT)
    return docs
