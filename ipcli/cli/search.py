"""Commands ``search`` and ``index``: ranked full-text search over the corpus.

``ipcli search 维权援助`` finds every node containing 维权援助 (or 維權援助).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..model import NODE_KINDS
from .output import (
    CONTEXT,
    EXIT_NOTHING,
    EXIT_OK,
    emit,
    format_option,
    show,
    warn,
)
from .strict import StrictCommand

if TYPE_CHECKING:
    from .session import Session


# --- search / index ------------------------------------------------------------------------
@click.command("search", cls=StrictCommand, context_settings={**CONTEXT, "ignore_unknown_options": True},
               epilog="""\b
Query: terms separated by spaces must all occur; "…" (or “…”, ＂…＂, 「…」) quotes
a term with spaces; -term (or －term) excludes (also as its own argument: ipcli
search 专利 -试点); a term given twice counts once. Traditional/Simplified and
full/half width do not matter. Use -- before a query that starts with a dash.
\b
Examples:
  ipcli search 维权援助
  ipcli search 數據知識產權 2022
  ipcli search 海关 --dept 海关总署 -f json
  ipcli search "专利 导航" -试点 --kind item --limit 5""")
@click.argument("query")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@click.option("--dept", metavar="NAME",
              help="Only matches inside a clause assigned to this department.")
@click.option("--kind", type=click.Choice(NODE_KINDS), help="Only nodes of this kind.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Hits to show (default: 20 in a table, all for json/jsonl; 0 = all).")
@format_option("table", "json", "jsonl", default="table")
@click.pass_obj
def search_command(session: "Session", query, selectors, dept, kind, limit, fmt) -> int:
    """Find every node containing the query, best first (bm25, titles weigh more)."""
    query, selectors = _query_and_selectors(query, selectors)
    entries = session.entries(selectors)
    department = target = None
    if dept:
        from ..analyses.workload import resolve_department
        target = resolve_department(dept, session.registry)
        department = target.unit.name if target.unit else target.query
    if limit is None:
        limit = 20 if fmt == "table" else 0
    limit = min(limit, _MAX_LIMIT)
    lazy = fmt != "table"
    results = session.searcher().search(query, entries, session.library.ensure,
                                         department, kind, limit or None, lazy=lazy)
    if fmt == "table":
        note = (f"{len(results.hits)} of {results.total} hits shown; --limit 0 shows all"
                if results.total > len(results.hits) else None)
        from . import plain
        from .views import legend_rows
        docs = legend_rows(entries, {hit.doc for hit in results.hits})
        if results.hits and plain.wanted(results.hits):
            emit(plain.hits(results, plain.terminal_width(), docs)
                 + (note + "\n" if note else ""))
        elif results.hits:
            from .render import hits_table
            show(lambda width: hits_table(results, note, width, docs))
    else:
        emit(_hits_writer(results, fmt))
    if not results.total:
        from .empty import search_empty
        warn(search_empty(session, query, entries, selectors, target, kind))
        return EXIT_NOTHING
    return EXIT_OK


def _hits_writer(results, fmt: str):
    """JSON or JSON lines written hit by hit: every hit of a frequent term in bounded
    memory (hits are read from the database a chunk at a time)."""
    import json

    def write(stream) -> None:
        if fmt == "json":
            head = json.dumps({"query": results.query, "total": results.total},
                              ensure_ascii=False, indent=2)
            stream.write(head[:-2] + ',\n  "hits": [')
        for i, hit in enumerate(results.hits):
            line = json.dumps(hit.to_dict(), ensure_ascii=False)
            stream.write((("," if i else "") + "\n    " + line) if fmt == "json" else line + "\n")
        if fmt == "json":
            stream.write("\n  ]\n}\n")
    return write


_MAX_LIMIT = 1_000_000_000  # "as many as there are"; SQLite's LIMIT is a 64-bit integer


def _query_and_selectors(query: str, selectors: tuple[str, ...]) -> tuple[str, list[str]]:
    """``-试点`` after the query is an excluded term, not a selector; ``--limt`` (two
    dashes) is still a mistyped option."""
    terms, chosen = [query], []
    for arg in selectors:
        if arg.startswith("--") and arg != "--":
            raise click.NoSuchOption(arg.split("=", 1)[0])
        (terms if arg.startswith("-") and len(arg) > 1 else chosen).append(arg)
    return " ".join(terms), chosen


@click.command("index", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli index                 # index what is new or changed in the corpus
  ipcli index --rebuild       # start the index afresh
  ipcli --corpus ~/notices index""")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again.")
@click.pass_obj
def index_command(session: "Session", selectors, rebuild) -> int:
    """Parse and index what is new in the corpus (every command does it when needed);
    --rebuild builds the whole search index again from the stored documents."""
    import time
    started = time.perf_counter()
    entries = session.entries(selectors)
    session.library.ensure(entries)
    added = session.library.added
    if rebuild:
        session.searcher().rebuild()
        warn(f"rebuilt the search index of {len(entries)} document(s) "
             f"({added} new) in {time.perf_counter() - started:.1f} s")
    else:
        warn(f"indexed {added} new document(s) of {len(entries)} in "
             f"{time.perf_counter() - started:.1f} s")
    return EXIT_OK
