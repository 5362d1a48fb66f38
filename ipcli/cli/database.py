"""Commands on the corpus database: ``db path`` and ``export --sqlite FILE``.

``ipcli db path`` prints where the corpus's SQLite file is, to open it in
``sqlite3``; ``ipcli export --sqlite 台账.sqlite`` writes a clean copy to share.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ConfigError, UsageError
from .output import CONTEXT, EXIT_OK, emit, warn
from .strict import StrictCommand, StrictGroup

if TYPE_CHECKING:
    from .session import Session


@click.group("db", cls=StrictGroup, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli db path                          # where the corpus database is
  sqlite3 "$(ipcli db path)" 'SELECT count(*) FROM tasks'""")
def db_group() -> None:
    """The corpus database (SQLite): documents, nodes, tasks, departments, search index."""


@db_group.command("path", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli db path
  sqlite3 "$(ipcli --corpus ~/notices db path)" '.tables'""")
@click.pass_obj
def db_path(session: "Session") -> int:
    """Print the path of the corpus database (after bringing it up to date)."""
    if session.no_cache:
        raise UsageError("there is no database file with --no-cache",
                         "leave out --no-cache: ipcli db path")
    if session.store.usable():
        session.entries([])
    if session.store.path is None or not session.store.enabled:
        raise ConfigError(f"no database file: the cache could not be used "
                          f"({session.store.disabled_reason})",
                          "set IPCLI_CACHE to a folder you may write to, e.g. "
                          "IPCLI_CACHE=~/.cache/ipcli")
    emit(f"{session.store.path}\n")
    return EXIT_OK


@click.command("export", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli export --sqlite corpus.sqlite
  ipcli --corpus ~/notices export --sqlite notices.sqlite && datasette notices.sqlite""")
@click.option("--sqlite", "target", required=True, metavar="FILE",
              help="Write a clean copy of the corpus database to FILE.")
@click.pass_obj
def export_command(session: "Session", target) -> int:
    """A clean copy of the corpus database (only this corpus, no machine-specific
    columns), to open in sqlite3, Datasette or DuckDB or to send to a colleague."""
    from ..corpus.export import export
    from .outfile import build_file
    if target == "-":
        raise UsageError("a database cannot be written to standard output",
                         "name a file: ipcli export --sqlite corpus.sqlite")
    _not_the_cache(session, target)
    entries = session.entries([])
    session.library.ensure(entries)
    root = session.library.root_key
    counts: dict = {}
    build_file(Path(target), lambda tmp: counts.update(
        session.store.guarded(lambda conn: export(conn, tmp, root))), to_stdout=False)
    warn(f"exported {counts['documents']} document(s), {counts['tasks']} task(s) to {target}")
    return EXIT_OK


def _not_the_cache(session: "Session", target: str) -> None:
    """``export --sqlite "$(ipcli db path)"`` replaced the live cache with the copy
    (its relative rows then stayed beside the real ones); its ``-wal``/``-shm``
    files would be deleted when the run closes the database."""
    import os
    live = session.store.path
    if live is None:
        return
    names = {os.path.realpath(f"{live}{end}") for end in ("", "-wal", "-shm", "-journal")}
    if os.path.realpath(target) in names:
        raise UsageError(f"{target} is the live corpus database (or one of its files)",
                         "export to another file: ipcli export --sqlite corpus.sqlite")
