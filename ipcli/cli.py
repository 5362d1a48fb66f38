"""The ``ipcli`` command line: a thin translator from argv to library calls.

Conventions shared by every command (tested in ``tests/test_cli_conventions.py``):

- results on stdout, messages/warnings/progress on stderr;
- ``-f/--format`` wherever data comes out (json, yaml, csv where tabular);
- exit status 0 = ok, 1 = nothing found / differences, 2 = error;
- an ``IpcliError`` prints ``Error: …`` and ``Hint: …``; a traceback only with
  ``--debug``;
- no ANSI escapes when stdout is not a terminal or ``NO_COLOR`` is set;
- a closed pipe (``ipcli list | head -1``) ends the program quietly.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import IpcliError

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Settings:
    """Global options, passed to commands through click's context object."""

    def __init__(self, corpus: str | None, registry: str | None, no_cache: bool, debug: bool):
        self.corpus, self.registry_path = corpus, registry
        self.no_cache, self.debug = no_cache, debug
        self._registry = None

    @property
    def registry(self):
        if self._registry is None:
            from .registry import Registry
            self._registry = Registry.load(self.registry_path)
        return self._registry


def format_option(*choices: str, default: str):
    return click.option("-f", "--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def emit(text: str, output: str | None = None) -> None:
    """Write results to stdout (or atomically to ``output``)."""
    if output and output != "-":
        path = Path(output)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise IpcliError(f"cannot write {path}: {exc.strerror or exc}",
                             "check the directory exists and is writable") from None
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def warn(message: str) -> None:
    """A one-line message on stderr."""
    click.echo(message, err=True)


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
    ctx.obj = Settings(corpus, registry, no_cache, debug)


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
        warn(f"Error: {exc.message}")
        if exc.hint:
            warn(f"Hint: {exc.hint}")
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
def parse(settings: Settings, files, fmt, output, encoding, keep_script) -> int:
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
                                        registry=settings.registry, keep_script=keep_script))
            else:
                docs.append(parse_file(name, encoding=encoding, registry=settings.registry,
                                       keep_script=keep_script))
        except IpcliError as exc:
            if len(files) == 1:
                raise
            warn(f"Error: {exc.message}" + (f" (hint: {exc.hint})" if exc.hint else ""))
            failed = True
    emit(_render_documents(docs, fmt, many=len(files) > 1), output)
    return EXIT_ERROR if failed else EXIT_OK


def _render_documents(docs: list, fmt: str, many: bool) -> str:
    from . import formats
    from .model import rebuild_text

    if fmt == "text":
        return "".join(rebuild_text(d) + "\n" for d in docs)
    data: Any = [d.to_dict() for d in docs]
    if fmt == "json":
        return formats.dumps_json(data if many else data[0]) + "\n"
    return formats.dumps_yaml_stream(data) if many else formats.dumps_yaml(data[0])
