"""Why a command found nothing: one stderr line naming what was searched and the
filters that emptied it (a command is never silently empty; it exits 1 like grep).

    no match for 维权援助 with --dept 不存在司 in 5 document(s) of the corpus (the term
    alone has 12 hits); 不存在司 is not a known department: did you mean 保护司?
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import Session


def scope(selectors, entries: list) -> str:
    """``5 document(s) of the corpus`` or ``1 document(s) of 2022``."""
    chosen = [s for s in selectors if s != "all"]
    return f"{len(entries)} document(s) of " + (" ".join(chosen) if chosen else "the corpus")


def filters_text(**options) -> str:
    """`` with --role lead --kind item`` for the options in force ('' when none)."""
    active = []
    for name, value in options.items():
        if value in (None, False, "", ()):
            continue
        flag = "--" + name.replace("_", "-")
        active.append(flag if value is True else f"{flag} {value}")
    return f" with {' '.join(active)}" if active else ""


def unknown_department(session: "Session", query: str) -> str:
    """``; 不存在司 is not a known department: did you mean 保护司?``; empty for a local
    unit known by its form (``市财政局``: not in the registry, yet a department)."""
    hint = department_hint(session, query)
    return f"; {query} is not a known department: {hint}" if hint else ""


def department_hint(session: "Session", query: str) -> str | None:
    """``did you mean 保护司?`` (or ``see `ipcli depts```) for a name that is no known
    department; None for a known one."""
    from ..analyses.workload import suggestions
    if session.registry.identify(query) is not None:
        return None
    close = suggestions(query, session.registry, [])
    return f"did you mean {', '.join(close)}?" if close else "see `ipcli depts`"


def search_empty(session: "Session", query: str, entries: list, selectors,
                 target, kind: str | None) -> str:
    """Search found nothing: the term alone, and the filters (--dept, --kind) in force."""
    where = scope(selectors, entries)
    dept = target.query if target is not None else None
    if dept is None and kind is None:
        return f"no match for {query} in {where}"
    alone = session.searcher().search(query, entries, session.library.ensure,
                                      None, None, 1, lazy=True).total
    line = (f"no match for {query}{filters_text(dept=dept, kind=kind)} in {where} "
            f"(the term alone has {alone} hit{'s' if alone != 1 else ''})")
    if target is not None and target.unit is None:
        line += unknown_department(session, target.query)
    return line


def corpus_empty(session: "Session", selectors) -> str:
    """``list`` found no documents: an empty folder, or only files it cannot read."""
    library = session.library
    root = session.corpus_folder.root
    failed = len(library.failed)
    if failed:
        return (f"no readable document in {root}: {failed} file(s) skipped "
                "(see the warnings above)")
    from ..corpus.files import READABLE
    if [s for s in selectors if s != "all"]:
        return f"no document selected by {' '.join(selectors)} in {root}"
    return f"no documents in {root} (notices are {', '.join(READABLE)} files)"
