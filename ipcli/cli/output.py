"""Writing results: stdout for data, stderr for messages, files atomically.

Shared by every command (tested in ``tests/test_cli_conventions.py``):

- results on stdout, messages/warnings/progress on stderr;
- ``-f/--format`` wherever data comes out (json, yaml, csv where tabular);
- exit status 0 = ok, 1 = nothing found / differences, 2 = error;
- an ``IpcliError`` prints one line, ``Error: … Hint: …``;
- no ANSI escapes when stdout is not a terminal or ``NO_COLOR`` is set;
- a closed pipe (``ipcli list | head -1``) ends the program quietly;
- a stderr that cannot be written loses its messages quietly (the status stays).
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import IpcliError

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def show(build) -> None:
    """Print to stdout what ``build(width)`` renders for the console's width."""
    from .render import make_console
    console = make_console()
    console.on_broken_pipe = _raise_broken_pipe  # Rich's default exits with status 1
    with output_guard():
        console.print(build(console.width) if callable(build) else build)
        sys.stdout.flush()


def emit_data(data: Any, fmt: str, columns: list[str] | None = None,
              output: str | None = None) -> None:
    """Machine formats: json, jsonl, yaml, csv (rows of dicts), to stdout or ``output``."""
    from .. import formats
    if fmt == "json":
        emit(formats.dumps_json(data) + "\n", output)
    elif fmt == "jsonl":
        emit(formats.dumps_jsonl(data), output)
    elif fmt == "yaml":
        emit(formats.dumps_yaml(data), output)
    elif fmt == "csv":
        if not columns:
            columns = list(data[0]) if data else []
        emit(formats.dumps_csv(data, columns), output)


def output_option():
    """``-o FILE``: results to a file (written atomically) instead of stdout."""
    return click.option("-o", "--output", metavar="FILE",
                        help="Write to FILE instead of stdout (needed for -f xlsx on a terminal).")


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
        from .outfile import write_file
        try:
            write_file(Path(output), write)
        except OSError as exc:
            raise IpcliError(f"cannot write {output}: {exc.strerror or exc}",
                             "check that the folder exists and is writable") from None
        return
    with output_guard():
        write(sys.stdout)
        sys.stdout.flush()


@contextlib.contextmanager
def output_guard():
    """Failures writing to stdout, where they happen.

    A closed pipe (``| head``) ends the command quietly with status 0 (handled
    here because click turns an EPIPE that reaches it into ``sys.exit(1)``); any
    other failure (``> /dev/full``) is one ``Error:`` line and status 2. Either
    way what is left in the buffer goes nowhere, so Python's own flush at exit
    cannot print a second error.
    """
    try:
        yield
    except BrokenPipeError:
        silence_stdout()
        raise click.exceptions.Exit(EXIT_OK) from None
    except OSError as exc:
        silence_stdout()
        raise IpcliError(f"cannot write the output: {exc.strerror or exc}",
                         "check the disk, or where standard output is redirected") from None


def _raise_broken_pipe() -> None:
    raise BrokenPipeError


def warn(message: str) -> None:
    """A one-line message on stderr.

    A stderr that cannot be written (closed: ``2>&1 | head -1``; full) loses the
    message quietly and leaves the exit status alone (click would turn the EPIPE
    into status 1), and is sent nowhere from then on.
    """
    try:
        click.echo(message, err=True)
    except OSError:
        silence(sys.stderr)


def report_error(exc: IpcliError) -> None:
    """One stderr line: ``Error: <what>. Hint: <what to do>``."""
    message = exc.message.rstrip("。. ")
    warn(f"Error: {message}. Hint: {exc.hint}" if exc.hint else f"Error: {message}")


def silence_stdout() -> None:
    """After the reader went away, send what is left nowhere (no traceback)."""
    silence(sys.stdout)


def silence(stream) -> None:
    """Send what is left in ``stream`` and what comes later nowhere, so that
    Python's own flush at exit fails neither loudly nor with status 120."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # without a descriptor
        pass
