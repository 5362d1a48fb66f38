"""Commands on documents: ``parse``, ``list``, ``show``, ``check`` and ``cache``.

``ipcli parse notice.txt -f json`` prints one notice as structured data;
``ipcli list 2020`` the documents of 2020 in the corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import IpcliError
from .output import (
    CONTEXT,
    EXIT_ERROR,
    EXIT_NOTHING,
    EXIT_OK,
    emit,
    emit_data,
    format_option,
    output_option,
    report_error,
    show,
    warn,
)
from .strict import StrictCommand, StrictGroup

if TYPE_CHECKING:
    from .session import Session


# --- parse ---------------------------------------------------------------------
@click.command("parse", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli parse seeds/cnipa-2020-hq-guideline.txt
  ipcli parse seeds/*.txt -f json -o all.json
  ipcli parse notice-big5.txt --encoding big5 --keep-script
  ipcli parse 分工表.docx 附件.pdf 任务.xlsx -f json
  curl -s URL | ipcli parse - -f text""")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@format_option("yaml", "json", "text", default="yaml")
@click.option("-o", "--output", metavar="OUT", help="Write to OUT instead of stdout.")
@click.option("--encoding", metavar="NAME", help="Force an input encoding (e.g. gb18030, big5).")
@click.option("--keep-script", is_flag=True, help="Print text in the original script.")
@click.pass_obj
def parse(session: "Session", files, fmt, output, encoding, keep_script) -> int:
    """Print notices as structured documents (YAML by default).

    FILE may be '-' for standard input; text, HTML, DOCX, PDF (with a text
    layer) and XLSX are read, chosen by content. Several files give a YAML
    stream or a JSON array; '-f text' prints the normalised text rebuilt from
    the tree (for DOCX, PDF and XLSX: the text read from the file), each file
    under a '==> FILE <==' line when there are several.
    """
    from ..parse.parser import parse_bytes
    from ..readers.files import display_path, read_bytes, read_stream

    docs, failed = [], False
    for name in files:
        try:
            if name == "-":
                data, doc_id, path = read_stream(sys.stdin.buffer, limit=session.max_bytes), \
                    "stdin", None
            else:
                data = read_bytes(name, session.max_bytes)
                doc_id, path = display_path(Path(name).stem), display_path(name)
            docs.append(parse_bytes(data, doc_id, path=path, encoding=encoding,
                                    registry=session.registry, keep_script=keep_script))
            del data
        except IpcliError as exc:
            if len(files) == 1:
                raise
            report_error(exc)
            failed = True
            continue
        if encoding and docs[-1].source.encoding is None:  # DOCX, PDF, XLSX carry their own
            warn(f"Warning: --encoding is ignored for {name} ({docs[-1].source.format.upper()} "
                 "files say how their text is encoded)")
    from ..formats import document_writer
    emit(document_writer(docs, fmt, many=len(files) > 1), output)
    return EXIT_ERROR if failed else EXIT_OK


# --- list / show / check / cache -------------------------------------------------------
@click.command("list", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli list                    # every document in the corpus
  ipcli list 2020 -f json       # documents of 2020, as JSON
  ipcli list -f xlsx -o 文件.xlsx
  ipcli --corpus ~/notices list""")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@format_option("table", "json", "yaml", "csv", "xlsx", default="table")
@output_option()
@click.pass_obj
def list_command(session: "Session", selectors, fmt, output) -> int:
    """List documents: id, year, date, number, title, counts, warnings.

    SELECTOR is a document id, a path, a year (2020) or 'all' (the default).
    """
    from .report import check_output
    check_output(fmt, output)
    rows = [entry.row() for entry in session.entries(selectors)]
    if not rows and fmt == "table":
        from .empty import corpus_empty
        emit("")  # no header-only table; a stdout that cannot be written is still said
        warn(corpus_empty(session, selectors))
        return EXIT_NOTHING
    if fmt == "xlsx":
        from ..report.sheets import documents_sheet
        from .report import emit_workbook
        emit_workbook([documents_sheet(rows)], output)
    elif fmt == "table":
        _list_table(rows)
    else:
        emit_data(rows, fmt, list(rows[0]) if rows else [], output)
    if not rows:
        from .empty import corpus_empty
        warn(corpus_empty(session, selectors))
    return EXIT_OK if rows else EXIT_NOTHING


def _list_table(rows: list[dict]) -> None:
    """The documents as a table (plain text for a pipe); columns a narrow terminal
    left out are named on stderr."""
    from . import plain
    dropped: list[str] = []
    if plain.wanted(rows):
        text, dropped = plain.documents(rows, plain.terminal_width())
        emit(text)
    else:
        from .render import documents_table

        def build(width: int):
            table, dropped[:] = documents_table(rows, width)
            return table
        show(build)
    if dropped:
        from .views import dropped_note
        warn(dropped_note("list", dropped, plain.terminal_width()))


@click.command("show", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli show cnipa-2020-hq-guideline            # the structure as a tree
  ipcli show cnipa-2020-hq-guideline 3.6        # one node: text, tasks, children
  ipcli show cnipa-2020-hq-guideline "(六)"     # the same node by its printed label
  ipcli show cnipa-2020-hq-guideline --depth 1""")
@click.argument("doc")
@click.argument("node_id", required=False)
@click.option("--depth", type=click.IntRange(min=1),
              help="Levels of the tree view to show (-f json and yaml give the whole "
                   "document, a NODE_ID its whole node).")
@format_option("tree", "json", "yaml", default="tree")
@click.pass_obj
def show_command(session: "Session", doc, node_id, depth, fmt) -> int:
    """Show a document's structure, or one node with its text and tasks."""
    from ..errors import NotFound
    docs = session.documents([doc])
    if len(docs) != 1:
        raise NotFound(f"{doc!r} selects {len(docs)} documents", "name a single document")
    document = docs[0]
    if depth is not None and (fmt != "tree" or node_id is not None):
        warn(f"Warning: --depth shapes the tree view of a document only; ignored "
             f"{'with -f ' + fmt if fmt != 'tree' else 'for one node'}")
    if node_id is None:
        if fmt == "tree":
            from .render import document_tree
            show(document_tree(document, depth))
        else:
            emit_data(document.to_dict(), fmt)
        return EXIT_OK
    node = _one_node(document, node_id)
    if fmt == "tree":
        from .render import node_detail
        show(node_detail(document, node))
    else:
        emit_data(node.to_dict(), fmt)
    return EXIT_OK


def _one_node(document, ref: str):
    """The node ``ref`` names (an id or a printed label: ``3.6``, ``(六)``, ``三``);
    none or several → an error listing what there is."""
    from ..analyses.lookup import find_nodes
    from ..errors import NotFound, UsageError
    found = find_nodes(document, ref)
    if len(found) > 1:
        shown = ", ".join(f"{n.id} ({n.label}{(n.title or '')[:12]})" for n in found[:10])
        raise UsageError(f"{ref!r} labels {len(found)} nodes in {document.id}: {shown}",
                         f"give the id, e.g. `ipcli show {document.id} {found[0].id}`, or the "
                         "label above it too, e.g. \"二 (一)\"")
    if not found:
        import difflib
        ids = [n.id for n in document.walk()]
        close = difflib.get_close_matches(ref, ids, n=5, cutoff=0.3)
        raise NotFound(f"no node {ref!r} in {document.id}",
                       "try " + ", ".join(close or ids[:8]) + " (an id or a printed label "
                       "such as 三 or (六); see `ipcli show DOC`)")
    return found[0]


@click.command("check", cls=StrictCommand, context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli check                       # lint the whole corpus
  ipcli check notice.txt --strict   # in CI: exit 1 on any warning, 2 on unreadable files
  ipcli check 2022 -f json""")
@click.argument("targets", nargs=-1, metavar="[FILE|SELECTOR]...")
@click.option("--strict", is_flag=True,
              help="Exit 1 when there is any warning, 2 when a file cannot be read.")
@format_option("text", "json", default="text")
@click.pass_obj
def check_command(session: "Session", targets, strict, fmt) -> int:
    """Lint notices: numbering gaps and repeats, encoding damage, unknown
    departments, parentheticals that look like tags but are not.

    Exit 0 when clean (or not --strict), 1 with --strict and warnings, 2 when an
    input named cannot be read, or with --strict when a file of the corpus cannot
    (without --strict such files are skipped with a warning and counted).
    """
    docs, unreadable = [], False
    for target in targets or ("all",):
        try:
            docs += session.documents([target])
        except IpcliError as exc:
            report_error(exc)
            unreadable = True
    found = [{"doc": d.id, "path": d.source.path, **w.to_dict()} for d in docs for w in d.warnings]
    skipped = len(session.library.failed)  # files of the corpus it could not read
    if fmt == "json":
        emit_data(found, "json")
    else:
        emit("".join(f"{w['path']}:{w['line'] or 0}: {w['code']}: {w['message']}"
                     + (f" [{w['snippet']}]" if w["snippet"] else "") + "\n" for w in found))
    if (fmt != "json" or skipped) and (docs or not unreadable):  # not after the error alone
        warn(f"{len(found)} warning(s) in {len(docs)} document(s)"
             + (f"; {skipped} file(s) could not be read (skipped, see above)"
                + ("" if strict else "; --strict makes this an error") if skipped else ""))
    if strict and skipped and not unreadable:
        from ..errors import InputError
        report_error(InputError(f"{skipped} file(s) of the corpus could not be read",
                                "convert or remove them (the warnings above name each), "
                                "or run check without --strict"))
    if unreadable or (strict and skipped):
        return EXIT_ERROR
    return EXIT_NOTHING if strict and found else EXIT_OK


@click.group("cache", cls=StrictGroup, context_settings=CONTEXT)
def cache_group() -> None:
    """Inspect or clear the cache of parsed documents and the search index."""


@cache_group.command("info", context_settings=CONTEXT)
@format_option("text", "json", default="text")
@click.pass_obj
def cache_info(session: "Session", fmt) -> int:
    """Where the cache is, its size and what it holds."""
    info = session.store.info()
    if fmt == "json":
        emit_data(info, "json")
    else:
        from .views import cell
        emit("".join(f"{k}: {cell(v)}\n".replace(": \n", ":\n") for k, v in info.items()))
    return EXIT_OK


@cache_group.command("clear", context_settings=CONTEXT)
@click.pass_obj
def cache_clear(session: "Session") -> int:
    """Delete the cache (it is rebuilt on demand)."""
    freed = session.store.clear()
    warn(f"cache cleared ({freed:,} bytes freed)")
    return EXIT_OK
