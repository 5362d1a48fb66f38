"""``-o FILE``: write results to a file without ever damaging what was there.

``write_file(Path("tasks.json"), lambda s: s.write("[]"))`` writes the whole
result to a temporary file beside the target and renames it into place, so a
failed or interrupted run leaves the old file as it was. Beyond that:

- an existing file keeps its permission bits (a mode-600 file stays 600) and, when
  we may, its owner;
- a file with several hard links is updated in place (after the complete result
  was written aside), so every link sees the new content;
- a symlink is written through only when it points to a regular file (or to
  nothing yet in an existing folder): the link itself stays;
- devices (``/dev/full``), FIFOs, sockets and folders are refused with one error.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable

from ..errors import UsageError
from ..readers.files import describe_mode

Writer = Callable[..., None]  # writes the result to an open stream


def write_file(path: Path, write: Writer, binary: bool = False) -> None:
    """Write what ``write(stream)`` produces to ``path`` (see the module docstring)."""
    def build(tmp: str) -> None:
        with open(tmp, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})
                  ) as stream:
            write(stream)
    build_file(path, build)


def build_file(path: Path, build: Callable[[str], None], to_stdout: bool = True) -> None:
    """Like ``write_file``, for a producer that writes a file by name itself (SQLite's
    ``VACUUM INTO``): ``build(temporary path)``, then the same safe replacement.
    ``to_stdout``: the command could write to standard output instead (``-o``)."""
    target = _target(path)
    try:
        old = _stat(target)
    except OSError as exc:  # a file where a folder should be, a loop of links…
        raise UsageError(f"cannot write {path}: {_folder_problem(target.parent, exc)}",
                         "name a file in a folder that exists and that you may write to"
                         ) from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise UsageError(f"cannot write {path}: it is {describe_mode(old.st_mode)}, not a regular file",
                         "name a regular file" + (", or leave out -o to write to standard output"
                                                  if to_stdout else ""))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # named as given, not by the temporary file beside it
        raise UsageError(f"cannot write {path}: {_folder_problem(target.parent, exc)}",
                         "name a file in a folder that exists and that you may write to"
                         ) from None
    os.close(fd)
    try:
        os.unlink(tmp)  # the producer creates it (VACUUM INTO refuses an existing file)
        build(tmp)
        if old is None:
            os.chmod(tmp, 0o666 & ~_umask())
        elif old.st_nlink > 1:  # keep the hard links: copy the finished result in place
            with open(tmp, "rb") as source, open(target, "r+b") as sink:
                sink.truncate(0)
                shutil.copyfileobj(source, sink)
            return
        else:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            _keep_owner(tmp, old)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _folder_problem(folder: Path, exc: OSError) -> str:
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    return f"cannot create a file in {folder} ({exc.strerror or exc})"


def _target(path: Path) -> Path:
    """The file really written: a symlink's final target, checked to be sensible."""
    if not path.is_symlink():
        return path
    resolved = Path(os.path.realpath(path))
    if not resolved.parent.is_dir():
        raise UsageError(f"cannot write {path}: it is a symlink into a missing folder",
                         "fix or remove the link, or name another file")
    return resolved


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(tmp, old.st_uid, old.st_gid)
        except OSError:
            pass  # not allowed: the file becomes ours, which is what any editor does
