"""A file's bytes, or one clear ``InputError`` saying why not.

``read_bytes("seeds/cnipa-2022-work-points.txt")`` → the bytes;
``read_bytes("nosuch.txt")`` → ``InputError("nosuch.txt: no such file", hint)``.

Only regular files are read, whatever a name or a symlink points to: a FIFO
would block for ever and ``/dev/zero`` never ends, so both are refused before a
byte is read (the file is opened without blocking and checked with ``fstat``).
Files over a size limit are refused too: 200 MB by default, ``IPCLI_MAX_FILE_SIZE``
(``500M``, ``2G``, a number of bytes) or ``--max-file-size`` to change it.

``display_path(path)`` is a path as text that can always be printed and stored
on one line: bytes that are not UTF-8 in a file name (``bad\\xff.txt``) are
written as ``\\xff``, and control characters as escapes too (a newline in a name,
``a\\x0ab.txt``, would split a row of ``ipcli list``; a right-to-left override,
``\\u202e``, would show the name reversed). A backslash is doubled, as ``ls -b``
does, so that a file literally named ``a\\x0ab.txt`` is not taken for the other.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import ConfigError, InputError

DEFAULT_LIMIT = 200 * 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    """``"200M"`` → 209715200; ``"1.5G"``, ``"5000"``, ``"64KiB"`` work too."""
    match = _SIZE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"invalid file size {text!r}",
                          "give a size such as 500M, 2G or a number of bytes")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def size_limit(limit: int | None = None) -> int:
    """The limit in force: the argument, else ``IPCLI_MAX_FILE_SIZE``, else 200 MB."""
    if limit is not None:
        return limit
    configured = os.environ.get("IPCLI_MAX_FILE_SIZE")
    return parse_size(configured) if configured else DEFAULT_LIMIT


def display_path(path: str | bytes | os.PathLike) -> str:
    """A path as printable one-line text, one to one: undecodable bytes of a name
    become ``\\xNN``, control characters ``\\x0a`` (or ``\\u202e`` for bidirectional
    controls), and a backslash ``\\\\``, so that no two names print alike."""
    if type(path) is str and path.isprintable() and "\\" not in path:
        return path  # ASCII or CJK with nothing to escape: the usual case, 10,000 times
    data = os.fspath(path)
    if isinstance(data, bytes):
        data = data.replace(b"\\", b"\\\\")
    else:  # undecodable bytes are surrogates: give them back
        data = data.replace("\\", "\\\\")
        try:
            data = data.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that is no byte: shown as \udXXX
            data = data.encode("utf-8", "backslashreplace")
    return _CONTROLS.sub(_escaped, data.decode("utf-8", "backslashreplace"))


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, or ``InputError`` saying why not (missing, a FIFO…)."""
    limit = size_limit(limit)
    shown = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(shown, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{shown} is {describe_mode(info.st_mode)}, not a regular file",
                             "name a notice file, or use --corpus DIR for a folder of notices")
        if info.st_size > limit:
            raise too_big(shown, info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return _read_capped(stream, shown, limit)
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})",
                         "check the path and the disk") from None
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, name: str = "standard input", limit: int | None = None) -> bytes:
    """Everything from a byte stream (stdin), refusing devices and endless input."""
    limit = size_limit(limit)
    try:
        info = os.fstat(stream.fileno())
        if stat.S_ISCHR(info.st_mode) and not os.isatty(stream.fileno()):
            raise InputError(f"{name} is a device, not a notice",
                             "redirect a file or a pipe into ipcli, e.g. ipcli parse - < notice.txt")
    except (AttributeError, OSError, ValueError):
        pass  # not a real file descriptor (tests, wrappers): the size cap still applies
    return _read_capped(stream, name, limit)


def describe_mode(mode: int) -> str:
    """``a FIFO``, ``a device``, ``a directory``… for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _read_capped(stream: BinaryIO, name: str, limit: int) -> bytes:
    data = stream.read(limit + 1)  # a file may grow after fstat; a pipe has no size
    if len(data) > limit:
        raise too_big(name, None, limit)
    return data


def too_big(name: str, size: int | None, limit: int) -> InputError:
    """``通知.pdf is 12 MB, over the 10 MB limit for one notice`` (and how to raise it)."""
    what = human_size(size) if size is not None else "longer than that"
    return InputError(f"{name} is {what}, over the {human_size(limit)} limit for one notice",
                      "raise the limit with --max-file-size (or IPCLI_MAX_FILE_SIZE), e.g. 2G")


def human_size(size: int) -> str:
    """``1536`` → ``1.5 KB``; ``209715200`` → ``200 MB`` (units of 1024, as the limit)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:,.1f} {unit}".replace(".0 ", " ") if value < 100 \
                else f"{value:,.0f} {unit}"
    return f"{size} bytes"


def _open_error(shown: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{shown}: no such file", "check the path, or run `ipcli list`")
    if isinstance(exc, PermissionError):
        return InputError(f"{shown}: permission denied", "check the file's permissions")
    return InputError(f"{shown}: cannot read ({exc.strerror or exc})", "check the path and the disk")
