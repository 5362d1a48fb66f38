"""Command ``diff``: what changed between two selections of documents, and for whom.

``ipcli diff 2020 2022`` pairs the 2020 documents with their 2022 successors and
compares each pair clause by clause.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import InputError, UsageError
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
from .strict import StrictCommand

if TYPE_CHECKING:
    from .session import Session

_SELECTOR_HINT = "a selector is a document id, a path (a file, or a folder of .txt/.md/.html notices), a year or 'all'"


# --- diff -------------------------------------------------------------------------------------
@click.command("diff", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
A and B are selectors: a year (all documents of that year), a document id or a
path. Documents are paired by series (issuer and title without years), else by
content; --flat compares all of A with all of B instead.
Exit status: 0 nothing differs, 1 differences, 2 error.
\b
Examples:
  ipcli diff 2020 2022
  ipcli diff 2020 2022 --dept 保护司           # only what concerns 知识产权保护司
  ipcli diff 2020 2022 -f json | jq '.keywords.rising[:5]'
  ipcli diff old.txt new.txt --only changed
  ipcli diff 2020 2022 --full --min-similarity 0.5""")
@click.argument("a")
@click.argument("b")
@format_option("rich", "json", "yaml", default="rich")
@click.option("--min-similarity", type=click.FloatRange(0, 1), default=None, metavar="X",
              help="Least similarity (0–1) for two clauses to count as the same one "
                   "[default: 0.3].")
@click.option("--only", type=click.Choice(["added", "removed", "changed"]),
              help="Show (and decide the exit status on) one kind of difference.")
@click.option("--dept", metavar="NAME",
              help="Only clauses that name or are assigned to this department.")
@click.option("--flat", is_flag=True, help="Align all of A against all of B (no document pairs).")
@click.option("--full", is_flag=True, help="List every added and removed clause (rich view).")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="At most N entries in each list of the report (large comparisons); the "
                   "summary still counts everything.")
@click.pass_obj
def diff_command(session: "Session", a, b, fmt, min_similarity, only, dept, flat, full,
                 limit) -> int:
    """What changed from A to B: document pairs, aligned clauses with word-level
    edits, moves, added and removed clauses, department changes, keyword shifts."""
    from ..analyses.diff import DEFAULT_SIMILARITY, compare, differs
    entries_a, entries_b = _selection(session, a, "A"), _selection(session, b, "B")
    docs_a = session.library.flat_documents(entries_a)  # a batch at a time: see compare
    docs_b = session.library.flat_documents(entries_b)
    target = None
    if dept:
        from ..analyses.workload import resolve_department
        target = resolve_department(dept, session.registry)
    report = compare(docs_a, docs_b, selectors=([a], [b]), flat=flat, department=target, only=only,
                     min_similarity=DEFAULT_SIMILARITY if min_similarity is None else min_similarity,
                     cut_all=stored_cuts(session), workers=session.library.workers)
    for side, selector in (("a", a), ("b", b)):
        if not report["summary"][f"documents_{side}"]:  # listed, then unreadable meanwhile
            raise InputError(f"{side.upper()} ({selector}) has no document that can still be "
                             "read", "see the warnings above; fix or restore the files, then "
                             "run the diff again")
    if target is not None and not report["summary"]["units_a"] + report["summary"]["units_b"]:
        from .empty import department_hint
        hint = department_hint(session, dept) if target.unit is None else None
        if hint:  # a typo must not pass for "no differences" (exit 0) in a script
            raise UsageError(f"{dept} is not a known department and no clause of {a} or {b} "
                             "names it", hint)
        warn(f"no clause of {a} or {b} is assigned to {target.label}, so there is nothing "
             "to compare")
    if limit:
        _limit(report, limit)
    if fmt == "rich":
        from .render import make_console
        from .render_diff import diff_view
        plain = make_console().color_system is None  # a pipe, NO_COLOR, TERM=dumb
        names = {e.id: " ".join(x for x in (e.summary.get("title"), e.summary.get("doc_number"))
                                if x) for e in [*entries_a, *entries_b]}  # by title and 文号 too
        show(lambda width: diff_view(report, plain=plain, full=full, width=width, names=names))
    elif fmt == "json" and report["summary"]["units_a"] + report["summary"]["units_b"] > 20_000:
        from ..formats import write_json_compact
        emit(lambda stream: write_json_compact(report, stream))  # C encoder: 5× faster
    else:
        emit_data(report, fmt)
    return EXIT_NOTHING if differs(report, only) else EXIT_OK


def stored_cuts(session: "Session"):
    """``compare``'s ``cut_all`` for ``diff`` and ``report --diff`` alike: jieba with
    the registry's department names, the words stored in the corpus database."""
    from ..analyses.words import Segmenter
    segmenter = Segmenter(name for unit in session.registry.units.values()
                          for name in unit.mention_names)
    return lambda texts: session.library.segmented(texts, segmenter)


def _limit(report: dict, limit: int) -> None:
    """Cut every list of entries to ``limit``; ``options.limit`` says so."""
    report.setdefault("options", {})["limit"] = limit
    for section in (report["matched"], report, report["departments"]):
        for name, value in section.items():
            if name in ("changed", "unchanged", "added", "removed", "moved", "changes") \
                    and isinstance(value, list):
                section[name] = value[:limit]


def _selection(session: "Session", selector: str, side: str) -> list:
    """The entries a selector names; nothing selected is an error, not "all added"."""
    if not selector.strip():
        raise UsageError(f"{side} is an empty selector", _SELECTOR_HINT)
    entries = session.entries([selector])
    if not entries:
        raise UsageError(f"{side} ({selector}) selects no document", _SELECTOR_HINT)
    return entries
