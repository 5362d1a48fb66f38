"""Errors that carry a hint for the user.

The library raises these; ``ipcli.cli`` turns them into one stderr line and an exit
status, e.g.::

    Error: cannot decode notice.txt: not UTF-8 (…), nor plausible GB18030 or Big5. Hint: name the encoding with --encoding, e.g. --encoding gb18030 or --encoding big5
"""
from __future__ import annotations


class IpcliError(Exception):
    """A problem the user can act on: a message, a hint, an exit status."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class InputError(IpcliError):
    """A file that cannot be read or decoded (missing, binary, bad encoding)."""


class UsageError(IpcliError):
    """A selector, option or query that makes no sense."""


class NotFound(IpcliError):
    """A document, node or department that does not exist."""


class ConfigError(IpcliError):
    """A registry or config file that cannot be used (bad YAML, unsafe tags)."""


class WorkerLost(IpcliError):
    """A worker process died under us (killed, or by the out-of-memory killer)."""
