"""The ``ipcli`` command group: global options, the commands, and exit statuses.

A thin translator from argv to library calls: ``main(["extract", "--dept", "保护司"])``
runs a command and turns every outcome into an exit status (0 ok, 1 nothing
found or differences, 2 error); an ``IpcliError`` becomes one stderr line,
``Error: … Hint: …``, with a traceback only under ``--debug``.
"""
from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import IpcliError
from . import diff, documents, search, tasks
from .output import CONTEXT, EXIT_ERROR, EXIT_OK, report_error, silence_stdout, warn


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
        silence_stdout()
        code = EXIT_OK
    except KeyboardInterrupt:
        code = 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    return code


for _command in (documents.parse, documents.list_command, documents.show_command,
                 documents.check_command, documents.cache_group, tasks.extract_command,
                 tasks.depts_command, search.search_command, search.index_command,
                 diff.diff_command):
    cli.add_command(_command)
