"""The ``ipcli`` command line: a thin translator from argv to library calls.

Conventions shared by every command (tested in ``tests/test_cli_conventions.py``):

- results on stdout, messages/warnings/progress on stderr;
- ``-f/--format`` wherever data comes out (json, yaml, csv where tabular);
- exit status 0 = ok, 1 = nothing found / differences, 2 = error;
- an ``IpcliError`` prints one line, ``Error: … Hint: …``; a traceback only
  with ``--debug``;
- no ANSI escapes when stdout is not a terminal or ``NO_COLOR`` is set;
- a closed pipe (``ipcli list | head -1``) ends the program quietly.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import IpcliError

if TYPE_CHECKING:
    from .session import Session

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def show(build) -> None:
    """Print to stdout what ``build(width)`` renders for the console's width."""
    from .render import make_console
    console = make_console()
    console.on_broken_pipe = _raise_broken_pipe  # Rich's default exits with status 1
    with _pipe_guard():
        console.print(build(console.width) if callable(build) else build)
        sys.stdout.flush()


def emit_data(data: Any, fmt: str, columns: list[str] | None = None) -> None:
    """Machine formats: json, jsonl, yaml, csv (rows of dicts)."""
    from . import formats
    if fmt == "json":
        emit(formats.dumps_json(data) + "\n")
    elif fmt == "jsonl":
        emit(formats.dumps_jsonl(data))
    elif fmt == "yaml":
        emit(formats.dumps_yaml(data))
    elif fmt == "csv":
        if not columns:
            columns = list(data[0]) if data else []
        emit(formats.dumps_csv(data, columns))


def format_option(*choices: str, default: str):
    return click.option("-f", "--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def emit(text, output: str | None = None) -> None:
    """Write results to stdout (or atomically to ``output``).

    ``text`` is a string, or a function writing to a text stream (so that large
    results are serialised piece by piece instead of as one string).
    """
    write = text if callable(text) else (lambda stream: stream.write(text))
    if output and output != "-":
        path = Path(output)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        try:
            with tmp.open("w", encoding="utf-8") as stream:
                write(stream)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise IpcliError(f"cannot write {path}: {exc.strerror or exc}",
                             "check the directory exists and is writable") from None
        return
    with _pipe_guard():
        write(sys.stdout)
        sys.stdout.flush()


@contextlib.contextmanager
def _pipe_guard():
    """Writing to a closed pipe (``| head``) ends the command quietly with status 0.

    Handled here, at the write, because click turns an EPIPE that reaches it
    into ``sys.exit(1)``.
    """
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise click.exceptions.Exit(EXIT_OK) from None


def _raise_broken_pipe() -> None:
    raise BrokenPipeError


def warn(message: str) -> None:
    """A one-line message on stderr."""
    click.echo(message, err=True)


def report_error(exc: IpcliError) -> None:
    """One stderr line: ``Error: <what>. Hint: <what to do>``."""
    message = exc.message.rstrip("。. ")
    warn(f"Error: {message}. Hint: {exc.hint}" if exc.hint else f"Error: {message}")


@click.group(context_settings=CONTEXT, epilog="""\b
Exit status: 0 ok, 1 nothing found or differences, 2 error.
Examples:
  ipcli parse seeds/cnipa-2020-hq-guideline.txt -f json
  ipcli extract --dept 保护司
  ipcli diff 2020 2022
  ipcli search 维权援助""")
@click.version_option(__version__, "-V", "--version", prog_name="ipcli")
@click.option("--corpus", metavar="DIR", envvar="IPCLI_CORPUS", show_envvar=True,
              help="Folder of notices (default: ./seeds if present, else the bundled seeds).")
@click.option("--registry", metavar="FILE", envvar="IPCLI_REGISTRY", show_envvar=True,
              help="Extra department registry (YAML) extending the bundled one.")
@click.option("--no-cache", is_flag=True, help="Parse everything afresh; do not use the cache.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, corpus, registry, no_cache, debug) -> None:
    """Analyse Chinese IP policy notices: structure, department tasks, search, diff."""
    from .session import Session
    ctx.obj = Session(corpus, registry, no_cache, debug, warn=warn)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every outcome into an exit status."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        result = cli.main(args=argv, prog_name="ipcli", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
    except IpcliError as exc:
        if debug:
            import traceback
            traceback.print_exc()
        report_error(exc)
        code = exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:
        warn(exc.format_message())
        code = EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        code = EXIT_ERROR
    except click.exceptions.Abort:
        warn("Aborted.")
        code = 130
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_OK
    except KeyboardInterrupt:
        code = 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return code


def _silence_stdout() -> None:
    """After the reader went away, send what is left nowhere (no traceback)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# --- parse ---------------------------------------------------------------------
@cli.command(context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli parse seeds/cnipa-2020-hq-guideline.txt
  ipcli parse seeds/*.txt -f json -o all.json
  ipcli parse notice-big5.txt --encoding big5 --keep-script
  curl -s URL | ipcli parse - -f text""")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@format_option("yaml", "json", "text", default="yaml")
@click.option("-o", "--output", metavar="OUT", help="Write to OUT instead of stdout.")
@click.option("--encoding", metavar="NAME", help="Force an input encoding (e.g. gb18030, big5).")
@click.option("--keep-script", is_flag=True, help="Print text in the original script.")
@click.pass_obj
def parse(session: "Session", files, fmt, output, encoding, keep_script) -> int:
    """Print notices as structured documents (YAML by default).

    FILE may be '-' for standard input. Several files give a YAML stream or a
    JSON array; '-f text' prints the normalised text rebuilt from the tree.
    """
    from .parser import parse_bytes, parse_file

    docs, failed = [], False
    for name in files:
        try:
            if name == "-":
                docs.append(parse_bytes(sys.stdin.buffer.read(), "stdin", encoding=encoding,
                                        registry=session.registry, keep_script=keep_script))
            else:
                docs.append(parse_file(name, encoding=encoding, registry=session.registry,
                                       keep_script=keep_script))
        except IpcliError as exc:
            if len(files) == 1:
                raise
            report_error(exc)
            failed = True
    from .formats import document_writer
    emit(document_writer(docs, fmt, many=len(files) > 1), output)
    return EXIT_ERROR if failed else EXIT_OK


# --- list / show / check / cache -------------------------------------------------------
@cli.command("list", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli list                    # every document in the corpus
  ipcli list 2020 -f json       # documents of 2020, as JSON
  ipcli --corpus ~/notices list""")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@format_option("table", "json", "yaml", "csv", default="table")
@click.pass_obj
def list_command(session: "Session", selectors, fmt) -> int:
    """List documents: id, year, date, number, title, counts, warnings.

    SELECTOR is a document id, a path, a year (2020) or 'all' (the default).
    """
    rows = [entry.row() for entry in session.entries(selectors)]
    if fmt == "table":
        from .render import documents_table
        show(lambda width: documents_table(rows, width))
    else:
        emit_data(rows, fmt, list(rows[0]) if rows else [])
    return EXIT_OK if rows else EXIT_NOTHING


@cli.command("show", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli show cnipa-2020-hq-guideline            # the structure as a tree
  ipcli show cnipa-2020-hq-guideline 3.6        # one node: text, tasks, children
  ipcli show cnipa-2020-hq-guideline --depth 1""")
@click.argument("doc")
@click.argument("node_id", required=False)
@click.option("--depth", type=click.IntRange(min=1), help="Levels of the tree to show.")
@format_option("tree", "json", "yaml", default="tree")
@click.pass_obj
def show_command(session: "Session", doc, node_id, depth, fmt) -> int:
    """Show a document's structure, or one node with its text and tasks."""
    from .errors import NotFound
    docs = session.documents([doc])
    if len(docs) != 1:
        raise NotFound(f"{doc!r} selects {len(docs)} documents", "name a single document")
    document = docs[0]
    if node_id is None:
        if fmt == "tree":
            from .render import document_tree
            show(document_tree(document, depth))
        else:
            emit_data(document.to_dict(), fmt)
        return EXIT_OK
    node = document.find(node_id)
    if node is None:
        import difflib
        ids = [n.id for n in document.walk()]
        close = difflib.get_close_matches(node_id, ids, n=5, cutoff=0.3)
        raise NotFound(f"no node {node_id!r} in {document.id}",
                       "try " + ", ".join(close or ids[:8]) + " (see `ipcli show DOC`)")
    if fmt == "tree":
        from .render import node_detail
        show(node_detail(document, node))
    else:
        emit_data(node.to_dict(), fmt)
    return EXIT_OK


@cli.command("check", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli check                       # lint the whole corpus
  ipcli check notice.txt --strict   # in CI: exit 1 on any warning
  ipcli check 2022 -f json""")
@click.argument("targets", nargs=-1, metavar="[FILE|SELECTOR]...")
@click.option("--strict", is_flag=True, help="Exit 1 when there is any warning.")
@format_option("text", "json", default="text")
@click.pass_obj
def check_command(session: "Session", targets, strict, fmt) -> int:
    """Lint notices: numbering gaps and repeats, encoding damage, unknown
    departments, parentheticals that look like tags but are not.

    Exit 0 when clean (or not --strict), 1 with --strict and warnings, 2 when an
    input cannot be read.
    """
    docs, unreadable = [], False
    for target in targets or ("all",):
        try:
            docs += session.documents([target])
        except IpcliError as exc:
            report_error(exc)
            unreadable = True
    found = [{"doc": d.id, "path": d.source.path, **w.to_dict()} for d in docs for w in d.warnings]
    if fmt == "json":
        emit_data(found, "json")
    else:
        emit("".join(f"{w['path']}:{w['line'] or 0}: {w['code']}: {w['message']}"
                     + (f" [{w['snippet']}]" if w["snippet"] else "") + "\n" for w in found))
        warn(f"{len(found)} warning(s) in {len(docs)} document(s)")
    if unreadable:
        return EXIT_ERROR
    return EXIT_NOTHING if strict and found else EXIT_OK


@cli.group("cache", context_settings=CONTEXT)
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
        emit("".join(f"{k}: {v}\n" for k, v in info.items()))
    return EXIT_OK


@cache_group.command("clear", context_settings=CONTEXT)
@click.pass_obj
def cache_clear(session: "Session") -> int:
    """Delete the cache (it is rebuilt on demand)."""
    freed = session.store.clear()
    warn(f"cache cleared ({freed:,} bytes freed)")
    return EXIT_OK


# --- extract / depts ---------------------------------------------------------------------
@cli.command("extract", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli extract --dept 保护司                  # every task of 知识产权保护司, whole corpus
  ipcli extract --dept 國家知識產權局 2021 --role lead
  ipcli extract --dept 商标局 -f csv > tasks.csv
  ipcli extract --dept 保护司 --mentions""")
@click.option("--dept", "dept", required=True, metavar="NAME",
              help="Department: canonical name, short name or alias, either script.")
@click.argument("selectors", nargs=-1, metavar="[DOC|YEAR|PATH]...")
@click.option("--role", type=click.Choice(["lead", "responsible", "participant"]),
              help="Only tasks where the department has this role.")
@click.option("--mentions", is_flag=True, help="Also list where it is named in running text.")
@format_option("table", "yaml", "json", "csv", default="table")
@click.pass_obj
def extract_command(session: "Session", dept, selectors, role, mentions, fmt) -> int:
    """Every task assigned to a department, with role and co-departments."""
    from .workload import TASK_FIELDS, mentions_of, resolve_department, suggestions, tasks_of
    target = resolve_department(dept, session.registry)
    docs = session.documents(selectors)
    rows = tasks_of(docs, target, role)
    if mentions:
        rows += mentions_of(docs, target)
        order = {d.id: i for i, d in enumerate(docs)}
        rows.sort(key=lambda r: (order[r["doc"]], r["kind"] == "mention"))
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


@cli.command("depts", context_settings=CONTEXT, epilog="""\b
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
    from .workload import matrix, unknown_names
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


# --- search / index ------------------------------------------------------------------------
@cli.command("search", context_settings=CONTEXT, epilog="""\b
Query: terms separated by spaces must all occur; "…" quotes a term with spaces;
-term excludes. Traditional/Simplified and full/half width do not matter.
\b
Examples:
  ipcli search 维权援助
  ipcli search 數據知識產權 2022
  ipcli search 海关 --dept 海关总署 -f json
  ipcli search "专利 导航" -试点 --kind item --limit 5""")
@click.argument("query")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@click.option("--dept", metavar="NAME", help="Only nodes with a task of this department.")
@click.option("--kind", type=click.Choice(["front", "part", "section", "subsection", "item",
                                           "subitem", "bullet", "paragraph", "back"]),
              help="Only nodes of this kind.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Hits to show (default: 20 in a table, all for json/jsonl; 0 = all).")
@format_option("table", "json", "jsonl", default="table")
@click.pass_obj
def search_command(session: "Session", query, selectors, dept, kind, limit, fmt) -> int:
    """Find every node containing the query, best first (bm25, titles weigh more)."""
    entries = session.entries(selectors)
    department = None
    if dept:
        from .workload import resolve_department
        target = resolve_department(dept, session.registry)
        department = target.unit.name if target.unit else target.query
    if limit is None:
        limit = 20 if fmt == "table" else 0
    results = session.searcher().search(query, entries, session.library.documents,
                                         department, kind, limit or None)
    if fmt == "table":
        if results.hits:
            from .render import hits_table
            note = (f"{len(results.hits)} of {results.total} hits shown; --limit 0 shows all"
                    if results.total > len(results.hits) else None)
            show(hits_table(results, note))
    elif fmt == "jsonl":
        emit_data([h.to_dict() for h in results.hits], "jsonl")
    else:
        emit_data({"query": results.query, "total": results.total,
                   "hits": [h.to_dict() for h in results.hits]}, "json")
    if not results.total:
        warn(f"no match for {query!r} in {len(entries)} document(s)")
        return EXIT_NOTHING
    return EXIT_OK


@cli.command("index", context_settings=CONTEXT, epilog="""\b
Examples:
  ipcli index                 # index what is new or changed in the corpus
  ipcli index --rebuild       # start the index afresh
  ipcli --corpus ~/notices index""")
@click.argument("selectors", nargs=-1, metavar="[SELECTOR]...")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again.")
@click.pass_obj
def index_command(session: "Session", selectors, rebuild) -> int:
    """Build the search index explicitly (search also builds what is missing)."""
    import time
    started = time.perf_counter()
    entries = session.entries(selectors)
    added = session.searcher().build(entries, session.library.documents, rebuild=rebuild)
    warn(f"indexed {added} new document(s) of {len(entries)} in "
         f"{time.perf_counter() - started:.1f} s")
    return EXIT_OK


# --- diff -------------------------------------------------------------------------------------
@cli.command("diff", context_settings=CONTEXT, epilog="""\b
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
    from .diff import DEFAULT_SIMILARITY, compare, differs
    docs_a, docs_b = session.documents([a]), session.documents([b])
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
        from .render import is_plain
        from .render_diff import diff_view
        show(diff_view(report, only, plain=is_plain()))
    else:
        emit_data(report, fmt)
    return EXIT_NOTHING if differs(report, only) else EXIT_OK
