"""A file's bytes, or one clear ``InputError`` saying why not.

``read_bytes("seeds/cnipa-2022-work-points.txt")`` → the bytes;
``read_bytes("nosuch.txt")`` → ``InputError("nosuch.txt: no such file", hint)``.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or ``InputError`` saying why not (missing, a folder…)."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path, or run `ipcli list`") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory",
                         "name a file, or use --corpus DIR for a folder of notices") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})",
                         "check the path and the disk") from None
